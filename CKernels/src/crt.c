/* CRT recomposition with GMP to centered big integers, exported as correctly rounded doubles or
 * two's-complement words. The handle is immutable after creation; each call owns its temporaries. */
#include <math.h>
#include <stdlib.h>
#include "ck_crt.h"
#include "ck_modulus.h"
#include "ck_primes.h"
#include "ck_arith.h"
#include "ck_gmp.h"

struct ck_crt {
    size_t count, words;
    mpz_t q_prod;                /* Q */
    mpz_t q_half;                /* floor(Q/2) */
    mpz_t *q_hat;                /* Q/q_i */
    ck_modulus *moduli;
    uint64_t *q_hat_inv;         /* (Q/q_i)^-1 mod q_i */
    uint64_t *q_hat_inv_shoup;
};

static int ck_crt_valid_moduli(const uint64_t *moduli, size_t count) {
    for (size_t i = 0; i < count; i++) {
        ck_modulus m;
        if (ck_modulus_init(&m, moduli[i]) != CK_OK || !ck_is_prime(moduli[i])) {
            return 0;
        }
        for (size_t j = 0; j < i; j++) {
            if (moduli[j] == moduli[i]) {
                return 0;
            }
        }
    }
    return 1;
}

static void ck_crt_init_terms(ck_crt *crt, const uint64_t *moduli) {
    mpz_init_set_ui(crt->q_prod, 1);
    for (size_t i = 0; i < crt->count; i++) {
        mpz_mul_ui(crt->q_prod, crt->q_prod, moduli[i]);
    }
    mpz_init(crt->q_half);
    mpz_fdiv_q_2exp(crt->q_half, crt->q_prod, 1);
    crt->words = (mpz_sizeinbase(crt->q_prod, 2) + 63) / 64;
    for (size_t i = 0; i < crt->count; i++) {
        const ck_modulus *m = &crt->moduli[i];
        ck_modulus_init(&crt->moduli[i], moduli[i]);
        mpz_init(crt->q_hat[i]);
        mpz_divexact_ui(crt->q_hat[i], crt->q_prod, moduli[i]);
        uint64_t inv = ck_inv_mod(mpz_fdiv_ui(crt->q_hat[i], moduli[i]), m);
        crt->q_hat_inv[i] = inv;
        crt->q_hat_inv_shoup[i] = ck_shoup_inline(inv, moduli[i]);
    }
}

ck_status ck_crt_create(const uint64_t *moduli, size_t count, ck_crt **out) {
    if (out == NULL || moduli == NULL || count == 0 || !ck_crt_valid_moduli(moduli, count)) {
        return CK_INVALID_ARGUMENT;
    }
    ck_crt *crt = malloc(sizeof *crt);
    mpz_t *q_hat = malloc(count * sizeof *q_hat);
    ck_modulus *mods = malloc(count * sizeof *mods);
    uint64_t *inv = malloc(2 * count * sizeof *inv);
    if (crt == NULL || q_hat == NULL || mods == NULL || inv == NULL) {
        free(crt);
        free(q_hat);
        free(mods);
        free(inv);
        return CK_OUT_OF_MEMORY;
    }
    crt->count = count;
    crt->q_hat = q_hat;
    crt->moduli = mods;
    crt->q_hat_inv = inv;
    crt->q_hat_inv_shoup = inv + count;
    ck_crt_init_terms(crt, moduli);
    *out = crt;
    return CK_OK;
}

void ck_crt_destroy(ck_crt *crt) {
    if (crt == NULL) {
        return;
    }
    for (size_t i = 0; i < crt->count; i++) {
        mpz_clear(crt->q_hat[i]);
    }
    mpz_clears(crt->q_prod, crt->q_half, NULL);
    free(crt->q_hat);
    free(crt->moduli);
    free(crt->q_hat_inv);
    free(crt);
}

size_t ck_crt_word_count(const ck_crt *crt) {
    return crt->words;
}

/* v = centered value of coefficient c: sum_i [x_i (Q/q_i)^-1]_{q_i} (Q/q_i) < count*Q, reduced
 * mod Q, then moved into (-Q/2, Q/2]. */
