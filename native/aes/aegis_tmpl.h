/*
 * aegis_tmpl.h - the AEGIS-128L and AEGIS-256 message framing
 * (draft-irtf-cfrg-aegis-aead-18, sections 4 and 5), written once over a
 * 128-bit block type and included by each AEGIS backend file.
 *
 * The includer defines, before including this file (inside its
 * HWC_TARGET region for an ISA file, so that everything here gets the ISA):
 *   AV                  the block type (__m128i, uint8x16_t, a struct)
 *   AV_LOAD(p)          AV from 16 bytes at p (no alignment)
 *   AV_STORE(p, v)      16 bytes to p
 *   AV_XOR(a, b), AV_AND(a, b)
 *   AV_ZERO()
 *   static void aegis128l_update(AV S[8], AV m0, AV m1);   spec Update
 *   static void aegis256_update(AV S[6], AV m);
 *   AEGIS_PREFIX        prefix of the two entry points it defines:
 *     static void AEGIS_PREFIX##128l(int seal, key, nonce, aad, aad_len,
 *                                    in, out, len, tag, tag_len)
 *     static void AEGIS_PREFIX##256(...)
 * seal != 0 encrypts in to out, seal == 0 decrypts; either way tag receives
 * the tag_len (16 or 32) byte tag of the message; the glue (aegis.c)
 * checks lengths and compares. in may equal out. Partial last blocks are
 * zero-padded (Absorb, Enc) and the spec's DecPartial is used on open: the
 * keystream is XORed over the zero-padded ciphertext and only the first
 * |cn| plaintext bytes, zero-padded again, enter the state.
 * Every temporary holding state, message or keystream is wiped.
 * AEGIS_FN_ATTR (optional) prefixes both entry points.
 * AEGIS_HAVE_PARTIAL (optional) with
 *   static AV aegis_load_partial(const uint8_t *p, size_t n);        n < 16
 *   static void aegis_store_partial(uint8_t *p, AV v, size_t n);     n < 16
 * (the first n bytes, zero-padded / the first n bytes of v) moves a last
 * partial block in registers. Without them it goes through a stack
 * buffer (memset, memcpy, one 16-byte load), which is simple but the load
 * of bytes just written by smaller stores cannot be forwarded and waits
 * for them to retire.
 * AV_WIPE(p, n) (optional; default hwc_wipe) zeroes the partial-block
 * buffer (16 or 32 bytes) and, unless AEGIS_STATE_IN_REGISTERS, the state
 * array at the end. A backend defines AEGIS_STATE_IN_REGISTERS when the
 * compiler keeps the whole state in registers (no stack home, no spill;
 * check the object with objdump): the state is then zeroed by plain
 * assignment, which costs nothing where S has no memory home and still
 * clears the stack array of an unoptimised build, instead of a wipe that
 * would first store the state to memory only to zero it.
 */
/* The helpers below are defined at the first inclusion only: a file may
 * include this header again with another AEGIS_PREFIX (one instantiation
 * per target ISA, each inside its own HWC_TARGET region); the helpers,
 * compiled for the first region's ISA, are always inlined into each. */
#ifndef AEGIS_TMPL_HELPERS
#define AEGIS_TMPL_HELPERS
#ifndef AV_WIPE
#define AV_WIPE(p, n) hwc_wipe((p), (n))
#endif
#ifndef AEGIS_FN_ATTR
#define AEGIS_FN_ATTR /* e.g. HWC_NOINLINE for a backend that burns the stack */
#endif
#define AEGIS_CAT2(a, b) a##b
#define AEGIS_CAT(a, b) AEGIS_CAT2(a, b)

static const uint8_t aegis_c0[16] = {0x00, 0x01, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0d,
                                     0x15, 0x22, 0x37, 0x59, 0x90, 0xe9, 0x79, 0x62};
static const uint8_t aegis_c1[16] = {0xdb, 0x3d, 0x18, 0x55, 0x6d, 0xc2, 0x2f, 0xf1,
                                     0x20, 0x11, 0x31, 0x42, 0x73, 0xb5, 0x28, 0xdd};

/* 16 bytes 0xff then 16 bytes 0: the 16 bytes at aegis_ones + 16 - n keep
 * the first n (0..16) bytes of a block (AND), an address that depends on
 * the public length only. */
