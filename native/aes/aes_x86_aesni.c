/*
 * aes_x86_aesni.c - AES (CTR, GCM) on AES-NI + PCLMULQDQ, 128-bit xmm only.
 *
 * Kernels target AES, PCLMUL, SSSE3 and SSE4.1 and nothing else (no AVX):
 * every instruction here exists on any x86-64 CPU that reports AES-NI,
 * PCLMULQDQ, SSSE3 and SSE4.1, which hwc_aes_x86_aesni_get() checks.
 *
 * GHASH representation
 * --------------------
 * GCM numbers the bits of a block "backwards": bit 0 of the specification
 * (the most significant bit of byte 0) is the coefficient of x^0 and the
 * least significant bit of byte 15 is the coefficient of x^127. We reverse
 * the 16 bytes of every block with PSHUFB and then read the register as one
 * 128-bit little-endian integer. Working through the indices, register bit
 * 127-i then holds the coefficient of x^i: the register holds the polynomial
 * with its bit order reversed ("reflected"), and no per-bit reversal is
 * ever needed. Write rev(a) for the reflected form of a, and read a
 * register as a polynomial in z (register bit k = coefficient of z^k), so
 * rev(a)(z) = z^127 * a(1/z).
 *
 * PCLMULQDQ multiplies register contents as polynomials in z. For field
 * elements a, b with a*b = c + q*P, P = x^128 + x^7 + x^2 + x + 1, reversing
 * both sides gives
 *
 *   rev(a) * rev(b) = z^127 * rev(c)   (mod P'),
 *
 * where P'(z) = z^128 * P(1/z) = z^128 + z^127 + z^126 + z^121 + 1 is P
 * with its bits reversed. So the carry-less product of two reflected
 * operands is the reflected field product times z^127, modulo P'.
 *
 * Reduction: we reduce the 256-bit product D = hi*z^128 + lo Montgomery
 * style, computing D * z^-128 mod P'. P' = 1 + z^64 * C + z^128 with
 * C = z^63 + z^62 + z^57 (the 64-bit constant 0xC200000000000000). Adding
 * m*P' for m = the low 64 bits of lo clears those bits; dividing by z^64
 * then moves the high qword of lo down, m up into the high qword, and adds
 * m*C: lo' = swap64(lo) ^ clmul(lo.low, C). Two such folds (two PCLMULQDQs,
 * two PSHUFDs) divide lo by z^128, and the result is hi ^ lo'', a value of
 * degree < 128, i.e. fully reduced. The reduction is linear, so the sum of
 * any number of unreduced products can be reduced once.
 *
 * Reduction divides by z^128 while the product carries an extra z^127, so
 * one factor z is missing. It is put into the key once: instead of rev(H)
 * we store rev(H)*z mod P' (a one-bit left shift of the reflected H, plus
 * a conditional XOR of P' without its z^128 term, 0xC2000..0001, when the
 * shifted-out bit was set; done with a mask, not a branch). Then
 * mont(rev(Y), rev(H)*z) = rev(Y*H) exactly, and the same holds for the
 * stored powers: K_i = rev(H^i)*z satisfies K_(i+j) = mont(K_i, K_j), so
 * H^1..H^16 are computed by doubling (H^(n+i) = H^n * H^i).
 *
 * Aggregated reduction: for blocks X_0..X_(n-1),
 *   Y' = (Y ^ X_0)*H^n ^ X_1*H^(n-1) ^ ... ^ X_(n-1)*H
 * is computed as n unreduced 256-bit products XORed together and one
 * reduction. Bulk data uses n = 16 (two 8-block chunks, the first
 * multiplied by H^16..H^9, the second by H^8..H^1, then one reduction), a
 * lone trailing chunk n = 8, a tail n = 1..8.
 *
 * Karatsuba: per block PCLMULQDQ lo*lo, hi*hi and (lo^hi)*(lo^hi); the
 * (lo^hi) half of each key power is precomputed at key setup, so a block
 * costs 3 multiplications, a PSHUFD and 4 XORs instead of schoolbook's 4
 * multiplications and 4 XORs. The three accumulators are recombined
 * (mid ^= lo ^ hi, split across the halves) once per reduction. The choice
 * follows from the multiplier: on the Zen 5 this was tuned on, PCLMULQDQ
 * issues once per 2 cycles (AESENC twice per cycle), so GHASH is bound by
 * multiplications, 6 cycles per block with Karatsuba against 8 with
 * schoolbook. Measured at 16 KiB, AES-128-GCM seal: 0.53 c/B Karatsuba,
 * 0.65 schoolbook; GHASH alone 0.39 vs 0.52 (build with
 * -DHWC_AESNI_SCHOOLBOOK to compare). That
 * multiplier also sets the floor for this backend: 8 blocks need 48-52
 * cycles of PCLMULQDQ while the 88 AES instructions compete for the same
 * issue ports, and a register-only mock-up of the ideal instruction mix
 * runs at about 62 cycles per 8 blocks (0.48 c/B); the VAES/VPCLMULQDQ
 * backends, with 2 or 4 products per instruction, are the fast path on
 * such CPUs.
 *
 * Interleaving
 * ------------
 * AES-NI rounds have a latency of 3-4 cycles but are pipelined, so 8
 * independent blocks are kept in flight. GCM seal encrypts chunk i (8
 * blocks) while the GHASH multiplications of ciphertext chunk i-1 are
 * placed between its rounds (one block's three PCLMULQDQs per round, the
 * reduction in round 9): the AES and PCLMUL work overlaps, and the chained
 * GHASH latency hides behind the AES rounds. Open hashes the ciphertext
 * chunk it decrypts (the ciphertext is known in advance); both use the
 * same chunk routine. Empty asm statements (PIN) keep the compiler from
 * reassociating the accumulator XORs, which otherwise made it hold all
 * partial products live to the end of the chunk and spill them.
 *
 * Short messages: a seal or open of at most 8 blocks (128 bytes) takes a
 * straight-line path: one AES pass over exactly the blocks needed, data
 * loaded from the caller's buffer and stored back directly (a partial last
 * block by a 16-byte load/store ending at the message's end, shifted with
 * PSHUFB by a length-indexed window; only a message under 16 bytes goes
 * through a stack buffer), one aggregated GHASH with H^n..H^1, and no
 * stack frame: the long paths are separate functions. A call with len 0
 * returns at once without touching Y. ghash() of exactly 16 bytes (the
 * length block) is one multiplication. Loads of the counter block and of
 * encrypt_block's input are split into 8/4-byte pieces matching how the
 * GCM glue writes them, so they are forwarded from its stores instead of
 * waiting for them to reach the cache (which stalled back-to-back
 * messages). The optional gcm_short entry goes further for a whole message
 * of up to 128 bytes of data and of AAD with a 96-bit nonce: E_K(J0) and
 * the keystream in one AES pass of up to 9 lanes, and AAD, ciphertext and
 * length block hashed with one reduction (up to 17 blocks, H^16..H^1;
 * the 17th takes one extra multiplication), in a single call.
 *
 * Counters: block j of a call uses inc32 applied j times (the low 32 bits
 * of the big-endian block wrap mod 2^32, hwcrypt_impl.h). The counter is
 * secret when the GCM nonce is not 96 bits, so it is never looked at: the
 * block is byte-swapped once, so that the low word is dword 0 as a native
 * integer, PADDD adds j there (wrapping exactly like inc32) and a PSHUFB
 * swaps each block back, whatever the value. (Adding j << 24 to the
 * big-endian dword, which saves the PSHUFBs, is wrong when the low byte
 * carries, and choosing between the two by the counter's low byte was a
 * secret-dependent branch.) The gcm_short entry keeps the big-endian add:
 * with a 96-bit nonce its counters are the public 1..9.
 *
 * Constant time: AES-NI and PCLMULQDQ run in data-independent time; there
 * are no table lookups and no branches on keys, data, counters or GHASH
 * state. The only branches depend on lengths and the key size.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <smmintrin.h>
#include <tmmintrin.h>
#include <wmmintrin.h>

HWC_TARGET_BEGIN("aes,pclmul,ssse3,sse4.1")

typedef struct aesni_key {
  __m128i rk[15]; /* encryption round keys, rk[0..rounds] */
  __m128i h[16];  /* h[i] = rev(H^(i+1)) * z mod P' (see above) */
  __m128i hk[16]; /* Karatsuba middle key: low qword = h[i].lo ^ h[i].hi */
} aesni_key;

