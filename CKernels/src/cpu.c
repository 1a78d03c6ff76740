/* CPU feature detection (CPUID leaf 7 plus XGETBV for OS-saved ZMM state) and the default
 * kernel path, computed once and cached in atomics. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ck_cpu.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

#define CK_LEAF1_ECX_OSXSAVE (1u << 27)
#define CK_LEAF7_EBX_AVX512 ((1u << 16) | (1u << 17) | (1u << 21) | (1u << 30) | (1u << 31)) /* F DQ IFMA BW VL */
#define CK_XCR0_ZMM_STATE 0xE6u /* SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM */

static int ck_detect_avx512ifma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & CK_LEAF1_ECX_OSXSAVE) == 0) {
        return 0;
    }
    if (__get_cpuid_max(0, NULL) < 7) {
        return 0;
    }
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    if ((ebx & CK_LEAF7_EBX_AVX512) != CK_LEAF7_EBX_AVX512) {
        return 0;
    }
    unsigned int xcr0_lo, xcr0_hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    return (xcr0_lo & CK_XCR0_ZMM_STATE) == CK_XCR0_ZMM_STATE;
}
#else
static int ck_detect_avx512ifma(void) {
    return 0;
}
#endif

/* -1 until detected; detection is idempotent, so concurrent first calls agree. */
static atomic_int ck_avx512ifma_state = -1;
static atomic_int ck_default_state = -1;

int ck_path_available(ck_path path) {
    switch (path) {
    case CK_PATH_SCALAR:
        return 1;
    case CK_PATH_AVX512IFMA: {
        int state = atomic_load_explicit(&ck_avx512ifma_state, memory_order_relaxed);
        if (state < 0) {
            state = ck_detect_avx512ifma();
            atomic_store_explicit(&ck_avx512ifma_state, state, memory_order_relaxed);
        }
        return state;
    }
    }
    return 0;
}

ck_path ck_default_path(void) {
    int state = atomic_load_explicit(&ck_default_state, memory_order_relaxed);
    if (state < 0) {
        const char *forced = getenv("HEML_KERNEL_PATH");
        int scalar_only = forced != NULL && strcmp(forced, "scalar") == 0;
        state = (!scalar_only && ck_path_available(CK_PATH_AVX512IFMA)) ? CK_PATH_AVX512IFMA : CK_PATH_SCALAR;
        atomic_store_explicit(&ck_default_state, state, memory_order_relaxed);
    }
    return (ck_path)state;
}
