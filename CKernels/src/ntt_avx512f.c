/* AVX-512F/DQ negacyclic NTT for any q < 2^61 (lazy values below 4q < 2^63): the 64-bit Shoup
 * product of ck_arith_avx512f.h, from mul_epu32 partial products, plugged into the shared
 * traversal of ntt_avx512_skeleton.h. Used by CK_PATH_AVX512F, and by CK_PATH_AVX512IFMA for
 * primes of 2^50 and above. */
#include "ntt_internal.h"

#if CK_NTT_HAVE_AVX512
#include "ck_arith_avx512f.h"

#define NTT_TARGET target("avx512f,avx512vl,avx512dq,avx512bw")
#define NTT_FN static __attribute__((NTT_TARGET))
#define NTT_INLINE static inline __attribute__((always_inline, NTT_TARGET))

typedef struct {
    __m512i q, q2;
} vmod;

/* A twiddle w, its Shoup companion ws = floor(w * 2^64 / q) and ws >> 32. */
typedef struct {
    __m512i w, ws, ws_hi;
} vtw;

NTT_INLINE vmod vmod_make(uint64_t q) {
    vmod m = {_mm512_set1_epi64((long long)q), _mm512_set1_epi64((long long)(2 * q))};
    return m;
}

NTT_INLINE vtw tw_make(__m512i w, __m512i ws) {
    vtw t = {w, ws, _mm512_srli_epi64(ws, 32)};
    return t;
}

/* The lazy Shoup product lies in [0, 4q); one conditional subtraction of 2q gives [0, 2q). */
NTT_INLINE __m512i mul_lazy(__m512i x, vtw t, const vmod *m) {
    return ck_vcsub(ck_vmul_shoup_lazy(x, t.w, t.ws, t.ws_hi, m->q), m->q2);
}

#include "ntt_avx512_skeleton.h"

void ck_ntt_forward_avx512f(const ck_ntt_tables *tables, uint64_t *a) {
    ntt_ctx c = {tables->fwd, tables->fwd_shoup, (size_t)1 << tables->log_n, tables->q};
    fwd_depth(&c, a, 1, 0, tables->log_n - TAIL_LOG);
}

void ck_ntt_inverse_avx512f(const ck_ntt_tables *tables, uint64_t *a) {
    ntt_ctx c = {tables->inv, tables->inv_shoup, (size_t)1 << tables->log_n, tables->q};
    inv_depth(&c, a, 1, 0, tables->log_n - TAIL_LOG);
}

#endif
