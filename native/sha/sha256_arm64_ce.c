/*
 * sha256_arm64_ce.c - SHA-256 compression on the ARMv8 SHA2 instructions.
 *
 * The kernel targets the crypto extension only; the table is handed out when
 * hwc_cpu()->arm_sha2 is set.
 *
 * The state lives in two registers, abcd and efgh (32-bit lanes in state
 * order). SHA256H advances the first half and SHA256H2 the second by four
 * rounds given the four words W[t..t+3] + K[t..t+3]; both need the other
 * half as it was before the four rounds, so abcd is copied first.
 *
 * The message schedule is kept in four registers m0..m3, each holding four
 * consecutive words. W[t+16..t+19] is produced in the register that held
 * W[t..t+3], right after it was consumed:
 *   SHA256SU0(W[t..t+3], W[t+4..t+7])   = W[t..t+3] + sigma0(W[t+1..t+4])
 *   SHA256SU1(that, W[t+8..t+11], W[t+12..t+15])
 *                                        adds W[t+9..t+12] + sigma1(W[t+14..t+17])
 * (SU1 handles the two lanes that depend on words it is computing itself.)
 * Rounds 0..47 update the schedule; the last 16 rounds only consume it.
 * Words are big-endian in the message: REV32 after each load.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_CRYPTO

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_CRYPTO)

#define K256 hwc_sha256_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

/* Four rounds with message register m (words t..t+3, t = 4*i). */
#define QROUND(m, i)                                   \
  do {                                                 \
    const uint32x4_t wk_ = vaddq_u32((m), vld1q_u32(K256 + 4 * (i))); \
    const uint32x4_t abcd_ = abcd;                     \
    abcd = vsha256hq_u32(abcd, efgh, wk_);             \
    efgh = vsha256h2q_u32(efgh, abcd_, wk_);           \
  } while (0)

/* m_a <- W[t+16..t+19] from m_a = W[t..], m_b = W[t+4..], m_c, m_d. */
#define SCHED(ma, mb, mc, md) (ma) = vsha256su1q_u32(vsha256su0q_u32((ma), (mb)), (mc), (md))

static void ce_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);
  while (nblocks--) {
    const uint32x4_t abcd0 = abcd, efgh0 = efgh;
    uint32x4_t m0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data)));
    uint32x4_t m1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16)));
    uint32x4_t m2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 32)));
    uint32x4_t m3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 48)));
    data += 64;
    for (int i = 0; i < 12; i += 4) {
      QROUND(m0, i + 0); SCHED(m0, m1, m2, m3);
      QROUND(m1, i + 1); SCHED(m1, m2, m3, m0);
      QROUND(m2, i + 2); SCHED(m2, m3, m0, m1);
      QROUND(m3, i + 3); SCHED(m3, m0, m1, m2);
    }
    QROUND(m0, 12);
    QROUND(m1, 13);
    QROUND(m2, 14);
    QROUND(m3, 15);
    abcd = vaddq_u32(abcd, abcd0);
    efgh = vaddq_u32(efgh, efgh0);
  }
  vst1q_u32(state, abcd);
  vst1q_u32(state + 4, efgh);
}

static const hwc_hash_impl ce_impl = {"armv8", HWC_FAMILY_SHA256, ce_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha256_arm64_ce_get(void) {
  return hwc_cpu()->arm_sha2 ? &ce_impl : NULL;
}

#else

const hwc_hash_impl *hwc_sha256_arm64_ce_get(void) { return NULL; }

#endif
