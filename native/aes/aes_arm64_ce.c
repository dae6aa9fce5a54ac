/*
 * aes_arm64_ce.c - AES (CTR, GCM, CMAC's CBC-MAC, ECB, CBC, XTS, CCM) on
 * the ARMv8 Cryptography Extensions: AESE/AESMC for the cipher, AESD/AESIMC
 * for the inverse cipher, PMULL/PMULL2 (64x64 -> 128-bit carry-less
 * multiply) for GHASH.
 *
 * Kernels target the crypto extension and nothing else; the table is handed
 * out only when the kernel reports both AES and PMULL (hwc_cpu()). Written
 * with ACLE intrinsics (arm_neon.h) so that GCC and clang, on Linux and
 * macOS, build the same source.
 *
 * GHASH representation: byte reversal per 64-bit lane, no bit reversal
 * ---------------------------------------------------------------------
 * GCM reads a 16-byte block B as a polynomial whose x^0 coefficient is the
 * most significant bit of B[0] and whose x^127 coefficient is the least
 * significant bit of B[15]. Read B as one big-endian 128-bit integer V:
 * integer bit j is then the coefficient of x^(127-j). So V is the
 * polynomial "mirrored" (high degrees in low bits), and we never reverse
 * bits: ARMv8 has RBIT, but it would cost an instruction per block for
 * nothing, since multiplication commutes with mirroring (below).
 *
 * A NEON register holds two 64-bit lanes. Loading B with LD1 and applying
 * REV64 (byte reversal inside each lane) leaves lane 0 = B[0..7] and
 * lane 1 = B[8..15], each as a big-endian number: lane 0 is the HIGH half
 * of V and lane 1 the LOW half. We simply keep every GHASH value (data,
 * Y, the key powers) in this "halves-swapped" layout; it saves the EXT
 * that a full 16-byte reversal would need on every block. With both
 * operands swapped, PMULL (lane 0 x lane 0) gives the product of the high
 * halves and PMULL2 (lane 1 x lane 1) the product of the low halves, and
 * the Karatsuba middle term (hi ^ lo) x (hi ^ lo) does not care about lane
 * order. The unreduced 256-bit product comes out in ordinary layout; only
 * the reduced result is turned back into swapped layout (one EXT per
 * reduction, i.e. per 8 blocks in the bulk loops).
 *
 * Multiplying mirrored values. If V_a has bit j = coefficient of x^(127-j)
 * in a (likewise V_b), the carry-less product V_a (x) V_b has bit k equal to
 * the coefficient of x^(254-k) in a*b: a 255-bit mirror, one position short
 * of a clean 256-bit mirror. Instead of shifting every product left by one,
 * the key is stored pre-divided by x: we keep Hs = mirror(H * x^-1 mod P),
 * P = x^128 + x^7 + x^2 + x + 1. In mirrored form dividing by x is a left
 * shift by one bit; the bit shifted out (the x^0 coefficient) comes back as
 * x^-1 = x^127 + x^6 + x + 1, i.e. XOR of 0xC2000000_00000000_00000000_00000001.
 * That is done with an all-ones/all-zeros mask from the shifted-out bit, not
 * a branch. Then V_a (x) Hs has bit k = coefficient of x^(255-k) in a*H: a
 * proper 256-bit mirror Q = [q3:q2:q1:q0] (64-bit words, q0 lowest), where
 * q3:q2 hold degrees 127..0 and q1:q0 degrees 255..128. The same identity
 * gives Hs^(i+1) = mul(Hs^i, Hs) for the stored powers, so every power is
 * kept in the pre-divided form and used exactly like Hs.
 *
 * Reduction (two PMULLs). Mirroring turns "cancel the high-degree terms"
 * into "cancel the low-order bits", which is a Montgomery step. Mirrored, P
 * is the 129-bit integer Pm = 1 + c*2^64 + 2^128 with
 * c = 0xC200000000000000 (x^7, x^2, x^1 land on bits 121, 126, 127). XORing
 * Q with M (x) Pm, M chosen so bits 0..127 vanish, keeps Q's value modulo P
 * and leaves the answer in bits 128..255. M is found one 64-bit word at a
 * time: m0 = q0, [a1:a0] = m0 (x) c; m1 = q1 ^ a0, [b1:b0] = m1 (x) c; and the
 * result is [q3 ^ m1 ^ b1 : q2 ^ m0 ^ a1 ^ b0]. As vector code: T = PMULL(
 * lo, c); X = swap(lo) ^ T; U = PMULL(X, c); R = hi ^ swap(X) ^ U, with
 * lo = [q1:q0] and hi = [q3:q2]. (swap = EXT #8.)
 *
 * Aggregation. Reduction is linear, so for 8 blocks
 *     Y' = (Y ^ X0)*H^8 ^ X1*H^7 ^ ... ^ X7*H
 * is 8 unreduced Karatsuba products (PMULL, PMULL2 and one middle PMULL per
 * block) summed in three accumulators and one reduction. The middle factors
 * (h_hi ^ h_lo) of the key powers are precomputed and packed two per
 * register, so two blocks' middle products are one TRN1/TRN2/EOR and a
 * PMULL + PMULL2 pair. The dependency chain through Y is therefore one
 * reduction per 128 bytes.
 *
 * Interleaving. AESE+AESMC pairs are fused on most cores (written adjacent
 * so the compiler keeps them adjacent) and pipelined with a latency of
 * 2-4 cycles, so 8 independent blocks are kept in flight. In gcm_seal the
 * GHASH of the previous 8 ciphertext blocks (read back from out, where the
 * previous iteration stored them) is spread between the AES rounds of the
 * current 8 counters; gcm_open hashes the very ciphertext it decrypts. The
 * AES and PMULL work share the SIMD pipes, and the Y chain hides behind the
 * rounds. Anything under 8 blocks (and the partial last block) goes through
 * a zero-padded stack copy and an n-block aggregated GHASH.
 *
 * Counters: the counter block is kept as four uint32 lanes in native order
 * (REV32 of the bytes), bumped with ADD on lane 3 and turned back with
 * REV32 per block. The 32-bit lane wraps mod 2^32 without carrying into
 * lane 2, which is exactly GCM's inc32 (hwcrypt_impl.h); nothing looks at
 * the counter's value, which is secret for a non-96-bit GCM nonce.
 *
 * Constant time: AES and GHASH are instructions with data-independent
 * timing; no branch or address depends on the key, data, counter, Y, IV,
 * XTS tweak or CBC-MAC state. Branches depend on lengths, the direction
 * and the round count only.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_CRYPTO

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_CRYPTO)

typedef struct arm_gcm_key {
  uint8x16_t rk[15];  /* encryption round keys, bytes in FIPS-197 order */
  uint8x16_t dk[15];  /* inverse cipher's round keys (dec_keys) */
  uint64x2_t h[8];    /* h[i] = Hs^(i+1), swapped layout, pre-divided by x */
  uint64x2_t hm[8];   /* hm[i] = both lanes (hi ^ lo) of h[i], Karatsuba middle */
  uint64x2_t hk[4];   /* hk[j] = [fold(h[7-2j]) : fold(h[6-2j])], for the 8-block loop */
} arm_gcm_key;

