/*
 * ct_taint.c - constant-time check of the C core under valgrind memcheck
 * ("secret taint", the technique of Langley's ctgrind and of BoringSSL's
 * constant-time validation).
 *
 * memcheck tracks, for every bit in memory and registers, whether it is
 * defined, and reports a conditional jump, a memory address or a system
 * call argument computed from an undefined bit. It does not report copying
 * or computing with undefined bits. So if every secret input is marked
 * undefined (VALGRIND_MAKE_MEM_UNDEFINED) before a call, memcheck reports
 * exactly the places where a secret steers control flow or an address:
 * the timing and cache leaks the rules in docs/security.md forbid. The
 * library declassifies a few values: the accept/reject bit of a GCM, CMAC,
 * CCM, GCM-SIV or AEGIS tag check, CBC-PKCS#7's padding verdict and (on
 * success) pad length, whether an XTS key's halves are equal
 * (HWC_CT_DECLASSIFY, active because this build defines HWC_CT_VALGRIND);
 * outputs the caller would publish (ciphertext, tags, digests) are
 * declassified here, after the call, before they are checked.
 *
 * Secret: AES keys (so the key schedule, H and its powers, E_K(J0)), GCM
 * plaintext, ciphertext, AAD and the tag being verified, CTR input, CMAC
 * message and the tag being verified, ECB/CBC/XTS data both ways, the CBC
 * IV, the XTS tweak, the CCM nonce, AAD, data and tag being verified, the
 * GCM-SIV key, nonce, AAD, data and tag being verified, the AEGIS key,
 * nonce, AAD, data and tag being verified (every AEGIS alg the soft
 * backend supports, through hwc_aegis_seal/open with the AES backend's
 * name), hash and HMAC data, HMAC keys. Public: lengths, the GCM nonce (but J0 of a
 * nonce that is not 96 bits is GHASH_H(nonce), hence secret), the CTR
 * counter block (hwc_ctr_xor's caller provides it; it travels in clear),
 * the backend names.
 *
 * Every case prints the number of memcheck errors it produced
 * (VALGRIND_COUNT_ERRORS); the process exits 1 if any case produced one,
 * 2 on a functional failure (a round trip or a cross-check against the
 * soft backend), 3 when not run under valgrind.
 *
 *   valgrind -q --error-exitcode=1 ./hwc_ct_taint aes=soft,aesni sha1=soft \
 *       sha256=soft sha512=soft,avx2 many=avx2x8,soft
 *
 * many= names multi-buffer hashing backends (hwc_hash_many: lane kernels
 * or single-stream ones), run in every SHA family that lists them.
 *
 * Backends are forced by name (hwc_aes_key_init_with, hwc_hash_init_with,
 * hwc_backend_set for HMAC), never by detection: valgrind 3.19 cannot
 * execute AVX-512, VAES/VPCLMULQDQ on ymm or SHA-NI and would stop with
 * SIGILL inside those backends. Those are covered by ct_dudect.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "ct_common.h"
#include "hwcrypt.h"

#define SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))

static int g_failures;     /* functional failures */
static int g_cases;        /* cases run */
static int g_bad_cases;    /* cases with memcheck errors */
static unsigned long g_reports_total;
static int g_verbose;

/* ------------------------------------------------------------------------ */
/* Case bookkeeping                                                         */
/* ------------------------------------------------------------------------ */

static unsigned long g_case_start;
static char g_case_name[160];

static void case_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void case_begin(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g_case_name, sizeof(g_case_name), fmt, ap);
  va_end(ap);
  g_case_start = VALGRIND_COUNT_ERRORS;
  if (g_verbose) fprintf(stderr, "ct: begin %s\n", g_case_name);
}

static void case_end(void) {
  unsigned long n = VALGRIND_COUNT_ERRORS - g_case_start;
  g_cases++;
  g_reports_total += n;
  if (n) {
    g_bad_cases++;
    fprintf(stderr, "ct: FAIL %-60s %lu memcheck report(s)\n", g_case_name, n);
  } else if (g_verbose) {
    fprintf(stderr, "ct: ok   %s\n", g_case_name);
  }
}

static void fail(const char *what) {
  g_failures++;
  fprintf(stderr, "ct: FUNCTIONAL FAILURE in %s: %s\n", g_case_name, what);
}

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

static hwc_aes_key *new_key(void) {
  hwc_aes_key *k = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  if (!k) abort();
  return k;
}

/* Expands a secret key with backend b. */
static int key_init_secret(hwc_aes_key *k, const char *b, const uint8_t *key, size_t klen) {
  uint8_t kk[32];
  memcpy(kk, key, klen);
  SECRET(kk, klen);
  hwc_status st = hwc_aes_key_init_with(k, b, kk, klen);
  hwc_wipe(kk, sizeof(kk));
  return st == HWC_OK;
}

static void case_key_expansion(const char *b) {
  static const size_t klens[3] = {16, 24, 32};
  for (int i = 0; i < 3; i++) {
    uint8_t key[32];
    rnd(key, sizeof(key));
    case_begin("%s: key expansion AES-%zu", b, klens[i] * 8);
    hwc_aes_key *k = new_key();
    if (!key_init_secret(k, b, key, klens[i])) fail("key init");
    hwc_aes_key_wipe(k);
    free(k);
    case_end();
  }
}

/*
 * One GCM message on backend b: seal, open with the right tag, open with a
 * wrong tag. The data, AAD and key are secret during each call; results
 * are declassified afterwards and checked. With ref_key (soft, same key)
 * the ciphertext and tag are also compared with the reference backend.
 */
