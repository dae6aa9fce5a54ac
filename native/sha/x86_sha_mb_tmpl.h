/*
 * x86_sha_mb_tmpl.h - the SHA-1 and SHA-256 rounds of the x86 multi-buffer
 * kernels (sha{1,256}_x86_avx{2x8,512x16}.c), written once over a vector
 * of MB_LANES 32-bit lanes. Included inside each file's target region
 * (HWC_TARGET_BEGIN, hwcrypt_target.h) with MB_AVX512 or MB_AVX2 defined,
 * which select the vector primitives below:
 *
 *   mbv                       the vector type (__m256i: 8 lanes, __m512i: 16)
 *   MB_LANES                  8 or 16
 *   mb_add(a, b)              32-bit lane add
 *   mb_xor(a, b), mb_xor3(a, b, c)   a ^ b (^ c)
 *   mb_ch(e, f, g)            (e & f) ^ (~e & g)
 *   mb_maj(a, b, c)           (a & b) ^ (a & c) ^ (b & c)
 *   MB_ROTL(x, n), MB_ROTR(x, n), MB_SHR(x, n)   with constant n
 *   mb_set1(u)                u in every lane
 *   mb_load(p), mb_store(p, v)   MB_LANES words at p (64-byte aligned)
 *   mb_load_block(w, p, off)  w[t] (t = 0..15) = big-endian word t of the
 *                             64-byte block at p[i] + off in lane i: the
 *                             transposed message load
 *   mb_state_in(v, st), mb_state_out(v, st)   v[w] = word w of st[i]->s32
 *                             in lane i (w = 0..7), and back
 * and with MB_SHA1 or MB_SHA256 defined (the compression to instantiate).
 *
 * Layout: one vector per state word (lane i of vector A is A of lane i's
 * message) and one per schedule word, so every FIPS 180-4 step is one
 * vector operation applied to MB_LANES independent messages, exactly the
 * scalar algorithm with "uint32_t" read as "vector". The state is
 * transposed in and out in registers once per call (mb_state_in/out);
 * the message is transposed per block by mb_load_block.
 *
 * The rounds are fully unrolled by the R* macros with literal round
 * numbers, so schedule indices (t mod 16) and the round constants are
 * compile-time constants and the 16 schedule words stay in registers
 * where the register file allows (zmm: 32 registers; ymm: 16, so the
 * AVX2 kernels spill part of the window). The variable names rotate
 * instead of the values (the classic R(a,b,...,h) form), so a round moves
 * no registers.
 *
 * Constant time: adds, boolean ops, rotates, shifts and fixed shuffles on
 * vectors; every address depends on the (public) lane pointers, block
 * index and round number; the only branch is the block loop.
 *
 * Stack: spilled state and schedule words are secret; the
 * kernels' entry points burn the dead frame (hwc_burn_stack), so the
 * rounds function returns its stack pointer (HWC_BURN_DEPTH).
 */

/* ------------------------------------------------------------------------ */
/* The two vector widths                                                    */
/* ------------------------------------------------------------------------ */

#if defined(MB_AVX512)

/* AVX-512 (F, BW for the zmm byte shuffle): 16 lanes; rotates are vprold /
 * vprord, and every three-input boolean function is one vpternlogd whose
 * immediate is the function's truth table (bit (a<<2 | b<<1 | c) of the
 * immediate is f(a, b, c)): 0x96 = a^b^c, 0xca = Ch, 0xe8 = Maj. */
typedef __m512i mbv;
#define MB_LANES 16
#define MB_ROTL(x, n) _mm512_rol_epi32((x), (n))
#define MB_ROTR(x, n) _mm512_ror_epi32((x), (n))
#define MB_SHR(x, n) _mm512_srli_epi32((x), (n))
HWC_INLINE mbv mb_add(mbv a, mbv b) { return _mm512_add_epi32(a, b); }
HWC_INLINE mbv mb_xor(mbv a, mbv b) { return _mm512_xor_si512(a, b); }
HWC_INLINE mbv mb_xor3(mbv a, mbv b, mbv c) { return _mm512_ternarylogic_epi32(a, b, c, 0x96); }
HWC_INLINE mbv mb_ch(mbv e, mbv f, mbv g) { return _mm512_ternarylogic_epi32(e, f, g, 0xca); }
HWC_INLINE mbv mb_maj(mbv a, mbv b, mbv c) { return _mm512_ternarylogic_epi32(a, b, c, 0xe8); }
HWC_INLINE mbv mb_set1(uint32_t u) { return _mm512_set1_epi32((int)u); }
HWC_INLINE mbv mb_load(const uint32_t *p) { return _mm512_load_si512((const void *)p); }
HWC_INLINE void mb_store(uint32_t *p, mbv v) { _mm512_store_si512((void *)p, v); }

