/*
 * runner.c - the native test runner of the hwcrypt C core.
 *
 * For every backend of every family that this CPU runs (hwc_backend_list),
 * runs the known-answer vector files in test/vectors/ and then a
 * differential test against the soft backend on random inputs, and the
 * exhaustive sweep of the short-message GCM path (gcm_short.c). Prints one
 * line per backend x algorithm x file with its passed/failed counts and a
 * closing "native: N passed, N failed" line. Exits non-zero on any failure,
 * and when a backend that the CPU's feature bits (hwc_cpu()) say should run
 * here was not exercised: a kernel that detection claims but that is
 * missing, or that dispatch does not offer, is a failure, not a skip.
 *
 * HWCRYPT_BACKEND (same syntax as the library: "soft", "aes=aesni,sha256=
 * shani", ...) restricts the run to the backend it selects for each family;
 * the check above is then limited to those backends.
 *
 *   hwc_test_runner [--vectors DIR] [--seed N] [--quick|--long|--no-diff]
 *                   [--allow-missing] [--verbose]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"
#include "tutil.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: hwc_test_runner [options]\n"
          "  --vectors DIR    test/vectors directory (default: found next to the sources)\n"
          "  --seed N         seed of the differential test (or HWC_TEST_SEED); default random\n"
          "  --quick          smaller differential workload (e.g. under emulation)\n"
          "  --long           larger differential workload\n"
          "  --no-diff        known-answer vectors only\n"
          "  --allow-missing  a backend the CPU claims but the build lacks is a warning\n"
          "  --verbose        show every failing case, not the first few per group\n"
          "environment: HWCRYPT_BACKEND restricts the run to the backend(s) it forces\n");
}

static int dir_has_vectors(const char *dir) {
  char p[1200];
  snprintf(p, sizeof(p), "%s/README.md", dir);
  FILE *f = fopen(p, "rb");
  if (!f) return 0;
  fclose(f);
  snprintf(p, sizeof(p), "%s/nist/gcm/gcmDecrypt128.rsp", dir);
  f = fopen(p, "rb");
  if (!f) return 0;
  fclose(f);
  return 1;
}

static const char *find_vectors(const char *argv0) {
  static char buf[1100];
  const char *env = getenv("HWC_TEST_VECTORS");
  if (env && *env) return env;
#ifdef HWC_TEST_DEFAULT_VECTORS
  if (dir_has_vectors(HWC_TEST_DEFAULT_VECTORS)) return HWC_TEST_DEFAULT_VECTORS;
#endif
  /* relative to the working directory, then to the binary */
  static const char *const ups[] = {"", "../", "../../", "../../../"};
  for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
    snprintf(buf, sizeof(buf), "%stest/vectors", ups[i]);
    if (dir_has_vectors(buf)) return buf;
  }
  const char *slash = strrchr(argv0, '/');
  if (slash) {
    int dl = (int)(slash - argv0);
    for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
      snprintf(buf, sizeof(buf), "%.*s/%s../test/vectors", dl, argv0, ups[i]);
      if (dir_has_vectors(buf)) return buf;
    }
  }
  return NULL;
}

static void print_cpu(void) {
  const hwc_cpu_features *c = hwc_cpu();
  struct {
    unsigned on;
    const char *name;
  } f[] = {{c->aesni, "aesni"},       {c->pclmul, "pclmul"},     {c->ssse3, "ssse3"},
           {c->sse41, "sse4.1"},      {c->avx, "avx"},           {c->avx2, "avx2"},           {c->bmi2, "bmi2"},
           {c->avx512, "avx512"},     {c->vaes, "vaes"},         {c->vpclmul, "vpclmulqdq"},
           {c->shani, "sha-ni"},      {c->gfni, "gfni"},         {c->arm_aes, "aes"},
           {c->arm_pmull, "pmull"},   {c->arm_sha1, "sha1"},     {c->arm_sha2, "sha2"},
           {c->arm_sha512, "sha512"}};
  printf("cpu: %s \"%s\"; features:", hwc_cpu_arch(), hwc_cpu_model());
  for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
    if (f[i].on) printf(" %s", f[i].name);
  printf("\n");
}

/* What the CPU's feature bits say should be available: the x86 kernels'
 * documented requirements, and one HWCAP group per ARMv8 kernel. */
typedef struct claim {
  hwc_family f;
  const char *backend;
  int claimed;
  const char *needs;
} claim;

