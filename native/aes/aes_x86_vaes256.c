/*
 * aes_x86_vaes256.c - AES-CTR, AES-GCM and the block-cipher modes (ECB, CBC,
 * XTS, CCM) on 256-bit VAES + VPCLMULQDQ (AVX2, no AVX-512), for CPUs such
 * as Zen 3/4 and Alder Lake.
 *
 * Kernels target AVX2, VAES, VPCLMULQDQ, AES and PCLMUL only; claimed
 * only when the CPU reports all of them (and the OS saves YMM state).
 *
 * GHASH (representation, Karatsuba with precomputed halves, the two-fold
 * Montgomery reduction by 0xc2..., H' and its powers), the key expansion
 * and the counter form are derived once in x86_aes_common.h; this file
 * applies them two lanes at a time. What is particular to it:
 *
 * Powers: the header's highest-first table, hp[i] = H^(16-i) for i = 0..15,
 * then one zero entry. A run of n <= 16 blocks multiplied by H^n .. H^1
 * reads its powers with unaligned 32-byte loads from entry 16-n, so one
 * table serves the 16-block main loop and every tail length; a block index
 * past the end lands on the zero entry and is paired with a zero data lane.
 * The main loop's Karatsuba inputs of two data vectors come from one
 * unpacklo/unpackhi/xor, and the matching halves are stored packed per
 * vector pair (hk2).
 *
 * Why Karatsuba: on Zen 5 (measured here) VPCLMULQDQ issues once per two
 * cycles whatever the width, on one of the four vector pipes, while VAESENC
 * ymm issues twice per cycle on two of them; XORs and shuffles share all
 * four. So the multiplier, not AES, is the scarce unit: 16 blocks cost 24 +
 * 2 multiplies = 52 cycles of that pipe against 40 cycles of AES-128, and
 * saving a quarter of the multiplies is worth the extra shuffle and XOR.
 *
 * Width: this file and vaes512 have the same structure under the same
 * names (aes_start/aes_round/aes_last, ctr_body, gcm_body(seal), one tail
 * for CTR and GCM) and share the header's xmm blocks, but not one
 * width-generic body: the zmm loop leans on AVX-512 (VPTERNLOGQ three-way
 * sums, opmask loads and stores for every tail), which AVX2 lacks (tails
 * here use vpmaskmovd plus byte stores), and this loop's packed hk2 pairs
 * save a shuffle the zmm loop does not need; one body over both widths
 * would add instructions to one of the hot loops.
 *
 * Loop shape
 * ----------
 * A ymm register holds two blocks; eight registers (16 blocks, 256 bytes)
 * are in flight per iteration, which covers VAESENC's latency (4 cycles)
 * times its throughput (two per cycle). One body serves seal and open:
 *  - seal: the AES rounds of chunk i are interleaved with the GHASH of the
 *    ciphertext of chunk i-1 (read back from the output, which was just
 *    written); the last chunk is hashed after the loop.
 *  - open: the GHASH of chunk i's ciphertext runs inside the AES rounds of
 *    the same chunk; all input loads come before the stores (in place ok).
 *  - Each iteration's 16 products are summed and reduced once. The GHASH
 *    state enters as an XOR into the first block, and that block's pair is
 *    multiplied last so the loop-carried chain through Y is short.
 *  - Counters are the header's byte-swapped form, both lanes stepped by
 *    one vpaddd (wrapping like inc32) and swapped back by one vpshufb per
 *    vector, whatever the value (an earlier shortcut, adding i to byte 15
 *    when the low byte did not carry, branched on a secret counter).
 *  - The last round XORs the data in through the round key
 *    (enclast(s, rk ^ in) = E(s) ^ in).
 *  - HWC_OPAQUE pins the GHASH sums and the counter at the end of each
 *    step; without it gcc re-associates the XOR sums, keeps every product
 *    alive to the end of the iteration and spills them, and turns the
 *    eight counter additions into eight induction variables on the stack.
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
 * Block-cipher modes (hwcrypt_impl.h): ECB both ways, CBC open and XTS
 * both ways have the CTR loop's shape, 8 vectors (16 blocks) per step with
 * each round applied to all of them, in one body (run_nv); the constant
 * seal picks the cipher (VAESENC, rk) or the inverse cipher (VAESDEC, dk,
 * the broadcast x86_dec_keys). Whatever a block is XORed with after the
 * cipher (CBC's previous ciphertext, XTS's tweak) goes in through the last
 * round key. The last 1..15 blocks take ceil(n / 2) vectors, an odd last
 * block alone in the low lane with 16-byte loads and stores. XTS tweaks are
 * derived at xts_mul_k. CBC seal and the CCM payload are serial chains:
 * x86_cbc_enc and x86_ccm on the low lane of the round keys (stride 2).
 * Measured (TSC cycles at 1 MiB, min of many, shared 2-core Zen 5 VM):
 * AES-128 ECB ~0.12 c/B both ways, CBC open ~0.12, AES-256 XTS ~0.19
 * (the tweak work costs ~20% over ECB-256's ~0.16), CBC seal ~1.75.
 *
 * Constant time: no branch or memory index depends on key, data, counter,
 * IV, tweak or GHASH/MAC state; only lengths (public) choose paths and
 * table offsets.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx2,vaes,vpclmulqdq,aes,pclmul")

/* Inside the region: the shared blocks get this file's instruction set. */
#include "x86_aes_common.h"

typedef struct vaes256_key {
  __m256i rk[15]; /* round keys, each broadcast to both lanes */
  __m128i hp[17]; /* H^16 .. H^1, then zero (x86_aes_common.h) */
  __m128i hk[17]; /* their Karatsuba halves */
  /* Karatsuba halves for the main loop, packed for vector pairs (2p, 2p+1):
   * lane L holds those of blocks 4p+L (qword 0) and 4p+2+L (qword 1). */
  __m256i hk2[4];
  __m256i dk[15]; /* inverse round keys (x86_dec_keys), broadcast likewise */
} vaes256_key;

_Static_assert(sizeof(vaes256_key) <= HWC_AES_BACKEND_BYTES, "vaes256 key state too large");

/* dword masks for partial loads: 8 x -1 then 8 x 0; and a single -1 at 8. */
static const HWC_ALIGN(32) int32_t k_dmask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static const HWC_ALIGN(32) int32_t k_dsel[16] = {0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0};
/* byte mask: 32 x 0xff then 32 x 0 */
static const HWC_ALIGN(32) uint8_t k_bmask[64] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

