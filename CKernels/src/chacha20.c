/* RFC 8439 ChaCha20 keystream. Several blocks are computed together: 8 in lane arrays in portable C, 16 in AVX-512
 * registers on either AVX-512 path (chacha20_avx512.c, same output). The 32-bit block counter wraps modulo 2^32. */
#include <string.h>
#include "ck_chacha20.h"
#include "ck_chacha20_impl.h"
#include "ck_memory.h"

static uint32_t ck_load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void ck_store_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Blocks computed together by the portable path, as lane loops the compiler vectorises. */
#define CK_LANES 8

static inline void ck_quarter_round(uint32_t x[16][CK_LANES], int a, int b, int c, int d) {
    for (int l = 0; l < CK_LANES; l++) {
        x[a][l] += x[b][l];
        x[d][l] ^= x[a][l];
        x[d][l] = x[d][l] << 16 | x[d][l] >> 16;
        x[c][l] += x[d][l];
        x[b][l] ^= x[c][l];
        x[b][l] = x[b][l] << 12 | x[b][l] >> 20;
        x[a][l] += x[b][l];
        x[d][l] ^= x[a][l];
        x[d][l] = x[d][l] << 8 | x[d][l] >> 24;
        x[c][l] += x[d][l];
        x[b][l] ^= x[c][l];
        x[b][l] = x[b][l] << 7 | x[b][l] >> 25;
    }
}

/* Writes CK_LANES consecutive 64-byte blocks starting at `counter` into out. */
static void ck_chacha_blocks_portable(const uint32_t input[16], uint32_t counter, uint8_t *restrict out) {
    uint32_t init[16][CK_LANES], x[16][CK_LANES];
    for (int w = 0; w < 16; w++) {
        for (int l = 0; l < CK_LANES; l++) init[w][l] = input[w];
    }
    for (int l = 0; l < CK_LANES; l++) init[12][l] = counter + (uint32_t)l;
    memcpy(x, init, sizeof x);
    for (int round = 0; round < 10; round++) {
        ck_quarter_round(x, 0, 4, 8, 12);
        ck_quarter_round(x, 1, 5, 9, 13);
        ck_quarter_round(x, 2, 6, 10, 14);
        ck_quarter_round(x, 3, 7, 11, 15);
        ck_quarter_round(x, 0, 5, 10, 15);
        ck_quarter_round(x, 1, 6, 11, 12);
        ck_quarter_round(x, 2, 7, 8, 13);
        ck_quarter_round(x, 3, 4, 9, 14);
    }
    for (int l = 0; l < CK_LANES; l++) {
        for (int w = 0; w < 16; w++) ck_store_le32(out + 64 * l + 4 * w, x[w][l] + init[w][l]);
    }
}

typedef void (*ck_blocks_fn)(const uint32_t input[16], uint32_t counter, uint8_t *restrict out);

void ck_chacha20_keystream(ck_path path, const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                           uint8_t *out, size_t blocks) {
    uint32_t input[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u};
    for (int i = 0; i < 8; i++) input[4 + i] = ck_load_le32(key + 4 * i);
    for (int i = 0; i < 3; i++) input[13 + i] = ck_load_le32(nonce + 4 * i);
    ck_blocks_fn compute = ck_chacha_blocks_portable;
    size_t lanes = 8;
#if !CK_HAVE_AVX512_CHACHA
    (void)path;
#else
    if (path == CK_PATH_AVX512IFMA || path == CK_PATH_AVX512F) {
        compute = ck_chacha_blocks_avx512;
        lanes = 16;
    }
#endif
    uint8_t tail[16 * 64];
    size_t done = 0;
    for (; done + lanes <= blocks; done += lanes) compute(input, counter + (uint32_t)done, out + 64 * done);
    if (done < blocks) {
        compute(input, counter + (uint32_t)done, tail);
        memcpy(out + 64 * done, tail, 64 * (blocks - done));
        ck_secure_zero(tail, sizeof tail);
    }
}
