/*
 * aes_x86_vaes512.c - AES-CTR and AES-GCM on VAES + VPCLMULQDQ with 512-bit
 * zmm registers (AVX-512 F/BW/VL/DQ). Four AES blocks per register.
 *
 * Kernels target AVX-512 F/BW/VL/DQ, AVX2, VAES, VPCLMULQDQ, AES and
 * PCLMUL only (HWC_TARGET_BEGIN below); the
 * getter hands the table out only when CPUID/XCR0 say all of those work.
 *
 * ---------------------------------------------------------------------------
 * 1. How GHASH is represented here
 * ---------------------------------------------------------------------------
 *
 * GCM treats a 16-byte block as a polynomial over GF(2) of degree < 128 with
 * the first bit of the first byte as the coefficient of x^0 and the last bit
 * of the last byte as the coefficient of x^127 ("bit-reflected"), and
 * multiplies modulo g(x) = x^128 + x^7 + x^2 + x + 1.
 *
 * We byte-swap every block as it enters (one VPSHUFB per 4 blocks). The lane
 * then holds a 128-bit integer whose bit j (counting from the least
 * significant end) is the coefficient of x^(127-j): the register holds the
 * polynomial with its coefficients in reverse order. Write y for the variable
 * of the register's "natural" reading (bit j <-> y^j). Reversal turns x into
 * 1/y, so the field GF(2)[x]/g becomes GF(2)[y]/G with the reversed
 * polynomial
 *
 *     G(y) = y^128 g(1/y) = y^128 + y^127 + y^126 + y^121 + 1,
 *
 * and a block b is stored as phi(b) = y^127 * b(1/y).
 *
 * VPCLMULQDQ multiplies two 64-bit halves without carries, i.e. it is
 * multiplication in GF(2)[y]. With a = a1*y^64 + a0 and b = b1*y^64 + b0 the
 * 256-bit product is
 *
 *     a*b = (a1 b1) y^128 + (a1 b0 + a0 b1) y^64 + a0 b0
 *         =  HI     y^128 +        MID      y^64 + LO
 *
 * Karatsuba gets MID from one multiply instead of two:
 * MID = (a0 ^ a1)(b0 ^ b1) ^ LO ^ HI. The b side is a power of the hash key,
 * so b0 ^ b1 is precomputed (hkar[] next to hpow[]); the a side costs one
 * VPSHUFD and one XOR. The "^ LO ^ HI" correction is linear and is applied
 * once to the sums, not per block.
 *
 * Instead of reducing this mod G directly we divide by y^128 (Montgomery
 * style), which only needs the low end: in GF(2)[y]/G, 1 = y^128 + y^127 +
 * y^126 + y^121, hence y^-64 = y^64 + c with c = y^63 + y^62 + y^57
 * (the 64-bit constant 0xc200000000000000). For a 128-bit V = V1 y^64 + V0:
 *
 *     V * y^-64 = V1 + V0 y^64 + V0 * c          (the last term fits in 127 bits)
 *               = swap64(V) ^ clmul(V0, c)
 *
 * so two such folds turn HI y^128 + MID y^64 + LO into a 128-bit result:
 *
 *     M = MID ^ swap64(LO) ^ clmul(LO0, c)     (* y^-64, LO folded into MID)
 *     R = HI  ^ swap64(M)  ^ clmul(M0, c)      (* y^-64 again)
 *
 * R = a*b*y^-128 mod G, fully reduced: two carry-less multiplies, two
 * qword swaps and two three-way XORs (VPTERNLOGQ). Everything is linear, so
 * any number of products can be added as (LO, MID, HI) triples and reduced
 * once: that is the aggregated reduction used everywhere below.
 *
 * The y^-128 must be cancelled. phi(a) phi(b) y^-128 = y^-1 phi(ab) (the
 * reversal maps are y^127 apart), so we keep the hash key as
 * H' = phi(H) * y mod G: a one-bit left shift of the byte-swapped H, folding
 * the carried-out bit back with G's low terms (0xc2000...0001). Then
 * Montgomery(phi(Y), H') = phi(Y*H), and Montgomery(H'^i, H') = H'^(i+1)
 * scaled the same way, so the powers are built by repeated products.
 *
 * The state Y stays in this domain for a whole call; it is byte-swapped
 * only at entry and exit (the caller sees the specification's byte order).
 *
 * ---------------------------------------------------------------------------
 * 2. Why the loops look the way they do
 * ---------------------------------------------------------------------------
 *
 * Horner's rule Y = (Y ^ X_i) * H is a serial chain of multiply+reduce per
 * block. Unrolled over n blocks it is
 *
 *     Y' = (Y ^ X_1) H^n + X_2 H^(n-1) + ... + X_n H^1,
 *
 * n independent products and ONE reduction. The key object stores H^32 ..
 * H^1 (descending, 16 bytes each, then four zero entries), so the n blocks
 * of a chunk starting at register lane 0 line up with the n consecutive
 * powers ending at H^1: block i of an n-block run uses entry 32-n+i, and a
 * 4-block zmm multiplies against one unaligned 64-byte load. The zero
 * padding lets a short final register read past H^1 harmlessly.
 *
 * What bounds the main loop (measured on the Zen 5 this was written on, with
 * a TSC-calibrated cycle count): 512-bit VAES issues two per cycle, but
 * VPCLMULQDQ only one every two cycles, whatever the width (xmm, ymm and
 * zmm alike), and it shares the vector pipes with the XORs, shuffles and
 * adds around it. GHASH, not AES, is therefore the bottleneck of GCM:
 *
 *   per 32 blocks       AES-128      GHASH (Karatsuba)      other vector ops
 *   instructions        88 VAES      24 + 2 VPCLMULQDQ      ~80
 *   alone               44 cycles    52 cycles
 *
 * and the stitched loop runs at about 66 cycles per 512 bytes (0.13 c/B),
 * AES-256 only ~6 cycles more. Hence:
 *
 *  - Karatsuba (3 multiplies per block instead of 4): the multiplier is the
 *    scarce unit; the extra VPSHUFD/XOR go to otherwise idle pipes.
 *  - 32 blocks (8 zmm) per iteration and one reduction for all of them:
 *    the reduction's 2 multiplies are amortised over 24, and 32 powers of
 *    H fit the key object easily (H^32..H^1 plus their Karatsuba halves).
 *    16 blocks per iteration measured ~10% slower.
 *  - Products are summed two registers at a time with VPTERNLOGQ: every
 *    vector op removed from the loop is time the multiplier gets back.
 *  - AES of the current chunk is interleaved with GHASH: sealing hashes the
 *    ciphertext of the previous chunk (it exists only after the last
 *    round), opening the chunk being decrypted (its input). The GHASH pairs
 *    sit between the AES rounds in program order so the scheduler sees
 *    both kinds of work at once. The serial chain through Y (XOR into
 *    block 1, multiply, reduce, fold the four lanes) was measured not to
 *    limit the loop: removing it changes nothing.
 *
 * AES-CTR keeps 8 zmm (32 blocks) in flight: VAES has a latency of four
 * cycles and two issue ports, so at least eight independent registers are
 * needed to keep both fed; CTR then runs at the VAES bound (~0.086 c/B for
 * AES-128). The plaintext is XORed into the last round key so VAESENCLAST
 * produces the ciphertext directly.
 *
 * Counters: the counter block is kept byte-swapped, which puts its last 32
 * bits (big-endian in the block) in dword 0 of each lane as a native
 * integer; VPADDD steps four lanes at once and wraps mod 2^32 with no carry
 * into dword 1, which is exactly GCM's inc32 (hwcrypt_impl.h). Each
 * register is swapped back with a VPSHUFB. The counter is secret for a
 * non-96-bit GCM nonce, so nothing looks at its value: an earlier shortcut
 * (one VPSHUFB per iteration and VPADDDs on the last byte in block order
 * when that byte did not wrap within the iteration) chose its path by the
 * counter's low byte, a secret-dependent branch (docs/security.md). The
 * whole-message gcm_short path keeps the block-order add: with a 96-bit
 * nonce its counters are the public 1..9.
 *
 * Tails and short messages: whatever is left after the main loop (fewer
 * than 32 blocks, any byte length) goes through two registers at a time
 * with AVX-512 byte masks: the masked load zero-fills past the end (which is
 * also exactly GHASH's zero padding, and cannot fault), the masked store
 * writes only the real bytes, and one reduction covers the whole tail. A
 * message of <= 16 bytes is one xmm AES pass and one multiply; one of <= 64
 * bytes is one AES pass on one zmm (counters from a broadcast load and one
 * add), three multiplies and one reduction, with no other setup.
 *
 * Constant time: there are no table lookups; branches and masks depend only
 * on lengths, never on keys, data, the counter or the GHASH state.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx512f,avx512bw,avx512vl,avx512dq,avx2,vaes,vpclmulqdq,aes,pclmul")

/* Blocks per main-loop iteration of GCM = 4 * GCM_NV; CTR uses 4 * CTR_NV. */
#ifndef GCM_NV
#define GCM_NV 8
#endif
#ifndef CTR_NV
#define CTR_NV 8
#endif
#define HPOW_MAX 32 /* powers H^32 .. H^1 are stored */