_Static_assert(sizeof(aesni_key) <= HWC_AES_BACKEND_BYTES, "aesni key state too large");

#define ST(k) ((const aesni_key *)(const void *)(k)->data)

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

HWC_INLINE __m128i bswap128(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* Zeroes a scratch buffer: the same memset + empty asm (taking the pointer,
 * clobbering memory, so the stores are not dropped as dead) as hwc_wipe()
 * in util.c, but inline, so a wipe of a 16-byte block is one or two vector
 * stores instead of a call into another translation unit. */
HWC_INLINE void wipe_scratch(void *p, size_t n) {
  memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

HWC_INLINE __m128i loadu(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)(const void *)p); }
HWC_INLINE void storeu(uint8_t *p, __m128i x) { _mm_storeu_si128((__m128i *)(void *)p, x); }

/* ------------------------------------------------------------------------ */
/* GF(2^128) arithmetic (reflected, Montgomery-style reduction)             */
/* ------------------------------------------------------------------------ */

typedef struct gf_acc {
  __m128i lo, mid, hi;
} gf_acc;

/* The middle product of x * h: Karatsuba (x.lo ^ x.hi) * (h.lo ^ h.hi), or
 * schoolbook x.lo * h.hi ^ x.hi * h.lo. */
#ifdef HWC_AESNI_SCHOOLBOOK
#define GF_MID(x, h, hk) \
  _mm_xor_si128(_mm_clmulepi64_si128((x), (h), 0x01), _mm_clmulepi64_si128((x), (h), 0x10))
#else
#define GF_MID(x, h, hk) \
  _mm_clmulepi64_si128(_mm_xor_si128((x), _mm_shuffle_epi32((x), 0x4e)), (hk), 0x00)
#endif

/* Keeps the compiler from reassociating the XOR accumulations (it would
 * otherwise keep every partial product alive and XOR them all at the end,
 * spilling registers and serialising the reduction). Emits no code. */
#if defined(__GNUC__) || defined(__clang__)
#define PIN(x) __asm__("" : "+x"(x))
#else
#define PIN(x) (void)0
#endif

/* acc = x * h (unreduced). */
HWC_INLINE void gf_mul_first(gf_acc *a, __m128i x, __m128i h, __m128i hk) {
  (void)hk;
  a->lo = _mm_clmulepi64_si128(x, h, 0x00);
  a->hi = _mm_clmulepi64_si128(x, h, 0x11);
  a->mid = GF_MID(x, h, hk);
}

/* acc ^= x * h (unreduced). */
HWC_INLINE void gf_mul_acc(gf_acc *a, __m128i x, __m128i h, __m128i hk) {
  (void)hk;
  a->lo = _mm_xor_si128(a->lo, _mm_clmulepi64_si128(x, h, 0x00));
  a->hi = _mm_xor_si128(a->hi, _mm_clmulepi64_si128(x, h, 0x11));
  a->mid = _mm_xor_si128(a->mid, GF_MID(x, h, hk));
  PIN(a->lo);
  PIN(a->mid);
  PIN(a->hi);
}

/* Returns acc * z^-128 mod P' (fully reduced). */
HWC_INLINE __m128i gf_reduce(const gf_acc *a) {
  const __m128i poly = _mm_set_epi64x(0, (long long)0xC200000000000000ULL);
#ifdef HWC_AESNI_SCHOOLBOOK
  __m128i mid = a->mid;
#else
  __m128i mid = _mm_xor_si128(a->mid, _mm_xor_si128(a->lo, a->hi));
#endif
  __m128i lo = _mm_xor_si128(a->lo, _mm_slli_si128(mid, 8));
  __m128i hi = _mm_xor_si128(a->hi, _mm_srli_si128(mid, 8));
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x00);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  return _mm_xor_si128(hi, lo);
}

HWC_INLINE __m128i gf_mul(__m128i x, __m128i h, __m128i hk) {
  gf_acc a;
  gf_mul_first(&a, x, h, hk);
  return gf_reduce(&a);
}

HWC_INLINE __m128i karatsuba_key(__m128i h) {
  __m128i m = _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e));
  return _mm_unpacklo_epi64(m, m);
}

/* Y (reflected) absorbs n (1..8) whole blocks at p with one reduction:
 * Y = (Y ^ X_0) H^n ^ X_1 H^(n-1) ^ ... ^ X_(n-1) H. */
HWC_INLINE __m128i ghash_n(const aesni_key *s, __m128i Y, const uint8_t *p, size_t n) {
  gf_acc a;
  gf_mul_first(&a, _mm_xor_si128(Y, bswap128(loadu(p))), s->h[n - 1], s->hk[n - 1]);
  for (size_t j = 1; j < n; j++)
    gf_mul_acc(&a, bswap128(loadu(p + 16 * j)), s->h[n - 1 - j], s->hk[n - 1 - j]);
  return gf_reduce(&a);
}

/* 8 blocks, fully unrolled, multiplied by the key powers hp[7..0]. With
 * start, Y is folded into the first block and the accumulator begins
 * afresh, otherwise the products are added to *a; with finish, the
 * accumulator is reduced and returned as the new Y. Two calls (powers
 * H^16..H^9 with start, then H^8..H^1 with finish) absorb 16 blocks with
 * one reduction. */