static void gcm_message(const char *b, const uint8_t *key, size_t klen, const uint8_t *nonce,
                        size_t nlen, size_t aad_len, size_t len, size_t tag_len, int cross) {
  uint8_t *pt = malloc(len + 1), *ct = malloc(len + 1), *back = malloc(len + 1);
  uint8_t *aad = malloc(aad_len + 1), *ref = malloc(len + 1);
  uint8_t tag[16], rtag[16], badtag[16];
  rnd(pt, len);
  rnd(aad, aad_len);

  case_begin("%s: gcm k=%zu nonce=%zu len=%zu aad=%zu tag=%zu", b, klen * 8, nlen, len, aad_len,
             tag_len);
  hwc_aes_key *k = new_key();
  if (!key_init_secret(k, b, key, klen)) fail("key init");

  /* seal: key, plaintext, AAD secret */
  SECRET(pt, len);
  SECRET(aad, aad_len);
  if (hwc_gcm_seal(k, nonce, nlen, aad, aad_len, pt, len, ct, tag, tag_len) != HWC_OK)
    fail("seal status");
  PUBLIC(ct, len);
  PUBLIC(tag, tag_len);

  /* open, right tag: ciphertext and tag secret too (nothing may branch on
   * them except through the declassified verdict) */
  SECRET(ct, len);
  SECRET(tag, tag_len);
  hwc_status st = hwc_gcm_open(k, nonce, nlen, aad, aad_len, ct, len, tag, tag_len, back);
  PUBLIC(back, len);
  PUBLIC(pt, len);
  PUBLIC(ct, len);
  PUBLIC(tag, tag_len);
  if (st != HWC_OK) fail("open rejected the right tag");
  else if (len && memcmp(back, pt, len) != 0) fail("open: plaintext differs");

  /* open, wrong tag (one bit flipped): rejected, output wiped */
  memcpy(badtag, tag, tag_len);
  badtag[(len + 3) % tag_len] ^= 0x10;
  SECRET(ct, len);
  SECRET(badtag, tag_len);
  st = hwc_gcm_open(k, nonce, nlen, aad, aad_len, ct, len, badtag, tag_len, back);
  PUBLIC(back, len);
  PUBLIC(ct, len);
  if (st != HWC_ERR_AUTH) fail("open accepted a wrong tag");
  for (size_t i = 0; i < len; i++)
    if (back[i]) {
      fail("failed open left output");
      break;
    }
  PUBLIC(aad, aad_len);
  hwc_aes_key_wipe(k);

  if (cross) { /* same message on soft, public, outside the measured case */
    hwc_aes_key_init_with(k, "soft", key, klen);
    hwc_gcm_seal(k, nonce, nlen, aad, aad_len, pt, len, ref, rtag, tag_len);
    if ((len && memcmp(ref, ct, len) != 0) || memcmp(rtag, tag, tag_len) != 0)
      fail("differs from soft");
    hwc_aes_key_wipe(k);
  }
  free(k);
  case_end();
  free(pt), free(ct), free(back), free(aad), free(ref);
}

static const size_t k_lens[] = {0,   1,   15,  16,  17,  31,  32,  33,  48,  63,   64,   65,
                                100, 127, 128, 129, 200, 255, 256, 257, 300, 511,  512,  513,
                                600, 767, 768, 1023, 1024, 1100, 2065, 4096 + 48};
#define N_LENS (sizeof(k_lens) / sizeof(k_lens[0]))
static const size_t k_aads[] = {0, 5, 16, 20, 128, 129, 300};
#define N_AADS (sizeof(k_aads) / sizeof(k_aads[0]))

static void case_gcm(const char *b, int quick) {
  const int cross = strcmp(b, "soft") != 0;
  uint8_t key[32], nonce[64];
  rnd(key, sizeof(key));

  /* 96-bit nonces: every length, AAD lengths in turn, all key sizes */
  for (size_t i = 0; i < N_LENS; i++) {
    rnd(nonce, 12);
    gcm_message(b, key, 16, nonce, 12, k_aads[i % N_AADS], k_lens[i], 16, cross);
    if (!quick || i % 4 == 0) {
      gcm_message(b, key, 24, nonce, 12, k_aads[(i + 3) % N_AADS], k_lens[i], 16, cross);
      gcm_message(b, key, 32, nonce, 12, k_aads[(i + 5) % N_AADS], k_lens[i], 16, cross);
    }
  }
  /* tag lengths 4, 8, 12..16 */
  static const size_t tags[] = {4, 8, 12, 13, 14, 15, 16};
  for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
    rnd(nonce, 12);
    gcm_message(b, key, 16, nonce, 12, 20, 77, tags[t], cross);
    rnd(nonce, 16);
    gcm_message(b, key, 16, nonce, 16, 20, 300, tags[t], cross);
  }
  /* other nonce lengths: J0 = GHASH_H(nonce) is secret */
  static const size_t nlens[] = {8, 16, 1, 13, 60};
  for (size_t n = 0; n < sizeof(nlens) / sizeof(nlens[0]); n++) {
    for (size_t i = 0; i < N_LENS; i += (quick || n >= 2) ? 3 : 1) {
      rnd(nonce, nlens[n]);
      gcm_message(b, key, (i & 1) ? 32 : 16, nonce, nlens[n], k_aads[(i + n) % N_AADS], k_lens[i],
                  16, cross);
    }
  }
  /* counters near the 32-bit wrap: 16-byte nonces crafted so that the low
   * word of inc32(J0) is 2^32 - w, so the wrap falls after w blocks */
  static const uint32_t wraps[] = {1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 200};
  static const size_t wlens[] = {40, 129, 256, 600, 2065};
  for (size_t w = 0; w < sizeof(wraps) / sizeof(wraps[0]); w++) {
    for (size_t l = 0; l < sizeof(wlens) / sizeof(wlens[0]); l++) {
      if (quick && l % 2) continue;
      size_t klen = (w & 1) ? 32 : 16;
      craft_nonce16(nonce, key, klen, (uint32_t)(0u - wraps[w] - 1u)); /* inc32 adds 1 */
      gcm_message(b, key, klen, nonce, 16, 16, wlens[l] + wraps[w] % 16, 16, cross);
    }
  }
}

