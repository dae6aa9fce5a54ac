/*
 * vectors.c - known-answer tests: every vector file in test/vectors/ run
 * against one backend at a time.
 *
 * AES backends are chosen per key (hwc_aes_key_init_with), hash backends
 * per context (hwc_hash_init_with). HMAC has no per-call backend in the
 * API, so the HMAC files select the family's backend (hwc_backend_set) for
 * the duration of the file and check that the HMAC contexts really used it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tjson.h"
#include "trsp.h"
#include "tutil.h"

/* ------------------------------------------------------------------------ */
/* File loading (each file read and parsed once per run)                    */
/* ------------------------------------------------------------------------ */

typedef struct cached_file {
  char rel[96];
  char *text;
  size_t len;
  tj_node *json;
} cached_file;

static cached_file g_cache[64];
static int g_cache_n;

static cached_file *load(const t_run *run, const char *rel, int json) {
  for (int i = 0; i < g_cache_n; i++)
    if (strcmp(g_cache[i].rel, rel) == 0) return g_cache[i].text ? &g_cache[i] : NULL;
  cached_file *c = &g_cache[g_cache_n < 63 ? g_cache_n++ : 63];
  memset(c, 0, sizeof(*c));
  snprintf(c->rel, sizeof(c->rel), "%s", rel);
  char path[1024];
  snprintf(path, sizeof(path), "%s/%s", run->vectors_dir, rel);
  c->text = t_read_file(path, &c->len);
  if (c->text && json) {
    c->json = tj_parse(c->text, c->len, rel);
    if (!c->json) {
      free(c->text);
      c->text = NULL;
    }
  }
  return c->text ? c : NULL;
}

/* A file that cannot be read or parsed counts as one failed case. */
static cached_file *load_or_fail(const t_run *run, t_group *g, const char *rel, int json) {
  cached_file *c = load(run, rel, json);
  if (!c) t_case(g, 0, "cannot read or parse %s/%s", run->vectors_dir, rel);
  return c;
}

