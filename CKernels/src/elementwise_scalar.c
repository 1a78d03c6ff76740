/* Portable element-wise limb arithmetic; every operation is branch-free in the data. The
 * modulus is copied to a local so stores through r (which may alias a or b) cannot alias it. */
#include "ck_elementwise_impl.h"
#include "ck_arith.h"

void ck_portable_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_add_mod(a[i], b[i], q);
    }
}

void ck_portable_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_sub_mod(a[i], b[i], q);
    }
}

void ck_portable_negate(uint64_t *r, const uint64_t *a, size_t n, const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_neg_mod(a[i], q);
    }
}

void ck_portable_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const ck_modulus mod = *m;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_mul_mod_inline(a[i], b[i], &mod);
    }
}

/* a*b + r < q^2 + q < 2^122: one Barrett reduction of the 128-bit sum. */
void ck_portable_mul_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t n, const ck_modulus *m) {
    const ck_modulus mod = *m;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_barrett128((ck_u128)a[i] * b[i] + r[i], &mod);
    }
}

void ck_portable_mul_shoup(uint64_t *r, const uint64_t *a, uint64_t c, uint64_t c_shoup, size_t n,
                           const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_mul_shoup_inline(a[i], c, c_shoup, q);
    }
}

void ck_portable_add_scalar(uint64_t *r, const uint64_t *a, uint64_t c, size_t n, const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_add_mod(a[i], c, q);
    }
}

/* a - b + q lies in [1, 2q), a valid Shoup input, so no reduction is needed before multiplying. */
void ck_portable_sub_mul_shoup(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t c, uint64_t c_shoup,
                               size_t n, const ck_modulus *m) {
    const uint64_t q = m->value;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_mul_shoup_inline(a[i] + q - b[i], c, c_shoup, q);
    }
}

void ck_portable_reduce_limb(uint64_t *r, const uint64_t *x, size_t n, const ck_modulus *m) {
    const ck_modulus mod = *m;
    for (size_t i = 0; i < n; i++) {
        r[i] = ck_barrett64(x[i], &mod);
    }
}
