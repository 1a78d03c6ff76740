/* Public NTT entry points: IFMA52 kernels on CK_PATH_AVX512IFMA for q < 2^50, the AVX-512F
 * kernels on CK_PATH_AVX512F and on CK_PATH_AVX512IFMA for larger q, else scalar. */
#include "ntt_internal.h"

typedef enum { NTT_SCALAR, NTT_AVX512F, NTT_IFMA } ntt_body;

static ntt_body ntt_choose(const uint64_t *shoup52, ck_path path) {
    if (path == CK_PATH_AVX512IFMA && shoup52) return NTT_IFMA;
    if (path == CK_PATH_AVX512IFMA || path == CK_PATH_AVX512F) return NTT_AVX512F;
    return NTT_SCALAR;
}

void ck_ntt_forward(const ck_ntt_tables *tables, uint64_t *a, ck_path path) {
#if CK_NTT_HAVE_AVX512
    switch (ntt_choose(tables->fwd_shoup52, path)) {
    case NTT_IFMA:
        ck_ntt_forward_ifma(tables, a);
        return;
    case NTT_AVX512F:
        ck_ntt_forward_avx512f(tables, a);
        return;
    case NTT_SCALAR:
        break;
    }
#else
    (void)path;
#endif
    ck_ntt_forward_scalar(tables, a);
}

void ck_ntt_inverse(const ck_ntt_tables *tables, uint64_t *a, ck_path path) {
#if CK_NTT_HAVE_AVX512
    switch (ntt_choose(tables->inv_shoup52, path)) {
    case NTT_IFMA:
        ck_ntt_inverse_ifma(tables, a);
        return;
    case NTT_AVX512F:
        ck_ntt_inverse_avx512f(tables, a);
        return;
    case NTT_SCALAR:
        break;
    }
#else
    (void)path;
#endif
    ck_ntt_inverse_scalar(tables, a);
}