_Static_assert(sizeof(arm_gcm_key) <= HWC_AES_BACKEND_BYTES, "arm_gcm_key too large");

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

/* SubWord(w) with AESE: all four columns hold w, so ShiftRows is the
 * identity and lane 0 comes out as S(w) byte by byte. */
static uint32_t sub_word(uint32_t w) {
  uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(w));
  v = vaeseq_u8(v, vdupq_n_u8(0));
  return vgetq_lane_u32(vreinterpretq_u32_u8(v), 0);
}

/* FIPS-197 key expansion on little-endian words (byte 0 in the low bits),
 * so RotWord is a right rotation by 8 and Rcon goes into the low byte. */
static void expand_key(arm_gcm_key *K, const uint8_t *key, size_t key_len, unsigned rounds) {
  uint32_t w[60];
  const unsigned nk = (unsigned)(key_len / 4), total = 4 * (rounds + 1);
  uint32_t rcon = 1;
  for (unsigned i = 0; i < nk; i++) w[i] = hwc_load_le32(key + 4 * i);
  for (unsigned i = nk; i < total; i++) {
    uint32_t t = w[i - 1];
    if (i % nk == 0) {
      t = sub_word((t >> 8) | (t << 24)) ^ rcon;
      rcon = (rcon << 1) ^ (0x11b & -(rcon >> 7));
    } else if (nk > 6 && i % nk == 4) {
      t = sub_word(t);
    }
    w[i] = w[i - nk] ^ t;
  }
  for (unsigned r = 0; r <= rounds; r++) {
    uint8_t b[16];
    for (unsigned j = 0; j < 4; j++) hwc_store_le32(b + 4 * j, w[4 * r + j]);
    K->rk[r] = vld1q_u8(b);
    hwc_wipe(b, sizeof(b));
  }
  hwc_wipe(w, sizeof(w));
}

HWC_INLINE uint8x16_t aes_enc1(const uint8x16_t *rk, unsigned nr, uint8x16_t s) {
  for (unsigned r = 0; r + 1 < nr; r++) s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
  return veorq_u8(vaeseq_u8(s, rk[nr - 1]), rk[nr]);
}

/*
 * The inverse cipher. AESD(s, k) = InvSubBytes(InvShiftRows(s ^ k)) and
 * AESIMC = InvMixColumns. FIPS-197's equivalent inverse cipher (5.3.5) is
 *
 *     s ^= dk[0];
 *     rounds 1..nr-1: InvSubBytes, InvShiftRows, InvMixColumns, s ^= dk[r];
 *     InvSubBytes, InvShiftRows, s ^= dk[nr]
 *
 * with dk[0] = rk[nr], dk[r] = InvMixColumns(rk[nr-r]) (InvMixColumns is
 * linear, so the key moves through it) and dk[nr] = rk[0]. Like AESE,
 * AESD XORs its key BEFORE the S-box layer, so the same sequence regroups
 * as
 *
 *     r = 0..nr-2: s = AESIMC(AESD(s, dk[r]));  s = AESD(s, dk[nr-1]) ^ dk[nr]
 *
 * the exact shape of the encryption (AESE/AESMC with rk[0..nr-2], AESE
 * with rk[nr-1], EOR rk[nr]). The table is the one x86_dec_keys builds;
 * only where the outer XORs go differs: x86 XORs dk[0] on its own first
 * and ends with AESDECLAST(s, dk[nr]), whose XOR follows the S-box layer;
 * here dk[0] goes into the first AESD and dk[nr] is the trailing EOR.
 */
static void dec_keys(arm_gcm_key *K, unsigned nr) {
  K->dk[0] = K->rk[nr];
  for (unsigned r = 1; r < nr; r++) K->dk[r] = vaesimcq_u8(K->rk[nr - r]);
  K->dk[nr] = K->rk[0];
}

/* Eight AES states in flight. Every helper below is always inlined with
 * constant indices, so the array lives in eight registers, never in memory. */
typedef struct blk8 {
  uint8x16_t s[8];
} blk8;

/* One full round on all eight states (AESE = AddRoundKey, SubBytes,
 * ShiftRows; AESMC = MixColumns), on the first n (public) of them. */
HWC_INLINE void round_n(blk8 *b, uint8x16_t rk, const int n) {
  for (int i = 0; i < n; i++) b->s[i] = vaesmcq_u8(vaeseq_u8(b->s[i], rk));
}
/* Last round: AESE with the next-to-last key, XOR with the last key. */
HWC_INLINE void last_n(blk8 *b, uint8x16_t rk, uint8x16_t rl, const int n) {
  for (int i = 0; i < n; i++) b->s[i] = veorq_u8(vaeseq_u8(b->s[i], rk), rl);
}
/* All nr rounds on the first n states. */
HWC_INLINE void rounds_n(blk8 *b, const uint8x16_t *rk, const unsigned nr, const int n) {
#pragma GCC unroll 14
  for (unsigned r = 0; r + 1 < nr; r++) round_n(b, rk[r], n);
  last_n(b, rk[nr - 1], rk[nr], n);
}

/* The inverse cipher's rounds (dec_keys), as round_n. */
HWC_INLINE void dround_n(blk8 *b, uint8x16_t dk, const int n) {
  for (int i = 0; i < n; i++) b->s[i] = vaesimcq_u8(vaesdq_u8(b->s[i], dk));
}

