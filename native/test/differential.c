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
 *  AES-ECB, AES-CBC  whole-block lengths (every length 0..N, lengths
 *           around 1, 2, 4, 8, 16, 32, 64 blocks, random up to 64 KiB),
 *           random key sizes, in place and unaligned: equal to soft;
 *           decryption inverts; one block equals a one-block call; CBC
 *           split across two calls equals one call; partial blocks refused.
 *  CBC-PKCS#7  any length: equal to soft, round trip, the padding bytes
 *           themselves; a chosen last block (re-encrypted without padding)
 *           with a valid padding of random length is accepted with the
 *           right length, a bad one (0, > 16, one wrong byte) rejected
 *           with the output wiped; lengths 0 and not whole blocks rejected.
 *  AES-XTS  32/48/64-byte keys, lengths 0.. (below 16 refused, nothing
 *           written), with stealing: equal to soft, round trip, and
 *           stealing touches only the last two blocks.
 *  AES-CCM  every nonce length 7..13 x tag length 4..16 (even), AAD
 *           lengths incl. the 0xff00 prefix boundary, payloads up to the
 *           2^(8q) limit (and refused from it): equal to soft and to a CCM
 *           built here from the ECB, CBC and CTR entry points; round trip;
 *           one flipped bit in ciphertext, tag, AAD or nonce rejected with
 *           the output wiped. Plus the argument checks of the four modes.
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
/* Block-cipher modes: ECB, CBC (+PKCS#7), XTS, CCM                         */
/* ------------------------------------------------------------------------ */

/* Lengths around the kernels' block and pipeline boundaries, tried before
 * the 0..N sequence and the random lengths: 16·(nb ± 1) ± 1 bytes for nb =
 * 1, 2, 4, 8, 16, 32, 64 blocks (ECB and CBC round down to whole blocks). */
static const int k_bound_blocks[] = {1, 2, 4, 8, 16, 32, 64};
#define N_BOUND ((int)(sizeof(k_bound_blocks) / sizeof(k_bound_blocks[0])) * 9)

static size_t mode_len(const diff_cfg *c, t_rng *r, int i) {
  if (i < N_BOUND) {
    int nb = k_bound_blocks[i / 9] + (i % 9) / 3 - 1, d = i % 3 - 1;
    long l = 16L * nb + d;
    return l < 0 ? 0 : (size_t)l;
  }
  return case_len(c, r, i - N_BOUND);
}

static int mode_cases(const diff_cfg *c) { return N_BOUND + n_cases(c); }

static size_t pick_key_len(t_rng *r) { return 16 + 8 * (size_t)t_rng_below(r, 3); }

/* Key pair for a case: kb with the backend under test, ks with soft. */
static hwc_status keys_init(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, const uint8_t *key,
                            size_t key_len) {
  hwc_status st = hwc_aes_key_init_with(kb, backend, key, key_len);
  if (st == HWC_OK) st = hwc_aes_key_init_with(ks, "soft", key, key_len);
  return st;
}

/* ECB or CBC without padding on whole blocks: the backend equals soft, in
 * place or not, at unaligned addresses; decryption gives the plaintext
 * back; for CBC two calls split at a random block (the second IV being the
 * last ciphertext block of the first) equal one call, both ways; one
 * random block equals a one-block call (ECB, or CBC with the IV XORed
 * in). A length that is not whole blocks is refused. */
static int block_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len, int cbc,
                      char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[32], iv[16], iv2[16], one[16], blk[16];
  size_t key_len = pick_key_len(r);
  int in_place = (int)t_rng_below(r, 2);
  len -= len % 16;
  t_rng_fill(r, key, key_len);
  t_rng_fill(r, iv, 16);
  t_buf pt, ct, back;
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, len, t_rng_below(r, 64));
  t_buf_alloc(&back, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len + 1), *split = t_xmalloc(len + 1);
  t_rng_fill(r, pt.p, len);
  hwc_status st;
#define ENC(k, i, o, n) (cbc ? hwc_cbc_encrypt(k, iv, i, o, n) : hwc_ecb_encrypt(k, i, o, n))
#define DEC(k, i, o, n) (cbc ? hwc_cbc_decrypt(k, iv, i, o, n) : hwc_ecb_decrypt(k, i, o, n))
  if ((st = keys_init(backend, kb, ks, key, key_len)) != HWC_OK) FAILF("key init returned %d", (int)st);
  if ((st = ENC(ks, pt.p, ref, len)) != HWC_OK) FAILF("soft encrypt returned %d", (int)st);
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = ENC(kb, ct.p, ct.p, len);
  } else {
    st = ENC(kb, pt.p, ct.p, len);
  }
  if (st != HWC_OK) FAILF("encrypt returned %d", (int)st);
  if (!eq(ct.p, ref, len)) FAILF("ciphertext differs from soft");
  if (in_place) {
    memcpy(back.p, ct.p, len);
    st = DEC(kb, back.p, back.p, len);
  } else {
    st = DEC(kb, ct.p, back.p, len);
  }
  if (st != HWC_OK || !eq(back.p, pt.p, len)) FAILF("decrypt: status %d, plaintext %s", (int)st,
                                                  eq(back.p, pt.p, len) ? "ok" : "WRONG");
  if (len) {
    size_t j = 16 * (size_t)t_rng_below(r, len / 16);
    memcpy(blk, pt.p + j, 16);
    if (cbc)
      for (int b = 0; b < 16; b++) blk[b] ^= j ? ct.p[j - 16 + b] : iv[b];
    memset(iv2, 0, 16);
    if ((st = cbc ? hwc_cbc_encrypt(kb, iv2, blk, one, 16) : hwc_ecb_encrypt(kb, blk, one, 16)) != HWC_OK ||
        !eq(one, ct.p + j, 16))
      FAILF("block at %zu differs from a one-block call (status %d)", j, (int)st);
  }
  if (cbc) {
    size_t cut = 16 * (size_t)t_rng_below(r, len / 16 + 1);
    memcpy(iv2, cut ? ct.p + cut - 16 : iv, 16);
    if (hwc_cbc_encrypt(kb, iv, pt.p, split, cut) != HWC_OK ||
        hwc_cbc_encrypt(kb, iv2, pt.p + cut, split + cut, len - cut) != HWC_OK || !eq(split, ct.p, len))
      FAILF("encryption split at byte %zu differs from one call", cut);
    if (hwc_cbc_decrypt(kb, iv, ct.p, split, cut) != HWC_OK ||
        hwc_cbc_decrypt(kb, iv2, ct.p + cut, split + cut, len - cut) != HWC_OK || !eq(split, pt.p, len))
      FAILF("decryption split at byte %zu differs from one call", cut);
  }
  /* a partial block is refused, nothing written */
  if (len) {
    memset(back.p, 0x5a, len);
    size_t bad = len - 1 - (size_t)t_rng_below(r, 15);
    if ((st = ENC(kb, pt.p, back.p, bad)) != HWC_ERR_ARG || (st = DEC(kb, ct.p, back.p, bad)) != HWC_ERR_ARG)
      FAILF("length %zu: status %d, want %d", bad, (int)st, (int)HWC_ERR_ARG);
    for (size_t i = 0; i < len; i++)
      if (back.p[i] != 0x5a) FAILF("a refused call (length %zu) wrote to the output", bad);
  }
#undef ENC
#undef DEC
  if (!t_buf_guard_ok(&pt) || !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, len %zu, %s]", key_len, len, in_place ? "in place" : "out of place");
  }
  t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref), free(split);
  return ok;
}

/* CBC with PKCS#7 on any length: encryption equals soft (in place too)
 * and decrypts back to the message; then the padded plaintext is edited
 * and re-encrypted without padding, so the decryption sees a chosen last
 * block: a valid padding of a random length p must give len - p bytes, an
 * invalid one (pad byte 0, above 16, or one wrong byte inside the
 * padding) HWC_ERR_DECRYPT with every output byte wiped. A length that is
 * 0 or not whole blocks is HWC_ERR_DECRYPT too. */
