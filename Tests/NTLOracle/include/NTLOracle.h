/* Test oracle: reference computations with NTL behind a plain C interface. Every function
 * returns NTL_ORACLE_OK on success; no C++ exception ever crosses this boundary. */
#ifndef NTL_ORACLE_H
#define NTL_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    NTL_ORACLE_OK = 0,
    NTL_ORACLE_INVALID_ARGUMENT = 1, /* e.g. q < 2, log_n > 20, too few output words */
    NTL_ORACLE_ERROR = 2             /* NTL raised an exception (out of memory, internal error) */
};

/* out = a * b mod (X^N + 1, q), N = 2^log_n (log_n <= 20), q >= 2; inputs are reduced mod q first. */
int ntl_negacyclic_multiply(const uint64_t *a, const uint64_t *b, uint64_t *out, uint32_t log_n, uint64_t q);

/* 1 when q is prime (NTL ProbPrime), 0 when composite, negative on error. */
int ntl_is_prime(uint64_t q);

/* CRT of one coefficient: residues[i] mod moduli[i] (pairwise coprime, each >= 2) to the
 * centered representative in (-Q/2, Q/2], written as `words` two's-complement little-endian
 * 64-bit words. NTL_ORACLE_INVALID_ARGUMENT when it does not fit in `words` words. */
int ntl_crt_centered_words(const uint64_t *moduli, size_t count, const uint64_t *residues, uint64_t *out_words,
                           size_t words);

/* out = a^e mod q, q >= 2. */
int ntl_power_mod(uint64_t a, uint64_t e, uint64_t q, uint64_t *out);

#ifdef __cplusplus
}
#endif

#endif
