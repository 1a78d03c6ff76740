/* Private constant-time word arithmetic shared by the kernels: 128-bit products, Barrett and
 * Shoup reductions, masked conditional subtraction. */
#ifndef CK_ARITH_H
#define CK_ARITH_H

#include <stdint.h>
#include "ck_modulus.h"

__extension__ typedef unsigned __int128 ck_u128;

/* x - q when x >= q, else x; valid for x < 2q <= 2^63 (the borrow lands in bit 63). */
static inline uint64_t ck_csub(uint64_t x, uint64_t q) {
    uint64_t t = x - q;
    return t + (q & (0 - (t >> 63)));
}

/* q - a for a in (0, q), 0 for a = 0. */
static inline uint64_t ck_neg_mod(uint64_t a, uint64_t q) {
    uint64_t nonzero = (a | (0 - a)) >> 63;
    return (q - a) & (0 - nonzero);
}

static inline uint64_t ck_add_mod(uint64_t a, uint64_t b, uint64_t q) {
    return ck_csub(a + b, q);
}

static inline uint64_t ck_sub_mod(uint64_t a, uint64_t b, uint64_t q) {
    uint64_t d = a - b;
    return d + (q & (0 - (d >> 63)));
}

/* x mod q for any x < 2^128. With R = floor(2^128/q), qhat = floor(x*R / 2^128) satisfies
 * x/q - 1 < qhat <= x/q, so x - qhat*q lies in [0, 2q); it is computed mod 2^64, which is exact
 * because 2q < 2^64 (qhat itself may be truncated mod 2^64 without changing the result). */
static inline uint64_t ck_barrett128(ck_u128 x, const ck_modulus *m) {
    uint64_t x0 = (uint64_t)x, x1 = (uint64_t)(x >> 64);
    ck_u128 p00 = (ck_u128)x0 * m->barrett_lo;
    ck_u128 p01 = (ck_u128)x0 * m->barrett_hi;
    ck_u128 p10 = (ck_u128)x1 * m->barrett_lo;
    ck_u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    uint64_t qhat = x1 * m->barrett_hi + (uint64_t)(p01 >> 64) + (uint64_t)(p10 >> 64) + (uint64_t)(mid >> 64);
    return ck_csub(x0 - qhat * m->value, m->value);
}

/* x mod q for any 64-bit x: barrett_hi = floor(2^64/q), so qhat = floor(x*barrett_hi / 2^64)
 * is floor(x/q) or one less, and x - qhat*q < 2q. */
static inline uint64_t ck_barrett64(uint64_t x, const ck_modulus *m) {
    uint64_t qhat = (uint64_t)(((ck_u128)x * m->barrett_hi) >> 64);
    return ck_csub(x - qhat * m->value, m->value);
}

static inline uint64_t ck_mul_mod_inline(uint64_t a, uint64_t b, const ck_modulus *m) {
    return ck_barrett128((ck_u128)a * b, m);
}

/* x*w mod q for any 64-bit x with w_shoup = floor(w*2^64/q), w < q: qhat = floor(x*w_shoup/2^64)
 * is floor(x*w/q) or one less, so x*w - qhat*q (exact mod 2^64) lies in [0, 2q). */
static inline uint64_t ck_mul_shoup_inline(uint64_t x, uint64_t w, uint64_t w_shoup, uint64_t q) {
    uint64_t qhat = (uint64_t)(((ck_u128)x * w_shoup) >> 64);
    return ck_csub(x * w - qhat * q, q);
}

static inline uint64_t ck_shoup_inline(uint64_t w, uint64_t q) {
    return (uint64_t)(((ck_u128)w << 64) / q);
}

#endif
