/*
 * kdf.c - HKDF (RFC 5869) and PBKDF2 (RFC 8018 5.2) over HMAC (hmac.c).
 *
 * HKDF is HMAC calls chained through the public HMAC API: extract is one
 * HMAC, expand keys one HMAC context with the PRK and copies it for every
 * output block T(i) = HMAC(PRK, T(i-1) || info || i), so the key setup is
 * paid once. Both run in one call (hwc_hkdf); nothing goes back to the
 * caller between blocks.
 *
 * PBKDF2 computes T_i = U_1 ^ U_2 ^ ... ^ U_c with U_1 = HMAC(P, S || i)
 * and U_j = HMAC(P, U_{j-1}). U_1 goes through the HMAC API. For U_2.. the
 * loop works on the compression function directly:
 *
 *   - The HMAC context keyed with P holds the inner and outer pad states
 *     (the state after the one block K0 ^ ipad, resp. K0 ^ opad), computed
 *     once per call (hwc_hmac_init).
 *   - Every inner and every outer hash of the loop hashes exactly
 *     block_len + digest_len bytes: the pad block, then a digest (U_{j-1},
 *     resp. the inner digest). A digest plus 0x80 and the length field fits
 *     one block for every SHA-1/SHA-2 (20+1+8 <= 64 ... 64+1+16 <= 128), so
 *     the second block is always "digest || 0x80 || 0... || (bl+dl)*8". It
 *     is built once; each hash overwrites only its first digest_len bytes.
 *   - So one iteration is exactly two compressions: the inner pad state
 *     compresses the block holding U_{j-1}, its result (written big-endian
 *     over the block's digest part) is compressed from the outer pad state,
 *     and that result is U_j, written back into the same block for the
 *     next iteration and XORed into T in native word order.
 *
 * For SHA-1/224/256 on the shani backend the same loop runs inside
 * native/sha/sha{1,256}_x86_shani_pbkdf2.c with the states in registers
 * (no block in memory, no byte swaps, no call per compression).
 *
 * Output blocks T_1, T_2, ... are computed one after another, except on
 * shani, where two blocks run side by side (two independent chains in the
 * out-of-order window): a 64-byte PBKDF2-HMAC-SHA-256 output costs about
 * as much as a 32-byte one. The other backends' compress entry points take
 * one state, so there the blocks stay sequential.
 *
 * Constant time: branches and loop bounds depend on lengths, the block
 * index and the iteration count only (all public). The password, salt,
 * U, T and the pad states are only combined with XOR, copies and the
 * backends' constant-time compression.
 *
 * Wiping: every stack copy of an HMAC context, U/T buffers, the PRK and
 * the working state are zeroed before return; the PBKDF2 loop runs in a
 * separate (HWC_NOINLINE) function whose dead frame the entry point burns
 * (the XOR of T keeps state words in registers the compiler may spill).
 * The compression kernels burn their own frames (docs/security.md).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* ---- HKDF --------------------------------------------------------------- */

hwc_status hwc_hkdf_extract(hwc_hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                            size_t ikm_len, uint8_t *prk) {
  /* An empty salt is an empty HMAC key: zero-padded to the block, the same
   * key as HashLen zero bytes (RFC 5869 2.2). */
  return hwc_hmac(alg, salt, salt_len, ikm, ikm_len, prk);
}

hwc_status hwc_hkdf_expand(hwc_hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                           size_t info_len, uint8_t *out, size_t out_len) {
  const size_t dl = hwc_hash_digest_len(alg);
  if (!dl || out_len > HWC_HKDF_MAX_BLOCKS * dl || (!out && out_len) || (!info && info_len))
    return HWC_ERR_ARG;
  hwc_hmac_ctx base, c;
  uint8_t t[HWC_HASH_MAX_DIGEST];
  hwc_status st = hwc_hmac_init(&base, alg, prk, prk_len);
  if (st != HWC_OK) return st;
  size_t done = 0;
  for (unsigned i = 1; done < out_len; i++) {
    const uint8_t ctr = (uint8_t)i;
    c = base;
    if (i > 1) hwc_hmac_update(&c, t, dl);
    if (info_len) hwc_hmac_update(&c, info, info_len);
    hwc_hmac_update(&c, &ctr, 1);
    hwc_hmac_final(&c, t); /* wipes c */
    const size_t n = out_len - done < dl ? out_len - done : dl;
    memcpy(out + done, t, n);
    done += n;
  }
  hwc_hmac_wipe(&base);
  hwc_wipe(t, sizeof(t));
  return HWC_OK;
}

