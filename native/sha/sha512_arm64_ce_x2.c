/*
 * sha512_arm64_ce_x2.c - multi-buffer SHA-512 (for SHA-384, SHA-512,
 * SHA-512/t) on the ARMv8.2 SHA512 instructions: two independent messages
 * compressed side by side ("armv8x2"; hwc_hash_mb_impl, hash_many.c's lane
 * scheduler).
 *
 * The kernel targets armv8.2-a+sha3 only; the table is handed out only
 * when hwc_cpu()->arm_sha512 is set (many arm64 cores lack SHA512).
 *
 * Why two streams: a block is a chain of 40 dependent SHA512H/SHA512H2
 * pairs; issuing each step for both lanes in turn lets the second lane
 * fill the first one's latency (as sha256_arm64_ce_x2.c). The double
 * round and the schedule are sha512_arm64_ce.c's (state in ab/cd/ef/gh,
 * SHA512H then SHA512H2, the names rotating (ab, cd, ef, gh) -> (new ab,
 * ab, new ef, ef)); here the rotation is written as assignments in a
 * lane struct, which the compiler resolves to renamed registers in the
 * unrolled code.
 *
 * Registers: a lane takes eight schedule, four state and four saved state
 * registers, so two lanes fill the 32 vector registers and temporaries
 * spill message words; the entry point burns its worker's dead frame
 * (hwc_burn_stack, hwcrypt_ct.h).
 *
 * Constant time: the SHA512 instructions, adds, EXT and byte reversals
 * have fixed latency; addresses depend on the block index and the
 * (public) block count only; the only branch is the block loop.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_SHA3

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_SHA3)

#define LANES 2

typedef struct ce_lane {
  uint64x2_t m[8];
  uint64x2_t ab, cd, ef, gh;
} ce_lane;

/* Rounds 2i, 2i+1 on both lanes (m[i & 7] holds W[2i], W[2i+1]); for
 * i < 32 that register then becomes W[2i+16], W[2i+17]. */
HWC_INLINE void mb_dround(int i, ce_lane *x) {
  const uint64x2_t ki = vld1q_u64(hwc_sha512_k + 2 * i);
  uint64x2_t t[LANES];
  for (int k = 0; k < LANES; k++) {
    const uint64x2_t kw = vaddq_u64(x[k].m[i & 7], ki);
    t[k] = vaddq_u64(x[k].gh, vextq_u64(kw, kw, 1));
  }
  for (int k = 0; k < LANES; k++)
    t[k] = vsha512hq_u64(t[k], vextq_u64(x[k].ef, x[k].gh, 1), vextq_u64(x[k].cd, x[k].ef, 1));
  for (int k = 0; k < LANES; k++) {
    const uint64x2_t nef = vaddq_u64(x[k].cd, t[k]);
    const uint64x2_t nab = vsha512h2q_u64(t[k], x[k].cd, x[k].ab);
    x[k].gh = x[k].ef, x[k].ef = nef, x[k].cd = x[k].ab, x[k].ab = nab;
  }
  if (i < 32)
    for (int k = 0; k < LANES; k++)
      x[k].m[i & 7] = vsha512su1q_u64(vsha512su0q_u64(x[k].m[i & 7], x[k].m[(i + 1) & 7]), x[k].m[(i + 7) & 7],
                                      vextq_u64(x[k].m[(i + 4) & 7], x[k].m[(i + 5) & 7], 1));
}

#define DR8(i)                                                                                        \
  mb_dround((i) + 0, x), mb_dround((i) + 1, x), mb_dround((i) + 2, x), mb_dround((i) + 3, x),         \
      mb_dround((i) + 4, x), mb_dround((i) + 5, x), mb_dround((i) + 6, x), mb_dround((i) + 7, x)

static HWC_NOINLINE uintptr_t ce_x2_rounds(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks) {
  uint64x2_t s[LANES][4];
  for (int k = 0; k < LANES; k++)
    for (int j = 0; j < 4; j++) s[k][j] = vld1q_u64(st[k]->s64 + 2 * j);
  for (size_t b = 0; b < nblocks; b++) {
    ce_lane x[LANES];
    for (int k = 0; k < LANES; k++) {
      const uint8_t *p = data[k] + 128 * b;
      for (int j = 0; j < 8; j++) x[k].m[j] = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(p + 16 * j)));
      x[k].ab = s[k][0], x[k].cd = s[k][1], x[k].ef = s[k][2], x[k].gh = s[k][3];
    }
    /* Written out: i must be a constant in each double round. */
    DR8(0);
    DR8(8);
    DR8(16);
    DR8(24);
    DR8(32);
    for (int k = 0; k < LANES; k++) {
      s[k][0] = vaddq_u64(s[k][0], x[k].ab), s[k][1] = vaddq_u64(s[k][1], x[k].cd);
      s[k][2] = vaddq_u64(s[k][2], x[k].ef), s[k][3] = vaddq_u64(s[k][3], x[k].gh);
    }
  }
  for (int k = 0; k < LANES; k++)
    for (int j = 0; j < 4; j++) vst1q_u64(st[k]->s64 + 2 * j, s[k][j]);
  uintptr_t sp;
  HWC_STACK_POINTER(sp);
  return sp;
}

HWC_MB_ENTRY(ce_x2_compress, ce_x2_rounds(st, data, nblocks), 2048)

static const hwc_hash_mb_impl ce_x2 = {"armv8x2", HWC_FAMILY_SHA512, LANES, ce_x2_compress};

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha512_arm64_ce_x2_get(void) {
  return hwc_cpu()->arm_sha512 ? &ce_x2 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha512_arm64_ce_x2_get(void) { return NULL; }

#endif