HWC_INLINE __m256i ld(const uint8_t *p, int j) { return _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * j)); }
HWC_INLINE void st(uint8_t *p, int j, __m256i v) { _mm256_storeu_si256((__m256i *)(void *)(p + 32 * j), v); }
HWC_INLINE __m256i bs(__m256i v) { return _mm256_shuffle_epi8(v, _mm256_broadcastsi128_si256(x86_bswap_mask())); }
HWC_INLINE __m256i zext(__m128i x) { return _mm256_inserti128_si256(_mm256_setzero_si256(), x, 0); }

/* ------------------------------------------------------------------------ */
/* GHASH, two lanes                                                         */
/* ------------------------------------------------------------------------ */

typedef struct {
  __m256i lo, mid, hi;
} gacc;

HWC_INLINE void gacc_zero(gacc *a) {
  a->lo = _mm256_setzero_si256();
  a->mid = _mm256_setzero_si256();
  a->hi = _mm256_setzero_si256();
}

/* Accumulate two byte-swapped blocks d times the two powers at hp/hk. */
HWC_INLINE void gh_step(gacc *a, __m256i d, const __m128i *hp, const __m128i *hk) {
  __m256i h = _mm256_loadu_si256((const __m256i *)(const void *)hp);
  __m256i k = _mm256_loadu_si256((const __m256i *)(const void *)hk);
  __m256i dm = _mm256_xor_si256(d, _mm256_shuffle_epi32(d, 0x4e));
  a->lo = _mm256_xor_si256(a->lo, _mm256_clmulepi64_epi128(d, h, 0x00));
  a->hi = _mm256_xor_si256(a->hi, _mm256_clmulepi64_epi128(d, h, 0x11));
  a->mid = _mm256_xor_si256(a->mid, _mm256_clmulepi64_epi128(dm, k, 0x00));
}

/* gh_reduce (x86_aes_common.h) on both lanes at once, then the lanes added. */
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
  const __m256i ha = _mm256_loadu_si256((const __m256i *)(const void *)(K->hp + 4 * p));
  const __m256i hb = _mm256_loadu_si256((const __m256i *)(const void *)(K->hp + 4 * p + 2));
  __m256i t = _mm256_xor_si256(_mm256_unpacklo_epi64(da, db), _mm256_unpackhi_epi64(da, db));
  __m256i lo = _mm256_xor_si256(_mm256_clmulepi64_epi128(da, ha, 0x00), _mm256_clmulepi64_epi128(db, hb, 0x00));
  __m256i hi = _mm256_xor_si256(_mm256_clmulepi64_epi128(da, ha, 0x11), _mm256_clmulepi64_epi128(db, hb, 0x11));
  __m256i mid = _mm256_xor_si256(_mm256_clmulepi64_epi128(t, K->hk2[p], 0x00),
                                 _mm256_clmulepi64_epi128(t, K->hk2[p], 0x11));
  a->lo = first ? lo : _mm256_xor_si256(a->lo, lo);
  a->hi = first ? hi : _mm256_xor_si256(a->hi, hi);
  a->mid = first ? mid : _mm256_xor_si256(a->mid, mid);
  HWC_OPAQUE(a->lo);
  HWC_OPAQUE(a->mid);
  HWC_OPAQUE(a->hi);
}

/* Pair p (vectors 2p, 2p+1) of the 16-block chunk at gp; Y enters block 0. */
HWC_INLINE void gh_chunk_pair(gacc *a, const vaes256_key *K, const uint8_t *gp, __m128i Y,
                              const int p, const int first) {
  __m256i da = bs(ld(gp, 2 * p));
  if (p == 0) da = _mm256_xor_si256(da, zext(Y));
  gh_pair(a, da, bs(ld(gp, 2 * p + 1)), K, p, first);
}

/* Y = (Y ^ 16 blocks at p) * H^16..H^1, one reduction. The pair that
 * carries Y goes last, so the chain through Y is short. */
HWC_INLINE __m128i ghash16(const vaes256_key *K, __m128i Y, const uint8_t *p) {
  gacc a;
  gh_chunk_pair(&a, K, p, Y, 1, 1);
  gh_chunk_pair(&a, K, p, Y, 2, 0);
  gh_chunk_pair(&a, K, p, Y, 3, 0);
  gh_chunk_pair(&a, K, p, Y, 0, 0);
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

/* Accumulate the blocks of p[0 .. len) (len >= 1, zero-padded), vector v
 * with the powers from entry base + 2v on; Y (zero-extended) enters block 0. */
HWC_INLINE void gh_run(gacc *acc, __m128i Y, const uint8_t *p, size_t len, size_t base,
                       const vaes256_key *K) {
  const __m128i *hp = K->hp + base, *hk = K->hk + base;
  __m256i y = zext(Y);
  size_t v = 0;
  for (; 32 * v + 32 <= len; v++) {
    gh_step(acc, _mm256_xor_si256(bs(ld(p, (int)v)), y), hp + 2 * v, hk + 2 * v);
    y = _mm256_setzero_si256();
  }
  if (len & 31) gh_step(acc, _mm256_xor_si256(bs(load_part(p + 32 * v, len & 31)), y), hp + 2 * v, hk + 2 * v);
}

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

/* Counter vector j of a run: lanes hold counters c+2j and c+2j+1 (c the
 * byte-swapped counter in both lanes), swapped back to block order. */
HWC_INLINE __m256i ctr_vec(__m256i c, int j) {
  return bs(_mm256_add_epi32(c, _mm256_set_epi32(0, 0, 0, 2 * j + 1, 0, 0, 0, 2 * j)));
}

/* The byte-swapped counter block in both lanes. */
HWC_INLINE __m256i ctr_begin(const uint8_t ctr[16]) { return _mm256_broadcastsi128_si256(x86_ctr_le(ctr)); }

/* AES on nv vectors (2 nv blocks) of counter blocks, in the same three
 * steps as vaes512. aes_start: round 0 of the blocks from counter c;
 * returns the counter of the next run. */
HWC_INLINE __m256i aes_start(const vaes256_key *K, __m256i c, __m256i *s, const int nv) {
  for (int j = 0; j < nv; j++) s[j] = _mm256_xor_si256(ctr_vec(c, j), K->rk[0]);
  c = _mm256_add_epi32(c, _mm256_set_epi32(0, 0, 0, 2 * nv, 0, 0, 0, 2 * nv));
  HWC_OPAQUE(c);
  return c;
}

HWC_INLINE void aes_round(__m256i *s, const int nv, __m256i rk) {
  for (int j = 0; j < nv; j++) s[j] = _mm256_aesenc_epi128(s[j], rk);
}

/* The last round with the data at in XORed in through the round key; all
 * loads before the stores to out. */
HWC_INLINE void aes_last(const vaes256_key *K, __m256i *s, const int nv, const uint8_t *in,
                         uint8_t *out, const int NR) {
  for (int j = 0; j < nv; j++) s[j] = _mm256_aesenclast_epi128(s[j], _mm256_xor_si256(K->rk[NR], ld(in, j)));
  for (int j = 0; j < nv; j++) st(out, j, s[j]);
}

/* nv vectors of keystream from counter c (nv, NR constants). */
HWC_INLINE void aes_ctr_vecs(const vaes256_key *K, __m256i c, __m256i *ks, const int nv, const int NR) {
  __m256i s[8];
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) s[j] = _mm256_xor_si256(ctr_vec(c, j), K->rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) {
    __m256i rk = K->rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < nv; j++) s[j] = _mm256_aesenc_epi128(s[j], rk);
  }
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) ks[j] = _mm256_aesenclast_epi128(s[j], K->rk[NR]);
}

