/*
 * aes_key.c - AES key objects: validation, backend binding, wiping.
 */
#include "hwcrypt_impl.h"

size_t hwc_aes_key_size(void) { return sizeof(hwc_aes_key); }
size_t hwc_aes_key_align(void) { return 64; }

static hwc_status key_init(hwc_aes_key *k, const hwc_aes_impl *impl, const uint8_t *key,
                           size_t key_len) {
  if (!k) return HWC_ERR_ARG;
  if (!impl) return HWC_ERR_UNAVAILABLE;
  if (key_len != 16 && key_len != 24 && key_len != 32) return HWC_ERR_ARG;
  hwc_wipe(k, sizeof(*k));
  k->key_bytes = (uint32_t)key_len;
  k->rounds = (uint32_t)(key_len / 4 + 6);
  impl->init(k, key, key_len);
  k->impl = impl;
  k->magic = HWC_AES_KEY_MAGIC;
  return HWC_OK;
}

hwc_status hwc_aes_key_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  return key_init(k, hwc_dispatch_aes(), key, key_len);
}

hwc_status hwc_aes_key_init_with(hwc_aes_key *k, const char *backend, const uint8_t *key,
                                 size_t key_len) {
  return key_init(k, hwc_dispatch_aes_named(backend), key, key_len);
}

void hwc_aes_key_wipe(hwc_aes_key *k) {
  if (k) hwc_wipe(k, sizeof(*k));
}

const char *hwc_aes_key_backend(const hwc_aes_key *k) {
  return (k && k->magic == HWC_AES_KEY_MAGIC && k->impl) ? k->impl->name : NULL;
}

size_t hwc_aes_key_bytes(const hwc_aes_key *k) {
  return (k && k->magic == HWC_AES_KEY_MAGIC) ? k->key_bytes : 0;
}
