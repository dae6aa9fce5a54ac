/*
 * aegis_soft.c - portable constant-time AEGIS-128L and AEGIS-256.
 *
 * An AEGIS update applies AESRound(in, rk) = MC(SR(SB(in))) ^ rk to every
 * state block at once, so the whole state is kept bitsliced for the whole
 * message, in the soft AES backend's layout (aes_soft_ct64.c: eight 64-bit
 * planes hold four blocks, byte (row r, column c) of lane b at bit
 * 16r + 4c + b of each plane). An update is two calls of its bitsliced
 * keyless round (hwc_aes_soft_bs_round: the Boyar-Peralta S-box circuit,
 * ShiftRows and MixColumns on the planes) and a few lane shifts; only the
 * message words are bitsliced on the way in and the output words
 * unbitsliced on the way out, 64 bytes at a time.
 *
 * Lanes. Two groups of eight planes: e holds the even blocks (lane k is
 * S[2k]), o the odd blocks (lane k is S[2k+1]). Then S'[i] =
 * AESRound(S[i-1], S[i] ^ m_i) is o' = R(e) ^ o (no lane moves) and
 * e' = up(R(o)) ^ e ^ m, up() moving lane k - 1 to lane k (for AEGIS-256,
 * three lanes used, lane 3 of e stays zero and lane 3 of o is ignored).
 * Messages enter e: AEGIS-128L's m0 in lane 0 (S0) and m1 in lane 2 (S4);
 * AEGIS-256's m in lane 0. The keystream is computed on the planes into
 * the same lanes, XORed with the bitsliced message there, and the bytes
 * past the end of a partial block are cleared with a mask word before
 * they enter the state (the spec's DecPartial).
 *
 * A 64-byte group of message is bitsliced at once: for AEGIS-128L two
 * updates (lanes 0, 2 for the first, 1, 3 for the second), for AEGIS-256
 * four (lane j for update j).
 *
 * Constant time: the S-box is a fixed sequence of AND/XOR on whole words,
 * the linear layers shifts by constants; no branch or memory address
 * depends on key, nonce, data or state, only on the (public) lengths and
 * the direction. Plain C11, either byte order.
 *
 * aegis128l_update / aegis256_update (one update on byte-form blocks, the
 * interface of aegis_tmpl.h) remain for per-lane use by other framings:
 * they bitslice and unbitslice the whole state around one update.
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

/* ------------------------------------------------------------------------ */
/* Bitsliced state                                                          */
/* ------------------------------------------------------------------------ */

#define LANES_02 0x5555555555555555ULL /* lanes 0 and 2 of every nibble */
#define LANE_0 0x1111111111111111ULL

static const uint8_t zero_block[16];

/* Lane k - 1 to lane k (lane 0 from lane 3), four lanes. */
HWC_INLINE uint64_t up4(uint64_t x) { return ((x << 1) & 0xeeeeeeeeeeeeeeeeULL) | ((x >> 3) & LANE_0); }

/* The same over three lanes (lane 0 from lane 2; lane 3 cleared). */
HWC_INLINE uint64_t up3(uint64_t x) { return ((x << 1) & 0x6666666666666666ULL) | ((x >> 2) & LANE_0); }

/* The state is s[16], the two groups interleaved as
 * hwc_aes_soft_bs_round2 takes them: s[2p] is plane p of e, s[2p + 1]
 * plane p of o. */
#define E(s, p) (s)[2 * (p)]
#define O(s, p) (s)[2 * (p) + 1]

HWC_INLINE void state_load(uint64_t s[16], const uint8_t *e0, const uint8_t *e1, const uint8_t *e2,
                           const uint8_t *e3, const uint8_t *o0, const uint8_t *o1, const uint8_t *o2,
                           const uint8_t *o3) {
  uint64_t e[8], o[8];
  hwc_aes_soft_bs_load4(e, e0, e1, e2, e3);
  hwc_aes_soft_bs_load4(o, o0, o1, o2, o3);
  for (int p = 0; p < 8; p++) E(s, p) = e[p], O(s, p) = o[p];
  hwc_wipe(e, sizeof(e));
  hwc_wipe(o, sizeof(o));
}

