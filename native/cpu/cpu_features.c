/*
 * cpu_features.c - the only CPU detection code in hwcrypt.
 *
 * x86-64: CPUID leaves 1 and 7 for the instruction sets, XGETBV(0) for what
 * the OS saves on a context switch. AVX/AVX2/VAES-on-ymm need XCR0 bits 1-2
 * (SSE, AVX); AVX-512 additionally needs bits 5-7 (opmask, ZMM_Hi256,
 * Hi16_ZMM). A feature the OS does not save is reported absent.
 * arm64: getauxval(AT_HWCAP) on Linux, sysctlbyname("hw.optional.arm.FEAT_*")
 * on macOS.
 *
 * Detection runs once per process. The first caller claims it (compare-
 * and-swap on g_state), detects into locals (the model string is trimmed
 * there, never in the shared buffer), copies both out and publishes them
 * with a release store; every later caller reads g_state with acquire
 * ordering, so it sees the finished values, on arm64 too. A caller that
 * arrives while detection runs waits for it (a few CPUID instructions or
 * one getauxval), so no thread ever reads half-written results and no two
 * threads write the shared ones.
 */
#include <string.h>

#include "hwcrypt.h"

#if defined(__x86_64__) || defined(_M_X64)
#define HWC_X86_64 1
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#elif defined(__aarch64__) || defined(_M_ARM64)
#define HWC_ARM64 1
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_AES
#define HWCAP_AES (1UL << 3)
#endif
#ifndef HWCAP_PMULL
#define HWCAP_PMULL (1UL << 4)
#endif
#ifndef HWCAP_SHA1
#define HWCAP_SHA1 (1UL << 5)
#endif
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1UL << 6)
#endif
#ifndef HWCAP_SHA512
#define HWCAP_SHA512 (1UL << 21)
#endif
#elif defined(__APPLE__)
#include <sys/sysctl.h>
#include <sys/types.h>
#endif
#endif

static hwc_cpu_features g_features;
static char g_model[49];
/* 0: not detected, 1: a thread is detecting, 2: g_features/g_model final. */
static long g_state;

#if defined(__GNUC__) || defined(__clang__)
#define HWC_LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define HWC_STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
static int claim(long *p) {
  long idle = 0;
  return __atomic_compare_exchange_n(p, &idle, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE);
}
#elif defined(_MSC_VER)
#include <intrin.h>
#define HWC_LOAD_ACQUIRE(p) _InterlockedCompareExchange((volatile long *)(p), 0, 0)
#define HWC_STORE_RELEASE(p, v) _InterlockedExchange((volatile long *)(p), (v))
static int claim(long *p) { return _InterlockedCompareExchange((volatile long *)p, 1, 0) == 0; }
#else
/* No atomics known: single-threaded use only. */
#define HWC_LOAD_ACQUIRE(p) (*(p))
#define HWC_STORE_RELEASE(p, v) (*(p) = (v))
static int claim(long *p) { return *p == 0 ? (*p = 1, 1) : 0; }
#endif

#if HWC_X86_64
static void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
#if defined(_MSC_VER)
  int x[4];
  __cpuidex(x, (int)leaf, (int)sub);
  for (int i = 0; i < 4; i++) r[i] = (unsigned)x[i];
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

static unsigned long long xgetbv0(void) {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((unsigned long long)hi << 32) | lo;
#endif
}

