/* RNS basis operations: fast base conversion (Bajard et al.) and exact rounding division by
 * the last prime (rescaling). */
#include <stdlib.h>
#include "ck_rns.h"
#include "ck_modulus.h"
#include "ck_primes.h"
#include "ck_elementwise.h"
#include "ck_elementwise_impl.h"
#include "ck_arith.h"

#define CK_RNS_MAX_PRIMES 64
/* Coefficients accumulated together in 128-bit lazy sums (1 KiB of stack). */
#define CK_RNS_BLOCK 64

struct ck_base_converter {
    size_t from_count, to_count;
    ck_modulus from[CK_RNS_MAX_PRIMES];
    ck_modulus to[CK_RNS_MAX_PRIMES];
    uint64_t inv_punctured[CK_RNS_MAX_PRIMES];       /* (B/b_i)^-1 mod b_i */
    uint64_t inv_punctured_shoup[CK_RNS_MAX_PRIMES];
    uint64_t matrix[];                               /* [j * from_count + i] = (B/b_i) mod c_j */
};

static int ck_valid_primes(const uint64_t *primes, size_t count, ck_modulus *out) {
    for (size_t i = 0; i < count; i++) {
        if (ck_modulus_init(&out[i], primes[i]) != CK_OK || !ck_is_prime(primes[i])) {
            return 0;
        }
    }
    return 1;
}

static int ck_all_distinct(const uint64_t *from, size_t from_count, const uint64_t *to, size_t to_count) {
    for (size_t i = 0; i < from_count; i++) {
        for (size_t j = i + 1; j < from_count; j++) {
            if (from[i] == from[j]) {
                return 0;
            }
        }
        for (size_t j = 0; j < to_count; j++) {
            if (from[i] == to[j]) {
                return 0;
            }
        }
    }
    for (size_t i = 0; i < to_count; i++) {
        for (size_t j = i + 1; j < to_count; j++) {
            if (to[i] == to[j]) {
                return 0;
            }
        }
    }
    return 1;
}

/* prod_{i != skip} b_i mod m. */
static uint64_t ck_punctured_product(const uint64_t *b, size_t count, size_t skip, const ck_modulus *m) {
    uint64_t p = 1;
    for (size_t i = 0; i < count; i++) {
        if (i != skip) {
            p = ck_mul_mod_inline(p, ck_barrett64(b[i], m), m);
        }
    }
    return p;
}

ck_status ck_base_converter_create(const uint64_t *from, size_t from_count,
                                   const uint64_t *to, size_t to_count,
                                   ck_base_converter **out) {
    if (out == NULL || from == NULL || to == NULL || from_count < 1 || from_count > CK_RNS_MAX_PRIMES ||
        to_count < 1 || to_count > CK_RNS_MAX_PRIMES || !ck_all_distinct(from, from_count, to, to_count)) {
        return CK_INVALID_ARGUMENT;
    }
    ck_base_converter *conv = malloc(sizeof *conv + from_count * to_count * sizeof(uint64_t));
    if (conv == NULL) {
        return CK_OUT_OF_MEMORY;
    }
    if (!ck_valid_primes(from, from_count, conv->from) || !ck_valid_primes(to, to_count, conv->to)) {
        free(conv);
        return CK_INVALID_ARGUMENT;
    }
    conv->from_count = from_count;
    conv->to_count = to_count;
    for (size_t i = 0; i < from_count; i++) {
        const ck_modulus *bi = &conv->from[i];
        uint64_t inv = ck_inv_mod(ck_punctured_product(from, from_count, i, bi), bi);
        conv->inv_punctured[i] = inv;
        conv->inv_punctured_shoup[i] = ck_shoup_inline(inv, bi->value);
    }
    for (size_t j = 0; j < to_count; j++) {
        for (size_t i = 0; i < from_count; i++) {
            conv->matrix[j * from_count + i] = ck_punctured_product(from, from_count, i, &conv->to[j]);
        }
    }
    *out = conv;
    return CK_OK;
}

void ck_base_converter_destroy(ck_base_converter *conv) {
    free(conv);
}

/* out_j[start + t] = sum_i y_i[start + t] * matrix[j][i] mod c_j for t < len. Each product is
 * below 2^122 and there are at most 64 of them, so the 128-bit sum cannot overflow. */
static void ck_accumulate_block(const ck_base_converter *conv, const uint64_t *restrict y, uint64_t *restrict out,
                                size_t n, size_t start, size_t len) {
    const size_t k = conv->from_count;
    ck_u128 acc[CK_RNS_BLOCK];
    for (size_t j = 0; j < conv->to_count; j++) {
        const uint64_t *row = conv->matrix + j * k;
        const uint64_t *y0 = y + start;
        for (size_t t = 0; t < len; t++) {
            acc[t] = (ck_u128)y0[t] * row[0];
        }
        for (size_t i = 1; i < k; i++) {
            const uint64_t *yi = y + i * n + start;
            const uint64_t w = row[i];
            for (size_t t = 0; t < len; t++) {
                acc[t] += (ck_u128)yi[t] * w;
            }
        }
        const ck_modulus cj = conv->to[j];
        uint64_t *dst = out + j * n + start;
        for (size_t t = 0; t < len; t++) {
            dst[t] = ck_barrett128(acc[t], &cj);
        }
    }
}

void ck_base_convert(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                     uint64_t *restrict scratch, size_t n, ck_path path) {
    for (size_t i = 0; i < conv->from_count; i++) {
        ck_mul_scalar_shoup(scratch + i * n, in + i * n, conv->inv_punctured[i], conv->inv_punctured_shoup[i], n,
                            &conv->from[i], path);
    }
    for (size_t start = 0; start < n; start += CK_RNS_BLOCK) {
        size_t len = n - start < CK_RNS_BLOCK ? n - start : CK_RNS_BLOCK;
        ck_accumulate_block(conv, scratch, out, n, start, len);
    }
}

/* With h = floor(q_l/2) and t = (x_l + h) mod q_l, round(x/q_l) = (x + h - t)/q_l, so limb i
 * becomes (x_i - (t - h)) * q_l^-1 mod q_i. The last limb holds t (in coefficient form); per
 * limb, scratch receives (t - h) mod q_i, transformed to NTT form when the input is. */
void ck_rescale_by_last(uint64_t *x, size_t limbs, const ck_ntt_tables *const *tables,
                        int ntt_form, uint64_t *restrict scratch, ck_path path) {
    if (limbs < 2) {
        return;
    }
    const size_t l = limbs - 1;
    const size_t n = (size_t)1 << ck_ntt_log_n(tables[0]);
    uint64_t *last = x + l * n;
    ck_modulus ml;
    ck_modulus_init(&ml, ck_ntt_modulus(tables[l]));
    const uint64_t half = ml.value >> 1;
    if (ntt_form) {
        ck_ntt_inverse(tables[l], last, path);
    }
    ck_add_scalar(last, last, half, n, &ml, path);
    for (size_t i = 0; i < l; i++) {
        ck_modulus mi;
        ck_modulus_init(&mi, ck_ntt_modulus(tables[i]));
        ck_reduce_limb(scratch, last, n, &mi, path);
        ck_add_scalar(scratch, scratch, ck_neg_mod(ck_barrett64(half, &mi), mi.value), n, &mi, path);
        if (ntt_form) {
            ck_ntt_forward(tables[i], scratch, path);
        }
        uint64_t inv_ql = ck_inv_mod(ml.value, &mi);
        ck_sub_mul_scalar(x + i * n, x + i * n, scratch, inv_ql, n, &mi, path);
    }
}