static void free_cache(void) {
  for (int i = 0; i < g_cache_n; i++) {
    tj_free(g_cache[i].json);
    free(g_cache[i].text);
  }
  g_cache_n = 0;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

/* Hex bytes of an rsp field; absent field = empty. 0 on bad hex. */
static int rsp_hex(const trsp_record *rec, const char *name, uint8_t **out, size_t *len) {
  const trsp_kv *kv = trsp_field(rec, name);
  if (!kv) return t_hex_decode("", 0, out, len);
  return t_hex_decode(kv->value, kv->value_len, out, len);
}

static int json_hex(const tj_node *obj, const char *key, uint8_t **out, size_t *len) {
  const char *s = tj_str(obj, key);
  if (!s) s = "";
  return t_hex_decode(s, strlen(s), out, len);
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

static int eq(const uint8_t *a, const uint8_t *b, size_t n) { return n == 0 || memcmp(a, b, n) == 0; }

const char *t_select_backend(hwc_family f, const char *backend) {
  const char *prev = hwc_backend_current(f);
  if (hwc_backend_set(f, backend) != HWC_OK)
    fprintf(stderr, "warning: cannot select %s for %s\n", backend, hwc_family_name(f));
  return prev;
}

/* ------------------------------------------------------------------------ */
/* AES-GCM                                                                  */
/* ------------------------------------------------------------------------ */

/* One GCM known answer. expect_ok: the record is valid (ct/tag match pt);
 * otherwise open must reject it (argument error or authentication failure,
 * with the output wiped) and seal is not checked. gmac: msg is
 * authenticated only (the AAD), the plaintext is empty. */
typedef struct gcm_case {
  const uint8_t *key, *iv, *aad, *pt, *ct, *tag;
  size_t key_len, iv_len, aad_len, pt_len, ct_len, tag_len;
  int expect; /* 1 valid, 0 invalid, 2 either (Wycheproof "acceptable") */
} gcm_case;

static int gcm_check(const char *backend, hwc_aes_key *k, const gcm_case *c, char *why,
                     size_t why_len) {
  hwc_status st = hwc_aes_key_init_with(k, backend, c->key, c->key_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "key init (%zu bytes) returned %d", c->key_len, (int)st);
    return 0;
  }
  if (strcmp(hwc_aes_key_backend(k), backend) != 0) {
    snprintf(why, why_len, "key expanded by %s", hwc_aes_key_backend(k));
    return 0;
  }
  size_t n = c->ct_len;
  uint8_t *out = t_xmalloc(n + 1);
  uint8_t tag[16];
  int ok = 1;

  if (c->expect == 1) {
    if (c->pt_len != c->ct_len) {
      snprintf(why, why_len, "vector has |pt| %zu != |ct| %zu", c->pt_len, c->ct_len);
      ok = 0;
      goto done;
    }
    st = hwc_gcm_seal(k, c->iv, c->iv_len, c->aad, c->aad_len, c->pt, n, out, tag, c->tag_len);
    if (st != HWC_OK || !eq(out, c->ct, n) || !eq(tag, c->tag, c->tag_len)) {
      snprintf(why, why_len, "seal: status %d, ct %s, tag %s (want %s)", (int)st,
               eq(out, c->ct, n) ? "ok" : "WRONG", t_hex(tag, c->tag_len),
               t_hex(c->tag, c->tag_len));
      ok = 0;
      goto done;
    }
  }
  memset(out, 0x5a, n + 1);
  st = hwc_gcm_open(k, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, n, c->tag, c->tag_len, out);
  if (c->expect == 1 || (c->expect == 2 && st == HWC_OK)) {
    if (st != HWC_OK || !eq(out, c->pt, n)) {
      snprintf(why, why_len, "open: status %d, pt %s", (int)st, eq(out, c->pt, n) ? "ok" : "WRONG");
      ok = 0;
    }
  } else if (st == HWC_ERR_AUTH) {
    if (!all_zero(out, n)) {
      snprintf(why, why_len, "open rejected the tag but left output unwiped");
      ok = 0;
    }
  } else if (st == HWC_ERR_ARG) {
    /* rejected as an argument error (e.g. empty nonce) */
  } else {
    snprintf(why, why_len, "invalid record: open returned %d, want auth or arg error", (int)st);
    ok = 0;
  }
  if (out[n] != 0x5a) {
    snprintf(why, why_len, "open wrote past the end of the output");
    ok = 0;
  }
done:
  free(out);
  return ok;
}

/* Runs fn on every record with a Key of an AES .rsp file, as one group,
 * with one key object for the whole file; fn reports its own t_case. */
typedef void (*aes_rsp_fn)(t_group *g, const char *backend, hwc_aes_key *k, const trsp_record *rec, int flag);
static void aes_rsp_file(const t_run *run, const char *backend, const char *alg, const char *rel, aes_rsp_fn fn,
                         int flag) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, alg, rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    trsp_reader r;
    trsp_record rec;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec))
      if (trsp_field(&rec, "Key")) fn(&g, backend, k, &rec, flag);
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* One GCMVS record; decrypt: a FAIL record must be rejected. */
static void gcm_rsp_record(t_group *g, const char *backend, hwc_aes_key *k, const trsp_record *rec, int decrypt) {
  uint8_t *key, *iv, *pt, *aad, *ct, *tag;
  gcm_case c;
  memset(&c, 0, sizeof(c));
  int hex_ok = rsp_hex(rec, "Key", &key, &c.key_len) & rsp_hex(rec, "IV", &iv, &c.iv_len) &
               rsp_hex(rec, "PT", &pt, &c.pt_len) & rsp_hex(rec, "AAD", &aad, &c.aad_len) &
               rsp_hex(rec, "CT", &ct, &c.ct_len) & rsp_hex(rec, "Tag", &tag, &c.tag_len);
  c.key = key, c.iv = iv, c.pt = pt, c.aad = aad, c.ct = ct, c.tag = tag;
  c.expect = (decrypt && trsp_field(rec, "FAIL")) ? 0 : 1;
  char why[256] = "bad hex in vector";
  int ok = hex_ok && gcm_check(backend, k, &c, why, sizeof(why));
  t_case(g, ok, "line %d (Count %ld%s): %s", rec->line, trsp_field_long(rec, "Count"),
         c.expect ? "" : ", FAIL record", why);
  free(key), free(iv), free(pt), free(aad), free(ct), free(tag);
}

static void gcm_rsp(const t_run *run, const char *backend, const char *rel, int decrypt) {
  aes_rsp_file(run, backend, "aes-gcm", rel, gcm_rsp_record, decrypt);
}

static int wycheproof_expect(const char *result) {
  if (!result) return 1;
  if (strcmp(result, "valid") == 0) return 1;
  if (strcmp(result, "invalid") == 0) return 0;
  return 2;
}

