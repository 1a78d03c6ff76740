#ifndef CK_CPU_H
#define CK_CPU_H

/* Implementation path of the hot kernels. */
typedef enum {
    CK_PATH_SCALAR = 0,       /* portable C11, any CPU */
    CK_PATH_AVX512IFMA = 1,   /* AVX-512F/VL/DQ/BW + IFMA52: primes below 2^50 use IFMA52, larger ones the
                                 AVX-512F 64-bit kernels of CK_PATH_AVX512F */
    CK_PATH_AVX512F = 2       /* AVX-512F/VL/DQ/BW without IFMA: 64-bit lane kernels for every prime */
} ck_path;

/* 1 when `path` can run on this CPU (CPUID and OS support for ZMM state), else 0. */
int ck_path_available(ck_path path);

/* The fastest available path (IFMA, then AVX-512F, then scalar), unless the environment variable
 * HEML_KERNEL_PATH is "scalar" (forces CK_PATH_SCALAR) or "avx512f" (CK_PATH_AVX512F where available).
 * Detected once; thread-safe. */
ck_path ck_default_path(void);

#endif
