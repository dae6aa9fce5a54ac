/*
 * ecb.c - AES-ECB (SP 800-38A 6.1): the backend's ecb kernel on whole
 * blocks. The only checks are the key and the length (a multiple of 16).
 */
#include "hwcrypt_impl.h"

static hwc_status ecb_run(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out, size_t len) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (len % 16 || (len && (!in || !out))) return HWC_ERR_ARG;
  k->impl->ecb(k, seal, in, out, len / 16);
  return HWC_OK;
}

hwc_status hwc_ecb_encrypt(const hwc_aes_key *k, const uint8_t *in, uint8_t *out, size_t len) {
  return ecb_run(k, 1, in, out, len);
}

hwc_status hwc_ecb_decrypt(const hwc_aes_key *k, const uint8_t *in, uint8_t *out, size_t len) {
  return ecb_run(k, 0, in, out, len);
}
