#ifndef CK_MEMORY_H
#define CK_MEMORY_H

#include <stddef.h>

/* Overwrites len bytes at p with zeros in a way the compiler may not remove (for secret keys). */
void ck_secure_zero(void *p, size_t len);

/* Asks the C allocator (glibc) to keep freed blocks of up to 32 MiB in the heap for reuse instead of returning
 * them to the OS, so that repeatedly allocating polynomial-sized buffers does not pay a page fault per 4 KiB page
 * each time. Process-wide; returns 1 when applied, 0 where unsupported. */
int ck_retain_freed_memory(void);

/* Returns the heap's free pages to the operating system (glibc malloc_trim). Returns 1 when memory was released,
 * 0 otherwise (or without glibc). */
int ck_release_freed_memory(void);

#endif
