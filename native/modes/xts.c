/*
 * xts.c - AES-XTS (IEEE 1619-2018, NIST SP 800-38E).
 *
 *   T_0 = E_K2(tweak),  T_{j+1} = T_j * alpha  (GF(2^128), little-endian)
 *   C_j = E_K1(P_j ^ T_j) ^ T_j
 *
 * The backend's xts kernel runs the whole blocks and advances T. A length
 * that is not a multiple of 16 ends with ciphertext stealing (IEEE 1619
 * 5.3.2 / 5.4.2), framed here with the kernel on single blocks: with
 * m whole blocks and r = len % 16 > 0 bytes left over,
 *
 *   encrypt: CC = XTS(P_{m-1}, T_{m-1});  C_m = CC[0..r)
 *            C_{m-1} = XTS(P_m || CC[r..16), T_m)
 *   decrypt: PP = XTS^-1(C_{m-1}, T_m);   P_m = PP[0..r)
 *            P_{m-1} = XTS^-1(C_m || PP[r..16), T_{m-1})
 *
 * Decryption needs T_m before T_{m-1}, so the glue keeps T_{m-1} and
 * multiplies by alpha itself (xts_mul_alpha, masks only). The tweak values
 * and the data are secret; only len (public) decides the branches.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

HWC_INLINE void xts_mul_alpha(uint8_t T[16]) {
  uint64_t lo = hwc_load_le64(T), hi = hwc_load_le64(T + 8);
  uint64_t carry = (uint64_t)0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo = (lo << 1) ^ (carry & 0x87);
  hwc_store_le64(T, lo);
  hwc_store_le64(T + 8, hi);
  HWC_OPAQUE_GPR(carry);
}

hwc_status hwc_xts_key_init(hwc_aes_key *k1, hwc_aes_key *k2, const char *backend, const uint8_t *key,
                            size_t key_len) {
  if (!k1 || !k2 || !key || (key_len != 32 && key_len != 48 && key_len != 64)) return HWC_ERR_ARG;
  size_t half = key_len / 2;
  int same = hwc_ct_equal(key, key + half, half);
  /* Whether the halves are equal is the one public bit about the key. */
  HWC_CT_DECLASSIFY(&same, sizeof(same));
  if (same) return HWC_ERR_ARG;
  hwc_status st = hwc_aes_key_init_with(k1, backend, key, half);
  if (st == HWC_OK) st = hwc_aes_key_init_with(k2, backend, key + half, half);
  if (st != HWC_OK) {
    hwc_aes_key_wipe(k1);
    hwc_aes_key_wipe(k2);
  }
  return st;
}

static hwc_status xts_run(const hwc_aes_key *k1, const hwc_aes_key *k2, int seal, const uint8_t tweak[16],
                          const uint8_t *in, uint8_t *out, size_t len) {
  if (!hwc_aes_key_ok(k1) || !hwc_aes_key_ok(k2)) return HWC_ERR_STATE;
  if (!tweak || !in || !out || len < 16 || len > HWC_XTS_MAX_LEN) return HWC_ERR_ARG;
  const hwc_aes_impl *impl = k1->impl;
  size_t m = len / 16, r = len % 16;
  uint8_t T[16], Tm[16], cc[16], pp[16];
  k2->impl->encrypt_block(k2, tweak, T);
  if (r == 0) {
    impl->xts(k1, seal, T, in, out, m);
  } else {
    impl->xts(k1, seal, T, in, out, m - 1); /* T = T_{m-1} */
    const uint8_t *in_last = in + (m - 1) * 16, *in_tail = in + m * 16;
    uint8_t *out_last = out + (m - 1) * 16, *out_tail = out + m * 16;
    if (seal) {
      impl->xts(k1, 1, T, in_last, cc, 1); /* CC, T = T_m */
      memcpy(pp, cc, 16);
      memcpy(pp, in_tail, r);              /* P_m || CC[r..16) */
      memcpy(out_tail, cc, r);             /* C_m, after P_m was read */
      impl->xts(k1, 1, T, pp, out_last, 1);
    } else {
      memcpy(Tm, T, 16);
      xts_mul_alpha(Tm);                   /* T_m */
      impl->xts(k1, 0, Tm, in_last, pp, 1); /* PP */
      memcpy(cc, pp, 16);
      memcpy(cc, in_tail, r);              /* C_m || PP[r..16) */
      memcpy(out_tail, pp, r);             /* P_m, after C_m was read */
      impl->xts(k1, 0, T, cc, out_last, 1);
    }
  }
  hwc_wipe(T, 16);
  hwc_wipe(Tm, 16);
  hwc_wipe(cc, 16);
  hwc_wipe(pp, 16);
  return HWC_OK;
}

hwc_status hwc_xts_encrypt(const hwc_aes_key *k1, const hwc_aes_key *k2, const uint8_t tweak[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  return xts_run(k1, k2, 1, tweak, in, out, len);
}

hwc_status hwc_xts_decrypt(const hwc_aes_key *k1, const hwc_aes_key *k2, const uint8_t tweak[16],
                           const uint8_t *in, uint8_t *out, size_t len) {
  return xts_run(k1, k2, 0, tweak, in, out, len);
}
