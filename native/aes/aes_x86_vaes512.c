/*
 * aes_x86_vaes512.c - AES-CTR, AES-GCM and the block-cipher modes (ECB,
 * CBC, XTS, CCM) on VAES + VPCLMULQDQ with 512-bit zmm registers (AVX-512
 * F/BW/VL/DQ). Four AES blocks per register.
 *
 * Kernels target AVX-512 F/BW/VL/DQ, AVX2, VAES, VPCLMULQDQ, AES and
 * PCLMUL only (HWC_TARGET_BEGIN below); the
 * getter hands the table out only when CPUID/XCR0 say all of those work.
 *
 * GHASH (representation, Karatsuba with precomputed halves, the two-fold
 * Montgomery reduction by 0xc2..., H' and its powers), the key expansion
 * and the counter form are derived once in x86_aes_common.h; this file
 * applies them four lanes at a time. The power table (hpow/hkar) is the
 * header's highest-first layout with 32 powers and four zero entries after
 * H^1, so a short final register may read past H^1 harmlessly.
 *
 * Width: vaes256 and this file have the same structure under the same
 * names (aes_start/aes_round/aes_last, ctr_body, gcm_body(seal), one tail
 * for CTR and GCM with hash/seal flags, gcm_short's whole-message body)
 * and share the header's xmm blocks, but each writes its loops for its own
 * width: the zmm loop leans on AVX-512 (VPTERNLOGQ three-way sums, opmask
 * loads and stores for every tail), which the ymm file has no equivalent
 * for, and the ymm loop packs its Karatsuba halves per vector pair to save
 * a shuffle the zmm loop does not need. A body written once over both
 * would cost one of them instructions in its hot loop, and both loops are
 * sensitive to gcc's scheduling (a few percent from reordering alone).
 *
 * Why the loops look the way they do
 * -----------------------------------
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
 * Counters: the header's byte-swapped form, VPADDD stepping four lanes at
 * once (wrapping like inc32) and one VPSHUFB per register to swap back.
 * The counter is secret for a non-96-bit GCM nonce, so nothing looks at
 * its value: an earlier shortcut
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
 * The block-cipher modes are described where they are defined (below
 * GCM): ECB, CBC open and XTS in CTR's loop shape, CBC seal and CCM on the
 * shared serial chains.
 *
 * Constant time: there are no table lookups; branches and masks depend only
 * on lengths, never on keys, data, the counter, the GHASH state, IVs,
 * tweaks or MAC states.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("avx512f,avx512bw,avx512vl,avx512dq,avx2,vaes,vpclmulqdq,aes,pclmul")

/* Inside the region: the shared blocks get this file's instruction set. */
#include "x86_aes_common.h"

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
  __m512i dk[15];              /* inverse cipher's round keys (x86_dec_keys), broadcast */
  __m128i hpow[HPOW_MAX + 4];  /* hpow[i] = H'^(32-i) for i < 32, then zeros */
  __m128i hkar[HPOW_MAX + 4];  /* low ^ high qword of hpow[i] (Karatsuba), in both qwords */
} vaes512_key;

_Static_assert(sizeof(vaes512_key) <= HWC_AES_BACKEND_BYTES, "vaes512 key state too large");
_Static_assert(GCM_NV * 4 <= HPOW_MAX, "not enough powers of H for the main loop");


/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

HWC_INLINE __m512i bswap_mask512(void) { return _mm512_broadcast_i32x4(x86_bswap_mask()); }

/* Counter increments in dword 0 of each lane: lane l gets base + l. */
HWC_INLINE __m512i lane_inc(int base) {
  return _mm512_set_epi32(0, 0, 0, base + 3, 0, 0, 0, base + 2, 0, 0, 0, base + 1, 0, 0, 0, base);
}

/* The same increment n in dword 0 of every lane. */
HWC_INLINE __m512i lane_add(int n) { return _mm512_set_epi32(0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n, 0, 0, 0, n); }

/* Byte-swapped counter block broadcast to four lanes as [c, c+1, c+2, c+3]. */
HWC_INLINE __m512i ctr_init(const uint8_t ctr[16]) {
  return _mm512_add_epi32(_mm512_broadcast_i32x4(x86_ctr_le(ctr)), lane_inc(0));
}

/*
 * AES on nv registers (4 nv blocks) of counter blocks, in the same three
 * steps as vaes256 (aes_start, aes_round, aes_last). aes_start: round 0 of
 * the blocks from the counter in c (byte-swapped lanes [n, n+1, n+2, n+3]);
 * register j is c + 4j in dword 0 of each lane (mod 2^32), swapped back.
 * Returns the counter of the next run, c + 4 nv.
 *
 * The steps 4j come from a table through a pointer the compiler cannot see
 * through (HWC_OPAQUE_GPR), so they stay memory operands of the VPADDDs in
 * the loop. As constants, gcc hoisted them out of the three round-count
 * copies that HWC_BY_ROUNDS puts into one function and reloaded them from
 * stack slots, and the GCM open loop ran ~2% slower.
 */
static const HWC_ALIGN(64) uint32_t k_lane_step[8][16] = { /* 4 (i + 1) in dword 0 */
    {4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0},
    {8, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0},
    {12, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0},
    {16, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0},
    {20, 0, 0, 0, 20, 0, 0, 0, 20, 0, 0, 0, 20, 0, 0, 0},
    {24, 0, 0, 0, 24, 0, 0, 0, 24, 0, 0, 0, 24, 0, 0, 0},
    {28, 0, 0, 0, 28, 0, 0, 0, 28, 0, 0, 0, 28, 0, 0, 0},
    {32, 0, 0, 0, 32, 0, 0, 0, 32, 0, 0, 0, 32, 0, 0, 0}};
_Static_assert(GCM_NV <= 8 && CTR_NV <= 8, "k_lane_step has the steps of 8 registers");

HWC_INLINE __m512i aes_start(const vaes512_key *K, __m512i c, __m512i *s, const int nv) {
  const __m512i bswap = bswap_mask512();
  const __m512i rk0 = K->rk[0];
  const uint32_t(*step)[16] = k_lane_step;
  HWC_OPAQUE_GPR(step);
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    const __m512i cj = j ? _mm512_add_epi32(c, _mm512_load_si512(step[j - 1])) : c;
    s[j] = _mm512_xor_si512(_mm512_shuffle_epi8(cj, bswap), rk0);
  }
  return _mm512_add_epi32(c, _mm512_load_si512(step[nv - 1]));
}

HWC_INLINE void aes_round(__m512i *s, const int nv, __m512i rk) {
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) s[j] = _mm512_aesenc_epi128(s[j], rk);
}

/* The last round with the data at in XORed in through the round key, each
 * register stored to out as it is done. */
HWC_INLINE void aes_last(const vaes512_key *K, __m512i *s, const int nv, const uint8_t *in,
                         uint8_t *out, const int NR) {
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    __m512i x = _mm512_loadu_si512((const void *)(in + 64 * j));
    s[j] = _mm512_aesenclast_epi128(s[j], _mm512_xor_si512(K->rk[NR], x));
    _mm512_storeu_si512((void *)(out + 64 * j), s[j]);
  }
}

/* Byte mask for the first min(len, 64) bytes. */
HWC_INLINE __mmask64 len_mask(size_t len) {
  return len >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << len) - 1);
}

HWC_INLINE __m512i xor3(__m512i a, __m512i b, __m512i c) {
  return _mm512_ternarylogic_epi64(a, b, c, 0x96);
}

/* An unreduced sum of products per lane (gh_acc of x86_aes_common.h, four
 * lanes wide). */
typedef struct gh_acc4 {
  __m512i lo, mid, hi;
} gh_acc4;

/* acc (+)= x * hpow[idx ..] lane by lane, Karatsuba (three multiplies per
 * lane); the "^ LO ^ HI" correction is made once, in gf_reduce512().
 * VPSHUFD, unlike VPSHUFB, does not compete with VAES for ports. */
