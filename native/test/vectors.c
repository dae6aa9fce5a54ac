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

static cached_file g_cache[128];
static int g_cache_n;

static cached_file *load(const t_run *run, const char *rel, int json) {
  for (int i = 0; i < g_cache_n; i++)
    if (strcmp(g_cache[i].rel, rel) == 0) return g_cache[i].text ? &g_cache[i] : NULL;
  cached_file *c = &g_cache[g_cache_n < 127 ? g_cache_n++ : 127];
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

/* One AEAD (GCM or CCM) known answer. expect 1: the record is valid
 * (ct/tag match pt; seal and open are also run in place); otherwise open
 * must reject it (argument error or authentication failure, with the
 * output wiped) and seal is not checked. expect_arg: the parameters are
 * invalid (nonce or tag size), so seal and open must both refuse them with
 * HWC_ERR_ARG and write nothing. gmac: msg is authenticated only (the
 * AAD), the plaintext is empty. */
typedef struct gcm_case {
  const uint8_t *key, *iv, *aad, *pt, *ct, *tag;
  size_t key_len, iv_len, aad_len, pt_len, ct_len, tag_len;
  int expect; /* 1 valid, 0 invalid, 2 either (Wycheproof "acceptable") */
  int expect_arg;
} gcm_case;

/* hwc_gcm_seal/open and hwc_ccm_seal/open have the same signatures. */
typedef hwc_status (*aead_seal_fn)(const hwc_aes_key *, const uint8_t *, size_t, const uint8_t *, size_t,
                                   const uint8_t *, size_t, uint8_t *, uint8_t *, size_t);
typedef hwc_status (*aead_open_fn)(const hwc_aes_key *, const uint8_t *, size_t, const uint8_t *, size_t,
                                   const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *);
typedef struct aead_fns {
  aead_seal_fn seal;
  aead_open_fn open;
} aead_fns;
static const aead_fns k_gcm = {hwc_gcm_seal, hwc_gcm_open};
static const aead_fns k_ccm = {hwc_ccm_seal, hwc_ccm_open};

static int aead_check(const aead_fns *fn, const char *backend, hwc_aes_key *k, const gcm_case *c, char *why,
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

  if (c->expect_arg) {
    memset(out, 0x5a, n + 1);
    st = fn->seal(k, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, n, out, tag, c->tag_len);
    hwc_status st2 = fn->open(k, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, n, c->tag, c->tag_len, out);
    if (st != HWC_ERR_ARG || st2 != HWC_ERR_ARG) {
      snprintf(why, why_len, "invalid parameters (nonce %zu, tag %zu bytes): seal %d, open %d, want %d", c->iv_len,
               c->tag_len, (int)st, (int)st2, (int)HWC_ERR_ARG);
      ok = 0;
    }
    for (size_t i = 0; i <= n && ok; i++)
      if (out[i] != 0x5a) {
        snprintf(why, why_len, "refused call wrote to the output");
        ok = 0;
      }
    goto done;
  }
  if (c->expect == 1) {
    if (c->pt_len != c->ct_len) {
      snprintf(why, why_len, "vector has |pt| %zu != |ct| %zu", c->pt_len, c->ct_len);
      ok = 0;
      goto done;
    }
    st = fn->seal(k, c->iv, c->iv_len, c->aad, c->aad_len, c->pt, n, out, tag, c->tag_len);
    if (st != HWC_OK || !eq(out, c->ct, n) || !eq(tag, c->tag, c->tag_len)) {
      snprintf(why, why_len, "seal: status %d, ct %s, tag %s (want %s)", (int)st,
               eq(out, c->ct, n) ? "ok" : "WRONG", t_hex(tag, c->tag_len),
               t_hex(c->tag, c->tag_len));
      ok = 0;
      goto done;
    }
    /* in place: seal over a copy of pt, then open it back in place */
    memcpy(out, c->pt, n);
    st = fn->seal(k, c->iv, c->iv_len, c->aad, c->aad_len, out, n, out, tag, c->tag_len);
    if (st != HWC_OK || !eq(out, c->ct, n) || !eq(tag, c->tag, c->tag_len)) {
      snprintf(why, why_len, "in-place seal: status %d, ct %s, tag %s", (int)st, eq(out, c->ct, n) ? "ok" : "WRONG",
               t_hex(tag, c->tag_len));
      ok = 0;
      goto done;
    }
    st = fn->open(k, c->iv, c->iv_len, c->aad, c->aad_len, out, n, c->tag, c->tag_len, out);
    if (st != HWC_OK || !eq(out, c->pt, n)) {
      snprintf(why, why_len, "in-place open: status %d, pt %s", (int)st, eq(out, c->pt, n) ? "ok" : "WRONG");
      ok = 0;
      goto done;
    }
  }
  memset(out, 0x5a, n + 1);
  st = fn->open(k, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, n, c->tag, c->tag_len, out);
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

/* Runs fn on every record with a Key (or KEY, AESAVS) of an AES .rsp file, as one group,
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
      if (trsp_field(&rec, "Key") || trsp_field(&rec, "KEY")) fn(&g, backend, k, &rec, flag);
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
  int ok = hex_ok && aead_check(&k_gcm, backend, k, &c, why, sizeof(why));
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
        int ok = hex_ok && aead_check(&k_gcm, backend, k, &c, why, sizeof(why));
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
/* AES-ECB and AES-CBC                                                      */
/* ------------------------------------------------------------------------ */

/* One ECB or CBC (no padding) known answer: pt <-> ct both ways, out of
 * place with a guard byte after the output, then in place. iv is NULL for
 * ECB. */
static int block_check(const char *backend, hwc_aes_key *k, const uint8_t *key, size_t key_len, const uint8_t *iv,
                       const uint8_t *pt, const uint8_t *ct, size_t n, char *why, size_t why_len) {
  hwc_status st = hwc_aes_key_init_with(k, backend, key, key_len);
  if (st != HWC_OK || strcmp(hwc_aes_key_backend(k), backend) != 0) {
    snprintf(why, why_len, "key init (%zu bytes) returned %d", key_len, (int)st);
    return 0;
  }
  uint8_t *out = t_xmalloc(n + 1);
  int ok = 1;
  for (int pass = 0; pass < 4 && ok; pass++) {
    int seal = !(pass & 1), in_place = pass >= 2;
    const uint8_t *in = seal ? pt : ct, *want = seal ? ct : pt;
    memset(out, 0x5a, n + 1);
    if (in_place) memcpy(out, in, n);
    const uint8_t *src = in_place ? out : in;
    if (iv) st = seal ? hwc_cbc_encrypt(k, iv, src, out, n) : hwc_cbc_decrypt(k, iv, src, out, n);
    else st = seal ? hwc_ecb_encrypt(k, src, out, n) : hwc_ecb_decrypt(k, src, out, n);
    if (st != HWC_OK || !eq(out, want, n) || out[n] != 0x5a) {
      snprintf(why, why_len, "%s%s: status %d, got %s%s", seal ? "encrypt" : "decrypt", in_place ? " in place" : "",
               (int)st, t_hex(out, n), out[n] != 0x5a ? " (wrote past the end)" : "");
      ok = 0;
    }
  }
  free(out);
  return ok;
}

/* AESAVS KAT and MMT records (KEY, IV for CBC, PLAINTEXT, CIPHERTEXT):
 * [ENCRYPT] and [DECRYPT] records alike are checked in both directions. */
static void block_rsp_record(t_group *g, const char *backend, hwc_aes_key *k, const trsp_record *rec, int cbc) {
  uint8_t *key, *iv, *pt, *ct;
  size_t key_len, iv_len, pt_len, ct_len;
  int hex_ok = rsp_hex(rec, "KEY", &key, &key_len) & rsp_hex(rec, "IV", &iv, &iv_len) &
               rsp_hex(rec, "PLAINTEXT", &pt, &pt_len) & rsp_hex(rec, "CIPHERTEXT", &ct, &ct_len);
  char why[256] = "bad vector";
  int ok = hex_ok && pt_len == ct_len && pt_len % 16 == 0 && (cbc ? iv_len == 16 : !trsp_field(rec, "IV")) &&
           block_check(backend, k, key, key_len, cbc ? iv : NULL, pt, ct, pt_len, why, sizeof(why));
  t_case(g, ok, "line %d (COUNT %ld): %s", rec->line, trsp_field_long(rec, "COUNT"), why);
  free(key), free(iv), free(pt), free(ct);
}

/* Key[i+1] of the AESAVS Monte Carlo test (section 6.4): Key[i] XOR the
 * last key_len bytes of out[998] || out[999] (the last two outputs of the
 * inner loop). */
static void mct_next_key(uint8_t *key, size_t key_len, const uint8_t prev[16], const uint8_t last[16]) {
  uint8_t tail[32];
  memcpy(tail, prev, 16);
  memcpy(tail + 16, last, 16);
  for (size_t i = 0; i < key_len; i++) key[i] ^= tail[32 - key_len + i];
}

/* The AESAVS Monte Carlo test, one record per outer iteration i. The
 * record gives Key[i], IV[i] (CBC) and the first input; the inner loop of
 * 1000 block operations must end on the record's output. The records are
 * also chained: the key, IV and first input this record predicts for
 * iteration i + 1 must be the next record's, which checks the outer
 * update rule. Each record starts from its own values, so one error does
 * not cascade.
 *
 * Encrypt (decrypt swaps PLAINTEXT and CIPHERTEXT and uses D_K):
 *   ECB: CT[j] = E(PT[j]), PT[j+1] = CT[j].
 *   CBC: CT[j] = E(PT[j] ^ CT[j-1]) with CT[-1] = IV[i];
 *        PT[j+1] = IV[i] for j = 0, else CT[j-1].
 *   Key[i+1] = Key[i] ^ (the last key-length bytes of CT[998] || CT[999]);
 *   ECB: PT[0] = CT[999];  CBC: IV[i+1] = CT[999], PT[0] = CT[998].
 * Which direction a record belongs to follows its field order (the input
 * is listed before the output). */
typedef struct mct_next {
  int have;
  int seal;
  uint8_t key[32], iv[16], in[16];
  size_t key_len;
} mct_next;

static void mct_rsp_record(t_group *g, const char *backend, hwc_aes_key *k, const trsp_record *rec, int cbc,
                           mct_next *next) {
  uint8_t *key, *iv, *pt, *ct;
  size_t key_len, iv_len, pt_len, ct_len;
  int hex_ok = rsp_hex(rec, "KEY", &key, &key_len) & rsp_hex(rec, "IV", &iv, &iv_len) &
               rsp_hex(rec, "PLAINTEXT", &pt, &pt_len) & rsp_hex(rec, "CIPHERTEXT", &ct, &ct_len);
  int seal = trsp_field(rec, "PLAINTEXT") < trsp_field(rec, "CIPHERTEXT");
  const uint8_t *first = seal ? pt : ct, *want = seal ? ct : pt;
  char why[256] = "bad vector";
  int ok = hex_ok && pt_len == 16 && ct_len == 16 && (cbc ? iv_len == 16 : 1);
  if (ok && next->have && next->seal == seal) {
    if (next->key_len != key_len || !eq(next->key, key, key_len) || !eq(next->in, first, 16) ||
        (cbc && !eq(next->iv, iv, 16))) {
      snprintf(why, sizeof(why), "the previous record predicts KEY %s, IV %s, input %s", t_hex(next->key, next->key_len),
               t_hex(next->iv, 16), t_hex(next->in, 16));
      ok = 0;
    }
  }
  next->have = 0;
  if (ok) {
    hwc_status st = hwc_aes_key_init_with(k, backend, key, key_len);
    if (st != HWC_OK || strcmp(hwc_aes_key_backend(k), backend) != 0) {
      snprintf(why, sizeof(why), "key init returned %d", (int)st);
      ok = 0;
    }
  }
  if (ok) {
    uint8_t in[16], out[16], prev[16], chain[16];
    memcpy(in, first, 16);
    if (cbc) memcpy(chain, iv, 16);
    memset(prev, 0, 16);
    for (int j = 0; j < 1000 && ok; j++) {
      hwc_status st;
      if (cbc) st = seal ? hwc_cbc_encrypt(k, chain, in, out, 16) : hwc_cbc_decrypt(k, chain, in, out, 16);
      else st = seal ? hwc_ecb_encrypt(k, in, out, 16) : hwc_ecb_decrypt(k, in, out, 16);
      if (st != HWC_OK) {
        snprintf(why, sizeof(why), "call %d returned %d", j, (int)st);
        ok = 0;
      }
      if (cbc) {
        /* encrypt: the next chaining value is CT[j], the next input
         * CT[j-1] (IV for j = 0); decrypt: the next chaining value is
         * the ciphertext CT[j] just consumed, the next input PT[j-1]. */
        uint8_t next_in[16];
        memcpy(next_in, j == 0 ? chain : prev, 16);
        memcpy(chain, seal ? out : in, 16);
        memcpy(prev, out, 16);
        memcpy(in, next_in, 16);
      } else {
        memcpy(prev, in, 16); /* ECB: in == out[j-1] from j = 1 on */
        memcpy(in, out, 16);
      }
    }
    if (ok && !eq(out, want, 16)) {
      snprintf(why, sizeof(why), "got %s", t_hex(out, 16));
      ok = 0;
    }
    if (ok) {
      /* out[998]: CBC's next input, ECB's input of the last call */
      const uint8_t *o998 = cbc ? in : prev;
      next->have = 1;
      next->seal = seal;
      next->key_len = key_len;
      memcpy(next->key, key, key_len);
      mct_next_key(next->key, key_len, o998, out);
      memcpy(next->in, cbc ? o998 : out, 16);
      memcpy(next->iv, out, 16);
    }
  }
  t_case(g, ok, "line %d (%s COUNT %ld): %s", rec->line, seal ? "encrypt" : "decrypt", trsp_field_long(rec, "COUNT"),
         why);
  free(key), free(iv), free(pt), free(ct);
}

static void mct_rsp(const t_run *run, const char *backend, const char *rel, int cbc) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, cbc ? "aes-cbc" : "aes-ecb", rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    trsp_reader r;
    trsp_record rec;
    mct_next next;
    memset(&next, 0, sizeof(next));
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec))
      if (trsp_field(&rec, "KEY")) mct_rsp_record(&g, backend, k, &rec, cbc, &next);
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* SP 800-38A App. F examples (tests[]: mode, key, iv, plaintext,
 * ciphertext): the ECB and CBC ones. */