HWC_INLINE __m128i ghash_8x(const __m128i *hp, const __m128i *hkp, gf_acc *a, __m128i Y,
                            const uint8_t *p, int start, int finish) {
  if (start)
    gf_mul_first(a, _mm_xor_si128(Y, bswap128(loadu(p))), hp[7], hkp[7]);
  else
    gf_mul_acc(a, bswap128(loadu(p)), hp[7], hkp[7]);
  gf_mul_acc(a, bswap128(loadu(p + 16)), hp[6], hkp[6]);
  gf_mul_acc(a, bswap128(loadu(p + 32)), hp[5], hkp[5]);
  gf_mul_acc(a, bswap128(loadu(p + 48)), hp[4], hkp[4]);
  gf_mul_acc(a, bswap128(loadu(p + 64)), hp[3], hkp[3]);
  gf_mul_acc(a, bswap128(loadu(p + 80)), hp[2], hkp[2]);
  gf_mul_acc(a, bswap128(loadu(p + 96)), hp[1], hkp[1]);
  gf_mul_acc(a, bswap128(loadu(p + 112)), hp[0], hkp[0]);
  return finish ? gf_reduce(a) : Y;
}

HWC_INLINE __m128i ghash_8(const aesni_key *s, __m128i Y, const uint8_t *p) {
  gf_acc a;
  return ghash_8x(s->h, s->hk, &a, Y, p, 1, 1);
}

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

/* Key expansion. AES-128 and AES-256 use the usual register form: from
 * the previous round key k and the word t = SubWord(RotWord(w)) ^ rcon (or
 * SubWord(w) for AES-256's odd keys) broadcast by PSHUFD from
 * AESKEYGENASSIST's output, the next key is k ^ (k << 32) ^ (k << 64) ^
 * (k << 96) ^ t. AESKEYGENASSIST takes the round constant as an
 * immediate, hence the unrolled macros. AES-192's 6-word period does not
 * line up with 4-word round keys, so it runs the FIPS-197 word recurrence,
 * taking SubWord/RotWord from AESKEYGENASSIST on the word broadcast to all
 * lanes (dword 0 of the result is SubWord(w), dword 1 RotWord(SubWord(w))
 * with rcon 0; the round constant is XORed in afterwards). Key setup is
 * not secret-dependent in time either way. */
HWC_INLINE __m128i key_step(__m128i k, __m128i t) {
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 8));
  return _mm_xor_si128(k, t);
}

#define EXP128(i, rcon) \
  rk[i] = key_step(rk[i - 1], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff))
#define EXP256(i, rcon)                                                                       \
  do {                                                                                        \
    rk[i] = key_step(rk[i - 2], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff)); \
    if ((i) < 14)                                                                             \
      rk[i + 1] =                                                                             \
          key_step(rk[i - 1], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i], 0), 0xaa));  \
  } while (0)

static void expand_key_192(__m128i *rk, const uint8_t *key) {
  static const uint8_t rcon[8] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
  uint32_t w[52];
  for (unsigned i = 0; i < 6; i++) w[i] = hwc_load_le32(key + 4 * i);
  for (unsigned i = 6; i < 52; i++) {
    uint32_t t = w[i - 1];
    if (i % 6 == 0) {
      __m128i g = _mm_aeskeygenassist_si128(_mm_set1_epi32((int)t), 0);
      t = (uint32_t)_mm_extract_epi32(g, 1) ^ rcon[i / 6 - 1];
    }
    w[i] = w[i - 6] ^ t;
  }
  for (unsigned r = 0; r <= 12; r++)
    rk[r] = _mm_set_epi32((int)w[4 * r + 3], (int)w[4 * r + 2], (int)w[4 * r + 1], (int)w[4 * r]);
  wipe_scratch(w, sizeof(w));
}

static void expand_key(__m128i *rk, const uint8_t *key, size_t key_len) {
  if (key_len == 16) {
    rk[0] = loadu(key);
    EXP128(1, 0x01);
    EXP128(2, 0x02);
    EXP128(3, 0x04);
    EXP128(4, 0x08);
    EXP128(5, 0x10);
    EXP128(6, 0x20);
    EXP128(7, 0x40);
    EXP128(8, 0x80);
    EXP128(9, 0x1b);
    EXP128(10, 0x36);
  } else if (key_len == 32) {
    rk[0] = loadu(key);
    rk[1] = loadu(key + 16);
    EXP256(2, 0x01);
    EXP256(4, 0x02);
    EXP256(6, 0x04);
    EXP256(8, 0x08);
    EXP256(10, 0x10);
    EXP256(12, 0x20);
    EXP256(14, 0x40);
  } else {
    expand_key_192(rk, key);
  }
}

HWC_INLINE __m128i aes_block(const aesni_key *s, unsigned nr, __m128i b) {
  b = _mm_xor_si128(b, s->rk[0]);
  for (unsigned r = 1; r < nr; r++) b = _mm_aesenc_si128(b, s->rk[r]);
  return _mm_aesenclast_si128(b, s->rk[nr]);
}

/* n (a constant after inlining) blocks in parallel, rounds 1..9 unrolled
 * and the extra rounds of AES-192/256 behind a branch on the key size, so
 * a short message runs straight-line code. */
HWC_INLINE void aes_lanes(const aesni_key *s, unsigned nr, __m128i *b, const int n) {
  const __m128i k0 = s->rk[0];
  for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], k0);
#define AES_LANES_ROUND(r)                                                  \
  do {                                                                      \
    const __m128i kr_ = s->rk[r];                                           \
    for (int j = 0; j < n; j++) b[j] = _mm_aesenc_si128(b[j], kr_);         \
  } while (0)
  AES_LANES_ROUND(1);
  AES_LANES_ROUND(2);
  AES_LANES_ROUND(3);
  AES_LANES_ROUND(4);
  AES_LANES_ROUND(5);
  AES_LANES_ROUND(6);
  AES_LANES_ROUND(7);
  AES_LANES_ROUND(8);
  AES_LANES_ROUND(9);
  if (nr > 10) {
    AES_LANES_ROUND(10);
    AES_LANES_ROUND(11);
    if (nr > 12) {
      AES_LANES_ROUND(12);
      AES_LANES_ROUND(13);
    }
  }
#undef AES_LANES_ROUND
  const __m128i kl = s->rk[nr];
  for (int j = 0; j < n; j++) b[j] = _mm_aesenclast_si128(b[j], kl);
}