typedef struct vaes512_key {
  __m512i rk[15];              /* round keys, each broadcast to all four lanes */
  __m128i hpow[HPOW_MAX + 4];  /* hpow[i] = H'^(32-i) for i < 32, then zeros */
  __m128i hkar[HPOW_MAX + 4];  /* low ^ high qword of hpow[i] (Karatsuba), in both qwords */
} vaes512_key;

_Static_assert(sizeof(vaes512_key) <= HWC_AES_BACKEND_BYTES, "vaes512 key state too large");
_Static_assert(GCM_NV * 4 <= HPOW_MAX, "not enough powers of H for the main loop");

#define KS(k) ((const vaes512_key *)(const void *)(k)->data)

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

HWC_INLINE __m512i bswap_mask512(void) {
  return _mm512_broadcast_i32x4(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}
HWC_INLINE __m128i bswap_mask128(void) {
  return _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

/* Counter increments in dword 0 of each lane: lane l gets base + l. */
HWC_INLINE __m512i lane_inc(int base) {
  return _mm512_set_epi32(0, 0, 0, base + 3, 0, 0, 0, base + 2, 0, 0, 0, base + 1, 0, 0, 0, base);
}

/* The same increment n in dword 0 of every lane. */
HWC_INLINE __m512i lane_add(int n) { return _mm512_set_epi32(0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n); }

/* Byte-swapped counter block broadcast to four lanes as [c, c+1, c+2, c+3]. */
HWC_INLINE __m512i ctr_init(const uint8_t ctr[16]) {
  __m128i c = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), bswap_mask128());
  return _mm512_add_epi32(_mm512_broadcast_i32x4(c), lane_inc(0));
}

/*
 * First AES state (counter ^ round key 0) of nv registers = 4 * nv blocks
 * starting at the counter in c (byte-swapped lanes [n, n+1, n+2, n+3]):
 * register j is c + 4j in dword 0 of each lane (mod 2^32), swapped back.
 */
HWC_INLINE void ctr_states(const vaes512_key *ks, __m512i c, __m512i *s, const int nv) {
  const __m512i bswap = bswap_mask512();
  const __m512i rk0 = ks->rk[0];
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++)
    s[j] = _mm512_xor_si512(_mm512_shuffle_epi8(_mm512_add_epi32(c, lane_add(4 * j)), bswap), rk0);
}

/* Byte mask for the first min(len, 64) bytes. */
HWC_INLINE __mmask64 len_mask(size_t len) {
  return len >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << len) - 1);
}

HWC_INLINE __m512i xor3(__m512i a, __m512i b, __m512i c) {
  return _mm512_ternarylogic_epi64(a, b, c, 0x96);
}

/*
 * (lo, mid, hi) += x * H^..., Karatsuba: lo = x0 h0, hi = x1 h1 and
 * mid = (x0 ^ x1)(h0 ^ h1), three multiplies per lane instead of four. The
 * true middle term is mid ^ lo ^ hi; by linearity that correction is applied
 * once to the sums, in gf_reduce512(). idx indexes hpow/hkar (4 lanes from
 * there). VPSHUFD, unlike VPSHUFB, does not compete with VAES for ports.
 */
#define GMUL_ACC(x, ks, idx, lo, mid, hi)                                                     \
  do {                                                                                        \
    __m512i x_ = (x);                                                                         \
    __m512i h_ = _mm512_loadu_si512((const void *)&(ks)->hpow[idx]);                          \
    __m512i k_ = _mm512_loadu_si512((const void *)&(ks)->hkar[idx]);                          \
    __m512i xk_ = _mm512_xor_si512(x_, _mm512_shuffle_epi32(x_, _MM_PERM_BADC));             \
    (lo) = _mm512_xor_si512((lo), _mm512_clmulepi64_epi128(x_, h_, 0x00));                    \
    (hi) = _mm512_xor_si512((hi), _mm512_clmulepi64_epi128(x_, h_, 0x11));                    \
    (mid) = _mm512_xor_si512((mid), _mm512_clmulepi64_epi128(xk_, k_, 0x00));                 \
  } while (0)

