/* Public NTT entry points: choose the IFMA52 kernels when asked for and q < 2^50, else scalar. */
#include "ntt_internal.h"

void ck_ntt_forward(const ck_ntt_tables *tables, uint64_t *a, ck_path path) {
#if CK_NTT_HAVE_IFMA
    if (path == CK_PATH_AVX512IFMA && tables->fwd_shoup52) {
        ck_ntt_forward_ifma(tables, a);
        return;
    }
#endif
    (void)path;
    ck_ntt_forward_scalar(tables, a);
}

void ck_ntt_inverse(const ck_ntt_tables *tables, uint64_t *a, ck_path path) {
#if CK_NTT_HAVE_IFMA
    if (path == CK_PATH_AVX512IFMA && tables->inv_shoup52) {
        ck_ntt_inverse_ifma(tables, a);
        return;
    }
#endif
    (void)path;
    ck_ntt_inverse_scalar(tables, a);
}
