/*
 * perf_cycles.c - per-thread core-cycle counter for the benchmark (Linux
 * perf_event_open; hwcrypt_timing.h). Not part of the crypto core. Many
 * VMs expose no PMU; then open fails and the benchmark falls back to the
 * calibrated timestamp counter.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "hwcrypt_timing.h"

#if defined(__linux__)
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int hwc_perf_cycles_open(void) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_CPU_CYCLES;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  long fd = syscall(SYS_perf_event_open, &attr, 0 /* this thread */, -1 /* any cpu */, -1, 0);
  if (fd < 0) return -1;
  uint64_t v = 0;
  /* One read right away: an event that opens but cannot be read is
   * reported as absent. Whether it counts (some hypervisors accept the
   * event and never count, or count something else) is not checked here;
   * the benchmark checks that (bench/metrics.ts, openCycleCounter). */
  if (read((int)fd, &v, sizeof(v)) != (ssize_t)sizeof(v)) {
    close((int)fd);
    return -1;
  }
  return (int)fd;
}

uint64_t hwc_perf_cycles_read(int handle) {
  uint64_t v = 0;
  if (handle < 0 || read(handle, &v, sizeof(v)) != (ssize_t)sizeof(v)) return 0;
  return v;
}

void hwc_perf_cycles_close(int handle) {
  if (handle >= 0) close(handle);
}
#else
int hwc_perf_cycles_open(void) { return -1; }
uint64_t hwc_perf_cycles_read(int handle) { (void)handle; return 0; }
void hwc_perf_cycles_close(int handle) { (void)handle; }
#endif
