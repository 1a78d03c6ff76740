/* Memory helpers: zeroization that survives dead-store elimination, and allocator tuning. */
#define _GNU_SOURCE
#include "ck_memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <unistd.h>
#endif

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

void ck_reexec_with_huge_pages(char *const argv[]) {
#if defined(__linux__) && defined(__GLIBC__)
    static const char tunable[] = "glibc.malloc.hugetlb=1";
    const char *current = getenv("GLIBC_TUNABLES");
    if (current != NULL && strstr(current, "glibc.malloc.hugetlb") != NULL) return;
    FILE *mode = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (mode == NULL) return;
    char line[128] = {0};
    int madvise_mode = fgets(line, sizeof line, mode) != NULL && strstr(line, "[madvise]") != NULL;
    fclose(mode);
    if (!madvise_mode) return;
    char value[1024];
    int written = current != NULL && current[0] != '\0'
        ? snprintf(value, sizeof value, "%s:%s", current, tunable)
        : snprintf(value, sizeof value, "%s", tunable);
    if (written < 0 || (size_t)written >= sizeof value) return;
    if (setenv("GLIBC_TUNABLES", value, 1) != 0) return;
    execv("/proc/self/exe", argv);
#else
    (void)argv;
#endif
}
