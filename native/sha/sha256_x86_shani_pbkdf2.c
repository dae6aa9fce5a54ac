/*
 * sha256_x86_shani_pbkdf2.c - the PBKDF2-HMAC-SHA-256 / SHA-224 iteration
 * loop (U_2 .. U_c of one output block, kdf.c) on the x86 SHA extensions,
 * with every state in registers.
 *
 * Built for SHA, SSSE3 and SSE4.1 (a HWC_TARGET region, as
 * sha256_x86_shani.c); kdf.c calls it only for a PRF whose hash context
 * uses the "shani" backend, which that backend's getter hands out only
 * when CPUID reports SHA, SSSE3 and SSE4.1.
 *
 * Why a loop of its own: an iteration is two dependent compressions, each
 * a chain of 32 sha256rnds2 (4 cycles each on Zen 4/5), so the loop is
 * latency-bound. Through the compress entry point every compression also
 * paid a call, the conversion of the state from FIPS word order to the
 * {A,B,E,F}/{C,D,G,H} register split and back, a store of the state, a
 * byte swap of the digest into the padded block and the reload of both -
 * about 15 % on top of the rounds. Here:
 *   - the inner and outer pad states are converted to the register split
 *     once per call;
 *   - a digest goes from the register split to FIPS word order (the
 *     kernel's epilogue, 4 shuffles) and is the next compression's message
 *     words W0..W7 as they are: the block is big-endian bytes only in
 *     memory, so skipping memory skips the byte swaps too;
 *   - W8..W15 are the fixed padding of a 64 + HashLen byte message, two
 *     constant registers (SHA-224: W7 is the 0x80 word, blended in);
 *   - T accumulates in two registers, XORed with each outer digest;
 *   - two output blocks (lanes) can run side by side: independent chains
 *     that the out-of-order core overlaps, so T_1 and T_2 together take
 *     about the time of one.
 * The round group (QROUND) and the word-order conversions are those of
 * sha256_x86_shani.c.
 *
 * Constant time: as the compression kernel (fixed-latency instructions,
 * no data-dependent branches or addresses); the loop count is the public
 * iteration count. The states and T live in xmm registers (not wiped,
 * docs/security.md rule 2.4); any spill lands in the frame that kdf.c's
 * entry point burns after the loop returns.
 */
#include "hwcrypt_impl.h"

/* Only where the compiler can target the instructions (else the stub below
 * reports "not compiled in"); the ISA is enabled for this region alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("sha,ssse3,sse4.1")

#define KV(q) _mm_load_si128((const __m128i *)(hwc_sha256_k + 4 * (q)))

/* Four rounds of group q on message register mq; finishes mn (msg2) for
 * 3 <= q <= 14 and starts mp (msg1) for 1 <= q <= 12 (sha256_x86_shani.c). */
HWC_INLINE void qround(int q, __m128i *abef, __m128i *cdgh, __m128i mq, __m128i *mn, __m128i *mp) {
  __m128i wk = _mm_add_epi32(mq, KV(q));
  *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
  if (q >= 3 && q <= 14) {
    *mn = _mm_add_epi32(*mn, _mm_alignr_epi8(mq, *mp, 4));
    *mn = _mm_sha256msg2_epu32(*mn, mq);
  }
  wk = _mm_shuffle_epi32(wk, 0x0e);
  *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, wk);
  if (q >= 1 && q <= 12) *mp = _mm_sha256msg1_epu32(*mp, mq);
}

/* One compression of the message (m0..m3, FIPS word order) from the
 * state (iabef, icdgh); the result in register split. */
HWC_INLINE void compress(__m128i iabef, __m128i icdgh, __m128i m0, __m128i m1, __m128i m2, __m128i m3,
                         __m128i *abef_out, __m128i *cdgh_out) {
  __m128i abef = iabef, cdgh = icdgh;
  qround(0, &abef, &cdgh, m0, &m1, &m3);
  qround(1, &abef, &cdgh, m1, &m2, &m0);
  qround(2, &abef, &cdgh, m2, &m3, &m1);
  qround(3, &abef, &cdgh, m3, &m0, &m2);
  qround(4, &abef, &cdgh, m0, &m1, &m3);
  qround(5, &abef, &cdgh, m1, &m2, &m0);
  qround(6, &abef, &cdgh, m2, &m3, &m1);
  qround(7, &abef, &cdgh, m3, &m0, &m2);
  qround(8, &abef, &cdgh, m0, &m1, &m3);
  qround(9, &abef, &cdgh, m1, &m2, &m0);
  qround(10, &abef, &cdgh, m2, &m3, &m1);
  qround(11, &abef, &cdgh, m3, &m0, &m2);
  qround(12, &abef, &cdgh, m0, &m1, &m3);
  qround(13, &abef, &cdgh, m1, &m2, &m0);
  qround(14, &abef, &cdgh, m2, &m3, &m1);
  qround(15, &abef, &cdgh, m3, &m0, &m2);
  *abef_out = _mm_add_epi32(abef, iabef);
  *cdgh_out = _mm_add_epi32(cdgh, icdgh);
}

