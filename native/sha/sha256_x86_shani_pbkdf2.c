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
 * The round group, the block on registers (one or two lanes) and the
 * word-order conversions are those of sha256_x86_shani.c, from
 * x86_sha_common.h (where the register layout is derived).
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

#include "x86_sha_common.h"

/* The padding of a (64 + HashLen)-byte message after the digest words:
 * W7 (SHA-224) or W8 (SHA-256) is the 0x80 word, W15 the bit length. */
typedef struct pad_words {
  __m128i w7, m2, m3;
} pad_words;

/* Lane x's next message: its digest words (m[0], m[1]) and the padding;
 * SHA-224 (7 words) gets its 0x80 word in lane 3 of the second register.
 * sha224 is a constant at each call site. */
HWC_INLINE void set_msg(x86_sha256_lane *x, const pad_words *p, int sha224) {
  if (sha224) x->m[1] = _mm_blend_epi16(x->m[1], p->w7, 0xc0);
  x->m[2] = p->m2;
  x->m[3] = p->m3;
}

/* One iteration of n lanes: U <- HMAC(P, U) from the pad states, T ^= U.
 * U is each lane's m[0], m[1] (FIPS word order) on entry and on return. */
HWC_INLINE void step(x86_sha256_lane *l, int n, __m128i iabef, __m128i icdgh, __m128i oabef, __m128i ocdgh,
                     const pad_words *p, int sha224, __m128i *t) {
  for (int k = 0; k < n; k++) set_msg(&l[k], p, sha224);
  x86_sha256_block(l, n, iabef, icdgh);
  for (int k = 0; k < n; k++) {
    x86_sha256_to_words(l[k].abef, l[k].cdgh, &l[k].m[0], &l[k].m[1]);
    set_msg(&l[k], p, sha224);
  }
  x86_sha256_block(l, n, oabef, ocdgh);
  for (int k = 0; k < n; k++) {
    x86_sha256_to_words(l[k].abef, l[k].cdgh, &l[k].m[0], &l[k].m[1]);
    t[2 * k] = _mm_xor_si128(t[2 * k], l[k].m[0]);
    t[2 * k + 1] = _mm_xor_si128(t[2 * k + 1], l[k].m[1]);
  }
}

/* `n` (lanes, 1 or 2) and sha224 are constants at each call site. */
HWC_INLINE void iterate(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, int n, uint32_t iterations,
                        int sha224) {
  __m128i iabef, icdgh, oabef, ocdgh;
  x86_sha256_to_split(_mm_loadu_si128((const __m128i *)istate), _mm_loadu_si128((const __m128i *)(istate + 4)), &iabef,
                      &icdgh);
  x86_sha256_to_split(_mm_loadu_si128((const __m128i *)ostate), _mm_loadu_si128((const __m128i *)(ostate + 4)), &oabef,
                      &ocdgh);
  pad_words p;
  p.w7 = _mm_set_epi32((int)0x80000000u, 0, 0, 0);
  p.m2 = sha224 ? _mm_setzero_si128() : _mm_set_epi32(0, 0, 0, (int)0x80000000u);
  p.m3 = _mm_set_epi32(sha224 ? (64 + 28) * 8 : (64 + 32) * 8, 0, 0, 0);
  x86_sha256_lane l[2];
  __m128i tv[4];
  for (int k = 0; k < n; k++) {
    tv[2 * k] = l[k].m[0] = _mm_loadu_si128((const __m128i *)(t + 8 * k));
    tv[2 * k + 1] = l[k].m[1] = _mm_loadu_si128((const __m128i *)(t + 8 * k + 4));
  }
  for (uint32_t j = 1; j < iterations; j++) step(l, n, iabef, icdgh, oabef, ocdgh, &p, sha224, tv);
  for (int k = 0; k < n; k++) {
    _mm_storeu_si128((__m128i *)(t + 8 * k), tv[2 * k]);
    _mm_storeu_si128((__m128i *)(t + 8 * k + 4), tv[2 * k + 1]);
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
