/*
 * aegis_x_tmpl.h - the AEGIS-128X and AEGIS-256X message framing
 * (draft-irtf-cfrg-aegis-aead-18, section 6) written once over a block
 * type of XD lanes of 128 bits, included by each backend once per degree.
 *
 * AEGIS-128X_D / AEGIS-256X_D run D copies of AEGIS-128L / AEGIS-256 side
 * by side: every state word S[j] holds D AES blocks V[j,i] (lane i), the
 * Update applies the AEGIS round to each lane independently, and
 *  - Init XORs ctx = ZeroPad(Byte(i) || Byte(D-1), 128) (lane i) into S[3]
 *    and S[7] (128X) or S[3] and S[5] (256X) before every init update, with
 *    key, nonce and constants repeated in every lane;
 *  - a message block is 32*D (128X: M0 = bytes [0, 16D), M1 = [16D, 32D))
 *    or 16*D (256X) bytes, lane i taking the i-th 16 bytes of each half;
 *  - Finalize uses t = S[2] (128X) or S[3] (256X) XOR Repeat(D, LE64(ad
 *    bits) || LE64(msg bits)), and the tag is the XOR over the lanes of
 *    the AEGIS-128L / AEGIS-256 tag words of each lane (for a 32-byte
 *    tag, the first and second halves each folded over the lanes).
 *
 * The includer defines, before including this file (inside its
 * HWC_TARGET region for an ISA file):
 *   XD                   the degree, 2 or 4 (or 1: AEGISMAC-128L/-256 only,
 *                        see the MAC below; no AEAD entry points then)
 *   XG                   (optional, default XD) lanes per pass, dividing XD:
 *                        the message is run XD/XG times, once per group of
 *                        XG lanes (see "Lane groups" below)
 *   XV                   the block type of XG lanes (lane i = bytes
 *                        16i..16i+15)
 *   XV_LOAD(p)           XV from 16*XG bytes at p (no alignment)
 *   XV_STORE(p, v)       16*XG bytes to p
 *   XV_BCAST(p)          XV with the 16 bytes at p in every lane
 *   XV_XOR(a, b), XV_AND(a, b)
 *   and either
 *   XV_ROUND(in, rk)     the AEGIS round lane by lane: MC(SR(SB(in))) ^ rk
 *   or XV_UPDATE128, XV_UPDATE256: the names of the includer's Update
 *     functions (spec Update, lane by lane) for this XV:
 *     void XV_UPDATE128(XV S[8], XV m0, XV m1); void XV_UPDATE256(XV S[6], XV m);
 *   XPFX                 prefix of everything defined here; the entry points:
 *     static void XPFX##_128x(int seal, key[16], nonce[16], aad, aad_len,
 *                             in, out, len, tag, tag_len)
 *     static void XPFX##_256x(int seal, key[32], nonce[32], ...)
 *     static void XPFX##_128x_mac(key[16], nonce[16], data, len, tag, tag_len)
 *     static void XPFX##_256x_mac(key[32], nonce[32], ...)       (AEGISMAC)
 *   AEGISX_FN_ATTR       (optional) prefixes the entry points
 * with the contracts of hwc_aegis_fn and hwc_aegis_mac_fn (hwcrypt_impl.h):
 * seal != 0 encrypts, seal == 0 decrypts (DecPartial for a last partial
 * block), tag receives the tag_len (16 or 32) byte tag, in may equal out. The file undefines
 * XD, XG, XV*, XPFX and AEGISX_FN_ATTR at its end, so it can be included
 * again for another degree or block type. Every temporary holding state,
 * message or keystream is wiped.
 */
#ifndef AEGISX_FN_ATTR
#define AEGISX_FN_ATTR
#endif
#define AEGISX_CAT2(a, b) a##b
#define AEGISX_CAT(a, b) AEGISX_CAT2(a, b)
#define XN(n) AEGISX_CAT(XPFX, n)

#ifndef AEGISX_CONSTANTS
#define AEGISX_CONSTANTS
static const uint8_t aegisx_c0[16] = {0x00, 0x01, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0d,
                                      0x15, 0x22, 0x37, 0x59, 0x90, 0xe9, 0x79, 0x62};