static void block_json(const t_run *run, const char *backend, const char *rel, int cbc) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, cbc ? "aes-cbc" : "aes-ecb", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *tests = tj_get(f->json, "tests");
    int n = 0;
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      const char *mode = tj_str(t, "mode");
      if (!mode || strcmp(mode, cbc ? "CBC" : "ECB") != 0) continue;
      n++;
      uint8_t *key, *iv, *pt, *ct;
      size_t key_len, iv_len, pt_len, ct_len;
      int hex_ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "iv", &iv, &iv_len) &
                   json_hex(t, "plaintext", &pt, &pt_len) & json_hex(t, "ciphertext", &ct, &ct_len);
      char why[256] = "bad vector";
      int ok = hex_ok && pt_len == ct_len && (cbc ? iv_len == 16 : 1) &&
               block_check(backend, k, key, key_len, cbc ? iv : NULL, pt, ct, pt_len, why, sizeof(why));
      t_case(&g, ok, "%s: %s", tj_str(t, "section"), why);
      free(key), free(iv), free(pt), free(ct);
    }
    if (n != 3) t_case(&g, 0, "%d %s examples, want 3", n, cbc ? "CBC" : "ECB");
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* Wycheproof AES-CBC-PKCS5: a valid case must encrypt to exactly ct and
 * decrypt back (also in place); an invalid one (bad or missing padding)
 * must make hwc_cbc_decrypt_pkcs7 return HWC_ERR_DECRYPT with all of the
 * output wiped and an output length of 0. */
