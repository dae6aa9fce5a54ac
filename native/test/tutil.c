/*
 * tutil.c - see tutil.h.
 */
#include "tutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long t_total_passed, t_total_failed;
int t_verbose;

/* ---- files and hex ---- */

char *t_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = t_xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        fprintf(stderr, "out of memory reading %s\n", path);
        return NULL;
      }
      buf = nb;
    }
    size_t r = fread(buf + n, 1, cap - 1 - n, f);
    n += r;
    if (r == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    fprintf(stderr, "read error on %s\n", path);
    return NULL;
  }
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int t_hex_decode(const char *hex, size_t hex_len, uint8_t **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (hex_len % 2) return 0;
  uint8_t *b = t_xmalloc(hex_len / 2 + 1);
  for (size_t i = 0; i < hex_len / 2; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(b);
      return 0;
    }
    b[i] = (uint8_t)(hi << 4 | lo);
  }
  *out = b;
  *out_len = hex_len / 2;
  return 1;
}

const char *t_hex(const uint8_t *data, size_t len) {
  static char ring[4][2 * 64 + 4];
  static int slot;
  char *s = ring[slot];
  slot = (slot + 1) & 3;
  size_t n = len > 64 ? 64 : len;
  for (size_t i = 0; i < n; i++) sprintf(s + 2 * i, "%02x", data[i]);
  s[2 * n] = 0;
  if (n < len) strcat(s, "..");
  return s;
}

/* ---- PRNG ---- */

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void t_rng_seed(t_rng *r, uint64_t seed) {
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t t_rng_u64(t_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint64_t t_rng_below(t_rng *r, uint64_t n) {
  /* modulo bias is irrelevant for test-input generation */
  return t_rng_u64(r) % n;
}

void t_rng_fill(t_rng *r, uint8_t *p, size_t len) {
  while (len >= 8) {
    uint64_t v = t_rng_u64(r);
    memcpy(p, &v, 8);
    p += 8;
    len -= 8;
  }
  if (len) {
    uint64_t v = t_rng_u64(r);
    memcpy(p, &v, len);
  }
}

/* ---- buffers ---- */

#define GUARD 64
#define GUARD_BYTE 0xa5

void *t_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "out of memory (%zu bytes)\n", n);
    exit(2);
  }
  return p;
}

void t_buf_alloc(t_buf *b, size_t len, size_t off) {
  off &= 63;
  size_t total = GUARD + off + len + GUARD;
  /* aligned_alloc wants a multiple of the alignment */
  total = (total + 63) & ~(size_t)63;
  b->base = aligned_alloc(64, total);
  if (!b->base) {
    fprintf(stderr, "out of memory (%zu bytes)\n", total);
    exit(2);
  }
  memset(b->base, GUARD_BYTE, total);
  b->p = b->base + GUARD + off;
  b->len = len;
  b->off = off;
}

int t_buf_guard_ok(const t_buf *b) {
  for (const uint8_t *q = b->base; q < b->p; q++)
    if (*q != GUARD_BYTE) return 0;
  for (size_t i = 0; i < GUARD; i++)
    if (b->p[b->len + i] != GUARD_BYTE) return 0;
  return 1;
}

void t_buf_free(t_buf *b) {
  free(b->base);
  b->base = b->p = NULL;
}

hwc_aes_key *t_aes_key_new(void) {
  size_t align = hwc_aes_key_align(), size = hwc_aes_key_size();
  size = (size + align - 1) / align * align;
  hwc_aes_key *k = aligned_alloc(align, size);
  if (!k) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  memset(k, 0, size);
  return k;
}

void t_aes_key_free(hwc_aes_key *k) {
  if (k) hwc_aes_key_wipe(k);
  free(k);
}

/* ---- results ---- */

#define MAX_SHOWN 5

void t_group_begin(t_group *g, hwc_family family, const char *backend, const char *alg,
                   const char *file) {
  memset(g, 0, sizeof(*g));
  g->family = family;
  g->backend = backend;
  snprintf(g->alg, sizeof(g->alg), "%s", alg);
  snprintf(g->file, sizeof(g->file), "%s", file);
}

void t_case(t_group *g, int ok, const char *fmt, ...) {
  if (ok) {
    g->passed++;
    return;
  }
  g->failed++;
  if (g->shown < MAX_SHOWN || t_verbose) {
    g->shown++;
    printf("  FAIL %s %s %s: ", g->backend, g->alg, g->file);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
  } else if (g->shown == MAX_SHOWN) {
    g->shown++;
    printf("  FAIL %s %s %s: (further failures in this group not shown)\n", g->backend, g->alg,
           g->file);
  }
}

void t_group_end(t_group *g) {
  printf("%-8s %-20s %-44s passed %ld failed %ld\n", g->backend, g->alg, g->file, g->passed,
         g->failed);
  fflush(stdout);
  t_total_passed += g->passed;
  t_total_failed += g->failed;
  t_note_exercised(g->family, g->backend, g->passed, g->failed);
}

/* (family, backend) -> counts. Backend names are the library's static
 * strings, so a pointer-or-strcmp match is enough. */
typedef struct ex_entry {
  hwc_family f;
  const char *backend;
  long passed, failed;
} ex_entry;
static ex_entry g_ex[64];
static int g_ex_n;

static ex_entry *ex_find(hwc_family f, const char *backend, int create) {
  for (int i = 0; i < g_ex_n; i++)
    if (g_ex[i].f == f && strcmp(g_ex[i].backend, backend) == 0) return &g_ex[i];
  if (!create || g_ex_n == (int)(sizeof(g_ex) / sizeof(g_ex[0]))) return NULL;
  ex_entry *e = &g_ex[g_ex_n++];
  e->f = f;
  e->backend = backend;
  e->passed = e->failed = 0;
  return e;
}

void t_note_exercised(hwc_family f, const char *backend, long passed, long failed) {
  ex_entry *e = ex_find(f, backend, 1);
  if (!e) return;
  e->passed += passed;
  e->failed += failed;
}

void t_exercised(hwc_family f, const char *backend, long *passed, long *failed) {
  ex_entry *e = ex_find(f, backend, 0);
  *passed = e ? e->passed : 0;
  *failed = e ? e->failed : 0;
}

const char *t_hash_name(hwc_hash_alg a) {
  static const char *const n[] = {"sha1", "sha224", "sha256", "sha384", "sha512", "sha512-256"};
  return (unsigned)a < HWC_HASH_COUNT ? n[a] : "?";
}
