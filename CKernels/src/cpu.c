/* CPU feature detection (CPUID leaf 7 plus XGETBV for OS-saved ZMM state) and the default
 * kernel path, computed once and cached in atomics. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ck_cpu.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

#define CK_LEAF1_ECX_OSXSAVE (1u << 27)
#define CK_LEAF7_EBX_AVX512F ((1u << 16) | (1u << 17) | (1u << 30) | (1u << 31)) /* F DQ BW VL */
#define CK_LEAF7_EBX_IFMA (1u << 21)
#define CK_XCR0_ZMM_STATE 0xE6u /* SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM */

/* The CPUID leaf 7 EBX bits `wanted` are all set and the OS saves ZMM state. */
static int ck_detect_avx512(unsigned int wanted) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & CK_LEAF1_ECX_OSXSAVE) == 0) {
        return 0;
    }
    if (__get_cpuid_max(0, NULL) < 7) {
        return 0;
    }
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    if ((ebx & wanted) != wanted) {
        return 0;
    }
    unsigned int xcr0_lo, xcr0_hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    return (xcr0_lo & CK_XCR0_ZMM_STATE) == CK_XCR0_ZMM_STATE;
}
#else
static int ck_detect_avx512(unsigned int wanted) {
    (void)wanted;
    return 0;
}
#define CK_LEAF7_EBX_AVX512F 0u
#define CK_LEAF7_EBX_IFMA 0u
#endif

/* -1 until detected; detection is idempotent, so concurrent first calls agree. */
static atomic_int ck_avx512ifma_state = -1;
static atomic_int ck_avx512f_state = -1;
static atomic_int ck_default_state = -1;

static int ck_cached_detect(atomic_int *state, unsigned int wanted) {
    int value = atomic_load_explicit(state, memory_order_relaxed);
    if (value < 0) {
        value = ck_detect_avx512(wanted);
        atomic_store_explicit(state, value, memory_order_relaxed);
    }
    return value;
}

int ck_path_available(ck_path path) {
    switch (path) {
    case CK_PATH_SCALAR:
        return 1;
    case CK_PATH_AVX512IFMA:
        return ck_cached_detect(&ck_avx512ifma_state, CK_LEAF7_EBX_AVX512F | CK_LEAF7_EBX_IFMA);
    case CK_PATH_AVX512F:
        return ck_cached_detect(&ck_avx512f_state, CK_LEAF7_EBX_AVX512F);
    }
    return 0;
}

static ck_path ck_fastest_path(const char *forced) {
    if (forced != NULL && strcmp(forced, "scalar") == 0) {
        return CK_PATH_SCALAR;
    }
    int f_only = forced != NULL && strcmp(forced, "avx512f") == 0;
    if (!f_only && ck_path_available(CK_PATH_AVX512IFMA)) {
        return CK_PATH_AVX512IFMA;
    }
    return ck_path_available(CK_PATH_AVX512F) ? CK_PATH_AVX512F : CK_PATH_SCALAR;
}

ck_path ck_default_path(void) {
    int state = atomic_load_explicit(&ck_default_state, memory_order_relaxed);
    if (state < 0) {
        state = (int)ck_fastest_path(getenv("HEML_KERNEL_PATH"));
        atomic_store_explicit(&ck_default_state, state, memory_order_relaxed);
    }
    return (ck_path)state;
}
