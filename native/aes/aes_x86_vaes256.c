/*
 * aes_x86_vaes256.c - AES-CTR and AES-GCM on 256-bit VAES + VPCLMULQDQ
 * (AVX2, no AVX-512), for CPUs such as Zen 3/4 and Alder Lake.
 *
 * Kernels target AVX2, VAES, VPCLMULQDQ, AES and PCLMUL only; claimed
 * only when the CPU reports all of them (and the OS saves YMM state).
 *
 * GHASH representation
 * --------------------
 * GCM numbers the bits of a block from the most significant bit of byte 0:
 * that bit is the coefficient of x^0, the least significant bit of byte 15
 * the coefficient of x^127. We byte-swap each block (vpshufb) so that the
 * 128-bit register holds x^0 in bit 127 and x^127 in bit 0: the field
 * element with its bits reversed. Call that rev(a).
 *
 * Reading register bit k as y^k, rev(a) is the polynomial y^127 * a(1/y).
 * A carry-less product of two such registers is then
 *     rev(a) * rev(b) = y^254 * (a*b)(1/y) = y^255 * (a*b*x)(1/y),
 * the 256-bit reversal of a*b*x: one factor of x too many. We absorb it in
 * the key: every power of H is stored as rev(H^i * x^-1). rev(c * x^-1) is
 * rev(c) shifted left by one bit, plus x^-1 = x^127 + x^6 + x + 1 (bits 0,
 * 121, 126, 127 of the register, the constant 0xc2000...01) when the bit
 * shifted out was set. With that, the product of a reversed data block and
 * a stored power is exactly the 256-bit reversal of the unreduced a*H^i.
 *
 * Reduction: in the y picture the GCM polynomial P(x) = x^128+x^7+x^2+x+1
 * becomes Q(y) = y^128 + y^127 + y^126 + y^121 + 1, and reducing the
 * product modulo P is the same as computing R * y^-128 mod Q (a Montgomery
 * reduction): add the multiple q*Q that clears the low 128 bits of R and
 * keep the high 128 bits. Because Q = 1 + y^64*g + y^128 with the 64-bit
 * g = y^63 + y^62 + y^57 (0xc200000000000000), this is done 64 bits at a
 * time: for the lowest word w of R, adding w*Q clears w, adds w*g (one
 * PCLMULQDQ) 64 bits higher and w itself 128 bits higher. Two such folds
 * (swap the halves with pshufd, XOR in the clmul) leave the result in the
 * high half. Reduction is linear, so all products of an iteration are summed
 * first and reduced once ("aggregated reduction").
 *
 * Products use Karatsuba: a*h = lo + (mid ^ lo ^ hi) * y^64 + hi * y^128
 * with lo = a0*h0, hi = a1*h1, mid = (a0^a1)*(h0^h1). The key object stores
 * h0^h1 for every power, so a block costs three 64x64 multiplies instead of
 * four. The a0^a1 of two data vectors come from one unpacklo/unpackhi/xor,
 * and the matching h0^h1 are stored packed per vector pair (hk2). The
 * Karatsuba middle term is not split into halves: the sum lo + mid*y^64 +
 * hi*y^128 is reduced directly, the first fold (of lo's low word) landing in
 * mid's 64-bit-shifted frame, the second (of mid's low word) in hi's. Both
 * lanes are reduced at once and added at the end.
 *
 * Why Karatsuba: on Zen 5 (measured here) VPCLMULQDQ issues once per two
 * cycles whatever the width, on one of the four vector pipes, while VAESENC
 * ymm issues twice per cycle on two of them; XORs and shuffles share all
 * four. So the multiplier, not AES, is the scarce unit: 16 blocks cost 24 +
 * 2 multiplies = 52 cycles of that pipe against 40 cycles of AES-128, and
 * saving a quarter of the multiplies is worth the extra shuffle and XOR.
 *
 * Powers are stored flat, highest first: hp[i] = H^(16-i) for i = 0..15,
 * then one zero entry. A run of n <= 16 blocks that is to be multiplied by
 * H^n .. H^1 reads its powers with unaligned 32-byte loads starting at
 * entry 16-n, so one table serves the 16-block main loop and every tail
 * length. A block index past the end lands on the zero entry and is paired
 * with a zero data lane.
 *
 * Loop shape
 * ----------
 * A ymm register holds two blocks; eight registers (16 blocks, 256 bytes)
 * are in flight per iteration, which covers VAESENC's latency (4 cycles)
 * times its throughput (two per cycle).
 *  - seal: the AES rounds of chunk i are interleaved with the GHASH of the
 *    ciphertext of chunk i-1 (read back from the output, which was just
 *    written); the last chunk is hashed after the loop.
 *  - open: the GHASH of chunk i's ciphertext runs inside the AES rounds of
 *    the same chunk; all input loads come before the stores (in place ok).
 *  - Each iteration's 16 products are summed and reduced once. The GHASH
 *    state enters as an XOR into the first block, and that block's pair is
 *    multiplied last so the loop-carried chain through Y is short.
 *  - Counters are kept byte-swapped, so that the low 32 bits of the
 *    big-endian block are dword 0 of each lane as a native integer: block
 *    i is that plus i (vpaddd, which wraps mod 2^32 exactly as GCM's inc32
 *    does, hwcrypt_impl.h) and one vpshufb per vector swaps it back. The
 *    counter is secret for a non-96-bit GCM nonce, so no path is chosen by
 *    its value (an earlier shortcut, adding i to byte 15 when the low byte
 *    did not carry, branched on the counter: docs/security.md).
 *  - The last round XORs the data in through the round key
 *    (enclast(s, rk ^ in) = E(s) ^ in).
 *  - Empty asm statements (OPAQUE) pin the GHASH sums and the counter at
 *    the end of each step; without them gcc re-associates the XOR sums,
 *    keeps every product alive to the end of the iteration and spills them.
 * Measured on Zen 5 (core cycles): AES-128-GCM seal/open ~0.26 c/B at
 * 16 KiB-1 MiB, against ~0.21 for GHASH alone and ~0.165 for CTR alone;
 * the gap is vector-pipe capacity (about 185 vector ops plus the
 * multiplier's second cycle per 256 bytes on four pipes) and scheduling.
 *
 * Tails and short messages: fewer than 256 bytes are handled in one pass
 * that generates exactly ceil(blocks/2) vectors of keystream (so a 16-byte
 * message costs one two-block AES; a single block stays in one lane),
 * hashes them with powers H^n..H^1 and one reduction. A final partial
 * vector is read with vpmaskmovd (dword granularity) plus up to three
 * single bytes, and written with 16/8/4/2/1-byte stores: no per-byte loops
 * and no access outside the buffers.
 *
 * Constant time: no branch or memory index depends on key, data, counter
 * or GHASH state; only lengths (public) choose paths and table offsets.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

#include "hwcrypt.h"

HWC_TARGET_BEGIN("avx2,vaes,vpclmulqdq,aes,pclmul")

typedef struct vaes256_key {
  __m256i rk[15];              /* round keys, each broadcast to both lanes */
  HWC_ALIGN(32) uint8_t hp[17 * 16]; /* rev(H^i x^-1), i = 16..1, then zero */
  HWC_ALIGN(32) uint8_t hk[17 * 16]; /* Karatsuba: (lo ^ hi) of hp[], both qwords */
  /* Karatsuba values for the main loop, packed for vector pairs (2p, 2p+1):
   * lane L holds those of blocks 4p+L (qword 0) and 4p+2+L (qword 1). */
  __m256i hk2[4];
} vaes256_key;

