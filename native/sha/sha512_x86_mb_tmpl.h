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

/* One round t = r + i of FIPS 180-4 6.4.2 on the renamed variables: d and h
 * receive the new e and a (the caller rotates the names). */
#define MB_ROUND(a, b, c, d, e, f, g, h, i)                                                 \
  do {                                                                                     \
    const V t1_ = V_ADD(V_ADD(h, V_BSIG1(e)), V_ADD(V_CH(e, f, g), V_ADD(w[i], V_K(r + (i))))); \
    d = V_ADD(d, t1_);                                                                     \
    h = V_ADD(t1_, V_ADD(V_BSIG0(a), V_MAJ(a, b, c)));                                     \
  } while (0)

#define MB_ROUND8(i0)                                 \
  MB_ROUND(a, b, c, d, e, f, g, h, (i0) + 0);         \
  MB_ROUND(h, a, b, c, d, e, f, g, (i0) + 1);         \
  MB_ROUND(g, h, a, b, c, d, e, f, (i0) + 2);         \
  MB_ROUND(f, g, h, a, b, c, d, e, (i0) + 3);         \
  MB_ROUND(e, f, g, h, a, b, c, d, (i0) + 4);         \
  MB_ROUND(d, e, f, g, h, a, b, c, (i0) + 5);         \
  MB_ROUND(c, d, e, f, g, h, a, b, (i0) + 6);         \
  MB_ROUND(b, c, d, e, f, g, h, a, (i0) + 7)

/* One block on every lane: s[8] the chaining values (updated, feed-forward
 * included), w[16] the block's words W[0..15] (overwritten). */
HWC_INLINE void mb_sha512_block(V s[8], V w[16]) {
  V a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int r = 0; r < 80; r += 16) {
    MB_ROUND8(0);
    MB_ROUND8(8);
    if (r < 64)
      for (int i = 0; i < 16; i++)
        w[i] = V_ADD(V_ADD(w[i], V_SSIG0(w[(i + 1) & 15])), V_ADD(w[(i + 9) & 15], V_SSIG1(w[(i + 14) & 15])));
  }
  s[0] = V_ADD(s[0], a), s[1] = V_ADD(s[1], b), s[2] = V_ADD(s[2], c), s[3] = V_ADD(s[3], d);
  s[4] = V_ADD(s[4], e), s[5] = V_ADD(s[5], f), s[6] = V_ADD(s[6], g), s[7] = V_ADD(s[7], h);
}

#undef MB_ROUND8
#undef MB_ROUND

#endif /* HWC_SHA512_X86_MB_TMPL_H */
