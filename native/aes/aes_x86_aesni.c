/*
 * aes_x86_aesni.c - AES (CTR, GCM, CMAC's CBC-MAC, ECB, CBC, XTS, CCM) on
 * AES-NI + PCLMULQDQ, 128-bit xmm only.
 *
 * Kernels target AES, PCLMUL, SSSE3 and SSE4.1 and nothing else (no AVX):
 * every instruction here exists on any x86-64 CPU that reports AES-NI,
 * PCLMULQDQ, SSSE3 and SSE4.1, which hwc_aes_x86_aesni_get() checks.
 *
 * GHASH (representation, Karatsuba, Montgomery reduction, H' and its
 * powers), the key expansion and the counter form are derived once in
 * x86_aes_common.h. What is particular to this backend:
 *
 * Karatsuba and the floor: on the Zen 5 this was tuned on, PCLMULQDQ
 * issues once per 2 cycles (AESENC twice per cycle), so GHASH is bound by
 * multiplications, 6 cycles per block with Karatsuba against 8 with
 * schoolbook (measured at 16 KiB, AES-128-GCM seal: 0.53 c/B against 0.65;
 * GHASH alone 0.39 against 0.52). That multiplier also sets the floor: 8
 * blocks need 48-52 cycles of PCLMULQDQ while the 88 AES instructions
 * compete for the same issue ports, and a register-only mock-up of the
 * ideal instruction mix runs at about 62 cycles per 8 blocks (0.48 c/B);
 * the VAES/VPCLMULQDQ backends, with 2 or 4 products per instruction, are
 * the fast path on such CPUs.
 *
 * Aggregation: bulk data is hashed 16 blocks per reduction (two 8-block
 * chunks, the first against H^16..H^9, the second against H^8..H^1), a
 * lone trailing chunk 8, a tail 1..8.
 *
 * Interleaving: AES-NI rounds have a latency of 3-4 cycles but are
 * pipelined, so 8 independent blocks are kept in flight. GCM seal encrypts
 * chunk i (8 blocks) while the GHASH multiplications of ciphertext chunk
 * i-1 are placed between its rounds (one block's three PCLMULQDQs per
 * round, the reduction after round 9): the AES and PCLMUL work overlaps,
 * and the chained GHASH latency hides behind the AES rounds. Open hashes
 * the ciphertext chunk it decrypts (known in advance); both use the same
 * chunk routine and one body with a seal flag.
 *
 * Short messages: a seal or open of at most 8 blocks (128 bytes) takes a
 * straight-line path: one AES pass over exactly the blocks needed, data
 * loaded from the caller's buffer and stored back directly (a partial last
 * block by a 16-byte load/store ending at the message's end, shifted with
 * PSHUFB by a length-indexed window; only a message under 16 bytes goes
 * through a stack buffer), one aggregated GHASH with H^n..H^1, and no
 * stack frame: the long paths are separate functions. A call with len 0
 * returns at once without touching Y. ghash() of exactly 16 bytes (the
 * length block) is one multiplication. Loads of the counter block and of
 * encrypt_block's input are split into 8/4-byte pieces matching how the
 * GCM glue writes them, so they are forwarded from its stores instead of
 * waiting for them to reach the cache (which stalled back-to-back
 * messages). The optional gcm_short entry goes further for a whole message
 * of up to 128 bytes of data and of AAD with a 96-bit nonce: E_K(J0) and
 * the keystream in one AES pass of up to 9 lanes, and AAD, ciphertext and
 * length block hashed with one reduction (up to 17 blocks, H^16..H^1;
 * the 17th takes one extra multiplication), in a single call. Its counters
 * are the public 1..9 of a 96-bit nonce, so it adds to the big-endian
 * byte 15 directly; every other path uses the wrapping byte-swapped form.
 *
 * Block-cipher modes: ECB, CBC decryption and XTS keep 8 independent
 * blocks in flight, like CTR (AESDEC with the inverse round keys that init
 * derives, x86_dec_keys); CBC encryption and CCM are serial chains at the
 * AES latency (x86_cbc_enc, x86_ccm). Measured at 1 MiB on the Zen 5, in
 * TSC cycles per byte: ECB-128 0.238 both ways, CBC-128 decryption 0.237,
 * encryption 1.757 (10 AESENC latencies per block, the chain's floor),
 * XTS-256 0.365 (ECB-256: 0.336), CCM-128 1.846.
 *
 * Constant time: no table lookups and no branches on keys, data, counters
 * or GHASH state. The only branches depend on lengths and the key size.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("aes,pclmul,ssse3,sse4.1")

/* Inside the region: the shared blocks get this file's instruction set. */
#include "x86_aes_common.h"

typedef struct aesni_key {
  __m128i rk[15]; /* encryption round keys, rk[0..rounds] */
  __m128i dk[15]; /* inverse cipher's round keys for AESDEC (x86_dec_keys) */
  __m128i hp[16]; /* hp[16 - p] = H^p, highest first (x86_aes_common.h) */
  __m128i hk[16]; /* their Karatsuba halves */
} aesni_key;

_Static_assert(sizeof(aesni_key) <= HWC_AES_BACKEND_BYTES, "aesni key state too large");


/* ------------------------------------------------------------------------ */
/* GHASH runs                                                               */
/* ------------------------------------------------------------------------ */

/* Y absorbs the n (1..8) blocks x[] (in memory byte order) with one
 * reduction: block j times H^(n-j). */
HWC_INLINE __m128i ghash_regs(const aesni_key *K, __m128i Y, const __m128i *x, const int n) {
  gh_acc a;
  const __m128i *hp = K->hp + 16 - n, *hk = K->hk + 16 - n;
  gh_mul_acc(&a, _mm_xor_si128(Y, x86_bswap(x[0])), hp[0], hk[0], 1);
  for (int j = 1; j < n; j++) gh_mul_acc(&a, x86_bswap(x[j]), hp[j], hk[j], 0);
  return gh_finish(&a);
}

/* Y absorbs n (1..8) whole blocks at p with one reduction. */
HWC_INLINE __m128i ghash_n(const aesni_key *K, __m128i Y, const uint8_t *p, const int n) {
  __m128i x[8];
  for (int j = 0; j < n; j++) x[j] = x86_loadu(p + 16 * j);
  return ghash_regs(K, Y, x, n);
}

/* 8 blocks at p times hp[0..7] (H^16..H^9 or H^8..H^1). With first, Y is
 * folded into the first block and the accumulator starts afresh; with
 * last, it is reduced and returned as the new Y. */
HWC_INLINE __m128i ghash_8x(const __m128i *hp, const __m128i *hk, gh_acc *a, __m128i Y,
                            const uint8_t *p, const int first, const int last) {
  gh_mul_acc(a, _mm_xor_si128(first ? Y : _mm_setzero_si128(), x86_bswap(x86_loadu(p))), hp[0], hk[0],
             first);
#pragma GCC unroll 8
  for (int j = 1; j < 8; j++) gh_mul_acc(a, x86_bswap(x86_loadu(p + 16 * j)), hp[j], hk[j], 0);
  return last ? gh_finish(a) : Y;
}

