/*
 * x86_aes_common.h - the building blocks every x86 AES backend shares:
 * GHASH multiply and reduction, H and its powers, AES key expansion, one
 * AES block, counter and byte-order helpers. Included by aes_x86_aesni.c,
 * aes_x86_vaes256.c and aes_x86_vaes512.c inside each one's target region
 * (HWC_TARGET_BEGIN, hwcrypt_target.h), so the functions here get that
 * file's instruction set. Everything here needs only AES-NI, PCLMULQDQ,
 * SSSE3 and SSE4.1 (xmm), so the widest backend and the narrowest compile
 * the same code.
 * Wider (ymm/zmm) forms of these steps live in the backend that has the
 * registers; they follow the same derivation lane by lane. All functions
 * are static inline: each includer gets its own copy in its own ISA.
 *
 * GHASH representation (derived once, used by every x86 backend)
 * ---------------------------------------------------------------
 * GCM reads a 16-byte block as a polynomial of degree < 128 over GF(2)
 * whose coefficient of x^0 is the most significant bit of byte 0 and of
 * x^127 the least significant bit of byte 15, and multiplies modulo
 * g(x) = x^128 + x^7 + x^2 + x + 1.
 *
 * Every block is byte-swapped (PSHUFB with x86_bswap_mask()) as it enters
 * and the register is read as one little-endian 128-bit integer. Register
 * bit j then holds the coefficient of x^(127-j): the register is the block's
 * polynomial with its coefficients in reverse order, and no bit reversal is
 * ever needed. Read the register as a polynomial in y (bit j = coefficient
 * of y^j); a block b is held as phi(b) = y^127 b(1/y), and the field becomes
 * GF(2)[y]/G with the reversed modulus
 *
 *     G(y) = y^128 g(1/y) = y^128 + y^127 + y^126 + y^121 + 1.
 *
 * PCLMULQDQ multiplies 64-bit halves as polynomials in y. With
 * a = a1 y^64 + a0, b = b1 y^64 + b0 the 256-bit product is
 *
 *     a b = HI y^128 + MID y^64 + LO,  LO = a0 b0, HI = a1 b1,
 *     MID = a1 b0 + a0 b1 = (a0 ^ a1)(b0 ^ b1) ^ LO ^ HI     (Karatsuba).
 *
 * b is always a power of the hash key, so b0 ^ b1 is precomputed next to
 * it (gh_kara, "hk" tables): a block costs three multiplications and a
 * PSHUFD instead of four. The "^ LO ^ HI" correction is linear and is made
 * once per reduction, on the sums.
 *
 * Reduction is Montgomery style: instead of reducing mod G we divide by
 * y^128, which only looks at the low end. From G = 0 we get
 * y^-64 = y^64 + c with c = y^63 + y^62 + y^57 (the 64-bit constant
 * 0xc200000000000000), so for a 128-bit V = V1 y^64 + V0
 *
 *     V y^-64 = V1 + V0 y^64 + V0 c = swap64(V) ^ clmul(V0, c).
 *
 * Two such folds take HI y^128 + MID y^64 + LO to 128 bits:
 *
 *     M = MID ^ swap64(LO) ^ clmul(LO0, c)     (LO folded into MID's frame)
 *     R = HI  ^ swap64(M)  ^ clmul(M0, c)      (M folded into HI's frame)
 *
 * R = a b y^-128 mod G, fully reduced (gh_reduce: two multiplications, two
 * PSHUFDs). Everything is linear, so any number of (LO, MID, HI) triples
 * can be summed and reduced once ("aggregated reduction"): with the powers
 * H^n..H^1, n blocks X_1..X_n are absorbed as
 *
 *     Y' = (Y ^ X_1) H^n ^ X_2 H^(n-1) ^ ... ^ X_n H,
 *
 * n independent products and one reduction, instead of n serial ones.
 *
 * The y^-128 is cancelled in the key: phi(a) phi(b) y^-128 = y^-1 phi(ab)
 * (the two reversals are y^127 apart), so the hash key is kept as
 * H' = phi(H) y mod G, a one-bit left shift of the byte-swapped H with the
 * bit shifted out folded back as G's low terms (0xc2000...0001), selected
 * with a mask, not a branch (gh_key). Then reduce(phi(Y) H') = phi(Y H),
 * and the powers obey the same rule (H^(i+j))' = reduce(H^i' H^j'), so they
 * are built by repeated products (gh_powers).
 *
 * Power tables are stored highest first: a table of n powers holds H^n in
 * entry 0 and H^1 in entry n-1, so block j of a run of m <= n blocks uses
 * entry n - m + j, and a vector of consecutive blocks multiplies against
 * one unaligned load of consecutive entries. The GHASH state Y stays in
 * this domain for a whole call and is byte-swapped at entry and exit only.
 *
 * Counters: a counter block is kept byte-swapped (x86_ctr_le), which puts
 * its last, big-endian, 32 bits in dword 0 as a native integer; a 32-bit
 * add there wraps exactly as GCM's inc32 (hwcrypt_impl.h), and a PSHUFB
 * per block swaps it back. The counter is secret for a non-96-bit GCM
 * nonce, so no path is ever chosen by its value.
 *
 * Constant time: AES-NI and PCLMULQDQ take data-independent time; nothing
 * here branches on or indexes by keys, data, counters or GHASH state.
 */