/* First product of a sum: assigns instead of accumulating. */
#define GMUL_SET(x, ks, idx, lo, mid, hi)                                                     \
  do {                                                                                        \
    __m512i x_ = (x);                                                                         \
    __m512i h_ = _mm512_loadu_si512((const void *)&(ks)->hpow[idx]);                          \
    __m512i k_ = _mm512_loadu_si512((const void *)&(ks)->hkar[idx]);                          \
    __m512i xk_ = _mm512_xor_si512(x_, _mm512_shuffle_epi32(x_, _MM_PERM_BADC));             \
    (lo) = _mm512_clmulepi64_epi128(x_, h_, 0x00);                                            \
    (hi) = _mm512_clmulepi64_epi128(x_, h_, 0x11);                                            \
    (mid) = _mm512_clmulepi64_epi128(xk_, k_, 0x00);                                          \
  } while (0)

/* Two registers at once, so the sums take one three-way XOR each
 * (VPTERNLOGQ) instead of two XORs: fewer non-multiply operations competing
 * for the vector ports. */
#define GMUL2(xa, xb, ks, ia, ib, lo, mid, hi, init)                                         \
  do {                                                                                        \
    __m512i xa_ = (xa), xb_ = (xb);                                                           \
    __m512i ha_ = _mm512_loadu_si512((const void *)&(ks)->hpow[ia]);                          \
    __m512i hb_ = _mm512_loadu_si512((const void *)&(ks)->hpow[ib]);                          \
    __m512i ka_ = _mm512_loadu_si512((const void *)&(ks)->hkar[ia]);                          \
    __m512i kb_ = _mm512_loadu_si512((const void *)&(ks)->hkar[ib]);                          \
    __m512i xka_ = _mm512_xor_si512(xa_, _mm512_shuffle_epi32(xa_, _MM_PERM_BADC));          \
    __m512i xkb_ = _mm512_xor_si512(xb_, _mm512_shuffle_epi32(xb_, _MM_PERM_BADC));          \
    __m512i l0_ = _mm512_clmulepi64_epi128(xa_, ha_, 0x00);                                   \
    __m512i l1_ = _mm512_clmulepi64_epi128(xb_, hb_, 0x00);                                   \
    __m512i h0_ = _mm512_clmulepi64_epi128(xa_, ha_, 0x11);                                   \
    __m512i h1_ = _mm512_clmulepi64_epi128(xb_, hb_, 0x11);                                   \
    __m512i m0_ = _mm512_clmulepi64_epi128(xka_, ka_, 0x00);                                  \
    __m512i m1_ = _mm512_clmulepi64_epi128(xkb_, kb_, 0x00);                                  \
    if (init) {                                                                               \
      (lo) = _mm512_xor_si512(l0_, l1_);                                                      \
      (hi) = _mm512_xor_si512(h0_, h1_);                                                      \
      (mid) = _mm512_xor_si512(m0_, m1_);                                                     \
    } else {                                                                                  \
      (lo) = xor3((lo), l0_, l1_);                                                            \
      (hi) = xor3((hi), h0_, h1_);                                                            \
      (mid) = xor3((mid), m0_, m1_);                                                          \
    }                                                                                         \
  } while (0)

/* Montgomery reduction of each lane's HI y^128 + MID y^64 + LO (see top),
 * MID still in Karatsuba form. */
HWC_INLINE __m512i gf_reduce512(__m512i lo, __m512i mid, __m512i hi) {
  const __m512i c = _mm512_set1_epi64((long long)0xc200000000000000ULL);
  mid = xor3(mid, lo, hi); /* Karatsuba correction */
  mid = xor3(mid, _mm512_clmulepi64_epi128(lo, c, 0x00), _mm512_shuffle_epi32(lo, _MM_PERM_BADC));
  return xor3(hi, _mm512_clmulepi64_epi128(mid, c, 0x00), _mm512_shuffle_epi32(mid, _MM_PERM_BADC));
}

/* Four independent products a * b * y^-128 mod G, one per lane. */
HWC_INLINE __m512i gf_mul512(__m512i a, __m512i b) {
  __m512i ak = _mm512_xor_si512(a, _mm512_shuffle_epi32(a, _MM_PERM_BADC));
  __m512i bk = _mm512_xor_si512(b, _mm512_shuffle_epi32(b, _MM_PERM_BADC));
  return gf_reduce512(_mm512_clmulepi64_epi128(a, b, 0x00), _mm512_clmulepi64_epi128(ak, bk, 0x00),
                      _mm512_clmulepi64_epi128(a, b, 0x11));
}

/* XOR of the four 128-bit lanes. */
HWC_INLINE __m128i hsum4(__m512i x) {
  __m256i a = _mm256_xor_si256(_mm512_castsi512_si256(x), _mm512_extracti64x4_epi64(x, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
}

/* One product a * b * y^-128 mod G on xmm. */
HWC_INLINE __m128i gf_mul128(__m128i a, __m128i b) {
  const __m128i c = _mm_set1_epi64x((long long)0xc200000000000000ULL);
  __m128i lo = _mm_clmulepi64_si128(a, b, 0x00);
  __m128i hi = _mm_clmulepi64_si128(a, b, 0x11);
  __m128i mid = _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01), _mm_clmulepi64_si128(a, b, 0x10));
  mid = _mm_ternarylogic_epi64(mid, _mm_clmulepi64_si128(lo, c, 0x00), _mm_shuffle_epi32(lo, 0x4e),
                               0x96);
  return _mm_ternarylogic_epi64(hi, _mm_clmulepi64_si128(mid, c, 0x00),
                                _mm_shuffle_epi32(mid, 0x4e), 0x96);
}

/* AES on one zmm of counter blocks (block order): returns E_K(block) ^ x,
 * the last round key pre-XORed with x. */
HWC_INLINE __m512i aes_zmm_xor(const vaes512_key *ks, __m512i blk, __m512i x, const int nr) {
  __m512i s = _mm512_xor_si512(blk, ks->rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < nr; r++) s = _mm512_aesenc_epi128(s, ks->rk[r]);
  return _mm512_aesenclast_epi128(s, _mm512_xor_si512(ks->rk[nr], x));
}

/* The same for two registers, interleaved. */
HWC_INLINE void aes_zmm2_xor(const vaes512_key *ks, __m512i b0, __m512i b1, __m512i *x0,
                             __m512i *x1, const int nr) {
  __m512i s0 = _mm512_xor_si512(b0, ks->rk[0]), s1 = _mm512_xor_si512(b1, ks->rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < nr; r++) {
    s0 = _mm512_aesenc_epi128(s0, ks->rk[r]);
    s1 = _mm512_aesenc_epi128(s1, ks->rk[r]);
  }
  *x0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(ks->rk[nr], *x0));
  *x1 = _mm512_aesenclast_epi128(s1, _mm512_xor_si512(ks->rk[nr], *x1));
}

/* One block on xmm: E_K(blk) ^ x, for messages of at most 16 bytes (no
 * counter arithmetic, no broadcast, no lane folding). */
