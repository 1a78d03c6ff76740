#ifndef CK_CPU_H
#define CK_CPU_H

/* Implementation path of the hot kernels. */
typedef enum {
    CK_PATH_SCALAR = 0,       /* portable C11, any CPU */
    CK_PATH_AVX512IFMA = 1    /* AVX-512F/VL/DQ/BW + IFMA52; primes below 2^50 use IFMA, others fall back to scalar */
} ck_path;

/* 1 when `path` can run on this CPU (CPUID and OS support for ZMM state), else 0. */
int ck_path_available(ck_path path);

/* The fastest available path, unless the environment variable HEML_KERNEL_PATH is "scalar"
 * (forces CK_PATH_SCALAR). Detected once; thread-safe. */
ck_path ck_default_path(void);

#endif
