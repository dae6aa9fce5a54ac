/*
 * gcm.c - AES-GCM framing (NIST SP 800-38D) over a backend's bulk kernels.
 *
 *   J0  = nonce || 0^31 || 1                    if |nonce| = 96 bits
 *       = GHASH(nonce || 0-pad || 0^64 || [len(nonce)]_64)   otherwise
 *   C   = GCTR(inc32(J0), P)
 *   S   = GHASH(A || 0-pad || C || 0-pad || [len(A)]_64 || [len(C)]_64)
 *   T   = MSB_t(E_K(J0) ^ S)
 *
 * inc32 increments only the last 32 bits of the counter block, modulo 2^32,
 * and that is exactly the kernels' counter contract (hwcrypt_impl.h): block
 * i of a call is encrypted with the low word + i mod 2^32. So a whole
 * message is one kernel call starting at inc32(J0), wherever the counter
 * wraps. With a 96-bit nonce the counter starts at 2 and a message of at
 * most 2^36 - 32 bytes (2^32 - 2 blocks) never wraps; with other nonce
 * lengths J0 = GHASH_H(nonce) is a secret (it depends on the key through
 * H), the wrap can fall anywhere, and where it falls must not show: no
 * length, loop bound, branch or address here or in a kernel depends on the
 * counter value. (An earlier version cut the message at the wrap and
 * passed the cut as a length; the kernels loop on lengths, so the cut
 * leaked the counter. docs/security.md.)
 *
 * Tag verification computes the expected tag and compares it in constant
 * time; on mismatch the plaintext already written to out is wiped before
 * returning, so a caller never sees unauthenticated plaintext.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

static int key_ok(const hwc_aes_key *k) { return k && k->magic == HWC_AES_KEY_MAGIC && k->impl; }

static int tag_len_ok(size_t t) { return t == 4 || t == 8 || (t >= 12 && t <= 16); }

static void derive_j0(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len,
                      uint8_t j0[16]) {
  if (nonce_len == 12) {
    hwc_store_counter_block(j0, nonce, 1);
    return;
  }
  uint8_t lenblock[16];
  memset(j0, 0, 16);
  k->impl->ghash(k, j0, nonce, nonce_len);
  memset(lenblock, 0, 8);
  hwc_store_be64(lenblock + 8, (uint64_t)nonce_len * 8);
  k->impl->ghash(k, j0, lenblock, 16);
}

typedef void (*gcm_kernel)(const hwc_aes_key *, const uint8_t[16], uint8_t[16], const uint8_t *,
                           uint8_t *, size_t);

/* Runs the kernel over len bytes starting at counter inc32(J0). */
static void gcm_bulk(const hwc_aes_key *k, gcm_kernel kern, const uint8_t j0[16], uint8_t Y[16],
                     const uint8_t *in, uint8_t *out, size_t len) {
  uint8_t ctr[16];
  hwc_store_counter_block(ctr, j0, hwc_load_be32(j0 + 12) + 1); /* inc32(J0), wraps mod 2^32 */
  kern(k, ctr, Y, in, out, len);
  hwc_wipe(ctr, sizeof(ctr));
}

static void finish_tag(const hwc_aes_key *k, const uint8_t j0[16], uint8_t Y[16], size_t aad_len,
                       size_t len, uint8_t full_tag[16]) {
  uint8_t lenblock[16], a[8], c[8];
  uint64_t wa, wc;
  hwc_store_be64(a, (uint64_t)aad_len * 8);
  hwc_store_be64(c, (uint64_t)len * 8);
  memcpy(&wa, a, 8);
  memcpy(&wc, c, 8);
  hwc_store_block(lenblock, wa, wc);
  k->impl->ghash(k, Y, lenblock, 16);
  k->impl->encrypt_block(k, j0, full_tag);
  for (int i = 0; i < 16; i++) full_tag[i] ^= Y[i];
}

static hwc_status check_args(const hwc_aes_key *k, size_t nonce_len, size_t len, size_t tag_len) {
  if (!key_ok(k)) return HWC_ERR_STATE;
  if (nonce_len == 0 || (uint64_t)nonce_len > ((uint64_t)1 << 32)) return HWC_ERR_ARG;
  if ((uint64_t)len > HWC_GCM_MAX_PT) return HWC_ERR_ARG;
  if (!tag_len_ok(tag_len)) return HWC_ERR_ARG;
  return HWC_OK;
}

/* The shared body of seal and open: J0, GHASH of the AAD, the bulk kernel
 * (encrypt-then-hash or hash-then-decrypt) and the full 16-byte tag. */
static void gcm_run(const hwc_aes_key *k, int seal, const uint8_t *nonce, size_t nonce_len,
                    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                    uint8_t full_tag[16]) {
  /* A backend's one-call path for short messages, where it has one. */
  if (k->impl->gcm_short && nonce_len == 12 && len <= HWC_GCM_SHORT_MAX &&
      aad_len <= HWC_GCM_SHORT_MAX) {
    k->impl->gcm_short(k, seal, nonce, aad, aad_len, in, len, out, full_tag);
    return;
  }
  gcm_kernel kern = seal ? k->impl->gcm_seal : k->impl->gcm_open;
  uint8_t j0[16], Y[16];
  derive_j0(k, nonce, nonce_len, j0);
  memset(Y, 0, 16);
  if (aad_len) k->impl->ghash(k, Y, aad, aad_len);
  if (len) gcm_bulk(k, kern, j0, Y, in, out, len);
  finish_tag(k, j0, Y, aad_len, len, full_tag);
  hwc_wipe(Y, 16);
  hwc_wipe(j0, 16);
}

