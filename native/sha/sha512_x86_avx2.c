/*
 * sha512_x86_avx2.c - SHA-512 compression (FIPS 180-4, 6.4.2) for x86-64
 * CPUs without the SHA512 instructions: AVX2 computes the message
 * schedule, scalar 64-bit code (with BMI2 rorx) runs the rounds. Shared by
 * SHA-384, SHA-512 and SHA-512/t (hash.c handles IVs and output lengths).
 *
 * The kernel targets AVX2 and BMI2 only (HWC_TARGET_BEGIN below); the getter
 * hands the table out only when the CPU has AVX2 (and the OS saves YMM)
 * and BMI2.
 *
 * Why split the work this way: the 80 rounds are one serial dependency
 * chain of 64-bit adds, rotates and boolean ops, ~24 single-cycle ops per
 * round, so they stay in general-purpose registers and are limited by the
 * integer ALUs and the chain latency. The message schedule W[16..79] does
 * not depend on the rounds and vectorises, so it runs on the SIMD units
 * next to the integer rounds and costs little more than decode slots.
 *
 * Schedule layout: blocks are processed in pairs. A ymm register holds two
 * consecutive schedule words of the first block in its low 128-bit lane
 * and the same two words of the second block in its high lane:
 *     X = { W0[t], W0[t+1] | W1[t], W1[t+1] }
 * so eight registers hold the 16-word window of both blocks and every
 * AVX2 instruction works on four words. A step produces two words per
 * block: W[t+16] needs sigma1(W[t+14]) and W[t+17] needs sigma1(W[t+15]),
 * both already in the window, so no word of a step depends on another word
 * of the same step. The sigma0 input W[t+1..t+2] and the W[t+9..t+10] term
 * straddle two registers and are taken with vpalignr, which on ymm works
 * within each 128-bit lane - i.e. within each block, as needed. AVX2 has
 * no 64-bit rotate: the rotates are shift pairs, except the rotate by 8,
 * which is a byte shuffle.
 *
 * Each step adds the round constants and stores W+K to a stack buffer
 * (32 bytes per step: the two words of block 0, then those of block 1).
 * The rounds of block 0 read their W+K from the buffer 16 rounds after the
 * step that wrote it, so the 32 steps are interleaved with rounds 0..63 of
 * block 0, one step per two rounds. The 80 rounds of block 1 then run from
 * the buffer alone. A single (or final odd) block loads the same block
 * into both lanes and skips the second pass.
 *
 * Code shape (measured on Zen 5, where this beats the obvious versions by
 * 5-10%): block 0 with its schedule is unrolled (the window registers
 * rotate through the code, no moves); block 1 is a loop of 16 rounds, so
 * the whole kernel stays small enough for the decoded-op cache (fully
 * unrolling both blocks made block 1 decoder-bound). The buffer and
 * constant pointers are passed through an empty asm so that the compiler
 * neither turns the buffer reads of block 0 into vector-to-GPR extracts
 * (it sees the stores) nor hoists the 40 constant pairs out of the loop
 * and spills them; GCC's post-RA scheduler is disabled for this file
 * because it bunches the vector steps together instead of leaving them
 * spread between the rounds.
 *
 * Constant time: additions, subtractions, shifts, rotates, boolean ops and
 * fixed shuffles only; every memory address depends on the round number
 * and the (public) block count, never on the message or the state. The
 * only branches are on nblocks.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-schedule-insns2")
#endif

#include <immintrin.h>

HWC_TARGET_BEGIN("avx2,bmi2")

#define K512 hwc_sha512_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

/* ---- vector message schedule ------------------------------------------ */

/* kp[2j], kp[2j+1] in both 128-bit lanes. */
#define KPAIR(kp, j) _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)((kp) + 2 * (j))))

/* Big-endian 64-bit words: reverse the bytes of each qword. */
#define BSWAP64_MASK                                                                   \
  _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, \
                   2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8)