/* ------------------------------------------------------------------------ */
/* AES lanes and counters                                                   */
/* ------------------------------------------------------------------------ */

HWC_INLINE void aes_round(__m128i *b, const int n, __m128i k) {
  for (int j = 0; j < n; j++) b[j] = _mm_aesenc_si128(b[j], k);
}
HWC_INLINE void aes_last(__m128i *b, const int n, __m128i k) {
  for (int j = 0; j < n; j++) b[j] = _mm_aesenclast_si128(b[j], k);
}

/* n (a constant) blocks in parallel, all rounds unrolled for NR. */
HWC_INLINE void aes_lanes(const aesni_key *K, __m128i *b, const int n, const int NR) {
  for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], K->rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) aes_round(b, n, K->rk[r]);
  aes_last(b, n, K->rk[NR]);
}

HWC_INLINE __m128i load_ctr_base(const uint8_t *ctr) {
  /* Only bytes 0..11 are used (the last dword is replaced per block).
   * Loading them as 8 + 4 bytes rather than all 16 lets both loads be
   * forwarded from the caller's store of the block even when it has just
   * rewritten the counter word with a separate 4-byte store (a 16-byte load
   * spanning two stores waits for them to reach the cache). */
  uint32_t w;
  memcpy(&w, ctr + 8, 4);
  return _mm_insert_epi32(_mm_loadl_epi64((const __m128i *)(const void *)ctr), (int)w, 2);
}

/* base: the big-endian counter block (its last dword is replaced); c: the
 * native value of that dword for block 0. Writes n <= 8 counter blocks c,
 * c + 1, ... mod 2^32, with no branch on c. */
HWC_INLINE void make_ctrs(__m128i base, uint32_t c, __m128i *b, const int n) {
  const __m128i x = _mm_insert_epi32(x86_bswap(base), (int)c, 0); /* loop-invariant swap */
  for (int j = 0; j < n; j++) b[j] = x86_ctr_block(x, j);
}

/* E_K(counter block c) ^ x. */
HWC_INLINE __m128i aes_ctr1(const aesni_key *K, __m128i base, uint32_t c, __m128i x, const int NR) {
  return x86_aes_xor1(K->rk, 1, NR, _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3), x);
}

/* Keystream for the last nb (1..8) blocks of a call, in the narrowest of
 * 1/2/4/8 parallel lanes that covers them: a short message costs the AES
 * work it needs and no more (the latency is the same 10-14 rounds either
 * way, but back-to-back short messages overlap better). */
HWC_INLINE void keystream_tail(const aesni_key *K, __m128i base, uint32_t c, __m128i b[8],
                               size_t nb, const int NR) {
  if (nb == 1) {
    b[0] = aes_ctr1(K, base, c, _mm_setzero_si128(), NR);
  } else if (nb == 2) {
    make_ctrs(base, c, b, 2);
    aes_lanes(K, b, 2, NR);
  } else if (nb <= 4) {
    make_ctrs(base, c, b, 4);
    aes_lanes(K, b, 4, NR);
  } else {
    make_ctrs(base, c, b, 8);
    aes_lanes(K, b, 8, NR);
  }
}

/* ------------------------------------------------------------------------ */
/* Short messages (1..8 blocks) straight from and to the caller's buffers   */
/* ------------------------------------------------------------------------ */

/* Sliding windows: x86_loadu(shuf_win + k) for k = 0..32 is a PSHUFB control
 * that picks bytes k-16 .. k-1 (lanes whose index falls outside 0..15 are
 * zeroed); x86_loadu(mask_win + 16 - r) keeps the low r bytes. Indexed by
 * lengths only. */
static const uint8_t shuf_win[48] HWC_ALIGN(16) = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
static const uint8_t mask_win[32] HWC_ALIGN(16) = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0};

/* The final r (1..15) bytes of a buffer of len >= 16 bytes as a block padded
 * with zeros: one load of the last 16 bytes (all inside the buffer), then
 * a shift down by 16 - r bytes. */
HWC_INLINE __m128i load_last(const uint8_t *p, size_t len, size_t r) {
  return _mm_shuffle_epi8(x86_loadu(p + len - 16), x86_loadu(shuf_win + 32 - r));
}

/* Writes the low r (1..15) bytes of last to out[len - r .. len) with one
 * 16-byte store ending at out + len; its first 16 - r bytes rewrite the end
 * of the preceding full block with the same values (prev). */
HWC_INLINE void store_last(uint8_t *out, size_t len, size_t r, __m128i prev, __m128i last) {
  x86_storeu(out + len - 16, _mm_or_si128(_mm_shuffle_epi8(prev, x86_loadu(shuf_win + 16 + r)),
                                      _mm_shuffle_epi8(last, x86_loadu(shuf_win + r))));
}

/* p[0 .. len), 1 <= len <= 15, with nothing readable around it, as a
 * zero-padded block (through a zeroed stack buffer). */
HWC_INLINE __m128i load_small(const uint8_t *p, size_t len) {
  HWC_ALIGN(16) uint8_t buf[16];
  _mm_store_si128((__m128i *)(void *)buf, _mm_setzero_si128());
  memcpy(buf, p, len);
  const __m128i x = _mm_load_si128((const __m128i *)(const void *)buf);
  x86_wipe(buf, 16);
  return x;
}

/* The first len (1..15) bytes of x to out, through a stack buffer. */
HWC_INLINE void store_small(uint8_t *out, __m128i x, size_t len) {
  HWC_ALIGN(16) uint8_t buf[16];
  _mm_store_si128((__m128i *)(void *)buf, x);
  memcpy(out, buf, len);
  x86_wipe(buf, 16);
}

/* Loads the n blocks of p[0 .. len), 16 (n - 1) < len <= 16 n, len >= 16,
 * the last one zero-padded. */
HWC_INLINE void load_blocks(__m128i *x, const uint8_t *p, size_t len, const int n) {
  const size_t r = len - 16 * (size_t)(n - 1);
  for (int j = 0; j < n - 1; j++) x[j] = x86_loadu(p + 16 * j);
  x[n - 1] = (r == 16) ? x86_loadu(p + 16 * (n - 1)) : load_last(p, len, r);
}

/* The same for 1 <= len <= 128 (len < 16 only when tiny), reading no byte
 * outside p[0 .. len). */
HWC_INLINE void load_any(__m128i *x, const uint8_t *p, size_t len, const int n, const int tiny) {
  if (tiny && n == 1 && len < 16)
    x[0] = load_small(p, len);
  else
    load_blocks(x, p, len, n);
}

/* b[0..n) to out[0 .. len), 16 (n - 1) < len <= 16 n (len < 16 only when
 * tiny), then the bytes of the last block past len are cleared (GHASH pads
 * with zeros). */
HWC_INLINE void store_blocks(uint8_t *out, __m128i *b, size_t len, const int n, const int tiny) {
  const size_t r = len - 16 * (size_t)(n - 1);
  for (int j = 0; j < n - 1; j++) x86_storeu(out + 16 * j, b[j]);
  if (r == 16) {
    x86_storeu(out + 16 * (n - 1), b[n - 1]);
    return;
  }
  if (tiny && n == 1)
    store_small(out, b[0], len);
  else
    store_last(out, len, r, b[n - 2 + (n == 1)], b[n - 1]);
  b[n - 1] = _mm_and_si128(b[n - 1], x86_loadu(mask_win + 16 - r));
}