/*
 * The cipher (seal: E_K, else D_K) on the first n states, with the final
 * AddRoundKey merged into the value the mode XORs onto the output anyway:
 * state i ends as AESE/AESD(s, key[nr-1]) ^ key[nr] ^ x_i, so the mode
 * costs no EOR of its own on the way out. x_i is x->s[i] (registers: CBC
 * decryption's C_{i-1}) or the 16 bytes at xm + 16 i (memory, loaded only
 * for the last round: XTS's tweaks, so that eight of them are not held in
 * registers across the rounds); both NULL for ECB.
 */
HWC_INLINE void cipher_xor_n(blk8 *b, const arm_gcm_key *K, const unsigned nr, const int seal,
                             const blk8 *x, const uint8_t *xm, const int n) {
  const uint8x16_t *k = seal ? K->rk : K->dk;
#pragma GCC unroll 14
  for (unsigned r = 0; r + 1 < nr; r++) {
    if (seal)
      round_n(b, k[r], n);
    else
      dround_n(b, k[r], n);
  }
  for (int i = 0; i < n; i++) {
    const uint8x16_t l = x    ? veorq_u8(k[nr], x->s[i])
                         : xm ? veorq_u8(k[nr], vld1q_u8(xm + 16 * i))
                              : k[nr];
    b->s[i] = veorq_u8(seal ? vaeseq_u8(b->s[i], k[nr - 1]) : vaesdq_u8(b->s[i], k[nr - 1]), l);
  }
}

/* Counter blocks: c holds the counter block as native uint32 lanes (lane 3
 * is the low 32-bit word); block j is c + j with lane 3 only. */
HWC_INLINE uint32x4_t ctr_load(const uint8_t ctr[16]) {
  return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(ctr)));
}
HWC_INLINE void ctr8(blk8 *b, uint32x4_t c) {
  for (uint32_t j = 0; j < 8; j++) {
    const uint32x4_t inc = {0, 0, 0, j};
    b->s[j] = vrev32q_u8(vreinterpretq_u8_u32(vaddq_u32(c, inc)));
  }
}

/* out[0..128) = in[0..128) ^ the eight states. */
HWC_INLINE void xor_store8(const blk8 *b, const uint8_t *in, uint8_t *out) {
  for (int j = 0; j < 8; j++) vst1q_u8(out + 16 * j, veorq_u8(vld1q_u8(in + 16 * j), b->s[j]));
}

/* Keystream for up to 8 blocks (public count nblk) into ks[0..16*nblk). */
HWC_INLINE void keystream_tail(const arm_gcm_key *K, unsigned nr, uint32x4_t c, uint8_t *ks,
                               size_t nblk) {
  blk8 b;
  ctr8(&b, c);
  if (nblk <= 4) {
    rounds_n(&b, K->rk, nr, 4);
    for (int j = 0; j < 4; j++) vst1q_u8(ks + 16 * j, b.s[j]);
  } else {
    rounds_n(&b, K->rk, nr, 8);
    for (int j = 0; j < 8; j++) vst1q_u8(ks + 16 * j, b.s[j]);
  }
}

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

static const uint64_t GHASH_C = 0xC200000000000000ULL;

/* Low lanes: a.d[0] x b.d[0] (PMULL). */
HWC_INLINE uint64x2_t pmull_lo(uint64x2_t a, uint64x2_t b) {
  return vreinterpretq_u64_p128(
      vmull_p64((poly64_t)vgetq_lane_u64(a, 0), (poly64_t)vgetq_lane_u64(b, 0)));
}
/* High lanes: a.d[1] x b.d[1] (PMULL2). */
HWC_INLINE uint64x2_t pmull_hi(uint64x2_t a, uint64x2_t b) {
  return vreinterpretq_u64_p128(vmull_high_p64(vreinterpretq_p64_u64(a), vreinterpretq_p64_u64(b)));
}
HWC_INLINE uint64x2_t swap64(uint64x2_t a) { return vextq_u64(a, a, 1); }

/* A block from memory in swapped layout. */
HWC_INLINE uint64x2_t gh_load(const uint8_t *p) { return vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(p))); }
HWC_INLINE uint64x2_t gh_from(uint8x16_t b) { return vreinterpretq_u64_u8(vrev64q_u8(b)); }
HWC_INLINE void gh_store(uint8_t *p, uint64x2_t y) { vst1q_u8(p, vrev64q_u8(vreinterpretq_u8_u64(y))); }

/* Unreduced Karatsuba accumulators of a sum of products x*h, x and h in
 * swapped layout: lo = sum of low-half products (words q1:q0), hi = sum of
 * high-half products (q3:q2), mid = sum of (x_hi^x_lo)(h_hi^h_lo). */
typedef struct gh_acc {
  uint64x2_t lo, hi, mid;
} gh_acc;

/* acc (+)= x * h; hm = Karatsuba middle factor of h in lane 0. */
HWC_INLINE void gh_mul_acc(gh_acc *a, uint64x2_t x, uint64x2_t h, uint64x2_t hm) {
  uint64x2_t f = veorq_u64(x, swap64(x));
  a->lo = veorq_u64(a->lo, pmull_hi(x, h));
  a->hi = veorq_u64(a->hi, pmull_lo(x, h));
  a->mid = veorq_u64(a->mid, pmull_lo(f, hm));
}

/* Two blocks at once: xa * ha + xb * hb, hk = [fold(ha) : fold(hb)]. */
HWC_INLINE void gh_mul2_acc(gh_acc *a, uint64x2_t xa, uint64x2_t ha, uint64x2_t xb, uint64x2_t hb,
                            uint64x2_t hk) {
  uint64x2_t f = veorq_u64(vtrn1q_u64(xa, xb), vtrn2q_u64(xa, xb));
  a->lo = veorq_u64(a->lo, veorq_u64(pmull_hi(xa, ha), pmull_hi(xb, hb)));
  a->hi = veorq_u64(a->hi, veorq_u64(pmull_lo(xa, ha), pmull_lo(xb, hb)));
  a->mid = veorq_u64(a->mid, veorq_u64(pmull_lo(f, hk), pmull_hi(f, hk)));
}

/* Reduces the accumulated 256-bit sum; returns it in swapped layout. */
HWC_INLINE uint64x2_t gh_reduce(const gh_acc *a) {
  const uint64x2_t zero = vdupq_n_u64(0), c = vdupq_n_u64(GHASH_C);
  uint64x2_t mid = veorq_u64(a->mid, veorq_u64(a->lo, a->hi));
  uint64x2_t lo = veorq_u64(a->lo, vextq_u64(zero, mid, 1)); /* q1 ^= mid.d[0] */
  uint64x2_t hi = veorq_u64(a->hi, vextq_u64(mid, zero, 1)); /* q2 ^= mid.d[1] */
  uint64x2_t x = veorq_u64(swap64(lo), pmull_lo(lo, c));     /* [m0 ^ a1 : m1] */
  uint64x2_t r = veorq_u64(hi, veorq_u64(swap64(x), pmull_lo(x, c)));
  return swap64(r);
}

