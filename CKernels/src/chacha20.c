/* RFC 8439 ChaCha20 keystream. Several blocks are computed together in lane arrays (ck_chacha20_lanes.h): 8 lanes
 * in portable C, 16 with AVX-512 on either AVX-512 path (same output). The 32-bit block counter wraps modulo 2^32. */
#include <string.h>
#include "ck_chacha20.h"
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

#define CK_LANES 8
#define CK_TARGET
#define CK_SUFFIX portable
#include "ck_chacha20_lanes.h"
#undef CK_LANES
#undef CK_TARGET
#undef CK_SUFFIX

#if defined(__x86_64__)
#define CK_LANES 16
#define CK_TARGET __attribute__((target("avx512f,avx512vl")))
#define CK_SUFFIX avx512
#include "ck_chacha20_lanes.h"
#undef CK_LANES
#undef CK_TARGET
#undef CK_SUFFIX
#endif

typedef void (*ck_blocks_fn)(const uint32_t input[16], uint32_t counter, uint8_t *restrict out);

void ck_chacha20_keystream(ck_path path, const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                           uint8_t *out, size_t blocks) {
    uint32_t input[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u};
    for (int i = 0; i < 8; i++) input[4 + i] = ck_load_le32(key + 4 * i);
    for (int i = 0; i < 3; i++) input[13 + i] = ck_load_le32(nonce + 4 * i);
    ck_blocks_fn compute = ck_chacha_blocks_portable;
    size_t lanes = 8;
#if !defined(__x86_64__)
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