/* GCM over n (1..8) blocks, 16 (n - 1) < len <= 16 n: the n counter blocks
 * in one parallel AES pass, the data loaded from in and stored to out
 * directly (a partial last block through load_last/store_last; with tiny,
 * len < 16 and nothing readable around in, through a stack buffer), one
 * aggregated GHASH with H^n..H^1. Every load precedes every store, so in
 * may equal out. Open hashes the input, which does not wait for the AES;
 * seal the output. */
HWC_INLINE __m128i gcm_short_n(const aesni_key *K, __m128i base, uint32_t c, __m128i Y,
                               const uint8_t *in, uint8_t *out, size_t len, const int n,
                               const int tiny, const int NR, const int seal) {
  __m128i x[8], b[8];
  load_any(x, in, len, n, tiny);
  if (!seal) Y = ghash_regs(K, Y, x, n);
  if (n == 1) {
    b[0] = aes_ctr1(K, base, c, x[0], NR);
  } else {
    make_ctrs(base, c, b, n);
    aes_lanes(K, b, n, NR);
    for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], x[j]);
  }
  store_blocks(out, b, len, n, tiny);
  if (seal) Y = ghash_regs(K, Y, b, n);
  return Y;
}

/* A message of 1..15 bytes with nothing readable around it: out of line,
 * so that the short path keeps no stack buffer (and no frame). */
static __attribute__((noinline)) __m128i gcm_tiny(const aesni_key *K, __m128i base, uint32_t c,
                                                  __m128i Y, const uint8_t *in, uint8_t *out,
                                                  size_t len, const int NR, const int seal) {
  return gcm_short_n(K, base, c, Y, in, out, len, 1, 1, NR, seal);
}

/* GCM over len = 1..128 bytes; len >= 16 or nothing precedes in. */
HWC_INLINE __m128i gcm_short(const aesni_key *K, __m128i base, uint32_t c, __m128i Y,
                             const uint8_t *in, uint8_t *out, size_t len, const int NR,
                             const int seal) {
  switch ((len + 15) >> 4) {
    case 1:
      if (len < 16) return gcm_tiny(K, base, c, Y, in, out, len, NR, seal);
      return gcm_short_n(K, base, c, Y, in, out, len, 1, 0, NR, seal);
    case 2: return gcm_short_n(K, base, c, Y, in, out, len, 2, 0, NR, seal);
    case 3: return gcm_short_n(K, base, c, Y, in, out, len, 3, 0, NR, seal);
    case 4: return gcm_short_n(K, base, c, Y, in, out, len, 4, 0, NR, seal);
    case 5: return gcm_short_n(K, base, c, Y, in, out, len, 5, 0, NR, seal);
    case 6: return gcm_short_n(K, base, c, Y, in, out, len, 6, 0, NR, seal);
    case 7: return gcm_short_n(K, base, c, Y, in, out, len, 7, 0, NR, seal);
    default: return gcm_short_n(K, base, c, Y, in, out, len, 8, 0, NR, seal);
  }
}

/* GHASH of p[0 .. len), 1 <= len <= 128. With back_ok the 16 bytes before
 * p are readable (already absorbed by the caller), so a lone partial block
 * is loaded with load_last; otherwise it goes through a zeroed buffer. */
HWC_INLINE __m128i ghash_short_n(const aesni_key *K, __m128i Y, const uint8_t *p, size_t len,
                                 const int n, int back_ok) {
  __m128i x[8];
  if (n == 1 && len < 16 && back_ok)
    x[0] = load_last(p - 16, len + 16, len);
  else
    load_any(x, p, len, n, 1);
  return ghash_regs(K, Y, x, n);
}

static __m128i ghash_short(const aesni_key *K, __m128i Y, const uint8_t *p, size_t len,
                           int back_ok) {
  switch ((len + 15) >> 4) {
    case 1: return ghash_short_n(K, Y, p, len, 1, back_ok);
    case 2: return ghash_short_n(K, Y, p, len, 2, back_ok);
    case 3: return ghash_short_n(K, Y, p, len, 3, back_ok);
    case 4: return ghash_short_n(K, Y, p, len, 4, back_ok);
    case 5: return ghash_short_n(K, Y, p, len, 5, back_ok);
    case 6: return ghash_short_n(K, Y, p, len, 6, back_ok);
    case 7: return ghash_short_n(K, Y, p, len, 7, back_ok);
    default: return ghash_short_n(K, Y, p, len, 8, back_ok);
  }
}

/* ------------------------------------------------------------------------ */
/* Key setup, one block, CTR, GHASH                                         */
/* ------------------------------------------------------------------------ */

static void aesni_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  aesni_key *K = HWC_KEY_STATE_W(aesni_key, k);
  x86_expand_key(K->rk, key, key_len);
  x86_dec_keys(K->dk, K->rk, (int)k->rounds);
  const __m128i z = _mm_setzero_si128();
  gh_powers(gh_key(x86_aes_xor1(K->rk, 1, (int)k->rounds, z, z)), K->hp, K->hk, 16);
}

static void aesni_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  /* The GCM glue builds J0 as 12 nonce bytes (an 8- and a 4-byte store)
   * and a 4-byte counter word, then asks for E_K(J0). A 16-byte load
   * spanning those three stores cannot be forwarded from them and waits
   * until they reach the cache, i.e. until everything before them has
   * retired, which serialises back-to-back messages; three loads that each
   * lie inside one store are forwarded (and cost the same from cache). */
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  uint32_t w3;
  memcpy(&w3, in + 12, 4);
  __m128i b = _mm_insert_epi32(load_ctr_base(in), (int)w3, 3);
  HWC_BY_ROUNDS(k->rounds, b = x86_aes_xor1(K->rk, 1, NR, b, _mm_setzero_si128()));
  x86_storeu(out, b);
}

/* CTR over len bytes; the last block may be partial. */
HWC_INLINE void ctr_body(const aesni_key *K, const uint8_t ctr[16], const uint8_t *in,
                         uint8_t *out, size_t len, const int NR) {
  const __m128i base = load_ctr_base(ctr);
  uint32_t c = hwc_load_be32(ctr + 12);
  __m128i b[8];

  while (len >= 128) {
    make_ctrs(base, c, b, 8);
    aes_lanes(K, b, 8, NR);
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, _mm_xor_si128(b[j], x86_loadu(in + 16 * j)));
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  if (!len) return;

  size_t nb = (len + 15) / 16;
  HWC_ALIGN(16) uint8_t buf[128];
  const uint8_t *src = in;
  if (len & 15) {
    memset(buf + 16 * (nb - 1), 0, 16);
    memcpy(buf, in, len);
    src = buf;
  }
  keystream_tail(K, base, c, b, nb, NR);
  for (size_t j = 0; j < nb; j++) b[j] = _mm_xor_si128(b[j], x86_loadu(src + 16 * j));
  if (len & 15) {
    for (size_t j = 0; j < nb; j++) x86_storeu(buf + 16 * j, b[j]);
    memcpy(out, buf, len);
    x86_wipe(buf, 16 * nb);
  } else {
    for (size_t j = 0; j < nb; j++) x86_storeu(out + 16 * j, b[j]);
  }
}