static void gcm_wycheproof(const t_run *run, const char *backend, const char *rel, int gmac) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, gmac ? "aes-gmac" : "aes-gcm", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *groups = tj_get(f->json, "testGroups");
    if (!groups) t_case(&g, 0, "no testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *iv, *aad, *msg, *ct, *tag;
        gcm_case c;
        memset(&c, 0, sizeof(c));
        size_t msg_len;
        int hex_ok = json_hex(t, "key", &key, &c.key_len) & json_hex(t, "iv", &iv, &c.iv_len) &
                     json_hex(t, "aad", &aad, &c.aad_len) & json_hex(t, "msg", &msg, &msg_len) &
                     json_hex(t, "ct", &ct, &c.ct_len) & json_hex(t, "tag", &tag, &c.tag_len);
        c.key = key, c.iv = iv, c.tag = tag;
        if (gmac) { /* GMAC: the message is authenticated, nothing is encrypted */
          c.aad = msg, c.aad_len = msg_len;
          c.pt = ct, c.pt_len = 0, c.ct = ct, c.ct_len = 0;
        } else {
          c.aad = aad, c.pt = msg, c.pt_len = msg_len, c.ct = ct;
        }
        c.expect = wycheproof_expect(tj_str(t, "result"));
        if (c.tag_len > 16) c.expect = 0;
        char why[256] = "bad hex in vector";
        int ok = hex_ok && gcm_check(backend, k, &c, why, sizeof(why));
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
      }
    }
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-CTR                                                                  */
/* ------------------------------------------------------------------------ */

static int ctr_check(const char *backend, hwc_aes_key *k, const uint8_t *key, size_t key_len,
                     const uint8_t *ctr, size_t ctr_len, const uint8_t *pt, const uint8_t *ct,
                     size_t n, char *why, size_t why_len) {
  if (ctr_len != 16) {
    snprintf(why, why_len, "counter block is %zu bytes", ctr_len);
    return 0;
  }
  hwc_status st = hwc_aes_key_init_with(k, backend, key, key_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "key init returned %d", (int)st);
    return 0;
  }
  uint8_t *out = t_xmalloc(n + 1);
  int ok = 1;
  out[n] = 0x5a;
  st = hwc_ctr_xor(k, ctr, pt, out, n);
  if (st != HWC_OK || !eq(out, ct, n)) {
    snprintf(why, why_len, "encrypt: status %d, got %s", (int)st, t_hex(out, n));
    ok = 0;
  }
  /* decrypt in place */
  st = hwc_ctr_xor(k, ctr, out, out, n);
  if (ok && (st != HWC_OK || !eq(out, pt, n))) {
    snprintf(why, why_len, "in-place decrypt: status %d", (int)st);
    ok = 0;
  }
  if (out[n] != 0x5a) {
    snprintf(why, why_len, "wrote past the end of the output");
    ok = 0;
  }
  free(out);
  return ok;
}

static void ctr_json(const t_run *run, const char *backend, const char *rel, const char *ctr_key,
                     int only_ctr_mode) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-ctr", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *tests = tj_get(f->json, "tests");
    if (!tests) t_case(&g, 0, "no tests");
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      const char *mode = tj_str(t, "mode");
      if (only_ctr_mode && (!mode || strcmp(mode, "CTR") != 0)) continue;
      uint8_t *key, *ctr, *pt, *ct;
      size_t key_len, ctr_len, pt_len, ct_len;
      int hex_ok = json_hex(t, "key", &key, &key_len) & json_hex(t, ctr_key, &ctr, &ctr_len) &
                   json_hex(t, "plaintext", &pt, &pt_len) & json_hex(t, "ciphertext", &ct, &ct_len);
      char why[256] = "bad hex in vector";
      int ok = hex_ok && pt_len == ct_len &&
               ctr_check(backend, k, key, key_len, ctr, ctr_len, pt, ct, pt_len, why, sizeof(why));
      const char *sec = tj_str(t, "section");
      t_case(&g, ok, "%s %d: %s", sec ? sec : "test", (int)tj_num(t, "testVector", -1), why);
      free(key), free(ctr), free(pt), free(ct);
    }
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-CMAC                                                                 */
/* ------------------------------------------------------------------------ */

/* One CMAC known answer: tag is the leftmost tag_len bytes. expect 1: the
 * MAC must reproduce it and verify must accept it; 0: verify must reject it
 * (or the key must be refused, for Wycheproof's bad key sizes). */
