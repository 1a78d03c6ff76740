#ifndef CK_RNS_H
#define CK_RNS_H

#include <stddef.h>
#include <stdint.h>
#include "ck_cpu.h"
#include "ck_ntt.h"
#include "ck_status.h"

/* RNS base conversion from basis B = {b_0..b_{k-1}} to C = {c_0..c_{l-1}}. With
 * y_i = [x_i * (B/b_i)^-1]_{b_i} for x given by residues x_i mod b_i, x being its representative
 * in [0, B), and u the integer part of sum_i y_i / b_i = u + x/B (0 <= u < k):
 * - fast (Bajard et al.): out_j = sum_i y_i * (B/b_i) mod c_j = x + u*B mod c_j;
 * - exact (Halevi-Polyakov-Shoup): also subtracts v*B with v = floor(sum_i y_i * (1.0/b_i)) in
 *   double precision, giving x mod c_j. The double sum is within (k^2 + 3k) * 2^-53 of u + x/B,
 *   so v = u unless x/B lies that close to 0 or 1 (x or B - x tiny next to B): then the result
 *   may be x + B or x - B, an error of one multiple of B like the fast conversion's. For uniformly
 *   distributed x this has probability below (k^2 + 3k) * 2^-52 (2^-45 for k = 8, 2^-39 for
 *   k = 64). With k = 1 the result is always exact.
 * All primes distinct, < 2^61, 1 <= k, l <= 64. Both AVX-512 paths vectorize the conversion: on
 * CK_PATH_AVX512IFMA, when every b_i is below 2^50, targets c_j in [17, 2^50) use IFMA kernels, and
 * everything else uses the AVX-512F 64-bit lane kernels; results are identical on every path. No
 * data-dependent branches. */
typedef struct ck_base_converter ck_base_converter;

ck_status ck_base_converter_create(const uint64_t *from, size_t from_count,
                                   const uint64_t *to, size_t to_count,
                                   ck_base_converter **out);
void ck_base_converter_destroy(ck_base_converter *conv);

/* in: from_count limbs of n coefficients (limb-major, coefficient form, values < b_i);
 * out: to_count limbs of n coefficients; scratch: from_count * n words owned by the caller. */
void ck_base_convert(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                     uint64_t *restrict scratch, size_t n, ck_path path);

/* The exact conversion, with the same arguments as ck_base_convert. */
void ck_base_convert_exact(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                           uint64_t *restrict scratch, size_t n, ck_path path);

/* ck_base_convert (exact = 0) or ck_base_convert_exact (exact = 1) into targets first ..
 * first + count - 1 only (limb j of out at out + j * n, the others untouched), so that several
 * threads can share one conversion, each converting and then using its own targets. Each target's
 * result is that of the whole conversion. scratch: from_count * n words owned by the caller (one
 * region per thread). Does nothing unless count > 0 and first + count <= to_count. */
void ck_base_convert_targets(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                             uint64_t *restrict scratch, size_t n, size_t first, size_t count, int exact,
                             ck_path path);

/* Exact rounding division by the last prime: x over {q_0..q_l} (l+1 >= 2 limbs of N coefficients,
 * limb-major) becomes round(x / q_l) over {q_0..q_{l-1}}, written into the first l limbs of x.
 * tables[i] are the NTT tables of q_i (all the same N). When ntt_form is 1, x and the result are
 * in NTT form (the last limb is transformed back internally); when 0, coefficient form.
 * scratch: N words owned by the caller. The last limb of x is used as workspace and holds
 * unspecified values afterwards. */
void ck_rescale_by_last(uint64_t *x, size_t limbs, const ck_ntt_tables *const *tables,
                        int ntt_form, uint64_t *restrict scratch, ck_path path);

#endif
