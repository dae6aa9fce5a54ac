/*
 * gcm_parts.c - one GCM seal split into parts (hwc_gcm_seal_part /
 * hwc_gcm_seal_join, native/modes/gcm.c), as the async twins run it on
 * several pool threads, against hwc_gcm_seal of the whole message.
 *
 * For every AES backend under test and each key size: random messages of
 * 0 .. ~70 KiB (and the block edges 0..48), random AAD of 0..300 bytes,
 * cut into 1..8 parts at random whole-block offsets (empty parts
 * included); each part is sealed into an exact-size heap buffer of its own
 * (so ASan reports a kernel that reads or writes past a part), then joined
 * with each tag length class (16, 12, 8, 4). Ciphertext and tag must equal
 * hwc_gcm_seal's. The join's refusals are checked too: a part other than
 * the last that is not whole blocks, no parts, a bad tag length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tutil.h"

#define MAX_PARTS 8

static const size_t key_sizes[3] = {16, 24, 32};

/* One message of len bytes in n parts (cuts: n + 1 block-aligned offsets
 * but the last, which is len). Returns 1 when ciphertext and tag match. */
static int parts_case(const hwc_aes_key *k, t_rng *r, size_t len, size_t aad_len, char *why, size_t why_len) {
  uint8_t nonce[12], tag[16], want_tag[16], Y[MAX_PARTS][16];
  size_t cut[MAX_PARTS + 1], lens[MAX_PARTS];
  static const size_t tags[4] = {16, 12, 8, 4};
  const size_t tag_len = tags[t_rng_below(r, 4)];
  int ok = 0;
  uint8_t *pt = t_xmalloc(len + 1), *aad = t_xmalloc(aad_len + 1), *want = t_xmalloc(len + 1);
  uint8_t *got = t_xmalloc(len + 1);
  t_rng_fill(r, nonce, 12);
  t_rng_fill(r, pt, len);
  t_rng_fill(r, aad, aad_len);
  hwc_status st = hwc_gcm_seal(k, nonce, 12, aad, aad_len, pt, len, want, want_tag, tag_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "hwc_gcm_seal returned %d", (int)st);
    goto done;
  }
  /* n parts at sorted random block offsets (duplicates: empty parts). */
  size_t n = 1 + (size_t)t_rng_below(r, MAX_PARTS);
  size_t blocks = len / 16;
  cut[0] = 0;
  for (size_t i = 1; i < n; i++) cut[i] = 16 * (size_t)t_rng_below(r, blocks + 1);
  for (size_t i = 1; i < n; i++) /* insertion sort of cut[1..n-1] */
    for (size_t j = i; j > 1 && cut[j - 1] > cut[j]; j--) {
      size_t t = cut[j];
      cut[j] = cut[j - 1];
      cut[j - 1] = t;
    }
  cut[n] = len;
  for (size_t i = 0; i < n; i++) {
    lens[i] = cut[i + 1] - cut[i];
    /* Each part in an exact-size block of its own, sealed in place half the time. */
    uint8_t *in = t_xmalloc(lens[i] + 1), *out = t_xmalloc(lens[i] + 1);
    memcpy(in, pt + cut[i], lens[i]);
    uint8_t *dst = (i & 1) ? in : out;
    st = hwc_gcm_seal_part(k, nonce, cut[i] / 16, in, dst, lens[i], Y[i]);
    if (st == HWC_OK) memcpy(got + cut[i], dst, lens[i]);
    free(in);
    free(out);
    if (st != HWC_OK) {
      snprintf(why, why_len, "part %zu returned %d", i, (int)st);
      goto done;
    }
  }
  st = hwc_gcm_seal_join(k, nonce, aad, aad_len, (const uint8_t(*)[16])Y, lens, n, tag, tag_len);
  if (st != HWC_OK) {
    snprintf(why, why_len, "join returned %d", (int)st);
    goto done;
  }
  if (len && memcmp(got, want, len) != 0) {
    snprintf(why, why_len, "ciphertext differs");
    goto done;
  }
  if (memcmp(tag, want_tag, tag_len) != 0) {
    snprintf(why, why_len, "tag %s, want %s", t_hex(tag, tag_len), t_hex(want_tag, tag_len));
    goto done;
  }
  ok = 1;
done:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [key %zu B, aad %zu B, len %zu, %zu parts, tag %zu]", hwc_aes_key_bytes(k),
             aad_len, len, n, tag_len);
  }
  free(pt), free(aad), free(want), free(got);
  return ok;
}

/* The join refuses what it cannot chain. */
static int refusals(const hwc_aes_key *k) {
  uint8_t nonce[12] = {0}, Y[2][16] = {{0}}, tag[16];
  size_t ragged[2] = {17, 16}, fine[2] = {32, 5};
  return hwc_gcm_seal_join(k, nonce, NULL, 0, (const uint8_t(*)[16])Y, ragged, 2, tag, 16) == HWC_ERR_ARG &&
         hwc_gcm_seal_join(k, nonce, NULL, 0, (const uint8_t(*)[16])Y, fine, 0, tag, 16) == HWC_ERR_ARG &&
         hwc_gcm_seal_join(k, nonce, NULL, 0, (const uint8_t(*)[16])Y, fine, 2, tag, 11) == HWC_ERR_ARG &&
         hwc_gcm_seal_join(k, nonce, NULL, 0, (const uint8_t(*)[16])Y, fine, 2, tag, 16) == HWC_OK;
}

void t_run_gcm_parts(const t_run *run) {
  if (run->diff_level <= 0) return;
  const int f = HWC_FAMILY_AES;
  const int per_size = run->diff_level == 1 ? 40 : run->diff_level >= 3 ? 600 : 150;
  for (int b = 0; b < run->n_backends[f]; b++) {
    const char *name = run->backends[f][b];
    t_group g;
    t_group_begin(&g, HWC_FAMILY_AES, name, "gcm-parts", "(split seal vs hwc_gcm_seal)");
    t_rng r;
    t_rng_seed(&r, run->seed ^ 0x6763d70a7473ULL ^ (uint64_t)b);
    for (int ki = 0; ki < 3; ki++) {
      uint8_t key[32];
      t_rng_fill(&r, key, sizeof(key));
      hwc_aes_key *k = t_aes_key_new();
      if (hwc_aes_key_init_with(k, name, key, key_sizes[ki]) != HWC_OK) {
        t_case(&g, 0, "key init failed [%s, %zu B]", name, key_sizes[ki]);
        t_aes_key_free(k);
        continue;
      }
      t_case(&g, refusals(k), "join refusals [%s]", name);
      for (int c = 0; c < per_size + 49; c++) {
        char why[256] = "";
        size_t len = c < 49 ? (size_t)c : (size_t)t_rng_below(&r, c % 4 == 0 ? 70000 : 2000);
        size_t aad_len = (size_t)t_rng_below(&r, 301);
        t_case(&g, parts_case(k, &r, len, aad_len, why, sizeof(why)), "%s", why);
      }
      t_aes_key_free(k);
    }
    t_group_end(&g);
  }
}