/*
 * The transposed load: row i = lane i's 64-byte block (byte-swapped to
 * big-endian words), then a 16x16 transpose of 32-bit words in four
 * stages of 16 shuffles:
 *   1. unpack{lo,hi}_epi32 of rows (2k, 2k+1): pairs of words per 128-bit
 *      lane,
 *   2. unpack{lo,hi}_epi64 of those: within every 128-bit lane j, vector
 *      4g + x now holds word 4j + x of rows 4g..4g+3;
 *   3./4. a 4x4 transpose of 128-bit blocks with shuffle_i32x4 (0x44/0xee
 *      pick block pairs, 0x88/0xdd the even/odd blocks of two vectors), so
 *      that block g of w[4j + x] comes from rows 4g..4g+3: element i of
 *      w[t] is word t of row i.
 */
HWC_INLINE void mb_load_block(mbv w[16], const uint8_t *const *p, size_t off) {
  const __m512i bs = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
  __m512i r[16], t[16];
  for (int i = 0; i < 16; i++) r[i] = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(p[i] + off)), bs);
  for (int k = 0; k < 8; k++) {
    t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
  }
  for (int g = 0; g < 4; g++) {
    r[4 * g + 0] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
    r[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
    r[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
    r[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
  }
  for (int x = 0; x < 4; x++) {
    __m512i s0 = _mm512_shuffle_i32x4(r[x], r[4 + x], 0x44);
    __m512i s1 = _mm512_shuffle_i32x4(r[x], r[4 + x], 0xee);
    __m512i s2 = _mm512_shuffle_i32x4(r[8 + x], r[12 + x], 0x44);
    __m512i s3 = _mm512_shuffle_i32x4(r[8 + x], r[12 + x], 0xee);
    w[x] = _mm512_shuffle_i32x4(s0, s2, 0x88);
    w[4 + x] = _mm512_shuffle_i32x4(s0, s2, 0xdd);
    w[8 + x] = _mm512_shuffle_i32x4(s1, s3, 0x88);
    w[12 + x] = _mm512_shuffle_i32x4(s1, s3, 0xdd);
  }
}

/*
 * The chaining values: v[k] = lane k's eight state words in the low 256
 * bits and lane k + 8's in the high 256 bits; mb_transpose8 turns that
 * into v[w] = word w of lanes 0..15 and, being a transpose of each
 * 256-bit half, back again. unpack{lo,hi}_epi32 / _epi64 as in the load
 * below, then vpermt2q gathers, for each half, the two 128-bit blocks of
 * word w (qword index table: block 0 and 2 of both inputs, or 1 and 3).
 */
HWC_INLINE void mb_transpose8(mbv v[8]) {
  const __m512i lo = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0), hi = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
  __m512i t[8], u[8];
  for (int k = 0; k < 4; k++) {
    t[2 * k] = _mm512_unpacklo_epi32(v[2 * k], v[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi32(v[2 * k], v[2 * k + 1]);
  }
  for (int g = 0; g < 2; g++) {
    u[4 * g + 0] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
    u[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
  }
  for (int x = 0; x < 4; x++) {
    v[x] = _mm512_permutex2var_epi64(u[x], lo, u[4 + x]);
    v[4 + x] = _mm512_permutex2var_epi64(u[x], hi, u[4 + x]);
  }
}
/* All eight words of every lane's state (32 bytes of the union, whatever
 * the family), so SHA-1's unused words 5..7 go back unchanged. */
HWC_INLINE void mb_state_in(mbv v[8], hwc_hash_state *const *st) {
  for (int k = 0; k < 8; k++)
    v[k] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)st[k]->s32)),
                              _mm256_loadu_si256((const __m256i *)st[k + 8]->s32), 1);
  mb_transpose8(v);
}
HWC_INLINE void mb_state_out(mbv v[8], hwc_hash_state *const *st) {
  mb_transpose8(v);
  for (int k = 0; k < 8; k++) {
    _mm256_storeu_si256((__m256i *)st[k]->s32, _mm512_castsi512_si256(v[k]));
    _mm256_storeu_si256((__m256i *)st[k + 8]->s32, _mm512_extracti64x4_epi64(v[k], 1));
  }
}

