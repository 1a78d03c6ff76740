/* RNS basis operations: fast (Bajard et al.) and exact (Halevi-Polyakov-Shoup) base conversion,
 * and exact rounding division by the last prime (rescaling). */
#include <stdlib.h>
#include "ck_rns.h"
#include "ck_rns_impl.h"
#include "ck_modulus.h"
#include "ck_primes.h"
#include "ck_elementwise.h"
#include "ck_arith.h"

/* Coefficients per 128-bit lazy sum in the portable accumulation (1 KiB of stack). */
#define CK_RNS_CHUNK 64

/* The exact conversion's floor must round identically on every path: no fused multiply-adds. */
#pragma STDC FP_CONTRACT OFF

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

/* prod_{i != skip} b_i mod m (skip = count: the whole product). */
static uint64_t ck_punctured_product(const uint64_t *b, size_t count, size_t skip, const ck_modulus *m) {
    uint64_t p = 1;
    for (size_t i = 0; i < count; i++) {
        if (i != skip) {
            p = ck_mul_mod_inline(p, ck_barrett64(b[i], m), m);
        }
    }
    return p;
}

/* -c^-1 mod 2^52 for odd c: Newton's iteration doubles the correct low bits from 3 (c*c = 1 mod 8). */
static uint64_t ck_neg_inv_52(uint64_t c) {
    uint64_t inv = c;
    for (int i = 0; i < 5; i++) {
        inv *= 2 - c * inv;
    }
    return (0 - inv) & (((uint64_t)1 << 52) - 1);
}

ck_status ck_base_converter_create(const uint64_t *from, size_t from_count,
                                   const uint64_t *to, size_t to_count,
                                   ck_base_converter **out) {
    if (out == NULL || from == NULL || to == NULL || from_count < 1 || from_count > CK_RNS_MAX_PRIMES ||
        to_count < 1 || to_count > CK_RNS_MAX_PRIMES || !ck_all_distinct(from, from_count, to, to_count)) {
        return CK_INVALID_ARGUMENT;
    }
    const size_t row = from_count + 1;
    ck_base_converter *conv = malloc(sizeof *conv + 3 * to_count * row * sizeof(uint64_t));
    if (conv == NULL) {
        return CK_OUT_OF_MEMORY;
    }
    if (!ck_valid_primes(from, from_count, conv->from) || !ck_valid_primes(to, to_count, conv->to)) {
        free(conv);
        return CK_INVALID_ARGUMENT;
    }
    conv->from_count = from_count;
    conv->to_count = to_count;
    conv->ifma_sources = 1;
    ck_u128 source_sum = 0;
    for (size_t i = 0; i < from_count; i++) {
        const ck_modulus *bi = &conv->from[i];
        uint64_t inv = ck_inv_mod(ck_punctured_product(from, from_count, i, bi), bi);
        conv->inv_punctured[i] = inv;
        conv->inv_punctured_shoup[i] = ck_shoup_inline(inv, bi->value);
        conv->inv_from[i] = 1.0 / (double)bi->value;
        conv->ifma_sources &= bi->value < CK_IFMA_MODULUS_LIMIT;
        source_sum += bi->value;
    }
    conv->montgomery_steps = source_sum <= (ck_u128)1 << 53 ? 1 : 2;
    uint64_t *mont = conv->matrix + to_count * row;
    uint64_t *shoup = conv->matrix + 2 * to_count * row;
    for (size_t j = 0; j < to_count; j++) {
        const ck_modulus *cj = &conv->to[j];
        const uint64_t r = ck_barrett128((ck_u128)1 << (52 * conv->montgomery_steps), cj);
        for (size_t i = 0; i < from_count; i++) {
            conv->matrix[j * row + i] = ck_punctured_product(from, from_count, i, cj);
        }
        conv->matrix[j * row + from_count] = ck_neg_mod(ck_punctured_product(from, from_count, from_count, cj),
                                                        cj->value);
        for (size_t i = 0; i < row; i++) {
            mont[j * row + i] = ck_mul_mod_inline(conv->matrix[j * row + i], r, cj);
            shoup[j * row + i] = ck_shoup_inline(conv->matrix[j * row + i], cj->value);
        }
        conv->ifma_target[j] = conv->ifma_sources && cj->value >= CK_RNS_IFMA_TARGET_MIN &&
                               cj->value < CK_IFMA_MODULUS_LIMIT;
        conv->mont_neg_inv[j] = ck_neg_inv_52(cj->value);
    }
    *out = conv;
    return CK_OK;
}

void ck_base_converter_destroy(ck_base_converter *conv) {
    free(conv);
}

/* Portable twin of ck_avx512_rns_prepare, with the same floating-point operations in the same
 * order (conversions to double are exact below 2^53 and correctly rounded above). */
static void ck_prepare_block(const ck_base_converter *conv, const uint64_t *in, size_t n, size_t start, size_t len,
                             uint64_t *restrict y, size_t stride, uint64_t *restrict v) {
    const size_t k = conv->from_count;
    for (size_t i = 0; i < k; i++) {
        const uint64_t *xi = in + i * n + start;
        const uint64_t b = conv->from[i].value, c = conv->inv_punctured[i], c_shoup = conv->inv_punctured_shoup[i];
        for (size_t t = 0; t < len; t++) {
            y[i * stride + t] = ck_mul_shoup_inline(xi[t], c, c_shoup, b);
        }
    }
    if (v == NULL) {
        return;
    }
    for (size_t t = 0; t < len; t++) {
        double s = 0.0;
        for (size_t i = 0; i < k; i++) {
            double term = (double)y[i * stride + t] * conv->inv_from[i];
            s = s + term;
        }
        v[t] = (uint64_t)s;
    }
}

