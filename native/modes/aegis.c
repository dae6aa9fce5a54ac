/*
 * aegis.c - the AEGIS family (draft-irtf-cfrg-aegis-aead-18: AEGIS-128L,
 * -128X2, -128X4, -256, -256X2, -256X4, and AEGISMAC of each): the
 * argument checks, backend choice and tag verification around a backend's
 * whole-message kernel (hwcrypt_impl.h, native/aes/aegis_*.c).
 *
 * The backend follows the AES family (see hwcrypt_impl.h): the AES
 * backend selected or named is mapped to the AEGIS kernels of its
 * instruction set. open computes the tag of the received ciphertext,
 * compares it in constant time and, on mismatch, wipes the plaintext it
 * already wrote to out before returning HWC_ERR_AUTH.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

static const hwc_aegis_impl *aegis_for(const hwc_aes_impl *aes) {
  if (!aes) return NULL;
  const char *n = aes->name;
  if (strcmp(n, "aesni") == 0) return hwc_aegis_x86_aesni_get();
  if (strcmp(n, "vaes256") == 0) return hwc_aegis_x86_vaes256_get();
  if (strcmp(n, "vaes512") == 0) return hwc_aegis_x86_vaes512_get();
  if (strcmp(n, "armv8") == 0) return hwc_aegis_arm64_ce_get();
  if (strcmp(n, "soft") == 0) return hwc_aegis_soft_get();
  return NULL;
}

/*
 * Resolving a backend per call (dispatch's walk of its table with strlen
 * and memcmp, the AES getter, the strcmps above, the AEGIS getter) costs
 * about as much as sealing 64 bytes. The answer for a name never changes
 * (the CPU does not), so it is worked out once for every AES backend
 * (hwc_backend_known) and kept here; a call then finds its backend by
 * comparing the short name (or, for the selected backend, the pointer
 * hwc_backend_current returns, which is the one in that list). The table
 * is filled once, by the first caller, the others waiting (the pattern of
 * hwc_cpu()); without the GCC/clang atomics every call resolves afresh.
 */
#define AEGIS_CACHE_MAX 8
#if defined(__GNUC__) || defined(__clang__)
#define AEGIS_CACHE 1
static struct {
  const char *name;
  const hwc_aegis_impl *aegis;
} g_cache[AEGIS_CACHE_MAX];
static int g_cache_n, g_cache_state; /* 0 empty, 1 being filled, 2 ready */

static void aegis_cache_fill(void) {
  int idle = 0;
  if (__atomic_compare_exchange_n(&g_cache_state, &idle, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
    const char *names[AEGIS_CACHE_MAX];
    int n = hwc_backend_known(HWC_FAMILY_AES, names, AEGIS_CACHE_MAX);
    if (n > AEGIS_CACHE_MAX) n = AEGIS_CACHE_MAX; /* the rest resolve per call */
    for (int i = 0; i < n; i++) {
      g_cache[i].name = names[i];
      g_cache[i].aegis = aegis_for(hwc_dispatch_aes_named(names[i]));
    }
    g_cache_n = n;
    __atomic_store_n(&g_cache_state, 2, __ATOMIC_RELEASE);
    return;
  }
  while (__atomic_load_n(&g_cache_state, __ATOMIC_ACQUIRE) != 2) {
    /* another thread is filling it: a few microseconds */
  }
}

static int aegis_name_eq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}
#endif

static const hwc_aegis_impl *aegis_select(const char *backend) {
#ifdef AEGIS_CACHE
  if (__atomic_load_n(&g_cache_state, __ATOMIC_ACQUIRE) != 2) aegis_cache_fill();
  if (backend) {
    for (int i = 0; i < g_cache_n; i++)
      if (aegis_name_eq(g_cache[i].name, backend)) return g_cache[i].aegis;
  } else {
    const char *cur = hwc_backend_current(HWC_FAMILY_AES);
    for (int i = 0; i < g_cache_n; i++)
      if (g_cache[i].name == cur) return g_cache[i].aegis;
  }
#endif
  return aegis_for(backend ? hwc_dispatch_aes_named(backend) : hwc_dispatch_aes());
}