HWC_INLINE void state_store(const uint64_t s[16], uint8_t *e0, uint8_t *e1, uint8_t *e2, uint8_t *e3,
                            uint8_t *o0, uint8_t *o1, uint8_t *o2, uint8_t *o3) {
  uint64_t e[8], o[8];
  for (int p = 0; p < 8; p++) e[p] = E(s, p), o[p] = O(s, p);
  hwc_aes_soft_bs_store4(e, e0, e1, e2, e3);
  hwc_aes_soft_bs_store4(o, o0, o1, o2, o3);
  hwc_wipe(e, sizeof(e));
  hwc_wipe(o, sizeof(o));
}

/* One AEGIS-128L update; m holds m0 in lane 0 and m1 in lane 2, zero
 * elsewhere. */
static void bs_update128l(uint64_t s[16], const uint64_t m[8]) {
  uint64_t r[16];
  hwc_aes_soft_bs_round2(r, s);
  for (int p = 0; p < 8; p++) {
    O(s, p) ^= E(r, p);
    E(s, p) ^= up4(O(r, p)) ^ m[p];
  }
  /* r is left to the entry point's stack burn. */
}

/* One AEGIS-256 update; m in lane 0, zero elsewhere. */
static void bs_update256(uint64_t s[16], const uint64_t m[8]) {
  uint64_t r[16];
  hwc_aes_soft_bs_round2(r, s);
  for (int p = 0; p < 8; p++) {
    O(s, p) ^= E(r, p);
    E(s, p) ^= up3(O(r, p)) ^ m[p];
  }
}

/* AEGIS-128L keystream z0 = S6 ^ S1 ^ (S2 & S3) in lane 0 and
 * z1 = S2 ^ S5 ^ (S6 & S7) in lane 2: o's lane, e's lane before it, and
 * (e & o)'s lane after it; zero elsewhere. */
HWC_INLINE void ks128l(uint64_t z[8], const uint64_t s[16]) {
  for (int p = 0; p < 8; p++) z[p] = (O(s, p) ^ up4(E(s, p)) ^ ((E(s, p) & O(s, p)) >> 1)) & LANES_02;
}

/* AEGIS-256 keystream S1 ^ S4 ^ S5 ^ (S2 & S3) in lane 0, zero elsewhere. */
HWC_INLINE void ks256(uint64_t z[8], const uint64_t s[16]) {
  for (int p = 0; p < 8; p++) z[p] = (O(s, p) ^ ((E(s, p) ^ O(s, p)) >> 2) ^ ((E(s, p) & O(s, p)) >> 1)) & LANE_0;
}

/* ------------------------------------------------------------------------ */
/* Per-block updates (aegis_tmpl.h's interface)                             */
/* ------------------------------------------------------------------------ */

/* Spec Update on byte-form blocks: bitslices the state and the message,
 * runs one bitsliced update, unbitslices the state. For framings that keep
 * the state as blocks (per lane); the whole-message paths above keep it
 * bitsliced instead. */
static HWC_UNUSED void aegis128l_update(sv S[8], sv m0, sv m1) {
  uint64_t s[16], m[8];
  state_load(s, S[0].b, S[2].b, S[4].b, S[6].b, S[1].b, S[3].b, S[5].b, S[7].b);
  hwc_aes_soft_bs_load4(m, m0.b, zero_block, m1.b, zero_block);
  bs_update128l(s, m);
  state_store(s, S[0].b, S[2].b, S[4].b, S[6].b, S[1].b, S[3].b, S[5].b, S[7].b);
  /* s, m: left to the entry point's stack burn, as the callee's. */
}

static HWC_UNUSED void aegis256_update(sv S[6], sv m) {
  uint64_t s[16], x[8];
  uint8_t dead[16];
  state_load(s, S[0].b, S[2].b, S[4].b, zero_block, S[1].b, S[3].b, S[5].b, zero_block);
  hwc_aes_soft_bs_load4(x, m.b, zero_block, zero_block, zero_block);
  bs_update256(s, x);
  state_store(s, S[0].b, S[2].b, S[4].b, dead, S[1].b, S[3].b, S[5].b, dead);
}