#elif defined(MB_AVX2)

/* AVX2: 8 lanes; a rotate is two shifts and an OR, Ch and Maj take three
 * and four boolean ops. */
typedef __m256i mbv;
#define MB_LANES 8
HWC_INLINE mbv mb_rotl(mbv x, int n) { return _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - n)); }
#define MB_ROTL(x, n) mb_rotl((x), (n))
#define MB_ROTR(x, n) mb_rotl((x), 32 - (n))
#define MB_SHR(x, n) _mm256_srli_epi32((x), (n))
HWC_INLINE mbv mb_add(mbv a, mbv b) { return _mm256_add_epi32(a, b); }
HWC_INLINE mbv mb_xor(mbv a, mbv b) { return _mm256_xor_si256(a, b); }
HWC_INLINE mbv mb_xor3(mbv a, mbv b, mbv c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
HWC_INLINE mbv mb_ch(mbv e, mbv f, mbv g) { return _mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256(f, g), e), g); }
HWC_INLINE mbv mb_maj(mbv a, mbv b, mbv c) {
  return _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(c, _mm256_or_si256(a, b)));
}
HWC_INLINE mbv mb_set1(uint32_t u) { return _mm256_set1_epi32((int)u); }
HWC_INLINE mbv mb_load(const uint32_t *p) { return _mm256_load_si256((const __m256i *)p); }
HWC_INLINE void mb_store(uint32_t *p, mbv v) { _mm256_store_si256((__m256i *)p, v); }

/*
 * The transposed load, per 32-byte half h of the block: rows i = lane i's
 * words 8h..8h+7 (byte-swapped), an 8x8 transpose of 32-bit words:
 * unpack{lo,hi}_epi32 and unpack{lo,hi}_epi64 as in the AVX-512 version
 * (vector 4g + x holds, in 128-bit lane j, word 8h + 4j + x of rows
 * 4g..4g+3), then permute2x128 pairs the lanes (0x20: both low halves,
 * 0x31: both high halves).
 */
HWC_INLINE void mb_load_block(mbv w[16], const uint8_t *const *p, size_t off) {
  const __m256i bs = _mm256_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10,
                                     11, 4, 5, 6, 7, 0, 1, 2, 3);
  for (int h = 0; h < 2; h++) {
    __m256i r[8], t[8], u[8];
    for (int i = 0; i < 8; i++)
      r[i] = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(p[i] + off + 32 * h)), bs);
    for (int k = 0; k < 4; k++) {
      t[2 * k] = _mm256_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
      t[2 * k + 1] = _mm256_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
    }
    for (int g = 0; g < 2; g++) {
      u[4 * g + 0] = _mm256_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
      u[4 * g + 1] = _mm256_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
      u[4 * g + 2] = _mm256_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
      u[4 * g + 3] = _mm256_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
    }
    for (int x = 0; x < 4; x++) {
      w[8 * h + x] = _mm256_permute2x128_si256(u[x], u[4 + x], 0x20);
      w[8 * h + 4 + x] = _mm256_permute2x128_si256(u[x], u[4 + x], 0x31);
    }
  }
}

/* The chaining values: v[k] = lane k's eight state words; an 8x8
 * transpose (the load's) makes v[w] = word w of every lane, and back. */
HWC_INLINE void mb_transpose8(mbv v[8]) {
  __m256i t[8], u[8];
  for (int k = 0; k < 4; k++) {
    t[2 * k] = _mm256_unpacklo_epi32(v[2 * k], v[2 * k + 1]);
    t[2 * k + 1] = _mm256_unpackhi_epi32(v[2 * k], v[2 * k + 1]);
  }
  for (int g = 0; g < 2; g++) {
    u[4 * g + 0] = _mm256_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 1] = _mm256_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 2] = _mm256_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
    u[4 * g + 3] = _mm256_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
  }
  for (int x = 0; x < 4; x++) {
    v[x] = _mm256_permute2x128_si256(u[x], u[4 + x], 0x20);
    v[4 + x] = _mm256_permute2x128_si256(u[x], u[4 + x], 0x31);
  }
}
HWC_INLINE void mb_state_in(mbv v[8], hwc_hash_state *const *st) {
  for (int k = 0; k < 8; k++) v[k] = _mm256_loadu_si256((const __m256i *)st[k]->s32);
  mb_transpose8(v);
}
HWC_INLINE void mb_state_out(mbv v[8], hwc_hash_state *const *st) {
  mb_transpose8(v);
  for (int k = 0; k < 8; k++) _mm256_storeu_si256((__m256i *)st[k]->s32, v[k]);
}