/* Rounds r and r + 1 of the 8 vectors, then the products of pair p of the
 * chunk at gp. */
HWC_INLINE void rounds2_pair(gacc *acc, const vaes256_key *K, __m256i s[8], const int r,
                             const uint8_t *gp, __m128i Y, const int p, const int first) {
  aes_round(s, 8, K->rk[r]);
  aes_round(s, 8, K->rk[r + 1]);
  gh_chunk_pair(acc, K, gp, Y, p, first);
}

/* ------------------------------------------------------------------------ */
/* Kernels                                                                  */
/* ------------------------------------------------------------------------ */

/* Tail of nv (constant) vectors, len <= 32 nv: keystream, XOR and, with
 * hash, GHASH (of the output when seal, of the input otherwise) with
 * H^nb..H^1 and one reduction. The keystream stays in registers. */
HWC_INLINE __m128i tail_nv(const vaes256_key *K, __m256i cnt, __m128i Y, const uint8_t *in,
                           uint8_t *out, size_t len, const int NR, const int hash, const int seal,
                           const int nv) {
  __m256i ks[8];
  aes_ctr_vecs(K, cnt, ks, nv, NR);
  size_t nb = (len + 15) >> 4, nfull = len >> 5, rem = len & 31;
  const __m128i *hp = K->hp + (16 - nb), *hk = K->hk + (16 - nb);
  gacc acc;
  gacc_zero(&acc);
#pragma GCC unroll 8
  for (int v = 0; v < nv; v++) {
    __m256i y = v == 0 ? zext(Y) : _mm256_setzero_si256();
    __m256i x, c;
    if (v < nv - 1 || nfull == (size_t)nv) {
      x = ld(in, v);
      c = _mm256_xor_si256(x, ks[v]);
      st(out, v, c);
    } else {
      x = load_part(in + 32 * v, rem);
      c = _mm256_and_si256(_mm256_xor_si256(x, ks[v]), bmask(rem));
      store_part(out + 32 * v, c, rem);
    }
    if (hash) gh_step(&acc, _mm256_xor_si256(bs(seal ? c : x), y), hp + 2 * v, hk + 2 * v);
  }
  if (hash) Y = gacc_finish(&acc);
  return Y;
}

/* Fewer than 256 bytes: CTR (hash = 0) or GCM (hash = 1, seal or open). */
HWC_INLINE __m128i tail(const vaes256_key *K, __m256i cnt, __m128i Y, const uint8_t *in,
                        uint8_t *out, size_t len, const int NR, const int hash, const int seal) {
  if (len <= 16) {
    /* one block: stay in one lane, no lane folding in the GHASH */
    __m256i ks[1];
    aes_ctr_vecs(K, cnt, ks, 1, NR);
    __m128i x = _mm256_castsi256_si128(load_part(in, len));
    __m128i c = _mm_and_si128(_mm_xor_si128(x, _mm256_castsi256_si128(ks[0])),
                              _mm256_castsi256_si128(bmask(len)));
    store_part(out, _mm256_castsi128_si256(c), len);
    if (hash) Y = gh_mul(_mm_xor_si128(Y, x86_bswap(seal ? c : x)), K->hp[15], K->hk[15]);
    return Y;
  }
  switch ((len + 31) >> 5) {
    case 1: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 1);
    case 2: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 2);
    case 3: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 3);
    case 4: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 4);
    case 5: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 5);
    case 6: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 6);
    case 7: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 7);
    default: return tail_nv(K, cnt, Y, in, out, len, NR, hash, seal, 8);
  }
}

HWC_INLINE void ctr_body(const vaes256_key *K, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                         size_t len, const int NR) {
  __m256i c = ctr_begin(ctr), s[8];
  while (len >= 256) {
    c = aes_start(K, c, s, 8);
#pragma GCC unroll 14
    for (int r = 1; r < NR; r++) aes_round(s, 8, K->rk[r]);
    aes_last(K, s, 8, in, out, NR);
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len) (void)tail(K, c, _mm_setzero_si128(), in, out, len, NR, 0, 0);
}

/* GCM seal (seal = 1) or open (seal = 0) over 16-block chunks, then the
 * tail. Seal hashes chunk i-1 (read back from out) during chunk i's AES
 * and chunk 0 is only encrypted; open hashes the chunk it decrypts. */