HWC_INLINE void gmul(gh_acc4 *a, __m512i x, const vaes512_key *K, size_t idx, const int first) {
  const __m512i h = _mm512_loadu_si512((const void *)&K->hpow[idx]);
  const __m512i k = _mm512_loadu_si512((const void *)&K->hkar[idx]);
  const __m512i xk = _mm512_xor_si512(x, _mm512_shuffle_epi32(x, _MM_PERM_BADC));
  const __m512i lo = _mm512_clmulepi64_epi128(x, h, 0x00);
  const __m512i hi = _mm512_clmulepi64_epi128(x, h, 0x11);
  const __m512i mid = _mm512_clmulepi64_epi128(xk, k, 0x00);
  a->lo = first ? lo : _mm512_xor_si512(a->lo, lo);
  a->mid = first ? mid : _mm512_xor_si512(a->mid, mid);
  a->hi = first ? hi : _mm512_xor_si512(a->hi, hi);
}

/* Two registers at once, so the sums take one three-way XOR each
 * (VPTERNLOGQ) instead of two XORs: fewer non-multiply operations competing
 * for the vector ports. */
HWC_INLINE void gmul2(gh_acc4 *a, __m512i xa, __m512i xb, const vaes512_key *K, size_t ia,
                      size_t ib, const int first) {
  const __m512i ha = _mm512_loadu_si512((const void *)&K->hpow[ia]);
  const __m512i hb = _mm512_loadu_si512((const void *)&K->hpow[ib]);
  const __m512i ka = _mm512_loadu_si512((const void *)&K->hkar[ia]);
  const __m512i kb = _mm512_loadu_si512((const void *)&K->hkar[ib]);
  const __m512i xka = _mm512_xor_si512(xa, _mm512_shuffle_epi32(xa, _MM_PERM_BADC));
  const __m512i xkb = _mm512_xor_si512(xb, _mm512_shuffle_epi32(xb, _MM_PERM_BADC));
  const __m512i l0 = _mm512_clmulepi64_epi128(xa, ha, 0x00);
  const __m512i l1 = _mm512_clmulepi64_epi128(xb, hb, 0x00);
  const __m512i h0 = _mm512_clmulepi64_epi128(xa, ha, 0x11);
  const __m512i h1 = _mm512_clmulepi64_epi128(xb, hb, 0x11);
  const __m512i m0 = _mm512_clmulepi64_epi128(xka, ka, 0x00);
  const __m512i m1 = _mm512_clmulepi64_epi128(xkb, kb, 0x00);
  a->lo = first ? _mm512_xor_si512(l0, l1) : xor3(a->lo, l0, l1);
  a->hi = first ? _mm512_xor_si512(h0, h1) : xor3(a->hi, h0, h1);
  a->mid = first ? _mm512_xor_si512(m0, m1) : xor3(a->mid, m0, m1);
}

/* gh_reduce (x86_aes_common.h) in each lane, MID in Karatsuba form. */
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

/* The four lanes reduced and added: the new GHASH state. */
HWC_INLINE __m128i gh_finish4(const gh_acc4 *acc) {
  const __m512i x = gf_reduce512(acc->lo, acc->mid, acc->hi);
  __m256i a = _mm256_xor_si256(_mm512_castsi512_si256(x), _mm512_extracti64x4_epi64(x, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
}

/* y absorbs one block g (both byte-swapped) with H. */
HWC_INLINE __m128i gh_mul_h1(const vaes512_key *K, __m128i y, __m128i g) {
  return gh_mul(_mm_xor_si128(y, g), K->hpow[HPOW_MAX - 1], K->hkar[HPOW_MAX - 1]);
}

/* AES on one zmm of counter blocks (block order): returns E_K(block) ^ x,
 * the last round key pre-XORed with x. */
HWC_INLINE __m512i aes_zmm_xor(const vaes512_key *K, __m512i blk, __m512i x, const int NR) {
  __m512i s = _mm512_xor_si512(blk, K->rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < NR; r++) s = _mm512_aesenc_epi128(s, K->rk[r]);
  return _mm512_aesenclast_epi128(s, _mm512_xor_si512(K->rk[NR], x));
}

/* The same for two registers, interleaved. */
HWC_INLINE void aes_zmm2_xor(const vaes512_key *K, __m512i b0, __m512i b1, __m512i *x0,
                             __m512i *x1, const int NR) {
  __m512i s0 = _mm512_xor_si512(b0, K->rk[0]), s1 = _mm512_xor_si512(b1, K->rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < NR; r++) {
    s0 = _mm512_aesenc_epi128(s0, K->rk[r]);
    s1 = _mm512_aesenc_epi128(s1, K->rk[r]);
  }
  *x0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(K->rk[NR], *x0));
  *x1 = _mm512_aesenclast_epi128(s1, _mm512_xor_si512(K->rk[NR], *x1));
}

/* One block on xmm: E_K(blk) ^ x (the low lane of each round key). */
HWC_INLINE __m128i aes_xmm_xor(const vaes512_key *K, __m128i blk, __m128i x, const int NR) {
  return x86_aes_xor1((const __m128i *)(const void *)K->rk, 4, NR, blk, x);
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

static void vaes512_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  vaes512_key *K = HWC_KEY_STATE_W(vaes512_key, k);
  const int nr = (int)k->rounds;
  __m128i rk[15];
  x86_expand_key(rk, key, key_len);
  for (int r = 0; r <= nr; r++) K->rk[r] = _mm512_broadcast_i32x4(rk[r]);
  for (int r = nr + 1; r < 15; r++) K->rk[r] = _mm512_setzero_si512();
  /* The inverse cipher's keys for ECB, CBC and XTS decryption: x86_dec_keys'
   * layout (dk[i] = AESIMC(rk[nr - i]), the ends swapped), written straight
   * into the key object, so no second scratch schedule needs wiping; the
   * nr - 1 AESIMC are independent, a few cycles of key setup. */
  K->dk[0] = K->rk[nr];
  for (int i = 1; i < nr; i++) K->dk[i] = _mm512_broadcast_i32x4(_mm_aesimc_si128(rk[nr - i]));
  K->dk[nr] = K->rk[0];
  for (int r = nr + 1; r < 15; r++) K->dk[r] = _mm512_setzero_si512();

  /* H', H^2..H^4 (x86_aes_common.h), then whole registers of four powers
   * times H^4, H^8, H^16: a shallow dependency chain, key setup being on
   * the path of one-shot calls. v[k] holds H^(4k+4), ..., H^(4k+1) in
   * lanes 0..3, which is exactly the descending layout of hpow[]. */
  __m128i p4[4], k4[4];
  gh_powers(gh_key(x86_aes_xor1(rk, 1, nr, _mm_setzero_si128(), _mm_setzero_si128())), p4, k4, 4);
  hwc_wipe(rk, sizeof(rk));
  const __m128i h4 = p4[0];
  __m512i v[HPOW_MAX / 4];
  v[0] = _mm512_loadu_si512((const void *)p4);
  v[1] = gf_mul512(v[0], _mm512_broadcast_i32x4(h4));
  __m512i h8 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[1]));
  v[2] = gf_mul512(v[0], h8);
  v[3] = gf_mul512(v[1], h8);
  __m512i h16 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[3]));
  for (int i = 0; i < 4; i++) v[4 + i] = gf_mul512(v[i], h16);
  for (int i = 0; i < HPOW_MAX / 4; i++) {
    _mm512_storeu_si512((void *)&K->hpow[HPOW_MAX - 4 - 4 * i], v[i]);
    _mm512_storeu_si512((void *)&K->hkar[HPOW_MAX - 4 - 4 * i],
                        _mm512_xor_si512(v[i], _mm512_shuffle_epi32(v[i], _MM_PERM_BADC)));
  }
  for (int i = HPOW_MAX; i < HPOW_MAX + 4; i++) K->hpow[i] = K->hkar[i] = _mm_setzero_si128();
  _mm256_zeroupper();
}

static void vaes512_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  _mm_storeu_si128((__m128i *)out, aes_xmm_xor(K, _mm_loadu_si128((const __m128i *)in),
                                               _mm_setzero_si128(), (int)k->rounds));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* CTR                                                                      */
/* ------------------------------------------------------------------------ */

/* Tail of CTR (hash = 0) or of GCM seal/open (hash = 1): 0 < len < 512
 * bytes, two registers at a time, the second one masked, then at most one
 * masked register; with hash, one reduction at the end. The masked load
 * zero-fills past the end, which is GHASH's padding. */
