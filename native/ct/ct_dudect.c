/*
 * ct_dudect.c - statistical timing test for the backends valgrind cannot
 * run (vaes256, vaes512, shani; GCM-SIV on vaes512 and the AEGIS X
 * variants' wide kernels; the SHA-NI and AVX-512 multi-buffer lane kernels
 * through hwc_hash_many), after dudect (Reparaz, Balasch and
 * Verbauwhede, "Dude, is my code constant time?", DATE 2017).
 *
 * For each target, many executions are timed with the cycle counter, each
 * on an input of one of two classes picked at random per execution: class
 * 0 a fixed secret input chosen to hit the suspicious case (for GCM with a
 * 16-byte nonce: a J0 whose low word wraps a few blocks into the message,
 * and a fixed plaintext), class 1 a fresh random one. If the time does not
 * depend on the secret the two distributions are the same, and Welch's t
 * statistic between them stays small (|t| grows like sqrt(n) for any real
 * difference). As in dudect the test is repeated on the measurements
 * cropped at several percentiles (timing noise is one-sided: interrupts
 * and preemption only add), and the largest |t| counts. Threshold 10, as
 * dudect's "definitely not constant time".
 *
 * What keeps it from being flaky on a shared 2-core VM:
 *  - both classes do the same preparation (random bytes are always drawn,
 *    then the input is copied from the fixed or the random buffers, and
 *    stores are drained before the clock is read) and the class of each
 *    execution is random, so slow drifts (frequency, other processes) hit
 *    both classes alike;
 *  - a warm-up pass is discarded;
 *  - a target that exceeds the threshold is measured again from scratch,
 *    up to four times, and fails only if every run exceeds it: a real leak is
 *    reproducible, a burst of noise is not.
 * Sample size: 50 000 measurements per run. |t| grows like sqrt(n) for
 * any systematic difference, including microarchitectural ones that are
 * no leak of the kind this test is after: on this Zen 5 VM, with the
 * valgrind-clean aesni as the control, a residual fixed-vs-random
 * difference of ~1 tick in ~600 reached |t| ~ 11-12 at 100 000 under
 * load, which made the test flaky; at 50 000 it stays below 10. The leaks
 * fixed in this tree (a different code path for a different J0) give
 * |t| of 80-370 at 50 000. A secret-dependent branch costing a few
 * cycles in one chunk of eight would still give ~15-20.
 *
 *   hwc_ct_dudect [--n N] [--threshold T] [--only SUBSTR] [--list]
 *
 * Targets whose backend this CPU lacks are reported as skipped. Exit 1 if
 * a target failed twice.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_common.h"
#include "hwcrypt.h"
#include "hwcrypt_timing.h"

/* ------------------------------------------------------------------------ */
/* Welch's t-test on streaming data                                          */
/* ------------------------------------------------------------------------ */

typedef struct welch {
  double mean[2], m2[2], n[2];
} welch;

static void welch_push(welch *w, int cls, double x) {
  w->n[cls] += 1;
  double d = x - w->mean[cls];
  w->mean[cls] += d / w->n[cls];
  w->m2[cls] += d * (x - w->mean[cls]);
}