HWC_INLINE void gcm_body(const vaes256_key *K, const uint8_t ctr[16], uint8_t Yb[16], const uint8_t *in,
                         uint8_t *out, size_t len, const int NR, const int seal) {
  __m128i Y = x86_bswap(x86_loadu(Yb));
  __m256i c = ctr_begin(ctr), s[8];
  if (len >= 256) {
    const uint8_t *gp = in; /* the chunk to hash: seal, the previous one */
    if (seal) {
      c = aes_start(K, c, s, 8);
#pragma GCC unroll 14
      for (int r = 1; r < NR; r++) aes_round(s, 8, K->rk[r]);
      aes_last(K, s, 8, in, out, NR);
      gp = out;
      in += 256;
      out += 256;
      len -= 256;
    }
    while (len >= 256) {
      if (!seal) gp = in;
      gacc acc;
      /* Two rounds, then a pair's products; the pair that carries Y goes
       * last. (Written as one loop over the rounds, gcc schedules this
       * ~6% slower.) */
      c = aes_start(K, c, s, 8);
      rounds2_pair(&acc, K, s, 1, gp, Y, 1, 1);
      rounds2_pair(&acc, K, s, 3, gp, Y, 2, 0);
      rounds2_pair(&acc, K, s, 5, gp, Y, 3, 0);
      rounds2_pair(&acc, K, s, 7, gp, Y, 0, 0);
      aes_round(s, 8, K->rk[9]);
      Y = gacc_finish(&acc);
#pragma GCC unroll 4
      for (int r = 10; r < NR; r++) aes_round(s, 8, K->rk[r]);
      aes_last(K, s, 8, in, out, NR);
      if (seal) {
        gp = out;
        HWC_OPAQUE_GPR(gp); /* read it back: no registers held across the iteration */
      }
      in += 256;
      out += 256;
      len -= 256;
    }
    if (seal) Y = ghash16(K, Y, gp);
  }
  if (len) Y = tail(K, c, Y, in, out, len, NR, 1, seal);
  x86_storeu(Yb, x86_bswap(Y));
}


/* ------------------------------------------------------------------------ */
/* ECB, CBC open, XTS: independent blocks                                   */
/* ------------------------------------------------------------------------ */

/*
 * XTS tweaks, two lanes. A lane holds a tweak T as loaded (IEEE 1619: a
 * little-endian 128-bit integer, qword 0 the low half) and the field is
 * GF(2)[x]/(x^128 + x^7 + x^2 + x + 1), bit i the coefficient of x^i. Then
 * for 0 <= k < 64
 *
 *     T x^k = (T << k) mod 2^128  ^  (T >> (128 - k)) * (x^7 + x^2 + x + 1),
 *
 * since x^128 = x^7 + x^2 + x + 1 (0x87) and the k bits shifted out, a
 * polynomial h of degree < k, come back as h * 0x87, of degree < k + 7 <
 * 128: one fold, never a second overflow. The product is one carry-less
 * multiply, so there is no branch and no data-dependent index.
 *
 * The 16 blocks of a step are 8 vectors of tweaks [T_2j, T_2j+1], kept in
 * memory (tw[], see run_nv) from step to step. The next step's are these
 * times x^16, and a multiple of 8 makes the shift a byte shift within the
 * lane (VPSLLDQ moves bits across the qword boundary itself), with h = the
 * top two bytes (VPSRLDQ 14):
 *
 *     T x^16 = (T << 16, a 2-byte VPSLLDQ) ^ clmul(h, 0x87)
 *
 * four instructions per vector, independent of each other (h * 0x87 as
 * h ^ h << 1 ^ h << 2 ^ h << 7 instead measured no faster). The first
 * vectors come once per call from [T_0, T_1] (x86_xts_mul_alpha) times
 * x^(2j), a bit shift: per qword << k, the qword's top k bits
 * (VPSRLQ 64 - k) moved up into qword 1 for the low qword (VPSLLDQ 8), and
 * qword 1's top bits (h) folded back by the multiply (VPCLMULQDQ 0x01).
 */
HWC_INLINE __m256i xts_mul_k(__m256i t, const int k) {
  const __m256i p = _mm256_set1_epi64x(0x87);
  const __m256i c = _mm256_srli_epi64(t, 64 - k);
  return _mm256_xor_si256(_mm256_xor_si256(_mm256_slli_epi64(t, k), _mm256_slli_si256(c, 8)),
                          _mm256_clmulepi64_epi128(c, p, 0x01));
}
HWC_INLINE __m256i xts_mul_x16(__m256i t) {
  const __m256i p = _mm256_set1_epi64x(0x87);
  return _mm256_xor_si256(_mm256_slli_si256(t, 2), _mm256_clmulepi64_epi128(_mm256_srli_si256(t, 14), p, 0x00));
}

/* Vector j of a run of nb blocks at p: two blocks, or the last block alone
 * (zero-extended) when nb is odd; nb is public. */
HWC_INLINE __m256i ldv(const uint8_t *p, const int j, size_t nb) {
  if (2 * (size_t)j + 1 < nb) return ld(p, j);
  return _mm256_zextsi128_si256(x86_loadu(p + 32 * j));
}
HWC_INLINE void stv(uint8_t *p, const int j, __m256i v, size_t nb) {
  if (2 * (size_t)j + 1 < nb)
    st(p, j, v);
  else
    x86_storeu(p + 32 * j, _mm256_castsi256_si128(v));
}

/* One AES round or last round, encryption (seal) or the inverse cipher. */
HWC_INLINE __m256i aes_rnd(__m256i s, __m256i k, const int seal) {
  return seal ? _mm256_aesenc_epi128(s, k) : _mm256_aesdec_epi128(s, k);
}
HWC_INLINE __m256i aes_rnd_last(__m256i s, __m256i k, const int seal) {
  return seal ? _mm256_aesenclast_epi128(s, k) : _mm256_aesdeclast_epi128(s, k);
}

enum { RUN_ECB, RUN_CBC, RUN_XTS };

/* p through an empty volatile asm: the compiler no longer knows where it
 * points and cannot hoist or merge the asm (HWC_OPAQUE_GPR's is not
 * volatile, and gcc moved it out of the loop). Each run then reads the
 * round keys as it uses them instead of loading all of them once ahead of
 * the tail's switch and spilling them (key material) to the stack, and
 * reads the XTS tweaks from tw[] instead of forwarding them in registers. */
HWC_INLINE const __m256i *opaque_ptr(const __m256i *p) {
  __asm__ __volatile__("" : "+r"(p));
  return p;
}

/*
 * One run of nb blocks, 2 nv - 1 <= nb <= 2 nv (nv vectors, constant; the
 * main loops use nv = 8 as ctr_body does), with E_K (seal) or D_K:
 *   RUN_ECB: out_i = AES(in_i)
 *   RUN_CBC: out_i = D_K(in_i) ^ in_{i-1}, in_{-1} = *chain (the IV or the
 *            previous run's last ciphertext); *chain = in_{nb-1} on return.
 *            The previous-ciphertext vector j >= 1 is one unaligned load at
 *            in + 32 j - 16; vector 0 pairs *chain with block 0.
 *   RUN_XTS: out_i = AES(in_i ^ T_i) ^ T_i, vector j's tweaks in tw[j];
 *            with adv, twn[j] = tw[j] x^16, the next step's, written as
 *            soon as tw[j] is read: the next step's first round then does
 *            not wait on this step's last (with one buffer, advanced in
 *            place after its last use, XTS ran ~30% slower: the advance
 *            sat behind the whole step's rounds in the schedulers).
 *            tw, twn: the caller's scratch (wiped by it), reached through a
 *            pointer the compiler cannot see through, so the tweaks are
 *            read from and written to it, never forwarded in registers
 *            across steps and so never spilled to other stack slots.
 * The post-whitening value goes in through the last round key. Every load
 * of in (blocks and previous ciphertexts) comes before the first store to
 * out, so in == out is safe.
 */