static int cmac_check(const char *backend, hwc_aes_key *k, const uint8_t *key, size_t key_len,
                      const uint8_t *msg, size_t msg_len, const uint8_t *tag, size_t tag_len, int expect,
                      char *why, size_t why_len) {
  hwc_status st = hwc_aes_key_init_with(k, backend, key, key_len);
  if (st != HWC_OK) {
    if (expect == 0 && st == HWC_ERR_ARG && key_len != 16 && key_len != 24 && key_len != 32) return 1;
    snprintf(why, why_len, "key init returned %d", (int)st);
    return 0;
  }
  uint8_t out[17];
  out[16] = 0x5a;
  st = hwc_cmac(k, msg, msg_len, out);
  if (st != HWC_OK || out[16] != 0x5a) {
    snprintf(why, why_len, "mac: status %d or wrote past the tag", (int)st);
    return 0;
  }
  if (tag_len < HWC_CMAC_MIN_TAG || tag_len > 16) {
    st = hwc_cmac_verify(k, msg, msg_len, tag, tag_len);
    if (st != HWC_ERR_ARG) snprintf(why, why_len, "verify of a %zu-byte tag returned %d", tag_len, (int)st);
    return expect == 0 && st == HWC_ERR_ARG;
  }
  int match = eq(out, tag, tag_len);
  st = hwc_cmac_verify(k, msg, msg_len, tag, tag_len);
  if (expect == 1 && (!match || st != HWC_OK)) {
    snprintf(why, why_len, "valid tag: got %s, verify %d", t_hex(out, tag_len), (int)st);
    return 0;
  }
  if (expect == 0 && (match || st != HWC_ERR_AUTH)) {
    snprintf(why, why_len, "invalid tag accepted (verify %d)", (int)st);
    return 0;
  }
  return 1;
}

/* CMACVS: Gen records must be reproduced; Ver records carry Result = P/F.
 * Msg is "00" when Mlen = 0. */
static void cmac_rsp_record(t_group *g, const char *backend, hwc_aes_key *k, const trsp_record *rec, int unused) {
  (void)unused;
  uint8_t *key, *msg, *mac;
  size_t key_len, msg_len, mac_len;
  int hex_ok = rsp_hex(rec, "Key", &key, &key_len) & rsp_hex(rec, "Msg", &msg, &msg_len) &
               rsp_hex(rec, "Mac", &mac, &mac_len);
  if (trsp_field_long(rec, "Mlen") == 0) msg_len = 0;
  const trsp_kv *res = trsp_field(rec, "Result");
  int expect = res ? (res->value_len > 0 && res->value[0] == 'P') : 1;
  char why[256] = "bad hex in vector";
  int ok = hex_ok && (size_t)trsp_field_long(rec, "Tlen") == mac_len &&
           cmac_check(backend, k, key, key_len, msg, msg_len, mac, mac_len, expect, why, sizeof(why));
  t_case(g, ok, "line %d (Count %ld%s): %s", rec->line, trsp_field_long(rec, "Count"), expect ? "" : ", F record",
         why);
  free(key), free(msg), free(mac);
}

/* SP 800-38B App. D (tests[]: key, message, mac) or Wycheproof (testGroups). */
static void cmac_json(const t_run *run, const char *backend, const char *rel, int wycheproof) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-cmac", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *groups = wycheproof ? tj_get(f->json, "testGroups") : NULL;
    const tj_node *flat = wycheproof ? NULL : tj_get(f->json, "tests");
    if (!groups && !flat) t_case(&g, 0, "no tests");
    const tj_node *tg = groups ? groups->child : NULL;
    do {
      const tj_node *tests = tg ? tj_get(tg, "tests") : flat;
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *msg, *tag;
        size_t key_len, msg_len, tag_len;
        int hex_ok = json_hex(t, "key", &key, &key_len) &
                     json_hex(t, wycheproof ? "msg" : "message", &msg, &msg_len) &
                     json_hex(t, wycheproof ? "tag" : "mac", &tag, &tag_len);
        int expect = wycheproof ? wycheproof_expect(tj_str(t, "result")) : 1;
        char why[256] = "bad hex in vector";
        int ok = hex_ok &&
                 cmac_check(backend, k, key, key_len, msg, msg_len, tag, tag_len, expect, why, sizeof(why));
        if (wycheproof)
          t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        else
          t_case(&g, ok, "AES-%d example %d: %s", (int)tj_num(t, "keyBits", -1), (int)tj_num(t, "example", -1), why);
        free(key), free(msg), free(tag);
      }
      tg = tg ? tg->next : NULL;
    } while (tg);
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* SHA                                                                      */
/* ------------------------------------------------------------------------ */