static void detect(hwc_cpu_features *f, char model[49]) {
  unsigned r[4];
  cpuid(0, 0, r);
  unsigned max_leaf = r[0];
  if (max_leaf < 1) return;
  cpuid(1, 0, r);
  unsigned ecx1 = r[2];
  f->ssse3 = (ecx1 >> 9) & 1;
  f->sse41 = (ecx1 >> 19) & 1;
  f->pclmul = (ecx1 >> 1) & 1;
  f->aesni = (ecx1 >> 25) & 1;
  int osxsave = (ecx1 >> 27) & 1;
  int avx_cpu = (ecx1 >> 28) & 1;
  unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
  int os_ymm = (xcr0 & 0x6) == 0x6;
  int os_zmm = os_ymm && (xcr0 & 0xe0) == 0xe0;
  f->avx = avx_cpu && os_ymm;
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    unsigned ebx7 = r[1], ecx7 = r[2];
    f->avx2 = f->avx && ((ebx7 >> 5) & 1);
    f->bmi2 = (ebx7 >> 8) & 1;
    int avx512f = (ebx7 >> 16) & 1, avx512dq = (ebx7 >> 17) & 1;
    int avx512bw = (ebx7 >> 30) & 1, avx512vl = (ebx7 >> 31) & 1;
    f->avx512 = os_zmm && avx512f && avx512dq && avx512bw && avx512vl;
    f->shani = (ebx7 >> 29) & 1;
    f->gfni = (ecx7 >> 8) & 1;
    /* VAES/VPCLMULQDQ operate on ymm/zmm: useless unless the OS saves YMM. */
    f->vaes = f->avx && ((ecx7 >> 9) & 1);
    f->vpclmul = f->avx && ((ecx7 >> 10) & 1);
  }
  cpuid(0x80000000u, 0, r);
  if (r[0] >= 0x80000004u) {
    char raw[49];
    for (unsigned i = 0; i < 3; i++) {
      cpuid(0x80000002u + i, 0, r);
      memcpy(raw + 16 * i, r, 16);
    }
    raw[48] = 0;
    /* trim leading and trailing spaces */
    size_t s = 0, e = strlen(raw);
    while (raw[s] == ' ') s++;
    while (e > s && raw[e - 1] == ' ') e--;
    memcpy(model, raw + s, e - s);
    model[e - s] = 0;
  }
}
#elif HWC_ARM64
#if defined(__APPLE__)
static int sysctl_flag(const char *name) {
  int v = 0;
  size_t len = sizeof(v);
  if (sysctlbyname(name, &v, &len, NULL, 0) != 0) return 0;
  return v != 0;
}
#endif
static void detect(hwc_cpu_features *f, char model[49]) {
#if defined(__linux__)
  (void)model;
  unsigned long hw = getauxval(AT_HWCAP);
  f->arm_aes = (hw & HWCAP_AES) != 0;
  f->arm_pmull = (hw & HWCAP_PMULL) != 0;
  f->arm_sha1 = (hw & HWCAP_SHA1) != 0;
  f->arm_sha2 = (hw & HWCAP_SHA2) != 0;
  f->arm_sha512 = (hw & HWCAP_SHA512) != 0;
#elif defined(__APPLE__)
  /* Every Apple arm64 core has AES, PMULL, SHA1 and SHA2, but the
   * hw.optional.arm.FEAT_* names only exist from macOS 12: on macOS 11 they
   * read as absent. So those four are taken as present (as Go's runtime
   * does), and SHA-512 is read under both its new and its older name. */
  f->arm_aes = 1;
  f->arm_pmull = 1;
  f->arm_sha1 = 1;
  f->arm_sha2 = 1;
  f->arm_sha512 =
      sysctl_flag("hw.optional.arm.FEAT_SHA512") || sysctl_flag("hw.optional.armv8_2_sha512");
  size_t len = 48;
  if (sysctlbyname("machdep.cpu.brand_string", model, &len, NULL, 0) != 0) model[0] = 0;
  model[48] = 0;
#else
  (void)f;
  (void)model;
#endif
}
#else
static void detect(hwc_cpu_features *f, char model[49]) {
  (void)f;
  (void)model;
}
#endif

static void detect_once(void) {
  if (claim(&g_state)) {
    hwc_cpu_features f;
    char model[49];
    memset(&f, 0, sizeof(f));
    memset(model, 0, sizeof(model));
    detect(&f, model);
    g_features = f;
    memcpy(g_model, model, sizeof(model));
    HWC_STORE_RELEASE(&g_state, 2);
    return;
  }
  while (HWC_LOAD_ACQUIRE(&g_state) != 2) {
    /* another thread is detecting: microseconds */
  }
}

const hwc_cpu_features *hwc_cpu(void) {
  if (HWC_LOAD_ACQUIRE(&g_state) != 2) detect_once();
  return &g_features;
}

const char *hwc_cpu_arch(void) {
#if HWC_X86_64
  return "x64";
#elif HWC_ARM64
  return "arm64";
#else
  return "other";
#endif
}

const char *hwc_cpu_model(void) {
  hwc_cpu();
  return g_model;
}