HWC_INLINE void run_nv(const vaes256_key *K, const int mode, const int seal, __m128i *chain,
                       __m256i *tw, __m256i *twn, const int adv, const uint8_t *in, uint8_t *out, size_t nb,
                       const int nv, const int NR) {
  const __m256i *kk = opaque_ptr(seal ? K->rk : K->dk);
  __m256i s[8];
  if (mode == RUN_XTS) tw = (__m256i *)(void *)opaque_ptr(tw); /* our own scratch, writable */
  if (adv) twn = (__m256i *)(void *)opaque_ptr(twn);
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    __m256i x = ldv(in, j, nb);
    if (mode == RUN_XTS) {
      const __m256i t = tw[j];
      x = _mm256_xor_si256(x, t);
      if (adv) twn[j] = xts_mul_x16(t);
    }
    s[j] = _mm256_xor_si256(x, kk[0]);
  }
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) {
#pragma GCC unroll 8
    for (int j = 0; j < nv; j++) s[j] = aes_rnd(s[j], kk[r], seal);
  }
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    __m256i w = kk[NR];
    if (mode == RUN_XTS) w = _mm256_xor_si256(w, tw[j]);
    if (mode == RUN_CBC)
      w = _mm256_xor_si256(w, j == 0 ? _mm256_inserti128_si256(_mm256_castsi128_si256(*chain), x86_loadu(in), 1)
                                     : ld(in - 16, j));
    s[j] = aes_rnd_last(s[j], w, seal);
  }
  if (mode == RUN_CBC) *chain = x86_loadu(in + 16 * (nb - 1));
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) stv(out, j, s[j], nb);
}

/* The last 1..15 blocks: ceil(nb / 2) vectors, so a single block costs one
 * two-lane AES (its idle lane is zero and discarded). */
HWC_INLINE void run_tail(const vaes256_key *K, const int mode, const int seal, __m128i *chain,
                         __m256i *tw, const uint8_t *in, uint8_t *out, size_t nb, const int NR) {
  switch ((nb + 1) >> 1) {
    case 1: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 1, NR); break;
    case 2: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 2, NR); break;
    case 3: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 3, NR); break;
    case 4: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 4, NR); break;
    case 5: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 5, NR); break;
    case 6: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 6, NR); break;
    case 7: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 7, NR); break;
    default: run_nv(K, mode, seal, chain, tw, NULL, 0, in, out, nb, 8, NR); break;
  }
}

HWC_INLINE void ecb_body(const vaes256_key *K, const int seal, const uint8_t *in, uint8_t *out,
                         size_t n, const int NR) {
  for (; n >= 16; n -= 16, in += 256, out += 256) run_nv(K, RUN_ECB, seal, NULL, NULL, NULL, 0, in, out, 16, 8, NR);
  if (n) run_tail(K, RUN_ECB, seal, NULL, NULL, in, out, n, NR);
}

/* CBC decryption; iv = the last ciphertext block on return. */
HWC_INLINE void cbc_open_body(const vaes256_key *K, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                              size_t n, const int NR) {
  __m128i chain = x86_loadu(iv);
  for (; n >= 16; n -= 16, in += 256, out += 256) run_nv(K, RUN_CBC, 0, &chain, NULL, NULL, 0, in, out, 16, 8, NR);
  if (n) run_tail(K, RUN_CBC, 0, &chain, NULL, in, out, n, NR);
  x86_storeu(iv, chain);
}

/* XTS over n blocks from T = T_0; T = T_n on return. cur[] always holds the
 * tweaks of the next 16 blocks (the steps alternate between the two halves
 * of tw[]), so T_n is lane n & 1 of cur[n / 2] after
 * the last run (n < 16 blocks left; the index is public). */
HWC_INLINE void xts_body(const vaes256_key *K, const int seal, uint8_t T[16], const uint8_t *in,
                         uint8_t *out, size_t n, const int NR) {
  __m256i tw[16], *cur = tw, *nxt = tw + 8;
  const __m128i t = x86_loadu(T);
  const __m256i base = _mm256_inserti128_si256(_mm256_castsi128_si256(t), x86_xts_mul_alpha(t), 1);
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++) cur[j] = xts_mul_k(base, 2 * j);
  for (; n >= 16; n -= 16, in += 256, out += 256) {
    run_nv(K, RUN_XTS, seal, NULL, cur, nxt, 1, in, out, 16, 8, NR);
    __m256i *t = cur;
    cur = nxt;
    nxt = t;
  }
  if (n) run_tail(K, RUN_XTS, seal, NULL, cur, in, out, n, NR);
  x86_storeu(T, (n & 1) ? _mm256_extracti128_si256(cur[n >> 1], 1) : _mm256_castsi256_si128(cur[n >> 1]));
  x86_wipe(tw, sizeof(tw));
}

/* ------------------------------------------------------------------------ */
/* Table entry points                                                       */
/* ------------------------------------------------------------------------ */

static void vaes256_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                          size_t len) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  HWC_BY_ROUNDS(k->rounds, ctr_body(K, ctr, in, out, len, NR));
  _mm256_zeroupper();
}

static void vaes256_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                             uint8_t *out, size_t len) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 1));
  _mm256_zeroupper();
}

static void vaes256_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                             uint8_t *out, size_t len) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 0));
  _mm256_zeroupper();
}

static void vaes256_ghash(const hwc_aes_key *k, uint8_t Yb[16], const uint8_t *data, size_t len) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  __m128i Y = x86_bswap(x86_loadu(Yb));
  if (len == 16) {
    /* the length block and 16-byte AAD: one multiply by H */
    Y = gh_mul(_mm_xor_si128(x86_bswap(x86_loadu(data)), Y), K->hp[15], K->hk[15]);
  } else {
    while (len >= 256) {
      Y = ghash16(K, Y, data);
      data += 256;
      len -= 256;
    }
    if (len) {
      gacc acc;
      gacc_zero(&acc);
      gh_run(&acc, Y, data, len, 16 - ((len + 15) >> 4), K);
      Y = gacc_finish(&acc);
    }
  }
  x86_storeu(Yb, x86_bswap(Y));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* A whole short message in one call (gcm_short)                            */
