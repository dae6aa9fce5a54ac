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
#include "hwcrypt_ct.h"

/* backend NULL: the one selected for the family on this thread. */
static hwc_status hmac_init(hwc_hmac_ctx *c, hwc_hash_alg alg, const char *backend, const uint8_t *key,
                            size_t key_len) {
  if (!c) return HWC_ERR_ARG;
  if (!key && key_len) return HWC_ERR_ARG;
  hwc_status st = backend ? hwc_hash_init_with(&c->inner, alg, backend) : hwc_hash_init(&c->inner, alg);
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

hwc_status hwc_hmac_init(hwc_hmac_ctx *c, hwc_hash_alg alg, const uint8_t *key, size_t key_len) {
  return hmac_init(c, alg, NULL, key, key_len);
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

/* ---- key states (hwc_hmac_key) --------------------------------------------
 *
 * A key is the context hwc_hmac_init leaves: inner and outer hashes with
 * one block each (K0 ^ ipad, K0 ^ opad) absorbed and nothing buffered. A MAC
 * copies it to the stack, absorbs the message and finishes as
 * hwc_hmac_final does, then wipes the copy: two compressions fewer per
 * message than keying from scratch, and the key itself is never written,
 * so any number of threads may MAC under one key at once. */

/* Live: both contexts initialised, nothing buffered (as hwc_hmac_init leaves them). */
static int key_live(const hwc_hmac_key *k) {
  return k->pads.inner.alg < HWC_HASH_COUNT && k->pads.outer.alg == k->pads.inner.alg &&
         hwc_hash_backend(&k->pads.inner) && hwc_hash_backend(&k->pads.outer) && k->pads.inner.buf_len == 0 &&
         k->pads.outer.buf_len == 0;
}

hwc_status hwc_hmac_key_init(hwc_hmac_key *k, hwc_hash_alg alg, const char *backend, const uint8_t *key,
                             size_t key_len) {
  if (!k) return HWC_ERR_ARG;
  hwc_status st = hmac_init(&k->pads, alg, backend, key, key_len);
  if (st != HWC_OK) hwc_hmac_wipe(&k->pads);
  return st;
}

/* H(m || data), where start is a context that has absorbed m, whole blocks
 * only (nothing buffered): hwc_hash's one-shot framing from a mid-stream
 * state. The state is copied to the stack, whole blocks of data are
 * compressed in place, the padded tail (one or two blocks) is assembled
 * locally; the length field counts m too. Both locals are wiped. Skipping
 * the copy of whole contexts (and their wipes) that update/final would
 * need is what makes a short MAC cost little more than its compressions. */
static void finish_from(const hwc_hash_ctx *start, const uint8_t *data, size_t len, uint8_t *out) {
  const hwc_hash_alg alg = (hwc_hash_alg)start->alg;
  const size_t bl = hwc_hash_block_len(alg), dl = hwc_hash_digest_len(alg);
  const size_t lf = bl / 8; /* length field: 8 or 16 bytes */
  const size_t whole = len / bl, rest = len % bl;
  const size_t tail_len = (rest + 1 + lf > bl) ? 2 * bl : bl;
  const uint64_t lo = start->total_lo + (uint64_t)len;
  const uint64_t hi = start->total_hi + (lo < start->total_lo);
  uint8_t tail[2 * HWC_HASH_MAX_BLOCK];
  hwc_hash_state st = start->state;

  if (rest) memcpy(tail, data + whole * bl, rest);
  tail[rest] = 0x80;
  memset(tail + rest + 1, 0, tail_len - 8 - rest - 1);
  if (lf == 16) hwc_store_be64(tail + tail_len - 16, (hi << 3) | (lo >> 61));
  hwc_store_be64(tail + tail_len - 8, lo << 3);
  if (whole) start->impl->compress(&st, data, whole);
  start->impl->compress(&st, tail, tail_len / bl);
  if (hwc_hash_family(alg) == HWC_FAMILY_SHA512) {
    for (size_t i = 0; i < dl / 8; i++) hwc_store_be64(out + 8 * i, st.s64[i]);
  } else {
    for (size_t i = 0; i < dl / 4; i++) hwc_store_be32(out + 4 * i, st.s32[i]);
  }
  hwc_wipe(&st, sizeof(st));
  hwc_wipe(tail, tail_len);
}

hwc_status hwc_hmac_key_mac(const hwc_hmac_key *k, const uint8_t *data, size_t len, uint8_t *out) {
  if (!k || !out || (!data && len)) return HWC_ERR_ARG;
  if (!key_live(k)) return HWC_ERR_STATE;
  uint8_t ih[HWC_HASH_MAX_DIGEST];
  finish_from(&k->pads.inner, data, len, ih); /* data is read before out is written */
  finish_from(&k->pads.outer, ih, hwc_hash_digest_len((hwc_hash_alg)k->pads.inner.alg), out);
  hwc_wipe(ih, sizeof(ih));
  return HWC_OK;
}

hwc_status hwc_hmac_key_verify(const hwc_hmac_key *k, const uint8_t *data, size_t len, const uint8_t *tag,
                               size_t tag_len) {
  if (!k || (!tag && tag_len) || (!data && len)) return HWC_ERR_ARG;
  if (!key_live(k)) return HWC_ERR_STATE;
  const size_t dl = hwc_hash_digest_len((hwc_hash_alg)k->pads.inner.alg);
  if (tag_len != dl) return HWC_ERR_AUTH; /* public: no compare of a truncated or long tag */
  uint8_t m[HWC_HASH_MAX_DIGEST];
  hwc_status st = hwc_hmac_key_mac(k, data, len, m);
  int ok = hwc_ct_equal(m, tag, dl);
  /* The verdict is the one bit the caller is told: public from here on
   * (the compare itself read every byte without a branch). */
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  if (st == HWC_OK && !ok) st = HWC_ERR_AUTH;
  hwc_wipe(m, sizeof(m));
  return st;
}

hwc_status hwc_hmac_key_mac_many(const hwc_hmac_key *k, const uint8_t *const *msgs, const size_t *lens, size_t n,
                                 uint8_t *out) {
  if (!k) return HWC_ERR_ARG;
  if (!key_live(k)) return HWC_ERR_STATE;
  if (n && (!msgs || !lens || !out)) return HWC_ERR_ARG;
  const size_t dl = hwc_hash_digest_len((hwc_hash_alg)k->pads.inner.alg);
  for (size_t i = 0; i < n; i++) {
    if (!msgs[i] && lens[i]) return HWC_ERR_ARG;
  }
  for (size_t i = 0; i < n; i++) {
    static const uint8_t empty[1] = {0};
    hwc_status st = hwc_hmac_key_mac(k, msgs[i] ? msgs[i] : empty, lens[i], out + i * dl);
    if (st != HWC_OK) return st;
  }
  return HWC_OK;
}

hwc_status hwc_hmac_key_start(const hwc_hmac_key *k, hwc_hmac_ctx *c) {
  if (!k || !c) return HWC_ERR_ARG;
  if (!key_live(k)) return HWC_ERR_STATE;
  *c = k->pads;
  return HWC_OK;
}

size_t hwc_hmac_key_digest_len(const hwc_hmac_key *k) {
  return k && key_live(k) ? hwc_hash_digest_len((hwc_hash_alg)k->pads.inner.alg) : 0;
}

const char *hwc_hmac_key_backend(const hwc_hmac_key *k) { return k && key_live(k) ? hwc_hash_backend(&k->pads.inner) : NULL; }

void hwc_hmac_key_wipe(hwc_hmac_key *k) {
  if (k) hwc_hmac_wipe(&k->pads);
}
