/*
 * ct_common.h - what the two constant-time harnesses share: reproducible
 * test data and the GF(2^128) arithmetic that crafts GCM nonces whose J0
 * wraps its low 32 bits after a chosen number of blocks. Test code only:
 * the arithmetic is slow and branchy, and only ever runs on public copies.
 */
#ifndef HWC_CT_COMMON_H
#define HWC_CT_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwcrypt.h"

#define HWC_CT_UNUSED_ATTR __attribute__((unused))

/* ------------------------------------------------------------------------ */
/* Deterministic test data                                                  */
/* ------------------------------------------------------------------------ */

static uint64_t g_rng HWC_CT_UNUSED_ATTR = 0x9e3779b97f4a7c15ULL;
HWC_CT_UNUSED_ATTR static uint64_t rnd64(void) {
  /* xorshift64*: reproducible data, no libc state. */
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return g_rng * 0x2545f4914f6cdd1dULL;
}
HWC_CT_UNUSED_ATTR static void rnd(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(rnd64() >> 56);
}

/* ------------------------------------------------------------------------ */
/* GF(2^128) in GCM's bit order, for crafting nonces (public phase only)    */
/* ------------------------------------------------------------------------ */

/* SP 800-38D, Algorithm 1: z = x * y. Slow and branchy; it only ever runs
 * on public copies, before anything is marked secret. */
HWC_CT_UNUSED_ATTR static void gf_mul(uint8_t z[16], const uint8_t x[16], const uint8_t y[16]) {
  uint8_t v[16], r[16];
  memcpy(v, y, 16);
  memset(r, 0, 16);
  for (int i = 0; i < 128; i++) {
    if (x[i / 8] & (0x80 >> (i % 8)))
      for (int j = 0; j < 16; j++) r[j] ^= v[j];
    int lsb = v[15] & 1;
    for (int j = 15; j > 0; j--) v[j] = (uint8_t)((v[j] >> 1) | (v[j - 1] << 7));
    v[0] >>= 1;
    if (lsb) v[0] ^= 0xe1;
  }
  memcpy(z, r, 16);
}

/* z = x^-1 = x^(2^128 - 2). */
HWC_CT_UNUSED_ATTR static void gf_inv(uint8_t z[16], const uint8_t x[16]) {
  uint8_t acc[16] = {0x80}, sq[16]; /* 1 */
  memcpy(sq, x, 16);
  for (int i = 0; i < 128; i++) {
    if (i != 0) gf_mul(acc, acc, sq); /* bits 1..127 of 2^128 - 2 are set */
    gf_mul(sq, sq, sq);
  }
  memcpy(z, acc, 16);
}

/* A 16-byte nonce whose J0 = GHASH_H(N || 0^64 || [128]_64) has low word
 * j0_lo (and the first 12 bytes of prefix): J0 = N H^2 ^ L H, so
 * N = (J0 ^ L H) H^-2. key is public here. */
HWC_CT_UNUSED_ATTR static void craft_nonce16(uint8_t nonce[16], const uint8_t *key, size_t klen,
                                             uint32_t j0_lo) {
  hwc_aes_key *k = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  uint8_t zero[16] = {0}, h[16], h2[16], h2i[16], lh[16], t[16], len[16] = {0};
  hwc_aes_key_init_with(k, "soft", key, klen);
  hwc_ctr_xor(k, zero, zero, h, 16); /* H = E_K(0^128) */
  hwc_aes_key_wipe(k);
  free(k);
  len[15] = 128; /* [0]_64 || [128]_64 */
  gf_mul(h2, h, h);
  gf_inv(h2i, h2);
  gf_mul(lh, len, h);
  rnd(t, 12);
  t[12] = (uint8_t)(j0_lo >> 24);
  t[13] = (uint8_t)(j0_lo >> 16);
  t[14] = (uint8_t)(j0_lo >> 8);
  t[15] = (uint8_t)j0_lo;
  for (int i = 0; i < 16; i++) t[i] ^= lh[i];
  gf_mul(nonce, t, h2i);
}

/* Calls fn(name, arg, flag) for each name of a comma-separated backend
 * list such as "soft,aesni" (the harnesses' "aes=soft,aesni" arguments). */
HWC_CT_UNUSED_ATTR static void for_each_name(const char *list, void (*fn)(const char *, int, int),
                                             int arg, int flag) {
  char buf[128];
  snprintf(buf, sizeof(buf), "%s", list);
  char *t = buf;
  while (*t) {
    char *e = strchr(t, ',');
    if (e) *e = 0;
    if (*t) fn(t, arg, flag);
    if (!e) break;
    t = e + 1;
  }
}

#endif /* HWC_CT_COMMON_H */
