/*
 * x86_sha_common.h - the SHA-NI building blocks the x86 SHA-1 and SHA-256
 * code shares: the round group with its message-schedule steps, a whole
 * block on registers, the state layout conversions and the byte-order
 * load. Included by sha256_x86_shani.c, sha256_x86_shani_pbkdf2.c,
 * sha1_x86_shani.c and sha1_x86_shani_pbkdf2.c inside each one's target
 * region (HWC_TARGET_BEGIN("sha,ssse3,sse4.1"), hwcrypt_target.h), so the
 * functions here get that instruction set. All functions are HWC_INLINE;
 * a group index q or a lane count n is a constant at every call after
 * inlining, so each `if` on it disappears and every array index is a
 * constant (the lane structs stay in registers).
 *
 * Constant time: the SHA instructions and the shuffles have fixed latency;
 * there are no data-dependent branches or addresses.
 *
 * SHA-256 register layout (derived once, used by every x86 SHA-256 file)
 * ----------------------------------------------------------------------
 * sha256rnds2 performs two rounds on a state split across two registers,
 * {A,B,E,F} and {C,D,G,H} (A in the highest lane), taking W+K for the two
 * rounds from the low 64 bits of its third operand. A group of four rounds
 * is therefore: add K to four schedule words, rnds2 on the low half, move
 * the high half down (pshufd 0x0e), rnds2 again.
 *
 * The FIPS word order (state words 0..3 = A,B,C,D and 4..7 = E,F,G,H,
 * lane 0 first) is converted to that split with two pshufd, a palignr and
 * a pblendw (x86_sha256_to_split), and back with the same four
 * (x86_sha256_to_words).
 *
 * The schedule is kept as four registers M0..M3, each holding four
 * consecutive words W[4j..4j+3] (W[4j] in lane 0: a big-endian load of 16
 * message bytes, x86_sha256_load). Words 16.. are produced four at a time:
 *   msg1(M[j], M[j+1])          adds sigma0 of W[4j+1..4j+4]
 *   + palignr(M[j+3], M[j+2],4) adds W[4j+9..4j+12] (the t-7 term)
 *   msg2(., M[j+3])             adds sigma1 of W[t-2], resolving the
 *                               dependency inside the group of four.
 * Group q (rounds 4q..4q+3) uses M[q mod 4]; while it runs we finish the
 * words of group q+1 (msg2) and start those of group q+3 (msg1), so the
 * schedule work hides under the latency of the rnds2 chain, which is the
 * critical path (32 dependent sha256rnds2 per block).
 *
 * SHA-1 register layout
 * ---------------------
 * The state is {A,B,C,D} in one register (A in the highest lane) and E
 * alone in the highest lane of another. sha1rnds4 does four rounds with
 * the round function and constant chosen by its immediate (0..3 for rounds
 * 0-19, 20-39, 40-59, 60-79); its second operand is W[t..t+3] with E already
 * added to the first word. sha1nexte computes that: it derives the E of the
 * next group (ROTL30 of the A that entered this group) and adds it to the
 * next four schedule words. So the E register alternates between two
 * variables, e[0] for even groups and e[1] for odd ones.
 *
 * The schedule words are W[4j..4j+3] with the first word in the highest
 * lane (a load that reverses all 16 bytes, x86_sha1_load), four registers
 * M0..M3. The words of group q+4 are built over three groups while the
 * rounds run:
 *   q+1: msg1(M[q], M[q+1])  -> W[t-16] ^ W[t-14]
 *   q+2: ^= M[q+2]           -> ^ W[t-8]
 *   q+3: msg2(., M[q+3])     -> ^ W[t-3], ROTL1, resolving the in-group
 *                               dependency of the last word.
 * The critical path is the chain of 20 sha1rnds4; the rest hides under it.
 */
#ifndef HWC_X86_SHA_COMMON_H
#define HWC_X86_SHA_COMMON_H

/* ---- SHA-256 ------------------------------------------------------------ */

/* Byte-swaps each 32-bit word: big-endian message bytes -> W[4j..4j+3]. */
HWC_INLINE __m128i x86_sha256_bswap_mask(void) {
  return _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
}
HWC_INLINE __m128i x86_sha256_load(const uint8_t *p, __m128i bswap) {
  return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), bswap);
}