HWC_INLINE __m128i tail(const vaes512_key *K, __m512i c, __m128i y, const uint8_t *in,
                        uint8_t *out, size_t len, const int NR, const int hash, const int seal) {
  const __m512i bswap = bswap_mask512();
  size_t m = (len + 15) / 16;
  size_t hi_ = HPOW_MAX - m;
  gh_acc4 acc;
  acc.lo = acc.mid = acc.hi = _mm512_setzero_si512();
  __m512i yz = _mm512_zextsi128_si512(y);
  tail_ctr t = tail_ctr_init(c);
  while (len > 64) {
    __mmask64 m1 = len_mask(len - 64);
    __m512i x0 = _mm512_loadu_si512((const void *)in);
    __m512i x1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
    __m512i o0 = x0, o1 = x1;
    __m512i b0 = tail_ctr_next(&t);
    __m512i b1 = tail_ctr_next(&t);
    aes_zmm2_xor(K, b0, b1, &o0, &o1, NR);
    _mm512_storeu_si512((void *)out, o0);
    _mm512_mask_storeu_epi8((void *)(out + 64), m1, o1);
    __m512i g0 = seal ? o0 : x0;
    __m512i g1 = seal ? _mm512_maskz_mov_epi8(m1, o1) : x1;
    g0 = _mm512_xor_si512(_mm512_shuffle_epi8(g0, bswap), yz);
    g1 = _mm512_shuffle_epi8(g1, bswap);
    yz = _mm512_setzero_si512();
    if (hash) gmul2(&acc, g0, g1, K, hi_, hi_ + 4, 0);
    hi_ += 8;
    size_t n = len < 128 ? len : 128;
    in += n;
    out += n;
    len -= n;
  }
  if (len) {
    __mmask64 mk = len_mask(len);
    __m512i x = _mm512_maskz_loadu_epi8(mk, (const void *)in);
    __m512i o = aes_zmm_xor(K, tail_ctr_next(&t), x, NR);
    _mm512_mask_storeu_epi8((void *)out, mk, o);
    __m512i g = seal ? _mm512_maskz_mov_epi8(mk, o) : x;
    g = _mm512_xor_si512(_mm512_shuffle_epi8(g, bswap), yz);
    if (hash) gmul(&acc, g, K, hi_, 0);
  }
  return hash ? gh_finish4(&acc) : y;
}

HWC_INLINE void ctr_body(const vaes512_key *K, const uint8_t ctr[16], const uint8_t *in,
                         uint8_t *out, size_t len, const int NR) {
  if (len <= 16) {
    __mmask16 mk = (__mmask16)len_mask(len);
    __m128i x = _mm_maskz_loadu_epi8(mk, (const void *)in);
    _mm_mask_storeu_epi8((void *)out, mk,
                         aes_xmm_xor(K, _mm_loadu_si128((const __m128i *)ctr), x, NR));
    return;
  }
  __m512i c = ctr_init(ctr);
  while (len >= 64 * CTR_NV) {
    __m512i s[CTR_NV];
    c = aes_start(K, c, s, CTR_NV);
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) aes_round(s, CTR_NV, K->rk[r]);
    aes_last(K, s, CTR_NV, in, out, NR);
    in += 64 * CTR_NV;
    out += 64 * CTR_NV;
    len -= 64 * CTR_NV;
  }
  if (len) (void)tail(K, c, _mm_setzero_si128(), in, out, len, NR, 0, 0);
}

static void vaes512_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in,
                          uint8_t *out, size_t len) {
  if (len == 0) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  HWC_BY_ROUNDS(k->rounds, ctr_body(K, ctr, in, out, len, NR));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

/* Hash len bytes (1 <= len < 64 * 8 + 1, i.e. m <= 32 blocks, last one zero
 * padded) into y with one reduction. */
HWC_INLINE __m128i ghash_short(const vaes512_key *K, __m128i y, const uint8_t *p, size_t len) {
  const __m512i bswap = bswap_mask512();
  size_t m = (len + 15) / 16;
  size_t hi_ = HPOW_MAX - m;
  gh_acc4 acc;
  __mmask64 mk = len_mask(len);
  __m512i x = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mk, (const void *)p), bswap);
  x = _mm512_xor_si512(x, _mm512_zextsi128_si512(y));
  gmul(&acc, x, K, hi_, 1);
  size_t n = len < 64 ? len : 64;
  p += n;
  len -= n;
  while (len) {
    hi_ += 4;
    mk = len_mask(len);
    x = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mk, (const void *)p), bswap);
    gmul(&acc, x, K, hi_, 0);
    n = len < 64 ? len : 64;
    p += n;
    len -= n;
  }
  return gh_finish4(&acc);
}

static void vaes512_ghash(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data, size_t len) {
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  if (len == 0) return;
  __m128i y = x86_bswap(x86_loadu(Y));
  if (len <= 16) {
    __m128i x = _mm_maskz_loadu_epi8((__mmask16)len_mask(len), (const void *)data);
    y = gh_mul_h1(K, y, x86_bswap(x));
  } else {
    const __m512i bswap = bswap_mask512();
    /* 32 blocks per reduction. */
    while (len >= 512) {
      gh_acc4 acc;
#pragma GCC unroll 8
      for (int j = 0; j < 8; j += 2) {
        __m512i xa = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(data + 64 * j)), bswap);
        __m512i xb = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(data + 64 * j + 64)), bswap);
        if (j == 0) xa = _mm512_xor_si512(xa, _mm512_zextsi128_si512(y));
        gmul2(&acc, xa, xb, K, 4 * j, 4 * j + 4, j == 0);
      }
      y = gh_finish4(&acc);
      data += 512;
      len -= 512;
    }
    if (len) y = ghash_short(K, y, data, len);
  }
  x86_storeu(Y, x86_bswap(y));
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* GCM                                                                      */
/* ------------------------------------------------------------------------ */

/*
 * Main loop shared by seal (seal = 1) and open (seal = 0); NR and seal are
 * compile-time constants in each instantiation, so every "if" on them and on
 * the round index disappears after unrolling.
 */
HWC_INLINE void gcm_body(const vaes512_key *K, const uint8_t ctr[16], uint8_t Y[16],
                         const uint8_t *in, uint8_t *out, size_t len, const int NR,
                         const int seal) {
  enum { NV = GCM_NV, CHUNK = 64 * GCM_NV };
  if (len <= 16) {
    __mmask16 mk = (__mmask16)len_mask(len);
    __m128i x = _mm_maskz_loadu_epi8(mk, (const void *)in);
    __m128i o = aes_xmm_xor(K, _mm_loadu_si128((const __m128i *)ctr), x, NR);
    _mm_mask_storeu_epi8((void *)out, mk, o);
    __m128i g = seal ? _mm_maskz_mov_epi8(mk, o) : x;
    x86_storeu(Y, x86_bswap(gh_mul_h1(K, x86_bswap(x86_loadu(Y)), x86_bswap(g))));
    return;
  }
  const __m512i bswap = bswap_mask512();
  __m512i c = ctr_init(ctr);
  __m128i y = x86_bswap(x86_loadu(Y));
  const int hb = HPOW_MAX - 4 * NV; /* first power index of a chunk */

  if (len >= CHUNK) {
    __m512i g[NV]; /* byte-swapped ciphertext waiting to be hashed (seal) */
    __m512i s[NV];
    if (seal) {
      /* First chunk: AES only; its GHASH runs in the next iteration. */
      c = aes_start(K, c, s, NV);
#pragma GCC unroll 16
      for (int r = 1; r < NR; r++) aes_round(s, NV, K->rk[r]);
      aes_last(K, s, NV, in, out, NR);
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++) g[j] = _mm512_shuffle_epi8(s[j], bswap);
      g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      in += CHUNK;
      out += CHUNK;
      len -= CHUNK;
    }
    while (len >= CHUNK) {
      if (!seal) {
#pragma GCC unroll 8
        for (int j = 0; j < NV; j++)
          g[j] = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(in + 64 * j)), bswap);
        g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      }
      c = aes_start(K, c, s, NV);
      gh_acc4 acc;
      /* Rounds 1 .. NR-1; after odd round r the products of registers r-1
       * and r, after round NV+1 the reduction (NR - 1 >= NV + 1 always). */
