/* Modular arithmetic on one word: Barrett constants, multiplication, reduction, powers,
 * inverses and Shoup multiplication by a fixed constant. */
#include <stddef.h>
#include "ck_modulus.h"
#include "ck_arith.h"

ck_status ck_modulus_init(ck_modulus *m, uint64_t q) {
    if (m == NULL || q <= 2 || (q & 1) == 0 || q >> CK_MAX_MODULUS_BITS != 0) {
        return CK_INVALID_ARGUMENT;
    }
    /* floor((2^128 - 1) / q) = floor(2^128 / q) since an odd q > 1 does not divide 2^128. */
    ck_u128 ratio = ~(ck_u128)0 / q;
    m->value = q;
    m->barrett_hi = (uint64_t)(ratio >> 64);
    m->barrett_lo = (uint64_t)ratio;
    return CK_OK;
}

uint64_t ck_mul_mod(uint64_t a, uint64_t b, const ck_modulus *m) {
    return ck_mul_mod_inline(a, b, m);
}

uint64_t ck_reduce(uint64_t x, const ck_modulus *m) {
    return ck_barrett64(x, m);
}

/* Fixed 64-step square-and-multiply with a masked select: time independent of base and exp. */
uint64_t ck_pow_mod(uint64_t base, uint64_t exp, const ck_modulus *m) {
    uint64_t b = ck_barrett64(base, m);
    uint64_t r = ck_barrett64(1, m);
    for (int i = 0; i < 64; i++) {
        uint64_t mask = 0 - ((exp >> i) & 1);
        uint64_t t = ck_mul_mod_inline(r, b, m);
        r = (t & mask) | (r & ~mask);
        b = ck_mul_mod_inline(b, b, m);
    }
    return r;
}

uint64_t ck_inv_mod(uint64_t a, const ck_modulus *m) {
    return ck_pow_mod(a, m->value - 2, m);
}

uint64_t ck_shoup(uint64_t w, uint64_t q) {
    return ck_shoup_inline(w, q);
}

uint64_t ck_mul_shoup(uint64_t x, uint64_t w, uint64_t w_shoup, uint64_t q) {
    return ck_mul_shoup_inline(x, w, w_shoup, q);
}