static int pkcs7_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len, char *why,
                      size_t why_len) {
  int ok = 1;
  uint8_t key[32], iv[16];
  size_t key_len = pick_key_len(r);
  size_t n = hwc_cbc_pkcs7_len(len), out_len = 0;
  int in_place = (int)t_rng_below(r, 2);
  const char *kind = "-";
  t_rng_fill(r, key, key_len);
  t_rng_fill(r, iv, 16);
  t_buf pt, ct, back;
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, n, t_rng_below(r, 64));
  t_buf_alloc(&back, n, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(n), *padded = t_xmalloc(n);
  t_rng_fill(r, pt.p, len);
  hwc_status st;
  if (n != len + 16 - len % 16) FAILF("hwc_cbc_pkcs7_len(%zu) = %zu", len, n);
  if ((st = keys_init(backend, kb, ks, key, key_len)) != HWC_OK) FAILF("key init returned %d", (int)st);
  if ((st = hwc_cbc_encrypt_pkcs7(ks, iv, pt.p, len, ref)) != HWC_OK) FAILF("soft encrypt returned %d", (int)st);
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = hwc_cbc_encrypt_pkcs7(kb, iv, ct.p, len, ct.p);
  } else {
    st = hwc_cbc_encrypt_pkcs7(kb, iv, pt.p, len, ct.p);
  }
  if (st != HWC_OK || !eq(ct.p, ref, n)) FAILF("encrypt: status %d, %s soft", (int)st, eq(ct.p, ref, n) ? "equals" : "differs from");
  /* the padding itself: raw decryption shows n - len bytes of n - len */
  if ((st = hwc_cbc_decrypt(kb, iv, ct.p, padded, n)) != HWC_OK) FAILF("raw decrypt returned %d", (int)st);
  for (size_t i = len; i < n; i++)
    if (padded[i] != n - len) FAILF("padding byte %zu is %02x, want %02zx", i, padded[i], n - len);
  memset(back.p, 0x5a, n);
  if (in_place) memcpy(back.p, ct.p, n);
  st = hwc_cbc_decrypt_pkcs7(kb, iv, in_place ? back.p : ct.p, n, back.p, &out_len);
  if (st != HWC_OK || out_len != len || !eq(back.p, pt.p, len))
    FAILF("decrypt: status %d, length %zu", (int)st, out_len);

  /* a chosen last block */
  {
    uint8_t *last = padded + n - 16;
    size_t p = 1 + (size_t)t_rng_below(r, 16);
    int valid = 1;
    t_rng_fill(r, last, 16);
    memset(last + 16 - p, (int)p, p);
    switch (t_rng_below(r, 5)) {
      case 0: kind = "pad byte 0", last[15] = 0, valid = 0; break;
      case 1: kind = "pad byte > 16", last[15] = (uint8_t)(17 + t_rng_below(r, 239)), valid = 0; break;
      case 2:
        if (p > 1) {
          kind = "one wrong byte in the padding";
          last[16 - p + t_rng_below(r, p - 1)] ^= (uint8_t)(1 + t_rng_below(r, 255));
          valid = 0;
          break;
        }
        /* fall through */
      default: kind = "valid"; break;
    }
    if ((st = hwc_cbc_encrypt(kb, iv, padded, ct.p, n)) != HWC_OK) FAILF("raw encrypt returned %d", (int)st);
    memset(back.p, 0x5a, n);
    out_len = 777;
    st = hwc_cbc_decrypt_pkcs7(kb, iv, ct.p, n, back.p, &out_len);
    if (valid && (st != HWC_OK || out_len != n - p || !eq(back.p, padded, n - p)))
      FAILF("%zu-byte padding: status %d, length %zu", p, (int)st, out_len);
    if (!valid && (st != HWC_ERR_DECRYPT || out_len != 0 || !all_zero(back.p, n)))
      FAILF("%s: status %d, length %zu, output %s", kind, (int)st, out_len, all_zero(back.p, n) ? "wiped" : "NOT wiped");
  }
  /* bad lengths */
  {
    size_t bad = t_rng_below(r, 2) ? 0 : n - 1 - (size_t)t_rng_below(r, 15);
    memset(back.p, 0x5a, n);
    out_len = 777;
    st = hwc_cbc_decrypt_pkcs7(kb, iv, ct.p, bad, back.p, &out_len);
    if (st != HWC_ERR_DECRYPT || out_len != 0 || !all_zero(back.p, bad))
      FAILF("length %zu: status %d, length %zu", bad, (int)st, out_len);
  }
  if (!t_buf_guard_ok(&pt) || !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, len %zu, last block %s, %s]", key_len, len, kind,
             in_place ? "in place" : "out of place");
  }
  t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref), free(padded);
  return ok;
}

/* XTS: lengths below 16 are refused, nothing written; otherwise the
 * backend equals soft (in place or not, unaligned), decryption gives the
 * plaintext back, and ciphertext stealing changes only the last two
 * blocks: the first m - 1 blocks equal the encryption of those blocks
 * alone. Identical key halves are refused. */
static int xts_case(const char *backend, hwc_aes_key *k1, hwc_aes_key *k2, hwc_aes_key *s1, hwc_aes_key *s2,
                    t_rng *r, size_t len, char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[64], tweak[16];
  size_t key_len = 32 + 16 * (size_t)t_rng_below(r, 3);
  int in_place = (int)t_rng_below(r, 2);
  t_rng_fill(r, key, key_len);
  t_rng_fill(r, tweak, 16);
  t_buf pt, ct, back;
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, len, t_rng_below(r, 64));
  t_buf_alloc(&back, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len + 1), *pre = t_xmalloc(len + 1);
  t_rng_fill(r, pt.p, len);
  hwc_status st;
  if ((st = hwc_xts_key_init(k1, k2, backend, key, key_len)) != HWC_OK) FAILF("key init returned %d", (int)st);
  if ((st = hwc_xts_key_init(s1, s2, "soft", key, key_len)) != HWC_OK) FAILF("soft key init returned %d", (int)st);
  if (len < 16) {
    memset(back.p, 0x5a, len);
    if ((st = hwc_xts_encrypt(k1, k2, tweak, pt.p, back.p, len)) != HWC_ERR_ARG ||
        (st = hwc_xts_decrypt(k1, k2, tweak, pt.p, back.p, len)) != HWC_ERR_ARG)
      FAILF("length %zu: status %d, want %d", len, (int)st, (int)HWC_ERR_ARG);
    for (size_t i = 0; i < len; i++)
      if (back.p[i] != 0x5a) FAILF("a refused call wrote to the output");
    goto guards;
  }
  if ((st = hwc_xts_encrypt(s1, s2, tweak, pt.p, ref, len)) != HWC_OK) FAILF("soft encrypt returned %d", (int)st);
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = hwc_xts_encrypt(k1, k2, tweak, ct.p, ct.p, len);
  } else {
    st = hwc_xts_encrypt(k1, k2, tweak, pt.p, ct.p, len);
  }
  if (st != HWC_OK) FAILF("encrypt returned %d", (int)st);
  if (!eq(ct.p, ref, len)) FAILF("ciphertext differs from soft");
  if (in_place) {
    memcpy(back.p, ct.p, len);
    st = hwc_xts_decrypt(k1, k2, tweak, back.p, back.p, len);
  } else {
    st = hwc_xts_decrypt(k1, k2, tweak, ct.p, back.p, len);
  }
  if (st != HWC_OK || !eq(back.p, pt.p, len)) FAILF("decrypt: status %d, plaintext %s", (int)st,
                                                  eq(back.p, pt.p, len) ? "ok" : "WRONG");
  if (len % 16 && len >= 32) {
    size_t head = (len / 16 - 1) * 16;
    if ((st = hwc_xts_encrypt(k1, k2, tweak, pt.p, pre, head)) != HWC_OK || !eq(pre, ct.p, head))
      FAILF("the first %zu bytes differ from their encryption alone (status %d)", head, (int)st);
  }
guards:
  if (!t_buf_guard_ok(&pt) || !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, len %zu, %s]", key_len, len, in_place ? "in place" : "out of place");
  }
  t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref), free(pre);
  return ok;
}

