#ifndef CK_RNS_H
#define CK_RNS_H

#include <stddef.h>
#include <stdint.h>
#include "ck_cpu.h"
#include "ck_ntt.h"
#include "ck_status.h"

/* Fast (approximate) RNS base conversion from basis B = {b_0..b_{k-1}} to C = {c_0..c_{l-1}}
 * (Bajard et al.): for x given by residues x_i mod b_i, computes for each c_j
 *     sum_i [x_i * (B/b_i)^-1]_{b_i} * (B/b_i)  mod c_j,
 * which equals x + u*B mod c_j for some 0 <= u < k. All primes distinct, < 2^61, 1 <= k, l <= 64. */
typedef struct ck_base_converter ck_base_converter;

ck_status ck_base_converter_create(const uint64_t *from, size_t from_count,
                                   const uint64_t *to, size_t to_count,
                                   ck_base_converter **out);
void ck_base_converter_destroy(ck_base_converter *conv);

/* in: from_count limbs of n coefficients (limb-major, coefficient form, values < b_i);
 * out: to_count limbs of n coefficients; scratch: from_count * n words owned by the caller. */
void ck_base_convert(const ck_base_converter *conv, const uint64_t *restrict in, uint64_t *restrict out,
                     uint64_t *restrict scratch, size_t n, ck_path path);

/* Exact rounding division by the last prime: x over {q_0..q_l} (l+1 >= 2 limbs of N coefficients,
 * limb-major) becomes round(x / q_l) over {q_0..q_{l-1}}, written into the first l limbs of x.
 * tables[i] are the NTT tables of q_i (all the same N). When ntt_form is 1, x and the result are
 * in NTT form (the last limb is transformed back internally); when 0, coefficient form.
 * scratch: N words owned by the caller. The last limb of x is used as workspace and holds
 * unspecified values afterwards. */
void ck_rescale_by_last(uint64_t *x, size_t limbs, const ck_ntt_tables *const *tables,
                        int ntt_form, uint64_t *restrict scratch, ck_path path);

#endif
