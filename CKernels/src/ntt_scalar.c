/* Portable negacyclic NTT: Cooley-Tukey forward and Gentleman-Sande inverse, radix 2, with
 * Harvey's lazy butterflies (values in [0, 4q), 64-bit Shoup products) and a final reduction. */
#include "ntt_internal.h"

/* x * w mod q in [0, 2q) for any 64-bit x, with ws = floor(w * 2^64 / q). */
static inline uint64_t mul_lazy(uint64_t x, uint64_t w, uint64_t ws, uint64_t q) {
    uint64_t qhat = (uint64_t)(((unsigned __int128)x * ws) >> 64);
    return x * w - qhat * q;
}

/* x - bound when x >= bound, for x < 2 * bound <= 2^63; branch-free (x - bound's sign bit). */
static inline uint64_t reduce_once(uint64_t x, uint64_t bound) {
    uint64_t d = x - bound;
    return d + (bound & (0 - (d >> 63)));
}

/* One forward block: x, y in [0, 4q) -> [0, 4q). */
static void fwd_block(uint64_t *restrict x, uint64_t *restrict y, size_t t, uint64_t w,
                      uint64_t ws, uint64_t q) {
    uint64_t q2 = 2 * q;
    for (size_t j = 0; j < t; j++) {
        uint64_t u = reduce_once(x[j], q2);
        uint64_t v = mul_lazy(y[j], w, ws, q);
        x[j] = u + v;
        y[j] = u + q2 - v;
    }
}

/* Last forward stage (stride 1), with the reduction of its outputs to [0, q). */
static void fwd_last_stage(uint64_t *restrict a, size_t n, const uint64_t *restrict w,
                           const uint64_t *restrict ws, uint64_t q) {
    uint64_t q2 = 2 * q;
    for (size_t i = 0; i < n / 2; i++) {
        uint64_t u = reduce_once(a[2 * i], q2);
        uint64_t v = mul_lazy(a[2 * i + 1], w[i], ws[i], q);
        a[2 * i] = reduce_once(reduce_once(u + v, q2), q);
        a[2 * i + 1] = reduce_once(reduce_once(u + q2 - v, q2), q);
    }
}

void ck_ntt_forward_scalar(const ck_ntt_tables *tables, uint64_t *a) {
    size_t n = (size_t)1 << tables->log_n;
    uint64_t q = tables->q;
    const uint64_t *w = tables->fwd;
    const uint64_t *ws = tables->fwd_shoup;
    for (size_t m = 1, t = n / 2; t > 1; m *= 2, t /= 2) {
        for (size_t i = 0; i < m; i++) {
            uint64_t *x = a + 2 * i * t;
            fwd_block(x, x + t, t, w[m + i], ws[m + i], q);
        }
    }
    fwd_last_stage(a, n, w + n / 2, ws + n / 2, q);
}

/* One inverse block: x, y in [0, 2q) -> [0, 2q). */
static void inv_block(uint64_t *restrict x, uint64_t *restrict y, size_t t, uint64_t w,
                      uint64_t ws, uint64_t q) {
    uint64_t q2 = 2 * q;
    for (size_t j = 0; j < t; j++) {
        uint64_t u = x[j];
        uint64_t v = y[j];
        x[j] = reduce_once(u + v, q2);
        y[j] = mul_lazy(u + q2 - v, w, ws, q);
    }
}

/* Last inverse stage (one block, stride N/2) with the N^-1 scaling and reduction to [0, q). */
static void inv_last_stage(uint64_t *restrict x, uint64_t *restrict y, size_t t,
                           const ck_ntt_tables *tables) {
    uint64_t q = tables->q;
    uint64_t q2 = 2 * q;
    uint64_t n_inv = tables->inv[0], n_inv_s = tables->inv_shoup[0];
    uint64_t w = tables->inv[1], ws = tables->inv_shoup[1];
    for (size_t j = 0; j < t; j++) {
        uint64_t u = x[j];
        uint64_t v = y[j];
        x[j] = reduce_once(mul_lazy(u + v, n_inv, n_inv_s, q), q);
        y[j] = reduce_once(mul_lazy(u + q2 - v, w, ws, q), q);
    }
}

void ck_ntt_inverse_scalar(const ck_ntt_tables *tables, uint64_t *a) {
    size_t n = (size_t)1 << tables->log_n;
    uint64_t q = tables->q;
    const uint64_t *w = tables->inv;
    const uint64_t *ws = tables->inv_shoup;
    for (size_t m = n / 2, t = 1; m > 1; m /= 2, t *= 2) {
        for (size_t i = 0; i < m; i++) {
            uint64_t *x = a + 2 * i * t;
            inv_block(x, x + t, t, w[m + i], ws[m + i], q);
        }
    }
    inv_last_stage(a, a + n / 2, n / 2, tables);
}
