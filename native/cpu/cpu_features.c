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
 * Detection runs once; concurrent first calls race benignly (every thread
 * computes the same value and the store is a plain word-sized copy guarded
 * by a flag written last).
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
static volatile int g_ready;

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

static void detect(hwc_cpu_features *f) {
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
    for (unsigned i = 0; i < 3; i++) {
      cpuid(0x80000002u + i, 0, r);
      memcpy(g_model + 16 * i, r, 16);
    }
    g_model[48] = 0;
    /* trim leading and trailing spaces */
    size_t s = 0, e = strlen(g_model);
    while (g_model[s] == ' ') s++;
    while (e > s && g_model[e - 1] == ' ') e--;
    memmove(g_model, g_model + s, e - s);
    g_model[e - s] = 0;
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
static void detect(hwc_cpu_features *f) {
#if defined(__linux__)
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
  size_t len = sizeof(g_model) - 1;
  if (sysctlbyname("machdep.cpu.brand_string", g_model, &len, NULL, 0) != 0) g_model[0] = 0;
#else
  (void)f;
#endif
}
#else
static void detect(hwc_cpu_features *f) { (void)f; }
#endif

const hwc_cpu_features *hwc_cpu(void) {
  if (!g_ready) {
    hwc_cpu_features f;
    memset(&f, 0, sizeof(f));
    detect(&f);
    g_features = f;
    g_ready = 1;
  }
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