static int cbc_pkcs7_check(const char *backend, hwc_aes_key *k, const tj_node *t, int expect, char *why,
                           size_t why_len) {
  uint8_t *key, *iv, *msg, *ct;
  size_t key_len, iv_len, msg_len, ct_len;
  int ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "iv", &iv, &iv_len) &
           json_hex(t, "msg", &msg, &msg_len) & json_hex(t, "ct", &ct, &ct_len);
  if (!ok || iv_len != 16) {
    snprintf(why, why_len, "bad vector");
    ok = 0;
    goto done;
  }
  hwc_status st = hwc_aes_key_init_with(k, backend, key, key_len);
  if (st != HWC_OK || strcmp(hwc_aes_key_backend(k), backend) != 0) {
    snprintf(why, why_len, "key init returned %d", (int)st);
    ok = 0;
    goto done;
  }
  size_t cap = (ct_len > msg_len ? ct_len : msg_len) + 32;
  uint8_t *out = t_xmalloc(cap + 1);
  size_t out_len = 12345;
  if (expect == 1) {
    memset(out, 0x5a, cap + 1);
    st = hwc_cbc_encrypt_pkcs7(k, iv, msg, msg_len, out);
    if (st != HWC_OK || hwc_cbc_pkcs7_len(msg_len) != ct_len || !eq(out, ct, ct_len) || out[ct_len] != 0x5a) {
      snprintf(why, why_len, "encrypt: status %d, got %s", (int)st, t_hex(out, hwc_cbc_pkcs7_len(msg_len)));
      ok = 0;
    }
    /* in place: the message at the start of a buffer of the padded size */
    memset(out, 0x5a, cap + 1);
    memcpy(out, msg, msg_len);
    st = hwc_cbc_encrypt_pkcs7(k, iv, out, msg_len, out);
    if (ok && (st != HWC_OK || !eq(out, ct, ct_len) || out[ct_len] != 0x5a)) {
      snprintf(why, why_len, "in-place encrypt: status %d", (int)st);
      ok = 0;
    }
    st = hwc_cbc_decrypt_pkcs7(k, iv, out, ct_len, out, &out_len);
    if (ok && (st != HWC_OK || out_len != msg_len || !eq(out, msg, msg_len))) {
      snprintf(why, why_len, "in-place decrypt: status %d, length %zu", (int)st, out_len);
      ok = 0;
    }
  }
  memset(out, 0x5a, cap + 1);
  out_len = 12345;
  st = hwc_cbc_decrypt_pkcs7(k, iv, ct, ct_len, out, &out_len);
  if (expect == 1) {
    if (ok && (st != HWC_OK || out_len != msg_len || !eq(out, msg, msg_len))) {
      snprintf(why, why_len, "decrypt: status %d, length %zu, got %s", (int)st, out_len, t_hex(out, out_len));
      ok = 0;
    }
  } else if (st != HWC_ERR_DECRYPT || out_len != 0 || !all_zero(out, ct_len)) {
    snprintf(why, why_len, "invalid padding: status %d (want %d), length %zu, output %s", (int)st,
             (int)HWC_ERR_DECRYPT, out_len, all_zero(out, ct_len) ? "wiped" : "NOT wiped");
    ok = 0;
  }
  if (ok && out[ct_len] != 0x5a) {
    snprintf(why, why_len, "decrypt wrote past the ciphertext length");
    ok = 0;
  }
  free(out);
done:
  free(key), free(iv), free(msg), free(ct);
  return ok;
}

static void cbc_wycheproof(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-cbc-pkcs7", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *groups = tj_get(f->json, "testGroups");
    if (!groups) t_case(&g, 0, "no testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        char why[256] = "";
        int ok = cbc_pkcs7_check(backend, k, t, wycheproof_expect(tj_str(t, "result")), why, sizeof(why));
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
      }
    }
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-XTS                                                                  */
/* ------------------------------------------------------------------------ */

/* One XTS known answer with a 16-byte tweak: both directions, out of place
 * and in place. expect 0 (Wycheproof invalid): the key or the length must
 * be refused with HWC_ERR_ARG. */
