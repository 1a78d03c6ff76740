/* AVX-512 IFMA52 element-wise limb multiplication (Barrett and Shoup) for q < 2^50; additions
 * and primes above 2^50 are in elementwise_avx512f.c. Results equal the portable path exactly
 * (both are canonical residues). Tails shorter than 8 use masked loads and stores.
 *
 * Barrett-52 (products and arbitrary words). Let s = bitlen(q), so 2^(s-1) < q < 2^s (q odd),
 * k = s - 1 and mu = floor(2^(52+k) / q) < 2^52. Take z < 2^(50+s) given as z = zh*2^52 + zl
 * with zl < 2^52: z = a*b (a, b < q, so z < 2^(2s) <= 2^(50+s) as s <= 50) from madd52hi/lo,
 * or z = any 64-bit word when s >= 14. Then
 *   t = floor(z / 2^k) = (zh << (52-k)) | (zl >> k) < 2^51,   qhat = floor(t*mu / 2^52),
 * and qhat <= z/q, while t*mu/2^52 > (z/2^k - 1)(2^(52+k)/q - 1)/2^52
 *   >= z/q - z/2^(52+k) - 2^k/q > z/q - 1/2 - 1,
 * so qhat > z/q - 5/2 and 0 <= z - qhat*q < 3q < 2^52. Hence the difference is exact when
 * computed mod 2^52 as zl - lo52(qhat*q) (qhat <= z/q < 2^51 fits an IFMA operand), and two
 * conditional subtractions give z mod q.
 *
 * Shoup-52 (constant c < q). w = floor(c*2^52/q) = c_shoup >> 12. For x < 2^52,
 * qhat = floor(x*w/2^52) satisfies xc/q - 2 < qhat <= xc/q, so 0 <= x*c - qhat*q < 2q,
 * computed mod 2^52 from low words, then one conditional subtraction. */
#include "ck_elementwise_impl.h"

#if CK_HAVE_AVX512_KERNELS
#include "ck_arith_avx512f.h"

#define CK_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx512ifma")))
#define CK_MASK52 (((uint64_t)1 << 52) - 1)

typedef struct {
    __m512i q, mu, mask52;
    __m128i shift_lo, shift_hi;
} ck_barrett52;

CK_AVX512 static inline ck_barrett52 ck_barrett52_init(uint64_t q) {
    unsigned k = 63u - (unsigned)__builtin_clzll(q);
    uint64_t mu = (uint64_t)(((ck_u128)1 << (52 + k)) / q);
    ck_barrett52 b;
    b.q = _mm512_set1_epi64((long long)q);
    b.mu = _mm512_set1_epi64((long long)mu);
    b.mask52 = _mm512_set1_epi64((long long)CK_MASK52);
    b.shift_lo = _mm_cvtsi32_si128((int)k);
    b.shift_hi = _mm_cvtsi32_si128((int)(52 - k));
    return b;
}

CK_AVX512 static inline __m512i ck_vbarrett52(__m512i zh, __m512i zl, const ck_barrett52 *b) {
    __m512i zero = _mm512_setzero_si512();
    __m512i t = _mm512_or_si512(_mm512_sll_epi64(zh, b->shift_hi), _mm512_srl_epi64(zl, b->shift_lo));
    __m512i qhat = _mm512_madd52hi_epu64(zero, t, b->mu);
    __m512i r = _mm512_and_si512(_mm512_sub_epi64(zl, _mm512_madd52lo_epu64(zero, qhat, b->q)), b->mask52);
    return ck_vcsub(ck_vcsub(r, b->q), b->q);
}

CK_AVX512 static inline __m512i ck_vmul52(__m512i a, __m512i c, const ck_barrett52 *b) {
    __m512i zero = _mm512_setzero_si512();
    return ck_vbarrett52(_mm512_madd52hi_epu64(zero, a, c), _mm512_madd52lo_epu64(zero, a, c), b);
}

