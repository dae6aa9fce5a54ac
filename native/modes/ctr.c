/*
 * ctr.c - AES-CTR with a full 128-bit big-endian counter (SP 800-38A
 * "standard incrementing function" over the whole block, as OpenSSL's
 * aes-*-ctr does): after block 0xff..ff comes 00..00.
 *
 * The kernels only ever add to the last 32 bits, modulo 2^32
 * (hwcrypt_impl.h), so the message is cut where those bits wrap; there the
 * carry is propagated into the upper 96 bits here, once per 2^32 blocks
 * (64 GiB), not in the kernels.
 *
 * Constant time: the cut is a branch and a length computed from the
 * counter, so this is constant-time only with respect to the key and the
 * data, not the counter. That is deliberate: the counter block is the IV
 * the caller chose and sends with the ciphertext (as with OpenSSL's
 * aes-*-ctr), i.e. public. Code that needs a secret starting counter must
 * not use hwc_ctr_xor; GCM does not (gcm.c calls the kernels directly with
 * inc32 semantics, no cut). docs/security.md.
 */
#include "hwcrypt_impl.h"

hwc_status hwc_ctr_xor(const hwc_aes_key *k, const uint8_t counter[16], const uint8_t *in,
                       uint8_t *out, size_t len) {
  if (!k || k->magic != HWC_AES_KEY_MAGIC || !k->impl) return HWC_ERR_STATE;
  uint8_t ctr[16];
  memcpy(ctr, counter, 16);
  while (len) {
    uint64_t blocks_left = ((uint64_t)1 << 32) - hwc_load_be32(ctr + 12);
    size_t n = len;
    if ((uint64_t)(len + 15) / 16 > blocks_left) n = (size_t)(blocks_left * 16);
    k->impl->ctr32(k, ctr, in, out, n);
    in += n;
    out += n;
    len -= n;
    if (len) {
      /* low word wrapped to zero: carry into bytes 11..0 */
      hwc_store_be32(ctr + 12, 0);
      for (int i = 11; i >= 0; i--)
        if (++ctr[i] != 0) break;
    }
  }
  hwc_wipe(ctr, sizeof(ctr));
  return HWC_OK;
}
