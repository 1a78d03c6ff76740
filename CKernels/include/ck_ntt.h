#ifndef CK_NTT_H
#define CK_NTT_H

#include <stdint.h>
#include "ck_cpu.h"
#include "ck_status.h"

/* Negacyclic NTT tables for one prime q and ring degree N = 2^log_n (10 <= log_n <= 17).
 * Immutable after creation: one table may be used by many threads at once.
 *
 * Convention (fixed; automorphisms and tests rely on it): for a(X) = sum a_i X^i, the forward
 * transform writes, at index j, the evaluation a(psi^(2*bitrev(j)+1)) mod q, where psi is the
 * table's primitive 2N-th root and bitrev reverses log_n bits. Inputs and outputs of the public
 * calls are fully reduced, in [0, q). Internally butterflies are lazy (Harvey): values stay
 * in [0, 4q), which is why q < 2^61 (scalar and AVX-512F) and q < 2^50 (IFMA52 kernels). */
typedef struct ck_ntt_tables ck_ntt_tables;

/* Creates tables for prime q = 1 mod 2N using root psi (a primitive 2N-th root of unity;
 * pass 0 to use ck_minimal_primitive_root). q must pass ck_is_prime and psi must be < q. */
ck_status ck_ntt_tables_create(uint64_t q, uint32_t log_n, uint64_t psi, ck_ntt_tables **out);
void ck_ntt_tables_destroy(ck_ntt_tables *tables);

uint64_t ck_ntt_modulus(const ck_ntt_tables *tables);
uint32_t ck_ntt_log_n(const ck_ntt_tables *tables);
uint64_t ck_ntt_root(const ck_ntt_tables *tables);

/* In-place forward transform of one limb of N coefficients in [0, q). */
void ck_ntt_forward(const ck_ntt_tables *tables, uint64_t *a, ck_path path);

/* In-place inverse transform (includes the 1/N scaling), inverse of ck_ntt_forward. */
void ck_ntt_inverse(const ck_ntt_tables *tables, uint64_t *a, ck_path path);

#endif
