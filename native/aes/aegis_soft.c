/*
 * aegis_soft.c - portable constant-time AEGIS-128L and AEGIS-256.
 *
 * An AEGIS update applies AESRound(in, rk) = MC(SR(SB(in))) ^ rk to every
 * state block at once, so the whole state is kept bitsliced for the whole
 * message, in the soft AES backend's layout (aes_soft_ct64.c: eight 64-bit
 * planes hold four blocks, byte (row r, column c) of lane b at bit
 * 16r + 4c + b of each plane). An update is one call of its bitsliced
 * keyless round on the two groups of the state (hwc_aes_soft_bs_round2:
 * the Boyar-Peralta S-box circuit, ShiftRows and MixColumns on the planes)
 * and a few lane shifts; only the message is bitsliced on the way in and
 * the output unbitsliced on the way out, 128 bytes at a time.
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
 * Constant time: the S-box is a fixed sequence of AND/XOR on whole words,
 * the linear layers shifts by constants; no branch or memory address
 * depends on key, nonce, data or state, only on the (public) lengths and
 * the direction. Plain C11 (the pair-of-words round uses gcc/clang generic
 * vectors where available, aes_soft_ct64.c), either byte order.
 *
 * aegis128l_update / aegis256_update (one update on byte-form blocks, the
 * interface of aegis_tmpl.h) remain for per-lane use by other framings:
 * they bitslice and unbitslice the whole state around one update, about
 * twice the cost of an update of the whole-message path.
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
  const uint8_t *const b[8] = {e0, e1, e2, e3, o0, o1, o2, o3};
  hwc_aes_soft_bs_load8(s, b);
}

HWC_INLINE void state_store(const uint64_t s[16], uint8_t *e0, uint8_t *e1, uint8_t *e2, uint8_t *e3,
                            uint8_t *o0, uint8_t *o1, uint8_t *o2, uint8_t *o3) {
  uint8_t *const b[8] = {e0, e1, e2, e3, o0, o1, o2, o3};
  hwc_aes_soft_bs_store8(s, b);
}

/* One update; m is the message in e's lanes (AEGIS-128L: m0 in lane 0,
 * m1 in lane 2; AEGIS-256: lane 0), zero elsewhere. */
HWC_INLINE void bs_update(uint64_t s[16], const uint64_t m[8], int is256) {
  uint64_t r[16];
  hwc_aes_soft_bs_round2(r, s);
  for (int p = 0; p < 8; p++) {
    O(s, p) ^= E(r, p);
    E(s, p) ^= (is256 ? up3(O(r, p)) : up4(O(r, p))) ^ m[p];
  }
  /* r is left to the entry point's stack burn. */
}

/* The keystream in the message's lanes, zero elsewhere. AEGIS-128L:
 * z0 = S6 ^ S1 ^ (S2 & S3) in lane 0 and z1 = S2 ^ S5 ^ (S6 & S7) in
 * lane 2: o's lane, e's lane before it, and (e & o)'s lane after it.
 * AEGIS-256: S1 ^ S4 ^ S5 ^ (S2 & S3) in lane 0. */
HWC_INLINE void bs_keystream(uint64_t z[8], const uint64_t s[16], int is256) {
  for (int p = 0; p < 8; p++) {
    uint64_t e = E(s, p), o = O(s, p);
    z[p] = is256 ? (o ^ ((e ^ o) >> 2) ^ ((e & o) >> 1)) & LANE_0 : (o ^ up4(e) ^ ((e & o) >> 1)) & LANES_02;
  }
}

/* ------------------------------------------------------------------------ */
/* Message chunks                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Message, AAD and output are bitsliced 128 bytes at a time, two 64-byte
 * groups (hwc_aes_soft_bs_load8's two halves). Update u of a chunk reads
 * group u / per, shifted down by u % per lanes: AEGIS-128L (per = 2)
 * puts bytes 0..15 of a group in lane 0 and 16..31 in lane 2 (the first
 * update's m0, m1), 32..47 in lane 1 and 48..63 in lane 3; AEGIS-256
 * (per = 4) bytes 16j.. in lane j.
 */
