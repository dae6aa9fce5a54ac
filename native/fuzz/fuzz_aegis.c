/*
 * fuzz_aegis.c - libFuzzer target: the AEGIS family (128L, 128X2, 128X4,
 * 256, 256X2, 256X4) through the generic hwc_aegis_seal/open, on every AES
 * backend name of this CPU (each mapped to its AEGIS kernels) against
 * soft: aegis_tmpl.h's framing (AAD and message tails, the 16/32-byte tag
 * finalisation) and aegis.c's argument checks and tag comparison.
 *
 * Which algorithms: at startup every alg is sealed once (empty message) on
 * soft. Each alg soft supports is fuzzed, and every other backend must
 * support it too (HWC_ERR_UNAVAILABLE there is a failure); an alg soft
 * does not support (HWC_ERR_UNAVAILABLE: its kernels are not in this
 * build) must be unavailable on every backend alike. The log's first line
 * says which algs were covered.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    alg: b % 6 (hwc_aegis_alg)
 *   [1]    tag length: 16 << (b & 1); when bit 7 is set, b & 0x3f
 *          instead (0..63: all but 16 and 32 are refused)
 *   [2]    flags: bit 0 seal in place, bit 1 open in place, bit 2 pass
 *          NULL for an empty AAD, bit 3 pass NULL for an empty message
 *          (input and output), bit 4 the oversized call (below) has the
 *          AAD too long instead of the message; bits 5..7 the bit to flip
 *   [3]    byte of the tag to flip: b % tag length
 *   [4,5]  byte of the ciphertext to flip, little-endian, mod len
 *   [6,7]  AAD length, little-endian (clamped to what is left)
 *   then   key and nonce (16 bytes each for the 128 family, 32 for the
 *          256 family; zero-padded), AAD, and the rest of the input is
 *          the plaintext.
 *
 * Checks, for every backend b (soft included) and a supported alg:
 *   a tag length other than 16 and 32: seal and open return HWC_ERR_ARG
 *   with nothing written;
 *   otherwise seal_b == seal_soft (ciphertext and tag), open_b(seal)
 *   returns the plaintext, open_b with one tag bit flipped and (len > 0)
 *   one ciphertext bit flipped returns HWC_ERR_AUTH with the output all
 *   zero; in place (out == in) as the flags say;
 *   a message or AAD length of 2^61 + 1 (passed with the real, short
 *   buffers) returns HWC_ERR_ARG from seal and open with nothing read or
 *   written.
 */
#include "fuzz_common.h"

static const char *const k_alg_names[HWC_AEGIS_ALGS] = {"aegis128l", "aegis128x2", "aegis128x4",
                                                        "aegis256",  "aegis256x2", "aegis256x4"};

static struct {
  const char *names[FZ_MAX_BACKENDS];
  int n, soft;
  int have[HWC_AEGIS_ALGS]; /* soft supports the alg */
} g;

