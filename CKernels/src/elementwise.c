/* Element-wise dispatch: AVX-512 bodies when the path asks for them and the CPU has them
 * (multiplications only for q < 2^50, where IFMA52 applies), else the portable bodies. */
#include "ck_elementwise.h"
#include "ck_elementwise_impl.h"
#include "ck_arith.h"

static int ck_use_avx512(ck_path path) {
#if CK_HAVE_AVX512_KERNELS
    return path == CK_PATH_AVX512IFMA && ck_path_available(path);
#else
    (void)path;
    return 0;
#endif
}

static int ck_use_ifma(ck_path path, const ck_modulus *m) {
    return m->value < CK_IFMA_MODULUS_LIMIT && ck_use_avx512(path);
}

#if CK_HAVE_AVX512_KERNELS
#define CK_DISPATCH(use, avx_call, portable_call) \
    do {                                          \
        if (use) {                                \
            avx_call;                             \
        } else {                                  \
            portable_call;                        \
        }                                         \
    } while (0)
#else
#define CK_DISPATCH(use, avx_call, portable_call) \
    do {                                          \
        (void)(use);                              \
        portable_call;                            \
    } while (0)
#endif

void ck_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_avx512(path), ck_avx512_add(r, a, b, n, m), ck_portable_add(r, a, b, n, m));
}

void ck_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_avx512(path), ck_avx512_sub(r, a, b, n, m), ck_portable_sub(r, a, b, n, m));
}

void ck_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_avx512(path), ck_avx512_negate(r, a, n, m), ck_portable_negate(r, a, n, m));
}

void ck_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_ifma(path, m), ck_avx512_mul(r, a, b, n, m), ck_portable_mul(r, a, b, n, m));
}

void ck_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_ifma(path, m), ck_avx512_mul_add(r, a, b, n, m), ck_portable_mul_add(r, a, b, n, m));
}

void ck_mul_scalar_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                         const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_ifma(path, m), ck_avx512_mul_shoup(r, a, c, c_shoup, n, m),
                ck_portable_mul_shoup(r, a, c, c_shoup, n, m));
}

void ck_mul_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path) {
    ck_mul_scalar_shoup(r, a, c, ck_shoup_inline(c, m->value), n, m, path);
}

void ck_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_avx512(path), ck_avx512_add_scalar(r, a, c, n, m), ck_portable_add_scalar(r, a, c, n, m));
}

void ck_sub_mul_scalar_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                             size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_ifma(path, m), ck_avx512_sub_mul_shoup(r, a, b, c, c_shoup, n, m),
                ck_portable_sub_mul_shoup(r, a, b, c, c_shoup, n, m));
}

void ck_sub_mul_scalar(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, size_t n,
                       const ck_modulus *m, ck_path path) {
    ck_sub_mul_scalar_shoup(r, a, b, c, ck_shoup_inline(c, m->value), n, m, path);
}

void ck_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_ifma(path, m) && m->value >= CK_IFMA_REDUCE_MODULUS_MIN, ck_avx512_reduce_limb(r, x, n, m),
                ck_portable_reduce_limb(r, x, n, m));
}