const char *hwc_aegis_backend_name(const char *aes_backend) {
  const hwc_aegis_impl *a = aegis_select(aes_backend);
  return a ? a->name : NULL;
}

static hwc_aegis_fn aegis_fn(const hwc_aegis_impl *a, hwc_aegis_alg alg) {
  switch (alg) {
  case HWC_AEGIS128L: return a->aegis128l;
  case HWC_AEGIS128X2: return a->aegis128x2;
  case HWC_AEGIS128X4: return a->aegis128x4;
  case HWC_AEGIS256: return a->aegis256;
  case HWC_AEGIS256X2: return a->aegis256x2;
  case HWC_AEGIS256X4: return a->aegis256x4;
  }
  return NULL;
}

size_t hwc_aegis_key_len(hwc_aegis_alg alg) {
  switch (alg) {
  case HWC_AEGIS128L:
  case HWC_AEGIS128X2:
  case HWC_AEGIS128X4: return 16;
  case HWC_AEGIS256:
  case HWC_AEGIS256X2:
  case HWC_AEGIS256X4: return 32;
  }
  return 0;
}

/* The computed tag is wiped (it would be the valid tag of a forged
 * message). Inline stores with a compiler barrier: the hwc_wipe call (its
 * memset's dispatch) costs ~10 TSC cycles, a sixth of a 64-byte open. */
static void aegis_wipe_tag(uint8_t full[32]) {
#if defined(__GNUC__) || defined(__clang__)
  memset(full, 0, 32);
  __asm__ __volatile__("" : : "r"(full) : "memory");
#else
  hwc_wipe(full, 32);
#endif
}

static hwc_status aegis_run(const char *backend, hwc_aegis_alg alg, int seal, const uint8_t *key,
                            const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                            const uint8_t *in, size_t len, uint8_t *out, const uint8_t *tag_in,
                            uint8_t *tag_out, size_t tag_len) {
  if (!hwc_aegis_key_len(alg)) return HWC_ERR_ARG;
  if (tag_len != 16 && tag_len != 32) return HWC_ERR_ARG;
  if ((uint64_t)len > HWC_AEGIS_MAX_LEN || (uint64_t)aad_len > HWC_AEGIS_MAX_LEN) return HWC_ERR_ARG;
  if (!key || !nonce || (aad_len && !aad) || (len && (!in || !out))) return HWC_ERR_ARG;
  if (!(seal ? (const void *)tag_out : (const void *)tag_in)) return HWC_ERR_ARG;
  const hwc_aegis_impl *a = aegis_select(backend);
  if (!a) return HWC_ERR_UNAVAILABLE;
  hwc_aegis_fn fn = aegis_fn(a, alg);
  if (!fn) return HWC_ERR_UNAVAILABLE;
  if (seal) { /* the kernel writes the tag last, tag_len bytes */
    fn(seal, key, nonce, aad, aad_len, in, out, len, tag_out, tag_len);
    return HWC_OK;
  }
  uint8_t full[32];
  fn(seal, key, nonce, aad, aad_len, in, out, len, full, tag_len);
  int ok = hwc_ct_equal(full, tag_in, tag_len);
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  aegis_wipe_tag(full);
  if (!ok) {
    if (len) hwc_wipe(out, len);
    return HWC_ERR_AUTH;
  }
  return HWC_OK;
}

