/*
 * differential.c - every backend against the soft backend on random
 * inputs, plus consistency checks that need no reference at all, so the
 * suite still means something when only soft runs (HWCRYPT_BACKEND=soft):
 *
 *  AES-GCM  random key sizes, nonce lengths (12 and others), AAD, tag
 *           lengths, message lengths 0..N and random up to 64 KiB, in place
 *           and at unaligned addresses: seal equals soft's seal; open gives
 *           the plaintext back; with a 12-byte nonce the ciphertext equals
 *           CTR from nonce||00000002 (the GCM and CTR paths agree); one
 *           flipped bit in ciphertext, tag, AAD or nonce is rejected with
 *           the output wiped.
 *  AES-CTR  random counters and counters just below the 2^32 and 2^128
 *           wraps: equals soft; two calls split at a random block equal one
 *           call; near a wrap, block-by-block calls with counters computed
 *           here (128-bit add) equal one call.
 *  SHA      random lengths: soft one-shot equals the backend fed in random
 *           chunk sizes (0, 1, block +- 1, ...).
 *  HMAC     random key and message lengths: backend equals soft.
 *
 * Every buffer has guard bytes around it that must come back untouched.
 * The seed is printed; --seed N / HWC_TEST_SEED reproduce a run. Each
 * (suite, backend) pair derives its own stream from the seed, so a failure
 * can be reproduced with the same seed regardless of which other backends
 * ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tutil.h"

typedef struct diff_cfg {
  size_t seq_max;    /* every length 0..seq_max */
  int n_random;      /* then this many random lengths */
  size_t random_max; /* up to this */
} diff_cfg;

static diff_cfg cfg_for(int level) {
  diff_cfg c;
  switch (level) {
    case 1: c.seq_max = 300, c.n_random = 8, c.random_max = 16384; break;
    case 3: c.seq_max = 2100, c.n_random = 300, c.random_max = 65536; break;
    default: c.seq_max = 1100, c.n_random = 100, c.random_max = 65536; break;
  }
  return c;
}

static size_t case_len(const diff_cfg *c, t_rng *r, int i) {
  if ((size_t)i <= c->seq_max) return (size_t)i;
  return (size_t)t_rng_below(r, c->random_max + 1);
}

static int n_cases(const diff_cfg *c) { return (int)c->seq_max + 1 + c->n_random; }