#pragma GCC unroll 16
      for (int r = 1; r < NR; r++) {
        aes_round(s, NV, K->rk[r]);
        if ((r & 1) && r < NV) {
          gmul2(&acc, g[r - 1], g[r], K, hb + 4 * (r - 1), hb + 4 * r, r == 1);
        } else if (r == NV + 1) {
          y = gh_finish4(&acc);
        }
      }
      aes_last(K, s, NV, in, out, NR);
#pragma GCC unroll 8
      for (int j = 0; j < NV; j++)
        if (seal) g[j] = _mm512_shuffle_epi8(s[j], bswap);
      if (seal) g[0] = _mm512_xor_si512(g[0], _mm512_zextsi128_si512(y));
      in += CHUNK;
      out += CHUNK;
      len -= CHUNK;
    }
    if (seal) {
      /* Hash the last full chunk. */
      gh_acc4 acc;
#pragma GCC unroll 8
      for (int j = 0; j < NV; j += 2) gmul2(&acc, g[j], g[j + 1], K, hb + 4 * j, hb + 4 * j + 4, j == 0);
      y = gh_finish4(&acc);
    }
  }
  if (len) y = tail(K, c, y, in, out, len, NR, 1, seal);
  x86_storeu(Y, x86_bswap(y));
}

static void vaes512_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                             const uint8_t *in, uint8_t *out, size_t len) {
  if (len == 0) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 1));
  _mm256_zeroupper();
}

static void vaes512_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                             const uint8_t *in, uint8_t *out, size_t len) {
  if (len == 0) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  HWC_BY_ROUNDS(k->rounds, gcm_body(K, ctr, Y, in, out, len, NR, 0));
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
HWC_INLINE void gcm_short_body(const vaes512_key *K, const uint8_t nonce[12], const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                               uint8_t full_tag[16], const int NR, const int seal) {
  const __m512i bswap = bswap_mask512();
  const __m128i j0 = _mm_insert_epi32(_mm_maskz_loadu_epi8((__mmask16)0x0fff, (const void *)nonce),
                                      0x01000000, 3);
  const int na = (int)((aad_len + 15) >> 4), nb = (int)((len + 15) >> 4);
  const int t = na + nb + 1;
  gh_acc4 acc;
  /* [len(A)]_64 || [len(C)]_64 byte-swapped: low qword len(C), high len(A) */
  gmul(&acc, _mm512_zextsi128_si512(_mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8))),
       K, HPOW_MAX - 1, 1);
  if (aad_len) {
    __m512i a0 = _mm512_maskz_loadu_epi8(len_mask(aad_len), (const void *)aad);
    gmul(&acc, _mm512_shuffle_epi8(a0, bswap), K, HPOW_MAX - t, 0);
    if (aad_len > 64) {
      __m512i a1 = _mm512_maskz_loadu_epi8(len_mask(aad_len - 64), (const void *)(aad + 64));
      gmul(&acc, _mm512_shuffle_epi8(a1, bswap), K, HPOW_MAX - t + 4, 0);
    }
  }
  const __m128i rk0 = _mm512_castsi512_si128(K->rk[0]);
  __m128i e = _mm_xor_si128(j0, rk0);
  if (len == 0) {
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) e = _mm_aesenc_si128(e, _mm512_castsi512_si128(K->rk[r]));
    e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(K->rk[NR]));
  } else if (len <= 16) { /* one data block: two xmm chains, no broadcast */
    const __mmask16 m = (__mmask16)len_mask(len);
    const __m128i x = _mm_maskz_loadu_epi8(m, (const void *)in);
    __m128i s = _mm_xor_si128(_mm_add_epi32(j0, _mm_set_epi32(1 << 24, 0, 0, 0)), rk0);
    if (!seal)
      gmul(&acc, _mm512_zextsi128_si512(x86_bswap(x)), K, HPOW_MAX - 2, 0);
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) {
      e = _mm_aesenc_si128(e, _mm512_castsi512_si128(K->rk[r]));
      s = _mm_aesenc_si128(s, _mm512_castsi512_si128(K->rk[r]));
    }
    e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(K->rk[NR]));
    s = _mm_aesenclast_si128(s, _mm_xor_si128(_mm512_castsi512_si128(K->rk[NR]), x));
    _mm_mask_storeu_epi8((void *)out, m, s);
    if (seal)
      gmul(&acc, _mm512_zextsi128_si512(x86_bswap(_mm_maskz_mov_epi8(m, s))), K, HPOW_MAX - 2, 0);
  } else {
    const int hc = HPOW_MAX - (nb + 1);
    const __m512i cb = _mm512_broadcast_i32x4(j0);
    const __mmask64 m0 = len_mask(len);
    __m512i x0 = _mm512_maskz_loadu_epi8(m0, (const void *)in);
    __m512i s0 = _mm512_xor_si512(_mm512_add_epi32(cb, be_lanes(1)), K->rk[0]);
    if (len > 64) {
      const __mmask64 m1 = len_mask(len - 64);
      __m512i x1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
      __m512i s1 = _mm512_xor_si512(_mm512_add_epi32(cb, be_lanes(5)), K->rk[0]);
      if (!seal) {
        gmul(&acc, _mm512_shuffle_epi8(x0, bswap), K, hc, 0);
        gmul(&acc, _mm512_shuffle_epi8(x1, bswap), K, hc + 4, 0);
      }
#pragma GCC unroll 16
      for (int r = 1; r < NR; r++) {
        e = _mm_aesenc_si128(e, _mm512_castsi512_si128(K->rk[r]));
        s0 = _mm512_aesenc_epi128(s0, K->rk[r]);
        s1 = _mm512_aesenc_epi128(s1, K->rk[r]);
      }
      e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(K->rk[NR]));
      s0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(K->rk[NR], x0));
      s1 = _mm512_aesenclast_epi128(s1, _mm512_xor_si512(K->rk[NR], x1));
      _mm512_storeu_si512((void *)out, s0);
      _mm512_mask_storeu_epi8((void *)(out + 64), m1, s1);
      if (seal) {
        gmul(&acc, _mm512_shuffle_epi8(s0, bswap), K, hc, 0);
        gmul(&acc, _mm512_shuffle_epi8(_mm512_maskz_mov_epi8(m1, s1), bswap), K, hc + 4, 0);
      }
    } else {
      if (!seal) gmul(&acc, _mm512_shuffle_epi8(x0, bswap), K, hc, 0);
#pragma GCC unroll 16
      for (int r = 1; r < NR; r++) {
        e = _mm_aesenc_si128(e, _mm512_castsi512_si128(K->rk[r]));
        s0 = _mm512_aesenc_epi128(s0, K->rk[r]);
      }
      e = _mm_aesenclast_si128(e, _mm512_castsi512_si128(K->rk[NR]));
      s0 = _mm512_aesenclast_epi128(s0, _mm512_xor_si512(K->rk[NR], x0));
      _mm512_mask_storeu_epi8((void *)out, m0, s0);
      if (seal)
        gmul(&acc, _mm512_shuffle_epi8(_mm512_maskz_mov_epi8(m0, s0), bswap), K, hc, 0);
    }
  }
  x86_storeu(full_tag, _mm_xor_si128(e, x86_bswap(gh_finish4(&acc))));
}

static void vaes512_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                              uint8_t *out, uint8_t full_tag[16]) {
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, gcm_short_body(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, gcm_short_body(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 0));
  _mm256_zeroupper();
}

/* CMAC's CBC-MAC chain: serial, so the xmm chain of x86_aes_common.h on
 * the low lane of each broadcast round key (stride 4). */