/* Rotate each qword right by 8 bits. */
#define ROR8_MASK                                                                      \
  _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, 1, 2, 3, 4, 5, \
                   6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8)

/* sigma0(x) = ror1 ^ ror8 ^ shr7; sigma1(x) = ror19 ^ ror61 ^ shr6. */
HWC_INLINE __m256i vsig0(__m256i x, __m256i ror8) {
  __m256i r = _mm256_xor_si256(_mm256_srli_epi64(x, 1), _mm256_slli_epi64(x, 63));
  r = _mm256_xor_si256(r, _mm256_srli_epi64(x, 7));
  return _mm256_xor_si256(r, _mm256_shuffle_epi8(x, ror8));
}
HWC_INLINE __m256i vsig1(__m256i x) {
  __m256i r = _mm256_xor_si256(_mm256_srli_epi64(x, 19), _mm256_slli_epi64(x, 45));
  r = _mm256_xor_si256(r, _mm256_srli_epi64(x, 61));
  r = _mm256_xor_si256(r, _mm256_slli_epi64(x, 3));
  return _mm256_xor_si256(r, _mm256_srli_epi64(x, 6));
}

/* X0..X7 hold W[t..t+15] (two words per register and lane), t = t0 + i;
 * replace X0 by W[t+16], W[t+17] and store them plus K[t+16], K[t+17]
 * (k points at K[t0+16]) 16 rounds ahead in the buffer (ws is the write
 * pointer matching w). */
#define SCHED(X0, X1, X2, X3, X4, X5, X6, X7, i)                                       \
  do {                                                                                 \
    __m256i s0_ = vsig0(_mm256_alignr_epi8(X1, X0, 8), ror8);                          \
    __m256i s1_ = vsig1(X7);                                                           \
    X0 = _mm256_add_epi64(X0, _mm256_alignr_epi8(X5, X4, 8));                          \
    X0 = _mm256_add_epi64(_mm256_add_epi64(X0, s0_), s1_);                             \
    _mm256_store_si256((__m256i *)(ws + 32 + 2 * (i)), _mm256_add_epi64(X0, KPAIR(k, (i) / 2))); \
  } while (0)

/* ---- scalar rounds ------------------------------------------------------ */

#define ROR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) (ROR(x, 28) ^ ROR(x, 34) ^ ROR(x, 39))
#define BSIG1(x) (ROR(x, 14) ^ ROR(x, 18) ^ ROR(x, 41))

/*
 * One round, w = W[t]+K[t]; the working variables are renamed by the
 * callers, never moved. HWC_OPAQUE_GPR keeps the compiler from
 * re-associating the sums, which are ordered for latency. Written for the two dependency chains:
 *   e' = d + h + w + Ch(e,f,g) + Sigma1(e): d + h + w is ready long before
 *        e; Ch = g ^ (e & (f ^ g)) is 2 ops deep in e and Sigma1 3, so
 *        adding Ch and then Sigma1 puts e' 4 ops after e (T1 first and
 *        d + T1 after would be 5).
 *   a' = T1 + Maj(a,b,c) + Sigma0(a) = e' + ((b & c) - d) + (a & (b ^ c))
 *        + Sigma0(a), using T1 = e' - d and Maj = (a & (b ^ c)) + (b & c)
 *        (the two terms never share a set bit, so + is |). Everything but
 *        a & (b ^ c) (1 op deep in a) and Sigma0 (3 deep) is known early, so
 *        a' follows a by 4 ops too; the usual b ^ ((a ^ b) & (b ^ c)) plus
 *        Sigma0 would make it 5.
 */
