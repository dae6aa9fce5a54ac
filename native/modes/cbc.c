/*
 * cbc.c - AES-CBC (SP 800-38A 6.2), with or without PKCS#7 padding
 * (RFC 5652 6.3).
 *
 * The backend's cbc kernel runs whole blocks: encryption is one serial
 * chain, decryption is parallel. This file copies the IV (the kernel
 * updates it), frames the padding and checks it.
 *
 * Constant time: a padded message's last block is checked with masks over
 * all 16 bytes: no branch or index depends on the pad byte or on which
 * byte is wrong. Only the accept/reject bit and, once accepted, the pad
 * length (it is the output length) are declassified; on reject every byte
 * written is wiped. The length checks branch on len, which is public.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* 0xff..ff if x == 0, else 0, without a branch. */
HWC_INLINE uint32_t ct_is_zero(uint32_t x) { return (uint32_t)0 - (uint32_t)(((uint64_t)x - 1) >> 63); }
/* 0xff..ff if a < b (both below 2^31), else 0. */
HWC_INLINE uint32_t ct_lt(uint32_t a, uint32_t b) { return (uint32_t)0 - ((a - b) >> 31); }

static hwc_status cbc_run(const hwc_aes_key *k, int seal, const uint8_t iv[16], const uint8_t *in,
                          uint8_t *out, size_t len) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (!iv || len % 16 || (len && (!in || !out))) return HWC_ERR_ARG;
  uint8_t chain[16];
  memcpy(chain, iv, 16);
  k->impl->cbc(k, seal, chain, in, out, len / 16);
  hwc_wipe(chain, 16);
  return HWC_OK;
}

hwc_status hwc_cbc_encrypt(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                           size_t len) {
  return cbc_run(k, 1, iv, in, out, len);
}

hwc_status hwc_cbc_decrypt(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                           size_t len) {
  return cbc_run(k, 0, iv, in, out, len);
}

size_t hwc_cbc_pkcs7_len(size_t len) { return len + 16 - len % 16; }

hwc_status hwc_cbc_encrypt_pkcs7(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                                 uint8_t *out) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (!iv || !out || (len && !in) || len > SIZE_MAX - 16) return HWC_ERR_ARG;
  size_t full = len / 16, rem = len % 16;
  uint8_t chain[16], last[16];
  memcpy(chain, iv, 16);
  /* The partial tail is read before the whole blocks are written: with
   * out == in it lies past them, so nothing written overlaps it anyway. */
  memset(last, (int)(16 - rem), 16);
  if (rem) memcpy(last, in + full * 16, rem);
  k->impl->cbc(k, 1, chain, in, out, full);
  k->impl->cbc(k, 1, chain, last, out + full * 16, 1);
  hwc_wipe(chain, 16);
  hwc_wipe(last, 16);
  return HWC_OK;
}

hwc_status hwc_cbc_decrypt_pkcs7(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                                 uint8_t *out, size_t *out_len) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (!iv || !out || !out_len || (len && !in)) return HWC_ERR_ARG;
  *out_len = 0;
  if (len == 0 || len % 16) {
    if (len) hwc_wipe(out, len);
    return HWC_ERR_DECRYPT;
  }
  uint8_t chain[16];
  memcpy(chain, iv, 16);
  k->impl->cbc(k, 0, chain, in, out, len / 16);
  hwc_wipe(chain, 16);
  /* PKCS#7: the last p bytes all equal p, 1 <= p <= 16. */
  const uint8_t *last = out + len - 16;
  uint32_t p = last[15];
  uint32_t bad = ct_is_zero(p) | ct_lt(16, p);
  for (uint32_t i = 0; i < 16; i++) {
    uint32_t in_pad = ct_lt(15 - i, p); /* byte i is one of the last p */
    bad |= in_pad & ~ct_is_zero((uint32_t)last[i] ^ p);
  }
  int ok = (int)(~bad & 1);
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  if (!ok) {
    hwc_wipe(out, len);
    return HWC_ERR_DECRYPT;
  }
  /* Accepted: the pad length is the output length, which is public. */
  HWC_CT_DECLASSIFY(&p, sizeof(p));
  hwc_wipe(out + len - p, p);
  *out_len = len - p;
  return HWC_OK;
}
