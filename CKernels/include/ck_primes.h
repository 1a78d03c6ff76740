#ifndef CK_PRIMES_H
#define CK_PRIMES_H

#include <stddef.h>
#include <stdint.h>
#include "ck_status.h"

/* Writes `count` distinct primes q with q = 1 (mod 2^(log_n+1)) and bit length exactly `bits`
 * (2^(bits-1) < q < 2^bits), in a deterministic order: descending from the largest such prime,
 * skipping any value listed in `exclude` (may be NULL when exclude_count is 0).
 * Primality is decided with GMP (BPSW plus Miller-Rabin rounds; deterministic below 2^64).
 * 20 <= bits <= 61, 1 <= log_n <= 17. CK_NOT_FOUND if fewer primes exist in that range. */
ck_status ck_find_ntt_primes(uint32_t bits, uint32_t log_n, size_t count,
                             const uint64_t *exclude, size_t exclude_count, uint64_t *out);

/* 1 when q is prime (GMP), else 0. */
int ck_is_prime(uint64_t q);

/* The smallest primitive 2N-th root of unity mod q (N = 2^log_n), i.e. the smallest psi with
 * psi^N = -1 mod q. Requires 1 <= log_n <= 17, q prime, q < 2^61 and q = 1 mod 2N, else
 * CK_INVALID_ARGUMENT. */
ck_status ck_minimal_primitive_root(uint64_t q, uint32_t log_n, uint64_t *root);

#endif
