/*
 * hwcrypt_target.h - where an instruction-set-specific file states its
 * instruction set. Included by hwcrypt_impl.h; private to the C core.
 *
 * Every file is compiled with the same flags (binding.gyp and CMake list
 * sources only). A backend file enables its instructions for its kernels
 * alone, inside one region:
 *
 *     #include "hwcrypt_impl.h"
 *     #if HWC_TARGET_X86                 (architecture + compiler check)
 *     #include <immintrin.h>             (system headers BEFORE the region)
 *     HWC_TARGET_BEGIN("aes,pclmul,ssse3,sse4.1")
 *     ... kernels, the backend's table ...
 *     HWC_TARGET_END
 *     const hwc_aes_impl *hwc_aes_x86_aesni_get(void) { ... }   (plain ISA)
 *     #else
 *     const hwc_aes_impl *hwc_aes_x86_aesni_get(void) { return NULL; }
 *     #endif
 *
 * GCC: #pragma GCC push_options / target(...) / pop_options. Clang:
 * #pragma clang attribute push(__attribute__((target(...))),
 * apply_to = function) / pop, which gives every function DECLARED inside
 * the region the target attribute - hence the system headers and the
 * core headers go before it (otherwise their inline helpers would carry
 * the ISA too, and code after the region that uses one, a getter say,
 * would either fail to build or call ISA code).
 * A header of kernel building blocks for one architecture (intrinsics in
 * static inline functions) is the opposite case: include it inside the
 * region, so that its functions get the ISA under clang as well.
 * Everything after HWC_TARGET_END is compiled for the baseline of the
 * architecture; the getter must be there, because it runs on every CPU
 * (scripts/check-isa.sh disassembles the getters and the portable objects
 * and fails on any instruction outside the baseline).
 *
 * Differences the guards below absorb:
 *  - GCC defines __AES__, __AVX2__, ... after its target pragma; clang's
 *    attribute push does not. Guards therefore test the architecture and
 *    the compiler version, never the feature macros (except clang < 16 on
 *    arm64, below).
 *  - A compiler that does not know a target name rejects the region, so
 *    each HWC_TARGET_* is false for it and the file compiles to its NULL
 *    getter instead of failing the build.
 *  - arm64 spells the extensions differently: GCC 12's arm_neon.h wants
 *    "+crypto" for AES/PMULL/SHA1/SHA2 and "arch=armv8.2-a+sha3" for the
 *    SHA512 instructions ("+sha3" alone is refused at -march=armv8-a);
 *    clang's arm_neon.h (16+) tags the intrinsics target("aes"),
 *    target("sha2") and target("sha3"). HWC_ARM64_CRYPTO and
 *    HWC_ARM64_SHA3 are those strings.
 *  - clang before 16 declares the arm64 crypto intrinsics only when the
 *    command line enabled them (__ARM_FEATURE_AES/SHA2/SHA512, e.g. Apple's
 *    default arm64 target, or -march=...+crypto); a target attribute does
 *    not make them appear. There the arm64 files build only when those
 *    macros are defined, and give the NULL getter otherwise.
 *
 * Version thresholds are the first releases that know every name used:
 * VAES/VPCLMULQDQ (GCC 8, LLVM 7), everything else on x86 (AES, PCLMUL,
 * SSSE3, SSE4.1, SHA, AVX2, BMI2, AVX-512F/BW/VL/DQ) is older; arm64
 * "+crypto"/"+sha3" target pragmas and the SHA512 intrinsics: GCC 8.
 * Apple clang numbers its releases differently (Apple clang 11 ~ LLVM 8,
 * 15 ~ LLVM 16), so it gets its own threshold.
 */
#ifndef HWCRYPT_TARGET_H
#define HWCRYPT_TARGET_H

#define HWC_PRAGMA(x) _Pragma(#x)

#if defined(__clang__)
#if defined(__apple_build_version__)
#define HWC_CLANG_AT_LEAST(llvm, apple) (__clang_major__ >= (apple))
#else
#define HWC_CLANG_AT_LEAST(llvm, apple) (__clang_major__ >= (llvm))
#endif
#define HWC_GCC_AT_LEAST(v) 0
#define HWC_TARGET_BEGIN(isa) \
  HWC_PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define HWC_TARGET_END HWC_PRAGMA(clang attribute pop)
#elif defined(__GNUC__)
#define HWC_CLANG_AT_LEAST(llvm, apple) 0
#define HWC_GCC_AT_LEAST(v) (__GNUC__ >= (v))
#define HWC_TARGET_BEGIN(isa) HWC_PRAGMA(GCC push_options) HWC_PRAGMA(GCC target(isa))
#define HWC_TARGET_END HWC_PRAGMA(GCC pop_options)
#else
#define HWC_CLANG_AT_LEAST(llvm, apple) 0
#define HWC_GCC_AT_LEAST(v) 0
#define HWC_TARGET_BEGIN(isa)
#define HWC_TARGET_END
#endif

/* x86-64 kernels: every target name the x86 files use. */
#if defined(__x86_64__) && (HWC_GCC_AT_LEAST(8) || HWC_CLANG_AT_LEAST(7, 11))
#define HWC_TARGET_X86 1
#else
#define HWC_TARGET_X86 0
#endif

/* arm64 (little-endian) kernels. */
#if defined(__aarch64__) && !defined(__AARCH64EB__) && HWC_GCC_AT_LEAST(8)
#define HWC_TARGET_ARM64_CRYPTO 1
#define HWC_TARGET_ARM64_SHA3 1
#define HWC_ARM64_CRYPTO "+crypto"
#define HWC_ARM64_SHA3 "arch=armv8.2-a+sha3"
#elif defined(__aarch64__) && !defined(__AARCH64EB__) && defined(__clang__)
#define HWC_ARM64_CRYPTO "aes,sha2"
#define HWC_ARM64_SHA3 "sha3"
#if HWC_CLANG_AT_LEAST(16, 15) || \
    ((defined(__ARM_FEATURE_AES) && defined(__ARM_FEATURE_SHA2)) || defined(__ARM_FEATURE_CRYPTO))
#define HWC_TARGET_ARM64_CRYPTO 1
#else
#define HWC_TARGET_ARM64_CRYPTO 0
#endif
#if HWC_CLANG_AT_LEAST(16, 15) || defined(__ARM_FEATURE_SHA512)
#define HWC_TARGET_ARM64_SHA3 1
#else
#define HWC_TARGET_ARM64_SHA3 0
#endif
#else
#define HWC_TARGET_ARM64_CRYPTO 0
#define HWC_TARGET_ARM64_SHA3 0
#endif

#endif /* HWCRYPT_TARGET_H */