HWC_INLINE void gh_acc_zero(gh_acc *a) {
  a->lo = vdupq_n_u64(0);
  a->hi = vdupq_n_u64(0);
  a->mid = vdupq_n_u64(0);
}

/* Blocks 2j and 2j+1 of an 8-block group, multiplied by H^(8-2j) and
 * H^(7-2j), into acc: Y' = (Y ^ x0)*H^8 + x1*H^7 + ... + x7*H. */
HWC_INLINE void gh8_pair(gh_acc *a, const arm_gcm_key *K, uint64x2_t xa, uint64x2_t xb, int j) {
  gh_mul2_acc(a, xa, K->h[7 - 2 * j], xb, K->h[6 - 2 * j], K->hk[j]);
}

/* n (1..8) whole blocks from p (at least 16*n readable bytes). */
static uint64x2_t ghash_n(const arm_gcm_key *K, uint64x2_t y, const uint8_t *p, size_t n) {
  gh_acc a;
  gh_acc_zero(&a);
  for (size_t j = 0; j < n; j++) {
    uint64x2_t x = gh_load(p + 16 * j);
    if (j == 0) x = veorq_u64(x, y);
    gh_mul_acc(&a, x, K->h[n - 1 - j], K->hm[n - 1 - j]);
  }
  return gh_reduce(&a);
}

/* 8 whole blocks from p. */
HWC_INLINE uint64x2_t ghash_8(const arm_gcm_key *K, uint64x2_t y, const uint8_t *p) {
  gh_acc a;
  gh_acc_zero(&a);
  for (int j = 0; j < 4; j++) {
    uint64x2_t xa = gh_load(p + 32 * j);
    if (j == 0) xa = veorq_u64(xa, y);
    gh8_pair(&a, K, xa, gh_load(p + 32 * j + 16), j);
  }
  return gh_reduce(&a);
}

/* Any length; a partial last block is zero-padded. */
static uint64x2_t ghash_any(const arm_gcm_key *K, uint64x2_t y, const uint8_t *p, size_t len) {
  while (len >= 128) {
    y = ghash_8(K, y, p);
    p += 128;
    len -= 128;
  }
  if (len) {
    size_t whole = len / 16, part = len % 16;
    if (part == 0) {
      y = ghash_n(K, y, p, whole);
    } else {
      HWC_ALIGN(16) uint8_t tmp[128];
      memcpy(tmp, p, len);
      memset(tmp + len, 0, 16 - part);
      y = ghash_n(K, y, tmp, whole + 1);
      hwc_wipe(tmp, sizeof(tmp));
    }
  }
  return y;
}

/* Field product a*b for key setup, both pre-divided / swapped as above. */
static uint64x2_t gh_mul(uint64x2_t a, uint64x2_t b) {
  gh_acc acc;
  gh_acc_zero(&acc);
  gh_mul_acc(&acc, a, b, veorq_u64(b, swap64(b)));
  return gh_reduce(&acc);
}

/* ------------------------------------------------------------------------ */
/* Bulk kernels, instantiated per round count so the round loops unroll     */
/* ------------------------------------------------------------------------ */

HWC_INLINE void ctr32_body(const arm_gcm_key *K, const uint8_t ctr[16], const uint8_t *in,
                           uint8_t *out, size_t len, const unsigned nr) {
  uint32x4_t c = ctr_load(ctr);
  const uint32x4_t step = {0, 0, 0, 8};
  while (len >= 128) {
    blk8 b;
    ctr8(&b, c);
    rounds_n(&b, K->rk, nr, 8);
    xor_store8(&b, in, out);
    c = vaddq_u32(c, step);
    in += 128;
    out += 128;
    len -= 128;
  }
  if (len) {
    HWC_ALIGN(16) uint8_t ks[128];
    keystream_tail(K, nr, c, ks, (len + 15) / 16);
    for (size_t i = 0; i < len; i++) out[i] = in[i] ^ ks[i];
    hwc_wipe(ks, sizeof(ks));
  }
}

/* Tail of seal/open: fewer than 8 blocks, last one maybe partial. The
 * ciphertext (hashed) is in buf after the XOR for seal, before it for open. */
HWC_INLINE uint64x2_t gcm_tail(const arm_gcm_key *K, const unsigned nr, uint32x4_t c, uint64x2_t y,
                               const uint8_t *in, uint8_t *out, size_t len, int seal) {
  HWC_ALIGN(16) uint8_t ks[128], buf[128];
  const size_t nblk = (len + 15) / 16;
  keystream_tail(K, nr, c, ks, nblk);
  memcpy(buf, in, len);
  memset(buf + len, 0, 16 * nblk - len);
  if (!seal) y = ghash_n(K, y, buf, nblk);
  for (size_t i = 0; i < len; i++) buf[i] ^= ks[i];
  memcpy(out, buf, len);
  if (seal) y = ghash_n(K, y, buf, nblk); /* the padding is still zero */
  hwc_wipe(ks, sizeof(ks));
  hwc_wipe(buf, sizeof(buf));
  return y;
}

/*
 * GCM bulk, 8 counters per iteration with the GHASH of 8 ciphertext blocks
 * spread between the AES rounds. Seal hashes the ciphertext the previous
 * iteration wrote (gp points at it; the first iteration has none), open
 * the very blocks it decrypts, loaded before any store so in == out works.
 * The compiler's scheduler is free to move the GHASH steps, but every one
 * of them is independent of the AES.
 */