/* The template's framing over the per-block updates. The soft table uses
 * the bitsliced whole-message functions above; these stay compiled as the
 * template instance of this backend (HWC_UNUSED until something calls
 * them). */
#define AEGIS_PREFIX soft_aegis_work
#define AEGIS_FN_ATTR HWC_NOINLINE HWC_UNUSED
#include "aegis_tmpl.h"

/* Mask word (the same in every plane) of the bytes of a bitsliced group
 * that lie before byte n of its 64 bytes, with the bytes of lane k at
 * offset 16 * at[k]: n is public (the message length). */
static uint64_t valid_mask(size_t n, const int at[4]) {
  uint8_t v[64];
  uint64_t q[8];
  for (size_t i = 0; i < 64; i++) v[i] = (uint8_t)(i < n ? 0xff : 0);
  hwc_aes_soft_bs_load4(q, v + 16 * at[0], v + 16 * at[1], v + 16 * at[2], v + 16 * at[3]);
  return q[0];
}

/* ------------------------------------------------------------------------ */
/* AEGIS-128L                                                               */
/* ------------------------------------------------------------------------ */

/* A 64-byte group of AEGIS-128L is two updates: lane 0 = bytes 0..15,
 * lane 2 = 16..31 (first update), lane 1 = 32..47, lane 3 = 48..63. */
static const int at128l[4] = {0, 2, 1, 3};

HWC_INLINE void load128l(uint64_t q[8], const uint8_t *p) {
  hwc_aes_soft_bs_load4(q, p, p + 32, p + 16, p + 48);
}
HWC_INLINE void store128l(const uint64_t q[8], uint8_t *p) {
  hwc_aes_soft_bs_store4(q, p, p + 32, p + 16, p + 48);
}

/* Absorbs the bitsliced group x: nupd (1 or 2) updates. */
static void absorb128l(uint64_t s[16], const uint64_t x[8], int nupd) {
  uint64_t m[8];
  for (int p = 0; p < 8; p++) m[p] = x[p] & LANES_02;
  bs_update128l(s, m);
  if (nupd == 2) {
    for (int p = 0; p < 8; p++) m[p] = (x[p] >> 1) & LANES_02;
    bs_update128l(s, m);
  }
}

/* Encrypts (seal) or decrypts one 64-byte group in place on 64 bytes at
 * io, with nupd (1 or 2) updates; vm masks the bytes that belong to the
 * message (all ones for a full group). */
static void crypt128l(uint64_t s[16], int seal, const uint8_t *in, uint8_t *out, int nupd,
                      uint64_t vm) {
  uint64_t x[8], y[8], z[8], m[8];
  load128l(x, in);
  for (int u = 0; u < nupd; u++) {
    ks128l(z, s);
    for (int p = 0; p < 8; p++) {
      uint64_t xu = (x[p] >> u) & LANES_02; /* this update's lanes, moved to 0 and 2 */
      uint64_t yu = xu ^ z[p];
      m[p] = (seal ? xu : yu) & (vm >> u);
      y[p] = u ? y[p] | (yu << 1) : yu;
    }
    bs_update128l(s, m);
  }
  store128l(y, out);
  hwc_wipe(x, sizeof(x));
  hwc_wipe(y, sizeof(y));
  hwc_wipe(z, sizeof(z));
  hwc_wipe(m, sizeof(m));
}

