/*
 * sha1_arm64_ce_x2.c - multi-buffer SHA-1 on the ARMv8 SHA1 instructions:
 * two independent messages compressed side by side ("armv8x2";
 * hwc_hash_mb_impl, hash_many.c's lane scheduler).
 *
 * The kernel targets the crypto extension only; the table is handed out
 * when hwc_cpu()->arm_sha1 is set.
 *
 * Why two streams: a block is a chain of 20 dependent SHA1C/P/M (with the
 * SHA1H that derives each group's e), so one stream runs at their latency;
 * each step below is issued for both lanes in turn so that the second
 * lane fills the first one's latency (as sha256_arm64_ce_x2.c). The state
 * layout (abcd in a register, e a scalar), the round groups and the
 * SHA1SU0/SU1 schedule are sha1_arm64_ce.c's.
 *
 * The entry point burns its worker's frame (hwc_burn_stack), as every
 * multi-buffer kernel does, in case a compiler spills message words.
 *
 * Constant time: the SHA1 instructions, adds and byte reversals have fixed
 * latency; addresses depend on the block index and the (public) block
 * count only; the only branch is the block loop.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_CRYPTO

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_CRYPTO)

#define LANES 2

typedef struct ce_lane {
  uint32x4_t m[4];
  uint32x4_t abcd;
  uint32_t e;
} ce_lane;

/* The round function of group q: SHA1C (Ch) for rounds 0-19, SHA1P
 * (parity) for 20-39 and 60-79, SHA1M (Maj) for 40-59. */
HWC_INLINE uint32x4_t ce_rounds(int q, uint32x4_t abcd, uint32_t e, uint32x4_t wk) {
  switch (q / 5) {
    case 0: return vsha1cq_u32(abcd, e, wk);
    case 2: return vsha1mq_u32(abcd, e, wk);
    default: return vsha1pq_u32(abcd, e, wk);
  }
}

/* Rounds 4q..4q+3 on both lanes (m[q & 3] holds W[4q..4q+3]); for q < 16
 * that register then becomes W[4q+16..4q+19]. */
HWC_INLINE void mb_group(int q, ce_lane *x, uint32x4_t kq) {
  uint32x4_t wk[LANES];
  uint32_t en[LANES];
  for (int k = 0; k < LANES; k++) wk[k] = vaddq_u32(x[k].m[q & 3], kq);
  for (int k = 0; k < LANES; k++) en[k] = vsha1h_u32(vgetq_lane_u32(x[k].abcd, 0));
  for (int k = 0; k < LANES; k++) x[k].abcd = ce_rounds(q, x[k].abcd, x[k].e, wk[k]);
  for (int k = 0; k < LANES; k++) x[k].e = en[k];
  if (q < 16)
    for (int k = 0; k < LANES; k++)
      x[k].m[q & 3] = vsha1su1q_u32(vsha1su0q_u32(x[k].m[q & 3], x[k].m[(q + 1) & 3], x[k].m[(q + 2) & 3]),
                                    x[k].m[(q + 3) & 3]);
}

static HWC_NOINLINE uintptr_t ce_x2_rounds(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks) {
  const uint32x4_t k0 = vdupq_n_u32(0x5A827999), k1 = vdupq_n_u32(0x6ED9EBA1), k2 = vdupq_n_u32(0x8F1BBCDC),
                   k3 = vdupq_n_u32(0xCA62C1D6);
  uint32x4_t abcd[LANES];
  uint32_t e[LANES];
  for (int k = 0; k < LANES; k++) abcd[k] = vld1q_u32(st[k]->s32), e[k] = st[k]->s32[4];
  for (size_t b = 0; b < nblocks; b++) {
    ce_lane x[LANES];
    for (int k = 0; k < LANES; k++) {
      const uint8_t *p = data[k] + 64 * b;
      for (int j = 0; j < 4; j++) x[k].m[j] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * j)));
      x[k].abcd = abcd[k], x[k].e = e[k];
    }
    /* Written out: q must be a constant in each group. */
    mb_group(0, x, k0), mb_group(1, x, k0), mb_group(2, x, k0), mb_group(3, x, k0), mb_group(4, x, k0);
    mb_group(5, x, k1), mb_group(6, x, k1), mb_group(7, x, k1), mb_group(8, x, k1), mb_group(9, x, k1);
    mb_group(10, x, k2), mb_group(11, x, k2), mb_group(12, x, k2), mb_group(13, x, k2), mb_group(14, x, k2);
    mb_group(15, x, k3), mb_group(16, x, k3), mb_group(17, x, k3), mb_group(18, x, k3), mb_group(19, x, k3);
    for (int k = 0; k < LANES; k++) abcd[k] = vaddq_u32(abcd[k], x[k].abcd), e[k] += x[k].e;
  }
  for (int k = 0; k < LANES; k++) vst1q_u32(st[k]->s32, abcd[k]), st[k]->s32[4] = e[k];
  uintptr_t sp;
  HWC_STACK_POINTER(sp);
  return sp;
}

HWC_MB_ENTRY(ce_x2_compress, ce_x2_rounds(st, data, nblocks), 1024)

static const hwc_hash_mb_impl ce_x2 = {"armv8x2", HWC_FAMILY_SHA1, LANES, ce_x2_compress};

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha1_arm64_ce_x2_get(void) {
  return hwc_cpu()->arm_sha1 ? &ce_x2 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha1_arm64_ce_x2_get(void) { return NULL; }

#endif
