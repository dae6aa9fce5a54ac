/*
 * runner.h - what the parts of the native test runner share: the run's
 * configuration (vector directory, backends to test per family, seed) and
 * the entry points of the known-answer and differential suites.
 */
#ifndef HWC_TEST_RUNNER_H
#define HWC_TEST_RUNNER_H

#include <stdint.h>

#include "hwcrypt.h"

#define T_MAX_BACKENDS 8

typedef struct t_run {
  const char *vectors_dir;
  /* Backends to test per family, best first (the available ones, or only
   * the one HWCRYPT_BACKEND forced). */
  const char *backends[HWC_FAMILY_COUNT][T_MAX_BACKENDS];
  int n_backends[HWC_FAMILY_COUNT];
  int soft_available[HWC_FAMILY_COUNT];
  uint64_t seed;
  /* Differential workload: 0 = skip, 1 = quick, 2 = normal (default),
   * 3 = long. */
  int diff_level;
} t_run;

/* Known-answer vector files (vectors.c). */
void t_run_vectors(const t_run *run);
/* Differential tests against the soft backend (differential.c). */
void t_run_differential(const t_run *run);
/* Exhaustive sweep of the short-message GCM path: AAD 0..128 x data
 * 0..128 x key sizes, every AES backend against soft (gcm_short.c). */
void t_run_gcm_short(const t_run *run);
/* One GCM seal split into parts and joined (the async twins' parallel
 * seal), every AES backend against hwc_gcm_seal (gcm_parts.c). */
void t_run_gcm_parts(const t_run *run);
/* HKDF and PBKDF2: RFC and Wycheproof vectors on every hash backend,
 * and each backend against soft (kdf_vectors.c). */
void t_run_kdf(const t_run *run);
/* Multi-buffer hashing: hwc_hash_many and hwc_sha256_pairs on every
 * backend they list, against single-stream hwc_hash (hash_many.c). */
void t_run_hash_many(const t_run *run);

/* The multi-buffer SHA kernels, each against the single-stream backends
 * of its family (hash_mb_kernels.c). */
void t_run_hash_mb_kernels(const t_run *run);

/* Selects backend for family f for the library calls that use the current
 * selection (HMAC); returns the previous selection to restore later. */
const char *t_select_backend(hwc_family f, const char *backend);

#endif /* HWC_TEST_RUNNER_H */
