/*
 * fuzz_cbc.c - libFuzzer target: AES-CBC, without padding and with
 * PKCS#7, of every AES backend on this CPU against soft (the serial
 * encryption chain, the parallel decryption and its in-place order, the
 * IV returned for the next call, the constant-time padding check).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    flags: bit 0 in place; bits 1..7 the block at which the
 *          unpadded message is split across two calls (mod blocks + 1)
 *   [2]    last-block edit for the padding check: 0 none, else the pad
 *          byte that replaces the last byte of the padded plaintext
 *   then   key, IV (zero-padded), and the rest of the input is the
 *          message (any length; the unpadded test uses its whole blocks).
 *
 * Checks, for every backend b (soft included):
 *   cbc_b == cbc_soft on the whole blocks, decryption inverts, two calls
 *   split at a block (the second IV the last ciphertext block) equal one;
 *   encrypt_pkcs7_b == soft's; decrypt_pkcs7_b returns the message; the
 *   padded plaintext with its last byte replaced by [2] and re-encrypted
 *   without padding decrypts (pkcs7) to what the padding rule says: valid
 *   padding -> HWC_OK with the length it implies, else HWC_ERR_DECRYPT
 *   with every output byte zero.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

/* PKCS#7 reference: the pad length of a padded buffer, or 0 if invalid. */
static size_t pad_ok(const uint8_t *p, size_t n) {
  if (n == 0 || n % 16) return 0;
  size_t v = p[n - 1];
  if (v == 0 || v > 16) return 0;
  for (size_t i = n - v; i < n; i++)
    if (p[i] != v) return 0;
  return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "cbc");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t flags = fz_u8(&r), edit = fz_u8(&r);
  const int in_place = flags & 1;
  uint8_t key[32], iv[16], iv2[16];
  fz_bytes(&r, key, key_len);
  fz_bytes(&r, iv, 16);
  size_t len;
  uint8_t *msg = fz_take(&r, r.left, &len);
  const size_t whole = len - len % 16, n = hwc_cbc_pkcs7_len(len);
  const size_t cut = 16 * ((size_t)(flags >> 1) % (whole / 16 + 1));
  uint8_t *ref = fz_alloc(n, 0), *ref_p = fz_alloc(n, 0), *ct = fz_alloc(n, 0), *back = fz_alloc(n, 0);
  uint8_t *padded = fz_alloc(n, 0), *ct2 = fz_alloc(n, 0);
  size_t out_len;
  hwc_status st;

  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_cbc_encrypt(ks, iv, msg, ref, whole);
  FZ_CHECK(st == HWC_OK, "soft encrypt returned %d", (int)st);
  st = hwc_cbc_encrypt_pkcs7(ks, iv, msg, len, ref_p);
  FZ_CHECK(st == HWC_OK, "soft pkcs7 encrypt returned %d", (int)st);
  /* the padded plaintext with the edit, re-encrypted without padding */
  st = hwc_cbc_decrypt(ks, iv, ref_p, padded, n);
  FZ_CHECK(st == HWC_OK && pad_ok(padded, n) == n - len, "soft: padding of %zu bytes is wrong", len);
  if (edit) padded[n - 1] = edit;
  const size_t want_pad = pad_ok(padded, n);
  st = hwc_cbc_encrypt(ks, iv, padded, ct2, n);
  FZ_CHECK(st == HWC_OK, "soft raw encrypt returned %d", (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
#define CASE_FMT "%s: key %zu B, len %zu: "
#define CASE_ARGS b, key_len, len
    /* unpadded, whole blocks */
    if (in_place) {
      if (whole) memcpy(ct, msg, whole);
      st = hwc_cbc_encrypt(k, iv, ct, ct, whole);
    } else {
      st = hwc_cbc_encrypt(k, iv, msg, ct, whole);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(ct, ref, whole), CASE_FMT "encrypt %d: %s, soft %s", CASE_ARGS, (int)st,
             fz_hex(ct, whole), fz_hex(ref, whole));
    if (in_place) {
      if (whole) memcpy(back, ct, whole);
      st = hwc_cbc_decrypt(k, iv, back, back, whole);
    } else {
      st = hwc_cbc_decrypt(k, iv, ct, back, whole);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(back, msg, whole), CASE_FMT "decrypt %d gave %s", CASE_ARGS, (int)st,
             fz_hex(back, whole));
    memcpy(iv2, cut ? ref + cut - 16 : iv, 16);
    st = hwc_cbc_encrypt(k, iv, msg, ct, cut);
    if (st == HWC_OK) st = hwc_cbc_encrypt(k, iv2, msg + cut, ct + cut, whole - cut);
    FZ_CHECK(st == HWC_OK && fz_eq(ct, ref, whole), CASE_FMT "encryption split at %zu differs", CASE_ARGS, cut);
    st = hwc_cbc_decrypt(k, iv, ref, back, cut);
    if (st == HWC_OK) st = hwc_cbc_decrypt(k, iv2, ref + cut, back + cut, whole - cut);
    FZ_CHECK(st == HWC_OK && fz_eq(back, msg, whole), CASE_FMT "decryption split at %zu differs", CASE_ARGS, cut);

    /* PKCS#7 */
    if (in_place) {
      if (len) memcpy(ct, msg, len);
      st = hwc_cbc_encrypt_pkcs7(k, iv, ct, len, ct);
    } else {
      st = hwc_cbc_encrypt_pkcs7(k, iv, msg, len, ct);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(ct, ref_p, n), CASE_FMT "pkcs7 encrypt %d: %s, soft %s", CASE_ARGS, (int)st,
             fz_hex(ct, n), fz_hex(ref_p, n));
    out_len = 1;
    if (in_place) {
      memcpy(back, ct, n);
      st = hwc_cbc_decrypt_pkcs7(k, iv, back, n, back, &out_len);
    } else {
      st = hwc_cbc_decrypt_pkcs7(k, iv, ct, n, back, &out_len);
    }
    FZ_CHECK(st == HWC_OK && out_len == len && fz_eq(back, msg, len), CASE_FMT "pkcs7 decrypt %d, length %zu",
             CASE_ARGS, (int)st, out_len);
    memset(back, 0xa5, n);
    out_len = 1;
    st = hwc_cbc_decrypt_pkcs7(k, iv, ct2, n, back, &out_len);
    if (want_pad)
      FZ_CHECK(st == HWC_OK && out_len == n - want_pad && fz_eq(back, padded, out_len),
               CASE_FMT "last byte %02x: valid %zu-byte padding gave %d, length %zu", CASE_ARGS, edit, want_pad,
               (int)st, out_len);
    else
      FZ_CHECK(st == HWC_ERR_DECRYPT && out_len == 0 && fz_all_zero(back, n),
               CASE_FMT "last byte %02x: invalid padding gave %d, length %zu, output %s", CASE_ARGS, edit, (int)st,
               out_len, fz_hex(back, n));
#undef CASE_FMT
#undef CASE_ARGS
  }
  free(msg), free(ref), free(ref_p), free(ct), free(back), free(padded), free(ct2);
  return 0;
}
