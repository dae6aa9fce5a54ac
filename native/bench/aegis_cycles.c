/*
 * aegis_cycles.c - TSC cycles of the AEGIS family's seal (AEGIS-128L,
 * -128X2, -128X4, -256, -256X2, -256X4) against AES-128-GCM seal, per
 * backend, in one harness (x86-64 only; not part of any build).
 *
 *   cmake -S native -B build-native/rel && cmake --build build-native/rel
 *   cc -O2 -Inative/include native/bench/aegis_cycles.c \
 *      build-native/rel/libhwcrypt_core.a -o /tmp/aegis_cycles && /tmp/aegis_cycles [backend...]
 *
 * Each figure is the minimum over many runs of one call (rdtsc around the
 * call, lfence-fenced), in TSC cycles per call and per byte; the harness
 * subtracts the cost of an empty fenced rdtsc pair (calibrated the same
 * way). TSC cycles are reference cycles: at a core clock other than the
 * TSC rate they are not core cycles. The last lines give, per backend,
 * the 1 MiB ratio of AES-128-GCM cycles to each AEGIS variant's (from the
 * same run). A second table times 64-byte seal and open in batches
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

#define GCM (-1)
#define MAC 100 /* MAC + alg: AEGISMAC of that variant */
static uint64_t overhead;

/* Minimum TSC cycles of one seal (or MAC) of len bytes (alg: an
 * hwc_aegis_alg, MAC + one, or GCM); -1 if the backend lacks it. */
static double run(int alg, const char *backend, size_t len, int reps) {
  static uint8_t key[32], nonce[32], tag[16];
  uint8_t *in = malloc(len + 1), *out = malloc(len + 1);
  memset(in, 0x42, len + 1);
  memset(out, 0, len + 1);
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
    if (alg == GCM) st = hwc_gcm_seal(k, nonce, 12, NULL, 0, in, len, out, tag, 16);
    else if (alg >= MAC) st = hwc_aegis_mac((hwc_aegis_alg)(alg - MAC), backend, key, nonce, in, len, tag, 16);
    else st = hwc_aegis_seal((hwc_aegis_alg)alg, backend, key, nonce, NULL, 0, in, len, out, tag, 16);
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
  if (!best) return -1;
  return best > overhead ? (double)(best - overhead) : 0.0;
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
  hwc_aegis_alg aa = (hwc_aegis_alg)alg;
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
      {HWC_AEGIS128L, "aesni", "AEGIS-128L (aesni)"},      {HWC_AEGIS256, "aesni", "AEGIS-256 (aesni)"},
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

static const struct {
  int alg;
  const char *name;
} algs[] = {
    {HWC_AEGIS128L, "AEGIS-128L"}, {HWC_AEGIS128X2, "AEGIS-128X2"}, {HWC_AEGIS128X4, "AEGIS-128X4"},
    {HWC_AEGIS256, "AEGIS-256"},   {HWC_AEGIS256X2, "AEGIS-256X2"}, {HWC_AEGIS256X4, "AEGIS-256X4"},
    {MAC + HWC_AEGIS128L, "AEGISMAC-128L"}, {MAC + HWC_AEGIS128X4, "AEGISMAC-128X4"},
    {GCM, "AES-128-GCM"},
};
#define NALGS (sizeof(algs) / sizeof(algs[0]))

int main(int argc, char **argv) {
  static const char *const def_backends[] = {"vaes512", "vaes256", "aesni", "soft"};
  const char *const *backends = argc > 1 ? (const char *const *)(argv + 1) : def_backends;
  int nb = argc > 1 ? argc - 1 : 4;
  static const size_t lens[] = {64, 1024, 16384, 1u << 20};
  enum { NL = sizeof(lens) / sizeof(lens[0]) };
  overhead = UINT64_MAX;
  for (int i = 0; i < 100000; i++) {
    uint64_t t0 = tsc(), t = tsc() - t0;
    if (t < overhead) overhead = t;
  }
  printf("fenced rdtsc pair: %llu TSC cycles (subtracted)\n", (unsigned long long)overhead);
  printf("%-24s %-8s %10s %14s %12s\n", "", "backend", "bytes", "TSC cycles", "cycles/byte");
  for (int b = 0; b < nb; b++) {
    double mib[NALGS];
    int soft = strcmp(backends[b], "soft") == 0;
    for (size_t a = 0; a < NALGS; a++) {
      for (size_t l = 0; l < NL; l++) {
        int reps = lens[l] >= (1u << 20) ? (soft ? 3 : 200) : lens[l] >= 16384 ? (soft ? 20 : 3000) : (soft ? 500 : 100000);
        double c = run(algs[a].alg, backends[b], lens[l], reps);
        if (l == NL - 1) mib[a] = c;
        if (c < 0) printf("%-24s %-8s %10zu %14s\n", algs[a].name, backends[b], lens[l], "unavailable");
        else printf("%-24s %-8s %10zu %14.0f %12.3f\n", algs[a].name, backends[b], lens[l], c, c / (double)lens[l]);
      }
    }
    for (size_t a = 0; a + 1 < NALGS; a++)
      if (mib[a] > 0 && mib[NALGS - 1] > 0)
        printf("  %s: %s is %.2fx AES-128-GCM at 1 MiB\n", backends[b], algs[a].name, mib[NALGS - 1] / mib[a]);
  }
  short_table();
  return 0;
}
