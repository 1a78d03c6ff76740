/* Private layout of the NTT tables and the per-path transform entry points (not installed). */
#ifndef CK_NTT_INTERNAL_H
#define CK_NTT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "ck_ntt.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CK_NTT_HAVE_AVX512 1
#else
#define CK_NTT_HAVE_AVX512 0
#endif

/* Largest modulus (exclusive) that takes the IFMA52 path: lazy values below 4q fit in 52 bits. */
#define CK_NTT_IFMA_MODULUS_LIMIT (UINT64_C(1) << 50)

/* Every array has N entries, indexed like the butterflies that read it: the stage with m blocks
 * (stride N/(2m)) uses entries m .. 2m-1, entry m+i for block i.
 *   fwd[k]   = psi^bitrev(k)            (Cooley-Tukey forward; fwd[0] = 1 is unused)
 *   inv[k]   = psi^-bitrev(k)           (Gentleman-Sande inverse, k >= 2)
 *   inv[1]   = psi^-bitrev(1) * N^-1    (last inverse stage, scaling merged)
 *   inv[0]   = N^-1
 * *_shoup   = floor(w * 2^64 / q) for the scalar and AVX-512F paths,
 * *_shoup52 = floor(w * 2^52 / q) for the IFMA path (NULL when q >= 2^50). */
struct ck_ntt_tables {
    uint64_t q;
    uint64_t psi;
    uint32_t log_n;
    uint64_t *fwd;
    uint64_t *fwd_shoup;
    uint64_t *fwd_shoup52;
    uint64_t *inv;
    uint64_t *inv_shoup;
    uint64_t *inv_shoup52;
    void *storage;
};

void ck_ntt_forward_scalar(const ck_ntt_tables *tables, uint64_t *a);
void ck_ntt_inverse_scalar(const ck_ntt_tables *tables, uint64_t *a);

#if CK_NTT_HAVE_AVX512
/* Require tables->fwd_shoup52 != NULL (q < 2^50) and a CPU with AVX-512 IFMA. */
void ck_ntt_forward_ifma(const ck_ntt_tables *tables, uint64_t *a);
void ck_ntt_inverse_ifma(const ck_ntt_tables *tables, uint64_t *a);
/* Any table (q < 2^61); require a CPU with AVX-512F/DQ. */
void ck_ntt_forward_avx512f(const ck_ntt_tables *tables, uint64_t *a);
void ck_ntt_inverse_avx512f(const ck_ntt_tables *tables, uint64_t *a);
#endif

#endif
