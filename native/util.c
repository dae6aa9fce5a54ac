/*
 * util.c - constant-time comparison, zeroization and the stack burn.
 * Portable C. (The benchmark's counters live in native/timing/, outside
 * the crypto core.)
 */
#include <string.h>

#include "hwcrypt.h"
#include "hwcrypt_ct.h"

int hwc_ct_equal(const void *a, const void *b, size_t len) {
  /* Accumulate every difference, eight bytes at a time, with no early exit
   * and no data-dependent branch; the empty asm makes the accumulator opaque
   * so the compiler cannot turn the loop into one that stops at the first
   * difference. */
  const uint8_t *x = (const uint8_t *)a;
  const uint8_t *y = (const uint8_t *)b;
  uint64_t d = 0;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t u, v;
    memcpy(&u, x + i, 8);
    memcpy(&v, y + i, 8);
    d |= u ^ v;
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(d));
#endif
  }
  for (; i < len; i++) {
    d |= (uint64_t)(x[i] ^ y[i]);
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(d));
#endif
  }
  /* Fold to 32 bits; then d - 1 has its top bit set exactly when d == 0. */
  d = (d | (d >> 32)) & 0xffffffffu;
  return (int)((d - 1) >> 63);
}

void hwc_wipe(void *p, size_t len) {
#if defined(__GNUC__) || defined(__clang__)
  /* memset at full speed, then an empty asm that takes the pointer and
   * clobbers memory: the compiler must assume the zeros are read, so it
   * cannot drop the stores as dead. */
  memset(p, 0, len);
  __asm__ __volatile__("" : : "r"(p) : "memory");
#else
  volatile uint8_t *v = (volatile uint8_t *)p;
  while (len--) *v++ = 0;
#endif
}

/* The buffer is allocated at the top of this function's own frame, i.e.
 * where the frame of the function the caller called just before began, so
 * zeroing it overwrites that dead frame. noinline keeps the frame
 * separate. The zeroing is a loop of 16-byte volatile stores rather than
 * memset: glibc's memset of a few hundred bytes starts with ~30 cycles of
 * dispatch and `rep stosb` start-up, which was most of the cost of a burn
 * (a soft SHA-256 block is ~450 cycles); volatile keeps the compiler from
 * turning the loop back into a memset call or dropping it. */
#if defined(__GNUC__) || defined(__clang__)
typedef uint64_t hwc_burn_v __attribute__((vector_size(16)));
__attribute__((noinline)) void hwc_burn_stack(size_t n) {
  if (n > HWC_BURN_MAX) n = HWC_BURN_MAX;
  n = (n + 63) & ~(size_t)63;
  volatile hwc_burn_v *p = (volatile hwc_burn_v *)__builtin_alloca(n);
  const hwc_burn_v z = {0, 0};
  for (size_t i = 0; i < n / 16; i += 4) {
    p[i] = z;
    p[i + 1] = z;
    p[i + 2] = z;
    p[i + 3] = z;
  }
}
#else
void hwc_burn_stack(size_t n) {
  uint8_t buf[HWC_BURN_MAX];
  (void)n;
  hwc_wipe(buf, sizeof(buf));
}
#endif