#ifndef HWC_X86_AES_COMMON_H
#define HWC_X86_AES_COMMON_H

#include <immintrin.h>

#include "hwcrypt_impl.h"

/* ------------------------------------------------------------------------ */
/* Byte order, loads, scratch                                               */
/* ------------------------------------------------------------------------ */

HWC_INLINE __m128i x86_bswap_mask(void) {
  return _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}
HWC_INLINE __m128i x86_bswap(__m128i x) { return _mm_shuffle_epi8(x, x86_bswap_mask()); }
HWC_INLINE __m128i x86_loadu(const uint8_t *p) {
  return _mm_loadu_si128((const __m128i *)(const void *)p);
}
HWC_INLINE void x86_storeu(uint8_t *p, __m128i x) { _mm_storeu_si128((__m128i *)(void *)p, x); }

/* Zeroes a scratch buffer with plain (vector) stores; the empty asm that
 * takes the pointer and clobbers memory keeps the compiler from dropping
 * the memset as a dead store. hwc_wipe() stores byte by byte, which costs
 * more than the rest of a short message; it is kept for key material. */
HWC_INLINE void x86_wipe(void *p, size_t n) {
  memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* p laundered through an empty volatile asm: what it points to must be
 * read after this point, so a loop cannot hoist loads of secrets that sit
 * in memory anyway (round keys, powers of H) into registers across
 * iterations, run out of registers and spill copies to its stack frame,
 * where no wipe reaches them. Volatile: two launderings of one pointer are
 * not merged. Costs a register move at most; the loads become memory
 * operands. Used by the GCM-SIV kernels, whose round keys and powers are
 * derived per message and must not outlive the call. */
HWC_INLINE const void *x86_launder(const void *p) {
  __asm__ __volatile__("" : "+r"(p));
  return p;
}

/* ------------------------------------------------------------------------ */
/* Counters                                                                 */
/* ------------------------------------------------------------------------ */

/* The counter block at ctr, byte-swapped: its low 32 bits in dword 0. */
HWC_INLINE __m128i x86_ctr_le(const uint8_t ctr[16]) { return x86_bswap(x86_loadu(ctr)); }

/* Block j of a run in block order: dword 0 of the byte-swapped c plus j,
 * wrapping mod 2^32, swapped back. */
HWC_INLINE __m128i x86_ctr_block(__m128i c_le, int j) {
  return x86_bswap(_mm_add_epi32(c_le, _mm_set_epi32(0, 0, 0, j)));
}

/* ------------------------------------------------------------------------ */
/* AES on one block                                                         */
/* ------------------------------------------------------------------------ */

/* E_K(b) ^ x. Round key r is rk[stride * r] (stride 1 for xmm round keys,
 * 2 or 4 to read the low lane of round keys broadcast to ymm or zmm); the
 * last round takes x through its key (enclast(s, k ^ x) = enclast(s, k) ^ x).
 * With a constant nr the loop unrolls completely. */
HWC_INLINE __m128i x86_aes_xor1(const __m128i *rk, const int stride, const int nr, __m128i b,
                                __m128i x) {
  b = _mm_xor_si128(b, rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) b = _mm_aesenc_si128(b, rk[stride * r]);
  return _mm_aesenclast_si128(b, _mm_xor_si128(rk[stride * nr], x));
}

/*
 * CBC-MAC chain (CMAC's cbc_mac entry, hwcrypt_impl.h): x = E_K(x ^ B_i)
 * over n whole blocks at p, returned. The chain is serial, so one block is
 * in flight and the cost per block is the AES latency (nr AESENC/
 * AESENCLAST). Nothing else sits on the dependency chain: block i+1 and
 * the whitening key rk[0] are folded into the last round's key of block i
 * (enclast(s, k ^ v) = enclast(s, k) ^ v), so the output of AESENCLAST is
 * already the input of the next round 1; the two XORs that make that key
 * are off the chain. The middle round keys (at most 13) stay in
 * registers; rk[0] and rk[nr] are read as memory operands each block (off
 * the chain), so with AES-256 on 16 xmm registers the loop needs 15 and
 * the compiler spills no round key (a secret) to the stack.
 */
HWC_INLINE __m128i x86_cbc_mac(const __m128i *rk, const int stride, const int nr, __m128i x,
                               const uint8_t *p, size_t n) {
  if (!n) return x;
  __m128i s = _mm_xor_si128(_mm_xor_si128(x, rk[0]), x86_loadu(p));
  for (; n > 1; n--) {
    p += 16;
    /* rk[0] and rk[nr] through a pointer the compiler cannot see through:
     * read from the key object per block (memory operands), not hoisted
     * into registers or combined into one more live value. */
    const __m128i *kk = rk;
    HWC_OPAQUE_GPR(kk);
    const __m128i next = _mm_xor_si128(_mm_xor_si128(x86_loadu(p), kk[0]), kk[stride * nr]);
#pragma GCC unroll 14
    for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, rk[stride * r]);
    s = _mm_aesenclast_si128(s, next);
  }
#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, rk[stride * r]);
  return _mm_aesenclast_si128(s, rk[stride * nr]);
}

