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

/* Writes n residues uniform in [0, q) (q > 0) to out: the keystream of `key` from 64-bit block index `block` (its
 * low 32 bits the block counter, block >> 32 in nonce bytes 4..11, little-endian, as the index advances) read as
 * host-order 64-bit words, each masked to q's bit width and kept when below q. Returns the number of words read,
 * through the last one kept. */
uint64_t ck_chacha20_uniform(ck_path path, const uint8_t key[32], uint64_t block, uint64_t q,
                             uint64_t *restrict out, size_t n);

#endif
