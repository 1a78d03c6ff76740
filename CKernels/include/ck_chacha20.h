#ifndef CK_CHACHA20_H
#define CK_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#include "ck_cpu.h"

/* ChaCha20 keystream (RFC 8439 block function, 20 rounds): writes `blocks` 64-byte blocks
 * for key (32 bytes), 12-byte nonce and starting 32-bit block counter (which wraps modulo 2^32
 * across the blocks). Used to expand public
 * randomness from a seed and by the deterministic test generator; not an AEAD.
 * CK_PATH_SCALAR computes 8 blocks at a time in portable C, CK_PATH_AVX512IFMA 16 with AVX-512 (the caller checks
 * ck_path_available); both give the same bytes. */
void ck_chacha20_keystream(ck_path path, const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                           uint8_t *out, size_t blocks);

#endif