/* n (compile-time constant after inlining) blocks in parallel. */
#define AES_PAR(s, nr, b, n)                                                  \
  do {                                                                        \
    const __m128i k0_ = (s)->rk[0];                                           \
    for (int j_ = 0; j_ < (n); j_++) (b)[j_] = _mm_xor_si128((b)[j_], k0_);   \
    for (unsigned r_ = 1; r_ < (nr); r_++) {                                  \
      const __m128i kr_ = (s)->rk[r_];                                        \
      for (int j_ = 0; j_ < (n); j_++) (b)[j_] = _mm_aesenc_si128((b)[j_], kr_); \
    }                                                                         \
    const __m128i kl_ = (s)->rk[nr];                                          \
    for (int j_ = 0; j_ < (n); j_++) (b)[j_] = _mm_aesenclast_si128((b)[j_], kl_); \
  } while (0)

#define ROUND8(b, k)                     \
  do {                                   \
    const __m128i kk_ = (k);             \
    b[0] = _mm_aesenc_si128(b[0], kk_);  \
    b[1] = _mm_aesenc_si128(b[1], kk_);  \
    b[2] = _mm_aesenc_si128(b[2], kk_);  \
    b[3] = _mm_aesenc_si128(b[3], kk_);  \
    b[4] = _mm_aesenc_si128(b[4], kk_);  \
    b[5] = _mm_aesenc_si128(b[5], kk_);  \
    b[6] = _mm_aesenc_si128(b[6], kk_);  \
    b[7] = _mm_aesenc_si128(b[7], kk_);  \
  } while (0)

#define LAST8(b, k)                          \
  do {                                       \
    const __m128i kk_ = (k);                 \
    b[0] = _mm_aesenclast_si128(b[0], kk_);  \
    b[1] = _mm_aesenclast_si128(b[1], kk_);  \
    b[2] = _mm_aesenclast_si128(b[2], kk_);  \
    b[3] = _mm_aesenclast_si128(b[3], kk_);  \
    b[4] = _mm_aesenclast_si128(b[4], kk_);  \
    b[5] = _mm_aesenclast_si128(b[5], kk_);  \
    b[6] = _mm_aesenclast_si128(b[6], kk_);  \
    b[7] = _mm_aesenclast_si128(b[7], kk_);  \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Counter blocks                                                           */
/* ------------------------------------------------------------------------ */

/* base: the big-endian counter block (its last dword is replaced); c: the
 * native value of that dword for block 0. Writes n <= 8 counter blocks c,
 * c + 1, ... mod 2^32, with no branch on c (see the top comment). */
HWC_INLINE void make_ctrs(__m128i base, uint32_t c, __m128i *b, int n) {
  const __m128i x = _mm_insert_epi32(bswap128(base), (int)c, 0); /* swap is loop-invariant */
  for (int j = 0; j < n; j++) b[j] = bswap128(_mm_add_epi32(x, _mm_set_epi32(0, 0, 0, j)));
}

/* Keystream for the last nb (1..8) blocks of a call, in the narrowest of
 * 1/2/4/8 parallel lanes that covers them: a short message costs the AES
 * work it needs and no more (the latency is the same 10-14 rounds either
 * way, but back-to-back short messages overlap better). */
HWC_INLINE void keystream_tail(const aesni_key *s, unsigned nr, __m128i base, uint32_t c,
                               __m128i b[8], size_t nb) {
  if (nb == 1) {
    b[0] = aes_block(s, nr, _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3));
  } else if (nb == 2) {
    make_ctrs(base, c, b, 2);
    AES_PAR(s, nr, b, 2);
  } else if (nb <= 4) {
    make_ctrs(base, c, b, 4);
    AES_PAR(s, nr, b, 4);
  } else {
    make_ctrs(base, c, b, 8);
    AES_PAR(s, nr, b, 8);
  }
}

/* ------------------------------------------------------------------------ */
/* Short messages (1..8 blocks) straight from and to the caller's buffers   */
/* ------------------------------------------------------------------------ */

/* Sliding windows: loadu(shuf_win + k) for k = 0..32 is a PSHUFB control
 * that picks bytes k-16 .. k-1 (lanes whose index falls outside 0..15 are
 * zeroed); loadu(mask_win + 16 - r) keeps the low r bytes. Indexed by
 * lengths only. */
static const uint8_t shuf_win[48] HWC_ALIGN(16) = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
static const uint8_t mask_win[32] HWC_ALIGN(16) = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0};

/* The final r (1..15) bytes of a buffer of len >= 16 bytes as a block padded
 * with zeros: one load of the last 16 bytes (all inside the buffer), then
 * a shift down by 16 - r bytes. */
HWC_INLINE __m128i load_last(const uint8_t *p, size_t len, size_t r) {
  return _mm_shuffle_epi8(loadu(p + len - 16), loadu(shuf_win + 32 - r));
}

/* Writes the low r (1..15) bytes of last to out[len - r .. len) with one
 * 16-byte store ending at out + len; its first 16 - r bytes rewrite the end
 * of the preceding full block with the same values (prev). */
HWC_INLINE void store_last(uint8_t *out, size_t len, size_t r, __m128i prev, __m128i last) {
  storeu(out + len - 16, _mm_or_si128(_mm_shuffle_epi8(prev, loadu(shuf_win + 16 + r)),
                                      _mm_shuffle_epi8(last, loadu(shuf_win + r))));
}

HWC_INLINE __m128i load_ctr_base(const uint8_t *ctr) {
  /* Only bytes 0..11 are used (the last dword is replaced per block).
   * Loading them as 8 + 4 bytes rather than all 16 lets both loads be
   * forwarded from the caller's store of the block even when it has just
   * rewritten the counter word with a separate 4-byte store (a 16-byte load
   * spanning two stores waits for them to reach the cache). */
  uint32_t w;
  memcpy(&w, ctr + 8, 4);
  return _mm_insert_epi32(_mm_loadl_epi64((const __m128i *)(const void *)ctr), (int)w, 2);
}

/* Y absorbs the n (1..8) blocks x[] (in memory byte order) with one
 * reduction. */
HWC_INLINE __m128i ghash_regs(const aesni_key *s, __m128i Y, const __m128i *x, const int n) {
  gf_acc a;
  gf_mul_first(&a, _mm_xor_si128(Y, bswap128(x[0])), s->h[n - 1], s->hk[n - 1]);
  for (int j = 1; j < n; j++) gf_mul_acc(&a, bswap128(x[j]), s->h[n - 1 - j], s->hk[n - 1 - j]);
  return gf_reduce(&a);
}

/* Loads the n blocks of p[0 .. len), 16 (n - 1) < len <= 16 n, len >= 16,
 * the last one zero-padded. */
HWC_INLINE void load_blocks(__m128i *x, const uint8_t *p, size_t len, const int n) {
  const size_t r = len - 16 * (size_t)(n - 1);
  for (int j = 0; j < n - 1; j++) x[j] = loadu(p + 16 * j);
  x[n - 1] = (r == 16) ? loadu(p + 16 * (n - 1)) : load_last(p, len, r);
}

