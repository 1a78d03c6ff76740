#ifndef CK_ELEMENTWISE_H
#define CK_ELEMENTWISE_H

#include <stddef.h>
#include <stdint.h>
#include "ck_cpu.h"
#include "ck_modulus.h"

/* Element-wise arithmetic over one limb of n coefficients modulo m->value.
 * Inputs are in [0, q), outputs in [0, q). `r` may alias `a` or `b` (in-place use: the same
 * pointer, not a partial overlap). */

void ck_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path);
void ck_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path);
void ck_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m, ck_path path);

/* r = a * b */
void ck_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path);

/* r = r + a * b */
void ck_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m, ck_path path);

/* r = a * c for a constant c < q (Shoup). */
void ck_mul_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path);

/* r = a + c for a constant c < q. */
void ck_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m, ck_path path);

/* r = (a - b) * c for a constant c < q: the last step of rescaling and of key-switching mod-down. */
void ck_sub_mul_scalar(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, size_t n,
                       const ck_modulus *m, ck_path path);

/* r = x mod q for arbitrary 64-bit inputs x (e.g. residues of another prime). */
void ck_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m, ck_path path);

#endif