/* ------------------------------------------------------------------------ */

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
                         uint8_t full_tag[16], const int nv, const int NR, const int seal) {
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
  for (int j = 0; j < nv; j++) x[j] = (j < nv - 1 || nfull == (size_t)nv) ? ld(in, j) : load_part(in + 32 * j, rem);

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
  const __m128i *hp = K->hp + (15 - n), *hk = K->hk + (15 - n);
  if (!seal) {
#pragma GCC unroll 4
    for (int j = 0; j < nv; j++)
      gh_step(&acc, _mm256_xor_si256(bs(x[j]), j == 0 ? zext(Y) : _mm256_setzero_si256()), hp + 2 * j, hk + 2 * j);
  }

#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) {
    const __m256i rk = K->rk[r];
    t = _mm_aesenc_si128(t, _mm256_castsi256_si128(rk));
#pragma GCC unroll 4
    for (int j = 0; j < nv; j++) s[j] = _mm256_aesenc_epi128(s[j], rk);
  }
  t = _mm_aesenclast_si128(t, _mm256_castsi256_si128(K->rk[NR]));
#pragma GCC unroll 4
  for (int j = 0; j < nv; j++) {
    __m256i c = _mm256_aesenclast_epi128(s[j], _mm256_xor_si256(K->rk[NR], x[j]));
    if (j < nv - 1 || nfull == (size_t)nv) {
      st(out, j, c);
    } else {
      c = _mm256_and_si256(c, bmask(rem));
      store_part(out + 32 * j, c, rem);
    }
    if (seal) gh_step(&acc, _mm256_xor_si256(bs(c), j == 0 ? zext(Y) : _mm256_setzero_si256()), hp + 2 * j, hk + 2 * j);
  }
  /* [len(A)]_64 || [len(C)]_64, reversed: low qword len(C), high len(A) */
  gh_step(&acc, zext(_mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8))), K->hp + 15,
          K->hk + 15);
  Y = gacc_finish(&acc);
  x86_storeu(full_tag, _mm_xor_si128(t, x86_bswap(Y)));
}

HWC_INLINE void short_body(const vaes256_key *K, const uint8_t nonce[12], const uint8_t *aad,
                           size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                           uint8_t full_tag[16], const int NR, const int seal) {
  switch ((len + 31) >> 5) {
    case 0: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, 0, NR, seal); break;
    case 1: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, 1, NR, seal); break;
    case 2: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, 2, NR, seal); break;
    case 3: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, 3, NR, seal); break;
    default: short_nv(K, nonce, aad, aad_len, in, len, out, full_tag, 4, NR, seal); break;
  }
}

/* A whole message with a 96-bit nonce, len <= 128 and aad_len <= 128
 * (hwcrypt_impl.h): one call instead of the glue's five. */
static void vaes256_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                              uint8_t *out, uint8_t full_tag[16]) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, short_body(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, short_body(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 0));
  _mm256_zeroupper();
}

static void vaes256_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk; /* low lane of each 32-byte key */
  x86_storeu(out, x86_aes_xor1(rk, 2, (int)k->rounds, x86_loadu(in), _mm_setzero_si128()));
  _mm256_zeroupper();
}

static void vaes256_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  vaes256_key *K = HWC_KEY_STATE_W(vaes256_key, k);
  const int nr = (int)k->rounds;
  __m128i rk[15];
  x86_expand_key(rk, key, key_len);
  for (int r = 0; r <= nr; r++) K->rk[r] = _mm256_broadcastsi128_si256(rk[r]);
  __m128i dk[15];
  x86_dec_keys(dk, rk, nr);
  for (int r = 0; r <= nr; r++) K->dk[r] = _mm256_broadcastsi128_si256(dk[r]);
  hwc_wipe(dk, sizeof(dk));
  const __m128i z = _mm_setzero_si128();
  gh_powers(gh_key(x86_aes_xor1(rk, 1, nr, z, z)), K->hp, K->hk, 16);
  hwc_wipe(rk, sizeof(rk));
  K->hp[16] = K->hk[16] = z;
  for (int q = 0; q < 4; q++) {
    uint64_t v[4];
    for (int L = 0; L < 2; L++) {
      memcpy(&v[2 * L], &K->hk[4 * q + L], 8);
      memcpy(&v[2 * L + 1], &K->hk[4 * q + 2 + L], 8);
    }
    K->hk2[q] = _mm256_loadu_si256((const __m256i *)(const void *)v);
  }
  _mm256_zeroupper();
}

/* CMAC's CBC-MAC chain: serial, so the xmm chain of x86_aes_common.h on
 * the low lane of each broadcast round key (stride 2); ymm would only
 * carry an idle second lane. */
static void vaes256_cbc_mac(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks) {
  if (!nblocks) return;
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk;
  __m128i x = x86_loadu(X);
  HWC_BY_ROUNDS(k->rounds, x = x86_cbc_mac(rk, 2, NR, x, data, nblocks));
  x86_storeu(X, x);
  _mm256_zeroupper();
}

static void vaes256_ecb(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out, size_t nblocks) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, 1, in, out, nblocks, NR));
  else
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, 0, in, out, nblocks, NR));
  _mm256_zeroupper();
}

/* CBC: encryption is serial (x86_cbc_enc on the low lane of each broadcast
 * round key, stride 2, at the AES latency whatever the width); decryption
 * runs 16 blocks in flight. */
static void vaes256_cbc(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in, uint8_t *out,
                        size_t nblocks) {
  if (!nblocks) return;
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  if (seal) {
    const __m128i *rk = (const __m128i *)(const void *)K->rk;
    __m128i c = x86_loadu(iv);
    HWC_BY_ROUNDS(k->rounds, c = x86_cbc_enc(rk, 2, NR, c, in, out, nblocks));
    x86_storeu(iv, c);
  } else {
    HWC_BY_ROUNDS(k->rounds, cbc_open_body(K, iv, in, out, nblocks, NR));
  }
  _mm256_zeroupper();
}

static void vaes256_xts(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in, uint8_t *out,
                        size_t nblocks) {
  if (!nblocks) return;
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, xts_body(K, 1, T, in, out, nblocks, NR));
  else
    HWC_BY_ROUNDS(k->rounds, xts_body(K, 0, T, in, out, nblocks, NR));
  _mm256_zeroupper();
}