/*
 * CBC encryption (the cbc entry with seal != 0): C_i = E_K(P_i ^ C_{i-1})
 * over n blocks, C_0 = iv; returns C_n. Serial like x86_cbc_mac, and with
 * the same trick to keep the chain at the AES latency: P_{i+1} ^ rk[0] is
 * folded into a second last-round key, so one AESENCLAST gives C_i (to
 * store) and another, independent of it, gives the next block's round-1
 * input; neither adds to the chain. In place (in == out) is fine: block
 * i+1 is read before block i is written.
 */
HWC_INLINE __m128i x86_cbc_enc(const __m128i *rk, const int stride, const int nr, __m128i iv,
                               const uint8_t *in, uint8_t *out, size_t n) {
  if (!n) return iv;
  __m128i s = _mm_xor_si128(_mm_xor_si128(iv, rk[0]), x86_loadu(in));
  for (; n > 1; n--) {
    in += 16;
    const __m128i *kk = rk; /* rk[0], rk[nr] as memory operands (x86_cbc_mac) */
    HWC_OPAQUE_GPR(kk);
    const __m128i next = _mm_xor_si128(_mm_xor_si128(x86_loadu(in), kk[0]), kk[stride * nr]);
#pragma GCC unroll 14
    for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, rk[stride * r]);
    x86_storeu(out, _mm_aesenclast_si128(s, kk[stride * nr]));
    s = _mm_aesenclast_si128(s, next);
    out += 16;
  }
#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, rk[stride * r]);
  const __m128i c = _mm_aesenclast_si128(s, rk[stride * nr]);
  x86_storeu(out, c);
  return c;
}

/*
 * The CCM payload (the ccm entry, hwcrypt_impl.h), CTR and CBC-MAC
 * stitched: returns the MAC state after len bytes. Each step runs two
 * independent blocks round by round: the MAC block X ^ M_i and the counter
 * block of the NEXT step, so the keystream for block i is ready before
 * block i is read (open needs it to form M_i = C_i ^ E_K(ctr_i), the MAC
 * input). The chain costs the AES latency per block; the CTR block rides
 * in its shadow. The counter is kept byte-swapped and incremented in its
 * low dword (inc32). A last partial block is zero-padded for the MAC, in a
 * 16-byte buffer that is wiped.
 */
