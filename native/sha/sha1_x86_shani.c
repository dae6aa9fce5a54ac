/*
 * sha1_x86_shani.c - SHA-1 compression with the x86 SHA extensions.
 *
 * The kernel targets SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getter hands the table out only when CPUID reports SHA, SSSE3 and
 * SSE4.1.
 *
 * The state is {A,B,C,D} in one register (A in the highest lane) and E
 * alone in the highest lane of another. sha1rnds4 does four rounds with
 * the round function and constant chosen by its immediate (0..3 for rounds
 * 0-19, 20-39, 40-59, 60-79); its second operand is W[t..t+3] with E already
 * added to the first word. sha1nexte computes that: it derives the E of the
 * next group (ROTL30 of the A that entered this group) and adds it to the
 * next four schedule words. So the E register alternates between two
 * variables, e0 for even groups and e1 for odd ones.
 *
 * Schedule: four registers M0..M3 hold W in groups of four. The words of
 * group q+4 are built over three groups while the rounds run:
 *   q+1: msg1(M[q], M[q+1])  -> W[t-16] ^ W[t-14]
 *   q+2: ^= M[q+2]           -> ^ W[t-8]
 *   q+3: msg2(., M[q+3])     -> ^ W[t-3], ROTL1, resolving the in-group
 *                               dependency of the last word.
 * The critical path is the chain of 20 sha1rnds4; the rest hides under it.
 * The state stays in registers across all blocks of a call.
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

/* Four rounds of group q (0..19) on schedule register Mq; En is the E
 * register consumed by this group, Eo the one that receives A for the
 * next. Mn = M[q+1], Mp = M[q-1], Mpp = M[q-2] (= M[q+2]). */
#define QROUND(q, Mq, Mn, Mp, Mpp, En, Eo)                          \
  do {                                                             \
    if ((q) == 0)                                                  \
      En = _mm_add_epi32(En, Mq);                                  \
    else                                                           \
      En = _mm_sha1nexte_epu32(En, Mq);                            \
    Eo = abcd;                                                     \
    if ((q) >= 3 && (q) <= 18) Mn = _mm_sha1msg2_epu32(Mn, Mq);    \
    abcd = _mm_sha1rnds4_epu32(abcd, En, (q) / 5);                 \
    if ((q) >= 1 && (q) <= 16) Mp = _mm_sha1msg1_epu32(Mp, Mq);    \
    if ((q) >= 2 && (q) <= 17) Mpp = _mm_xor_si128(Mpp, Mq);       \
  } while (0)

static void sha1_shani_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  if (!nblocks) return;
  /* Reverses all 16 bytes: big-endian words, and W[t] into the high lane. */
  const __m128i bswap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0x1b);
  __m128i e0 = _mm_set_epi32((int)state[4], 0, 0, 0);
  __m128i e1;

  do {
    const __m128i abcd_in = abcd, e_in = e0;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), bswap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), bswap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), bswap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), bswap);

    QROUND(0, m0, m1, m3, m2, e0, e1);
    QROUND(1, m1, m2, m0, m3, e1, e0);
    QROUND(2, m2, m3, m1, m0, e0, e1);
    QROUND(3, m3, m0, m2, m1, e1, e0);
    QROUND(4, m0, m1, m3, m2, e0, e1);
    QROUND(5, m1, m2, m0, m3, e1, e0);
    QROUND(6, m2, m3, m1, m0, e0, e1);
    QROUND(7, m3, m0, m2, m1, e1, e0);
    QROUND(8, m0, m1, m3, m2, e0, e1);
    QROUND(9, m1, m2, m0, m3, e1, e0);
    QROUND(10, m2, m3, m1, m0, e0, e1);
    QROUND(11, m3, m0, m2, m1, e1, e0);
    QROUND(12, m0, m1, m3, m2, e0, e1);
    QROUND(13, m1, m2, m0, m3, e1, e0);
    QROUND(14, m2, m3, m1, m0, e0, e1);
    QROUND(15, m3, m0, m2, m1, e1, e0);
    QROUND(16, m0, m1, m3, m2, e0, e1);
    QROUND(17, m1, m2, m0, m3, e1, e0);
    QROUND(18, m2, m3, m1, m0, e0, e1);
    QROUND(19, m3, m0, m2, m1, e1, e0);

    /* e0 holds the A that entered the last group: its ROTL30 is the final E. */
    e0 = _mm_sha1nexte_epu32(e0, e_in);
    abcd = _mm_add_epi32(abcd, abcd_in);
    data += 64;
  } while (--nblocks);

  _mm_storeu_si128((__m128i *)state, _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

static const hwc_hash_impl sha1_shani = {"shani", HWC_FAMILY_SHA1, sha1_shani_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha1_x86_shani_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->shani && f->ssse3 && f->sse41) ? &sha1_shani : NULL;
}

#else

const hwc_hash_impl *hwc_sha1_x86_shani_get(void) { return NULL; }

#endif