/* CCM: the MAC chain is serial, so x86_ccm's xmm pair (MAC block and the
 * next keystream block) on the low lanes of the round keys (stride 2). */
static void vaes256_ccm(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16],
                        const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk;
  __m128i x = x86_loadu(X);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(rk, 2, NR, 1, ctr, x, in, out, len));
  else
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(rk, 2, NR, 0, ctr, x, in, out, len));
  x86_storeu(X, x);
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* AES-GCM-SIV (the gcm_siv entry)                                          */
/* ------------------------------------------------------------------------ */

/*
 * A whole RFC 8452 message per call, in vaes512's steps (see there): the
 * per-message state is a vaes256_key on this function's stack with only rk
 * (the message-encryption key) and hp/hk (powers of the POLYVAL key, as
 * many as the message needs, highest first, then the zero entry) filled.
 * POLYVAL is the GHASH code above without the byte swaps: x86_aes_common.h's
 * register domain and reduction are POLYVAL's element order and dot(), and
 * the powers are built from H itself (no gh_key). A message whose
 * pad(A) || pad(P) || lengths fits 16 blocks is hashed with one reduction;
 * longer ones 16 blocks per reduction. CTR keeps 8 ymm (16 blocks) in
 * flight with GCM-SIV's counter, a little-endian uint32 in dword 0 of the
 * block as loaded: VPADDD steps it (mod 2^32, no carry into dword 1) and
 * no byte swap is needed. Round keys and powers are read from the record
 * state as they are used (x86_launder), so the compiler does not keep and
 * spill copies of them; the record state and the key buffer are wiped.
 * Branches depend on lengths and the key size only.
 */

/* Powers H^1 .. H^n, n = min(m, 16), into hp[16 - n .. 15], hk alongside. */
HWC_INLINE void siv_powers(vaes256_key *R, __m128i h, size_t m) {
  const int n = m >= 16 ? 16 : (int)m;
  gh_powers(h, R->hp + 16 - n, R->hk + 16 - n, n);
  R->hp[16] = R->hk[16] = _mm_setzero_si128();
}

/* gh_run without the byte swap: the blocks of p[0 .. len) (zero-padded),
 * vector v against the powers from entry base + 2v; Y enters block 0. */
HWC_INLINE void siv_run(gacc *acc, __m128i Y, const uint8_t *p, size_t len, size_t base, const vaes256_key *R) {
  const __m128i *hp = R->hp + base, *hk = R->hk + base;
  __m256i y = zext(Y);
  size_t v = 0;
  for (; 32 * v + 32 <= len; v++) {
    gh_step(acc, _mm256_xor_si256(ld(p, (int)v), y), hp + 2 * v, hk + 2 * v);
    y = _mm256_setzero_si256();
  }
  if (len & 31) gh_step(acc, _mm256_xor_si256(load_part(p + 32 * v, len & 31), y), hp + 2 * v, hk + 2 * v);
}

/* Y = POLYVAL over p[0 .. len), 16 blocks per reduction, then the rest. */
HWC_INLINE __m128i siv_polyval_seg(const vaes256_key *R, __m128i Y, const uint8_t *p, size_t len) {
  while (len >= 256) {
    gacc a;
    gacc_zero(&a);
    const vaes256_key *Q = (const vaes256_key *)x86_launder(R); /* powers as memory operands */
#pragma GCC unroll 8
    for (int v = 0; v < 8; v++)
      gh_step(&a, v ? ld(p, v) : _mm256_xor_si256(ld(p, 0), zext(Y)), Q->hp + 2 * v, Q->hk + 2 * v);
    Y = gacc_finish(&a);
    p += 256;
    len -= 256;
  }
  if (len) {
    gacc a;
    gacc_zero(&a);
    siv_run(&a, Y, p, len, 16 - ((len + 15) >> 4), R);
    Y = gacc_finish(&a);
  }
  return Y;
}

/* S = POLYVAL(H, pad(A) || pad(P) || le64(8|A|) || le64(8|P|)). */
HWC_INLINE __m128i siv_polyval(const vaes256_key *R, const uint8_t *aad, size_t aad_len, const uint8_t *p,
                               size_t len) {
  const __m128i lens = _mm_set_epi64x((long long)((uint64_t)len * 8), (long long)((uint64_t)aad_len * 8));
  const size_t na = (aad_len + 15) >> 4, nb = (len + 15) >> 4, t = na + nb + 1;
  gacc a;
  gacc_zero(&a);
  if (t <= 16) {
    if (aad_len) siv_run(&a, _mm_setzero_si128(), aad, aad_len, 16 - t, R);
    if (len) siv_run(&a, _mm_setzero_si128(), p, len, 15 - nb, R);
    gh_step(&a, zext(lens), R->hp + 15, R->hk + 15);
    return gacc_finish(&a);
  }
  __m128i Y = siv_polyval_seg(R, _mm_setzero_si128(), aad, aad_len);
  Y = siv_polyval_seg(R, Y, p, len);
  return gh_mul(_mm_xor_si128(Y, lens), R->hp[15], R->hk[15]);
}

/* Counter vector j of a run from c (lanes c, c + 1 in dword 0). */
HWC_INLINE __m256i siv_ctr_vec(__m256i c, int j) {
  return _mm256_add_epi32(c, _mm256_set_epi32(0, 0, 0, 2 * j, 0, 0, 0, 2 * j));
}

/* The last len (1 .. 32 nv) bytes of CTR: nv (constant) vectors of
 * keystream in one pass, whole vectors stored directly, the last partial
 * one through load_part/store_part. */
HWC_INLINE void siv_ctr_tail(const vaes256_key *R, __m256i c, const uint8_t *in, uint8_t *out, size_t len,
                             const int NR, const int nv) {
  __m256i s[8];
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) s[j] = _mm256_xor_si256(siv_ctr_vec(c, j), R->rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) aes_round(s, nv, ((const vaes256_key *)x86_launder(R))->rk[r]);
  R = (const vaes256_key *)x86_launder(R);
  const size_t nfull = len >> 5, rem = len & 31;
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    if (j < nv - 1 || nfull == (size_t)nv) {
      st(out, j, _mm256_aesenclast_epi128(s[j], _mm256_xor_si256(R->rk[NR], ld(in, j))));
    } else {
      const __m256i x = load_part(in + 32 * j, rem);
      store_part(out + 32 * j, _mm256_aesenclast_epi128(s[j], _mm256_xor_si256(R->rk[NR], x)), rem);
    }
  }
}

