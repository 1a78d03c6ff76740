/* AVX-512F/DQ base conversion kernels for any primes below 2^61 (no IFMA); results equal the
 * portable path's.
 *
 * y_i = [x_i * (B/b_i)^-1]_{b_i} is a Shoup product (ck_arith_avx512f.h) reduced to [0, b_i). The
 * exact variant's v = floor(sum_i y_i * (1.0/b_i)) repeats the portable path's double operations
 * in the same order (FP contraction off), so it rounds identically.
 *
 * Sums for a target c < 2^61: every term y_i * w_i (w_i = (B/b_i) mod c, and v * ((-B) mod c) for
 * the exact variant) is a lazy Shoup product in [0, 4c) with the precomputed companion of w_i. The
 * running sum stays in [0, 4c): sum + term < 8c < 2^64, and one conditional subtraction of 4c
 * restores the bound; two more (2c, then c) give the residue at the end. */
#include "ck_rns_impl.h"

#pragma STDC FP_CONTRACT OFF

#if CK_HAVE_AVX512_KERNELS
#include "ck_arith_avx512f.h"

/* Vectors of 8 coefficients accumulated together (independent chains). */
#define CK_RNS_GROUP 4

/* sum[0..8) += y * inv (sum starts at 0 for the first prime), as the portable path does. */
CK_AVX512F_INLINE void ck_rns_add_fraction(double *sum, __m512i y, __m512d inv, int first) {
    const __m512d term = _mm512_mul_pd(_mm512_cvtepu64_pd(y), inv);
    _mm512_storeu_pd(sum, first ? term : _mm512_add_pd(_mm512_loadu_pd(sum), term));
}

CK_AVX512F_TARGET void ck_avx512_rns_fractions(const struct ck_base_converter *conv, const uint64_t *y,
                                               size_t stride, size_t len, uint64_t *restrict v) {
    double sum[CK_RNS_BLOCK];
    for (size_t i = 0; i < conv->from_count; i++) {
        const __m512d inv = _mm512_set1_pd(conv->inv_from[i]);
        for (size_t t = 0; t < len; t += 8) {
            const __m512i yv = _mm512_maskz_loadu_epi64(ck_vtail_mask(len - t), y + i * stride + t);
            ck_rns_add_fraction(sum + t, yv, inv, i == 0);
        }
    }
    for (size_t t = 0; t < len; t += 8) {
        _mm512_storeu_si512(v + t, _mm512_cvttpd_epu64(_mm512_loadu_pd(sum + t)));
    }
}

CK_AVX512F_TARGET void ck_avx512f_rns_prepare(const struct ck_base_converter *conv, const uint64_t *in, size_t n,
                                              size_t start, size_t len, uint64_t *restrict y, size_t stride,
                                              uint64_t *restrict v) {
    for (size_t i = 0; i < conv->from_count; i++) {
        const uint64_t b = conv->from[i].value, cs = conv->inv_punctured_shoup[i];
        const __m512i q = _mm512_set1_epi64((long long)b), q2 = _mm512_set1_epi64((long long)(2 * b));
        const __m512i c = _mm512_set1_epi64((long long)conv->inv_punctured[i]);
        const __m512i vcs = _mm512_set1_epi64((long long)cs), vcs_hi = _mm512_set1_epi64((long long)(cs >> 32));
        const uint64_t *xi = in + i * n + start;
        uint64_t *yi = y + i * stride;
        for (size_t t = 0; t < len; t += 8) {
            const __mmask8 mask = ck_vtail_mask(len - t);
            const __m512i lazy = ck_vmul_shoup_lazy(_mm512_maskz_loadu_epi64(mask, xi + t), c, vcs, vcs_hi, q);
            _mm512_mask_storeu_epi64(yi + t, mask, ck_vcsub(ck_vcsub(lazy, q2), q));
        }
    }
    if (v != NULL) {
        ck_avx512_rns_fractions(conv, y, stride, len, v);
    }
}

/* Per-target constants of the sums: one row of weights with their Shoup companions. */
typedef struct {
    const uint64_t *w, *ws;
    __m512i c, c2, c4;
} ck_rns_row;

/* acc + y * w_i, both in [0, 4c). */
CK_AVX512F_INLINE __m512i ck_rns_add_term(__m512i acc, __m512i y, const ck_rns_row *row, size_t i) {
    const __m512i w = _mm512_set1_epi64((long long)row->w[i]);
    const __m512i ws = _mm512_set1_epi64((long long)row->ws[i]);
    const __m512i ws_hi = _mm512_set1_epi64((long long)(row->ws[i] >> 32));
    const __m512i term = ck_vmul_shoup_lazy(y, w, ws, ws_hi, row->c);
    return ck_vcsub(_mm512_add_epi64(acc, term), row->c4);
}

CK_AVX512F_INLINE __m512i ck_rns_finish(__m512i acc, const ck_rns_row *row) {
    return ck_vcsub(ck_vcsub(acc, row->c2), row->c);
}

CK_AVX512F_TARGET void ck_avx512f_rns_accumulate(const struct ck_base_converter *conv, size_t j, const uint64_t *y,
                                                 size_t stride, const uint64_t *v, uint64_t *restrict dst,
                                                 size_t len) {
    const size_t k = conv->from_count;
    const uint64_t c = conv->to[j].value;
    const ck_rns_row row = {conv->matrix + j * (k + 1), conv->matrix + (2 * conv->to_count + j) * (k + 1),
                            _mm512_set1_epi64((long long)c), _mm512_set1_epi64((long long)(2 * c)),
                            _mm512_set1_epi64((long long)(4 * c))};
    size_t t = 0;
    for (; t + 8 * CK_RNS_GROUP <= len; t += 8 * CK_RNS_GROUP) {
        __m512i acc[CK_RNS_GROUP];
        for (int g = 0; g < CK_RNS_GROUP; g++) acc[g] = _mm512_setzero_si512();
        for (size_t i = 0; i < k; i++) {
            for (int g = 0; g < CK_RNS_GROUP; g++) {
                acc[g] = ck_rns_add_term(acc[g], _mm512_loadu_si512(y + i * stride + t + 8 * (size_t)g), &row, i);
            }
        }
        if (v != NULL) {
            for (int g = 0; g < CK_RNS_GROUP; g++) {
                acc[g] = ck_rns_add_term(acc[g], _mm512_loadu_si512(v + t + 8 * (size_t)g), &row, k);
            }
        }
        for (int g = 0; g < CK_RNS_GROUP; g++) {
            _mm512_storeu_si512(dst + t + 8 * (size_t)g, ck_rns_finish(acc[g], &row));
        }
    }
    for (; t < len; t += 8) {
        const __mmask8 mask = ck_vtail_mask(len - t);
        __m512i acc = _mm512_setzero_si512();
        for (size_t i = 0; i < k; i++) {
            acc = ck_rns_add_term(acc, _mm512_maskz_loadu_epi64(mask, y + i * stride + t), &row, i);
        }
        if (v != NULL) {
            acc = ck_rns_add_term(acc, _mm512_maskz_loadu_epi64(mask, v + t), &row, k);
        }
        _mm512_mask_storeu_epi64(dst + t, mask, ck_rns_finish(acc, &row));
    }
}

#else
typedef int ck_rns_avx512f_unavailable;
#endif