static void case_ctr(const char *b, int quick) {
  uint8_t key[32];
  rnd(key, sizeof(key));
  static const uint8_t lows[][4] = {{0x12, 0x34, 0x56, 0x78}, {0xff, 0xff, 0xff, 0xfe},
                                    {0xff, 0xff, 0xff, 0xf0}, {0x00, 0x00, 0x00, 0xfd}};
  for (size_t i = 0; i < N_LENS; i += quick ? 2 : 1) {
    size_t len = k_lens[i], klen = (i % 3 == 0) ? 16 : (i % 3 == 1) ? 24 : 32;
    for (int c = 0; c < 5; c++) {
      uint8_t ctr[16], *in = malloc(len + 1), *out = malloc(len + 1), *ref = malloc(len + 1);
      rnd(ctr, 16);
      if (c < 4) memcpy(ctr + 12, lows[c], 4);
      else memset(ctr, 0xff, 16); /* 128-bit wrap */
      rnd(in, len);
      case_begin("%s: ctr k=%zu len=%zu counter#%d", b, klen * 8, len, c);
      hwc_aes_key *k = new_key();
      if (!key_init_secret(k, b, key, klen)) fail("key init");
      SECRET(in, len);
      if (hwc_ctr_xor(k, ctr, in, out, len) != HWC_OK) fail("ctr status");
      PUBLIC(out, len);
      PUBLIC(in, len);
      hwc_aes_key_wipe(k);
      hwc_aes_key_init_with(k, "soft", key, klen);
      hwc_ctr_xor(k, ctr, in, ref, len);
      if (len && memcmp(ref, out, len) != 0) fail("differs from soft");
      hwc_aes_key_wipe(k);
      free(k);
      case_end();
      free(in), free(out), free(ref);
    }
  }
}

/* AES-CMAC: key and message secret; the tag is declassified after mac (a
 * caller publishes it); verify with the right tag, a one-bit-off tag and a
 * truncated one, tag secret (its accept/reject bit is declassified in
 * cmac.c, as in gcm.c). Cross-checked with soft. */
static void case_cmac(const char *b, int quick) {
  uint8_t key[32];
  rnd(key, sizeof(key));
  for (size_t i = 0; i < N_LENS; i += quick ? 2 : 1) {
    size_t len = k_lens[i], klen = (i % 3 == 0) ? 16 : (i % 3 == 1) ? 24 : 32;
    uint8_t *in = malloc(len + 1), tag[16], ref[16], bad[16];
    rnd(in, len);
    case_begin("%s: cmac k=%zu len=%zu", b, klen * 8, len);
    hwc_aes_key *k = new_key();
    if (!key_init_secret(k, b, key, klen)) fail("key init");
    SECRET(in, len);
    if (hwc_cmac(k, in, len, tag) != HWC_OK) fail("cmac status");
    PUBLIC(tag, 16);
    memcpy(bad, tag, 16);
    bad[len % 16] ^= 0x01;
    SECRET(tag, 16);
    SECRET(bad, 16);
    if (hwc_cmac_verify(k, in, len, tag, 16) != HWC_OK) fail("verify of the right tag");
    if (hwc_cmac_verify(k, in, len, bad, 16) != HWC_ERR_AUTH) fail("verify of a wrong tag");
    if (hwc_cmac_verify(k, in, len, tag, 8) != HWC_OK) fail("verify of a truncated tag");
    PUBLIC(tag, 16);
    PUBLIC(in, len);
    hwc_aes_key_wipe(k);
    hwc_aes_key_init_with(k, "soft", key, klen);
    hwc_cmac(k, in, len, ref);
    if (memcmp(ref, tag, 16) != 0) fail("differs from soft");
    hwc_aes_key_wipe(k);
    free(k);
    case_end();
    free(in);
  }
}

/* The block-cipher modes. Secret: the key, the data (both ways), the CBC
 * IV, the XTS tweak, the CCM nonce and AAD and the tag being verified.
 * Declassified by the library: CBC-PKCS#7's accept bit and, on success,
 * the pad length (cbc.c), whether the XTS key halves are equal (xts.c),
 * CCM's tag verdict (ccm.c). Every output is declassified here after the
 * call and compared with soft. */
static const size_t m_lens[] = {16, 32, 48, 64, 112, 128, 144, 256, 512, 1024, 4096};
#define N_MLENS (sizeof(m_lens) / sizeof(m_lens[0]))