#else
#error "x86_sha_mb_tmpl.h: define MB_AVX512 or MB_AVX2"
#endif

/* ------------------------------------------------------------------------ */
/* The compressions                                                         */
/* ------------------------------------------------------------------------ */

#if defined(MB_SHA256)

#define MB_S0(a) mb_xor3(MB_ROTR(a, 2), MB_ROTR(a, 13), MB_ROTR(a, 22))
#define MB_S1(e) mb_xor3(MB_ROTR(e, 6), MB_ROTR(e, 11), MB_ROTR(e, 25))
#define MB_s0(x) mb_xor3(MB_ROTR(x, 7), MB_ROTR(x, 18), MB_SHR(x, 3))
#define MB_s1(x) mb_xor3(MB_ROTR(x, 17), MB_ROTR(x, 19), MB_SHR(x, 10))

/* W[t] for t >= 16, in place in the 16-word window w. */
#define MB_SCHED256(w, t)                                                                      \
  ((w)[(t)&15] = mb_add(mb_add((w)[(t)&15], MB_s0((w)[((t) + 1) & 15])),                        \
                        mb_add((w)[((t) + 9) & 15], MB_s1((w)[((t) + 14) & 15]))))

/* One round: T1 = h + S1(e) + Ch(e,f,g) + K[t] + W[t]; d += T1;
 * h = T1 + S0(a) + Maj(a,b,c). The caller rotates the names and has
 * the round constants at kp. */
#define MB_R256(a, b, c, d, e, f, g, h, t, wt)                                                 \
  do {                                                                                         \
    mbv t1_ = mb_add(mb_add((h), mb_set1(kp[t])), mb_add((wt), mb_ch((e), (f), (g))));         \
    t1_ = mb_add(t1_, MB_S1(e));                                                               \
    (d) = mb_add((d), t1_);                                                                    \
    (h) = mb_add(t1_, mb_add(MB_S0(a), mb_maj((a), (b), (c))));                                \
  } while (0)

#define MB_R256x8(w, s, t, SCHED)                                           \
  do {                                                                      \
    MB_R256(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], (t) + 0, SCHED(w, (t) + 0)); \
    MB_R256(s[7], s[0], s[1], s[2], s[3], s[4], s[5], s[6], (t) + 1, SCHED(w, (t) + 1)); \
    MB_R256(s[6], s[7], s[0], s[1], s[2], s[3], s[4], s[5], (t) + 2, SCHED(w, (t) + 2)); \
    MB_R256(s[5], s[6], s[7], s[0], s[1], s[2], s[3], s[4], (t) + 3, SCHED(w, (t) + 3)); \
    MB_R256(s[4], s[5], s[6], s[7], s[0], s[1], s[2], s[3], (t) + 4, SCHED(w, (t) + 4)); \
    MB_R256(s[3], s[4], s[5], s[6], s[7], s[0], s[1], s[2], (t) + 5, SCHED(w, (t) + 5)); \
    MB_R256(s[2], s[3], s[4], s[5], s[6], s[7], s[0], s[1], (t) + 6, SCHED(w, (t) + 6)); \
    MB_R256(s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[0], (t) + 7, SCHED(w, (t) + 7)); \
  } while (0)

#define MB_WLOAD(w, t) ((w)[(t)&15])

HWC_NOINLINE static uintptr_t mb_sha256_rounds(hwc_hash_state *const *st, const uint8_t *const *data,
                                               size_t nblocks) {
  mbv s[8], v[8], w[16];
  mb_state_in(s, st);
  for (size_t off = 0; nblocks; nblocks--, off += 64) {
    /* The constants are read from memory in the rounds (a broadcast
     * operand): hidden from the compiler per block, which would otherwise
     * hoist all 64 broadcasts out of the loop and spill them (4 KiB of
     * zmm spills). */
    const uint32_t *kp = hwc_sha256_k;
    HWC_OPAQUE_GPR(kp);
    mb_load_block(w, data, off);
    for (int i = 0; i < 8; i++) v[i] = s[i];
    MB_R256x8(w, v, 0, MB_WLOAD);
    MB_R256x8(w, v, 8, MB_WLOAD);
    MB_R256x8(w, v, 16, MB_SCHED256);
    MB_R256x8(w, v, 24, MB_SCHED256);
    MB_R256x8(w, v, 32, MB_SCHED256);
    MB_R256x8(w, v, 40, MB_SCHED256);
    MB_R256x8(w, v, 48, MB_SCHED256);
    MB_R256x8(w, v, 56, MB_SCHED256);
    for (int i = 0; i < 8; i++) s[i] = mb_add(s[i], v[i]);
  }
  mb_state_out(s, st);
  uintptr_t sp;
  HWC_STACK_POINTER(sp);
  return sp;
}

