// NTL-backed reference computations for the tests; see include/NTLOracle.h.
#include "NTLOracle.h"

#include <NTL/ZZ.h>
#include <NTL/ZZ_p.h>
#include <NTL/ZZ_pX.h>

#include <exception>

using NTL::ZZ;
using NTL::ZZ_p;
using NTL::ZZ_pX;

namespace {

ZZ to_zz(uint64_t v) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; i++) {
        bytes[i] = static_cast<unsigned char>(v >> (8 * i));
    }
    return NTL::ZZFromBytes(bytes, 8);
}

// Low 64 bits of a non-negative ZZ.
uint64_t to_u64(const ZZ &z) {
    unsigned char bytes[8];
    NTL::BytesFromZZ(bytes, z, 8);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v |= static_cast<uint64_t>(bytes[i]) << (8 * i);
    }
    return v;
}

template <typename F>
int guarded(F &&body) {
    try {
        return body();
    } catch (...) {
        return NTL_ORACLE_ERROR;
    }
}

}  // namespace

extern "C" int ntl_negacyclic_multiply(const uint64_t *a, const uint64_t *b, uint64_t *out, uint32_t log_n,
                                       uint64_t q) {
    if (a == nullptr || b == nullptr || out == nullptr || log_n > 20 || q < 2) {
        return NTL_ORACLE_INVALID_ARGUMENT;
    }
    return guarded([&] {
        const long n = 1L << log_n;
        NTL::ZZ_pPush push(to_zz(q));
        ZZ_pX pa, pb, prod;
        pa.SetLength(n);
        pb.SetLength(n);
        for (long i = 0; i < n; i++) {
            pa[i] = NTL::conv<ZZ_p>(to_zz(a[i]));
            pb[i] = NTL::conv<ZZ_p>(to_zz(b[i]));
        }
        pa.normalize();
        pb.normalize();
        NTL::mul(prod, pa, pb);
        for (long i = 0; i < n; i++) {
            ZZ_p v = NTL::coeff(prod, i) - NTL::coeff(prod, i + n);
            out[i] = to_u64(NTL::rep(v));
        }
        return static_cast<int>(NTL_ORACLE_OK);
    });
}

extern "C" int ntl_is_prime(uint64_t q) {
    try {
        return NTL::ProbPrime(to_zz(q)) ? 1 : 0;
    } catch (...) {
        return -1;
    }
}

extern "C" int ntl_crt_centered_words(const uint64_t *moduli, size_t count, const uint64_t *residues,
                                      uint64_t *out_words, size_t words) {
    if (moduli == nullptr || residues == nullptr || out_words == nullptr || count == 0 || words == 0) {
        return NTL_ORACLE_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < count; i++) {
        if (moduli[i] < 2) {
            return NTL_ORACLE_INVALID_ARGUMENT;
        }
    }
    return guarded([&] {
        ZZ value = to_zz(residues[0]) % to_zz(moduli[0]);
        ZZ modulus = to_zz(moduli[0]);
        for (size_t i = 1; i < count; i++) {
            ZZ p = to_zz(moduli[i]);
            if (NTL::GCD(modulus, p) != 1) {
                return static_cast<int>(NTL_ORACLE_INVALID_ARGUMENT);
            }
            NTL::CRT(value, modulus, to_zz(residues[i]) % p, p);
        }
        value %= modulus;  // NTL's % gives a result in [0, modulus)
        if (2 * value > modulus) {
            value -= modulus;
        }
        const long bits = 64 * static_cast<long>(words);
        ZZ limit = NTL::power2_ZZ(bits - 1);
        if (value >= limit || value < -limit) {
            return static_cast<int>(NTL_ORACLE_INVALID_ARGUMENT);
        }
        if (value < 0) {
            value += 2 * limit;
        }
        for (size_t w = 0; w < words; w++) {
            out_words[w] = to_u64(value >> (64 * static_cast<long>(w)));
        }
        return static_cast<int>(NTL_ORACLE_OK);
    });
}

extern "C" int ntl_power_mod(uint64_t a, uint64_t e, uint64_t q, uint64_t *out) {
    if (out == nullptr || q < 2) {
        return NTL_ORACLE_INVALID_ARGUMENT;
    }
    return guarded([&] {
        ZZ modulus = to_zz(q);
        *out = to_u64(NTL::PowerMod(to_zz(a) % modulus, to_zz(e), modulus));
        return static_cast<int>(NTL_ORACLE_OK);
    });
}