hwc_status hwc_aegis128l_seal_with(const char *backend, const uint8_t key[16],
                                   const uint8_t nonce[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                                   size_t tag_len) {
  return aegis_run(backend, HWC_AEGIS128L, 1, key, nonce, aad, aad_len, pt, len, out, NULL, tag, tag_len);
}

hwc_status hwc_aegis128l_open_with(const char *backend, const uint8_t key[16],
                                   const uint8_t nonce[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *ct, size_t len, const uint8_t *tag,
                                   size_t tag_len, uint8_t *out) {
  return aegis_run(backend, HWC_AEGIS128L, 0, key, nonce, aad, aad_len, ct, len, out, tag, NULL, tag_len);
}

hwc_status hwc_aegis256_seal_with(const char *backend, const uint8_t key[32],
                                  const uint8_t nonce[32], const uint8_t *aad, size_t aad_len,
                                  const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                                  size_t tag_len) {
  return aegis_run(backend, HWC_AEGIS256, 1, key, nonce, aad, aad_len, pt, len, out, NULL, tag, tag_len);
}

hwc_status hwc_aegis256_open_with(const char *backend, const uint8_t key[32],
                                  const uint8_t nonce[32], const uint8_t *aad, size_t aad_len,
                                  const uint8_t *ct, size_t len, const uint8_t *tag,
                                  size_t tag_len, uint8_t *out) {
  return aegis_run(backend, HWC_AEGIS256, 0, key, nonce, aad, aad_len, ct, len, out, tag, NULL, tag_len);
}

hwc_status hwc_aegis128l_seal(const uint8_t key[16], const uint8_t nonce[16], const uint8_t *aad,
                              size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                              uint8_t *tag, size_t tag_len) {
  return hwc_aegis128l_seal_with(NULL, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
}

hwc_status hwc_aegis128l_open(const uint8_t key[16], const uint8_t nonce[16], const uint8_t *aad,
                              size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag,
                              size_t tag_len, uint8_t *out) {
  return hwc_aegis128l_open_with(NULL, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
}

hwc_status hwc_aegis256_seal(const uint8_t key[32], const uint8_t nonce[32], const uint8_t *aad,
                             size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                             uint8_t *tag, size_t tag_len) {
  return hwc_aegis256_seal_with(NULL, key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
}

hwc_status hwc_aegis256_open(const uint8_t key[32], const uint8_t nonce[32], const uint8_t *aad,
                             size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag,
                             size_t tag_len, uint8_t *out) {
  return hwc_aegis256_open_with(NULL, key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
}

hwc_status hwc_aegis_seal(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                          const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                          const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                          size_t tag_len) {
  return aegis_run(backend, alg, 1, key, nonce, aad, aad_len, pt, len, out, NULL, tag, tag_len);
}

hwc_status hwc_aegis_open(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                          const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                          const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len,
                          uint8_t *out) {
  return aegis_run(backend, alg, 0, key, nonce, aad, aad_len, ct, len, out, tag, NULL, tag_len);
}

static hwc_status aegis_mac_run(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                                const uint8_t *nonce, const uint8_t *data, size_t len,
                                uint8_t full[32], size_t tag_len) {
  if (!hwc_aegis_key_len(alg)) return HWC_ERR_ARG;
  if (tag_len != 16 && tag_len != 32) return HWC_ERR_ARG;
  if ((uint64_t)len > HWC_AEGIS_MAX_LEN) return HWC_ERR_ARG;
  if (!key || !nonce || (len && !data)) return HWC_ERR_ARG;
  const hwc_aegis_impl *a = aegis_select(backend);
  if (!a) return HWC_ERR_UNAVAILABLE;
  hwc_aegis_mac_fn fn = a->mac ? a->mac->fn[alg] : NULL;
  if (!fn) return HWC_ERR_UNAVAILABLE;
  fn(key, nonce, data, len, full, tag_len);
  return HWC_OK;
}

hwc_status hwc_aegis_mac(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                         const uint8_t *nonce, const uint8_t *data, size_t len, uint8_t *tag,
                         size_t tag_len) {
  if (!tag) return HWC_ERR_ARG;
  uint8_t full[32];
  hwc_status st = aegis_mac_run(alg, backend, key, nonce, data, len, full, tag_len);
  if (st == HWC_OK) memcpy(tag, full, tag_len);
  hwc_wipe(full, sizeof(full));
  return st;
}

hwc_status hwc_aegis_mac_verify(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                                const uint8_t *nonce, const uint8_t *data, size_t len,
                                const uint8_t *tag, size_t tag_len) {
  if (!tag) return HWC_ERR_ARG;
  uint8_t full[32];
  hwc_status st = aegis_mac_run(alg, backend, key, nonce, data, len, full, tag_len);
  if (st == HWC_OK) {
    int ok = hwc_ct_equal(full, tag, tag_len);
    HWC_CT_DECLASSIFY(&ok, sizeof(ok));
    if (!ok) st = HWC_ERR_AUTH;
  }
  hwc_wipe(full, sizeof(full));
  return st;
}
