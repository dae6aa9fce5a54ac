/*
 * fuzz_kdf.c - libFuzzer target: HKDF and PBKDF2 (native/modes/kdf.c) of
 * every hash algorithm on every backend of its family, against a
 * reference written out here from RFC 5869 and RFC 8018 on top of
 * hwc_hmac with the soft backend (HMAC itself is fuzzed against RFC 2104
 * in fuzz_hmac.c).
 *
 * Input layout (bytes past the end read as 0):
 *   [0]     algorithm: b % 6 (hwc_hash_alg)
 *   [1]     key (IKM / password) length 0..255 (clamped to what is left)
 *   [2]     salt length 0..255
 *   [3]     info length 0..255
 *   [4..5]  output length, le16 % (255 * HashLen + 2): up to one past the
 *           HKDF cap, which must be refused with HWC_ERR_ARG
 *   [6]     PBKDF2 iterations 1 + (b & 7); PBKDF2 derives
 *           min(output length, 4 * HashLen + 1) bytes
 *   then    key, salt, info.
 *
 * Checks, for every backend (soft included), selected with
 * hwc_backend_set: hwc_hkdf, hwc_hkdf_extract + hwc_hkdf_expand,
 * hwc_pbkdf2 and hwc_pbkdf2_hmac on a PRF keyed on that backend all equal
 * the reference, and write nothing past the output length.
 */
#include "fuzz_common.h"

static fz_hash_set g_hash;

/* RFC 5869 2.2-2.3 with one-shot HMACs. */
static void ref_hkdf(hwc_hash_alg alg, const uint8_t *ikm, size_t ikm_len, const uint8_t *salt, size_t salt_len,
                     const uint8_t *info, size_t info_len, uint8_t *out, size_t len) {
  const size_t dl = hwc_hash_digest_len(alg);
  uint8_t prk[HWC_HASH_MAX_DIGEST], t[HWC_HASH_MAX_DIGEST];
  uint8_t zeros[HWC_HASH_MAX_DIGEST] = {0};
  FZ_CHECK(hwc_hmac(alg, salt_len ? salt : zeros, salt_len ? salt_len : dl, ikm, ikm_len, prk) == HWC_OK, "ref");
  uint8_t *msg = fz_alloc(dl + info_len + 1, 0);
  size_t tl = 0;
  for (size_t done = 0, i = 1; done < len; i++) {
    memcpy(msg, t, tl);
    memcpy(msg + tl, info, info_len);
    msg[tl + info_len] = (uint8_t)i;
    FZ_CHECK(hwc_hmac(alg, prk, dl, msg, tl + info_len + 1, t) == HWC_OK, "ref");
    tl = dl;
    size_t n = len - done < dl ? len - done : dl;
    memcpy(out + done, t, n);
    done += n;
  }
  free(msg);
}

