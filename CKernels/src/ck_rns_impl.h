/* Private layout of a base converter, shared by the portable conversion in rns.c and its
 * AVX-512 IFMA kernels in rns_avx512.c. */
#ifndef CK_RNS_IMPL_H
#define CK_RNS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "ck_modulus.h"
#include "ck_elementwise_impl.h"

#define CK_RNS_MAX_PRIMES 64
/* Coefficients per block: about CK_RNS_BLOCK_WORDS y values (from_count rows), at least
 * CK_RNS_BLOCK_MIN and at most CK_RNS_BLOCK coefficients, so the rows stay in L1. */
#define CK_RNS_BLOCK 512
#define CK_RNS_BLOCK_MIN 64
#define CK_RNS_BLOCK_WORDS 1024
/* IFMA accumulation needs every prime below CK_IFMA_MODULUS_LIMIT and targets above 16; the
 * AVX-512F kernels take any primes. */
#define CK_RNS_IFMA_TARGET_MIN 17

struct ck_base_converter {
    size_t from_count, to_count;
    int ifma_sources;                                /* every b_i < CK_IFMA_MODULUS_LIMIT */
    int montgomery_steps;                            /* 1 when sum_i b_i <= 2^53, else 2 */
    ck_modulus from[CK_RNS_MAX_PRIMES];
    ck_modulus to[CK_RNS_MAX_PRIMES];
    uint64_t inv_punctured[CK_RNS_MAX_PRIMES];       /* (B/b_i)^-1 mod b_i */
    uint64_t inv_punctured_shoup[CK_RNS_MAX_PRIMES];
    double inv_from[CK_RNS_MAX_PRIMES];              /* 1.0 / b_i */
    int ifma_target[CK_RNS_MAX_PRIMES];              /* ifma_sources and c_j in [17, 2^50) */
    uint64_t mont_neg_inv[CK_RNS_MAX_PRIMES];        /* -c_j^-1 mod 2^52 */
    /* Rows of from_count + 1 words per target: [j*(k+1) + i] = (B/b_i) mod c_j for i < k and
     * (-B) mod c_j for i = k; then the same rows times 2^(52 * montgomery_steps) mod c_j (IFMA);
     * then the Shoup companions floor(w * 2^64 / c_j) of the first rows (AVX-512F). */
    uint64_t matrix[];
};

#if CK_HAVE_AVX512_KERNELS
/* y[i*stride + t] = [in[i*n + start + t] * (B/b_i)^-1]_{b_i} for t < len <= CK_RNS_BLOCK (needs
 * ifma_sources); when v is not NULL, v[t] = floor(sum_i y_i[t] * (1.0/b_i)) with the portable
 * path's roundings, and v[len..] up to the next multiple of 8 is overwritten. */
void ck_avx512_rns_prepare(const struct ck_base_converter *conv, const uint64_t *in, size_t n, size_t start,
                           size_t len, uint64_t *restrict y, size_t stride, uint64_t *restrict v);
/* dst[t] = (sum_i y_i[t] * matrix[j][i] + v[t] * (-B)) mod c_j for t < len (v may be NULL);
 * needs ifma_target[j]. */
void ck_avx512_rns_accumulate(const struct ck_base_converter *conv, size_t j, const uint64_t *y, size_t stride,
                              const uint64_t *v, uint64_t *restrict dst, size_t len);
/* v[t] = floor(sum_i y_i[t] * (1.0/b_i)) for t < len, with the portable path's roundings; v[len..] up to
 * the next multiple of 8 is overwritten. AVX-512F/DQ. */
void ck_avx512_rns_fractions(const struct ck_base_converter *conv, const uint64_t *y, size_t stride, size_t len,
                             uint64_t *restrict v);
/* ck_avx512_rns_prepare and ck_avx512_rns_accumulate for any primes (AVX-512F/DQ, no IFMA). */
void ck_avx512f_rns_prepare(const struct ck_base_converter *conv, const uint64_t *in, size_t n, size_t start,
                            size_t len, uint64_t *restrict y, size_t stride, uint64_t *restrict v);
void ck_avx512f_rns_accumulate(const struct ck_base_converter *conv, size_t j, const uint64_t *y, size_t stride,
                               const uint64_t *v, uint64_t *restrict dst, size_t len);
#endif

#endif
