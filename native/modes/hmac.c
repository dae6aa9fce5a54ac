/*
 * hmac.c - HMAC (RFC 2104, FIPS 198-1) over the hash framing in hash.c.
 *
 *   K0   = H(K) zero-padded to the block   if |K| > block
 *        = K zero-padded to the block      otherwise
 *   HMAC = H((K0 ^ opad) || H((K0 ^ ipad) || text))
 *
 * The inner context is created with the backend currently selected for the
 * hash family; the outer context and the context that hashes a long key are
 * copies of it taken before any data is absorbed, so all three use the same
 * compression table.
 *
 * Constant time with respect to the key: the only branch is on the key
 * length (public); K0 is always a full block and the pads are computed over
 * the whole block with XOR. K0 and the padded blocks are wiped before
 * returning.
 */
#include "hwcrypt_impl.h"

hwc_status hwc_hmac_init(hwc_hmac_ctx *c, hwc_hash_alg alg, const uint8_t *key, size_t key_len) {
  if (!c) return HWC_ERR_ARG;
  if (!key && key_len) return HWC_ERR_ARG;
  hwc_status st = hwc_hash_init(&c->inner, alg);
  if (st != HWC_OK) return st;
  const size_t bl = hwc_hash_block_len(alg);
  uint8_t k0[HWC_HASH_MAX_BLOCK];
  uint8_t pad[HWC_HASH_MAX_BLOCK];

  memset(k0, 0, sizeof(k0));
  if (key_len > bl) {
    hwc_hash_ctx kc = c->inner; /* fresh, same backend */
    hwc_hash_update(&kc, key, key_len);
    hwc_hash_final(&kc, k0); /* wipes kc */
  } else if (key_len) {
    memcpy(k0, key, key_len);
  }

  c->outer = c->inner;
  for (size_t i = 0; i < bl; i++) pad[i] = (uint8_t)(k0[i] ^ 0x36);
  hwc_hash_update(&c->inner, pad, bl);
  for (size_t i = 0; i < bl; i++) pad[i] = (uint8_t)(k0[i] ^ 0x5c);
  hwc_hash_update(&c->outer, pad, bl);

  hwc_wipe(k0, sizeof(k0));
  hwc_wipe(pad, sizeof(pad));
  return HWC_OK;
}

hwc_status hwc_hmac_update(hwc_hmac_ctx *c, const uint8_t *data, size_t len) {
  if (!c) return HWC_ERR_ARG;
  return hwc_hash_update(&c->inner, data, len);
}

hwc_status hwc_hmac_final(hwc_hmac_ctx *c, uint8_t *out) {
  if (!c) return HWC_ERR_ARG;
  if (!hwc_hash_backend(&c->inner) || !hwc_hash_backend(&c->outer)) return HWC_ERR_STATE;
  if (!out) return HWC_ERR_ARG;
  uint8_t ih[HWC_HASH_MAX_DIGEST];
  const size_t dl = hwc_hash_digest_len((hwc_hash_alg)c->inner.alg);
  hwc_hash_final(&c->inner, ih);
  hwc_hash_update(&c->outer, ih, dl);
  hwc_hash_final(&c->outer, out);
  hwc_wipe(ih, sizeof(ih));
  return HWC_OK;
}

hwc_status hwc_hmac(hwc_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                    size_t len, uint8_t *out) {
  if (!out || (!data && len)) return HWC_ERR_ARG;
  hwc_hmac_ctx c;
  hwc_status st = hwc_hmac_init(&c, alg, key, key_len);
  if (st == HWC_OK) st = hwc_hmac_update(&c, data, len);
  if (st == HWC_OK) st = hwc_hmac_final(&c, out);
  hwc_hmac_wipe(&c);
  return st;
}

void hwc_hmac_wipe(hwc_hmac_ctx *c) {
  if (!c) return;
  hwc_hash_wipe(&c->inner);
  hwc_hash_wipe(&c->outer);
}
