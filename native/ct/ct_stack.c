/*
 * ct_stack.c - checks the stack-wiping rule of docs/security.md: after a
 * call into the core returns, the stack memory it used holds no secret.
 *
 * The check paints a deep region of stack with a pattern, calls the
 * operation from the same frame, then scans the same region (a function
 * called from the same frame finds its locals where the operation's
 * frames were) for values only a leak could put there:
 *  - hashes: any word of the message schedule of the last block (the
 *    soft kernels' 16-word window ends up holding the last 16, from which
 *    the recurrence runs backwards to the block); HMAC: those of the
 *    K XOR ipad and K XOR opad blocks, which give the key away; PBKDF2:
 *    those, the HMAC pad-state words and pieces of the derived key.
 *  - AES key expansion: 4-byte words of the key (the schedule's first
 *    round key words, little- or big-endian).
 *  - GCM seal/CTR: 8-byte pieces of the keystream (ciphertext XOR
 *    plaintext).
 *  - CMAC: 8-byte pieces of the subkeys K1/K2 and of the first two CBC-MAC
 *    chaining values.
 * Run natively (not under valgrind): it reads stack it did not write,
 * which is the point. Exit 1 if any needle is found.
 *
 *   hwc_ct_stack [aes=soft,...] [sha256=soft,...] ...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_common.h"
#include "hwcrypt.h"

#define DEPTH 16384

static __attribute__((noinline)) void paint(void) {
  uint8_t buf[DEPTH];
  memset(buf, 0xa5, sizeof(buf));
  __asm__ __volatile__("" : : "r"(buf) : "memory");
}

/* Copies the region below the caller's frame (where the operation's
 * frames were) to out, before anything else runs there. */
static __attribute__((noinline)) void grab(uint8_t *out) {
  uint8_t buf[DEPTH];
  __asm__ __volatile__("" : : "r"(buf) : "memory"); /* buf is "written" here */
  memcpy(out, buf, sizeof(buf));
}

static int g_verbose;

static size_t count(const uint8_t *hay, const uint8_t *needle, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i + n <= DEPTH; i++)
    if (memcmp(hay + i, needle, n) == 0) {
      c++;
      if (g_verbose) printf("    found %zu bytes at %zu bytes below the caller's frame\n", n, DEPTH - i);
    }
  return c;
}

static int g_fail, g_checks;
static uint8_t g_snap[DEPTH];

static void report(const char *what, size_t hits) {
  g_checks++;
  if (hits) g_fail++;
  printf("  %s %s: %zu secret value(s) left on the stack\n", hits ? "FAIL" : "ok  ", what, hits);
}

#define ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

/* Hits of any word of the message schedule of the block at p (all 64 or
 * 80 words: the soft kernels keep a rolling 16-word window, which at the
 * end of a block holds the last 16 words, and those give the block back
 * by running the recurrence backwards), except the first 16 words that
 * lie wholly in the block's public part (p[secret_bytes ..): padding,
 * length, 0x36/0x5c fill), which are small constants that occur on any
 * stack. Words as the kernels store them: native 32- or 64-bit integers. */