static void vaes512_cbc_mac(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks) {
  if (!nblocks) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk;
  __m128i x = x86_loadu(X);
  HWC_BY_ROUNDS(k->rounds, x = x86_cbc_mac(rk, 4, NR, x, data, nblocks));
  x86_storeu(X, x);
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* ECB, CBC, XTS, CCM                                                       */
/* ------------------------------------------------------------------------ */

/*
 * The parallel modes (ECB both ways, CBC open, XTS both ways) have CTR's
 * loop shape: BLK_NV registers (4 BLK_NV blocks) per iteration, each round
 * applied to all of them before the next, so both VAES pipes always have
 * independent work (VAESDEC issues and completes like VAESENC). seal picks
 * the cipher (VAESENC, rk[]) or the inverse cipher (VAESDEC, dk[]); it is a
 * compile-time constant in each HWC_BY_ROUNDS instantiation. Whatever a
 * block is XORed with after the cipher (CBC's previous ciphertext, XTS's
 * tweak) goes into the last round key instead: enclast(s, k ^ v) =
 * enclast(s, k) ^ v, and the same for declast. What is left after the main
 * loop (< 4 BLK_NV blocks) goes two registers at a time, the second one
 * masked, then at most one masked register, as CTR's tail: a block is two
 * qwords, so the masks are qword masks; a masked load neither reads nor
 * faults on the lanes it leaves out.
 *
 * The serial modes (CBC seal, CCM) are x86_cbc_enc and x86_ccm of
 * x86_aes_common.h on the low lane of the broadcast round keys (stride 4):
 * one chain at the AES latency, whatever the register width.
 */
#ifndef BLK_NV
#define BLK_NV CTR_NV
#endif
_Static_assert(BLK_NV % 2 == 0 && BLK_NV <= 16, "the XTS step alpha^(4 BLK_NV) is a whole byte shift of at most 8");

/* Qword mask of the first min(nb, 4) blocks of a register. */
HWC_INLINE __mmask8 blk_mask(size_t nb) {
  return nb >= 4 ? (__mmask8)0xff : (__mmask8)((1u << (2 * nb)) - 1);
}

/* One round of the cipher (seal) or of the inverse cipher (open), and the
 * last one. */
HWC_INLINE __m512i aes_dir(__m512i s, __m512i k, const int seal) {
  return seal ? _mm512_aesenc_epi128(s, k) : _mm512_aesdec_epi128(s, k);
}
HWC_INLINE __m512i aes_dir_last(__m512i s, __m512i k, const int seal) {
  return seal ? _mm512_aesenclast_epi128(s, k) : _mm512_aesdeclast_epi128(s, k);
}

/* aes_round in either direction. */
HWC_INLINE void aes_dir_round(__m512i *s, const int nv, __m512i k, const int seal) {
#pragma GCC unroll 16
  for (int j = 0; j < nv; j++) s[j] = aes_dir(s[j], k, seal);
}

/* E_K(b0) ^ x0 and E_K(b1) ^ x1 (D_K for open), interleaved; rk is K->rk
 * or K->dk. */
HWC_INLINE void aes_dir2_xor(const __m512i *rk, __m512i *b0, __m512i *b1, __m512i x0, __m512i x1,
                             const int NR, const int seal) {
  __m512i s0 = _mm512_xor_si512(*b0, rk[0]), s1 = _mm512_xor_si512(*b1, rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < NR; r++) {
    s0 = aes_dir(s0, rk[r], seal);
    s1 = aes_dir(s1, rk[r], seal);
  }
  *b0 = aes_dir_last(s0, _mm512_xor_si512(rk[NR], x0), seal);
  *b1 = aes_dir_last(s1, _mm512_xor_si512(rk[NR], x1), seal);
}

/* The same on one register. */
HWC_INLINE __m512i aes_dir_xor(const __m512i *rk, __m512i b, __m512i x, const int NR, const int seal) {
  __m512i s = _mm512_xor_si512(b, rk[0]);
#pragma GCC unroll 16
  for (int r = 1; r < NR; r++) s = aes_dir(s, rk[r], seal);
  return aes_dir_last(s, _mm512_xor_si512(rk[NR], x), seal);
}

/* --- ECB --------------------------------------------------------------- */

HWC_INLINE void ecb_body(const vaes512_key *K, const uint8_t *in, uint8_t *out, size_t n,
                         const int NR, const int seal) {
  const __m512i *rk = seal ? K->rk : K->dk;
  const __m512i z = _mm512_setzero_si512();
  while (n >= 4 * BLK_NV) {
    __m512i s[BLK_NV];
#pragma GCC unroll 16
    for (int j = 0; j < BLK_NV; j++)
      s[j] = _mm512_xor_si512(_mm512_loadu_si512((const void *)(in + 64 * j)), rk[0]);
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) aes_dir_round(s, BLK_NV, rk[r], seal);
#pragma GCC unroll 16
    for (int j = 0; j < BLK_NV; j++)
      _mm512_storeu_si512((void *)(out + 64 * j), aes_dir_last(s[j], rk[NR], seal));
    in += 64 * BLK_NV;
    out += 64 * BLK_NV;
    n -= 4 * BLK_NV;
  }
  while (n > 4) {
    const __mmask8 m1 = blk_mask(n - 4);
    __m512i b0 = _mm512_loadu_si512((const void *)in);
    __m512i b1 = _mm512_maskz_loadu_epi64(m1, (const void *)(in + 64));
    aes_dir2_xor(rk, &b0, &b1, z, z, NR, seal);
    _mm512_storeu_si512((void *)out, b0);
    _mm512_mask_storeu_epi64((void *)(out + 64), m1, b1);
    const size_t k = n < 8 ? n : 8;
    in += 16 * k;
    out += 16 * k;
    n -= k;
  }
  if (n) {
    const __mmask8 m = blk_mask(n);
    const __m512i b = _mm512_maskz_loadu_epi64(m, (const void *)in);
    _mm512_mask_storeu_epi64((void *)out, m, aes_dir_xor(rk, b, z, NR, seal));
  }
}

static void vaes512_ecb(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out,
                        size_t nblocks) {
  if (!nblocks) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 0));
  _mm256_zeroupper();
}

/* --- CBC --------------------------------------------------------------- */

/*
 * CBC open: P_i = D_K(C_i) ^ C_{i-1}, every block independent. Register j
 * of a group holds C at in + 64 j; its C_{i-1} are the same blocks one
 * block earlier, one unaligned load at in + 64 j - 16. For the group's
 * first register lane 0 of that load would be the block before the group,
 * which in place has already been overwritten (or, for the first group,
 * lies before the buffer): a masked load (qwords 2..7) takes lanes 1..3
 * from memory and lane 0 from c, the previous group's last ciphertext block
 * (the IV at first), kept in a register; the masked-out lane is never read,
 * so in - 16 cannot fault. In place, every C of a group (and the next c) is
 * loaded before the group's first P is stored; the new IV, the message's
 * last ciphertext block, is read before anything is written.
 */
HWC_INLINE void cbc_open_body(const vaes512_key *K, uint8_t iv[16], const uint8_t *in,
                              uint8_t *out, size_t n, const int NR) {
  const __m512i *dk = K->dk;
  const __m128i last = x86_loadu(in + 16 * (n - 1));
  __m512i c = _mm512_zextsi128_si512(x86_loadu(iv)); /* C_{-1} in lane 0 */
  while (n >= 4 * BLK_NV) {
    __m512i s[BLK_NV];
#pragma GCC unroll 16
    for (int j = 0; j < BLK_NV; j++)
      s[j] = _mm512_xor_si512(_mm512_loadu_si512((const void *)(in + 64 * j)), dk[0]);
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) aes_dir_round(s, BLK_NV, dk[r], 0);
#pragma GCC unroll 16
    for (int j = 0; j < BLK_NV; j++) {
      const __m512i p = j ? _mm512_loadu_si512((const void *)(in + 64 * j - 16))
                          : _mm512_mask_loadu_epi64(c, 0xfc, (const void *)(in - 16));
      s[j] = _mm512_aesdeclast_epi128(s[j], _mm512_xor_si512(dk[NR], p));
    }
    c = _mm512_zextsi128_si512(x86_loadu(in + 64 * BLK_NV - 16));
#pragma GCC unroll 16
    for (int j = 0; j < BLK_NV; j++) _mm512_storeu_si512((void *)(out + 64 * j), s[j]);
    in += 64 * BLK_NV;
    out += 64 * BLK_NV;
    n -= 4 * BLK_NV;
  }
  while (n > 4) {
    const __mmask8 m1 = blk_mask(n - 4);
    const size_t k = n < 8 ? n : 8;
    __m512i b0 = _mm512_loadu_si512((const void *)in);
    __m512i b1 = _mm512_maskz_loadu_epi64(m1, (const void *)(in + 64));
    const __m512i p0 = _mm512_mask_loadu_epi64(c, 0xfc, (const void *)(in - 16));
    const __m512i p1 = _mm512_maskz_loadu_epi64(m1, (const void *)(in + 48));
    c = _mm512_zextsi128_si512(x86_loadu(in + 16 * k - 16));
    aes_dir2_xor(dk, &b0, &b1, p0, p1, NR, 0);
    _mm512_storeu_si512((void *)out, b0);
    _mm512_mask_storeu_epi64((void *)(out + 64), m1, b1);
    in += 16 * k;
    out += 16 * k;
    n -= k;
  }
  if (n) {
    const __mmask8 m = blk_mask(n);
    const __m512i b = _mm512_maskz_loadu_epi64(m, (const void *)in);
    const __m512i p = _mm512_mask_loadu_epi64(c, (__mmask8)(m & 0xfc), (const void *)(in - 16));
    _mm512_mask_storeu_epi64((void *)out, m, aes_dir_xor(dk, b, p, NR, 0));
  }
  x86_storeu(iv, last);
}