static const uint8_t aegisx_c1[16] = {0xdb, 0x3d, 0x18, 0x55, 0x6d, 0xc2, 0x2f, 0xf1,
                                      0x20, 0x11, 0x31, 0x42, 0x73, 0xb5, 0x28, 0xdd};
#endif

#ifndef XV_UPDATE128
#define XV_UPDATE128 XN(_update128)
#define XV_UPDATE256 XN(_update256)
HWC_INLINE void XN(_update128)(XV S[8], XV m0, XV m1) {
  XV t7 = S[7];
  S[7] = XV_ROUND(S[6], S[7]);
  S[6] = XV_ROUND(S[5], S[6]);
  S[5] = XV_ROUND(S[4], S[5]);
  S[4] = XV_ROUND(S[3], XV_XOR(S[4], m1));
  S[3] = XV_ROUND(S[2], S[3]);
  S[2] = XV_ROUND(S[1], S[2]);
  S[1] = XV_ROUND(S[0], S[1]);
  S[0] = XV_ROUND(t7, XV_XOR(S[0], m0));
}

HWC_INLINE void XN(_update256)(XV S[6], XV m) {
  XV t5 = S[5];
  S[5] = XV_ROUND(S[4], S[5]);
  S[4] = XV_ROUND(S[3], S[4]);
  S[3] = XV_ROUND(S[2], S[3]);
  S[2] = XV_ROUND(S[1], S[2]);
  S[1] = XV_ROUND(S[0], S[1]);
  S[0] = XV_ROUND(t5, XV_XOR(S[0], m));
}
#endif

/* Lane groups. The D lanes never mix before the tag fold, so a backend
 * whose registers cannot hold the whole D-lane state (8 or 6 words of D
 * blocks) may run the message once per group of XG lanes, with a block
 * type of XG lanes: group g covers lanes g*XG .. g*XG + XG - 1, i.e. the
 * bytes [16*XG*g, 16*XG*(g+1)) of each 16*D-byte half of every message and
 * AAD block; its output bytes are its own, so running the groups one after
 * the other is correct in place too. XG = XD (the default) is one group. */
#ifndef XG
#define XG XD
#endif

/* ctx of the group's lanes: lane i = ZeroPad(Byte(i) || Byte(D - 1), 128). */
static XV XN(_ctx)(int g) {
  uint8_t b[16 * XG];
  memset(b, 0, sizeof(b));
  for (int i = 0; i < XG; i++) {
    b[16 * i] = (uint8_t)(g * XG + i);
    b[16 * i + 1] = (uint8_t)(XD - 1);
  }
  return XV_LOAD(b);
}

/* Repeat(D, LE64(ad_len_bits) || LE64(msg_len_bits)). Public. */
static XV XN(_lenv)(size_t aad_len, size_t len) {
  uint8_t b[16];
  hwc_store_le64(b, (uint64_t)aad_len * 8);
  hwc_store_le64(b + 8, (uint64_t)len * 8);
  return XV_BCAST(b);
}

#if XD > 1
/* acc[0..16) ^= XOR over the group's lanes of v (stored to buf first). */
static void XN(_fold)(uint8_t *acc, XV v, uint8_t *buf) {
  XV_STORE(buf, v);
  for (int j = 0; j < 16; j++) {
    uint8_t a = acc[j];
    for (int i = 0; i < XG; i++) a ^= buf[16 * i + j];
    acc[j] = a;
  }
}

/* Copy the group's bytes of a zero-padded last block (halves of h bytes,
 * the group's part of each at offset o, w bytes wide) from src to dst,
 * stopping at byte r of the block. */
static void XN(_put_part)(uint8_t *dst, const uint8_t *src, size_t r, size_t h, size_t o, size_t w, int halves) {
  for (int k = 0; k < halves; k++) {
    size_t lo = (size_t)k * h + o, hi = lo + w;
    if (hi > r) hi = r;
    if (lo < hi) memcpy(dst + lo, src + lo, hi - lo);
  }
}

#endif

/* Init of group g (spec Init, the group's lanes), and Absorb of the
 * zero-padded AAD (or MAC data); buf: a scratch block of R bytes. */
