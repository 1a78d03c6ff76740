/* Private GMP glue: the kernels pass 64-bit words through GMP's unsigned long functions. */
#ifndef CK_GMP_H
#define CK_GMP_H

#include <limits.h>
#include <stdint.h>
#include <gmp.h>

_Static_assert(ULONG_MAX >= UINT64_MAX, "GMP's unsigned long must hold a 64-bit word");

#endif
