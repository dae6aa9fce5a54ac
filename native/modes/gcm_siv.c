/*
 * gcm_siv.c - AES-GCM-SIV (RFC 8452) over a backend's kernels.
 *
 * k is the key-generating key (16 or 32 bytes). Per message, with the
 * 12-byte nonce N:
 *
 *   for i = 0 .. (2 or 4 more):  B_i = E_K(le32(i) || N), keep B_i[0..7]
 *   auth key  = B_0[0..7] || B_1[0..7]                       (16 bytes)
 *   enc key   = B_2[0..7] || B_3[0..7] (|| B_4 || B_5 for AES-256)
 *   S   = POLYVAL(auth, pad(A) || pad(P) || le64(8|A|) || le64(8|P|))
 *   S[0..11] ^= N, S[15] &= 0x7f, tag = E_enc(S)
 *   C   = P ^ keystream, block i = E_enc(ctr_i), ctr_i = tag with
 *         tag[15] |= 0x80 and its first 4 bytes, read as a little-endian
 *         uint32, plus i mod 2^32 (the other 12 bytes never change)
 *
 * A backend with the gcm_siv entry (the x86 ones: aesni, vaes256,
 * vaes512) takes the whole message in one call (hwcrypt_impl.h): it
 * derives the keys in one parallel AES pass, keeps the encryption key
 * schedule and only as many powers of the auth key as the message needs
 * in scratch of its own, runs an aggregated POLYVAL and a full-width CTR
 * with GCM-SIV's counter. This file then checks the arguments and, for
 * open, compares the tags and wipes the output on mismatch.
 *
 * Every other backend (soft, armv8) runs the composed path below: the 4
 * or 6 derivation blocks in one ecb call; the message-encryption key
 * expanded with k's own backend into a key object on this function's
 * stack, so the CTR part runs on that backend's ecb kernel (counter blocks
 * built here, 32 at a time, encrypted in one call, XORed in); POLYVAL on
 * the backend's optional polyval entry where it has one (armv8: PMULL, 8
 * blocks per reduction), else on the portable constant-time code below
 * (soft). The backends' ghash kernels cannot serve through RFC 8452
 * Appendix A's identity: they carry their own H (E_K(0) of the key object,
 * computed in init), while GCM-SIV's POLYVAL key is derived per message.
 *
 * Every intermediate (derived keys, the expanded key object, S, counter
 * and keystream blocks) is wiped before returning. open decrypts with the
 * received tag, recomputes the tag over the plaintext and compares in
 * constant time; on mismatch out is wiped and HWC_ERR_AUTH returned.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* ------------------------------------------------------------------------ */
/* POLYVAL, portable and constant time                                      */
/* ------------------------------------------------------------------------ */

/*
 * Field elements are 128-bit little-endian values: bit j of byte i is the
 * coefficient of x^(8i+j); w[0] holds x^0..x^63, w[1] x^64..x^127. The
 * field polynomial is p = x^128 + x^127 + x^126 + x^121 + 1 and
 * POLYVAL's product is dot(a, b) = a * b * x^-128 mod p.
 *
 * clmul64: the carry-less 64x64 -> 128-bit product. Each bit of b selects
 * a shifted copy of a through an all-ones/all-zeros mask, so the
 * instruction sequence and the memory accesses are the same for every a
 * and b (no table, no branch on data; the shift counts are the loop index).
 *
 * Reduction (Montgomery, one 64-bit word at a time): for the 256-bit
 * product P = w0 + w1 x^64 + w2 x^128 + w3 x^192, adding q * p with q = w0
 * clears the lowest word because p = 1 mod x^64; its other terms
 * q x^121 + q x^126 + q x^127 + q x^128 land in words 1 and 2. The same
 * step with the new w1 clears word 1 into words 2 and 3. What is left,
 * (w2, w3), is P * x^-128 mod p, already of degree < 128.
 */
static void clmul64(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi) {
  uint64_t l = 0, h = 0;
  l = a & (0 - (b & 1));
  for (unsigned i = 1; i < 64; i++) {
    uint64_t m = 0 - ((b >> i) & 1);
    l ^= (a << i) & m;
    h ^= (a >> (64 - i)) & m;
  }
  *lo = l;
  *hi = h;
}

static void polyval_mul(uint64_t y[2], const uint64_t h[2]) {
  uint64_t a0l, a0h, a1l, a1h, m0l, m0h, m1l, m1h;
  clmul64(y[0], h[0], &a0l, &a0h);
  clmul64(y[1], h[1], &a1l, &a1h);
  clmul64(y[0], h[1], &m0l, &m0h);
  clmul64(y[1], h[0], &m1l, &m1h);
  uint64_t w0 = a0l, w1 = a0h ^ m0l ^ m1l, w2 = a1l ^ m0h ^ m1h, w3 = a1h;
  w1 ^= (w0 << 57) ^ (w0 << 62) ^ (w0 << 63);
  w2 ^= w0 ^ (w0 >> 7) ^ (w0 >> 2) ^ (w0 >> 1);
  w2 ^= (w1 << 57) ^ (w1 << 62) ^ (w1 << 63);
  w3 ^= w1 ^ (w1 >> 7) ^ (w1 >> 2) ^ (w1 >> 1);
  y[0] = w2;
  y[1] = w3;
}

