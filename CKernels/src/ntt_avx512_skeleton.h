/* Lazy (Harvey) negacyclic NTT traversal on AVX-512, shared by the IFMA52 (ntt_avx512.c) and
 * AVX-512F (ntt_avx512f.c) transforms; each includes this file once, after defining:
 *   NTT_FN, NTT_INLINE   function attributes carrying the target features;
 *   vmod                 per-modulus vectors with at least the members q and q2 (2q);
 *   vtw                  one twiddle vector with whatever its product needs;
 *   vmod make            vmod vmod_make(uint64_t q);
 *   twiddle              vtw tw_make(__m512i w, __m512i ws), from twiddles and their Shoup companions;
 *   product              __m512i mul_lazy(__m512i x, vtw t, const vmod *m): x * w mod q plus 0 or q,
 *                        in [0, 2q), for x < 4q.
 * The includer then calls fwd_depth / inv_depth on an ntt_ctx (its ws: the Shoup table the product uses).
 *
 * Strides >= 64 run as radix-8/4/2 passes (three, two or one stages per sweep over memory),
 * depth-first until a block fits in L1, then breadth-first inside it. The last six stages
 * (strides 32 .. 1) run in registers on 64-coefficient chunks: strides 32, 16, 8 pair whole
 * vectors; strides 4, 2, 1 pair lanes of two vectors after a perfect shuffle (interleave),
 * which makes every stride's twiddles a plain or broadcast load of the standard
 * bit-reversed table. */
#ifndef NTT_AVX512_SKELETON_H
#define NTT_AVX512_SKELETON_H

#include <immintrin.h>
#include "ntt_internal.h"

/* Stages with strides 32 .. 1 run in registers on chunks of 64 coefficients. */
#define TAIL_LOG 6
#define TAIL 64
/* Blocks of at most this many coefficients are finished breadth-first, while in L1. */
#define L1_WORDS 4096

typedef struct {
    const uint64_t *w;
    const uint64_t *ws;
    size_t n;
    uint64_t q;
} ntt_ctx;

/* x - bound when x >= bound, for x < 2 * bound. */
NTT_INLINE __m512i reduce_once(__m512i x, __m512i bound) {
    return _mm512_min_epu64(x, _mm512_sub_epi64(x, bound));
}

/* Cooley-Tukey: (x, y) -> (x + wy, x - wy), inputs and outputs in [0, 4q). */
NTT_INLINE void fwd_bfly(__m512i *x, __m512i *y, vtw t, const vmod *m) {
    __m512i u = reduce_once(*x, m->q2);
    __m512i v = mul_lazy(*y, t, m);
    *x = _mm512_add_epi64(u, v);
    *y = _mm512_sub_epi64(_mm512_add_epi64(u, m->q2), v);
}

/* Gentleman-Sande: (x, y) -> (x + y, (x - y) w), inputs and outputs in [0, 2q). */
NTT_INLINE void inv_bfly(__m512i *x, __m512i *y, vtw t, const vmod *m) {
    __m512i s = _mm512_add_epi64(*x, *y);
    __m512i d = _mm512_sub_epi64(_mm512_add_epi64(*x, m->q2), *y);
    *x = reduce_once(s, m->q2);
    *y = mul_lazy(d, t, m);
}

/* Last inverse stage: ((x + y) / N, (x - y) w / N) fully reduced to [0, q). */
NTT_INLINE void inv_bfly_last(__m512i *x, __m512i *y, vtw scale, vtw t, const vmod *m) {
    __m512i s = _mm512_add_epi64(*x, *y);
    __m512i d = _mm512_sub_epi64(_mm512_add_epi64(*x, m->q2), *y);
    *x = reduce_once(mul_lazy(s, scale, m), m->q);
    *y = reduce_once(mul_lazy(d, t, m), m->q);
}

