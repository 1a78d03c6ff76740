/* AVX-512 IFMA base conversion kernels (all primes below 2^50); results equal the portable path's.
 *
 * y_i = [x_i * (B/b_i)^-1]_{b_i} uses Shoup-52 (proof in elementwise_avx512.c); the exact
 * variant's v comes from ck_avx512_rns_fractions (rns_avx512f.c).
 *
 * Sums for a target 17 <= c < 2^50, with R = 2^(52*s), s = montgomery_steps. The terms are
 * y_i * w_i, w_i = (B/b_i) * R mod c, and for the exact variant v * ((-B) * R mod c) with v <= k:
 * at most 65 products below 2^100. madd52lo/hi add their low 52 bits into L < 65 * 2^52 < 2^59
 * and their high parts (< 2^48) into H < 2^55. S = H * 2^52 + L is R * (wanted value) mod c,
 * and S <= (c - 1) * (sum_i (b_i - 1) + k) < c * sigma with sigma = sum_i b_i.
 * A Montgomery step with c' = -c^-1 mod 2^52 maps (L, H) to T = (S + m*c) / 2^52 = S / 2^52 mod c:
 *   m = lo52(L * c'); A = L + lo52(m * c) < 2^60 is divisible by 2^52 (as L + m*c is), and
 *   T = H + hi52(m * c) + A / 2^52 < S / 2^52 + c. IFMA reads only the low 52 bits of L, all m needs.
 * s = 1 (sigma <= 2^53): T < 2c + c, and two conditional subtractions give the residue.
 * s = 2: T < 2^55 + 2^7 + c < 2^56; a second step on (T, 0) gives U < 2^56 / 2^52 + c <= 2c,
 * and one conditional subtraction. */
#include "ck_rns_impl.h"

#pragma STDC FP_CONTRACT OFF

#if CK_HAVE_AVX512_KERNELS
#include "ck_arith_avx512f.h"

#define CK_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx512ifma")))
#define CK_MASK52 (((uint64_t)1 << 52) - 1)
/* Vectors of 8 coefficients accumulated together (independent IFMA chains). */
#define CK_RNS_GROUP 4

/* Shoup-52 product x * c mod q with w = floor(c * 2^52 / q), canonical. */
CK_AVX512 static inline __m512i ck_rns_mul_shoup(__m512i x, __m512i c, __m512i w, __m512i q) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i qhat = _mm512_madd52hi_epu64(zero, x, w);
    const __m512i r = _mm512_sub_epi64(_mm512_madd52lo_epu64(zero, x, c), _mm512_madd52lo_epu64(zero, qhat, q));
    return ck_vcsub(_mm512_and_si512(r, _mm512_set1_epi64((long long)CK_MASK52)), q);
}

CK_AVX512 void ck_avx512_rns_prepare(const struct ck_base_converter *conv, const uint64_t *in, size_t n,
                                     size_t start, size_t len, uint64_t *restrict y, size_t stride,
                                     uint64_t *restrict v) {
    for (size_t i = 0; i < conv->from_count; i++) {
        const __m512i q = _mm512_set1_epi64((long long)conv->from[i].value);
        const __m512i c = _mm512_set1_epi64((long long)conv->inv_punctured[i]);
        const __m512i w = _mm512_set1_epi64((long long)(conv->inv_punctured_shoup[i] >> 12));
        const uint64_t *xi = in + i * n + start;
        uint64_t *yi = y + i * stride;
        for (size_t t = 0; t < len; t += 8) {
            const __mmask8 mask = ck_vtail_mask(len - t);
            _mm512_mask_storeu_epi64(yi + t, mask, ck_rns_mul_shoup(_mm512_maskz_loadu_epi64(mask, xi + t), c, w, q));
        }
    }
    if (v != NULL) {
        ck_avx512_rns_fractions(conv, y, stride, len, v);
    }
}

/* (H * 2^52 + L) / 2^52 mod c (up to multiples of c; see the bounds above). */
CK_AVX512 static inline __m512i ck_rns_montgomery(__m512i lo, __m512i hi, __m512i c, __m512i c_neg_inv) {
    const __m512i m = _mm512_madd52lo_epu64(_mm512_setzero_si512(), lo, c_neg_inv);
    const __m512i a = _mm512_madd52lo_epu64(lo, m, c);
    return _mm512_add_epi64(_mm512_madd52hi_epu64(hi, m, c), _mm512_srli_epi64(a, 52));
}

