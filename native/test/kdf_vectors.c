/*
 * kdf_vectors.c - HKDF and PBKDF2 (native/modes/kdf.c) on every hash
 * backend: RFC 5869, RFC 6070, RFC 7914 and Wycheproof hkdf_sha* /
 * pbkdf2_hmacsha*, then a differential of each backend against soft
 * (random keys of 0..200 bytes, output lengths around digest multiples,
 * split extract/expand and the prepared-PRF entry point against the
 * one-shot calls).
 *
 * The KDFs take the family's backend from the thread's selection (as
 * HMAC does), so each group selects it for its duration (t_select_backend)
 * and checks that the keyed PRF really used it. PBKDF2 cases of more than
 * 100 000 iterations (RFC 6070 case 4 and its Wycheproof twin: 16 777 216)
 * run only with --long.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tjson.h"
#include "tutil.h"

#define SLOW_ITERATIONS 100000

typedef struct kdf_file {
  char *text;
  tj_node *json;
} kdf_file;

static int kdf_load(const t_run *run, t_group *g, const char *rel, kdf_file *f) {
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof(path), "%s/%s", run->vectors_dir, rel);
  f->json = NULL;
  f->text = t_read_file(path, &len);
  if (f->text) f->json = tj_parse(f->text, len, rel);
  if (!f->json) t_case(g, 0, "cannot read or parse %s", path);
  return f->json != NULL;
}

static void kdf_free(kdf_file *f) {
  tj_free(f->json);
  free(f->text);
}

static int hexf(const tj_node *obj, const char *key, uint8_t **out, size_t *len) {
  const char *s = tj_str(obj, key);
  if (!s) s = "";
  return t_hex_decode(s, strlen(s), out, len);
}

/* The backend a PRF keyed now on this thread gets. */
static int prf_uses(hwc_hash_alg alg, const char *backend) {
  hwc_hmac_ctx c;
  if (hwc_hmac_init(&c, alg, NULL, 0) != HWC_OK) return 0;
  const char *b = hwc_hash_backend(&c.inner);
  int ok = b && strcmp(b, backend) == 0;
  hwc_hmac_wipe(&c);
  return ok;
}

/* HKDF three ways (one call; extract + expand; expand of the expected
 * PRK when the file gives one); 1 when all match okm. */
static int hkdf_check(hwc_hash_alg alg, const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
                      size_t salt_len, const uint8_t *info, size_t info_len, const uint8_t *prk_want,
                      size_t prk_len, const uint8_t *okm, size_t len, char *why, size_t why_len) {
  uint8_t *out = t_xmalloc(len + 1), *out2 = t_xmalloc(len + 1);
  uint8_t prk[HWC_HASH_MAX_DIGEST];
  const size_t dl = hwc_hash_digest_len(alg);
  int ok = 0;
  hwc_status st = hwc_hkdf(alg, ikm, ikm_len, salt, salt_len, info, info_len, out, len);
  if (st != HWC_OK) snprintf(why, why_len, "hwc_hkdf returned %d", (int)st);
  else if (len && memcmp(out, okm, len)) snprintf(why, why_len, "okm %s", t_hex(out, len));
  else if (hwc_hkdf_extract(alg, salt, salt_len, ikm, ikm_len, prk) != HWC_OK ||
           hwc_hkdf_expand(alg, prk, dl, info, info_len, out2, len) != HWC_OK ||
           (len && memcmp(out2, okm, len)))
    snprintf(why, why_len, "extract + expand differ");
  else if (prk_want && (prk_len != dl || memcmp(prk, prk_want, dl)))
    snprintf(why, why_len, "prk %s", t_hex(prk, dl));
  else
    ok = 1;
  free(out), free(out2);
  return ok;
}

/* PBKDF2 one-shot and through a PRF keyed here; 1 when both match dk. */
static int pbkdf2_check(hwc_hash_alg alg, const uint8_t *pw, size_t pw_len, const uint8_t *salt,
                        size_t salt_len, uint32_t iterations, const uint8_t *dk, size_t len, char *why,
                        size_t why_len) {
  uint8_t *out = t_xmalloc(len + 1), *out2 = t_xmalloc(len + 1);
  hwc_hmac_ctx prf;
  int ok = 0;
  hwc_status st = hwc_pbkdf2(alg, pw, pw_len, salt, salt_len, iterations, out, len);
  if (st != HWC_OK) snprintf(why, why_len, "hwc_pbkdf2 returned %d", (int)st);
  else if (memcmp(out, dk, len)) snprintf(why, why_len, "dk %s", t_hex(out, len));
  else if (hwc_hmac_init(&prf, alg, pw, pw_len) != HWC_OK ||
           hwc_pbkdf2_hmac(&prf, salt, salt_len, iterations, out2, len) != HWC_OK || memcmp(out2, dk, len))
    snprintf(why, why_len, "hwc_pbkdf2_hmac differs");
  else
    ok = 1;
  hwc_hmac_wipe(&prf);
  free(out), free(out2);
  return ok;
}

