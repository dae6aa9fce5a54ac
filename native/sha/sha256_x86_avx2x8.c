/*
 * sha256_x86_avx2x8.c - multi-buffer SHA-256 compression: AVX2, 8 lanes in ymm registers
 * (hwc_hash_mb_impl, hwcrypt_impl.h; scheduled by native/modes/hash_many.c).
 *
 * 8 independent messages advance together, one vector per state word and
 * per schedule word; the rounds and the transposed message load are
 * written once for both vector widths in x86_sha_mb_tmpl.h (the layout,
 * the transpose and the constant-time argument are explained there).
 *
 * The kernel targets "avx2" only (HWC_TARGET_BEGIN below); the getter
 * hands the table out only with AVX2 with the OS saving YMM state (hwc_cpu()->avx2).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx2")

#define MB_AVX2 1
#define MB_SHA256 1
#include "x86_sha_mb_tmpl.h"

/* The rounds, then their dead frame (spilled state and schedule words:
 * message-derived) is zeroed once per call
 * (hwc_burn_stack, hwcrypt_ct.h); the depth is measured at run time, the
 * fallback covers the frames gcc and clang build with margin. */
HWC_MB_ENTRY(sha256_avx2x8_compress, mb_sha256_rounds(st, data, nblocks), 4096)

static const hwc_hash_mb_impl sha256_avx2x8 = {"avx2x8", HWC_FAMILY_SHA256, 8, sha256_avx2x8_compress};

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha256_x86_avx2x8_get(void) {
  const hwc_cpu_features *c = hwc_cpu();
  return c->avx2 ? &sha256_avx2x8 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha256_x86_avx2x8_get(void) { return NULL; }

#endif