static void aesni_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in,
                        uint8_t *out, size_t len) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  HWC_BY_ROUNDS(k->rounds, ctr_body(K, ctr, in, out, len, NR));
}

/* Absorbs len bytes (last block zero-padded). */
static void aesni_ghash(const hwc_aes_key *k, uint8_t Yb[16], const uint8_t *data, size_t len) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  if (len == 16) { /* the GCM length block, a 16-byte AAD */
    const __m128i Y = x86_bswap(x86_loadu(Yb));
    x86_storeu(Yb, x86_bswap(gh_mul(_mm_xor_si128(Y, x86_bswap(x86_loadu(data))), K->hp[15], K->hk[15])));
    return;
  }
  if (!len) return;
  __m128i Y = x86_bswap(x86_loadu(Yb));
  const int back_ok = len >= 16;
  gh_acc a;
  while (len >= 256) {
    ghash_8x(K->hp, K->hk, &a, Y, data, 1, 0);
    Y = ghash_8x(K->hp + 8, K->hk + 8, &a, Y, data + 128, 0, 1);
    data += 256;
    len -= 256;
  }
  if (len > 128) {
    Y = ghash_n(K, Y, data, 8);
    data += 128;
    len -= 128;
  }
  if (len) Y = ghash_short(K, Y, data, len, back_ok);
  x86_storeu(Yb, x86_bswap(Y));
}

/* ------------------------------------------------------------------------ */
/* GCM, more than 8 blocks                                                  */
/* ------------------------------------------------------------------------ */

/* One AES round on 8 blocks with the three GHASH multiplications of one
 * block (x times key power h, Karatsuba half hk) spread between the
 * AESENCs, so that the PCLMULQDQs issue steadily among the AES work. */
HWC_INLINE void round8_mul(__m128i *b, __m128i k, gh_acc *a, __m128i x, __m128i h, __m128i hk,
                           const int first) {
  b[0] = _mm_aesenc_si128(b[0], k);
  b[1] = _mm_aesenc_si128(b[1], k);
  b[2] = _mm_aesenc_si128(b[2], k);
  const __m128i lo = _mm_clmulepi64_si128(x, h, 0x00);
  b[3] = _mm_aesenc_si128(b[3], k);
  b[4] = _mm_aesenc_si128(b[4], k);
  b[5] = _mm_aesenc_si128(b[5], k);
  const __m128i hi = _mm_clmulepi64_si128(x, h, 0x11);
  b[6] = _mm_aesenc_si128(b[6], k);
  b[7] = _mm_aesenc_si128(b[7], k);
  const __m128i mid = _mm_clmulepi64_si128(gh_kara(x), hk, 0x00);
  a->lo = first ? lo : _mm_xor_si128(a->lo, lo);
  a->hi = first ? hi : _mm_xor_si128(a->hi, hi);
  a->mid = first ? mid : _mm_xor_si128(a->mid, mid);
  HWC_OPAQUE(a->lo);
  HWC_OPAQUE(a->mid);
  HWC_OPAQUE(a->hi);
}

/* One 8-block GCM step: encrypts the 8 blocks at in (counters from c) to
 * out while absorbing the 8 ciphertext blocks at gh, times hp[0..7]
 * (H^16..H^9 or H^8..H^1), into Y. Seal passes the previous ciphertext
 * chunk as gh, open passes in itself (in may equal out: all reads of a
 * block happen before its write). With first, Y enters the first block and
 * the accumulator starts afresh; with last, it is reduced into Y. */
HWC_INLINE __m128i gcm_chunk(const aesni_key *K, __m128i base, uint32_t c, const uint8_t *in,
                             uint8_t *out, const uint8_t *gh, __m128i Y, gh_acc *a,
                             const __m128i *hp, const __m128i *hk, const int first,
                             const int last, const int NR) {
  __m128i b[8];
  make_ctrs(base, c, b, 8);
  for (int j = 0; j < 8; j++) b[j] = _mm_xor_si128(b[j], K->rk[0]);
  round8_mul(b, K->rk[1], a, _mm_xor_si128(first ? Y : _mm_setzero_si128(), x86_bswap(x86_loadu(gh))),
             hp[0], hk[0], first);
#pragma GCC unroll 8
  for (int r = 2; r <= 8; r++)
    round8_mul(b, K->rk[r], a, x86_bswap(x86_loadu(gh + 16 * (r - 1))), hp[r - 1], hk[r - 1], 0);
  aes_round(b, 8, K->rk[9]);
  if (last) Y = gh_finish(a);
#pragma GCC unroll 4
  for (int r = 10; r < NR; r++) aes_round(b, 8, K->rk[r]);
  aes_last(b, 8, K->rk[NR]);
  for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, _mm_xor_si128(b[j], x86_loadu(in + 16 * j)));
  return Y;
}

/* Seal or open of more than 128 bytes: 16 blocks per reduction, seal one
 * chunk behind the AES (its first chunk is only encrypted), open on the
 * chunk it decrypts. */
HWC_INLINE void gcm_long_body(const aesni_key *K, const uint8_t ctr[16], uint8_t Yb[16],
                              const uint8_t *in, uint8_t *out, size_t len, const int NR,
                              const int seal) {
  const __m128i base = load_ctr_base(ctr);
  uint32_t c = hwc_load_be32(ctr + 12);
  __m128i Y = x86_bswap(x86_loadu(Yb));
  const uint8_t *prev = in; /* seal: full ciphertext chunk not yet hashed */
  gh_acc a;
  if (seal) {
    __m128i b[8];
    make_ctrs(base, c, b, 8);
    aes_lanes(K, b, 8, NR);
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, _mm_xor_si128(b[j], x86_loadu(in + 16 * j)));
    prev = out;
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  while (len >= 256) {
    gcm_chunk(K, base, c, in, out, seal ? prev : in, Y, &a, K->hp, K->hk, 1, 0, NR);
    Y = gcm_chunk(K, base, c + 8, in + 128, out + 128, seal ? out : in + 128, Y, &a, K->hp + 8,
                  K->hk + 8, 0, 1, NR);
    prev = out + 128;
    c += 16;
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len >= 128) {
    Y = gcm_chunk(K, base, c, in, out, seal ? prev : in, Y, &a, K->hp + 8, K->hk + 8, 1, 1, NR);
    prev = out;
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  if (!seal) {
    if (len >= 16)
      Y = gcm_short(K, base, c, Y, in, out, len, NR, 0);
    else if (len) /* a partial block after whole chunks: through a buffer */
      Y = gcm_tiny(K, base, c, Y, in, out, len, NR, 0);
  } else if (!len) {
    Y = ghash_n(K, Y, prev, 8);
  } else {
    /* Tail of 1..127 bytes, through a zero-padded buffer, encrypted while
     * the previous chunk is hashed. The ciphertext bytes past len are
     * cleared before hashing (GHASH pads with zeros). */
    const size_t nb = (len + 15) / 16;
    HWC_ALIGN(16) uint8_t buf[128];
    memset(buf, 0, sizeof(buf));
    memcpy(buf, in, len);
    Y = gcm_chunk(K, base, c, buf, buf, prev, Y, &a, K->hp + 8, K->hk + 8, 1, 1, NR);
    memcpy(out, buf, len);
    memset(buf + len, 0, 16 * nb - len);
    Y = ghash_short(K, Y, buf, 16 * nb, 0);
    x86_wipe(buf, sizeof(buf));
  }
  x86_storeu(Yb, x86_bswap(Y));
}

/* Out of line, so that the short path in the entry points does not pay
 * for its stack frame and saved registers. */
static __attribute__((noinline)) void gcm_long(const hwc_aes_key *k, const uint8_t ctr[16],
                                               uint8_t Yb[16], const uint8_t *in, uint8_t *out,
                                               size_t len, const int seal) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, gcm_long_body(K, ctr, Yb, in, out, len, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, gcm_long_body(K, ctr, Yb, in, out, len, NR, 0));
}