static uint64_t fnv1a(const char *s, uint64_t h) {
  while (*s) {
    h ^= (uint8_t)*s++;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static void rng_for(t_rng *r, uint64_t seed, const char *suite, const char *backend) {
  t_rng_seed(r, seed ^ fnv1a(backend, fnv1a(suite, 0xcbf29ce484222325ULL)));
}

static void group_begin(t_group *g, hwc_family f, const char *backend, const char *alg,
                        uint64_t seed) {
  char file[96];
  snprintf(file, sizeof(file), "random(seed=%llu,%s)", (unsigned long long)seed,
           strcmp(backend, "soft") == 0 ? "self-checks" : "vs-soft");
  t_group_begin(g, f, backend, alg, file);
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

static int eq(const uint8_t *a, const uint8_t *b, size_t n) { return n == 0 || memcmp(a, b, n) == 0; }

/* c += n as a 128-bit big-endian integer (wrapping). */
static void ctr_add(uint8_t c[16], uint64_t n) {
  for (int i = 15; i >= 0 && n; i--) {
    uint64_t v = (uint64_t)c[i] + (n & 0xff);
    c[i] = (uint8_t)v;
    n = (n >> 8) + (v >> 8);
  }
}

/* ------------------------------------------------------------------------ */
/* AES-GCM                                                                  */
/* ------------------------------------------------------------------------ */

static size_t pick_nonce_len(t_rng *r) {
  uint64_t x = t_rng_below(r, 100);
  if (x < 70) return 12;
  if (x < 95) return 1 + (size_t)t_rng_below(r, 64);
  return 65 + (size_t)t_rng_below(r, 448);
}

static size_t pick_aad_len(t_rng *r) {
  uint64_t x = t_rng_below(r, 100);
  if (x < 35) return 0;
  if (x < 75) return (size_t)t_rng_below(r, 65);
  if (x < 95) return (size_t)t_rng_below(r, 600);
  return (size_t)t_rng_below(r, 4097);
}

static size_t pick_tag_len(t_rng *r) {
  static const size_t short_tags[] = {4, 8, 12, 13, 14, 15};
  if (t_rng_below(r, 100) < 70) return 16;
  return short_tags[t_rng_below(r, 6)];
}

#define FAILF(...)                            \
  do {                                        \
    snprintf(why, why_len, __VA_ARGS__);      \
    ok = 0;                                   \
    goto out;                                 \
  } while (0)

static int gcm_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len,
                    char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[32];
  size_t key_len = 16 + 8 * (size_t)t_rng_below(r, 3);
  size_t nonce_len = pick_nonce_len(r), aad_len = pick_aad_len(r), tag_len = pick_tag_len(r);
  int in_place = (int)t_rng_below(r, 2);
  t_rng_fill(r, key, key_len);

  t_buf nonce, aad, pt, ct, back;
  t_buf_alloc(&nonce, nonce_len, t_rng_below(r, 64));
  t_buf_alloc(&aad, aad_len, t_rng_below(r, 64));
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, len, t_rng_below(r, 64));
  t_buf_alloc(&back, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len), *tmp = t_xmalloc(len + 16);
  uint8_t tag[16], ref_tag[16], bad_tag[16];
  t_rng_fill(r, nonce.p, nonce_len);
  t_rng_fill(r, aad.p, aad_len);
  t_rng_fill(r, pt.p, len);

  hwc_status st;
  if ((st = hwc_aes_key_init_with(kb, backend, key, key_len)) != HWC_OK)
    FAILF("key init (%s) returned %d", backend, (int)st);
  if ((st = hwc_aes_key_init_with(ks, "soft", key, key_len)) != HWC_OK)
    FAILF("soft key init returned %d", (int)st);

  st = hwc_gcm_seal(ks, nonce.p, nonce_len, aad.p, aad_len, pt.p, len, ref, ref_tag, tag_len);
  if (st != HWC_OK) FAILF("soft seal returned %d", (int)st);

  /* seal with the backend, out of place or in place */
  uint8_t *sealed = ct.p;
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = hwc_gcm_seal(kb, nonce.p, nonce_len, aad.p, aad_len, ct.p, len, ct.p, tag, tag_len);
  } else {
    st = hwc_gcm_seal(kb, nonce.p, nonce_len, aad.p, aad_len, pt.p, len, ct.p, tag, tag_len);
  }
  if (st != HWC_OK) FAILF("seal returned %d", (int)st);
  if (!eq(sealed, ref, len)) FAILF("ciphertext differs from soft");
  if (!eq(tag, ref_tag, tag_len)) FAILF("tag %s, soft %s", t_hex(tag, tag_len), t_hex(ref_tag, tag_len));

  /* GCM's encryption is CTR from inc32(J0); with a 12-byte nonce that is
   * nonce || 00000002 and the 32-bit counter cannot wrap here. */
  if (nonce_len == 12 && len) {
    uint8_t cb[16];
    memcpy(cb, nonce.p, 12);
    cb[12] = cb[13] = cb[14] = 0;
    cb[15] = 2;
    if ((st = hwc_ctr_xor(kb, cb, pt.p, tmp, len)) != HWC_OK || !eq(tmp, sealed, len))
      FAILF("GCM ciphertext differs from CTR(nonce||2) (status %d)", (int)st);
  }

  /* open, out of place or in place */
  if (in_place) {
    memcpy(back.p, ct.p, len);
    st = hwc_gcm_open(kb, nonce.p, nonce_len, aad.p, aad_len, back.p, len, tag, tag_len, back.p);
  } else {
    memset(back.p, 0x5a, len);
    st = hwc_gcm_open(kb, nonce.p, nonce_len, aad.p, aad_len, ct.p, len, tag, tag_len, back.p);
  }
  if (st != HWC_OK) FAILF("open of own output returned %d", (int)st);
  if (!eq(back.p, pt.p, len)) FAILF("open did not give the plaintext back");

  /* tamper with one bit of ciphertext, tag, AAD or nonce */
  {
    const uint8_t *n_p = nonce.p, *a_p = aad.p, *c_p = ct.p, *t_p = tag;
    uint8_t *copy = NULL;
    const char *what;
    uint64_t w = t_rng_below(r, 4);
    if (w == 0 && len) {
      copy = t_xmalloc(len);
      memcpy(copy, ct.p, len);
      copy[t_rng_below(r, len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      c_p = copy;
      what = "ciphertext";
    } else if (w == 1 && aad_len) {
      copy = t_xmalloc(aad_len);
      memcpy(copy, aad.p, aad_len);
      copy[t_rng_below(r, aad_len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      a_p = copy;
      what = "aad";
    } else if (w == 2) {
      copy = t_xmalloc(nonce_len);
      memcpy(copy, nonce.p, nonce_len);
      copy[t_rng_below(r, nonce_len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      n_p = copy;
      what = "nonce";
    } else {
      memcpy(bad_tag, tag, 16);
      bad_tag[t_rng_below(r, tag_len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      t_p = bad_tag;
      what = "tag";
    }
    memset(back.p, 0x5a, len);
    st = hwc_gcm_open(kb, n_p, nonce_len, a_p, aad_len, c_p, len, t_p, tag_len, back.p);
    free(copy);
    if (st != HWC_ERR_AUTH) FAILF("open with a flipped %s bit returned %d", what, (int)st);
    if (!all_zero(back.p, len)) FAILF("rejected open (flipped %s) left output unwiped", what);
  }

  if (!t_buf_guard_ok(&nonce) || !t_buf_guard_ok(&aad) || !t_buf_guard_ok(&pt) ||
      !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");

out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, nonce %zu B, aad %zu B, len %zu, tag %zu, %s]",
             key_len, nonce_len, aad_len, len, tag_len, in_place ? "in place" : "out of place");
  }
  t_buf_free(&nonce), t_buf_free(&aad), t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref), free(tmp);
  return ok;
}

/* GCM's inc32 wrap with a non-96-bit nonce: under this key the 16-byte
 * nonce below gives J0 = ...ffffffee (found by search), so every message
 * longer than 17 blocks wraps the low counter word mid-message. Random
 * nonces practically never reach the wrap, so it is pinned here. */
static int gcm_wrap_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, size_t len,
                         char *why, size_t why_len) {
  static const uint8_t nonce[16] = {0xde, 0x71, 0xd4, 0x08};
  uint8_t key[16];
  for (int i = 0; i < 16; i++) key[i] = (uint8_t)(i * 7 + 1);
  uint8_t *pt = calloc(len + 1, 1), *ref = calloc(len + 1, 1), *ct = calloc(len + 1, 1);
  uint8_t ref_tag[16], tag[16];
  for (size_t i = 0; i < len; i++) pt[i] = (uint8_t)(i * 131 + 7);
  int ok = hwc_aes_key_init_with(ks, "soft", key, 16) == HWC_OK &&
           hwc_aes_key_init_with(kb, backend, key, 16) == HWC_OK &&
           hwc_gcm_seal(ks, nonce, 16, NULL, 0, pt, len, ref, ref_tag, 16) == HWC_OK &&
           hwc_gcm_seal(kb, nonce, 16, NULL, 0, pt, len, ct, tag, 16) == HWC_OK;
  if (!ok) snprintf(why, why_len, "len %zu: seal failed", len);
  if (ok && (!eq(ct, ref, len) || !eq(tag, ref_tag, 16))) {
    ok = 0;
    snprintf(why, why_len, "len %zu: seal differs from soft across the counter wrap", len);
  }
  if (ok && (hwc_gcm_open(kb, nonce, 16, NULL, 0, ct, len, tag, 16, ct) != HWC_OK || !eq(ct, pt, len))) {
    ok = 0;
    snprintf(why, why_len, "len %zu: open does not invert seal across the counter wrap", len);
  }
  free(pt), free(ref), free(ct);
  return ok;
}

static void gcm_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  {
    t_group w;
    t_group_begin(&w, HWC_FAMILY_AES, backend, "diff-aes-gcm",
                  strcmp(backend, "soft") == 0 ? "counter-wrap(self-checks)" : "counter-wrap(vs-soft)");
    hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
    for (size_t len = 0; len <= 90 * 16; len += (len < 40 * 16 ? 1 : 17)) {
      char why[160] = "";
      int ok = gcm_wrap_case(backend, kb, ks, len, why, sizeof(why));
      t_case(&w, ok, "%s", why);
    }
    t_aes_key_free(kb), t_aes_key_free(ks);
    t_group_end(&w);
  }
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-gcm", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "gcm", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  for (int i = 0; i < n_cases(cfg); i++) {
    size_t len = case_len(cfg, &r, i);
    char why[320] = "";
    int ok = gcm_case(backend, kb, ks, &r, len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-CTR                                                                  */
/* ------------------------------------------------------------------------ */

/* Counter kinds: random; low 32 bits just below 2^32; whole block just
 * below 2^128; a carry that ripples through several upper bytes. */
static const char *pick_counter(t_rng *r, int kind, uint8_t c[16]) {
  t_rng_fill(r, c, 16);
  uint32_t below = (uint32_t)t_rng_below(r, 80);
  switch (kind) {
    case 1:
      c[12] = 0xff, c[13] = 0xff, c[14] = 0xff, c[15] = (uint8_t)(0xff - below);
      return "near 2^32";
    case 2:
      memset(c, 0xff, 16);
      c[15] = (uint8_t)(0xff - below);
      return "near 2^128";
    case 3:
      memset(c + 6, 0xff, 10);
      c[15] = (uint8_t)(0xff - below);
      return "carry chain";
    default:
      return "random";
  }
}

static int ctr_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len,
                    int kind, char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[32], ctr[16], c2[16];
  size_t key_len = 16 + 8 * (size_t)t_rng_below(r, 3);
  int in_place = (int)t_rng_below(r, 2);
  t_rng_fill(r, key, key_len);
  const char *kname = pick_counter(r, kind, ctr);

  t_buf in, out;
  t_buf_alloc(&in, len, t_rng_below(r, 64));
  t_buf_alloc(&out, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len), *split = t_xmalloc(len);
  t_rng_fill(r, in.p, len);

  hwc_status st;
  if ((st = hwc_aes_key_init_with(kb, backend, key, key_len)) != HWC_OK)
    FAILF("key init (%s) returned %d", backend, (int)st);
  if ((st = hwc_aes_key_init_with(ks, "soft", key, key_len)) != HWC_OK)
    FAILF("soft key init returned %d", (int)st);
  if ((st = hwc_ctr_xor(ks, ctr, in.p, ref, len)) != HWC_OK) FAILF("soft returned %d", (int)st);

  uint8_t *res = out.p;
  if (in_place) {
    memcpy(out.p, in.p, len);
    st = hwc_ctr_xor(kb, ctr, out.p, out.p, len);
  } else {
    st = hwc_ctr_xor(kb, ctr, in.p, out.p, len);
  }
  if (st != HWC_OK) FAILF("ctr returned %d", (int)st);
  if (!eq(res, ref, len)) FAILF("output differs from soft");

  /* two calls split at a random block boundary */
  size_t nblocks = (len + 15) / 16;
  size_t cut = 16 * (size_t)t_rng_below(r, nblocks + 1);
  if (cut > len) cut = len;
  memcpy(c2, ctr, 16);
  if ((st = hwc_ctr_xor(kb, c2, in.p, split, cut)) != HWC_OK) FAILF("split 1 returned %d", (int)st);
  ctr_add(c2, cut / 16);
  if ((st = hwc_ctr_xor(kb, c2, in.p + cut, split + cut, len - cut)) != HWC_OK)
    FAILF("split 2 returned %d", (int)st);
  if (!eq(split, res, len)) FAILF("split at byte %zu differs from one call", cut);

  /* near a wrap: block by block, counters computed here */
  if (kind != 0 && len <= 4096) {
    for (size_t b = 0; b < nblocks; b++) {
      uint8_t blk[16];
      size_t n = len - 16 * b < 16 ? len - 16 * b : 16;
      memcpy(c2, ctr, 16);
      ctr_add(c2, b);
      if (hwc_ctr_xor(kb, c2, in.p + 16 * b, blk, n) != HWC_OK || !eq(blk, res + 16 * b, n))
        FAILF("block %zu differs from a single-block call at counter %s", b, t_hex(c2, 16));
    }
  }

  if (!t_buf_guard_ok(&in) || !t_buf_guard_ok(&out)) FAILF("a buffer's guard bytes were overwritten");

out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, counter %s (%s), len %zu, %s]", key_len,
             t_hex(ctr, 16), kname, len, in_place ? "in place" : "out of place");
  }
  t_buf_free(&in), t_buf_free(&out);
  free(ref), free(split);
  return ok;
}

static void ctr_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-ctr", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "ctr", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  for (int i = 0; i < n_cases(cfg); i++) {
    size_t len = case_len(cfg, &r, i);
    char why[320] = "";
    int ok = ctr_case(backend, kb, ks, &r, len, i % 4, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* AES-CMAC                                                                 */
/* ------------------------------------------------------------------------ */

/* The backend's CMAC equals soft's on unaligned, guarded input; verify
 * accepts the tag and every truncation to 4..16 bytes, and rejects one
 * flipped bit. */
static int cmac_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len, char *why,
                     size_t why_len) {
  int ok = 1;
  uint8_t key[32], ref[16], got[16];
  size_t key_len = 16 + 8 * (size_t)t_rng_below(r, 3);
  t_rng_fill(r, key, key_len);
  t_buf in;
  t_buf_alloc(&in, len, t_rng_below(r, 64));
  t_rng_fill(r, in.p, len);
  hwc_status st;
  size_t tl = 4 + (size_t)t_rng_below(r, 13);
  if ((st = hwc_aes_key_init_with(kb, backend, key, key_len)) != HWC_OK)
    FAILF("key init (%s) returned %d", backend, (int)st);
  if ((st = hwc_aes_key_init_with(ks, "soft", key, key_len)) != HWC_OK)
    FAILF("soft key init returned %d", (int)st);
  if ((st = hwc_cmac(ks, in.p, len, ref)) != HWC_OK) FAILF("soft returned %d", (int)st);
  if ((st = hwc_cmac(kb, in.p, len, got)) != HWC_OK) FAILF("cmac returned %d", (int)st);
  if (!eq(got, ref, 16)) FAILF("tag %s differs from soft's %s", t_hex(got, 16), t_hex(ref, 16));
  if ((st = hwc_cmac_verify(kb, in.p, len, ref, tl)) != HWC_OK) FAILF("verify of a %zu-byte tag returned %d", tl, (int)st);
  got[t_rng_below(r, tl)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  if ((st = hwc_cmac_verify(kb, in.p, len, got, tl)) != HWC_ERR_AUTH) FAILF("flipped tag: verify returned %d", (int)st);
  if (!t_buf_guard_ok(&in)) FAILF("the input's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, len %zu]", key_len, len);
  }
  t_buf_free(&in);
  return ok;
}

static void cmac_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-cmac", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "cmac", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  for (int i = 0; i < n_cases(cfg); i++) {
    size_t len = case_len(cfg, &r, i);
    char why[320] = "";
    int ok = cmac_case(backend, kb, ks, &r, len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* SHA and HMAC                                                             */
/* ------------------------------------------------------------------------ */

static size_t pick_chunk(t_rng *r, size_t block, size_t left) {
  size_t c;
  switch (t_rng_below(r, 8)) {
    case 0: c = 0; break;
    case 1: c = 1; break;
    case 2: c = block - 1; break;
    case 3: c = block; break;
    case 4: c = block + 1; break;
    case 5: c = (size_t)t_rng_below(r, 3 * block); break;
    case 6: c = (size_t)t_rng_below(r, 8 * block); break;
    default: c = left; break;
  }
  return c > left ? left : c;
}

static int hash_case(const char *backend, hwc_hash_alg alg, t_rng *r, size_t len, char *why,
                     size_t why_len) {
  int ok = 1;
  size_t d = hwc_hash_digest_len(alg), block = hwc_hash_block_len(alg);
  t_buf data;
  t_buf_alloc(&data, len, t_rng_below(r, 64));
  t_rng_fill(r, data.p, len);
  uint8_t ref[HWC_HASH_MAX_DIGEST], got[HWC_HASH_MAX_DIGEST];
  hwc_hash_ctx c;
  hwc_status st;
  int updates = 0;

  if ((st = hwc_hash_init_with(&c, alg, "soft")) != HWC_OK) FAILF("soft init returned %d", (int)st);
  if (hwc_hash_update(&c, data.p, len) != HWC_OK || hwc_hash_final(&c, ref) != HWC_OK)
    FAILF("soft hash failed");

  if ((st = hwc_hash_init_with(&c, alg, backend)) != HWC_OK) FAILF("init returned %d", (int)st);
  for (size_t off = 0; off < len || updates == 0;) {
    size_t n = pick_chunk(r, block, len - off);
    if (hwc_hash_update(&c, data.p + off, n) != HWC_OK) FAILF("update failed");
    off += n;
    updates++;
    if (updates > 100000) break;
  }
  if (hwc_hash_final(&c, got) != HWC_OK) FAILF("final failed");
  if (!eq(got, ref, d)) FAILF("digest %s, soft one-shot %s", t_hex(got, d), t_hex(ref, d));
  if (!t_buf_guard_ok(&data)) FAILF("input guard bytes were overwritten");

out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [%s, len %zu, %d updates]", t_hash_name(alg), len, updates);
  }
  t_buf_free(&data);
  return ok;
}

static void hash_diff(const t_run *run, const char *backend, hwc_hash_alg alg, const diff_cfg *cfg) {
  char name[32];
  snprintf(name, sizeof(name), "diff-%s", t_hash_name(alg));
  t_group g;
  group_begin(&g, hwc_hash_family(alg), backend, name, run->seed);
  t_rng r;
  rng_for(&r, run->seed, name, backend);
  for (int i = 0; i < n_cases(cfg); i++) {
    size_t len = case_len(cfg, &r, i);
    char why[320] = "";
    int ok = hash_case(backend, alg, &r, len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_group_end(&g);
}

static void hmac_diff(const t_run *run, const char *backend, hwc_hash_alg alg, const diff_cfg *cfg) {
  char name[32];
  snprintf(name, sizeof(name), "diff-hmac-%s", t_hash_name(alg));
  t_group g;
  hwc_family fam = hwc_hash_family(alg);
  group_begin(&g, fam, backend, name, run->seed);
  t_rng r;
  rng_for(&r, run->seed, name, backend);
  int n = (int)cfg->seq_max / 4 + 1;
  size_t d = hwc_hash_digest_len(alg);
  for (int i = 0; i < n; i++) {
    size_t key_len = (size_t)t_rng_below(&r, 2 * hwc_hash_block_len(alg) + 40);
    size_t len = (size_t)t_rng_below(&r, 2048);
    uint8_t *key = t_xmalloc(key_len), *msg = t_xmalloc(len);
    uint8_t ref[HWC_HASH_MAX_DIGEST], got[HWC_HASH_MAX_DIGEST];
    t_rng_fill(&r, key, key_len);
    t_rng_fill(&r, msg, len);
    const char *prev = t_select_backend(fam, "soft");
    hwc_status s1 = hwc_hmac(alg, key, key_len, msg, len, ref);
    t_select_backend(fam, backend);
    hwc_status s2 = hwc_hmac(alg, key, key_len, msg, len, got);
    t_select_backend(fam, prev);
    t_case(&g, s1 == HWC_OK && s2 == HWC_OK && eq(ref, got, d),
           "case %d: key %zu B, msg %zu B: status %d/%d, %s vs soft %s", i, key_len, len, (int)s2,
           (int)s1, t_hex(got, d), t_hex(ref, d));
    free(key), free(msg);
  }
  t_group_end(&g);
}

void t_run_differential(const t_run *run) {
  if (run->diff_level <= 0) return;
  diff_cfg cfg = cfg_for(run->diff_level);
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
    for (int i = 0; i < run->n_backends[f]; i++) {
      const char *b = run->backends[f][i];
      if (!run->soft_available[f]) {
        t_group g;
        group_begin(&g, (hwc_family)f, b, "diff", run->seed);
        t_case(&g, 0, "no soft backend for %s to compare against", hwc_family_name((hwc_family)f));
        t_group_end(&g);
        continue;
      }
      if (f == HWC_FAMILY_AES) {
        gcm_diff(run, b, &cfg);
        ctr_diff(run, b, &cfg);
        cmac_diff(run, b, &cfg);
        continue;
      }
      for (int a = 0; a < HWC_HASH_COUNT; a++) {
        if (hwc_hash_family((hwc_hash_alg)a) != (hwc_family)f) continue;
        hash_diff(run, b, (hwc_hash_alg)a, &cfg);
        hmac_diff(run, b, (hwc_hash_alg)a, &cfg);
      }
    }
  }
}