static HWC_NOINLINE void soft_aegis_bs128l(int seal, const uint8_t *key, const uint8_t *nonce,
                                           const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                           uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  uint64_t s[16], x[8];
  uint8_t S[8][16], buf[64];
  for (int i = 0; i < 16; i++) {
    S[0][i] = S[4][i] = key[i] ^ nonce[i];
    S[1][i] = S[3][i] = aegis_c1[i];
    S[2][i] = aegis_c0[i];
    S[5][i] = S[7][i] = key[i] ^ aegis_c0[i];
    S[6][i] = key[i] ^ aegis_c1[i];
  }
  state_load(s, S[0], S[2], S[4], S[6], S[1], S[3], S[5], S[7]);
  hwc_aes_soft_bs_load4(x, nonce, zero_block, key, zero_block);
  for (int i = 0; i < 10; i++) bs_update128l(s, x);

  size_t i = 0;
  for (; i + 64 <= aad_len; i += 64) {
    load128l(x, aad + i);
    absorb128l(s, x, 2);
  }
  if (i < aad_len) {
    size_t r = aad_len - i;
    memset(buf, 0, 64);
    memcpy(buf, aad + i, r);
    load128l(x, buf);
    absorb128l(s, x, r > 32 ? 2 : 1);
  }

  for (i = 0; i + 64 <= len; i += 64) crypt128l(s, seal, in + i, out + i, 2, ~(uint64_t)0);
  if (i < len) {
    size_t r = len - i;
    memset(buf, 0, 64);
    memcpy(buf, in + i, r);
    crypt128l(s, seal, buf, buf, r > 32 ? 2 : 1, valid_mask(r, at128l));
    memcpy(out + i, buf, r);
  }

  /* Finalize: 7 updates with m0 = m1 = S2 ^ (LE64(ad bits) || LE64(msg bits));
   * S2 is lane 1 of e, moved to lanes 0 and 2. */
  hwc_store_le64(buf, (uint64_t)aad_len * 8);
  hwc_store_le64(buf + 8, (uint64_t)len * 8);
  hwc_aes_soft_bs_load4(x, buf, zero_block, buf, zero_block);
  for (int p = 0; p < 8; p++) x[p] ^= ((E(s, p) >> 1) & LANE_0) | ((E(s, p) << 1) & (LANE_0 << 2));
  for (int j = 0; j < 7; j++) bs_update128l(s, x);
  state_store(s, S[0], S[2], S[4], S[6], S[1], S[3], S[5], S[7]);
  for (int b = 0; b < 16; b++) {
    if (tag_len == 16) {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b] ^ S[4][b] ^ S[5][b] ^ S[6][b];
    } else {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b];
      tag[16 + b] = S[4][b] ^ S[5][b] ^ S[6][b] ^ S[7][b];
    }
  }
  hwc_wipe(s, sizeof(s));
  hwc_wipe(x, sizeof(x));
  hwc_wipe(S, sizeof(S));
  hwc_wipe(buf, sizeof(buf));
}

/* ------------------------------------------------------------------------ */
/* AEGIS-256                                                                */
/* ------------------------------------------------------------------------ */

/* A 64-byte group of AEGIS-256 is four updates, lane j = bytes 16j.. */
static const int at256[4] = {0, 1, 2, 3};

static void absorb256(uint64_t s[16], const uint64_t x[8], int nupd) {
  uint64_t m[8];
  for (int u = 0; u < nupd; u++) {
    for (int p = 0; p < 8; p++) m[p] = (x[p] >> u) & LANE_0;
    bs_update256(s, m);
  }
}

static void crypt256(uint64_t s[16], int seal, const uint8_t *in, uint8_t *out, int nupd,
                     uint64_t vm) {
  uint64_t x[8], y[8], z[8], m[8];
  hwc_aes_soft_bs_load4(x, in, in + 16, in + 32, in + 48);
  for (int u = 0; u < nupd; u++) {
    ks256(z, s);
    for (int p = 0; p < 8; p++) {
      uint64_t xu = (x[p] >> u) & LANE_0;
      uint64_t yu = xu ^ z[p];
      m[p] = (seal ? xu : yu) & (vm >> u);
      y[p] = u ? y[p] | (yu << u) : yu;
    }
    bs_update256(s, m);
  }
  hwc_aes_soft_bs_store4(y, out, out + 16, out + 32, out + 48);
  hwc_wipe(x, sizeof(x));
  hwc_wipe(y, sizeof(y));
  hwc_wipe(z, sizeof(z));
  hwc_wipe(m, sizeof(m));
}