static size_t schedule_hits(const uint8_t *p, size_t secret_bytes, hwc_family f) {
  size_t hits = 0;
  if (f == HWC_FAMILY_SHA512) {
    uint64_t W[80];
    for (int t = 0; t < 16; t++) {
      W[t] = 0;
      for (int j = 0; j < 8; j++) W[t] = W[t] << 8 | p[8 * t + j];
    }
    for (int t = 16; t < 80; t++) {
      uint64_t s0 = ROR64(W[t - 15], 1) ^ ROR64(W[t - 15], 8) ^ (W[t - 15] >> 7);
      uint64_t s1 = ROR64(W[t - 2], 19) ^ ROR64(W[t - 2], 61) ^ (W[t - 2] >> 6);
      W[t] = s1 + W[t - 7] + s0 + W[t - 16];
    }
    for (int t = 0; t < 80; t++)
      if (t >= 16 || (size_t)(8 * t) < secret_bytes)
        hits += count(g_snap, (const uint8_t *)&W[t], 8);
    return hits;
  }
  uint32_t W[80];
  for (int t = 0; t < 16; t++)
    W[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 |
           p[4 * t + 3];
  const int n = f == HWC_FAMILY_SHA1 ? 80 : 64;
  for (int t = 16; t < n; t++) {
    if (f == HWC_FAMILY_SHA1) {
      uint32_t x = W[t - 3] ^ W[t - 8] ^ W[t - 14] ^ W[t - 16];
      W[t] = (x << 1) | (x >> 31);
    } else {
      uint32_t s0 = ROR32(W[t - 15], 7) ^ ROR32(W[t - 15], 18) ^ (W[t - 15] >> 3);
      uint32_t s1 = ROR32(W[t - 2], 17) ^ ROR32(W[t - 2], 19) ^ (W[t - 2] >> 10);
      W[t] = s1 + W[t - 7] + s0 + W[t - 16];
    }
  }
  for (int t = 0; t < n; t++)
    if (t >= 16 || (size_t)(4 * t) < secret_bytes)
      hits += count(g_snap, (const uint8_t *)&W[t], 4);
  return hits;
}

static void check_hash(hwc_family f, const char *b) {
  const char *prev = hwc_backend_current(f);
  if (hwc_backend_set(f, b) != HWC_OK) return;
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    const size_t bl = hwc_hash_block_len((hwc_hash_alg)a), len = bl + 36;
    uint8_t key[32], msg[300], out[64], blk[128];
    rnd(key, sizeof(key));
    rnd(msg, sizeof(msg));
    /* a secret message of one block and 36 bytes: the last block the
     * kernel sees is msg[bl ..) || 0x80 || 0.. || bit length */
    paint();
    hwc_hash((hwc_hash_alg)a, msg, len, out);
    grab(g_snap);
    memset(blk, 0, sizeof(blk));
    memcpy(blk, msg + bl, 36);
    blk[36] = 0x80;
    blk[bl - 2] = (uint8_t)((len * 8) >> 8);
    blk[bl - 1] = (uint8_t)(len * 8);
    char what[192];
    snprintf(what, sizeof(what), "%-7s hash alg %d: message schedule words", b, a);
    report(what, schedule_hits(blk, 36, f));
    /* HMAC with a 32-byte key: the K ^ ipad and K ^ opad blocks */
    paint();
    hwc_hmac((hwc_hash_alg)a, key, sizeof(key), msg, 100, out);
    grab(g_snap);
    size_t hits = 0;
    for (int x = 0; x < 2; x++) {
      memset(blk, x ? 0x5c : 0x36, sizeof(blk));
      for (int j = 0; j < 32; j++) blk[j] ^= key[j];
      hits += schedule_hits(blk, 32, f);
    }
    snprintf(what, sizeof(what), "%-7s hmac alg %d: K^ipad, K^opad schedule words", b, a);
    report(what, hits);
    /* PBKDF2 (32-byte password, 3 iterations, three blocks): the K ^ pad
     * schedule words, the HMAC pad states (the password's stand-in for
     * every iteration) and the words of the result, in both byte orders
     * (the loop keeps T in native state words). */
    const size_t dl = hwc_hash_digest_len((hwc_hash_alg)a), dk_len = 3 * dl;
    uint8_t dk[3 * 64];
    paint();
    hwc_pbkdf2((hwc_hash_alg)a, key, sizeof(key), msg, 16, 3, dk, dk_len);
    grab(g_snap);
    hits = 0;
    for (int x = 0; x < 2; x++) {
      memset(blk, x ? 0x5c : 0x36, sizeof(blk));
      for (int j = 0; j < 32; j++) blk[j] ^= key[j];
      hits += schedule_hits(blk, 32, f);
    }
    hwc_hmac_ctx prf;
    hwc_hmac_init(&prf, (hwc_hash_alg)a, key, sizeof(key));
    const size_t wsz = f == HWC_FAMILY_SHA512 ? 8 : 4, nw = f == HWC_FAMILY_SHA1 ? 5 : 8;
    for (size_t i = 0; i < nw; i++) {
      hits += count(g_snap, (const uint8_t *)&prf.inner.state + wsz * i, wsz);
      hits += count(g_snap, (const uint8_t *)&prf.outer.state + wsz * i, wsz);
    }
    hwc_hmac_wipe(&prf);
    for (size_t i = 0; i + wsz <= dk_len; i += wsz) {
      uint8_t rev[8];
      for (size_t j = 0; j < wsz; j++) rev[j] = dk[i + wsz - 1 - j];
      hits += count(g_snap, dk + i, wsz) + count(g_snap, rev, wsz);
    }
    snprintf(what, sizeof(what), "%-7s pbkdf2 alg %d: K^pad words, pad states, result", b, a);
    report(what, hits);
  }
  hwc_backend_set(f, prev);
}

