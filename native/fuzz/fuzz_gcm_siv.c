/*
 * fuzz_gcm_siv.c - libFuzzer target: AES-GCM-SIV (RFC 8452) of every AES
 * backend on this CPU against soft (gcm_siv.c's per-message key
 * derivation, the backends' polyval kernels with their partial last
 * blocks, and the CTR part on each backend's ecb kernel).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    key: 16 + 16 * (b & 1) bytes; when bits 6 and 7 are both set,
 *          24 bytes instead (not a GCM-SIV key size: refused)
 *   [1]    flags: bit 0 seal in place, bit 1 open in place, bit 2 pass
 *          NULL for an empty AAD, bit 3 the oversized call (below) has the
 *          AAD too long instead of the message; bits 5..7 the bit to flip
 *   [2]    byte of the tag to flip: b % 16
 *   [3,4]  byte of the ciphertext to flip, little-endian, mod len
 *   [5,6]  AAD length, little-endian (clamped to what is left)
 *   then   key, 12-byte nonce (zero-padded), AAD, and the rest of the
 *          input is the plaintext.
 *
 * Checks, for every backend b (soft included):
 *   a 24-byte key: seal and open return HWC_ERR_ARG with nothing written;
 *   otherwise seal_b == seal_soft (ciphertext and tag), open_b(seal)
 *   returns the plaintext, open_b with one tag bit flipped and (len > 0)
 *   with one ciphertext bit flipped returns HWC_ERR_AUTH with the output
 *   all zero; in place (out == in) as the flags say;
 *   a message or AAD length one past RFC 8452's 2^36 (passed with the
 *   real, short buffers) returns HWC_ERR_ARG from seal and open with
 *   nothing read or written (ASan would see a read of the short buffer).
 *
 * What fuzzing does not reach: the wrap of the 32-bit little-endian
 * counter (the tag's first word would have to land within a message's
 * length of 2^32); the RFC 8452 / Wycheproof wrap vectors cover it.
 */
#include "fuzz_common.h"

