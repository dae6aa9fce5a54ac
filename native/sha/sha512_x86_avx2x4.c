/*
 * sha512_x86_avx2x4.c - multi-buffer SHA-512 (for SHA-384, SHA-512,
 * SHA-512/t) on AVX2: four independent messages, one per 64-bit lane of a
 * ymm register ("avx2x4"; hwc_hash_mb_impl, hash_many.c's lane scheduler).
 *
 * The kernel targets AVX2 only (HWC_TARGET_BEGIN below); the getter hands
 * the table out only when hwc_cpu()->avx2 is set (CPUID, and the OS saves
 * YMM).
 *
 * The rounds are sha512_x86_mb_tmpl.h's, on four lanes (see the AVX-512
 * eight-lane file for the layout). AVX2 has no 64-bit rotate and no
 * ternary logic: a rotate is a shift pair and an or (the rotate by 8 a byte
 * shuffle), Ch is g ^ (e & (f ^ g)) and Maj (a & b) | (c & (a | b)), so a
 * round costs about twice the instructions of the AVX-512 one for half the
 * lanes. Whether that beats the single-stream scalar kernel
 * (sha512_x86_avx2.c) is measured, not assumed (native/bench/hash_mb_cycles.c).
 *
 * Data layout: each lane's block is four ymm rows of four words; each 4x4
 * matrix of words is transposed (transpose4 below), then byte-swapped.
 * Only 16 ymm registers: the 16 schedule words and 8 state words do not
 * all fit, so the compiler spills schedule words; the entry point burns its
 * worker's dead frame (hwc_burn_stack, hwcrypt_ct.h).
 *
 * Measured (native/bench/hash_mb_cycles.c, same run as the AVX-512 file):
 * 64 B / 1 KiB: single-stream avx2 8.27 / 3.90, avx2x4 7.89 / 4.24 (one
 * group: latency-bound, no faster than the scalar rounds), avx2x8 (two
 * groups interleaved) 5.74 / 3.11 (1.44x / 1.25x). hash_many.c's tables
 * list avx2x8 only; avx2x4 stays built and tested for comparison.
 *
 * Constant time: adds, shifts, boolean ops and fixed shuffles; addresses
 * depend on the block index and the (public) block count only.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx2")

typedef __m256i V;
#define V_ADD(x, y) _mm256_add_epi64((x), (y))
#define V_K(t) _mm256_set1_epi64x((long long)hwc_sha512_k[t])
#define V_XOR(x, y) _mm256_xor_si256((x), (y))
#define V_ROR(x, n) _mm256_or_si256(_mm256_srli_epi64((x), (n)), _mm256_slli_epi64((x), 64 - (n)))
/* Rotate each qword right by 8 bits: a byte shuffle (in each 128-bit half). */
#define V_ROR8(x) \
  _mm256_shuffle_epi8((x), _mm256_set_epi64x(0x080f0e0d0c0b0a09LL, 0x0007060504030201LL, 0x080f0e0d0c0b0a09LL, 0x0007060504030201LL))
#define V_BSIG0(x) V_XOR(V_XOR(V_ROR((x), 28), V_ROR((x), 34)), V_ROR((x), 39))
#define V_BSIG1(x) V_XOR(V_XOR(V_ROR((x), 14), V_ROR((x), 18)), V_ROR((x), 41))
#define V_SSIG0(x) V_XOR(V_XOR(V_ROR((x), 1), V_ROR8(x)), _mm256_srli_epi64((x), 7))
#define V_SSIG1(x) V_XOR(V_XOR(V_ROR((x), 19), V_ROR((x), 61)), _mm256_srli_epi64((x), 6))
#define V_CH(e, f, g) V_XOR((g), _mm256_and_si256((e), V_XOR((f), (g))))
#define V_MAJ(a, b, c) _mm256_or_si256(_mm256_and_si256((a), (b)), _mm256_and_si256((c), _mm256_or_si256((a), (b))))

#include "sha512_x86_mb_tmpl.h"

/* In place: x[i] (row i = lane i's words 0..3) becomes column i (word i of
 * lanes 0..3): qword swaps (unpack), then 128-bit swaps (permute2x128). */