/* dst[t] = sum_i y_i[t] * matrix[j][i] (+ v[t] * (-B mod c_j)) mod c_j for t < len. Each product
 * is at most (2^61 - 1)^2 and the v term at most 64 * 2^61, so the 65-term 128-bit sum stays below
 * 2^128 - 2^68 + 64 + 2^67. */
static void ck_accumulate_block(const ck_base_converter *conv, size_t j, const uint64_t *y, size_t stride,
                                const uint64_t *v, uint64_t *restrict dst, size_t len) {
    const size_t k = conv->from_count;
    const uint64_t *row = conv->matrix + j * (k + 1);
    const ck_modulus cj = conv->to[j];
    ck_u128 acc[CK_RNS_CHUNK];
    for (size_t start = 0; start < len; start += CK_RNS_CHUNK) {
        const size_t count = len - start < CK_RNS_CHUNK ? len - start : CK_RNS_CHUNK;
        for (size_t t = 0; t < count; t++) {
            acc[t] = (ck_u128)y[start + t] * row[0];
        }
        for (size_t i = 1; i < k; i++) {
            const uint64_t *yi = y + i * stride + start;
            const uint64_t w = row[i];
            for (size_t t = 0; t < count; t++) {
                acc[t] += (ck_u128)yi[t] * w;
            }
        }
        if (v != NULL) {
            for (size_t t = 0; t < count; t++) {
                acc[t] += (ck_u128)v[start + t] * row[k];
            }
        }
        for (size_t t = 0; t < count; t++) {
            dst[start + t] = ck_barrett128(acc[t], &cj);
        }
    }
}

/* Which kernels convert a block: both AVX-512 paths vectorize, IFMA52 where its primes allow it. */
typedef enum { CK_RNS_PORTABLE, CK_RNS_AVX512F, CK_RNS_IFMA } ck_rns_body;

static ck_rns_body ck_rns_body_for(const ck_base_converter *conv, ck_path path) {
#if CK_HAVE_AVX512_KERNELS
    if ((path == CK_PATH_AVX512IFMA || path == CK_PATH_AVX512F) && ck_path_available(path)) {
        return path == CK_PATH_AVX512IFMA && conv->ifma_sources ? CK_RNS_IFMA : CK_RNS_AVX512F;
    }
#else
    (void)conv;
    (void)path;
#endif
    return CK_RNS_PORTABLE;
}

/* One block: y (and v when exact) into scratch rows of `stride` words, then the sums of targets
 * first..last-1. */
static void ck_convert_block(const ck_base_converter *conv, const uint64_t *in, uint64_t *out, uint64_t *scratch,
                             uint64_t *v, size_t n, size_t start, size_t len, size_t stride, size_t first,
                             size_t last, ck_rns_body body) {
#if CK_HAVE_AVX512_KERNELS
    if (body != CK_RNS_PORTABLE) {
        if (body == CK_RNS_IFMA) {
            ck_avx512_rns_prepare(conv, in, n, start, len, scratch, stride, v);
        } else {
            ck_avx512f_rns_prepare(conv, in, n, start, len, scratch, stride, v);
        }
        for (size_t j = first; j < last; j++) {
            uint64_t *dst = out + j * n + start;
            if (body == CK_RNS_IFMA && conv->ifma_target[j]) {
                ck_avx512_rns_accumulate(conv, j, scratch, stride, v, dst, len);
            } else {
                ck_avx512f_rns_accumulate(conv, j, scratch, stride, v, dst, len);
            }
        }
        return;
    }
#endif
    ck_prepare_block(conv, in, n, start, len, scratch, stride, v);
    for (size_t j = first; j < last; j++) {
        ck_accumulate_block(conv, j, scratch, stride, v, out + j * n + start, len);
    }
}

/* Per block of coefficients, targets first..last-1, with the kernels the path and primes allow. */
static void ck_convert(const ck_base_converter *conv, const uint64_t *in, uint64_t *out, uint64_t *scratch,
                       size_t n, size_t first, size_t last, ck_path path, int exact) {
    const ck_rns_body body = ck_rns_body_for(conv, path);
    size_t block = CK_RNS_BLOCK_WORDS / conv->from_count;
    block = block < CK_RNS_BLOCK_MIN ? CK_RNS_BLOCK_MIN : block > CK_RNS_BLOCK ? CK_RNS_BLOCK : block & ~(size_t)7;
    const size_t stride = n < block ? n : block;
    uint64_t v_block[CK_RNS_BLOCK];
    uint64_t *v = exact ? v_block : NULL;
    for (size_t start = 0; start < n; start += stride) {
        const size_t len = n - start < stride ? n - start : stride;
        ck_convert_block(conv, in, out, scratch, v, n, start, len, stride, first, last, body);
    }
}

void ck_base_convert(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                     uint64_t *restrict scratch, size_t n, ck_path path) {
    ck_convert(conv, in, out, scratch, n, 0, conv->to_count, path, 0);
}

void ck_base_convert_targets(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                             uint64_t *restrict scratch, size_t n, size_t first, size_t count, int exact,
                             ck_path path) {
    if (count > 0 && first + count <= conv->to_count) {
        ck_convert(conv, in, out, scratch, n, first, first + count, path, exact && conv->from_count > 1);
    }
}

/* With one source prime y_0 = x_0 < b_0 and v = 0: the fast conversion is already exact. */
void ck_base_convert_exact(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                           uint64_t *restrict scratch, size_t n, ck_path path) {
    ck_convert(conv, in, out, scratch, n, 0, conv->to_count, path, conv->from_count > 1);
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
