/*
 * fuzz_common.h - what the libFuzzer differential targets share: a reader
 * that turns the fuzzer's bytes into parameters and payload, exact-size
 * heap copies (so ASan sees any read or write past a buffer the library was
 * given), the backend lists, and the failure macro.
 *
 * Every target reads its input the same way: a few header bytes chosen by
 * the fuzzer (key size, lengths, split points, flags; each target's file
 * documents its own), then the payload, which supplies key, nonce, AAD and
 * message bytes in that order. A reader past the end of the input yields
 * zeros, so every input, even the empty one, is a valid case; lengths read
 * from the header are clamped to what the payload still holds.
 *
 * A mismatch prints what differed and aborts: libFuzzer reports it as a
 * crash and writes the input to crash-<sha1>, which reproduces it with
 * `hwc_fuzz_<target> crash-<sha1>`. Test code only.
 */
#ifndef HWC_FUZZ_COMMON_H
#define HWC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwcrypt.h"

#define FZ_MAX_BACKENDS 8

#define FZ_FAIL(...)                                    \
  do {                                                  \
    fprintf(stderr, "hwc_fuzz: MISMATCH: " __VA_ARGS__); \
    fputc('\n', stderr);                                \
    abort();                                            \
  } while (0)

#define FZ_CHECK(cond, ...) \
  do {                      \
    if (!(cond)) FZ_FAIL(__VA_ARGS__); \
  } while (0)

typedef struct fz_reader {
  const uint8_t *p;
  size_t left;
} fz_reader;

static inline void fz_init(fz_reader *r, const uint8_t *data, size_t size) {
  r->p = data;
  r->left = size;
}

/* The next byte, 0 past the end. */
static inline uint8_t fz_u8(fz_reader *r) {
  if (!r->left) return 0;
  r->left--;
  return *r->p++;
}

static inline uint16_t fz_u16(fz_reader *r) {
  uint16_t lo = fz_u8(r);
  return (uint16_t)(lo | (uint16_t)(fz_u8(r) << 8));
}

/* n bytes into out, zero-filled past the end of the input. */
static inline void fz_bytes(fz_reader *r, uint8_t *out, size_t n) {
  size_t m = n < r->left ? n : r->left;
  if (m) memcpy(out, r->p, m);
  if (n > m) memset(out + m, 0, n - m);
  r->p += m;
  r->left -= m;
}

/* An exact-size heap copy of the next min(n, left) bytes; *got receives
 * the length. malloc(0) is avoided: a 1-byte buffer then stands for an
 * empty one (nothing may be read from it). */
static inline uint8_t *fz_take(fz_reader *r, size_t n, size_t *got) {
  size_t m = n < r->left ? n : r->left;
  uint8_t *b = (uint8_t *)malloc(m ? m : 1);
  if (!b) abort();
  if (m) memcpy(b, r->p, m);
  r->p += m;
  r->left -= m;
  *got = m;
  return b;
}

/* An exact-size heap buffer (1 byte when n == 0) filled with fill. */
static inline uint8_t *fz_alloc(size_t n, uint8_t fill) {
  uint8_t *b = (uint8_t *)malloc(n ? n : 1);
  if (!b) abort();
  memset(b, fill, n ? n : 1);
  return b;
}

static inline int fz_eq(const uint8_t *a, const uint8_t *b, size_t n) {
  return n == 0 || memcmp(a, b, n) == 0;
}

static inline int fz_all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

/* Hex of up to 64 bytes for messages (a small ring of static buffers). */
static inline const char *fz_hex(const uint8_t *p, size_t n) {
  static char ring[4][2 * 64 + 4];
  static int k;
  char *s = ring[k++ & 3];
  size_t m = n > 64 ? 64 : n, j = 0;
  for (size_t i = 0; i < m; i++) j += (size_t)snprintf(s + j, 3, "%02x", p[i]);
  if (m < n) memcpy(s + j, "..", 3);
  else s[j] = 0;
  return s;
}