HWC_INLINE void gcm_body(const arm_gcm_key *K, const uint8_t ctr[16], uint8_t Y[16],
                         const uint8_t *in, uint8_t *out, size_t len, const unsigned nr,
                         const int seal) {
  uint32x4_t c = ctr_load(ctr);
  const uint32x4_t step = {0, 0, 0, 8};
  uint64x2_t y = gh_load(Y);
  const uint8_t *gp = NULL; /* seal: ciphertext still to hash (128 bytes) */
  while (len >= 128) {
    blk8 b, x;
    if (!seal)
      for (int j = 0; j < 8; j++) x.s[j] = vld1q_u8(in + 16 * j);
    ctr8(&b, c);
    if (!seal || gp) {
      gh_acc a;
      gh_acc_zero(&a);
      for (int j = 0; j < 4; j++) {
        const uint8x16_t xa = seal ? vld1q_u8(gp + 32 * j) : x.s[2 * j];
        const uint8x16_t xb = seal ? vld1q_u8(gp + 32 * j + 16) : x.s[2 * j + 1];
        round_n(&b, K->rk[2 * j], 8);
        gh8_pair(&a, K, j == 0 ? veorq_u64(gh_from(xa), y) : gh_from(xa), gh_from(xb), j);
        round_n(&b, K->rk[2 * j + 1], 8);
      }
      y = gh_reduce(&a);
    } else {
#pragma GCC unroll 8
      for (unsigned r = 0; r < 8; r++) round_n(&b, K->rk[r], 8);
    }
#pragma GCC unroll 6
    for (unsigned r = 8; r + 1 < nr; r++) round_n(&b, K->rk[r], 8);
    last_n(&b, K->rk[nr - 1], K->rk[nr], 8);
    if (seal)
      for (int j = 0; j < 8; j++) x.s[j] = vld1q_u8(in + 16 * j);
    for (int j = 0; j < 8; j++) vst1q_u8(out + 16 * j, veorq_u8(x.s[j], b.s[j]));
    gp = out;
    c = vaddq_u32(c, step);
    in += 128;
    out += 128;
    len -= 128;
  }
  if (seal && gp) y = ghash_8(K, y, gp);
  if (len) y = gcm_tail(K, nr, c, y, in, out, len, seal);
  gh_store(Y, y);
}

/* ------------------------------------------------------------------------ */
/* Table entries                                                            */
/* ------------------------------------------------------------------------ */

static void ce_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  arm_gcm_key *K = HWC_KEY_STATE_W(arm_gcm_key, k);
  expand_key(K, key, key_len, k->rounds);
  dec_keys(K, k->rounds);

  /* H = E_K(0), mirrored (swapped layout), then divided by x. */
  HWC_ALIGN(16) uint8_t hb[16];
  vst1q_u8(hb, aes_enc1(K->rk, k->rounds, vdupq_n_u8(0)));
  uint64_t hi = hwc_load_be64(hb), lo = hwc_load_be64(hb + 8);
  uint64_t mask = 0 - (hi >> 63);
  uint64_t nhi = (hi << 1) | (lo >> 63), nlo = lo << 1;
  nhi ^= mask & GHASH_C;
  nlo ^= mask & 1;
  const uint64x2_t h1 = vcombine_u64(vcreate_u64(nhi), vcreate_u64(nlo));
  hwc_wipe(hb, sizeof(hb));
  hi = lo = mask = nhi = nlo = 0;

  K->h[0] = h1;
  for (int i = 1; i < 8; i++) K->h[i] = gh_mul(K->h[i - 1], h1);
  for (int i = 0; i < 8; i++) K->hm[i] = veorq_u64(K->h[i], swap64(K->h[i]));
  for (int j = 0; j < 4; j++) K->hk[j] = vtrn1q_u64(K->hm[7 - 2 * j], K->hm[6 - 2 * j]);
}

static void ce_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  vst1q_u8(out, aes_enc1(HWC_KEY_STATE(arm_gcm_key, k)->rk, k->rounds, vld1q_u8(in)));
}

static void ce_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                     size_t len) {
  if (!len) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  HWC_BY_ROUNDS(k->rounds, ctr32_body(K, ctr, in, out, len, NR));
}

static void ce_ghash(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data, size_t len) {
  if (!len) return;
  gh_store(Y, ghash_any(HWC_KEY_STATE(arm_gcm_key, k), gh_load(Y), data, len));
}

static void ce_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                        const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 1));
}

static void ce_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                        const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 0));
}

/*
 * CBC-MAC chain of CMAC and CCM's header, and CBC encryption's chain
 * (out != NULL: every chaining value is also stored there, C_i), one block
 * in flight at the AESE/AESMC latency. AESE XORs its key before SubBytes,
 * so the chain is kept as t, the output of the last AESE before the final
 * AddRoundKey: the next block starts with AESE(t, rk[nr] ^ rk[0] ^ B)
 * (= AESE(E_K(x) ^ B, rk[0])), and the key XOR is off the chain (so is
 * the store of t ^ rk[nr]). t starts as X ^ rk[nr] and ends as
 * X = t ^ rk[nr]. Block i is loaded before C_i is stored (in == out).
 */
HWC_INLINE uint8x16_t cbc_mac_body(const arm_gcm_key *K, uint8x16_t x, const uint8_t *p,
                                   uint8_t *out, size_t n, const int NR) {
  /* The round keys straight from the key object: the compiler keeps them
   * in registers (32 of them); a local copy would be an array on the stack
   * holding the key schedule after return. */
  const uint8x16_t *rk = K->rk;
  const uint8x16_t kx = veorq_u8(rk[0], rk[NR]);
  uint8x16_t t = veorq_u8(x, rk[NR]);
  for (; n; n--, p += 16) {
    uint8x16_t s = vaesmcq_u8(vaeseq_u8(t, veorq_u8(kx, vld1q_u8(p))));
    for (int r = 1; r < NR - 1; r++) s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    t = vaeseq_u8(s, rk[NR - 1]);
    if (out) {
      vst1q_u8(out, veorq_u8(t, rk[NR]));
      out += 16;
    }
  }
  return veorq_u8(t, rk[NR]);
}

static void ce_cbc_mac(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks) {
  if (!nblocks) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  uint8x16_t x = vld1q_u8(X);
  HWC_BY_ROUNDS(k->rounds, x = cbc_mac_body(K, x, data, NULL, nblocks, NR));
  vst1q_u8(X, x);
}

/* ------------------------------------------------------------------------ */
/* Block-cipher modes: ECB, CBC, XTS, CCM                                   */
/* ------------------------------------------------------------------------ */

