/* RFC 8439 ChaCha20 keystream. Eight blocks are computed together in lane arrays so that each
 * quarter-round step is a loop over lanes the compiler can vectorise; the 32-bit block counter
 * wraps modulo 2^32. */
#include <string.h>
#include "ck_chacha20.h"

#define CK_CHACHA_LANES 8

static uint32_t ck_load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void ck_store_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void ck_quarter_round(uint32_t x[16][CK_CHACHA_LANES], int a, int b, int c, int d) {
    for (int l = 0; l < CK_CHACHA_LANES; l++) {
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

/* Writes CK_CHACHA_LANES consecutive blocks (64 bytes each) starting at `counter` into out. */
static void ck_chacha_blocks(const uint32_t input[16], uint32_t counter, uint8_t out[CK_CHACHA_LANES * 64]) {
    uint32_t init[16][CK_CHACHA_LANES], x[16][CK_CHACHA_LANES];
    for (int w = 0; w < 16; w++) {
        for (int l = 0; l < CK_CHACHA_LANES; l++) {
            init[w][l] = input[w];
        }
    }
    for (int l = 0; l < CK_CHACHA_LANES; l++) {
        init[12][l] = counter + (uint32_t)l;
    }
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
    for (int l = 0; l < CK_CHACHA_LANES; l++) {
        for (int w = 0; w < 16; w++) {
            ck_store_le32(out + 64 * l + 4 * w, x[w][l] + init[w][l]);
        }
    }
}

void ck_chacha20_keystream(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                           uint8_t *out, size_t blocks) {
    uint32_t input[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u};
    for (int i = 0; i < 8; i++) {
        input[4 + i] = ck_load_le32(key + 4 * i);
    }
    for (int i = 0; i < 3; i++) {
        input[13 + i] = ck_load_le32(nonce + 4 * i);
    }
    uint8_t tail[CK_CHACHA_LANES * 64];
    size_t done = 0;
    for (; done + CK_CHACHA_LANES <= blocks; done += CK_CHACHA_LANES) {
        ck_chacha_blocks(input, counter + (uint32_t)done, out + 64 * done);
    }
    if (done < blocks) {
        ck_chacha_blocks(input, counter + (uint32_t)done, tail);
        memcpy(out + 64 * done, tail, 64 * (blocks - done));
    }
}