/* Hashes data with backend; chunk = 0 for one update, else updates of
 * that many bytes (the last one shorter). */
static hwc_status hash_with(const char *backend, hwc_hash_alg alg, const uint8_t *data,
                            size_t len, size_t chunk, uint8_t *out, const char **used) {
  hwc_hash_ctx c;
  hwc_status st = hwc_hash_init_with(&c, alg, backend);
  if (st != HWC_OK) return st;
  if (used) *used = hwc_hash_backend(&c);
  if (!chunk) chunk = len ? len : 1;
  for (size_t off = 0; off < len; off += chunk) {
    size_t n = len - off < chunk ? len - off : chunk;
    st = hwc_hash_update(&c, data + off, n);
    if (st != HWC_OK) return st;
  }
  return hwc_hash_final(&c, out);
}

static void sha_msg_file(const t_run *run, const char *backend, hwc_hash_alg alg,
                         const char *rel) {
  t_group g;
  t_group_begin(&g, hwc_hash_family(alg), backend, t_hash_name(alg), rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  size_t dlen = hwc_hash_digest_len(alg);
  if (f) {
    trsp_reader r;
    trsp_record rec;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec)) {
      long bits = trsp_field_long(&rec, "Len");
      if (bits < 0) continue;
      uint8_t *msg, *md;
      size_t msg_len, md_len;
      int ok = rsp_hex(&rec, "Msg", &msg, &msg_len) & rsp_hex(&rec, "MD", &md, &md_len);
      char why[200] = "bad vector";
      size_t n = (size_t)bits / 8;
      if (ok && (bits % 8 || n > msg_len || md_len != dlen)) ok = 0;
      if (ok) {
        uint8_t out[HWC_HASH_MAX_DIGEST];
        const char *used = NULL;
        /* one update, then 1-byte updates for short messages or an odd
         * chunk size that straddles blocks for long ones */
        size_t chunks[2] = {0, n <= 256 ? 1 : 997};
        for (int i = 0; i < 2 && ok; i++) {
          hwc_status st = hash_with(backend, alg, msg, n, chunks[i], out, &used);
          if (st != HWC_OK) {
            snprintf(why, sizeof(why), "status %d", (int)st);
            ok = 0;
          } else if (!used || strcmp(used, backend) != 0) {
            snprintf(why, sizeof(why), "context used backend %s", used ? used : "(none)");
            ok = 0;
          } else if (!eq(out, md, dlen)) {
            snprintf(why, sizeof(why), "chunk %zu: got %s", chunks[i], t_hex(out, dlen));
            ok = 0;
          }
        }
      }
      t_case(&g, ok, "line %d (Len %ld): %s", rec.line, bits, why);
      free(msg), free(md);
    }
  }
  t_group_end(&g);
}

/* SHAVS Monte Carlo: from a seed, MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1})
 * for 1000 steps starting with MD_0 = MD_1 = MD_2 = seed; the last one is
 * checkpoint j and the seed of checkpoint j+1. Each checkpoint starts from
 * the file's previous value so one error does not cascade. */
