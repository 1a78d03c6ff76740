/* CKKS canonical embedding: a length-N complex FFT (FFTW) between twisted coefficients and the evaluations
 * at the odd powers of zeta = exp(i*pi/N), of which the slots are the ones at 5^j mod 2N. */
#include "ck_embedding.h"

#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

struct ck_embedding {
    uint32_t log_n;
    fftw_plan forward;        /* exp(-2 pi i jk/N) */
    fftw_plan backward;       /* exp(+2 pi i jk/N) */
    double complex *twist;    /* zeta^i, i < N */
    uint32_t *slot_index;     /* t with 2t+1 = 5^j mod 2N, j < N/2 */
};

static const double pi = 3.14159265358979323846;

static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

ck_status ck_embedding_create(uint32_t log_n, ck_embedding **out) {
    if (log_n < 1 || log_n > 17 || out == NULL) return CK_INVALID_ARGUMENT;
    size_t n = (size_t)1 << log_n;
    ck_embedding *e = calloc(1, sizeof *e);
    double complex *buffer = fftw_malloc(n * sizeof *buffer);
    if (e == NULL || buffer == NULL) {
        free(e);
        fftw_free(buffer);
        return CK_OUT_OF_MEMORY;
    }
    e->log_n = log_n;
    e->twist = malloc(n * sizeof *e->twist);
    e->slot_index = malloc(n / 2 * sizeof *e->slot_index);
    pthread_mutex_lock(&planner_lock);
    e->forward = fftw_plan_dft_1d((int)n, buffer, buffer, FFTW_FORWARD, FFTW_ESTIMATE | FFTW_UNALIGNED);
    e->backward = fftw_plan_dft_1d((int)n, buffer, buffer, FFTW_BACKWARD, FFTW_ESTIMATE | FFTW_UNALIGNED);
    pthread_mutex_unlock(&planner_lock);
    fftw_free(buffer);
    if (e->twist == NULL || e->slot_index == NULL || e->forward == NULL || e->backward == NULL) {
        ck_embedding_destroy(e);
        return CK_OUT_OF_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        double angle = pi * (double)i / (double)n;
        e->twist[i] = cos(angle) + sin(angle) * I;
    }
    uint64_t two_n = 2 * (uint64_t)n, power = 1;
    for (size_t j = 0; j < n / 2; j++) {
        e->slot_index[j] = (uint32_t)((power - 1) / 2);
        power = power * 5 % two_n;
    }
    *out = e;
    return CK_OK;
}

void ck_embedding_destroy(ck_embedding *e) {
    if (e == NULL) return;
    pthread_mutex_lock(&planner_lock);
    if (e->forward != NULL) fftw_destroy_plan(e->forward);
    if (e->backward != NULL) fftw_destroy_plan(e->backward);
    pthread_mutex_unlock(&planner_lock);
    free(e->twist);
    free(e->slot_index);
    free(e);
}

void ck_embedding_slots_from_coefficients(const ck_embedding *e, const double *coefficients, double *slots,
                                          double *scratch) {
    size_t n = (size_t)1 << e->log_n;
    double complex *v = (double complex *)scratch;
    double complex *z = (double complex *)slots;
    for (size_t i = 0; i < n; i++) v[i] = coefficients[i] * e->twist[i];
    fftw_execute_dft(e->backward, (fftw_complex *)v, (fftw_complex *)v);
    for (size_t j = 0; j < n / 2; j++) z[j] = v[e->slot_index[j]];
}

void ck_embedding_coefficients_from_slots(const ck_embedding *e, const double *slots, double *coefficients,
                                          double *scratch) {
    size_t n = (size_t)1 << e->log_n;
    double complex *v = (double complex *)scratch;
    const double complex *z = (const double complex *)slots;
    for (size_t j = 0; j < n / 2; j++) {
        /* 5^j and -5^j: odd exponents 2t+1 and 2N-(2t+1) = 2(N-1-t)+1. */
        uint32_t t = e->slot_index[j];
        v[t] = z[j];
        v[n - 1 - t] = conj(z[j]);
    }
    fftw_execute_dft(e->forward, (fftw_complex *)v, (fftw_complex *)v);
    double inv_n = 1.0 / (double)n;
    for (size_t i = 0; i < n; i++) coefficients[i] = creal(v[i] * conj(e->twist[i])) * inv_n;
}