/* CCM computed here from the ECB and CBC entry points (SP 800-38C A.2):
 * the CBC-MAC is the last block of a zero-IV CBC encryption of B_0, the
 * length-prefixed AAD and the payload, each zero-padded to whole blocks;
 * the ciphertext is the payload XOR the keystream E_K(A_1) E_K(A_2)...
 * (hwc_ctr_xor: the q-byte counter field cannot overflow for a legal
 * length, so the 128-bit increment agrees). An oracle for ccm.c's
 * formatting that shares none of its code. */
static hwc_status ccm_reference(const hwc_aes_key *k, const uint8_t *nonce, size_t nl, const uint8_t *aad,
                                size_t aad_len, const uint8_t *pt, size_t len, size_t tl, uint8_t *ct,
                                uint8_t tag[16]) {
  size_t q = 15 - nl, pre = aad_len == 0 ? 0 : aad_len < 0xff00 ? 2 : aad_len <= 0xffffffffULL ? 6 : 10;
  size_t a_blocks = (pre + aad_len + 15) / 16, p_blocks = (len + 15) / 16;
  size_t total = 16 * (1 + a_blocks + p_blocks);
  uint8_t *buf = calloc(total, 1), *enc = t_xmalloc(total);
  uint8_t a0[16], s0[16], zero[16] = {0};
  buf[0] = (uint8_t)((aad_len ? 64 : 0) | ((tl - 2) / 2) << 3 | (q - 1));
  memcpy(buf + 1, nonce, nl);
  for (size_t i = 0; i < q; i++) buf[15 - i] = (uint8_t)(i < 8 ? (uint64_t)len >> (8 * i) : 0);
  uint8_t *a = buf + 16;
  if (pre == 2) {
    a[0] = (uint8_t)(aad_len >> 8), a[1] = (uint8_t)aad_len;
  } else if (pre == 6) {
    a[0] = 0xff, a[1] = 0xfe;
    for (int i = 0; i < 4; i++) a[2 + i] = (uint8_t)((uint64_t)aad_len >> (24 - 8 * i));
  } else if (pre == 10) {
    a[0] = 0xff, a[1] = 0xff;
    for (int i = 0; i < 8; i++) a[2 + i] = (uint8_t)((uint64_t)aad_len >> (56 - 8 * i));
  }
  if (aad_len) memcpy(a + pre, aad, aad_len);
  if (len) memcpy(buf + 16 * (1 + a_blocks), pt, len);
  hwc_status st = hwc_cbc_encrypt(k, zero, buf, enc, total);
  memset(a0, 0, 16);
  a0[0] = (uint8_t)(q - 1);
  memcpy(a0 + 1, nonce, nl);
  if (st == HWC_OK) st = hwc_ecb_encrypt(k, a0, s0, 16);
  for (int i = 0; i < 16; i++) tag[i] = enc[total - 16 + i] ^ s0[i];
  a0[15] = 1;
  if (st == HWC_OK && len) st = hwc_ctr_xor(k, a0, pt, ct, len);
  free(buf), free(enc);
  return st;
}

static size_t pick_ccm_aad_len(t_rng *r) {
  uint64_t x = t_rng_below(r, 100);
  if (x < 30) return 0;
  if (x < 70) return (size_t)t_rng_below(r, 65);
  if (x < 95) return (size_t)t_rng_below(r, 600);
  if (x < 98) return (size_t)t_rng_below(r, 4097);
  return 0xff00 - 2 + (size_t)t_rng_below(r, 5); /* the 2- / 6-byte prefix boundary */
}

/* One CCM case: backend seal equals soft and the reference above, open
 * gives the plaintext back (in place or not), and one flipped bit in the
 * ciphertext, tag, AAD or nonce is rejected with the output wiped. A
 * payload of 2^(8q) bytes or more is refused by seal and open. */
static int ccm_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len, size_t nl,
                    size_t tl, size_t aad_len, char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[32], nonce[13], tag[16], ref_tag[16], own_tag[16], bad_tag[16];
  size_t key_len = pick_key_len(r), q = 15 - nl;
  int in_place = (int)t_rng_below(r, 2);
  t_rng_fill(r, key, key_len);
  t_rng_fill(r, nonce, nl);
  t_buf aad, pt, ct, back;
  t_buf_alloc(&aad, aad_len, t_rng_below(r, 64));
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, len, t_rng_below(r, 64));
  t_buf_alloc(&back, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len + 1), *own = t_xmalloc(len + 1);
  t_rng_fill(r, aad.p, aad_len);
  t_rng_fill(r, pt.p, len);
  hwc_status st;
  if ((st = keys_init(backend, kb, ks, key, key_len)) != HWC_OK) FAILF("key init returned %d", (int)st);
  if (q < 8 && (uint64_t)len >> (8 * q)) {
    memset(back.p, 0x5a, len);
    if ((st = hwc_ccm_seal(kb, nonce, nl, aad.p, aad_len, pt.p, len, back.p, tag, tl)) != HWC_ERR_ARG ||
        (st = hwc_ccm_open(kb, nonce, nl, aad.p, aad_len, pt.p, len, tag, tl, back.p)) != HWC_ERR_ARG)
      FAILF("payload of %zu bytes with a %zu-byte nonce: status %d, want %d", len, nl, (int)st, (int)HWC_ERR_ARG);
    for (size_t i = 0; i < len; i++)
      if (back.p[i] != 0x5a) FAILF("a refused call wrote to the output");
    goto guards;
  }
  if ((st = hwc_ccm_seal(ks, nonce, nl, aad.p, aad_len, pt.p, len, ref, ref_tag, tl)) != HWC_OK)
    FAILF("soft seal returned %d", (int)st);
  if ((st = ccm_reference(kb, nonce, nl, aad.p, aad_len, pt.p, len, tl, own, own_tag)) != HWC_OK)
    FAILF("reference returned %d", (int)st);
  if (!eq(ref, own, len) || !eq(ref_tag, own_tag, tl))
    FAILF("soft's CCM differs from the ECB/CBC/CTR reference (ciphertext %s, tag %s vs %s)",
          eq(ref, own, len) ? "ok" : "WRONG", t_hex(ref_tag, tl), t_hex(own_tag, tl));
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = hwc_ccm_seal(kb, nonce, nl, aad.p, aad_len, ct.p, len, ct.p, tag, tl);
  } else {
    st = hwc_ccm_seal(kb, nonce, nl, aad.p, aad_len, pt.p, len, ct.p, tag, tl);
  }
  if (st != HWC_OK) FAILF("seal returned %d", (int)st);
  if (!eq(ct.p, ref, len)) FAILF("ciphertext differs from soft");
  if (!eq(tag, ref_tag, tl)) FAILF("tag %s, soft %s", t_hex(tag, tl), t_hex(ref_tag, tl));
  if (in_place) {
    memcpy(back.p, ct.p, len);
    st = hwc_ccm_open(kb, nonce, nl, aad.p, aad_len, back.p, len, tag, tl, back.p);
  } else {
    memset(back.p, 0x5a, len);
    st = hwc_ccm_open(kb, nonce, nl, aad.p, aad_len, ct.p, len, tag, tl, back.p);
  }
  if (st != HWC_OK) FAILF("open of own output returned %d", (int)st);
  if (!eq(back.p, pt.p, len)) FAILF("open did not give the plaintext back");
  {
    const uint8_t *n_p = nonce, *a_p = aad.p, *c_p = ct.p, *t_p = tag;
    uint8_t *copy = NULL, bad_nonce[13];
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
      memcpy(bad_nonce, nonce, nl);
      bad_nonce[t_rng_below(r, nl)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      n_p = bad_nonce;
      what = "nonce";
    } else {
      memcpy(bad_tag, tag, 16);
      bad_tag[t_rng_below(r, tl)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      t_p = bad_tag;
      what = "tag";
    }
    memset(back.p, 0x5a, len);
    st = hwc_ccm_open(kb, n_p, nl, a_p, aad_len, c_p, len, t_p, tl, back.p);
    free(copy);
    if (st != HWC_ERR_AUTH) FAILF("open with a flipped %s bit returned %d", what, (int)st);
    if (!all_zero(back.p, len)) FAILF("rejected open (flipped %s) left output unwiped", what);
  }
guards:
  if (!t_buf_guard_ok(&aad) || !t_buf_guard_ok(&pt) || !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, nonce %zu B, aad %zu B, len %zu, tag %zu, %s]", key_len, nl, aad_len,
             len, tl, in_place ? "in place" : "out of place");
  }
  t_buf_free(&aad), t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref), free(own);
  return ok;
}

