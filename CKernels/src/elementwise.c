/* Element-wise dispatch. On either AVX-512 path (when the CPU has it) additions run on 64-bit
 * lanes; multiplications use IFMA52 on CK_PATH_AVX512IFMA for q < 2^50 and the AVX-512F/DQ
 * kernels otherwise. Without AVX-512 the portable bodies run. */
#include "ck_elementwise.h"
#include "ck_elementwise_impl.h"
#include "ck_arith.h"

/* Which body runs a multiplication. */
typedef enum { CK_BODY_PORTABLE, CK_BODY_AVX512F, CK_BODY_IFMA } ck_body;

static int ck_use_avx512(ck_path path) {
#if CK_HAVE_AVX512_KERNELS
    return (path == CK_PATH_AVX512IFMA || path == CK_PATH_AVX512F) && ck_path_available(path);
#else
    (void)path;
    return 0;
#endif
}

/* `ifma_ok`: the IFMA kernel accepts this modulus. */
static ck_body ck_mul_body(ck_path path, int ifma_ok) {
    if (!ck_use_avx512(path)) {
        return CK_BODY_PORTABLE;
    }
    return path == CK_PATH_AVX512IFMA && ifma_ok ? CK_BODY_IFMA : CK_BODY_AVX512F;
}

static ck_body ck_mul_body_for(ck_path path, const ck_modulus *m) {
    return ck_mul_body(path, m->value < CK_IFMA_MODULUS_LIMIT);
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
#define CK_DISPATCH3(body, ifma_call, avx512f_call, portable_call) \
    do {                                                           \
        switch (body) {                                            \
        case CK_BODY_IFMA:                                         \
            ifma_call;                                             \
            break;                                                 \
        case CK_BODY_AVX512F:                                      \
            avx512f_call;                                          \
            break;                                                 \
        case CK_BODY_PORTABLE:                                     \
            portable_call;                                         \
            break;                                                 \
        }                                                          \
    } while (0)
#else
#define CK_DISPATCH(use, avx_call, portable_call) \
    do {                                          \
        (void)(use);                              \
        portable_call;                            \
    } while (0)
#define CK_DISPATCH3(body, ifma_call, avx512f_call, portable_call) \
    do {                                                           \
        (void)(body);                                              \
        portable_call;                                             \
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
    CK_DISPATCH3(ck_mul_body_for(path, m), ck_avx512_mul(r, a, b, n, m), ck_avx512f_mul(r, a, b, n, m),
                 ck_portable_mul(r, a, b, n, m));
}

void ck_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH3(ck_mul_body_for(path, m), ck_avx512_mul_add(r, a, b, n, m), ck_avx512f_mul_add(r, a, b, n, m),
                 ck_portable_mul_add(r, a, b, n, m));
}

void ck_mul_scalar_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                         const ck_modulus *m, ck_path path) {
    CK_DISPATCH3(ck_mul_body_for(path, m), ck_avx512_mul_shoup(r, a, c, c_shoup, n, m),
                 ck_avx512f_mul_shoup(r, a, c, c_shoup, n, m), ck_portable_mul_shoup(r, a, c, c_shoup, n, m));
}

void ck_mul_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path) {
    ck_mul_scalar_shoup(r, a, c, ck_shoup_inline(c, m->value), n, m, path);
}

void ck_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH(ck_use_avx512(path), ck_avx512_add_scalar(r, a, c, n, m), ck_portable_add_scalar(r, a, c, n, m));
}

void ck_sub_mul_scalar_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                             size_t n, const ck_modulus *m, ck_path path) {
    CK_DISPATCH3(ck_mul_body_for(path, m), ck_avx512_sub_mul_shoup(r, a, b, c, c_shoup, n, m),
                 ck_avx512f_sub_mul_shoup(r, a, b, c, c_shoup, n, m),
                 ck_portable_sub_mul_shoup(r, a, b, c, c_shoup, n, m));
}

void ck_sub_mul_scalar(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, size_t n,
                       const ck_modulus *m, ck_path path) {
    ck_sub_mul_scalar_shoup(r, a, b, c, ck_shoup_inline(c, m->value), n, m, path);
}

void ck_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m, ck_path path) {
    const int ifma_ok = m->value < CK_IFMA_MODULUS_LIMIT && m->value >= CK_IFMA_REDUCE_MODULUS_MIN;
    CK_DISPATCH3(ck_mul_body(path, ifma_ok), ck_avx512_reduce_limb(r, x, n, m), ck_avx512f_reduce_limb(r, x, n, m),
                 ck_portable_reduce_limb(r, x, n, m));
}
