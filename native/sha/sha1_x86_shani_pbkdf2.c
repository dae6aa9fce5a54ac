/*
 * sha1_x86_shani_pbkdf2.c - the PBKDF2-HMAC-SHA-1 iteration loop (U_2 ..
 * U_c of one or two output blocks, kdf.c) on the x86 SHA extensions, with
 * every state in registers. The SHA-1 counterpart of
 * sha256_x86_shani_pbkdf2.c (see there for why); the same target region,
 * called only for a PRF on the "shani" backend.
 *
 * Register layout, round group and block on registers as in
 * sha1_x86_shani.c, from x86_sha_common.h: {A,B,C,D} in one register (A
 * in the highest lane), E alone in the highest lane of another, schedule
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

#include "x86_sha_common.h"

/* Pad block words after the digest: W4 (E) | W5 = 0x80 word; W15 = bits. */
#define PAD_W5 _mm_set_epi32(0, (int)0x80000000u, 0, 0)
#define PAD_M3 _mm_set_epi32(0, 0, 0, (64 + 20) * 8)

/* One compression of each lane's message (m[0] = its digest's ABCD,
 * e[0] = its E) from the state (iabcd, ie); the digest replaces it. */
HWC_INLINE void compress(__m128i iabcd, __m128i ie, x86_sha1_lane *l, int n) {
  for (int k = 0; k < n; k++) {
    l[k].m[1] = _mm_or_si128(l[k].e[0], PAD_W5);
    l[k].m[2] = _mm_setzero_si128();
    l[k].m[3] = PAD_M3;
  }
  x86_sha1_block(l, n, iabcd, ie);
  for (int k = 0; k < n; k++) l[k].m[0] = l[k].abcd;
}

HWC_INLINE void iterate(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, int n, uint32_t iterations) {
  __m128i iabcd, ie, oabcd, oe;
  x86_sha1_to_split(istate, &iabcd, &ie);
  x86_sha1_to_split(ostate, &oabcd, &oe);
  x86_sha1_lane l[2];
  __m128i tabcd[2], te[2];
  for (int k = 0; k < n; k++) {
    x86_sha1_to_split(t + 8 * k, &tabcd[k], &te[k]);
    l[k].m[0] = tabcd[k], l[k].e[0] = te[k];
  }
  for (uint32_t j = 1; j < iterations; j++) {
    compress(iabcd, ie, l, n);
    compress(oabcd, oe, l, n);
    for (int k = 0; k < n; k++) {
      tabcd[k] = _mm_xor_si128(tabcd[k], l[k].abcd);
      te[k] = _mm_xor_si128(te[k], l[k].e[0]);
    }
  }
  for (int k = 0; k < n; k++) x86_sha1_to_words(tabcd[k], te[k], t + 8 * k);
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
