/*
 * cmac.c - AES-CMAC (NIST SP 800-38B, RFC 4493).
 *
 * The backends run the serial CBC-MAC chain over whole blocks (cbc_mac,
 * hwcrypt_impl.h); this file derives the subkeys and frames the last
 * block:
 *
 *   L  = E_K(0^128)
 *   K1 = dbl(L), K2 = dbl(K1)        dbl(x) = x << 1 ^ (msb(x) ? 0x87 : 0)
 *   M_1 .. M_n the message in 16-byte blocks, M_n possibly partial
 *   last = M_n ^ K1                  if M_n is a whole block (len > 0)
 *        = (M_n || 10..0) ^ K2       otherwise (also for the empty message)
 *   T  = CBC-MAC_K(M_1 .. M_{n-1}, last)
 *
 * Subkeys are derived per call: one extra block encryption (a few ns with
 * AES instructions) instead of storing K1/K2 next to every AES key object,
 * which GCM and CTR keys would carry for nothing. Every intermediate (L,
 * K1, K2, the chaining value X, the padded last block, the full tag of a
 * verification) is wiped before return.
 *
 * Constant time: dbl() takes the carry as a mask (no branch on the secret
 * MSB); the only branches are on len (public). The verification's
 * accept/reject bit is declassified as in gcm.c (docs/security.md).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* x = x * 2 in GF(2^128) with x^128 = x^7 + x^2 + x + 1, big-endian. */
HWC_INLINE void cmac_dbl(uint8_t out[16], const uint8_t in[16]) {
  uint64_t hi = hwc_load_be64(in), lo = hwc_load_be64(in + 8);
  uint64_t mask = (uint64_t)0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo = (lo << 1) ^ (mask & 0x87);
  hwc_store_be64(out, hi);
  hwc_store_be64(out + 8, lo);
  HWC_OPAQUE_GPR(hi);
  HWC_OPAQUE_GPR(lo);
  HWC_OPAQUE_GPR(mask);
}

static void cmac_run(const hwc_aes_key *k, const uint8_t *data, size_t len, uint8_t tag[16]) {
  uint8_t sub[16], last[16], X[16];
  memset(X, 0, 16);
  k->impl->encrypt_block(k, X, sub); /* L */
  cmac_dbl(sub, sub);                /* K1 */
  /* Whole blocks before the last one: the last block is never empty
   * unless the message is. */
  size_t full = len ? (len - 1) / 16 : 0;
  size_t rem = len - full * 16; /* 0..16, 0 only for len == 0 */
  if (rem == 16) {
    memcpy(last, data + full * 16, 16);
  } else {
    cmac_dbl(sub, sub); /* K2 */
    memset(last, 0, 16);
    if (rem) memcpy(last, data + full * 16, rem);
    last[rem] = 0x80;
  }
  for (int i = 0; i < 16; i++) last[i] ^= sub[i];
  k->impl->cbc_mac(k, X, data, full);
  k->impl->cbc_mac(k, X, last, 1);
  memcpy(tag, X, 16);
  hwc_wipe(sub, 16);
  hwc_wipe(last, 16);
  hwc_wipe(X, 16);
}

static hwc_status cmac_check(const hwc_aes_key *k, const uint8_t *data, size_t len) {
  if (!k || k->magic != HWC_AES_KEY_MAGIC || !k->impl) return HWC_ERR_STATE;
  if (!data && len) return HWC_ERR_ARG;
  return HWC_OK;
}

hwc_status hwc_cmac(const hwc_aes_key *k, const uint8_t *data, size_t len, uint8_t tag[16]) {
  hwc_status st = cmac_check(k, data, len);
  if (st != HWC_OK) return st;
  if (!tag) return HWC_ERR_ARG;
  uint8_t full[16];
  cmac_run(k, data, len, full);
  memcpy(tag, full, 16);
  hwc_wipe(full, 16);
  return HWC_OK;
}

hwc_status hwc_cmac_verify(const hwc_aes_key *k, const uint8_t *data, size_t len, const uint8_t *tag,
                           size_t tag_len) {
  hwc_status st = cmac_check(k, data, len);
  if (st != HWC_OK) return st;
  if (!tag || tag_len < HWC_CMAC_MIN_TAG || tag_len > 16) return HWC_ERR_ARG;
  uint8_t full[16];
  cmac_run(k, data, len, full);
  int ok = hwc_ct_equal(full, tag, tag_len);
  /* The accept/reject bit is the one public result (as in gcm.c). */
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  hwc_wipe(full, 16);
  return ok ? HWC_OK : HWC_ERR_AUTH;
}