_Static_assert(sizeof(vaes256_key) <= HWC_AES_BACKEND_BYTES, "vaes256 key state too large");

#define KEY(k) ((const vaes256_key *)(const void *)(k)->data)

/* Byte-swap within each 128-bit lane. */
static const HWC_ALIGN(32) uint8_t k_bswap[32] = {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
                                                  15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
/* dword masks for partial loads: 8 x -1 then 8 x 0; and a single -1 at 8. */
static const HWC_ALIGN(32) int32_t k_dmask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static const HWC_ALIGN(32) int32_t k_dsel[16] = {0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0};
/* byte mask: 32 x 0xff then 32 x 0 */
static const HWC_ALIGN(32) uint8_t k_bmask[64] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#define BSWAP256() _mm256_load_si256((const __m256i *)k_bswap)
#define BSWAP128() _mm_load_si128((const __m128i *)k_bswap)

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

/* 256-bit product rev(lo..hi) -> reduced 128-bit value (see essay). */
HWC_INLINE __m128i gf_reduce(__m128i lo, __m128i hi) {
  const __m128i g = _mm_set_epi64x((long long)0xc200000000000000ULL, 0);
  __m128i t = _mm_clmulepi64_si128(lo, g, 0x10);
  __m128i m = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  t = _mm_clmulepi64_si128(m, g, 0x10);
  m = _mm_xor_si128(_mm_shuffle_epi32(m, 0x4e), t);
  return _mm_xor_si128(m, hi);
}

/* a * b for a, b in the stored representation (schoolbook; key setup only). */
static __m128i gf_mul(__m128i a, __m128i b) {
  __m128i lo = _mm_clmulepi64_si128(a, b, 0x00);
  __m128i hi = _mm_clmulepi64_si128(a, b, 0x11);
  __m128i mid = _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01), _mm_clmulepi64_si128(a, b, 0x10));
  lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
  hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
  return gf_reduce(lo, hi);
}

/* One reversed block d times H (the last stored power): Karatsuba, with
 * the middle product folded into the reduction as in gacc_finish. */
HWC_INLINE __m128i mul_h1(const uint8_t *hp1, const uint8_t *hk1, __m128i d) {
  const __m128i g = _mm_set1_epi64x((long long)0xc200000000000000ULL);
  __m128i h = _mm_loadu_si128((const __m128i *)hp1);
  __m128i hk = _mm_loadu_si128((const __m128i *)hk1);
  __m128i lo = _mm_clmulepi64_si128(d, h, 0x00);
  __m128i hi = _mm_clmulepi64_si128(d, h, 0x11);
  __m128i mid = _mm_clmulepi64_si128(_mm_xor_si128(d, _mm_shuffle_epi32(d, 0x4e)), hk, 0x00);
  mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
  __m128i t = _mm_clmulepi64_si128(lo, g, 0x00);
  mid = _mm_xor_si128(mid, _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t));
  t = _mm_clmulepi64_si128(mid, g, 0x00);
  return _mm_xor_si128(hi, _mm_xor_si128(_mm_shuffle_epi32(mid, 0x4e), t));
}

typedef struct {
  __m256i lo, mid, hi;
} gacc;

/* Empty asm that "may change" its operands: the compiler must have the
 * values in registers at this point and cannot move arithmetic across it.
 * Without it gcc re-associates the 24-term XOR sums of an iteration, keeps
 * every product alive until the end (spilling most of them), and turns
 * the eight counter additions into eight induction variables on the
 * stack. */
#define OPAQUE(a) __asm__("" : "+x"(a))
#define OPAQUE3(a, b, c) __asm__("" : "+x"(a), "+x"(b), "+x"(c))