/*
 * ECB, CBC decryption and XTS are parallel: 8 blocks per iteration through
 * cipher_xor_n, all 8 loaded before any is stored (in == out works). The
 * last m < 8 blocks go through a zero-padded stack copy and the same
 * 8-wide code, whose spare lanes cipher zeros that are never copied out:
 * with the AES unit pipelined, a few blocks cost little more than the
 * latency of one, and one 8-wide copy per round count and direction keeps
 * the code small. A single block (m == 1: XTS's two ciphertext-stealing
 * calls, a one-block CBC or ECB call) takes a 1-wide copy instead, a few
 * dozen instructions, so it costs one block's latency and not the issue
 * slots of eight. m is public (a length).
 */
typedef struct run8 {
  const uint8_t *src; /* in, or buf for the last m < 8 blocks */
  uint8_t *dst;       /* out, or buf */
  size_t m;           /* blocks of this iteration, 1..8 */
} run8;

/* The tails' stack copies move without a library call: memcpy, memset or
 * hwc_wipe would clobber the caller-saved NEON registers, so the compiler
 * would spill the live tweak, keystream or MAC state around the call onto
 * the stack, where nothing wipes them. HWC_OPAQUE keeps the loops from
 * being turned back into memcpy calls; scratch_wipe is x86_wipe's idiom
 * (constant-size stores the asm statement keeps alive). */
HWC_INLINE void scratch_copy(uint8_t *d, const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t v = s[i];
    HWC_OPAQUE_GPR(v);
    d[i] = (uint8_t)v;
  }
}
HWC_INLINE void scratch_wipe(uint8_t *p, const size_t n) {
  for (size_t j = 0; j < n; j += 16) vst1q_u8(p + j, vdupq_n_u8(0));
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

HWC_INLINE run8 run8_begin(const uint8_t *in, uint8_t *out, size_t nblocks, uint8_t buf[128]) {
  run8 r = {in, out, nblocks < 8 ? nblocks : 8};
  if (r.m < 8) {
    for (size_t j = 0; j < 8; j++) {
      uint8x16_t v = vdupq_n_u8(0);
      if (j < r.m) v = vld1q_u8(in + 16 * j);
      HWC_OPAQUE(v);
      vst1q_u8(buf + 16 * j, v);
    }
    r.src = r.dst = buf;
  }
  return r;
}
HWC_INLINE void run8_end(const run8 *r, uint8_t *out, uint8_t buf[128]) {
  if (r->m < 8) {
    for (size_t j = 0; j < r->m; j++) {
      uint8x16_t v = vld1q_u8(buf + 16 * j);
      HWC_OPAQUE(v);
      vst1q_u8(out + 16 * j, v);
    }
    scratch_wipe(buf, 128);
  }
}

HWC_INLINE void cipher_xor_run(blk8 *b, const arm_gcm_key *K, const unsigned nr, const int seal,
                               const blk8 *x, const uint8_t *xm, size_t m) {
  if (m == 1)
    cipher_xor_n(b, K, nr, seal, x, xm, 1);
  else
    cipher_xor_n(b, K, nr, seal, x, xm, 8);
}

HWC_INLINE void ecb_body(const arm_gcm_key *K, const uint8_t *in, uint8_t *out, size_t nblocks,
                         const unsigned nr, const int seal) {
  HWC_ALIGN(16) uint8_t buf[128];
  while (nblocks) {
    const run8 r = run8_begin(in, out, nblocks, buf);
    blk8 b;
    for (int j = 0; j < 8; j++) b.s[j] = vld1q_u8(r.src + 16 * j);
    cipher_xor_run(&b, K, nr, seal, NULL, NULL, r.m);
    for (int j = 0; j < 8; j++) vst1q_u8(r.dst + 16 * j, b.s[j]);
    run8_end(&r, out, buf);
    in += 16 * r.m;
    out += 16 * r.m;
    nblocks -= r.m;
  }
}

/* P_j = D_K(C_j) ^ C_{j-1}: C_{j-1} rides in cipher_xor_n's x with the
 * last key. The next chaining value C_{m-1} is read before the stores. */
HWC_INLINE void cbc_open_body(const arm_gcm_key *K, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                              size_t nblocks, const unsigned nr) {
  HWC_ALIGN(16) uint8_t buf[128];
  uint8x16_t prev = vld1q_u8(iv);
  while (nblocks) {
    const run8 r = run8_begin(in, out, nblocks, buf);
    blk8 b, x;
    for (int j = 0; j < 8; j++) b.s[j] = vld1q_u8(r.src + 16 * j);
    x.s[0] = prev;
    for (int j = 1; j < 8; j++) x.s[j] = b.s[j - 1];
    prev = vld1q_u8(r.src + 16 * (r.m - 1));
    cipher_xor_run(&b, K, nr, 0, &x, NULL, r.m);
    for (int j = 0; j < 8; j++) vst1q_u8(r.dst + 16 * j, b.s[j]);
    run8_end(&r, out, buf);
    in += 16 * r.m;
    out += 16 * r.m;
    nblocks -= r.m;
  }
  vst1q_u8(iv, prev);
}

/*
 * XTS: T * alpha in GF(2^128), T as loaded from its 16 bytes (IEEE 1619
 * little-endian; on little-endian AArch64 lane 0 of the uint64x2_t view is
 * bytes 0..7, the low half). Each lane shifts left by one; lane 0's top
 * bit carries into lane 1's bit 0 and lane 1's top bit folds back as 0x87
 * into lane 0. The carries are sign masks (SSHR #63, lanes swapped by EXT)
 * ANDed with {0x87, 1}: no branch, no table.
 */
HWC_INLINE uint8x16_t xts_mul_alpha(uint8x16_t t) {
  const uint64x2_t v = vreinterpretq_u64_u8(t);
  const uint64x2_t sign = vreinterpretq_u64_s64(vshrq_n_s64(vreinterpretq_s64_u8(t), 63));
  const uint64x2_t poly = {0x87, 1};
  const uint64x2_t carry = vandq_u64(vextq_u64(sign, sign, 1), poly);
  return vreinterpretq_u8_u64(veorq_u64(vaddq_u64(v, v), carry));
}

/* out_j = C(in_j ^ T_j) ^ T_j. The 8 tweaks of an iteration are a chain
 * of 8 alpha steps, independent of the AES, so it overlaps the rounds.
 * Eight states, eight tweaks and the round keys do not fit the 32
 * registers: left to itself, the compiler spills tweaks to anonymous stack
 * slots that nothing wipes. So the tweaks go to tw, a named buffer wiped
 * once per call, and come back for the last round; the empty asm with a
 * memory clobber keeps the compiler from forwarding the stored values
 * (and so from keeping them in registers after all). */
HWC_INLINE void xts_body(const arm_gcm_key *K, uint8_t T[16], const uint8_t *in, uint8_t *out,
                         size_t nblocks, const unsigned nr, const int seal) {
  HWC_ALIGN(16) uint8_t buf[128], tw[128];
  uint8x16_t t = vld1q_u8(T);
  while (nblocks) {
    const run8 r = run8_begin(in, out, nblocks, buf);
    blk8 b;
    uint8x16_t next = t;
    for (int j = 0; j < 8; j++) {
      b.s[j] = veorq_u8(vld1q_u8(r.src + 16 * j), t);
      vst1q_u8(tw + 16 * j, t);
      t = xts_mul_alpha(t);
      if ((size_t)j + 1 == r.m) next = t; /* T_m: public m */
    }
    t = next;
    __asm__ __volatile__("" : : "r"(tw) : "memory");
    cipher_xor_run(&b, K, nr, seal, NULL, tw, r.m);
    for (int j = 0; j < 8; j++) vst1q_u8(r.dst + 16 * j, b.s[j]);
    run8_end(&r, out, buf);
    in += 16 * r.m;
    out += 16 * r.m;
    nblocks -= r.m;
  }
  vst1q_u8(T, t);
  scratch_wipe(tw, sizeof(tw));
}

/*
 * CCM, stitched. The CBC-MAC chain is kept as in cbc_mac_body (t, kx), and
 * one counter block goes through the same round keys next to it, round by
 * round, so the CTR half runs in the chain's latency (two independent
 * AESE/AESMC chains on a pipelined unit take the time of one).
 *
 * Seal MACs the plaintext it reads, so step i pairs MAC(in_i) with the
 * keystream of block i. Open MACs the plaintext it produces, which needs
 * block i's keystream first: its keystream runs one block ahead (the
 * first one alone, before the loop; step i pairs MAC(out_i) with the
 * keystream of block i + 1, and the last step's is never used).
 *
 * A partial last block (m < 16 bytes, public) goes through a zero-padded
 * stack copy; open ANDs its plaintext with a mask of m bytes (lane index
 * < m) so the MAC sees it zero-padded. Counters as ctr32 (inc32 on lane 3).
 */
HWC_INLINE uint8x16_t ccm_step(const uint8x16_t *rk, uint8x16_t kx, uint8x16_t *t, uint8x16_t m,
                               uint32x4_t c, const int NR) {
  uint8x16_t s = vaesmcq_u8(vaeseq_u8(*t, veorq_u8(kx, m)));
  uint8x16_t k = vaesmcq_u8(vaeseq_u8(vrev32q_u8(vreinterpretq_u8_u32(c)), rk[0]));
  for (int r = 1; r < NR - 1; r++) {
    s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    k = vaesmcq_u8(vaeseq_u8(k, rk[r]));
  }
  *t = vaeseq_u8(s, rk[NR - 1]);
  return veorq_u8(vaeseq_u8(k, rk[NR - 1]), rk[NR]);
}

HWC_INLINE void ccm_body(const arm_gcm_key *K, const uint8_t ctr[16], uint8_t X[16],
                         const uint8_t *in, uint8_t *out, size_t len, const int NR,
                         const int seal) {
  const uint8x16_t *rk = K->rk; /* from the key object, as cbc_mac_body */
  const uint8x16_t kx = veorq_u8(rk[0], rk[NR]);
  const uint32x4_t one = {0, 0, 0, 1};
  const uint8x16_t lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  HWC_ALIGN(16) uint8_t buf[16];
  uint8x16_t t = veorq_u8(vld1q_u8(X), rk[NR]), ks = vdupq_n_u8(0);
  uint32x4_t c = ctr_load(ctr);
  if (!seal) {
    ks = aes_enc1(rk, NR, vrev32q_u8(vreinterpretq_u8_u32(c)));
    c = vaddq_u32(c, one);
  }
  while (len) {
    const size_t m = len < 16 ? len : 16;
    const uint8_t *src = in;
    uint8_t *dst = out;
    if (m < 16) {
      vst1q_u8(buf, vdupq_n_u8(0));
      scratch_copy(buf, in, m);
      src = dst = buf;
    }
    const uint8x16_t p = vld1q_u8(src);
    if (seal) {
      vst1q_u8(dst, veorq_u8(p, ccm_step(rk, kx, &t, p, c, NR)));
    } else {
      uint8x16_t o = veorq_u8(p, ks);
      if (m < 16) o = vandq_u8(o, vcltq_u8(lane, vdupq_n_u8((uint8_t)m)));
      vst1q_u8(dst, o);
      ks = ccm_step(rk, kx, &t, o, c, NR);
    }
    c = vaddq_u32(c, one);
    if (m < 16) {
      scratch_copy(out, buf, m);
      scratch_wipe(buf, sizeof(buf));
    }
    in += m;
    out += m;
    len -= m;
  }
  vst1q_u8(X, veorq_u8(t, rk[NR]));
}

static void ce_ecb(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out,
                   size_t nblocks) {
  if (!nblocks) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 0));
}