hwc_status hwc_hkdf(hwc_hash_alg alg, const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
                    size_t salt_len, const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len) {
  const size_t dl = hwc_hash_digest_len(alg);
  if (!dl || out_len > HWC_HKDF_MAX_BLOCKS * dl || (!out && out_len) || (!info && info_len) ||
      (!ikm && ikm_len) || (!salt && salt_len))
    return HWC_ERR_ARG;
  uint8_t prk[HWC_HASH_MAX_DIGEST];
  hwc_status st = hwc_hkdf_extract(alg, salt, salt_len, ikm, ikm_len, prk);
  if (st == HWC_OK) st = hwc_hkdf_expand(alg, prk, dl, info, info_len, out, out_len);
  hwc_wipe(prk, sizeof(prk));
  return st;
}

/* ---- PBKDF2 ------------------------------------------------------------- */

/* What one PBKDF2 call works on; lives in the loop function's frame and is
 * wiped there. */
typedef struct pbkdf2_run {
  hwc_hash_ctx w;                 /* working context: the PRF's backend, state overwritten per hash */
  uint8_t blk[HWC_HASH_MAX_BLOCK]; /* U (digest_len bytes) || fixed padding */
  union {
    uint32_t s32[16]; /* shani: two lanes of 8 words (T_i, T_i+1) */
    uint64_t s64[8];
  } t;                            /* T_i in native state words */
  uint8_t u1[HWC_HASH_MAX_DIGEST];
} pbkdf2_run;

/* Hashes the block from the pad state `from` into r->w and writes the
 * digest big-endian over the block's first dl bytes. `wide`: 64-bit words
 * (SHA-384/512/512-256), else 32-bit; a constant at every call site. */
HWC_INLINE void hash_block_from(pbkdf2_run *r, const hwc_hash_ctx *from, size_t words, int wide) {
  memcpy(&r->w.state, &from->state, sizeof(r->w.state));
  hwc_hash_ctx_compress(&r->w, r->blk, 1);
  if (wide)
    for (size_t i = 0; i < words; i++) hwc_store_be64(r->blk + 8 * i, r->w.state.s64[i]);
  else
    for (size_t i = 0; i < words; i++) hwc_store_be32(r->blk + 4 * i, r->w.state.s32[i]);
}

/* U_2 .. U_c: two compressions per iteration, T ^= U_j in state words. */
HWC_INLINE void iterate(pbkdf2_run *r, const hwc_hmac_ctx *prf, size_t words, uint32_t iterations, int wide) {
  for (uint32_t j = 1; j < iterations; j++) {
    hash_block_from(r, &prf->inner, words, wide);
    hash_block_from(r, &prf->outer, words, wide);
    if (wide)
      for (size_t i = 0; i < words; i++) r->t.s64[i] ^= r->w.state.s64[i];
    else
      for (size_t i = 0; i < words; i++) r->t.s32[i] ^= r->w.state.s32[i];
  }
}

