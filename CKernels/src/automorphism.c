/* Galois automorphisms X -> X^k of Z_q[X]/(X^N+1): coefficient-form map, the evaluation
 * permutation for the ck_ntt_forward ordering, and the permutation kernel. */
#include "ck_automorphism.h"
#include "ck_arith.h"

static int ck_valid_galois(uint32_t log_n, uint64_t k) {
    return log_n >= 1 && log_n <= 17 && (k & 1) == 1 && k < ((uint64_t)2 << log_n);
}

static uint32_t ck_bitrev(uint32_t v, uint32_t bits) {
    uint32_t r = 0;
    for (uint32_t b = 0; b < bits; b++) {
        r = (r << 1) | ((v >> b) & 1);
    }
    return r;
}

/* The exponent walk is public; only the coefficient values are data, negated branch-free. */
ck_status ck_automorphism_coeff(uint64_t *restrict out, const uint64_t *restrict in,
                                uint32_t log_n, uint64_t k, const ck_modulus *m) {
    if (!ck_valid_galois(log_n, k) || m == NULL) {
        return CK_INVALID_ARGUMENT;
    }
    const uint64_t n = (uint64_t)1 << log_n;
    const uint64_t mask_2n = 2 * n - 1;
    const uint64_t q = m->value;
    uint64_t e = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t sign = 0 - (e >> log_n);
        uint64_t v = in[i];
        out[e & (n - 1)] = (ck_neg_mod(v, q) & sign) | (v & ~sign);
        e = (e + k) & mask_2n;
    }
    return CK_OK;
}

/* Index j holds a(psi^(2*bitrev(j)+1)); a(X^k) there equals a(psi^((2*bitrev(j)+1)*k mod 2N)). */
ck_status ck_automorphism_ntt_index(uint32_t *index, uint32_t log_n, uint64_t k) {
    if (!ck_valid_galois(log_n, k) || index == NULL) {
        return CK_INVALID_ARGUMENT;
    }
    const uint64_t n = (uint64_t)1 << log_n;
    const uint64_t mask_2n = 2 * n - 1;
    for (uint32_t j = 0; j < n; j++) {
        uint64_t e = ((2 * (uint64_t)ck_bitrev(j, log_n) + 1) * k) & mask_2n;
        index[j] = ck_bitrev((uint32_t)((e - 1) >> 1), log_n);
    }
    return CK_OK;
}

void ck_permute(uint64_t *restrict out, const uint64_t *restrict in, const uint32_t *restrict index, size_t n) {
    for (size_t i = 0; i < n; i++) {
        out[i] = in[index[i]];
    }
}
