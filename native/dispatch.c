/*
 * dispatch.c - picks one implementation table per algorithm family.
 *
 * Each family has a fixed list of backends, best first, always ending in the
 * portable one. A backend's getter returns NULL when it is not compiled for
 * this architecture or the CPU lacks its instructions, so "available" is
 * simply "getter != NULL". The selection is a per-family, per-thread index
 * read when a key or hash context is created; a context keeps the table it was made
 * with, so changing the selection never affects existing keys.
 */
#include <string.h>

#include "hwcrypt_impl.h"

/* A backend's name and its getter: aes for the AES family, hash for the
 * others (one table type for all SHA families), so every table comes back
 * with its own type and nothing is cast. */
typedef struct backend_entry {
  const char *name;
  const hwc_aes_impl *(*aes)(void);
  const hwc_hash_impl *(*hash)(void);
} backend_entry;

#define AES(n, getter) {n, getter, NULL}
#define HASH(n, getter) {n, NULL, getter}

static const backend_entry aes_backends[] = {AES("vaes512", hwc_aes_x86_vaes512_get),
                                             AES("vaes256", hwc_aes_x86_vaes256_get),
                                             AES("aesni", hwc_aes_x86_aesni_get),
                                             AES("armv8", hwc_aes_arm64_ce_get),
                                             AES("soft", hwc_aes_soft_ct64_get),
                                             {NULL, NULL, NULL}};
static const backend_entry sha1_backends[] = {HASH("shani", hwc_sha1_x86_shani_get),
                                              HASH("armv8", hwc_sha1_arm64_ce_get),
                                              HASH("soft", hwc_sha1_soft_get),
                                              {NULL, NULL, NULL}};
static const backend_entry sha256_backends[] = {HASH("shani", hwc_sha256_x86_shani_get),
                                                HASH("armv8", hwc_sha256_arm64_ce_get),
                                                HASH("soft", hwc_sha256_soft_get),
                                                {NULL, NULL, NULL}};
static const backend_entry sha512_backends[] = {HASH("armv8", hwc_sha512_arm64_ce_get),
                                                HASH("avx2", hwc_sha512_x86_avx2_get),
                                                HASH("soft", hwc_sha512_soft_get),
                                                {NULL, NULL, NULL}};

/* The backend's table is there: compiled for this architecture and the CPU
 * has its instructions. */
static int available(const backend_entry *b) { return b->aes ? b->aes() != NULL : b->hash() != NULL; }

static const backend_entry *const family_backends[HWC_FAMILY_COUNT] = {
    aes_backends, sha1_backends, sha256_backends, sha512_backends};
static const char *const family_names[HWC_FAMILY_COUNT] = {"aes", "sha1", "sha256", "sha512"};

/* Index into family_backends[f] of the selected backend, plus one; 0 = not
 * chosen yet (so the zero-initialised state of a new thread is "best").
 *
 * Per thread, not per process: in Node.js every worker is a thread with
 * its own environment, and setBackend() in one worker must not change the
 * backend of keys the main thread creates afterwards. A thread-local int
 * costs one TLS read when a key or hash context is created (a
 * __tls_get_addr call in a dlopen'ed addon, a few ns). */
#if defined(_MSC_VER) && !defined(__clang__)
#define HWC_THREAD_LOCAL __declspec(thread)
#else
#define HWC_THREAD_LOCAL _Thread_local
#endif
static HWC_THREAD_LOCAL int g_selected[HWC_FAMILY_COUNT];

static int best_index(hwc_family f) {
  const backend_entry *b = family_backends[f];
  for (int i = 0; b[i].name; i++)
    if (available(&b[i])) return i;
  return -1; /* unreachable: the portable backend is always available */
}

static int selected_index(hwc_family f) {
  int i = g_selected[f] - 1;
  if (i < 0) {
    i = best_index(f);
    g_selected[f] = i + 1;
  }
  return i;
}

static int find_name(hwc_family f, const char *name, size_t len) {
  const backend_entry *b = family_backends[f];
  for (int i = 0; b[i].name; i++)
    if (strlen(b[i].name) == len && memcmp(b[i].name, name, len) == 0) return i;
  return -1;
}

static int valid_family(hwc_family f) { return (unsigned)f < HWC_FAMILY_COUNT; }

const char *hwc_family_name(hwc_family f) { return valid_family(f) ? family_names[f] : NULL; }