static void case_ecb_cbc(const char *b, int quick) {
  uint8_t key[32], iv[16];
  rnd(key, sizeof(key));
  for (size_t i = 0; i < N_MLENS; i += quick ? 2 : 1) {
    size_t len = m_lens[i], klen = (i % 3 == 0) ? 16 : (i % 3 == 1) ? 24 : 32;
    uint8_t *in = malloc(len + 16), *out = malloc(len + 16), *back = malloc(len + 16), *ref = malloc(len + 16);
    size_t out_len = 0;
    rnd(in, len + 16);
    rnd(iv, 16);
    case_begin("%s: ecb+cbc k=%zu len=%zu", b, klen * 8, len);
    hwc_aes_key *k = new_key();
    if (!key_init_secret(k, b, key, klen)) fail("key init");
    SECRET(in, len);
    SECRET(iv, 16);
    if (hwc_ecb_encrypt(k, in, out, len) != HWC_OK) fail("ecb encrypt status");
    SECRET(out, len);
    if (hwc_ecb_decrypt(k, out, back, len) != HWC_OK) fail("ecb decrypt status");
    PUBLIC(back, len), PUBLIC(in, len);
    if (memcmp(back, in, len) != 0) fail("ecb round trip");
    SECRET(in, len);
    if (hwc_cbc_encrypt(k, iv, in, out, len) != HWC_OK) fail("cbc encrypt status");
    SECRET(out, len);
    if (hwc_cbc_decrypt(k, iv, out, back, len) != HWC_OK) fail("cbc decrypt status");
    PUBLIC(back, len), PUBLIC(in, len);
    if (memcmp(back, in, len) != 0) fail("cbc round trip");
    /* PKCS#7 on len - i % 16 bytes (pad 1..16), then a tampered last byte */
    size_t mlen = len - i % 16, plen = hwc_cbc_pkcs7_len(mlen);
    SECRET(in, mlen);
    if (hwc_cbc_encrypt_pkcs7(k, iv, in, mlen, out) != HWC_OK) fail("pkcs7 encrypt status");
    SECRET(out, plen);
    if (hwc_cbc_decrypt_pkcs7(k, iv, out, plen, back, &out_len) != HWC_OK) fail("pkcs7 decrypt status");
    PUBLIC(&out_len, sizeof(out_len));
    PUBLIC(back, plen), PUBLIC(in, mlen), PUBLIC(out, plen);
    if (out_len != mlen || memcmp(back, in, mlen) != 0) fail("pkcs7 round trip");
    /* flip bit 6 of the last plaintext byte (through the previous
     * ciphertext block, or the IV): a pad byte above 16 */
    uint8_t *flip = plen >= 32 ? &out[plen - 17] : &iv[15];
    *flip ^= 0x40;
    SECRET(out, plen);
    SECRET(iv, 16);
    if (hwc_cbc_decrypt_pkcs7(k, iv, out, plen, back, &out_len) != HWC_ERR_DECRYPT) fail("bad padding accepted");
    PUBLIC(back, plen), PUBLIC(out, plen), PUBLIC(&out_len, sizeof(out_len));
    for (size_t j = 0; j < plen; j++)
      if (back[j]) {
        fail("rejected padding left output");
        break;
      }
    PUBLIC(iv, 16);
    hwc_aes_key_wipe(k);
    *flip ^= 0x40;
    hwc_aes_key_init_with(k, "soft", key, klen);
    hwc_cbc_encrypt_pkcs7(k, iv, in, mlen, ref);
    if (memcmp(ref, out, plen) != 0) fail("pkcs7 differs from soft");
    hwc_aes_key_wipe(k);
    free(k);
    case_end();
    free(in), free(out), free(back), free(ref);
  }
}

static void case_xts(const char *b, int quick) {
  static const size_t xlens[] = {16, 17, 31, 32, 33, 100, 128, 129, 255, 256, 512, 1000, 4096, 4111};
  for (size_t i = 0; i < sizeof(xlens) / sizeof(xlens[0]); i += quick ? 2 : 1) {
    size_t len = xlens[i], klen = 32 + 16 * (i % 3);
    uint8_t key[64], kk[64], tweak[16], *in = malloc(len), *out = malloc(len), *back = malloc(len), *ref = malloc(len);
    rnd(key, klen);
    rnd(tweak, 16);
    rnd(in, len);
    case_begin("%s: xts key=%zu len=%zu", b, klen, len);
    hwc_aes_key *k1 = new_key(), *k2 = new_key();
    memcpy(kk, key, klen);
    SECRET(kk, klen);
    if (hwc_xts_key_init(k1, k2, b, kk, klen) != HWC_OK) fail("key init");
    SECRET(tweak, 16);
    SECRET(in, len);
    if (hwc_xts_encrypt(k1, k2, tweak, in, out, len) != HWC_OK) fail("encrypt status");
    SECRET(out, len);
    if (hwc_xts_decrypt(k1, k2, tweak, out, back, len) != HWC_OK) fail("decrypt status");
    PUBLIC(back, len), PUBLIC(in, len), PUBLIC(out, len), PUBLIC(tweak, 16);
    if (memcmp(back, in, len) != 0) fail("round trip");
    hwc_aes_key_wipe(k1), hwc_aes_key_wipe(k2);
    hwc_xts_key_init(k1, k2, "soft", key, klen);
    hwc_xts_encrypt(k1, k2, tweak, in, ref, len);
    if (memcmp(ref, out, len) != 0) fail("differs from soft");
    hwc_aes_key_wipe(k1), hwc_aes_key_wipe(k2);
    free(k1), free(k2);
    case_end();
    free(in), free(out), free(back), free(ref);
  }
}

static void case_ccm(const char *b, int quick) {
  static const size_t clens[] = {0, 1, 15, 16, 17, 33, 64, 100, 256, 1000};
  uint8_t key[32];
  rnd(key, sizeof(key));
  for (size_t i = 0; i < sizeof(clens) / sizeof(clens[0]); i += quick ? 2 : 1) {
    size_t len = clens[i], klen = (i % 3 == 0) ? 16 : (i % 3 == 1) ? 24 : 32;
    size_t nl = 7 + i % 7, tl = 4 + 2 * (i % 7), aad_len = k_aads[i % N_AADS];
    uint8_t nonce[13], tag[16], bad[16], rtag[16];
    uint8_t *pt = malloc(len + 1), *ct = malloc(len + 1), *back = malloc(len + 1), *ref = malloc(len + 1);
    uint8_t *aad = malloc(aad_len + 1);
    rnd(nonce, nl);
    rnd(pt, len);
    rnd(aad, aad_len);
    case_begin("%s: ccm k=%zu nonce=%zu tag=%zu len=%zu aad=%zu", b, klen * 8, nl, tl, len, aad_len);
    hwc_aes_key *k = new_key();
    if (!key_init_secret(k, b, key, klen)) fail("key init");
    SECRET(nonce, nl);
    SECRET(aad, aad_len);
    SECRET(pt, len);
    if (hwc_ccm_seal(k, nonce, nl, aad, aad_len, pt, len, ct, tag, tl) != HWC_OK) fail("seal status");
    SECRET(ct, len);
    SECRET(tag, tl);
    hwc_status st = hwc_ccm_open(k, nonce, nl, aad, aad_len, ct, len, tag, tl, back);
    PUBLIC(back, len), PUBLIC(pt, len), PUBLIC(ct, len), PUBLIC(tag, tl);
    if (st != HWC_OK || (len && memcmp(back, pt, len) != 0)) fail("open of own output");
    memcpy(bad, tag, tl);
    bad[i % tl] ^= 0x04;
    SECRET(ct, len);
    SECRET(bad, tl);
    st = hwc_ccm_open(k, nonce, nl, aad, aad_len, ct, len, bad, tl, back);
    PUBLIC(back, len), PUBLIC(ct, len), PUBLIC(nonce, nl), PUBLIC(aad, aad_len);
    if (st != HWC_ERR_AUTH) fail("open accepted a wrong tag");
    for (size_t j = 0; j < len; j++)
      if (back[j]) {
        fail("failed open left output");
        break;
      }
    hwc_aes_key_wipe(k);
    hwc_aes_key_init_with(k, "soft", key, klen);
    hwc_ccm_seal(k, nonce, nl, aad, aad_len, pt, len, ref, rtag, tl);
    if ((len && memcmp(ref, ct, len) != 0) || memcmp(rtag, tag, tl) != 0) fail("differs from soft");
    hwc_aes_key_wipe(k);
    free(k);
    case_end();
    free(pt), free(ct), free(back), free(ref), free(aad);
  }
}