/* FIPS order (dcba = A..D, hgfe = E..H, lane 0 first) -> register split. */
HWC_INLINE void x86_sha256_to_split(__m128i dcba, __m128i hgfe, __m128i *abef, __m128i *cdgh) {
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1), efgh = _mm_shuffle_epi32(hgfe, 0x1b);
  *abef = _mm_alignr_epi8(cdab, efgh, 8);
  *cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
}
/* Register split -> FIPS order. */
HWC_INLINE void x86_sha256_to_words(__m128i abef, __m128i cdgh, __m128i *dcba, __m128i *hgfe) {
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1b), dchg = _mm_shuffle_epi32(cdgh, 0xb1);
  *dcba = _mm_blend_epi16(feba, dchg, 0xf0);
  *hgfe = _mm_alignr_epi8(dchg, feba, 8);
}

/* One SHA-256 computation in flight: its schedule m[q & 3] and its state
 * in register split. */
typedef struct x86_sha256_lane {
  __m128i m[4];
  __m128i abef, cdgh;
} x86_sha256_lane;

/* Four rounds of group q (0..15) on m[q & 3]; finishes m[q+1] (msg2, with
 * m[q-1] supplying its t-7 words) for 3 <= q <= 14 and starts m[q-1]
 * (msg1, after that use) for 1 <= q <= 12. */
HWC_INLINE void x86_sha256_group(int q, x86_sha256_lane *x) {
  const __m128i mq = x->m[q & 3];
  __m128i *mn = &x->m[(q + 1) & 3], *mp = &x->m[(q + 3) & 3];
  __m128i wk = _mm_add_epi32(mq, _mm_load_si128((const __m128i *)(const void *)(hwc_sha256_k + 4 * q)));
  x->cdgh = _mm_sha256rnds2_epu32(x->cdgh, x->abef, wk);
  if (q >= 3 && q <= 14) {
    *mn = _mm_add_epi32(*mn, _mm_alignr_epi8(mq, *mp, 4));
    *mn = _mm_sha256msg2_epu32(*mn, mq);
  }
  wk = _mm_shuffle_epi32(wk, 0x0e);
  x->abef = _mm_sha256rnds2_epu32(x->abef, x->cdgh, wk);
  if (q >= 1 && q <= 12) *mp = _mm_sha256msg1_epu32(*mp, mq);
}

/* Group q on each of n lanes in turn. */
HWC_INLINE void x86_sha256_groups(int q, x86_sha256_lane *l, int n) {
  for (int k = 0; k < n; k++) x86_sha256_group(q, &l[k]);
}

/* One block on each of n lanes (the message in l[k].m), all from the state
 * (abef, cdgh), feed-forward included: l[k].abef/cdgh is the new state.
 * With n = 2 the lanes run round group by round group, so their rnds2
 * chains interleave in the instruction stream (left to the out-of-order
 * core, two whole compressions in sequence overlap only ~25 %). */
HWC_INLINE void x86_sha256_block(x86_sha256_lane *l, int n, __m128i abef, __m128i cdgh) {
  for (int k = 0; k < n; k++) l[k].abef = abef, l[k].cdgh = cdgh;
  /* Written out, not a loop over q: q must be a constant in each group. */
  x86_sha256_groups(0, l, n), x86_sha256_groups(1, l, n), x86_sha256_groups(2, l, n), x86_sha256_groups(3, l, n);
  x86_sha256_groups(4, l, n), x86_sha256_groups(5, l, n), x86_sha256_groups(6, l, n), x86_sha256_groups(7, l, n);
  x86_sha256_groups(8, l, n), x86_sha256_groups(9, l, n), x86_sha256_groups(10, l, n), x86_sha256_groups(11, l, n);
  x86_sha256_groups(12, l, n), x86_sha256_groups(13, l, n), x86_sha256_groups(14, l, n), x86_sha256_groups(15, l, n);
  for (int k = 0; k < n; k++) {
    l[k].abef = _mm_add_epi32(l[k].abef, abef);
    l[k].cdgh = _mm_add_epi32(l[k].cdgh, cdgh);
  }
}

/* ---- SHA-1 -------------------------------------------------------------- */

/* Reverses all 16 bytes: big-endian words, and W[4j] into the high lane. */
HWC_INLINE __m128i x86_sha1_bswap_mask(void) { return _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL); }
HWC_INLINE __m128i x86_sha1_load(const uint8_t *p, __m128i bswap) {
  return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), bswap);
}

