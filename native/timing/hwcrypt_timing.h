/*
 * hwcrypt_timing.h - the benchmark's counters: a raw timestamp, the chain
 * that calibrates it to core cycles, and the Linux PMU cycle counter.
 *
 * Not part of the crypto core (hwc_core): nothing in native/ outside this
 * directory uses them. The addon compiles native/timing/ next to the core
 * for `hwcrypt bench`, and the dudect harness (native/ct/ct_dudect.c) links
 * it for its measurements. Plain C, no Node types.
 */
#ifndef HWCRYPT_TIMING_H
#define HWCRYPT_TIMING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Cycle counter for the benchmark: a raw timestamp (x86 RDTSC, arm64
 * CNTVCT_EL0) and its name. Returns 0 where none is readable. */
uint64_t hwc_timestamp(void);
const char *hwc_timestamp_source(void); /* "rdtsc", "cntvct_el0" or "none" */
/* Runs a chain of n dependent integer additions (1 cycle each on every
 * current core) and returns the timestamp ticks it took: core cycles per
 * tick = n / ticks. Used to calibrate the TSC to the core clock. Returns 0
 * at once for n < 8. */
uint64_t hwc_calibrate_chain(uint64_t n);

/* Hardware core-cycle counter of the calling thread, user space only
 * (Linux perf_event_open PERF_COUNT_HW_CPU_CYCLES). open returns a handle
 * >= 0, or -1 where the kernel or hypervisor has no such counter; read
 * returns the count so far (0 on error); close releases it. */
int hwc_perf_cycles_open(void);
uint64_t hwc_perf_cycles_read(int handle);
void hwc_perf_cycles_close(int handle);

#ifdef __cplusplus
}
#endif

#endif /* HWCRYPT_TIMING_H */