HWC_INLINE void gacc_zero(gacc *a) {
  a->lo = _mm256_setzero_si256();
  a->mid = _mm256_setzero_si256();
  a->hi = _mm256_setzero_si256();
}

/* Accumulate two reversed blocks d times the two powers at hp/hk. */
HWC_INLINE void gh_step(gacc *a, __m256i d, const uint8_t *hp, const uint8_t *hk) {
  __m256i h = _mm256_loadu_si256((const __m256i *)hp);
  __m256i k = _mm256_loadu_si256((const __m256i *)hk);
  __m256i dm = _mm256_xor_si256(d, _mm256_shuffle_epi32(d, 0x4e));
  a->lo = _mm256_xor_si256(a->lo, _mm256_clmulepi64_epi128(d, h, 0x00));
  a->hi = _mm256_xor_si256(a->hi, _mm256_clmulepi64_epi128(d, h, 0x11));
  a->mid = _mm256_xor_si256(a->mid, _mm256_clmulepi64_epi128(dm, k, 0x00));
}

/* Finish Karatsuba and reduce, both lanes at once, then add the lanes.
 * The middle product is folded into the reduction rather than split into
 * halves first: with the 256-bit value written as lo + mid*y^64 + hi*y^128,
 * the first Montgomery fold (of lo's low word) lands in mid's frame and the
 * second (of mid's low word) in hi's. */
HWC_INLINE __m128i gacc_finish(const gacc *a) {
  const __m256i g = _mm256_set1_epi64x((long long)0xc200000000000000ULL);
  __m256i mid = _mm256_xor_si256(a->mid, _mm256_xor_si256(a->lo, a->hi));
  __m256i t = _mm256_clmulepi64_epi128(a->lo, g, 0x00);
  mid = _mm256_xor_si256(mid, _mm256_xor_si256(_mm256_shuffle_epi32(a->lo, 0x4e), t));
  t = _mm256_clmulepi64_epi128(mid, g, 0x00);
  __m256i r = _mm256_xor_si256(a->hi, _mm256_xor_si256(_mm256_shuffle_epi32(mid, 0x4e), t));
  return _mm_xor_si128(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
}

/* Two data vectors (blocks 4p..4p+3 of a 16-block chunk) times the main
 * loop's powers. The Karatsuba middle inputs of both come from one
 * unpack-unpack-xor; first = assign instead of accumulate. */
HWC_INLINE void gh_pair(gacc *a, __m256i da, __m256i db, const vaes256_key *K, const int p, const int first) {
  const __m256i ha = _mm256_load_si256((const __m256i *)(K->hp + 64 * p));
  const __m256i hb = _mm256_load_si256((const __m256i *)(K->hp + 64 * p + 32));
  __m256i t = _mm256_xor_si256(_mm256_unpacklo_epi64(da, db), _mm256_unpackhi_epi64(da, db));
  __m256i lo = _mm256_xor_si256(_mm256_clmulepi64_epi128(da, ha, 0x00), _mm256_clmulepi64_epi128(db, hb, 0x00));
  __m256i hi = _mm256_xor_si256(_mm256_clmulepi64_epi128(da, ha, 0x11), _mm256_clmulepi64_epi128(db, hb, 0x11));
  __m256i mid = _mm256_xor_si256(_mm256_clmulepi64_epi128(t, K->hk2[p], 0x00),
                                 _mm256_clmulepi64_epi128(t, K->hk2[p], 0x11));
  if (first) {
    a->lo = lo;
    a->hi = hi;
    a->mid = mid;
  } else {
    a->lo = _mm256_xor_si256(a->lo, lo);
    a->hi = _mm256_xor_si256(a->hi, hi);
    a->mid = _mm256_xor_si256(a->mid, mid);
  }
  OPAQUE3(a->lo, a->mid, a->hi);
}

HWC_INLINE __m256i zext(__m128i x) { return _mm256_inserti128_si256(_mm256_setzero_si256(), x, 0); }

/* Data vector from memory -> reversed, with the GHASH state folded in when
 * y is non-zero (y is zero-extended, so only block 0 sees it). */
HWC_INLINE __m256i gh_prep(__m256i raw, __m256i y) {
  return _mm256_xor_si256(_mm256_shuffle_epi8(raw, BSWAP256()), y);
}

#define LD(p, j) _mm256_loadu_si256((const __m256i *)((p) + 32 * (j)))
#define ST(p, j, v) _mm256_storeu_si256((__m256i *)((p) + 32 * (j)), (v))

#define BS(v) _mm256_shuffle_epi8((v), BSWAP256())

/* Y = (Y ^ 16 blocks at p) * H^16..H^1, one reduction. The pair that
 * carries Y goes last, so the chain through Y is short. */
HWC_INLINE __m128i ghash16(const vaes256_key *K, __m128i Y, const uint8_t *p) {
  gacc a;
  gh_pair(&a, BS(LD(p, 2)), BS(LD(p, 3)), K, 1, 1);
  gh_pair(&a, BS(LD(p, 4)), BS(LD(p, 5)), K, 2, 0);
  gh_pair(&a, BS(LD(p, 6)), BS(LD(p, 7)), K, 3, 0);
  gh_pair(&a, _mm256_xor_si256(BS(LD(p, 0)), zext(Y)), BS(LD(p, 1)), K, 0, 0);
  return gacc_finish(&a);
}

/* ------------------------------------------------------------------------ */
/* Partial vectors                                                          */
/* ------------------------------------------------------------------------ */

/* n (1..31) bytes from p, zero above; reads nothing past p + n. */
HWC_INLINE __m256i load_part(const uint8_t *p, size_t n) {
  if (n == 16) return _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p));
  size_t nd = n >> 2, t = n & 3;
  __m256i v = _mm256_maskload_epi32((const int *)(const void *)p,
                                    _mm256_loadu_si256((const __m256i *)(k_dmask + 8 - nd)));
  if (t) {
    const uint8_t *q = p + 4 * nd;
    uint32_t w = q[0];
    if (t > 1) w |= (uint32_t)q[1] << 8;
    if (t > 2) w |= (uint32_t)q[2] << 16;
    __m256i sel = _mm256_loadu_si256((const __m256i *)(k_dsel + 8 - nd));
    v = _mm256_or_si256(v, _mm256_and_si256(_mm256_set1_epi32((int)w), sel));
  }
  return v;
}

