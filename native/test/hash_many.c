/*
 * hash_many.c - multi-buffer hashing (native/modes/hash_many.c and its
 * lane kernels) against single-stream hwc_hash, message by message.
 *
 * For every backend hwc_hash_many_backends() lists for a family (the
 * lane kernels, then the single-stream backends, which hash_many runs one
 * message after another) and for the default (backend NULL), and for
 * every algorithm of the family:
 *
 *   lengths:   every length 0..300 in one batch (mixed lengths: lanes
 *              refill at different times), and each length 0..300 as a
 *              batch of 17 equal messages (lanes in lockstep: every lane
 *              switches from the message's blocks to its padded tail in
 *              the same call, with 1 or 2 tail blocks);
 *   blocks:    lengths around whole blocks and around the point where the
 *              length field spills into a second tail block, up to 40
 *              blocks, in batches that mix them;
 *   n:         batch sizes 0..17, 31..33, 63..65 (lanes - 1, lanes,
 *              lanes + 1 for 2, 4, 8 and 16 lanes) and 1000 (many
 *              refills), random lengths, one very long message among
 *              short ones (idle lanes for most of the batch);
 *   memory:    every message in an exact-size heap block at a random
 *              offset from a 64-byte boundary, so ASan reports a read past
 *              any message's end and the kernels run on unaligned data;
 *              empty messages are NULL pointers half the time;
 *   errors:    a NULL message with a nonzero length is HWC_ERR_ARG, an
 *              unknown backend HWC_ERR_UNAVAILABLE.
 *
 * hwc_sha256_pairs on every SHA-256 backend: n in the same set, against
 * SHA-256 of each 64-byte block, out of place and with out == in.
 *
 * Coverage: a CPU with AVX-512 (AVX2) must list "avx512x16" ("avx2x8")
 * for SHA-1 and SHA-256, so a kernel compiled out by accident fails here,
 * and hwc_hash_many_default must name a listed backend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tutil.h"

#define MAX_NAMES 16

typedef struct batch {
  size_t n;
  size_t *lens;
  uint8_t **alloc; /* exact-size blocks (NULL for some empty messages) */
  const uint8_t **msgs;
} batch;

/* Random message bytes, each message in its own heap block of exactly
 * len bytes placed off (0..63) bytes into a fresh allocation. */
static void batch_make(batch *b, t_rng *r, const size_t *lens, size_t n) {
  b->n = n;
  b->lens = t_xmalloc(sizeof(size_t) * (n + 1));
  b->alloc = t_xmalloc(sizeof(uint8_t *) * (n + 1));
  b->msgs = t_xmalloc(sizeof(uint8_t *) * (n + 1));
  for (size_t i = 0; i < n; i++) {
    b->lens[i] = lens[i];
    if (!lens[i] && (t_rng_u64(r) & 1)) {
      b->alloc[i] = NULL;
      b->msgs[i] = NULL;
      continue;
    }
    /* The heap block ends where the message ends. */
    size_t off = lens[i] ? (size_t)t_rng_below(r, 64) : 0;
    uint8_t *blk = t_xmalloc(off + lens[i] + !lens[i]);
    b->alloc[i] = blk;
    t_rng_fill(r, blk + off, lens[i]);
    b->msgs[i] = blk + off;
  }
}

static void batch_free(batch *b) {
  for (size_t i = 0; i < b->n; i++) free(b->alloc[i]);
  free(b->lens);
  free(b->alloc);
  free(b->msgs);
}

/* Runs the batch on backend and compares each digest with hwc_hash. */
static void check_batch(t_group *g, hwc_hash_alg alg, const char *backend, const batch *b, const char *what) {
  const size_t dl = hwc_hash_digest_len(alg);
  uint8_t *out = t_xmalloc(dl * b->n + 1);
  memset(out, 0xa5, dl * b->n + 1);
  hwc_status st = hwc_hash_many(alg, backend, b->msgs, b->lens, b->n, out);
  t_case(g, st == HWC_OK, "%s: n=%zu status %d", what, b->n, (int)st);
  if (st == HWC_OK) {
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < b->n; i++) {
      uint8_t ref[HWC_HASH_MAX_DIGEST];
      hwc_hash(alg, b->msgs[i], b->lens[i], ref);
      if (memcmp(ref, out + dl * i, dl) != 0) {
        if (!bad) first = i;
        bad++;
      }
    }
    t_case(g, bad == 0, "%s: n=%zu: %zu digests differ, first #%zu (len %zu)", what, b->n, bad, first,
           bad ? b->lens[first] : 0);
    t_case(g, out[dl * b->n] == 0xa5, "%s: n=%zu: wrote past the last digest", what, b->n);
  }
  free(out);
}

