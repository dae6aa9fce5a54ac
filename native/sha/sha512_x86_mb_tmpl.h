/*
 * sha512_x86_mb_tmpl.h - the SHA-512 rounds on transposed lanes, written
 * once for the x86 multi-buffer kernels (sha512_x86_avx512x8.c: eight
 * lanes in zmm; sha512_x86_avx2x4.c: four lanes in ymm). Included inside
 * each file's target region, after it has defined:
 *
 *   V                   the vector type, one 64-bit word per lane
 *   V_ADD(x, y)         lane-wise addition mod 2^64
 *   V_K(t)              round constant K[t] in every lane
 *   V_BSIG0/1(x)        Sigma0 = ror28 ^ ror34 ^ ror39, Sigma1 = ror14 ^ ror18 ^ ror41
 *   V_SSIG0/1(x)        sigma0 = ror1 ^ ror8 ^ shr7, sigma1 = ror19 ^ ror61 ^ shr6
 *   V_CH(e, f, g)       (e & f) ^ (~e & g)
 *   V_MAJ(a, b, c)      (a & b) ^ (a & c) ^ (b & c)
 *
 * Lane layout ("transposed"): vector s[j] holds state word j of every lane,
 * vector w[i] holds schedule word i of every lane, so one vector operation
 * is one scalar operation of FIPS 180-4 done for all lanes, and the round
 * reads exactly like the specification. Every lane runs the same
 * instructions; the lanes never mix.
 *
 * The 16-word window w[] is updated in place after each 16 rounds:
 * W[t+16] = sigma1(W[t+14]) + W[t+9] + sigma0(W[t+1]) + W[t] into w[i],
 * i = 0..15 in order, so w[(i+14) & 15] and w[(i+9) & 15] are already the
 * new words where the recurrence wants them and w[(i+1) & 15] still the old
 * one.
 *
 * Constant time: adds, rotates, shifts and boolean ops only, no branch or
 * address depending on data.
 */
#ifndef HWC_SHA512_X86_MB_TMPL_H
#define HWC_SHA512_X86_MB_TMPL_H

/* One round t = r + i of FIPS 180-4 6.4.2 on the renamed variables, in
 * each of the G groups of lanes: d and h receive the new e and a (the
 * caller rotates the names). The sums are ordered for latency: h + W + K
 * and Ch are ready before Sigma1(e), so T1 is one add after Sigma1. */
#define MB_ROUND(a, b, c, d, e, f, g, h, i)                                                          \
  for (int g_ = 0; g_ < G; g_++) {                                                                  \
    const V t1_ = V_ADD(V_BSIG1(e[g_]),                                                              \
                        V_ADD(V_ADD(h[g_], V_ADD(w[16 * g_ + (i)], V_K(r + (i)))), V_CH(e[g_], f[g_], g[g_]))); \
    d[g_] = V_ADD(d[g_], t1_);                                                                      \
    h[g_] = V_ADD(t1_, V_ADD(V_BSIG0(a[g_]), V_MAJ(a[g_], b[g_], c[g_])));                          \
  }

#define MB_ROUND8(i0)                                 \
  MB_ROUND(a, b, c, d, e, f, g, h, (i0) + 0);         \
  MB_ROUND(h, a, b, c, d, e, f, g, (i0) + 1);         \
  MB_ROUND(g, h, a, b, c, d, e, f, (i0) + 2);         \
  MB_ROUND(f, g, h, a, b, c, d, e, (i0) + 3);         \
  MB_ROUND(e, f, g, h, a, b, c, d, (i0) + 4);         \
  MB_ROUND(d, e, f, g, h, a, b, c, (i0) + 5);         \
  MB_ROUND(c, d, e, f, g, h, a, b, (i0) + 6);         \
  MB_ROUND(b, c, d, e, f, g, h, a, (i0) + 7)

#define MB_GROUPS_MAX 2

/* One block on every lane of G groups (G = 1 or 2, a constant after
 * inlining): s[8 * g + j] is word j of group g's chaining values (updated,
 * feed-forward included), w[16 * g + i] word i of group g's blocks
 * (overwritten). With two groups each step is issued for both before the
 * next, so the second group's round fills the first one's latency (the
 * round is a chain of about five dependent vector operations). */
HWC_INLINE void mb_sha512_block(V *s, V *w, int G) {
  V a[MB_GROUPS_MAX], b[MB_GROUPS_MAX], c[MB_GROUPS_MAX], d[MB_GROUPS_MAX];
  V e[MB_GROUPS_MAX], f[MB_GROUPS_MAX], g[MB_GROUPS_MAX], h[MB_GROUPS_MAX];
  for (int k = 0; k < G; k++) {
    a[k] = s[8 * k + 0], b[k] = s[8 * k + 1], c[k] = s[8 * k + 2], d[k] = s[8 * k + 3];
    e[k] = s[8 * k + 4], f[k] = s[8 * k + 5], g[k] = s[8 * k + 6], h[k] = s[8 * k + 7];
  }
  for (int r = 0; r < 80; r += 16) {
    MB_ROUND8(0);
    MB_ROUND8(8);
    if (r < 64)
      for (int i = 0; i < 16; i++)
        for (int k = 0; k < G; k++) {
          V *x = w + 16 * k;
          x[i] = V_ADD(V_ADD(x[i], V_SSIG0(x[(i + 1) & 15])), V_ADD(x[(i + 9) & 15], V_SSIG1(x[(i + 14) & 15])));
        }
  }
  for (int k = 0; k < G; k++) {
    s[8 * k + 0] = V_ADD(s[8 * k + 0], a[k]), s[8 * k + 1] = V_ADD(s[8 * k + 1], b[k]);
    s[8 * k + 2] = V_ADD(s[8 * k + 2], c[k]), s[8 * k + 3] = V_ADD(s[8 * k + 3], d[k]);
    s[8 * k + 4] = V_ADD(s[8 * k + 4], e[k]), s[8 * k + 5] = V_ADD(s[8 * k + 5], f[k]);
    s[8 * k + 6] = V_ADD(s[8 * k + 6], g[k]), s[8 * k + 7] = V_ADD(s[8 * k + 7], h[k]);
  }
}

#undef MB_ROUND8
#undef MB_ROUND

#endif /* HWC_SHA512_X86_MB_TMPL_H */