static int xts_check(const char *backend, hwc_aes_key *k1, hwc_aes_key *k2, const uint8_t *key, size_t key_len,
                     const uint8_t tweak[16], const uint8_t *pt, const uint8_t *ct, size_t n, int expect, char *why,
                     size_t why_len) {
  hwc_status st = hwc_xts_key_init(k1, k2, backend, key, key_len);
  if (st != HWC_OK) {
    if (expect == 0 && st == HWC_ERR_ARG) return 1;
    snprintf(why, why_len, "key init (%zu bytes) returned %d", key_len, (int)st);
    return 0;
  }
  if (strcmp(hwc_aes_key_backend(k1), backend) != 0 || strcmp(hwc_aes_key_backend(k2), backend) != 0) {
    snprintf(why, why_len, "keys expanded by %s/%s", hwc_aes_key_backend(k1), hwc_aes_key_backend(k2));
    return 0;
  }
  uint8_t *out = t_xmalloc(n + 1);
  int ok = 1;
  for (int pass = 0; pass < 4 && ok; pass++) {
    int seal = !(pass & 1), in_place = pass >= 2;
    const uint8_t *in = seal ? pt : ct, *want = seal ? ct : pt;
    memset(out, 0x5a, n + 1);
    if (in_place) memcpy(out, in, n);
    const uint8_t *src = in_place ? out : in;
    st = seal ? hwc_xts_encrypt(k1, k2, tweak, src, out, n) : hwc_xts_decrypt(k1, k2, tweak, src, out, n);
    if (expect == 0) {
      if (st != HWC_ERR_ARG) {
        snprintf(why, why_len, "invalid case: %s returned %d, want %d", seal ? "encrypt" : "decrypt", (int)st,
                 (int)HWC_ERR_ARG);
        ok = 0;
      }
    } else if (st != HWC_OK || !eq(out, want, n) || out[n] != 0x5a) {
      snprintf(why, why_len, "%s%s: status %d, got %s%s", seal ? "encrypt" : "decrypt", in_place ? " in place" : "",
               (int)st, t_hex(out, n), out[n] != 0x5a ? " (wrote past the end)" : "");
      ok = 0;
    }
  }
  free(out);
  return ok;
}

/* Lines "DataUnitLen = n" of an XTSVS file whose n is not a multiple of 8,
 * counted on the raw text (independently of the record loop below). */
static long xts_bit_records(const char *text) {
  long n = 0;
  for (const char *p = strstr(text, "DataUnitLen"); p; p = strstr(p + 1, "DataUnitLen")) {
    const char *q = p + strlen("DataUnitLen");
    while (*q == ' ' || *q == '=') q++;
    long v = strtol(q, NULL, 10);
    if (v % 8) n++;
  }
  return n;
}

/* XTSVS: Key (two halves), the tweak as "i" (16 hex bytes) or as
 * "DataUnitSeqNumber" (a number, the tweak is its 16-byte little-endian
 * encoding), DataUnitLen in bits, PT, CT. A byte API cannot express a
 * data unit that is not a whole number of bytes: exactly those records are
 * skipped, and the count of skipped records must equal the count of such
 * lengths in the file, so nothing else can be skipped silently. */
static void xts_rsp(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-xts", rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  if (f) {
    hwc_aes_key *k1 = t_aes_key_new(), *k2 = t_aes_key_new();
    trsp_reader r;
    trsp_record rec;
    long skipped = 0, records = 0;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec)) {
      if (!trsp_field(&rec, "Key")) continue;
      records++;
      long bits = trsp_field_long(&rec, "DataUnitLen");
      if (bits > 0 && bits % 8) {
        skipped++;
        continue;
      }
      uint8_t *key, *tw, *pt, *ct;
      size_t key_len, tw_len, pt_len, ct_len;
      int ok = rsp_hex(&rec, "Key", &key, &key_len) & rsp_hex(&rec, "i", &tw, &tw_len) &
               rsp_hex(&rec, "PT", &pt, &pt_len) & rsp_hex(&rec, "CT", &ct, &ct_len);
      uint8_t tweak[16];
      memset(tweak, 0, 16);
      long seq = trsp_field_long(&rec, "DataUnitSeqNumber");
      if (trsp_field(&rec, "i")) {
        ok &= tw_len == 16;
        if (tw_len == 16) memcpy(tweak, tw, 16);
      } else {
        ok &= seq >= 0;
        for (int i = 0; i < 8; i++) tweak[i] = (uint8_t)((unsigned long)seq >> (8 * i));
      }
      char why[256] = "bad vector";
      ok = ok && bits > 0 && (size_t)bits / 8 == pt_len && pt_len == ct_len &&
           xts_check(backend, k1, k2, key, key_len, tweak, pt, ct, pt_len, 1, why, sizeof(why));
      t_case(&g, ok, "line %d (COUNT %ld, %ld bits): %s", rec.line, trsp_field_long(&rec, "COUNT"), bits, why);
      free(key), free(tw), free(pt), free(ct);
    }
    long want = xts_bit_records(f->text);
    t_case(&g, skipped == want && records > skipped,
           "skipped %ld records of %ld, the file has %ld data units that are not whole bytes", skipped, records, want);
    if (t_verbose) printf("  %s %s: %ld of %ld records skipped (not whole bytes)\n", backend, rel, skipped, records);
    t_aes_key_free(k1);
    t_aes_key_free(k2);
  }
  t_group_end(&g);
}

/* Wycheproof AES-XTS: iv is the tweak's first ivSize/8 bytes (the rest
 * zero, i.e. a little-endian sector number); 32-, 48- and 64-byte keys. */
static void xts_wycheproof(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-xts", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k1 = t_aes_key_new(), *k2 = t_aes_key_new();
    const tj_node *groups = tj_get(f->json, "testGroups");
    if (!groups) t_case(&g, 0, "no testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *iv, *msg, *ct;
        size_t key_len, iv_len, msg_len, ct_len;
        int ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "iv", &iv, &iv_len) &
                 json_hex(t, "msg", &msg, &msg_len) & json_hex(t, "ct", &ct, &ct_len);
        int expect = wycheproof_expect(tj_str(t, "result"));
        uint8_t tweak[16];
        memset(tweak, 0, 16);
        if (iv_len <= 16) memcpy(tweak, iv, iv_len);
        char why[256] = "bad vector";
        ok = ok && iv_len <= 16 && msg_len == ct_len && expect != 2 &&
             xts_check(backend, k1, k2, key, key_len, tweak, msg, ct, msg_len, expect, why, sizeof(why));
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(iv), free(msg), free(ct);
      }
    }
    t_aes_key_free(k1);
    t_aes_key_free(k2);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-CCM                                                                  */
/* ------------------------------------------------------------------------ */

/* CCMVS lengths (bytes): Alen, Plen, Nlen, Tlen. A file states each once,
 * in a leading record ("Plen = 24") or in the section headers ("[Alen =
 * 0]", DVPT: "[Alen = 0, Plen = 0, Nlen = 7, Tlen = 4]"). */
typedef struct ccm_params {
  long len[4];
} ccm_params;
static const char *const k_ccm_param[4] = {"Alen", "Plen", "Nlen", "Tlen"};

static void ccm_param_set(ccm_params *p, const char *name, size_t name_len, long v) {
  for (int i = 0; i < 4; i++)
    if (strlen(k_ccm_param[i]) == name_len && memcmp(k_ccm_param[i], name, name_len) == 0) p->len[i] = v;
}