HWC_INLINE __m128i aes_xmm_xor(const vaes512_key *ks, __m128i blk, __m128i x, const int nr) {
  __m128i s = _mm_xor_si128(blk, _mm512_castsi512_si128(ks->rk[0]));
#pragma GCC unroll 16
  for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, _mm512_castsi512_si128(ks->rk[r]));
  return _mm_aesenclast_si128(s, _mm_xor_si128(_mm512_castsi512_si128(ks->rk[nr]), x));
}

/*
 * Counter registers for a tail of at most 32 blocks, in block order: the
 * byte-swapped form is stepped by 4 (mod 2^32 in dword 0) and each
 * register swapped back, whatever the counter value.
 */
typedef struct tail_ctr {
  __m512i c; /* byte-swapped lanes of the next register */
} tail_ctr;

HWC_INLINE tail_ctr tail_ctr_init(__m512i c) {
  tail_ctr t;
  t.c = c;
  return t;
}

HWC_INLINE __m512i tail_ctr_next(tail_ctr *t) {
  __m512i r = _mm512_shuffle_epi8(t->c, bswap_mask512());
  t->c = _mm512_add_epi32(t->c, lane_add(4));
  return r;
}

/* ------------------------------------------------------------------------ */
/* Key setup and single blocks                                              */
/* ------------------------------------------------------------------------ */

/* Running XOR of the four words of a round key: w0, w0^w1, w0^w1^w2, ... */
HWC_INLINE __m128i prefix_xor4(__m128i k) {
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, _mm_slli_si128(k, 8));
}

/* Next round key from the one Nk words back (prev): its prefix XOR, XORed
 * with the broadcast of SubWord(RotWord(w)) ^ rcon (AESKEYGENASSIST dword 3)
 * where w is the last word of `last`. AES-128: last = prev. AES-256 uses it
 * for even round keys, and for odd ones SubWord(w) alone (dword 2, no
 * rotation, no rcon). rcon has to be an immediate, hence macros. */
#define KEXP_EVEN(prev, last, rcon)                \
  _mm_xor_si128(prefix_xor4(prev),                 \
                _mm_shuffle_epi32(_mm_aeskeygenassist_si128((last), (rcon)), 0xff))
#define KEXP_ODD(prev, last) \
  _mm_xor_si128(prefix_xor4(prev), _mm_shuffle_epi32(_mm_aeskeygenassist_si128((last), 0), 0xaa))
#define KEXP128(prev, rcon) KEXP_EVEN(prev, prev, rcon)

static void vaes512_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  vaes512_key *ks = (vaes512_key *)(void *)k->data;
  const int nk = (int)(key_len / 4), nr = nk + 6;
  __m128i rk[15];
  if (key_len == 16) {
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    rk[1] = KEXP128(rk[0], 0x01);
    rk[2] = KEXP128(rk[1], 0x02);
    rk[3] = KEXP128(rk[2], 0x04);
    rk[4] = KEXP128(rk[3], 0x08);
    rk[5] = KEXP128(rk[4], 0x10);
    rk[6] = KEXP128(rk[5], 0x20);
    rk[7] = KEXP128(rk[6], 0x40);
    rk[8] = KEXP128(rk[7], 0x80);
    rk[9] = KEXP128(rk[8], 0x1b);
    rk[10] = KEXP128(rk[9], 0x36);
  } else if (key_len == 32) {
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
    rk[2] = KEXP_EVEN(rk[0], rk[1], 0x01);
    rk[3] = KEXP_ODD(rk[1], rk[2]);
    rk[4] = KEXP_EVEN(rk[2], rk[3], 0x02);
    rk[5] = KEXP_ODD(rk[3], rk[4]);
    rk[6] = KEXP_EVEN(rk[4], rk[5], 0x04);
    rk[7] = KEXP_ODD(rk[5], rk[6]);
    rk[8] = KEXP_EVEN(rk[6], rk[7], 0x08);
    rk[9] = KEXP_ODD(rk[7], rk[8]);
    rk[10] = KEXP_EVEN(rk[8], rk[9], 0x10);
    rk[11] = KEXP_ODD(rk[9], rk[10]);
    rk[12] = KEXP_EVEN(rk[10], rk[11], 0x20);
    rk[13] = KEXP_ODD(rk[11], rk[12]);
    rk[14] = KEXP_EVEN(rk[12], rk[13], 0x40);
  } else {
    /* AES-192 works in 6-word steps: a holds words 6i..6i+3, b words
     * 6i+4, 6i+5 in its low half. A step is a' = prefix(a) ^ T with
     * T = SubWord(RotWord(b1)) ^ rcon (AESKEYGENASSIST dword 1) broadcast,
     * then b' = prefix(b) ^ broadcast(a'3). Round keys straddle the steps
     * and are assembled from qword halves. */
    __m128i ga[9], gb[9];
    ga[0] = _mm_loadu_si128((const __m128i *)key);
    gb[0] = _mm_loadl_epi64((const __m128i *)(key + 16));
#define KEXP192(i, rcon)                                                                          \
  do {                                                                                            \
    ga[i] = _mm_xor_si128(prefix_xor4(ga[i - 1]),                                                 \
                          _mm_shuffle_epi32(_mm_aeskeygenassist_si128(gb[i - 1], (rcon)), 0x55)); \
    gb[i] = _mm_xor_si128(prefix_xor4(gb[i - 1]), _mm_shuffle_epi32(ga[i], 0xff));                \
  } while (0)
    KEXP192(1, 0x01);
    KEXP192(2, 0x02);
    KEXP192(3, 0x04);
    KEXP192(4, 0x08);
    KEXP192(5, 0x10);
    KEXP192(6, 0x20);
    KEXP192(7, 0x40);
    KEXP192(8, 0x80);
#undef KEXP192
    for (int i = 0; i < 4; i++) {
      rk[3 * i] = ga[2 * i];
      rk[3 * i + 1] = _mm_unpacklo_epi64(gb[2 * i], ga[2 * i + 1]);
      rk[3 * i + 2] = _mm_castpd_si128(
          _mm_shuffle_pd(_mm_castsi128_pd(ga[2 * i + 1]), _mm_castsi128_pd(gb[2 * i + 1]), 1));
    }
    rk[12] = ga[8];
    hwc_wipe(ga, sizeof(ga));
    hwc_wipe(gb, sizeof(gb));
  }
  for (int r = 0; r <= nr; r++) ks->rk[r] = _mm512_broadcast_i32x4(rk[r]);
  for (int r = nr + 1; r < 15; r++) ks->rk[r] = _mm512_setzero_si512();
  hwc_wipe(rk, sizeof(rk));

  /* H = E_K(0^128), then H' = phi(H) * y mod G (see the top comment). */
  __m128i h = _mm_xor_si128(_mm_setzero_si128(), _mm512_castsi512_si128(ks->rk[0]));
  for (int r = 1; r < nr; r++) h = _mm_aesenc_si128(h, _mm512_castsi512_si128(ks->rk[r]));
  h = _mm_aesenclast_si128(h, _mm512_castsi512_si128(ks->rk[nr]));
  h = _mm_shuffle_epi8(h, bswap_mask128());
  uint64_t lo = (uint64_t)_mm_cvtsi128_si64(h), hi = (uint64_t)_mm_extract_epi64(h, 1);
  uint64_t carry = 0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo <<= 1;
  hi ^= carry & 0xc200000000000000ULL;
  lo ^= carry & 1;
  __m128i h1 = _mm_set_epi64x((long long)hi, (long long)lo);

  /* Powers, shallow dependency chain (key setup is on the path of one-shot
   * calls): H^2, then H^3 and H^4 side by side, then whole registers of four
   * powers times H^4, H^8, H^16. v[k] holds H^(4k+4), ..., H^(4k+1) in lanes
   * 0..3, which is exactly the descending layout of hpow[]. */
  __m128i h2 = gf_mul128(h1, h1);
  __m128i h3 = gf_mul128(h2, h1), h4 = gf_mul128(h2, h2);
  __m512i v[HPOW_MAX / 4];
  v[0] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set_m128i(h3, h4)),
                            _mm256_set_m128i(h1, h2), 1);
  v[1] = gf_mul512(v[0], _mm512_broadcast_i32x4(h4));
  __m512i h8 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[1]));
  v[2] = gf_mul512(v[0], h8);
  v[3] = gf_mul512(v[1], h8);
  __m512i h16 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[3]));
  for (int i = 0; i < 4; i++) v[4 + i] = gf_mul512(v[i], h16);
  for (int i = 0; i < HPOW_MAX / 4; i++) {
    _mm512_storeu_si512((void *)&ks->hpow[HPOW_MAX - 4 - 4 * i], v[i]);
    _mm512_storeu_si512((void *)&ks->hkar[HPOW_MAX - 4 - 4 * i],
                        _mm512_xor_si512(v[i], _mm512_shuffle_epi32(v[i], _MM_PERM_BADC)));
  }
  for (int i = HPOW_MAX; i < HPOW_MAX + 4; i++) ks->hpow[i] = ks->hkar[i] = _mm_setzero_si128();
  _mm256_zeroupper();
}

