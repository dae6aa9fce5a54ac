/*
 * aegis_soft.c - portable constant-time AEGIS-128L and AEGIS-256.
 *
 * An AEGIS update applies AESRound(in, rk) = MC(SR(SB(in))) ^ rk to every
 * state block at once. SubBytes runs on the soft AES backend's bitsliced
 * S-box circuit, four blocks per pass (hwc_aes_soft_subbytes64,
 * aes_soft_ct64.c): the eight blocks of 128L are two passes, the six of
 * 256 two passes (the second half-filled). ShiftRows is a fixed byte
 * permutation and MixColumns uses xtime with a mask computed from the
 * byte, never a branch or a table: no memory address or branch depends on
 * data. Plain C11, either byte order (the block is a byte array).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

typedef struct {
  uint8_t b[16];
} sv;

HWC_INLINE sv sv_load(const uint8_t *p) {
  sv v;
  memcpy(v.b, p, 16);
  return v;
}
HWC_INLINE sv sv_xor(sv a, sv b) {
  for (int i = 0; i < 16; i++) a.b[i] ^= b.b[i];
  return a;
}
HWC_INLINE sv sv_and(sv a, sv b) {
  for (int i = 0; i < 16; i++) a.b[i] &= b.b[i];
  return a;
}

#define AV sv
#define AV_LOAD(p) sv_load((const uint8_t *)(p))
#define AV_STORE(p, v) memcpy((p), (v).b, 16)
#define AV_XOR(a, b) sv_xor((a), (b))
#define AV_AND(a, b) sv_and((a), (b))

HWC_INLINE uint8_t xtime(uint8_t x) {
  return (uint8_t)((x << 1) ^ (0x1b & (uint8_t)(0u - (unsigned)(x >> 7))));
}

/* out = MC(SR(s)) ^ rk for one block whose bytes already went through
 * SubBytes (byte 4c + r is row r, column c). */
static void sr_mc_xor(uint8_t out[16], const uint8_t s[16], const uint8_t rk[16]) {
  for (int c = 0; c < 4; c++) {
    /* ShiftRows: row r of column c comes from column c + r. */
    uint8_t a0 = s[4 * c], a1 = s[4 * ((c + 1) & 3) + 1];
    uint8_t a2 = s[4 * ((c + 2) & 3) + 2], a3 = s[4 * ((c + 3) & 3) + 3];
    uint8_t t = a0 ^ a1 ^ a2 ^ a3;
    out[4 * c + 0] = a0 ^ t ^ xtime(a0 ^ a1) ^ rk[4 * c + 0];
    out[4 * c + 1] = a1 ^ t ^ xtime(a1 ^ a2) ^ rk[4 * c + 1];
    out[4 * c + 2] = a2 ^ t ^ xtime(a2 ^ a3) ^ rk[4 * c + 2];
    out[4 * c + 3] = a3 ^ t ^ xtime(a3 ^ a0) ^ rk[4 * c + 3];
  }
}

/* S'[i] = AESRound(S[i-1 mod n], S[i] ^ m[i]) for the n blocks of S at
 * once; m[i] is NULL for the blocks that take no message. */
static void soft_rounds(sv *S, int n, const sv *m0, const sv *m1, int m1_at) {
  uint8_t sb[128];
  sv rk[8];
  for (int i = 0; i < n; i++) memcpy(sb + 16 * i, S[(i + n - 1) % n].b, 16);
  if (n < 8) memset(sb + 16 * n, 0, (size_t)(8 - n) * 16);
  for (int i = 0; i < n; i++) rk[i] = S[i];
  rk[0] = sv_xor(rk[0], *m0);
  if (m1) rk[m1_at] = sv_xor(rk[m1_at], *m1);
  hwc_aes_soft_subbytes64(sb);
  hwc_aes_soft_subbytes64(sb + 64);
  for (int i = 0; i < n; i++) sr_mc_xor(S[i].b, sb + 16 * i, rk[i].b);
  /* sb and rk (and the S-box's spills) are not wiped per update: the entry
   * points burn the whole dead stack once per message, below. */
}

static void aegis128l_update(sv S[8], sv m0, sv m1) { soft_rounds(S, 8, &m0, &m1, 4); }

static void aegis256_update(sv S[6], sv m) { soft_rounds(S, 6, &m, NULL, 0); }

#define AEGIS_PREFIX soft_aegis_work
#define AEGIS_FN_ATTR HWC_NOINLINE
#include "aegis_tmpl.h"

/* The work functions' frames (state, buffers, the update's sb/rk and the
 * S-box circuit's spills in hwc_aes_soft_subbytes64) are zeroed once per
 * message after the work returns (hwc_burn_stack, hwcrypt_ct.h). The
 * deepest chain (-fstack-usage, gcc 12 -O3 / clang -O2): the framing
 * 512 / 312 bytes + soft_rounds 304 / 312 + subbytes64 152 + a leaf's
 * 128-byte red zone, about 1.1 KiB; 2 KiB leaves room. */
#define AEGIS_SOFT_BURN 2048