HWC_INLINE void transpose4(V x[4]) {
  const V t0 = _mm256_unpacklo_epi64(x[0], x[1]), t1 = _mm256_unpackhi_epi64(x[0], x[1]);
  const V t2 = _mm256_unpacklo_epi64(x[2], x[3]), t3 = _mm256_unpackhi_epi64(x[2], x[3]);
  x[0] = _mm256_permute2x128_si256(t0, t2, 0x20), x[2] = _mm256_permute2x128_si256(t0, t2, 0x31);
  x[1] = _mm256_permute2x128_si256(t1, t3, 0x20), x[3] = _mm256_permute2x128_si256(t1, t3, 0x31);
}

/* nblocks blocks on G groups of four lanes (lanes 4g..4g+3 in group g). */
HWC_INLINE void mb_run(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks, int G) {
  const V bswap = _mm256_set_epi64x(0x08090a0b0c0d0e0fLL, 0x0001020304050607LL, 0x08090a0b0c0d0e0fLL,
                                    0x0001020304050607LL);
  V s[8 * MB_GROUPS_MAX], w[16 * MB_GROUPS_MAX];
  /* Group g: s[8g..8g+3] = words 0..3, s[8g+4..8g+7] = words 4..7, each
   * transposed from the rows of lanes 4g..4g+3. */
  for (int g = 0; g < G; g++) {
    for (int k = 0; k < 4; k++) {
      s[8 * g + k] = _mm256_loadu_si256((const __m256i *)(const void *)st[4 * g + k]->s64);
      s[8 * g + 4 + k] = _mm256_loadu_si256((const __m256i *)(const void *)(st[4 * g + k]->s64 + 4));
    }
    transpose4(s + 8 * g);
    transpose4(s + 8 * g + 4);
  }
  for (size_t b = 0; b < nblocks; b++) {
    for (int g = 0; g < G; g++) {
      V *x = w + 16 * g;
      for (int k = 0; k < 4; k++) {
        const uint8_t *p = data[4 * g + k] + 128 * b;
        for (int q = 0; q < 4; q++) x[4 * q + k] = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * q));
      }
      for (int q = 0; q < 4; q++) transpose4(x + 4 * q);
      for (int i = 0; i < 16; i++) x[i] = _mm256_shuffle_epi8(x[i], bswap);
    }
    mb_sha512_block(s, w, G);
  }
  for (int g = 0; g < G; g++) {
    transpose4(s + 8 * g);
    transpose4(s + 8 * g + 4);
    for (int k = 0; k < 4; k++) {
      _mm256_storeu_si256((__m256i *)(void *)st[4 * g + k]->s64, s[8 * g + k]);
      _mm256_storeu_si256((__m256i *)(void *)(st[4 * g + k]->s64 + 4), s[8 * g + 4 + k]);
    }
  }
}

/* One worker per lane count (returns its frame's low end for the burn),
 * and an entry point that zeroes that dead frame (spilled schedule
 * words); the fallback depth covers the frames gcc and clang build plus
 * the red zone. */
#define MB_KERNEL(G, LANES)                                                                                 \
  static HWC_NOINLINE uintptr_t mb_rounds##LANES(hwc_hash_state *const *st, const uint8_t *const *data,     \
                                                 size_t nblocks) {                                          \
    mb_run(st, data, nblocks, G);                                                                           \
    uintptr_t sp;                                                                                           \
    HWC_STACK_POINTER(sp);                                                                                  \
    return sp;                                                                                              \
  }                                                                                                         \
  HWC_MB_ENTRY(mb_compress##LANES, mb_rounds##LANES(st, data, nblocks), 4096)                               \
  static const hwc_hash_mb_impl sha512_avx2x##LANES = {"avx2x" #LANES, HWC_FAMILY_SHA512, LANES,          \
                                                       mb_compress##LANES};

MB_KERNEL(1, 4)
MB_KERNEL(2, 8)

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha512_x86_avx2x4_get(void) {
  return hwc_cpu()->avx2 ? &sha512_avx2x4 : NULL;
}
const hwc_hash_mb_impl *hwc_sha512_x86_avx2x8_get(void) {
  return hwc_cpu()->avx2 ? &sha512_avx2x8 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha512_x86_avx2x4_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha512_x86_avx2x8_get(void) { return NULL; }

#endif
