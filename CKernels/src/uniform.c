/* Uniform residues modulo a prime from the ChaCha20 keystream, by rejection: what a seeded uniform polynomial
 * expands to, one limb at a time, starting at any block of the stream. */
#include "ck_chacha20.h"
#include "ck_chacha20_impl.h"
#include "ck_memory.h"

/* Keystream blocks generated per step: 4 KiB, 512 words, on the stack. */
enum { CK_UNIFORM_PIECE = 64 };

/* Keeps the masked words[*read …] below q in out[*filled …] until out holds n or the count words are read. */
static void ck_keep_below_portable(const uint64_t *restrict words, size_t count, uint64_t mask, uint64_t q,
                                   uint64_t *restrict out, size_t n, size_t *filled, size_t *read) {
    size_t f = *filled, w = *read;
    for (; w < count && f < n; w++) {
        const uint64_t candidate = words[w] & mask;
        out[f] = candidate;
        f += candidate < q;
    }
    *filled = f;
    *read = w;
}

#if CK_HAVE_AVX512_CHACHA
#include <immintrin.h>

/* As the portable loop, 8 words at a time while a whole vector fits in out (so the loop stops exactly where the
 * portable one does: a vector that fills out keeps all 8 words); the portable loop finishes. */
__attribute__((target("avx512f"))) static void ck_keep_below_avx512(const uint64_t *restrict words, size_t count,
                                                                    uint64_t mask, uint64_t q,
                                                                    uint64_t *restrict out, size_t n,
                                                                    size_t *filled, size_t *read) {
    const __m512i vmask = _mm512_set1_epi64((long long)mask), vq = _mm512_set1_epi64((long long)q);
    size_t f = *filled, w = *read;
    for (; w + 8 <= count && f + 8 <= n; w += 8) {
        const __m512i candidate = _mm512_and_si512(_mm512_loadu_si512(words + w), vmask);
        const __mmask8 keep = _mm512_cmplt_epu64_mask(candidate, vq);
        _mm512_storeu_si512(out + f, _mm512_maskz_compress_epi64(keep, candidate));
        f += (size_t)__builtin_popcount(keep);
    }
    *filled = f;
    *read = w;
    ck_keep_below_portable(words, count, mask, q, out, n, filled, read);
}
#endif

uint64_t ck_chacha20_uniform(ck_path path, const uint8_t key[32], uint64_t block, uint64_t q,
                             uint64_t *restrict out, size_t n) {
    uint64_t words[CK_UNIFORM_PIECE * 8];
    const uint64_t mask = UINT64_MAX >> __builtin_clzll(q);
    void (*keep)(const uint64_t *restrict, size_t, uint64_t, uint64_t, uint64_t *restrict, size_t, size_t *,
                 size_t *) = ck_keep_below_portable;
#if CK_HAVE_AVX512_CHACHA
    if (path == CK_PATH_AVX512IFMA || path == CK_PATH_AVX512F) keep = ck_keep_below_avx512;
#endif
    size_t filled = 0;
    uint64_t read = 0;
    while (filled < n) {
        const uint32_t counter = (uint32_t)block;
        const uint64_t untilWrap = (uint64_t)UINT32_MAX - counter + 1;
        const size_t run = untilWrap < CK_UNIFORM_PIECE ? (size_t)untilWrap : CK_UNIFORM_PIECE;
        uint8_t nonce[12] = {0};
        for (int i = 0; i < 8; i++) nonce[4 + i] = (uint8_t)(block >> 32 >> (8 * i));
        ck_chacha20_keystream(path, key, nonce, counter, (uint8_t *)words, run);
        size_t used = 0;
        keep(words, run * 8, mask, q, out, n, &filled, &used);
        read += used;
        block += run;
    }
    ck_secure_zero(words, sizeof words);
    return read;
}
