/*
 * sha256_x86_shanix.c - multi-buffer SHA-256 on the x86 SHA extensions:
 * 2, 3 or 4 independent messages compressed side by side ("shanix2",
 * "shanix3", "shanix4"; hwc_hash_mb_impl, hash_many.c's lane scheduler).
 *
 * The kernels target SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getters hand the tables out only when CPUID reports all three.
 *
 * Why interleave: one SHA-256 block is a chain of 32 dependent
 * sha256rnds2, so a single stream runs at the instruction's latency and
 * leaves its throughput unused (on Zen and Intel cores the latency is a
 * few times the reciprocal throughput). n independent streams issued
 * instruction by instruction fill those slots: while lane 0's rnds2 is in
 * flight, lanes 1..n-1 issue theirs. Each round-group step below is
 * therefore written as "this step for every lane", not "every step for
 * this lane", so the interleave does not depend on the out-of-order
 * window reaching across a whole group (a second lane one whole block
 * behind overlaps only ~25 %, x86_sha_common.h). The message schedule
 * (msg1/msg2/palignr) of all lanes hides under the rnds2 chains.
 *
 * The register layout, the schedule recurrence and the state conversions
 * are the ones derived in x86_sha_common.h (x86_sha256_lane, _load,
 * _to_split, _to_words); only the group is rewritten here, lane-major.
 *
 * Registers: a lane needs six xmm (four schedule words, two state
 * halves) plus two for its chaining value, so three or four lanes exceed
 * the sixteen xmm registers (the SHA instructions have no EVEX form that
 * could reach xmm16..31) and the compiler spills schedule words. Those are
 * message-derived, so each entry point burns the dead frame of its
 * worker after it returns (hwc_burn_stack, hwcrypt_ct.h).
 *
 * Measured (native/bench/hash_mb_cycles.c, kernel only, core cycles per
 * message byte from the calibrated TSC, one interleaved run on the
 * development machine, AMD EPYC Zen 5 VM shared with other jobs): 64 B /
 * 1 KiB messages (2 / 17 blocks per lane): shani 4.28 / 2.15, shanix2
 * 3.01 / 1.40, shanix3 2.58 / 1.30, shanix4 2.52 / 1.21, i.e. 1.70x /
 * 1.77x the single stream for four lanes. That is ~2.4 cycles per
 * sha256rnds2 over all lanes against ~4.3 (the latency) for one stream;
 * the third and fourth lanes add little over the second, so the issue
 * rate of the SHA unit, not the latency, is then the limit. (avx512x16 is faster still where AVX-512 exists; hash_many.c
 * measures which to use at run time.)
 *
 * Constant time: the SHA instructions, adds and shuffles have fixed
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

/* Group q (rounds 4q..4q+3) on n lanes, step by step across the lanes:
 * the same recurrence as x86_sha256_group (x86_sha_common.h). */
HWC_INLINE void mb_group(int q, x86_sha256_lane *x, int n) {
  const __m128i kq = _mm_load_si128((const __m128i *)(const void *)(hwc_sha256_k + 4 * q));
  __m128i wk[MB_MAX];
  for (int k = 0; k < n; k++) wk[k] = _mm_add_epi32(x[k].m[q & 3], kq);
  for (int k = 0; k < n; k++) x[k].cdgh = _mm_sha256rnds2_epu32(x[k].cdgh, x[k].abef, wk[k]);
  if (q >= 3 && q <= 14) {
    for (int k = 0; k < n; k++) {
      __m128i *mn = &x[k].m[(q + 1) & 3];
      *mn = _mm_add_epi32(*mn, _mm_alignr_epi8(x[k].m[q & 3], x[k].m[(q + 3) & 3], 4));
      *mn = _mm_sha256msg2_epu32(*mn, x[k].m[q & 3]);
    }
  }
  for (int k = 0; k < n; k++) wk[k] = _mm_shuffle_epi32(wk[k], 0x0e);
  for (int k = 0; k < n; k++) x[k].abef = _mm_sha256rnds2_epu32(x[k].abef, x[k].cdgh, wk[k]);
  if (q >= 1 && q <= 12)
    for (int k = 0; k < n; k++) x[k].m[(q + 3) & 3] = _mm_sha256msg1_epu32(x[k].m[(q + 3) & 3], x[k].m[q & 3]);
}

/* nblocks blocks on each of n lanes (n a constant after inlining). */
HWC_INLINE void mb_run(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks, int n) {
  const __m128i bswap = x86_sha256_bswap_mask();
  __m128i abef[MB_MAX], cdgh[MB_MAX];
  for (int k = 0; k < n; k++)
    x86_sha256_to_split(_mm_loadu_si128((const __m128i *)(const void *)st[k]->s32),
                        _mm_loadu_si128((const __m128i *)(const void *)(st[k]->s32 + 4)), &abef[k], &cdgh[k]);
  for (size_t b = 0; b < nblocks; b++) {
    x86_sha256_lane x[MB_MAX];
    for (int k = 0; k < n; k++) {
      const uint8_t *p = data[k] + 64 * b;
      for (int j = 0; j < 4; j++) x[k].m[j] = x86_sha256_load(p + 16 * j, bswap);
      x[k].abef = abef[k], x[k].cdgh = cdgh[k];
    }
    /* Written out: q must be a constant in each group. */
    mb_group(0, x, n), mb_group(1, x, n), mb_group(2, x, n), mb_group(3, x, n);
    mb_group(4, x, n), mb_group(5, x, n), mb_group(6, x, n), mb_group(7, x, n);
    mb_group(8, x, n), mb_group(9, x, n), mb_group(10, x, n), mb_group(11, x, n);
    mb_group(12, x, n), mb_group(13, x, n), mb_group(14, x, n), mb_group(15, x, n);
    for (int k = 0; k < n; k++) {
      abef[k] = _mm_add_epi32(abef[k], x[k].abef);
      cdgh[k] = _mm_add_epi32(cdgh[k], x[k].cdgh);
    }
  }
  for (int k = 0; k < n; k++) {
    __m128i dcba, hgfe;
    x86_sha256_to_words(abef[k], cdgh[k], &dcba, &hgfe);
    _mm_storeu_si128((__m128i *)(void *)st[k]->s32, dcba);
    _mm_storeu_si128((__m128i *)(void *)(st[k]->s32 + 4), hgfe);
  }
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
  static const hwc_hash_mb_impl sha256_shanix##N = {"shanix" #N, HWC_FAMILY_SHA256, N, mb_compress##N};

MB_KERNEL(2)
MB_KERNEL(3)
MB_KERNEL(4)

HWC_TARGET_END

/* The getters call nothing but hwc_cpu (scripts/check-isa.sh). */
#define SHANIX_USABLE(f) ((f)->shani && (f)->ssse3 && (f)->sse41)
const hwc_hash_mb_impl *hwc_sha256_x86_shanix2_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha256_shanix2 : NULL;
}
const hwc_hash_mb_impl *hwc_sha256_x86_shanix3_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha256_shanix3 : NULL;
}
const hwc_hash_mb_impl *hwc_sha256_x86_shanix4_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return SHANIX_USABLE(f) ? &sha256_shanix4 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha256_x86_shanix2_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha256_x86_shanix3_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha256_x86_shanix4_get(void) { return NULL; }

#endif
