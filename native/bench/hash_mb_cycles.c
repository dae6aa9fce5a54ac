/*
 * hash_mb_cycles.c - cycles per message byte of the multi-buffer SHA
 * kernels (hwc_hash_mb_impl) against the single-stream backends of the
 * same family, at the kernel level, in one harness (x86-64 only; not part
 * of any build).
 *
 *   cmake -S native -B build-native/rel -DCMAKE_BUILD_TYPE=Release
 *   cmake --build build-native/rel --target hwcrypt_core hwc_timing
 *   cc -O2 -Inative/include -Inative/timing native/bench/hash_mb_cycles.c \
 *      build-native/rel/libhwcrypt_core.a build-native/rel/libhwc_timing.a \
 *      -o /tmp/hash_mb_cycles && /tmp/hash_mb_cycles [rounds]
 *
 * What is timed: for a message length L (64 B and 1 KiB), the whole blocks
 * its padded form has (SHA-1/256: L/64 + 1; SHA-512: L/128 + 1), compressed
 * in every lane of a kernel with one compress call (each lane its own
 * state and data), or one message's blocks with a single-stream compress.
 * The figure is cycles per message byte: the call's cycles / (lanes * L).
 * Padding and the scheduler's framing are not included (hash_many.c's
 * bench covers those), so this isolates the kernels.
 *
 * Cycles: rdtsc (lfence-fenced) around a batch of calls, minimum over the
 * rounds; the rounds visit all kernels in turn, so load from the other
 * processes on the machine hits them alike, and the ratios within one run
 * are what to compare. TSC ticks are converted to core cycles with the
 * calibration chain of native/timing (hwc_calibrate_chain: n dependent
 * adds take n core cycles), measured before and after and printed: at a
 * core clock different from the TSC rate (turbo) ticks are not cycles.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include "hwcrypt_impl.h"
#include "hwcrypt_timing.h"

static uint64_t tsc(void) {
  _mm_lfence();
  uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}

/* Core cycles per TSC tick: the best of many short chains (about 0.1 ms
 * each: on a shared machine a long chain is nearly always preempted or
 * shares its core, which reads as a slow clock, while the kernels' timed
 * batches are short and their minimum finds quiet moments). */
static double cycles_per_tick(void) {
  double best = 0;
  for (int i = 0; i < 400; i++) {
    const uint64_t n = 400000;
    uint64_t t = hwc_calibrate_chain(n);
    if (t && (double)n / (double)t > best) best = (double)n / (double)t;
  }
  return best;
}

typedef struct entry {
  const char *name;
  hwc_family family;
  const hwc_hash_impl *ss;    /* single stream, or */
  const hwc_hash_mb_impl *mb; /* multi-buffer */
  double best[2];             /* ticks per call, 64 B and 1 KiB */
} entry;

#define LANES_MAX 16
static const size_t lens[2] = {64, 1024};

static size_t blocks_for(hwc_family f, size_t len) { return f == HWC_FAMILY_SHA512 ? len / 128 + 1 : len / 64 + 1; }

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  if (rounds < 1) rounds = 1;
  entry e[32];
  int n = 0;
#define SS(fam, g) \
  if (g()) e[n++] = (entry){g()->name, fam, g(), NULL, {1e30, 1e30}}
#define MB(fam, g) \
  if (g()) e[n++] = (entry){g()->name, fam, NULL, g(), {1e30, 1e30}}
  SS(HWC_FAMILY_SHA1, hwc_sha1_soft_get);
  SS(HWC_FAMILY_SHA1, hwc_sha1_x86_shani_get);
  MB(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix2_get);
  MB(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix3_get);
  MB(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix4_get);
  SS(HWC_FAMILY_SHA256, hwc_sha256_soft_get);
  SS(HWC_FAMILY_SHA256, hwc_sha256_x86_shani_get);
  MB(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix2_get);
  MB(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix3_get);
  MB(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix4_get);
  SS(HWC_FAMILY_SHA512, hwc_sha512_soft_get);
  SS(HWC_FAMILY_SHA512, hwc_sha512_x86_avx2_get);
  MB(HWC_FAMILY_SHA512, hwc_sha512_x86_avx2x4_get);
  MB(HWC_FAMILY_SHA512, hwc_sha512_x86_avx2x8_get);
  MB(HWC_FAMILY_SHA512, hwc_sha512_x86_avx512x8_get);
  MB(HWC_FAMILY_SHA512, hwc_sha512_x86_avx512x16_get);
#undef SS
#undef MB

  /* Data: 16 lanes x 17 blocks of 128 bytes, lanes 4 KiB apart + an odd
   * offset (unaligned, as callers' buffers are). */
  uint8_t *data = malloc(LANES_MAX * 4096 + 64);
  for (size_t i = 0; i < LANES_MAX * 4096 + 64; i++) data[i] = (uint8_t)(i * 131 + 7);
  const uint8_t *dp[LANES_MAX];
  hwc_hash_state st[LANES_MAX];
  hwc_hash_state *sp[LANES_MAX];
  for (int k = 0; k < LANES_MAX; k++) {
    dp[k] = data + 4096 * k + 3;
    memset(&st[k], k + 1, sizeof(st[k]));
    sp[k] = &st[k];
  }

  const double cpt0 = cycles_per_tick();
  uint64_t ovh = UINT64_MAX;
  for (int i = 0; i < 1000; i++) {
    uint64_t t0 = tsc(), t1 = tsc();
    if (t1 - t0 < ovh) ovh = t1 - t0;
  }
  const int batch = 16; /* calls per timed batch */
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < 2; l++) {
        const size_t nb = blocks_for(e[i].family, lens[l]);
        uint64_t t0 = tsc();
        for (int c = 0; c < batch; c++) {
          if (e[i].mb) e[i].mb->compress(sp, dp, nb);
          else e[i].ss->compress(sp[0], dp[0], nb);
        }
        uint64_t t = tsc() - t0;
        double per = (double)(t > ovh ? t - ovh : 0) / batch;
        if (per < e[i].best[l]) e[i].best[l] = per;
      }
    }
  }
  const double cpt1 = cycles_per_tick();
  const double cpt = (cpt0 + cpt1) / 2;

  printf("hash_mb_cycles: %d rounds x %d calls, min per call; core cycles per TSC tick %.3f (before %.3f, after %.3f)\n",
         rounds, batch, cpt, cpt0, cpt1);
  printf("cycles per message byte (kernel only: the padded message's blocks, every lane)\n");
  printf("%-8s %-10s %5s %12s %12s %14s %14s\n", "family", "kernel", "lanes", "64 B c/B", "1 KiB c/B",
         "64 B vs 1st", "1 KiB vs 1st hw");
  for (int i = 0; i < n; i++) {
    const unsigned lanes = e[i].mb ? e[i].mb->lanes : 1;
    /* Ratio against the family's first non-soft single-stream backend. */
    const entry *ref = NULL;
    for (int j = 0; j < n; j++)
      if (e[j].family == e[i].family && e[j].ss && strcmp(e[j].name, "soft") != 0) {
        ref = &e[j];
        break;
      }
    double cb[2], rc[2];
    for (int l = 0; l < 2; l++) {
      cb[l] = e[i].best[l] * cpt / (double)(lanes * lens[l]);
      rc[l] = ref ? (ref->best[l] * cpt / (double)lens[l]) / cb[l] : 0;
    }
    printf("%-8s %-10s %5u %12.3f %12.3f %13.2fx %13.2fx\n", hwc_family_name(e[i].family), e[i].name, lanes, cb[0],
           cb[1], rc[0], rc[1]);
  }
  free(data);
  return 0;
}
