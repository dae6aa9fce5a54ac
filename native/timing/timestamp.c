/*
 * timestamp.c - the benchmark's raw timestamp counter and its calibration
 * chain (hwcrypt_timing.h). Not part of the crypto core. The reads are
 * inline assembly that the compiler sees only on the architecture it
 * belongs to; elsewhere the functions return 0 / "none".
 */
#include "hwcrypt_timing.h"

uint64_t hwc_timestamp(void) {
#if defined(__x86_64__)
  unsigned lo, hi;
  __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
  return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
  uint64_t v;
  __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
  return v;
#else
  return 0;
#endif
}

const char *hwc_timestamp_source(void) {
#if defined(__x86_64__)
  return "rdtsc";
#elif defined(__aarch64__)
  return "cntvct_el0";
#else
  return "none";
#endif
}

uint64_t hwc_calibrate_chain(uint64_t n) {
  /* The loops below run n / 8 times and test the count at the bottom, so
   * zero iterations would run 2^64 of them. */
  if (n < 8) return 0;
  uint64_t t0 = hwc_timestamp();
#if defined(__x86_64__)
  /* 8 dependent adds per iteration; the loop counter runs in parallel. */
  uint64_t x = 0, iters = n / 8;
  __asm__ __volatile__(
      "1:\n\t"
      "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
      "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
      "dec %1\n\tjnz 1b"
      : "+r"(x), "+r"(iters)
      :
      : "cc");
#elif defined(__aarch64__)
  uint64_t x = 0, iters = n / 8;
  __asm__ __volatile__(
      "1:\n\t"
      "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\t"
      "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\t"
      "subs %1, %1, #1\n\tb.ne 1b"
      : "+r"(x), "+r"(iters)
      :
      : "cc");
#else
  (void)n;
#endif
  return hwc_timestamp() - t0;
}