static void ce_cbc(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                   size_t nblocks) {
  if (!nblocks) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  if (seal) {
    uint8x16_t x = vld1q_u8(iv);
    HWC_BY_ROUNDS(k->rounds, x = cbc_mac_body(K, x, in, out, nblocks, NR));
    vst1q_u8(iv, x);
  } else {
    HWC_BY_ROUNDS(k->rounds, cbc_open_body(K, iv, in, out, nblocks, NR));
  }
}

static void ce_xts(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in, uint8_t *out,
                   size_t nblocks) {
  if (!nblocks) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, xts_body(K, T, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, xts_body(K, T, in, out, nblocks, NR, 0));
}

static void ce_ccm(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16],
                   const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const arm_gcm_key *K = HWC_KEY_STATE(arm_gcm_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, ccm_body(K, ctr, X, in, out, len, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, ccm_body(K, ctr, X, in, out, len, NR, 0));
}

/* ------------------------------------------------------------------------ */
/* POLYVAL (RFC 8452) for AES-GCM-SIV                                       */
/* ------------------------------------------------------------------------ */

/*
 * POLYVAL's little-endian field elements are PMULL's natural order: loaded
 * as they are, no rev64 (unlike GHASH above). dot(a, h) = a h x^-128 mod
 * x^128 + x^127 + x^126 + x^121 + 1. The 256-bit product is lo (words w0,
 * w1) and hi (w2, w3); the reduction clears one 64-bit word per step
 * (Montgomery: the polynomial is 1 mod x^64, so adding q p with q = w0
 * clears w0; q (x^121 + x^126 + x^127) = PMULL(q, GHASH_C) x^64 lands in
 * w1 and w2, and q x^128 in w2). With v = swap(lo) ^ PMULL(w0, C), v.d[0]
 * is the new w1 and v.d[1] what w2 must absorb; the second step gives
 * [w2, w3] ^= swap(v) ^ PMULL(v.d[0], C). Fixed instruction sequence.
 */