/* FIPS order (A..E, s[0] first) <-> {A,B,C,D} register and E register. */
HWC_INLINE void x86_sha1_to_split(const uint32_t s[5], __m128i *abcd, __m128i *e) {
  *abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)s), 0x1b);
  *e = _mm_set_epi32((int)s[4], 0, 0, 0);
}
HWC_INLINE void x86_sha1_to_words(__m128i abcd, __m128i e, uint32_t s[5]) {
  _mm_storeu_si128((__m128i *)(void *)s, _mm_shuffle_epi32(abcd, 0x1b));
  s[4] = (uint32_t)_mm_extract_epi32(e, 3);
}

/* One SHA-1 computation in flight: schedule m[q & 3], the two alternating
 * E registers, and {A,B,C,D}. */
typedef struct x86_sha1_lane {
  __m128i m[4];
  __m128i e[2];
  __m128i abcd;
} x86_sha1_lane;

/* sha1rnds4's immediate must be a literal: one call per round function. */
HWC_INLINE __m128i x86_sha1_rnds4(__m128i abcd, __m128i e, int f) {
  switch (f) {
    case 0: return _mm_sha1rnds4_epu32(abcd, e, 0);
    case 1: return _mm_sha1rnds4_epu32(abcd, e, 1);
    case 2: return _mm_sha1rnds4_epu32(abcd, e, 2);
    default: return _mm_sha1rnds4_epu32(abcd, e, 3);
  }
}

/* Four rounds of group q (0..19) on m[q & 3]: e[q & 1] is the E register
 * consumed by this group, e[(q + 1) & 1] the one that receives A for the
 * next. Advances the schedule of m[q+1] (msg2), m[q-1] (msg1) and
 * m[q-2] = m[q+2] (xor) within the ranges that still need words. */
HWC_INLINE void x86_sha1_group(int q, x86_sha1_lane *x) {
  const __m128i mq = x->m[q & 3];
  __m128i *mn = &x->m[(q + 1) & 3], *mp = &x->m[(q + 3) & 3], *mpp = &x->m[(q + 2) & 3];
  __m128i *en = &x->e[q & 1], *eo = &x->e[(q + 1) & 1];
  *en = q == 0 ? _mm_add_epi32(*en, mq) : _mm_sha1nexte_epu32(*en, mq);
  *eo = x->abcd;
  if (q >= 3 && q <= 18) *mn = _mm_sha1msg2_epu32(*mn, mq);
  x->abcd = x86_sha1_rnds4(x->abcd, *en, q / 5);
  if (q >= 1 && q <= 16) *mp = _mm_sha1msg1_epu32(*mp, mq);
  if (q >= 2 && q <= 17) *mpp = _mm_xor_si128(*mpp, mq);
}

/* Group q on each of n lanes in turn. */
HWC_INLINE void x86_sha1_groups(int q, x86_sha1_lane *l, int n) {
  for (int k = 0; k < n; k++) x86_sha1_group(q, &l[k]);
}

/* One block on each of n lanes (the message in l[k].m), all from the state
 * (abcd, e), feed-forward included: l[k].abcd and l[k].e[0] are the new
 * state. With n = 2 the lanes run round group by round group. */
HWC_INLINE void x86_sha1_block(x86_sha1_lane *l, int n, __m128i abcd, __m128i e) {
  for (int k = 0; k < n; k++) l[k].abcd = abcd, l[k].e[0] = e;
  /* Written out, not a loop over q: q must be a constant in each group. */
  x86_sha1_groups(0, l, n), x86_sha1_groups(1, l, n), x86_sha1_groups(2, l, n), x86_sha1_groups(3, l, n);
  x86_sha1_groups(4, l, n), x86_sha1_groups(5, l, n), x86_sha1_groups(6, l, n), x86_sha1_groups(7, l, n);
  x86_sha1_groups(8, l, n), x86_sha1_groups(9, l, n), x86_sha1_groups(10, l, n), x86_sha1_groups(11, l, n);
  x86_sha1_groups(12, l, n), x86_sha1_groups(13, l, n), x86_sha1_groups(14, l, n), x86_sha1_groups(15, l, n);
  x86_sha1_groups(16, l, n), x86_sha1_groups(17, l, n), x86_sha1_groups(18, l, n), x86_sha1_groups(19, l, n);
  for (int k = 0; k < n; k++) {
    /* e[0] holds the A that entered the last group: its ROTL30 plus the
     * input E is the final E (lanes 0..2 stay those of e). */
    l[k].e[0] = _mm_sha1nexte_epu32(l[k].e[0], e);
    l[k].abcd = _mm_add_epi32(l[k].abcd, abcd);
  }
}

#endif /* HWC_X86_SHA_COMMON_H */