/* AES-GCM-SIV (RFC 8452) on backend b: seal, open with the right tag,
 * open with a wrong tag, open with a flipped ciphertext bit. Secret: the
 * key-generating key (so both derived keys), the nonce, the AAD, the
 * plaintext; for open the ciphertext and the tag (which is also the
 * counter seed). The library declassifies only the accept bit
 * (gcm_siv.c). Cross-checked with soft. */
static const size_t s_lens[] = {0,   1,   15,  16,  17,  31,  32,  33,  63,  64,  65,   127,
                                128, 129, 255, 256, 257, 300, 511, 512, 513, 1100, 2065};
#define N_SLENS (sizeof(s_lens) / sizeof(s_lens[0]))

/* Open with secret ct/tag; returns the status with out, ct, tag public. */
static hwc_status siv_open_secret(hwc_aes_key *k, uint8_t *nonce, const uint8_t *aad, size_t aad_len, uint8_t *ct,
                                  size_t len, uint8_t *tag, uint8_t *out) {
  SECRET(nonce, 12);
  SECRET(ct, len);
  SECRET(tag, 16);
  hwc_status st = hwc_gcm_siv_open(k, nonce, aad, aad_len, ct, len, tag, out);
  PUBLIC(out, len), PUBLIC(ct, len), PUBLIC(tag, 16), PUBLIC(nonce, 12);
  return st;
}

static void case_gcm_siv(const char *b, int quick) {
  uint8_t key[32];
  rnd(key, sizeof(key));
  for (size_t i = 0; i < N_SLENS; i += quick ? 2 : 1) {
    const size_t len = s_lens[i], klen = (i & 1) ? 32 : 16, aad_len = k_aads[i % N_AADS];
    uint8_t nonce[12], tag[16], rtag[16], bad[16];
    uint8_t *pt = malloc(len + 1), *ct = malloc(len + 1), *back = malloc(len + 1), *ref = malloc(len + 1);
    uint8_t *aad = malloc(aad_len + 1);
    rnd(nonce, 12);
    rnd(pt, len);
    rnd(aad, aad_len);
    case_begin("%s: gcm-siv k=%zu len=%zu aad=%zu", b, klen * 8, len, aad_len);
    hwc_aes_key *k = new_key();
    if (!key_init_secret(k, b, key, klen)) fail("key init");
    SECRET(nonce, 12);
    SECRET(aad, aad_len);
    SECRET(pt, len);
    if (hwc_gcm_siv_seal(k, nonce, aad, aad_len, pt, len, ct, tag) != HWC_OK) fail("seal status");
    PUBLIC(ct, len), PUBLIC(tag, 16), PUBLIC(nonce, 12);
    hwc_status st = siv_open_secret(k, nonce, aad, aad_len, ct, len, tag, back);
    PUBLIC(pt, len);
    if (st != HWC_OK || (len && memcmp(back, pt, len) != 0)) fail("open of own output");
    /* wrong tag (one bit), then (len > 0) one ciphertext bit flipped:
     * rejected, output wiped */
    for (int what = 0; what < 2; what++) {
      if (what && !len) break;
      memcpy(bad, tag, 16);
      if (!what) bad[(len + 5) % 16] ^= 0x08;
      else ct[len / 2] ^= 0x20;
      st = siv_open_secret(k, nonce, aad, aad_len, ct, len, bad, back);
      if (what) ct[len / 2] ^= 0x20;
      if (st != HWC_ERR_AUTH) fail(what ? "open accepted a flipped ciphertext bit" : "open accepted a wrong tag");
      for (size_t j = 0; j < len; j++)
        if (back[j]) {
          fail("failed open left output");
          break;
        }
    }
    PUBLIC(aad, aad_len);
    hwc_aes_key_wipe(k);
    hwc_aes_key_init_with(k, "soft", key, klen);
    hwc_gcm_siv_seal(k, nonce, aad, aad_len, pt, len, ref, rtag);
    if ((len && memcmp(ref, ct, len) != 0) || memcmp(rtag, tag, 16) != 0) fail("differs from soft");
    hwc_aes_key_wipe(k);
    free(k);
    case_end();
    free(pt), free(ct), free(back), free(ref), free(aad);
  }
}

/* The AEGIS family through hwc_aegis_seal/open with backend b (an AES
 * backend name; aegis.c maps it to its AEGIS kernels): every alg that soft
 * supports (the X variants once their kernels are in the build; an alg
 * soft lacks must be HWC_ERR_UNAVAILABLE on b too), tags of 16 and 32
 * bytes. Secret: key, nonce, AAD, plaintext; for open the ciphertext and
 * the tag. The library declassifies only the accept bit (aegis.c). The
 * wrong-tag and flipped-ciphertext opens check that the rejection leaks
 * nothing beyond it and wipes the output. Cross-checked with soft. */
static const char *const k_aegis_names[HWC_AEGIS_ALGS] = {"128l", "128x2", "128x4", "256", "256x2", "256x4"};

static int aegis_soft_has(hwc_aegis_alg alg) {
  const uint8_t zero[32] = {0};
  uint8_t tag[16];
  return hwc_aegis_seal(alg, "soft", zero, zero, NULL, 0, NULL, 0, NULL, tag, 16) == HWC_OK;
}