/* Messages of up to 8 blocks take gcm_short inline: no loop, no stack
 * buffer, no work that only pays off for long inputs. */
HWC_INLINE void gcm_entry(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Yb[16],
                          const uint8_t *in, uint8_t *out, size_t len, const int seal) {
  if (!len) return; /* the glue's second call: leave Y alone */
  if (len > 128) {
    gcm_long(k, ctr, Yb, in, out, len, seal);
    return;
  }
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  const __m128i base = load_ctr_base(ctr);
  const uint32_t c = hwc_load_be32(ctr + 12);
  __m128i Y = x86_bswap(x86_loadu(Yb));
  HWC_BY_ROUNDS(k->rounds, Y = gcm_short(K, base, c, Y, in, out, len, NR, seal));
  x86_storeu(Yb, x86_bswap(Y));
}

static void aesni_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Yb[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  gcm_entry(k, ctr, Yb, in, out, len, 1);
}

static void aesni_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Yb[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  gcm_entry(k, ctr, Yb, in, out, len, 0);
}

/* ------------------------------------------------------------------------ */
/* A whole short message in one call (gcm_short)                            */
/* ------------------------------------------------------------------------ */

/* The whole message with n (0..8, a constant) data blocks: E_K(J0) and the
 * n keystream blocks in one parallel AES pass of n + 1 lanes; GHASH over
 * the AAD blocks, the n ciphertext blocks and the length block, T = na + n
 * + 1 products with H^T..H^1 and one reduction (T <= 16; with 8 + 8 + 1 the
 * first AAD block is multiplied and reduced on its own first). The AAD
 * products do not depend on the AES, nor (open) the ciphertext products.
 * Branches depend only on lengths and the key size. */
HWC_INLINE void gcm_whole_n(const aesni_key *K, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                            uint8_t full_tag[16], const int n, const int NR, const int seal) {
  const __m128i j0 = _mm_insert_epi32(load_ctr_base(nonce), 0x01000000, 3);
  __m128i b[9], x[8];
  b[0] = j0;
  for (int j = 1; j <= n; j++) b[j] = _mm_add_epi32(j0, _mm_set_epi32(j << 24, 0, 0, 0));
  if (n) load_any(x, in, len, n, 1);

  const size_t na = (aad_len + 15) >> 4;
  size_t t = na + (size_t)n + 1; /* number of GHASH blocks */
  gh_acc a;
  a.lo = a.mid = a.hi = _mm_setzero_si128();
  __m128i pre = _mm_setzero_si128(); /* folded into the first accumulated block */
  if (na) {
    __m128i xa[8];
    switch (na) {
      case 1: load_any(xa, aad, aad_len, 1, 1); break;
      case 2: load_blocks(xa, aad, aad_len, 2); break;
      case 3: load_blocks(xa, aad, aad_len, 3); break;
      case 4: load_blocks(xa, aad, aad_len, 4); break;
      case 5: load_blocks(xa, aad, aad_len, 5); break;
      case 6: load_blocks(xa, aad, aad_len, 6); break;
      case 7: load_blocks(xa, aad, aad_len, 7); break;
      default: load_blocks(xa, aad, aad_len, 8); break;
    }
    size_t i = 0;
    if (t > 16) { /* 8 + 8 + 1: H^17 is not stored */
      pre = gh_mul(x86_bswap(xa[0]), K->hp[15], K->hk[15]);
      i = 1;
      t--;
    }
    /* AAD block i + m times H^(t - m) */
    const __m128i *hp = K->hp + 16 - t, *hk = K->hk + 16 - t;
    gh_mul_acc(&a, _mm_xor_si128(pre, x86_bswap(xa[i])), hp[0], hk[0], 0);
    for (size_t m = 1; i + m < na; m++) gh_mul_acc(&a, x86_bswap(xa[i + m]), hp[m], hk[m], 0);
  }
  /* ciphertext block j times H^(n + 1 - j) */
  const __m128i *hp = K->hp + 15 - n, *hk = K->hk + 15 - n;
  if (!seal)
    for (int j = 0; j < n; j++) gh_mul_acc(&a, x86_bswap(x[j]), hp[j], hk[j], 0);

  aes_lanes(K, b, n + 1, NR);

  if (n) {
    for (int j = 0; j < n; j++) b[j + 1] = _mm_xor_si128(b[j + 1], x[j]);
    store_blocks(out, b + 1, len, n, 1);
    if (seal)
      for (int j = 0; j < n; j++) gh_mul_acc(&a, x86_bswap(b[j + 1]), hp[j], hk[j], 0);
  }
  /* [len(A)]_64 || [len(C)]_64, reflected: low qword len(C), high len(A) */
  gh_mul_acc(&a, _mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8)), K->hp[15],
             K->hk[15], 0);
  x86_storeu(full_tag, _mm_xor_si128(b[0], x86_bswap(gh_finish(&a))));
}

HWC_INLINE void gcm_whole(const aesni_key *K, const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                          uint8_t full_tag[16], const int NR, const int seal) {
  switch ((len + 15) >> 4) {
    case 0: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 0, NR, seal); break;
    case 1: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 1, NR, seal); break;
    case 2: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 2, NR, seal); break;
    case 3: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 3, NR, seal); break;
    case 4: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 4, NR, seal); break;
    case 5: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 5, NR, seal); break;
    case 6: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 6, NR, seal); break;
    case 7: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 7, NR, seal); break;
    default: gcm_whole_n(K, nonce, aad, aad_len, in, len, out, full_tag, 8, NR, seal); break;
  }
}

/* A whole message with a 96-bit nonce, len <= 128 and aad_len <= 128
 * (hwcrypt_impl.h): one call instead of the glue's five. */
static void aesni_gcm_short(const hwc_aes_key *k, int seal, const uint8_t nonce[12],
                            const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                            uint8_t *out, uint8_t full_tag[16]) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, gcm_whole(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, gcm_whole(K, nonce, aad, aad_len, in, len, out, full_tag, NR, 0));
}