/* First n (1..31) bytes of v to p. */
HWC_INLINE void store_part(uint8_t *p, __m256i v, size_t n) {
  __m128i x = _mm256_castsi256_si128(v);
  if (n & 16) {
    _mm_storeu_si128((__m128i *)p, x);
    x = _mm256_extracti128_si256(v, 1);
    p += 16;
  }
  if (n & 8) {
    _mm_storel_epi64((__m128i *)p, x);
    x = _mm_srli_si128(x, 8);
    p += 8;
  }
  uint32_t w = (uint32_t)_mm_cvtsi128_si32(x);
  if (n & 4) {
    memcpy(p, &w, 4);
    w = (uint32_t)_mm_extract_epi32(x, 1);
    p += 4;
  }
  if (n & 2) {
    uint16_t h = (uint16_t)w;
    memcpy(p, &h, 2);
    w >>= 16;
    p += 2;
  }
  if (n & 1) *p = (uint8_t)w;
}

HWC_INLINE __m256i bmask(size_t n) { return _mm256_loadu_si256((const __m256i *)(k_bmask + 32 - n)); }

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

/* Counter vector j of a run: lanes hold counters base+2j and base+2j+1. */
#define INC(j) _mm256_set_epi32(0, 0, 0, 2 * (j) + 1, 0, 0, 0, 2 * (j))

/* nv vectors of keystream from counters cnt + 0 .. 2nv-1 (nv, nr constants). */
HWC_INLINE void aes_ctr_vecs(const vaes256_key *K, __m256i cnt, __m256i *ks, const int nv, const int nr) {
  __m256i s[8];
  const __m256i bs = BSWAP256();
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++)
    s[j] = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cnt, INC(j)), bs), K->rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) {
    __m256i rk = K->rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < nv; j++) s[j] = _mm256_aesenc_epi128(s[j], rk);
  }
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) ks[j] = _mm256_aesenclast_epi128(s[j], K->rk[nr]);
}

#define AES_ROUND8(rkv)                                                                      \
  do {                                                                                       \
    const __m256i rk_ = (rkv);                                                               \
    s0 = _mm256_aesenc_epi128(s0, rk_);                                                      \
    s1 = _mm256_aesenc_epi128(s1, rk_);                                                      \
    s2 = _mm256_aesenc_epi128(s2, rk_);                                                      \
    s3 = _mm256_aesenc_epi128(s3, rk_);                                                      \
    s4 = _mm256_aesenc_epi128(s4, rk_);                                                      \
    s5 = _mm256_aesenc_epi128(s5, rk_);                                                      \
    s6 = _mm256_aesenc_epi128(s6, rk_);                                                      \
    s7 = _mm256_aesenc_epi128(s7, rk_);                                                      \
  } while (0)

/* Counter vectors for the main loops: cle holds the counter block
 * byte-swapped in both lanes (low counter word = dword 0, a native
 * integer); vector j is cle + (2j, 2j + 1) in dword 0, swapped back to
 * block order. 32-bit adds wrap like inc32, and nothing depends on the
 * counter's value. */
#define AES_START8()                                                                         \
  do {                                                                                       \
    const __m256i k0_ = K->rk[0], bs_ = BSWAP256();                                          \
    s0 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(0)), bs_), k0_);     \
    s1 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(1)), bs_), k0_);     \
    s2 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(2)), bs_), k0_);     \
    s3 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(3)), bs_), k0_);     \
    s4 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(4)), bs_), k0_);     \
    s5 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(5)), bs_), k0_);     \
    s6 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(6)), bs_), k0_);     \
    s7 = _mm256_xor_si256(_mm256_shuffle_epi8(_mm256_add_epi32(cle, INC(7)), bs_), k0_);     \
    cle = _mm256_add_epi32(cle, _mm256_set_epi32(0, 0, 0, 16, 0, 0, 0, 16));                \
    OPAQUE(cle);                                                                             \
  } while (0)

/* Main-loop counter state from the counter block; CTR_END() is the same
 * byte-swapped form, which the tail code takes. */
#define CTR_BEGIN()                                                                          \
  __m256i cle = _mm256_shuffle_epi8(                                                         \
      _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)ctr)), BSWAP256())
#define CTR_END() (cle)

