/*
 * aegis_arm64_ce.c - AEGIS-128L and AEGIS-256 on the ARMv8 crypto
 * extensions.
 *
 * AESE XORs its key BEFORE SubBytes/ShiftRows, and AESMC is a separate
 * instruction, so the AEGIS round AESRound(in, rk) = MC(SR(SB(in))) ^ rk
 * is AESE(in, 0), AESMC, then EOR rk (cores fuse the AESE/AESMC pair).
 */
#include "hwcrypt_impl.h"

#if HWC_TARGET_ARM64_CRYPTO

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_CRYPTO)

#define AV uint8x16_t
#define AV_LOAD(p) vld1q_u8((const uint8_t *)(p))
#define AV_STORE(p, v) vst1q_u8((uint8_t *)(p), (v))
#define AV_XOR(a, b) veorq_u8((a), (b))
#define AV_AND(a, b) vandq_u8((a), (b))
#define AV_LEN_BLOCK(lo, hi) vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(lo), vcreate_u64(hi)))

HWC_INLINE uint8x16_t aegis_round(uint8x16_t in, uint8x16_t rk) {
  return veorq_u8(vaesmcq_u8(vaeseq_u8(in, vdupq_n_u8(0))), rk);
}

HWC_INLINE void aegis128l_update(AV S[8], AV m0, AV m1) {
  AV t7 = S[7];
  S[7] = aegis_round(S[6], S[7]);
  S[6] = aegis_round(S[5], S[6]);
  S[5] = aegis_round(S[4], S[5]);
  S[4] = aegis_round(S[3], veorq_u8(S[4], m1));
  S[3] = aegis_round(S[2], S[3]);
  S[2] = aegis_round(S[1], S[2]);
  S[1] = aegis_round(S[0], S[1]);
  S[0] = aegis_round(t7, veorq_u8(S[0], m0));
}

HWC_INLINE void aegis256_update(AV S[6], AV m) {
  AV t5 = S[5];
  S[5] = aegis_round(S[4], S[5]);
  S[4] = aegis_round(S[3], S[4]);
  S[3] = aegis_round(S[2], S[3]);
  S[2] = aegis_round(S[1], S[2]);
  S[1] = aegis_round(S[0], S[1]);
  S[0] = aegis_round(t5, veorq_u8(S[0], m));
}

#define AEGIS_PREFIX ce_aegis
#include "aegis_tmpl.h"

static const hwc_aegis_impl ce_aegis_impl = {
    .name = "armv8",
    .aegis128l = ce_aegis128l,
    .aegis256 = ce_aegis256,
};

HWC_TARGET_END

const hwc_aegis_impl *hwc_aegis_arm64_ce_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->arm_aes ? &ce_aegis_impl : NULL;
}

#else

const hwc_aegis_impl *hwc_aegis_arm64_ce_get(void) { return NULL; }

#endif
