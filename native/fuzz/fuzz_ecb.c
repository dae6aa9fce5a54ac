/*
 * fuzz_ecb.c - libFuzzer target: AES-ECB of every AES backend on this CPU
 * against soft (the backends' ecb kernels: full-width vector loops, their
 * tails, and the inverse cipher's round keys).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    flags: bit 0 encrypt in place, bit 1 decrypt in place
 *   then   key (zero-padded), and the rest of the input is the data,
 *          truncated to whole blocks (an exact-size heap copy).
 *
 * Checks, for every backend b (soft included):
 *   encrypt_b == encrypt_soft; decrypt_b(encrypt) == the data; a length
 *   that is not whole blocks (the untruncated input, when it has a
 *   partial block) is refused with HWC_ERR_ARG and nothing is written.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "ecb");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t flags = fz_u8(&r);
  uint8_t key[32];
  fz_bytes(&r, key, key_len);
  const size_t raw = r.left;
  size_t len;
  uint8_t *pt = fz_take(&r, raw - raw % 16, &len);
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0), *back = fz_alloc(len, 0);
  uint8_t *odd = fz_alloc(raw, 0x5a);
  hwc_status st;

  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_ecb_encrypt(ks, pt, ref, len);
  FZ_CHECK(st == HWC_OK, "soft encrypt returned %d", (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
    if (flags & 1) {
      if (len) memcpy(ct, pt, len);
      st = hwc_ecb_encrypt(k, ct, ct, len);
    } else {
      st = hwc_ecb_encrypt(k, pt, ct, len);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(ct, ref, len), "%s: key %zu B, len %zu: encrypt %d, %s, soft %s", b, key_len,
             len, (int)st, fz_hex(ct, len), fz_hex(ref, len));
    if (flags & 2) {
      if (len) memcpy(back, ct, len);
      st = hwc_ecb_decrypt(k, back, back, len);
    } else {
      st = hwc_ecb_decrypt(k, ct, back, len);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(back, pt, len), "%s: key %zu B, len %zu: decrypt %d gave %s", b, key_len, len,
             (int)st, fz_hex(back, len));
    if (raw % 16) {
      uint8_t *in = fz_alloc(raw, 1);
      st = hwc_ecb_encrypt(k, in, odd, raw);
      hwc_status st2 = hwc_ecb_decrypt(k, in, odd, raw);
      free(in);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, "%s: length %zu: %d, %d", b, raw, (int)st, (int)st2);
      for (size_t j = 0; j < raw; j++) FZ_CHECK(odd[j] == 0x5a, "%s: refused length %zu wrote output", b, raw);
    }
  }
  free(pt), free(ref), free(ct), free(back), free(odd);
  return 0;
}