/* GCM over n (1..8) blocks, 16 (n - 1) < len <= 16 n, len >= 16: the n
 * counter blocks in one parallel AES pass, the data loaded from in and
 * stored to out directly (a partial last block through load_last and
 * store_last), one aggregated GHASH of the ciphertext with H^n..H^1.
 * Every load precedes every store, so in may equal out. Open hashes the
 * input, which does not wait for the AES; seal hashes the output. */
HWC_INLINE __m128i gcm_short_n(const aesni_key *s, unsigned nr, __m128i base, uint32_t c,
                               __m128i Y, const uint8_t *in, uint8_t *out, size_t len,
                               const int n, const int open) {
  const size_t r = len - 16 * (size_t)(n - 1);
  __m128i x[8], b[8];
  load_blocks(x, in, len, n);
  if (open) Y = ghash_regs(s, Y, x, n);
  make_ctrs(base, c, b, n);
  aes_lanes(s, nr, b, n);
  for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], x[j]);
  for (int j = 0; j < n - 1; j++) storeu(out + 16 * j, b[j]);
  if (r == 16) {
    storeu(out + 16 * (n - 1), b[n - 1]);
  } else {
    store_last(out, len, r, b[n - 2 + (n == 1)], b[n - 1]);
    b[n - 1] = _mm_and_si128(b[n - 1], loadu(mask_win + 16 - r)); /* GHASH pads with zeros */
  }
  if (!open) Y = ghash_regs(s, Y, b, n);
  return Y;
}

/* GCM over len (1..15) bytes with nothing before them: through a zeroed
 * 16-byte buffer (reading 16 bytes at in could cross into an unmapped
 * page). */
static __attribute__((noinline)) __m128i gcm_tiny(const aesni_key *s, unsigned nr, __m128i base,
                                                  uint32_t c, __m128i Y, const uint8_t *in,
                                                  uint8_t *out, size_t len, int open) {
  HWC_ALIGN(16) uint8_t buf[16];
  memset(buf, 0, 16);
  memcpy(buf, in, len);
  const __m128i x = _mm_load_si128((const __m128i *)(const void *)buf);
  __m128i b = _mm_xor_si128(aes_block(s, nr, _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3)), x);
  b = _mm_and_si128(b, loadu(mask_win + 16 - len));
  _mm_store_si128((__m128i *)(void *)buf, b);
  memcpy(out, buf, len);
  wipe_scratch(buf, 16);
  return gf_mul(_mm_xor_si128(Y, bswap128(open ? x : b)), s->h[0], s->hk[0]);
}

/* GCM over len = 1..128 bytes; len >= 16 or nothing precedes in. */
HWC_INLINE __m128i gcm_short(const aesni_key *s, unsigned nr, __m128i base, uint32_t c, __m128i Y,
                             const uint8_t *in, uint8_t *out, size_t len, const int open) {
  switch ((len + 15) >> 4) {
    case 1:
      if (len < 16) return gcm_tiny(s, nr, base, c, Y, in, out, len, open);
      return gcm_short_n(s, nr, base, c, Y, in, out, len, 1, open);
    case 2: return gcm_short_n(s, nr, base, c, Y, in, out, len, 2, open);
    case 3: return gcm_short_n(s, nr, base, c, Y, in, out, len, 3, open);
    case 4: return gcm_short_n(s, nr, base, c, Y, in, out, len, 4, open);
    case 5: return gcm_short_n(s, nr, base, c, Y, in, out, len, 5, open);
    case 6: return gcm_short_n(s, nr, base, c, Y, in, out, len, 6, open);
    case 7: return gcm_short_n(s, nr, base, c, Y, in, out, len, 7, open);
    default: return gcm_short_n(s, nr, base, c, Y, in, out, len, 8, open);
  }
}

HWC_INLINE __m128i ghash_short_n(const aesni_key *s, __m128i Y, const uint8_t *p, size_t len,
                                 const int n) {
  __m128i x[8];
  load_blocks(x, p, len, n);
  return ghash_regs(s, Y, x, n);
}

/* GHASH of p[0 .. len), 1 <= len <= 128. With back_ok the 16 bytes before
 * p are readable (already absorbed by the caller), so a lone partial block
 * is loaded with load_last; otherwise it goes through a zeroed buffer. */
static __m128i ghash_short(const aesni_key *s, __m128i Y, const uint8_t *p, size_t len,
                           int back_ok) {
  switch ((len + 15) >> 4) {
    case 1:
      if (len < 16) {
        if (back_ok) {
          const __m128i x = load_last(p - 16, len + 16, len);
          return ghash_regs(s, Y, &x, 1);
        }
        HWC_ALIGN(16) uint8_t buf[16];
        memset(buf, 0, 16);
        memcpy(buf, p, len);
        Y = gf_mul(_mm_xor_si128(Y, bswap128(_mm_load_si128((const __m128i *)(const void *)buf))),
                   s->h[0], s->hk[0]);
        wipe_scratch(buf, 16);
        return Y;
      }
      return ghash_short_n(s, Y, p, len, 1);
    case 2: return ghash_short_n(s, Y, p, len, 2);
    case 3: return ghash_short_n(s, Y, p, len, 3);
    case 4: return ghash_short_n(s, Y, p, len, 4);
    case 5: return ghash_short_n(s, Y, p, len, 5);
    case 6: return ghash_short_n(s, Y, p, len, 6);
    case 7: return ghash_short_n(s, Y, p, len, 7);
    default: return ghash_short_n(s, Y, p, len, 8);
  }
}

/* ------------------------------------------------------------------------ */
/* Table functions                                                          */
/* ------------------------------------------------------------------------ */

static void aesni_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  aesni_key *s = (aesni_key *)(void *)k->data;
  const unsigned nr = k->rounds;
  expand_key(s->rk, key, key_len);

  /* H = E_K(0), reflected, times z mod P'. */
  __m128i h = bswap128(aes_block(s, nr, _mm_setzero_si128()));
  const __m128i pz = _mm_set_epi32((int)0xC2000000, 0, 0, 1); /* P' - z^128 */
  __m128i carry = _mm_shuffle_epi32(_mm_srai_epi32(h, 31), 0xff); /* all ones if bit 127 */
  h = _mm_or_si128(_mm_slli_epi64(h, 1), _mm_srli_epi64(_mm_slli_si128(h, 8), 63));
  h = _mm_xor_si128(h, _mm_and_si128(carry, pz));

  /* Powers by doubling: H^(n+i) = H^n * H^i for i = 1..n, so each level
   * is n independent multiplications (4 levels of latency, not 15). */
  s->h[0] = h;
  s->hk[0] = karatsuba_key(h);
  for (int n = 1; n < 16; n *= 2) {
    for (int i = 0; i < n; i++) {
      s->h[n + i] = gf_mul(s->h[i], s->h[n - 1], s->hk[n - 1]);
      s->hk[n + i] = karatsuba_key(s->h[n + i]);
    }
  }
}

