/*
 * fuzz_ctr.c - libFuzzer target: AES-CTR of every AES backend on this CPU
 * against soft, with counters near the 2^32, 2^64 and 2^128 wraps.
 *
 * hwc_ctr_xor increments the whole 16-byte block as one big-endian 128-bit
 * integer; the kernels only know 32-bit counters (hwcrypt_impl.h), so
 * native/modes/ctr.c cuts a call where the low word wraps and carries into
 * the upper 96 bits itself. The interesting inputs are therefore counters
 * a few blocks below a wrap of the low 32, the low 64 or all 128 bits,
 * which uniform random counters never produce: the header picks the wrap
 * and the distance to it.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    bits 0..1 counter kind: 0 = the 16 payload bytes as they are;
 *          1 = low 32 bits = 2^32 - 1 - d; 2 = low 64 bits = 2^64 - 1 - d;
 *          3 = 2^128 - 1 - d (upper bytes all 0xff); bit 2 in place
 *   [2]    d: the low word(s) wrap after block d (the call's block d + 1
 *          uses the wrapped counter)
 *   [3]    number of split points n = 1 + (b & 7), then n bytes s_i:
 *          the split run makes calls of (s_i mod 32) blocks, cycling
 *          through the s_i, the last call takes the rest
 *   then   key (zero-padded), the 16 counter bytes (kinds 1..3 overwrite
 *          the low part), and the rest of the input is the data.
 *
 * Checks, for every backend b (soft included):
 *   ctr_b(one call) == ctr_soft(one call);
 *   the split run, each call's counter advanced here by its block count
 *   with a 128-bit add, equals the one call;
 *   the blocks on both sides of the wrap (d and d + 1), each encrypted by
 *   a one-block call with its counter computed here, equal the one call.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

/* c += n as a 128-bit big-endian integer, modulo 2^128. */
static void ctr_add(uint8_t c[16], uint64_t n) {
  for (int i = 15; i >= 0 && n; i--) {
    uint64_t v = (uint64_t)c[i] + (n & 0xff);
    c[i] = (uint8_t)v;
    n = (n >> 8) + (v >> 8);
  }
}

static void store_be(uint8_t *p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const kinds[4] = {"as given", "near 2^32", "near 2^64", "near 2^128"};
  fz_aes_setup(&g_aes, "ctr");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t kb = fz_u8(&r);
  const int kind = kb & 3, in_place = (kb >> 2) & 1;
  const uint64_t d = fz_u8(&r);
  fz_splits sp;
  fz_splits_read(&r, &sp);

  uint8_t key[32], ctr[16];
  fz_bytes(&r, key, key_len);
  fz_bytes(&r, ctr, 16);
  switch (kind) {
    case 1: store_be(ctr + 12, 0xffffffffULL - d, 4); break;
    case 2: store_be(ctr + 8, ~(uint64_t)0 - d, 8); break;
    case 3:
      memset(ctr, 0xff, 8);
      store_be(ctr + 8, ~(uint64_t)0 - d, 8);
      break;
    default: break;
  }
  size_t len;
  uint8_t *in = fz_take(&r, r.left, &len);
  const size_t nblocks = (len + 15) / 16;
  uint8_t *ref = fz_alloc(len, 0), *out = fz_alloc(len, 0), *split = fz_alloc(len, 0);
  hwc_status st;

  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_ctr_xor(ks, ctr, in, ref, len);
  FZ_CHECK(st == HWC_OK, "soft ctr returned %d", (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
#define CASE_FMT "%s: key %zu B, counter %s (%s, d %llu), len %zu: "
#define CASE_ARGS b, key_len, fz_hex(ctr, 16), kinds[kind], (unsigned long long)d, len

    if (in_place) {
      if (len) memcpy(out, in, len);
      st = hwc_ctr_xor(k, ctr, out, out, len);
    } else {
      memset(out, 0xa5, len ? len : 1);
      st = hwc_ctr_xor(k, ctr, in, out, len);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "ctr returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(out, ref, len), CASE_FMT "output %s, soft %s", CASE_ARGS, fz_hex(out, len),
             fz_hex(ref, len));

    /* the same stream in several calls */
    uint8_t c2[16];
    memcpy(c2, ctr, 16);
    size_t off = 0;
    int calls = 0;
    while (off < len) {
      size_t n = calls >= 64 ? len - off : 16 * (size_t)(sp.s[calls % sp.n] % 32);
      if (n > len - off) n = len - off;
      st = hwc_ctr_xor(k, c2, in + off, split + off, n);
      FZ_CHECK(st == HWC_OK, CASE_FMT "split call %d returned %d", CASE_ARGS, calls, (int)st);
      ctr_add(c2, n / 16);
      off += n;
      calls++;
    }
    FZ_CHECK(fz_eq(split, ref, len), CASE_FMT "%d calls give %s, one call %s", CASE_ARGS, calls,
             fz_hex(split, len), fz_hex(ref, len));

    /* the last block before the wrap and the first after it, on their own */
    for (uint64_t j = d; j <= d + 1 && j < nblocks; j++) {
      uint8_t blk[16], cj[16];
      size_t n = len - 16 * (size_t)j < 16 ? len - 16 * (size_t)j : 16;
      memcpy(cj, ctr, 16);
      ctr_add(cj, j);
      st = hwc_ctr_xor(k, cj, in + 16 * j, blk, n);
      FZ_CHECK(st == HWC_OK && fz_eq(blk, ref + 16 * j, n),
               CASE_FMT "block %llu alone (counter %s) differs from the one call (status %d)",
               CASE_ARGS, (unsigned long long)j, fz_hex(cj, 16), (int)st);
    }
#undef CASE_FMT
#undef CASE_ARGS
  }

  free(in), free(ref), free(out), free(split);
  return 0;
}