HWC_INLINE void XN(_init128)(XV S[8], const uint8_t *key, const uint8_t *nonce, int g) {
  XV c0 = XV_BCAST(aegisx_c0), c1 = XV_BCAST(aegisx_c1), ctx = XN(_ctx)(g);
  XV k = XV_BCAST(key), n = XV_BCAST(nonce), kn = XV_XOR(k, n);
  S[0] = kn, S[1] = c1, S[2] = c0, S[3] = c1;
  S[4] = kn, S[5] = XV_XOR(k, c0), S[6] = XV_XOR(k, c1), S[7] = XV_XOR(k, c0);
  for (int j = 0; j < 10; j++) {
    S[3] = XV_XOR(S[3], ctx);
    S[7] = XV_XOR(S[7], ctx);
    XV_UPDATE128(S, n, k);
  }
}

HWC_INLINE void XN(_absorb128)(XV S[8], const uint8_t *aad, size_t aad_len, size_t off, uint8_t *buf) {
  enum { R = 32 * XD, H = 16 * XD };
  size_t i = 0;
  for (; i + R <= aad_len; i += R) XV_UPDATE128(S, XV_LOAD(aad + i + off), XV_LOAD(aad + i + H + off));
  if (i < aad_len) {
    memset(buf, 0, R);
    memcpy(buf, aad + i, aad_len - i);
    XV_UPDATE128(S, XV_LOAD(buf + off), XV_LOAD(buf + H + off));
  }
}

HWC_INLINE void XN(_init256)(XV S[6], const uint8_t *key, const uint8_t *nonce, int g) {
  XV c0 = XV_BCAST(aegisx_c0), c1 = XV_BCAST(aegisx_c1), ctx = XN(_ctx)(g);
  XV k0 = XV_BCAST(key), k1 = XV_BCAST(key + 16), n0 = XV_BCAST(nonce), n1 = XV_BCAST(nonce + 16);
  XV kn0 = XV_XOR(k0, n0), kn1 = XV_XOR(k1, n1);
  S[0] = kn0, S[1] = kn1, S[2] = c1, S[3] = c0, S[4] = XV_XOR(k0, c0), S[5] = XV_XOR(k1, c1);
  for (int j = 0; j < 16; j++) {
    S[3] = XV_XOR(S[3], ctx);
    S[5] = XV_XOR(S[5], ctx);
    XV_UPDATE256(S, (j & 3) == 0 ? k0 : (j & 3) == 1 ? k1 : (j & 3) == 2 ? kn0 : kn1);
  }
}

HWC_INLINE void XN(_absorb256)(XV S[6], const uint8_t *aad, size_t aad_len, size_t off, uint8_t *buf) {
  enum { R = 16 * XD };
  size_t i = 0;
  for (; i + R <= aad_len; i += R) XV_UPDATE256(S, XV_LOAD(aad + i + off));
  if (i < aad_len) {
    memset(buf, 0, R);
    memcpy(buf, aad + i, aad_len - i);
    XV_UPDATE256(S, XV_LOAD(buf + off));
  }
}

#if XD > 1 /* XD = 1 (AEGIS-128L / AEGIS-256) is instantiated for the MAC only */
/* One group g of AEGIS-128X_D: its tag words XORed into tag (tag_len
 * bytes, zeroed by the caller). */