HWC_INLINE uint64x2_t pv_mul(uint64x2_t a, uint64x2_t h) {
  const uint64x2_t c = vdupq_n_u64(GHASH_C), z = vdupq_n_u64(0);
  uint64x2_t lo = pmull_lo(a, h), hi = pmull_hi(a, h);
  uint64x2_t mid = veorq_u64(pmull_lo(a, swap64(h)), pmull_lo(swap64(a), h));
  lo = veorq_u64(lo, vextq_u64(z, mid, 1));
  hi = veorq_u64(hi, vextq_u64(mid, z, 1));
  uint64x2_t v = veorq_u64(swap64(lo), pmull_lo(lo, c));
  return veorq_u64(hi, veorq_u64(swap64(v), pmull_lo(v, c)));
}

/*
 * Aggregated POLYVAL: the same linearity as GHASH's 8-block groups above,
 * Y' = dot(Y ^ X0, H^8) ^ dot(X1, H^7) ^ ... ^ dot(X7, H) with the dot
 * powers H^(i+j) = dot(H^i, H^j), so 8 blocks cost 8 unreduced Karatsuba
 * products (PMULL, PMULL2 and one middle PMULL each) and one reduction.
 * The unreduced sum is (lo = sum of w1:w0 products, hi = w3:w2, mid =
 * sum of (a0 ^ a1)(h0 ^ h1)); pv_reduce folds the middle term in and runs
 * pv_mul's two Montgomery steps once.
 */
HWC_INLINE void pv_mul_acc(gh_acc *a, uint64x2_t x, uint64x2_t h, uint64x2_t hm) {
  uint64x2_t f = veorq_u64(x, swap64(x));
  a->lo = veorq_u64(a->lo, pmull_lo(x, h));
  a->hi = veorq_u64(a->hi, pmull_hi(x, h));
  a->mid = veorq_u64(a->mid, pmull_lo(f, hm));
}

HWC_INLINE uint64x2_t pv_reduce(const gh_acc *a) {
  const uint64x2_t c = vdupq_n_u64(GHASH_C), z = vdupq_n_u64(0);
  uint64x2_t mid = veorq_u64(a->mid, veorq_u64(a->lo, a->hi));
  uint64x2_t lo = veorq_u64(a->lo, vextq_u64(z, mid, 1));
  uint64x2_t hi = veorq_u64(a->hi, vextq_u64(mid, z, 1));
  uint64x2_t v = veorq_u64(swap64(lo), pmull_lo(lo, c));
  return veorq_u64(hi, veorq_u64(swap64(v), pmull_lo(v, c)));
}

HWC_INLINE uint64x2_t pv_load(const uint8_t *p) { return vreinterpretq_u64_u8(vld1q_u8(p)); }

/* n (1..8) whole blocks at p into y: block j times hp[n - 1 - j]. */
HWC_INLINE uint64x2_t pv_blocks(const uint64x2_t *hp, const uint64x2_t *hm, uint64x2_t y, const uint8_t *p,
                                size_t n) {
  gh_acc a;
  gh_acc_zero(&a);
  for (size_t j = 0; j < n; j++) {
    uint64x2_t x = pv_load(p + 16 * j);
    if (j == 0) x = veorq_u64(x, y);
    pv_mul_acc(&a, x, hp[n - 1 - j], hm[n - 1 - j]);
  }
  return pv_reduce(&a);
}

/* Y = POLYVAL_H(Y, data zero-padded): 8 blocks per reduction with the
 * powers H^1..H^8 (only as many as the call needs), then the rest (a
 * partial last block through a zero-padded copy) with one more. */
static void ce_polyval(const uint8_t H[16], uint8_t Y[16], const uint8_t *data, size_t len) {
  uint64x2_t hp[8], hm[8];
  uint64x2_t y = pv_load(Y);
  const size_t blocks = (len + 15) / 16, n = blocks < 8 ? blocks : 8;
  hp[0] = pv_load(H);
  for (size_t i = 1; i < n; i++) hp[i] = pv_mul(hp[(i - 1) / 2], hp[i / 2]); /* H^(i+1) = H^a H^b, a + b = i + 1 */
  for (size_t i = 0; i < n; i++) hm[i] = veorq_u64(hp[i], swap64(hp[i]));
  for (; len >= 128; data += 128, len -= 128) y = pv_blocks(hp, hm, y, data, 8);
  if (len) {
    HWC_ALIGN(16) uint8_t tmp[128];
    memcpy(tmp, data, len);
    memset(tmp + len, 0, (16 - len % 16) % 16);
    y = pv_blocks(hp, hm, y, tmp, (len + 15) / 16);
    hwc_wipe(tmp, sizeof(tmp));
  }
  vst1q_u8(Y, vreinterpretq_u8_u64(y));
  hwc_wipe(hp, sizeof(hp));
  hwc_wipe(hm, sizeof(hm));
}

static const hwc_aes_impl ce_impl = {
    .name = "armv8",
    .init = ce_init,
    .encrypt_block = ce_encrypt_block,
    .ctr32 = ce_ctr32,
    .ghash = ce_ghash,
    .gcm_seal = ce_gcm_seal,
    .gcm_open = ce_gcm_open,
    .cbc_mac = ce_cbc_mac,
    .ecb = ce_ecb,
    .cbc = ce_cbc,
    .xts = ce_xts,
    .ccm = ce_ccm,
    .polyval = ce_polyval,
    .state_size = sizeof(arm_gcm_key),
};

HWC_TARGET_END

const hwc_aes_impl *hwc_aes_arm64_ce_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->arm_aes && f->arm_pmull) ? &ce_impl : NULL;
}

#else /* not arm64 with the crypto extensions */

const hwc_aes_impl *hwc_aes_arm64_ce_get(void) { return NULL; }

#endif
