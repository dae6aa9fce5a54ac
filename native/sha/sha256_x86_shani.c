/*
 * sha256_x86_shani.c - SHA-256 compression with the x86 SHA extensions.
 *
 * The kernel targets SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getter hands the table out only when CPUID reports SHA, SSSE3 and
 * SSE4.1.
 *
 * sha256rnds2 performs two rounds on a state split across two registers,
 * {A,B,E,F} and {C,D,G,H} (A in the highest lane), taking W+K for the two
 * rounds from the low 64 bits of its third operand. A group of four rounds
 * is therefore: add K to four schedule words, rnds2 on the low half, move
 * the high half down (pshufd 0x0e), rnds2 again.
 *
 * The schedule is kept as four registers M0..M3, each holding four
 * consecutive words W[4j..4j+3]. Words 16.. are produced four at a time:
 *   msg1(M[j], M[j+1])          adds sigma0 of W[4j+1..4j+4]
 *   + palignr(M[j+3], M[j+2],4) adds W[4j+9..4j+12] (the t-7 term)
 *   msg2(., M[j+3])             adds sigma1 of W[t-2], resolving the
 *                               dependency inside the group of four.
 * Group q (rounds 4q..4q+3) uses M[q mod 4]; while it runs we finish the
 * words of group q+1 (msg2) and start those of group q+3 (msg1), so the
 * schedule work hides under the latency of the rnds2 chain, which is the
 * critical path (32 dependent sha256rnds2 per block).
 *
 * The state stays in the two registers across all blocks of a call; it is
 * converted from/to the FIPS word order once per call.
 *
 * Constant time: the SHA instructions and the shuffles have fixed latency;
 * there are no data-dependent branches or addresses.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("sha,ssse3,sse4.1")

#define K256 hwc_sha256_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

#define KV(q) _mm_load_si128((const __m128i *)(K256 + 4 * (q)))

/* Four rounds of group q on message register Mq. Mn is M[q+1] (finished
 * here with msg2 for 3 <= q <= 14; Mp supplies its t-7 words) and Mp is
 * M[q-1] (started with msg1 for 1 <= q <= 12, after that use). */
#define QROUND(q, Mq, Mn, Mp)                                           \
  do {                                                                 \
    __m128i wk = _mm_add_epi32(Mq, KV(q));                             \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                      \
    if ((q) >= 3 && (q) <= 14) {                                       \
      Mn = _mm_add_epi32(Mn, _mm_alignr_epi8(Mq, Mp, 4));              \
      Mn = _mm_sha256msg2_epu32(Mn, Mq);                               \
    }                                                                  \
    wk = _mm_shuffle_epi32(wk, 0x0e);                                  \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);                      \
    if ((q) >= 1 && (q) <= 12) Mp = _mm_sha256msg1_epu32(Mp, Mq);      \
  } while (0)

static void sha256_shani_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  if (!nblocks) return;
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

  /* state words 0..3 = A,B,C,D and 4..7 = E,F,G,H (lane 0 first). */
  __m128i dcba = _mm_loadu_si128((const __m128i *)state);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);

  do {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), bswap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), bswap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), bswap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), bswap);

    QROUND(0, m0, m1, m3);
    QROUND(1, m1, m2, m0);
    QROUND(2, m2, m3, m1);
    QROUND(3, m3, m0, m2);
    QROUND(4, m0, m1, m3);
    QROUND(5, m1, m2, m0);
    QROUND(6, m2, m3, m1);
    QROUND(7, m3, m0, m2);
    QROUND(8, m0, m1, m3);
    QROUND(9, m1, m2, m0);
    QROUND(10, m2, m3, m1);
    QROUND(11, m3, m0, m2);
    QROUND(12, m0, m1, m3);
    QROUND(13, m1, m2, m0);
    QROUND(14, m2, m3, m1);
    QROUND(15, m3, m0, m2);

    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
    data += 64;
  } while (--nblocks);

  /* Back to A..D, E..H. */
  __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
  dcba = _mm_blend_epi16(feba, dchg, 0xf0);
  hgfe = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128((__m128i *)state, dcba);
  _mm_storeu_si128((__m128i *)(state + 4), hgfe);
}

static const hwc_hash_impl sha256_shani = {"shani", HWC_FAMILY_SHA256, sha256_shani_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha256_x86_shani_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->shani && f->ssse3 && f->sse41) ? &sha256_shani : NULL;
}

#else

const hwc_hash_impl *hwc_sha256_x86_shani_get(void) { return NULL; }

#endif
