#ifndef CK_MODULUS_H
#define CK_MODULUS_H

#include <stdint.h>
#include "ck_status.h"

/* Largest supported modulus bit size: q < 2^61, so lazy values below 4q fit in 63 bits. */
#define CK_MAX_MODULUS_BITS 61

/* An odd modulus 2 < q < 2^61 with its Barrett constant floor(2^128 / q). */
typedef struct {
    uint64_t value;
    uint64_t barrett_hi;   /* high word of floor(2^128 / q) */
    uint64_t barrett_lo;   /* low word of floor(2^128 / q) */
} ck_modulus;

/* Fills `m` for q. CK_INVALID_ARGUMENT unless 2 < q < 2^61 and q odd. */
ck_status ck_modulus_init(ck_modulus *m, uint64_t q);

/* a * b mod q for a, b < q (128-bit Barrett; constant time). */
uint64_t ck_mul_mod(uint64_t a, uint64_t b, const ck_modulus *m);

/* Any 64-bit x reduced mod q (constant time). */
uint64_t ck_reduce(uint64_t x, const ck_modulus *m);

/* base^exp mod q. */
uint64_t ck_pow_mod(uint64_t base, uint64_t exp, const ck_modulus *m);

/* Inverse of a mod q (q prime, a != 0 mod q), via Fermat. 0 when a = 0 mod q. */
uint64_t ck_inv_mod(uint64_t a, const ck_modulus *m);

/* Shoup precomputation floor(w * 2^64 / q) for a constant w < q. */
uint64_t ck_shoup(uint64_t w, uint64_t q);

/* x * w mod q using w_shoup = ck_shoup(w, q); any 64-bit x; result in [0, q). */
uint64_t ck_mul_shoup(uint64_t x, uint64_t w, uint64_t w_shoup, uint64_t q);

#endif
