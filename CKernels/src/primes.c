/* NTT-friendly prime search, primality (GMP) and the minimal primitive 2N-th root of unity. */
#include <stddef.h>
#include "ck_primes.h"
#include "ck_modulus.h"
#include "ck_arith.h"
#include "ck_gmp.h"

/* GMP runs BPSW (deterministic below 2^64) then reps - 24 Miller-Rabin rounds. */
#define CK_PRIME_REPS 30

int ck_is_prime(uint64_t q) {
    mpz_t z;
    mpz_init_set_ui(z, q);
    int prime = mpz_probab_prime_p(z, CK_PRIME_REPS) > 0;
    mpz_clear(z);
    return prime;
}

static int ck_is_excluded(uint64_t q, const uint64_t *exclude, size_t exclude_count) {
    for (size_t i = 0; i < exclude_count; i++) {
        if (exclude[i] == q) {
            return 1;
        }
    }
    return 0;
}

ck_status ck_find_ntt_primes(uint32_t bits, uint32_t log_n, size_t count,
                             const uint64_t *exclude, size_t exclude_count, uint64_t *out) {
    if (bits < 20 || bits > 61 || log_n < 1 || log_n > 17 || (count > 0 && out == NULL) ||
        (exclude_count > 0 && exclude == NULL)) {
        return CK_INVALID_ARGUMENT;
    }
    uint64_t step = (uint64_t)1 << (log_n + 1);
    uint64_t low = (uint64_t)1 << (bits - 1);
    size_t found = 0;
    /* 2^bits is a multiple of step, so 2^bits - step + 1 is the largest candidate below 2^bits. */
    for (uint64_t q = ((uint64_t)1 << bits) - step + 1; q > low && found < count; q -= step) {
        if (!ck_is_excluded(q, exclude, exclude_count) && ck_is_prime(q)) {
            out[found++] = q;
        }
    }
    return found == count ? CK_OK : CK_NOT_FOUND;
}

/* psi with psi^N = -1 has order exactly 2N (2N is a power of two), so it is primitive. */
static int ck_is_negacyclic_root(uint64_t psi, uint64_t n, const ck_modulus *m) {
    return ck_pow_mod(psi, n, m) == m->value - 1;
}

ck_status ck_minimal_primitive_root(uint64_t q, uint32_t log_n, uint64_t *root) {
    ck_modulus m;
    if (root == NULL || log_n < 1 || log_n > 17 || ck_modulus_init(&m, q) != CK_OK) {
        return CK_INVALID_ARGUMENT;
    }
    uint64_t n = (uint64_t)1 << log_n;
    if ((q - 1) % (2 * n) != 0 || !ck_is_prime(q)) {
        return CK_INVALID_ARGUMENT;
    }
    /* x^((q-1)/2N) is a primitive 2N-th root exactly when x is a quadratic non-residue. */
    uint64_t cofactor = (q - 1) / (2 * n);
    uint64_t psi = 0;
    for (uint64_t x = 2; x < q && psi == 0; x++) {
        uint64_t candidate = ck_pow_mod(x, cofactor, &m);
        if (ck_is_negacyclic_root(candidate, n, &m)) {
            psi = candidate;
        }
    }
    /* The primitive 2N-th roots are the odd powers psi^(2i+1), i < N: keep the smallest. */
    uint64_t psi_sq = ck_mul_mod_inline(psi, psi, &m);
    uint64_t current = psi, smallest = psi;
    for (uint64_t i = 1; i < n; i++) {
        current = ck_mul_mod_inline(current, psi_sq, &m);
        smallest = current < smallest ? current : smallest;
    }
    *root = smallest;
    return CK_OK;
}
