/*
 * sha1_x86_shani_pbkdf2.c - the PBKDF2-HMAC-SHA-1 iteration loop (U_2 ..
 * U_c of one or two output blocks, kdf.c) on the x86 SHA extensions, with
 * every state in registers. The SHA-1 counterpart of
 * sha256_x86_shani_pbkdf2.c (see there for why); the same target region,
 * called only for a PRF on the "shani" backend.
 *
 * Register layout as in sha1_x86_shani.c: {A,B,C,D} in one register (A in
 * the highest lane), E alone in the highest lane of another, schedule
 * words W[4j..4j+3] with the first word in the highest lane. A digest in
 * that layout is the next compression's message as it is: W0..W3 = the
 * ABCD register, W4 = E, and W5 the 0x80 word of the padding; W6..W14 are
 * zero and W15 = (64 + 20) * 8 bits.
 *
 * Two lanes (output blocks T_i, T_i+1, e.g. WPA2's 32-byte key) run
 * round group by round group, so their sha1rnds4 chains interleave.
 *
 * Constant time and wiping: as sha256_x86_shani_pbkdf2.c.
 */
#include "hwcrypt_impl.h"

/* Only where the compiler can target the instructions (else the stub below
 * reports "not compiled in"); the ISA is enabled for this region alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("sha,ssse3,sse4.1")

typedef struct lane {
  __m128i m[4];     /* schedule: m[q & 3] is group q's */
  __m128i e[2];     /* E registers, alternating by group (sha1_x86_shani.c) */
  __m128i abcd;
} lane;

/* sha1rnds4's immediate must be a literal: one call per round function. */
HWC_INLINE __m128i rnds4(__m128i abcd, __m128i e, int f) {
  switch (f) {
    case 0: return _mm_sha1rnds4_epu32(abcd, e, 0);
    case 1: return _mm_sha1rnds4_epu32(abcd, e, 1);
    case 2: return _mm_sha1rnds4_epu32(abcd, e, 2);
    default: return _mm_sha1rnds4_epu32(abcd, e, 3);
  }
}

/* Round group q (0..19) of sha1_x86_shani.c's QROUND, on n lanes; q and n
 * are constants after inlining, so every index below is one too. */
HWC_INLINE void group(int q, lane *l, int n) {
  for (int k = 0; k < n; k++) {
    lane *x = &l[k];
    __m128i *mq = &x->m[q & 3], *mn = &x->m[(q + 1) & 3], *mp = &x->m[(q + 3) & 3], *mpp = &x->m[(q + 2) & 3];
    __m128i *en = &x->e[q & 1], *eo = &x->e[(q + 1) & 1];
    *en = q == 0 ? _mm_add_epi32(*en, *mq) : _mm_sha1nexte_epu32(*en, *mq);
    *eo = x->abcd;
    if (q >= 3 && q <= 18) *mn = _mm_sha1msg2_epu32(*mn, *mq);
    x->abcd = rnds4(x->abcd, *en, q / 5);
    if (q >= 1 && q <= 16) *mp = _mm_sha1msg1_epu32(*mp, *mq);
    if (q >= 2 && q <= 17) *mpp = _mm_xor_si128(*mpp, *mq);
  }
}

/* Pad block words after the digest: W4 (E) | W5 = 0x80 word; W15 = bits. */
#define PAD_W5 _mm_set_epi32(0, (int)0x80000000u, 0, 0)
#define PAD_M3 _mm_set_epi32(0, 0, 0, (64 + 20) * 8)

/* One compression of each lane's message (m[0] = its digest's ABCD,
 * e[0] = its E) from the state (iabcd, ie); the digest replaces it. */
HWC_INLINE void compress(__m128i iabcd, __m128i ie, lane *l, int n) {
  for (int k = 0; k < n; k++) {
    l[k].m[1] = _mm_or_si128(l[k].e[0], PAD_W5);
    l[k].m[2] = _mm_setzero_si128();
    l[k].m[3] = PAD_M3;
    l[k].abcd = iabcd;
    l[k].e[0] = ie;
  }
  group(0, l, n), group(1, l, n), group(2, l, n), group(3, l, n), group(4, l, n);
  group(5, l, n), group(6, l, n), group(7, l, n), group(8, l, n), group(9, l, n);
  group(10, l, n), group(11, l, n), group(12, l, n), group(13, l, n), group(14, l, n);
  group(15, l, n), group(16, l, n), group(17, l, n), group(18, l, n), group(19, l, n);
  for (int k = 0; k < n; k++) {
    /* e[0] holds the A that entered the last group: its ROTL30 plus the
     * input E is the final E (lanes 0..2 stay those of ie: zero). */
    l[k].e[0] = _mm_sha1nexte_epu32(l[k].e[0], ie);
    l[k].abcd = _mm_add_epi32(l[k].abcd, iabcd);
    l[k].m[0] = l[k].abcd;
  }
}

HWC_INLINE void iterate(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, int n, uint32_t iterations) {
  const __m128i iabcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)istate), 0x1b);
  const __m128i ie = _mm_set_epi32((int)istate[4], 0, 0, 0);
  const __m128i oabcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)ostate), 0x1b);
  const __m128i oe = _mm_set_epi32((int)ostate[4], 0, 0, 0);
  lane l[2];
  __m128i tabcd[2], te[2];
  for (int k = 0; k < n; k++) {
    tabcd[k] = l[k].m[0] = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(t + 8 * k)), 0x1b);
    te[k] = l[k].e[0] = _mm_set_epi32((int)t[8 * k + 4], 0, 0, 0);
  }
  for (uint32_t j = 1; j < iterations; j++) {
    compress(iabcd, ie, l, n);
    compress(oabcd, oe, l, n);
    for (int k = 0; k < n; k++) {
      tabcd[k] = _mm_xor_si128(tabcd[k], l[k].abcd);
      te[k] = _mm_xor_si128(te[k], l[k].e[0]);
    }
  }
  for (int k = 0; k < n; k++) {
    _mm_storeu_si128((__m128i *)(t + 8 * k), _mm_shuffle_epi32(tabcd[k], 0x1b));
    t[8 * k + 4] = (uint32_t)_mm_extract_epi32(te[k], 3);
  }
}

int hwc_sha1_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                              uint32_t iterations) {
  if (lanes == 2)
    iterate(istate, ostate, t, 2, iterations);
  else
    iterate(istate, ostate, t, 1, iterations);
  return 1;
}

HWC_TARGET_END

#else

int hwc_sha1_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                              uint32_t iterations) {
  (void)istate, (void)ostate, (void)t, (void)lanes, (void)iterations;
  return 0;
}

#endif
