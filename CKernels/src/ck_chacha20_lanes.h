/* ChaCha20 over CK_LANES blocks at once, as lane loops the compiler vectorises; included by chacha20.c once
 * per instruction set with CK_LANES, CK_TARGET (function attributes) and CK_SUFFIX defined. */
#define CK_GLUE2(a, b) a##b
#define CK_GLUE(a, b) CK_GLUE2(a, b)
#define CK_QUARTER CK_GLUE(ck_quarter_round_, CK_SUFFIX)
#define CK_BLOCKS CK_GLUE(ck_chacha_blocks_, CK_SUFFIX)

CK_TARGET static inline __attribute__((always_inline)) void CK_QUARTER(uint32_t x[16][CK_LANES], int a, int b,
                                                                       int c, int d) {
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
CK_TARGET static void CK_BLOCKS(const uint32_t input[16], uint32_t counter, uint8_t *restrict out) {
    uint32_t init[16][CK_LANES], x[16][CK_LANES];
    for (int w = 0; w < 16; w++) {
        for (int l = 0; l < CK_LANES; l++) init[w][l] = input[w];
    }
    for (int l = 0; l < CK_LANES; l++) init[12][l] = counter + (uint32_t)l;
    memcpy(x, init, sizeof x);
    for (int round = 0; round < 10; round++) {
        CK_QUARTER(x, 0, 4, 8, 12);
        CK_QUARTER(x, 1, 5, 9, 13);
        CK_QUARTER(x, 2, 6, 10, 14);
        CK_QUARTER(x, 3, 7, 11, 15);
        CK_QUARTER(x, 0, 5, 10, 15);
        CK_QUARTER(x, 1, 6, 11, 12);
        CK_QUARTER(x, 2, 7, 8, 13);
        CK_QUARTER(x, 3, 4, 9, 14);
    }
    for (int l = 0; l < CK_LANES; l++) {
        for (int w = 0; w < 16; w++) ck_store_le32(out + 64 * l + 4 * w, x[w][l] + init[w][l]);
    }
}

#undef CK_QUARTER
#undef CK_BLOCKS
#undef CK_GLUE
#undef CK_GLUE2
