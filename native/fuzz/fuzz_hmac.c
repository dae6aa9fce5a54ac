/*
 * fuzz_hmac.c - libFuzzer target: HMAC of every hash algorithm and every
 * backend of its family, against an HMAC computed here from the soft hash.
 *
 * The reference is written out from RFC 2104 on top of the soft hash
 * (init_with "soft"), so it checks native/modes/hmac.c's framing as well as
 * the backends: the long-key path (key longer than the block is hashed
 * first), keys of exactly one block, the empty key, and the context copies
 * hmac.c makes before any data is absorbed.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    algorithm: b % 6 (hwc_hash_alg)
 *   [1]    key length 0..255 (clamped to what is left; 255 > SHA-512's
 *          128-byte block)
 *   [2]    number of split points n = 1 + (b & 7), then n bytes s_i:
 *          update lengths as in fuzz_sha.c
 *   then   the key, and the rest of the input is the message.
 *
 * Checks, for every backend b of the family (soft included), selected with
 * hwc_backend_set and reset afterwards:
 *   hwc_hmac (one-shot) == the reference;
 *   hwc_hmac_init + split updates + final == the reference;
 *   HMAC key states (hwc_hmac_key_init with b): key_mac, key_mac_many over
 *   the message and its prefixes at the split points, key_start + split
 *   updates + final == the reference; key_verify accepts the reference and
 *   refuses it with one bit flipped and with a short tag.
 */
#include "fuzz_common.h"

static fz_hash_set g_hash;

/* HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)) with the soft hash. */
static void ref_hmac(hwc_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *msg,
                     size_t len, uint8_t *out) {
  const size_t bl = hwc_hash_block_len(alg), dl = hwc_hash_digest_len(alg);
  uint8_t k0[HWC_HASH_MAX_BLOCK] = {0}, pad[HWC_HASH_MAX_BLOCK], inner[HWC_HASH_MAX_DIGEST];
  hwc_hash_ctx c;
  if (key_len > bl) {
    FZ_CHECK(hwc_hash_init_with(&c, alg, "soft") == HWC_OK, "soft init failed");
    hwc_hash_update(&c, key, key_len);
    hwc_hash_final(&c, k0);
  } else if (key_len) {
    memcpy(k0, key, key_len);
  }
  for (size_t i = 0; i < bl; i++) pad[i] = (uint8_t)(k0[i] ^ 0x36);
  FZ_CHECK(hwc_hash_init_with(&c, alg, "soft") == HWC_OK, "soft init failed");
  hwc_hash_update(&c, pad, bl);
  hwc_hash_update(&c, msg, len);
  hwc_hash_final(&c, inner);
  for (size_t i = 0; i < bl; i++) pad[i] = (uint8_t)(k0[i] ^ 0x5c);
  FZ_CHECK(hwc_hash_init_with(&c, alg, "soft") == HWC_OK, "soft init failed");
  hwc_hash_update(&c, pad, bl);
  hwc_hash_update(&c, inner, dl);
  hwc_hash_final(&c, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_hash_setup(&g_hash, "hmac");
  fz_reader r;
  fz_init(&r, data, size);
  const hwc_hash_alg alg = (hwc_hash_alg)(fz_u8(&r) % HWC_HASH_COUNT);
  const size_t key_want = fz_u8(&r);
  fz_splits sp;
  fz_splits_read(&r, &sp);
  size_t key_len, len;
  uint8_t *key = fz_take(&r, key_want, &key_len);
  uint8_t *msg = fz_take(&r, r.left, &len);

  const hwc_family fam = hwc_hash_family(alg);
  const size_t dl = hwc_hash_digest_len(alg), bl = hwc_hash_block_len(alg);
  uint8_t ref[HWC_HASH_MAX_DIGEST], got[HWC_HASH_MAX_DIGEST];
  ref_hmac(alg, key, key_len, msg, len, ref);

  for (int i = 0; i < g_hash.n[fam]; i++) {
    const char *b = g_hash.names[fam][i];
    hwc_status st = hwc_backend_set(fam, b);
    FZ_CHECK(st == HWC_OK, "%s: backend_set returned %d", b, (int)st);
#define CASE_FMT "%s alg %d, key %zu B, msg %zu B: "
#define CASE_ARGS b, (int)alg, key_len, len

    memset(got, 0, sizeof(got));
    st = hwc_hmac(alg, key, key_len, msg, len, got);
    FZ_CHECK(st == HWC_OK, CASE_FMT "hwc_hmac returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(got, ref, dl), CASE_FMT "one-shot %s, reference %s", CASE_ARGS, fz_hex(got, dl),
             fz_hex(ref, dl));

    hwc_hmac_ctx c;
    st = hwc_hmac_init(&c, alg, key, key_len);
    FZ_CHECK(st == HWC_OK, CASE_FMT "init returned %d", CASE_ARGS, (int)st);
    size_t off = 0;
    int updates = 0;
    do {
      size_t n = fz_split_len(&sp, updates, bl, len - off);
      st = hwc_hmac_update(&c, msg + off, n);
      FZ_CHECK(st == HWC_OK, CASE_FMT "update %d returned %d", CASE_ARGS, updates, (int)st);
      off += n;
      updates++;
    } while (off < len);
    memset(got, 0, sizeof(got));
    st = hwc_hmac_final(&c, got);
    FZ_CHECK(st == HWC_OK, CASE_FMT "final returned %d", CASE_ARGS, (int)st);
    FZ_CHECK(fz_eq(got, ref, dl), CASE_FMT "%d updates give %s, reference %s", CASE_ARGS, updates,
             fz_hex(got, dl), fz_hex(ref, dl));

    hwc_hmac_key k;
    st = hwc_hmac_key_init(&k, alg, b, key, key_len);
    FZ_CHECK(st == HWC_OK, CASE_FMT "key_init returned %d", CASE_ARGS, (int)st);
    memset(got, 0, sizeof(got));
    st = hwc_hmac_key_mac(&k, msg, len, got);
    FZ_CHECK(st == HWC_OK && fz_eq(got, ref, dl), CASE_FMT "key_mac %s (status %d), reference %s", CASE_ARGS,
             fz_hex(got, dl), (int)st, fz_hex(ref, dl));
    FZ_CHECK(hwc_hmac_key_verify(&k, msg, len, ref, dl) == HWC_OK, CASE_FMT "key_verify refused the MAC",
             CASE_ARGS);
    uint8_t bad[HWC_HASH_MAX_DIGEST];
    memcpy(bad, ref, dl);
    bad[len % dl] ^= (uint8_t)(1u << (len % 8));
    FZ_CHECK(hwc_hmac_key_verify(&k, msg, len, bad, dl) == HWC_ERR_AUTH, CASE_FMT "key_verify took a flipped bit",
             CASE_ARGS);
    FZ_CHECK(hwc_hmac_key_verify(&k, msg, len, ref, dl - 1) == HWC_ERR_AUTH, CASE_FMT "key_verify took a short tag",
             CASE_ARGS);

    /* mac_many: the message and its prefixes at the split points; each
     * prefix's MAC from the one-shot HMAC (already checked above to match
     * the reference for the whole message). */
    {
      enum { MAXN = 9 };
      const uint8_t *msgs[MAXN];
      size_t lens[MAXN], nm = 0, cut = 0;
      for (int u = 0; nm + 1 < MAXN && cut < len; u++) {
        cut += fz_split_len(&sp, u, bl, len - cut);
        msgs[nm] = msg, lens[nm] = cut, nm++;
      }
      msgs[nm] = msg, lens[nm] = len, nm++;
      uint8_t many[MAXN * HWC_HASH_MAX_DIGEST], one[HWC_HASH_MAX_DIGEST];
      st = hwc_hmac_key_mac_many(&k, msgs, lens, nm, many);
      FZ_CHECK(st == HWC_OK, CASE_FMT "key_mac_many returned %d", CASE_ARGS, (int)st);
      for (size_t m = 0; m < nm; m++) {
        FZ_CHECK(hwc_hmac(alg, key, key_len, msg, lens[m], one) == HWC_OK, "hmac failed");
        FZ_CHECK(fz_eq(many + m * dl, one, dl), CASE_FMT "key_mac_many[%zu] (%zu B) %s, one-shot %s", CASE_ARGS, m,
                 lens[m], fz_hex(many + m * dl, dl), fz_hex(one, dl));
      }
    }

    st = hwc_hmac_key_start(&k, &c);
    FZ_CHECK(st == HWC_OK, CASE_FMT "key_start returned %d", CASE_ARGS, (int)st);
    off = 0;
    updates = 0;
    do {
      size_t n = fz_split_len(&sp, updates, bl, len - off);
      st = hwc_hmac_update(&c, msg + off, n);
      FZ_CHECK(st == HWC_OK, CASE_FMT "key context update %d returned %d", CASE_ARGS, updates, (int)st);
      off += n;
      updates++;
    } while (off < len);
    memset(got, 0, sizeof(got));
    st = hwc_hmac_final(&c, got);
    FZ_CHECK(st == HWC_OK && fz_eq(got, ref, dl), CASE_FMT "key context gives %s, reference %s", CASE_ARGS,
             fz_hex(got, dl), fz_hex(ref, dl));
    hwc_hmac_key_wipe(&k);
    FZ_CHECK(hwc_hmac_key_mac(&k, msg, len, got) != HWC_OK, CASE_FMT "key_mac after wipe succeeded", CASE_ARGS);
#undef CASE_FMT
#undef CASE_ARGS
  }
  hwc_backend_reset(fam);

  free(key), free(msg);
  return 0;
}
