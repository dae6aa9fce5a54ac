/*
 * hash_mb_kernels.c - the multi-buffer SHA kernels (hwc_hash_mb_impl,
 * hwcrypt_impl.h's "mb kernels" block) tested directly, below the lane
 * scheduler of hash_many.c (native/test/hash_many.c tests that one).
 *
 * Each kernel against the family's soft single-stream compress and against
 * every other single-stream backend of the family this CPU runs: random
 * chaining values per lane (not only the IVs), 0..N whole blocks, distinct
 * data per lane at unrelated misalignments (each lane's buffer at its own
 * offset 0..63 from a 64-byte boundary), one lane's data shared by another
 * lane (the scheduler points idle lanes at common scratch), and the guard
 * bytes around each data buffer checked afterwards (a kernel reading past
 * its blocks is caught by ASan; one writing is caught here too).
 *
 * A kernel whose instructions the CPU's feature bits claim but whose
 * getter returns NULL is a failure, not a skip (same rule as runner.c's
 * backend coverage table).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwcrypt_impl.h"
#include "runner.h"
#include "tutil.h"

typedef struct mb_kernel {
  const char *label; /* getter, for messages */
  hwc_family family;
  const hwc_hash_mb_impl *(*get)(void);
  int claimed; /* the CPU's feature bits say it must be there */
} mb_kernel;

static int build_kernels(mb_kernel *out) {
  const hwc_cpu_features *c = hwc_cpu();
  const int shani = c->shani && c->ssse3 && c->sse41;
  int n = 0;
#define K(fam, getter, claim) out[n++] = (mb_kernel){#getter, fam, getter, (claim) ? 1 : 0}
  K(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix2_get, shani);
  K(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix3_get, shani);
  K(HWC_FAMILY_SHA1, hwc_sha1_x86_shanix4_get, shani);
  K(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix2_get, shani);
  K(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix3_get, shani);
  K(HWC_FAMILY_SHA256, hwc_sha256_x86_shanix4_get, shani);
  K(HWC_FAMILY_SHA512, hwc_sha512_x86_avx512x8_get, c->avx512);
  K(HWC_FAMILY_SHA512, hwc_sha512_x86_avx2x4_get, c->avx2);
  K(HWC_FAMILY_SHA512, hwc_sha512_x86_avx512x16_get, c->avx512);
  K(HWC_FAMILY_SHA512, hwc_sha512_x86_avx2x8_get, c->avx2);
  K(HWC_FAMILY_SHA1, hwc_sha1_arm64_ce_x2_get, c->arm_sha1);
  K(HWC_FAMILY_SHA256, hwc_sha256_arm64_ce_x2_get, c->arm_sha2);
  K(HWC_FAMILY_SHA512, hwc_sha512_arm64_ce_x2_get, c->arm_sha512);
#undef K
  return n;
}

/* The family's single-stream tables this CPU runs, soft first. */
static int single_stream(hwc_family f, const hwc_hash_impl **out) {
  const hwc_hash_impl *all[3];
  int n = 0, k = 0;
  switch (f) {
    case HWC_FAMILY_SHA1:
      all[n++] = hwc_sha1_soft_get(), all[n++] = hwc_sha1_x86_shani_get(), all[n++] = hwc_sha1_arm64_ce_get();
      break;
    case HWC_FAMILY_SHA256:
      all[n++] = hwc_sha256_soft_get(), all[n++] = hwc_sha256_x86_shani_get(), all[n++] = hwc_sha256_arm64_ce_get();
      break;
    default:
      all[n++] = hwc_sha512_soft_get(), all[n++] = hwc_sha512_x86_avx2_get(), all[n++] = hwc_sha512_arm64_ce_get();
      break;
  }
  for (int i = 0; i < n; i++)
    if (all[i]) out[k++] = all[i];
  return k;
}

#define MB_LANES_MAX 16
#define MB_BLOCKS_MAX 19

/* One random case: lanes' states and data, nblocks blocks each; returns 1
 * when the kernel's states equal every reference's. */