static hwc_hash_alg alg_by_rfc_name(const char *s) {
  if (!s) return HWC_HASH_COUNT;
  if (strcmp(s, "SHA-1") == 0) return HWC_SHA1;
  if (strcmp(s, "SHA-256") == 0) return HWC_SHA256;
  return HWC_HASH_COUNT;
}

/* RFC 5869 App. A: tests[] with hash, ikm, salt, info, length, prk, okm. */
static void hkdf_rfc(const t_run *run, hwc_family fam, const char *backend) {
  const char *rel = "rfc/rfc5869_hkdf.json";
  t_group g;
  kdf_file f;
  t_group_begin(&g, fam, backend, "hkdf", rel);
  if (kdf_load(run, &g, rel, &f)) {
    const tj_node *tests = tj_get(f.json, "tests");
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      hwc_hash_alg alg = alg_by_rfc_name(tj_str(t, "hash"));
      if (alg == HWC_HASH_COUNT || hwc_hash_family(alg) != fam) continue;
      uint8_t *ikm, *salt, *info, *prk, *okm;
      size_t ikm_len, salt_len, info_len, prk_len, okm_len;
      char why[200] = "bad vector";
      int ok = hexf(t, "ikm", &ikm, &ikm_len) & hexf(t, "salt", &salt, &salt_len) &
               hexf(t, "info", &info, &info_len) & hexf(t, "prk", &prk, &prk_len) &
               hexf(t, "okm", &okm, &okm_len);
      if (ok && (size_t)tj_num(t, "length", -1) != okm_len) ok = 0;
      if (ok)
        ok = hkdf_check(alg, ikm, ikm_len, salt, salt_len, info, info_len, prk, prk_len, okm, okm_len, why,
                        sizeof(why));
      t_case(&g, ok, "testCase %d: %s", (int)tj_num(t, "testCase", -1), why);
      free(ikm), free(salt), free(info), free(prk), free(okm);
    }
    kdf_free(&f);
  }
  t_group_end(&g);
}

/* Wycheproof HkdfTest: valid must match; invalid (size > 255 * HashLen)
 * must be refused with HWC_ERR_ARG. */
static void hkdf_wycheproof(const t_run *run, hwc_hash_alg alg, const char *backend, const char *rel) {
  t_group g;
  kdf_file f;
  hwc_family fam = hwc_hash_family(alg);
  t_group_begin(&g, fam, backend, "hkdf", rel);
  if (kdf_load(run, &g, rel, &f)) {
    const tj_node *groups = tj_get(f.json, "testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *ikm, *salt, *info, *okm;
        size_t ikm_len, salt_len, info_len, okm_len;
        const size_t size = (size_t)tj_num(t, "size", 0);
        const char *result = tj_str(t, "result");
        char why[200] = "bad vector";
        int ok = hexf(t, "ikm", &ikm, &ikm_len) & hexf(t, "salt", &salt, &salt_len) &
                 hexf(t, "info", &info, &info_len) & hexf(t, "okm", &okm, &okm_len);
        if (ok && result && strcmp(result, "valid") == 0) {
          ok = okm_len == size && hkdf_check(alg, ikm, ikm_len, salt, salt_len, info, info_len, NULL, 0, okm,
                                             size, why, sizeof(why));
        } else if (ok) {
          uint8_t *out = t_xmalloc(size + 1);
          hwc_status st = hwc_hkdf(alg, ikm, ikm_len, salt, salt_len, info, info_len, out, size);
          ok = st == HWC_ERR_ARG;
          if (!ok) snprintf(why, sizeof(why), "size %zu not refused (status %d)", size, (int)st);
          free(out);
        }
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), result ? result : "?", why);
        free(ikm), free(salt), free(info), free(okm);
      }
    }
    kdf_free(&f);
  }
  t_group_end(&g);
}