static void aesni_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  /* The GCM glue builds J0 as 12 nonce bytes (an 8- and a 4-byte store)
   * and a 4-byte counter word, then asks for E_K(J0). A 16-byte load
   * spanning those three stores cannot be forwarded from them and waits
   * until they reach the cache, i.e. until everything before them has
   * retired, which serialises back-to-back messages; three loads that each
   * lie inside one store are forwarded (and cost the same from cache). */
  uint32_t w2, w3;
  memcpy(&w2, in + 8, 4);
  memcpy(&w3, in + 12, 4);
  __m128i b = _mm_insert_epi32(
      _mm_insert_epi32(_mm_loadl_epi64((const __m128i *)(const void *)in), (int)w2, 2), (int)w3, 3);
  aes_lanes(ST(k), k->rounds, &b, 1);
  storeu(out, b);
}

/* CTR over len bytes; the last block may be partial. */
static void aesni_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in,
                        uint8_t *out, size_t len) {
  const aesni_key *s = ST(k);
  const unsigned nr = k->rounds;
  const __m128i base = load_ctr_base(ctr);
  uint32_t c = hwc_load_be32(ctr + 12);
  __m128i b[8];

  while (len >= 128) {
    make_ctrs(base, c, b, 8);
    AES_PAR(s, nr, b, 8);
    for (int j = 0; j < 8; j++) storeu(out + 16 * j, _mm_xor_si128(b[j], loadu(in + 16 * j)));
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  if (!len) return;

  size_t nb = (len + 15) / 16;
  HWC_ALIGN(16) uint8_t buf[128];
  const uint8_t *src = in;
  if (len & 15) {
    memset(buf + 16 * (nb - 1), 0, 16);
    memcpy(buf, in, len);
    src = buf;
  }
  keystream_tail(s, nr, base, c, b, nb);
  for (size_t j = 0; j < nb; j++) b[j] = _mm_xor_si128(b[j], loadu(src + 16 * j));
  if (len & 15) {
    for (size_t j = 0; j < nb; j++) storeu(buf + 16 * j, b[j]);
    memcpy(out, buf, len);
    wipe_scratch(buf, 16 * nb);
  } else {
    for (size_t j = 0; j < nb; j++) storeu(out + 16 * j, b[j]);
  }
}

/* Absorbs len bytes (last block zero-padded). */
static void aesni_ghash(const hwc_aes_key *k, uint8_t Yb[16], const uint8_t *data, size_t len) {
  const aesni_key *s = ST(k);
  if (len == 16) { /* the GCM length block, a 16-byte AAD */
    const __m128i Y = bswap128(loadu(Yb));
    storeu(Yb, bswap128(gf_mul(_mm_xor_si128(Y, bswap128(loadu(data))), s->h[0], s->hk[0])));
    return;
  }
  if (!len) return;
  __m128i Y = bswap128(loadu(Yb));
  const int back_ok = len >= 16;
  gf_acc a;
  while (len >= 256) {
    ghash_8x(s->h + 8, s->hk + 8, &a, Y, data, 1, 0);
    Y = ghash_8x(s->h, s->hk, &a, Y, data + 128, 0, 1);
    data += 256;
    len -= 256;
  }
  if (len > 128) {
    Y = ghash_8(s, Y, data);
    data += 128;
    len -= 128;
  }
  if (len) Y = ghash_short(s, Y, data, len, back_ok);
  storeu(Yb, bswap128(Y));
}

/* One AES round on 8 blocks with the three GHASH multiplications of one
 * block (x times key power h, Karatsuba middle key hk) spread between the
 * AESENCs, so that the PCLMULQDQs issue steadily among the AES work. */
#define ROUND8_MUL(b, k, acc, x, h, hk, first)                                   \
  do {                                                                           \
    const __m128i kk_ = (k), x_ = (x), h_ = (h);                                 \
    b[0] = _mm_aesenc_si128(b[0], kk_);                                          \
    b[1] = _mm_aesenc_si128(b[1], kk_);                                          \
    b[2] = _mm_aesenc_si128(b[2], kk_);                                          \
    const __m128i lo_ = _mm_clmulepi64_si128(x_, h_, 0x00);                      \
    b[3] = _mm_aesenc_si128(b[3], kk_);                                          \
    b[4] = _mm_aesenc_si128(b[4], kk_);                                          \
    b[5] = _mm_aesenc_si128(b[5], kk_);                                          \
    const __m128i hi_ = _mm_clmulepi64_si128(x_, h_, 0x11);                      \
    b[6] = _mm_aesenc_si128(b[6], kk_);                                          \
    b[7] = _mm_aesenc_si128(b[7], kk_);                                          \
    const __m128i mid_ = GF_MID(x_, h_, hk);                                     \
    if (first) {                                                                 \
      (acc).lo = lo_;                                                            \
      (acc).hi = hi_;                                                            \
      (acc).mid = mid_;                                                          \
    } else {                                                                     \
      (acc).lo = _mm_xor_si128((acc).lo, lo_);                                   \
      (acc).hi = _mm_xor_si128((acc).hi, hi_);                                   \
      (acc).mid = _mm_xor_si128((acc).mid, mid_);                                \
    }                                                                            \
    PIN((acc).lo);                                                               \
    PIN((acc).mid);                                                              \
    PIN((acc).hi);                                                               \
  } while (0)

/* One 8-block GCM step: encrypts the 8 blocks at in (counters from c) to
 * out while absorbing the 8 ciphertext blocks at gh into Y. Seal passes the
 * previous ciphertext chunk as gh, open passes in itself (in may equal out:
 * all reads of a block happen before its write). */
HWC_INLINE __m128i gcm_chunk_x(const aesni_key *s, unsigned nr, __m128i base, uint32_t c,
                               const uint8_t *in, uint8_t *out, const uint8_t *gh, __m128i Y,
                               gf_acc *acc, int hi_powers, int start, int finish) {
  __m128i b[8];
  gf_acc a;
  if (!start) a = *acc;
  const __m128i *hp = s->h + (hi_powers ? 8 : 0), *hkp = s->hk + (hi_powers ? 8 : 0);
  (void)hkp; /* unused with HWC_AESNI_SCHOOLBOOK */
  make_ctrs(base, c, b, 8);
  const __m128i k0 = s->rk[0];
  for (int j = 0; j < 8; j++) b[j] = _mm_xor_si128(b[j], k0);

  if (start)
    ROUND8_MUL(b, s->rk[1], a, _mm_xor_si128(Y, bswap128(loadu(gh))), hp[7], hkp[7], 1);
  else
    ROUND8_MUL(b, s->rk[1], a, bswap128(loadu(gh)), hp[7], hkp[7], 0);
  ROUND8_MUL(b, s->rk[2], a, bswap128(loadu(gh + 16)), hp[6], hkp[6], 0);
  ROUND8_MUL(b, s->rk[3], a, bswap128(loadu(gh + 32)), hp[5], hkp[5], 0);
  ROUND8_MUL(b, s->rk[4], a, bswap128(loadu(gh + 48)), hp[4], hkp[4], 0);
  ROUND8_MUL(b, s->rk[5], a, bswap128(loadu(gh + 64)), hp[3], hkp[3], 0);
  ROUND8_MUL(b, s->rk[6], a, bswap128(loadu(gh + 80)), hp[2], hkp[2], 0);
  ROUND8_MUL(b, s->rk[7], a, bswap128(loadu(gh + 96)), hp[1], hkp[1], 0);
  ROUND8_MUL(b, s->rk[8], a, bswap128(loadu(gh + 112)), hp[0], hkp[0], 0);
  ROUND8(b, s->rk[9]);
  if (finish) Y = gf_reduce(&a);
  *acc = a;
  if (nr > 10) {
    ROUND8(b, s->rk[10]);
    ROUND8(b, s->rk[11]);
    if (nr > 12) {
      ROUND8(b, s->rk[12]);
      ROUND8(b, s->rk[13]);
    }
  }
  LAST8(b, s->rk[nr]);
  for (int j = 0; j < 8; j++) storeu(out + 16 * j, _mm_xor_si128(b[j], loadu(in + 16 * j)));
  return Y;
}

HWC_INLINE __m128i gcm_chunk(const aesni_key *s, unsigned nr, __m128i base, uint32_t c,
                             const uint8_t *in, uint8_t *out, const uint8_t *gh, __m128i Y) {
  gf_acc a;
  return gcm_chunk_x(s, nr, base, c, in, out, gh, Y, &a, 0, 1, 1);
}

/* Seal of more than 128 bytes: kept out of line so that the short path in
 * aesni_gcm_seal does not pay for its stack frame and saved registers. */
static __attribute__((noinline)) void gcm_seal_long(const hwc_aes_key *k, const uint8_t ctr[16],
                                                    uint8_t Yb[16], const uint8_t *in,
                                                    uint8_t *out, size_t len) {
  const aesni_key *s = ST(k);
  const unsigned nr = k->rounds;
  const __m128i base = load_ctr_base(ctr);
  uint32_t c = hwc_load_be32(ctr + 12);
  __m128i Y = bswap128(loadu(Yb));

  /* first chunk: nothing to hash yet */
  __m128i b[8];
  make_ctrs(base, c, b, 8);
  AES_PAR(s, nr, b, 8);
  for (int j = 0; j < 8; j++) storeu(out + 16 * j, _mm_xor_si128(b[j], loadu(in + 16 * j)));
  const uint8_t *prev = out; /* full ciphertext chunk not yet hashed */
  c += 8;
  in += 128;
  out += 128;
  len -= 128;
  gf_acc a;
  while (len >= 256) {
    /* hash two ciphertext chunks with one reduction */
    gcm_chunk_x(s, nr, base, c, in, out, prev, Y, &a, 1, 1, 0);
    prev = out;
    Y = gcm_chunk_x(s, nr, base, c + 8, in + 128, out + 128, prev, Y, &a, 0, 0, 1);
    prev = out + 128;
    c += 16;
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len >= 128) {
    Y = gcm_chunk(s, nr, base, c, in, out, prev, Y);
    prev = out;
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }

  if (!len) {
    Y = ghash_8(s, Y, prev);
    storeu(Yb, bswap128(Y));
    return;
  }

  /* Tail of 1..127 bytes, through a zero-padded buffer, encrypted while
   * the previous chunk is hashed. The ciphertext bytes past len are
   * cleared before hashing (GHASH pads with zeros). */
  const size_t nb = (len + 15) / 16;
  HWC_ALIGN(16) uint8_t buf[128];
  memset(buf, 0, sizeof(buf));
  memcpy(buf, in, len);
  Y = gcm_chunk(s, nr, base, c, buf, buf, prev, Y);
  memcpy(out, buf, len);
  memset(buf + len, 0, 16 * nb - len);
  Y = ghash_n(s, Y, buf, nb);
  storeu(Yb, bswap128(Y));
  wipe_scratch(buf, sizeof(buf));
}

static __attribute__((noinline)) void gcm_open_long(const hwc_aes_key *k, const uint8_t ctr[16],
                                                    uint8_t Yb[16], const uint8_t *in,
                                                    uint8_t *out, size_t len) {
  const aesni_key *s = ST(k);
  const unsigned nr = k->rounds;
  const __m128i base = load_ctr_base(ctr);
  uint32_t c = hwc_load_be32(ctr + 12);
  __m128i Y = bswap128(loadu(Yb));

  gf_acc a;
  while (len >= 256) {
    gcm_chunk_x(s, nr, base, c, in, out, in, Y, &a, 1, 1, 0);
    Y = gcm_chunk_x(s, nr, base, c + 8, in + 128, out + 128, in + 128, Y, &a, 0, 0, 1);
    c += 16;
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len >= 128) {
    Y = gcm_chunk(s, nr, base, c, in, out, in, Y);
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  if (len >= 16)
    Y = gcm_short(s, nr, base, c, Y, in, out, len, 1);
  else if (len) /* a partial block after whole chunks: through a buffer */
    Y = gcm_tiny(s, nr, base, c, Y, in, out, len, 1);
  storeu(Yb, bswap128(Y));
}

/* Messages of up to 8 blocks take gcm_short inline: no loop, no stack
 * buffer, no work that only pays off for long inputs. */
static void aesni_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Yb[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return; /* the glue's second call: leave Y alone */
  if (len > 128) {
    gcm_seal_long(k, ctr, Yb, in, out, len);
    return;
  }
  const __m128i Y = bswap128(loadu(Yb));
  storeu(Yb, bswap128(gcm_short(ST(k), k->rounds, load_ctr_base(ctr), hwc_load_be32(ctr + 12), Y,
                                in, out, len, 0)));
}

static void aesni_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Yb[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  if (len > 128) {
    gcm_open_long(k, ctr, Yb, in, out, len);
    return;
  }
  const __m128i Y = bswap128(loadu(Yb));
  storeu(Yb, bswap128(gcm_short(ST(k), k->rounds, load_ctr_base(ctr), hwc_load_be32(ctr + 12), Y,
                                in, out, len, 1)));
}

/* ------------------------------------------------------------------------ */
/* A whole short message in one call (gcm_short)                            */
/* ------------------------------------------------------------------------ */

/* p[0 .. len), 1 <= len <= 15, with nothing readable around it, as a
 * zero-padded block (through a zeroed stack buffer). */
HWC_INLINE __m128i load_small(const uint8_t *p, size_t len) {
  HWC_ALIGN(16) uint8_t buf[16];
  _mm_store_si128((__m128i *)(void *)buf, _mm_setzero_si128());
  memcpy(buf, p, len);
  const __m128i x = _mm_load_si128((const __m128i *)(const void *)buf);
  wipe_scratch(buf, 16);
  return x;
}

/* The blocks of p[0 .. len), 1 <= len <= 128, n = ceil(len / 16), the last
 * zero-padded; no byte outside p[0 .. len) is read. */
HWC_INLINE void load_any(__m128i *x, const uint8_t *p, size_t len, const int n) {
  if (n == 1 && len < 16)
    x[0] = load_small(p, len);
  else
    load_blocks(x, p, len, n);
}

/* The whole message with n (0..8, a constant) data blocks: E_K(J0) and the
 * n keystream blocks in one parallel AES pass of n + 1 lanes; GHASH over
 * the AAD blocks, the n ciphertext blocks and the length block, T = na + n
 * + 1 products with H^T..H^1 and one reduction (T <= 16; with 8 + 8 + 1 the
 * first AAD block is multiplied and reduced on its own first). The AAD
 * products do not depend on the AES, nor (open) the ciphertext products.
 * Branches depend only on lengths and the key size. */
HWC_INLINE void gcm_whole_n(const aesni_key *s, unsigned nr, const uint8_t nonce[12],
                            const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                            uint8_t *out, uint8_t full_tag[16], const int n, const int open) {
  const __m128i j0 = _mm_insert_epi32(load_ctr_base(nonce), 0x01000000, 3);
  __m128i b[9], x[8];
  b[0] = j0;
  for (int j = 1; j <= n; j++) b[j] = _mm_add_epi32(j0, _mm_set_epi32(j << 24, 0, 0, 0));
  if (n) load_any(x, in, len, n);

  const size_t na = (aad_len + 15) >> 4;
  size_t t = na + (size_t)n + 1; /* number of GHASH blocks */
  gf_acc a;
  a.lo = a.mid = a.hi = _mm_setzero_si128();
  __m128i pre = _mm_setzero_si128(); /* folded into the first accumulated block */
  if (na) {
    __m128i xa[8];
    switch (na) {
      case 1: load_any(xa, aad, aad_len, 1); break;
      case 2: load_blocks(xa, aad, aad_len, 2); break;
      case 3: load_blocks(xa, aad, aad_len, 3); break;
      case 4: load_blocks(xa, aad, aad_len, 4); break;
      case 5: load_blocks(xa, aad, aad_len, 5); break;
      case 6: load_blocks(xa, aad, aad_len, 6); break;
      case 7: load_blocks(xa, aad, aad_len, 7); break;
      default: load_blocks(xa, aad, aad_len, 8); break;
    }
    size_t i = 0;
    if (t > 16) { /* 8 + 8 + 1: H^17 is not stored */
      pre = gf_mul(bswap128(xa[0]), s->h[0], s->hk[0]);
      i = 1;
      t--;
    }
    gf_mul_acc(&a, _mm_xor_si128(pre, bswap128(xa[i])), s->h[t - 1], s->hk[t - 1]);
    for (size_t m = 1; i + m < na; m++)
      gf_mul_acc(&a, bswap128(xa[i + m]), s->h[t - 1 - m], s->hk[t - 1 - m]);
  }
  /* ciphertext block j is multiplied by H^(n + 1 - j) */
  if (open)
    for (int j = 0; j < n; j++) gf_mul_acc(&a, bswap128(x[j]), s->h[n - j], s->hk[n - j]);

  aes_lanes(s, nr, b, n + 1);

  if (n) {
    for (int j = 0; j < n; j++) b[j + 1] = _mm_xor_si128(b[j + 1], x[j]);
    const size_t r = len - 16 * (size_t)(n - 1);
    for (int j = 0; j < n - 1; j++) storeu(out + 16 * j, b[j + 1]);
    if (r == 16) {
      storeu(out + 16 * (n - 1), b[n]);
    } else {
      if (n == 1) {
        HWC_ALIGN(16) uint8_t buf[16];
        _mm_store_si128((__m128i *)(void *)buf, b[1]);
        memcpy(out, buf, len);
        wipe_scratch(buf, 16);
      } else {
        store_last(out, len, r, b[n - 1], b[n]);
      }
      b[n] = _mm_and_si128(b[n], loadu(mask_win + 16 - r)); /* GHASH pads with zeros */
    }
    if (!open)
      for (int j = 0; j < n; j++) gf_mul_acc(&a, bswap128(b[j + 1]), s->h[n - j], s->hk[n - j]);
  }
  /* [len(A)]_64 || [len(C)]_64, reflected: low qword len(C), high len(A) */
  gf_mul_acc(&a, _mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8)), s->h[0], s->hk[0]);
  storeu(full_tag, _mm_xor_si128(b[0], bswap128(gf_reduce(&a))));
}