static int one_case(const hwc_hash_mb_impl *mb, const hwc_hash_impl *const *refs, int nrefs, t_rng *r,
                    size_t nblocks, int share, char *why, size_t why_len) {
  const unsigned lanes = mb->lanes;
  const size_t bl = mb->family == HWC_FAMILY_SHA512 ? 128 : 64;
  t_buf buf[MB_LANES_MAX];
  hwc_hash_state *st = t_xmalloc(sizeof(hwc_hash_state) * lanes); /* heap: ASan sees overruns */
  hwc_hash_state init[MB_LANES_MAX];
  hwc_hash_state *stp[MB_LANES_MAX];
  const uint8_t *dp[MB_LANES_MAX];
  int ok = 1;
  for (unsigned k = 0; k < lanes; k++) {
    t_buf_alloc(&buf[k], nblocks * bl, (size_t)t_rng_below(r, 64));
    t_rng_fill(r, buf[k].p, buf[k].len);
    t_rng_fill(r, (uint8_t *)&init[k], sizeof(init[k]));
    st[k] = init[k];
    stp[k] = &st[k];
    dp[k] = buf[k].p;
  }
  /* One lane reads another's blocks (both must still be right). */
  if (share && lanes > 2) dp[lanes - 1] = dp[0];
  mb->compress((hwc_hash_state *const *)stp, dp, nblocks);
  for (unsigned k = 0; k < lanes && ok; k++) {
    if (!t_buf_guard_ok(&buf[k])) {
      snprintf(why, why_len, "lane %u: guard bytes around the data changed", k);
      ok = 0;
      break;
    }
    for (int i = 0; i < nrefs && ok; i++) {
      hwc_hash_state want = init[k];
      if (nblocks) refs[i]->compress(&want, dp[k], nblocks);
      /* The whole union: a kernel must leave the words beyond its
       * family's chaining value alone, as the references do. */
      const size_t words = mb->family == HWC_FAMILY_SHA512 ? 64 : (mb->family == HWC_FAMILY_SHA1 ? 20 : 32);
      if (memcmp(&want, &st[k], sizeof(want)) != 0) {
        snprintf(why, why_len, "lane %u of %u, %zu blocks, data offset %zu%s: differs from %s (got %s)", k, lanes,
                 nblocks, (size_t)((uintptr_t)dp[k] & 63), share && lanes > 2 ? " (shared data)" : "", refs[i]->name,
                 t_hex((const uint8_t *)&st[k], words));
        ok = 0;
      }
    }
  }
  for (unsigned k = 0; k < lanes; k++) t_buf_free(&buf[k]);
  free(st);
  return ok;
}

void t_run_hash_mb_kernels(const t_run *run) {
  mb_kernel ks[16];
  const int nk = build_kernels(ks);
  const int trials = run->diff_level <= 1 ? 4 : (run->diff_level == 2 ? 12 : 48);
  t_rng r;
  t_rng_seed(&r, run->seed ^ 0x6d626e69u);
  for (int i = 0; i < nk; i++) {
    const hwc_hash_mb_impl *mb = ks[i].get();
    t_group g;
    if (!mb) {
      if (!ks[i].claimed) continue;
      t_group_begin(&g, ks[i].family, ks[i].label, hwc_family_name(ks[i].family), "mb-kernel random");
      t_case(&g, 0, "%s: claimed by this cpu's feature bits, but the getter returned NULL", ks[i].label);
      t_group_end(&g);
      continue;
    }
    const hwc_hash_impl *refs[3];
    const int nrefs = single_stream(ks[i].family, refs);
    t_group_begin(&g, ks[i].family, mb->name, hwc_family_name(ks[i].family), "mb-kernel random");
    t_case(&g, mb->family == ks[i].family && mb->lanes >= 2 && mb->lanes <= MB_LANES_MAX,
           "%s: table says family %d, %u lanes", ks[i].label, (int)mb->family, mb->lanes);
    char why[512];
    for (size_t nb = 0; nb <= MB_BLOCKS_MAX; nb++) {
      for (int t = 0; t < (nb <= 3 ? trials : (trials + 3) / 4); t++) {
        int share = t & 1;
        int ok = one_case(mb, refs, nrefs, &r, nb, share, why, sizeof(why));
        t_case(&g, ok, "%s: %s", ks[i].label, ok ? "" : why);
      }
    }
    t_group_end(&g);
  }
}
