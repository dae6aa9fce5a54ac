/*
 * aes_key.c - AES key objects: validation, backend binding, sizing, wiping.
 *
 * A key object is the header of struct hwc_aes_key followed by the state
 * of the backend that expands it, sized to that backend
 * (hwc_aes_key_size_with); hwc_aes_key_size() is the bound for every
 * backend, for callers that do not want to choose first.
 */
#include "hwcrypt_impl.h"

static size_t round64(size_t n) { return (n + 63) & ~(size_t)63; }

size_t hwc_aes_key_size(void) { return sizeof(hwc_aes_key) + HWC_AES_BACKEND_BYTES; }
size_t hwc_aes_key_align(void) { return 64; }

static const hwc_aes_impl *pick(const char *backend) {
  return backend ? hwc_dispatch_aes_named(backend) : hwc_dispatch_aes();
}

size_t hwc_aes_key_size_with(const char *backend) {
  const hwc_aes_impl *impl = pick(backend);
  return impl ? sizeof(hwc_aes_key) + round64(impl->state_size) : 0;
}

static hwc_status key_init(hwc_aes_key *k, const hwc_aes_impl *impl, const uint8_t *key,
                           size_t key_len) {
  if (!k) return HWC_ERR_ARG;
  if (!impl) return HWC_ERR_UNAVAILABLE;
  if (key_len != 16 && key_len != 24 && key_len != 32) return HWC_ERR_ARG;
  hwc_wipe(k, sizeof(hwc_aes_key) + impl->state_size);
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
  return key_init(k, pick(backend), key, key_len);
}

void hwc_aes_key_wipe(hwc_aes_key *k) {
  if (!k) return;
  /* The state size comes from the backend that expanded the key; a key
   * that was never initialised (or already wiped) has only its header. */
  size_t state = (k->magic == HWC_AES_KEY_MAGIC && k->impl) ? k->impl->state_size : 0;
  hwc_wipe(k, sizeof(hwc_aes_key) + state);
}

const char *hwc_aes_key_backend(const hwc_aes_key *k) {
  return (k && k->magic == HWC_AES_KEY_MAGIC && k->impl) ? k->impl->name : NULL;
}

size_t hwc_aes_key_bytes(const hwc_aes_key *k) {
  return (k && k->magic == HWC_AES_KEY_MAGIC) ? k->key_bytes : 0;
}
