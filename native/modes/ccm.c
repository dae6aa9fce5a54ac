/*
 * ccm.c - AES-CCM (NIST SP 800-38C, RFC 3610) framing over a backend's
 * cbc_mac and ccm kernels.
 *
 * With an n-byte nonce N (7..13), q = 15 - n length bytes and a t-byte tag:
 *
 *   B_0 = flags || N || [len]_q     flags = 64·[aad] | 8·(t-2)/2 | (q-1)
 *   then the AAD with its length prefix ([a]_16 if a < 2^16 - 2^8, else
 *   0xfffe || [a]_32, else 0xffff || [a]_64), zero-padded to whole blocks,
 *   then the payload, zero-padded: the CBC-MAC X runs over all of it.
 *   A_i = (q-1) || N || [i]_q;  C = P ^ E_K(A_1) || E_K(A_2) ...
 *   T   = MSB_t(X ^ E_K(A_0))
 *
 * B_0 and the AAD go through cbc_mac here; the payload goes through the
 * stitched ccm kernel, which takes A_1 as a counter block with ctr32's
 * inc32 rule. The counter field is q bytes, but a payload of len < 2^(8q)
 * bytes (and at most HWC_CCM_MAX_PT) numbers at most 2^(8q-4) + 1 blocks
 * from 1, so neither the q-byte field nor the 32-bit lane ever wraps and
 * the two rules agree.
 *
 * Open decrypts and MACs, compares the tag in constant time, and on a
 * mismatch wipes every byte it wrote. Every intermediate is wiped.
 * Branches depend only on lengths (public).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

static int tag_len_ok(size_t t) { return t >= 4 && t <= 16 && t % 2 == 0; }

static hwc_status check_args(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, size_t len, const uint8_t *out,
                             size_t tag_len) {
  if (!hwc_aes_key_ok(k)) return HWC_ERR_STATE;
  if (!nonce || nonce_len < 7 || nonce_len > 13 || !tag_len_ok(tag_len)) return HWC_ERR_ARG;
  if ((aad_len && !aad) || (len && (!in || !out))) return HWC_ERR_ARG;
  size_t q = 15 - nonce_len;
  if ((uint64_t)len > HWC_CCM_MAX_PT) return HWC_ERR_ARG;
  if (q < 8 && (uint64_t)len >> (8 * q)) return HWC_ERR_ARG;
  return HWC_OK;
}

/* X = CBC-MAC over (length prefix || aad), zero-padded. */
static void ccm_mac_aad(const hwc_aes_key *k, uint8_t X[16], const uint8_t *aad, size_t aad_len) {
  uint8_t blk[16];
  size_t pre;
  memset(blk, 0, 16);
  if ((uint64_t)aad_len < 0xff00) {
    blk[0] = (uint8_t)(aad_len >> 8);
    blk[1] = (uint8_t)aad_len;
    pre = 2;
  } else if ((uint64_t)aad_len <= 0xffffffffULL) {
    blk[0] = 0xff;
    blk[1] = 0xfe;
    hwc_store_be32(blk + 2, (uint32_t)aad_len);
    pre = 6;
  } else {
    blk[0] = 0xff;
    blk[1] = 0xff;
    hwc_store_be64(blk + 2, (uint64_t)aad_len);
    pre = 10;
  }
  size_t first = aad_len < 16 - pre ? aad_len : 16 - pre;
  memcpy(blk + pre, aad, first);
  k->impl->cbc_mac(k, X, blk, 1);
  aad += first;
  aad_len -= first;
  size_t whole = aad_len / 16, rem = aad_len % 16;
  k->impl->cbc_mac(k, X, aad, whole);
  if (rem) {
    memset(blk, 0, 16);
    memcpy(blk, aad + whole * 16, rem);
    k->impl->cbc_mac(k, X, blk, 1);
  }
  hwc_wipe(blk, 16);
}

/* noinline, and the entry points burn its frame after it (hwcrypt_ct.h):
 * a stack check once found bytes of the untruncated tag in a spill slot
 * below the entry point, which no hwc_wipe of a named array reaches. */
#define CCM_BURN 1024
static HWC_NOINLINE void ccm_run(const hwc_aes_key *k, int seal, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, size_t tag_len,
                    uint8_t full_tag[16]) {
  size_t q = 15 - nonce_len;
  uint8_t X[16], blk[16], s0[16];
  /* B_0 */
  memset(blk, 0, 16);
  blk[0] = (uint8_t)((aad_len ? 64 : 0) | ((tag_len - 2) / 2) << 3 | (q - 1));
  memcpy(blk + 1, nonce, nonce_len);
  for (size_t i = 0; i < q && i < 8; i++) blk[15 - i] = (uint8_t)((uint64_t)len >> (8 * i));
  memset(X, 0, 16);
  k->impl->cbc_mac(k, X, blk, 1);
  if (aad_len) ccm_mac_aad(k, X, aad, aad_len);
  /* A_0, then A_1 for the payload */
  memset(blk, 0, 16);
  blk[0] = (uint8_t)(q - 1);
  memcpy(blk + 1, nonce, nonce_len);
  k->impl->encrypt_block(k, blk, s0);
  blk[15] = 1;
  if (len) k->impl->ccm(k, seal, blk, X, in, out, len);
  for (int i = 0; i < 16; i++) full_tag[i] = X[i] ^ s0[i];
  hwc_wipe(X, 16);
  hwc_wipe(s0, 16);
  hwc_wipe(blk, 16);
}

hwc_status hwc_ccm_seal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                        size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                        size_t tag_len) {
  hwc_status st = check_args(k, nonce, nonce_len, aad, aad_len, pt, len, out, tag_len);
  if (st != HWC_OK) return st;
  if (!tag) return HWC_ERR_ARG;
  uint8_t full[16];
  ccm_run(k, 1, nonce, nonce_len, aad, aad_len, pt, len, out, tag_len, full);
  hwc_burn_stack(CCM_BURN);
  memcpy(tag, full, tag_len);
  hwc_wipe(full, 16);
  return HWC_OK;
}

hwc_status hwc_ccm_open(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                        size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len,
                        uint8_t *out) {
  hwc_status st = check_args(k, nonce, nonce_len, aad, aad_len, ct, len, out, tag_len);
  if (st != HWC_OK) return st;
  if (!tag) return HWC_ERR_ARG;
  uint8_t full[16];
  ccm_run(k, 0, nonce, nonce_len, aad, aad_len, ct, len, out, tag_len, full);
  hwc_burn_stack(CCM_BURN);
  int ok = hwc_ct_equal(full, tag, tag_len);
  /* The accept/reject bit is the one public result (as in gcm.c). */
  HWC_CT_DECLASSIFY(&ok, sizeof(ok));
  hwc_wipe(full, 16);
  if (!ok) {
    if (len) hwc_wipe(out, len);
    return HWC_ERR_AUTH;
  }
  return HWC_OK;
}