HWC_INLINE __m128i x86_ccm(const __m128i *rk, const int stride, const int nr, const int seal,
                           const uint8_t ctr[16], __m128i x, const uint8_t *in, uint8_t *out,
                           size_t len) {
  const __m128i one = _mm_set_epi32(0, 0, 0, 1);
  __m128i c = x86_ctr_le(ctr);
  __m128i ks = x86_aes_xor1(rk, stride, nr, x86_bswap(c), _mm_setzero_si128());
  for (; len >= 16; len -= 16, in += 16, out += 16) {
    const __m128i d = x86_loadu(in);
    const __m128i o = _mm_xor_si128(d, ks);
    x86_storeu(out, o);
    c = _mm_add_epi32(c, one);
    /* off the chain: M_i ^ rk[0] */
    __m128i a = _mm_xor_si128(x, _mm_xor_si128(seal ? d : o, rk[0]));
    __m128i b = _mm_xor_si128(x86_bswap(c), rk[0]);
#pragma GCC unroll 14
    for (int r = 1; r < nr; r++) {
      a = _mm_aesenc_si128(a, rk[stride * r]);
      b = _mm_aesenc_si128(b, rk[stride * r]);
    }
    x = _mm_aesenclast_si128(a, rk[stride * nr]);
    ks = _mm_aesenclast_si128(b, rk[stride * nr]);
  }
  if (len) {
    uint8_t buf[16];
    memset(buf, 0, 16);
    memcpy(buf, in, len);
    const __m128i d = x86_loadu(buf);
    x86_storeu(buf, _mm_xor_si128(d, ks));
    memcpy(out, buf, len);
    memset(buf + len, 0, 16 - len); /* the MAC input of open: the plaintext, zero-padded */
    const __m128i m = seal ? d : x86_loadu(buf);
    x = x86_aes_xor1(rk, stride, nr, _mm_xor_si128(x, m), _mm_setzero_si128());
    x86_wipe(buf, 16);
  }
  return x;
}

/* ------------------------------------------------------------------------ */
/* AES key expansion (FIPS-197), 128/192/256 in one routine                 */
/* ------------------------------------------------------------------------ */

/* Running XOR of the words of k: w0, w0^w1, w0^w1^w2, w0^..^w3. */
HWC_INLINE __m128i kx_prefix(__m128i k) {
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, _mm_slli_si128(k, 8));
}

/* SubWord(RotWord(w)) ^ rcon (rot) or SubWord(w) (no rot) of word w of x,
 * in all four words. PSHUFB broadcasts the (rotated) word, and AESENCLAST
 * applies SubBytes; its ShiftRows is a no-op on four equal columns and its
 * key XOR adds rcon. Unlike AESKEYGENASSIST this takes rcon from a register,
 * so one loop serves every round. */
HWC_INLINE __m128i kx_sub(__m128i x, int w, int rot, uint32_t rcon) {
  const int b = 4 * w;
  const int sel = rot ? (b << 24) | ((b + 3) << 16) | ((b + 2) << 8) | (b + 1)
                      : ((b + 3) << 24) | ((b + 2) << 16) | ((b + 1) << 8) | b;
  return _mm_aesenclast_si128(_mm_shuffle_epi8(x, _mm_set1_epi32(sel)), _mm_set1_epi32((int)rcon));
}

/* rk[0 .. 6 + key_len / 4] from a 16-, 24- or 32-byte key. AES-128 and
 * AES-256 produce a round key per step: rk[i] = prefix(rk[i - Nk/4]) ^ t,
 * t = SubWord(RotWord(last word of rk[i-1])) ^ rcon broadcast (AES-256's odd
 * keys: SubWord alone). AES-192's 6-word period does not line up with
 * 4-word round keys: a step updates a (words 6i..6i+3) and b (6i+4, 6i+5
 * in its low half), a' = prefix(a) ^ SubWord(RotWord(b1)) ^ rcon,
 * b' = prefix(b) ^ a'3, and the round keys are assembled from qword halves.
 * Timing depends on the key length only. */