#endif /* MB_SHA256 */

#if defined(MB_SHA1)

/* W[t] for t >= 16: ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]). */
#define MB_SCHED1(w, t)                                                                                 \
  ((t) < 16 ? (w)[(t)&15]                                                                               \
            : ((w)[(t)&15] = MB_ROTL(mb_xor3(mb_xor((w)[((t) + 13) & 15], (w)[((t) + 8) & 15]),       \
                                             (w)[((t) + 2) & 15], (w)[(t)&15]),                         \
                                     1)))

/* f_t and K_t (FIPS 180-4 4.1.1, 4.2.1); t is a literal. */
#define MB_F1(t, b, c, d) \
  ((t) < 20 ? mb_ch(b, c, d) : (t) < 40 ? mb_xor3(b, c, d) : (t) < 60 ? mb_maj(b, c, d) : mb_xor3(b, c, d))
#define MB_K1(t) ((t) < 20 ? 0x5a827999u : (t) < 40 ? 0x6ed9eba1u : (t) < 60 ? 0x8f1bbcdcu : 0xca62c1d6u)

/* e += ROTL5(a) + f(b,c,d) + K + W[t]; b = ROTL30(b). */
#define MB_R1(w, a, b, c, d, e, t)                                                                      \
  do {                                                                                                  \
    mbv wt_ = MB_SCHED1(w, t);                                                                          \
    (e) = mb_add(mb_add((e), mb_set1(MB_K1(t))), mb_add(wt_, MB_F1(t, (b), (c), (d))));                \
    (e) = mb_add((e), MB_ROTL((a), 5));                                                                 \
    (b) = MB_ROTL((b), 30);                                                                             \
  } while (0)

#define MB_R1x5(w, s, t)                                 \
  do {                                                   \
    MB_R1(w, s[0], s[1], s[2], s[3], s[4], (t) + 0);     \
    MB_R1(w, s[4], s[0], s[1], s[2], s[3], (t) + 1);     \
    MB_R1(w, s[3], s[4], s[0], s[1], s[2], (t) + 2);     \
    MB_R1(w, s[2], s[3], s[4], s[0], s[1], (t) + 3);     \
    MB_R1(w, s[1], s[2], s[3], s[4], s[0], (t) + 4);     \
  } while (0)

HWC_NOINLINE static uintptr_t mb_sha1_rounds(hwc_hash_state *const *st, const uint8_t *const *data,
                                             size_t nblocks) {
  mbv s[8], v[5], w[16];
  mb_state_in(s, st); /* s[5..7]: SHA-1 leaves them as they were */
  for (size_t off = 0; nblocks; nblocks--, off += 64) {
    mb_load_block(w, data, off);
    for (int i = 0; i < 5; i++) v[i] = s[i];
    MB_R1x5(w, v, 0);
    MB_R1x5(w, v, 5);
    MB_R1x5(w, v, 10);
    MB_R1x5(w, v, 15);
    MB_R1x5(w, v, 20);
    MB_R1x5(w, v, 25);
    MB_R1x5(w, v, 30);
    MB_R1x5(w, v, 35);
    MB_R1x5(w, v, 40);
    MB_R1x5(w, v, 45);
    MB_R1x5(w, v, 50);
    MB_R1x5(w, v, 55);
    MB_R1x5(w, v, 60);
    MB_R1x5(w, v, 65);
    MB_R1x5(w, v, 70);
    MB_R1x5(w, v, 75);
    for (int i = 0; i < 5; i++) s[i] = mb_add(s[i], v[i]);
  }
  mb_state_out(s, st);
  uintptr_t sp;
  HWC_STACK_POINTER(sp);
  return sp;
}

#endif /* MB_SHA1 */
