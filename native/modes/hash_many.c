/*
 * hash_many.c - multi-buffer hashing: many independent messages per call.
 *
 * PLACEHOLDER (to be replaced by the lane scheduler): every message is
 * hashed one after another with the family's single-stream backend.
 */
#include "hwcrypt_impl.h"

const char *hwc_hash_many_default(hwc_family f) { return hwc_backend_current(f); }

int hwc_hash_many_backends(hwc_family f, const char **names, int max) { return hwc_backend_list(f, names, max); }

hwc_status hwc_hash_many(hwc_hash_alg alg, const char *backend, const uint8_t *const *msgs, const size_t *lens,
                         size_t n, uint8_t *out) {
  const size_t dl = hwc_hash_digest_len(alg);
  if (!dl) return HWC_ERR_ARG;
  if (n && (!msgs || !lens || !out)) return HWC_ERR_ARG;
  if (!backend) backend = hwc_hash_many_default(hwc_hash_family(alg));
  for (size_t i = 0; i < n; i++) {
    if (!msgs[i] && lens[i]) return HWC_ERR_ARG;
    hwc_hash_ctx c;
    hwc_status st = hwc_hash_init_with(&c, alg, backend);
    if (st == HWC_OK) st = hwc_hash_update(&c, msgs[i], lens[i]);
    if (st == HWC_OK) st = hwc_hash_final(&c, out + i * dl);
    hwc_hash_wipe(&c);
    if (st != HWC_OK) return st;
  }
  return HWC_OK;
}

hwc_status hwc_sha256_pairs(const char *backend, const uint8_t *in, size_t n, uint8_t *out) {
  if (n && (!in || !out)) return HWC_ERR_ARG;
  for (size_t i = 0; i < n; i++) {
    uint8_t d[32];
    const uint8_t *m = in + 64 * i;
    size_t len = 64;
    hwc_status st = hwc_hash_many(HWC_SHA256, backend, &m, &len, 1, d);
    if (st != HWC_OK) return st;
    memcpy(out + 32 * i, d, 32);
  }
  return HWC_OK;
}
