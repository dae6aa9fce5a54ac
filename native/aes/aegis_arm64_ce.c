/*
 * aegis_arm64_ce.c - AEGIS-128L and AEGIS-256 on the ARMv8 crypto
 * extensions.
 *
 * AESE XORs its key BEFORE SubBytes/ShiftRows, and AESMC is a separate
 * instruction, so the AEGIS round AESRound(in, rk) = MC(SR(SB(in))) ^ rk
 * is AESE(in, 0), AESMC, then EOR rk (cores fuse the AESE/AESMC pair).
 * AEGIS-128L/256 through aegis_tmpl.h, the X variants (D lanes of q
 * registers) through aegis_x_tmpl.h.
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

/* AEGIS-128X / AEGIS-256X (aegis_x_tmpl.h): a state word of two lanes is
 * two q registers, each lane the round above. X2's 16 (128X) or 12 (256X)
 * state registers fit the 32 NEON registers with their temporaries; X4
 * would need 32, so it runs as two passes of two lanes (XG = 2; the lanes
 * are independent until the tag). */
typedef struct {
  uint8x16_t l[2];
} ce_x2v;
HWC_INLINE ce_x2v ce_x2v_load(const uint8_t *p) {
  ce_x2v v = {{vld1q_u8(p), vld1q_u8(p + 16)}};
  return v;
}
HWC_INLINE void ce_x2v_store(uint8_t *p, ce_x2v v) {
  vst1q_u8(p, v.l[0]);
  vst1q_u8(p + 16, v.l[1]);
}
HWC_INLINE ce_x2v ce_x2v_bcast(const uint8_t *p) {
  uint8x16_t x = vld1q_u8(p);
  ce_x2v v = {{x, x}};
  return v;
}
HWC_INLINE ce_x2v ce_x2v_xor(ce_x2v a, ce_x2v b) {
  ce_x2v v = {{veorq_u8(a.l[0], b.l[0]), veorq_u8(a.l[1], b.l[1])}};
  return v;
}
HWC_INLINE ce_x2v ce_x2v_and(ce_x2v a, ce_x2v b) {
  ce_x2v v = {{vandq_u8(a.l[0], b.l[0]), vandq_u8(a.l[1], b.l[1])}};
  return v;
}
HWC_INLINE ce_x2v ce_x2v_round(ce_x2v a, ce_x2v rk) {
  ce_x2v v = {{aegis_round(a.l[0], rk.l[0]), aegis_round(a.l[1], rk.l[1])}};
  return v;
}

/* XD = 1: AEGISMAC-128L / AEGISMAC-256. */
#define XD 1
#define XV uint8x16_t
#define XV_LOAD(p) vld1q_u8((const uint8_t *)(p))
#define XV_STORE(p, v) vst1q_u8((uint8_t *)(p), (v))
#define XV_BCAST(p) vld1q_u8((const uint8_t *)(p))
#define XV_XOR(a, b) veorq_u8((a), (b))
#define XV_AND(a, b) vandq_u8((a), (b))
#define XV_ROUND(a, rk) aegis_round((a), (rk))
#define XPFX ce_x1
#include "aegis_x_tmpl.h"

#define XD 2
#define XV ce_x2v
#define XV_LOAD(p) ce_x2v_load((const uint8_t *)(p))
#define XV_STORE(p, v) ce_x2v_store((uint8_t *)(p), (v))
#define XV_BCAST(p) ce_x2v_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) ce_x2v_xor((a), (b))
#define XV_AND(a, b) ce_x2v_and((a), (b))
#define XV_ROUND(a, rk) ce_x2v_round((a), (rk))
#define XPFX ce_x2
#include "aegis_x_tmpl.h"

#define XD 4
#define XG 2
#define XV ce_x2v
#define XV_LOAD(p) ce_x2v_load((const uint8_t *)(p))
#define XV_STORE(p, v) ce_x2v_store((uint8_t *)(p), (v))
#define XV_BCAST(p) ce_x2v_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) ce_x2v_xor((a), (b))
#define XV_AND(a, b) ce_x2v_and((a), (b))
#define XV_ROUND(a, rk) ce_x2v_round((a), (rk))
#define XPFX ce_x4
#include "aegis_x_tmpl.h"

static const hwc_aegis_mac_impl ce_aegismac = {{
    [HWC_AEGIS128L] = ce_x1_128x_mac,
    [HWC_AEGIS128X2] = ce_x2_128x_mac,
    [HWC_AEGIS128X4] = ce_x4_128x_mac,
    [HWC_AEGIS256] = ce_x1_256x_mac,
    [HWC_AEGIS256X2] = ce_x2_256x_mac,
    [HWC_AEGIS256X4] = ce_x4_256x_mac,
}};

static const hwc_aegis_impl ce_aegis_impl = {
    .name = "armv8",
    .aegis128l = ce_aegis128l,
    .aegis256 = ce_aegis256,
    .aegis128x2 = ce_x2_128x,
    .aegis128x4 = ce_x4_128x,
    .aegis256x2 = ce_x2_256x,
    .aegis256x4 = ce_x4_256x,
    .mac = &ce_aegismac,
};

HWC_TARGET_END

const hwc_aegis_impl *hwc_aegis_arm64_ce_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->arm_aes ? &ce_aegis_impl : NULL;
}

#else

const hwc_aegis_impl *hwc_aegis_arm64_ce_get(void) { return NULL; }

#endif
