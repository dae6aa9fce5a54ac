/*
 * aegis_cycles.c - TSC cycles of AEGIS-128L / AEGIS-256 seal against
 * AES-128-GCM seal in one harness (x86-64 only; not part of any build).
 *
 *   cmake -S native -B build-native/rel && cmake --build build-native/rel
 *   cc -O2 -Inative/include native/bench/aegis_cycles.c \
 *      build-native/rel/libhwcrypt_core.a -o /tmp/aegis_cycles && /tmp/aegis_cycles
 *
 * Each figure is the minimum over many runs of one call (rdtsc around the
 * call, lfence-fenced), in TSC cycles per call and per byte. TSC cycles
 * are reference cycles: at a core clock other than the TSC rate they are
 * not core cycles. A second table times 64-byte seal and open in batches
 * (short_table below), since one 64-byte call is a few TSC steps.
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

enum { A128L, A256, GCM };

static double run(int alg, const char *backend, size_t len, int reps) {
  static uint8_t key[32], nonce[32], tag[16];
  uint8_t *in = malloc(len + 1), *out = malloc(len + 1);
  memset(in, 0x42, len + 1);
  hwc_aes_key *k = NULL;
  if (alg == GCM) {
    size_t a = hwc_aes_key_align(), sz = (hwc_aes_key_size_with(backend) + a - 1) / a * a;
    k = aligned_alloc(a, sz);
    if (hwc_aes_key_init_with(k, backend, key, 16) != HWC_OK) {
      free(k), free(in), free(out);
      return -1;
    }
  }
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < reps; i++) {
    uint64_t t0 = tsc();
    hwc_status st;
    if (alg == A128L) st = hwc_aegis128l_seal_with(backend, key, nonce, NULL, 0, in, len, out, tag, 16);
    else if (alg == A256) st = hwc_aegis256_seal_with(backend, key, nonce, NULL, 0, in, len, out, tag, 16);
    else st = hwc_gcm_seal(k, nonce, 12, NULL, 0, in, len, out, tag, 16);
    uint64_t t = tsc() - t0;
    if (st != HWC_OK) {
      best = 0;
      break;
    }
    if (t < best) best = t;
  }
  if (k) {
    hwc_aes_key_wipe(k);
    free(k);
  }
  free(in), free(out);
  return best ? (double)best : -1;
}

/*
 * Short messages: the TSC advances in steps (26 TSC cycles on the Zen 5
 * VM this was written on), too coarse for one 64-byte call, so a batch of
 * 64 calls is timed and divided; min over batches. With lfence after each
 * call ("latency") a call starts when the previous one has finished; without
 * ("stream") consecutive independent calls overlap in the out-of-order
 * window, as back-to-back messages would. Seal and open (open of a valid
 * ciphertext, tag compared) through the public API, backend named.
 */
enum { SEAL, OPEN };

static double run_batched(int alg, int op, const char *backend, size_t len, int fence) {
  enum { BATCH = 64, REPS = 4000 };
  static uint8_t key[32], nonce[32], tag[16], in[256], ct[256], out[256];
  hwc_aes_key *k = NULL;
  if (len > sizeof(in)) return -1;
  memset(in, 0x42, sizeof(in));
  if (alg == GCM) {
    size_t a = hwc_aes_key_align(), sz = (hwc_aes_key_size_with(backend) + a - 1) / a * a;
    k = aligned_alloc(a, sz);
    if (hwc_aes_key_init_with(k, backend, key, 16) != HWC_OK) {
      free(k);
      return -1;
    }
  }
  hwc_aegis_alg aa = alg == A256 ? HWC_AEGIS256 : HWC_AEGIS128L;
  hwc_status st = alg == GCM ? hwc_gcm_seal(k, nonce, 12, NULL, 0, in, len, ct, tag, 16)
                             : hwc_aegis_seal(aa, backend, key, nonce, NULL, 0, in, len, ct, tag, 16);
  uint64_t best = UINT64_MAX;
  for (int r = 0; st == HWC_OK && r < REPS; r++) {
    uint64_t t0 = tsc();
    for (int b = 0; b < BATCH; b++) {
      if (alg == GCM)
        st |= op == SEAL ? hwc_gcm_seal(k, nonce, 12, NULL, 0, in, len, out, tag, 16)
                         : hwc_gcm_open(k, nonce, 12, NULL, 0, ct, len, tag, 16, out);
      else
        st |= op == SEAL ? hwc_aegis_seal(aa, backend, key, nonce, NULL, 0, in, len, out, tag, 16)
                         : hwc_aegis_open(aa, backend, key, nonce, NULL, 0, ct, len, tag, 16, out);
      if (fence) _mm_lfence();
    }
    uint64_t t = tsc() - t0;
    if (t < best) best = t;
  }
  if (k) {
    hwc_aes_key_wipe(k);
    free(k);
  }
  return st == HWC_OK ? (double)best / BATCH : -1;
}

static void short_table(void) {
  static const struct {
    int alg;
    const char *backend, *label;
  } rows[] = {
      {A128L, "aesni", "AEGIS-128L (aesni)"},      {A256, "aesni", "AEGIS-256 (aesni)"},
      {GCM, "vaes512", "AES-128-GCM (vaes512)"}, {GCM, "aesni", "AES-128-GCM (aesni)"},
  };
  printf("\n%-30s %6s %11s %11s %11s %11s\n", "TSC cycles per call, batched", "bytes", "seal strm",
         "open strm", "seal lat", "open lat");
  for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
    printf("%-30s %6d", rows[r].label, 64);
    for (int fence = 0; fence < 2; fence++)
      for (int op = SEAL; op <= OPEN; op++) {
        double c = run_batched(rows[r].alg, op, rows[r].backend, 64, fence);
        if (c < 0) printf(" %11s", "n/a");
        else printf(" %11.1f", c);
      }
    printf("\n");
  }
}

int main(void) {
  static const struct {
    int alg;
    const char *backend, *label;
  } rows[] = {
      {A128L, "aesni", "AEGIS-128L seal (aesni)"},  {A256, "aesni", "AEGIS-256 seal (aesni)"},
      {GCM, "vaes512", "AES-128-GCM seal (vaes512)"}, {GCM, "aesni", "AES-128-GCM seal (aesni)"},
      {A128L, "soft", "AEGIS-128L seal (soft)"},    {GCM, "soft", "AES-128-GCM seal (soft)"},
  };
  static const size_t lens[] = {64, 1u << 20};
  printf("%-30s %10s %14s %12s\n", "", "bytes", "TSC cycles", "cycles/byte");
  for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
    for (size_t l = 0; l < 2; l++) {
      int soft = strcmp(rows[r].backend, "soft") == 0;
      int reps = lens[l] > 4096 ? (soft ? 5 : 300) : 200000;
      double c = run(rows[r].alg, rows[r].backend, lens[l], reps);
      if (c < 0) printf("%-30s %10zu %14s\n", rows[r].label, lens[l], "unavailable");
      else printf("%-30s %10zu %14.0f %12.3f\n", rows[r].label, lens[l], c, c / (double)lens[l]);
    }
  }
  short_table();
  return 0;
}