static inline void x86_expand_key(__m128i rk[15], const uint8_t *key, size_t key_len) {
  static const uint8_t rcon[10] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};
  rk[0] = x86_loadu(key);
  if (key_len == 16) {
    for (int i = 1; i <= 10; i++)
      rk[i] = _mm_xor_si128(kx_prefix(rk[i - 1]), kx_sub(rk[i - 1], 3, 1, rcon[i - 1]));
  } else if (key_len == 32) {
    rk[1] = x86_loadu(key + 16);
    for (int i = 2; i <= 14; i++)
      rk[i] = _mm_xor_si128(kx_prefix(rk[i - 2]), (i & 1) ? kx_sub(rk[i - 1], 3, 0, 0)
                                                          : kx_sub(rk[i - 1], 3, 1, rcon[i / 2 - 1]));
  } else {
    __m128i a[9], b[9];
    a[0] = rk[0];
    b[0] = _mm_loadl_epi64((const __m128i *)(const void *)(key + 16));
    for (int i = 1; i <= 8; i++) {
      a[i] = _mm_xor_si128(kx_prefix(a[i - 1]), kx_sub(b[i - 1], 1, 1, rcon[i - 1]));
      b[i] = _mm_xor_si128(kx_prefix(b[i - 1]), _mm_shuffle_epi32(a[i], 0xff));
    }
    for (int i = 0; i < 4; i++) {
      rk[3 * i] = a[2 * i];
      rk[3 * i + 1] = _mm_unpacklo_epi64(b[2 * i], a[2 * i + 1]);
      rk[3 * i + 2] = _mm_castpd_si128(
          _mm_shuffle_pd(_mm_castsi128_pd(a[2 * i + 1]), _mm_castsi128_pd(b[2 * i + 1]), 1));
    }
    rk[12] = a[8];
    hwc_wipe(a, sizeof(a));
    hwc_wipe(b, sizeof(b));
  }
}

/* The inverse cipher's round keys for AESDEC (FIPS-197 5.3.5, the
 * "equivalent inverse cipher"): dk[0] = rk[nr], dk[i] = InvMixColumns(
 * rk[nr - i]) (AESIMC) for 0 < i < nr, dk[nr] = rk[0]. Then
 * D_K(b) = aesdeclast(aesdec(...aesdec(b ^ dk[0], dk[1])..., dk[nr-1]), dk[nr]). */
static inline void x86_dec_keys(__m128i dk[15], const __m128i rk[15], int nr) {
  dk[0] = rk[nr];
  for (int i = 1; i < nr; i++) dk[i] = _mm_aesimc_si128(rk[nr - i]);
  dk[nr] = rk[0];
}

/* D_K(b) ^ x with the inverse round keys (x86_dec_keys), as x86_aes_xor1. */
HWC_INLINE __m128i x86_aes_dec_xor1(const __m128i *dk, const int stride, const int nr, __m128i b,
                                    __m128i x) {
  b = _mm_xor_si128(b, dk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) b = _mm_aesdec_si128(b, dk[stride * r]);
  return _mm_aesdeclast_si128(b, _mm_xor_si128(dk[stride * nr], x));
}

/* XTS: t * alpha in GF(2^128) with t as loaded from its 16 bytes (IEEE 1619
 * little-endian: byte 0 is the low end of qword 0). Each qword shifts left
 * by one (PADDQ); qword 0's top bit carries into qword 1's bit 0 and
 * qword 1's top bit folds back as 0x87 into qword 0. The carries come from
 * arithmetic shifts (sign masks), so there is no branch on the tweak. */
HWC_INLINE __m128i x86_xts_mul_alpha(__m128i t) {
  /* sign of dword 3 -> dword 0, sign of dword 1 -> dword 2 */
  const __m128i sign = _mm_shuffle_epi32(_mm_srai_epi32(t, 31), 0x13);
  return _mm_xor_si128(_mm_add_epi64(t, t), _mm_and_si128(sign, _mm_set_epi32(0, 1, 0, 0x87)));
}

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

/* The Karatsuba half of a key power: h0 ^ h1 in both qwords. */
HWC_INLINE __m128i gh_kara(__m128i h) { return _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e)); }

/* An unreduced sum of products, MID still in Karatsuba form. */
typedef struct gh_acc {
  __m128i lo, mid, hi;
} gh_acc;

/* acc = x * h (first) or acc ^= x * h, h a key power and hk = gh_kara(h).
 * HWC_OPAQUE keeps the compiler from re-associating the accumulation (it
 * would otherwise keep every product live to the end of a run and spill). */