static void sha_monte_file(const t_run *run, const char *backend, hwc_hash_alg alg,
                           const char *rel) {
  t_group g;
  t_group_begin(&g, hwc_hash_family(alg), backend, t_hash_name(alg), rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  size_t d = hwc_hash_digest_len(alg);
  if (f) {
    trsp_reader r;
    trsp_record rec;
    uint8_t seed[HWC_HASH_MAX_DIGEST];
    int have_seed = 0;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec)) {
      uint8_t *v;
      size_t vl;
      if (trsp_field(&rec, "Seed")) {
        have_seed = rsp_hex(&rec, "Seed", &v, &vl) && vl == d;
        if (have_seed) memcpy(seed, v, d);
        else t_case(&g, 0, "line %d: bad seed", rec.line);
        free(v);
        continue;
      }
      if (!trsp_field(&rec, "MD")) continue;
      int ok = rsp_hex(&rec, "MD", &v, &vl) && vl == d && have_seed;
      char why[200] = "bad vector or no seed";
      if (ok) {
        uint8_t buf[3 * HWC_HASH_MAX_DIGEST];
        memcpy(buf, seed, d);
        memcpy(buf + d, seed, d);
        memcpy(buf + 2 * d, seed, d);
        for (int i = 0; i < 1000 && ok; i++) {
          uint8_t md[HWC_HASH_MAX_DIGEST] = {0};
          hwc_hash_ctx c;
          if (hwc_hash_init_with(&c, alg, backend) != HWC_OK ||
              hwc_hash_update(&c, buf, 3 * d) != HWC_OK || hwc_hash_final(&c, md) != HWC_OK) {
            snprintf(why, sizeof(why), "hash call failed");
            ok = 0;
          }
          memmove(buf, buf + d, 2 * d);
          memcpy(buf + 2 * d, md, d);
        }
        if (ok && !eq(buf + 2 * d, v, d)) {
          snprintf(why, sizeof(why), "got %s", t_hex(buf + 2 * d, d));
          ok = 0;
        }
        memcpy(seed, v, d);
      }
      t_case(&g, ok, "line %d (COUNT %ld): %s", rec.line, trsp_field_long(&rec, "COUNT"), why);
      free(v);
    }
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* HMAC                                                                     */
/* ------------------------------------------------------------------------ */

/* HMAC with the currently selected backend; checks the contexts used
 * `backend`. Computes the full MAC twice (one-shot and split updates) and
 * returns 1 when both agree with each other; the full MAC is in out. */
static int hmac_run(const char *backend, hwc_hash_alg alg, const uint8_t *key, size_t key_len,
                    const uint8_t *msg, size_t len, uint8_t *out, char *why, size_t why_len) {
  hwc_status st = hwc_hmac(alg, key, key_len, msg, len, out);
  if (st != HWC_OK) {
    snprintf(why, why_len, "hwc_hmac returned %d", (int)st);
    return 0;
  }
  hwc_hmac_ctx c;
  uint8_t out2[HWC_HASH_MAX_DIGEST];
  st = hwc_hmac_init(&c, alg, key, key_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "hwc_hmac_init returned %d", (int)st);
    return 0;
  }
  const char *in_b = hwc_hash_backend(&c.inner), *out_b = hwc_hash_backend(&c.outer);
  if (!in_b || !out_b || strcmp(in_b, backend) != 0 || strcmp(out_b, backend) != 0) {
    snprintf(why, why_len, "HMAC contexts use %s/%s", in_b ? in_b : "-", out_b ? out_b : "-");
    hwc_hmac_wipe(&c);
    return 0;
  }
  size_t half = len / 2;
  if (hwc_hmac_update(&c, msg, half) != HWC_OK ||
      hwc_hmac_update(&c, msg + half, len - half) != HWC_OK || hwc_hmac_final(&c, out2) != HWC_OK) {
    snprintf(why, why_len, "incremental HMAC failed");
    return 0;
  }
  if (!eq(out, out2, hwc_hash_digest_len(alg))) {
    snprintf(why, why_len, "one-shot and incremental HMAC differ");
    return 0;
  }
  return 1;
}

static hwc_hash_alg hmac_alg_for_L(long L) {
  switch (L) {
    case 20: return HWC_SHA1;
    case 28: return HWC_SHA224;
    case 32: return HWC_SHA256;
    case 48: return HWC_SHA384;
    case 64: return HWC_SHA512;
    default: return HWC_HASH_COUNT;
  }
}

static void hmac_rsp(const t_run *run, const char *backend, hwc_hash_alg alg, const char *rel) {
  char name[32];
  snprintf(name, sizeof(name), "hmac-%s", t_hash_name(alg));
  t_group g;
  hwc_family fam = hwc_hash_family(alg);
  t_group_begin(&g, fam, backend, name, rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  if (f) {
    const char *prev = t_select_backend(fam, backend);
    trsp_reader r;
    trsp_record rec;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec)) {
      if (hmac_alg_for_L(trsp_header_long(&rec, "L")) != alg || !trsp_field(&rec, "Mac")) continue;
      uint8_t *key, *msg, *mac;
      size_t key_len, msg_len, mac_len;
      long tlen = trsp_field_long(&rec, "Tlen");
      int ok = rsp_hex(&rec, "Key", &key, &key_len) & rsp_hex(&rec, "Msg", &msg, &msg_len) &
               rsp_hex(&rec, "Mac", &mac, &mac_len);
      char why[200] = "bad vector";
      if (ok && (tlen < 0 || (size_t)tlen != mac_len || mac_len > hwc_hash_digest_len(alg))) ok = 0;
      if (ok) {
        uint8_t out[HWC_HASH_MAX_DIGEST];
        ok = hmac_run(backend, alg, key, key_len, msg, msg_len, out, why, sizeof(why));
        if (ok && !eq(out, mac, mac_len)) {
          snprintf(why, sizeof(why), "got %s", t_hex(out, mac_len));
          ok = 0;
        }
      }
      t_case(&g, ok, "line %d (Count %ld): %s", rec.line, trsp_field_long(&rec, "Count"), why);
      free(key), free(msg), free(mac);
    }
    t_select_backend(fam, prev);
  }
  t_group_end(&g);
}

