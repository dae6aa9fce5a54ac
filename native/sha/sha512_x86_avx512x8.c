/*
 * sha512_x86_avx512x8.c - multi-buffer SHA-512 (for SHA-384, SHA-512,
 * SHA-512/t) on AVX-512: eight independent messages, one per 64-bit lane
 * of a zmm register ("avx512x8"; hwc_hash_mb_impl, hash_many.c's lane
 * scheduler).
 *
 * The kernel targets AVX-512 F/BW/VL/DQ only (HWC_TARGET_BEGIN below); the
 * getter hands the table out only when hwc_cpu()->avx512 is set (those
 * four, and the OS saves the ZMM and opmask state).
 *
 * Why lanes: the single-stream SHA-512 round is a serial chain of scalar
 * 64-bit operations (sha512_x86_avx2.c). Eight messages side by side turn
 * each scalar operation into one vector operation for all eight, and
 * AVX-512 has the two instructions that make the round short: vprorq (a
 * 64-bit rotate; AVX2 needs a shift pair and an or) and vpternlogq (any
 * three-input boolean function in one instruction: the three-way xor of
 * Sigma and sigma, Ch and Maj). A round is then about 15 instructions for
 * eight blocks, and the message schedule about 11 per word.
 *
 * Data layout: the rounds (sha512_x86_mb_tmpl.h) want vector j = word j of
 * every lane. Each lane's 128-byte block is loaded as two zmm rows of eight
 * words, and the two 8x8 matrices of words are transposed (transpose8
 * below: a 2x2-block transpose at each of the qword, 128-bit and 256-bit
 * granularities), then byte-swapped. The chaining values go through the
 * same transpose on entry and on exit (a transpose is its own inverse).
 *
 * Registers: 8 state + 16 schedule vectors of the 32 zmm; the chaining
 * values of the feed-forward and temporaries may spill. Spilled schedule
 * words are message-derived, so the entry point burns its worker's dead
 * frame (hwc_burn_stack, hwcrypt_ct.h).
 *
 * Two groups ("avx512x16"): the round is a chain of about five dependent
 * vector operations, so one group of eight lanes leaves most issue slots
 * idle; a second, independent group issued step by step beside it nearly
 * doubles the throughput (the schedule words then spill; loads are cheap).
 * Measured (native/bench/hash_mb_cycles.c, kernel only, core cycles per
 * message byte from the calibrated TSC, one interleaved run, AMD EPYC Zen
 * 5 VM): 64 B / 1 KiB messages (1 / 9 blocks per lane): single-stream
 * avx2 8.27 / 3.90, avx512x8 2.75 / 1.37, avx512x16 1.95 / 0.97 (4.2x /
 * 4.0x).
 *
 * Constant time: adds, rotates, shifts, ternary logic and fixed shuffles;
 * addresses depend on the block index and the (public) block count only.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx512f,avx512bw,avx512vl,avx512dq")

typedef __m512i V;
#define V_ADD(x, y) _mm512_add_epi64((x), (y))
#define V_K(t) _mm512_set1_epi64((long long)hwc_sha512_k[t])
/* ternlog 0x96: x ^ y ^ z; 0xca: x ? y : z (Ch); 0xe8: majority (Maj). */
#define V_XOR3(x, y, z) _mm512_ternarylogic_epi64((x), (y), (z), 0x96)
#define V_BSIG0(x) V_XOR3(_mm512_ror_epi64((x), 28), _mm512_ror_epi64((x), 34), _mm512_ror_epi64((x), 39))
#define V_BSIG1(x) V_XOR3(_mm512_ror_epi64((x), 14), _mm512_ror_epi64((x), 18), _mm512_ror_epi64((x), 41))
#define V_SSIG0(x) V_XOR3(_mm512_ror_epi64((x), 1), _mm512_ror_epi64((x), 8), _mm512_srli_epi64((x), 7))
#define V_SSIG1(x) V_XOR3(_mm512_ror_epi64((x), 19), _mm512_ror_epi64((x), 61), _mm512_srli_epi64((x), 6))
#define V_CH(e, f, g) _mm512_ternarylogic_epi64((e), (f), (g), 0xca)
#define V_MAJ(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0xe8)

#include "sha512_x86_mb_tmpl.h"

/* In place: x[i] (row i = lane i's words 0..7) becomes column i (word i
 * of lanes 0..7). Three rounds of 2x2-block swaps: qwords (unpack),
 * 128-bit pairs (shuffle_i64x2 0x88 / 0xdd pick the even / odd 128-bit
 * blocks of two registers), and again for 256-bit halves. */