static hwc_status aegis_open_secret(hwc_aegis_alg alg, const char *b, const uint8_t *key, size_t klen,
                                    uint8_t *nonce, const uint8_t *aad, size_t aad_len, uint8_t *ct, size_t len,
                                    uint8_t *tag, size_t tl, uint8_t *out) {
  uint8_t kk[32];
  memcpy(kk, key, klen);
  SECRET(kk, klen);
  SECRET(nonce, klen);
  SECRET(ct, len);
  SECRET(tag, tl);
  hwc_status st = hwc_aegis_open(alg, b, kk, nonce, aad, aad_len, ct, len, tag, tl, out);
  hwc_wipe(kk, sizeof(kk));
  PUBLIC(out, len), PUBLIC(ct, len), PUBLIC(tag, tl), PUBLIC(nonce, klen);
  return st;
}

static void case_aegis(const char *b, int quick) {
  for (int a = 0; a < HWC_AEGIS_ALGS; a++) {
    const hwc_aegis_alg alg = (hwc_aegis_alg)a;
    const size_t klen = hwc_aegis_key_len(alg);
    if (!aegis_soft_has(alg)) {
      /* not in this build: then not on b either */
      uint8_t z[32] = {0}, tag[16];
      case_begin("%s: aegis%s unavailable", b, k_aegis_names[a]);
      if (hwc_aegis_seal(alg, b, z, z, NULL, 0, NULL, 0, NULL, tag, 16) != HWC_ERR_UNAVAILABLE)
        fail("soft lacks the alg, the backend does not");
      case_end();
      continue;
    }
    for (size_t i = 0; i < N_SLENS; i += quick ? 2 : 1) {
      const size_t len = s_lens[i], tl = (i & 1) ? 32 : 16, aad_len = k_aads[(i + (size_t)a) % N_AADS];
      uint8_t key[32], kk[32], nonce[32], tag[32], rtag[32], bad[32];
      uint8_t *pt = malloc(len + 1), *ct = malloc(len + 1), *back = malloc(len + 1), *ref = malloc(len + 1);
      uint8_t *aad = malloc(aad_len + 1);
      rnd(key, klen);
      rnd(nonce, klen);
      rnd(pt, len);
      rnd(aad, aad_len);
      case_begin("%s: aegis%s len=%zu aad=%zu tag=%zu", b, k_aegis_names[a], len, aad_len, tl);
      memcpy(kk, key, klen);
      SECRET(kk, klen);
      SECRET(nonce, klen);
      SECRET(aad, aad_len);
      SECRET(pt, len);
      hwc_status st = hwc_aegis_seal(alg, b, kk, nonce, aad, aad_len, pt, len, ct, tag, tl);
      if (st != HWC_OK) fail(st == HWC_ERR_UNAVAILABLE ? "seal unavailable (soft has the alg)" : "seal status");
      hwc_wipe(kk, sizeof(kk));
      PUBLIC(ct, len), PUBLIC(tag, tl), PUBLIC(nonce, klen);
      st = aegis_open_secret(alg, b, key, klen, nonce, aad, aad_len, ct, len, tag, tl, back);
      PUBLIC(pt, len);
      if (st != HWC_OK || (len && memcmp(back, pt, len) != 0)) fail("open of own output");
      for (int what = 0; what < 2; what++) {
        if (what && !len) break;
        memcpy(bad, tag, tl);
        if (!what) bad[(len + 3) % tl] ^= 0x40;
        else ct[(len * 3) / 4] ^= 0x01;
        st = aegis_open_secret(alg, b, key, klen, nonce, aad, aad_len, ct, len, bad, tl, back);
        if (what) ct[(len * 3) / 4] ^= 0x01;
        if (st != HWC_ERR_AUTH) fail(what ? "open accepted a flipped ciphertext bit" : "open accepted a wrong tag");
        for (size_t j = 0; j < len; j++)
          if (back[j]) {
            fail("failed open left output");
            break;
          }
      }
      PUBLIC(aad, aad_len);
      hwc_aegis_seal(alg, "soft", key, nonce, aad, aad_len, pt, len, ref, rtag, tl);
      if ((len && memcmp(ref, ct, len) != 0) || memcmp(rtag, tag, tl) != 0) fail("differs from soft");
      case_end();
      free(pt), free(ct), free(back), free(ref), free(aad);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Hashes and HMAC                                                          */
/* ------------------------------------------------------------------------ */

static const size_t h_lens[] = {0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 200, 1000};
#define N_HLENS (sizeof(h_lens) / sizeof(h_lens[0]))

static void case_hash(hwc_family f, const char *b) {
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    for (size_t i = 0; i < N_HLENS; i++) {
      size_t len = h_lens[i];
      uint8_t *m = malloc(len + 1), d[HWC_HASH_MAX_DIGEST], r[HWC_HASH_MAX_DIGEST];
      rnd(m, len);
      case_begin("%s: hash alg=%d len=%zu", b, a, len);
      hwc_hash_ctx c;
      if (hwc_hash_init_with(&c, (hwc_hash_alg)a, b) != HWC_OK) fail("init");
      SECRET(m, len);
      hwc_hash_update(&c, m, len / 3); /* two updates: buffered + in-place paths */
      hwc_hash_update(&c, m + len / 3, len - len / 3);
      hwc_hash_final(&c, d);
      size_t dl = hwc_hash_digest_len((hwc_hash_alg)a);
      PUBLIC(d, dl);
      PUBLIC(m, len);
      hwc_hash_init_with(&c, (hwc_hash_alg)a, "soft");
      hwc_hash_update(&c, m, len);
      hwc_hash_final(&c, r);
      if (memcmp(d, r, dl) != 0) fail("differs from soft");
      case_end();
      free(m);
    }
  }
}

static void case_hmac(hwc_family f, const char *b) {
  static const size_t klens[] = {0, 1, 20, 32, 64, 100, 128, 129, 200};
  const char *prev = hwc_backend_current(f);
  if (hwc_backend_set(f, b) != HWC_OK) {
    case_begin("%s: hmac family %d", b, (int)f);
    fail("backend_set");
    case_end();
    return;
  }
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    for (size_t i = 0; i < sizeof(klens) / sizeof(klens[0]); i++) {
      size_t klen = klens[i], len = h_lens[(i * 5 + (size_t)a) % N_HLENS];
      uint8_t key[256], *m = malloc(len + 1), d[HWC_HASH_MAX_DIGEST];
      rnd(key, klen);
      rnd(m, len);
      case_begin("%s: hmac alg=%d key=%zu len=%zu", b, a, klen, len);
      SECRET(key, klen);
      SECRET(m, len);
      if (hwc_hmac((hwc_hash_alg)a, key, klen, m, len, d) != HWC_OK) fail("hmac status");
      PUBLIC(d, hwc_hash_digest_len((hwc_hash_alg)a));
      PUBLIC(key, klen);
      PUBLIC(m, len);
      case_end();

      /* HMAC key states (hwc_hmac_key_*): the key and the message secret,
       * and the tag handed to verify secret too (only the verdict is
       * public). */
      const size_t dl = hwc_hash_digest_len((hwc_hash_alg)a);
      uint8_t d2[HWC_HASH_MAX_DIGEST], t[HWC_HASH_MAX_DIGEST];
      hwc_hmac_key k;
      case_begin("%s: hmac key states alg=%d key=%zu len=%zu", b, a, klen, len);
      SECRET(key, klen);
      SECRET(m, len);
      if (hwc_hmac_key_init(&k, (hwc_hash_alg)a, b, key, klen) != HWC_OK) fail("hmac key init status");
      if (hwc_hmac_key_mac(&k, m, len, d2) != HWC_OK) fail("hmac key mac status");
      memcpy(t, d2, dl);
      SECRET(t, dl);
      if (hwc_hmac_key_verify(&k, m, len, t, dl) != HWC_OK) fail("hmac key verify refused its own MAC");
      t[len % dl] ^= 1;
      if (hwc_hmac_key_verify(&k, m, len, t, dl) != HWC_ERR_AUTH) fail("hmac key verify took a wrong MAC");
      const uint8_t *msgs[2] = {m, m};
      size_t lens2[2] = {len, len / 2};
      uint8_t many[2 * HWC_HASH_MAX_DIGEST];
      if (hwc_hmac_key_mac_many(&k, msgs, lens2, 2, many) != HWC_OK) fail("hmac key mac_many status");
      hwc_hmac_key_wipe(&k);
      PUBLIC(d2, dl);
      PUBLIC(many, 2 * dl);
      PUBLIC(key, klen);
      PUBLIC(m, len);
      if (memcmp(d2, d, dl) != 0 || memcmp(many, d, dl) != 0) fail("hmac key states differ from hwc_hmac");
      case_end();
      free(m);
    }
  }
  hwc_backend_set(f, prev);
}

/* Multi-buffer hashing (hash_many.c and its lane kernels), backend b by
 * name in every family that lists it (hwc_hash_many_backends; a family
 * without it is skipped, printed): the message bytes are secret, their
 * lengths and the batch size public (the lane schedule follows the
 * lengths alone). A batch of every h_lens length (lanes refill at
 * different times, idle lanes at the end), a batch of 17 equal 64-byte
 * messages, and for SHA-256 hwc_sha256_pairs of 9 secret blocks; digests
 * are checked against soft single-stream hashing. */
static void case_hash_many(hwc_family f, const char *b) {
  const char *names[16];
  int nn = hwc_hash_many_backends(f, names, 16), listed = 0;
  for (int i = 0; i < nn && i < 16; i++) listed |= strcmp(names[i], b) == 0;
  if (!listed) {
    fprintf(stderr, "ct: hash_many %s: not listed for %s, skipped\n", b, hwc_family_name(f));
    return;
  }
  enum { EQ = 17, NB = N_HLENS + EQ };
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    const size_t dl = hwc_hash_digest_len((hwc_hash_alg)a);
    const uint8_t *msgs[NB];
    uint8_t *bufs[NB];
    size_t lens[NB];
    for (size_t i = 0; i < NB; i++) {
      lens[i] = i < N_HLENS ? h_lens[i] : 64;
      bufs[i] = malloc(lens[i] + 1);
      rnd(bufs[i], lens[i]);
      msgs[i] = bufs[i];
    }
    uint8_t *d = malloc(NB * dl), *r = malloc(NB * dl);
    case_begin("%s: hash_many alg=%d mixed lengths", b, a);
    for (size_t i = 0; i < N_HLENS; i++) SECRET(bufs[i], lens[i]);
    if (hwc_hash_many((hwc_hash_alg)a, b, msgs, lens, N_HLENS, d) != HWC_OK) fail("hash_many status");
    PUBLIC(d, N_HLENS * dl);
    case_end();
    case_begin("%s: hash_many alg=%d 17 x 64 B", b, a);
    for (size_t i = N_HLENS; i < NB; i++) SECRET(bufs[i], lens[i]);
    if (hwc_hash_many((hwc_hash_alg)a, b, msgs + N_HLENS, lens + N_HLENS, EQ, d + N_HLENS * dl) != HWC_OK)
      fail("hash_many status");
    PUBLIC(d + N_HLENS * dl, EQ * dl);
    case_end();
    for (size_t i = 0; i < NB; i++) {
      PUBLIC(bufs[i], lens[i]);
      hwc_hash_ctx c;
      hwc_hash_init_with(&c, (hwc_hash_alg)a, "soft");
      hwc_hash_update(&c, msgs[i], lens[i]);
      hwc_hash_final(&c, r + i * dl);
    }
    if (memcmp(d, r, NB * dl) != 0) fail("hash_many differs from soft");
    for (size_t i = 0; i < NB; i++) free(bufs[i]);
    free(d);
    free(r);
  }
  if (f == HWC_FAMILY_SHA256) {
    uint8_t in[9 * 64], d[9 * 32], r[9 * 32];
    rnd(in, sizeof(in));
    for (size_t i = 0; i < 9; i++) {
      hwc_hash_ctx c;
      hwc_hash_init_with(&c, HWC_SHA256, "soft");
      hwc_hash_update(&c, in + 64 * i, 64);
      hwc_hash_final(&c, r + 32 * i);
    }
    case_begin("%s: sha256_pairs n=9", b);
    SECRET(in, sizeof(in));
    if (hwc_sha256_pairs(b, in, 9, d) != HWC_OK) fail("pairs status");
    PUBLIC(d, sizeof(d));
    PUBLIC(in, sizeof(in));
    if (memcmp(d, r, sizeof(d)) != 0) fail("pairs differ from soft");
    case_end();
  }
}

