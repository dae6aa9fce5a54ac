/*
 * fuzz_sha.c - libFuzzer target: SHA-1, SHA-224/256 and SHA-384/512/
 * 512-256 of every backend of the algorithm's family against soft, fed in
 * fuzzer-chosen update splits.
 *
 * The hash framing (native/modes/hash.c) buffers partial blocks and hands
 * whole runs of blocks to the backend's compress; the split points decide
 * which bytes go through the buffer and which straight from the caller's
 * memory, and how many blocks each compress call sees. ASan watches the
 * compress kernels read only inside the exact-size input.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    algorithm: b % 6 (hwc_hash_alg: sha1, sha224, sha256, sha384,
 *          sha512, sha512-256)
 *   [1]    number of split points n = 1 + (b & 7), then n bytes s_i:
 *          update lengths, cycling (fuzz_common.h: 0xff = one block,
 *          0xfe = one block + 1, 0 = an empty update; after 64 updates the
 *          rest in one call)
 *   then   the rest of the input is the message.
 *
 * Checks, for every backend b of the family (soft included):
 *   init_with(b) + split updates + final == soft in one update;
 *   hwc_hash (one-shot) with b selected == the same digest;
 *   the context reports b as its backend.
 */
#include "fuzz_common.h"

static fz_hash_set g_hash;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_hash_setup(&g_hash, "sha");
  fz_reader r;
  fz_init(&r, data, size);
  const hwc_hash_alg alg = (hwc_hash_alg)(fz_u8(&r) % HWC_HASH_COUNT);
  fz_splits sp;
  fz_splits_read(&r, &sp);
  size_t len;
  uint8_t *msg = fz_take(&r, r.left, &len);

  const hwc_family fam = hwc_hash_family(alg);
  const size_t dl = hwc_hash_digest_len(alg), bl = hwc_hash_block_len(alg);
  uint8_t ref[HWC_HASH_MAX_DIGEST], got[HWC_HASH_MAX_DIGEST];
  hwc_hash_ctx c;
  hwc_status st;

  st = hwc_hash_init_with(&c, alg, "soft");
  FZ_CHECK(st == HWC_OK, "alg %d: soft init returned %d", (int)alg, (int)st);
  FZ_CHECK(hwc_hash_update(&c, msg, len) == HWC_OK && hwc_hash_final(&c, ref) == HWC_OK,
           "alg %d: soft hash failed", (int)alg);

  for (int i = 0; i < g_hash.n[fam]; i++) {
    const char *b = g_hash.names[fam][i];
    st = hwc_hash_init_with(&c, alg, b);
    FZ_CHECK(st == HWC_OK, "%s alg %d: init returned %d", b, (int)alg, (int)st);
    const char *cb = hwc_hash_backend(&c);
    FZ_CHECK(cb && strcmp(cb, b) == 0, "%s alg %d: context reports backend %s", b, (int)alg,
             cb ? cb : "(null)");
    size_t off = 0;
    int updates = 0;
    do {
      size_t n = fz_split_len(&sp, updates, bl, len - off);
      st = hwc_hash_update(&c, msg + off, n);
      FZ_CHECK(st == HWC_OK, "%s alg %d: update %d (%zu B) returned %d", b, (int)alg, updates, n,
               (int)st);
      off += n;
      updates++;
    } while (off < len);
    st = hwc_hash_final(&c, got);
    FZ_CHECK(st == HWC_OK, "%s alg %d: final returned %d", b, (int)alg, (int)st);
    FZ_CHECK(fz_eq(got, ref, dl), "%s alg %d, len %zu, %d updates: digest %s, soft %s", b,
             (int)alg, len, updates, fz_hex(got, dl), fz_hex(ref, dl));

    st = hwc_backend_set(fam, b);
    FZ_CHECK(st == HWC_OK, "%s: backend_set returned %d", b, (int)st);
    memset(got, 0, sizeof(got));
    st = hwc_hash(alg, msg, len, got);
    hwc_backend_reset(fam);
    FZ_CHECK(st == HWC_OK && fz_eq(got, ref, dl),
             "%s alg %d, len %zu: one-shot hwc_hash %s (status %d), soft %s", b, (int)alg, len,
             fz_hex(got, dl), (int)st, fz_hex(ref, dl));
  }

  free(msg);
  return 0;
}
