/*
 * gcm_short.c - exhaustive sweep of the short-message GCM path.
 *
 * native/modes/gcm.c hands a whole message to the backend's optional
 * gcm_short entry (aesni, vaes256, vaes512) when the nonce is 96 bits and
 * both the data and the AAD are at most HWC_GCM_SHORT_MAX = 128 bytes.
 * Those kernels are a separate code path from the bulk seal/open: one
 * variant per number of data blocks (0..8), masked or buffered partial
 * blocks, and a GHASH that multiplies every AAD, ciphertext and length
 * block by its own power of H and reduces once. Their input space is small
 * enough to cover completely, so this suite does:
 *
 *   every AAD length 0..128 x every data length 0..128 x key sizes
 *   16/24/32, for every AES backend under test (the soft backend has no
 *   gcm_short and composes the bulk calls; it is the reference):
 *     seal equals soft's seal (ciphertext and full 16-byte tag);
 *     open of it returns the plaintext;
 *     open with one tag bit flipped returns HWC_ERR_AUTH and zeroes out.
 *
 * 129 x 129 x 3 = 49,923 messages per backend. In place and out of place
 * alternate, and the buffers are exact-size heap blocks at varying
 * offsets from their allocation, so ASan reports any byte a kernel reads or
 * writes past the end of the AAD, the input or the output.
 *
 * The 8 + 8 + 1 branch. The kernels hash T = na + nd + 1 blocks (na =
 * ceil(aad_len / 16) AAD blocks, nd = ceil(len / 16) data blocks, one
 * length block) against stored powers H^T..H^1. aesni and vaes256 keep
 * only H^1..H^16, so T = 17 takes a separate branch (aesni multiplies the
 * first AAD block on its own and folds it in; vaes256 hashes and reduces
 * the AAD first and enters the data run with it as the GHASH state).
 * T = 17 needs na = 8 and nd = 8 at once, i.e. both lengths in 113..128:
 * 256 of the 16,641 length pairs. The sweep covers them; the named check
 * "gcm-short-8+8+1" runs the corners (113/113, 113/128, 128/113, 128/128)
 * and their 16-block neighbours (112/128, 128/112) on their own, so a
 * failure there is reported by name, and so the branch stays exercised
 * even in the --quick run, which samples the sweep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "tutil.h"

#define SHORT_MAX 128 /* HWC_GCM_SHORT_MAX (hwcrypt_impl.h is private to the core) */

static const size_t key_sizes[3] = {16, 24, 32};

/* An exact-size heap buffer of len bytes, off bytes into its allocation:
 * a misaligned start, and nothing readable after the last byte. */
typedef struct xbuf {
  uint8_t *base, *p;
} xbuf;

static void xbuf_alloc(xbuf *b, size_t off, size_t len) {
  b->base = t_xmalloc(off + len + (off + len == 0));
  b->p = b->base + off;
}

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

static int eq(const uint8_t *a, const uint8_t *b, size_t n) { return n == 0 || memcmp(a, b, n) == 0; }

static void fill(uint8_t *p, size_t n, uint32_t seed) {
  uint32_t x = seed * 2654435761u + 0x9e3779b9u;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    p[i] = (uint8_t)(x >> 24);
  }
}

/* One message: backend key kb against the soft reference (ref, ref_tag).
 * Returns 1 when every check passes, else 0 with the reason in why. */
static int short_case(const char *backend, const hwc_aes_key *kb, const uint8_t nonce[12],
                      const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len,
                      const uint8_t *ref, const uint8_t ref_tag[16], int variant, char *why,
                      size_t why_len) {
  const int in_place = variant & 1;
  xbuf o;
  xbuf_alloc(&o, (size_t)(variant * 5) & 15, len);
  uint8_t *out = o.p;
  const uint8_t *ct = in_place ? out : ref; /* what open reads */
  uint8_t tag[16], bad[16];
  int ok = 0;
  hwc_status st;

  if (in_place) {
    if (len) memcpy(out, pt, len);
    st = hwc_gcm_seal(kb, nonce, 12, aad, aad_len, out, len, out, tag, 16);
  } else {
    st = hwc_gcm_seal(kb, nonce, 12, aad, aad_len, pt, len, out, tag, 16);
  }
  if (st != HWC_OK) {
    snprintf(why, why_len, "seal returned %d", (int)st);
    goto done;
  }
  if (!eq(out, ref, len)) {
    snprintf(why, why_len, "ciphertext differs from soft");
    goto done;
  }
  if (!eq(tag, ref_tag, 16)) {
    snprintf(why, why_len, "tag %s, soft %s", t_hex(tag, 16), t_hex(ref_tag, 16));
    goto done;
  }

  /* open: in place over the ciphertext, or from ref into out */
  if (!in_place) memset(out, 0x5a, len);
  st = hwc_gcm_open(kb, nonce, 12, aad, aad_len, ct, len, tag, 16, out);
  if (st != HWC_OK || !eq(out, pt, len)) {
    snprintf(why, why_len, "open of the ciphertext returned %d%s", (int)st,
             st == HWC_OK ? " but not the plaintext" : "");
    goto done;
  }

  /* one flipped tag bit: rejected, output wiped */
  memcpy(bad, tag, 16);
  bad[(size_t)variant % 16] ^= (uint8_t)(1u << ((size_t)variant / 16 % 8));
  if (in_place) memcpy(out, ref, len);
  else memset(out, 0x5a, len);
  st = hwc_gcm_open(kb, nonce, 12, aad, aad_len, ct, len, bad, 16, out);
  if (st != HWC_ERR_AUTH) {
    snprintf(why, why_len, "open with a flipped tag bit returned %d", (int)st);
    goto done;
  }
  if (!all_zero(out, len)) {
    snprintf(why, why_len, "rejected open left the output unwiped");
    goto done;
  }
  ok = 1;
done:
  if (!ok) {
    size_t l = strlen(why);
    snprintf(why + l, why_len - l, " [%s, key %zu B, aad %zu B, len %zu, %s]", backend,
             hwc_aes_key_bytes(kb), aad_len, len, in_place ? "in place" : "out of place");
  }
  free(o.base);
  return ok;
}

