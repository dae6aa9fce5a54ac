/*
 * sha256_arm64_ce_x2.c - multi-buffer SHA-256 on the ARMv8 SHA2
 * instructions: two independent messages compressed side by side
 * ("armv8x2"; hwc_hash_mb_impl, hash_many.c's lane scheduler).
 *
 * The kernel targets the crypto extension only; the table is handed out
 * when hwc_cpu()->arm_sha2 is set.
 *
 * Why two streams: a block is a chain of 16 dependent SHA256H/SHA256H2
 * pairs, each a multi-cycle instruction on current cores, so one stream
 * runs at their latency. Each step below is issued for both lanes in turn
 * (lane-major: "this step for every lane"), so the second lane's
 * instructions fill the first one's latency without relying on the
 * out-of-order window. Register layout, the four-round step and the
 * schedule recurrence are sha256_arm64_ce.c's (abcd/efgh state registers,
 * SHA256SU0/SU1 producing W[t+16..t+19] in the register that held
 * W[t..t+3]).
 *
 * Registers: a lane takes four schedule, two state and two saved state
 * registers, so both lanes fit the 32 vector registers; the entry point
 * still burns its worker's frame (hwc_burn_stack), as every multi-buffer
 * kernel does, in case a compiler spills message words.
 *
 * Constant time: the SHA2 instructions, adds and byte reversals have
 * fixed latency; addresses depend on the block index and the (public)
 * block count only; the only branch is the block loop.
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
  uint32x4_t abcd, efgh;
} ce_lane;

/* Rounds 4q..4q+3 on both lanes (m[q & 3] holds W[4q..4q+3]); for q < 12
 * that register then becomes W[4q+16..4q+19]. */
HWC_INLINE void mb_group(int q, ce_lane *x) {
  const uint32x4_t kq = vld1q_u32(hwc_sha256_k + 4 * q);
  uint32x4_t wk[LANES], abcd0[LANES];
  for (int k = 0; k < LANES; k++) wk[k] = vaddq_u32(x[k].m[q & 3], kq), abcd0[k] = x[k].abcd;
  for (int k = 0; k < LANES; k++) x[k].abcd = vsha256hq_u32(x[k].abcd, x[k].efgh, wk[k]);
  for (int k = 0; k < LANES; k++) x[k].efgh = vsha256h2q_u32(x[k].efgh, abcd0[k], wk[k]);
  if (q < 12)
    for (int k = 0; k < LANES; k++)
      x[k].m[q & 3] = vsha256su1q_u32(vsha256su0q_u32(x[k].m[q & 3], x[k].m[(q + 1) & 3]), x[k].m[(q + 2) & 3],
                                      x[k].m[(q + 3) & 3]);
}

static HWC_NOINLINE uintptr_t ce_x2_rounds(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks) {
  uint32x4_t abcd[LANES], efgh[LANES];
  for (int k = 0; k < LANES; k++) abcd[k] = vld1q_u32(st[k]->s32), efgh[k] = vld1q_u32(st[k]->s32 + 4);
  for (size_t b = 0; b < nblocks; b++) {
    ce_lane x[LANES];
    for (int k = 0; k < LANES; k++) {
      const uint8_t *p = data[k] + 64 * b;
      for (int j = 0; j < 4; j++) x[k].m[j] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * j)));
      x[k].abcd = abcd[k], x[k].efgh = efgh[k];
    }
    /* Written out: q must be a constant in each group. */
    mb_group(0, x), mb_group(1, x), mb_group(2, x), mb_group(3, x);
    mb_group(4, x), mb_group(5, x), mb_group(6, x), mb_group(7, x);
    mb_group(8, x), mb_group(9, x), mb_group(10, x), mb_group(11, x);
    mb_group(12, x), mb_group(13, x), mb_group(14, x), mb_group(15, x);
    for (int k = 0; k < LANES; k++) abcd[k] = vaddq_u32(abcd[k], x[k].abcd), efgh[k] = vaddq_u32(efgh[k], x[k].efgh);
  }
  for (int k = 0; k < LANES; k++) vst1q_u32(st[k]->s32, abcd[k]), vst1q_u32(st[k]->s32 + 4, efgh[k]);
  uintptr_t sp;
  HWC_STACK_POINTER(sp);
  return sp;
}

HWC_MB_ENTRY(ce_x2_compress, ce_x2_rounds(st, data, nblocks), 1024)

static const hwc_hash_mb_impl ce_x2 = {"armv8x2", HWC_FAMILY_SHA256, LANES, ce_x2_compress};

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha256_arm64_ce_x2_get(void) {
  return hwc_cpu()->arm_sha2 ? &ce_x2 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha256_arm64_ce_x2_get(void) { return NULL; }

#endif