static fz_aes_set g_aes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_aes_setup(&g_aes, "gcm_siv");
  fz_reader r;
  fz_init(&r, data, size);
  const uint8_t kb = fz_u8(&r), flags = fz_u8(&r);
  const size_t key_len = (kb & 0xc0) == 0xc0 ? 24 : 16 + 16 * (size_t)(kb & 1);
  const int seal_in_place = flags & 1, open_in_place = (flags >> 1) & 1;
  const uint8_t flip_mask = (uint8_t)(1u << (flags >> 5));
  const size_t tag_byte = fz_u8(&r) % 16;
  const size_t ct_pos = fz_u16(&r);
  const size_t aad_want = fz_u16(&r);
  uint8_t key[32], nonce[12];
  fz_bytes(&r, key, key_len);
  fz_bytes(&r, nonce, 12);
  size_t aad_len, len;
  uint8_t *aad = fz_take(&r, aad_want, &aad_len);
  uint8_t *pt = fz_take(&r, r.left, &len);
  const uint8_t *aad_arg = (aad_len == 0 && (flags & 4)) ? NULL : aad;
  const int legal = key_len != 24;
  const size_t ct_byte = len ? ct_pos % len : 0;

  uint8_t ref_tag[16], tag[16], bad_tag[16];
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0), *back = fz_alloc(len, 0);
  hwc_status st, st2;

  hwc_aes_key *ks = g_aes.keys[g_aes.soft];
  st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  FZ_CHECK(st == HWC_OK, "soft key init (%zu B) returned %d", key_len, (int)st);
  st = hwc_gcm_siv_seal(ks, nonce, aad_arg, aad_len, pt, len, ref, ref_tag);
  FZ_CHECK(st == (legal ? HWC_OK : HWC_ERR_ARG), "soft: key %zu B, len %zu: seal returned %d", key_len, len,
           (int)st);

  for (int i = 0; i < g_aes.n; i++) {
    const char *b = g_aes.names[i];
    hwc_aes_key *k = g_aes.keys[i];
    st = hwc_aes_key_init_with(k, b, key, key_len);
    FZ_CHECK(st == HWC_OK, "%s: key init (%zu B) returned %d", b, key_len, (int)st);
#define CASE_FMT "%s: key %zu B, aad %zu B, len %zu: "
#define CASE_ARGS b, key_len, aad_len, len

    /* lengths over RFC 8452's limits: refused before any access */
    {
      const size_t big = (size_t)HWC_GCM_SIV_MAX_PT + 1;
      const size_t l = (flags & 8) ? len : big, a = (flags & 8) ? big : aad_len;
      memset(ct, 0x5a, len ? len : 1);
      memset(tag, 0x5a, 16);
      st = hwc_gcm_siv_seal(k, nonce, aad, a, pt, l, ct, tag);
      st2 = hwc_gcm_siv_open(k, nonce, aad, a, pt, l, ref_tag, ct);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, CASE_FMT "%s of 2^36 + 1 bytes: seal %d, open %d",
               CASE_ARGS, (flags & 8) ? "aad" : "message", (int)st, (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, CASE_FMT "an oversized call wrote output", CASE_ARGS);
      for (size_t j = 0; j < 16; j++) FZ_CHECK(tag[j] == 0x5a, CASE_FMT "an oversized seal wrote the tag", CASE_ARGS);
    }

    if (!legal) {
      memset(ct, 0x5a, len ? len : 1);
      memset(tag, 0x5a, 16);
      st = hwc_gcm_siv_seal(k, nonce, aad_arg, aad_len, pt, len, ct, tag);
      st2 = hwc_gcm_siv_open(k, nonce, aad_arg, aad_len, pt, len, tag, ct);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, CASE_FMT "24-byte key: seal %d, open %d", CASE_ARGS, (int)st,
               (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, CASE_FMT "a refused call wrote output", CASE_ARGS);
      for (size_t j = 0; j < 16; j++) FZ_CHECK(tag[j] == 0x5a, CASE_FMT "a refused seal wrote the tag", CASE_ARGS);
      continue;
    }

    /* seal */
    if (seal_in_place) {
      if (len) memcpy(ct, pt, len);
      st = hwc_gcm_siv_seal(k, nonce, aad_arg, aad_len, ct, len, ct, tag);
    } else {
      memset(ct, 0xa5, len ? len : 1);
      st = hwc_gcm_siv_seal(k, nonce, aad_arg, aad_len, pt, len, ct, tag);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "seal returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(ct, ref, len), CASE_FMT "ciphertext %s, soft %s", CASE_ARGS, fz_hex(ct, len), fz_hex(ref, len));
    FZ_CHECK(fz_eq(tag, ref_tag, 16), CASE_FMT "tag %s, soft %s", CASE_ARGS, fz_hex(tag, 16), fz_hex(ref_tag, 16));

    /* open round trip */
    if (open_in_place) {
      if (len) memcpy(back, ct, len);
      st = hwc_gcm_siv_open(k, nonce, aad_arg, aad_len, back, len, tag, back);
    } else {
      memset(back, 0xa5, len ? len : 1);
      st = hwc_gcm_siv_open(k, nonce, aad_arg, aad_len, ct, len, tag, back);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "open of own output returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(back, pt, len), CASE_FMT "open gave %s, plaintext %s", CASE_ARGS, fz_hex(back, len),
             fz_hex(pt, len));

    /* a flipped tag bit, then a flipped ciphertext bit: rejected, output zeroed */
    for (int what = 0; what < 2; what++) {
      if (what == 1 && !len) break;
      memcpy(bad_tag, tag, 16);
      if (what == 0) bad_tag[tag_byte] ^= flip_mask;
      if (open_in_place) {
        if (len) memcpy(back, ct, len);
        if (what == 1) back[ct_byte] ^= flip_mask;
        st = hwc_gcm_siv_open(k, nonce, aad_arg, aad_len, back, len, bad_tag, back);
      } else {
        memset(back, 0xa5, len ? len : 1);
        if (what == 1) ct[ct_byte] ^= flip_mask;
        st = hwc_gcm_siv_open(k, nonce, aad_arg, aad_len, ct, len, bad_tag, back);
        if (what == 1) ct[ct_byte] ^= flip_mask;
      }
      FZ_CHECK(st == HWC_ERR_AUTH, CASE_FMT "open with %s byte %zu ^ 0x%02x returned %d", CASE_ARGS,
               what ? "ciphertext" : "tag", what ? ct_byte : tag_byte, flip_mask, (int)st);
      FZ_CHECK(fz_all_zero(back, len), CASE_FMT "rejected open (%s bit flipped) left output %s", CASE_ARGS,
               what ? "ciphertext" : "tag", fz_hex(back, len));
    }
#undef CASE_FMT
#undef CASE_ARGS
  }
  free(aad), free(pt), free(ref), free(ct), free(back);
  return 0;
}