/* "v[, Name = v]..." after the first name of a header. */
static void ccm_header(ccm_params *p, const trsp_kv *kv) {
  const char *name = kv->name, *s = kv->value, *end = kv->value + kv->value_len;
  size_t name_len = kv->name_len;
  for (;;) {
    long v = 0;
    int digits = 0;
    while (s < end && *s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'), digits++;
    if (digits) ccm_param_set(p, name, name_len, v);
    while (s < end && *s != ',') s++;
    if (s == end) return;
    s++;
    while (s < end && *s == ' ') s++;
    name = s;
    while (s < end && *s != ' ' && *s != '=') s++;
    name_len = (size_t)(s - name);
    while (s < end && (*s == ' ' || *s == '=')) s++;
  }
}

/* One CCM case through aead_check; ct_tag is the file's CT (ciphertext ||
 * tag). */
static int ccm_rsp_case(const char *backend, hwc_aes_key *k, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                        size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t pt_len,
                        const uint8_t *ct_tag, size_t tag_len, int expect, char *why, size_t why_len) {
  gcm_case c;
  memset(&c, 0, sizeof(c));
  c.key = key, c.key_len = key_len, c.iv = nonce, c.iv_len = nonce_len, c.aad = aad, c.aad_len = aad_len;
  c.pt = pt, c.pt_len = pt_len, c.ct = ct_tag, c.ct_len = pt_len, c.tag = ct_tag + pt_len, c.tag_len = tag_len;
  c.expect = expect;
  return aead_check(&k_ccm, backend, k, &c, why, why_len);
}

/* CCMVS: group records carry Key (and Nonce, except VNT and DVPT whose
 * cases carry their own), case records a Count, Adata ("00" when Alen is
 * 0), Payload ("00" when Plen is 0) and CT = ciphertext || tag; DVPT cases
 * carry Result = Pass (with the Payload) or Fail (open must reject). */
static void ccm_rsp(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-ccm", rel);
  cached_file *f = load_or_fail(run, &g, rel, 0);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    trsp_reader r;
    trsp_record rec;
    ccm_params file_p;
    uint8_t *key = NULL, *nonce = NULL;
    size_t key_len = 0, nonce_len = 0;
    for (int i = 0; i < 4; i++) file_p.len[i] = -1;
    trsp_init(&r, f->text, f->len);
    while (trsp_next(&r, &rec)) {
      if (!trsp_field(&rec, "Count")) {
        for (int i = 0; i < 4; i++)
          if (trsp_field(&rec, k_ccm_param[i])) file_p.len[i] = trsp_field_long(&rec, k_ccm_param[i]);
        if (trsp_field(&rec, "Key")) {
          free(key), free(nonce);
          key = nonce = NULL;
          key_len = nonce_len = 0;
          if (!rsp_hex(&rec, "Key", &key, &key_len) ||
              (trsp_field(&rec, "Nonce") && !rsp_hex(&rec, "Nonce", &nonce, &nonce_len)))
            t_case(&g, 0, "line %d: bad Key or Nonce", rec.line);
        }
        continue;
      }
      ccm_params p = file_p;
      for (int i = 0; i < rec.n_headers; i++) ccm_header(&p, &rec.headers[i]);
      long alen = p.len[0], plen = p.len[1], nlen = p.len[2], tlen = p.len[3];
      uint8_t *n_own, *aad, *pt, *ct;
      size_t n_own_len, aad_len, pt_len, ct_len;
      int ok = rsp_hex(&rec, "Nonce", &n_own, &n_own_len) & rsp_hex(&rec, "Adata", &aad, &aad_len) &
               rsp_hex(&rec, "Payload", &pt, &pt_len) & rsp_hex(&rec, "CT", &ct, &ct_len);
      const uint8_t *nn = trsp_field(&rec, "Nonce") ? n_own : nonce;
      size_t nn_len = trsp_field(&rec, "Nonce") ? n_own_len : nonce_len;
      const trsp_kv *res = trsp_field(&rec, "Result");
      int expect = res ? (res->value_len > 0 && res->value[0] == 'P') : 1;
      char why[256] = "bad vector or parameters";
      ok = ok && key && nn && alen >= 0 && plen >= 0 && nlen >= 0 && tlen >= 0 && (size_t)nlen == nn_len &&
           (size_t)alen <= aad_len && (size_t)(plen + tlen) == ct_len && (!expect || (size_t)plen <= pt_len);
      ok = ok && ccm_rsp_case(backend, k, key, key_len, nn, nn_len, aad, (size_t)alen, pt, (size_t)plen, ct,
                              (size_t)tlen, expect, why, sizeof(why));
      t_case(&g, ok, "line %d (Count %ld, A %ld P %ld N %ld T %ld%s): %s", rec.line, trsp_field_long(&rec, "Count"),
             alen, plen, nlen, tlen, expect ? "" : ", Fail record", why);
      free(n_own), free(aad), free(pt), free(ct);
    }
    free(key), free(nonce);
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

static int has_flag(const tj_node *t, const char *flag) {
  const tj_node *flags = tj_get(t, "flags");
  for (const tj_node *e = flags ? flags->child : NULL; e; e = e->next)
    if (e->type == TJ_STR && strcmp(e->str, flag) == 0) return 1;
  return 0;
}

/* Wycheproof AES-CCM: valid cases as GCM's; the nonce and tag sizes CCM
 * does not define must be refused by seal and open (HWC_ERR_ARG), a
 * modified tag rejected with the output wiped. */
static void ccm_wycheproof(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-ccm", rel);
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
        int hex_ok = json_hex(t, "key", &key, &c.key_len) & json_hex(t, "iv", &iv, &c.iv_len) &
                     json_hex(t, "aad", &aad, &c.aad_len) & json_hex(t, "msg", &msg, &c.pt_len) &
                     json_hex(t, "ct", &ct, &c.ct_len) & json_hex(t, "tag", &tag, &c.tag_len);
        c.key = key, c.iv = iv, c.aad = aad, c.pt = msg, c.ct = ct, c.tag = tag;
        c.expect = wycheproof_expect(tj_str(t, "result"));
        c.expect_arg = has_flag(t, "InvalidNonceSize") || has_flag(t, "InvalidTagSize") ||
                       has_flag(t, "InsecureTagSize");
        char why[256] = "bad hex in vector";
        int ok = hex_ok && (!c.expect_arg || c.expect == 0) && aead_check(&k_ccm, backend, k, &c, why, sizeof(why));
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
      }
    }
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* AES-GCM-SIV (RFC 8452) through aead_check: the wrappers give
 * hwc_gcm_siv_seal/open GCM's signature, refusing any nonce but 12 bytes
 * and any tag but 16 with HWC_ERR_ARG as the library's callers must. */
static hwc_status siv_seal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                           size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag, size_t tag_len) {
  if (nonce_len != 12 || tag_len != 16) return HWC_ERR_ARG;
  return hwc_gcm_siv_seal(k, nonce, aad, aad_len, pt, len, out, tag);
}
static hwc_status siv_open(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                           size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len,
                           uint8_t *out) {
  if (nonce_len != 12 || tag_len != 16) return HWC_ERR_ARG;
  return hwc_gcm_siv_open(k, nonce, aad, aad_len, ct, len, tag, out);
}
static const aead_fns k_gcm_siv = {siv_seal, siv_open};

/* rfc: the RFC 8452 App. C file (tests[], all valid, fields nonce,
 * plaintext, ciphertext); otherwise Wycheproof (iv, msg, ct, result;
 * the invalid cases are modified tags, rejected with the output wiped). */
