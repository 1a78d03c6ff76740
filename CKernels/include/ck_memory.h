#ifndef CK_MEMORY_H
#define CK_MEMORY_H

#include <stddef.h>

/* Overwrites len bytes at p with zeros in a way the compiler may not remove (for secret keys). */
void ck_secure_zero(void *p, size_t len);

#endif