static const uint8_t aegis_ones[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#ifdef AEGIS_HAVE_PARTIAL
#define AEGIS_BUF(name) uint8_t *name = NULL /* no buffer */
#define AEGIS_LOAD_PARTIAL(p, n, buf) aegis_load_partial((p), (n))
#define AEGIS_STORE_PARTIAL(p, v, n, buf) aegis_store_partial((p), (v), (n))
#define AEGIS_WIPE_BUF(buf) (void)(buf)
#else
#define AEGIS_BUF(name) uint8_t name[16]
#define AEGIS_LOAD_PARTIAL(p, n, buf) aegis_load_partial_buf((p), (n), (buf))
#define AEGIS_STORE_PARTIAL(p, v, n, buf) aegis_store_partial_buf((p), (v), (n), (buf))
#define AEGIS_WIPE_BUF(buf) AV_WIPE((buf), 16)
HWC_INLINE AV aegis_load_partial_buf(const uint8_t *p, size_t n, uint8_t buf[16]) {
  memset(buf, 0, 16);
  memcpy(buf, p, n);
  return AV_LOAD(buf);
}
HWC_INLINE void aegis_store_partial_buf(uint8_t *p, AV v, size_t n, uint8_t buf[16]) {
  AV_STORE(buf, v);
  memcpy(p, buf, n);
}
#endif

/* The first n (0 < n < 32) bytes at p as two zero-padded blocks. */
HWC_INLINE void aegis_load_partial32(const uint8_t *p, size_t n, AV *a, AV *b, uint8_t *buf) {
  if (n >= 16) {
    *a = AV_LOAD(p);
    *b = AEGIS_LOAD_PARTIAL(p + 16, n - 16, buf);
  } else {
    *a = AEGIS_LOAD_PARTIAL(p, n, buf);
    *b = AV_XOR(*a, *a);
  }
}

/* LE64(ad_len_bits) || LE64(msg_len_bits). An includer may define
 * AV_LEN_BLOCK(lo, hi) to build it in registers (two 8-byte stores read
 * back by one 16-byte load do not forward and stall). */
HWC_INLINE AV aegis_len_block(size_t aad_len, size_t len) {
#ifdef AV_LEN_BLOCK
  return AV_LEN_BLOCK((uint64_t)aad_len * 8, (uint64_t)len * 8);
#else
  uint8_t b[16];
  hwc_store_le64(b, (uint64_t)aad_len * 8);
  hwc_store_le64(b + 8, (uint64_t)len * 8);
  return AV_LOAD(b);
#endif
}
#endif /* AEGIS_TMPL_HELPERS */

AEGIS_FN_ATTR static void AEGIS_CAT(AEGIS_PREFIX, 128l)(int seal, const uint8_t *key, const uint8_t *nonce,
                                          const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                          uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  AV S[8], c0 = AV_LOAD(aegis_c0), c1 = AV_LOAD(aegis_c1);
  AV k = AV_LOAD(key), n = AV_LOAD(nonce), kn = AV_XOR(k, n);
  AEGIS_BUF(buf);
  S[0] = kn, S[1] = c1, S[2] = c0, S[3] = c1;
  S[4] = kn, S[5] = AV_XOR(k, c0), S[6] = AV_XOR(k, c1), S[7] = AV_XOR(k, c0);
  for (int i = 0; i < 10; i++) aegis128l_update(S, n, k);
  size_t i = 0;
  for (; i + 32 <= aad_len; i += 32) aegis128l_update(S, AV_LOAD(aad + i), AV_LOAD(aad + i + 16));
  if (i < aad_len) {
    AV a0, a1;
    aegis_load_partial32(aad + i, aad_len - i, &a0, &a1, buf);
    aegis128l_update(S, a0, a1);
  }
  /* Enc and Dec as two loops (no per-block direction test). The
   * keystream is computed from the state before the update. */
  i = 0;
  if (seal) {
    for (; i + 32 <= len; i += 32) {
      AV z0 = AV_XOR(AV_XOR(S[6], S[1]), AV_AND(S[2], S[3]));
      AV z1 = AV_XOR(AV_XOR(S[2], S[5]), AV_AND(S[6], S[7]));
      AV t0 = AV_LOAD(in + i), t1 = AV_LOAD(in + i + 16);
      AV_STORE(out + i, AV_XOR(t0, z0));
      AV_STORE(out + i + 16, AV_XOR(t1, z1));
      aegis128l_update(S, t0, t1);
    }
  } else {
    for (; i + 32 <= len; i += 32) {
      AV z0 = AV_XOR(AV_XOR(S[6], S[1]), AV_AND(S[2], S[3]));
      AV z1 = AV_XOR(AV_XOR(S[2], S[5]), AV_AND(S[6], S[7]));
      AV m0 = AV_XOR(AV_LOAD(in + i), z0), m1 = AV_XOR(AV_LOAD(in + i + 16), z1);
      AV_STORE(out + i, m0);
      AV_STORE(out + i + 16, m1);
      aegis128l_update(S, m0, m1);
    }
  }
  if (i < len) {
    size_t r = len - i;
    AV z0 = AV_XOR(AV_XOR(S[6], S[1]), AV_AND(S[2], S[3]));
    AV z1 = AV_XOR(AV_XOR(S[2], S[5]), AV_AND(S[6], S[7]));
    AV t0, t1;
    aegis_load_partial32(in + i, r, &t0, &t1, buf);
    AV o0 = AV_XOR(t0, z0), o1 = AV_XOR(t1, z1);
    if (r >= 16) {
      AV_STORE(out + i, o0);
      AEGIS_STORE_PARTIAL(out + i + 16, o1, r - 16, buf);
    } else {
      AEGIS_STORE_PARTIAL(out + i, o0, r, buf);
    }
    if (seal) {
      aegis128l_update(S, t0, t1);
    } else { /* DecPartial: only the first r plaintext bytes enter the state */
      size_t r0 = r < 16 ? r : 16, r1 = r - r0;
      aegis128l_update(S, AV_AND(o0, AV_LOAD(aegis_ones + 16 - r0)), AV_AND(o1, AV_LOAD(aegis_ones + 16 - r1)));
    }
  }
  AV t = AV_XOR(S[2], aegis_len_block(aad_len, len));
  for (int j = 0; j < 7; j++) aegis128l_update(S, t, t);
  if (tag_len == 16) {
    AV a = S[0];
    for (int j = 1; j < 7; j++) a = AV_XOR(a, S[j]);
    AV_STORE(tag, a);
  } else {
    AV_STORE(tag, AV_XOR(AV_XOR(S[0], S[1]), AV_XOR(S[2], S[3])));
    AV_STORE(tag + 16, AV_XOR(AV_XOR(S[4], S[5]), AV_XOR(S[6], S[7])));
  }
#ifdef AEGIS_STATE_IN_REGISTERS
  for (int j = 0; j < 8; j++) S[j] = AV_ZERO();
#else
  AV_WIPE(S, sizeof(S));
#endif
  AEGIS_WIPE_BUF(buf);
}

AEGIS_FN_ATTR static void AEGIS_CAT(AEGIS_PREFIX, 256)(int seal, const uint8_t *key, const uint8_t *nonce,
                                         const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                         uint8_t *out, size_t len, uint8_t *tag, size_t tag_len) {
  AV S[6], c0 = AV_LOAD(aegis_c0), c1 = AV_LOAD(aegis_c1);
  AV k0 = AV_LOAD(key), k1 = AV_LOAD(key + 16), n0 = AV_LOAD(nonce), n1 = AV_LOAD(nonce + 16);
  AV kn0 = AV_XOR(k0, n0), kn1 = AV_XOR(k1, n1);
  AEGIS_BUF(buf);
  S[0] = kn0, S[1] = kn1, S[2] = c1, S[3] = c0, S[4] = AV_XOR(k0, c0), S[5] = AV_XOR(k1, c1);
  for (int i = 0; i < 4; i++) {
    aegis256_update(S, k0);
    aegis256_update(S, k1);
    aegis256_update(S, kn0);
    aegis256_update(S, kn1);
  }
  size_t i = 0;
  for (; i + 16 <= aad_len; i += 16) aegis256_update(S, AV_LOAD(aad + i));
  if (i < aad_len) aegis256_update(S, AEGIS_LOAD_PARTIAL(aad + i, aad_len - i, buf));
  i = 0;
  if (seal) {
    for (; i + 16 <= len; i += 16) {
      AV z = AV_XOR(AV_XOR(S[1], S[4]), AV_XOR(S[5], AV_AND(S[2], S[3])));
      AV x = AV_LOAD(in + i);
      AV_STORE(out + i, AV_XOR(x, z));
      aegis256_update(S, x);
    }
  } else {
    for (; i + 16 <= len; i += 16) {
      AV z = AV_XOR(AV_XOR(S[1], S[4]), AV_XOR(S[5], AV_AND(S[2], S[3])));
      AV m = AV_XOR(AV_LOAD(in + i), z);
      AV_STORE(out + i, m);
      aegis256_update(S, m);
    }
  }
  if (i < len) {
    size_t r = len - i;
    AV z = AV_XOR(AV_XOR(S[1], S[4]), AV_XOR(S[5], AV_AND(S[2], S[3])));
    AV x = AEGIS_LOAD_PARTIAL(in + i, r, buf), o = AV_XOR(x, z);
    AEGIS_STORE_PARTIAL(out + i, o, r, buf);
    if (seal)
      aegis256_update(S, x);
    else /* DecPartial */
      aegis256_update(S, AV_AND(o, AV_LOAD(aegis_ones + 16 - r)));
  }
  AV t = AV_XOR(S[3], aegis_len_block(aad_len, len));
  for (int j = 0; j < 7; j++) aegis256_update(S, t);
  if (tag_len == 16) {
    AV a = S[0];
    for (int j = 1; j < 6; j++) a = AV_XOR(a, S[j]);
    AV_STORE(tag, a);
  } else {
    AV_STORE(tag, AV_XOR(AV_XOR(S[0], S[1]), S[2]));
    AV_STORE(tag + 16, AV_XOR(AV_XOR(S[3], S[4]), S[5]));
  }
#ifdef AEGIS_STATE_IN_REGISTERS
  for (int j = 0; j < 6; j++) S[j] = AV_ZERO();
#else
  AV_WIPE(S, sizeof(S));
#endif
  AEGIS_WIPE_BUF(buf);
}