CK_AVX512 static inline __m512i ck_rns_reduce(__m512i lo, __m512i hi, __m512i c, __m512i c_neg_inv, int steps) {
    const __m512i t = ck_rns_montgomery(lo, hi, c, c_neg_inv);
    if (steps == 1) {
        return ck_vcsub(ck_vcsub(t, c), c);
    }
    return ck_vcsub(ck_rns_montgomery(t, _mm512_setzero_si512(), c, c_neg_inv), c);
}

CK_AVX512 static inline void ck_rns_accumulate_steps(const struct ck_base_converter *conv, size_t j, const uint64_t *y,
                                                     size_t stride, const uint64_t *v, uint64_t *restrict dst,
                                                     size_t len, int steps) {
    const size_t k = conv->from_count;
    const uint64_t *row = conv->matrix + (conv->to_count + j) * (k + 1);
    const __m512i c = _mm512_set1_epi64((long long)conv->to[j].value);
    const __m512i c_neg_inv = _mm512_set1_epi64((long long)conv->mont_neg_inv[j]);
    const __m512i zero = _mm512_setzero_si512();
    size_t t = 0;
    for (; t + 8 * CK_RNS_GROUP <= len; t += 8 * CK_RNS_GROUP) {
        __m512i lo[CK_RNS_GROUP], hi[CK_RNS_GROUP];
        for (int g = 0; g < CK_RNS_GROUP; g++) {
            lo[g] = zero;
            hi[g] = zero;
        }
        for (size_t i = 0; i < k; i++) {
            const __m512i w = _mm512_set1_epi64((long long)row[i]);
            for (int g = 0; g < CK_RNS_GROUP; g++) {
                const __m512i yi = _mm512_loadu_si512(y + i * stride + t + 8 * (size_t)g);
                lo[g] = _mm512_madd52lo_epu64(lo[g], yi, w);
                hi[g] = _mm512_madd52hi_epu64(hi[g], yi, w);
            }
        }
        if (v != NULL) {
            const __m512i w = _mm512_set1_epi64((long long)row[k]);
            for (int g = 0; g < CK_RNS_GROUP; g++) {
                const __m512i vg = _mm512_loadu_si512(v + t + 8 * (size_t)g);
                lo[g] = _mm512_madd52lo_epu64(lo[g], vg, w);
                hi[g] = _mm512_madd52hi_epu64(hi[g], vg, w);
            }
        }
        for (int g = 0; g < CK_RNS_GROUP; g++) {
            _mm512_storeu_si512(dst + t + 8 * (size_t)g, ck_rns_reduce(lo[g], hi[g], c, c_neg_inv, steps));
        }
    }
    for (; t < len; t += 8) {
        const __mmask8 mask = ck_vtail_mask(len - t);
        __m512i lo = zero, hi = zero;
        for (size_t i = 0; i < k; i++) {
            const __m512i w = _mm512_set1_epi64((long long)row[i]);
            const __m512i yi = _mm512_maskz_loadu_epi64(mask, y + i * stride + t);
            lo = _mm512_madd52lo_epu64(lo, yi, w);
            hi = _mm512_madd52hi_epu64(hi, yi, w);
        }
        if (v != NULL) {
            const __m512i w = _mm512_set1_epi64((long long)row[k]);
            const __m512i vt = _mm512_maskz_loadu_epi64(mask, v + t);
            lo = _mm512_madd52lo_epu64(lo, vt, w);
            hi = _mm512_madd52hi_epu64(hi, vt, w);
        }
        _mm512_mask_storeu_epi64(dst + t, mask, ck_rns_reduce(lo, hi, c, c_neg_inv, steps));
    }
}

CK_AVX512 void ck_avx512_rns_accumulate(const struct ck_base_converter *conv, size_t j, const uint64_t *y,
                                        size_t stride, const uint64_t *v, uint64_t *restrict dst, size_t len) {
    if (conv->montgomery_steps == 1) {
        ck_rns_accumulate_steps(conv, j, y, stride, v, dst, len, 1);
    } else {
        ck_rns_accumulate_steps(conv, j, y, stride, v, dst, len, 2);
    }
}

#else
typedef int ck_rns_avx512_unavailable;
#endif
