/* NTT tables: validation of (q, log_n, psi), twiddles in bit-reversed order with their Shoup
 * companions, and the read-only accessors. Layout is described in ntt_internal.h. */
#include <stdlib.h>
#include "ck_modulus.h"
#include "ck_primes.h"
#include "ntt_internal.h"

#define MIN_LOG_N 10
#define MAX_LOG_N 17

static size_t bitrev(size_t x, uint32_t bits) {
    size_t r = 0;
    for (uint32_t b = 0; b < bits; b++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

static ck_status validate(uint64_t q, uint32_t log_n) {
    if (log_n < MIN_LOG_N || log_n > MAX_LOG_N) return CK_INVALID_ARGUMENT;
    if (q >= (UINT64_C(1) << CK_MAX_MODULUS_BITS) || (q & 1) == 0) return CK_INVALID_ARGUMENT;
    if ((q - 1) % (UINT64_C(2) << log_n) != 0) return CK_INVALID_ARGUMENT;
    return ck_is_prime(q) ? CK_OK : CK_INVALID_ARGUMENT;
}

/* Uses the caller's psi, or the minimal root when psi is 0; checks psi^N = -1. */
static ck_status choose_root(uint64_t q, uint32_t log_n, uint64_t psi, const ck_modulus *m,
                             uint64_t *root) {
    if (psi == 0) {
        ck_status st = ck_minimal_primitive_root(q, log_n, &psi);
        if (st != CK_OK) return st;
    }
    if (psi >= q || ck_pow_mod(psi, UINT64_C(1) << log_n, m) != q - 1) return CK_INVALID_ARGUMENT;
    *root = psi;
    return CK_OK;
}

/* w[bitrev(e)] = base^e for e = 0 .. N-1. */
static void fill_powers(uint64_t *w, uint64_t base, uint32_t log_n, const ck_modulus *m) {
    size_t n = (size_t)1 << log_n;
    uint64_t p = 1;
    for (size_t e = 0; e < n; e++) {
        w[bitrev(e, log_n)] = p;
        p = ck_mul_mod(p, base, m);
    }
}

static void fill_shoup(uint64_t *restrict s64, uint64_t *restrict s52, const uint64_t *restrict w,
                       size_t n, uint64_t q) {
    for (size_t k = 0; k < n; k++) {
        s64[k] = ck_shoup(w[k], q);
        if (s52) s52[k] = s64[k] >> 12;
    }
}

static ck_status allocate(ck_ntt_tables *t, size_t n, int ifma) {
    size_t arrays = ifma ? 6 : 4;
    uint64_t *p = aligned_alloc(64, arrays * n * sizeof(uint64_t));
    if (!p) return CK_OUT_OF_MEMORY;
    t->storage = p;
    t->fwd = p;
    t->fwd_shoup = p + n;
    t->inv = p + 2 * n;
    t->inv_shoup = p + 3 * n;
    t->fwd_shoup52 = ifma ? p + 4 * n : NULL;
    t->inv_shoup52 = ifma ? p + 5 * n : NULL;
    return CK_OK;
}

static void fill(ck_ntt_tables *t, const ck_modulus *m) {
    size_t n = (size_t)1 << t->log_n;
    uint64_t n_inv = ck_inv_mod(n % t->q, m);
    fill_powers(t->fwd, t->psi, t->log_n, m);
    fill_powers(t->inv, ck_inv_mod(t->psi, m), t->log_n, m);
    t->inv[0] = n_inv;
    t->inv[1] = ck_mul_mod(t->inv[1], n_inv, m);
    fill_shoup(t->fwd_shoup, t->fwd_shoup52, t->fwd, n, t->q);
    fill_shoup(t->inv_shoup, t->inv_shoup52, t->inv, n, t->q);
}

ck_status ck_ntt_tables_create(uint64_t q, uint32_t log_n, uint64_t psi, ck_ntt_tables **out) {
    if (!out) return CK_INVALID_ARGUMENT;
    *out = NULL;
    ck_status st = validate(q, log_n);
    if (st != CK_OK) return st;
    ck_modulus m;
    st = ck_modulus_init(&m, q);
    if (st != CK_OK) return st;
    uint64_t root;
    st = choose_root(q, log_n, psi, &m, &root);
    if (st != CK_OK) return st;
    ck_ntt_tables *t = calloc(1, sizeof *t);
    if (!t) return CK_OUT_OF_MEMORY;
    t->q = q;
    t->psi = root;
    t->log_n = log_n;
    st = allocate(t, (size_t)1 << log_n, q < CK_NTT_IFMA_MODULUS_LIMIT);
    if (st != CK_OK) {
        free(t);
        return st;
    }
    fill(t, &m);
    *out = t;
    return CK_OK;
}

void ck_ntt_tables_destroy(ck_ntt_tables *tables) {
    if (!tables) return;
    free(tables->storage);
    free(tables);
}

uint64_t ck_ntt_modulus(const ck_ntt_tables *tables) { return tables->q; }

uint32_t ck_ntt_log_n(const ck_ntt_tables *tables) { return tables->log_n; }

uint64_t ck_ntt_root(const ck_ntt_tables *tables) { return tables->psi; }