HWC_INLINE void gh_mul_acc(gh_acc *a, __m128i x, __m128i h, __m128i hk, const int first) {
  const __m128i lo = _mm_clmulepi64_si128(x, h, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(x, h, 0x11);
  const __m128i mid = _mm_clmulepi64_si128(gh_kara(x), hk, 0x00);
  a->lo = first ? lo : _mm_xor_si128(a->lo, lo);
  a->mid = first ? mid : _mm_xor_si128(a->mid, mid);
  a->hi = first ? hi : _mm_xor_si128(a->hi, hi);
  HWC_OPAQUE(a->lo);
  HWC_OPAQUE(a->mid);
  HWC_OPAQUE(a->hi);
}

/* (HI y^128 + MID y^64 + LO) y^-128 mod G, MID in Karatsuba form. */
HWC_INLINE __m128i gh_reduce(__m128i lo, __m128i mid, __m128i hi) {
  const __m128i c = _mm_set1_epi64x((long long)0xc200000000000000ULL);
  mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
  mid = _mm_xor_si128(mid, _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00)));
  return _mm_xor_si128(hi, _mm_xor_si128(_mm_shuffle_epi32(mid, 0x4e), _mm_clmulepi64_si128(mid, c, 0x00)));
}
HWC_INLINE __m128i gh_finish(const gh_acc *a) { return gh_reduce(a->lo, a->mid, a->hi); }

/* x * h, reduced (h a key power, hk its Karatsuba half). */
HWC_INLINE __m128i gh_mul(__m128i x, __m128i h, __m128i hk) {
  gh_acc a;
  gh_mul_acc(&a, x, h, hk, 1);
  return gh_finish(&a);
}

/* H' = phi(H) y mod G from E_K(0^128) in block order (see the top). */
static inline __m128i gh_key(__m128i e) {
  __m128i h = x86_bswap(e);
  const __m128i top = _mm_shuffle_epi32(_mm_srai_epi32(h, 31), 0xff); /* all ones if bit 127 */
  h = _mm_or_si128(_mm_slli_epi64(h, 1), _mm_srli_epi64(_mm_slli_si128(h, 8), 63));
  return _mm_xor_si128(h, _mm_and_si128(top, _mm_set_epi32((int)0xc2000000, 0, 0, 1)));
}

/* hp[n - p] = H^p for p = 1..n (highest first) and hk[] their Karatsuba
 * halves, from h = H'. Doubling, H^(m+i) = H^i H^m for i = 1..m, so each
 * level is independent multiplications: log2(n) products of latency, not
 * n - 1 (key setup is on the path of one-shot calls). */
static inline void gh_powers(__m128i h, __m128i *hp, __m128i *hk, const int n) {
  hp[n - 1] = h;
  for (int m = 1; m < n; m *= 2)
    for (int i = 1; i <= m && m + i <= n; i++)
      hp[n - m - i] = gh_mul(hp[n - i], hp[n - m], gh_kara(hp[n - m]));
  for (int i = 0; i < n; i++) hk[i] = gh_kara(hp[i]);
}

/* ------------------------------------------------------------------------ */
/* POLYVAL (RFC 8452), for AES-GCM-SIV                                      */
/* ------------------------------------------------------------------------ */

/*
 * POLYVAL needs no code of its own: its field elements are little-endian
 * 128-bit values with bit j the coefficient of x^j, and its product is
 * dot(a, b) = a b x^-128 mod x^128 + x^127 + x^126 + x^121 + 1. That is
 * exactly the register domain above (bit j = coefficient of y^j) and what
 * gh_reduce computes (a b y^-128 mod G, G the same polynomial). So a
 * POLYVAL block or state is loaded as is (no x86_bswap), the key is H
 * itself (no gh_key: GHASH needs H' = phi(H) y to cancel the y^-1 that
 * its reversed representation adds to every product; POLYVAL wants dot
 * itself), and gh_powers(H) gives the dot
 * powers H^(i+j) = dot(H^i, H^j) for aggregation:
 *
 *     S' = dot(S ^ X_1, H^n) ^ dot(X_2, H^(n-1)) ^ ... ^ dot(X_n, H).
 *
 * This is RFC 8452 Appendix A's identity (POLYVAL = byte-reversed GHASH
 * with key mulX_GHASH(ByteReverse(H))) seen from the register: GHASH's
 * byte swap on entry and gh_key's shift are the two halves of it. Each
 * backend's gcm_siv entry runs its GHASH loops this way.
 */

#endif /* HWC_X86_AES_COMMON_H */