/* FIPS order (A..D, E..H) -> register split, and back. */
HWC_INLINE void to_split(__m128i dcba, __m128i hgfe, __m128i *abef, __m128i *cdgh) {
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1), efgh = _mm_shuffle_epi32(hgfe, 0x1b);
  *abef = _mm_alignr_epi8(cdab, efgh, 8);
  *cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
}
HWC_INLINE void to_words(__m128i abef, __m128i cdgh, __m128i *dcba, __m128i *hgfe) {
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1b), dchg = _mm_shuffle_epi32(cdgh, 0xb1);
  *dcba = _mm_blend_epi16(feba, dchg, 0xf0);
  *hgfe = _mm_alignr_epi8(dchg, feba, 8);
}

/* The padding of a (64 + HashLen)-byte message after the digest words:
 * W7 (SHA-224) or W8 (SHA-256) is the 0x80 word, W15 the bit length. */
typedef struct pad_words {
  __m128i w7, m2, m3;
} pad_words;

/* Next message: the digest words; SHA-224 (7 words) gets its 0x80 word in
 * lane 3 of the second register. sha224 is a constant at each call site. */
HWC_INLINE __m128i msg_hi(__m128i u1, const pad_words *p, int sha224) {
  return sha224 ? _mm_blend_epi16(u1, p->w7, 0xc0) : u1;
}

/* Two compressions of independent messages from the same state, round
 * group by round group, so the two sha256rnds2 chains are interleaved in
 * the instruction stream (left to the out-of-order core, two whole
 * compressions in sequence overlapped only ~25 %). */
typedef struct lane {
  __m128i m0, m1, m2, m3, abef, cdgh;
} lane;

HWC_INLINE void compress2(__m128i iabef, __m128i icdgh, lane *x, lane *y) {
  x->abef = y->abef = iabef;
  x->cdgh = y->cdgh = icdgh;
#define Q2(q, a, b, c)                                               \
  qround(q, &x->abef, &x->cdgh, x->a, &x->b, &x->c);                 \
  qround(q, &y->abef, &y->cdgh, y->a, &y->b, &y->c)
  Q2(0, m0, m1, m3);
  Q2(1, m1, m2, m0);
  Q2(2, m2, m3, m1);
  Q2(3, m3, m0, m2);
  Q2(4, m0, m1, m3);
  Q2(5, m1, m2, m0);
  Q2(6, m2, m3, m1);
  Q2(7, m3, m0, m2);
  Q2(8, m0, m1, m3);
  Q2(9, m1, m2, m0);
  Q2(10, m2, m3, m1);
  Q2(11, m3, m0, m2);
  Q2(12, m0, m1, m3);
  Q2(13, m1, m2, m0);
  Q2(14, m2, m3, m1);
  Q2(15, m3, m0, m2);
#undef Q2
  x->abef = _mm_add_epi32(x->abef, iabef);
  x->cdgh = _mm_add_epi32(x->cdgh, icdgh);
  y->abef = _mm_add_epi32(y->abef, iabef);
  y->cdgh = _mm_add_epi32(y->cdgh, icdgh);
}

/* One iteration of one lane: U <- HMAC(P, U) from the pad states, T ^= U. */
HWC_INLINE void step(__m128i iabef, __m128i icdgh, __m128i oabef, __m128i ocdgh, const pad_words *p, int sha224,
                     __m128i *u0, __m128i *u1, __m128i *t0, __m128i *t1) {
  __m128i abef, cdgh;
  compress(iabef, icdgh, *u0, msg_hi(*u1, p, sha224), p->m2, p->m3, &abef, &cdgh);
  to_words(abef, cdgh, u0, u1);
  compress(oabef, ocdgh, *u0, msg_hi(*u1, p, sha224), p->m2, p->m3, &abef, &cdgh);
  to_words(abef, cdgh, u0, u1);
  *t0 = _mm_xor_si128(*t0, *u0);
  *t1 = _mm_xor_si128(*t1, *u1);
}

