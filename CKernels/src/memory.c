/* Memory helpers: zeroization that survives dead-store elimination, and allocator tuning. */
#define _GNU_SOURCE
#include "ck_memory.h"

#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static void *(*const volatile zero_memory)(void *, int, size_t) = memset;

void ck_secure_zero(void *p, size_t len) {
    if (p != NULL && len > 0) zero_memory(p, 0, len);
}

int ck_retain_freed_memory(void) {
#if defined(__GLIBC__)
    int mmap_ok = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    int trim_ok = mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    return mmap_ok && trim_ok;
#else
    return 0;
#endif
}

int ck_release_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
