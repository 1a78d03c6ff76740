/* CKernels: RNS-NTT polynomial arithmetic for heml (C11).
 *
 * Memory: the caller (Swift) owns every coefficient buffer. Kernels work on whole limbs
 * (n coefficients of one prime) and never allocate coefficient memory. Precomputed tables
 * live behind opaque handles created once and destroyed by their owner.
 *
 * Paths: every hot kernel takes a ck_path. CK_PATH_SCALAR is portable C; CK_PATH_AVX512IFMA
 * uses AVX-512 IFMA52 for primes below 2^50 and AVX-512F 64-bit lanes above; CK_PATH_AVX512F uses
 * the 64-bit lane kernels for every prime. The AVX-512 paths are valid only when
 * ck_path_available() says so. All paths give bit-identical results. Callers obtain the default
 * with ck_default_path().
 */
#ifndef CKERNELS_H
#define CKERNELS_H

#include "ck_status.h"
#include "ck_cpu.h"
#include "ck_modulus.h"
#include "ck_primes.h"
#include "ck_ntt.h"
#include "ck_elementwise.h"
#include "ck_rns.h"
#include "ck_automorphism.h"
#include "ck_crt.h"
#include "ck_chacha20.h"
#include "ck_system_random.h"
#include "ck_embedding.h"
#include "ck_memory.h"

#endif
