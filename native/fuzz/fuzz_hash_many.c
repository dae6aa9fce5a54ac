/*
 * fuzz_hash_many.c - libFuzzer target: multi-buffer hashing (hwc_hash_many,
 * hwc_sha256_pairs) on every backend hwc_hash_many_backends lists (the
 * lane kernels and the single-stream backends) and on the default,
 * against single-stream soft hashing of each message.
 *
 * The lane scheduler (native/modes/hash_many.c) decides per kernel call
 * how many blocks every lane runs, when a lane moves from its message's
 * whole blocks to its padded tail, and when it takes the next message;
 * the fuzzer chooses the number of messages and their lengths, so it
 * steers lanes that finish together, one at a time, or idle for most of
 * a batch. Each message is an exact-size heap copy, so ASan sees a kernel
 * read past any message's end.
 *
 * Input layout (bytes past the end read as 0):
 *   [0]    algorithm: b % 6 (hwc_hash_alg)
 *   [1]    number of messages n = b % 48
 *   then   n length codes c_i of two bytes (little-endian): 0xffff = one
 *          block, 0xfffe = one block - 1, 0xfffd = the largest length with
 *          a one-block tail (block - 9 or block - 17), 0xfffc = one more
 *          (a two-block tail), else c_i % 1200
 *   then   the message bytes, message after message; a message gets what
 *          is left when the input runs short (its length shrinks).
 *   The same bytes from the start of the message area, in 64-byte
 *   blocks, are the input of hwc_sha256_pairs when the algorithm is
 *   SHA-256 (n blocks at most, as many as the input holds).
 *
 * Checks, for every listed backend and for backend NULL:
 *   digest i of hwc_hash_many == soft single-stream hash of message i;
 *   nothing written past the n digests;
 *   SHA-256: hwc_sha256_pairs equals SHA-256 of each block, out of place
 *   and in place (out == in).
 */
#include "fuzz_common.h"

#define FZ_MANY_MAX 48
#define FZ_MANY_NAMES 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r;
  fz_init(&r, data, size);
  const hwc_hash_alg alg = (hwc_hash_alg)(fz_u8(&r) % HWC_HASH_COUNT);
  const size_t n = fz_u8(&r) % FZ_MANY_MAX;
  const hwc_family fam = hwc_hash_family(alg);
  const size_t dl = hwc_hash_digest_len(alg), bl = hwc_hash_block_len(alg), lf = bl == 128 ? 16 : 8;

  size_t want[FZ_MANY_MAX];
  for (size_t i = 0; i < n; i++) {
    uint16_t c = fz_u16(&r);
    want[i] = c == 0xffff ? bl : c == 0xfffe ? bl - 1 : c == 0xfffd ? bl - lf - 1 : c == 0xfffc ? bl - lf : c % 1200;
  }
  const uint8_t *area = r.p;
  const size_t area_len = r.left;

  uint8_t *msgs[FZ_MANY_MAX];
  const uint8_t *cmsgs[FZ_MANY_MAX];
  size_t lens[FZ_MANY_MAX];
  uint8_t *ref = fz_alloc(n * dl, 0);
  for (size_t i = 0; i < n; i++) {
    msgs[i] = fz_take(&r, want[i], &lens[i]);
    /* An empty message may be passed as NULL (the API allows it). */
    cmsgs[i] = lens[i] || (i & 1) ? msgs[i] : NULL;
    hwc_hash_ctx c;
    FZ_CHECK(hwc_hash_init_with(&c, alg, "soft") == HWC_OK && hwc_hash_update(&c, msgs[i], lens[i]) == HWC_OK &&
                 hwc_hash_final(&c, ref + i * dl) == HWC_OK,
             "alg %d: soft hash failed", (int)alg);
  }

  const char *names[FZ_MANY_NAMES + 1];
  int nn = hwc_hash_many_backends(fam, names, FZ_MANY_NAMES);
  if (nn > FZ_MANY_NAMES) nn = FZ_MANY_NAMES;
  names[nn++] = NULL; /* the default */
  uint8_t *out = fz_alloc(n * dl + 1, 0);
  for (int b = 0; b < nn; b++) {
    const char *be = names[b] ? names[b] : "(default)";
    memset(out, 0xa5, n * dl + 1);
    hwc_status st = hwc_hash_many(alg, names[b], cmsgs, lens, n, out);
    FZ_CHECK(st == HWC_OK, "%s alg %d n %zu: status %d", be, (int)alg, n, (int)st);
    for (size_t i = 0; i < n; i++)
      FZ_CHECK(fz_eq(out + i * dl, ref + i * dl, dl), "%s alg %d n %zu: message %zu (len %zu): %s, soft %s", be,
               (int)alg, n, i, lens[i], fz_hex(out + i * dl, dl), fz_hex(ref + i * dl, dl));
    FZ_CHECK(out[n * dl] == 0xa5, "%s alg %d n %zu: wrote past the digests", be, (int)alg, n);
  }

  if (alg == HWC_SHA256) {
    size_t np = area_len / 64;
    if (np > n) np = n;
    uint8_t *in = fz_alloc(64 * np, 0), *pout = fz_alloc(32 * np, 0), *pref = fz_alloc(32 * np, 0);
    if (np) memcpy(in, area, 64 * np);
    for (size_t i = 0; i < np; i++) {
      hwc_hash_ctx c;
      FZ_CHECK(hwc_hash_init_with(&c, HWC_SHA256, "soft") == HWC_OK && hwc_hash_update(&c, in + 64 * i, 64) == HWC_OK &&
                   hwc_hash_final(&c, pref + 32 * i) == HWC_OK,
               "pairs: soft hash failed");
    }
    for (int b = 0; b < nn; b++) {
      const char *be = names[b] ? names[b] : "(default)";
      hwc_status st = hwc_sha256_pairs(names[b], in, np, pout);
      FZ_CHECK(st == HWC_OK && fz_eq(pout, pref, 32 * np), "%s pairs n %zu: status %d or digests differ", be, np,
               (int)st);
      uint8_t *inplace = fz_alloc(64 * np, 0);
      if (np) memcpy(inplace, in, 64 * np);
      st = hwc_sha256_pairs(names[b], inplace, np, inplace);
      FZ_CHECK(st == HWC_OK && fz_eq(inplace, pref, 32 * np), "%s pairs n %zu in place: status %d or digests differ",
               be, np, (int)st);
      free(inplace);
    }
    free(in);
    free(pout);
    free(pref);
  }

  for (size_t i = 0; i < n; i++) free(msgs[i]);
  free(ref);
  free(out);
  return 0;
}