/* x * c mod q for x < 2^52; w = floor(c*2^52/q). */
CK_AVX512 static inline __m512i ck_vmul_shoup52(__m512i x, __m512i c, __m512i w, __m512i q, __m512i mask52) {
    __m512i zero = _mm512_setzero_si512();
    __m512i qhat = _mm512_madd52hi_epu64(zero, x, w);
    __m512i prod = _mm512_madd52lo_epu64(zero, x, c);
    __m512i r = _mm512_and_si512(_mm512_sub_epi64(prod, _mm512_madd52lo_epu64(zero, qhat, q)), mask52);
    return ck_vcsub(r, q);
}

CK_AVX512 void ck_avx512_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const ck_barrett52 br = ck_barrett52_init(m->value);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm512_storeu_si512(r + i, ck_vmul52(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i), &br));
    }
    if (i < n) {
        __mmask8 k = ck_vtail_mask(n - i);
        __m512i p = ck_vmul52(_mm512_maskz_loadu_epi64(k, a + i), _mm512_maskz_loadu_epi64(k, b + i), &br);
        _mm512_mask_storeu_epi64(r + i, k, p);
    }
}

CK_AVX512 void ck_avx512_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const ck_barrett52 br = ck_barrett52_init(m->value);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i p = ck_vmul52(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i), &br);
        _mm512_storeu_si512(r + i, ck_vcsub(_mm512_add_epi64(_mm512_loadu_si512(r + i), p), br.q));
    }
    if (i < n) {
        __mmask8 k = ck_vtail_mask(n - i);
        __m512i p = ck_vmul52(_mm512_maskz_loadu_epi64(k, a + i), _mm512_maskz_loadu_epi64(k, b + i), &br);
        __m512i s = _mm512_add_epi64(_mm512_maskz_loadu_epi64(k, r + i), p);
        _mm512_mask_storeu_epi64(r + i, k, ck_vcsub(s, br.q));
    }
}

CK_AVX512 void ck_avx512_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                                   const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    const __m512i vc = _mm512_set1_epi64((long long)c);
    const __m512i w = _mm512_set1_epi64((long long)(c_shoup >> 12));
    const __m512i mask52 = _mm512_set1_epi64((long long)CK_MASK52);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm512_storeu_si512(r + i, ck_vmul_shoup52(_mm512_loadu_si512(a + i), vc, w, q, mask52));
    }
    if (i < n) {
        __mmask8 k = ck_vtail_mask(n - i);
        _mm512_mask_storeu_epi64(r + i, k, ck_vmul_shoup52(_mm512_maskz_loadu_epi64(k, a + i), vc, w, q, mask52));
    }
}

/* a - b + q lies in [1, 2q) with 2q < 2^51: a valid Shoup-52 input without reduction. */
CK_AVX512 void ck_avx512_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                                       size_t n, const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    const __m512i vc = _mm512_set1_epi64((long long)c);
    const __m512i w = _mm512_set1_epi64((long long)(c_shoup >> 12));
    const __m512i mask52 = _mm512_set1_epi64((long long)CK_MASK52);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_sub_epi64(_mm512_add_epi64(_mm512_loadu_si512(a + i), q), _mm512_loadu_si512(b + i));
        _mm512_storeu_si512(r + i, ck_vmul_shoup52(x, vc, w, q, mask52));
    }
    if (i < n) {
        __mmask8 k = ck_vtail_mask(n - i);
        __m512i x = _mm512_sub_epi64(_mm512_add_epi64(_mm512_maskz_loadu_epi64(k, a + i), q),
                                     _mm512_maskz_loadu_epi64(k, b + i));
        _mm512_mask_storeu_epi64(r + i, k, ck_vmul_shoup52(x, vc, w, q, mask52));
    }
}

CK_AVX512 static inline __m512i ck_vreduce_word(__m512i x, const ck_barrett52 *b) {
    return ck_vbarrett52(_mm512_srli_epi64(x, 52), _mm512_and_si512(x, b->mask52), b);
}

CK_AVX512 void ck_avx512_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m) {
    const ck_barrett52 br = ck_barrett52_init(m->value);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm512_storeu_si512(r + i, ck_vreduce_word(_mm512_loadu_si512(x + i), &br));
    }
    if (i < n) {
        __mmask8 k = ck_vtail_mask(n - i);
        _mm512_mask_storeu_epi64(r + i, k, ck_vreduce_word(_mm512_maskz_loadu_epi64(k, x + i), &br));
    }
}

#else
typedef int ck_avx512_unavailable;
#endif