static void XN(_128x_group)(int g, int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                            size_t tag_len) {
  enum { R = 32 * XD, H = 16 * XD, O = 16 * XG };
  const size_t off = (size_t)g * O;
  XV S[8];
  uint8_t buf[R], ob[R];
  XN(_init128)(S, key, nonce, g);
  XN(_absorb128)(S, aad, aad_len, off, buf);
  size_t i;
  for (i = 0; i + R <= len; i += R) {
    XV z0 = XV_XOR(XV_XOR(S[6], S[1]), XV_AND(S[2], S[3]));
    XV z1 = XV_XOR(XV_XOR(S[2], S[5]), XV_AND(S[6], S[7]));
    XV t0 = XV_LOAD(in + i + off), t1 = XV_LOAD(in + i + H + off);
    XV o0 = XV_XOR(t0, z0), o1 = XV_XOR(t1, z1);
    XV_STORE(out + i + off, o0);
    XV_STORE(out + i + H + off, o1);
    if (seal)
      XV_UPDATE128(S, t0, t1);
    else
      XV_UPDATE128(S, o0, o1);
  }
  if (i < len) {
    size_t r = len - i;
    XV z0 = XV_XOR(XV_XOR(S[6], S[1]), XV_AND(S[2], S[3]));
    XV z1 = XV_XOR(XV_XOR(S[2], S[5]), XV_AND(S[6], S[7]));
    memset(buf, 0, R);
    memcpy(buf, in + i, r);
    XV t0 = XV_LOAD(buf + off), t1 = XV_LOAD(buf + H + off);
    memset(ob, 0, R);
    XV_STORE(ob + off, XV_XOR(t0, z0));
    XV_STORE(ob + H + off, XV_XOR(t1, z1));
    XN(_put_part)(out + i, ob, r, H, off, O, 2);
    if (seal) {
      XV_UPDATE128(S, t0, t1);
    } else { /* DecPartial: only the first r plaintext bytes enter the state */
      memset(ob + r, 0, R - r);
      XV_UPDATE128(S, XV_LOAD(ob + off), XV_LOAD(ob + H + off));
    }
  }
  XV t = XV_XOR(S[2], XN(_lenv)(aad_len, len));
  for (int j = 0; j < 7; j++) XV_UPDATE128(S, t, t);
  if (tag_len == 16) {
    XV a = S[0];
    for (int j = 1; j < 7; j++) a = XV_XOR(a, S[j]);
    XN(_fold)(tag, a, buf);
  } else {
    XN(_fold)(tag, XV_XOR(XV_XOR(S[0], S[1]), XV_XOR(S[2], S[3])), buf);
    XN(_fold)(tag + 16, XV_XOR(XV_XOR(S[4], S[5]), XV_XOR(S[6], S[7])), buf);
  }
  hwc_wipe(S, sizeof(S));
  hwc_wipe(buf, sizeof(buf));
  hwc_wipe(ob, sizeof(ob));
}

/* One group g of AEGIS-256X_D, likewise. */
static void XN(_256x_group)(int g, int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
                            size_t tag_len) {
  enum { R = 16 * XD, O = 16 * XG };
  const size_t off = (size_t)g * O;
  XV S[6];
  uint8_t buf[R], ob[R];
  XN(_init256)(S, key, nonce, g);
  XN(_absorb256)(S, aad, aad_len, off, buf);
  size_t i;
  for (i = 0; i + R <= len; i += R) {
    XV z = XV_XOR(XV_XOR(S[1], S[4]), XV_XOR(S[5], XV_AND(S[2], S[3])));
    XV x = XV_LOAD(in + i + off), o = XV_XOR(x, z);
    XV_STORE(out + i + off, o);
    XV_UPDATE256(S, seal ? x : o);
  }
  if (i < len) {
    size_t r = len - i;
    XV z = XV_XOR(XV_XOR(S[1], S[4]), XV_XOR(S[5], XV_AND(S[2], S[3])));
    memset(buf, 0, R);
    memcpy(buf, in + i, r);
    XV x = XV_LOAD(buf + off);
    memset(ob, 0, R);
    XV_STORE(ob + off, XV_XOR(x, z));
    XN(_put_part)(out + i, ob, r, R, off, O, 1);
    if (seal) {
      XV_UPDATE256(S, x);
    } else {
      memset(ob + r, 0, R - r);
      XV_UPDATE256(S, XV_LOAD(ob + off));
    }
  }
  XV t = XV_XOR(S[3], XN(_lenv)(aad_len, len));
  for (int j = 0; j < 7; j++) XV_UPDATE256(S, t);
  if (tag_len == 16) {
    XV a = S[0];
    for (int j = 1; j < 6; j++) a = XV_XOR(a, S[j]);
    XN(_fold)(tag, a, buf);
  } else {
    XN(_fold)(tag, XV_XOR(XV_XOR(S[0], S[1]), S[2]), buf);
    XN(_fold)(tag + 16, XV_XOR(XV_XOR(S[3], S[4]), S[5]), buf);
  }
  hwc_wipe(S, sizeof(S));
  hwc_wipe(buf, sizeof(buf));
  hwc_wipe(ob, sizeof(ob));
}

