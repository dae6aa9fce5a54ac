/*
 * sha1_arm64_ce.c - SHA-1 compression on the ARMv8 SHA1 instructions.
 *
 * The kernel targets the crypto extension only; the table is handed out when
 * hwc_cpu()->arm_sha1 is set.
 *
 * abcd sits in one register, e in a scalar. Each of SHA1C (rounds 0-19,
 * Ch), SHA1P (20-39 and 60-79, parity) and SHA1M (40-59, Maj) does four
 * rounds given W[t..t+3] + K. The e for the next group of four is
 * SHA1H(a) = rol(a, 30) of the a *before* the group (after four rounds the
 * old a has become the new e), so it is taken before abcd is updated.
 *
 * Message schedule: four registers of four words each; after a register's
 * words W[t..t+3] are used it is replaced by W[t+16..t+19]:
 *   SHA1SU0(W[t..], W[t+4..], W[t+8..]) = W[t..t+3] ^ W[t+2..t+5] ^ W[t+8..t+11]
 *   SHA1SU1(that, W[t+12..]) xors W[t+13..t+16] and rotates left by one
 *   (its fourth lane uses the first lane it just produced for W[t+16]).
 * Groups 0..15 update the schedule; groups 16..19 only consume it.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_CRYPTO

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_CRYPTO)

/* Four rounds with function OP (c, p or m), message register m and K. */
#define GROUP(OP, m, k)                                  \
  do {                                                   \
    const uint32x4_t wk_ = vaddq_u32((m), (k));          \
    const uint32_t e_next_ = vsha1h_u32(vgetq_lane_u32(abcd, 0)); \
    abcd = vsha1##OP##q_u32(abcd, e, wk_);               \
    e = e_next_;                                         \
  } while (0)

#define SCHED(ma, mb, mc, md) (ma) = vsha1su1q_u32(vsha1su0q_u32((ma), (mb), (mc)), (md))

static void ce_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  const uint32x4_t k0 = vdupq_n_u32(0x5A827999), k1 = vdupq_n_u32(0x6ED9EBA1),
                   k2 = vdupq_n_u32(0x8F1BBCDC), k3 = vdupq_n_u32(0xCA62C1D6);
  uint32x4_t abcd = vld1q_u32(state);
  uint32_t e = state[4];
  while (nblocks--) {
    const uint32x4_t abcd0 = abcd;
    const uint32_t e0 = e;
    uint32x4_t m0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data)));
    uint32x4_t m1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16)));
    uint32x4_t m2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 32)));
    uint32x4_t m3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 48)));
    data += 64;

    /* rounds 0-19 */
    GROUP(c, m0, k0); SCHED(m0, m1, m2, m3);
    GROUP(c, m1, k0); SCHED(m1, m2, m3, m0);
    GROUP(c, m2, k0); SCHED(m2, m3, m0, m1);
    GROUP(c, m3, k0); SCHED(m3, m0, m1, m2);
    GROUP(c, m0, k0); SCHED(m0, m1, m2, m3);
    /* rounds 20-39 */
    GROUP(p, m1, k1); SCHED(m1, m2, m3, m0);
    GROUP(p, m2, k1); SCHED(m2, m3, m0, m1);
    GROUP(p, m3, k1); SCHED(m3, m0, m1, m2);
    GROUP(p, m0, k1); SCHED(m0, m1, m2, m3);
    GROUP(p, m1, k1); SCHED(m1, m2, m3, m0);
    /* rounds 40-59 */
    GROUP(m, m2, k2); SCHED(m2, m3, m0, m1);
    GROUP(m, m3, k2); SCHED(m3, m0, m1, m2);
    GROUP(m, m0, k2); SCHED(m0, m1, m2, m3);
    GROUP(m, m1, k2); SCHED(m1, m2, m3, m0);
    GROUP(m, m2, k2); SCHED(m2, m3, m0, m1);
    /* rounds 60-79 */
    GROUP(p, m3, k3); SCHED(m3, m0, m1, m2);
    GROUP(p, m0, k3);
    GROUP(p, m1, k3);
    GROUP(p, m2, k3);
    GROUP(p, m3, k3);

    abcd = vaddq_u32(abcd, abcd0);
    e += e0;
  }
  vst1q_u32(state, abcd);
  state[4] = e;
}

static const hwc_hash_impl ce_impl = {"armv8", HWC_FAMILY_SHA1, ce_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha1_arm64_ce_get(void) {
  return hwc_cpu()->arm_sha1 ? &ce_impl : NULL;
}

#else

const hwc_hash_impl *hwc_sha1_arm64_ce_get(void) { return NULL; }

#endif