static void vaes512_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  const vaes512_key *ks = KS(k);
  const int nr = (int)k->rounds;
  __m128i s = _mm_xor_si128(_mm_loadu_si128((const __m128i *)in), _mm512_castsi512_si128(ks->rk[0]));
  for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, _mm512_castsi512_si128(ks->rk[r]));
  s = _mm_aesenclast_si128(s, _mm512_castsi512_si128(ks->rk[nr]));
  _mm_storeu_si128((__m128i *)out, s);
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* CTR                                                                      */
/* ------------------------------------------------------------------------ */

HWC_INLINE void ctr_body(const vaes512_key *ks, const uint8_t ctr[16], const uint8_t *in,
                         uint8_t *out, size_t len, const int nr) {
  if (len <= 16) {
    __mmask16 mk = (__mmask16)len_mask(len);
    __m128i x = _mm_maskz_loadu_epi8(mk, (const void *)in);
    _mm_mask_storeu_epi8((void *)out, mk,
                         aes_xmm_xor(ks, _mm_loadu_si128((const __m128i *)ctr), x, nr));
    return;
  }
  __m512i c = ctr_init(ctr);
  while (len >= 64 * CTR_NV) {
    __m512i s[CTR_NV];
    ctr_states(ks, c, s, CTR_NV);
    c = _mm512_add_epi32(c, lane_add(4 * CTR_NV));
#pragma GCC unroll 16
    for (int r = 1; r < nr; r++) {
      const __m512i rk = ks->rk[r];
#pragma GCC unroll 8
      for (int j = 0; j < CTR_NV; j++) s[j] = _mm512_aesenc_epi128(s[j], rk);
    }
#pragma GCC unroll 8
    for (int j = 0; j < CTR_NV; j++) {
      __m512i x = _mm512_loadu_si512((const void *)(in + 64 * j));
      s[j] = _mm512_aesenclast_epi128(s[j], _mm512_xor_si512(ks->rk[nr], x));
      _mm512_storeu_si512((void *)(out + 64 * j), s[j]);
    }
    in += 64 * CTR_NV;
    out += 64 * CTR_NV;
    len -= 64 * CTR_NV;
  }
  if (len == 0) return;
  /* Tail (< 64 * CTR_NV bytes): two registers at a time, the second one
   * masked, then at most one masked register. */
  tail_ctr t = tail_ctr_init(c);
  while (len > 64) {
    __mmask64 m1 = len_mask(len - 64);
    __m512i x0 = _mm512_loadu_si512((const void *)in);
    __m512i x1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
    __m512i b0 = tail_ctr_next(&t);
    __m512i b1 = tail_ctr_next(&t);
    aes_zmm2_xor(ks, b0, b1, &x0, &x1, nr);
    _mm512_storeu_si512((void *)out, x0);
    _mm512_mask_storeu_epi8((void *)(out + 64), m1, x1);
    size_t n = len < 128 ? len : 128;
    in += n;
    out += n;
    len -= n;
  }
  if (len) {
    __mmask64 m = len_mask(len);
    __m512i x = _mm512_maskz_loadu_epi8(m, (const void *)in);
    _mm512_mask_storeu_epi8((void *)out, m, aes_zmm_xor(ks, tail_ctr_next(&t), x, nr));
  }
}

static void ctr_nr10(const vaes512_key *ks, const uint8_t c[16], const uint8_t *in, uint8_t *out,
                     size_t len) {
  ctr_body(ks, c, in, out, len, 10);
}
static void ctr_nr12(const vaes512_key *ks, const uint8_t c[16], const uint8_t *in, uint8_t *out,
                     size_t len) {
  ctr_body(ks, c, in, out, len, 12);
}
static void ctr_nr14(const vaes512_key *ks, const uint8_t c[16], const uint8_t *in, uint8_t *out,
                     size_t len) {
  ctr_body(ks, c, in, out, len, 14);
}