/* CBC seal is one serial chain: x86_cbc_enc on the low lanes (stride 4). */
static void vaes512_cbc(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in,
                        uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  if (seal) {
    const __m128i *rk = (const __m128i *)(const void *)K->rk;
    __m128i c = x86_loadu(iv);
    HWC_BY_ROUNDS(k->rounds, c = x86_cbc_enc(rk, 4, NR, c, in, out, nblocks));
    x86_storeu(iv, c);
  } else {
    HWC_BY_ROUNDS(k->rounds, cbc_open_body(K, iv, in, out, nblocks, NR));
  }
  _mm256_zeroupper();
}

/* --- XTS --------------------------------------------------------------- */

/*
 * XTS tweaks, four per register: lane l of a register holds T_{j+l}, as
 * loaded from memory (IEEE 1619: a little-endian 128-bit value, byte 0 the
 * low end of qword 0), and T_{j+1} = T_j * alpha in GF(2^128) modulo
 * p(x) = x^128 + x^7 + x^2 + x + 1.
 *
 * Multiplying by alpha^k = x^k, 0 <= k < 64: split T = T_hi x^(128-k) +
 * T_lo, T_hi the k bits shifted out at the top. Then
 *
 *     T x^k = T_lo x^k + T_hi x^128 = (T << k mod 2^128) ^ T_hi * 0x87,
 *
 * because x^128 = x^7 + x^2 + x + 1 (0x87) mod p. T_hi has degree < k, so
 * T_hi * 0x87 has degree < k + 7 < 128 and needs no further reduction: one
 * carry-less multiply (VPCLMULQDQ on qword 0 of each lane) replaces the
 * bit-by-bit folding. The 128-bit shift is the usual pair of qword shifts
 * with qword 0's top bits carried into qword 1.
 *
 *  - xts_mul_alpha_var: k per lane from a register of counts (VPSLLVQ and
 *    VPSRLVQ; a count of 64 gives 0, so k = 0 leaves the lane unchanged).
 *    Builds T_0..T_3 (k = 0, 1, 2, 3) from T_0 broadcast, and steps the
 *    tail by its public block count.
 *  - XTS_MUL_ALPHA_BYTES: k = 8 m, a whole-byte shift (VPSLLDQ/VPSRLDQ by
 *    m), so three instructions and an XOR. The main loop steps every
 *    register by alpha^(4 BLK_NV) (4 BLK_NV blocks per iteration, m =
 *    BLK_NV / 2 = 4 bytes): each register independently, no serial chain
 *    from one register's tweaks to the next.
 * Nothing branches on or indexes by a tweak.
 */
HWC_INLINE __m512i xts_poly(void) { return _mm512_set1_epi64(0x87); }

HWC_INLINE __m512i xts_mul_alpha_var(__m512i t, __m512i k) {
  const __m512i k64 = _mm512_sub_epi64(_mm512_set1_epi64(64), k);
  const __m512i lo_up = _mm512_srlv_epi64(_mm512_bslli_epi128(t, 8), k64); /* qword 0 -> 1 carry */
  const __m512i top = _mm512_srlv_epi64(_mm512_bsrli_epi128(t, 8), k64);   /* T_hi in qword 0 */
  return xor3(_mm512_sllv_epi64(t, k), lo_up, _mm512_clmulepi64_epi128(top, xts_poly(), 0x00));
}

/* A macro, not a function: the byte counts of VPSLLDQ/VPSRLDQ are
 * immediates, and clang wants them as constants at the intrinsic itself. */
#define XTS_MUL_ALPHA_BYTES(t, m)                   \
  _mm512_xor_si512(_mm512_bslli_epi128((t), (m)), \
                   _mm512_clmulepi64_epi128(_mm512_bsrli_epi128((t), 16 - (m)), xts_poly(), 0x00))

/* Shift counts base, base + 1, base + 2, base + 3 in lanes 0..3 (both qwords). */
HWC_INLINE __m512i xts_lane_k(long long b) {
  return _mm512_set_epi64(b + 3, b + 3, b + 2, b + 2, b + 1, b + 1, b, b);
}

/* out_j = E_K(in_j ^ T_j) ^ T_j (D_K for open): the input XOR and round 0
 * in one VPTERNLOGQ, the output XOR in the last round key. */
HWC_INLINE void xts_body(const vaes512_key *K, uint8_t T[16], const uint8_t *in, uint8_t *out,
                         size_t n, const int NR, const int seal) {
  const __m512i *rk = seal ? K->rk : K->dk;
  const __m512i t0 = _mm512_broadcast_i32x4(x86_loadu(T));
  /* ta, tb: the tweaks of the next two registers (T_j..T_{j+7}) */
  __m512i ta = xts_mul_alpha_var(t0, xts_lane_k(0));
  __m512i tb = xts_mul_alpha_var(t0, xts_lane_k(4));
  if (n >= 4 * BLK_NV) {
    __m512i t[BLK_NV];
    t[0] = ta;
    t[1] = tb;
#pragma GCC unroll 16
    for (int j = 2; j < BLK_NV; j++) t[j] = XTS_MUL_ALPHA_BYTES(t[j - 2], 1); /* alpha^8 */
    do {
      __m512i s[BLK_NV];
#pragma GCC unroll 16
      for (int j = 0; j < BLK_NV; j++)
        s[j] = xor3(_mm512_loadu_si512((const void *)(in + 64 * j)), t[j], rk[0]);
#pragma GCC unroll 16
      for (int r = 1; r < NR; r++) aes_dir_round(s, BLK_NV, rk[r], seal);
#pragma GCC unroll 16
      for (int j = 0; j < BLK_NV; j++) {
        _mm512_storeu_si512((void *)(out + 64 * j),
                            aes_dir_last(s[j], _mm512_xor_si512(rk[NR], t[j]), seal));
        t[j] = XTS_MUL_ALPHA_BYTES(t[j], BLK_NV / 2); /* alpha^(4 BLK_NV) */
      }
      in += 64 * BLK_NV;
      out += 64 * BLK_NV;
      n -= 4 * BLK_NV;
    } while (n >= 4 * BLK_NV);
    ta = t[0];
    tb = t[1];
  }
  /* Tail: after k blocks, ta and tb step by alpha^k, so lane 0 of ta is
   * always the next block's tweak (T_nblocks at the end). */
  while (n > 4) {
    const __mmask8 m1 = blk_mask(n - 4);
    const size_t k = n < 8 ? n : 8;
    __m512i b0 = _mm512_xor_si512(_mm512_loadu_si512((const void *)in), ta);
    __m512i b1 = _mm512_xor_si512(_mm512_maskz_loadu_epi64(m1, (const void *)(in + 64)), tb);
    aes_dir2_xor(rk, &b0, &b1, ta, tb, NR, seal);
    _mm512_storeu_si512((void *)out, b0);
    _mm512_mask_storeu_epi64((void *)(out + 64), m1, b1);
    const __m512i kk = _mm512_set1_epi64((long long)k);
    ta = xts_mul_alpha_var(ta, kk);
    tb = xts_mul_alpha_var(tb, kk);
    in += 16 * k;
    out += 16 * k;
    n -= k;
  }
  if (n) {
    const __mmask8 m = blk_mask(n);
    const __m512i b = _mm512_xor_si512(_mm512_maskz_loadu_epi64(m, (const void *)in), ta);
    _mm512_mask_storeu_epi64((void *)out, m, aes_dir_xor(rk, b, ta, NR, seal));
    ta = xts_mul_alpha_var(ta, _mm512_set1_epi64((long long)n));
  }
  x86_storeu(T, _mm512_castsi512_si128(ta));
}

