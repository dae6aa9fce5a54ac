/*
 * sha1_x86_shanix.c - multi-buffer SHA-1 on the x86 SHA extensions: 2, 3
 * or 4 independent messages compressed side by side ("shanix2",
 * "shanix3", "shanix4"; hwc_hash_mb_impl, hash_many.c's lane scheduler).
 *
 * The kernels target SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getters hand the tables out only when CPUID reports all three.
 *
 * Why interleave: a SHA-1 block is a chain of 20 dependent sha1rnds4 (plus
 * the sha1nexte that feeds each), so a single stream runs at their latency.
 * n independent streams issued step by step across the lanes fill the
 * issue slots the chain leaves idle (the same argument as
 * sha256_x86_shanix.c). The register layout and the schedule recurrence
 * are those derived in x86_sha_common.h (x86_sha1_lane, x86_sha1_group);
 * only the group is rewritten here, lane-major.
 *
 * Registers: seven xmm per lane plus two for its chaining value, so more
 * than one lane spills schedule words (message-derived): each entry point
 * burns the dead frame of its worker (hwc_burn_stack, hwcrypt_ct.h).
 *
 * Measured (native/bench/hash_mb_cycles.c, kernel only, core cycles per
 * message byte from the calibrated TSC, one interleaved run, AMD EPYC Zen
 * 5 VM): 64 B / 1 KiB messages: shani 4.02 / 2.05, shanix2 2.25 / 1.15,
 * shanix3 1.90 / 0.93, shanix4 1.73 / 0.84 (2.32x / 2.43x).
 *
 * Constant time: the SHA instructions, xors and shuffles have fixed
 * latency; the addresses depend on the block index and the (public) block
 * count only; the only branch is the block loop.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getters below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("sha,ssse3,sse4.1")

#include "x86_sha_common.h"

#define MB_MAX 4

/* Group q (rounds 4q..4q+3, 0 <= q < 20) on n lanes, step by step across
 * the lanes: the recurrence of x86_sha1_group (x86_sha_common.h). */
HWC_INLINE void mb_group(int q, x86_sha1_lane *x, int n) {
  for (int k = 0; k < n; k++) {
    __m128i *en = &x[k].e[q & 1];
    *en = q == 0 ? _mm_add_epi32(*en, x[k].m[q & 3]) : _mm_sha1nexte_epu32(*en, x[k].m[q & 3]);
    x[k].e[(q + 1) & 1] = x[k].abcd;
  }
  if (q >= 3 && q <= 18)
    for (int k = 0; k < n; k++) x[k].m[(q + 1) & 3] = _mm_sha1msg2_epu32(x[k].m[(q + 1) & 3], x[k].m[q & 3]);
  for (int k = 0; k < n; k++) x[k].abcd = x86_sha1_rnds4(x[k].abcd, x[k].e[q & 1], q / 5);
  if (q >= 1 && q <= 16)
    for (int k = 0; k < n; k++) x[k].m[(q + 3) & 3] = _mm_sha1msg1_epu32(x[k].m[(q + 3) & 3], x[k].m[q & 3]);
  if (q >= 2 && q <= 17)
    for (int k = 0; k < n; k++) x[k].m[(q + 2) & 3] = _mm_xor_si128(x[k].m[(q + 2) & 3], x[k].m[q & 3]);
}

/* nblocks blocks on each of n lanes (n a constant after inlining). */
HWC_INLINE void mb_run(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks, int n) {
  const __m128i bswap = x86_sha1_bswap_mask();
  __m128i abcd[MB_MAX], e[MB_MAX];
  for (int k = 0; k < n; k++) x86_sha1_to_split(st[k]->s32, &abcd[k], &e[k]);
  for (size_t b = 0; b < nblocks; b++) {
    x86_sha1_lane x[MB_MAX];
    for (int k = 0; k < n; k++) {
      const uint8_t *p = data[k] + 64 * b;
      for (int j = 0; j < 4; j++) x[k].m[j] = x86_sha1_load(p + 16 * j, bswap);
      x[k].abcd = abcd[k], x[k].e[0] = e[k];
      x[k].e[1] = _mm_setzero_si128();
    }
    /* Written out: q must be a constant in each group. */
    mb_group(0, x, n), mb_group(1, x, n), mb_group(2, x, n), mb_group(3, x, n), mb_group(4, x, n);
    mb_group(5, x, n), mb_group(6, x, n), mb_group(7, x, n), mb_group(8, x, n), mb_group(9, x, n);
    mb_group(10, x, n), mb_group(11, x, n), mb_group(12, x, n), mb_group(13, x, n), mb_group(14, x, n);
    mb_group(15, x, n), mb_group(16, x, n), mb_group(17, x, n), mb_group(18, x, n), mb_group(19, x, n);
    for (int k = 0; k < n; k++) {
      /* e[0] holds the A that entered the last group: its ROTL30 plus the
       * input E is the final E (x86_sha1_block). */
      e[k] = _mm_sha1nexte_epu32(x[k].e[0], e[k]);
      abcd[k] = _mm_add_epi32(abcd[k], x[k].abcd);
    }
  }
  for (int k = 0; k < n; k++) x86_sha1_to_words(abcd[k], e[k], st[k]->s32);
}

/* One worker per lane count (returns its frame's low end for the burn),
 * and an entry point that burns that frame; the fallback depth covers the
 * frames gcc and clang build (under 1 KiB) plus the red zone. */
#define MB_KERNEL(N)                                                                                        \
  static HWC_NOINLINE uintptr_t mb_rounds##N(hwc_hash_state *const *st, const uint8_t *const *data,         \
                                             size_t nblocks) {                                              \
    mb_run(st, data, nblocks, N);                                                                           \
    uintptr_t sp;                                                                                           \
    HWC_STACK_POINTER(sp);                                                                                  \
    return sp;                                                                                              \
  }                                                                                                         \
  HWC_MB_ENTRY(mb_compress##N, mb_rounds##N(st, data, nblocks), 2048)                                       \
  static const hwc_hash_mb_impl sha1_shanix##N = {"shanix" #N, HWC_FAMILY_SHA1, N, mb_compress##N};

MB_KERNEL(2)
MB_KERNEL(3)
MB_KERNEL(4)

HWC_TARGET_END

/* The getters call nothing but hwc_cpu (scripts/check-isa.sh). */
#define SHANIX_USABLE(f) ((f)->shani && (f)->ssse3 && (f)->sse41)
const hwc_hash_mb_impl *hwc_sha1_x86_shanix2_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha1_shanix2 : NULL;
}
const hwc_hash_mb_impl *hwc_sha1_x86_shanix3_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha1_shanix3 : NULL;
}
const hwc_hash_mb_impl *hwc_sha1_x86_shanix4_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha1_shanix4 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha1_x86_shanix2_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha1_x86_shanix3_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha1_x86_shanix4_get(void) { return NULL; }

#endif
