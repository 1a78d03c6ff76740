/* AVX-512 IFMA52 negacyclic NTT for q < 2^50 (lazy values below 4q < 2^52): the 52-bit Shoup
 * product plugged into the shared traversal of ntt_avx512_skeleton.h. */
#include "ntt_internal.h"

#if CK_NTT_HAVE_AVX512
#include <immintrin.h>

#define NTT_TARGET target("avx512f,avx512vl,avx512dq,avx512bw,avx512ifma")
#define NTT_FN static __attribute__((NTT_TARGET))
#define NTT_INLINE static inline __attribute__((always_inline, NTT_TARGET))

typedef struct {
    __m512i q, q2, negq, mask;
} vmod;

typedef struct {
    __m512i w, ws;
} vtw;

NTT_INLINE vmod vmod_make(uint64_t q) {
    vmod m;
    m.q = _mm512_set1_epi64((long long)q);
    m.q2 = _mm512_set1_epi64((long long)(2 * q));
    m.negq = _mm512_set1_epi64((long long)((UINT64_C(1) << 52) - q));
    m.mask = _mm512_set1_epi64((long long)((UINT64_C(1) << 52) - 1));
    return m;
}

NTT_INLINE vtw tw_make(__m512i w, __m512i ws) {
    vtw t = {w, ws};
    return t;
}

/* x * w mod q in [0, 2q) for x < 2^52, ws = floor(w * 2^52 / q). */
NTT_INLINE __m512i mul_lazy(__m512i x, vtw t, const vmod *m) {
    __m512i zero = _mm512_setzero_si512();
    __m512i qhat = _mm512_madd52hi_epu64(zero, x, t.ws);
    __m512i r = _mm512_madd52lo_epu64(zero, x, t.w);
    r = _mm512_madd52lo_epu64(r, qhat, m->negq);
    return _mm512_and_si512(r, m->mask);
}

#include "ntt_avx512_skeleton.h"

void ck_ntt_forward_ifma(const ck_ntt_tables *tables, uint64_t *a) {
    ntt_ctx c = {tables->fwd, tables->fwd_shoup52, (size_t)1 << tables->log_n, tables->q};
    fwd_depth(&c, a, 1, 0, tables->log_n - TAIL_LOG);
}

void ck_ntt_inverse_ifma(const ck_ntt_tables *tables, uint64_t *a) {
    ntt_ctx c = {tables->inv, tables->inv_shoup52, (size_t)1 << tables->log_n, tables->q};
    inv_depth(&c, a, 1, 0, tables->log_n - TAIL_LOG);
}

#endif