/* RFC 2202 / RFC 4231 JSON: tests[] with key, data and one field per hash
 * (mac_field); truncatedToBits limits the comparison. */
static void hmac_rfc(const t_run *run, const char *backend, hwc_hash_alg alg, const char *rel,
                     const char *mac_field) {
  char name[32];
  snprintf(name, sizeof(name), "hmac-%s", t_hash_name(alg));
  t_group g;
  hwc_family fam = hwc_hash_family(alg);
  t_group_begin(&g, fam, backend, name, rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    const char *prev = t_select_backend(fam, backend);
    const tj_node *tests = tj_get(f->json, "tests");
    if (!tests) t_case(&g, 0, "no tests");
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      if (!tj_str(t, mac_field)) continue;
      uint8_t *key, *msg, *mac;
      size_t key_len, msg_len, mac_len;
      int ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "data", &msg, &msg_len) &
               json_hex(t, mac_field, &mac, &mac_len);
      double trunc = tj_num(t, "truncatedToBits", 0);
      size_t cmp = trunc > 0 ? (size_t)trunc / 8 : hwc_hash_digest_len(alg);
      char why[200] = "bad vector";
      if (ok && (cmp > mac_len || cmp > hwc_hash_digest_len(alg))) ok = 0;
      if (ok) {
        uint8_t out[HWC_HASH_MAX_DIGEST];
        ok = hmac_run(backend, alg, key, key_len, msg, msg_len, out, why, sizeof(why));
        if (ok && !eq(out, mac, cmp)) {
          snprintf(why, sizeof(why), "got %s", t_hex(out, cmp));
          ok = 0;
        }
      }
      t_case(&g, ok, "testCase %d: %s", (int)tj_num(t, "testCase", -1), why);
      free(key), free(msg), free(mac);
    }
    t_select_backend(fam, prev);
  }
  t_group_end(&g);
}

/* Wycheproof MAC tests: the tag is the leftmost tagSize bits; valid must
 * match, invalid must not. */
static void hmac_wycheproof(const t_run *run, const char *backend, hwc_hash_alg alg,
                            const char *rel) {
  char name[32];
  snprintf(name, sizeof(name), "hmac-%s", t_hash_name(alg));
  t_group g;
  hwc_family fam = hwc_hash_family(alg);
  t_group_begin(&g, fam, backend, name, rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    const char *prev = t_select_backend(fam, backend);
    const tj_node *groups = tj_get(f->json, "testGroups");
    if (!groups) t_case(&g, 0, "no testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      size_t tag_bytes = (size_t)tj_num(tg, "tagSize", 0) / 8;
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *msg, *tag;
        size_t key_len, msg_len, tag_len;
        int hex_ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "msg", &msg, &msg_len) &
                     json_hex(t, "tag", &tag, &tag_len);
        int expect = wycheproof_expect(tj_str(t, "result"));
        char why[200] = "bad vector";
        int ok = hex_ok && tag_bytes <= hwc_hash_digest_len(alg);
        if (ok) {
          uint8_t out[HWC_HASH_MAX_DIGEST];
          ok = hmac_run(backend, alg, key, key_len, msg, msg_len, out, why, sizeof(why));
          if (ok) {
            int match = tag_len == tag_bytes && eq(out, tag, tag_bytes);
            if (expect == 1 && !match) {
              snprintf(why, sizeof(why), "valid tag not reproduced: got %s", t_hex(out, tag_bytes));
              ok = 0;
            } else if (expect == 0 && match) {
              snprintf(why, sizeof(why), "invalid tag accepted");
              ok = 0;
            }
          }
        }
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(msg), free(tag);
      }
    }
    t_select_backend(fam, prev);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Per family                                                               */
/* ------------------------------------------------------------------------ */