/* y = POLYVAL(h, y, data zero-padded to a multiple of 16). */
static void polyval_portable(uint64_t y[2], const uint64_t h[2], const uint8_t *data, size_t len) {
  while (len >= 16) {
    y[0] ^= hwc_load_le64(data);
    y[1] ^= hwc_load_le64(data + 8);
    polyval_mul(y, h);
    data += 16;
    len -= 16;
  }
  if (len) {
    uint8_t last[16];
    memset(last, 0, 16);
    memcpy(last, data, len);
    y[0] ^= hwc_load_le64(last);
    y[1] ^= hwc_load_le64(last + 8);
    polyval_mul(y, h);
    hwc_wipe(last, 16);
  }
}

/* Y = POLYVAL_H(Y, data) on the backend's kernel where it has one (the
 * optional polyval entry), else the portable code above. H and Y are
 * 16-byte little-endian field elements. */
static void polyval_update(const hwc_aes_impl *impl, const uint8_t H[16], uint8_t Y[16], const uint8_t *data,
                           size_t len) {
  if (impl->polyval) {
    impl->polyval(H, Y, data, len);
    return;
  }
  uint64_t h[2] = {hwc_load_le64(H), hwc_load_le64(H + 8)};
  uint64_t y[2] = {hwc_load_le64(Y), hwc_load_le64(Y + 8)};
  polyval_portable(y, h, data, len);
  hwc_store_le64(Y, y[0]);
  hwc_store_le64(Y + 8, y[1]);
  hwc_wipe(h, sizeof(h));
  hwc_wipe(y, sizeof(y));
}

/* ------------------------------------------------------------------------ */
/* The mode                                                                 */
/* ------------------------------------------------------------------------ */

#define SIV_CHUNK 32 /* counter blocks per ecb call */

/* The per-message state: the expanded message-encryption key (any
 * backend's key object fits HWC_AES_BACKEND_BYTES) and the auth key. */
typedef struct siv_msg {
  HWC_ALIGN(64) uint8_t enc_obj[sizeof(hwc_aes_key) + HWC_AES_BACKEND_BYTES];
  uint8_t auth[16];
} siv_msg;

/* The 4 (AES-128) or 6 (AES-256) derivation blocks le32(i) || N in one
 * parallel ecb call; the auth key and the message-encryption key are their
 * first halves. */
static hwc_status derive_keys(const hwc_aes_key *k, const uint8_t nonce[12], siv_msg *m) {
  uint8_t blk[6 * 16], keys[48];
  size_t nblk = 2 + k->key_bytes / 8; /* 4 for AES-128, 6 for AES-256 */
  for (size_t i = 0; i < nblk; i++) {
    hwc_store_le32(blk + 16 * i, (uint32_t)i);
    memcpy(blk + 16 * i + 4, nonce, 12);
  }
  k->impl->ecb(k, 1, blk, blk, nblk);
  for (size_t i = 0; i < nblk; i++) memcpy(keys + 8 * i, blk + 16 * i, 8);
  memcpy(m->auth, keys, 16);
  hwc_status st = hwc_aes_key_init_with((hwc_aes_key *)(void *)m->enc_obj, k->impl->name, keys + 16,
                                        k->key_bytes);
  hwc_wipe(blk, sizeof(blk));
  hwc_wipe(keys, sizeof(keys));
  return st;
}

/* tag = E_enc(POLYVAL(auth, A, P, lengths) ^ nonce, top bit cleared). */
static void siv_tag(const siv_msg *m, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
                    const uint8_t *pt, size_t len, uint8_t tag[16]) {
  const hwc_aes_key *ek = (const hwc_aes_key *)(const void *)m->enc_obj;
  uint8_t s[16], lens[16];
  memset(s, 0, 16);
  if (aad_len) polyval_update(ek->impl, m->auth, s, aad, aad_len);
  if (len) polyval_update(ek->impl, m->auth, s, pt, len);
  hwc_store_le64(lens, (uint64_t)aad_len * 8);
  hwc_store_le64(lens + 8, (uint64_t)len * 8);
  polyval_update(ek->impl, m->auth, s, lens, 16);
  for (int i = 0; i < 12; i++) s[i] ^= nonce[i];
  s[15] &= 0x7f;
  ek->impl->encrypt_block(ek, s, tag);
  hwc_wipe(s, 16);
}