typedef struct sweep {
  int nb;
  const char *names[T_MAX_BACKENDS];
  hwc_aes_key *keys[T_MAX_BACKENDS][3]; /* per backend, per key size */
  hwc_aes_key *soft[3];
} sweep;

/* One (key size, aad_len, len) for every backend: the soft reference once,
 * then each backend's case recorded in its group. */
static void sweep_one(sweep *s, t_group *groups, int ki, size_t aad_len, size_t len) {
  const uint32_t id = (uint32_t)(ki * 100000 + (int)aad_len * 300 + (int)len);
  const int variant = (int)(id % 251);
  uint8_t nonce[12], ref_tag[16];
  xbuf a, p, r;
  xbuf_alloc(&a, (size_t)variant & 15, aad_len);
  xbuf_alloc(&p, (size_t)(variant >> 4) & 15, len);
  xbuf_alloc(&r, 0, len);
  fill(nonce, 12, id);
  fill(a.p, aad_len, id + 1);
  fill(p.p, len, id + 2);

  hwc_status st = hwc_gcm_seal(s->soft[ki], nonce, 12, a.p, aad_len, p.p, len, r.p, ref_tag, 16);
  for (int i = 0; i < s->nb; i++) {
    char why[256] = "";
    int ok = st == HWC_OK;
    if (!ok) snprintf(why, sizeof(why), "soft seal returned %d", (int)st);
    else
      ok = short_case(s->names[i], s->keys[i][ki], nonce, a.p, aad_len, p.p, len, r.p, ref_tag,
                      variant, why, sizeof(why));
    t_case(&groups[i], ok, "%s", why);
  }
  free(a.base), free(p.base), free(r.base);
}

/* --quick: every length 0..128 against AAD lengths at the block edges. */
static int quick_aad(size_t a) {
  size_t m = a % 16;
  return a <= 17 || m == 0 || m == 1 || m == 15 || a >= 111;
}

void t_run_gcm_short(const t_run *run) {
  if (run->diff_level <= 0) return;
  const int f = HWC_FAMILY_AES;
  if (!run->soft_available[f] || run->n_backends[f] == 0) return;
  static const uint8_t key_bytes[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
                                        0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
                                        0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7,
                                        0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
  sweep s;
  memset(&s, 0, sizeof(s));
  s.nb = run->n_backends[f];
  const int quick = run->diff_level == 1;
  t_group groups[T_MAX_BACKENDS];
  for (int ki = 0; ki < 3; ki++) {
    s.soft[ki] = t_aes_key_new();
    if (hwc_aes_key_init_with(s.soft[ki], "soft", key_bytes, key_sizes[ki]) != HWC_OK) {
      t_group g;
      t_group_begin(&g, HWC_FAMILY_AES, "soft", "gcm-short-sweep", "setup");
      t_case(&g, 0, "soft key init failed");
      t_group_end(&g);
      goto out;
    }
  }
  int init_ok[T_MAX_BACKENDS];
  for (int i = 0; i < s.nb; i++) {
    s.names[i] = run->backends[f][i];
    init_ok[i] = 1;
    for (int ki = 0; ki < 3; ki++) {
      s.keys[i][ki] = t_aes_key_new();
      if (hwc_aes_key_init_with(s.keys[i][ki], s.names[i], key_bytes, key_sizes[ki]) != HWC_OK)
        init_ok[i] = 0;
    }
  }

  /* The 8 + 8 + 1 branch by name (see the top of this file). */
  static const size_t corners[][2] = {{113, 113}, {113, 128}, {128, 113}, {128, 128},
                                      {112, 128}, {128, 112}};
  for (int i = 0; i < s.nb; i++) {
    t_group_begin(&groups[i], HWC_FAMILY_AES, s.names[i], "gcm-short-8+8+1",
                  "aad,len in {112,113,128}^2 x 16/24/32 (vs soft)");
    if (!init_ok[i]) t_case(&groups[i], 0, "key init failed");
  }
  for (int ki = 0; ki < 3; ki++)
    for (size_t c = 0; c < sizeof(corners) / sizeof(corners[0]); c++)
      sweep_one(&s, groups, ki, corners[c][0], corners[c][1]);
  for (int i = 0; i < s.nb; i++) t_group_end(&groups[i]);

  /* The sweep. */
  for (int i = 0; i < s.nb; i++) {
    t_group_begin(&groups[i], HWC_FAMILY_AES, s.names[i], "gcm-short-sweep",
                  quick ? "aad edges x len 0..128 x 16/24/32 (vs soft, --quick)"
                        : "aad 0..128 x len 0..128 x 16/24/32 (vs soft)");
    if (!init_ok[i]) t_case(&groups[i], 0, "key init failed");
  }
  for (int ki = 0; ki < 3; ki++)
    for (size_t a = 0; a <= SHORT_MAX; a++) {
      if (quick && !quick_aad(a)) continue;
      for (size_t n = 0; n <= SHORT_MAX; n++) sweep_one(&s, groups, ki, a, n);
    }
  for (int i = 0; i < s.nb; i++) t_group_end(&groups[i]);

  for (int i = 0; i < s.nb; i++)
    for (int ki = 0; ki < 3; ki++) t_aes_key_free(s.keys[i][ki]);
out:
  for (int ki = 0; ki < 3; ki++)
    if (s.soft[ki]) t_aes_key_free(s.soft[ki]);
}