/* Last round with the data XORed in through the round key. */
#define AES_LAST8(in, out)                                                                   \
  do {                                                                                       \
    const __m256i kl_ = K->rk[nr];                                                           \
    s0 = _mm256_aesenclast_epi128(s0, _mm256_xor_si256(kl_, LD(in, 0)));                     \
    s1 = _mm256_aesenclast_epi128(s1, _mm256_xor_si256(kl_, LD(in, 1)));                     \
    s2 = _mm256_aesenclast_epi128(s2, _mm256_xor_si256(kl_, LD(in, 2)));                     \
    s3 = _mm256_aesenclast_epi128(s3, _mm256_xor_si256(kl_, LD(in, 3)));                     \
    s4 = _mm256_aesenclast_epi128(s4, _mm256_xor_si256(kl_, LD(in, 4)));                     \
    s5 = _mm256_aesenclast_epi128(s5, _mm256_xor_si256(kl_, LD(in, 5)));                     \
    s6 = _mm256_aesenclast_epi128(s6, _mm256_xor_si256(kl_, LD(in, 6)));                     \
    s7 = _mm256_aesenclast_epi128(s7, _mm256_xor_si256(kl_, LD(in, 7)));                     \
    ST(out, 0, s0);                                                                          \
    ST(out, 1, s1);                                                                          \
    ST(out, 2, s2);                                                                          \
    ST(out, 3, s3);                                                                          \
    ST(out, 4, s4);                                                                          \
    ST(out, 5, s5);                                                                          \
    ST(out, 6, s6);                                                                          \
    ST(out, 7, s7);                                                                          \
  } while (0)

/* One GHASH step of the 16-block chunk at gp: vector j with powers j. */
#define GHP(p, first)                                                                      \
  gh_pair(&acc, (p) == 0 ? _mm256_xor_si256(BS(LD(gp, 0)), zext(Y)) : BS(LD(gp, 2 * (p))),      \
          BS(LD(gp, 2 * (p) + 1)), K, p, first)

/* ------------------------------------------------------------------------ */
/* Kernels, specialised per round count                                     */
/* ------------------------------------------------------------------------ */

/* Fewer than 256 bytes: keystream, XOR, GHASH (of the output when seal,
 * of the input otherwise) with H^nb..H^1 and one reduction. */
/* Tail of nv (constant) vectors: the keystream stays in registers. */
HWC_INLINE __m128i tail_nv(const vaes256_key *K, __m256i cnt, __m128i Y, const uint8_t *in,
                           uint8_t *out, size_t len, const int nr, const int mode, const int nv) {
  __m256i ks[8];
  aes_ctr_vecs(K, cnt, ks, nv, nr);
  size_t nb = (len + 15) >> 4, nfull = len >> 5, rem = len & 31;
  const uint8_t *hp = K->hp + 16 * (16 - nb), *hk = K->hk + 16 * (16 - nb);
  gacc acc;
  gacc_zero(&acc);
#pragma GCC unroll 8
  for (int v = 0; v < nv; v++) {
    __m256i y = v == 0 ? zext(Y) : _mm256_setzero_si256();
    if (v < nv - 1 || nfull == (size_t)nv) {
      __m256i x = LD(in, v);
      __m256i c = _mm256_xor_si256(x, ks[v]);
      ST(out, v, c);
      if (mode) gh_step(&acc, gh_prep(mode == 1 ? c : x, y), hp + 32 * v, hk + 32 * v);
    } else {
      __m256i x = load_part(in + 32 * v, rem);
      __m256i c = _mm256_and_si256(_mm256_xor_si256(x, ks[v]), bmask(rem));
      store_part(out + 32 * v, c, rem);
      if (mode) gh_step(&acc, gh_prep(mode == 1 ? c : x, y), hp + 32 * v, hk + 32 * v);
    }
  }
  if (mode) Y = gacc_finish(&acc);
  return Y;
}

/* Fewer than 256 bytes: keystream, XOR, GHASH (of the output when seal,
 * of the input otherwise) with H^nb..H^1 and one reduction. */
HWC_INLINE __m128i tail_nr(const vaes256_key *K, __m256i cnt, __m128i Y, const uint8_t *in,
                           uint8_t *out, size_t len, const int nr, const int mode /* 0 ctr, 1 seal, 2 open */) {
  if (len <= 16) {
    /* one block: stay in one lane, no lane folding in the GHASH */
    __m256i ks[1];
    aes_ctr_vecs(K, cnt, ks, 1, nr);
    __m128i x = _mm256_castsi256_si128(load_part(in, len));
    __m128i c = _mm_and_si128(_mm_xor_si128(x, _mm256_castsi256_si128(ks[0])),
                              _mm256_castsi256_si128(bmask(len)));
    store_part(out, _mm256_castsi128_si256(c), len);
    if (mode)
      Y = mul_h1(K->hp + 15 * 16, K->hk + 15 * 16,
                 _mm_xor_si128(Y, _mm_shuffle_epi8(mode == 1 ? c : x, BSWAP128())));
    return Y;
  }
  switch ((len + 31) >> 5) {
    case 1: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 1);
    case 2: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 2);
    case 3: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 3);
    case 4: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 4);
    case 5: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 5);
    case 6: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 6);
    case 7: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 7);
    default: return tail_nv(K, cnt, Y, in, out, len, nr, mode, 8);
  }
}

HWC_INLINE void ctr32_nr(const vaes256_key *K, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                         size_t len, const int nr) {
  CTR_BEGIN();
  __m256i s0, s1, s2, s3, s4, s5, s6, s7;
  while (len >= 256) {
    AES_START8();
#pragma GCC unroll 14
    for (int r = 1; r < nr; r++) AES_ROUND8(K->rk[r]);
    AES_LAST8(in, out);
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len) (void)tail_nr(K, CTR_END(), _mm_setzero_si128(), in, out, len, nr, 0);
}