static void ck_crt_recompose(const ck_crt *crt, const uint64_t *in, size_t n, size_t c, mpz_t v) {
    mpz_set_ui(v, 0);
    for (size_t i = 0; i < crt->count; i++) {
        uint64_t q = crt->moduli[i].value;
        uint64_t y = ck_mul_shoup_inline(in[i * n + c], crt->q_hat_inv[i], crt->q_hat_inv_shoup[i], q);
        mpz_addmul_ui(v, crt->q_hat[i], y);
    }
    mpz_tdiv_r(v, v, crt->q_prod);
    if (mpz_cmp(v, crt->q_half) > 0) {
        mpz_sub(v, v, crt->q_prod);
    }
}

/* Nearest double (ties to even, subnormals included) to a / (dm * 2^de) for a > 0, dm > 0.
 * The integer quotient is taken with at least 57 bits plus a sticky remainder bit; a and quot
 * are clobbered. */
static double ck_round_quotient(mpz_t a, const mpz_t dm, long de, mpz_t quot, mpz_t rem) {
    long a_bits = (long)mpz_sizeinbase(a, 2);
    long shift = a_bits < 110 ? 110 - a_bits : 0;
    mpz_mul_2exp(a, a, (mp_bitcnt_t)shift);
    mpz_tdiv_qr(quot, rem, a, dm);
    long len = (long)mpz_sizeinbase(quot, 2);
    long scale = -(shift + de);
    long exponent = len - 1 + scale;
    long precision = exponent < -1022 ? 53 - (-1022 - exponent) : 53;
    long drop = len - precision;
    uint64_t guard = (uint64_t)mpz_tstbit(quot, (mp_bitcnt_t)(drop - 1));
    uint64_t sticky = (uint64_t)(mpz_sgn(rem) != 0 || (long)mpz_scan1(quot, 0) < drop - 1);
    mpz_tdiv_q_2exp(quot, quot, (mp_bitcnt_t)drop);
    uint64_t keep = mpz_get_ui(quot);
    keep += guard & (sticky | (keep & 1));
    return ldexp((double)keep, (int)(drop + scale));
}

void ck_crt_to_double(const ck_crt *crt, const uint64_t *in, size_t n, double divisor, double *out) {
    if (!(divisor > 0) || isinf(divisor)) {
        for (size_t c = 0; c < n; c++) {
            out[c] = NAN;
        }
        return;
    }
    int e;
    double mantissa = frexp(divisor, &e);
    mpz_t dm, v, quot, rem;
    mpz_inits(dm, v, quot, rem, NULL);
    mpz_set_d(dm, ldexp(mantissa, 53));
    for (size_t c = 0; c < n; c++) {
        ck_crt_recompose(crt, in, n, c, v);
        int sign = mpz_sgn(v);
        if (sign == 0) {
            out[c] = 0.0;
            continue;
        }
        mpz_abs(v, v);
        double magnitude = ck_round_quotient(v, dm, (long)e - 53, quot, rem);
        out[c] = sign < 0 ? -magnitude : magnitude;
    }
    mpz_clears(dm, v, quot, rem, NULL);
}

/* Two's-complement negation of a little-endian multi-word integer in place. */
static void ck_negate_words(uint64_t *w, size_t count) {
    uint64_t carry = 1;
    for (size_t i = 0; i < count; i++) {
        uint64_t t = ~w[i] + carry;
        carry = carry & (t == 0);
        w[i] = t;
    }
}

void ck_crt_to_words(const ck_crt *crt, const uint64_t *in, size_t n, uint64_t *out) {
    const size_t words = crt->words;
    mpz_t v;
    mpz_init(v);
    for (size_t c = 0; c < n; c++) {
        uint64_t *dst = out + c * words;
        ck_crt_recompose(crt, in, n, c, v);
        for (size_t w = 0; w < words; w++) {
            dst[w] = 0;
        }
        mpz_export(dst, NULL, -1, sizeof(uint64_t), 0, 0, v);
        if (mpz_sgn(v) < 0) {
            ck_negate_words(dst, words);
        }
    }
    mpz_clear(v);
}