/* CMAC's CBC-MAC chain: one block in flight at the AESENC latency
 * (x86_cbc_mac, x86_aes_common.h). */
static void aesni_cbc_mac(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks) {
  if (!nblocks) return;
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  __m128i x = x86_loadu(X);
  HWC_BY_ROUNDS(k->rounds, x = x86_cbc_mac(K->rk, 1, NR, x, data, nblocks));
  x86_storeu(X, x);
}

/* ------------------------------------------------------------------------ */
/* ECB, CBC, XTS, CCM                                                       */
/* ------------------------------------------------------------------------ */

/* Rounds 0..NR-1 of E_K (seal: AESENC, ks = K->rk) or D_K (AESDEC, ks =
 * K->dk, the equivalent inverse cipher) on n (a constant) blocks; the
 * caller runs the last round with a key of its own (aes_last_dir). */
HWC_INLINE void aes_lanes_dir(const __m128i *ks, __m128i *b, const int n, const int NR,
                              const int seal) {
  for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], ks[0]);
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++)
    for (int j = 0; j < n; j++)
      b[j] = seal ? _mm_aesenc_si128(b[j], ks[r]) : _mm_aesdec_si128(b[j], ks[r]);
}
HWC_INLINE __m128i aes_last_dir(__m128i b, __m128i k, const int seal) {
  return seal ? _mm_aesenclast_si128(b, k) : _mm_aesdeclast_si128(b, k);
}

/* E_K(b) ^ x or D_K(b) ^ x, one block (the tails of the loops below). */
HWC_INLINE __m128i aes_xor1_dir(const aesni_key *K, __m128i b, __m128i x, const int NR,
                                const int seal) {
  return seal ? x86_aes_xor1(K->rk, 1, NR, b, x) : x86_aes_dec_xor1(K->dk, 1, NR, b, x);
}

/* ECB: 8 independent blocks in flight (as CTR), then one block at a time;
 * the single-block iterations are independent too, so they overlap. */
HWC_INLINE void ecb_body(const aesni_key *K, const uint8_t *in, uint8_t *out, size_t n,
                         const int NR, const int seal) {
  const __m128i *ks = seal ? K->rk : K->dk;
  __m128i b[8];
  for (; n >= 8; n -= 8, in += 128, out += 128) {
    for (int j = 0; j < 8; j++) b[j] = x86_loadu(in + 16 * j);
    aes_lanes_dir(ks, b, 8, NR, seal);
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, aes_last_dir(b[j], ks[NR], seal));
  }
  for (; n; n--, in += 16, out += 16)
    x86_storeu(out, aes_xor1_dir(K, x86_loadu(in), _mm_setzero_si128(), NR, seal));
}

static void aesni_ecb(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out,
                      size_t nblocks) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, ecb_body(K, in, out, nblocks, NR, 0));
}

/* CBC decryption, P_i = D_K(C_i) ^ C_{i-1}: the D_K are independent, so 8
 * blocks are in flight. C_{i-1} enters through the last round's key
 * (aesdeclast(s, k ^ v) = aesdeclast(s, k) ^ v, off the dependency chain).
 * In place: every ciphertext block of a group, and C_{i+7} (the next
 * group's chain value), is read before the group's first store. Returns
 * the last ciphertext block. */
HWC_INLINE __m128i cbc_open_body(const aesni_key *K, __m128i prev, const uint8_t *in,
                                 uint8_t *out, size_t n, const int NR) {
  __m128i b[8];
  for (; n >= 8; n -= 8, in += 128, out += 128) {
    for (int j = 0; j < 8; j++) b[j] = x86_loadu(in + 16 * j);
    const __m128i next = b[7];
    aes_lanes_dir(K->dk, b, 8, NR, 0);
    b[0] = _mm_aesdeclast_si128(b[0], _mm_xor_si128(K->dk[NR], prev));
    for (int j = 1; j < 8; j++)
      b[j] = _mm_aesdeclast_si128(b[j], _mm_xor_si128(K->dk[NR], x86_loadu(in + 16 * (j - 1))));
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, b[j]);
    prev = next;
  }
  for (; n; n--, in += 16, out += 16) {
    const __m128i c = x86_loadu(in);
    x86_storeu(out, x86_aes_dec_xor1(K->dk, 1, NR, c, prev));
    prev = c;
  }
  return prev;
}

/* CBC encryption is serial: x86_cbc_enc (x86_aes_common.h) keeps one block
 * in flight at the AES latency. */
static void aesni_cbc(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in,
                      uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  __m128i v = x86_loadu(iv);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, v = x86_cbc_enc(K->rk, 1, NR, v, in, out, nblocks));
  else
    HWC_BY_ROUNDS(k->rounds, v = cbc_open_body(K, v, in, out, nblocks, NR));
  x86_storeu(iv, v);
}

/* XTS: out_j = E_K(in_j ^ T_j) ^ T_j (D_K for open), 8 blocks in flight.
 * The tweaks of a group come from a chain of x86_xts_mul_alpha (four
 * vector operations of latency each, no branch); it runs ahead of the AES
 * work, which is longer (8 x NR rounds at two per cycle). The last round
 * takes T_j through its key (enclast(s, k ^ T) = enclast(s, k) ^ T).
 * 8 blocks, 8 tweaks and the chain do not fit in 16 xmm registers, and a
 * compiler spill would leave tweaks on the stack; so T_j ^ k_NR is parked
 * in out_j (after in_j is loaded: in place is fine) and read back as the
 * last round's key operand, just before the ciphertext overwrites it. The
 * read goes through a pointer the compiler cannot see through, so it is a
 * real load (forwarded from the store), not a register kept live. The
 * serial chain was measured against 8 independent T_{j+8} = T_j * alpha^8
 * per group (tweaks in a wiped stack array), alternating runs at 16 KiB,
 * XTS-256: 0.371 c/B against 0.42 with the alpha^8 step in shifts, and
 * 0.43 against 0.47 (a noisier run) with it in PCLMULQDQ. Returns T_n. */
HWC_INLINE __m128i xts_body(const aesni_key *K, __m128i T, const uint8_t *in, uint8_t *out,
                            size_t n, const int NR, const int seal) {
  const __m128i *ks = seal ? K->rk : K->dk;
  __m128i b[8];
  for (; n >= 8; n -= 8, in += 128, out += 128) {
    for (int j = 0; j < 8; j++) {
      b[j] = _mm_xor_si128(_mm_xor_si128(x86_loadu(in + 16 * j), T), ks[0]);
      x86_storeu(out + 16 * j, _mm_xor_si128(T, ks[NR]));
      T = x86_xts_mul_alpha(T);
    }
#pragma GCC unroll 14
    for (int r = 1; r < NR; r++)
      for (int j = 0; j < 8; j++)
        b[j] = seal ? _mm_aesenc_si128(b[j], ks[r]) : _mm_aesdec_si128(b[j], ks[r]);
    const uint8_t *tw = out;
    HWC_OPAQUE_GPR(tw);
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, aes_last_dir(b[j], x86_loadu(tw + 16 * j), seal));
  }
  for (; n; n--, in += 16, out += 16) {
    x86_storeu(out, aes_xor1_dir(K, _mm_xor_si128(x86_loadu(in), T), T, NR, seal));
    T = x86_xts_mul_alpha(T);
  }
  return T;
}

