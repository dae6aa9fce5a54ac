/*
 * tutil.h - helpers shared by the native test runner: file loading, hex,
 * a seeded PRNG, aligned buffers, result groups and the run's bookkeeping.
 * Test code only; nothing here is part of the library.
 */
#ifndef HWC_TEST_TUTIL_H
#define HWC_TEST_TUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "hwcrypt.h"

/* ---- files and hex ---- */

/* Reads a whole file (NUL-terminated copy); NULL and a message on error. */
char *t_read_file(const char *path, size_t *len);
/* Decodes hex of any case; NULL-safe output (always a malloc'd buffer, at
 * least one byte). Returns 0 on bad hex. */
int t_hex_decode(const char *hex, size_t hex_len, uint8_t **out, size_t *out_len);
/* Formats up to max bytes of data as hex into a static ring buffer. */
const char *t_hex(const uint8_t *data, size_t len);

/* ---- PRNG (xoshiro256**, seeded by splitmix64) ---- */

typedef struct t_rng {
  uint64_t s[4];
} t_rng;

void t_rng_seed(t_rng *r, uint64_t seed);
uint64_t t_rng_u64(t_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t t_rng_below(t_rng *r, uint64_t n);
void t_rng_fill(t_rng *r, uint8_t *p, size_t len);

/* ---- buffers ---- */

/* A heap buffer of len bytes starting at a chosen offset (0..63) from a
 * 64-byte boundary, so tests can run kernels on unaligned data. The bytes
 * around it are guard bytes that t_buf_check verifies untouched. */
typedef struct t_buf {
  uint8_t *base;
  uint8_t *p;
  size_t len;
  size_t off;
} t_buf;

void t_buf_alloc(t_buf *b, size_t len, size_t off);
/* 1 when the guard bytes before and after p[0..len) are intact. */
int t_buf_guard_ok(const t_buf *b);
void t_buf_free(t_buf *b);
void *t_xmalloc(size_t n);

/* An hwc_aes_key with the size and alignment the library asks for. */
hwc_aes_key *t_aes_key_new(void);
void t_aes_key_free(hwc_aes_key *k);

/* ---- results ---- */

typedef struct t_group {
  hwc_family family;
  const char *backend;
  char alg[32];
  char file[96];
  long passed;
  long failed;
  int shown; /* failure details printed so far */
} t_group;

void t_group_begin(t_group *g, hwc_family family, const char *backend, const char *alg,
                   const char *file);
/* Records one case. On failure prints a detail line (first few per group). */
void t_case(t_group *g, int ok, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Prints the group's line and adds it to the run's totals and to the
 * exercised-backend table. */
void t_group_end(t_group *g);

/* Run-wide counters. */
extern long t_total_passed, t_total_failed;
extern int t_verbose;

/* Marks (family, backend) as exercised with n passing cases. */
void t_note_exercised(hwc_family f, const char *backend, long passed, long failed);
/* Cases passed / failed so far for (family, backend). */
void t_exercised(hwc_family f, const char *backend, long *passed, long *failed);

const char *t_hash_name(hwc_hash_alg a); /* "sha1", "sha224", ..., "sha512-256" */

#endif /* HWC_TEST_TUTIL_H */
