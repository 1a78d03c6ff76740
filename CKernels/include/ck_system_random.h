#ifndef CK_SYSTEM_RANDOM_H
#define CK_SYSTEM_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills out[0..len) from the operating system's CSPRNG (getrandom(2), blocking until the pool is
 * initialised, retrying on EINTR and short reads). Returns 0, or the errno of the failure. */
int ck_system_random(uint8_t *out, size_t len);

#endif