/* One PBKDF2 case from either file format (slow ones only with --long). */
static void pbkdf2_case(const t_run *run, t_group *g, hwc_hash_alg alg, const tj_node *t, const char *iter_key,
                        const char *id_key) {
  const double iterations = tj_num(t, iter_key, 0);
  if (iterations > SLOW_ITERATIONS && run->diff_level < 3) return;
  uint8_t *pw, *salt, *dk;
  size_t pw_len, salt_len, dk_len;
  char why[200] = "bad vector";
  int ok = hexf(t, "password", &pw, &pw_len) & hexf(t, "salt", &salt, &salt_len) & hexf(t, "dk", &dk, &dk_len);
  if (ok && (size_t)tj_num(t, "dkLen", -1) != dk_len) ok = 0;
  if (ok && !(iterations >= 1 && iterations <= 4294967295.0)) ok = 0;
  if (ok)
    ok = pbkdf2_check(alg, pw, pw_len, salt, salt_len, (uint32_t)iterations, dk, dk_len, why, sizeof(why));
  t_case(g, ok, "%s %d: %s", id_key, (int)tj_num(t, id_key, -1), why);
  free(pw), free(salt), free(dk);
}

/* RFC files: tests[] with iterations and testCase; Wycheproof:
 * testGroups[].tests[] with iterationCount and tcId. */
static void pbkdf2_file(const t_run *run, hwc_hash_alg alg, const char *backend, const char *rel) {
  t_group g;
  kdf_file f;
  t_group_begin(&g, hwc_hash_family(alg), backend, "pbkdf2", rel);
  if (kdf_load(run, &g, rel, &f)) {
    const tj_node *tests = tj_get(f.json, "tests"), *groups = tj_get(f.json, "testGroups");
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next)
      pbkdf2_case(run, &g, alg, t, "iterations", "testCase");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *gt = tj_get(tg, "tests");
      for (const tj_node *t = gt ? gt->child : NULL; t; t = t->next)
        pbkdf2_case(run, &g, alg, t, "iterationCount", "tcId");
    }
    kdf_free(&f);
  }
  t_group_end(&g);
}

/* Differential against soft: HKDF and PBKDF2 (1..4 iterations) with keys
 * of every length 0..200 and output lengths 1..3*HashLen+1. */
static void kdf_differential(const t_run *run, hwc_hash_alg alg, const char *backend) {
  t_group g;
  hwc_family fam = hwc_hash_family(alg);
  t_group_begin(&g, fam, backend, "kdf-vs-soft", "(random)");
  t_rng rng;
  t_rng_seed(&rng, run->seed ^ (0x6b6466ULL + (uint64_t)alg));
  const size_t dl = hwc_hash_digest_len(alg);
  uint8_t key[200], salt[160], info[160], a[3 * 64 + 1], b[3 * 64 + 1];
  const int step = run->diff_level >= 3 ? 1 : run->diff_level == 1 ? 13 : 3;
  for (size_t kl = 0; kl <= sizeof(key); kl += (size_t)step) {
    const size_t sl = (size_t)t_rng_below(&rng, sizeof(salt) + 1), il = (size_t)t_rng_below(&rng, sizeof(info) + 1);
    const size_t len = 1 + (size_t)t_rng_below(&rng, 3 * dl + 1);
    const uint32_t iters = 1 + (uint32_t)t_rng_below(&rng, 4);
    t_rng_fill(&rng, key, kl);
    t_rng_fill(&rng, salt, sl);
    t_rng_fill(&rng, info, il);
    const char *prev = t_select_backend(fam, "soft");
    hwc_status s1 = hwc_hkdf(alg, key, kl, salt, sl, info, il, a, len);
    hwc_status s3 = hwc_pbkdf2(alg, key, kl, salt, sl, iters, b, len);
    t_select_backend(fam, prev);
    uint8_t hk[3 * 64 + 1], pb[3 * 64 + 1];
    hwc_status s4 = hwc_hkdf(alg, key, kl, salt, sl, info, il, hk, len);
    hwc_status s5 = hwc_pbkdf2(alg, key, kl, salt, sl, iters, pb, len);
    int ok = s1 == HWC_OK && s3 == HWC_OK && s4 == HWC_OK && s5 == HWC_OK &&
             memcmp(a, hk, len) == 0 && memcmp(b, pb, len) == 0;
    t_case(&g, ok, "key %zu salt %zu info %zu len %zu iterations %u", kl, sl, il, len, iters);
  }
  t_group_end(&g);
}

