/*
 * hash.c - SHA-1 / SHA-2 framing (FIPS 180-4) over a backend's compression
 * function: initial values, buffering, padding, length encoding, output.
 *
 * A context records the compression table of its family that was selected
 * (or named) at init; it is never used with another one. Streaming update
 * tops up a partial block first and then hands every whole block of the
 * caller's buffer to the kernel in one call, so long inputs are hashed in
 * place without copying. Only the tail (< one block) is buffered.
 *
 * Padding (5.1): append 0x80, zeros, and the message length in bits as a
 * 64-bit (SHA-1/224/256) or 128-bit (SHA-384/512/512t) big-endian integer,
 * so that the total is a multiple of the block.
 *
 * The context stores the byte count as 128 bits (total_hi:total_lo); the bit
 * count is that shifted left by 3. For the 64-byte-block hashes only the low
 * 64 bits of the bit count are encoded (FIPS limits those messages to less
 * than 2^64 bits anyway).
 *
 * Wiping: final and wipe clear the whole context (state, buffered input)
 * and mark it unusable (alg = HWC_HASH_COUNT, impl = NULL); later calls
 * return HWC_ERR_STATE.
 */
#include "hwcrypt_impl.h"

typedef struct alg_info {
  uint8_t digest_len;
  uint8_t block_len;
  uint8_t family; /* hwc_family */
  uint8_t words;  /* state words written out (32- or 64-bit) */
} alg_info;

static const alg_info k_info[HWC_HASH_COUNT] = {
    {20, 64, HWC_FAMILY_SHA1, 5},    /* SHA-1 */
    {28, 64, HWC_FAMILY_SHA256, 7},  /* SHA-224 */
    {32, 64, HWC_FAMILY_SHA256, 8},  /* SHA-256 */
    {48, 128, HWC_FAMILY_SHA512, 6}, /* SHA-384 */
    {64, 128, HWC_FAMILY_SHA512, 8}, /* SHA-512 */
    {32, 128, HWC_FAMILY_SHA512, 4}, /* SHA-512/256 */
};

/* Initial hash values, FIPS 180-4 5.3, per hwc_hash_alg. */
static const hwc_hash_state k_iv[HWC_HASH_COUNT] = {
    {.s32 = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}}, /* SHA-1 */
    {.s32 = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7,
             0xbefa4fa4}}, /* SHA-224 */
    {.s32 = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
             0x5be0cd19}}, /* SHA-256 */
    {.s64 = {0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
             0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
             0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL}}, /* SHA-384 */
    {.s64 = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
             0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
             0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL}}, /* SHA-512 */
    {.s64 = {0x22312194fc2bf72cULL, 0x9f555fa3c84c64c2ULL, 0x2393b86b6f53b151ULL,
             0x963877195940eabdULL, 0x96283ee2a88effe3ULL, 0xbe5e1e2553863992ULL,
             0x2b0199fc2c85b8aaULL, 0x0eb72ddc81c52ca2ULL}}, /* SHA-512/256 */
};

static int alg_ok(hwc_hash_alg alg) { return (unsigned)alg < HWC_HASH_COUNT; }

size_t hwc_hash_digest_len(hwc_hash_alg alg) { return alg_ok(alg) ? k_info[alg].digest_len : 0; }
size_t hwc_hash_block_len(hwc_hash_alg alg) { return alg_ok(alg) ? k_info[alg].block_len : 0; }
hwc_family hwc_hash_family(hwc_hash_alg alg) {
  /* HWC_FAMILY_COUNT for an unknown algorithm. */
  return alg_ok(alg) ? (hwc_family)k_info[alg].family : HWC_FAMILY_COUNT;
}

/* One indirect call for n whole blocks; the table belongs to the context's
 * family (checked in init_impl), so the state is the one it expects. */
HWC_INLINE void compress(hwc_hash_ctx *c, const uint8_t *data, size_t n) {
  c->impl->compress(&c->state, data, n);
}