/* Argument checks of the four modes that need no data: CCM nonce and tag
 * sizes outside 7..13 / {4, 6, ..., 16}, payload lengths from 2^(8q) up
 * (refused before any byte is read, so a short buffer stands in), XTS key
 * sizes and identical halves, lengths above HWC_XTS_MAX_LEN. */
static void mode_args(const char *backend, t_group *g) {
  hwc_aes_key *k = t_aes_key_new(), *k2 = t_aes_key_new();
  uint8_t key[64], buf[64], tag[16];
  for (int i = 0; i < 64; i++) key[i] = (uint8_t)(i * 29 + 3), buf[i] = (uint8_t)i;
  memset(tag, 0, 16); /* never the right tag: open must fail authentication */
  t_case(g, hwc_aes_key_init_with(k, backend, key, 16) == HWC_OK, "key init");
  for (size_t nl = 0; nl <= 20; nl++)
    for (size_t tl = 0; tl <= 18; tl++) {
      int legal = nl >= 7 && nl <= 13 && tl >= 4 && tl <= 16 && tl % 2 == 0;
      uint8_t stag[16];
      hwc_status s1 = hwc_ccm_seal(k, buf, nl, buf, 3, buf, 5, buf + 32, stag, tl);
      hwc_status s2 = hwc_ccm_open(k, buf, nl, buf, 3, buf + 32, 5, tag, tl, buf + 48);
      t_case(g, legal ? s1 == HWC_OK && s2 == HWC_ERR_AUTH : s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG,
             "ccm nonce %zu, tag %zu: seal %d, open %d", nl, tl, (int)s1, (int)s2);
    }
  for (size_t nl = 7; nl <= 13; nl++) {
    size_t q = 15 - nl;
    uint64_t limit = q >= 8 ? HWC_CCM_MAX_PT + 1 : (uint64_t)1 << (8 * q);
    if (limit > HWC_CCM_MAX_PT + 1) limit = HWC_CCM_MAX_PT + 1;
    if (sizeof(size_t) < 8 && limit > SIZE_MAX) continue;
    hwc_status s1 = hwc_ccm_seal(k, buf, nl, NULL, 0, buf, (size_t)limit, buf, tag, 16);
    hwc_status s2 = hwc_ccm_open(k, buf, nl, NULL, 0, buf, (size_t)limit, tag, 16, buf);
    t_case(g, s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG, "ccm nonce %zu, payload %llu: seal %d, open %d", nl,
           (unsigned long long)limit, (int)s1, (int)s2);
  }
  static const size_t xts_lens[] = {0, 16, 24, 31, 33, 40, 47, 49, 63, 65, 96, 128};
  for (size_t i = 0; i < sizeof(xts_lens) / sizeof(xts_lens[0]); i++) {
    size_t kl = xts_lens[i];
    hwc_status st = hwc_xts_key_init(k, k2, backend, key, kl);
    int legal = kl == 32 || kl == 48 || kl == 64;
    t_case(g, legal ? st == HWC_OK : st == HWC_ERR_ARG, "xts key of %zu bytes: %d", kl, (int)st);
  }
  for (size_t kl = 32; kl <= 64; kl += 16) {
    uint8_t same[64];
    memcpy(same, key, kl / 2);
    memcpy(same + kl / 2, key, kl / 2);
    hwc_status st = hwc_xts_key_init(k, k2, backend, same, kl);
    t_case(g, st == HWC_ERR_ARG, "xts key of %zu bytes with identical halves: %d", kl, (int)st);
  }
  if (hwc_xts_key_init(k, k2, backend, key, 64) == HWC_OK) {
    hwc_status s1 = hwc_xts_encrypt(k, k2, buf, buf, buf, HWC_XTS_MAX_LEN + 1);
    hwc_status s2 = hwc_xts_decrypt(k, k2, buf, buf, buf, HWC_XTS_MAX_LEN + 16);
    t_case(g, s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG, "xts above HWC_XTS_MAX_LEN: %d, %d", (int)s1, (int)s2);
  }
  t_aes_key_free(k), t_aes_key_free(k2);
}