static void vaes512_xts(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in,
                        uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, xts_body(K, T, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, xts_body(K, T, in, out, nblocks, NR, 0));
  _mm256_zeroupper();
}

/* --- CCM --------------------------------------------------------------- */

/* The MAC chain is serial; its CTR half rides in the chain's latency
 * (x86_ccm, on the low lanes of the broadcast round keys). */
static void vaes512_ccm(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16],
                        const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  const __m128i *rk = (const __m128i *)(const void *)K->rk;
  __m128i x = x86_loadu(X);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(rk, 4, NR, 1, ctr, x, in, out, len));
  else
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(rk, 4, NR, 0, ctr, x, in, out, len));
  x86_storeu(X, x);
  _mm256_zeroupper();
}

/* ------------------------------------------------------------------------ */
/* AES-GCM-SIV (the gcm_siv entry)                                          */
/* ------------------------------------------------------------------------ */

/*
 * A whole RFC 8452 message per call. The per-message ("record") state is a
 * vaes512_key on this function's stack with only the fields GCM-SIV uses
 * filled: rk (the message-encryption key, broadcast) and hpow/hkar (powers
 * of the POLYVAL key, only as many as the message needs). The GHASH helpers
 * above then serve POLYVAL unchanged: x86_aes_common.h's register domain
 * (an element as a little-endian 128-bit integer, products reduced as
 * a b y^-128 mod y^128 + y^127 + y^126 + y^121 + 1) is POLYVAL's own
 * representation and dot(), so data and state go in without the byte swap
 * and the key without gh_key's shift: the power table is built from the
 * POLYVAL key H itself (dot powers, H^(i+j) = dot(H^i, H^j)).
 *
 * Steps: (1) the 4 (AES-128) or 8 (AES-256: 6 used) derivation blocks
 * le32(i) || N on one or two zmm under the key-generating key; the low
 * qwords of the lanes are the auth key and the encryption key. (2) The
 * encryption key schedule (x86_expand_key) and the powers of H; neither
 * depends on the other, so they overlap in the core. (3) POLYVAL: a
 * message whose pad(A) || pad(P) || lengths is at most 32 blocks is one
 * aggregated pass with one reduction (as gcm_short); a longer one runs
 * the GHASH loop shape (32 blocks per reduction) over A, then P, then the
 * length block. (4) The tag, E_enc(S ^ N, top bit cleared), on xmm.
 * (5) CTR with GCM-SIV's counter: the counter block is the tag with bit
 * 127 set, and its first four bytes, read as a little-endian uint32, count
 * up mod 2^32: that is dword 0 of the register as loaded, so a VPADDD per
 * register steps four lanes (wrapping with no carry into dword 1, exactly
 * RFC 8452's rule) and no byte swap is needed. open runs (5) with the
 * received tag first and then (3)-(4) over the plaintext it produced.
 *
 * Secrets: the derived keys, the record state, S and the counter blocks;
 * the record state and the key buffer are wiped before return. Branches
 * depend only on the lengths and the key size.
 */

/* Powers H^1 .. H^n of the POLYVAL key, n >= m rounded up to 4 (at most
 * 32), into the top of R's table (hpow[32 - p] = H^p, hkar alongside),
 * plus the four zero entries after H^1. Built as vaes512_init builds the
 * GHASH powers. */
HWC_INLINE void siv_powers(vaes512_key *R, __m128i h, size_t m) {
  for (int i = HPOW_MAX; i < HPOW_MAX + 4; i++) R->hpow[i] = R->hkar[i] = _mm_setzero_si128();
  if (m <= 1) {
    R->hpow[HPOW_MAX - 1] = h;
    R->hkar[HPOW_MAX - 1] = gh_kara(h);
    return;
  }
  /* H^4 .. H^1 straight into the table (no local copy to wipe) */
  gh_powers(h, R->hpow + HPOW_MAX - 4, R->hkar + HPOW_MAX - 4, 4);
  __m512i v[HPOW_MAX / 4];
  int nv = 1;
  v[0] = _mm512_loadu_si512((const void *)(R->hpow + HPOW_MAX - 4));
  if (m > 4) {
    v[1] = gf_mul512(v[0], _mm512_broadcast_i32x4(R->hpow[HPOW_MAX - 4]));
    nv = 2;
  }
  if (m > 8) {
    const __m512i h8 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[1]));
    v[2] = gf_mul512(v[0], h8);
    v[3] = gf_mul512(v[1], h8);
    nv = 4;
  }
  if (m > 16) {
    const __m512i h16 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(v[3]));
    for (int i = 0; i < 4; i++) v[4 + i] = gf_mul512(v[i], h16);
    nv = 8;
  }
  for (int i = 1; i < nv; i++) {
    _mm512_storeu_si512((void *)&R->hpow[HPOW_MAX - 4 - 4 * i], v[i]);
    _mm512_storeu_si512((void *)&R->hkar[HPOW_MAX - 4 - 4 * i],
                        _mm512_xor_si512(v[i], _mm512_shuffle_epi32(v[i], _MM_PERM_BADC)));
  }
  for (int i = 0; i < HPOW_MAX / 4; i++) _mm512_store_si512((void *)&v[i], _mm512_setzero_si512());
  __asm__ __volatile__("" : : "r"(v) : "memory");
}

/* acc (+)= the n bytes at p (zero-padded), register j of them against
 * hpow[idx + 4j]. */
HWC_INLINE void siv_absorb(const vaes512_key *R, gh_acc4 *acc, const uint8_t *p, size_t n, size_t idx) {
  for (size_t off = 0; off < n; off += 64, idx += 4)
    gmul(acc, _mm512_maskz_loadu_epi8(len_mask(n - off), (const void *)(p + off)), R, idx, 0);
}

/* y = POLYVAL over the len bytes at p (zero-padded), 32 blocks per
 * reduction, then one reduction for the rest. */
HWC_INLINE __m128i siv_polyval_seg(const vaes512_key *R, __m128i y, const uint8_t *p, size_t len) {
  while (len >= 512) {
    gh_acc4 acc;
#pragma GCC unroll 8
    for (int j = 0; j < 8; j += 2) {
      __m512i xa = _mm512_loadu_si512((const void *)(p + 64 * j));
      __m512i xb = _mm512_loadu_si512((const void *)(p + 64 * j + 64));
      if (j == 0) xa = _mm512_xor_si512(xa, _mm512_zextsi128_si512(y));
      gmul2(&acc, xa, xb, R, 4 * j, 4 * j + 4, j == 0);
    }
    y = gh_finish4(&acc);
    p += 512;
    len -= 512;
  }
  if (len) {
    gh_acc4 acc;
    const size_t m = (len + 15) / 16;
    gmul(&acc, _mm512_xor_si512(_mm512_maskz_loadu_epi8(len_mask(len), (const void *)p),
                                _mm512_zextsi128_si512(y)),
         R, HPOW_MAX - m, 1);
    if (len > 64) siv_absorb(R, &acc, p + 64, len - 64, HPOW_MAX - m + 4);
    y = gh_finish4(&acc);
  }
  return y;
}

