/*
 * fuzz_cmac.c - libFuzzer target: AES-CMAC of every AES backend on this CPU
 * against soft (native/modes/cmac.c framing over each backend's cbc_mac
 * chain).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    verify tag length: 4 + (b % 13); bits 4..7 pick the tag bit
 *          flipped for the rejection check
 *   then   key (zero-padded), and the rest of the input is the message
 *          (an exact-size heap copy: ASan sees any read past its end).
 *
 * Checks, for every backend b (soft included):
 *   cmac_b(msg) == cmac_soft(msg), and nothing is written past the tag;
 *   verify_b accepts the first tag_len bytes of the tag and rejects them
 *   with one bit flipped;
 *   the MAC of the message placed at an odd offset is the same (the
 *   kernels load without alignment).
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "cmac");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t tb = fz_u8(&r);
  const size_t tag_len = 4 + (size_t)(tb % 13);
  const size_t flip = (size_t)(tb >> 4) % (tag_len * 8);
  uint8_t key[32];
  fz_bytes(&r, key, key_len);
  size_t len;
  uint8_t *msg = fz_take(&r, r.left, &len);
  uint8_t *odd = (uint8_t *)malloc(len + 1);
  if (!odd) abort();
  if (len) memcpy(odd + 1, msg, len);
  hwc_status st;

  uint8_t ref[16];
  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_cmac(ks, msg, len, ref);
  FZ_CHECK(st == HWC_OK, "soft cmac returned %d", (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
    uint8_t tag[17], bad[16];
    tag[16] = 0x5a;
    st = hwc_cmac(k, msg, len, tag);
    FZ_CHECK(st == HWC_OK && tag[16] == 0x5a, "%s: cmac returned %d or wrote past the tag", b, (int)st);
    FZ_CHECK(fz_eq(tag, ref, 16), "%s: key %zu B, len %zu: tag %s, soft %s", b, key_len, len, fz_hex(tag, 16),
             fz_hex(ref, 16));
    st = hwc_cmac(k, odd + 1, len, tag);
    FZ_CHECK(st == HWC_OK && fz_eq(tag, ref, 16), "%s: len %zu: unaligned message gives another tag", b, len);
    st = hwc_cmac_verify(k, msg, len, ref, tag_len);
    FZ_CHECK(st == HWC_OK, "%s: len %zu: verify of the %zu-byte tag returned %d", b, len, tag_len, (int)st);
    memcpy(bad, ref, 16);
    bad[flip / 8] ^= (uint8_t)(1u << (flip % 8));
    st = hwc_cmac_verify(k, msg, len, bad, tag_len);
    FZ_CHECK(st == HWC_ERR_AUTH, "%s: len %zu: tag with bit %zu flipped: verify returned %d", b, len, flip,
             (int)st);
  }

  free(msg), free(odd);
  return 0;
}