static void block_diff(const t_run *run, const char *backend, const diff_cfg *cfg, int cbc) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, cbc ? "diff-aes-cbc" : "diff-aes-ecb", run->seed);
  t_rng r;
  rng_for(&r, run->seed, cbc ? "cbc" : "ecb", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  for (int i = 0; i < mode_cases(cfg); i++) {
    size_t len = mode_len(cfg, &r, i);
    char why[320] = "";
    int ok = block_case(backend, kb, ks, &r, len, cbc, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

static void pkcs7_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-cbc-pkcs7", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "cbc-pkcs7", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  for (int i = 0; i < mode_cases(cfg); i++) {
    size_t len = mode_len(cfg, &r, i);
    char why[320] = "";
    int ok = pkcs7_case(backend, kb, ks, &r, len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

static void xts_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-xts", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "xts", backend);
  hwc_aes_key *k1 = t_aes_key_new(), *k2 = t_aes_key_new(), *s1 = t_aes_key_new(), *s2 = t_aes_key_new();
  for (int i = 0; i < mode_cases(cfg); i++) {
    size_t len = mode_len(cfg, &r, i);
    char why[320] = "";
    int ok = xts_case(backend, k1, k2, s1, s2, &r, len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(k1), t_aes_key_free(k2), t_aes_key_free(s1), t_aes_key_free(s2);
  t_group_end(&g);
}

static void ccm_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-ccm", run->seed);
  t_rng r;
  rng_for(&r, run->seed, "ccm", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  char why[320];
  /* every nonce and tag length on short payloads */
  static const size_t short_lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 64, 100};
  for (size_t nl = 7; nl <= 13; nl++)
    for (size_t tl = 4; tl <= 16; tl += 2)
      for (size_t i = 0; i < sizeof(short_lens) / sizeof(short_lens[0]); i++) {
        why[0] = 0;
        int ok = ccm_case(backend, kb, ks, &r, short_lens[i], nl, tl, pick_ccm_aad_len(&r), why, sizeof(why));
        t_case(&g, ok, "nonce %zu, tag %zu: %s", nl, tl, why);
      }
  /* the AAD length prefix: 2 bytes below 0xff00, 6 from it */
  for (size_t a = 0xff00 - 2; a <= 0xff00 + 2; a++) {
    why[0] = 0;
    int ok = ccm_case(backend, kb, ks, &r, (size_t)t_rng_below(&r, 70), 7 + (size_t)t_rng_below(&r, 7),
                      4 + 2 * (size_t)t_rng_below(&r, 7), a, why, sizeof(why));
    t_case(&g, ok, "aad %zu: %s", a, why);
  }
  /* a 13-byte nonce (q = 2) takes up to 65535 bytes */
  for (size_t len = 65534; len <= 65537; len++) {
    why[0] = 0;
    int ok = ccm_case(backend, kb, ks, &r, len, 13, 16, pick_ccm_aad_len(&r), why, sizeof(why));
    t_case(&g, ok, "q = 2 limit: %s", why);
  }
  for (int i = 0; i < mode_cases(cfg); i++) {
    size_t len = mode_len(cfg, &r, i);
    why[0] = 0;
    int ok = ccm_case(backend, kb, ks, &r, len, 7 + (size_t)t_rng_below(&r, 7), 4 + 2 * (size_t)t_rng_below(&r, 7),
                      pick_ccm_aad_len(&r), why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

/* One AES-GCM-SIV case: the backend's seal equals soft's (ciphertext and
 * tag), open gives the plaintext back (in place or not), and one flipped
 * bit in the ciphertext, tag, AAD or nonce is rejected with HWC_ERR_AUTH
 * and the output wiped. Soft itself is pinned by the RFC 8452 and
 * Wycheproof vectors (vectors.c), counter-wrap cases included. */
static int siv_case(const char *backend, hwc_aes_key *kb, hwc_aes_key *ks, t_rng *r, size_t len, size_t aad_len,
                    char *why, size_t why_len) {
  int ok = 1;
  uint8_t key[32], nonce[12], tag[16], ref_tag[16], bad_tag[16];
  size_t key_len = t_rng_below(r, 2) ? 32 : 16;
  int in_place = (int)t_rng_below(r, 2);
  t_rng_fill(r, key, key_len);
  t_rng_fill(r, nonce, 12);
  t_buf aad, pt, ct, back;
  t_buf_alloc(&aad, aad_len, t_rng_below(r, 64));
  t_buf_alloc(&pt, len, t_rng_below(r, 64));
  t_buf_alloc(&ct, len, t_rng_below(r, 64));
  t_buf_alloc(&back, len, t_rng_below(r, 64));
  uint8_t *ref = t_xmalloc(len + 1);
  t_rng_fill(r, aad.p, aad_len);
  t_rng_fill(r, pt.p, len);
  hwc_status st;
  if ((st = keys_init(backend, kb, ks, key, key_len)) != HWC_OK) FAILF("key init returned %d", (int)st);
  if ((st = hwc_gcm_siv_seal(ks, nonce, aad.p, aad_len, pt.p, len, ref, ref_tag)) != HWC_OK)
    FAILF("soft seal returned %d", (int)st);
  if (in_place) {
    memcpy(ct.p, pt.p, len);
    st = hwc_gcm_siv_seal(kb, nonce, aad.p, aad_len, ct.p, len, ct.p, tag);
  } else {
    st = hwc_gcm_siv_seal(kb, nonce, aad.p, aad_len, pt.p, len, ct.p, tag);
  }
  if (st != HWC_OK) FAILF("seal returned %d", (int)st);
  if (!eq(ct.p, ref, len)) FAILF("ciphertext differs from soft");
  if (!eq(tag, ref_tag, 16)) FAILF("tag %s, soft %s", t_hex(tag, 16), t_hex(ref_tag, 16));
  if (in_place) {
    memcpy(back.p, ct.p, len);
    st = hwc_gcm_siv_open(kb, nonce, aad.p, aad_len, back.p, len, tag, back.p);
  } else {
    memset(back.p, 0x5a, len);
    st = hwc_gcm_siv_open(kb, nonce, aad.p, aad_len, ct.p, len, tag, back.p);
  }
  if (st != HWC_OK) FAILF("open of own output returned %d", (int)st);
  if (!eq(back.p, pt.p, len)) FAILF("open did not give the plaintext back");
  {
    const uint8_t *n_p = nonce, *a_p = aad.p, *c_p = ct.p, *t_p = tag;
    uint8_t *copy = NULL, bad_nonce[12];
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
      memcpy(bad_nonce, nonce, 12);
      bad_nonce[t_rng_below(r, 12)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      n_p = bad_nonce;
      what = "nonce";
    } else {
      memcpy(bad_tag, tag, 16);
      bad_tag[t_rng_below(r, 16)] ^= (uint8_t)(1u << t_rng_below(r, 8));
      t_p = bad_tag;
      what = "tag";
    }
    if (in_place) {
      /* the rejected open runs in place too: the buffer ends up zeroed */
      memcpy(back.p, c_p, len);
      st = hwc_gcm_siv_open(kb, n_p, a_p, aad_len, back.p, len, t_p, back.p);
    } else {
      memset(back.p, 0x5a, len);
      st = hwc_gcm_siv_open(kb, n_p, a_p, aad_len, c_p, len, t_p, back.p);
    }
    free(copy);
    if (st != HWC_ERR_AUTH) FAILF("open with a flipped %s bit returned %d", what, (int)st);
    if (!all_zero(back.p, len)) FAILF("rejected open (flipped %s) left output unwiped", what);
  }
  if (!t_buf_guard_ok(&aad) || !t_buf_guard_ok(&pt) || !t_buf_guard_ok(&ct) || !t_buf_guard_ok(&back))
    FAILF("a buffer's guard bytes were overwritten");
out:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, aad %zu B, len %zu, %s]", key_len, aad_len, len,
             in_place ? "in place" : "out of place");
  }
  t_buf_free(&aad), t_buf_free(&pt), t_buf_free(&ct), t_buf_free(&back);
  free(ref);
  return ok;
}

/* GCM-SIV argument checks: a 24-byte key-generating key, plaintext or AAD
 * longer than 2^36 bytes (refused before any byte is read, so a short
 * buffer stands in), a wiped key. */
static void siv_args(const char *backend, t_group *g) {
  hwc_aes_key *k = t_aes_key_new();
  uint8_t key[32] = {1}, buf[64], tag[16] = {0};
  memset(buf, 0x5a, sizeof(buf));
  hwc_status s1, s2;
  hwc_aes_key_init_with(k, backend, key, 24);
  s1 = hwc_gcm_siv_seal(k, buf, NULL, 0, buf, 5, buf + 16, tag);
  s2 = hwc_gcm_siv_open(k, buf, NULL, 0, buf, 5, tag, buf + 16);
  t_case(g, s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG && buf[16] == 0x5a, "gcm-siv 24-byte key: seal %d, open %d",
         (int)s1, (int)s2);
  hwc_aes_key_init_with(k, backend, key, 16);
  uint64_t big = ((uint64_t)1 << 36) + 1;
  if ((uint64_t)(size_t)big == big) {
    s1 = hwc_gcm_siv_seal(k, buf, NULL, 0, buf, (size_t)big, buf, tag);
    s2 = hwc_gcm_siv_open(k, buf, NULL, 0, buf, (size_t)big, tag, buf);
    hwc_status s3 = hwc_gcm_siv_seal(k, buf, buf, (size_t)big, buf, 0, buf, tag);
    t_case(g, s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG && s3 == HWC_ERR_ARG,
           "gcm-siv 2^36+1 bytes: seal %d, open %d, aad %d", (int)s1, (int)s2, (int)s3);
  }
  hwc_aes_key_wipe(k);
  s1 = hwc_gcm_siv_seal(k, buf, NULL, 0, buf, 5, buf, tag);
  s2 = hwc_gcm_siv_open(k, buf, NULL, 0, buf, 5, tag, buf);
  t_case(g, s1 == HWC_ERR_STATE && s2 == HWC_ERR_STATE, "gcm-siv wiped key: seal %d, open %d", (int)s1, (int)s2);
  t_aes_key_free(k);
}

static void siv_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "diff-aes-gcm-siv", run->seed);
  siv_args(backend, &g);
  t_rng r;
  rng_for(&r, run->seed, "gcm-siv", backend);
  hwc_aes_key *kb = t_aes_key_new(), *ks = t_aes_key_new();
  char why[320];
  /* 32-block (512-byte) chunks (the glue's CTR, vaes512's loops), one to three of them */
  for (size_t c = 1; c <= 3; c++)
    for (size_t d = 0; d < 5; d++) {
      size_t len = 512 * c + d - 2;
      why[0] = 0;
      int ok = siv_case(backend, kb, ks, &r, len, pick_aad_len(&r), why, sizeof(why));
      t_case(&g, ok, "chunk boundary %zu: %s", len, why);
    }
  /* every length 0 .. 17 blocks, with no AAD and with AAD of varying
   * length (the x86 kernels' one-reduction paths, masked tails, 8-block
   * CTR/POLYVAL groups and their leftovers) */
  for (size_t len = 0; len <= 16 * 17; len++)
    for (int a = 0; a < 2; a++) {
      size_t aad_len = a ? (len * 7 + 3) % 97 : 0;
      why[0] = 0;
      int ok = siv_case(backend, kb, ks, &r, len, aad_len, why, sizeof(why));
      t_case(&g, ok, "length sweep %zu: %s", len, why);
    }
  /* around the 128-, 256- and 512-block marks (multiples of every main
   * loop's chunk) */
  {
    static const long nbs[] = {128, 256, 512};
    static const long ds[] = {-17, -16, -1, 0, 1, 15, 16};
    for (size_t i = 0; i < sizeof(nbs) / sizeof(nbs[0]); i++)
      for (size_t j = 0; j < sizeof(ds) / sizeof(ds[0]); j++) {
        size_t len = (size_t)(16 * nbs[i] + ds[j]);
        why[0] = 0;
        int ok = siv_case(backend, kb, ks, &r, len, pick_aad_len(&r), why, sizeof(why));
        t_case(&g, ok, "block mark %zu: %s", len, why);
      }
  }
  /* pad(A) || pad(P) || lengths around 16 and 32 blocks in all (the x86
   * kernels hash a message of up to 16 (vaes256, aesni) or 32 (vaes512)
   * blocks with one reduction and longer ones segment by segment), split
   * between AAD and plaintext in several ways, partial blocks included */
  for (size_t t = 14; t <= 34; t++) {
    if (t > 18 && t < 30) continue;
    const size_t body = t - 1; /* blocks of A and P */
    const size_t splits[] = {0, 1, body / 2, body - 1, body};
    for (size_t q = 0; q < 5; q++) {
      size_t na = splits[q], nb = body - na;
      size_t aad_len = na ? 16 * na - (na & 1) * 5 : 0;
      size_t len = nb ? 16 * nb - (nb & 1) * 9 : 0;
      why[0] = 0;
      int ok = siv_case(backend, kb, ks, &r, len, aad_len, why, sizeof(why));
      t_case(&g, ok, "%zu blocks in all (%zu of AAD): %s", t, na, why);
    }
  }
  for (int i = 0; i < mode_cases(cfg); i++) {
    size_t len = mode_len(cfg, &r, i);
    size_t aad_len = i < 64 ? (size_t)i : pick_aad_len(&r); /* every AAD length around 0..4 blocks */
    why[0] = 0;
    int ok = siv_case(backend, kb, ks, &r, len, aad_len, why, sizeof(why));
    t_case(&g, ok, "case %d: %s", i, why);
  }
  t_aes_key_free(kb), t_aes_key_free(ks);
  t_group_end(&g);
}

static void modes_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  {
    t_group g;
    t_group_begin(&g, HWC_FAMILY_AES, backend, "aes-mode-args", "fixed");
    mode_args(backend, &g);
    t_group_end(&g);
  }
  block_diff(run, backend, cfg, 0);
  block_diff(run, backend, cfg, 1);
  pkcs7_diff(run, backend, cfg);
  xts_diff(run, backend, cfg);
  ccm_diff(run, backend, cfg);
  siv_diff(run, backend, cfg);
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
    /* The key-state API (hwc_hmac_key_*) on this backend: mac, verify (right, flipped, short
     * tag), an incremental context started from the states, and the states after a wipe. */
    hwc_hmac_key k;
    uint8_t km[HWC_HASH_MAX_DIGEST], kc[HWC_HASH_MAX_DIGEST], bad[HWC_HASH_MAX_DIGEST];
    hwc_hmac_ctx c;
    hwc_status k1 = hwc_hmac_key_init(&k, alg, backend, key, key_len);
    hwc_status k2 = hwc_hmac_key_mac(&k, msg, len, km);
    hwc_status v1 = hwc_hmac_key_verify(&k, msg, len, ref, d);
    memcpy(bad, ref, d);
    bad[i % d] ^= (uint8_t)(1u << (i % 8));
    hwc_status v2 = hwc_hmac_key_verify(&k, msg, len, bad, d);
    hwc_status v3 = hwc_hmac_key_verify(&k, msg, len, ref, d - 1);
    hwc_status k3 = hwc_hmac_key_start(&k, &c);
    size_t cut = len ? (size_t)t_rng_below(&r, (uint32_t)len + 1) : 0;
    if (k3 == HWC_OK) k3 = hwc_hmac_update(&c, msg, cut);
    if (k3 == HWC_OK) k3 = hwc_hmac_update(&c, msg + cut, len - cut);
    if (k3 == HWC_OK) k3 = hwc_hmac_final(&c, kc);
    hwc_hmac_key_wipe(&k);
    hwc_status k4 = hwc_hmac_key_mac(&k, msg, len, bad);
    t_case(&g,
           k1 == HWC_OK && k2 == HWC_OK && eq(ref, km, d) && v1 == HWC_OK && v2 == HWC_ERR_AUTH &&
               v3 == HWC_ERR_AUTH && k3 == HWC_OK && eq(ref, kc, d) && k4 == HWC_ERR_STATE &&
               hwc_hmac_key_backend(&k) == NULL,
           "case %d (key states): key %zu B, msg %zu B: init %d mac %d verify %d/%d/%d start %d after wipe %d, %s vs %s",
           i, key_len, len, (int)k1, (int)k2, (int)v1, (int)v2, (int)v3, (int)k3, (int)k4, t_hex(km, d),
           t_hex(ref, d));
    /* hwc_hash_in_place: the message in a buffer with room for its padding, vs soft hwc_hash. */
    size_t bl = hwc_hash_block_len(alg), cap = len + 2 * bl;
    uint8_t *buf = t_xmalloc(cap);
    if (len) memcpy(buf, msg, len);
    prev = t_select_backend(fam, "soft");
    hwc_status h1 = hwc_hash(alg, msg, len, ref);
    t_select_backend(fam, backend);
    hwc_status h2 = hwc_hash_in_place(alg, buf, len, cap, got);
    hwc_status h3 = hwc_hash_in_place(alg, buf, len, len + bl / 8, bad); /* no room: refused */
    t_select_backend(fam, prev);
    t_case(&g, h1 == HWC_OK && h2 == HWC_OK && h3 == HWC_ERR_ARG && eq(ref, got, d),
           "case %d (hash in place): msg %zu B: status %d/%d/%d, %s vs soft %s", i, len, (int)h2, (int)h1, (int)h3,
           t_hex(got, d), t_hex(ref, d));
    free(buf);
    free(key), free(msg);
  }
  t_group_end(&g);
}