NTT_INLINE vtw tw_bcast(const ntt_ctx *c, size_t k) {
    return tw_make(_mm512_set1_epi64((long long)c->w[k]), _mm512_set1_epi64((long long)c->ws[k]));
}

/* Entries k, k+1 repeated: lanes [k, k+1, k, k+1, ...]. */
NTT_INLINE vtw tw_x2(const ntt_ctx *c, size_t k) {
    return tw_make(_mm512_broadcast_i64x2(_mm_loadu_si128((const __m128i *)(c->w + k))),
                   _mm512_broadcast_i64x2(_mm_loadu_si128((const __m128i *)(c->ws + k))));
}

/* Entries k .. k+3 repeated: lanes [k, .., k+3, k, .., k+3]. */
NTT_INLINE vtw tw_x4(const ntt_ctx *c, size_t k) {
    return tw_make(_mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(c->w + k))),
                   _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(c->ws + k))));
}

NTT_INLINE vtw tw_x8(const ntt_ctx *c, size_t k) {
    return tw_make(_mm512_loadu_si512(c->w + k), _mm512_loadu_si512(c->ws + k));
}

/* (x, y) -> interleave: lo = [x0 y0 x1 y1 x2 y2 x3 y3], hi = [x4 y4 .. x7 y7]. */
NTT_INLINE void shuffle(__m512i *x, __m512i *y) {
    const __m512i lo = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const __m512i hi = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    __m512i a = _mm512_permutex2var_epi64(*x, lo, *y);
    *y = _mm512_permutex2var_epi64(*x, hi, *y);
    *x = a;
}

/* Inverse of shuffle: lo = even lanes of (x, y), hi = odd lanes. */
NTT_INLINE void unshuffle(__m512i *x, __m512i *y) {
    const __m512i ev = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i od = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    __m512i a = _mm512_permutex2var_epi64(*x, ev, *y);
    *y = _mm512_permutex2var_epi64(*x, od, *y);
    *x = a;
}

NTT_INLINE void load8(__m512i x[8], const uint64_t *a, size_t stride) {
    for (int v = 0; v < 8; v++) x[v] = _mm512_loadu_si512(a + v * stride);
}

NTT_INLINE void store8(uint64_t *a, size_t stride, const __m512i x[8]) {
    for (int v = 0; v < 8; v++) _mm512_storeu_si512(a + v * stride, x[v]);
}

/* Strides 4, 2, 1 of the 16 coefficients (x, y), whose stride-8 table index is k; outputs
 * fully reduced. Each shuffle turns the next stride's pairs into matching lanes of x and y. */
NTT_INLINE void fwd_strides_4_2_1(__m512i *x, __m512i *y, const ntt_ctx *c, size_t k,
                                   const vmod *m) {
    shuffle(x, y);
    fwd_bfly(x, y, tw_x2(c, 2 * k), m);
    shuffle(x, y);
    fwd_bfly(x, y, tw_x4(c, 4 * k), m);
    shuffle(x, y);
    fwd_bfly(x, y, tw_x8(c, 8 * k), m);
    *x = reduce_once(reduce_once(*x, m->q2), m->q);
    *y = reduce_once(reduce_once(*y, m->q2), m->q);
    shuffle(x, y);
}

/* The last six forward stages on `count` chunks of 64; k is the stride-32 table index of the
 * first chunk. */
NTT_FN void fwd_tail(const ntt_ctx *c, uint64_t *restrict a, size_t k, size_t count) {
    vmod m = vmod_make(c->q);
    for (size_t b = 0; b < count; b++, k++, a += TAIL) {
        __m512i x[8];
        load8(x, a, 8);
        vtw t = tw_bcast(c, k);
        for (int v = 0; v < 4; v++) fwd_bfly(&x[v], &x[v + 4], t, &m);
        for (int h = 0; h < 2; h++) {
            t = tw_bcast(c, 2 * k + h);
            fwd_bfly(&x[4 * h], &x[4 * h + 2], t, &m);
            fwd_bfly(&x[4 * h + 1], &x[4 * h + 3], t, &m);
        }
        for (int p = 0; p < 4; p++) fwd_bfly(&x[2 * p], &x[2 * p + 1], tw_bcast(c, 4 * k + p), &m);
        for (int p = 0; p < 4; p++) fwd_strides_4_2_1(&x[2 * p], &x[2 * p + 1], c, 4 * k + p, &m);
        store8(a, 8, x);
    }
}