const char *hwc_backend_current(hwc_family f) {
  if (!valid_family(f)) return NULL;
  return family_backends[f][selected_index(f)].name;
}

int hwc_backend_list(hwc_family f, const char **names, int max) {
  if (!valid_family(f)) return 0;
  int n = 0;
  const backend_entry *b = family_backends[f];
  for (int i = 0; b[i].name; i++) {
    if (!available(&b[i])) continue;
    if (n < max) names[n] = b[i].name;
    n++;
  }
  return n;
}

int hwc_backend_known(hwc_family f, const char **names, int max) {
  if (!valid_family(f)) return 0;
  int n = 0;
  const backend_entry *b = family_backends[f];
  for (int i = 0; b[i].name; i++, n++)
    if (n < max) names[n] = b[i].name;
  return n;
}

hwc_status hwc_backend_set(hwc_family f, const char *name) {
  if (!valid_family(f) || !name) return HWC_ERR_UNAVAILABLE;
  int i = find_name(f, name, strlen(name));
  if (i < 0 || !available(&family_backends[f][i])) return HWC_ERR_UNAVAILABLE;
  g_selected[f] = i + 1;
  return HWC_OK;
}

void hwc_backend_reset(hwc_family f) {
  if (valid_family(f)) g_selected[f] = best_index(f) + 1;
}

/* Parses one item of a spec into (family or -1 for "all that know it", name). */
static hwc_status apply_item(const char *item, size_t len, int dry_run) {
  const char *eq = memchr(item, '=', len);
  if (eq) {
    size_t flen = (size_t)(eq - item);
    for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
      if (strlen(family_names[f]) != flen || memcmp(family_names[f], item, flen) != 0) continue;
      int i = find_name((hwc_family)f, eq + 1, len - flen - 1);
      if (i < 0 || !available(&family_backends[f][i])) return HWC_ERR_UNAVAILABLE;
      if (!dry_run) g_selected[f] = i + 1;
      return HWC_OK;
    }
    return HWC_ERR_UNAVAILABLE;
  }
  int matched = 0;
  for (int f = 0; f < HWC_FAMILY_COUNT; f++) {
    int i = find_name((hwc_family)f, item, len);
    if (i < 0) continue;
    if (!available(&family_backends[f][i])) return HWC_ERR_UNAVAILABLE;
    if (!dry_run) g_selected[f] = i + 1;
    matched = 1;
  }
  return matched ? HWC_OK : HWC_ERR_UNAVAILABLE;
}

static hwc_status walk_spec(const char *spec, int dry_run, const char **bad, size_t *bad_len) {
  const char *p = spec;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    if (!*p) break;
    const char *s = p;
    while (*p && *p != ',') p++;
    size_t len = (size_t)(p - s);
    while (len && s[len - 1] == ' ') len--;
    if (apply_item(s, len, dry_run) != HWC_OK) {
      if (bad) *bad = s;
      if (bad_len) *bad_len = len;
      return HWC_ERR_UNAVAILABLE;
    }
  }
  return HWC_OK;
}

hwc_status hwc_backend_apply_spec(const char *spec, const char **bad, size_t *bad_len) {
  if (!spec) return HWC_OK;
  hwc_status st = walk_spec(spec, 1, bad, bad_len);
  if (st != HWC_OK) return st;
  return walk_spec(spec, 0, NULL, NULL);
}

const hwc_aes_impl *hwc_dispatch_aes(void) {
  return aes_backends[selected_index(HWC_FAMILY_AES)].aes();
}

const hwc_aes_impl *hwc_dispatch_aes_named(const char *name) {
  int i = name ? find_name(HWC_FAMILY_AES, name, strlen(name)) : -1;
  return i < 0 ? NULL : aes_backends[i].aes();
}

const hwc_hash_impl *hwc_dispatch_hash(hwc_family f) {
  if (!valid_family(f) || f == HWC_FAMILY_AES) return NULL;
  return family_backends[f][selected_index(f)].hash();
}

const hwc_hash_impl *hwc_dispatch_hash_named(hwc_family f, const char *name) {
  if (!valid_family(f) || f == HWC_FAMILY_AES || !name) return NULL;
  int i = find_name(f, name, strlen(name));
  return i < 0 ? NULL : family_backends[f][i].hash();
}