HWC_INLINE void seal_nr(const vaes256_key *K, const uint8_t ctr[16], uint8_t Yb[16], const uint8_t *in,
                        uint8_t *out, size_t len, const int nr) {
  __m128i Y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Yb), BSWAP128());
  CTR_BEGIN();
  if (len >= 256) {
    __m256i s0, s1, s2, s3, s4, s5, s6, s7;
    AES_START8();
#pragma GCC unroll 14
    for (int r = 1; r < nr; r++) AES_ROUND8(K->rk[r]);
    AES_LAST8(in, out);
    const uint8_t *gp = out;
    in += 256;
    out += 256;
    len -= 256;
    while (len >= 256) {
      gacc acc;
      AES_START8();
      AES_ROUND8(K->rk[1]);
      AES_ROUND8(K->rk[2]);
      GHP(1, 1);
      AES_ROUND8(K->rk[3]);
      AES_ROUND8(K->rk[4]);
      GHP(2, 0);
      AES_ROUND8(K->rk[5]);
      AES_ROUND8(K->rk[6]);
      GHP(3, 0);
      AES_ROUND8(K->rk[7]);
      AES_ROUND8(K->rk[8]);
      GHP(0, 0);
      AES_ROUND8(K->rk[9]);
      Y = gacc_finish(&acc);
#pragma GCC unroll 4
      for (int r = 10; r < nr; r++) AES_ROUND8(K->rk[r]);
      AES_LAST8(in, out);
      gp = out;
      in += 256;
      out += 256;
      len -= 256;
    }
    Y = ghash16(K, Y, gp);
  }
  if (len) Y = tail_nr(K, CTR_END(), Y, in, out, len, nr, 1);
  _mm_storeu_si128((__m128i *)Yb, _mm_shuffle_epi8(Y, BSWAP128()));
}

HWC_INLINE void open_nr(const vaes256_key *K, const uint8_t ctr[16], uint8_t Yb[16], const uint8_t *in,
                        uint8_t *out, size_t len, const int nr) {
  __m128i Y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Yb), BSWAP128());
  CTR_BEGIN();
  __m256i s0, s1, s2, s3, s4, s5, s6, s7;
  while (len >= 256) {
    const uint8_t *gp = in;
    gacc acc;
    AES_START8();
    AES_ROUND8(K->rk[1]);
    AES_ROUND8(K->rk[2]);
    GHP(1, 1);
    AES_ROUND8(K->rk[3]);
    AES_ROUND8(K->rk[4]);
    GHP(2, 0);
    AES_ROUND8(K->rk[5]);
    AES_ROUND8(K->rk[6]);
    GHP(3, 0);
    AES_ROUND8(K->rk[7]);
    AES_ROUND8(K->rk[8]);
    GHP(0, 0);
    AES_ROUND8(K->rk[9]);
    Y = gacc_finish(&acc);
#pragma GCC unroll 4
    for (int r = 10; r < nr; r++) AES_ROUND8(K->rk[r]);
    AES_LAST8(in, out);
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len) Y = tail_nr(K, CTR_END(), Y, in, out, len, nr, 2);
  _mm_storeu_si128((__m128i *)Yb, _mm_shuffle_epi8(Y, BSWAP128()));
}

/* ------------------------------------------------------------------------ */
/* Table entry points                                                       */
/* ------------------------------------------------------------------------ */

#define BY_ROUNDS(k, call10, call12, call14) \
  do {                                      \
    if ((k)->rounds == 10)                  \
      call10;                               \
    else if ((k)->rounds == 12)             \
      call12;                               \
    else                                    \
      call14;                               \
  } while (0)

static void vaes256_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                          size_t len) {
  const vaes256_key *K = KEY(k);
  BY_ROUNDS(k, ctr32_nr(K, ctr, in, out, len, 10), ctr32_nr(K, ctr, in, out, len, 12),
            ctr32_nr(K, ctr, in, out, len, 14));
  _mm256_zeroupper();
}

static void vaes256_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                             uint8_t *out, size_t len) {
  const vaes256_key *K = KEY(k);
  BY_ROUNDS(k, seal_nr(K, ctr, Y, in, out, len, 10), seal_nr(K, ctr, Y, in, out, len, 12),
            seal_nr(K, ctr, Y, in, out, len, 14));
  _mm256_zeroupper();
}

static void vaes256_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                             uint8_t *out, size_t len) {
  const vaes256_key *K = KEY(k);
  BY_ROUNDS(k, open_nr(K, ctr, Y, in, out, len, 10), open_nr(K, ctr, Y, in, out, len, 12),
            open_nr(K, ctr, Y, in, out, len, 14));
  _mm256_zeroupper();
}

static void vaes256_ghash(const hwc_aes_key *k, uint8_t Yb[16], const uint8_t *data, size_t len) {
  const vaes256_key *K = KEY(k);
  __m128i Y = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)Yb), BSWAP128());
  if (len == 16) {
    /* the length block and 16-byte AAD: one multiply by H */
    __m128i d = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)data), BSWAP128());
    Y = mul_h1(K->hp + 15 * 16, K->hk + 15 * 16, _mm_xor_si128(d, Y));
  } else {
    while (len >= 256) {
      Y = ghash16(K, Y, data);
      data += 256;
      len -= 256;
    }
    if (len) {
      size_t nb = (len + 15) >> 4, nfull = len >> 5, rem = len & 31;
      const uint8_t *hp = K->hp + 16 * (16 - nb), *hk = K->hk + 16 * (16 - nb);
      gacc acc;
      gacc_zero(&acc);
      __m256i y = zext(Y);
      for (size_t v = 0; v < nfull; v++) {
        gh_step(&acc, gh_prep(LD(data, v), y), hp + 32 * v, hk + 32 * v);
        y = _mm256_setzero_si256();
      }
      if (rem) gh_step(&acc, gh_prep(load_part(data + 32 * nfull, rem), y), hp + 32 * nfull, hk + 32 * nfull);
      Y = gacc_finish(&acc);
    }
  }
  _mm_storeu_si128((__m128i *)Yb, _mm_shuffle_epi8(Y, BSWAP128()));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* A whole short message in one call (gcm_short)                            */