static int build_claims(claim *out) {
  const hwc_cpu_features *c = hwc_cpu();
  int n = 0;
#define CLAIM(fam, name, cond, why) out[n++] = (claim){fam, name, (cond) ? 1 : 0, why}
  CLAIM(HWC_FAMILY_AES, "vaes512", c->avx512 && c->vaes && c->vpclmul && c->aesni && c->pclmul,
        "avx512 vaes vpclmulqdq");
  CLAIM(HWC_FAMILY_AES, "vaes256", c->avx2 && c->vaes && c->vpclmul && c->aesni && c->pclmul,
        "avx2 vaes vpclmulqdq");
  CLAIM(HWC_FAMILY_AES, "aesni", c->aesni && c->pclmul && c->ssse3 && c->sse41,
        "aesni pclmul ssse3 sse4.1");
  CLAIM(HWC_FAMILY_AES, "armv8", c->arm_aes && c->arm_pmull, "aes pmull");
  CLAIM(HWC_FAMILY_SHA1, "shani", c->shani && c->ssse3 && c->sse41, "sha-ni ssse3 sse4.1");
  CLAIM(HWC_FAMILY_SHA1, "armv8", c->arm_sha1, "sha1");
  CLAIM(HWC_FAMILY_SHA256, "shani", c->shani && c->ssse3 && c->sse41, "sha-ni ssse3 sse4.1");
  CLAIM(HWC_FAMILY_SHA256, "armv8", c->arm_sha2, "sha2");
  CLAIM(HWC_FAMILY_SHA512, "avx2", c->avx2 && c->bmi2, "avx2 bmi2");
  CLAIM(HWC_FAMILY_SHA512, "armv8", c->arm_sha512, "sha512");
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) CLAIM((hwc_family)f, "soft", 1, "portable");
#undef CLAIM
  return n;
}

static int in_list(const char *const *list, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0) return 1;
  return 0;
}

