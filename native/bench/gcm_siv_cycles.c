/*
 * gcm_siv_cycles.c - TSC cycles of AES-GCM-SIV seal/open against AES-GCM
 * seal in one harness, per backend (x86-64 only; not part of any build).
 *
 *   cmake -S native -B build-native/rel && cmake --build build-native/rel
 *   cc -O2 -Inative/include native/bench/gcm_siv_cycles.c \
 *      build-native/rel/libhwcrypt_core.a -o /tmp/gcm_siv_cycles && /tmp/gcm_siv_cycles [backend]
 *
 * Each figure is the minimum over many runs of one call (rdtsc around the
 * call, lfence-fenced), in TSC cycles per call and per byte. TSC cycles
 * are reference cycles: at a core clock other than the TSC rate they are
 * not core cycles (here core/TSC is about 3.5/2.096).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include "hwcrypt.h"

static uint64_t tsc(void) {
  _mm_lfence();
  uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}

enum { SIV_SEAL, SIV_OPEN, GCM_SEAL };

static double run(int op, const char *backend, size_t key_len, size_t len, int reps) {
  static uint8_t key[32], nonce[12], tag[16];
  uint8_t *in = malloc(len + 1), *out = malloc(len + 1);
  memset(in, 0x42, len + 1);
  size_t a = hwc_aes_key_align(), sz = (hwc_aes_key_size_with(backend) + a - 1) / a * a;
  hwc_aes_key *k = aligned_alloc(a, sz);
  if (hwc_aes_key_init_with(k, backend, key, key_len) != HWC_OK) {
    free(k), free(in), free(out);
    return -1;
  }
  if (op == SIV_OPEN) hwc_gcm_siv_seal(k, nonce, NULL, 0, in, len, in, tag);
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < reps; i++) {
    uint64_t t0 = tsc();
    hwc_status st;
    if (op == SIV_SEAL) st = hwc_gcm_siv_seal(k, nonce, NULL, 0, in, len, out, tag);
    else if (op == SIV_OPEN) st = hwc_gcm_siv_open(k, nonce, NULL, 0, in, len, tag, out);
    else st = hwc_gcm_seal(k, nonce, 12, NULL, 0, in, len, out, tag, 16);
    uint64_t t = tsc() - t0;
    if (st != HWC_OK) {
      best = 0;
      break;
    }
    if (t < best) best = t;
  }
  hwc_aes_key_wipe(k);
  free(k), free(in), free(out);
  return (double)best;
}

int main(int argc, char **argv) {
  const char *all[] = {"vaes512", "vaes256", "aesni", "soft"};
  const size_t sizes[] = {16, 64, 256, 1024, 16384, 1 << 20};
  int nb = argc > 1 ? argc - 1 : 4;
  for (int b = 0; b < nb; b++) {
    const char *be = argc > 1 ? argv[1 + b] : all[b];
    printf("%s (TSC cycles per call, per byte; min of runs)\n", be);
    printf("  %8s  %22s  %22s  %22s  %22s\n", "bytes", "gcm-128 seal", "siv-128 seal", "siv-128 open",
           "siv-256 seal");
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
      size_t len = sizes[s];
      int reps = len >= (1 << 20) ? 40 : len >= 16384 ? 400 : 4000;
      if (!strcmp(be, "soft")) reps = reps / 10 + 3;
      double g = run(GCM_SEAL, be, 16, len, reps), ss = run(SIV_SEAL, be, 16, len, reps),
             so = run(SIV_OPEN, be, 16, len, reps), s2 = run(SIV_SEAL, be, 32, len, reps);
      printf("  %8zu  %10.0f %9.3f  %10.0f %9.3f  %10.0f %9.3f  %10.0f %9.3f\n", len, g, g / len, ss,
             ss / len, so, so / len, s2, s2 / len);
    }
  }
  return 0;
}