static const uint8_t lane_at128l[4] = {0, 32, 16, 48};
static const uint8_t lane_at256[4] = {0, 16, 32, 48};

HWC_INLINE void chunk_load(uint64_t x[16], const uint8_t *p, int is256) {
  const uint8_t *at = is256 ? lane_at256 : lane_at128l;
  const uint8_t *const b[8] = {p + at[0],      p + at[1],      p + at[2],      p + at[3],
                               p + 64 + at[0], p + 64 + at[1], p + 64 + at[2], p + 64 + at[3]};
  hwc_aes_soft_bs_load8(x, b);
}

HWC_INLINE void chunk_store(const uint64_t x[16], uint8_t *p, int is256) {
  const uint8_t *at = is256 ? lane_at256 : lane_at128l;
  uint8_t *const b[8] = {p + at[0],      p + at[1],      p + at[2],      p + at[3],
                         p + 64 + at[0], p + 64 + at[1], p + 64 + at[2], p + 64 + at[3]};
  hwc_aes_soft_bs_store8(x, b);
}

/* The first nupd updates of the bitsliced chunk x, absorbed. */
static HWC_NOINLINE void absorb(uint64_t s[16], const uint64_t x[16], int nupd, int is256) {
  const int per = is256 ? 4 : 2;
  const uint64_t lanes = is256 ? LANE_0 : LANES_02;
  uint64_t m[8];
  for (int u = 0; u < nupd; u++) {
    for (int p = 0; p < 8; p++) m[p] = (x[2 * p + u / per] >> (u % per)) & lanes;
    bs_update(s, m, is256);
  }
  hwc_wipe(m, sizeof(m));
}

/* Encrypts (seal) or decrypts the 128-byte chunk at in to out (which may
 * be in) with nupd updates. vm[g]: the bytes of group g that belong to
 * the message (all ones but in a partial last chunk), as a plane mask;
 * decrypted bytes outside it do not enter the state (DecPartial). */
static HWC_NOINLINE void crypt(uint64_t s[16], int seal, const uint8_t *in, uint8_t *out, int nupd, const uint64_t vm[2],
                  int is256) {
  const int per = is256 ? 4 : 2;
  const uint64_t lanes = is256 ? LANE_0 : LANES_02;
  uint64_t x[16], y[16], z[8], m[8];
  chunk_load(x, in, is256);
  memset(y, 0, sizeof(y));
  for (int u = 0; u < nupd; u++) {
    const int g = u / per, h = u % per;
    bs_keystream(z, s, is256);
    for (int p = 0; p < 8; p++) {
      uint64_t xu = (x[2 * p + g] >> h) & lanes; /* this update's lanes, moved down */
      uint64_t yu = xu ^ z[p];
      m[p] = (seal ? xu : yu) & (vm[g] >> h);
      y[2 * p + g] |= yu << h;
    }
    bs_update(s, m, is256);
  }
  chunk_store(y, out, is256);
  hwc_wipe(x, sizeof(x));
  hwc_wipe(y, sizeof(y));
  hwc_wipe(z, sizeof(z));
  hwc_wipe(m, sizeof(m));
}

/* ------------------------------------------------------------------------ */
/* Per-block updates (aegis_tmpl.h's interface)                             */
/* ------------------------------------------------------------------------ */

/* Spec Update on byte-form blocks: bitslices the state and the message,
 * runs one bitsliced update, unbitslices the state. For framings that keep
 * the state as blocks (per lane); the whole-message function below keeps
 * it bitsliced instead. */
static HWC_UNUSED void aegis128l_update(sv S[8], sv m0, sv m1) {
  uint64_t s[16], m[8];
  state_load(s, S[0].b, S[2].b, S[4].b, S[6].b, S[1].b, S[3].b, S[5].b, S[7].b);
  hwc_aes_soft_bs_load4(m, m0.b, zero_block, m1.b, zero_block);
  bs_update(s, m, 0);
  state_store(s, S[0].b, S[2].b, S[4].b, S[6].b, S[1].b, S[3].b, S[5].b, S[7].b);
  /* s, m: left to the entry point's stack burn, as the callee's. */
}