#define ROUND(a, b, c, d, e, f, g, h, w)      \
  do {                                        \
    uint64_t ch_ = (g) ^ ((e) & ((f) ^ (g))); \
    uint64_t s1_ = BSIG1(e);                  \
    uint64_t m_ = ((b) & (c)) - (d);          \
    m_ += (a) & ((b) ^ (c));                  \
    HWC_OPAQUE_GPR(m_);                       \
    h += (w);                                 \
    d += h;                                   \
    HWC_OPAQUE_GPR(d);                        \
    d += ch_;                                 \
    HWC_OPAQUE_GPR(d);                        \
    d += s1_;                                 \
    HWC_OPAQUE_GPR(d);                        \
    h = d + m_;                               \
    HWC_OPAQUE_GPR(h);                        \
    h += BSIG0(a);                            \
  } while (0)

/* W+K of round t0+i (i = 0..15) relative to w, which points at the word of
 * round t0 (t0 a multiple of 16) in the lane of the block being hashed. */
#define WK(i) w[4 * ((i) >> 1) + ((i)&1)]

#define ROUND8(i0)                             \
  ROUND(a, b, c, d, e, f, g, h, WK((i0) + 0)); \
  ROUND(h, a, b, c, d, e, f, g, WK((i0) + 1)); \
  ROUND(g, h, a, b, c, d, e, f, WK((i0) + 2)); \
  ROUND(f, g, h, a, b, c, d, e, WK((i0) + 3)); \
  ROUND(e, f, g, h, a, b, c, d, WK((i0) + 4)); \
  ROUND(d, e, f, g, h, a, b, c, WK((i0) + 5)); \
  ROUND(c, d, e, f, g, h, a, b, WK((i0) + 6)); \
  ROUND(b, c, d, e, f, g, h, a, WK((i0) + 7))

/* Eight rounds of block 0 (i0 = 0 or 8) with the four schedule steps for
 * the words 16 rounds ahead interleaved, one per two rounds. A0..A7 is the
 * window with A0 the oldest pair. */
#define ROUND8_SCHED(i0, A0, A1, A2, A3, A4, A5, A6, A7) \
  ROUND(a, b, c, d, e, f, g, h, WK((i0) + 0));           \
  SCHED(A0, A1, A2, A3, A4, A5, A6, A7, (i0) + 0);       \
  ROUND(h, a, b, c, d, e, f, g, WK((i0) + 1));           \
  ROUND(g, h, a, b, c, d, e, f, WK((i0) + 2));           \
  SCHED(A1, A2, A3, A4, A5, A6, A7, A0, (i0) + 2);       \
  ROUND(f, g, h, a, b, c, d, e, WK((i0) + 3));           \
  ROUND(e, f, g, h, a, b, c, d, WK((i0) + 4));           \
  SCHED(A2, A3, A4, A5, A6, A7, A0, A1, (i0) + 4);       \
  ROUND(d, e, f, g, h, a, b, c, WK((i0) + 5));           \
  ROUND(c, d, e, f, g, h, a, b, WK((i0) + 6));           \
  SCHED(A3, A4, A5, A6, A7, A0, A1, A2, (i0) + 6);       \
  ROUND(b, c, d, e, f, g, h, a, WK((i0) + 7))

/* Sixteen rounds of block 0 from w, with the eight steps that write the
 * W+K of the next sixteen; k points at K[t0+16]. */
#define ROUND16_SCHED(kk)                                 \
  do {                                                    \
    const uint64_t *k = kt + (kk);                        \
    ROUND8_SCHED(0, X0, X1, X2, X3, X4, X5, X6, X7);      \
    ROUND8_SCHED(8, X4, X5, X6, X7, X0, X1, X2, X3);      \
    w += 32;                                              \
    ws += 32;                                             \
  } while (0)

/* Load 16 bytes of block 0 and of block 1 as X = {W[2i], W[2i+1]} in each
 * lane and store X + K. */
#define LOADX(X, i)                                                                      \
  do {                                                                                   \
    X = _mm256_inserti128_si256(                                                         \
        _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(p + 16 * (i)))),       \
        _mm_loadu_si128((const __m128i *)(q + 16 * (i))), 1);                            \
    X = _mm256_shuffle_epi8(X, bswap);                                                   \
    _mm256_store_si256((__m256i *)(ws + 4 * (i)), _mm256_add_epi64(X, KPAIR(kt, i)));    \
  } while (0)