/* Once per process: the backends, and which algs soft supports. */
static void setup(void) {
  if (g.n) return;
  g.n = fz_backends(HWC_FAMILY_AES, g.names);
  for (int i = 0; i < g.n; i++)
    if (strcmp(g.names[i], "soft") == 0) g.soft = i;
  fprintf(stderr, "hwc_fuzz_aegis: AES backends (AEGIS kernels):");
  for (int i = 0; i < g.n; i++) {
    const char *a = hwc_aegis_backend_name(g.names[i]);
    FZ_CHECK(a != NULL, "%s: no AEGIS backend for a listed AES backend", g.names[i]);
    fprintf(stderr, " %s (%s)", g.names[i], a);
  }
  fprintf(stderr, "\n");
  const uint8_t zero[32] = {0};
  uint8_t tag[16];
  int covered = 0;
  for (int a = 0; a < HWC_AEGIS_ALGS; a++) {
    hwc_status st = hwc_aegis_seal((hwc_aegis_alg)a, "soft", zero, zero, NULL, 0, NULL, 0, NULL, tag, 16);
    FZ_CHECK(st == HWC_OK || st == HWC_ERR_UNAVAILABLE, "soft %s: probe seal returned %d", k_alg_names[a], (int)st);
    g.have[a] = st == HWC_OK;
    covered += g.have[a];
  }
  FZ_CHECK(g.have[HWC_AEGIS128L] && g.have[HWC_AEGIS256], "soft lacks AEGIS-128L or AEGIS-256");
  fprintf(stderr, "hwc_fuzz_aegis: algs covered (%d of %d):", covered, HWC_AEGIS_ALGS);
  for (int a = 0; a < HWC_AEGIS_ALGS; a++)
    if (g.have[a]) fprintf(stderr, " %s", k_alg_names[a]);
  if (covered < HWC_AEGIS_ALGS) {
    fprintf(stderr, "; unavailable on soft, so checked to be unavailable everywhere:");
    for (int a = 0; a < HWC_AEGIS_ALGS; a++)
      if (!g.have[a]) fprintf(stderr, " %s", k_alg_names[a]);
  }
  fprintf(stderr, "\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  setup();
  fz_reader r;
  fz_init(&r, data, size);
  const hwc_aegis_alg alg = (hwc_aegis_alg)(fz_u8(&r) % HWC_AEGIS_ALGS);
  const uint8_t tb = fz_u8(&r), flags = fz_u8(&r);
  const size_t tag_len = (tb & 0x80) ? (size_t)(tb & 0x3f) : (size_t)16 << (tb & 1);
  const int seal_in_place = flags & 1, open_in_place = (flags >> 1) & 1;
  const uint8_t flip_mask = (uint8_t)(1u << (flags >> 5));
  const size_t tag_byte = fz_u8(&r) % (tag_len ? tag_len : 1);
  const size_t ct_pos = fz_u16(&r);
  const size_t aad_want = fz_u16(&r);
  const size_t klen = hwc_aegis_key_len(alg);
  FZ_CHECK(klen == 16 || klen == 32, "%s: key length %zu", k_alg_names[alg], klen);
  uint8_t *key = fz_alloc(klen, 0), *nonce = fz_alloc(klen, 0);
  fz_bytes(&r, key, klen);
  fz_bytes(&r, nonce, klen);
  size_t aad_len, len;
  uint8_t *aad = fz_take(&r, aad_want, &aad_len);
  uint8_t *pt = fz_take(&r, r.left, &len);
  const uint8_t *aad_arg = (aad_len == 0 && (flags & 4)) ? NULL : aad;
  const int null_msg = len == 0 && (flags & 8);
  const int legal = tag_len == 16 || tag_len == 32;
  const size_t ct_byte = len ? ct_pos % len : 0;
  const char *an = k_alg_names[alg];

  /* tag buffers of exactly tag_len bytes (1 when 0): ASan sees overruns */
  uint8_t *ref_tag = fz_alloc(tag_len, 0), *tag = fz_alloc(tag_len, 0), *bad_tag = fz_alloc(tag_len, 0);
  uint8_t *ref = fz_alloc(len, 0), *ct = fz_alloc(len, 0), *back = fz_alloc(len, 0);
  uint8_t *const pt_arg = null_msg ? NULL : pt, *const ct_arg = null_msg ? NULL : ct;
  uint8_t *const back_arg = null_msg ? NULL : back;
  hwc_status st, st2;

  if (!g.have[alg]) {
    /* not in this build: unavailable on every backend alike (a legal call) */
    uint8_t t16[16];
    for (int i = 0; i < g.n; i++) {
      st = hwc_aegis_seal(alg, g.names[i], key, nonce, aad_arg, aad_len, pt, len, ct, t16, 16);
      FZ_CHECK(st == HWC_ERR_UNAVAILABLE, "%s %s: soft lacks it but seal returned %d", g.names[i], an, (int)st);
    }
    goto out;
  }

  st = hwc_aegis_seal(alg, "soft", key, nonce, aad_arg, aad_len, pt_arg, len, null_msg ? NULL : ref, ref_tag,
                      tag_len);
  FZ_CHECK(st == (legal ? HWC_OK : HWC_ERR_ARG), "soft %s: tag %zu, len %zu: seal returned %d", an, tag_len, len,
           (int)st);

  for (int i = 0; i < g.n; i++) {
    const char *b = g.names[i];
#define CASE_FMT "%s %s: aad %zu B, len %zu, tag %zu: "
#define CASE_ARGS b, an, aad_len, len, tag_len

    /* lengths over the draft's 2^61-byte limits: refused before any access */
    {
      const size_t big = (size_t)HWC_AEGIS_MAX_LEN + 1;
      const size_t l = (flags & 16) ? len : big, a = (flags & 16) ? big : aad_len;
      memset(ct, 0x5a, len ? len : 1);
      memset(bad_tag, 0x5a, tag_len ? tag_len : 1);
      st = hwc_aegis_seal(alg, b, key, nonce, aad, a, pt, l, ct, bad_tag, 16 << (flags & 1));
      st2 = hwc_aegis_open(alg, b, key, nonce, aad, a, pt, l, ref_tag, 16 << (flags & 1), ct);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, CASE_FMT "%s of 2^61 + 1 bytes: seal %d, open %d", CASE_ARGS,
               (flags & 16) ? "aad" : "message", (int)st, (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, CASE_FMT "an oversized call wrote output", CASE_ARGS);
      for (size_t j = 0; j < tag_len; j++)
        FZ_CHECK(bad_tag[j] == 0x5a, CASE_FMT "an oversized seal wrote the tag", CASE_ARGS);
    }

    if (!legal) {
      memset(ct, 0x5a, len ? len : 1);
      memset(tag, 0x5a, tag_len ? tag_len : 1);
      st = hwc_aegis_seal(alg, b, key, nonce, aad_arg, aad_len, pt_arg, len, ct_arg, tag, tag_len);
      st2 = hwc_aegis_open(alg, b, key, nonce, aad_arg, aad_len, pt_arg, len, tag, tag_len, ct_arg);
      FZ_CHECK(st == HWC_ERR_ARG && st2 == HWC_ERR_ARG, CASE_FMT "illegal tag length: seal %d, open %d", CASE_ARGS,
               (int)st, (int)st2);
      for (size_t j = 0; j < len; j++) FZ_CHECK(ct[j] == 0x5a, CASE_FMT "a refused call wrote output", CASE_ARGS);
      for (size_t j = 0; j < tag_len; j++)
        FZ_CHECK(tag[j] == 0x5a, CASE_FMT "a refused seal wrote the tag", CASE_ARGS);
      continue;
    }

    /* seal */
    if (seal_in_place) {
      if (len) memcpy(ct, pt, len);
      st = hwc_aegis_seal(alg, b, key, nonce, aad_arg, aad_len, ct_arg, len, ct_arg, tag, tag_len);
    } else {
      memset(ct, 0xa5, len ? len : 1);
      st = hwc_aegis_seal(alg, b, key, nonce, aad_arg, aad_len, pt_arg, len, ct_arg, tag, tag_len);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "seal returned %d%s", CASE_ARGS, (int)st,
             st == HWC_ERR_UNAVAILABLE ? " (UNAVAILABLE, but soft has this alg)" : "");
    FZ_CHECK(fz_eq(ct, ref, len), CASE_FMT "ciphertext %s, soft %s", CASE_ARGS, fz_hex(ct, len), fz_hex(ref, len));
    FZ_CHECK(fz_eq(tag, ref_tag, tag_len), CASE_FMT "tag %s, soft %s", CASE_ARGS, fz_hex(tag, tag_len),
             fz_hex(ref_tag, tag_len));

    /* open round trip */
    if (open_in_place) {
      if (len) memcpy(back, ct, len);
      st = hwc_aegis_open(alg, b, key, nonce, aad_arg, aad_len, back_arg, len, tag, tag_len, back_arg);
    } else {
      memset(back, 0xa5, len ? len : 1);
      st = hwc_aegis_open(alg, b, key, nonce, aad_arg, aad_len, ct_arg, len, tag, tag_len, back_arg);
    }
    FZ_CHECK(st == HWC_OK, CASE_FMT "open of own output returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(back, pt, len), CASE_FMT "open gave %s, plaintext %s", CASE_ARGS, fz_hex(back, len),
             fz_hex(pt, len));

    /* a flipped tag bit, then a flipped ciphertext bit: rejected, output zeroed */
    for (int what = 0; what < 2; what++) {
      if (what == 1 && !len) break;
      memcpy(bad_tag, tag, tag_len);
      if (what == 0) bad_tag[tag_byte] ^= flip_mask;
      if (open_in_place) {
        if (len) memcpy(back, ct, len);
        if (what == 1) back[ct_byte] ^= flip_mask;
        st = hwc_aegis_open(alg, b, key, nonce, aad_arg, aad_len, back_arg, len, bad_tag, tag_len, back_arg);
      } else {
        memset(back, 0xa5, len ? len : 1);
        if (what == 1) ct[ct_byte] ^= flip_mask;
        st = hwc_aegis_open(alg, b, key, nonce, aad_arg, aad_len, ct_arg, len, bad_tag, tag_len, back_arg);
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
out:
  free(key), free(nonce), free(aad), free(pt), free(ref_tag), free(tag), free(bad_tag);
  free(ref), free(ct), free(back);
  return 0;
}