static void check_aes(const char *b) {
  uint8_t key[32], pt[600], ct[600], nonce[12], tag[16];
  rnd(key, sizeof(key));
  rnd(pt, sizeof(pt));
  rnd(nonce, sizeof(nonce));
  hwc_aes_key *k = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  for (size_t klen = 16; klen <= 32; klen += 8) {
    paint();
    if (hwc_aes_key_init_with(k, b, key, klen) != HWC_OK) break;
    grab(g_snap);
    size_t hits = 0;
    for (size_t i = 4; i + 4 <= klen; i += 4) { /* word 0 may be any 4 bytes; skip it */
      uint8_t rev[4] = {key[i + 3], key[i + 2], key[i + 1], key[i]};
      hits += count(g_snap, key + i, 4) + count(g_snap, rev, 4);
    }
    char what[192];
    snprintf(what, sizeof(what), "%-6s AES-%zu key expansion: key words", b, klen * 8);
    report(what, hits);
  }
  for (int op = 0; op < 2; op++) {
    paint();
    if (op == 0) hwc_gcm_seal(k, nonce, sizeof(nonce), NULL, 0, pt, sizeof(pt), ct, tag, 16);
    else hwc_ctr_xor(k, key, pt, ct, sizeof(pt));
    grab(g_snap);
    size_t hits = 0;
    for (size_t i = 0; i + 8 <= sizeof(pt); i += 8) {
      uint8_t ks[8];
      for (int j = 0; j < 8; j++) ks[j] = pt[i + (size_t)j] ^ ct[i + (size_t)j];
      size_t h = count(g_snap, ks, 8);
      if (h && g_verbose) printf("    (keystream bytes %zu..%zu)\n", i, i + 7);
      hits += h;
    }
    char what[192];
    snprintf(what, sizeof(what), "%-6s %s 600 B: keystream", b, op ? "ctr" : "gcm seal");
    report(what, hits);
  }
  /* CMAC of 600 B: the subkeys K1, K2 and the first chaining values
   * X_1 = E_K(M_1), X_2 = E_K(X_1 ^ M_2), computed here from one-block
   * CTR calls (E_K(c) = CTR keystream at counter c). */
  {
    uint8_t L[16], sub[2][16], x[2][16], zero[16] = {0}, blk[16];
    hwc_ctr_xor(k, zero, zero, L, 16);
    for (int s = 0; s < 2; s++) {
      const uint8_t *in = s ? sub[0] : L;
      for (int i = 0; i < 16; i++) sub[s][i] = (uint8_t)((in[i] << 1) | (i < 15 ? in[i + 1] >> 7 : 0));
      sub[s][15] ^= (uint8_t)(0x87 & -(in[0] >> 7));
    }
    hwc_ctr_xor(k, pt, zero, x[0], 16);
    for (int i = 0; i < 16; i++) blk[i] = x[0][i] ^ pt[16 + i];
    hwc_ctr_xor(k, blk, zero, x[1], 16);
    paint();
    hwc_cmac(k, pt, sizeof(pt), tag);
    grab(g_snap);
    size_t hits = 0;
    for (int s = 0; s < 2; s++)
      for (int h = 0; h < 2; h++) hits += count(g_snap, sub[s] + 8 * h, 8) + count(g_snap, x[s] + 8 * h, 8);
    char what[192];
    snprintf(what, sizeof(what), "%-6s cmac 600 B: subkeys K1/K2, chaining values", b);
    report(what, hits);
  }
  hwc_aes_key_wipe(k);
  free(k);
}

/* for_each_name's callback: checks one backend of family f. */
static void check_one(const char *name, int f, int unused) {
  (void)unused;
  if (f == HWC_FAMILY_AES) check_aes(name);
  else check_hash((hwc_family)f, name);
}

static void each(const char *list, hwc_family f) { for_each_name(list, check_one, f, 0); }

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--verbose")) g_verbose = 1;
    else if (!strncmp(a, "aes=", 4)) each(a + 4, HWC_FAMILY_AES);
    else if (!strncmp(a, "sha1=", 5)) each(a + 5, HWC_FAMILY_SHA1);
    else if (!strncmp(a, "sha256=", 7)) each(a + 7, HWC_FAMILY_SHA256);
    else if (!strncmp(a, "sha512=", 7)) each(a + 7, HWC_FAMILY_SHA512);
    else {
      fprintf(stderr, "usage: hwc_ct_stack [--verbose] [aes=b,..] [sha1=b,..] [sha256=b,..] [sha512=b,..]\n");
      return 2;
    }
  }
  printf("stack residue: %d checks, %d failed\n", g_checks, g_fail);
  return g_fail ? 1 : 0;
}