static void vaes512_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in,
                          uint8_t *out, size_t len) {
  if (len == 0) return;
  switch (k->rounds) {
    case 10: ctr_nr10(KS(k), ctr, in, out, len); break;
    case 12: ctr_nr12(KS(k), ctr, in, out, len); break;
    default: ctr_nr14(KS(k), ctr, in, out, len); break;
  }
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

/* Hash len bytes (1 <= len < 64 * 8 + 1, i.e. m <= 32 blocks, last one zero
 * padded) into y with one reduction. */
HWC_INLINE __m128i ghash_short(const vaes512_key *ks, __m128i y, const uint8_t *p, size_t len) {
  const __m512i bswap = bswap_mask512();
  size_t m = (len + 15) / 16;
  size_t hi_ = HPOW_MAX - m;
  __m512i lo, mid, hi;
  __mmask64 mk = len_mask(len);
  __m512i x = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mk, (const void *)p), bswap);
  x = _mm512_xor_si512(x, _mm512_zextsi128_si512(y));
  GMUL_SET(x, ks, hi_, lo, mid, hi);
  size_t n = len < 64 ? len : 64;
  p += n;
  len -= n;
  while (len) {
    hi_ += 4;
    mk = len_mask(len);
    x = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mk, (const void *)p), bswap);
    GMUL_ACC(x, ks, hi_, lo, mid, hi);
    n = len < 64 ? len : 64;
    p += n;
    len -= n;
  }
  return hsum4(gf_reduce512(lo, mid, hi));
}

static void vaes512_ghash(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data, size_t len) {
  const vaes512_key *ks = KS(k);
  if (len == 0) return;
  const __m128i bswap128 = bswap_mask128();
  __m128i y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Y), bswap128);
  if (len <= 16) {
    __m128i x = _mm_maskz_loadu_epi8((__mmask16)len_mask(len), (const void *)data);
    y = gf_mul128(_mm_xor_si128(y, _mm_shuffle_epi8(x, bswap128)), ks->hpow[HPOW_MAX - 1]);
  } else {
    const __m512i bswap = bswap_mask512();
    /* 32 blocks per reduction. */
    while (len >= 512) {
      __m512i lo, mid, hi;
#pragma GCC unroll 8
      for (int j = 0; j < 8; j += 2) {
        __m512i xa = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(data + 64 * j)), bswap);
        __m512i xb = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(data + 64 * j + 64)), bswap);
        if (j == 0) xa = _mm512_xor_si512(xa, _mm512_zextsi128_si512(y));
        GMUL2(xa, xb, ks, 4 * j, 4 * j + 4, lo, mid, hi, j == 0);
      }
      y = hsum4(gf_reduce512(lo, mid, hi));
      data += 512;
      len -= 512;
    }
    if (len) y = ghash_short(ks, y, data, len);
  }
  _mm_storeu_si128((__m128i *)Y, _mm_shuffle_epi8(y, bswap128));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* GCM                                                                      */
/* ------------------------------------------------------------------------ */

/* Tail of seal/open: 0 < len < 64 * GCM_NV bytes (at most 4 * GCM_NV
 * blocks), two registers at a time with masks, one reduction at the end. */
HWC_INLINE __m128i gcm_tail(const vaes512_key *ks, __m512i c, __m128i y, const uint8_t *in,
                            uint8_t *out, size_t len, const int nr, const int enc) {
  const __m512i bswap = bswap_mask512();
  size_t m = (len + 15) / 16;
  size_t hi_ = HPOW_MAX - m;
  __m512i lo = _mm512_setzero_si512(), mid = lo, hi = lo;
  __m512i yz = _mm512_zextsi128_si512(y);
  tail_ctr t = tail_ctr_init(c);
  while (len > 64) {
    __mmask64 m1 = len_mask(len - 64);
    __m512i x0 = _mm512_loadu_si512((const void *)in);
    __m512i x1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
    __m512i o0 = x0, o1 = x1;
    __m512i b0 = tail_ctr_next(&t);
    __m512i b1 = tail_ctr_next(&t);
    aes_zmm2_xor(ks, b0, b1, &o0, &o1, nr);
    _mm512_storeu_si512((void *)out, o0);
    _mm512_mask_storeu_epi8((void *)(out + 64), m1, o1);
    __m512i g0 = enc ? o0 : x0;
    __m512i g1 = enc ? _mm512_maskz_mov_epi8(m1, o1) : x1;
    g0 = _mm512_xor_si512(_mm512_shuffle_epi8(g0, bswap), yz);
    g1 = _mm512_shuffle_epi8(g1, bswap);
    yz = _mm512_setzero_si512();
    GMUL2(g0, g1, ks, hi_, hi_ + 4, lo, mid, hi, 0);
    hi_ += 8;
    size_t n = len < 128 ? len : 128;
    in += n;
    out += n;
    len -= n;
  }
  if (len) {
    __mmask64 mk = len_mask(len);
    __m512i x = _mm512_maskz_loadu_epi8(mk, (const void *)in);
    __m512i o = aes_zmm_xor(ks, tail_ctr_next(&t), x, nr);
    _mm512_mask_storeu_epi8((void *)out, mk, o);
    __m512i g = enc ? _mm512_maskz_mov_epi8(mk, o) : x;
    g = _mm512_xor_si512(_mm512_shuffle_epi8(g, bswap), yz);
    GMUL_ACC(g, ks, hi_, lo, mid, hi);
  }
  return hsum4(gf_reduce512(lo, mid, hi));
}

/*
 * Main loop shared by seal (enc = 1) and open (enc = 0); nr and enc are
 * compile-time constants in each instantiation, so every "if" on them and on
 * the round index disappears after unrolling.
 */
HWC_INLINE void gcm_body(const vaes512_key *ks, const uint8_t ctr[16], uint8_t Y[16],
                         const uint8_t *in, uint8_t *out, size_t len, const int nr,
                         const int enc) {
  enum { NV = GCM_NV, CHUNK = 64 * GCM_NV };
  if (len <= 16) {
    const __m128i bswap128 = bswap_mask128();
    __mmask16 mk = (__mmask16)len_mask(len);
    __m128i x = _mm_maskz_loadu_epi8(mk, (const void *)in);
    __m128i o = aes_xmm_xor(ks, _mm_loadu_si128((const __m128i *)ctr), x, nr);
    _mm_mask_storeu_epi8((void *)out, mk, o);
    __m128i g = enc ? _mm_maskz_mov_epi8(mk, o) : x;
    __m128i y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Y), bswap128);
    y = gf_mul128(_mm_xor_si128(y, _mm_shuffle_epi8(g, bswap128)), ks->hpow[HPOW_MAX - 1]);
    _mm_storeu_si128((__m128i *)Y, _mm_shuffle_epi8(y, bswap128));
    return;
  }
  const __m512i bswap = bswap_mask512();
  __m512i c = ctr_init(ctr);
  __m128i y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Y), bswap_mask128());
  const int hb = HPOW_MAX - 4 * NV; /* first power index of a chunk */

  if (len >= CHUNK) {
    __m512i g[NV]; /* byte-swapped ciphertext waiting to be hashed (seal) */
    __m512i s[NV];
    if (enc) {
      /* First chunk: AES only; its GHASH runs in the next iteration. */
      ctr_states(ks, c, s, NV);
      c = _mm512_add_epi32(c, lane_add(4 * NV));
#pragma GCC unroll 16
      for (int r = 1; r < nr; r++) {
        const __m512i rk = ks->rk[r];
#pragma GCC unroll 8
        for (int j = 0; j < NV; j++) s[j] = _mm512_aesenc_epi128(s[j], rk);
      }
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++) {
        __m512i x = _mm512_loadu_si512((const void *)(in + 64 * j));
        s[j] = _mm512_aesenclast_epi128(s[j], _mm512_xor_si512(ks->rk[nr], x));
        _mm512_storeu_si512((void *)(out + 64 * j), s[j]);
        g[j] = _mm512_shuffle_epi8(s[j], bswap);
      }
      g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      in += CHUNK;
      out += CHUNK;
      len -= CHUNK;
    }
    while (len >= CHUNK) {
      if (!enc) {
#pragma GCC unroll 8
        for (int j = 0; j < NV; j++)
          g[j] = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(in + 64 * j)), bswap);
        g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      }
      ctr_states(ks, c, s, NV);
      c = _mm512_add_epi32(c, lane_add(4 * NV));
      __m512i lo = _mm512_setzero_si512(), mid = lo, hi = lo;
      /* Rounds 1 .. nr-1; after odd round r the products of registers r-1
       * and r, after round NV+1 the reduction (nr - 1 >= NV + 1 always). */