static HWC_NOINLINE void pbkdf2_blocks(const hwc_hmac_ctx *prf, const uint8_t *salt, size_t salt_len,
                                       uint32_t iterations, uint8_t *out, size_t out_len) {
  const hwc_hash_alg alg = (hwc_hash_alg)prf->inner.alg;
  const size_t dl = hwc_hash_digest_len(alg), bl = hwc_hash_block_len(alg);
  const int wide = hwc_hash_family(alg) == HWC_FAMILY_SHA512;
  const size_t words = wide ? dl / 8 : dl / 4;
  /* SHA-1/224/256 on SHA-NI: the loop with the states in registers. */
  const char *backend = hwc_hash_backend(&prf->inner);
  const int shani = !wide && backend && strcmp(backend, "shani") == 0;
  pbkdf2_run r;
  hwc_hmac_ctx c;

  /* The fixed tail of every loop hash: 0x80, zeros, the bit length of
   * pad block + digest in the last 8 bytes (the 16-byte length field of
   * SHA-512 has a zero high half). */
  memset(&r.t, 0, sizeof(r.t));
  memset(r.blk, 0, sizeof(r.blk));
  r.blk[dl] = 0x80;
  hwc_store_be64(r.blk + bl - 8, (uint64_t)(bl + dl) * 8);
  r.w = prf->inner; /* backend and algorithm of the PRF */

  size_t done = 0;
  for (uint32_t i = 1; done < out_len;) {
    /* shani runs two output blocks side by side when two are left: two
     * independent chains fill the sha256rnds2 latency of each other. */
    const size_t lanes = shani && out_len - done > dl ? 2 : 1;
    for (size_t l = 0; l < lanes; l++) {
      uint8_t be[4];
      hwc_store_be32(be, i + (uint32_t)l);
      c = *prf;
      if (salt_len) hwc_hmac_update(&c, salt, salt_len);
      hwc_hmac_update(&c, be, 4);
      hwc_hmac_final(&c, r.u1); /* U_1; wipes c */
      if (wide)
        for (size_t k = 0; k < words; k++) r.t.s64[k] = hwc_load_be64(r.u1 + 8 * k);
      else
        for (size_t k = 0; k < words; k++) r.t.s32[8 * l + k] = hwc_load_be32(r.u1 + 4 * k);
    }
    memcpy(r.blk, r.u1, dl); /* the generic loop's U (one lane) */

    if (wide)
      iterate(&r, prf, words, iterations, 1);
    else if (!shani)
      iterate(&r, prf, words, iterations, 0);
    else if (alg == HWC_SHA1) /* x86-64 only: the "shani" backend exists nowhere else */
      hwc_sha1_x86_shani_pbkdf2(prf->inner.state.s32, prf->outer.state.s32, r.t.s32, lanes, iterations);
    else
      hwc_sha256_x86_shani_pbkdf2(prf->inner.state.s32, prf->outer.state.s32, r.t.s32, lanes, iterations,
                                  alg == HWC_SHA224);

    for (size_t l = 0; l < lanes; l++) {
      if (wide)
        for (size_t k = 0; k < words; k++) hwc_store_be64(r.u1 + 8 * k, r.t.s64[k]);
      else
        for (size_t k = 0; k < words; k++) hwc_store_be32(r.u1 + 4 * k, r.t.s32[8 * l + k]);
      const size_t n = out_len - done < dl ? out_len - done : dl;
      memcpy(out + done, r.u1, n);
      done += n;
    }
    i += (uint32_t)lanes;
  }
  hwc_wipe(&r, sizeof(r));
  hwc_wipe(&c, sizeof(c));
}

/* pbkdf2_blocks' frame: a pbkdf2_run (~420 bytes), an HMAC context copy
 * (~470), the inlined loop's spills, and the HMAC/hash framing it calls
 * (hwc_hmac_final's digest buffer): under 1.5 KiB with gcc -O3 and
 * clang -O2; burn 3 KiB once per call. */
#define PBKDF2_BURN 3072

hwc_status hwc_pbkdf2_hmac(const hwc_hmac_ctx *prf, const uint8_t *salt, size_t salt_len, uint32_t iterations,
                           uint8_t *out, size_t out_len) {
  if (!prf || !iterations || (!out && out_len) || (!salt && salt_len)) return HWC_ERR_ARG;
  if (!hwc_hash_backend(&prf->inner) || !hwc_hash_backend(&prf->outer)) return HWC_ERR_STATE;
  const hwc_hash_alg alg = (hwc_hash_alg)prf->inner.alg;
  const size_t dl = hwc_hash_digest_len(alg), bl = hwc_hash_block_len(alg);
  /* Keyed and nothing absorbed since: exactly one pad block in each. */
  if (prf->outer.alg != prf->inner.alg || prf->inner.total_lo != bl || prf->inner.total_hi ||
      prf->inner.buf_len || prf->outer.total_lo != bl || prf->outer.total_hi || prf->outer.buf_len)
    return HWC_ERR_STATE;
  if ((uint64_t)out_len / dl > 0xffffffffULL || ((uint64_t)out_len / dl == 0xffffffffULL && out_len % dl))
    return HWC_ERR_ARG;
  if (!out_len) return HWC_OK;
  pbkdf2_blocks(prf, salt, salt_len, iterations, out, out_len);
  hwc_burn_stack(PBKDF2_BURN);
  return HWC_OK;
}

hwc_status hwc_pbkdf2(hwc_hash_alg alg, const uint8_t *password, size_t password_len, const uint8_t *salt,
                      size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len) {
  if (!iterations || (!out && out_len) || (!salt && salt_len)) return HWC_ERR_ARG;
  hwc_hmac_ctx prf;
  hwc_status st = hwc_hmac_init(&prf, alg, password, password_len);
  if (st == HWC_OK) st = hwc_pbkdf2_hmac(&prf, salt, salt_len, iterations, out, out_len);
  hwc_hmac_wipe(&prf);
  return st;
}