/* Inverse of fwd_strides_4_2_1 (strides 1, 2, 4), outputs in [0, 2q). */
NTT_INLINE void inv_strides_1_2_4(__m512i *x, __m512i *y, const ntt_ctx *c, size_t k,
                                   const vmod *m) {
    unshuffle(x, y);
    inv_bfly(x, y, tw_x8(c, 8 * k), m);
    unshuffle(x, y);
    inv_bfly(x, y, tw_x4(c, 4 * k), m);
    unshuffle(x, y);
    inv_bfly(x, y, tw_x2(c, 2 * k), m);
    unshuffle(x, y);
}

/* The first six inverse stages (strides 1 .. 32) on `count` chunks of 64. */
NTT_FN void inv_tail(const ntt_ctx *c, uint64_t *restrict a, size_t k, size_t count) {
    vmod m = vmod_make(c->q);
    for (size_t b = 0; b < count; b++, k++, a += TAIL) {
        __m512i x[8];
        load8(x, a, 8);
        for (int p = 0; p < 4; p++) inv_strides_1_2_4(&x[2 * p], &x[2 * p + 1], c, 4 * k + p, &m);
        for (int p = 0; p < 4; p++) inv_bfly(&x[2 * p], &x[2 * p + 1], tw_bcast(c, 4 * k + p), &m);
        for (int h = 0; h < 2; h++) {
            vtw t = tw_bcast(c, 2 * k + h);
            inv_bfly(&x[4 * h], &x[4 * h + 2], t, &m);
            inv_bfly(&x[4 * h + 1], &x[4 * h + 3], t, &m);
        }
        vtw t = tw_bcast(c, k);
        for (int v = 0; v < 4; v++) inv_bfly(&x[v], &x[v + 4], t, &m);
        store8(a, 8, x);
    }
}

/* Forward stage m on `count` blocks from block i (a points at block i). */
NTT_FN void fwd_radix2(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (2 * m);
    for (size_t k = m + i; k < m + i + count; k++, a += 2 * u) {
        vtw t = tw_bcast(c, k);
        for (size_t j = 0; j < u; j += 8) {
            __m512i x = _mm512_loadu_si512(a + j), y = _mm512_loadu_si512(a + j + u);
            fwd_bfly(&x, &y, t, &md);
            _mm512_storeu_si512(a + j, x);
            _mm512_storeu_si512(a + j + u, y);
        }
    }
}

/* Forward stages m, 2m on `count` blocks of stage m from block i. */
NTT_FN void fwd_radix4(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (4 * m);
    for (size_t k = m + i; k < m + i + count; k++, a += 4 * u) {
        vtw t1 = tw_bcast(c, k), t2a = tw_bcast(c, 2 * k), t2b = tw_bcast(c, 2 * k + 1);
        for (size_t j = 0; j < u; j += 8) {
            __m512i x[4];
            for (int v = 0; v < 4; v++) x[v] = _mm512_loadu_si512(a + j + v * u);
            fwd_bfly(&x[0], &x[2], t1, &md);
            fwd_bfly(&x[1], &x[3], t1, &md);
            fwd_bfly(&x[0], &x[1], t2a, &md);
            fwd_bfly(&x[2], &x[3], t2b, &md);
            for (int v = 0; v < 4; v++) _mm512_storeu_si512(a + j + v * u, x[v]);
        }
    }
}

