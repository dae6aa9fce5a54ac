/*
 * hwcrypt_ct.h - secret hygiene inside the core: the declassification hook
 * of the constant-time check and stack burning. Private to the core; never
 * included by the addon. The rules these serve are in docs/security.md.
 */
#ifndef HWCRYPT_CT_H
#define HWCRYPT_CT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * HWC_CT_DECLASSIFY(p, n): the valgrind taint harness (native/ct/ct_taint.c)
 * marks every secret input "undefined" for memcheck, which then reports any
 * branch or memory address computed from one. The library acts on exactly
 * one bit derived from secrets: whether a GCM tag verified. This macro
 * marks that bit public again before the code branches on it. In every
 * normal build (the addon, the native runner, the fuzzers) it expands to
 * nothing; only the harness's build defines HWC_CT_VALGRIND. A new call
 * site is a new public output and must be argued for in docs/security.md.
 */
#if defined(HWC_CT_VALGRIND)
#include <valgrind/memcheck.h>
#define HWC_CT_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define HWC_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/*
 * hwc_burn_stack(n): zeroes n bytes of stack just below the caller's frame
 * (util.c), n <= HWC_BURN_MAX. Called by an entry point right after the
 * function that did the work has returned, it overwrites that function's
 * dead frame: its named buffers, and also the spill slots the compiler
 * chose for secret scalars, which no hwc_wipe() of a named array reaches
 * (gcc -O3 keeps the soft SHA-256 schedule W[16] in red-zone spill slots,
 * not in an array). n is the callee's stack depth: measured at run time
 * for a leaf (HWC_BURN_DEPTH below), else the deepest frame chain gcc and
 * clang build, with margin, plus the 128-byte red zone. The same
 * technique as libgcrypt's _gcry_burn_stack. HWC_NOINLINE keeps the work
 * function's frame separate from the entry point's.
 */
#define HWC_BURN_MAX 8192

/*
 * For a leaf work function (the SHA rounds) the depth can be measured
 * instead of guessed: the work function returns its stack pointer, read at
 * its end (after any shrink-wrapped prologue, before the epilogue), and the
 * entry point burns from its own stack pointer down to that plus the
 * 128-byte red zone a leaf may use below it, plus slack for the burn's own
 * frame: hwc_burn_stack(HWC_BURN_DEPTH(top, low, fallback)). Where the
 * stack pointer cannot be read (HWC_STACK_POINTER gives 0) the fallback
 * constant is used. A burn costs about one cycle per 16 bytes, so the
 * measured depth (~500 bytes for SHA-256 with gcc -O3) instead of a
 * worst case over compilers keeps it a few percent of a 64-byte block.
 */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define HWC_STACK_POINTER(sp) __asm__ __volatile__("mov %%rsp, %0" : "=r"(sp))
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__)
#define HWC_STACK_POINTER(sp) __asm__ __volatile__("mov %0, sp" : "=r"(sp))
#else
#define HWC_STACK_POINTER(sp) ((sp) = 0)
#endif
#define HWC_BURN_DEPTH(top, low, fallback) \
  (((top) && (low) && (low) < (top)) ? (size_t)((top) - (low)) + 128 + 64 : (size_t)(fallback))
#if defined(__GNUC__) || defined(__clang__)
#define HWC_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define HWC_NOINLINE __declspec(noinline)
#else
#define HWC_NOINLINE
#endif
void hwc_burn_stack(size_t n);

#ifdef __cplusplus
}
#endif

#endif /* HWCRYPT_CT_H */