static void aes_vectors(const t_run *run, const char *b) {
  gcm_rsp(run, b, "nist/gcm/gcmEncryptExtIV128.rsp", 0);
  gcm_rsp(run, b, "nist/gcm/gcmEncryptExtIV256.rsp", 0);
  gcm_rsp(run, b, "nist/gcm/gcmDecrypt128.rsp", 1);
  gcm_rsp(run, b, "nist/gcm/gcmDecrypt256.rsp", 1);
  gcm_wycheproof(run, b, "wycheproof/aes_gcm_test.json", 0);
  gcm_wycheproof(run, b, "wycheproof/aes_gmac_test.json", 1);
  ctr_json(run, b, "nist/examples/sp800_38a_aes_ecb_cbc_ctr.json", "initialCounter", 1);
  ctr_json(run, b, "rfc/rfc3686_aes_ctr.json", "counterBlock", 0);
  static const char *const cmac_files[] = {"nist/cmac/CMACGenAES192.rsp", "nist/cmac/CMACGenAES256.rsp",
                                           "nist/cmac/CMACVerAES128.rsp", "nist/cmac/CMACVerAES256.rsp"};
  for (size_t i = 0; i < sizeof(cmac_files) / sizeof(cmac_files[0]); i++)
    aes_rsp_file(run, b, "aes-cmac", cmac_files[i], cmac_rsp_record, 0);
  cmac_json(run, b, "nist/examples/sp800_38b_aes_cmac.json", 0);
  cmac_json(run, b, "wycheproof/aes_cmac_test.json", 1);
}

typedef struct hash_files {
  hwc_hash_alg alg;
  const char *prefix;      /* nist/sha/<prefix>{ShortMsg,LongMsg,Monte}.rsp */
  const char *rfc_file;    /* HMAC RFC file, or NULL */
  const char *rfc_field;
  const char *wycheproof;  /* wycheproof/hmac_<x>_test.json */
  int in_hmac_rsp;         /* HMAC.rsp has a section for it */
} hash_files;

static const hash_files k_hash_files[] = {
    {HWC_SHA1, "SHA1", "rfc/rfc2202_hmac_sha1.json", "hmacSha1", "wycheproof/hmac_sha1_test.json", 1},
    {HWC_SHA224, "SHA224", "rfc/rfc4231_hmac_sha2.json", "hmacSha224",
     "wycheproof/hmac_sha224_test.json", 1},
    {HWC_SHA256, "SHA256", "rfc/rfc4231_hmac_sha2.json", "hmacSha256",
     "wycheproof/hmac_sha256_test.json", 1},
    {HWC_SHA384, "SHA384", "rfc/rfc4231_hmac_sha2.json", "hmacSha384",
     "wycheproof/hmac_sha384_test.json", 1},
    {HWC_SHA512, "SHA512", "rfc/rfc4231_hmac_sha2.json", "hmacSha512",
     "wycheproof/hmac_sha512_test.json", 1},
    {HWC_SHA512_256, "SHA512_256", NULL, NULL, "wycheproof/hmac_sha512_256_test.json", 0},
};

static void hash_vectors(const t_run *run, hwc_family fam, const char *b) {
  for (size_t i = 0; i < sizeof(k_hash_files) / sizeof(k_hash_files[0]); i++) {
    const hash_files *h = &k_hash_files[i];
    if (hwc_hash_family(h->alg) != fam) continue;
    char rel[96];
    snprintf(rel, sizeof(rel), "nist/sha/%sShortMsg.rsp", h->prefix);
    sha_msg_file(run, b, h->alg, rel);
    snprintf(rel, sizeof(rel), "nist/sha/%sLongMsg.rsp", h->prefix);
    sha_msg_file(run, b, h->alg, rel);
    snprintf(rel, sizeof(rel), "nist/sha/%sMonte.rsp", h->prefix);
    sha_monte_file(run, b, h->alg, rel);
    if (h->in_hmac_rsp) hmac_rsp(run, b, h->alg, "nist/hmac/HMAC.rsp");
    if (h->rfc_file) hmac_rfc(run, b, h->alg, h->rfc_file, h->rfc_field);
    hmac_wycheproof(run, b, h->alg, h->wycheproof);
  }
}

void t_run_vectors(const t_run *run) {
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
    for (int i = 0; i < run->n_backends[f]; i++) {
      const char *b = run->backends[f][i];
      if (f == HWC_FAMILY_AES) aes_vectors(run, b);
      else hash_vectors(run, (hwc_family)f, b);
    }
  }
  free_cache();
}