static double welch_t(const welch *w) {
  if (w->n[0] < 2 || w->n[1] < 2) return 0;
  double v0 = w->m2[0] / (w->n[0] - 1), v1 = w->m2[1] / (w->n[1] - 1);
  double den = sqrt(v0 / w->n[0] + v1 / w->n[1]);
  return den > 0 ? (w->mean[0] - w->mean[1]) / den : 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* ------------------------------------------------------------------------ */
/* Targets                                                                  */
/* ------------------------------------------------------------------------ */

enum kind {
  GCM_SEAL_J0, GCM_OPEN_J0, GCM_SEAL_KEY, CTR_DATA, HASH_DATA, HMAC_KEY, HKDF_KEY, PBKDF2_KEY, CMAC_KEY,
  ECB_KEY, CBC_DATA, XTS_KEY, CCM_KEY, GCM_SIV_KEY, AEGIS_KEY, MANY_DATA
};
/* The keyed kinds: HMAC and the KDFs over it take the family's selected backend. */
#define SELECTS_BACKEND(k) ((k) == HMAC_KEY || (k) == HKDF_KEY || (k) == PBKDF2_KEY)

typedef struct target {
  const char *backend;
  enum kind kind;
  size_t len;
  int alg;     /* hash targets: hwc_hash_alg; AEGIS_KEY: hwc_aegis_alg */
  int control; /* a backend whose verdict valgrind already gives: reported, never fails the run */
} target;

static const target k_targets[] = {
    {"vaes512", GCM_SEAL_J0, 597, 0, 0},   {"vaes512", GCM_OPEN_J0, 597, 0, 0},
    {"vaes512", GCM_SEAL_J0, 100, 0, 0},   {"vaes512", GCM_SEAL_KEY, 300, 0, 0},
    {"vaes512", CTR_DATA, 1000, 0, 0},     {"vaes256", GCM_SEAL_J0, 597, 0, 0},
    {"vaes256", GCM_OPEN_J0, 597, 0, 0},   {"vaes256", GCM_SEAL_J0, 100, 0, 0},
    {"vaes256", GCM_SEAL_KEY, 300, 0, 0},  {"vaes256", CTR_DATA, 1000, 0, 0},
    {"vaes512", CMAC_KEY, 100, 0, 0},      {"vaes256", CMAC_KEY, 100, 0, 0},
    {"vaes512", ECB_KEY, 512, 0, 0},       {"vaes256", ECB_KEY, 512, 0, 0},
    {"vaes512", CBC_DATA, 1024, 0, 0},     {"vaes256", CBC_DATA, 1024, 0, 0},
    {"vaes512", XTS_KEY, 1005, 0, 0},      {"vaes256", XTS_KEY, 1005, 0, 0},
    {"vaes512", CCM_KEY, 301, 0, 0},       {"vaes256", CCM_KEY, 301, 0, 0},
    {"shani", HASH_DATA, 200, HWC_SHA1, 0}, {"shani", HASH_DATA, 200, HWC_SHA256, 0},
    {"shani", HMAC_KEY, 100, HWC_SHA1, 0}, {"shani", HMAC_KEY, 100, HWC_SHA256, 0},
    {"shani", HKDF_KEY, 100, HWC_SHA256, 0}, {"shani", PBKDF2_KEY, 100, HWC_SHA1, 0},
    {"shani", PBKDF2_KEY, 100, HWC_SHA256, 0},
    /* Multi-buffer lane kernels through hwc_hash_many (len bytes as 16
     * messages of len / 16, backend by name in the alg's family): the
     * SHA-NI interleaved and AVX-512 lane kernels valgrind cannot run. */
    {"shanix4", MANY_DATA, 1024, HWC_SHA256, 0}, {"shanix4", MANY_DATA, 1024, HWC_SHA1, 0},
    {"avx512x16", MANY_DATA, 1024, HWC_SHA256, 0}, {"avx512x16", MANY_DATA, 2048, HWC_SHA512, 0},
    /* GCM-SIV: the VPCLMULQDQ zmm POLYVAL and the zmm CTR behind the per-
     * message key derivation (vaes256's ymm ones are the same code shape;
     * one target per algorithm family keeps the run short). */
    {"vaes512", GCM_SIV_KEY, 300, 0, 0},
    /* AEGIS: the X4 variant on zmm VAES, the AEGIS code valgrind cannot
     * run (128L/256 on vaes256/vaes512 run the AES-NI xmm kernels, which
     * the taint run covers). Skipped while the build has no AEGIS-128X4
     * (soft returns HWC_ERR_UNAVAILABLE). */
    {"vaes512", AEGIS_KEY, 1000, HWC_AEGIS128X4, 0},
    /* controls: valgrind covers these too; here they show whether the
     * timing test agrees on a backend with a known verdict. A control over
     * the threshold says the measurement is noisy (the ~1-tick residual
     * described above once reached |t| 11-29 in four runs in a row on a
     * CI run, and 1-2 in every run on the same tree just after), not that
     * aesni leaks: it is reported as "noisy" and does not fail the run. */
    {"aesni", GCM_SEAL_J0, 597, 0, 1},
    /* AEGIS-128L on aesni: a control for the AEGIS target above (same
     * harness code, a kernel valgrind gives its verdict on). */
    {"aesni", AEGIS_KEY, 1000, HWC_AEGIS128L, 1},
};
#define N_TARGETS (sizeof(k_targets) / sizeof(k_targets[0]))

static const char *kind_name(enum kind k) {
  switch (k) {
    case GCM_SEAL_J0: return "gcm seal, 16-byte nonce (secret J0 near wrap vs random) + data";
    case GCM_OPEN_J0: return "gcm open, 16-byte nonce (secret J0 near wrap vs random) + data";
    case GCM_SEAL_KEY: return "gcm seal, 12-byte nonce, key + data";
    case CTR_DATA: return "ctr, data";
    case HASH_DATA: return "hash, data";
    case MANY_DATA: return "hash_many, 16 messages";
    case HKDF_KEY: return "hkdf, ikm + salt/info, 64 B out";
    case PBKDF2_KEY: return "pbkdf2, password + salt, 3 iterations, 40 B out";
    case CMAC_KEY: return "cmac, key + data";
    case ECB_KEY: return "ecb decrypt, key + data";
    case CBC_DATA: return "cbc decrypt, iv + data";
    case XTS_KEY: return "xts encrypt, 64-byte key + tweak + data (stealing)";
    case CCM_KEY: return "ccm seal, key + 13-byte nonce + data";
    case GCM_SIV_KEY: return "gcm-siv seal, key + nonce + data";
    case AEGIS_KEY: return "aegis seal, key + nonce + data";
    default: return "hmac, key + data";
  }
}

static hwc_family target_family(const target *t) {
  if (t->kind == HASH_DATA || t->kind == MANY_DATA || SELECTS_BACKEND(t->kind))
    return hwc_hash_family((hwc_hash_alg)t->alg);
  return HWC_FAMILY_AES;
}

static const char *const k_aegis_names[HWC_AEGIS_ALGS] = {"128l", "128x2", "128x4", "256", "256x2", "256x4"};

/* Whether the build has the AEGIS alg (soft refuses the ones it lacks). */
static int aegis_in_build(int alg) {
  const uint8_t zero[32] = {0};
  uint8_t tag[16];
  return hwc_aegis_seal((hwc_aegis_alg)alg, "soft", zero, zero, NULL, 0, NULL, 0, NULL, tag, 16) == HWC_OK;
}

static int available(const target *t) {
  const char *names[16];
  int n = t->kind == MANY_DATA ? hwc_hash_many_backends(target_family(t), names, 16)
                               : hwc_backend_list(target_family(t), names, 16);
  for (int i = 0; i < n && i < 16; i++)
    if (!strcmp(names[i], t->backend)) return 1;
  return 0;
}

/* The state of one target's run: fixed inputs, buffers, key object. */
typedef struct run_state {
  const target *t;
  hwc_aes_key *key, *key2; /* key2: XTS's tweak key */
  uint8_t fixed_key[64], rand_key[64], key_bytes[64];
  uint8_t fixed_nonce[16], rand_nonce[16], nonce[16];
  uint8_t *fixed_data, *rand_data, *data, *out;
  uint8_t tag[16];
} run_state;

static void state_init(run_state *s, const target *t) {
  memset(s, 0, sizeof(*s));
  s->t = t;
  s->key = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  s->key2 = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  s->fixed_data = calloc(1, t->len + 16);
  s->data = calloc(1, t->len + 16);
  s->rand_data = calloc(1, t->len + 16);
  s->out = calloc(1, t->len + 16);
  rnd(s->fixed_key, 64);
  if (t->kind == GCM_SEAL_J0 || t->kind == GCM_OPEN_J0) {
    /* low word of inc32(J0) = 2^32 - 3: the counter wraps after 3 blocks */
    craft_nonce16(s->fixed_nonce, s->fixed_key, 16, 0xfffffffcu);
    hwc_aes_key_init_with(s->key, t->backend, s->fixed_key, 16);
  } else if (t->kind == CTR_DATA || t->kind == CBC_DATA) {
    hwc_aes_key_init_with(s->key, t->backend, s->fixed_key, 16);
  }
  /* Fixed data: random bytes, drawn once. dudect often uses zeros; but an
   * all-zero input can change the power draw and so the clock of a core
   * (Hertzbleed), which is not what this test is after, and it showed up
   * as occasional |t| ~ 10-15 on GCM targets with zero plaintext. */
  rnd(s->fixed_data, t->len);
}

static void state_free(run_state *s) {
  hwc_aes_key_wipe(s->key);
  hwc_aes_key_wipe(s->key2);
  free(s->key);
  free(s->key2);
  free(s->fixed_data);
  free(s->data);
  free(s->rand_data);
  free(s->out);
}

/* Prepares the input of one execution of class cls with the same work for
 * both classes (fresh random bytes are always drawn; then the input is
 * copied from the fixed or the random buffers), drains the stores, then
 * times the operation alone. With unequal preparation (class 0 copying
 * over the random bytes, class 1 not) class 0 started with more stores in
 * flight and was ~2 ticks slower: |t| up to 26 on a constant-time kernel. */
static uint64_t measure_one(run_state *s, int cls) {
  const target *t = s->t;
  rnd(s->rand_data, t->len);
  rnd(s->rand_nonce, 16);
  rnd(s->rand_key, 64);
  rnd(s->tag, 16);
  memcpy(s->data, cls ? s->rand_data : s->fixed_data, t->len);
  memcpy(s->nonce, cls ? s->rand_nonce : s->fixed_nonce, 16);
  memcpy(s->key_bytes, cls ? s->rand_key : s->fixed_key, 64);
  /* The output starts from zeros in both classes, so class 0 (same output
   * every time) never rewrites a buffer with the bytes it already holds. */
  memset(s->out, 0, t->len + 16);
  __sync_synchronize(); /* mfence / dmb: no stores pending at t0 */
  uint64_t t0 = 0, t1 = 0;
  switch (t->kind) {
    case GCM_SEAL_J0:
      t0 = hwc_timestamp();
      hwc_gcm_seal(s->key, s->nonce, 16, NULL, 0, s->data, t->len, s->out, s->tag, 16);
      t1 = hwc_timestamp();
      break;
    case GCM_OPEN_J0: /* random tag: rejected in both classes */
      t0 = hwc_timestamp();
      hwc_gcm_open(s->key, s->nonce, 16, NULL, 0, s->data, t->len, s->tag, 16, s->out);
      t1 = hwc_timestamp();
      break;
    case GCM_SEAL_KEY:
      hwc_aes_key_init_with(s->key, t->backend, s->key_bytes, 16);
      t0 = hwc_timestamp();
      hwc_gcm_seal(s->key, s->nonce, 12, NULL, 0, s->data, t->len, s->out, s->tag, 16);
      t1 = hwc_timestamp();
      break;
    case CTR_DATA:
      t0 = hwc_timestamp();
      hwc_ctr_xor(s->key, s->fixed_nonce, s->data, s->out, t->len);
      t1 = hwc_timestamp();
      break;
    case MANY_DATA: {
      const uint8_t *m[16];
      size_t ml[16];
      for (int i = 0; i < 16; i++) m[i] = s->data + i * (t->len / 16), ml[i] = t->len / 16;
      t0 = hwc_timestamp();
      hwc_hash_many((hwc_hash_alg)t->alg, t->backend, m, ml, 16, s->out);
      t1 = hwc_timestamp();
      break;
    }
    case HASH_DATA: {
      hwc_hash_ctx c;
      hwc_hash_init_with(&c, (hwc_hash_alg)t->alg, t->backend);
      t0 = hwc_timestamp();
      hwc_hash_update(&c, s->data, t->len);
      hwc_hash_final(&c, s->out);
      t1 = hwc_timestamp();
      break;
    }
    case HMAC_KEY:
      t0 = hwc_timestamp();
      hwc_hmac((hwc_hash_alg)t->alg, s->key_bytes, 32, s->data, t->len, s->out);
      t1 = hwc_timestamp();
      break;
    case HKDF_KEY:
      t0 = hwc_timestamp();
      hwc_hkdf((hwc_hash_alg)t->alg, s->key_bytes, 32, s->data, 16, s->data + 16, t->len - 16, s->out, 64);
      t1 = hwc_timestamp();
      break;
    case PBKDF2_KEY:
      t0 = hwc_timestamp();
      hwc_pbkdf2((hwc_hash_alg)t->alg, s->key_bytes, 32, s->data, t->len, 3, s->out, 40);
      t1 = hwc_timestamp();
      break;
    case CMAC_KEY:
      hwc_aes_key_init_with(s->key, t->backend, s->key_bytes, 16);
      t0 = hwc_timestamp();
      hwc_cmac(s->key, s->data, t->len, s->out);
      t1 = hwc_timestamp();
      break;
    case ECB_KEY:
      hwc_aes_key_init_with(s->key, t->backend, s->key_bytes, 32);
      t0 = hwc_timestamp();
      hwc_ecb_decrypt(s->key, s->data, s->out, t->len);
      t1 = hwc_timestamp();
      break;
    case CBC_DATA:
      t0 = hwc_timestamp();
      hwc_cbc_decrypt(s->key, s->nonce, s->data, s->out, t->len);
      t1 = hwc_timestamp();
      break;
    case XTS_KEY:
      hwc_xts_key_init(s->key, s->key2, t->backend, s->key_bytes, 64);
      t0 = hwc_timestamp();
      hwc_xts_encrypt(s->key, s->key2, s->nonce, s->data, s->out, t->len);
      t1 = hwc_timestamp();
      break;
    case CCM_KEY:
      hwc_aes_key_init_with(s->key, t->backend, s->key_bytes, 16);
      t0 = hwc_timestamp();
      hwc_ccm_seal(s->key, s->nonce, 13, NULL, 0, s->data, t->len, s->out, s->tag, 16);
      t1 = hwc_timestamp();
      break;
    case GCM_SIV_KEY: /* the record keys are derived from key and nonce inside the call */
      hwc_aes_key_init_with(s->key, t->backend, s->key_bytes, 16);
      t0 = hwc_timestamp();
      hwc_gcm_siv_seal(s->key, s->nonce, NULL, 0, s->data, t->len, s->out, s->tag);
      t1 = hwc_timestamp();
      break;
    case AEGIS_KEY: /* key = key_bytes[0..), nonce = key_bytes[32..) (16 or 32 bytes each) */
      t0 = hwc_timestamp();
      hwc_aegis_seal((hwc_aegis_alg)t->alg, t->backend, s->key_bytes, s->key_bytes + 32, NULL, 0, s->data, t->len,
                     s->out, s->tag, 16);
      t1 = hwc_timestamp();
      break;
  }
  return t1 - t0;
}

static const double k_pcts[] = {0.50, 0.70, 0.80, 0.90, 0.95, 0.99, 0.999};
#define N_PCTS (sizeof(k_pcts) / sizeof(k_pcts[0]))

/* One run of n measurements: returns max |t| over the uncropped test and
 * the cropped ones; *where says which. */
static double run_target(const target *t, size_t n, const char **where, double *mean0,
                         double *mean1) {
  run_state s;
  state_init(&s, t);
  hwc_family fam = target_family(t);
  const char *prev = hwc_backend_current(fam);
  if (SELECTS_BACKEND(t->kind)) hwc_backend_set(fam, t->backend);

  uint64_t *x = malloc(n * sizeof(uint64_t)), *sorted = malloc(n * sizeof(uint64_t));
  uint8_t *cls = malloc(n);
  for (size_t i = 0; i < n / 10; i++) (void)measure_one(&s, (int)(rnd64() & 1)); /* warm-up */
  for (size_t i = 0; i < n; i++) {
    cls[i] = (uint8_t)(rnd64() >> 63);
    x[i] = measure_one(&s, cls[i]);
  }
  if (SELECTS_BACKEND(t->kind)) hwc_backend_set(fam, prev);
  state_free(&s);

  memcpy(sorted, x, n * sizeof(uint64_t));
  qsort(sorted, n, sizeof(uint64_t), cmp_u64);
  welch all;
  welch crop[N_PCTS];
  memset(&all, 0, sizeof(all));
  memset(crop, 0, sizeof(crop));
  uint64_t thr[N_PCTS];
  for (size_t p = 0; p < N_PCTS; p++) thr[p] = sorted[(size_t)(k_pcts[p] * (double)(n - 1))];
  for (size_t i = 0; i < n; i++) {
    welch_push(&all, cls[i], (double)x[i]);
    for (size_t p = 0; p < N_PCTS; p++)
      if (x[i] <= thr[p]) welch_push(&crop[p], cls[i], (double)x[i]);
  }
  double best = fabs(welch_t(&all));
  static char buf[64];
  snprintf(buf, sizeof(buf), "uncropped");
  *mean0 = all.mean[0];
  *mean1 = all.mean[1];
  for (size_t p = 0; p < N_PCTS; p++) {
    double v = fabs(welch_t(&crop[p]));
    if (v > best) {
      best = v;
      snprintf(buf, sizeof(buf), "cropped at p%.1f", k_pcts[p] * 100);
      *mean0 = crop[p].mean[0];
      *mean1 = crop[p].mean[1];
    }
  }
  *where = buf;
  free(x), free(sorted), free(cls);
  return best;
}

int main(int argc, char **argv) {
  size_t n = 50000;
  double threshold = 10.0;
  const char *only = NULL;
  int list = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--n") && i + 1 < argc) n = (size_t)strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--threshold") && i + 1 < argc) threshold = atof(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--list")) list = 1;
    else {
      fprintf(stderr, "usage: hwc_ct_dudect [--n N] [--threshold T] [--only SUBSTR] [--list]\n");
      return 2;
    }
  }
  if (n < 1000) n = 1000;
  if (!strcmp(hwc_timestamp_source(), "none")) {
    printf("dudect: no cycle counter on this platform; skipped\n");
    return 0;
  }
  printf("dudect: %zu measurements per target and class mix, |t| threshold %.1f, timer %s\n", n,
         threshold, hwc_timestamp_source());
  int failed = 0, ran = 0;
  for (size_t i = 0; i < N_TARGETS; i++) {
    const target *t = &k_targets[i];
    char name[160];
    const int hash = t->kind == HASH_DATA || t->kind == MANY_DATA || SELECTS_BACKEND(t->kind);
    char alg[16] = "";
    if (hash)
      snprintf(alg, sizeof(alg), " %s", t->alg == HWC_SHA1 ? "sha1" : t->alg == HWC_SHA512 ? "sha512" : "sha256");
    else if (t->kind == AEGIS_KEY) snprintf(alg, sizeof(alg), " aegis%s", k_aegis_names[t->alg]);
    snprintf(name, sizeof(name), "%-8s %s%s, %zu B", t->backend, kind_name(t->kind), alg, t->len);
    if (only && !strstr(name, only)) continue;
    if (list) {
      printf("  %s\n", name);
      continue;
    }
    if (!available(t)) {
      printf("  SKIP  %s: backend not available on this CPU\n", name);
      continue;
    }
    if (t->kind == AEGIS_KEY && !aegis_in_build(t->alg)) {
      printf("  SKIP  %s: AEGIS-%s not in this build (HWC_ERR_UNAVAILABLE on soft)\n", name, k_aegis_names[t->alg]);
      continue;
    }
    ran++;
    const char *where;
    double m0, m1;
    double tv = run_target(t, n, &where, &m0, &m1);
    /* Measure again, up to twice: only a reproducible excess fails. On
     * this 2-core VM, with qemu and fuzzers running beside it, a single
     * run of a constant-time target exceeded 10 about once in 20 (|t| up
     * to ~15, once 83); a real leak of the kind fixed here gives |t| of
     * 30-250 every time. */
    /* Up to four more runs: under heavy load on both cores (fuzzers beside
     * the CI run) vaes256 CTR, which only XORs its secret, once gave |t|
     * 12-31 three runs in a row, then 1-2 in every later run with the load
     * gone; a frequency response to the data is the likely cause. A leak of
     * the kind this test exists for gives |t| 80-370 in every run. */
    for (int again = 0; again < 4 && tv > threshold; again++) {
      printf("        %s: |t| = %.1f (%s), measuring again\n", name, tv, where);
      fflush(stdout);
      double tv2 = run_target(t, n, &where, &m0, &m1);
      tv = tv2 < tv ? tv2 : tv;
    }
    int bad = tv > threshold && !t->control;
    failed += bad;
    printf("  %s %s: max |t| = %6.2f (%s; mean ticks fixed %.1f, random %.1f)%s\n",
           bad ? "FAIL" : "ok  ", name, tv, where, m0, m1,
           t->control ? (tv > threshold ? "  [control: noisy run, not a failure]" : "  [control]") : "");
    fflush(stdout);
  }
  if (!list) printf("dudect: %d targets run, %d failed\n", ran, failed);
  return failed ? 1 : 0;
}
