/* Private interface between the ChaCha20 keystream dispatcher and its AVX-512 body. */
#ifndef CK_CHACHA20_IMPL_H
#define CK_CHACHA20_IMPL_H

#include <stdint.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CK_HAVE_AVX512_CHACHA 1
#else
#define CK_HAVE_AVX512_CHACHA 0
#endif

#if CK_HAVE_AVX512_CHACHA
/* Writes 16 consecutive 64-byte blocks, counters counter … counter + 15 (wrapping), of the state `input` (RFC 8439
 * layout, word 12 ignored) into out. Needs AVX-512F. */
void ck_chacha_blocks_avx512(const uint32_t input[16], uint32_t counter, uint8_t *restrict out);
#endif

#endif