static void soft_aegis128l(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                           size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                           size_t tag_len) {
  soft_aegis_work128l(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
  hwc_burn_stack(AEGIS_SOFT_BURN);
}

static void soft_aegis256(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                          size_t tag_len) {
  soft_aegis_work256(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
  hwc_burn_stack(AEGIS_SOFT_BURN);
}

/* AEGIS-128X / AEGIS-256X (aegis_x_tmpl.h): the lanes are independent
 * until the tag, so the framing runs one lane per pass (XG = 1) with the
 * AEGIS-128L / AEGIS-256 Update above; the constant-time argument is
 * theirs. */
/* XD = 1: AEGISMAC-128L / AEGISMAC-256. */
#define XD 1
#define XV sv
#define XV_LOAD(p) sv_load((const uint8_t *)(p))
#define XV_STORE(p, v) memcpy((p), (v).b, 16)
#define XV_BCAST(p) sv_load((const uint8_t *)(p))
#define XV_XOR(a, b) sv_xor((a), (b))
#define XV_AND(a, b) sv_and((a), (b))
#define XV_UPDATE128 aegis128l_update
#define XV_UPDATE256 aegis256_update
#define XPFX soft_x1
#define AEGISX_FN_ATTR HWC_NOINLINE
#include "aegis_x_tmpl.h"

#define XD 2
#define XG 1
#define XV sv
#define XV_LOAD(p) sv_load((const uint8_t *)(p))
#define XV_STORE(p, v) memcpy((p), (v).b, 16)
#define XV_BCAST(p) sv_load((const uint8_t *)(p))
#define XV_XOR(a, b) sv_xor((a), (b))
#define XV_AND(a, b) sv_and((a), (b))
#define XV_UPDATE128 aegis128l_update
#define XV_UPDATE256 aegis256_update
#define XPFX soft_x2
#define AEGISX_FN_ATTR HWC_NOINLINE
#include "aegis_x_tmpl.h"

#define XD 4
#define XG 1
#define XV sv
#define XV_LOAD(p) sv_load((const uint8_t *)(p))
#define XV_STORE(p, v) memcpy((p), (v).b, 16)
#define XV_BCAST(p) sv_load((const uint8_t *)(p))
#define XV_XOR(a, b) sv_xor((a), (b))
#define XV_AND(a, b) sv_and((a), (b))
#define XV_UPDATE128 aegis128l_update
#define XV_UPDATE256 aegis256_update
#define XPFX soft_x4
#define AEGISX_FN_ATTR HWC_NOINLINE
#include "aegis_x_tmpl.h"

/* As above, the work functions' dead frames are zeroed after each message.
 * Deeper than 128L/256: a lane's pass (its state and constants, two
 * 128-byte buffers) under the entry point, on top of the 128L/256 update
 * chain; 4 KiB leaves room for unoptimised and sanitizer builds. */
#define AEGISX_SOFT_BURN 4096

#define SOFT_X_ENTRY(name, work)                                                                    \
  static void name(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,          \
                   size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,      \
                   size_t tag_len) {                                                                \
    work(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);                               \
    hwc_burn_stack(AEGISX_SOFT_BURN);                                                               \
  }
SOFT_X_ENTRY(soft_aegis128x2, soft_x2_128x)
SOFT_X_ENTRY(soft_aegis128x4, soft_x4_128x)
SOFT_X_ENTRY(soft_aegis256x2, soft_x2_256x)
SOFT_X_ENTRY(soft_aegis256x4, soft_x4_256x)

#define SOFT_MAC_ENTRY(name, work)                                                                  \
  static void name(const uint8_t *key, const uint8_t *nonce, const uint8_t *data, size_t len,       \
                   uint8_t *tag, size_t tag_len) {                                                  \
    work(key, nonce, data, len, tag, tag_len);                                                      \
    hwc_burn_stack(AEGISX_SOFT_BURN);                                                               \
  }
SOFT_MAC_ENTRY(soft_mac128l, soft_x1_128x_mac)
SOFT_MAC_ENTRY(soft_mac128x2, soft_x2_128x_mac)
SOFT_MAC_ENTRY(soft_mac128x4, soft_x4_128x_mac)
SOFT_MAC_ENTRY(soft_mac256, soft_x1_256x_mac)
SOFT_MAC_ENTRY(soft_mac256x2, soft_x2_256x_mac)
SOFT_MAC_ENTRY(soft_mac256x4, soft_x4_256x_mac)

static const hwc_aegis_mac_impl soft_aegismac = {{
    [HWC_AEGIS128L] = soft_mac128l,
    [HWC_AEGIS128X2] = soft_mac128x2,
    [HWC_AEGIS128X4] = soft_mac128x4,
    [HWC_AEGIS256] = soft_mac256,
    [HWC_AEGIS256X2] = soft_mac256x2,
    [HWC_AEGIS256X4] = soft_mac256x4,
}};

static const hwc_aegis_impl soft_aegis_impl = {
    .name = "soft",
    .aegis128l = soft_aegis128l,
    .aegis256 = soft_aegis256,
    .aegis128x2 = soft_aegis128x2,
    .aegis128x4 = soft_aegis128x4,
    .aegis256x2 = soft_aegis256x2,
    .aegis256x4 = soft_aegis256x4,
    .mac = &soft_aegismac,
};

const hwc_aegis_impl *hwc_aegis_soft_get(void) { return &soft_aegis_impl; }
