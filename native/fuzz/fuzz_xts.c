/*
 * fuzz_xts.c - libFuzzer target: AES-XTS of every AES backend on this CPU
 * against soft (the xts kernels' tweak sequence over their vector widths,
 * and ciphertext stealing framed over them).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 32, 48 or 64 ((b & 0x7f) % 3); bit 7 makes the two
 *          halves identical (the key must then be refused, as when a short
 *          input leaves both zero)
 *   [1]    flags: bit 0 encrypt in place, bit 1 decrypt in place
 *   then   key (zero-padded), tweak (16 bytes), and the rest of the input
 *          is the data unit (an exact-size heap copy).
 *
 * Checks, for every backend b (soft included):
 *   a key with identical halves is refused (HWC_ERR_ARG);
 *   a data unit below 16 bytes is refused with nothing written;
 *   otherwise encrypt_b == encrypt_soft and decrypt_b(encrypt) == data.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;
static hwc_aes_key *g_k2[FZ_MAX_BACKENDS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "xts");
  for (int i = 0; i < g_aes.n; i++)
    if (!g_k2[i]) g_k2[i] = fz_aes_key_new();
  fz_reader r;
  fz_init(&r, data, size);
  const uint8_t kb = fz_u8(&r);
  const size_t key_len = 32 + 16 * (size_t)((kb & 0x7f) % 3);
  const uint8_t flags = fz_u8(&r);
  uint8_t key[64], tweak[16];
  fz_bytes(&r, key, key_len);
  if (kb >> 7) memcpy(key + key_len / 2, key, key_len / 2);
  /* also when a short input left both halves zero */
  const int same = memcmp(key, key + key_len / 2, key_len / 2) == 0;
  fz_bytes(&r, tweak, 16);
  size_t len;
  uint8_t *pt = fz_take(&r, r.left, &len);
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0x5a), *back = fz_alloc(len, 0);
  hwc_status st;

  const int si = g_aes.soft;
  st = hwc_xts_key_init(g_aes.keys[si], g_k2[si], "soft", key, key_len);
  if (same) {
    FZ_CHECK(st == HWC_ERR_ARG, "soft: key with identical halves gave %d", (int)st);
  } else {
    FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
    st = hwc_xts_encrypt(g_aes.keys[si], g_k2[si], tweak, pt, ref, len);
    FZ_CHECK(len < 16 ? st == HWC_ERR_ARG : st == HWC_OK, "soft: len %zu: encrypt returned %d", len, (int)st);
  }

  for (int i = 0; i < g_aes.n && !same; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k1 = g_aes.keys[i], *k2 = g_k2[i];
    st = hwc_xts_key_init(k1, k2, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
    if (len < 16) {
      memset(ct, 0x5a, len ? len : 1);
      st = hwc_xts_encrypt(k1, k2, tweak, pt, ct, len);
      hwc_status st2 = hwc_xts_decrypt(k1, k2, tweak, pt, ct, len);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, "%s: len %zu: %d, %d", b, len, (int)st, (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, "%s: refused length %zu wrote output", b, len);
      continue;
    }
    if (flags & 1) {
      memcpy(ct, pt, len);
      st = hwc_xts_encrypt(k1, k2, tweak, ct, ct, len);
    } else {
      st = hwc_xts_encrypt(k1, k2, tweak, pt, ct, len);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(ct, ref, len), "%s: key %zu B, len %zu: encrypt %d: %s, soft %s", b, key_len, len,
             (int)st, fz_hex(ct, len), fz_hex(ref, len));
    if (flags & 2) {
      memcpy(back, ct, len);
      st = hwc_xts_decrypt(k1, k2, tweak, back, back, len);
    } else {
      st = hwc_xts_decrypt(k1, k2, tweak, ct, back, len);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(back, pt, len), "%s: key %zu B, len %zu: decrypt %d gave %s", b, key_len, len,
             (int)st, fz_hex(back, len));
  }
  if (same)
    for (int i = 0; i < g_aes.n; i++) {
      st = hwc_xts_key_init(g_aes.keys[i], g_k2[i], g_aes.names[i], key, key_len);
      FZ_CHECK(st == HWC_ERR_ARG, "%s: key with identical halves gave %d", g_aes.names[i], (int)st);
    }
  free(pt), free(ref), free(ct), free(back);
  return 0;
}