HWC_INLINE void siv_ctr(const vaes256_key *R, __m128i c0, const uint8_t *in, uint8_t *out, size_t len,
                        const int NR) {
  __m256i c = _mm256_add_epi32(_mm256_broadcastsi128_si256(c0), _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
  while (len >= 256) {
    __m256i s[8];
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) s[j] = _mm256_xor_si256(siv_ctr_vec(c, j), R->rk[0]);
    c = siv_ctr_vec(c, 8);
    HWC_OPAQUE(c);
#pragma GCC unroll 14
    for (int r = 1; r < NR; r++) aes_round(s, 8, ((const vaes256_key *)x86_launder(R))->rk[r]);
    aes_last((const vaes256_key *)x86_launder(R), s, 8, in, out, NR);
    in += 256;
    out += 256;
    len -= 256;
  }
  switch ((len + 31) >> 5) {
    case 0: break;
    case 1: siv_ctr_tail(R, c, in, out, len, NR, 1); break;
    case 2: siv_ctr_tail(R, c, in, out, len, NR, 2); break;
    case 3: siv_ctr_tail(R, c, in, out, len, NR, 3); break;
    case 4: siv_ctr_tail(R, c, in, out, len, NR, 4); break;
    case 5: siv_ctr_tail(R, c, in, out, len, NR, 5); break;
    case 6: siv_ctr_tail(R, c, in, out, len, NR, 6); break;
    case 7: siv_ctr_tail(R, c, in, out, len, NR, 7); break;
    default: siv_ctr_tail(R, c, in, out, len, NR, 8); break;
  }
}

HWC_INLINE void siv_body(const vaes256_key *K, vaes256_key *R, int seal, const uint8_t nonce[12],
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                         uint8_t tag[16], size_t key_bytes, const int NR) {
  HWC_ALIGN(32) uint8_t kb[64];
  uint32_t n2;
  memcpy(&n2, nonce + 8, 4);
  /* (1) derivation blocks le32(i) || N: vector j holds i = 2j, 2j + 1 */
  const __m128i nx = _mm_insert_epi32(_mm_slli_si128(_mm_loadl_epi64((const __m128i *)(const void *)nonce), 4),
                                      (int)n2, 3);
  const __m256i nb = _mm256_add_epi32(_mm256_broadcastsi128_si256(nx), _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
  __m256i d[3];
  const int nd = key_bytes == 32 ? 3 : 2;
  if (nd == 3) {
#pragma GCC unroll 3
    for (int j = 0; j < 3; j++) d[j] = _mm256_xor_si256(siv_ctr_vec(nb, j), K->rk[0]);
#pragma GCC unroll 14
    for (int r = 1; r < NR; r++) aes_round(d, 3, K->rk[r]);
#pragma GCC unroll 3
    for (int j = 0; j < 3; j++) d[j] = _mm256_aesenclast_epi128(d[j], K->rk[NR]);
  } else {
#pragma GCC unroll 2
    for (int j = 0; j < 2; j++) d[j] = _mm256_xor_si256(siv_ctr_vec(nb, j), K->rk[0]);
#pragma GCC unroll 14
    for (int r = 1; r < NR; r++) aes_round(d, 2, K->rk[r]);
#pragma GCC unroll 2
    for (int j = 0; j < 2; j++) d[j] = _mm256_aesenclast_epi128(d[j], K->rk[NR]);
    d[2] = _mm256_setzero_si256();
  }
  /* the low qwords of blocks 0..3, then of 4, 5 */
  st(kb, 0, _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(d[0], d[1]), 0xd8));
  st(kb, 1, _mm256_permute4x64_epi64(d[2], 0x08));
  /* (2) kb = auth key || encryption key */
  const size_t na = (aad_len + 15) >> 4, nm = (len + 15) >> 4;
  siv_powers(R, x86_loadu(kb), na + nm + 1);
  {
    __m128i rk[15];
    x86_expand_key(rk, kb + 16, key_bytes);
    for (int r = 0; r <= NR; r++) R->rk[r] = _mm256_broadcastsi128_si256(rk[r]);
    x86_wipe(rk, sizeof(rk));
  }
  x86_wipe(kb, sizeof(kb));
  x86_wipe(d, sizeof(d));
  const __m128i top = _mm_set_epi32((int)0x80000000, 0, 0, 0);
  const __m128i nz = _mm_srli_si128(nx, 4);
  const __m128i *rk1 = (const __m128i *)(const void *)R->rk; /* low lanes, stride 2 */
  if (seal) {
    const __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, in, len), nz);
    const __m128i t = x86_aes_xor1(rk1, 2, NR, _mm_andnot_si128(top, s), _mm_setzero_si128());
    x86_storeu(tag, t);
    if (len) siv_ctr(R, _mm_or_si128(t, top), in, out, len, NR);
  } else {
    if (len) siv_ctr(R, _mm_or_si128(x86_loadu(tag), top), in, out, len, NR);
    const __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, out, len), nz);
    x86_storeu(tag, x86_aes_xor1(rk1, 2, NR, _mm_andnot_si128(top, s), _mm_setzero_si128()));
  }
}

static void vaes256_gcm_siv(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  const vaes256_key *K = HWC_KEY_STATE(vaes256_key, k);
  vaes256_key R;
  HWC_BY_ROUNDS(k->rounds, siv_body(K, &R, seal, nonce, aad, aad_len, in, len, out, tag, k->key_bytes, NR));
  x86_wipe(R.rk, sizeof(R.rk));
  x86_wipe(R.hp, sizeof(R.hp));
  x86_wipe(R.hk, sizeof(R.hk));
  _mm256_zeroupper();
}

static const hwc_aes_impl vaes256_impl = {
    .name = "vaes256",
    .init = vaes256_init,
    .encrypt_block = vaes256_encrypt_block,
    .ctr32 = vaes256_ctr32,
    .ghash = vaes256_ghash,
    .gcm_seal = vaes256_gcm_seal,
    .gcm_open = vaes256_gcm_open,
    .gcm_short = vaes256_gcm_short,
    .cbc_mac = vaes256_cbc_mac,
    .ecb = vaes256_ecb,
    .cbc = vaes256_cbc,
    .xts = vaes256_xts,
    .ccm = vaes256_ccm,
    .gcm_siv = vaes256_gcm_siv,
    .state_size = sizeof(vaes256_key),
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