AEGISX_FN_ATTR static void XN(_128x)(int seal, const uint8_t *key, const uint8_t *nonce,
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  memset(tag, 0, tag_len);
  for (int g = 0; g < XD / XG; g++)
    XN(_128x_group)(g, seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
}

AEGISX_FN_ATTR static void XN(_256x)(int seal, const uint8_t *key, const uint8_t *nonce,
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  memset(tag, 0, tag_len);
  for (int g = 0; g < XD / XG; g++)
    XN(_256x_group)(g, seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);
}

#endif /* XD > 1 */

/* AEGISMAC (draft section "AEGIS as a Message Authentication Code"): Init,
 * Absorb of the zero-padded data, then FinalizeMac: each lane is
 * finalized with u = LE64(data bits) || LE64(tag bits); for D > 1 the
 * lanes' tags (128X, 16-byte tag: lanes 0..D-1; otherwise lanes 1..D-1)
 * are absorbed into lane 0 alone (the other lanes' message words zero),
 * lane 0 is finalized again with u = LE64(D) || LE64(tag bits), and the tag
 * is lane 0's. With XD = 1 this is AEGISMAC-128L / AEGISMAC-256. The groups
 * run last to first, so group 0's state (lane 0) is live when the other
 * lanes' tags are ready. tag_len is 16 or 32. */

/* The 16-byte lane words of v (a group of XG lanes) to dst[stride * (lane
 * - first)] for the lanes of group g from lane first on. */
static void XN(_lane_words)(uint8_t *dst, size_t stride, int first, int g, XV v, uint8_t *buf) {
  XV_STORE(buf, v);
  for (int j = 0; j < XG; j++) {
    int lane = g * XG + j;
    if (lane >= first) memcpy(dst + stride * (size_t)(lane - first), buf + 16 * j, 16);
  }
}

/* XV with the 16 bytes at p in lane 0 of the group, zero elsewhere. */
static XV XN(_lane0)(const uint8_t *p, uint8_t *buf) {
  memset(buf, 0, 16 * XG);
  memcpy(buf, p, 16);
  return XV_LOAD(buf);
}

/* ZeroPad(lane 0 of v ^ (LE64(D) || LE64(tag bits)), R / 2). */
static XV XN(_mac_t)(XV v, size_t tag_len, uint8_t *buf) {
  uint8_t u[16];
  XV_STORE(buf, v);
  hwc_store_le64(u, (uint64_t)XD);
  hwc_store_le64(u + 8, (uint64_t)tag_len * 8);
  for (int j = 0; j < 16; j++) buf[j] ^= u[j];
  memset(buf + 16, 0, 16 * XG - 16);
  return XV_LOAD(buf);
}

AEGISX_FN_ATTR static void XN(_128x_mac)(const uint8_t *key, const uint8_t *nonce, const uint8_t *data,
                                         size_t len, uint8_t *tag, size_t tag_len) {
  enum { R = 32 * XD, O = 16 * XG };
  uint8_t tags[32 * XD], buf[R];
  /* 16-byte tags: lane i's at 16*i; 32-byte: lane i's at 32*(i-1) */
  const int first = tag_len == 16 ? 0 : 1;
  const size_t ntags = tag_len == 16 ? 16 * (size_t)XD : 32 * (size_t)(XD - 1);
  for (int g = XD / XG - 1; g >= 0; g--) {
    XV S[8];
    XN(_init128)(S, key, nonce, g);
    XN(_absorb128)(S, data, len, (size_t)g * O, buf);
    XV t = XV_XOR(S[2], XN(_lenv)(len, tag_len));
    for (int j = 0; j < 7; j++) XV_UPDATE128(S, t, t);
    if (tag_len == 16) {
      XV a = S[0];
      for (int j = 1; j < 7; j++) a = XV_XOR(a, S[j]);
      XN(_lane_words)(tags, 16, first, g, a, buf);
    } else {
      XN(_lane_words)(tags, 32, first, g, XV_XOR(XV_XOR(S[0], S[1]), XV_XOR(S[2], S[3])), buf);
      XN(_lane_words)(tags + 16, 32, first, g, XV_XOR(XV_XOR(S[4], S[5]), XV_XOR(S[6], S[7])), buf);
    }
    if (g == 0) {
      if (XD > 1) {
        for (size_t i = 0; i < ntags; i += 32)
          XV_UPDATE128(S, XN(_lane0)(tags + i, buf), XN(_lane0)(tags + i + 16, buf));
        t = XN(_mac_t)(S[2], tag_len, buf);
        for (int j = 0; j < 7; j++) XV_UPDATE128(S, t, t);
      }
      if (tag_len == 16) {
        XV a = S[0];
        for (int j = 1; j < 7; j++) a = XV_XOR(a, S[j]);
        XV_STORE(buf, a);
        memcpy(tag, buf, 16);
      } else {
        XV_STORE(buf, XV_XOR(XV_XOR(S[0], S[1]), XV_XOR(S[2], S[3])));
        memcpy(tag, buf, 16);
        XV_STORE(buf, XV_XOR(XV_XOR(S[4], S[5]), XV_XOR(S[6], S[7])));
        memcpy(tag + 16, buf, 16);
      }
    }
    hwc_wipe(S, sizeof(S));
  }
  hwc_wipe(tags, sizeof(tags));
  hwc_wipe(buf, sizeof(buf));
}

AEGISX_FN_ATTR static void XN(_256x_mac)(const uint8_t *key, const uint8_t *nonce, const uint8_t *data,
                                         size_t len, uint8_t *tag, size_t tag_len) {
  enum { R = 16 * XD, O = 16 * XG };
  uint8_t tags[32 * XD], buf[R < 32 ? 32 : R];
  /* lanes 1..D-1: lane i's tag at tag_len*(i-1) */
  const size_t ntags = tag_len * (size_t)(XD - 1);
  for (int g = XD / XG - 1; g >= 0; g--) {
    XV S[6];
    XN(_init256)(S, key, nonce, g);
    XN(_absorb256)(S, data, len, (size_t)g * O, buf);
    XV t = XV_XOR(S[3], XN(_lenv)(len, tag_len));
    for (int j = 0; j < 7; j++) XV_UPDATE256(S, t);
    if (tag_len == 16) {
      XV a = S[0];
      for (int j = 1; j < 6; j++) a = XV_XOR(a, S[j]);
      XN(_lane_words)(tags, 16, 1, g, a, buf);
    } else {
      XN(_lane_words)(tags, 32, 1, g, XV_XOR(XV_XOR(S[0], S[1]), S[2]), buf);
      XN(_lane_words)(tags + 16, 32, 1, g, XV_XOR(XV_XOR(S[3], S[4]), S[5]), buf);
    }
    if (g == 0) {
      if (XD > 1) {
        for (size_t i = 0; i < ntags; i += 16) XV_UPDATE256(S, XN(_lane0)(tags + i, buf));
        t = XN(_mac_t)(S[3], tag_len, buf);
        for (int j = 0; j < 7; j++) XV_UPDATE256(S, t);
      }
      if (tag_len == 16) {
        XV a = S[0];
        for (int j = 1; j < 6; j++) a = XV_XOR(a, S[j]);
        XV_STORE(buf, a);
        memcpy(tag, buf, 16);
      } else {
        XV_STORE(buf, XV_XOR(XV_XOR(S[0], S[1]), S[2]));
        memcpy(tag, buf, 16);
        XV_STORE(buf, XV_XOR(XV_XOR(S[3], S[4]), S[5]));
        memcpy(tag + 16, buf, 16);
      }
    }
    hwc_wipe(S, sizeof(S));
  }
  hwc_wipe(tags, sizeof(tags));
  hwc_wipe(buf, sizeof(buf));
}

#undef XN
#undef XD
#undef XG
#undef XV
#undef XV_LOAD
#undef XV_STORE
#undef XV_BCAST
#undef XV_XOR
#undef XV_AND
#undef XV_ROUND
#undef XV_UPDATE128
#undef XV_UPDATE256
#undef XPFX
#undef AEGISX_FN_ATTR
