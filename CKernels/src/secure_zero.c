/* Zeroization of secret material that survives dead-store elimination. */
#include "ck_memory.h"

#include <string.h>

static void *(*const volatile zero_memory)(void *, int, size_t) = memset;

void ck_secure_zero(void *p, size_t len) {
    if (p != NULL && len > 0) zero_memory(p, 0, len);
}
