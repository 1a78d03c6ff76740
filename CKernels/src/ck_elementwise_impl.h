/* Private interface between the element-wise dispatcher and its portable and AVX-512 bodies,
 * plus the Shoup-companion entry points used by the RNS kernels. */
#ifndef CK_ELEMENTWISE_IMPL_H
#define CK_ELEMENTWISE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "ck_cpu.h"
#include "ck_modulus.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CK_HAVE_AVX512_KERNELS 1
#else
#define CK_HAVE_AVX512_KERNELS 0
#endif

/* IFMA52 multiplications need q < 2^50; ck_reduce_limb on IFMA also needs q >= 2^13. */
#define CK_IFMA_MODULUS_LIMIT ((uint64_t)1 << 50)
#define CK_IFMA_REDUCE_MODULUS_MIN ((uint64_t)1 << 13)

/* r = a * c with c_shoup = ck_shoup(c, q). */
void ck_mul_scalar_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                         const ck_modulus *m, ck_path path);

/* r = (a - b) * c with c_shoup = ck_shoup(c, q). */
void ck_sub_mul_scalar_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                             size_t n, const ck_modulus *m, ck_path path);

void ck_portable_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_portable_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_portable_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m);
void ck_portable_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_portable_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_portable_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                           const ck_modulus *m);
void ck_portable_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m);
void ck_portable_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                               size_t n, const ck_modulus *m);
void ck_portable_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m);

#if CK_HAVE_AVX512_KERNELS
/* AVX-512F/DQ (elementwise_avx512f.c), any q < 2^61; used by both AVX-512 paths. */
void ck_avx512_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m);
void ck_avx512_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m);
void ck_avx512f_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512f_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512f_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                          const ck_modulus *m);
void ck_avx512f_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                              size_t n, const ck_modulus *m);
void ck_avx512f_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m);
/* AVX-512 IFMA52 (elementwise_avx512.c): q < CK_IFMA_MODULUS_LIMIT (and q >= CK_IFMA_REDUCE_MODULUS_MIN for
 * reduce_limb). */
void ck_avx512_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m);
void ck_avx512_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                         const ck_modulus *m);
void ck_avx512_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                             size_t n, const ck_modulus *m);
void ck_avx512_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m);
#endif

#endif