/* S = POLYVAL(H, pad(A) || pad(P) || le64(8|A|) || le64(8|P|)). */
HWC_INLINE __m128i siv_polyval(const vaes512_key *R, const uint8_t *aad, size_t aad_len,
                               const uint8_t *p, size_t len) {
  const __m128i lens = _mm_set_epi64x((long long)((uint64_t)len * 8), (long long)((uint64_t)aad_len * 8));
  const size_t na = (aad_len + 15) / 16, nb = (len + 15) / 16, t = na + nb + 1;
  if (t <= HPOW_MAX) {
    gh_acc4 acc;
    gmul(&acc, _mm512_zextsi128_si512(lens), R, HPOW_MAX - 1, 1);
    siv_absorb(R, &acc, aad, aad_len, HPOW_MAX - t);
    siv_absorb(R, &acc, p, len, HPOW_MAX - 1 - nb);
    return gh_finish4(&acc);
  }
  __m128i y = _mm_setzero_si128();
  y = siv_polyval_seg(R, y, aad, aad_len);
  y = siv_polyval_seg(R, y, p, len);
  return gh_mul(_mm_xor_si128(y, lens), R->hpow[HPOW_MAX - 1], R->hkar[HPOW_MAX - 1]);
}

/* out = in ^ keystream, counter block j = c0 with dword 0 + j (mod 2^32). */
HWC_INLINE void siv_ctr(const vaes512_key *R, __m128i c0, const uint8_t *in, uint8_t *out, size_t len,
                        const int NR) {
  if (len <= 16) {
    const __mmask16 mk = (__mmask16)len_mask(len);
    _mm_mask_storeu_epi8((void *)out, mk, aes_xmm_xor(R, c0, _mm_maskz_loadu_epi8(mk, (const void *)in), NR));
    return;
  }
  __m512i c = _mm512_add_epi32(_mm512_broadcast_i32x4(c0), lane_inc(0));
  while (len >= 64 * CTR_NV) {
    __m512i s[CTR_NV];
#pragma GCC unroll 8
    for (int j = 0; j < CTR_NV; j++) s[j] = _mm512_xor_si512(_mm512_add_epi32(c, lane_add(4 * j)), R->rk[0]);
    c = _mm512_add_epi32(c, lane_add(4 * CTR_NV));
#pragma GCC unroll 16
    for (int r = 1; r < NR; r++) aes_round(s, CTR_NV, R->rk[r]);
    aes_last(R, s, CTR_NV, in, out, NR);
    in += 64 * CTR_NV;
    out += 64 * CTR_NV;
    len -= 64 * CTR_NV;
  }
  while (len > 64) {
    const __mmask64 m1 = len_mask(len - 64);
    __m512i o0 = _mm512_loadu_si512((const void *)in);
    __m512i o1 = _mm512_maskz_loadu_epi8(m1, (const void *)(in + 64));
    aes_zmm2_xor(R, c, _mm512_add_epi32(c, lane_add(4)), &o0, &o1, NR);
    c = _mm512_add_epi32(c, lane_add(8));
    _mm512_storeu_si512((void *)out, o0);
    _mm512_mask_storeu_epi8((void *)(out + 64), m1, o1);
    const size_t n = len < 128 ? len : 128;
    in += n;
    out += n;
    len -= n;
  }
  if (len) {
    const __mmask64 mk = len_mask(len);
    _mm512_mask_storeu_epi8((void *)out, mk,
                            aes_zmm_xor(R, c, _mm512_maskz_loadu_epi8(mk, (const void *)in), NR));
  }
}

HWC_INLINE void siv_body(const vaes512_key *K, vaes512_key *R, int seal, const uint8_t nonce[12],
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                         uint8_t *out, uint8_t tag[16], size_t key_bytes, const int NR) {
  HWC_ALIGN(64) uint8_t kb[64];
  /* (1) derivation blocks le32(i) || N, i = 0..3 (and 4..7) */
  const __m128i n = _mm_slli_si128(_mm_maskz_loadu_epi8((__mmask16)0x0fff, (const void *)nonce), 4);
  const __m512i nb = _mm512_broadcast_i32x4(n);
  const __m512i pick = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0); /* the lanes' low qwords */
  __m512i d0 = _mm512_setzero_si512(), d1 = _mm512_setzero_si512();
  if (key_bytes == 32)
    aes_zmm2_xor(K, _mm512_add_epi32(nb, lane_inc(0)), _mm512_add_epi32(nb, lane_inc(4)), &d0, &d1, NR);
  else
    d0 = aes_zmm_xor(K, _mm512_add_epi32(nb, lane_inc(0)), d0, NR);
  _mm512_store_si512((void *)kb, _mm512_permutex2var_epi64(d0, pick, d1));
  /* (2) kb = auth key || encryption key */
  const size_t na = (aad_len + 15) / 16, nm = (len + 15) / 16;
  siv_powers(R, x86_loadu(kb), na + nm + 1 <= HPOW_MAX ? na + nm + 1 : HPOW_MAX);
  {
    __m128i rk[15];
    x86_expand_key(rk, kb + 16, key_bytes);
    for (int r = 0; r <= NR; r++) R->rk[r] = _mm512_broadcast_i32x4(rk[r]);
    /* wiped with vector stores, not a memset call (which would also make
     * every live vector register caller-saved around it) */
    for (int r = 0; r < 15; r++) _mm_store_si128(&rk[r], _mm_setzero_si128());
    __asm__ __volatile__("" : : "r"(rk) : "memory");
  }
  _mm512_store_si512((void *)kb, _mm512_setzero_si512());
  __asm__ __volatile__("" : : "r"(kb) : "memory");
  const __m128i top = _mm_set_epi32((int)0x80000000, 0, 0, 0);
  const __m128i nz = _mm_maskz_loadu_epi8((__mmask16)0x0fff, (const void *)nonce);
  if (seal) {
    /* (3) (4) (5) */
    __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, in, len), nz);
    const __m128i t = aes_xmm_xor(R, _mm_andnot_si128(top, s), _mm_setzero_si128(), NR);
    x86_storeu(tag, t);
    if (len) siv_ctr(R, _mm_or_si128(t, top), in, out, len, NR);
  } else {
    if (len) siv_ctr(R, _mm_or_si128(x86_loadu(tag), top), in, out, len, NR);
    __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, out, len), nz);
    x86_storeu(tag, aes_xmm_xor(R, _mm_andnot_si128(top, s), _mm_setzero_si128(), NR));
  }
}

static void vaes512_gcm_siv(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  const vaes512_key *K = HWC_KEY_STATE(vaes512_key, k);
  vaes512_key R;
  HWC_BY_ROUNDS(k->rounds, siv_body(K, &R, seal, nonce, aad, aad_len, in, len, out, tag, k->key_bytes, NR));
  /* Wipe what siv_body wrote, with zmm stores and no library call: the
   * round keys 0..nr and the top of the power tables (siv_powers' count,
   * from the same public lengths, rounded to whole registers). The empty
   * asm makes the stores observable, so they are not dropped as dead. */
  const size_t na = (aad_len + 15) / 16, nm = (len + 15) / 16, m = na + nm + 1;
  const size_t np = m <= 4 ? 4 : m <= 8 ? 8 : m <= 16 ? 16 : 32;
  const __m512i z = _mm512_setzero_si512();
  for (unsigned r = 0; r <= k->rounds; r++) _mm512_store_si512((void *)&R.rk[r], z);
  for (size_t i = HPOW_MAX - np; i < HPOW_MAX + 4; i += 4) {
    _mm512_storeu_si512((void *)&R.hpow[i], z);
    _mm512_storeu_si512((void *)&R.hkar[i], z);
  }
  __asm__ __volatile__("" : : "r"(&R) : "memory");
  _mm256_zeroupper();
}

static const hwc_aes_impl vaes512_impl = {
    .name = "vaes512",
    .init = vaes512_init,
    .encrypt_block = vaes512_encrypt_block,
    .ctr32 = vaes512_ctr32,
    .ghash = vaes512_ghash,
    .gcm_seal = vaes512_gcm_seal,
    .gcm_open = vaes512_gcm_open,
    .gcm_short = vaes512_gcm_short,
    .cbc_mac = vaes512_cbc_mac,
    .ecb = vaes512_ecb,
    .cbc = vaes512_cbc,
    .xts = vaes512_xts,
    .ccm = vaes512_ccm,
    .gcm_siv = vaes512_gcm_siv,
    .state_size = sizeof(vaes512_key),
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