static void check_lens(t_group *g, t_rng *r, hwc_hash_alg alg, const char *backend, const size_t *lens, size_t n,
                       const char *what) {
  batch b;
  batch_make(&b, r, lens, n);
  check_batch(g, alg, backend, &b, what);
  batch_free(&b);
}

static void test_alg(t_group *g, t_rng *r, hwc_hash_alg alg, const char *backend, int level) {
  const size_t bl = hwc_hash_block_len(alg), lf = bl == 128 ? 16 : 8;
  size_t *lens = t_xmalloc(sizeof(size_t) * 2048);

  /* Every length 0..300 in one batch. */
  for (size_t i = 0; i <= 300; i++) lens[i] = i;
  check_lens(g, r, alg, backend, lens, 301, "lengths 0..300 mixed");
  /* The same reversed (long messages first, short ones refill). */
  for (size_t i = 0; i <= 300; i++) lens[i] = 300 - i;
  check_lens(g, r, alg, backend, lens, 301, "lengths 300..0 mixed");
  /* Each length as a batch of 17 equal messages. */
  for (size_t len = 0; len <= 300; len++) {
    for (size_t i = 0; i < 17; i++) lens[i] = len;
    char what[48];
    snprintf(what, sizeof what, "17 x %zu bytes", len);
    check_lens(g, r, alg, backend, lens, 17, what);
  }
  /* Around block boundaries and the second tail block, up to 40 blocks. */
  size_t n = 0;
  for (size_t k = 0; k <= 40; k++) {
    const size_t base = k * bl;
    const long d[] = {-1, 0, 1, (long)(bl - lf - 2), (long)(bl - lf - 1), (long)(bl - lf)};
    for (size_t j = 0; j < sizeof d / sizeof d[0]; j++)
      if ((long)base + d[j] >= 0) lens[n++] = (size_t)((long)base + d[j]);
  }
  check_lens(g, r, alg, backend, lens, n, "block boundaries mixed");
  for (size_t i = 0; i < n; i++) {
    size_t tmp = lens[i], j = (size_t)t_rng_below(r, n);
    lens[i] = lens[j];
    lens[j] = tmp;
  }
  check_lens(g, r, alg, backend, lens, n, "block boundaries shuffled");

  /* Batch sizes around lane counts, random lengths. */
  static const size_t ns[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65};
  for (size_t q = 0; q < sizeof ns / sizeof ns[0]; q++) {
    for (size_t i = 0; i < ns[q]; i++) lens[i] = (size_t)t_rng_below(r, 5 * bl);
    check_lens(g, r, alg, backend, lens, ns[q], "random lengths");
    for (size_t i = 0; i < ns[q]; i++) lens[i] = 3 * bl;
    check_lens(g, r, alg, backend, lens, ns[q], "equal lengths");
  }
  /* One long message among short ones: one lane busy, the rest refill
   * and then idle. */
  for (size_t i = 0; i < 40; i++) lens[i] = (size_t)t_rng_below(r, 2 * bl);
  lens[3] = 70 * bl + 5;
  check_lens(g, r, alg, backend, lens, 40, "one long among short");
  /* Many messages. */
  const size_t big = level >= 2 ? 1000 : 200;
  for (size_t i = 0; i < big; i++) lens[i] = (size_t)t_rng_below(r, level >= 3 ? 4096 : 1100);
  check_lens(g, r, alg, backend, lens, big, "large n");

  /* Errors. */
  const uint8_t *nul[2] = {NULL, NULL};
  size_t nl[2] = {0, 5};
  uint8_t out[2 * HWC_HASH_MAX_DIGEST];
  t_case(g, hwc_hash_many(alg, backend, nul, nl, 2, out) == HWC_ERR_ARG, "NULL message of 5 bytes accepted");
  t_case(g, hwc_hash_many(alg, backend, NULL, NULL, 0, NULL) == HWC_OK, "n = 0 with NULL arrays refused");
  free(lens);
}