/* Forward stages m, 2m, 4m on `count` blocks of stage m from block i. */
NTT_FN void fwd_radix8(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (8 * m);
    for (size_t k = m + i; k < m + i + count; k++, a += 8 * u) {
        vtw t1 = tw_bcast(c, k);
        vtw t2[2] = {tw_bcast(c, 2 * k), tw_bcast(c, 2 * k + 1)};
        vtw t3[4] = {tw_bcast(c, 4 * k), tw_bcast(c, 4 * k + 1), tw_bcast(c, 4 * k + 2),
                     tw_bcast(c, 4 * k + 3)};
        for (size_t j = 0; j < u; j += 8) {
            __m512i x[8];
            load8(x, a + j, u);
            for (int v = 0; v < 4; v++) fwd_bfly(&x[v], &x[v + 4], t1, &md);
            for (int h = 0; h < 2; h++) {
                fwd_bfly(&x[4 * h], &x[4 * h + 2], t2[h], &md);
                fwd_bfly(&x[4 * h + 1], &x[4 * h + 3], t2[h], &md);
            }
            for (int p = 0; p < 4; p++) fwd_bfly(&x[2 * p], &x[2 * p + 1], t3[p], &md);
            store8(a + j, u, x);
        }
    }
}

/* Stages per sweep: three where possible, never leaving a single one at the end. */
static unsigned radix_log(unsigned stages) {
    return stages == 4 ? 2 : stages < 3 ? stages : 3;
}

/* One sweep of r = 1, 2 or 3 forward stages, starting at stage m. */
NTT_FN void fwd_pass(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, size_t count,
                      unsigned r) {
    if (r == 3) fwd_radix8(c, a, m, i, count);
    else if (r == 2) fwd_radix4(c, a, m, i, count);
    else fwd_radix2(c, a, m, i, count);
}

/* Finishes block i of stage m (a points at it) sweep by sweep; `stages` precede the tail. */
NTT_FN void fwd_breadth(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, unsigned stages) {
    size_t count = 1;
    while (stages > 0) {
        unsigned r = radix_log(stages);
        fwd_pass(c, a, m, i, count, r);
        m <<= r;
        i <<= r;
        count <<= r;
        stages -= r;
    }
    fwd_tail(c, a, m + i, count);
}

/* Finishes block i of stage m, recursing into its sub-blocks until they fit in L1. */
NTT_FN void fwd_depth(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, unsigned stages) {
    size_t len = c->n / m;
    if (len <= L1_WORDS) {
        fwd_breadth(c, a, m, i, stages);
        return;
    }
    unsigned r = radix_log(stages);
    fwd_pass(c, a, m, i, 1, r);
    for (size_t s = 0; s < ((size_t)1 << r); s++)
        fwd_depth(c, a + s * (len >> r), m << r, (i << r) + s, stages - r);
}

/* Inverse stage m on `count` blocks from block i; stage 1 also scales by N^-1 and reduces. */
NTT_FN void inv_radix2(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (2 * m);
    vtw scale = tw_bcast(c, 0);
    for (size_t k = m + i; k < m + i + count; k++, a += 2 * u) {
        vtw t = tw_bcast(c, k);
        for (size_t j = 0; j < u; j += 8) {
            __m512i x = _mm512_loadu_si512(a + j), y = _mm512_loadu_si512(a + j + u);
            if (m == 1) inv_bfly_last(&x, &y, scale, t, &md);
            else inv_bfly(&x, &y, t, &md);
            _mm512_storeu_si512(a + j, x);
            _mm512_storeu_si512(a + j + u, y);
        }
    }
}