/* ------------------------------------------------------------------------ */
/* The AEGIS family: AEGIS-128L, -128X2, -128X4, -256, -256X2, -256X4      */
/* ------------------------------------------------------------------------ */

static const struct {
  hwc_aegis_alg alg;
  const char *name;
  size_t block; /* message block: 32*D (128 family) or 16*D (256 family) */
} k_aegis_algs[] = {
    {HWC_AEGIS128L, "aegis-128l", 32},   {HWC_AEGIS128X2, "aegis-128x2", 64},
    {HWC_AEGIS128X4, "aegis-128x4", 128}, {HWC_AEGIS256, "aegis-256", 16},
    {HWC_AEGIS256X2, "aegis-256x2", 32}, {HWC_AEGIS256X4, "aegis-256x4", 64},
};
#define N_AEGIS_ALGS (sizeof(k_aegis_algs) / sizeof(k_aegis_algs[0]))

/* AEGIS-128L and AEGIS-256 through their own entry points (so both stay
 * covered), the X variants through hwc_aegis_seal/open. */
static hwc_status aegis_seal_alg(hwc_aegis_alg alg, const char *b, const uint8_t *key, const uint8_t *nonce,
                                 const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                                 uint8_t *tag, size_t tag_len) {
  if (alg == HWC_AEGIS128L) return hwc_aegis128l_seal_with(b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
  if (alg == HWC_AEGIS256) return hwc_aegis256_seal_with(b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
  return hwc_aegis_seal(alg, b, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
}

static hwc_status aegis_open_alg(hwc_aegis_alg alg, const char *b, const uint8_t *key, const uint8_t *nonce,
                                 const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
                                 const uint8_t *tag, size_t tag_len, uint8_t *out) {
  if (alg == HWC_AEGIS128L) return hwc_aegis128l_open_with(b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
  if (alg == HWC_AEGIS256) return hwc_aegis256_open_with(b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
  return hwc_aegis_open(alg, b, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
}

/* The AEGIS kernels of the backend (the ones its AES backend maps to)
 * against soft's: the same ciphertext and tag for random key, nonce, AAD
 * (random lengths, and lengths around 1-3 of the variant's blocks) and
 * message, both tag lengths, unaligned guarded buffers; open restores the
 * message, in place too (through hwc_aegis_open for every variant); one
 * flipped bit of ciphertext, tag or AAD is rejected with the output
 * wiped. */
static int aegis_case(const char *backend, t_rng *r, size_t len, size_t ai, char *why, size_t why_len) {
  hwc_aegis_alg alg = k_aegis_algs[ai].alg;
  size_t blk = k_aegis_algs[ai].block;
  size_t kl = hwc_aegis_key_len(alg), tl = t_rng_below(r, 2) ? 32 : 16, aad_len;
  switch (t_rng_below(r, 4)) {
    case 0: aad_len = (size_t)t_rng_below(r, 4 * blk + 8); break;
    case 1: aad_len = blk * (size_t)t_rng_below(r, 4) + (size_t)t_rng_below(r, 3); break; /* k*B, +1, +2 */
    case 2: aad_len = blk * (1 + (size_t)t_rng_below(r, 3)) - 1; break;                  /* k*B - 1 */
    default: aad_len = (size_t)t_rng_below(r, 70); break;
  }
  uint8_t key[32], nonce[32], tag_b[32], tag_s[32];
  t_rng_fill(r, key, kl);
  t_rng_fill(r, nonce, kl);
  uint8_t *aad = t_xmalloc(aad_len + 1), *pt = t_xmalloc(len + 1);
  uint8_t *ob = t_xmalloc(len + 3), *os = t_xmalloc(len + 1), *ip = t_xmalloc(len + 1);
  t_rng_fill(r, aad, aad_len);
  t_rng_fill(r, pt, len);
  int ok = 1;
  /* ob + 1: unaligned, guard bytes at ob[0] and ob[len + 1] */
  memset(ob, 0xa5, len + 3);
  hwc_status sb = aegis_seal_alg(alg, backend, key, nonce, aad, aad_len, pt, len, ob + 1, tag_b, tl);
  hwc_status ss = aegis_seal_alg(alg, "soft", key, nonce, aad, aad_len, pt, len, os, tag_s, tl);
  if (sb != HWC_OK || ss != HWC_OK || !eq(ob + 1, os, len) || !eq(tag_b, tag_s, tl) || ob[0] != 0xa5 ||
      ob[len + 2] != 0xa5) {
    snprintf(why, why_len, "seal (len %zu, aad %zu, tag %zu): status %d/%d, ct %s, tag %s, guards %s", len, aad_len,
             tl, (int)sb, (int)ss, eq(ob + 1, os, len) ? "same" : "DIFFER", eq(tag_b, tag_s, tl) ? "same" : "DIFFER",
             (ob[0] == 0xa5 && ob[len + 2] == 0xa5) ? "ok" : "HIT");
    ok = 0;
  }
  /* open, out of place into the guarded buffer */
  memset(ob, 0xa5, len + 3);
  hwc_status so = aegis_open_alg(alg, backend, key, nonce, aad, aad_len, os, len, tag_s, tl, ob + 1);
  if (ok && (so != HWC_OK || !eq(ob + 1, pt, len) || ob[0] != 0xa5 || ob[len + 2] != 0xa5)) {
    snprintf(why, why_len, "open (len %zu, aad %zu): status %d", len, aad_len, (int)so);
    ok = 0;
  }
  /* open, in place */
  memcpy(ip, os, len);
  so = hwc_aegis_open(alg, backend, key, nonce, aad, aad_len, ip, len, tag_s, tl, ip);
  if (ok && (so != HWC_OK || !eq(ip, pt, len))) {
    snprintf(why, why_len, "open in place (len %zu): status %d", len, (int)so);
    ok = 0;
  }
  /* in-place seal equals the out-of-place one */
  memcpy(ip, pt, len);
  sb = hwc_aegis_seal(alg, backend, key, nonce, aad, aad_len, ip, len, ip, tag_b, tl);
  if (ok && (sb != HWC_OK || !eq(ip, os, len) || !eq(tag_b, tag_s, tl))) {
    snprintf(why, why_len, "seal in place (len %zu): status %d", len, (int)sb);
    ok = 0;
  }
  /* tamper: one bit of the ciphertext, the tag or the AAD */
  int what = (int)t_rng_below(r, 3);
  if (what == 0 && len == 0) what = 1;
  if (what == 2 && aad_len == 0) what = 1;
  memcpy(ip, os, len);
  memcpy(tag_b, tag_s, tl);
  if (what == 0) ip[t_rng_below(r, len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  else if (what == 1) tag_b[t_rng_below(r, tl)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  else aad[t_rng_below(r, aad_len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  memset(ob, 0xa5, len + 3);
  so = aegis_open_alg(alg, backend, key, nonce, aad, aad_len, ip, len, tag_b, tl, ob + 1);
  if (ok && (so != HWC_ERR_AUTH || !all_zero(ob + 1, len) || ob[0] != 0xa5 || ob[len + 2] != 0xa5)) {
    snprintf(why, why_len, "tampered %s (len %zu): status %d, out %s", what == 0 ? "ct" : what == 1 ? "tag" : "aad",
             len, (int)so, all_zero(ob + 1, len) ? "wiped" : "NOT wiped");
    ok = 0;
  }
  free(aad), free(pt), free(ob), free(os), free(ip);
  return ok;
}

/* AEGISMAC of the backend against soft's for random key, nonce and data
 * of length len, both tag sizes; the other tag size is not a prefix
 * (the tag length enters the finalization); verify accepts the tag and
 * rejects one flipped bit of tag or data. */
static int aegismac_case(const char *backend, t_rng *r, size_t len, size_t ai, char *why, size_t why_len) {
  hwc_aegis_alg alg = k_aegis_algs[ai].alg;
  size_t kl = hwc_aegis_key_len(alg), tl = t_rng_below(r, 2) ? 32 : 16;
  uint8_t key[32], nonce[32], tag_b[33], tag_s[32], tag_o[32];
  t_rng_fill(r, key, kl);
  t_rng_fill(r, nonce, kl);
  uint8_t *data = t_xmalloc(len + 1);
  t_rng_fill(r, data, len);
  int ok = 1;
  memset(tag_b, 0xa5, sizeof(tag_b));
  hwc_status sb = hwc_aegis_mac(alg, backend, key, nonce, data, len, tag_b, tl);
  hwc_status ss = hwc_aegis_mac(alg, "soft", key, nonce, data, len, tag_s, tl);
  hwc_status so = hwc_aegis_mac(alg, backend, key, nonce, data, len, tag_o, 48 - tl);
  if (sb != HWC_OK || ss != HWC_OK || so != HWC_OK || !eq(tag_b, tag_s, tl) || tag_b[tl] != 0xa5 ||
      eq(tag_o, tag_s, 16)) {
    snprintf(why, why_len, "mac (len %zu, tag %zu): status %d/%d/%d, tag %s%s", len, tl, (int)sb, (int)ss, (int)so,
             eq(tag_b, tag_s, tl) ? "same" : "DIFFER", eq(tag_o, tag_s, 16) ? ", other size a prefix" : "");
    ok = 0;
  }
  if (ok && hwc_aegis_mac_verify(alg, backend, key, nonce, data, len, tag_s, tl) != HWC_OK) {
    snprintf(why, why_len, "verify (len %zu) rejects the tag", len);
    ok = 0;
  }
  int what = len ? (int)t_rng_below(r, 2) : 0;
  memcpy(tag_b, tag_s, tl);
  if (what == 0) tag_b[t_rng_below(r, tl)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  else data[t_rng_below(r, len)] ^= (uint8_t)(1u << t_rng_below(r, 8));
  hwc_status sv = hwc_aegis_mac_verify(alg, backend, key, nonce, data, len, tag_b, tl);
  if (ok && sv != HWC_ERR_AUTH) {
    snprintf(why, why_len, "verify of tampered %s (len %zu): status %d", what ? "data" : "tag", len, (int)sv);
    ok = 0;
  }
  free(data);
  return ok;
}

static void aegis_diff(const t_run *run, const char *backend, const diff_cfg *cfg) {
  if (!hwc_aegis_backend_name(backend)) return;
  for (size_t ai = 0; ai < N_AEGIS_ALGS; ai++) {
    char gname[48], suite[32];
    snprintf(gname, sizeof(gname), "diff-%s", k_aegis_algs[ai].name);
    /* the 128L/256 streams keep their historical seeds */
    snprintf(suite, sizeof(suite), "%s", k_aegis_algs[ai].alg == HWC_AEGIS128L ? "aegis128l"
                                         : k_aegis_algs[ai].alg == HWC_AEGIS256 ? "aegis256"
                                                                                : k_aegis_algs[ai].name);
    t_group g;
    group_begin(&g, HWC_FAMILY_AES, backend, gname, run->seed);
    t_rng r;
    rng_for(&r, run->seed, suite, backend);
    /* every length 0..seq_max (all the 16*D/32*D-byte boundaries up to
     * 8 blocks of X4), then random ones */
    for (int i = 0; i < n_cases(cfg); i++) {
      size_t len = case_len(cfg, &r, i);
      char why[320] = "";
      int ok = aegis_case(backend, &r, len, ai, why, sizeof(why));
      t_case(&g, ok, "case %d: %s", i, why);
    }
    t_group_end(&g);
  }
  for (size_t ai = 0; ai < N_AEGIS_ALGS; ai++) {
    char gname[48], suite[32];
    snprintf(gname, sizeof(gname), "diff-aegismac-%s", k_aegis_algs[ai].name + 6); /* after "aegis-" */
    snprintf(suite, sizeof(suite), "mac-%s", k_aegis_algs[ai].name);
    t_group g;
    group_begin(&g, HWC_FAMILY_AES, backend, gname, run->seed);
    t_rng r;
    rng_for(&r, run->seed, suite, backend);
    for (int i = 0; i < n_cases(cfg); i++) {
      size_t len = case_len(cfg, &r, i);
      char why[320] = "";
      int ok = aegismac_case(backend, &r, len, ai, why, sizeof(why));
      t_case(&g, ok, "case %d: %s", i, why);
    }
    t_group_end(&g);
  }
  /* argument errors */
  t_group g;
  group_begin(&g, HWC_FAMILY_AES, backend, "aegis-args", run->seed);
  uint8_t k[32] = {0}, n[32] = {0}, buf[64], tag[32] = {0};
  memset(buf, 0x11, sizeof(buf));
  for (size_t tl = 0; tl <= 33; tl++) {
    hwc_status s1 = hwc_aegis128l_seal_with(backend, k, n, NULL, 0, buf, 16, buf + 32, tag, tl);
    hwc_status s2 = hwc_aegis256_open_with(backend, k, n, NULL, 0, buf, 16, tag, tl, buf + 32);
    int want_ok = tl == 16 || tl == 32;
    t_case(&g, want_ok ? (s1 == HWC_OK && (s2 == HWC_ERR_AUTH && all_zero(buf + 32, 16)))
                       : (s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG),
           "tag_len %zu: seal %d, open %d", tl, (int)s1, (int)s2);
    memset(buf, 0x11, sizeof(buf));
  }
  for (size_t ai = 0; ai < N_AEGIS_ALGS; ai++) {
    hwc_aegis_alg alg = k_aegis_algs[ai].alg;
    for (size_t tl = 15; tl <= 33; tl++) {
      hwc_status s1 = hwc_aegis_seal(alg, backend, k, n, NULL, 0, buf, 16, buf + 32, tag, tl);
      hwc_status s2 = hwc_aegis_open(alg, backend, k, n, NULL, 0, buf, 16, tag, tl, buf + 32);
      int want_ok = tl == 16 || tl == 32;
      t_case(&g, want_ok ? (s1 == HWC_OK && (s2 == HWC_ERR_AUTH && all_zero(buf + 32, 16)))
                         : (s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG),
             "%s tag_len %zu: seal %d, open %d", k_aegis_algs[ai].name, tl, (int)s1, (int)s2);
      memset(buf, 0x11, sizeof(buf));
    }
    t_case(&g, hwc_aegis_seal(alg, backend, k, n, NULL, 1, buf, 0, buf, tag, 16) == HWC_ERR_ARG,
           "%s: aad NULL with aad_len 1", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_seal(alg, backend, k, n, NULL, 0, NULL, 1, buf, tag, 16) == HWC_ERR_ARG,
           "%s: in NULL with len 1", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_open(alg, backend, k, n, NULL, 0, buf, 0, NULL, 16, buf) == HWC_ERR_ARG,
           "%s: tag NULL", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_seal(alg, "no-such", k, n, NULL, 0, buf, 16, buf, tag, 16) == HWC_ERR_UNAVAILABLE,
           "%s: unknown backend", k_aegis_algs[ai].name);
  }
  t_case(&g, hwc_aegis_seal((hwc_aegis_alg)HWC_AEGIS_ALGS, backend, k, n, NULL, 0, buf, 16, buf, tag, 16) ==
                 HWC_ERR_ARG,
         "unknown alg");
  for (size_t ai = 0; ai < N_AEGIS_ALGS; ai++) {
    hwc_aegis_alg alg = k_aegis_algs[ai].alg;
    for (size_t tl = 0; tl <= 33; tl++) {
      memset(tag, 0, sizeof(tag));
      hwc_status s1 = hwc_aegis_mac(alg, backend, k, n, buf, 16, tag, tl);
      hwc_status s2 = hwc_aegis_mac_verify(alg, backend, k, n, buf, 16, tag, tl);
      int want_ok = tl == 16 || tl == 32;
      t_case(&g, want_ok ? (s1 == HWC_OK && s2 == HWC_OK) : (s1 == HWC_ERR_ARG && s2 == HWC_ERR_ARG),
             "%s mac tag_len %zu: mac %d, verify %d", k_aegis_algs[ai].name, tl, (int)s1, (int)s2);
    }
    t_case(&g, hwc_aegis_mac(alg, backend, k, n, NULL, 1, tag, 16) == HWC_ERR_ARG, "%s mac: data NULL with len 1",
           k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_mac(alg, backend, k, n, NULL, 0, NULL, 16) == HWC_ERR_ARG &&
                   hwc_aegis_mac_verify(alg, backend, k, n, NULL, 0, NULL, 16) == HWC_ERR_ARG,
           "%s mac: tag NULL", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_mac(alg, backend, NULL, n, NULL, 0, tag, 16) == HWC_ERR_ARG &&
                   hwc_aegis_mac(alg, backend, k, NULL, NULL, 0, tag, 16) == HWC_ERR_ARG,
           "%s mac: key or nonce NULL", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_mac(alg, backend, k, n, buf, ((size_t)1 << 61) + 1, tag, 16) == HWC_ERR_ARG,
           "%s mac: len > A_MAX", k_aegis_algs[ai].name);
    t_case(&g, hwc_aegis_mac(alg, "no-such", k, n, NULL, 0, tag, 16) == HWC_ERR_UNAVAILABLE,
           "%s mac: unknown backend", k_aegis_algs[ai].name);
  }
  t_case(&g, hwc_aegis_mac((hwc_aegis_alg)HWC_AEGIS_ALGS, backend, k, n, NULL, 0, tag, 16) == HWC_ERR_ARG,
         "mac: unknown alg");
  t_case(&g, hwc_aegis128l_seal_with("no-such", k, n, NULL, 0, buf, 16, buf, tag, 16) == HWC_ERR_UNAVAILABLE,
         "unknown backend");
  t_case(&g, hwc_aegis128l_seal_with(backend, k, n, NULL, ((size_t)1 << 61) + 1, buf, 0, buf, tag, 16) == HWC_ERR_ARG,
         "aad_len > A_MAX");
  t_case(&g, hwc_aegis256_seal_with(backend, k, n, NULL, 0, buf, ((size_t)1 << 61) + 1, buf, tag, 16) == HWC_ERR_ARG,
         "len > P_MAX");
  t_case(&g, hwc_aegis_seal(HWC_AEGIS128X4, backend, k, n, NULL, 0, buf, ((size_t)1 << 61) + 1, buf, tag, 16) ==
                 HWC_ERR_ARG,
         "aegis-128x4: len > P_MAX");
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
        modes_diff(run, b, &cfg);
        aegis_diff(run, b, &cfg);
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
