#ifndef CK_MEMORY_H
#define CK_MEMORY_H

#include <stddef.h>

/* Overwrites len bytes at p with zeros in a way the compiler may not remove (for secret keys). */
void ck_secure_zero(void *p, size_t len);

/* Asks the C allocator (glibc) to keep freed blocks of up to 32 MiB in the heap for reuse instead of returning
 * them to the OS, so that repeatedly allocating polynomial-sized buffers does not pay a page fault per 4 KiB page
 * each time. Process-wide; returns 1 when applied, 0 where unsupported. */
int ck_retain_freed_memory(void);

/* Where transparent huge pages are in "madvise" mode and glibc's malloc was not started with its hugetlb tunable,
 * re-executes the running program (/proc/self/exe, same arguments and environment) with
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1 added, so large heap blocks are backed by 2 MiB pages: about 500 times fewer
 * page faults. Returns only when nothing was done (already set, other modes, non-Linux) or the exec failed. Call it
 * first thing in main, before any thread exists. */
void ck_reexec_with_huge_pages(char *const argv[]);

#endif