#pragma GCC unroll 16
      for (int r = 1; r < nr; r++) {
        const __m512i rk = ks->rk[r];
#pragma GCC unroll 8
        for (int j = 0; j < NV; j++) s[j] = _mm512_aesenc_epi128(s[j], rk);
        if ((r & 1) && r < NV) {
          GMUL2(g[r - 1], g[r], ks, hb + 4 * (r - 1), hb + 4 * r, lo, mid, hi, r == 1);
        } else if (r == NV + 1) {
          y = hsum4(gf_reduce512(lo, mid, hi));
        }
      }
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++) {
        __m512i x = _mm512_loadu_si512((const void *)(in + 64 * j));
        s[j] = _mm512_aesenclast_epi128(s[j], _mm512_xor_si512(ks->rk[nr], x));
        _mm512_storeu_si512((void *)(out + 64 * j), s[j]);
        if (enc) g[j] = _mm512_shuffle_epi8(s[j], bswap);
      }
      if (enc) g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      in += CHUNK;
      out += CHUNK;
      len -= CHUNK;
    }
    if (enc) {
      /* Hash the last full chunk. */
      __m512i lo, mid, hi;
#pragma GCC unroll 8
      for (int j = 0; j < NV; j += 2)
        GMUL2(g[j], g[j + 1], ks, hb + 4 * j, hb + 4 * j + 4, lo, mid, hi, j == 0);
      y = hsum4(gf_reduce512(lo, mid, hi));
    }
  }
  if (len) y = gcm_tail(ks, c, y, in, out, len, nr, enc);
  _mm_storeu_si128((__m128i *)Y, _mm_shuffle_epi8(y, bswap_mask128()));
}

#define GCM_INST(name, nr, enc)                                                                  \
  static void name(const vaes512_key *ks, const uint8_t c[16], uint8_t Y[16], const uint8_t *in, \
                   uint8_t *out, size_t len) {                                                   \
    gcm_body(ks, c, Y, in, out, len, nr, enc);                                                   \
  }
GCM_INST(seal_nr10, 10, 1)
GCM_INST(seal_nr12, 12, 1)
GCM_INST(seal_nr14, 14, 1)
GCM_INST(open_nr10, 10, 0)
GCM_INST(open_nr12, 12, 0)
GCM_INST(open_nr14, 14, 0)

static void vaes512_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                             const uint8_t *in, uint8_t *out, size_t len) {
  if (len == 0) return;
  switch (k->rounds) {
    case 10: seal_nr10(KS(k), ctr, Y, in, out, len); break;
    case 12: seal_nr12(KS(k), ctr, Y, in, out, len); break;
    default: seal_nr14(KS(k), ctr, Y, in, out, len); break;
  }
  _mm256_zeroupper();
}