#define GCM_WHOLE_CASES(open)                                                              \
  switch ((len + 15) >> 4) {                                                               \
    case 0: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 0, open); break; \
    case 1: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 1, open); break; \
    case 2: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 2, open); break; \
    case 3: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 3, open); break; \
    case 4: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 4, open); break; \
    case 5: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 5, open); break; \
    case 6: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 6, open); break; \
    case 7: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 7, open); break; \
    default: gcm_whole_n(s, nr, nonce, aad, aad_len, in, len, out, full_tag, 8, open); break; \
  }

/* A whole message with a 96-bit nonce, len <= 128 and aad_len <= 128
 * (hwcrypt_impl.h): one call instead of the glue's five. */
static void aesni_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                            const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                            uint8_t *out, uint8_t full_tag[16]) {
  const aesni_key *s = ST(k);
  const unsigned nr = k->rounds;
  if (seal) {
    GCM_WHOLE_CASES(0)
  } else {
    GCM_WHOLE_CASES(1)
  }
}
#undef GCM_WHOLE_CASES

static const hwc_aes_impl aesni_impl = {
    "aesni",          aesni_init,     aesni_encrypt_block, aesni_ctr32,
    aesni_ghash,      aesni_gcm_seal, aesni_gcm_open, aesni_gcm_short,
    sizeof(aesni_key),
};

HWC_TARGET_END

const hwc_aes_impl *hwc_aes_x86_aesni_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->aesni && f->pclmul && f->ssse3 && f->sse41) ? &aesni_impl : NULL;
}

#else /* not x86-64, or a compiler that cannot target the instructions */

const hwc_aes_impl *hwc_aes_x86_aesni_get(void) { return NULL; }

#endif