static void aesni_xts(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in,
                      uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  __m128i t = x86_loadu(T);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, t = xts_body(K, t, in, out, nblocks, NR, 1));
  else
    HWC_BY_ROUNDS(k->rounds, t = xts_body(K, t, in, out, nblocks, NR, 0));
  x86_storeu(T, t);
}

/* CCM payload: CBC-MAC and CTR stitched, two blocks in flight per step
 * (x86_ccm, x86_aes_common.h). */
static void aesni_ccm(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16],
                      const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  __m128i x = x86_loadu(X);
  if (seal)
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(K->rk, 1, NR, 1, ctr, x, in, out, len));
  else
    HWC_BY_ROUNDS(k->rounds, x = x86_ccm(K->rk, 1, NR, 0, ctr, x, in, out, len));
  x86_storeu(X, x);
}

/* ------------------------------------------------------------------------ */
/* AES-GCM-SIV (the gcm_siv entry)                                          */
/* ------------------------------------------------------------------------ */

/*
 * A whole RFC 8452 message per call, in vaes512's steps (see there), on
 * xmm: the per-message state is an aesni_key on this function's stack with
 * only rk (the message-encryption key) and hp/hk (powers of the POLYVAL
 * key, as many as the message needs, highest first) filled. POLYVAL is
 * the GHASH arithmetic of x86_aes_common.h without the byte swaps (its
 * register domain and reduction are POLYVAL's element order and dot(); the
 * powers are built from H itself, no gh_key): a message whose
 * pad(A) || pad(P) || lengths fits 16 blocks is hashed with one reduction,
 * longer ones 16 blocks per reduction (8 for a last group of 8..15). CTR
 * runs 8 blocks in flight with GCM-SIV's counter, a little-endian uint32
 * in dword 0 of the block as loaded: PADDD steps it mod 2^32 with no carry
 * into dword 1, and no byte swap is needed. Partial blocks go through a
 * 16-byte stack buffer that is zeroed, with no library call while a secret
 * is in a register, and round keys and powers are read from the record
 * state as they are used (x86_launder), so nothing secret is spilled to
 * the stack; the record state is wiped. Branches depend on lengths and the
 * key size only.
 */

/* The n (0..16) bytes at p as a zero-padded block, and the first n bytes
 * of x to p, through a 16-byte stack buffer that is zeroed with a vector
 * store. Unlike load_small/store_small (GCM's), no library call: the SysV
 * ABI lets a call clobber every xmm register, so the compiler would spill
 * whatever secret is live across it (keystream, POLYVAL sums) to the
 * stack. The byte loops are kept loops (HWC_OPAQUE_GPR on the index stops
 * gcc from turning them back into memcpy calls). */
HWC_INLINE __m128i siv_load_partial(const uint8_t *p, size_t n) {
  HWC_ALIGN(16) uint8_t buf[16];
  _mm_store_si128((__m128i *)(void *)buf, _mm_setzero_si128());
  for (size_t i = 0; i < n; i++) {
    buf[i] = p[i];
    HWC_OPAQUE_GPR(i);
  }
  const __m128i x = _mm_load_si128((const __m128i *)(const void *)buf);
  _mm_store_si128((__m128i *)(void *)buf, _mm_setzero_si128());
  __asm__ __volatile__("" : : "r"(buf) : "memory");
  return x;
}
HWC_INLINE void siv_store_partial(uint8_t *p, __m128i x, size_t n) {
  HWC_ALIGN(16) uint8_t buf[16];
  _mm_store_si128((__m128i *)(void *)buf, x);
  for (size_t i = 0; i < n; i++) {
    p[i] = buf[i];
    HWC_OPAQUE_GPR(i);
  }
  _mm_store_si128((__m128i *)(void *)buf, _mm_setzero_si128());
  __asm__ __volatile__("" : : "r"(buf) : "memory");
}

/* Powers H^1 .. H^n, n = min(m, 16), into hp[16 - n .. 15], hk alongside. */
HWC_INLINE void siv_powers(aesni_key *R, __m128i h, size_t m) {
  const int n = m >= 16 ? 16 : (int)m;
  gh_powers(h, R->hp + 16 - n, R->hk + 16 - n, n);
}

/* a += the blocks of p[0 .. len) (len >= 1, zero-padded), block j times
 * hp[base + j]; y enters block 0. */
HWC_INLINE void siv_absorb(const aesni_key *R, gh_acc *a, __m128i y, const uint8_t *p, size_t len, size_t base) {
  size_t j = 0;
  for (; 16 * j + 16 <= len; j++) {
    gh_mul_acc(a, _mm_xor_si128(x86_loadu(p + 16 * j), y), R->hp[base + j], R->hk[base + j], 0);
    y = _mm_setzero_si128();
  }
  if (len & 15)
    gh_mul_acc(a, _mm_xor_si128(siv_load_partial(p + 16 * j, len & 15), y), R->hp[base + j], R->hk[base + j], 0);
}

HWC_INLINE void siv_acc_zero(gh_acc *a) { a->lo = a->mid = a->hi = _mm_setzero_si128(); }

/* Y = POLYVAL over p[0 .. len): 16 blocks per reduction, then 8, then the
 * rest. */
HWC_INLINE __m128i siv_polyval_seg(const aesni_key *R, __m128i Y, const uint8_t *p, size_t len) {
  gh_acc a;
  while (len >= 256) {
    const aesni_key *Q = (const aesni_key *)x86_launder(R); /* powers as memory operands, not spills */
    gh_mul_acc(&a, _mm_xor_si128(x86_loadu(p), Y), Q->hp[0], Q->hk[0], 1);
#pragma GCC unroll 16
    for (int j = 1; j < 16; j++) gh_mul_acc(&a, x86_loadu(p + 16 * j), Q->hp[j], Q->hk[j], 0);
    Y = gh_finish(&a);
    p += 256;
    len -= 256;
  }
  if (len >= 128) {
    const aesni_key *Q = (const aesni_key *)x86_launder(R);
    gh_mul_acc(&a, _mm_xor_si128(x86_loadu(p), Y), Q->hp[8], Q->hk[8], 1);
#pragma GCC unroll 8
    for (int j = 1; j < 8; j++) gh_mul_acc(&a, x86_loadu(p + 16 * j), Q->hp[8 + j], Q->hk[8 + j], 0);
    Y = gh_finish(&a);
    p += 128;
    len -= 128;
  }
  if (len) {
    siv_acc_zero(&a);
    siv_absorb(R, &a, Y, p, len, 16 - ((len + 15) >> 4));
    Y = gh_finish(&a);
  }
  return Y;
}