static hwc_status init_impl(hwc_hash_ctx *c, hwc_hash_alg alg, const hwc_hash_impl *impl) {
  if (!c || !alg_ok(alg)) return HWC_ERR_ARG;
  if (!impl || impl->family != (hwc_family)k_info[alg].family) return HWC_ERR_UNAVAILABLE;
  c->state = k_iv[alg];
  c->total_lo = 0;
  c->total_hi = 0;
  c->buf_len = 0;
  c->alg = (uint32_t)alg;
  c->impl = impl;
  return HWC_OK;
}

hwc_status hwc_hash_init(hwc_hash_ctx *c, hwc_hash_alg alg) {
  if (!alg_ok(alg)) return HWC_ERR_ARG;
  return init_impl(c, alg, hwc_dispatch_hash((hwc_family)k_info[alg].family));
}

hwc_status hwc_hash_init_with(hwc_hash_ctx *c, hwc_hash_alg alg, const char *backend) {
  if (!alg_ok(alg)) return HWC_ERR_ARG;
  return init_impl(c, alg, hwc_dispatch_hash_named((hwc_family)k_info[alg].family, backend));
}

static int ctx_ok(const hwc_hash_ctx *c) { return c->alg < HWC_HASH_COUNT && c->impl; }

hwc_status hwc_hash_update(hwc_hash_ctx *c, const uint8_t *data, size_t len) {
  if (!c) return HWC_ERR_ARG;
  if (!ctx_ok(c)) return HWC_ERR_STATE;
  if (!len) return HWC_OK;
  if (!data) return HWC_ERR_ARG;
  const size_t bl = k_info[c->alg].block_len;

  uint64_t lo = c->total_lo + (uint64_t)len;
  c->total_hi += (lo < c->total_lo);
  c->total_lo = lo;

  if (c->buf_len) {
    size_t take = bl - c->buf_len;
    if (take > len) take = len;
    memcpy(c->buf + c->buf_len, data, take);
    c->buf_len += (uint32_t)take;
    data += take;
    len -= take;
    if (c->buf_len < bl) return HWC_OK;
    compress(c, c->buf, 1);
    c->buf_len = 0;
  }
  if (len >= bl) {
    size_t n = len / bl;
    compress(c, data, n);
    data += n * bl;
    len -= n * bl;
  }
  if (len) {
    memcpy(c->buf, data, len);
    c->buf_len = (uint32_t)len;
  }
  return HWC_OK;
}

/* Writes the first `words` state words big-endian; SHA-224 and SHA-384
 * truncate at a word boundary, SHA-512/256 likewise (4 x 64 bits). */
static void write_digest(hwc_hash_alg alg, const hwc_hash_state *st, uint8_t *out) {
  const alg_info *ai = &k_info[alg];
  if (ai->family == HWC_FAMILY_SHA512) {
    for (unsigned i = 0; i < ai->words; i++) hwc_store_be64(out + 8 * i, st->s64[i]);
  } else {
    for (unsigned i = 0; i < ai->words; i++) hwc_store_be32(out + 4 * i, st->s32[i]);
  }
}

/* Pads the buffered tail in place (buf has room for one block; a second
 * block is assembled in pad2 when the length field does not fit). */
hwc_status hwc_hash_final(hwc_hash_ctx *c, uint8_t *out) {
  if (!c) return HWC_ERR_ARG;
  if (!ctx_ok(c)) return HWC_ERR_STATE;
  if (!out) return HWC_ERR_ARG;
  const size_t bl = k_info[c->alg].block_len;
  const size_t lf = bl / 8; /* length field: 8 or 16 bytes */
  size_t n = c->buf_len;
  uint64_t bits_lo = c->total_lo << 3;
  uint64_t bits_hi = (c->total_hi << 3) | (c->total_lo >> 61);

  c->buf[n++] = 0x80;
  if (n > bl - lf) {
    memset(c->buf + n, 0, bl - n);
    compress(c, c->buf, 1);
    n = 0;
  }
  memset(c->buf + n, 0, bl - 8 - n);
  if (lf == 16) hwc_store_be64(c->buf + bl - 16, bits_hi);
  hwc_store_be64(c->buf + bl - 8, bits_lo);
  compress(c, c->buf, 1);
  write_digest((hwc_hash_alg)c->alg, &c->state, out);
  hwc_hash_wipe(c);
  return HWC_OK;
}

