/* ChaCha20 on AVX-512F: 16 blocks at once, state word w of block l in lane l of register w, rotations by VPROLD;
 * the 16 × 16 word matrix is transposed (32-bit and 64-bit unpacks, then 128-bit lane shuffles) into 16 blocks. */
#include "ck_chacha20_impl.h"

#if CK_HAVE_AVX512_CHACHA
#include <immintrin.h>

#define CK_CHACHA_TARGET __attribute__((target("avx512f")))

#define CK_QUARTER(a, b, c, d)                                  \
    do {                                                        \
        a = _mm512_add_epi32(a, b);                             \
        d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);       \
        c = _mm512_add_epi32(c, d);                             \
        b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);       \
        a = _mm512_add_epi32(a, b);                             \
        d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);        \
        c = _mm512_add_epi32(c, d);                             \
        b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);        \
    } while (0)

CK_CHACHA_TARGET void ck_chacha_blocks_avx512(const uint32_t input[16], uint32_t counter, uint8_t *restrict out) {
    __m512i x[16], init[16];
    for (int w = 0; w < 16; w++) init[w] = _mm512_set1_epi32((int)input[w]);
    init[12] = _mm512_add_epi32(_mm512_set1_epi32((int)counter),
                                _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    for (int w = 0; w < 16; w++) x[w] = init[w];
    for (int round = 0; round < 10; round++) {
        CK_QUARTER(x[0], x[4], x[8], x[12]);
        CK_QUARTER(x[1], x[5], x[9], x[13]);
        CK_QUARTER(x[2], x[6], x[10], x[14]);
        CK_QUARTER(x[3], x[7], x[11], x[15]);
        CK_QUARTER(x[0], x[5], x[10], x[15]);
        CK_QUARTER(x[1], x[6], x[11], x[12]);
        CK_QUARTER(x[2], x[7], x[8], x[13]);
        CK_QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int w = 0; w < 16; w++) x[w] = _mm512_add_epi32(x[w], init[w]);
    /* After the unpacks, u[4g + k] holds in its 128-bit lane j the words 4g … 4g + 3 of block 4j + k. */
    __m512i t[16], u[16];
    for (int w = 0; w < 16; w += 2) {
        t[w] = _mm512_unpacklo_epi32(x[w], x[w + 1]);
        t[w + 1] = _mm512_unpackhi_epi32(x[w], x[w + 1]);
    }
    for (int w = 0; w < 16; w += 4) {
        u[w] = _mm512_unpacklo_epi64(t[w], t[w + 2]);
        u[w + 1] = _mm512_unpackhi_epi64(t[w], t[w + 2]);
        u[w + 2] = _mm512_unpacklo_epi64(t[w + 1], t[w + 3]);
        u[w + 3] = _mm512_unpackhi_epi64(t[w + 1], t[w + 3]);
    }
    for (int k = 0; k < 4; k++) {
        const __m512i low01 = _mm512_shuffle_i32x4(u[k], u[4 + k], 0x44);
        const __m512i high01 = _mm512_shuffle_i32x4(u[8 + k], u[12 + k], 0x44);
        const __m512i low23 = _mm512_shuffle_i32x4(u[k], u[4 + k], 0xEE);
        const __m512i high23 = _mm512_shuffle_i32x4(u[8 + k], u[12 + k], 0xEE);
        _mm512_storeu_si512(out + 64 * k, _mm512_shuffle_i32x4(low01, high01, 0x88));
        _mm512_storeu_si512(out + 64 * (4 + k), _mm512_shuffle_i32x4(low01, high01, 0xDD));
        _mm512_storeu_si512(out + 64 * (8 + k), _mm512_shuffle_i32x4(low23, high23, 0x88));
        _mm512_storeu_si512(out + 64 * (12 + k), _mm512_shuffle_i32x4(low23, high23, 0xDD));
    }
}
#endif