/* S = POLYVAL(H, pad(A) || pad(P) || le64(8|A|) || le64(8|P|)). */
HWC_INLINE __m128i siv_polyval(const aesni_key *R, const uint8_t *aad, size_t aad_len, const uint8_t *p,
                               size_t len) {
  const __m128i lens = _mm_set_epi64x((long long)((uint64_t)len * 8), (long long)((uint64_t)aad_len * 8));
  const size_t na = (aad_len + 15) >> 4, nb = (len + 15) >> 4, t = na + nb + 1;
  if (t <= 16) {
    gh_acc a;
    gh_mul_acc(&a, lens, R->hp[15], R->hk[15], 1);
    if (aad_len) siv_absorb(R, &a, _mm_setzero_si128(), aad, aad_len, 16 - t);
    if (len) siv_absorb(R, &a, _mm_setzero_si128(), p, len, 15 - nb);
    return gh_finish(&a);
  }
  __m128i Y = siv_polyval_seg(R, _mm_setzero_si128(), aad, aad_len);
  Y = siv_polyval_seg(R, Y, p, len);
  return gh_mul(_mm_xor_si128(Y, lens), R->hp[15], R->hk[15]);
}

/* n (constant) counter blocks c + j (dword 0, mod 2^32), encrypted; each
 * round key read from R as it is needed (x86_launder), so none is held,
 * and spilled, across the rounds. */
HWC_INLINE void siv_keystream(const aesni_key *R, __m128i c, __m128i *b, const int n, const int NR) {
#pragma GCC unroll 8
  for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(_mm_add_epi32(c, _mm_set_epi32(0, 0, 0, j)), R->rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < NR; r++) aes_round(b, n, ((const aesni_key *)x86_launder(R))->rk[r]);
  aes_last(b, n, ((const aesni_key *)x86_launder(R))->rk[NR]);
}

/* The last len (1 .. 16 n) bytes, n (constant) blocks: whole blocks
 * straight from and to the buffers, a partial last one through
 * siv_load_partial/siv_store_partial; the keystream stays in registers (constant
 * indices only). */
HWC_INLINE void siv_ctr_tail(const aesni_key *R, __m128i c, const uint8_t *in, uint8_t *out, size_t len,
                             const int NR, const int n) {
  __m128i b[8];
  const size_t r = len & 15;
  /* the last block's input first, so no keystream is live in the byte loop */
  const __m128i last = r ? siv_load_partial(in + 16 * (n - 1), r) : x86_loadu(in + 16 * (n - 1));
  siv_keystream(R, c, b, n, NR);
#pragma GCC unroll 8
  for (int j = 0; j < n - 1; j++) x86_storeu(out + 16 * j, _mm_xor_si128(b[j], x86_loadu(in + 16 * j)));
  const __m128i o = _mm_xor_si128(b[n - 1], last);
  if (r)
    siv_store_partial(out + 16 * (n - 1), o, r);
  else
    x86_storeu(out + 16 * (n - 1), o);
}

HWC_INLINE void siv_ctr(const aesni_key *R, __m128i c, const uint8_t *in, uint8_t *out, size_t len,
                        const int NR) {
  __m128i b[8];
  while (len >= 128) {
    siv_keystream(R, c, b, 8, NR);
    for (int j = 0; j < 8; j++) x86_storeu(out + 16 * j, _mm_xor_si128(b[j], x86_loadu(in + 16 * j)));
    c = _mm_add_epi32(c, _mm_set_epi32(0, 0, 0, 8));
    in += 128;
    out += 128;
    len -= 128;
  }
  switch ((len + 15) >> 4) {
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

HWC_INLINE void siv_body(const aesni_key *K, aesni_key *R, int seal, const uint8_t nonce[12],
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                         uint8_t tag[16], size_t key_bytes, const int NR) {
  HWC_ALIGN(16) uint8_t kb[48];
  uint32_t n2;
  memcpy(&n2, nonce + 8, 4);
  /* (1) derivation blocks le32(i) || N, i = 0..3 (AES-128) or 0..5 */
  const __m128i nx = _mm_insert_epi32(_mm_slli_si128(_mm_loadl_epi64((const __m128i *)(const void *)nonce), 4),
                                      (int)n2, 3);
  __m128i d[6];
  if (key_bytes == 32) {
    siv_keystream(K, nx, d, 6, NR);
    x86_storeu(kb + 32, _mm_unpacklo_epi64(d[4], d[5]));
  } else {
    siv_keystream(K, nx, d, 4, NR);
  }
  x86_storeu(kb, _mm_unpacklo_epi64(d[0], d[1]));
  x86_storeu(kb + 16, _mm_unpacklo_epi64(d[2], d[3]));
  /* (2) kb = auth key || encryption key */
  const size_t na = (aad_len + 15) >> 4, nm = (len + 15) >> 4;
  siv_powers(R, x86_loadu(kb), na + nm + 1);
  x86_expand_key(R->rk, kb + 16, key_bytes);
  x86_wipe(kb, sizeof(kb));
  x86_wipe(d, sizeof(d));
  const __m128i top = _mm_set_epi32((int)0x80000000, 0, 0, 0);
  const __m128i nz = _mm_srli_si128(nx, 4);
  if (seal) {
    const __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, in, len), nz);
    const __m128i t = x86_aes_xor1(R->rk, 1, NR, _mm_andnot_si128(top, s), _mm_setzero_si128());
    x86_storeu(tag, t);
    if (len) siv_ctr(R, _mm_or_si128(t, top), in, out, len, NR);
  } else {
    if (len) siv_ctr(R, _mm_or_si128(x86_loadu(tag), top), in, out, len, NR);
    const __m128i s = _mm_xor_si128(siv_polyval(R, aad, aad_len, out, len), nz);
    x86_storeu(tag, x86_aes_xor1(R->rk, 1, NR, _mm_andnot_si128(top, s), _mm_setzero_si128()));
  }
}

static void aesni_gcm_siv(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  const aesni_key *K = HWC_KEY_STATE(aesni_key, k);
  aesni_key R;
  HWC_BY_ROUNDS(k->rounds, siv_body(K, &R, seal, nonce, aad, aad_len, in, len, out, tag, k->key_bytes, NR));
  x86_wipe(R.rk, sizeof(R.rk));
  x86_wipe(R.hp, sizeof(R.hp));
  x86_wipe(R.hk, sizeof(R.hk));
}

static const hwc_aes_impl aesni_impl = {
    .name = "aesni",
    .init = aesni_init,
    .encrypt_block = aesni_encrypt_block,
    .ctr32 = aesni_ctr32,
    .ghash = aesni_ghash,
    .gcm_seal = aesni_gcm_seal,
    .gcm_open = aesni_gcm_open,
    .gcm_short = aesni_gcm_short,
    .cbc_mac = aesni_cbc_mac,
    .ecb = aesni_ecb,
    .cbc = aesni_cbc,
    .xts = aesni_xts,
    .ccm = aesni_ccm,
    .gcm_siv = aesni_gcm_siv,
    .state_size = sizeof(aesni_key),
};

HWC_TARGET_END

const hwc_aes_impl *hwc_aes_x86_aesni_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->aesni && f->pclmul && f->ssse3 && f->sse41) ? &aesni_impl : NULL;
}

#else /* not x86-64, or a compiler that cannot target the instructions */

const hwc_aes_impl *hwc_aes_x86_aesni_get(void) { return NULL; }

#endif