/* The C API's refusals: status codes, and nothing written. */
static void kdf_api(const char *backend, hwc_family fam, hwc_hash_alg alg) {
  t_group g;
  t_group_begin(&g, fam, backend, "kdf-api", "(arguments)");
  const size_t dl = hwc_hash_digest_len(alg);
  uint8_t key[8] = {1, 2, 3}, out[16], prk[HWC_HASH_MAX_DIGEST];
  hwc_hmac_ctx prf;
  memset(out, 0xa5, sizeof(out));
  t_case(&g, hwc_pbkdf2(alg, key, 8, key, 8, 0, out, 16) == HWC_ERR_ARG, "iterations 0 accepted");
  t_case(&g, hwc_pbkdf2(alg, key, 8, key, 8, 1, NULL, 16) == HWC_ERR_ARG, "NULL out accepted");
  t_case(&g, hwc_pbkdf2(alg, key, 8, NULL, 8, 1, out, 16) == HWC_ERR_ARG, "NULL salt accepted");
  t_case(&g, hwc_pbkdf2(HWC_HASH_COUNT, key, 8, key, 8, 1, out, 16) == HWC_ERR_ARG, "unknown hash accepted");
  t_case(&g, hwc_pbkdf2(alg, key, 8, key, 8, 1, out, 0) == HWC_OK && out[0] == 0xa5, "length 0 wrote");
  t_case(&g, hwc_hkdf(alg, key, 8, key, 8, NULL, 0, out, 0) == HWC_OK && out[0] == 0xa5, "hkdf length 0 wrote");
  t_case(&g, hwc_hkdf(alg, key, 8, key, 8, NULL, 4, out, 16) == HWC_ERR_ARG, "NULL info accepted");
  t_case(&g, hwc_hkdf_expand(alg, key, 8, NULL, 0, out, HWC_HKDF_MAX_BLOCKS * dl + 1) == HWC_ERR_ARG,
         "expand over the cap accepted");
  t_case(&g, hwc_hkdf_extract(alg, NULL, 0, NULL, 0, prk) == HWC_OK, "empty extract refused");
  hwc_hmac_init(&prf, alg, key, 8);
  hwc_hmac_update(&prf, key, 3);
  t_case(&g, hwc_pbkdf2_hmac(&prf, key, 8, 1, out, 16) == HWC_ERR_STATE, "PRF with absorbed data accepted");
  hwc_hmac_wipe(&prf);
  t_case(&g, hwc_pbkdf2_hmac(&prf, key, 8, 1, out, 16) == HWC_ERR_STATE, "wiped PRF accepted");
  t_case(&g, out[0] == 0xa5, "a refused call wrote its output");
  t_group_end(&g);
}

void t_run_kdf(const t_run *run) {
  static const char *const hkdf_files[HWC_HASH_COUNT] = {
      "wycheproof/hkdf_sha1_test.json", NULL, "wycheproof/hkdf_sha256_test.json",
      "wycheproof/hkdf_sha384_test.json", "wycheproof/hkdf_sha512_test.json", NULL};
  static const char *const pbkdf2_files[HWC_HASH_COUNT] = {
      "wycheproof/pbkdf2_hmacsha1_test.json", "wycheproof/pbkdf2_hmacsha224_test.json",
      "wycheproof/pbkdf2_hmacsha256_test.json", "wycheproof/pbkdf2_hmacsha384_test.json",
      "wycheproof/pbkdf2_hmacsha512_test.json", NULL};
  for (int f = HWC_FAMILY_SHA1; f < HWC_FAMILY_COUNT; f++) {
    for (int i = 0; i < run->n_backends[f]; i++) {
      const char *b = run->backends[f][i];
      const char *prev = t_select_backend((hwc_family)f, b);
      t_group g;
      t_group_begin(&g, (hwc_family)f, b, "kdf-prf", "(backend check)");
      t_case(&g, prf_uses(f == HWC_FAMILY_SHA1 ? HWC_SHA1 : f == HWC_FAMILY_SHA256 ? HWC_SHA256 : HWC_SHA512, b),
             "the PRF did not use %s", b);
      t_group_end(&g);
      if (f != HWC_FAMILY_SHA512) hkdf_rfc(run, (hwc_family)f, b);
      if (f == HWC_FAMILY_SHA1) pbkdf2_file(run, HWC_SHA1, b, "rfc/rfc6070_pbkdf2_hmac_sha1.json");
      if (f == HWC_FAMILY_SHA256) pbkdf2_file(run, HWC_SHA256, b, "rfc/rfc7914_pbkdf2_hmac_sha256.json");
      for (int a = 0; a < HWC_HASH_COUNT; a++) {
        if ((int)hwc_hash_family((hwc_hash_alg)a) != f) continue;
        if (hkdf_files[a]) hkdf_wycheproof(run, (hwc_hash_alg)a, b, hkdf_files[a]);
        if (pbkdf2_files[a]) pbkdf2_file(run, (hwc_hash_alg)a, b, pbkdf2_files[a]);
        kdf_api(b, (hwc_family)f, (hwc_hash_alg)a);
        if (run->diff_level && strcmp(b, "soft") != 0 && run->soft_available[f])
          kdf_differential(run, (hwc_hash_alg)a, b);
      }
      t_select_backend((hwc_family)f, prev);
    }
  }
}