/* HKDF and PBKDF2 (kdf.c) on the family's selected backend: ikm, salt and
 * password secret; lengths, info and the iteration count public. The
 * keys cross the block length (0..200 bytes), outputs are 1..3 blocks
 * long plus a partial one; results are checked against soft. */
static void case_kdf(hwc_family f, const char *b) {
  static const size_t klens[] = {0, 1, 32, 64, 65, 128, 129, 200};
  const char *prev = hwc_backend_current(f);
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    const size_t dl = hwc_hash_digest_len((hwc_hash_alg)a);
    for (size_t i = 0; i < sizeof(klens) / sizeof(klens[0]); i++) {
      const size_t klen = klens[i], slen = (i * 37) % 150, olen = 1 + (i * 29) % (3 * dl + 1);
      const uint32_t iters = 1 + (uint32_t)(i % 3);
      uint8_t key[256], salt[160], info[24], d[3 * HWC_HASH_MAX_DIGEST + 1], p[3 * HWC_HASH_MAX_DIGEST + 1];
      uint8_t rd[sizeof(d)], rp[sizeof(p)];
      rnd(key, klen);
      rnd(salt, slen);
      rnd(info, sizeof(info));
      case_begin("%s: hkdf+pbkdf2 alg=%d key=%zu salt=%zu out=%zu iterations=%u", b, a, klen, slen, olen, iters);
      if (hwc_backend_set(f, b) != HWC_OK) fail("backend_set");
      SECRET(key, klen);
      SECRET(salt, slen);
      if (hwc_hkdf((hwc_hash_alg)a, key, klen, salt, slen, info, sizeof(info), d, olen) != HWC_OK) fail("hkdf status");
      if (hwc_pbkdf2((hwc_hash_alg)a, key, klen, salt, slen, iters, p, olen) != HWC_OK) fail("pbkdf2 status");
      PUBLIC(d, olen);
      PUBLIC(p, olen);
      PUBLIC(key, klen);
      PUBLIC(salt, slen);
      hwc_backend_set(f, "soft");
      hwc_hkdf((hwc_hash_alg)a, key, klen, salt, slen, info, sizeof(info), rd, olen);
      hwc_pbkdf2((hwc_hash_alg)a, key, klen, salt, slen, iters, rp, olen);
      if (memcmp(d, rd, olen) != 0 || memcmp(p, rp, olen) != 0) fail("differs from soft");
      case_end();
    }
  }
  hwc_backend_set(f, prev);
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                   */
/* ------------------------------------------------------------------------ */

