/*
 * fuzz_gcm.c - libFuzzer target: AES-GCM of every AES backend on this CPU
 * against soft.
 *
 * Why a fuzzer on top of the runner's random differential test: the
 * kernels are full of length-driven branches (gcm_short's 0..8-block
 * variants and its 8 + 8 + 1 path, the 4/8/16-block bulk loops, partial
 * last blocks, masked loads) and coverage guidance walks into the odd
 * combinations of key size x nonce length x AAD length x message length
 * that uniform random lengths rarely hit together. ASan checks that no
 * kernel reads or writes outside the exact-size buffers it is handed.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    nonce length: b & 0x40 ? 12 : 1 + (b & 0x3f)   (1..64, 12 = fast path)
 *   [2]    tag length: {16, 16, 4, 8, 12, 13, 14, 15}[b & 7];
 *          byte of the tag to flip: (b >> 3) % tag length
 *   [3]    flags: bit 0 seal in place, bit 1 open in place, bit 2 pass
 *          NULL for an empty AAD, bits 5..7 the bit of the tag byte to flip
 *   [4,5]  AAD length, little-endian (clamped to what is left)
 *   then   key, nonce (zero-padded if the input is short), AAD, and the
 *          rest of the input is the plaintext.
 *
 * Checks, for every backend b (soft included):
 *   seal_b == seal_soft (ciphertext and tag);
 *   with a 12-byte nonce, the ciphertext == CTR_b from nonce || 00000002;
 *   open_b(seal) returns the plaintext;
 *   open_b with one tag bit flipped returns HWC_ERR_AUTH and leaves the
 *   output all zero.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const size_t tag_lens[8] = {16, 16, 4, 8, 12, 13, 14, 15};
  fz_aes_setup(&g_aes, "gcm");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t nb = fz_u8(&r);
  const size_t nonce_len = (nb & 0x40) ? 12 : 1 + (size_t)(nb & 0x3f);
  const uint8_t tb = fz_u8(&r);
  const size_t tag_len = tag_lens[tb & 7];
  const size_t flip_byte = (size_t)(tb >> 3) % tag_len;
  const uint8_t flags = fz_u8(&r);
  const int seal_in_place = flags & 1, open_in_place = (flags >> 1) & 1;
  const uint8_t flip_mask = (uint8_t)(1u << (flags >> 5));
  const size_t aad_want = fz_u16(&r);

  uint8_t key[32];
  fz_bytes(&r, key, key_len);
  uint8_t *nonce = fz_alloc(nonce_len, 0);
  fz_bytes(&r, nonce, nonce_len);
  size_t aad_len, len;
  uint8_t *aad = fz_take(&r, aad_want, &aad_len);
  uint8_t *pt = fz_take(&r, r.left, &len);
  const uint8_t *aad_arg = (aad_len == 0 && (flags & 4)) ? NULL : aad;

  uint8_t ref_tag[16], tag[16], bad_tag[16];
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0), *back = fz_alloc(len, 0);
  hwc_status st;

  /* the reference */
  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_gcm_seal(ks, nonce, nonce_len, aad_arg, aad_len, pt, len, ref, ref_tag, tag_len);
  FZ_CHECK(st == HWC_OK, "soft seal returned %d", (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);

#define CASE_FMT "%s: key %zu B, nonce %zu B, aad %zu B, len %zu, tag %zu: "
#define CASE_ARGS b, key_len, nonce_len, aad_len, len, tag_len
    /* seal */
    if (seal_in_place) {
      if (len) memcpy(ct, pt, len);
      st = hwc_gcm_seal(k, nonce, nonce_len, aad_arg, aad_len, ct, len, ct, tag, tag_len);
    } else {
      memset(ct, 0xa5, len ? len : 1);
      st = hwc_gcm_seal(k, nonce, nonce_len, aad_arg, aad_len, pt, len, ct, tag, tag_len);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "seal returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(ct, ref, len), CASE_FMT "ciphertext %s, soft %s", CASE_ARGS, fz_hex(ct, len),
             fz_hex(ref, len));
    FZ_CHECK(fz_eq(tag, ref_tag, tag_len), CASE_FMT "tag %s, soft %s", CASE_ARGS,
             fz_hex(tag, tag_len), fz_hex(ref_tag, tag_len));

    /* GCM encryption is CTR from inc32(J0) = nonce || 00000002 (no wrap) */
    if (nonce_len == 12 && len) {
      uint8_t cb[16] = {0};
      memcpy(cb, nonce, 12);
      cb[15] = 2;
      st = hwc_ctr_xor(k, cb, pt, back, len);
      FZ_CHECK(st == HWC_OK && fz_eq(back, ref, len),
               CASE_FMT "ciphertext differs from CTR(nonce || 2) (status %d)", CASE_ARGS, (int)st);
    }

    /* open round trip */
    if (open_in_place) {
      if (len) memcpy(back, ct, len);
      st = hwc_gcm_open(k, nonce, nonce_len, aad_arg, aad_len, back, len, tag, tag_len, back);
    } else {
      memset(back, 0xa5, len ? len : 1);
      st = hwc_gcm_open(k, nonce, nonce_len, aad_arg, aad_len, ct, len, tag, tag_len, back);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "open of own output returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(back, pt, len), CASE_FMT "open gave %s, plaintext %s", CASE_ARGS,
             fz_hex(back, len), fz_hex(pt, len));

    /* a flipped tag bit must fail and leave the output zeroed */
    memcpy(bad_tag, tag, 16);
    bad_tag[flip_byte] ^= flip_mask;
    if (open_in_place) {
      if (len) memcpy(back, ct, len);
      st = hwc_gcm_open(k, nonce, nonce_len, aad_arg, aad_len, back, len, bad_tag, tag_len, back);
    } else {
      memset(back, 0xa5, len ? len : 1);
      st = hwc_gcm_open(k, nonce, nonce_len, aad_arg, aad_len, ct, len, bad_tag, tag_len, back);
    }
    FZ_CHECK(st == HWC_ERR_AUTH, CASE_FMT "open with tag byte %zu ^ 0x%02x returned %d", CASE_ARGS,
             flip_byte, flip_mask, (int)st);
    FZ_CHECK(fz_all_zero(back, len), CASE_FMT "rejected open left output %s", CASE_ARGS,
             fz_hex(back, len));
#undef CASE_FMT
#undef CASE_ARGS
  }

  free(nonce), free(aad), free(pt), free(ref), free(ct), free(back);
  return 0;
}