int main(int argc, char **argv) {
  t_run run;
  memset(&run, 0, sizeof(run));
  run.diff_level = 2;
  int allow_missing = 0, have_seed = 0;
  const char *vectors = NULL;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--vectors") == 0 && i + 1 < argc) vectors = argv[++i];
    else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
      char *end;
      run.seed = strtoull(argv[++i], &end, 0);
      if (*end) {
        fprintf(stderr, "bad --seed %s\n", argv[i]);
        return 2;
      }
      have_seed = 1;
    } else if (strcmp(a, "--quick") == 0) run.diff_level = 1;
    else if (strcmp(a, "--long") == 0) run.diff_level = 3;
    else if (strcmp(a, "--no-diff") == 0) run.diff_level = 0;
    else if (strcmp(a, "--allow-missing") == 0) allow_missing = 1;
    else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) t_verbose = 1;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "unknown argument %s\n", a);
      usage(stderr);
      return 2;
    }
  }
  if (!have_seed) {
    const char *s = getenv("HWC_TEST_SEED");
    if (s && *s) {
      char *end;
      run.seed = strtoull(s, &end, 0);
      if (*end) {
        fprintf(stderr, "bad HWC_TEST_SEED %s\n", s);
        return 2;
      }
    } else {
      run.seed = ((uint64_t)time(NULL) * 2654435761u) ^ (uint64_t)clock();
      run.seed %= 1000000000ULL; /* short enough to retype */
    }
  }

  run.vectors_dir = vectors ? vectors : find_vectors(argv[0]);
  if (!run.vectors_dir) {
    fprintf(stderr, "cannot find test/vectors; pass --vectors DIR or set HWC_TEST_VECTORS\n");
    return 2;
  }

  const char *spec = getenv("HWCRYPT_BACKEND");
  int forced = spec && *spec;
  if (forced) {
    const char *bad = NULL;
    size_t bad_len = 0;
    if (hwc_backend_apply_spec(spec, &bad, &bad_len) != HWC_OK) {
      fprintf(stderr, "HWCRYPT_BACKEND=%s: cannot apply '%.*s' (unknown or unavailable here)\n",
              spec, (int)bad_len, bad ? bad : "");
      return 2;
    }
  }

  printf("hwcrypt native tests, core %s\n", HWC_VERSION_STRING);
  print_cpu();
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
    const char *avail[T_MAX_BACKENDS], *known[T_MAX_BACKENDS];
    int na = hwc_backend_list((hwc_family)f, avail, T_MAX_BACKENDS);
    int nk = hwc_backend_known((hwc_family)f, known, T_MAX_BACKENDS);
    if (na > T_MAX_BACKENDS) na = T_MAX_BACKENDS;
    if (nk > T_MAX_BACKENDS) nk = T_MAX_BACKENDS;
    run.soft_available[f] = in_list(avail, na, "soft");
    if (forced) {
      run.backends[f][0] = hwc_backend_current((hwc_family)f);
      run.n_backends[f] = 1;
    } else {
      memcpy(run.backends[f], avail, sizeof(avail[0]) * (size_t)na);
      run.n_backends[f] = na;
    }
    printf("backends %-7s testing:", hwc_family_name((hwc_family)f));
    for (int i = 0; i < run.n_backends[f]; i++) printf(" %s", run.backends[f][i]);
    if (forced) printf(" (forced by HWCRYPT_BACKEND=%s)", spec);
    printf("; available:");
    for (int i = 0; i < na; i++) printf(" %s", avail[i]);
    printf("; known:");
    for (int i = 0; i < nk; i++) printf(" %s", known[i]);
    printf("\n");
  }
  printf("vectors: %s\n", run.vectors_dir);
  printf("seed: %llu (reproduce with --seed %llu or HWC_TEST_SEED=%llu)\n",
         (unsigned long long)run.seed, (unsigned long long)run.seed,
         (unsigned long long)run.seed);
  fflush(stdout);

  clock_t t0 = clock();
  t_run_vectors(&run);
  t_run_kdf(&run);
  clock_t t1 = clock();
  t_run_differential(&run);
  t_run_hash_mb_kernels(&run);
  clock_t t2 = clock();
  t_run_gcm_short(&run);
  t_run_gcm_parts(&run);
  clock_t t3 = clock();
  t_run_hash_many(&run);
  clock_t t4 = clock();

  /* Every backend the CPU claims must have run cases (or, when forced,
   * every forced backend). */
  printf("backend coverage:\n");
  claim claims[32];
  int nc = build_claims(claims);
  long missing = 0;
  for (int i = 0; i < nc; i++) {
    claim *c = &claims[i];
    int selected = in_list(run.backends[c->f], run.n_backends[c->f], c->backend);
    int required = forced ? selected : c->claimed;
    long passed, failed;
    t_exercised(c->f, c->backend, &passed, &failed);
    const char *verdict;
    if (passed > 0 || failed > 0) verdict = failed ? "FAILED" : "ok";
    else if (!required) verdict = forced && c->claimed ? "not selected" : "not claimed by this cpu";
    else {
      verdict = allow_missing ? "MISSING (allowed by --allow-missing)" : "MISSING: claimed, not exercised";
      if (!allow_missing) missing++;
    }
    printf("  %-7s %-8s needs %-26s cases passed %-6ld failed %-4ld %s\n",
           hwc_family_name(c->f), c->backend, c->needs, passed, failed, verdict);
  }
  /* A backend the library knows but this table has no rule for is only
   * checked when it is available: say so, so the table gets updated. */
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
    const char *known[T_MAX_BACKENDS];
    int nk = hwc_backend_known((hwc_family)f, known, T_MAX_BACKENDS);
    for (int i = 0; i < nk && i < T_MAX_BACKENDS; i++) {
      int found = 0;
      for (int j = 0; j < nc; j++)
        if (claims[j].f == (hwc_family)f && strcmp(claims[j].backend, known[i]) == 0) found = 1;
      if (!found)
        printf("  %-7s %-8s (no cpu rule in the runner: checked only when available)\n",
               hwc_family_name((hwc_family)f), known[i]);
    }
  }
  t_total_failed += missing;

  printf("time: vectors %.1f s, differential %.1f s, gcm-short sweep %.1f s, hash-many %.1f s (cpu)\n",
         (double)(t1 - t0) / CLOCKS_PER_SEC, (double)(t2 - t1) / CLOCKS_PER_SEC,
         (double)(t3 - t2) / CLOCKS_PER_SEC, (double)(t4 - t3) / CLOCKS_PER_SEC);
  if (missing)
    printf("%ld backend(s) claimed by the cpu were not exercised (counted as failures)\n", missing);
  printf("native: %ld passed, %ld failed\n", t_total_passed, t_total_failed);
  return t_total_failed ? 1 : 0;
}