static HWC_NOINLINE uintptr_t sha512_avx2_rounds(uint64_t state[8], const uint8_t *p,
                                                  size_t nblocks) {
  /* W+K for 80 rounds of two blocks: 40 steps x 4 words. */
  HWC_ALIGN(32) uint64_t wk[4 * 40];
  const __m256i bswap = BSWAP64_MASK;
  const __m256i ror8 = ROR8_MASK;

  while (nblocks > 0) {
    /* Second lane: the next block, or this one again if it is the last. */
    const uint8_t *q = nblocks >= 2 ? p + 128 : p;
    __m256i X0, X1, X2, X3, X4, X5, X6, X7;
    /* ws writes the buffer, w reads it, kt reads the constants; the empty
     * asm hides their values from the optimiser (see the top comment). */
    uint64_t *ws = wk;
    const uint64_t *w = wk;
    const uint64_t *kt = K512;
    __asm__("" : "+r"(ws), "+r"(w), "+r"(kt));

    LOADX(X0, 0);
    LOADX(X1, 1);
    LOADX(X2, 2);
    LOADX(X3, 3);
    LOADX(X4, 4);
    LOADX(X5, 5);
    LOADX(X6, 6);
    LOADX(X7, 7);

    /* Block 0: rounds 0..63 with W[16..79] of both blocks, then 64..79. */
    uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
    ROUND16_SCHED(16);
    ROUND16_SCHED(32);
    ROUND16_SCHED(48);
    ROUND16_SCHED(64);
    ROUND8(0);
    ROUND8(8);
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
    if (nblocks < 2) break;

    /* Block 1 from the buffer (high lane). */
    a = state[0], b = state[1], c = state[2], d = state[3];
    e = state[4], f = state[5], g = state[6], h = state[7];
    w = wk + 2;
    for (int i = 0; i < 5; i++, w += 32) {
      ROUND8(0);
      ROUND8(8);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
    p += 256;
    nblocks -= 2;
  }
  uintptr_t sp;
  HWC_STACK_POINTER(sp); /* the frame's low end, for the burn */
  return sp;
}

/*
 * Entry point: the rounds, then their dead frame is zeroed once per call
 * (hwc_burn_stack, hwcrypt_ct.h, docs/security.md). The frame holds wk
 * (W+K of two blocks, message-derived: an HMAC key block, say) and the
 * compiler's spills of schedule words, which hwc_ct_stack found there
 * when only wk was wiped; the schedule runs backwards to the block. The
 * depth is measured at run time (HWC_BURN_DEPTH); the fallback, 2048
 * bytes, covers the frame the compilers build (gcc -O3: 1464 bytes, clang
 * -O2: 1488) plus the 128-byte red zone.
 */
static void sha512_avx2_compress(hwc_hash_state *st, const uint8_t *p, size_t nblocks) {
  uint64_t *state = st->s64;
  uintptr_t top;
  HWC_STACK_POINTER(top);
  uintptr_t low = sha512_avx2_rounds(state, p, nblocks);
  hwc_burn_stack(HWC_BURN_DEPTH(top, low, 2048));
}

static const hwc_hash_impl sha512_avx2 = {"avx2", HWC_FAMILY_SHA512, sha512_avx2_compress};

HWC_TARGET_END

/* BMI2 too: the compiler emits rorx for the rotates in the region. */
const hwc_hash_impl *hwc_sha512_x86_avx2_get(void) {
  const hwc_cpu_features *c = hwc_cpu();
  return c->avx2 && c->bmi2 ? &sha512_avx2 : NULL;
}

#else

const hwc_hash_impl *hwc_sha512_x86_avx2_get(void) { return NULL; }

#endif