/* ------------------------------------------------------------------------ */

/* Accumulate the blocks of p[0 .. len) (len >= 1, zero-padded), vector v
 * with the powers from entry base + 2v on; Y (zero-extended) enters block 0. */
HWC_INLINE void gh_run(gacc *acc, __m128i Y, const uint8_t *p, size_t len, size_t base,
                       const vaes256_key *K) {
  const uint8_t *hp = K->hp + 16 * base, *hk = K->hk + 16 * base;
  __m256i y = zext(Y);
  size_t v = 0;
  for (; 32 * v + 32 <= len; v++) {
    gh_step(acc, gh_prep(LD(p, v), y), hp + 32 * v, hk + 32 * v);
    y = _mm256_setzero_si256();
  }
  if (len & 31) gh_step(acc, gh_prep(load_part(p + 32 * v, len & 31), y), hp + 32 * v, hk + 32 * v);
}

/* The whole message with nv (0..4, constant) data vectors: E_K(J0) in one
 * xmm lane next to the nv keystream vectors (counters J0+1 .. J0+2nv, big-
 * endian adds to byte 15, which cannot carry for counters <= 9); GHASH
 * over AAD, ciphertext and the length block with H^T..H^1 (T = na + n + 1
 * blocks) and one reduction. With 8 + 8 + 1 blocks (H^17 is not stored)
 * the AAD is hashed and reduced on its own first and enters the ciphertext
 * run as the GHASH state. All input is loaded before any store (in place
 * ok). Branches depend only on lengths. */
HWC_INLINE void short_nv(const vaes256_key *K, const uint8_t nonce[12], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                         uint8_t full_tag[16], const int nr, const int nv, const int open) {
  uint32_t n2;
  memcpy(&n2, nonce + 8, 4);
  const __m128i j0 = _mm_insert_epi32(
      _mm_insert_epi32(_mm_loadl_epi64((const __m128i *)(const void *)nonce), (int)n2, 2),
      0x01000000, 3);
  const __m256i jb = _mm256_broadcastsi128_si256(j0);
  __m256i s[4], x[4];
  __m128i t = _mm_xor_si128(j0, _mm256_castsi256_si128(K->rk[0]));
#pragma GCC unroll 4
  for (int j = 0; j < nv; j++)
    s[j] = _mm256_xor_si256(
        _mm256_add_epi32(jb, _mm256_set_epi32((2 * j + 2) << 24, 0, 0, 0, (2 * j + 1) << 24, 0, 0, 0)),
        K->rk[0]);
  const size_t nfull = len >> 5, rem = len & 31;
#pragma GCC unroll 4
  for (int j = 0; j < nv; j++) x[j] = (j < nv - 1 || nfull == (size_t)nv) ? LD(in, j) : load_part(in + 32 * j, rem);

  const size_t na = (aad_len + 15) >> 4, n = (len + 15) >> 4;
  gacc acc;
  gacc_zero(&acc);
  __m128i Y = _mm_setzero_si128();
  if (na) {
    if (na + n + 1 > 16) {
      gh_run(&acc, Y, aad, aad_len, 16 - na, K);
      Y = gacc_finish(&acc);
      gacc_zero(&acc);
    } else {
      gh_run(&acc, Y, aad, aad_len, 16 - (na + n + 1), K);
    }
  }
  const uint8_t *hp = K->hp + 16 * (15 - n), *hk = K->hk + 16 * (15 - n);
  if (open) {
#pragma GCC unroll 4
    for (int j = 0; j < nv; j++) gh_step(&acc, gh_prep(x[j], j == 0 ? zext(Y) : _mm256_setzero_si256()), hp + 32 * j, hk + 32 * j);
  }

#pragma GCC unroll 14
  for (int r = 1; r < nr; r++) {
    const __m256i rk = K->rk[r];
    t = _mm_aesenc_si128(t, _mm256_castsi256_si128(rk));
#pragma GCC unroll 4
    for (int j = 0; j < nv; j++) s[j] = _mm256_aesenc_epi128(s[j], rk);
  }
  t = _mm_aesenclast_si128(t, _mm256_castsi256_si128(K->rk[nr]));
#pragma GCC unroll 4
  for (int j = 0; j < nv; j++) {
    __m256i c = _mm256_aesenclast_epi128(s[j], _mm256_xor_si256(K->rk[nr], x[j]));
    if (j < nv - 1 || nfull == (size_t)nv) {
      ST(out, j, c);
    } else {
      c = _mm256_and_si256(c, bmask(rem));
      store_part(out + 32 * j, c, rem);
    }
    if (!open) gh_step(&acc, gh_prep(c, j == 0 ? zext(Y) : _mm256_setzero_si256()), hp + 32 * j, hk + 32 * j);
  }
  /* [len(A)]_64 || [len(C)]_64, reversed: low qword len(C), high len(A) */
  gh_step(&acc, zext(_mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8))), K->hp + 16 * 15,
          K->hk + 16 * 15);
  Y = gacc_finish(&acc);
  _mm_storeu_si128((__m128i *)full_tag, _mm_xor_si128(t, _mm_shuffle_epi8(Y, BSWAP128())));
}

