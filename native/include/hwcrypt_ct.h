/*
 * hwcrypt_ct.h - the one hook the constant-time check (native/ct/) needs in
 * the core. Private to the core; never included by the addon.
 *
 * The valgrind taint harness (native/ct/ct_taint.c) marks every secret
 * input "undefined" for memcheck, which then reports any branch or memory
 * address computed from one. A library must act on exactly one bit derived
 * from secrets: whether a GCM tag verified. HWC_CT_DECLASSIFY(p, n) marks
 * that bit public again before the code branches on it. In every normal
 * build (the addon, the native runner, the fuzzers) it expands to nothing;
 * only the harness's build defines HWC_CT_VALGRIND. A new call site is a
 * new public output and must be argued for in docs/security.md.
 */
#ifndef HWCRYPT_CT_H
#define HWCRYPT_CT_H

#if defined(HWC_CT_VALGRIND)
#include <valgrind/memcheck.h>
#define HWC_CT_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define HWC_CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

#endif /* HWCRYPT_CT_H */
