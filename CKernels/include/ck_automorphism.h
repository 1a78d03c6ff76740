#ifndef CK_AUTOMORPHISM_H
#define CK_AUTOMORPHISM_H

#include <stddef.h>
#include <stdint.h>
#include "ck_modulus.h"
#include "ck_status.h"

/* The ring automorphism a(X) -> a(X^k) of Z_q[X]/(X^N+1), k odd, 0 < k < 2N, N = 2^log_n with
 * 1 <= log_n <= 17; other arguments give CK_INVALID_ARGUMENT. */

/* Coefficient form: out must not alias in. Coefficient i moves to i*k mod 2N, negated when
 * i*k mod 2N >= N. */
ck_status ck_automorphism_coeff(uint64_t *restrict out, const uint64_t *restrict in,
                                uint32_t log_n, uint64_t k, const ck_modulus *m);

/* NTT form is a pure permutation of evaluations. Fills index[j] (N entries) such that
 * out[j] = in[index[j]] for the ck_ntt_forward ordering. */
ck_status ck_automorphism_ntt_index(uint32_t *index, uint32_t log_n, uint64_t k);

/* out[j] = in[index[j]] for j < n; out must not alias in. */
void ck_permute(uint64_t *restrict out, const uint64_t *restrict in, const uint32_t *restrict index, size_t n);

#endif