/* out = in ^ keystream from the counter block derived from tag. */
static void siv_ctr(const hwc_aes_key *ek, const uint8_t tag[16], const uint8_t *in, uint8_t *out,
                    size_t len) {
  HWC_ALIGN(64) uint8_t blk[SIV_CHUNK * 16];
  uint8_t base[16];
  memcpy(base, tag, 16);
  base[15] |= 0x80;
  uint32_t ctr = hwc_load_le32(base);
  while (len) {
    size_t n = len < sizeof(blk) ? len : sizeof(blk);
    size_t nb = (n + 15) / 16;
    for (size_t i = 0; i < nb; i++) {
      /* counter i of the chunk, wrapping mod 2^32 with no carry. The
       * empty asm keeps gcc -O3 from making the secret counter the loop's
       * induction variable (it compared it against ctr + nb to exit: a
       * branch on a secret for valgrind, though equal to the count). */
      size_t j = i;
      HWC_OPAQUE_GPR(j);
      const uint32_t c = ctr + (uint32_t)j;
      memcpy(blk + 16 * i, base, 16);
      hwc_store_le32(blk + 16 * i, c);
    }
    ctr += (uint32_t)nb;
    ek->impl->ecb(ek, 1, blk, blk, nb);
    for (size_t i = 0; i < n; i++) out[i] = in[i] ^ blk[i];
    in += n;
    out += n;
    len -= n;
  }
  hwc_wipe(blk, sizeof(blk));
  hwc_wipe(base, 16);
  hwc_wipe(&ctr, sizeof(ctr));
}

static hwc_status check_args(const hwc_aes_key *k, size_t aad_len, size_t len) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (k->key_bytes != 16 && k->key_bytes != 32) return HWC_ERR_ARG;
  if ((uint64_t)len > HWC_GCM_SIV_MAX_PT || (uint64_t)aad_len > HWC_GCM_SIV_MAX_AAD) return HWC_ERR_ARG;
  return HWC_OK;
}

static void siv_msg_wipe(siv_msg *m) {
  hwc_aes_key_wipe((hwc_aes_key *)(void *)m->enc_obj);
  hwc_wipe(m, sizeof(*m));
}

/* The whole message on a backend without the gcm_siv entry, with the
 * entry's contract (hwcrypt_impl.h): seal: out = ciphertext, tag = the
 * tag; open: tag holds the received tag (the counter seed) on entry and
 * the tag computed over the plaintext on return. */
static hwc_status siv_composed(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  siv_msg m;
  hwc_status st = derive_keys(k, nonce, &m);
  if (st == HWC_OK) {
    const hwc_aes_key *ek = (const hwc_aes_key *)(const void *)m.enc_obj;
    if (seal) {
      siv_tag(&m, nonce, aad, aad_len, in, len, tag);
      if (len) siv_ctr(ek, tag, in, out, len);
    } else {
      if (len) siv_ctr(ek, tag, in, out, len);
      siv_tag(&m, nonce, aad, aad_len, out, len, tag);
    }
  }
  siv_msg_wipe(&m);
  return st;
}

static hwc_status siv_run(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  if (k->impl->gcm_siv) {
    k->impl->gcm_siv(k, seal, nonce, aad, aad_len, in, len, out, tag);
    return HWC_OK;
  }
  return siv_composed(k, seal, nonce, aad, aad_len, in, len, out, tag);
}

hwc_status hwc_gcm_siv_seal(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                            uint8_t tag[16]) {
  hwc_status st = check_args(k, aad_len, len);
  if (st != HWC_OK) return st;
  uint8_t t[16];
  st = siv_run(k, 1, nonce, aad, aad_len, pt, len, out, t);
  if (st == HWC_OK) memcpy(tag, t, 16);
  hwc_wipe(t, 16);
  return st;
}

hwc_status hwc_gcm_siv_open(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *ct, size_t len, const uint8_t tag[16],
                            uint8_t *out) {
  hwc_status st = check_args(k, aad_len, len);
  if (st != HWC_OK) return st;
  uint8_t t[16], want[16];
  memcpy(t, tag, 16); /* the received tag is the counter seed and the reference */
  memcpy(want, t, 16);
  st = siv_run(k, 0, nonce, aad, aad_len, ct, len, out, want);
  if (st == HWC_OK) {
    int ok = hwc_ct_equal(want, t, 16);
    /* The accept/reject bit is the one public result (as in gcm.c). */
    HWC_CT_DECLASSIFY(&ok, sizeof(ok));
    if (!ok) {
      if (len) hwc_wipe(out, len);
      st = HWC_ERR_AUTH;
    }
  }
  hwc_wipe(want, 16);
  hwc_wipe(t, 16);
  return st;
}