hwc_status hwc_gcm_seal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len,
                        uint8_t *out, uint8_t *tag, size_t tag_len) {
  hwc_status st = check_args(k, nonce_len, len, tag_len);
  if (st != HWC_OK) return st;
  uint8_t full[16];
  gcm_run(k, 1, nonce, nonce_len, aad, aad_len, pt, len, out, full);
  memcpy(tag, full, tag_len);
  hwc_wipe(full, 16);
  return HWC_OK;
}

hwc_status hwc_gcm_open(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
                        const uint8_t *tag, size_t tag_len, uint8_t *out) {
  hwc_status st = check_args(k, nonce_len, len, tag_len);
  if (st != HWC_OK) return st;
  uint8_t full[16];
  gcm_run(k, 0, nonce, nonce_len, aad, aad_len, ct, len, out, full);
  int ok = hwc_ct_equal(full, tag, tag_len);
  /* The accept/reject bit is the one public result of a verification; the
   * constant-time harness declassifies it here (a no-op in other builds). */
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  hwc_wipe(full, 16);
  if (!ok) {
    if (len) hwc_wipe(out, len);
    return HWC_ERR_AUTH;
  }
  return HWC_OK;
}

/* ---- one seal in parts (hwc_gcm_seal_part / _join) ------------------------
 *
 * GHASH_H(Y, X_1 .. X_m) = Y * H^m ^ sum X_j * H^(m - j + 1), so the GHASH
 * of a concatenation is the first part's (from zero, after the AAD) times
 * H^(blocks of the second) xor the second's (from zero). The join needs
 * Y * H^m for a few large m: gf128_mul below, a portable constant-time
 * multiply in GCM's bit order (SP 800-38D Algorithm 1: bit 0 is the most
 * significant bit of byte 0; the reduction constant R = 0xe1 || 0^120),
 * with masks instead of branches on the secret operands (H, Y). H^m by
 * square and multiply over the bits of m, which is public (a length). */
static void gf128_mul(const uint8_t x[16], const uint8_t y[16], uint8_t z[16]) {
  uint64_t xh = hwc_load_be64(x), xl = hwc_load_be64(x + 8);
  uint64_t vh = hwc_load_be64(y), vl = hwc_load_be64(y + 8);
  uint64_t zh = 0, zl = 0;
  for (int i = 0; i < 128; i++) {
    uint64_t bit = i < 64 ? (xh >> (63 - i)) & 1 : (xl >> (127 - i)) & 1;
    uint64_t m = (uint64_t)0 - bit;
    zh ^= vh & m;
    zl ^= vl & m;
    uint64_t r = (uint64_t)0 - (vl & 1);
    vl = (vl >> 1) | (vh << 63);
    vh = (vh >> 1) ^ (r & ((uint64_t)0xe1 << 56));
  }
  hwc_store_be64(z, zh);
  hwc_store_be64(z + 8, zl);
}

/* y = y * h^m (m public). */
static void gf128_mul_pow(uint8_t y[16], const uint8_t h[16], uint64_t m) {
  uint8_t p[16], t[16];
  memcpy(p, h, 16);
  while (m) {
    if (m & 1) {
      gf128_mul(y, p, t);
      memcpy(y, t, 16);
    }
    m >>= 1;
    if (m) {
      gf128_mul(p, p, t);
      memcpy(p, t, 16);
    }
  }
  hwc_wipe(p, 16);
  hwc_wipe(t, 16);
}

hwc_status hwc_gcm_seal_part(const hwc_aes_key *k, const uint8_t nonce[12], uint64_t block,
                             const uint8_t *in, uint8_t *out, size_t len, uint8_t Y[16]) {
  if (!key_ok(k)) return HWC_ERR_STATE;
  if (block + ((uint64_t)len + 15) / 16 > HWC_GCM_MAX_PT / 16) return HWC_ERR_ARG;
  memset(Y, 0, 16);
  if (!len) return HWC_OK;
  uint8_t ctr[16];
  /* inc32(J0) = nonce || 2, and this part's first block is `block` past it
   * (the message has at most 2^32 - 2 blocks: no wrap). */
  hwc_store_counter_block(ctr, nonce, (uint32_t)(2 + block));
  k->impl->gcm_seal(k, ctr, Y, in, out, len);
  hwc_wipe(ctr, sizeof(ctr));
  return HWC_OK;
}

hwc_status hwc_gcm_seal_join(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                             size_t aad_len, const uint8_t (*Y)[16], const size_t *lens, size_t n,
                             uint8_t *tag, size_t tag_len) {
  if (!key_ok(k)) return HWC_ERR_STATE;
  if (n == 0 || !tag_len_ok(tag_len)) return HWC_ERR_ARG;
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++) {
    if (i + 1 < n && lens[i] % 16) return HWC_ERR_ARG;
    total += lens[i];
    if (total > HWC_GCM_MAX_PT) return HWC_ERR_ARG;
  }
  uint8_t j0[16], S[16], h[16], full[16];
  static const uint8_t zero[16] = {0};
  hwc_store_counter_block(j0, nonce, 1);
  k->impl->encrypt_block(k, zero, h);
  memset(S, 0, 16);
  if (aad_len) k->impl->ghash(k, S, aad, aad_len);
  for (size_t i = 0; i < n; i++) {
    gf128_mul_pow(S, h, ((uint64_t)lens[i] + 15) / 16);
    for (int b = 0; b < 16; b++) S[b] ^= Y[i][b];
  }
  finish_tag(k, j0, S, aad_len, (size_t)total, full);
  memcpy(tag, full, tag_len);
  hwc_wipe(full, 16);
  hwc_wipe(S, 16);
  hwc_wipe(h, 16);
  hwc_wipe(j0, 16);
  return HWC_OK;
}