/* RFC 8018 5.2 with one-shot HMACs. */
static void ref_pbkdf2(hwc_hash_alg alg, const uint8_t *pw, size_t pw_len, const uint8_t *salt, size_t salt_len,
                       uint32_t iterations, uint8_t *out, size_t len) {
  const size_t dl = hwc_hash_digest_len(alg);
  uint8_t *s = fz_alloc(salt_len + 4, 0), u[HWC_HASH_MAX_DIGEST], t[HWC_HASH_MAX_DIGEST];
  memcpy(s, salt, salt_len);
  for (size_t done = 0, i = 1; done < len; i++) {
    s[salt_len] = (uint8_t)(i >> 24), s[salt_len + 1] = (uint8_t)(i >> 16);
    s[salt_len + 2] = (uint8_t)(i >> 8), s[salt_len + 3] = (uint8_t)i;
    FZ_CHECK(hwc_hmac(alg, pw, pw_len, s, salt_len + 4, u) == HWC_OK, "ref");
    memcpy(t, u, dl);
    for (uint32_t j = 1; j < iterations; j++) {
      FZ_CHECK(hwc_hmac(alg, pw, pw_len, u, dl, u) == HWC_OK, "ref");
      for (size_t k = 0; k < dl; k++) t[k] ^= u[k];
    }
    size_t n = len - done < dl ? len - done : dl;
    memcpy(out + done, t, n);
    done += n;
  }
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_hash_setup(&g_hash, "kdf");
  fz_reader r;
  fz_init(&r, data, size);
  const hwc_hash_alg alg = (hwc_hash_alg)(fz_u8(&r) % HWC_HASH_COUNT);
  const size_t key_want = fz_u8(&r), salt_want = fz_u8(&r), info_want = fz_u8(&r);
  const size_t dl = hwc_hash_digest_len(alg);
  const size_t len = fz_u16(&r) % (HWC_HKDF_MAX_BLOCKS * dl + 2);
  const uint32_t iterations = 1 + (fz_u8(&r) & 7);
  const size_t plen = len < 4 * dl + 1 ? len : 4 * dl + 1;
  size_t key_len, salt_len, info_len;
  uint8_t *key = fz_take(&r, key_want, &key_len);
  uint8_t *salt = fz_take(&r, salt_want, &salt_len);
  uint8_t *info = fz_take(&r, info_want, &info_len);
  const int too_long = len > HWC_HKDF_MAX_BLOCKS * dl;

  const hwc_family fam = hwc_hash_family(alg);
  uint8_t *ref = fz_alloc(len + 1, 0), *pref = fz_alloc(plen + 1, 0);
  uint8_t *got = fz_alloc(len + 16, 0);
  FZ_CHECK(hwc_backend_set(fam, "soft") == HWC_OK, "soft not selectable");
  if (!too_long) ref_hkdf(alg, key, key_len, salt, salt_len, info, info_len, ref, len);
  ref_pbkdf2(alg, key, key_len, salt, salt_len, iterations, pref, plen);

  for (int i = 0; i < g_hash.n[fam]; i++) {
    const char *b = g_hash.names[fam][i];
    hwc_status st = hwc_backend_set(fam, b);
    FZ_CHECK(st == HWC_OK, "%s: backend_set returned %d", b, (int)st);
#define CASE_FMT "%s alg %d, key %zu B, salt %zu B, info %zu B, out %zu B, iterations %u: "
#define CASE_ARGS b, (int)alg, key_len, salt_len, info_len, len, iterations

    memset(got, 0xa5, len + 16);
    st = hwc_hkdf(alg, key, key_len, salt, salt_len, info, info_len, got, len);
    if (too_long) {
      FZ_CHECK(st == HWC_ERR_ARG, CASE_FMT "over the cap, hwc_hkdf returned %d", CASE_ARGS, (int)st);
    } else {
      FZ_CHECK(st == HWC_OK, CASE_FMT "hwc_hkdf returned %d", CASE_ARGS, (int)st);
      FZ_CHECK(fz_eq(got, ref, len), CASE_FMT "hkdf %s, reference %s", CASE_ARGS, fz_hex(got, len), fz_hex(ref, len));
      for (size_t k = len; k < len + 16; k++) FZ_CHECK(got[k] == 0xa5, CASE_FMT "hkdf wrote past the output", CASE_ARGS);
      uint8_t prk[HWC_HASH_MAX_DIGEST];
      memset(got, 0, len + 16);
      FZ_CHECK(hwc_hkdf_extract(alg, salt, salt_len, key, key_len, prk) == HWC_OK, CASE_FMT "extract", CASE_ARGS);
      FZ_CHECK(hwc_hkdf_expand(alg, prk, dl, info, info_len, got, len) == HWC_OK, CASE_FMT "expand", CASE_ARGS);
      FZ_CHECK(fz_eq(got, ref, len), CASE_FMT "extract + expand %s, reference %s", CASE_ARGS, fz_hex(got, len),
               fz_hex(ref, len));
    }

    memset(got, 0xa5, plen + 16);
    st = hwc_pbkdf2(alg, key, key_len, salt, salt_len, iterations, got, plen);
    FZ_CHECK(st == HWC_OK, CASE_FMT "hwc_pbkdf2 returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(got, pref, plen), CASE_FMT "pbkdf2 %s, reference %s", CASE_ARGS, fz_hex(got, plen),
             fz_hex(pref, plen));
    for (size_t k = plen; k < plen + 16; k++) FZ_CHECK(got[k] == 0xa5, CASE_FMT "pbkdf2 wrote past the output", CASE_ARGS);
    hwc_hmac_ctx prf;
    FZ_CHECK(hwc_hmac_init(&prf, alg, key, key_len) == HWC_OK, CASE_FMT "hmac_init", CASE_ARGS);
    memset(got, 0, plen + 16);
    st = hwc_pbkdf2_hmac(&prf, salt, salt_len, iterations, got, plen);
    FZ_CHECK(st == HWC_OK && fz_eq(got, pref, plen), CASE_FMT "pbkdf2_hmac (status %d) %s, reference %s", CASE_ARGS,
             (int)st, fz_hex(got, plen), fz_hex(pref, plen));
    hwc_hmac_wipe(&prf);
#undef CASE_FMT
#undef CASE_ARGS
  }
  hwc_backend_reset(fam);

  free(key), free(salt), free(info), free(ref), free(pref), free(got);
  return 0;
}