static void run_aes(const char *b, int unused, int quick) {
  (void)unused;
  fprintf(stderr, "ct: aes backend %s\n", b);
  case_key_expansion(b);
  case_gcm(b, quick);
  case_ctr(b, quick);
  case_cmac(b, quick);
  case_ecb_cbc(b, quick);
  case_xts(b, quick);
  case_ccm(b, quick);
  case_gcm_siv(b, quick);
  case_aegis(b, quick);
}

static void run_hash(const char *b, int family, int quick) {
  (void)quick;
  fprintf(stderr, "ct: %s backend %s\n", hwc_family_name((hwc_family)family), b);
  case_hash((hwc_family)family, b);
  case_hmac((hwc_family)family, b);
  case_kdf((hwc_family)family, b);
}

/* many=NAME,...: hash_many with each named backend (lane kernel or
 * single-stream) in every SHA family that lists it. */
static void run_many(const char *b, int unused, int quick) {
  (void)unused;
  (void)quick;
  fprintf(stderr, "ct: hash_many backend %s\n", b);
  for (int f = HWC_FAMILY_SHA1; f <= HWC_FAMILY_SHA512; f++) case_hash_many((hwc_family)f, b);
}

int main(int argc, char **argv) {
  if (!RUNNING_ON_VALGRIND) {
    fprintf(stderr, "ct_taint: run me under valgrind (memcheck), e.g. scripts/test-ct.sh\n");
    return 3;
  }
  int quick = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--quick")) quick = 1;
    else if (!strcmp(a, "--verbose")) g_verbose = 1;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strncmp(a, "aes=", 4)) for_each_name(a + 4, run_aes, 0, quick);
    else if (!strncmp(a, "sha1=", 5)) for_each_name(a + 5, run_hash, HWC_FAMILY_SHA1, quick);
    else if (!strncmp(a, "sha256=", 7)) for_each_name(a + 7, run_hash, HWC_FAMILY_SHA256, quick);
    else if (!strncmp(a, "sha512=", 7)) for_each_name(a + 7, run_hash, HWC_FAMILY_SHA512, quick);
    else if (!strncmp(a, "many=", 5)) for_each_name(a + 5, run_many, 0, quick);
    else if (a[0] != '-') {
      fprintf(stderr, "ct_taint: unknown argument %s\n", a);
      return 2;
    }
  }
  fprintf(stderr, "ct: %d cases, %d with memcheck reports (%lu reports), %d functional failures\n",
          g_cases, g_bad_cases, g_reports_total, g_failures);
  if (g_failures) return 2;
  return g_bad_cases ? 1 : 0;
}