static void vaes512_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                             const uint8_t *in, uint8_t *out, size_t len) {
  if (len == 0) return;
  switch (k->rounds) {
    case 10: open_nr10(KS(k), ctr, Y, in, out, len); break;
    case 12: open_nr12(KS(k), ctr, Y, in, out, len); break;
    default: open_nr14(KS(k), ctr, Y, in, out, len); break;
  }
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* A whole short message in one call (gcm_short)                            */
/* ------------------------------------------------------------------------ */

/* Block-order counter increments 1..4 of the last byte (byte 15 = top byte
 * of dword 3), lane l gets base + l. */
HWC_INLINE __m512i be_lanes(int base) {
  return _mm512_set_epi32((base + 3) << 24, 0, 0, 0, (base + 2) << 24, 0, 0, 0, (base + 1) << 24, 0,
                          0, 0, base << 24, 0, 0, 0);
}

/*
 * The whole message (len <= 128, aad_len <= 128, 96-bit nonce): E_K(J0) on
 * an xmm and the (at most 8) keystream blocks on one or two zmm in one
 * interleaved AES pass; GHASH over the na AAD blocks, the nb ciphertext
 * blocks and the length block, T = na + nb + 1 <= 17 products against the
 * stored H^T .. H^1 and one reduction. AAD register r (blocks 4r..4r+3)
 * multiplies against hpow[32 - T + 4r], ciphertext register r against
 * hpow[32 - (nb + 1) + 4r]: lanes past the data are zero (masked loads), so
 * their products vanish. All input is loaded before anything is stored
 * (in may equal out). Branches depend only on lengths and the key size.
 */
HWC_INLINE void gcm_short_body(const vaes512_key *ks, const uint8_t nonce[12], const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                               uint8_t full_tag[16], const int nr, const int enc) {
  const __m512i bswap = bswap_mask512();
  const __m128i j0 = _mm_insert_epi32(_mm_maskz_loadu_epi8((__mmask16)0x0fff, (const void *)nonce),
                                      0x01000000, 3);
  const int na = (int)((aad_len + 15) >> 4), nb = (int)((len + 15) >> 4);
  const int t = na + nb + 1;
  __m512i lo, mid, hi;
  /* [len(A)]_64 || [len(C)]_64 byte-swapped: low qword len(C), high len(A) */
  GMUL_SET(_mm512_zextsi128_si512(_mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8))),
           ks, HPOW_MAX - 1, lo, mid, hi);
  if (aad_len) {
    __m512i a0 = _mm512_maskz_loadu_epi8(len_mask(aad_len), (const void *)aad);
    GMUL_ACC(_mm512_shuffle_epi8(a0, bswap), ks, HPOW_MAX - t, lo, mid, hi);
    if (aad_len > 64) {
      __m512i a1 = _mm512_maskz_loadu_epi8(len_mask(aad_len - 64), (const void *)(aad + 64));
      GMUL_ACC(_mm512_shuffle_epi8(a1, bswap), ks, HPOW_MAX - t + 4, lo, mid, hi);
    }
  }
  const __m128i rk0 = _mm512_castsi512_si128(ks->rk[0]);
  __m128i e = _mm_xor_si128(j0, rk0);
  if (len == 0) {
#pragma GCC unroll 16
    for (int r = 1; r < nr; r++) e = _mm_aesenc_si128(e, _mm512_castsi512_si128(ks->rk[r]));
    e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(ks->rk[nr]));
  } else if (len <= 16) { /* one data block: two xmm chains, no broadcast */
    const __mmask16 m = (__mmask16)len_mask(len);
    const __m128i x = _mm_maskz_loadu_epi8(m, (const void *)in);
    __m128i s = _mm_xor_si128(_mm_add_epi32(j0, _mm_set_epi32(1 << 24, 0, 0, 0)), rk0);
    if (!enc)
      GMUL_ACC(_mm512_zextsi128_si512(_mm_shuffle_epi8(x, bswap_mask128())), ks, HPOW_MAX - 2, lo,
               mid, hi);
#pragma GCC unroll 16
    for (int r = 1; r < nr; r++) {
      e = _mm_aesenc_si128(e, _mm512_castsi512_si128(ks->rk[r]));
      s = _mm_aesenc_si128(s, _mm512_castsi512_si128(ks->rk[r]));
    }
    e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(ks->rk[nr]));
    s = _mm_aesenclast_si128(s, _mm_xor_si128(_mm512_castsi512_si128(ks->rk[nr]), x));
    _mm_mask_storeu_epi8((void *)out, m, s);
    if (enc)
      GMUL_ACC(_mm512_zextsi128_si512(_mm_shuffle_epi8(_mm_maskz_mov_epi8(m, s), bswap_mask128())),
               ks, HPOW_MAX - 2, lo, mid, hi);
  } else {
    const int hc = HPOW_MAX - (nb + 1);
    const __m512i cb = _mm512_broadcast_i32x4(j0);
    const __mmask64 m0 = len_mask(len);
    __m512i x0 = _mm512_maskz_loadu_epi8(m0, (const void *)in);
    __m512i s0 = _mm512_xor_si512(_mm512_add_epi32(cb, be_lanes(1)), ks->rk[0]);
    if (len > 64) {
      const __mmask64 m1 = len_mask(len - 64);
      __m512i x1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
      __m512i s1 = _mm512_xor_si512(_mm512_add_epi32(cb, be_lanes(5)), ks->rk[0]);
      if (!enc) {
        GMUL_ACC(_mm512_shuffle_epi8(x0, bswap), ks, hc, lo, mid, hi);
        GMUL_ACC(_mm512_shuffle_epi8(x1, bswap), ks, hc + 4, lo, mid, hi);
      }
#pragma GCC unroll 16
      for (int r = 1; r < nr; r++) {
        e = _mm_aesenc_si128(e, _mm512_castsi512_si128(ks->rk[r]));
        s0 = _mm512_aesenc_epi128(s0, ks->rk[r]);
        s1 = _mm512_aesenc_epi128(s1, ks->rk[r]);
      }
      e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(ks->rk[nr]));
      s0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(ks->rk[nr], x0));
      s1 = _mm512_aesenclast_epi128(s1, _mm512_xor_si512(ks->rk[nr], x1));
      _mm512_storeu_si512((void *)out, s0);
      _mm512_mask_storeu_epi8((void *)(out + 64), m1, s1);
      if (enc) {
        GMUL_ACC(_mm512_shuffle_epi8(s0, bswap), ks, hc, lo, mid, hi);
        GMUL_ACC(_mm512_shuffle_epi8(_mm512_maskz_mov_epi8(m1, s1), bswap), ks, hc + 4, lo, mid,
                 hi);
      }
    } else {
      if (!enc) GMUL_ACC(_mm512_shuffle_epi8(x0, bswap), ks, hc, lo, mid, hi);
#pragma GCC unroll 16
      for (int r = 1; r < nr; r++) {
        e = _mm_aesenc_si128(e, _mm512_castsi512_si128(ks->rk[r]));
        s0 = _mm512_aesenc_epi128(s0, ks->rk[r]);
      }
      e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(ks->rk[nr]));
      s0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(ks->rk[nr], x0));
      _mm512_mask_storeu_epi8((void *)out, m0, s0);
      if (enc)
        GMUL_ACC(_mm512_shuffle_epi8(_mm512_maskz_mov_epi8(m0, s0), bswap), ks, hc, lo, mid, hi);
    }
  }
  const __m128i y = hsum4(gf_reduce512(lo, mid, hi));
  _mm_storeu_si128((__m128i *)full_tag, _mm_xor_si128(e, _mm_shuffle_epi8(y, bswap_mask128())));
}

#define GCM_SHORT_INST(name, nr, enc)                                                          \
  static void name(const vaes512_key *ks, const uint8_t nonce[12], const uint8_t *aad,         \
                   size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,                \
                   uint8_t full_tag[16]) {                                                     \
    gcm_short_body(ks, nonce, aad, aad_len, in, len, out, full_tag, nr, enc);                  \
  }
GCM_SHORT_INST(short_seal_nr10, 10, 1)
GCM_SHORT_INST(short_seal_nr12, 12, 1)
GCM_SHORT_INST(short_seal_nr14, 14, 1)
GCM_SHORT_INST(short_open_nr10, 10, 0)
GCM_SHORT_INST(short_open_nr12, 12, 0)
GCM_SHORT_INST(short_open_nr14, 14, 0)
#undef GCM_SHORT_INST

static void vaes512_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                              uint8_t *out, uint8_t full_tag[16]) {
  const vaes512_key *ks = KS(k);
  if (seal) {
    switch (k->rounds) {
      case 10: short_seal_nr10(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
      case 12: short_seal_nr12(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
      default: short_seal_nr14(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
    }
  } else {
    switch (k->rounds) {
      case 10: short_open_nr10(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
      case 12: short_open_nr12(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
      default: short_open_nr14(ks, nonce, aad, aad_len, in, len, out, full_tag); break;
    }
  }
  _mm256_zeroupper();
}

static const hwc_aes_impl vaes512_impl = {
    "vaes512",          vaes512_init,     vaes512_encrypt_block, vaes512_ctr32,
    vaes512_ghash,      vaes512_gcm_seal, vaes512_gcm_open,      vaes512_gcm_short,
    sizeof(vaes512_key),
};

HWC_TARGET_END

const hwc_aes_impl *hwc_aes_x86_vaes512_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  if (f->avx512 && f->vaes && f->vpclmul && f->aesni && f->pclmul) return &vaes512_impl;
  return NULL;
}

#else /* not x86-64, or a compiler that cannot target the instructions */

const hwc_aes_impl *hwc_aes_x86_vaes512_get(void) { return NULL; }

#endif
