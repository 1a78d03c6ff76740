/* Private AVX-512F/DQ arithmetic on eight 64-bit lanes for any modulus q < 2^61 (no IFMA): high
 * products from _mm512_mul_epu32 partial products, Shoup and Barrett reductions, conditional
 * subtractions. Include only under CK_HAVE_AVX512_KERNELS; every function carries the target
 * attribute, so callers need at least AVX-512F/DQ.
 *
 * Approximate high product. For x = x1*2^32 + x0 and y = y1*2^32 + y0 (32-bit halves),
 * hi_approx(x, y) = x1*y1 + floor(x1*y0 / 2^32) + floor(x0*y1 / 2^32) drops x0*y0 and the carries
 * of the middle column: with Q = x*y / 2^64, Q - hi_approx < 1 + 1 + 1, so
 * floor(Q) - 2 <= hi_approx <= floor(Q). Three multiplications instead of four; every
 * reduction below absorbs the missing 2 in one extra conditional subtraction.
 *
 * Shoup (constant w < q, ws = floor(w * 2^64 / q), any 64-bit x): Q = x*ws/2^64 satisfies
 * x*w/q - 1 < Q <= x*w/q, so qhat = hi_approx(x, ws) lies in (x*w/q - 4, x*w/q] and
 * r = x*w - qhat*q lies in [0, 4q); 4q < 2^63, so r is exact mod 2^64 (two low products).
 *
 * Barrett (a*b for a, b < q, or any z < 2^(2s)): s = bitlen(q), so 2^(s-1) < q < 2^s, and
 * mu = floor(2^(62+s) / q) < 2^63. With t = floor(z / 2^(s-2)) < 2^63 and Q = t*mu / 2^64,
 *   Q > (z/2^(s-2) - 1)(2^(62+s)/q - 1) / 2^64 > z/q - z/2^(62+s) - 2^(s-2)/q > z/q - 1/2 - 1/2
 * (z < 2^(2s), s <= 61, q > 2^(s-1)) and Q <= z/q, so qhat = hi_approx(t, mu) lies in
 * (z/q - 4, z/q] and z - qhat*q in [0, 4q), computed mod 2^64 from the low word of z. */
#ifndef CK_ARITH_AVX512F_H
#define CK_ARITH_AVX512F_H

#include <immintrin.h>
#include <stdint.h>
#include "ck_arith.h"

#define CK_AVX512F_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw")))
#define CK_AVX512F_INLINE static inline __attribute__((always_inline, target("avx512f,avx512vl,avx512dq,avx512bw")))

/* Lanes [0, remaining) of a tail shorter than 8 (all eight for remaining >= 8). */
CK_AVX512F_INLINE __mmask8 ck_vtail_mask(size_t remaining) {
    return remaining >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << remaining) - 1);
}

/* x - bound when x >= bound, else x, for x < 2 * bound <= 2^64 (the wrapped difference is larger than x). */
CK_AVX512F_INLINE __m512i ck_vcsub(__m512i x, __m512i bound) {
    return _mm512_min_epu64(x, _mm512_sub_epi64(x, bound));
}

/* hi_approx(x, y) with y_hi = y >> 32 (see the header comment): floor(x*y / 2^64) minus 0, 1 or 2. */
CK_AVX512F_INLINE __m512i ck_vmulhi_approx(__m512i x, __m512i y, __m512i y_hi) {
    const __m512i x_hi = _mm512_srli_epi64(x, 32);
    const __m512i hh = _mm512_mul_epu32(x_hi, y_hi);
    const __m512i hl = _mm512_mul_epu32(x_hi, y);
    const __m512i lh = _mm512_mul_epu32(x, y_hi);
    return _mm512_add_epi64(hh, _mm512_add_epi64(_mm512_srli_epi64(hl, 32), _mm512_srli_epi64(lh, 32)));
}

/* x*w mod q plus 0 .. 3 q, in [0, 4q), for any 64-bit x; ws = floor(w * 2^64 / q), ws_hi = ws >> 32. */
CK_AVX512F_INLINE __m512i ck_vmul_shoup_lazy(__m512i x, __m512i w, __m512i ws, __m512i ws_hi, __m512i q) {
    const __m512i qhat = ck_vmulhi_approx(x, ws, ws_hi);
    return _mm512_sub_epi64(_mm512_mullo_epi64(x, w), _mm512_mullo_epi64(qhat, q));
}

/* Per-modulus constants of the Barrett product. */
typedef struct {
    __m512i q, q2, mu, mu_hi;
    __m128i shift_lo, shift_hi; /* s - 2 and 66 - s */
} ck_vbarrett;

CK_AVX512F_INLINE ck_vbarrett ck_vbarrett_init(uint64_t q) {
    const unsigned s = 64u - (unsigned)__builtin_clzll(q);
    const uint64_t mu = (uint64_t)(((ck_u128)1 << (62 + s)) / q);
    ck_vbarrett b;
    b.q = _mm512_set1_epi64((long long)q);
    b.q2 = _mm512_set1_epi64((long long)(2 * q));
    b.mu = _mm512_set1_epi64((long long)mu);
    b.mu_hi = _mm512_set1_epi64((long long)(mu >> 32));
    b.shift_lo = _mm_cvtsi32_si128((int)(s - 2));
    b.shift_hi = _mm_cvtsi32_si128((int)(66 - s));
    return b;
}

/* a*b mod q for a, b < q, canonical. The full product comes from four partial products; its
 * middle column (below 3 * 2^32) carries into the high word. A shift count of 64 (s = 2) gives 0. */
CK_AVX512F_INLINE __m512i ck_vmul_mod(__m512i a, __m512i b, const ck_vbarrett *br) {
    const __m512i mask32 = _mm512_set1_epi64((long long)0xFFFFFFFFu);
    const __m512i a_hi = _mm512_srli_epi64(a, 32), b_hi = _mm512_srli_epi64(b, 32);
    const __m512i ll = _mm512_mul_epu32(a, b);
    const __m512i lh = _mm512_mul_epu32(a, b_hi);
    const __m512i hl = _mm512_mul_epu32(a_hi, b);
    const __m512i hh = _mm512_mul_epu32(a_hi, b_hi);
    const __m512i mid = _mm512_add_epi64(_mm512_srli_epi64(ll, 32),
                                         _mm512_add_epi64(_mm512_and_si512(lh, mask32), _mm512_and_si512(hl, mask32)));
    const __m512i z_hi = _mm512_add_epi64(
        _mm512_add_epi64(hh, _mm512_srli_epi64(mid, 32)),
        _mm512_add_epi64(_mm512_srli_epi64(lh, 32), _mm512_srli_epi64(hl, 32)));
    const __m512i z_lo = _mm512_or_si512(_mm512_slli_epi64(mid, 32), _mm512_and_si512(ll, mask32));
    const __m512i t = _mm512_or_si512(_mm512_sll_epi64(z_hi, br->shift_hi), _mm512_srl_epi64(z_lo, br->shift_lo));
    const __m512i qhat = ck_vmulhi_approx(t, br->mu, br->mu_hi);
    const __m512i r = _mm512_sub_epi64(z_lo, _mm512_mullo_epi64(qhat, br->q));
    return ck_vcsub(ck_vcsub(r, br->q2), br->q);
}

#endif