/* Inverse stages 2m, m on `count` blocks of stage m from block i. */
NTT_FN void inv_radix4(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (4 * m);
    vtw scale = tw_bcast(c, 0);
    for (size_t k = m + i; k < m + i + count; k++, a += 4 * u) {
        vtw t1 = tw_bcast(c, k), t2a = tw_bcast(c, 2 * k), t2b = tw_bcast(c, 2 * k + 1);
        for (size_t j = 0; j < u; j += 8) {
            __m512i x[4];
            for (int v = 0; v < 4; v++) x[v] = _mm512_loadu_si512(a + j + v * u);
            inv_bfly(&x[0], &x[1], t2a, &md);
            inv_bfly(&x[2], &x[3], t2b, &md);
            for (int v = 0; v < 2; v++) {
                if (m == 1) inv_bfly_last(&x[v], &x[v + 2], scale, t1, &md);
                else inv_bfly(&x[v], &x[v + 2], t1, &md);
            }
            for (int v = 0; v < 4; v++) _mm512_storeu_si512(a + j + v * u, x[v]);
        }
    }
}

/* Inverse stages 4m, 2m, m on `count` blocks of stage m from block i. */
NTT_FN void inv_radix8(const ntt_ctx *c, uint64_t *restrict a, size_t m, size_t i,
                        size_t count) {
    vmod md = vmod_make(c->q);
    size_t u = c->n / (8 * m);
    vtw scale = tw_bcast(c, 0);
    for (size_t k = m + i; k < m + i + count; k++, a += 8 * u) {
        vtw t1 = tw_bcast(c, k);
        vtw t2[2] = {tw_bcast(c, 2 * k), tw_bcast(c, 2 * k + 1)};
        vtw t3[4] = {tw_bcast(c, 4 * k), tw_bcast(c, 4 * k + 1), tw_bcast(c, 4 * k + 2),
                     tw_bcast(c, 4 * k + 3)};
        for (size_t j = 0; j < u; j += 8) {
            __m512i x[8];
            load8(x, a + j, u);
            for (int p = 0; p < 4; p++) inv_bfly(&x[2 * p], &x[2 * p + 1], t3[p], &md);
            for (int h = 0; h < 2; h++) {
                inv_bfly(&x[4 * h], &x[4 * h + 2], t2[h], &md);
                inv_bfly(&x[4 * h + 1], &x[4 * h + 3], t2[h], &md);
            }
            for (int v = 0; v < 4; v++) {
                if (m == 1) inv_bfly_last(&x[v], &x[v + 4], scale, t1, &md);
                else inv_bfly(&x[v], &x[v + 4], t1, &md);
            }
            store8(a + j, u, x);
        }
    }
}

/* One sweep of r = 1, 2 or 3 inverse stages, ending at stage m. */
NTT_FN void inv_pass(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, size_t count,
                      unsigned r) {
    if (r == 3) inv_radix8(c, a, m, i, count);
    else if (r == 2) inv_radix4(c, a, m, i, count);
    else inv_radix2(c, a, m, i, count);
}

/* Mirror of fwd_breadth: the tail first, then the sweeps in reverse order. */
NTT_FN void inv_breadth(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, unsigned stages) {
    unsigned r[8];
    unsigned sweeps = 0;
    for (unsigned s = stages; s > 0; s -= r[sweeps++]) r[sweeps] = radix_log(s);
    size_t count = (size_t)1 << stages;
    m <<= stages;
    i <<= stages;
    inv_tail(c, a, m + i, count);
    while (sweeps-- > 0) {
        m >>= r[sweeps];
        i >>= r[sweeps];
        count >>= r[sweeps];
        inv_pass(c, a, m, i, count, r[sweeps]);
    }
}

/* Mirror of fwd_depth: sub-blocks first, then this block's sweep. */
NTT_FN void inv_depth(const ntt_ctx *c, uint64_t *a, size_t m, size_t i, unsigned stages) {
    size_t len = c->n / m;
    if (len <= L1_WORDS) {
        inv_breadth(c, a, m, i, stages);
        return;
    }
    unsigned r = radix_log(stages);
    for (size_t s = 0; s < ((size_t)1 << r); s++)
        inv_depth(c, a + s * (len >> r), m << r, (i << r) + s, stages - r);
    inv_pass(c, a, m, i, 1, r);
}

#endif