static HWC_UNUSED void aegis256_update(sv S[6], sv m) {
  uint64_t s[16], x[8];
  uint8_t dead[16];
  state_load(s, S[0].b, S[2].b, S[4].b, zero_block, S[1].b, S[3].b, S[5].b, zero_block);
  hwc_aes_soft_bs_load4(x, m.b, zero_block, zero_block, zero_block);
  bs_update(s, x, 1);
  state_store(s, S[0].b, S[2].b, S[4].b, dead, S[1].b, S[3].b, S[5].b, dead);
}

/* The template's framing over the per-block updates. The soft table uses
 * the bitsliced whole-message function below; these stay compiled as the
 * template instance of this backend (HWC_UNUSED until something calls
 * them). */
#define AEGIS_PREFIX soft_aegis_work
#define AEGIS_FN_ATTR HWC_NOINLINE HWC_UNUSED
#include "aegis_tmpl.h"

/* ------------------------------------------------------------------------ */
/* Whole message                                                            */
/* ------------------------------------------------------------------------ */

/* AEGIS-128L (is256 == 0) or AEGIS-256 with the state bitsliced
 * throughout; the arguments are those of aegis_tmpl.h's entry points.
 * Inlined into one work function per algorithm (below), so is256 is a
 * constant in each. */
HWC_INLINE void soft_aegis_bs(int is256, int seal, const uint8_t *key, const uint8_t *nonce,
                                       const uint8_t *aad, size_t aad_len, const uint8_t *in, uint8_t *out,
                                       size_t len, uint8_t *tag, size_t tag_len) {
  const size_t ub = is256 ? 16 : 32; /* message bytes per update */
  const int full = (int)(128 / ub);  /* updates per chunk */
  static const uint64_t all[2] = {~(uint64_t)0, ~(uint64_t)0};
  uint64_t s[16], x[16], m[8], vm[2];
  uint8_t S[8][16], buf[128];

  if (!is256) {
    for (int i = 0; i < 16; i++) {
      S[0][i] = S[4][i] = key[i] ^ nonce[i];
      S[1][i] = S[3][i] = aegis_c1[i];
      S[2][i] = aegis_c0[i];
      S[5][i] = S[7][i] = key[i] ^ aegis_c0[i];
      S[6][i] = key[i] ^ aegis_c1[i];
    }
    state_load(s, S[0], S[2], S[4], S[6], S[1], S[3], S[5], S[7]);
    /* 10 updates with m0 = nonce, m1 = key (the rest of the chunk zero:
     * the transpose mixes every byte into every plane, and valgrind's
     * taint check rightly sees uninitialised bytes flow into the state) */
    memset(buf, 0, 128);
    memcpy(buf, nonce, 16);
    memcpy(buf + 16, key, 16);
    chunk_load(x, buf, 0);
    for (int i = 0; i < 10; i++) absorb(s, x, 1, 0);
  } else {
    for (int i = 0; i < 16; i++) {
      S[0][i] = key[i] ^ nonce[i];
      S[1][i] = key[16 + i] ^ nonce[16 + i];
      S[2][i] = aegis_c1[i];
      S[3][i] = aegis_c0[i];
      S[4][i] = key[i] ^ aegis_c0[i];
      S[5][i] = key[16 + i] ^ aegis_c1[i];
    }
    state_load(s, S[0], S[2], S[4], zero_block, S[1], S[3], S[5], zero_block);
    /* 4 x (k0, k1, k0 ^ n0, k1 ^ n1): twice a chunk of 8 updates */
    for (int j = 0; j < 128; j += 64) {
      memcpy(buf + j, key, 32);
      memcpy(buf + j + 32, S[0], 16);
      memcpy(buf + j + 48, S[1], 16);
    }
    chunk_load(x, buf, 1);
    absorb(s, x, 8, 1);
    absorb(s, x, 8, 1);
  }

  size_t i = 0;
  for (; i + 128 <= aad_len; i += 128) {
    chunk_load(x, aad + i, is256);
    absorb(s, x, full, is256);
  }
  if (i < aad_len) {
    size_t r = aad_len - i;
    memset(buf, 0, 128);
    memcpy(buf, aad + i, r);
    chunk_load(x, buf, is256);
    absorb(s, x, (int)((r + ub - 1) / ub), is256);
  }

  for (i = 0; i + 128 <= len; i += 128) crypt(s, seal, in + i, out + i, full, all, is256);
  if (i < len) {
    size_t r = len - i;
    for (size_t j = 0; j < 128; j++) buf[j] = (uint8_t)(j < r ? 0xff : 0); /* r is public */
    chunk_load(x, buf, is256);
    vm[0] = x[0], vm[1] = x[1]; /* plane 0 of each group: the byte mask */
    memset(buf, 0, 128);
    memcpy(buf, in + i, r);
    crypt(s, seal, buf, buf, (int)((r + ub - 1) / ub), vm, is256);
    memcpy(out + i, buf, r);
  }

  /* Finalize: 7 updates with t = S2 ^ lengths (AEGIS-128L, m0 = m1 = t;
   * S2 is lane 1 of e, moved to lanes 0 and 2) or t = S3 ^ lengths
   * (AEGIS-256; S3 is lane 1 of o, moved to lane 0). */
  memset(buf, 0, 128);
  hwc_store_le64(buf, (uint64_t)aad_len * 8);
  hwc_store_le64(buf + 8, (uint64_t)len * 8);
  if (!is256) memcpy(buf + 16, buf, 16);
  chunk_load(x, buf, is256);
  for (int p = 0; p < 8; p++) {
    uint64_t e = E(s, p), o = O(s, p);
    m[p] = x[2 * p] ^ (is256 ? (o >> 1) & LANE_0 : ((e >> 1) & LANE_0) | ((e << 1) & (LANE_0 << 2)));
  }
  for (int j = 0; j < 7; j++) bs_update(s, m, is256);

  state_store(s, S[0], S[2], S[4], S[6], S[1], S[3], S[5], S[7]);
  for (int b = 0; b < 16; b++) {
    if (is256 && tag_len == 16) {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b] ^ S[4][b] ^ S[5][b];
    } else if (is256) {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b];
      tag[16 + b] = S[3][b] ^ S[4][b] ^ S[5][b];
    } else if (tag_len == 16) {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b] ^ S[4][b] ^ S[5][b] ^ S[6][b];
    } else {
      tag[b] = S[0][b] ^ S[1][b] ^ S[2][b] ^ S[3][b];
      tag[16 + b] = S[4][b] ^ S[5][b] ^ S[6][b] ^ S[7][b];
    }
  }
  hwc_wipe(s, sizeof(s));
  hwc_wipe(x, sizeof(x));
  hwc_wipe(m, sizeof(m));
  hwc_wipe(S, sizeof(S));
  hwc_wipe(buf, sizeof(buf));
}

static HWC_NOINLINE void soft_aegis_bs128l(int seal, const uint8_t *key, const uint8_t *nonce,
                                           const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                           uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  soft_aegis_bs(0, seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
}

static HWC_NOINLINE void soft_aegis_bs256(int seal, const uint8_t *key, const uint8_t *nonce,
                                          const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                          uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  soft_aegis_bs(1, seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
}

/* The work functions' frames (state, buffers, the updates' and the round's
 * spills) are zeroed once per message after the work returns
 * (hwc_burn_stack, hwcrypt_ct.h). The deepest chain (-fstack-usage):
 * gcc 12 -O3 soft_aegis_bs128l/256 976 + crypt 768 + round2 120; clang
 * -O2 824 + 696 + 72; plus a leaf's 128-byte red zone: up to about
 * 2 KiB. 3 KiB leaves room (the burn costs about 200 cycles a message). */
#define AEGIS_SOFT_BURN 3072

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