static void test_pairs(t_group *g, t_rng *r, const char *backend) {
  static const size_t ns[] = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 33, 1000};
  for (size_t q = 0; q < sizeof ns / sizeof ns[0]; q++) {
    const size_t n = ns[q];
    const size_t off = (size_t)t_rng_below(r, 64);
    uint8_t *blk = t_xmalloc(off + 64 * n + 1);
    uint8_t *in = blk + off;
    t_rng_fill(r, in, 64 * n);
    uint8_t *ref = t_xmalloc(32 * n + 1);
    for (size_t i = 0; i < n; i++) hwc_hash(HWC_SHA256, in + 64 * i, 64, ref + 32 * i);
    uint8_t *out = t_xmalloc(32 * n + 1);
    hwc_status st = hwc_sha256_pairs(backend, n ? in : NULL, n, n ? out : NULL);
    t_case(g, st == HWC_OK && memcmp(out, ref, 32 * n) == 0, "pairs n=%zu out of place: status %d or digests differ",
           n, (int)st);
    st = hwc_sha256_pairs(backend, n ? in : NULL, n, n ? in : NULL);
    t_case(g, st == HWC_OK && memcmp(in, ref, 32 * n) == 0, "pairs n=%zu out == in: status %d or digests differ", n,
           (int)st);
    free(blk);
    free(ref);
    free(out);
  }
}

static int listed(const char *const *names, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return 1;
  return 0;
}

void t_run_hash_many(const t_run *run) {
  static const hwc_family fams[] = {HWC_FAMILY_SHA1, HWC_FAMILY_SHA256, HWC_FAMILY_SHA512};
  const hwc_cpu_features *c = hwc_cpu();
  t_rng r;
  t_rng_seed(&r, run->seed ^ 0x6d616e79ULL);
  const int level = run->diff_level ? run->diff_level : 1;

  for (size_t fi = 0; fi < sizeof fams / sizeof fams[0]; fi++) {
    const hwc_family f = fams[fi];
    const char *names[MAX_NAMES + 1];
    int nn = hwc_hash_many_backends(f, names, MAX_NAMES);
    if (nn > MAX_NAMES) nn = MAX_NAMES;

    t_group g;
    t_group_begin(&g, f, "soft", "hash-many-list", "hwc_hash_many_backends");
    if (f != HWC_FAMILY_SHA512) {
      t_case(&g, !c->avx512 || listed(names, nn, "avx512x16"), "cpu has avx512, avx512x16 not listed");
      t_case(&g, !c->avx2 || listed(names, nn, "avx2x8"), "cpu has avx2, avx2x8 not listed");
    }
    const char *def = hwc_hash_many_default(f);
    t_case(&g, def && listed(names, nn, def), "default %s not listed", def ? def : "(null)");
    t_case(&g, listed(names, nn, "soft"), "soft not listed");
    uint8_t d[HWC_HASH_MAX_DIGEST];
    const uint8_t *m0 = NULL;
    size_t l0 = 0;
    t_case(&g, hwc_hash_many(f == HWC_FAMILY_SHA1 ? HWC_SHA1 : HWC_SHA256, "no-such-backend", &m0, &l0, 1, d) ==
                   HWC_ERR_UNAVAILABLE,
           "unknown backend accepted");
    t_group_end(&g);

    /* Every listed backend, then the default (NULL). */
    for (int bi = 0; bi <= nn; bi++) {
      const char *backend = bi < nn ? names[bi] : NULL;
      for (int a = 0; a < HWC_HASH_COUNT; a++) {
        if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
        char alg[32];
        snprintf(alg, sizeof alg, "hash-many-%s", t_hash_name((hwc_hash_alg)a));
        t_group_begin(&g, f, backend ? backend : (def ? def : "soft"), alg, backend ? "named" : "default");
        test_alg(&g, &r, (hwc_hash_alg)a, backend, level);
        t_group_end(&g);
      }
      if (f == HWC_FAMILY_SHA256) {
        t_group_begin(&g, f, backend ? backend : (def ? def : "soft"), "sha256-pairs", backend ? "named" : "default");
        test_pairs(&g, &r, backend);
        t_group_end(&g);
      }
    }
  }
}