HWC_INLINE void transpose8(V x[8]) {
  V t[8], u[8];
  for (int i = 0; i < 4; i++) {
    t[2 * i] = _mm512_unpacklo_epi64(x[2 * i], x[2 * i + 1]);     /* words 0,2,4,6 of rows 2i, 2i+1 */
    t[2 * i + 1] = _mm512_unpackhi_epi64(x[2 * i], x[2 * i + 1]); /* words 1,3,5,7 */
  }
  for (int h = 0; h < 2; h++) {
    /* rows 4h..4h+3: u[4h+0] words 0,4; u[4h+1] 2,6; u[4h+2] 1,5; u[4h+3] 3,7 */
    u[4 * h + 0] = _mm512_shuffle_i64x2(t[4 * h + 0], t[4 * h + 2], 0x88);
    u[4 * h + 1] = _mm512_shuffle_i64x2(t[4 * h + 0], t[4 * h + 2], 0xdd);
    u[4 * h + 2] = _mm512_shuffle_i64x2(t[4 * h + 1], t[4 * h + 3], 0x88);
    u[4 * h + 3] = _mm512_shuffle_i64x2(t[4 * h + 1], t[4 * h + 3], 0xdd);
  }
  x[0] = _mm512_shuffle_i64x2(u[0], u[4], 0x88), x[4] = _mm512_shuffle_i64x2(u[0], u[4], 0xdd);
  x[2] = _mm512_shuffle_i64x2(u[1], u[5], 0x88), x[6] = _mm512_shuffle_i64x2(u[1], u[5], 0xdd);
  x[1] = _mm512_shuffle_i64x2(u[2], u[6], 0x88), x[5] = _mm512_shuffle_i64x2(u[2], u[6], 0xdd);
  x[3] = _mm512_shuffle_i64x2(u[3], u[7], 0x88), x[7] = _mm512_shuffle_i64x2(u[3], u[7], 0xdd);
}

/* nblocks blocks on G groups of eight lanes (lanes 8g..8g+7 in group g). */
HWC_INLINE void mb_run(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks, int G) {
  /* Reverse the bytes of each qword (big-endian message words). */
  const V bswap = _mm512_set4_epi64(0x08090a0b0c0d0e0fLL, 0x0001020304050607LL, 0x08090a0b0c0d0e0fLL,
                                    0x0001020304050607LL);
  V s[8 * MB_GROUPS_MAX], w[16 * MB_GROUPS_MAX];
  for (int g = 0; g < G; g++) {
    for (int k = 0; k < 8; k++) s[8 * g + k] = _mm512_loadu_si512((const void *)st[8 * g + k]->s64);
    transpose8(s + 8 * g);
  }
  for (size_t b = 0; b < nblocks; b++) {
    for (int g = 0; g < G; g++) {
      V *x = w + 16 * g;
      for (int k = 0; k < 8; k++) {
        const uint8_t *p = data[8 * g + k] + 128 * b;
        x[k] = _mm512_loadu_si512((const void *)p);
        x[8 + k] = _mm512_loadu_si512((const void *)(p + 64));
      }
      transpose8(x);
      transpose8(x + 8);
      for (int i = 0; i < 16; i++) x[i] = _mm512_shuffle_epi8(x[i], bswap);
    }
    mb_sha512_block(s, w, G);
  }
  for (int g = 0; g < G; g++) {
    transpose8(s + 8 * g);
    for (int k = 0; k < 8; k++) _mm512_storeu_si512((void *)st[8 * g + k]->s64, s[8 * g + k]);
  }
}

/* One worker per lane count (returns its frame's low end for the burn),
 * and an entry point that zeroes that dead frame (spilled schedule
 * words); the fallback depth covers the frames gcc and clang build (zmm
 * spill slots are 64 bytes) plus the red zone. */
#define MB_KERNEL(G, LANES)                                                                                 \
  static HWC_NOINLINE uintptr_t mb_rounds##LANES(hwc_hash_state *const *st, const uint8_t *const *data,     \
                                                 size_t nblocks) {                                          \
    mb_run(st, data, nblocks, G);                                                                           \
    uintptr_t sp;                                                                                           \
    HWC_STACK_POINTER(sp);                                                                                  \
    return sp;                                                                                              \
  }                                                                                                         \
  HWC_MB_ENTRY(mb_compress##LANES, mb_rounds##LANES(st, data, nblocks), 6144)                               \
  static const hwc_hash_mb_impl sha512_avx512x##LANES = {"avx512x" #LANES, HWC_FAMILY_SHA512, LANES,      \
                                                         mb_compress##LANES};

MB_KERNEL(1, 8)
MB_KERNEL(2, 16)

HWC_TARGET_END

const hwc_hash_mb_impl *hwc_sha512_x86_avx512x8_get(void) {
  return hwc_cpu()->avx512 ? &sha512_avx512x8 : NULL;
}
const hwc_hash_mb_impl *hwc_sha512_x86_avx512x16_get(void) {
  return hwc_cpu()->avx512 ? &sha512_avx512x16 : NULL;
}

#else

const hwc_hash_mb_impl *hwc_sha512_x86_avx512x8_get(void) { return NULL; }
const hwc_hash_mb_impl *hwc_sha512_x86_avx512x16_get(void) { return NULL; }

#endif