static HWC_NOINLINE void soft_aegis_bs256(int seal, const uint8_t *key, const uint8_t *nonce,
                                          const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                          uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  uint64_t s[16], x[8];
  uint8_t S[8][16], buf[64];
  for (int i = 0; i < 16; i++) {
    S[0][i] = key[i] ^ nonce[i];
    S[1][i] = key[16 + i] ^ nonce[16 + i];
    S[2][i] = aegis_c1[i];
    S[3][i] = aegis_c0[i];
    S[4][i] = key[i] ^ aegis_c0[i];
    S[5][i] = key[16 + i] ^ aegis_c1[i];
  }
  state_load(s, S[0], S[2], S[4], zero_block, S[1], S[3], S[5], zero_block);
  /* k0, k1, k0 ^ n0, k1 ^ n1, four times */
  hwc_aes_soft_bs_load4(x, key, key + 16, S[0], S[1]);
  for (int i = 0; i < 4; i++) absorb256(s, x, 4);

  size_t i = 0;
  for (; i + 64 <= aad_len; i += 64) {
    hwc_aes_soft_bs_load4(x, aad + i, aad + i + 16, aad + i + 32, aad + i + 48);
    absorb256(s, x, 4);
  }
  if (i < aad_len) {
    size_t r = aad_len - i;
    memset(buf, 0, 64);
    memcpy(buf, aad + i, r);
    hwc_aes_soft_bs_load4(x, buf, buf + 16, buf + 32, buf + 48);
    absorb256(s, x, (int)((r + 15) / 16));
  }

  for (i = 0; i + 64 <= len; i += 64) crypt256(s, seal, in + i, out + i, 4, ~(uint64_t)0);
  if (i < len) {
    size_t r = len - i;
    memset(buf, 0, 64);
    memcpy(buf, in + i, r);
    crypt256(s, seal, buf, buf, (int)((r + 15) / 16), valid_mask(r, at256));
    memcpy(out + i, buf, r);
  }

  /* Finalize: 7 updates with m = S3 ^ lengths; S3 is lane 1 of o. */
  hwc_store_le64(buf, (uint64_t)aad_len * 8);
  hwc_store_le64(buf + 8, (uint64_t)len * 8);
  hwc_aes_soft_bs_load4(x, buf, zero_block, zero_block, zero_block);
  for (int p = 0; p < 8; p++) x[p] ^= (O(s, p) >> 1) & LANE_0;
  for (int j = 0; j < 7; j++) bs_update256(s, x);
  state_store(s, S[0], S[2], S[4], S[6], S[1], S[3], S[5], S[7]);
  for (int b = 0; b < 16; b++) {
    if (tag_len == 16) {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b] ^ S[4][b] ^ S[5][b];
    } else {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b];
      tag[16 + b] = S[3][b] ^ S[4][b] ^ S[5][b];
    }
  }
  hwc_wipe(s, sizeof(s));
  hwc_wipe(x, sizeof(x));
  hwc_wipe(S, sizeof(S));
  hwc_wipe(buf, sizeof(buf));
}

/* The work functions' frames (state, buffers, the updates' and the round's
 * spills) are zeroed once per message after the work returns
 * (hwc_burn_stack, hwcrypt_ct.h). The deepest chain (-fstack-usage):
 * gcc 12 -O3 inlines everything into soft_aegis_bs128l/256 (1088 bytes)
 * + hwc_aes_soft_bs_round 72; clang -O2 616 + crypt 424 + update 152 +
 * round 48; plus a leaf's 128-byte red zone: about 1.3 KiB. 2 KiB leaves
 * room. */
#define AEGIS_SOFT_BURN 2048

static void soft_aegis128l(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                           size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                           size_t tag_len) {
  soft_aegis_bs128l(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
  hwc_burn_stack(AEGIS_SOFT_BURN);
}

static void soft_aegis256(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                          size_t tag_len) {
  soft_aegis_bs256(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
  hwc_burn_stack(AEGIS_SOFT_BURN);
}

static const hwc_aegis_impl soft_aegis_impl = {
    .name = "soft",
    .aegis128l = soft_aegis128l,
    .aegis256 = soft_aegis256,
};

const hwc_aegis_impl *hwc_aegis_soft_get(void) { return &soft_aegis_impl; }