static void gcm_siv_json(const t_run *run, const char *backend, const char *rel, int rfc) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-gcm-siv", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    hwc_aes_key *k = t_aes_key_new();
    const tj_node *groups = rfc ? NULL : tj_get(f->json, "testGroups");
    const tj_node *tg = rfc ? f->json : (groups ? groups->child : NULL);
    if (!tg) t_case(&g, 0, "no tests");
    for (; tg; tg = rfc ? NULL : tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      if (!tests) t_case(&g, 0, "group without tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *iv, *aad, *msg, *ct, *tag;
        gcm_case c;
        memset(&c, 0, sizeof(c));
        int hex_ok = json_hex(t, "key", &key, &c.key_len) & json_hex(t, rfc ? "nonce" : "iv", &iv, &c.iv_len) &
                     json_hex(t, "aad", &aad, &c.aad_len) & json_hex(t, rfc ? "plaintext" : "msg", &msg, &c.pt_len) &
                     json_hex(t, rfc ? "ciphertext" : "ct", &ct, &c.ct_len) & json_hex(t, "tag", &tag, &c.tag_len);
        c.key = key, c.iv = iv, c.aad = aad, c.pt = msg, c.ct = ct, c.tag = tag;
        c.expect = rfc ? 1 : wycheproof_expect(tj_str(t, "result"));
        char why[256] = "bad hex in vector";
        int ok = hex_ok && aead_check(&k_gcm_siv, backend, k, &c, why, sizeof(why));
        if (rfc)
          t_case(&g, ok, "%s tcId %d: %s", tj_str(t, "section"), (int)tj_num(t, "wycheproofTcId", -1), why);
        else
          t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
      }
    }
    t_aes_key_free(k);
  }
  t_group_end(&g);
}

/* The block-cipher modes' files (aes_vectors). */
static void mode_vectors(const t_run *run, const char *b) {
  static const char *const kinds[] = {"GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"};
  static const int bits[] = {128, 192, 256};
  char rel[96];
  for (int cbc = 0; cbc < 2; cbc++) {
    const char *m = cbc ? "CBC" : "ECB";
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
      for (int j = 0; j < 3; j++) {
        snprintf(rel, sizeof(rel), "nist/aes/%s%s%d.rsp", m, kinds[i], bits[j]);
        aes_rsp_file(run, b, cbc ? "aes-cbc" : "aes-ecb", rel, block_rsp_record, cbc);
      }
    for (int j = 0; j < 3; j++) {
      snprintf(rel, sizeof(rel), "nist/aes/%sMCT%d.rsp", m, bits[j]);
      mct_rsp(run, b, rel, cbc);
    }
    block_json(run, b, "nist/examples/sp800_38a_aes_ecb_cbc_ctr.json", cbc);
  }
  cbc_wycheproof(run, b, "wycheproof/aes_cbc_pkcs5_test.json");
  static const char *const tweaks[] = {"tweak-128hexstr", "tweak-dataunitseqno"};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      snprintf(rel, sizeof(rel), "nist/xts/%s/XTSGenAES%d.rsp", tweaks[i], j ? 256 : 128);
      xts_rsp(run, b, rel);
    }
  xts_wycheproof(run, b, "wycheproof/aes_xts_test.json");
  static const char *const ccm_kinds[] = {"VADT", "VNT", "VPT", "VTT", "DVPT"};
  for (size_t i = 0; i < sizeof(ccm_kinds) / sizeof(ccm_kinds[0]); i++)
    for (int j = 0; j < 3; j++) {
      snprintf(rel, sizeof(rel), "nist/ccm/%s%d.rsp", ccm_kinds[i], bits[j]);
      ccm_rsp(run, b, rel);
    }
  ccm_wycheproof(run, b, "wycheproof/aes_ccm_test.json");
  gcm_siv_json(run, b, "rfc/rfc8452_aes_gcm_siv.json", 1);
  gcm_siv_json(run, b, "wycheproof/aes_gcm_siv_test.json", 0);
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
/* AEGIS-128L and AEGIS-256                                                 */
/* ------------------------------------------------------------------------ */

/* AEGIS runs on the AEGIS kernels that the AES backend maps to
 * (hwc_aegis_backend_name); the files are run once per AES backend: aesni,
 * vaes256 and vaes512 share the AES-NI AEGIS-128L/256 kernels and each
 * has its own X kernels (xmm lanes, VAES ymm, VAES ymm/zmm). */
typedef struct aegis_case {
  hwc_aegis_alg alg;
  const uint8_t *key, *nonce, *aad, *pt, *ct, *tag;
  size_t key_len, nonce_len, aad_len, len, tag_len;
  int expect; /* 1 valid, 0 must fail */
} aegis_case;

/* AEGIS-128L and AEGIS-256 through their own entry points, the X variants
 * through hwc_aegis_seal/open (the in-place legs below use those for
 * every variant, so both paths are covered). */