HWC_INLINE void short_nr(const vaes256_key *K, int seal, const uint8_t nonce[12], const uint8_t *aad,
                         size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                         uint8_t full_tag[16], const int nr) {
#define SHORT_CASES(open)                                                                       \
  switch ((len + 31) >> 5) {                                                                    \
    case 0: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, nr, 0, open); break;       \
    case 1: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, nr, 1, open); break;       \
    case 2: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, nr, 2, open); break;       \
    case 3: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, nr, 3, open); break;       \
    default: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, nr, 4, open); break;      \
  }
  if (seal) {
    SHORT_CASES(0)
  } else {
    SHORT_CASES(1)
  }
#undef SHORT_CASES
}

/* A whole message with a 96-bit nonce, len <= 128 and aad_len <= 128
 * (hwcrypt_impl.h): one call instead of the glue's five. */
static void vaes256_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                              uint8_t *out, uint8_t full_tag[16]) {
  const vaes256_key *K = KEY(k);
  BY_ROUNDS(k, short_nr(K, seal, nonce, aad, aad_len, in, len, out, full_tag, 10),
            short_nr(K, seal, nonce, aad, aad_len, in, len, out, full_tag, 12),
            short_nr(K, seal, nonce, aad, aad_len, in, len, out, full_tag, 14));
  _mm256_zeroupper();
}

static void vaes256_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  const vaes256_key *K = KEY(k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk; /* low lane of each 32-byte key */
  int nr = (int)k->rounds;
  __m128i s = _mm_xor_si128(_mm_loadu_si128((const __m128i *)in), rk[0]);
  for (int r = 1; r < nr; r++) s = _mm_aesenc_si128(s, rk[2 * r]);
  s = _mm_aesenclast_si128(s, rk[2 * nr]);
  _mm_storeu_si128((__m128i *)out, s);
  _mm256_zeroupper();
}

/* SubWord(RotWord(w)) via AESKEYGENASSIST (w in dword 1 -> result dword 1). */
static uint32_t sub_rot(uint32_t w) {
  __m128i r = _mm_aeskeygenassist_si128(_mm_set_epi32(0, 0, (int)w, 0), 0);
  return (uint32_t)_mm_extract_epi32(r, 1);
}
static uint32_t sub_word(uint32_t w) {
  __m128i r = _mm_aeskeygenassist_si128(_mm_set_epi32(0, 0, (int)w, 0), 0);
  return (uint32_t)_mm_cvtsi128_si32(r);
}

static void vaes256_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  vaes256_key *K = (vaes256_key *)(void *)k->data;
  static const uint8_t rcon[10] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};
  uint32_t w[60];
  size_t nk = key_len / 4, nr = nk + 6, total = 4 * (nr + 1);
  for (size_t i = 0; i < nk; i++) w[i] = hwc_load_le32(key + 4 * i);
  for (size_t i = nk; i < total; i++) {
    uint32_t t = w[i - 1];
    if (i % nk == 0)
      t = sub_rot(t) ^ rcon[i / nk - 1];
    else if (nk == 8 && i % nk == 4)
      t = sub_word(t);
    w[i] = w[i - nk] ^ t;
  }
  for (size_t r = 0; r <= nr; r++)
    K->rk[r] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(w + 4 * r)));
  hwc_wipe(w, sizeof(w));

  /* H = E_K(0); stored form rev(H) * x^-1 = rev(H) << 1, xor 0xc2..01 on carry. */
  uint8_t zero[16] = {0}, hb[16];
  vaes256_encrypt_block(k, zero, hb);
  __m128i h = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)hb), BSWAP128());
  __m128i carry = _mm_srli_epi64(h, 63);
  __m128i top = _mm_shuffle_epi32(_mm_srai_epi32(h, 31), 0xff);
  h = _mm_or_si128(_mm_slli_epi64(h, 1), _mm_slli_si128(carry, 8));
  h = _mm_xor_si128(h, _mm_and_si128(top, _mm_set_epi64x((long long)0xc200000000000000ULL, 1)));
  hwc_wipe(hb, sizeof(hb));

  __m128i p = h;
  for (int i = 15; i >= 0; i--) {
    _mm_storeu_si128((__m128i *)(K->hp + 16 * i), p);
    __m128i kk = _mm_xor_si128(p, _mm_shuffle_epi32(p, 0x4e));
    _mm_storeu_si128((__m128i *)(K->hk + 16 * i), kk);
    if (i) p = gf_mul(p, h);
  }
  memset(K->hp + 16 * 16, 0, 16);
  memset(K->hk + 16 * 16, 0, 16);
  for (int q = 0; q < 4; q++) {
    uint64_t v[4];
    for (int L = 0; L < 2; L++) {
      memcpy(&v[2 * L], K->hk + 16 * (4 * q + L), 8);
      memcpy(&v[2 * L + 1], K->hk + 16 * (4 * q + 2 + L), 8);
    }
    K->hk2[q] = _mm256_loadu_si256((const __m256i *)(const void *)v);
  }
  p = h = _mm_setzero_si128();
  _mm256_zeroupper();
}

static const hwc_aes_impl vaes256_impl = {
    "vaes256",        vaes256_init,     vaes256_encrypt_block, vaes256_ctr32,
    vaes256_ghash,    vaes256_gcm_seal, vaes256_gcm_open, vaes256_gcm_short,
    sizeof(vaes256_key),
};

HWC_TARGET_END

const hwc_aes_impl *hwc_aes_x86_vaes256_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  if (f->avx2 && f->vaes && f->vpclmul && f->aesni && f->pclmul) return &vaes256_impl;
  return NULL;
}

#else

const hwc_aes_impl *hwc_aes_x86_vaes256_get(void) { return NULL; }

#endif