/* The same for two lanes, interleaved. */
HWC_INLINE void step2(__m128i iabef, __m128i icdgh, __m128i oabef, __m128i ocdgh, const pad_words *p, int sha224,
                      __m128i *a0, __m128i *a1, __m128i *ta0, __m128i *ta1, __m128i *b0, __m128i *b1, __m128i *tb0,
                      __m128i *tb1) {
  lane x = {*a0, msg_hi(*a1, p, sha224), p->m2, p->m3, iabef, icdgh};
  lane y = {*b0, msg_hi(*b1, p, sha224), p->m2, p->m3, iabef, icdgh};
  compress2(iabef, icdgh, &x, &y);
  to_words(x.abef, x.cdgh, &x.m0, &x.m1);
  to_words(y.abef, y.cdgh, &y.m0, &y.m1);
  x.m1 = msg_hi(x.m1, p, sha224), x.m2 = p->m2, x.m3 = p->m3;
  y.m1 = msg_hi(y.m1, p, sha224), y.m2 = p->m2, y.m3 = p->m3;
  compress2(oabef, ocdgh, &x, &y);
  to_words(x.abef, x.cdgh, a0, a1);
  to_words(y.abef, y.cdgh, b0, b1);
  *ta0 = _mm_xor_si128(*ta0, *a0);
  *ta1 = _mm_xor_si128(*ta1, *a1);
  *tb0 = _mm_xor_si128(*tb0, *b0);
  *tb1 = _mm_xor_si128(*tb1, *b1);
}

/* `lanes` (1 or 2) and sha224 are constants at each call site. */
HWC_INLINE void iterate(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, int lanes,
                        uint32_t iterations, int sha224) {
  __m128i iabef, icdgh, oabef, ocdgh;
  to_split(_mm_loadu_si128((const __m128i *)istate), _mm_loadu_si128((const __m128i *)(istate + 4)), &iabef, &icdgh);
  to_split(_mm_loadu_si128((const __m128i *)ostate), _mm_loadu_si128((const __m128i *)(ostate + 4)), &oabef, &ocdgh);
  pad_words p;
  p.w7 = _mm_set_epi32((int)0x80000000u, 0, 0, 0);
  p.m2 = sha224 ? _mm_setzero_si128() : _mm_set_epi32(0, 0, 0, (int)0x80000000u);
  p.m3 = _mm_set_epi32(sha224 ? (64 + 28) * 8 : (64 + 32) * 8, 0, 0, 0);
  __m128i a0 = _mm_loadu_si128((const __m128i *)t), a1 = _mm_loadu_si128((const __m128i *)(t + 4));
  __m128i ta0 = a0, ta1 = a1, b0 = a0, b1 = a1, tb0 = a0, tb1 = a1;
  if (lanes == 2) {
    b0 = tb0 = _mm_loadu_si128((const __m128i *)(t + 8));
    b1 = tb1 = _mm_loadu_si128((const __m128i *)(t + 12));
  }
  for (uint32_t j = 1; j < iterations; j++) {
    if (lanes == 2)
      step2(iabef, icdgh, oabef, ocdgh, &p, sha224, &a0, &a1, &ta0, &ta1, &b0, &b1, &tb0, &tb1);
    else
      step(iabef, icdgh, oabef, ocdgh, &p, sha224, &a0, &a1, &ta0, &ta1);
  }
  _mm_storeu_si128((__m128i *)t, ta0);
  _mm_storeu_si128((__m128i *)(t + 4), ta1);
  if (lanes == 2) {
    _mm_storeu_si128((__m128i *)(t + 8), tb0);
    _mm_storeu_si128((__m128i *)(t + 12), tb1);
  }
}

int hwc_sha256_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                                uint32_t iterations, int sha224) {
  if (lanes == 2) {
    if (sha224)
      iterate(istate, ostate, t, 2, iterations, 1);
    else
      iterate(istate, ostate, t, 2, iterations, 0);
  } else if (sha224) {
    iterate(istate, ostate, t, 1, iterations, 1);
  } else {
    iterate(istate, ostate, t, 1, iterations, 0);
  }
  return 1;
}

HWC_TARGET_END

#else

int hwc_sha256_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                                uint32_t iterations, int sha224) {
  (void)istate, (void)ostate, (void)t, (void)lanes, (void)iterations, (void)sha224;
  return 0;
}

#endif