static hwc_status aegis_seal(hwc_aegis_alg alg, const char *b, const uint8_t *key, const uint8_t *nonce,
                             const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len,
                             uint8_t *out, uint8_t *tag, size_t tag_len) {
  if (alg == HWC_AEGIS128L) return hwc_aegis128l_seal_with(b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
  if (alg == HWC_AEGIS256) return hwc_aegis256_seal_with(b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
  return hwc_aegis_seal(alg, b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
}

static hwc_status aegis_open(hwc_aegis_alg alg, const char *b, const uint8_t *key, const uint8_t *nonce,
                             const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
                             const uint8_t *tag, size_t tag_len, uint8_t *out) {
  if (alg == HWC_AEGIS128L) return hwc_aegis128l_open_with(b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
  if (alg == HWC_AEGIS256) return hwc_aegis256_open_with(b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
  return hwc_aegis_open(alg, b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
}

static int aegis_check(const char *b, const aegis_case *c, char *why, size_t why_len) {
  size_t kl = hwc_aegis_key_len(c->alg);
  if (c->key_len != kl || c->nonce_len != kl) {
    snprintf(why, why_len, "key/nonce length %zu/%zu in the vector", c->key_len, c->nonce_len);
    return 0;
  }
  size_t n = c->len;
  uint8_t *out = t_xmalloc(n + 1);
  uint8_t tag[32];
  int ok = 1;
  if (c->expect) {
    memset(out, 0x5a, n + 1);
    hwc_status st = aegis_seal(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, c->pt, n, out, tag, c->tag_len);
    if (st != HWC_OK || !eq(out, c->ct, n) || !eq(tag, c->tag, c->tag_len) || out[n] != 0x5a) {
      snprintf(why, why_len, "seal: status %d, ct %s, tag %s", (int)st, eq(out, c->ct, n) ? "ok" : "WRONG",
               t_hex(tag, c->tag_len));
      ok = 0;
    }
    memset(out, 0x5a, n + 1);
    st = aegis_open(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, c->ct, n, c->tag, c->tag_len, out);
    if (ok && (st != HWC_OK || !eq(out, c->pt, n) || out[n] != 0x5a)) {
      snprintf(why, why_len, "open: status %d, pt %s", (int)st, eq(out, c->pt, n) ? "ok" : "WRONG");
      ok = 0;
    }
    /* in place both ways */
    memcpy(out, c->pt, n);
    st = hwc_aegis_seal(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, out, n, out, tag, c->tag_len);
    if (ok && (st != HWC_OK || !eq(out, c->ct, n) || !eq(tag, c->tag, c->tag_len))) {
      snprintf(why, why_len, "seal in place: status %d", (int)st);
      ok = 0;
    }
    st = hwc_aegis_open(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, out, n, c->tag, c->tag_len, out);
    if (ok && (st != HWC_OK || !eq(out, c->pt, n))) {
      snprintf(why, why_len, "open in place: status %d", (int)st);
      ok = 0;
    }
    /* a flipped tag bit must be rejected with the output wiped */
    memcpy(tag, c->tag, c->tag_len);
    tag[c->tag_len - 1] ^= 0x80;
    memset(out, 0x5a, n + 1);
    st = aegis_open(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, c->ct, n, tag, c->tag_len, out);
    if (ok && (st != HWC_ERR_AUTH || !all_zero(out, n) || out[n] != 0x5a)) {
      snprintf(why, why_len, "tampered tag: status %d, out %s", (int)st, all_zero(out, n) ? "wiped" : "NOT wiped");
      ok = 0;
    }
    /* likewise a flipped bit in the first and in the last ciphertext byte
     * (the first and the last lane), and in the AAD */
    for (int w = 0; w < 3 && ok; w++) {
      size_t an = c->aad_len;
      if (w < 2 && !n) continue;
      if (w == 2 && !an) continue;
      uint8_t *ct = t_xmalloc(n + 1), *aad = t_xmalloc(an + 1);
      memcpy(ct, c->ct, n);
      memcpy(aad, c->aad, an);
      if (w == 0) ct[0] ^= 1;
      else if (w == 1) ct[n - 1] ^= 0x40;
      else aad[an - 1] ^= 2;
      memset(out, 0x5a, n + 1);
      st = aegis_open(c->alg, b, c->key, c->nonce, aad, an, ct, n, c->tag, c->tag_len, out);
      if (st != HWC_ERR_AUTH || !all_zero(out, n) || out[n] != 0x5a) {
        snprintf(why, why_len, "tampered %s: status %d, out %s", w == 2 ? "aad" : w ? "last ct byte" : "first ct byte",
                 (int)st, all_zero(out, n) ? "wiped" : "NOT wiped");
        ok = 0;
      }
      free(ct), free(aad);
    }
  } else {
    memset(out, 0x5a, n + 1);
    hwc_status st = aegis_open(c->alg, b, c->key, c->nonce, c->aad, c->aad_len, c->ct, n, c->tag, c->tag_len, out);
    if (st != HWC_ERR_AUTH || !all_zero(out, n) || out[n] != 0x5a) {
      snprintf(why, why_len, "must fail: status %d, out %s", (int)st, all_zero(out, n) ? "wiped" : "NOT wiped");
      ok = 0;
    }
  }
  free(out);
  return ok;
}

/* The specification's appendix vectors (each with its 16- and 32-byte
 * tag; "valid": false are the must-fail cases). x != 0: an X file
 * (aegis128x.json, aegis256x.json), whose tests carry their "degree" (2 or
 * 4) and run as alg + 1 or alg + 2; alg is HWC_AEGIS128L or HWC_AEGIS256. */
static void aegis_cfrg(const t_run *run, const char *backend, hwc_aegis_alg alg, int x, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend,
                x ? (alg == HWC_AEGIS256 ? "aegis-256x" : "aegis-128x")
                  : (alg == HWC_AEGIS256 ? "aegis-256" : "aegis-128l"),
                rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    const tj_node *tests = tj_get(f->json, "tests");
    if (!tests) t_case(&g, 0, "no tests");
    int seen[5] = {0};
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      int degree = x ? (int)tj_num(t, "degree", -1) : 1;
      if (degree != 1 && degree != 2 && degree != 4) {
        t_case(&g, 0, "%s: degree %d", tj_str(t, "name"), degree);
        continue;
      }
      seen[degree] = 1;
      for (int tl = 16; tl <= 32; tl += 16) {
        uint8_t *key, *nonce, *aad, *msg, *ct, *tag;
        aegis_case c;
        memset(&c, 0, sizeof(c));
        size_t msg_len;
        int hex_ok = json_hex(t, "key", &key, &c.key_len) & json_hex(t, "nonce", &nonce, &c.nonce_len) &
                     json_hex(t, "ad", &aad, &c.aad_len) & json_hex(t, "msg", &msg, &msg_len) &
                     json_hex(t, "ct", &ct, &c.len) &
                     json_hex(t, tl == 16 ? "tag128" : "tag256", &tag, &c.tag_len);
        c.alg = (hwc_aegis_alg)(alg + (degree == 2 ? 1 : degree == 4 ? 2 : 0));
        c.key = key, c.nonce = nonce, c.aad = aad, c.pt = msg, c.ct = ct, c.tag = tag;
        const tj_node *v = tj_get(t, "valid");
        c.expect = !(v && v->type == TJ_BOOL && v->num == 0);
        char why[256] = "bad hex in vector";
        if (hex_ok && c.expect && msg_len != c.len) hex_ok = 0;
        if (hex_ok && c.tag_len != (size_t)tl) hex_ok = 0;
        int ok = hex_ok && aegis_check(backend, &c, why, sizeof(why));
        t_case(&g, ok, "%s, degree %d, %d-byte tag (%s): %s", tj_str(t, "name"), degree, tl,
               c.expect ? "valid" : "must fail", why);
        free(key), free(nonce), free(aad), free(msg), free(ct), free(tag);
      }
    }
    /* an X file must exercise both degrees */
    if (x) t_case(&g, seen[2] && seen[4], "vectors for degree 2 and 4 present");
  }
  t_group_end(&g);
}

static void aegis_wycheproof(const t_run *run, const char *backend, int is256, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, is256 ? "aegis-256" : "aegis-128l", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    const tj_node *groups = tj_get(f->json, "testGroups");
    if (!groups) t_case(&g, 0, "no testGroups");
    for (const tj_node *tg = groups ? groups->child : NULL; tg; tg = tg->next) {
      const tj_node *tests = tj_get(tg, "tests");
      for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
        uint8_t *key, *iv, *aad, *msg, *ct, *tag;
        aegis_case c;
        memset(&c, 0, sizeof(c));
        size_t msg_len;
        int hex_ok = json_hex(t, "key", &key, &c.key_len) & json_hex(t, "iv", &iv, &c.nonce_len) &
                     json_hex(t, "aad", &aad, &c.aad_len) & json_hex(t, "msg", &msg, &msg_len) &
                     json_hex(t, "ct", &ct, &c.len) & json_hex(t, "tag", &tag, &c.tag_len);
        c.alg = is256 ? HWC_AEGIS256 : HWC_AEGIS128L, c.key = key, c.nonce = iv, c.aad = aad, c.pt = msg, c.ct = ct, c.tag = tag;
        c.expect = wycheproof_expect(tj_str(t, "result")) == 1;
        if (hex_ok && c.expect && msg_len != c.len) hex_ok = 0;
        if (hex_ok && c.tag_len != 16 && c.tag_len != 32) hex_ok = 0;
        char why[256] = "bad hex or lengths in vector";
        int ok = hex_ok && aegis_check(backend, &c, why, sizeof(why));
        t_case(&g, ok, "tcId %d (%s): %s", (int)tj_num(t, "tcId", -1), tj_str(t, "result"), why);
        free(key), free(iv), free(aad), free(msg), free(ct), free(tag);
      }
    }
  }
  t_group_end(&g);
}

/* AEGISMAC vectors (cfrg/aegismac.json, field "variant"), each with its
 * 16- and 32-byte tag: hwc_aegis_mac gives the tag, hwc_aegis_mac_verify
 * accepts it and rejects it with a flipped bit (first and last byte) or
 * the data with a flipped bit (first and last byte). The per-lane "tags128"/"tags256" fields are
 * intermediate values no API reaches. */
static int aegismac_check(const char *b, hwc_aegis_alg alg, const uint8_t *key, size_t key_len,
                          const uint8_t *nonce, size_t nonce_len, const uint8_t *data, size_t len,
                          const uint8_t *want, size_t tag_len, char *why, size_t why_len) {
  size_t kl = hwc_aegis_key_len(alg);
  if (key_len != kl || nonce_len != kl) {
    snprintf(why, why_len, "key/nonce length %zu/%zu in the vector", key_len, nonce_len);
    return 0;
  }
  uint8_t tag[33], bad[32];
  memset(tag, 0x5a, sizeof(tag));
  hwc_status st = hwc_aegis_mac(alg, b, key, nonce, data, len, tag, tag_len);
  if (st != HWC_OK || !eq(tag, want, tag_len) || tag[tag_len] != 0x5a) {
    snprintf(why, why_len, "mac: status %d, tag %s", (int)st, t_hex(tag, tag_len));
    return 0;
  }
  st = hwc_aegis_mac_verify(alg, b, key, nonce, data, len, want, tag_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "verify: status %d", (int)st);
    return 0;
  }
  for (int w = 0; w < 2; w++) {
    memcpy(bad, want, tag_len);
    bad[w ? tag_len - 1 : 0] ^= (uint8_t)(w ? 0x80 : 1);
    st = hwc_aegis_mac_verify(alg, b, key, nonce, data, len, bad, tag_len);
    if (st != HWC_ERR_AUTH) {
      snprintf(why, why_len, "verify of a tampered tag (byte %zu): status %d", w ? tag_len - 1 : 0, (int)st);
      return 0;
    }
  }
  if (len) {
    uint8_t *d = t_xmalloc(len);
    for (int w = 0; w < 2; w++) {
      memcpy(d, data, len);
      d[w ? len - 1 : 0] ^= 4;
      st = hwc_aegis_mac_verify(alg, b, key, nonce, d, len, want, tag_len);
      if (st != HWC_ERR_AUTH) {
        snprintf(why, why_len, "verify of tampered data (byte %zu): status %d", w ? len - 1 : 0, (int)st);
        free(d);
        return 0;
      }
    }
    free(d);
  }
  return 1;
}

static void aegismac_cfrg(const t_run *run, const char *backend, const char *rel) {
  t_group g;
  t_group_begin(&g, HWC_FAMILY_AES, backend, "aegismac", rel);
  cached_file *f = load_or_fail(run, &g, rel, 1);
  if (f) {
    static const struct {
      const char *variant;
      hwc_aegis_alg alg;
    } variants[] = {{"AEGISMAC-128L", HWC_AEGIS128L},   {"AEGISMAC-128X2", HWC_AEGIS128X2},
                    {"AEGISMAC-128X4", HWC_AEGIS128X4}, {"AEGISMAC-256", HWC_AEGIS256},
                    {"AEGISMAC-256X2", HWC_AEGIS256X2}, {"AEGISMAC-256X4", HWC_AEGIS256X4}};
    const tj_node *tests = tj_get(f->json, "tests");
    if (!tests) t_case(&g, 0, "no tests");
    int seen = 0;
    for (const tj_node *t = tests ? tests->child : NULL; t; t = t->next) {
      const char *v = tj_str(t, "variant");
      int ai = -1;
      for (int i = 0; i < 6; i++)
        if (v && strcmp(v, variants[i].variant) == 0) ai = i;
      if (ai < 0) {
        t_case(&g, 0, "%s: unknown variant %s", tj_str(t, "name"), v ? v : "(none)");
        continue;
      }
      seen |= 1 << ai;
      const tj_node *valid = tj_get(t, "valid");
      int expect = !(valid && valid->type == TJ_BOOL && valid->num == 0);
      for (int tl = 16; tl <= 32; tl += 16) {
        uint8_t *key, *nonce, *data, *tag;
        size_t key_len, nonce_len, len, tag_len;
        int hex_ok = json_hex(t, "key", &key, &key_len) & json_hex(t, "nonce", &nonce, &nonce_len) &
                     json_hex(t, "data", &data, &len) & json_hex(t, tl == 16 ? "tag128" : "tag256", &tag, &tag_len);
        char why[256] = "bad hex in vector";
        if (hex_ok && tag_len != (size_t)tl) hex_ok = 0;
        int ok;
        if (!hex_ok) ok = 0;
        else if (expect)
          ok = aegismac_check(backend, variants[ai].alg, key, key_len, nonce, nonce_len, data, len, tag, tag_len, why,
                              sizeof(why));
        else {
          hwc_status st = hwc_aegis_mac_verify(variants[ai].alg, backend, key, nonce, data, len, tag, tag_len);
          ok = st == HWC_ERR_AUTH;
          snprintf(why, sizeof(why), "must fail: status %d", (int)st);
        }
        t_case(&g, ok, "%s, %d-byte tag: %s", tj_str(t, "name"), tl, why);
        free(key), free(nonce), free(data), free(tag);
      }
    }
    t_case(&g, seen == 0x3f, "vectors for all six variants present");
  }
  t_group_end(&g);
}

static void aegis_vectors(const t_run *run, const char *b) {
  if (!hwc_aegis_backend_name(b)) return;
  aegis_cfrg(run, b, HWC_AEGIS128L, 0, "cfrg/aegis128l.json");
  aegis_cfrg(run, b, HWC_AEGIS256, 0, "cfrg/aegis256.json");
  aegis_cfrg(run, b, HWC_AEGIS128L, 1, "cfrg/aegis128x.json");
  aegis_cfrg(run, b, HWC_AEGIS256, 1, "cfrg/aegis256x.json");
  aegismac_cfrg(run, b, "cfrg/aegismac.json");
  aegis_wycheproof(run, b, 0, "wycheproof/aegis128L_test.json");
  aegis_wycheproof(run, b, 1, "wycheproof/aegis256_test.json");
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
  mode_vectors(run, b);
  aegis_vectors(run, b);
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
