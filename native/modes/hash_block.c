/*
 * hash_block.c - the one place the KDF code (kdf.c) reaches below the
 * public hash API: compress whole blocks into a context's chaining state
 * with the context's own backend, leaving its byte count and buffer alone.
 *
 * PBKDF2 hashes the same 64- or 128-byte block shape millions of times
 * (one precomputed HMAC pad state, one block holding U and its fixed
 * padding); going through hwc_hash_update/final would copy, pad and wipe a
 * whole context per compression. Everything else in kdf.c uses hwcrypt.h.
 * If the backend tables change shape (hwcrypt_impl.h), only this function
 * follows them.
 */
#include "hwcrypt_impl.h"

void hwc_hash_ctx_compress(hwc_hash_ctx *c, const uint8_t *blocks, size_t n) {
  c->impl->compress(&c->state, blocks, n);
}