/* One-shot: the state lives on the stack, whole blocks are compressed
 * straight from data, and only the padded tail (one or two blocks) is
 * assembled locally. No context is built or wiped. */
hwc_status hwc_hash(hwc_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out) {
  if (!alg_ok(alg) || !out || (!data && len)) return HWC_ERR_ARG;
  const alg_info *ai = &k_info[alg];
  const hwc_hash_impl *impl = hwc_dispatch_hash((hwc_family)ai->family);
  if (!impl) return HWC_ERR_UNAVAILABLE;
  const size_t bl = ai->block_len;
  const size_t lf = bl / 8;
  const size_t whole = len / bl, rest = len % bl;
  const size_t tail_len = (rest + 1 + lf > bl) ? 2 * bl : bl;
  uint8_t tail[2 * HWC_HASH_MAX_BLOCK];
  uint64_t bits_lo = (uint64_t)len << 3;
  uint64_t bits_hi = (uint64_t)len >> 61;

  if (rest) memcpy(tail, data + whole * bl, rest); /* data may be NULL when len == 0 */
  tail[rest] = 0x80;
  memset(tail + rest + 1, 0, tail_len - 8 - rest - 1);
  if (lf == 16) hwc_store_be64(tail + tail_len - 16, bits_hi);
  hwc_store_be64(tail + tail_len - 8, bits_lo);

  hwc_hash_state st = k_iv[alg];
  if (whole) impl->compress(&st, data, whole);
  impl->compress(&st, tail, tail_len / bl);
  write_digest(alg, &st, out);
  hwc_wipe(&st, sizeof(st));
  hwc_wipe(tail, tail_len);
  return HWC_OK;
}

hwc_status hwc_hash_in_place(hwc_hash_alg alg, uint8_t *buf, size_t len, size_t cap, uint8_t *out) {
  if (!alg_ok(alg) || !buf || !out) return HWC_ERR_ARG;
  const alg_info *ai = &k_info[alg];
  const size_t bl = ai->block_len;
  const size_t lf = bl / 8;
  if (len > cap || cap - len < 1 + lf) return HWC_ERR_ARG;
  const size_t padded = (len + 1 + lf + bl - 1) / bl * bl;
  if (padded > cap) return HWC_ERR_ARG;
  const hwc_hash_impl *impl = hwc_dispatch_hash((hwc_family)ai->family);
  if (!impl) return HWC_ERR_UNAVAILABLE;
  buf[len] = 0x80;
  memset(buf + len + 1, 0, padded - 8 - len - 1);
  if (lf == 16) hwc_store_be64(buf + padded - 16, (uint64_t)len >> 61);
  hwc_store_be64(buf + padded - 8, (uint64_t)len << 3);
  hwc_hash_state st = k_iv[alg];
  impl->compress(&st, buf, padded / bl);
  write_digest(alg, &st, out);
  hwc_wipe(&st, sizeof(st));
  return HWC_OK;
}

const char *hwc_hash_backend(const hwc_hash_ctx *c) {
  return (c && ctx_ok(c)) ? c->impl->name : NULL;
}

void hwc_hash_wipe(hwc_hash_ctx *c) {
  if (!c) return;
  hwc_wipe(c, sizeof(*c));
  c->alg = HWC_HASH_COUNT;
  c->impl = NULL;
}