/* Available backends of f (best first, ending in "soft"). Aborts when soft
 * is missing: there would be nothing to compare against. */
static inline int fz_backends(hwc_family f, const char **names) {
  int n = hwc_backend_list(f, names, FZ_MAX_BACKENDS);
  if (n > FZ_MAX_BACKENDS) n = FZ_MAX_BACKENDS;
  int soft = 0;
  for (int i = 0; i < n; i++) soft |= strcmp(names[i], "soft") == 0;
  if (!soft) FZ_FAIL("no soft backend for family %s", hwc_family_name(f));
  return n;
}

/* Prints the backends once per process, so a log says what was fuzzed. */
static inline void fz_announce(const char *target, hwc_family f, const char *const *names, int n) {
  fprintf(stderr, "hwc_fuzz_%s: %s backends:", target, hwc_family_name(f));
  for (int i = 0; i < n; i++) fprintf(stderr, " %s", names[i]);
  fprintf(stderr, "\n");
}

/* An AES key object with the size and alignment the library asks for. */
static inline hwc_aes_key *fz_aes_key_new(void) {
  size_t align = hwc_aes_key_align(), size = hwc_aes_key_size();
  size = (size + align - 1) / align * align;
  hwc_aes_key *k = (hwc_aes_key *)aligned_alloc(align, size);
  if (!k) abort();
  memset(k, 0, size);
  return k;
}

/* Every AES backend on this CPU, each with a key object of its own, and
 * which one is soft (the reference): what the AES targets share. */
typedef struct fz_aes_set {
  const char *names[FZ_MAX_BACKENDS];
  hwc_aes_key *keys[FZ_MAX_BACKENDS];
  int n, soft;
} fz_aes_set;

/* Fills s once per process (later calls return at once). */
static inline void fz_aes_setup(fz_aes_set *s, const char *target) {
  if (s->n) return;
  s->n = fz_backends(HWC_FAMILY_AES, s->names);
  for (int i = 0; i < s->n; i++) {
    s->keys[i] = fz_aes_key_new();
    if (strcmp(s->names[i], "soft") == 0) s->soft = i;
  }
  fz_announce(target, HWC_FAMILY_AES, s->names, s->n);
}

/* Every backend of each SHA family on this CPU, by family: what the sha
 * and hmac targets share. */
typedef struct fz_hash_set {
  const char *names[HWC_FAMILY_COUNT][FZ_MAX_BACKENDS];
  int n[HWC_FAMILY_COUNT];
} fz_hash_set;

/* Fills s once per process (later calls return at once). */
static inline void fz_hash_setup(fz_hash_set *s, const char *target) {
  if (s->n[HWC_FAMILY_SHA1]) return;
  for (int f = HWC_FAMILY_SHA1; f <= HWC_FAMILY_SHA512; f++) {
    s->n[f] = fz_backends((hwc_family)f, s->names[f]);
    fz_announce(target, (hwc_family)f, s->names[f], s->n[f]);
  }
}

/* Update lengths for incremental hashing. The header gives nsplit bytes
 * s_0..s_{nsplit-1} (1 <= nsplit <= 8); update i absorbs s_(i mod nsplit)
 * bytes, except that 0xff means "one block" and 0xfe "one block + 1", so
 * block-boundary cases are one byte away for the mutator; 0 is an empty
 * update. After 64 updates the rest goes in one call. */
typedef struct fz_splits {
  uint8_t s[8];
  int n;
} fz_splits;

static inline void fz_splits_read(fz_reader *r, fz_splits *sp) {
  sp->n = 1 + (fz_u8(r) & 7);
  for (int i = 0; i < sp->n; i++) sp->s[i] = fz_u8(r);
}

static inline size_t fz_split_len(const fz_splits *sp, int i, size_t block, size_t left) {
  size_t c;
  if (i >= 64) return left;
  uint8_t s = sp->s[i % sp->n];
  c = s == 0xff ? block : s == 0xfe ? block + 1 : s;
  return c > left ? left : c;
}

#endif /* HWC_FUZZ_COMMON_H */
