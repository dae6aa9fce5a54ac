/*
 * fuzz_ccm.c - libFuzzer target: AES-CCM of every AES backend on this CPU
 * against soft (the stitched CTR + CBC-MAC ccm kernels, partial last
 * blocks, and ccm.c's B_0 / AAD formatting).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key size: 16 + 8 * (b % 3)
 *   [1]    nonce length: 7 + (b % 7); bits 4..7: when all set, the nonce
 *          length is b & 15 instead (0..15: the undefined ones are refused)
 *   [2]    tag length: 4 + 2 * ((b & 7) % 7); bit 3: b >> 4 instead (0..15,
 *          odd and short ones refused)
 *   [3]    flags: bit 0 seal in place, bit 1 open in place, bit 2 pass
 *          NULL for an empty AAD; bits 5..7 the tag bit flipped
 *   [4,5]  AAD length, little-endian (clamped to what is left)
 *   then   key, nonce (zero-padded), AAD, and the rest of the input is the
 *          plaintext.
 *
 * Checks, for every backend b (soft included):
 *   undefined nonce or tag lengths, or a payload of 2^(8q) bytes or more,
 *   are refused by seal and open (HWC_ERR_ARG) with nothing written;
 *   otherwise seal_b == seal_soft (ciphertext and tag), open_b(seal)
 *   returns the plaintext, and open_b with one tag bit flipped returns
 *   HWC_ERR_AUTH with the output all zero.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "ccm");
  fz_reader r;
  fz_init(&r, data, size);
  const size_t key_len = 16 + 8 * (size_t)(fz_u8(&r) % 3);
  const uint8_t nb = fz_u8(&r), tb = fz_u8(&r), flags = fz_u8(&r);
  const size_t nonce_len = (nb >> 4) == 15 ? (size_t)(nb & 15) : 7 + (size_t)(nb % 7);
  const size_t tag_len = (tb & 8) ? (size_t)(tb >> 4) : 4 + 2 * (size_t)((tb & 7) % 7);
  const int seal_in_place = flags & 1, open_in_place = (flags >> 1) & 1;
  const size_t aad_want = fz_u16(&r);
  uint8_t key[32], nonce[16];
  fz_bytes(&r, key, key_len);
  fz_bytes(&r, nonce, nonce_len);
  size_t aad_len, len;
  uint8_t *aad = fz_take(&r, aad_want, &aad_len);
  uint8_t *pt = fz_take(&r, r.left, &len);
  const uint8_t *aad_arg = (aad_len == 0 && (flags & 4)) ? NULL : aad;
  const size_t tag_byte = (size_t)(flags >> 5) % (tag_len ? tag_len : 1);
  const int legal = nonce_len >= 7 && nonce_len <= 13 && tag_len >= 4 && tag_len <= 16 && tag_len % 2 == 0 &&
                    (15 - nonce_len >= 8 || ((uint64_t)len >> (8 * (15 - nonce_len))) == 0);
  uint8_t ref_tag[16], tag[16], bad_tag[16];
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0), *back = fz_alloc(len, 0);
  hwc_status st;

  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init returned %d", (int)st);
  st = hwc_ccm_seal(ks, nonce, nonce_len, aad_arg, aad_len, pt, len, ref, ref_tag, tag_len);
  FZ_CHECK(st == (legal ? HWC_OK : HWC_ERR_ARG), "soft: nonce %zu, tag %zu, len %zu: seal returned %d", nonce_len,
           tag_len, len, (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init returned %d", b, (int)st);
#define CASE_FMT "%s: key %zu B, nonce %zu B, aad %zu B, len %zu, tag %zu: "
#define CASE_ARGS b, key_len, nonce_len, aad_len, len, tag_len
    if (!legal) {
      memset(ct, 0x5a, len ? len : 1);
      memset(tag, 0, 16);
      st = hwc_ccm_seal(k, nonce, nonce_len, aad_arg, aad_len, pt, len, ct, tag, tag_len);
      hwc_status st2 = hwc_ccm_open(k, nonce, nonce_len, aad_arg, aad_len, pt, len, tag, tag_len, ct);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, CASE_FMT "illegal parameters: seal %d, open %d", CASE_ARGS,
               (int)st, (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, CASE_FMT "a refused call wrote output", CASE_ARGS);
      continue;
    }
    if (seal_in_place) {
      if (len) memcpy(ct, pt, len);
      st = hwc_ccm_seal(k, nonce, nonce_len, aad_arg, aad_len, ct, len, ct, tag, tag_len);
    } else {
      memset(ct, 0xa5, len ? len : 1);
      st = hwc_ccm_seal(k, nonce, nonce_len, aad_arg, aad_len, pt, len, ct, tag, tag_len);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "seal returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(ct, ref, len), CASE_FMT "ciphertext %s, soft %s", CASE_ARGS, fz_hex(ct, len), fz_hex(ref, len));
    FZ_CHECK(fz_eq(tag, ref_tag, tag_len), CASE_FMT "tag %s, soft %s", CASE_ARGS, fz_hex(tag, tag_len),
             fz_hex(ref_tag, tag_len));
    if (open_in_place) {
      if (len) memcpy(back, ct, len);
      st = hwc_ccm_open(k, nonce, nonce_len, aad_arg, aad_len, back, len, tag, tag_len, back);
    } else {
      memset(back, 0xa5, len ? len : 1);
      st = hwc_ccm_open(k, nonce, nonce_len, aad_arg, aad_len, ct, len, tag, tag_len, back);
    }
    FZ_CHECK(st == HWC_OK && fz_eq(back, pt, len), CASE_FMT "open of own output returned %d, %s", CASE_ARGS, (int)st,
             fz_hex(back, len));
    memcpy(bad_tag, tag, 16);
    bad_tag[tag_byte] ^= (uint8_t)(1u << (flags >> 5));
    memset(back, 0xa5, len ? len : 1);
    st = hwc_ccm_open(k, nonce, nonce_len, aad_arg, aad_len, ct, len, bad_tag, tag_len, back);
    FZ_CHECK(st == HWC_ERR_AUTH, CASE_FMT "open with a flipped tag bit returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_all_zero(back, len), CASE_FMT "rejected open left output %s", CASE_ARGS, fz_hex(back, len));
#undef CASE_FMT
#undef CASE_ARGS
  }
  free(aad), free(pt), free(ref), free(ct), free(back);
  return 0;
}
