#ifndef CK_CRT_H
#define CK_CRT_H

#include <stddef.h>
#include <stdint.h>
#include "ck_status.h"

/* CRT recomposition with GMP: from residues modulo distinct primes q_0..q_{k-1}
 * (Q = prod q_i) to the centered representative in (-Q/2, Q/2]. */
typedef struct ck_crt ck_crt;

ck_status ck_crt_create(const uint64_t *moduli, size_t count, ck_crt **out);
void ck_crt_destroy(ck_crt *crt);

/* Number of 64-bit words of the two's-complement output of ck_crt_to_words: ceil(bitlen(Q) / 64). */
size_t ck_crt_word_count(const ck_crt *crt);

/* in: count limbs of n coefficients (limb-major, coefficient form). out[c] = centered value of
 * coefficient c divided by `divisor` (> 0), rounded to the nearest double (exact rounding of
 * the big quotient, so precision is kept when Q is far above 2^64). A divisor that is not a
 * finite positive number yields NaN. */
void ck_crt_to_double(const ck_crt *crt, const uint64_t *in, size_t n, double divisor, double *out);

/* Centered values as two's-complement little-endian integers of ck_crt_word_count() words each:
 * out[c * words + w]. */
void ck_crt_to_words(const ck_crt *crt, const uint64_t *in, size_t n, uint64_t *out);

#endif
