/* AVX-512F/DQ element-wise limb arithmetic on 64-bit lanes for any q < 2^61 (no IFMA): add, sub,
 * negate and constant addition for both AVX-512 paths, and the multiplications for primes the
 * IFMA kernels cannot take (proofs in ck_arith_avx512f.h). Results equal the portable path
 * exactly (both are canonical residues). Every loop runs over masked vectors of 8 lanes, the
 * last one partial. */
#include "ck_elementwise_impl.h"

#if CK_HAVE_AVX512_KERNELS
#include "ck_arith_avx512f.h"

#define CK_LOAD(k, p) _mm512_maskz_loadu_epi64((k), (p))
#define CK_STORE(p, k, v) _mm512_mask_storeu_epi64((p), (k), (v))

/* d = a - b wraps above q exactly when a < b, so min(d, d + q) is the canonical difference. */
CK_AVX512F_INLINE __m512i ck_vsub(__m512i a, __m512i b, __m512i q) {
    const __m512i d = _mm512_sub_epi64(a, b);
    return _mm512_min_epu64(d, _mm512_add_epi64(d, q));
}

CK_AVX512F_TARGET void ck_avx512_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n,
                                     const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vcsub(_mm512_add_epi64(CK_LOAD(k, a + i), CK_LOAD(k, b + i)), q));
    }
}

CK_AVX512F_TARGET void ck_avx512_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n,
                                     const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vsub(CK_LOAD(k, a + i), CK_LOAD(k, b + i), q));
    }
}

CK_AVX512F_TARGET void ck_avx512_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vsub(_mm512_setzero_si512(), CK_LOAD(k, a + i), q));
    }
}

CK_AVX512F_TARGET void ck_avx512_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n,
                                            const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value);
    const __m512i vc = _mm512_set1_epi64((long long)c);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vcsub(_mm512_add_epi64(CK_LOAD(k, a + i), vc), q));
    }
}

CK_AVX512F_TARGET void ck_avx512f_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n,
                                      const ck_modulus *m) {
    const ck_vbarrett br = ck_vbarrett_init(m->value);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vmul_mod(CK_LOAD(k, a + i), CK_LOAD(k, b + i), &br));
    }
}

CK_AVX512F_TARGET void ck_avx512f_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n,
                                          const ck_modulus *m) {
    const ck_vbarrett br = ck_vbarrett_init(m->value);
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        const __m512i p = ck_vmul_mod(CK_LOAD(k, a + i), CK_LOAD(k, b + i), &br);
        CK_STORE(r + i, k, ck_vcsub(_mm512_add_epi64(CK_LOAD(k, r + i), p), br.q));
    }
}

/* Shoup product of x (any word) by the constant (c, c_shoup), reduced from [0, 4q) to [0, q). */
CK_AVX512F_INLINE __m512i ck_vmul_shoup(__m512i x, __m512i c, __m512i cs, __m512i cs_hi, __m512i q, __m512i q2) {
    return ck_vcsub(ck_vcsub(ck_vmul_shoup_lazy(x, c, cs, cs_hi, q), q2), q);
}

CK_AVX512F_TARGET void ck_avx512f_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                                            const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value), q2 = _mm512_set1_epi64((long long)(2 * m->value));
    const __m512i vc = _mm512_set1_epi64((long long)c);
    const __m512i cs = _mm512_set1_epi64((long long)c_shoup), cs_hi = _mm512_set1_epi64((long long)(c_shoup >> 32));
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        CK_STORE(r + i, k, ck_vmul_shoup(CK_LOAD(k, a + i), vc, cs, cs_hi, q, q2));
    }
}

/* a - b + q lies in [1, 2q), a valid Shoup input without reduction. */
CK_AVX512F_TARGET void ck_avx512f_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c,
                                                uint64_t c_shoup, size_t n, const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value), q2 = _mm512_set1_epi64((long long)(2 * m->value));
    const __m512i vc = _mm512_set1_epi64((long long)c);
    const __m512i cs = _mm512_set1_epi64((long long)c_shoup), cs_hi = _mm512_set1_epi64((long long)(c_shoup >> 32));
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        const __m512i x = _mm512_sub_epi64(_mm512_add_epi64(CK_LOAD(k, a + i), q), CK_LOAD(k, b + i));
        CK_STORE(r + i, k, ck_vmul_shoup(x, vc, cs, cs_hi, q, q2));
    }
}

/* x mod q for any word x: with barrett_hi = floor(2^64 / q), x * barrett_hi / 2^64 > x/q - 1, so
 * qhat = hi_approx(x, barrett_hi) lies in (x/q - 4, x/q] and x - qhat*q in [0, 4q). */
CK_AVX512F_TARGET void ck_avx512f_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m) {
    const __m512i q = _mm512_set1_epi64((long long)m->value), q2 = _mm512_set1_epi64((long long)(2 * m->value));
    const __m512i bh = _mm512_set1_epi64((long long)m->barrett_hi);
    const __m512i bh_hi = _mm512_set1_epi64((long long)(m->barrett_hi >> 32));
    for (size_t i = 0; i < n; i += 8) {
        const __mmask8 k = ck_vtail_mask(n - i);
        const __m512i xv = CK_LOAD(k, x + i);
        const __m512i rv = _mm512_sub_epi64(xv, _mm512_mullo_epi64(ck_vmulhi_approx(xv, bh, bh_hi), q));
        CK_STORE(r + i, k, ck_vcsub(ck_vcsub(rv, q2), q));
    }
}

#else
typedef int ck_avx512f_unavailable;
#endif
