/*
 * aes_soft_ct64.c - portable constant-time AES (128/192/256) and GHASH.
 *
 * This is the reference backend: plain C11 on 64-bit integers, no tables,
 * no intrinsics, correct on either byte order (every load and store of
 * message or key bytes goes through the hwc_load/store helpers).
 *
 * AES: fixsliced ct64
 * -------------------
 * Four blocks are processed at once in a bitsliced state of eight 64-bit
 * words. Word p holds bit p of every one of the 64 bytes; inside a word the
 * byte at row r, column c of block b (AES byte index 4c + r) sits at bit
 *
 *     16*r + 4*c + b          (r, c, b in 0..3)
 *
 * so each row is a 16-bit lane, and "the same column, one row further" is a
 * 64-bit rotation by 16. The state lives in eight local variables through
 * macros (no arrays, no loops), so it stays in registers even when the
 * compiler does not unroll. SubBytes is evaluated as a Boolean circuit over
 * the eight words (the depth-16 circuit of Boyar and Peralta: 34 AND and 94
 * XOR/XNOR gates), so every S-box of the four blocks is computed by the same
 * 128 word operations whatever the data. MixColumns is a handful of
 * rotations and XORs per word; the xtime of the bitsliced bytes is a
 * renaming of words plus three XORs.
 *
 * ShiftRows is not computed in the rounds ("fixslicing", Adomnicai and
 * Peyrin, TCHES 2021). After r rounds the physical state Q is SR^-r of the
 * true state, so SubBytes (bytewise) is unaffected, the round key of round
 * r is stored pre-shifted as SR^-r(K_r), and MixColumns of round r must
 * find the bytes of a logical column where SR^r left them: the neighbour one
 * row down is r columns to the right. For r = 0 mod 4 that is the plain
 * rotation by 16; for r = 1, 2, 3 it is a rotation by 16 + 4r in the lanes
 * whose column does not wrap and by 4r in the others (two rotations, two
 * masks, an OR). SR^4 is the identity, so there are four MixColumns
 * variants used in turn, and the cipher ends with one explicit SR^(Nr mod 4)
 * before the last SubBytes (a byte swap in rows 1 and 3 for AES-128/256,
 * nothing for AES-192). The four NOTs at the end of the S-box circuit add
 * the constant 0x63 to every byte; MixColumns maps that all-0x63 state to
 * itself, so the NOTs are folded into round keys 1..Nr instead.
 *
 * Bitslicing four blocks is a byte interleave (byte j of a word gathers the
 * bytes that land in bits 8j..8j+7) followed by an 8x8 bit transposition
 * done with three layers of delta swaps.
 *
 * The key schedule is computed in byte form with SubWord evaluated by the
 * same Boolean circuit, then each round key is permuted by a fixed SR^-r,
 * bitsliced and stored.
 *
 * Decryption runs the same fixsliced rounds backwards with the same stored
 * round keys: Q ^ K'_r, InvMixColumns in the variant of round r (eight
 * ROT_A and eight ROT_B, as MixColumns), then InvSubBytes as a circuit of
 * 127 gates: the forward circuit's nonlinear middle between linear layers
 * composed with the inverse of the affine map's linear part. The NOTs
 * folded into the keys cancel the S-box constant on the way back as they
 * did on the way in. No InvShiftRows is computed and no decryption key is
 * stored (the derivations are above aes_core_inv).
 *
 * Modes: ECB, CBC decryption and XTS fill all four blocks of a pass. CBC
 * encryption and the CBC-MAC chains of CMAC and CCM are serial and use one
 * block per pass; CCM puts its counter block in a second lane of the same
 * pass, so its CTR half costs nothing.
 *
 * GHASH: integer multiplications with holes
 * -----------------------------------------
 * GF(2^128) elements are kept as two 64-bit words loaded big-endian, so the
 * coefficient of x^0 is the most significant bit ("reflected" order). The
 * carry-less product of two reflected 128-bit values is the reflection of
 * the polynomial product, off by one bit; after shifting the 256-bit result
 * left by one, its upper half is the low half of the product and the lower
 * half is folded back with x^128 = x^7 + x^2 + x + 1 (shifts and XORs).
 *
 * A 128x128 carry-less product is three 64x64 ones (Karatsuba). A 64x64
 * carry-less product is computed with ordinary integer multiplications: x
 * is split into four masked copies x & 0x1111.., x & 0x2222.., ... (each
 * keeps every fourth bit, leaving three-bit holes), likewise y, and the
 * sixteen products x_i * y_j are combined by XOR into four sums, one per
 * residue of the bit position mod 4. In the low 64 bits of x_i * y_j, a
 * result bit of the right residue receives at most 15 one-bit terms (16 only
 * at bits 60..63, whose carry leaves the word), so the carries stay in the
 * holes and masking with the matching 0x1111.. pattern leaves exactly the
 * XOR of the terms. That gives the low 64 bits of the product; the high 64
 * bits are the low 64 bits of the product of the bit-reversed operands,
 * reversed again and shifted by one. So a 128x128 product costs six such
 * multiplications (96 integer multiplies).
 *
 * The key side is precomputed: the masked pieces of H^i (its two halves,
 * their XOR and the three bit-reversed counterparts) for i = 1..8. Data is
 * absorbed eight blocks at a time as Y' = (Y ^ X1) H^8 ^ X2 H^7 ^ ... ^ X8 H,
 * accumulating the unreduced partial products and reducing once per group.
 *
 * Constant-time argument
 * ----------------------
 * - No table is indexed and no branch is taken on keys, plaintext,
 *   ciphertext, counters, IVs, XTS tweaks, MAC states or the GHASH state.
 *   The counter's low word is a uint32 that wraps mod 2^32, GCM's inc32
 *   (hwcrypt_impl.h), for GCM, CTR and CCM alike. The XTS tweak is
 *   doubled with a shift and an XOR of 0x87 under a mask made from its top
 *   bit. Every array index and every loop bound depends only on the key
 *   size, the message lengths and the direction flag, which are public.
 *   The S-box and its inverse are fixed sequences of AND/XOR on full words.
 * - The tail of a message is handled with the same full-width code (a whole
 *   4-block AES call; GHASH on a zero-padded copy), with only the number of
 *   bytes copied depending on the (public) length.
 * - Assumption: integer multiplication (64x64->64) runs in time independent
 *   of its operands. This holds on current x86-64 and ARMv8-A cores (IMUL,
 *   MUL/MADD). It does not hold everywhere: some cores finish early for
 *   small operands (e.g. ARM Cortex-M3, older PowerPC such as the G3/G4),
 *   and on 32-bit targets the 64-bit product is built from 32-bit multiplies
 *   whose timing is that of the 32-bit multiplier. On such CPUs the GHASH
 *   timing could leak information about H and the hashed data, and they need
 *   a multiplication-free GHASH instead. The AES part makes no such
 *   assumption (boolean operations, and shifts/rotations by constants).
 * - Assumption: the compiler keeps the Boolean circuit branch-free (it has
 *   no reason not to). Checked with valgrind memcheck by marking key,
 *   plaintext and AAD undefined: no branch or address depends on them.
 * - Buffers holding key schedule words, keystream, counter blocks or padded
 *   data are wiped before returning, and every entry point zeroes the dead
 *   stack frame of the work it called (hwc_burn_stack), which also covers
 *   the compiler's spills of the bitsliced state that no wipe of a named
 *   array reaches. Registers are not cleared (docs/security.md).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

/* ------------------------------------------------------------------------ */
/* Key state                                                                */
/* ------------------------------------------------------------------------ */

#define GH_POWERS 8

/* Pre-split key-side operands of one power of H, for the six 64x64 products
 * of a Karatsuba multiplication: [0] lo, [1] hi, [2] lo^hi, [3..5] the same
 * bit-reversed; each as four masked pieces. */
typedef struct gh_pow {
  uint64_t m[6][4];
} gh_pow;

typedef struct soft_key {
  uint64_t rk[15 * 8];       /* fixsliced round keys, 8 words per round */
  gh_pow h[GH_POWERS];       /* h[i] = H^(i+1) */
  uint32_t nr;               /* 10, 12, 14 */
} soft_key;

_Static_assert(sizeof(soft_key) <= HWC_AES_BACKEND_BYTES, "soft AES key state too large");


#define ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

/* ------------------------------------------------------------------------ */
/* S-box circuit                                                            */
/* ------------------------------------------------------------------------ */

/* The word type of the circuit and linear-layer macros below (their
 * temporaries): uint64_t everywhere except hwc_aes_soft_bs_round2, which
 * runs them on pairs of words. */
#define SB_W uint64_t

/*
 * The nonlinear middle of the circuit (the GF(2^4)-based inversion),
 * shared by SBOX and INV_SBOX: from the 22 signals of a top layer it
 * computes the 18 products M46..M63 that a bottom layer combines. Every
 * signal is an explicit argument; the caller declares the outputs.
 */
#define SBOX_MIDDLE(T1, T2, T3, T4, T6, T8, T9, T10, T13, T14, T15, T16,      \
                    T17, T19, T20, T22, T23, T24, T25, T26, T27, U7, M46, M47,  \
                    M48, M49, M50, M51, M52, M53, M54, M55, M56, M57, M58, M59, \
                    M60, M61, M62, M63)                                         \
  do {                                                                          \
    SB_W M1 = T13 & T6, M2 = T23 & T8, M3 = T14 ^ M1, M4 = T19 & U7;            \
    SB_W M5 = M4 ^ M1, M6 = T3 & T16, M7 = T22 & T9, M8 = T26 ^ M6;             \
    SB_W M9 = T20 & T17, M10 = M9 ^ M6, M11 = T1 & T15, M12 = T4 & T27;         \
    SB_W M13 = M12 ^ M11, M14 = T2 & T10, M15 = M14 ^ M11, M16 = M3 ^ M2;       \
    SB_W M17 = M5 ^ T24, M18 = M8 ^ M7, M19 = M10 ^ M15, M20 = M16 ^ M13;       \
    SB_W M21 = M17 ^ M15, M22 = M18 ^ M13, M23 = M19 ^ T25;                     \
    SB_W M24 = M22 ^ M23, M25 = M22 & M20, M26 = M21 ^ M25;                     \
    SB_W M27 = M20 ^ M21, M28 = M23 ^ M25, M29 = M28 & M27;                     \
    SB_W M30 = M26 & M24, M31 = M20 & M23, M32 = M27 & M31;                     \
    SB_W M33 = M27 ^ M25, M34 = M21 & M22, M35 = M24 & M34;                     \
    SB_W M36 = M24 ^ M25, M37 = M21 ^ M29, M38 = M32 ^ M33;                     \
    SB_W M39 = M23 ^ M30, M40 = M35 ^ M36, M41 = M38 ^ M40;                     \
    SB_W M42 = M37 ^ M39, M43 = M37 ^ M38, M44 = M39 ^ M40;                     \
    SB_W M45 = M42 ^ M41;                                                       \
    M46 = M44 & T6; M47 = M40 & T8; M48 = M39 & U7; M49 = M43 & T16;            \
    M50 = M38 & T9; M51 = M37 & T17; M52 = M42 & T15; M53 = M45 & T27;          \
    M54 = M41 & T10; M55 = M44 & T13; M56 = M40 & T23;                          \
    M57 = M39 & T19; M58 = M43 & T3; M59 = M38 & T22;                           \
    M60 = M37 & T20; M61 = M42 & T1; M62 = M45 & T4; M63 = M41 & T2;            \
  } while (0)

/*
 * SubBytes on the eight bit-planes q0 (least significant bit) .. q7, named
 * scalars of the caller passed as arguments (the state stays in registers:
 * no arrays, no loops for the compiler to unroll). Boyar-Peralta depth-16
 * circuit: a linear top layer (T), a nonlinear middle (M, the GF(2^4)-based
 * inversion) and a linear bottom layer (L). U0..U7 / S0..S7 are the
 * input/output bits, most significant first. NOTM is XORed into the four
 * XNOR outputs (S1, S2, S6, S7, i.e. the constant 0x63): all-ones for the
 * real S-box, zero in the cipher rounds, which fold it into the keys.
 */
#define SBOX(q0, q1, q2, q3, q4, q5, q6, q7, NOTM)                              \
  do {                                                                          \
    SB_W U0 = q7, U1 = q6, U2 = q5, U3 = q4;                                    \
    SB_W U4 = q3, U5 = q2, U6 = q1, U7 = q0;                                    \
    SB_W T1 = U0 ^ U3, T2 = U0 ^ U5, T3 = U0 ^ U6, T4 = U3 ^ U5;                \
    SB_W T5 = U4 ^ U6, T6 = T1 ^ T5, T7 = U1 ^ U2, T8 = U7 ^ T6;                \
    SB_W T9 = U7 ^ T7, T10 = T6 ^ T7, T11 = U1 ^ U5, T12 = U2 ^ U5;             \
    SB_W T13 = T3 ^ T4, T14 = T6 ^ T11, T15 = T5 ^ T11, T16 = T5 ^ T12;         \
    SB_W T17 = T9 ^ T16, T18 = U3 ^ U7, T19 = T7 ^ T18, T20 = T1 ^ T19;         \
    SB_W T21 = U6 ^ U7, T22 = T7 ^ T21, T23 = T2 ^ T22, T24 = T2 ^ T10;         \
    SB_W T25 = T20 ^ T17, T26 = T3 ^ T16, T27 = T1 ^ T12;                       \
    SB_W M46, M47, M48, M49, M50, M51, M52, M53, M54;                           \
    SB_W M55, M56, M57, M58, M59, M60, M61, M62, M63;                           \
    SBOX_MIDDLE(T1, T2, T3, T4, T6, T8, T9, T10, T13, T14, T15, T16, T17,      \
                T19, T20, T22, T23, T24, T25, T26, T27, U7, M46, M47, M48,      \
                M49, M50, M51, M52, M53, M54, M55, M56, M57, M58, M59, M60,     \
                M61, M62, M63);                                                 \
    SB_W L0 = M61 ^ M62, L1 = M50 ^ M56, L2 = M46 ^ M48, L3 = M47 ^ M55;        \
    SB_W L4 = M54 ^ M58, L5 = M49 ^ M61, L6 = M62 ^ L5, L7 = M46 ^ L3;          \
    SB_W L8 = M51 ^ M59, L9 = M52 ^ M53, L10 = M53 ^ L4, L11 = M60 ^ L2;        \
    SB_W L12 = M48 ^ M51, L13 = M50 ^ L0, L14 = M52 ^ M61, L15 = M55 ^ L1;      \
    SB_W L16 = M56 ^ L0, L17 = M57 ^ L1, L18 = M58 ^ L8, L19 = M63 ^ L4;        \
    SB_W L20 = L0 ^ L1, L21 = L1 ^ L7, L22 = L3 ^ L12, L23 = L18 ^ L2;          \
    SB_W L24 = L15 ^ L9, L25 = L6 ^ L10, L26 = L7 ^ L9, L27 = L8 ^ L10;         \
    SB_W L28 = L11 ^ L14, L29 = L11 ^ L17;                                      \
    q7 = L6 ^ L24;                                                              \
    q6 = L16 ^ L26 ^ (NOTM);                                                    \
    q5 = L19 ^ L28 ^ (NOTM);                                                    \
    q4 = L6 ^ L21;                                                              \
    q3 = L20 ^ L22;                                                             \
    q2 = L25 ^ L29;                                                             \
    q1 = L13 ^ L27 ^ (NOTM);                                                    \
    q0 = L6 ^ L23 ^ (NOTM);                                                     \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Linear layers                                                            */
/* ------------------------------------------------------------------------ */

/* ROT_A<V>: bring the byte one row down in the same logical column (after V
 * omitted ShiftRows, i.e. V columns to the right) to each position: the
 * 64-bit rotation by 16 + 4V where the column does not wrap, by 4V where it
 * does. ROT_B<V>: two rows down, 2V columns to the right. */
#define ROT_A0(x) ROR64(x, 16)
#define ROT_A1(x) ((ROR64(x, 20) & 0x0fff0fff0fff0fffULL) | (ROR64(x, 4) & 0xf000f000f000f000ULL))
#define ROT_A2(x) ((ROR64(x, 24) & 0x00ff00ff00ff00ffULL) | (ROR64(x, 8) & 0xff00ff00ff00ff00ULL))
#define ROT_A3(x) ((ROR64(x, 28) & 0x000f000f000f000fULL) | (ROR64(x, 12) & 0xfff0fff0fff0fff0ULL))
#define ROT_B0(x) ROR64(x, 32)
#define ROT_B1(x) ((ROR64(x, 40) & 0x00ff00ff00ff00ffULL) | (ROR64(x, 24) & 0xff00ff00ff00ff00ULL))
#define ROT_B2(x) ROR64(x, 32)
#define ROT_B3(x) ROT_B1(x)

/*
 * MixColumns on a logical column (a0, a1, a2, a3) is
 *   out_r = 2 a_r ^ 3 a_(r+1) ^ a_(r+2) ^ a_(r+3)
 *         = 2 (a_r ^ a_(r+1)) ^ a_(r+1) ^ (a_(r+2) ^ a_(r+3)).
 * With b = a one row down and c = a ^ b: out = xtime(c) ^ b ^ (c two rows
 * down). xtime on bit-planes: plane i takes plane i-1, and planes 1, 3, 4
 * and 0 also take plane 7 (x^8 = x^4 + x^3 + x + 1).
 */
#define MIX_COLUMNS(V, q0, q1, q2, q3, q4, q5, q6, q7)                      \
  do {                                                                      \
    SB_W b0 = ROT_A##V(q0), b1 = ROT_A##V(q1);                              \
    SB_W b2 = ROT_A##V(q2), b3 = ROT_A##V(q3);                              \
    SB_W b4 = ROT_A##V(q4), b5 = ROT_A##V(q5);                              \
    SB_W b6 = ROT_A##V(q6), b7 = ROT_A##V(q7);                              \
    SB_W c0 = q0 ^ b0, c1 = q1 ^ b1, c2 = q2 ^ b2, c3 = q3 ^ b3;            \
    SB_W c4 = q4 ^ b4, c5 = q5 ^ b5, c6 = q6 ^ b6, c7 = q7 ^ b7;            \
    q0 = b0 ^ c7 ^ ROT_B##V(c0);                                            \
    q1 = b1 ^ c0 ^ c7 ^ ROT_B##V(c1);                                       \
    q2 = b2 ^ c1 ^ ROT_B##V(c2);                                            \
    q3 = b3 ^ c2 ^ c7 ^ ROT_B##V(c3);                                       \
    q4 = b4 ^ c3 ^ c7 ^ ROT_B##V(c4);                                       \
    q5 = b5 ^ c4 ^ ROT_B##V(c5);                                            \
    q6 = b6 ^ c5 ^ ROT_B##V(c6);                                            \
    q7 = b7 ^ c6 ^ ROT_B##V(c7);                                            \
  } while (0)

/* ShiftRows twice: rows 1 and 3 (bits 16..31, 48..63) swap their two bytes. */
#define SR2_WORD(x)                                               \
  do {                                                            \
    uint64_t t_ = ((x) ^ ((x) >> 8)) & 0x00ff000000ff0000ULL;     \
    (x) ^= t_ ^ (t_ << 8);                                        \
  } while (0)

#define ADD_ROUND_KEY(rk, q0, q1, q2, q3, q4, q5, q6, q7)                   \
  do {                                                                      \
    q0 ^= (rk)[0], q1 ^= (rk)[1], q2 ^= (rk)[2], q3 ^= (rk)[3];             \
    q4 ^= (rk)[4], q5 ^= (rk)[5], q6 ^= (rk)[6], q7 ^= (rk)[7];             \
  } while (0)

#define ROUND(V, rk, q0, q1, q2, q3, q4, q5, q6, q7)   \
  do {                                                 \
    SBOX(q0, q1, q2, q3, q4, q5, q6, q7, 0);           \
    MIX_COLUMNS(V, q0, q1, q2, q3, q4, q5, q6, q7);    \
    ADD_ROUND_KEY(rk, q0, q1, q2, q3, q4, q5, q6, q7); \
  } while (0)

/* Encrypts the four blocks of a bitsliced state. The eight planes are
 * named scalars handed to the macros above as explicit arguments (q0, q1, q2, q3, q4, q5, q6, q7):
 * written as inline functions on a uint64_t[8], gcc 12 allocates the
 * registers of the S-box circuit worse and CTR ran ~15% slower. */
static void aes_core(uint64_t q[8], const uint64_t *rk, unsigned nr) {
  uint64_t q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
  uint64_t q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
  const uint64_t *last = rk + 8 * nr;
  ADD_ROUND_KEY(rk, q0, q1, q2, q3, q4, q5, q6, q7);
  /* Rounds 1..nr-1 use MixColumns variant (round mod 4): 1,2,3,0,1,... and
   * nr - 1 is 9, 11 or 13, so the loop leaves after a variant-1 or -3. */
  for (;;) {
    ROUND(1, rk + 8, q0, q1, q2, q3, q4, q5, q6, q7);
    if (rk + 16 == last) break;
    ROUND(2, rk + 16, q0, q1, q2, q3, q4, q5, q6, q7);
    ROUND(3, rk + 24, q0, q1, q2, q3, q4, q5, q6, q7);
    if (rk + 32 == last) break;
    ROUND(0, rk + 32, q0, q1, q2, q3, q4, q5, q6, q7);
    rk += 32;
  }
  if ((nr & 3) == 2) { /* SR^(nr mod 4) */
    SR2_WORD(q0);
    SR2_WORD(q1);
    SR2_WORD(q2);
    SR2_WORD(q3);
    SR2_WORD(q4);
    SR2_WORD(q5);
    SR2_WORD(q6);
    SR2_WORD(q7);
  }
  SBOX(q0, q1, q2, q3, q4, q5, q6, q7, 0);
  ADD_ROUND_KEY(last, q0, q1, q2, q3, q4, q5, q6, q7);
  q[0] = q0, q[1] = q1, q[2] = q2, q[3] = q3;
  q[4] = q4, q[5] = q5, q[6] = q6, q[7] = q7;
}

/* ------------------------------------------------------------------------ */
/* Inverse cipher                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Decryption runs the fixsliced rounds backwards, on the same physical
 * layout and with the same stored round keys. Encryption computes
 *
 *     Q_r = MC_r(SB'(Q_(r-1))) ^ K'_r          (r = 1 .. nr-1)
 *
 * where SB' is SubBytes without its constant (SBOX with NOTM = 0), MC_r
 * the MixColumns variant r mod 4 and K'_r the stored key, which carries
 * the 0x63 NOTs. Undoing a round is
 *
 *     Q_(r-1) = SB'^-1(IMC_r(Q_r ^ K'_r))
 *
 * with no constant anywhere: K'_r's NOTs cancel the constant SB' left out,
 * as they did on the way in. IMC_r is InvMixColumns conjugated by the same
 * SR^r as MC_r, so it finds the bytes of a logical column with the same
 * ROT_A<V> / ROT_B<V> rotations. The first and last steps mirror the
 * cipher's ends: Q_nr ^ K'_nr, SB'^-1, the SR^(nr mod 4) swap (its own
 * inverse), ..., and at the end Q_0 ^ K_0 is the plaintext. No ShiftRows
 * is computed and no extra key is stored.
 */

/*
 * InvSubBytes without its constant. SB'(x) = A(x^-1), A the linear part of
 * the AES affine map, so x^-1 = A^-1(SB'(x)) and
 *
 *     SB'^-1(y) = (A^-1 y)^-1 = A^-1(SB'(A^-1 y)),
 *
 * the forward circuit between two copies of A^-1. With bit i of a byte in
 * plane qi, A is y_i = x_i ^ x_(i+4) ^ x_(i+5) ^ x_(i+6) ^ x_(i+7) and A^-1
 * is x_i = y_(i+2) ^ y_(i+5) ^ y_(i+7) (indices mod 8), 16 XORs each side.
 * Both copies are folded into the circuit's linear layers instead, so
 * only the nonlinear middle is shared with SBOX:
 *  - top: the 22 signals SBOX_MIDDLE reads (T1 .. U7) are linear forms of
 *    the input bits; composed with A^-1 they are 22 other forms of q0..q7,
 *    computed here with 29 XORs (Y1..Y7 are intermediate sums) instead of
 *    the 27 of SBOX's top layer plus 16;
 *  - bottom: each output plane is A^-1 of SBOX's bottom outputs, a sum of
 *    the products M46..M63; 35 XORs (Z1..Z35) instead of 38 plus 16.
 * The two straight-line programs were found with Paar's greedy heuristic
 * (repeatedly add the XOR of the pair of signals shared by the most
 * remaining target forms; best of 20000 randomised tie-breaks) and checked
 * on all 256 inputs. 127 gates, as many ANDs as SBOX and one gate fewer.
 */
#define INV_SBOX(q0, q1, q2, q3, q4, q5, q6, q7)                                \
  do {                                                                          \
    uint64_t T22 = q4 ^ q6, Y1 = q0 ^ q1, T1 = q3 ^ q4, T2 = q6 ^ q7;           \
    uint64_t T19 = T22 ^ Y1, Y2 = q2 ^ q7, T8 = q7 ^ T22, Y3 = q3 ^ q6;         \
    uint64_t T13 = Y1 ^ T2, T24 = q0 ^ q3, Y4 = q5 ^ T22, T23 = q4 ^ q7;        \
    uint64_t T15 = T19 ^ Y2, Y5 = q1 ^ T1, Y6 = q1 ^ q5, T4 = q3 ^ T8;          \
    uint64_t T25 = q5 ^ T1, Y7 = q2 ^ q3, T20 = Y1 ^ Y3, T26 = q0 ^ Y4;         \
    uint64_t T14 = T13 ^ Y7, T27 = q2 ^ Y5, U7 = q5 ^ Y2, T16 = Y3 ^ Y6;        \
    uint64_t T9 = q0 ^ T1, T17 = q5 ^ T19, T6 = q2 ^ Y4, T3 = Y1 ^ T1;          \
    uint64_t T10 = T2 ^ T24;                                                    \
    uint64_t M46, M47, M48, M49, M50, M51, M52, M53, M54;                       \
    uint64_t M55, M56, M57, M58, M59, M60, M61, M62, M63;                       \
    SBOX_MIDDLE(T1, T2, T3, T4, T6, T8, T9, T10, T13, T14, T15, T16, T17,      \
                T19, T20, T22, T23, T24, T25, T26, T27, U7, M46, M47, M48,      \
                M49, M50, M51, M52, M53, M54, M55, M56, M57, M58, M59, M60,     \
                M61, M62, M63);                                                 \
    uint64_t Z1 = M52 ^ M61, Z2 = M59 ^ Z1, Z3 = M58 ^ M62, Z4 = Z2 ^ Z3;       \
    uint64_t Z5 = M49 ^ M54, Z6 = M47 ^ M50, Z7 = M48 ^ M56, Z8 = M55 ^ M63;    \
    uint64_t Z9 = M46 ^ M51, Z10 = M60 ^ Z7, Z11 = Z6 ^ Z10, Z12 = M50 ^ M53;   \
    uint64_t Z13 = M54 ^ Z4, Z14 = Z5 ^ Z11, Z15 = M51 ^ Z4, Z16 = M57 ^ Z3;    \
    uint64_t Z17 = Z1 ^ Z16, Z18 = Z2 ^ Z7, Z19 = M46 ^ M48, Z20 = M57 ^ M63;   \
    uint64_t Z21 = M58 ^ Z12, Z22 = Z6 ^ Z9, Z23 = Z20 ^ Z21, Z24 = Z2 ^ Z8;    \
    uint64_t Z25 = Z9 ^ Z18, Z26 = Z14 ^ Z24, Z27 = M49 ^ Z4, Z28 = Z12 ^ Z27;  \
    uint64_t Z29 = M61 ^ Z8, Z30 = Z13 ^ Z19, Z31 = M57 ^ Z29, Z32 = Z23 ^ Z25; \
    uint64_t Z33 = Z5 ^ Z15, Z34 = Z13 ^ Z22, Z35 = Z14 ^ Z17;                  \
    q0 = Z31, q1 = Z28, q2 = Z34, q3 = Z32;                                     \
    q4 = Z30, q5 = Z35, q6 = Z26, q7 = Z33;                                     \
  } while (0)

/*
 * InvMixColumns on a logical column (a0, a1, a2, a3) is
 *   out_r = 14 a_r ^ 11 a_(r+1) ^ 13 a_(r+2) ^ 9 a_(r+3).
 * With b = a one row down and s = a ^ b, the pair (a_r, a_(r+1)) gives
 *   14 a_r ^ 11 a_(r+1) = a_r ^ 2 s_r ^ y_r,   13 a_r ^ 9 a_(r+1) = y_r,
 *   where y = 9 s ^ 4 a = 8 s ^ s ^ 4 a,
 * and the pair two rows further gives the rest, so
 *   out = a ^ 2 s ^ y ^ (y two rows down):
 * 8 ROT_A and 8 ROT_B, against 8 + 8 in MixColumns (out = b ^ 2 s ^ (s two
 * rows down)). Multiplications on bit-planes, with x^8 = x^4 + x^3 + x + 1:
 *   2 v = (v7, v0^v7, v1, v2^v7, v3^v7, v4, v5, v6)
 *   4 v = (v6, v6^v7, v0^v7, v1^v6, v2^v6^v7, v3^v7, v4, v5)
 *   8 v = (v5, v5^v6, v6^v7, v0^v5^v7, v1^v5^v6, v2^v6^v7, v3^v7, v4)
 * (plane 0 first), which gives the y_i below with two shared terms.
 */
#define INV_MIX_COLUMNS(V, q0, q1, q2, q3, q4, q5, q6, q7)                  \
  do {                                                                      \
    uint64_t s0 = q0 ^ ROT_A##V(q0), s1 = q1 ^ ROT_A##V(q1);                \
    uint64_t s2 = q2 ^ ROT_A##V(q2), s3 = q3 ^ ROT_A##V(q3);                \
    uint64_t s4 = q4 ^ ROT_A##V(q4), s5 = q5 ^ ROT_A##V(q5);                \
    uint64_t s6 = q6 ^ ROT_A##V(q6), s7 = q7 ^ ROT_A##V(q7);                \
    uint64_t u_ = s5 ^ q6, v_ = s6 ^ s7 ^ q7;                               \
    uint64_t y0 = s0 ^ u_, y1 = s1 ^ s6 ^ q7 ^ u_, y2 = s2 ^ v_ ^ q0;       \
    uint64_t y3 = s3 ^ s0 ^ s7 ^ q1 ^ u_, y4 = y1 ^ s4 ^ q2;                \
    uint64_t y5 = s5 ^ s2 ^ v_ ^ q3, y6 = s6 ^ s3 ^ s7 ^ q4;                \
    uint64_t y7 = s7 ^ s4 ^ q5;                                             \
    q0 ^= s7 ^ y0 ^ ROT_B##V(y0);                                           \
    q1 ^= s0 ^ s7 ^ y1 ^ ROT_B##V(y1);                                      \
    q2 ^= s1 ^ y2 ^ ROT_B##V(y2);                                           \
    q3 ^= s2 ^ s7 ^ y3 ^ ROT_B##V(y3);                                      \
    q4 ^= s3 ^ s7 ^ y4 ^ ROT_B##V(y4);                                      \
    q5 ^= s4 ^ y5 ^ ROT_B##V(y5);                                           \
    q6 ^= s5 ^ y6 ^ ROT_B##V(y6);                                           \
    q7 ^= s6 ^ y7 ^ ROT_B##V(y7);                                           \
  } while (0)

#define INV_ROUND(V, rk, q0, q1, q2, q3, q4, q5, q6, q7)   \
  do {                                                     \
    ADD_ROUND_KEY(rk, q0, q1, q2, q3, q4, q5, q6, q7);     \
    INV_MIX_COLUMNS(V, q0, q1, q2, q3, q4, q5, q6, q7);    \
    INV_SBOX(q0, q1, q2, q3, q4, q5, q6, q7);              \
  } while (0)

/* Decrypts the four blocks of a bitsliced state (aes_core backwards). */
static void aes_core_inv(uint64_t q[8], const uint64_t *rk, unsigned nr) {
  uint64_t q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
  uint64_t q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
  const uint64_t *p = rk + 8 * nr;
  ADD_ROUND_KEY(p, q0, q1, q2, q3, q4, q5, q6, q7);
  INV_SBOX(q0, q1, q2, q3, q4, q5, q6, q7);
  p -= 8; /* round nr - 1: 9, 11 or 13 */
  if ((nr & 3) == 2) { /* SR^-(nr mod 4) = SR^2; rounds 9/13 and 8/12 */
    SR2_WORD(q0);
    SR2_WORD(q1);
    SR2_WORD(q2);
    SR2_WORD(q3);
    SR2_WORD(q4);
    SR2_WORD(q5);
    SR2_WORD(q6);
    SR2_WORD(q7);
    INV_ROUND(1, p, q0, q1, q2, q3, q4, q5, q6, q7);
    INV_ROUND(0, p - 8, q0, q1, q2, q3, q4, q5, q6, q7);
    p -= 16;
  }
  /* p is now at a round = 3 mod 4; down to round 1, variants 3, 2, 1, 0. */
  for (;;) {
    INV_ROUND(3, p, q0, q1, q2, q3, q4, q5, q6, q7);
    INV_ROUND(2, p - 8, q0, q1, q2, q3, q4, q5, q6, q7);
    INV_ROUND(1, p - 16, q0, q1, q2, q3, q4, q5, q6, q7);
    if (p - 16 == rk + 8) break;
    INV_ROUND(0, p - 24, q0, q1, q2, q3, q4, q5, q6, q7);
    p -= 32;
  }
  ADD_ROUND_KEY(rk, q0, q1, q2, q3, q4, q5, q6, q7);
  q[0] = q0, q[1] = q1, q[2] = q2, q[3] = q3;
  q[4] = q4, q[5] = q5, q[6] = q6, q[7] = q7;
}

/* ------------------------------------------------------------------------ */
/* Bitslicing four blocks                                                   */
/* ------------------------------------------------------------------------ */

/* Interleave the bytes of two 32-bit values: a0 b0 a1 b1 a2 b2 a3 b3. */
HWC_INLINE uint64_t zip_bytes(uint32_t a, uint32_t b) {
  uint64_t x = a, y = b;
  x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
  y = (y | (y << 16)) & 0x0000ffff0000ffffULL;
  y = (y | (y << 8)) & 0x00ff00ff00ff00ffULL;
  return x | (y << 8);
}

/* Inverse of zip_bytes for one of the two halves (the even bytes). */
HWC_INLINE uint32_t unzip_even(uint64_t x) {
  x &= 0x00ff00ff00ff00ffULL;
  x = (x | (x >> 8)) & 0x0000ffff0000ffffULL;
  x = (x | (x >> 16)) & 0x00000000ffffffffULL;
  return (uint32_t)x;
}

/* Exchange bits: the positions of a with index bit s set <-> those of b with
 * it clear (one layer of the 8x8 bit transposition inside every byte). */
#define SWAPMOVE(a, b, s, m)                  \
  do {                                        \
    SB_W t_ = (((a) >> (s)) ^ (b)) & (m);     \
    (b) ^= t_;                                \
    (a) ^= t_ << (s);                         \
  } while (0)

/* Word i, byte j, bit p <-> word p, byte j, bit i. An involution. */
HWC_INLINE void transpose8(uint64_t q[8]) {
  SWAPMOVE(q[0], q[1], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[2], q[3], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[4], q[5], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[6], q[7], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[0], q[2], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[1], q[3], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[4], q[6], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[5], q[7], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[0], q[4], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[1], q[5], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[2], q[6], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[3], q[7], 4, 0x0f0f0f0f0f0f0f0fULL);
}

/*
 * Bitslices blocks in[0..63] (four consecutive 16-byte blocks). The byte
 * at row r, column c of block b must reach bit 16r + 4c + b = 8j + i of
 * every plane, i = 4(c & 1) + b, j = 2r + (c >> 1); so before the
 * transposition word i = 4(c & 1) + b holds in byte j the bytes of columns
 * c & 1 and 2 + (c & 1) interleaved.
 */
HWC_INLINE void pack4(uint64_t q[8], const uint8_t *in) {
  for (int b = 0; b < 4; b++) {
    const uint8_t *p = in + 16 * b;
    q[b] = zip_bytes(hwc_load_le32(p), hwc_load_le32(p + 8));
    q[4 + b] = zip_bytes(hwc_load_le32(p + 4), hwc_load_le32(p + 12));
  }
  transpose8(q);
}

HWC_INLINE void unpack4(uint64_t q[8], uint8_t *out) {
  transpose8(q);
  for (int b = 0; b < 4; b++) {
    uint8_t *p = out + 16 * b;
    hwc_store_le32(p, unzip_even(q[b]));
    hwc_store_le32(p + 8, unzip_even(q[b] >> 8));
    hwc_store_le32(p + 4, unzip_even(q[4 + b]));
    hwc_store_le32(p + 12, unzip_even(q[4 + b] >> 8));
  }
}

/* SubBytes alone on 64 bytes (four blocks' worth, any bytes), in place:
 * the same Boolean circuit as the cipher, so constant-time. The circuit
 * leaves out the final NOTs (their constant 0x63 is folded into the round
 * keys, above), so it is added here. For the AEGIS soft backend
 * (aegis_soft.c), which needs a keyless AES round and burns the stack
 * after each message (this frame included). */
void hwc_aes_soft_subbytes64(uint8_t b[64]) {
  uint64_t q[8];
  pack4(q, b);
  uint64_t q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
  uint64_t q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
  SBOX(q0, q1, q2, q3, q4, q5, q6, q7, 0);
  q[0] = q0, q[1] = q1, q[2] = q2, q[3] = q3;
  q[4] = q4, q[5] = q5, q[6] = q6, q[7] = q7;
  unpack4(q, b);
  for (int i = 0; i < 64; i++) b[i] ^= 0x63;
  /* q and the circuit's spills stay in this dead frame: the caller burns
   * its stack after the message (aegis_soft.c). */
}

/* ------------------------------------------------------------------------ */
/* Bitsliced AES round for AEGIS (aegis_soft.c)                             */
/* ------------------------------------------------------------------------ */

/*
 * The AEGIS soft backend keeps its whole state bitsliced across updates
 * (in the layout above: plane p, bit 16r + 4c + b) and needs three things
 * from here: bitslicing four blocks taken from anywhere, the reverse, and
 * the keyless AES round MC(SR(SB(x))) on a bitsliced state. Unlike the
 * cipher above, whose rounds are fixsliced, the round here computes its
 * ShiftRows: AEGIS XORs the round's output with other state blocks, so all
 * blocks must stay in the same (unshifted) representation.
 */

/* ShiftRows on one plane: row r (bits 16r .. 16r + 15, four 4-bit columns)
 * rotates right by r columns, so column c receives column c + r. Rows 2
 * and 3 first rotate by two columns (a byte swap), then rows 1 and 3 by one
 * (12 operations). */
#define SR_WORD(x)                                                        \
  do {                                                                    \
    SB_W t_ = ((x) ^ ((x) >> 8)) & 0x00ff00ff00000000ULL;             \
    (x) ^= t_ ^ (t_ << 8);                                                \
    (x) = ((x) & 0x0000ffff0000ffffULL) | (((x) >> 4) & 0x0fff00000fff0000ULL) | \
          (((x) << 12) & 0xf0000000f0000000ULL);                          \
  } while (0)

void hwc_aes_soft_bs_load4(uint64_t q[8], const uint8_t *b0, const uint8_t *b1, const uint8_t *b2,
                           const uint8_t *b3) {
  const uint8_t *p[4] = {b0, b1, b2, b3};
  for (int b = 0; b < 4; b++) {
    q[b] = zip_bytes(hwc_load_le32(p[b]), hwc_load_le32(p[b] + 8));
    q[4 + b] = zip_bytes(hwc_load_le32(p[b] + 4), hwc_load_le32(p[b] + 12));
  }
  transpose8(q);
}

void hwc_aes_soft_bs_store4(const uint64_t q_in[8], uint8_t *b0, uint8_t *b1, uint8_t *b2, uint8_t *b3) {
  uint64_t q[8];
  uint8_t *p[4] = {b0, b1, b2, b3};
  memcpy(q, q_in, sizeof(q));
  transpose8(q);
  for (int b = 0; b < 4; b++) {
    hwc_store_le32(p[b], unzip_even(q[b]));
    hwc_store_le32(p[b] + 8, unzip_even(q[b] >> 8));
    hwc_store_le32(p[b] + 4, unzip_even(q[4 + b]));
    hwc_store_le32(p[b] + 12, unzip_even(q[4 + b] >> 8));
  }
  /* q and the circuit's spills stay in this dead frame: the caller burns
   * its stack after the message (aegis_soft.c). */
}

void hwc_aes_soft_bs_round(uint64_t out[8], const uint64_t in[8]) {
  uint64_t q0 = in[0], q1 = in[1], q2 = in[2], q3 = in[3];
  uint64_t q4 = in[4], q5 = in[5], q6 = in[6], q7 = in[7];
  SBOX(q0, q1, q2, q3, q4, q5, q6, q7, ~(uint64_t)0); /* the real S-box: 0x63 included */
  SR_WORD(q0);
  SR_WORD(q1);
  SR_WORD(q2);
  SR_WORD(q3);
  SR_WORD(q4);
  SR_WORD(q5);
  SR_WORD(q6);
  SR_WORD(q7);
  MIX_COLUMNS(0, q0, q1, q2, q3, q4, q5, q6, q7);
  out[0] = q0, out[1] = q1, out[2] = q2, out[3] = q3;
  out[4] = q4, out[5] = q5, out[6] = q6, out[7] = q7;
}

/*
 * Two bitsliced groups at once, interleaved: q[2p] is plane p of the
 * first group, q[2p + 1] plane p of the second.
 *   hwc_aes_soft_bs_round2  the round above on both groups
 *   hwc_aes_soft_bs_load8   bitslice blocks b[0..3] into the first group,
 *                           b[4..7] into the second
 *   hwc_aes_soft_bs_store8  the reverse
 * With gcc and clang the code runs on pairs of words (their generic
 * vectors: SSE2 on x86-64, NEON on arm64, word pairs elsewhere): the same
 * operations on both halves, so the same constant-time argument, and
 * about 1.35x the throughput of two word-wide passes on x86-64. Other
 * compilers run the word-wide functions twice.
 */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(HWC_SOFT_BS_SCALAR)
typedef uint64_t soft_w2 __attribute__((vector_size(16)));
#undef SB_W
#define SB_W soft_w2 /* the macros' temporaries, in this section */

HWC_INLINE soft_w2 zip_bytes_w2(soft_w2 x, soft_w2 y) {
  x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
  y = (y | (y << 16)) & 0x0000ffff0000ffffULL;
  y = (y | (y << 8)) & 0x00ff00ff00ff00ffULL;
  return x | (y << 8);
}

HWC_INLINE soft_w2 unzip_even_w2(soft_w2 x) {
  x &= 0x00ff00ff00ff00ffULL;
  x = (x | (x >> 8)) & 0x0000ffff0000ffffULL;
  x = (x | (x >> 16)) & 0x00000000ffffffffULL;
  return x;
}

HWC_INLINE void transpose8_w2(soft_w2 q[8]) {
  SWAPMOVE(q[0], q[1], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[2], q[3], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[4], q[5], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[6], q[7], 1, 0x5555555555555555ULL);
  SWAPMOVE(q[0], q[2], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[1], q[3], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[4], q[6], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[5], q[7], 2, 0x3333333333333333ULL);
  SWAPMOVE(q[0], q[4], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[1], q[5], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[2], q[6], 4, 0x0f0f0f0f0f0f0f0fULL);
  SWAPMOVE(q[3], q[7], 4, 0x0f0f0f0f0f0f0f0fULL);
}

void hwc_aes_soft_bs_round2(uint64_t out[16], const uint64_t in[16]) {
  soft_w2 q0, q1, q2, q3, q4, q5, q6, q7;
  memcpy(&q0, in + 0, 16), memcpy(&q1, in + 2, 16), memcpy(&q2, in + 4, 16), memcpy(&q3, in + 6, 16);
  memcpy(&q4, in + 8, 16), memcpy(&q5, in + 10, 16), memcpy(&q6, in + 12, 16), memcpy(&q7, in + 14, 16);
  SBOX(q0, q1, q2, q3, q4, q5, q6, q7, ~(uint64_t)0);
  SR_WORD(q0);
  SR_WORD(q1);
  SR_WORD(q2);
  SR_WORD(q3);
  SR_WORD(q4);
  SR_WORD(q5);
  SR_WORD(q6);
  SR_WORD(q7);
  MIX_COLUMNS(0, q0, q1, q2, q3, q4, q5, q6, q7);
  memcpy(out + 0, &q0, 16), memcpy(out + 2, &q1, 16), memcpy(out + 4, &q2, 16), memcpy(out + 6, &q3, 16);
  memcpy(out + 8, &q4, 16), memcpy(out + 10, &q5, 16), memcpy(out + 12, &q6, 16), memcpy(out + 14, &q7, 16);
}

/* pack4 on both groups: word i of block k's pair in the two halves. */
void hwc_aes_soft_bs_load8(uint64_t q[16], const uint8_t *const b[8]) {
  soft_w2 v[8];
  for (int k = 0; k < 4; k++) {
    const uint8_t *x = b[k], *y = b[4 + k];
    soft_w2 c0 = {hwc_load_le32(x), hwc_load_le32(y)}, c2 = {hwc_load_le32(x + 8), hwc_load_le32(y + 8)};
    soft_w2 c1 = {hwc_load_le32(x + 4), hwc_load_le32(y + 4)}, c3 = {hwc_load_le32(x + 12), hwc_load_le32(y + 12)};
    v[k] = zip_bytes_w2(c0, c2);
    v[4 + k] = zip_bytes_w2(c1, c3);
  }
  transpose8_w2(v);
  for (int p = 0; p < 8; p++) memcpy(q + 2 * p, &v[p], 16);
}

void hwc_aes_soft_bs_store8(const uint64_t q[16], uint8_t *const b[8]) {
  soft_w2 v[8];
  for (int p = 0; p < 8; p++) memcpy(&v[p], q + 2 * p, 16);
  transpose8_w2(v);
  for (int k = 0; k < 4; k++) {
    soft_w2 c0 = unzip_even_w2(v[k]), c2 = unzip_even_w2(v[k] >> 8);
    soft_w2 c1 = unzip_even_w2(v[4 + k]), c3 = unzip_even_w2(v[4 + k] >> 8);
    hwc_store_le32(b[k], (uint32_t)c0[0]), hwc_store_le32(b[4 + k], (uint32_t)c0[1]);
    hwc_store_le32(b[k] + 4, (uint32_t)c1[0]), hwc_store_le32(b[4 + k] + 4, (uint32_t)c1[1]);
    hwc_store_le32(b[k] + 8, (uint32_t)c2[0]), hwc_store_le32(b[4 + k] + 8, (uint32_t)c2[1]);
    hwc_store_le32(b[k] + 12, (uint32_t)c3[0]), hwc_store_le32(b[4 + k] + 12, (uint32_t)c3[1]);
  }
  /* v and the spills stay in this dead frame: the caller burns its stack. */
}
#undef SB_W
#define SB_W uint64_t
#else
void hwc_aes_soft_bs_round2(uint64_t out[16], const uint64_t in[16]) {
  uint64_t a[8], b[8];
  for (int p = 0; p < 8; p++) a[p] = in[2 * p], b[p] = in[2 * p + 1];
  hwc_aes_soft_bs_round(a, a);
  hwc_aes_soft_bs_round(b, b);
  for (int p = 0; p < 8; p++) out[2 * p] = a[p], out[2 * p + 1] = b[p];
}

void hwc_aes_soft_bs_load8(uint64_t q[16], const uint8_t *const b[8]) {
  uint64_t x[8], y[8];
  hwc_aes_soft_bs_load4(x, b[0], b[1], b[2], b[3]);
  hwc_aes_soft_bs_load4(y, b[4], b[5], b[6], b[7]);
  for (int p = 0; p < 8; p++) q[2 * p] = x[p], q[2 * p + 1] = y[p];
}

void hwc_aes_soft_bs_store8(const uint64_t q[16], uint8_t *const b[8]) {
  uint64_t x[8], y[8];
  for (int p = 0; p < 8; p++) x[p] = q[2 * p], y[p] = q[2 * p + 1];
  hwc_aes_soft_bs_store4(x, b[0], b[1], b[2], b[3]);
  hwc_aes_soft_bs_store4(y, b[4], b[5], b[6], b[7]);
}
#endif

/* out[0..63] = AES_K(in[0..63]), four blocks. */
static void aes_encrypt4(const soft_key *K, const uint8_t in[64], uint8_t out[64]) {
  uint64_t q[8];
  pack4(q, in);
  aes_core(q, K->rk, K->nr);
  unpack4(q, out);
}

/* out[0..63] = AES_K^-1(in[0..63]), four blocks. */
static void aes_decrypt4(const soft_key *K, const uint8_t in[64], uint8_t out[64]) {
  uint64_t q[8];
  pack4(q, in);
  aes_core_inv(q, K->rk, K->nr);
  unpack4(q, out);
}

/* ------------------------------------------------------------------------ */
/* Key schedule                                                             */
/* ------------------------------------------------------------------------ */

/* SubWord on the four bytes of w through the bitsliced circuit. */
static uint32_t sub_word(uint32_t w) {
  uint64_t q[8];
  for (int p = 0; p < 8; p++) {
    uint64_t v = 0;
    for (int j = 0; j < 4; j++) v |= (uint64_t)((w >> (8 * j + p)) & 1) << j;
    q[p] = v;
  }
  SBOX(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], ~(uint64_t)0);
  uint32_t r = 0;
  for (int p = 0; p < 8; p++)
    for (int j = 0; j < 4; j++) r |= (uint32_t)((q[p] >> j) & 1) << (8 * j + p);
  return r;
}

/* out = SR^n(in) on a 16-byte block (byte 4c + r, row r shifted left by n*r). */
static void shift_rows_bytes(uint8_t out[16], const uint8_t in[16], unsigned n) {
  for (int c = 0; c < 4; c++)
    for (int r = 0; r < 4; r++) out[4 * c + r] = in[4 * ((c + (int)n * r) & 3) + r];
}

static void soft_expand_key(soft_key *K, const uint8_t *key, size_t key_len) {
  uint32_t w[60]; /* round key words, little-endian byte order in each */
  unsigned nk = (unsigned)(key_len / 4), nr = nk + 6, total = 4 * (nr + 1);
  for (unsigned i = 0; i < nk; i++) w[i] = hwc_load_le32(key + 4 * i);
  uint32_t rcon = 1;
  for (unsigned i = nk; i < total; i++) {
    uint32_t t = w[i - 1];
    if (i % nk == 0) {
      t = sub_word((t >> 8) | (t << 24)) ^ rcon; /* RotWord on little-endian bytes */
      rcon = (rcon << 1) ^ (0x11b & (0u - (rcon >> 7)));
    } else if (nk > 6 && i % nk == 4) {
      t = sub_word(t);
    }
    w[i] = w[i - nk] ^ t;
  }
  K->nr = nr;
  uint8_t kb[16], sr[16], blk[64];
  for (unsigned r = 0; r <= nr; r++) {
    for (unsigned j = 0; j < 4; j++) hwc_store_le32(kb + 4 * j, w[4 * r + j]);
    /* Rounds 1..nr-1 are met after r omitted ShiftRows: store SR^-r(K_r). */
    unsigned n = (r == 0 || r == nr) ? 0 : (4 - (r & 3)) & 3;
    shift_rows_bytes(sr, kb, n);
    for (int b = 0; b < 4; b++) memcpy(blk + 16 * b, sr, 16);
    uint64_t *q = K->rk + 8 * r;
    pack4(q, blk);
    if (r > 0) { /* the S-box NOTs (constant 0x63 on every byte) */
      q[0] = ~q[0];
      q[1] = ~q[1];
      q[5] = ~q[5];
      q[6] = ~q[6];
    }
  }
  hwc_wipe(w, sizeof(w));
  hwc_wipe(kb, sizeof(kb));
  hwc_wipe(sr, sizeof(sr));
  hwc_wipe(blk, sizeof(blk));
}

/* ------------------------------------------------------------------------ */
/* GHASH                                                                    */
/* ------------------------------------------------------------------------ */

#define HM0 0x1111111111111111ULL
#define HM1 0x2222222222222222ULL
#define HM2 0x4444444444444444ULL
#define HM3 0x8888888888888888ULL

HWC_INLINE uint64_t rev64(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
  x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
  x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
  x = ((x >> 8) & 0x00ff00ff00ff00ffULL) | ((x & 0x00ff00ff00ff00ffULL) << 8);
  x = ((x >> 16) & 0x0000ffff0000ffffULL) | ((x & 0x0000ffff0000ffffULL) << 16);
  return (x >> 32) | (x << 32);
}

HWC_INLINE void split4(uint64_t out[4], uint64_t x) {
  out[0] = x & HM0;
  out[1] = x & HM1;
  out[2] = x & HM2;
  out[3] = x & HM3;
}

/* acc[c] ^= sum of x_i * h_j with i + j = c (mod 4): low 64 bits of the
 * carry-less x*h, correct in the bits of residue c (see the top comment). */
HWC_INLINE void bmul_acc(uint64_t acc[4], uint64_t x, const uint64_t h[4]) {
  uint64_t x0 = x & HM0, x1 = x & HM1, x2 = x & HM2, x3 = x & HM3;
  acc[0] ^= (x0 * h[0]) ^ (x1 * h[3]) ^ (x2 * h[2]) ^ (x3 * h[1]);
  acc[1] ^= (x0 * h[1]) ^ (x1 * h[0]) ^ (x2 * h[3]) ^ (x3 * h[2]);
  acc[2] ^= (x0 * h[2]) ^ (x1 * h[1]) ^ (x2 * h[0]) ^ (x3 * h[3]);
  acc[3] ^= (x0 * h[3]) ^ (x1 * h[2]) ^ (x2 * h[1]) ^ (x3 * h[0]);
}

HWC_INLINE uint64_t bmul_fold(const uint64_t acc[4]) {
  return (acc[0] & HM0) | (acc[1] & HM1) | (acc[2] & HM2) | (acc[3] & HM3);
}

static void gh_pow_set(gh_pow *p, uint64_t hi, uint64_t lo) {
  uint64_t rl = rev64(lo), rh = rev64(hi);
  split4(p->m[0], lo);
  split4(p->m[1], hi);
  split4(p->m[2], lo ^ hi);
  split4(p->m[3], rl);
  split4(p->m[4], rh);
  split4(p->m[5], rl ^ rh);
}

/* Unreduced sum of products, as six accumulators of four residues each. */
typedef struct gh_acc {
  uint64_t a[6][4];
} gh_acc;

HWC_INLINE void gh_acc_mul(gh_acc *acc, uint64_t hi, uint64_t lo, const gh_pow *p) {
  uint64_t rl = rev64(lo), rh = rev64(hi);
  bmul_acc(acc->a[0], lo, p->m[0]);
  bmul_acc(acc->a[1], hi, p->m[1]);
  bmul_acc(acc->a[2], lo ^ hi, p->m[2]);
  bmul_acc(acc->a[3], rl, p->m[3]);
  bmul_acc(acc->a[4], rh, p->m[4]);
  bmul_acc(acc->a[5], rl ^ rh, p->m[5]);
}

/* Karatsuba recombination, one-bit shift and reduction mod
 * x^128 + x^7 + x^2 + x + 1 (reflected): (*hi, *lo) = sum reduced. */
HWC_INLINE void gh_acc_reduce(const gh_acc *acc, uint64_t *hi, uint64_t *lo) {
  uint64_t l0 = bmul_fold(acc->a[0]), l1 = bmul_fold(acc->a[1]), l2 = bmul_fold(acc->a[2]);
  uint64_t h0 = rev64(bmul_fold(acc->a[3])) >> 1;
  uint64_t h1 = rev64(bmul_fold(acc->a[4])) >> 1;
  uint64_t h2 = rev64(bmul_fold(acc->a[5])) >> 1;
  /* lo*lo = h0:l0, hi*hi = h1:l1, (lo^hi)*(lo^hi) = h2:l2 */
  l2 ^= l0 ^ l1;
  h2 ^= h0 ^ h1;
  uint64_t w0 = l0, w1 = h0 ^ l2, w2 = l1 ^ h2, w3 = h1;
  w3 = (w3 << 1) | (w2 >> 63);
  w2 = (w2 << 1) | (w1 >> 63);
  w1 = (w1 << 1) | (w0 >> 63);
  w0 <<= 1;
  w2 ^= w0 ^ (w0 >> 1) ^ (w0 >> 2) ^ (w0 >> 7);
  w1 ^= (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
  w3 ^= w1 ^ (w1 >> 1) ^ (w1 >> 2) ^ (w1 >> 7);
  w2 ^= (w1 << 63) ^ (w1 << 62) ^ (w1 << 57);
  *hi = w3;
  *lo = w2;
}

/* Y = GHASH over n whole blocks (1 <= n <= GH_POWERS) with one reduction:
 * block j is multiplied by H^(n-j). */
HWC_INLINE void gh_group(const soft_key *K, uint64_t *yh, uint64_t *yl, const uint8_t *p,
                         unsigned n) {
  gh_acc acc;
  memset(&acc, 0, sizeof(acc));
  for (unsigned j = 0; j < n; j++) {
    uint64_t hi = hwc_load_be64(p + 16 * j), lo = hwc_load_be64(p + 16 * j + 8);
    if (j == 0) {
      hi ^= *yh;
      lo ^= *yl;
    }
    gh_acc_mul(&acc, hi, lo, &K->h[n - 1 - j]);
  }
  gh_acc_reduce(&acc, yh, yl);
}

/* Y = GHASH_H(Y, data zero-padded to a multiple of 16). */
static void gh_update(const soft_key *K, uint64_t *yh, uint64_t *yl, const uint8_t *p,
                      size_t len) {
  while (len >= 16 * GH_POWERS) {
    gh_group(K, yh, yl, p, GH_POWERS);
    p += 16 * GH_POWERS;
    len -= 16 * GH_POWERS;
  }
  if (len) {
    uint8_t buf[16 * GH_POWERS];
    size_t n = (len + 15) / 16;
    memset(buf, 0, n * 16);
    memcpy(buf, p, len);
    gh_group(K, yh, yl, buf, (unsigned)n);
    hwc_wipe(buf, n * 16);
  }
}

/* ------------------------------------------------------------------------ */
/* Table functions                                                          */
/* ------------------------------------------------------------------------ */

static HWC_NOINLINE void soft_init_work(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  soft_key *K = HWC_KEY_STATE_W(soft_key, k);
  soft_expand_key(K, key, key_len);
  uint8_t z[64];
  memset(z, 0, sizeof(z));
  aes_encrypt4(K, z, z);
  uint64_t hh = hwc_load_be64(z), hl = hwc_load_be64(z + 8);
  gh_pow_set(&K->h[0], hh, hl);
  /* H^(i+1) = H^i * H: GHASH of one zero block from state Y = H^i. */
  uint64_t ph = hh, pl = hl;
  memset(z, 0, sizeof(z));
  for (int i = 1; i < GH_POWERS; i++) {
    gh_group(K, &ph, &pl, z, 1);
    gh_pow_set(&K->h[i], ph, pl);
  }
  hwc_wipe(z, sizeof(z));
}

static HWC_NOINLINE void soft_encrypt_block_work(const hwc_aes_key *k, const uint8_t in[16],
                                                 uint8_t out[16]) {
  uint8_t buf[64];
  memset(buf, 0, sizeof(buf));
  memcpy(buf, in, 16);
  aes_encrypt4(HWC_KEY_STATE(soft_key, k), buf, buf);
  memcpy(out, buf, 16);
  hwc_wipe(buf, sizeof(buf));
}

/* CMAC's CBC-MAC chain: serial, so one block per bitsliced pass (the other
 * three lanes are zero); this is the reference, not the fast path. */
static HWC_NOINLINE void soft_cbc_mac_work(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data,
                                           size_t nblocks) {
  uint8_t buf[64];
  memset(buf, 0, sizeof(buf));
  memcpy(buf, X, 16);
  for (; nblocks; nblocks--, data += 16) {
    for (int i = 0; i < 16; i++) buf[i] ^= data[i];
    aes_encrypt4(HWC_KEY_STATE(soft_key, k), buf, buf);
  }
  memcpy(X, buf, 16);
  hwc_wipe(buf, sizeof(buf));
}

/* Four counter blocks ctr, ctr+1, ctr+2, ctr+3 (low 32 bits) into cb. */
HWC_INLINE void ctr_blocks(uint8_t cb[64], uint32_t c) {
  hwc_store_be32(cb + 12, c);
  hwc_store_be32(cb + 28, c + 1);
  hwc_store_be32(cb + 44, c + 2);
  hwc_store_be32(cb + 60, c + 3);
}

HWC_INLINE void ctr_setup(uint8_t cb[64], const uint8_t ctr[16]) {
  for (int b = 0; b < 4; b++) memcpy(cb + 16 * b, ctr, 12);
}

HWC_INLINE void xor64(uint8_t *out, const uint8_t *in, const uint8_t *ks) {
  for (int i = 0; i < 64; i += 8)
    hwc_store_le64(out + i, hwc_load_le64(in + i) ^ hwc_load_le64(ks + i));
}

static HWC_NOINLINE void soft_ctr32_work(const hwc_aes_key *k, const uint8_t ctr[16],
                                         const uint8_t *in, uint8_t *out, size_t len) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  uint8_t cb[64], ks[64];
  uint32_t c = hwc_load_be32(ctr + 12);
  ctr_setup(cb, ctr);
  while (len >= 64) {
    ctr_blocks(cb, c);
    aes_encrypt4(K, cb, ks);
    xor64(out, in, ks);
    c += 4;
    in += 64;
    out += 64;
    len -= 64;
  }
  if (len) {
    ctr_blocks(cb, c);
    aes_encrypt4(K, cb, ks);
    for (size_t i = 0; i < len; i++) out[i] = (uint8_t)(in[i] ^ ks[i]);
  }
  hwc_wipe(ks, sizeof(ks));
  hwc_wipe(cb, sizeof(cb));
}

static HWC_NOINLINE void soft_ghash_work(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data,
                                         size_t len) {
  uint64_t yh = hwc_load_be64(Y), yl = hwc_load_be64(Y + 8);
  gh_update(HWC_KEY_STATE(soft_key, k), &yh, &yl, data, len);
  hwc_store_be64(Y, yh);
  hwc_store_be64(Y + 8, yl);
}

/*
 * GCM bulk: 8 blocks per step = two 4-block AES calls and one 8-block
 * GHASH group. Seal hashes the ciphertext it just wrote; open hashes the
 * ciphertext before overwriting it (in may equal out).
 */
static HWC_NOINLINE void soft_gcm_crypt_work(const hwc_aes_key *k, const uint8_t ctr[16],
                                             uint8_t Y[16], const uint8_t *in, uint8_t *out,
                                             size_t len, int seal) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  uint8_t cb[64], ks[128];
  uint64_t yh = hwc_load_be64(Y), yl = hwc_load_be64(Y + 8);
  uint32_t c = hwc_load_be32(ctr + 12);
  ctr_setup(cb, ctr);
  while (len >= 128) {
    ctr_blocks(cb, c);
    aes_encrypt4(K, cb, ks);
    ctr_blocks(cb, c + 4);
    aes_encrypt4(K, cb, ks + 64);
    if (!seal) gh_group(K, &yh, &yl, in, 8);
    xor64(out, in, ks);
    xor64(out + 64, in + 64, ks + 64);
    if (seal) gh_group(K, &yh, &yl, out, 8);
    c += 8;
    in += 128;
    out += 128;
    len -= 128;
  }
  if (len) {
    uint8_t buf[128];
    size_t n = (len + 15) / 16;
    ctr_blocks(cb, c);
    aes_encrypt4(K, cb, ks);
    if (len > 64) {
      ctr_blocks(cb, c + 4);
      aes_encrypt4(K, cb, ks + 64);
    }
    memset(buf, 0, n * 16);
    memcpy(buf, in, len);
    if (!seal) gh_group(K, &yh, &yl, buf, (unsigned)n);
    for (size_t i = 0; i < len; i++) buf[i] ^= ks[i];
    memcpy(out, buf, len);
    if (seal) {
      memset(buf + len, 0, n * 16 - len);
      gh_group(K, &yh, &yl, buf, (unsigned)n);
    }
    hwc_wipe(buf, sizeof(buf));
  }
  hwc_store_be64(Y, yh);
  hwc_store_be64(Y + 8, yl);
  hwc_wipe(ks, sizeof(ks));
  hwc_wipe(cb, sizeof(cb));
}

/*
 * The block-cipher modes (hwcrypt_impl.h). Every pass is one 4-block
 * bitsliced call; the direction flag seal is public and picks the
 * function. A tail of 1..3 blocks is one more pass on a zero-padded copy.
 */
HWC_INLINE void aes_crypt4(const soft_key *K, int seal, const uint8_t in[64], uint8_t out[64]) {
  if (seal)
    aes_encrypt4(K, in, out);
  else
    aes_decrypt4(K, in, out);
}

HWC_INLINE void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b) {
  hwc_store_le64(out, hwc_load_le64(a) ^ hwc_load_le64(b));
  hwc_store_le64(out + 8, hwc_load_le64(a + 8) ^ hwc_load_le64(b + 8));
}

static HWC_NOINLINE void soft_ecb_work(const hwc_aes_key *k, int seal, const uint8_t *in,
                                       uint8_t *out, size_t nblocks) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  for (; nblocks >= 4; nblocks -= 4, in += 64, out += 64) aes_crypt4(K, seal, in, out);
  if (nblocks) {
    uint8_t buf[64];
    memset(buf, 0, sizeof(buf));
    memcpy(buf, in, 16 * nblocks);
    aes_crypt4(K, seal, buf, buf);
    memcpy(out, buf, 16 * nblocks);
    hwc_wipe(buf, sizeof(buf));
  }
}

/*
 * CBC. Encryption is one serial chain: one block per pass in lane 0 (as
 * cbc_mac). Decryption is parallel: four blocks per pass, then
 * P_j = D(C_j) ^ C_(j-1) from the last block of the pass down to the
 * first, so that in place every C_(j-1) is read before P_(j-1) replaces
 * it; the pass's last ciphertext block is saved first as the next chain.
 */
static HWC_NOINLINE void soft_cbc_work(const hwc_aes_key *k, int seal, uint8_t iv[16],
                                       const uint8_t *in, uint8_t *out, size_t nblocks) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  uint8_t buf[64];
  memset(buf, 0, sizeof(buf));
  if (seal) {
    memcpy(buf, iv, 16);
    for (; nblocks; nblocks--, in += 16, out += 16) {
      xor16(buf, buf, in);
      aes_encrypt4(K, buf, buf);
      memcpy(out, buf, 16);
    }
    memcpy(iv, buf, 16);
  } else {
    uint8_t next[16];
    while (nblocks) {
      size_t n = nblocks < 4 ? nblocks : 4;
      if (n == 4) {
        aes_decrypt4(K, in, buf);
      } else {
        memset(buf + 16 * n, 0, 64 - 16 * n);
        memcpy(buf, in, 16 * n);
        aes_decrypt4(K, buf, buf);
      }
      memcpy(next, in + 16 * (n - 1), 16);
      for (size_t j = n - 1; j > 0; j--) xor16(out + 16 * j, buf + 16 * j, in + 16 * (j - 1));
      xor16(out, buf, iv);
      memcpy(iv, next, 16);
      in += 16 * n;
      out += 16 * n;
      nblocks -= n;
    }
    hwc_wipe(next, sizeof(next));
  }
  hwc_wipe(buf, sizeof(buf));
}

/* T = T * alpha in GF(2^128), little-endian (lo = bytes 0..7): a shift
 * and a reduction by x^128 = x^7 + x^2 + x + 1 applied under a mask made
 * from the carried-out bit, no branch. HWC_OPAQUE_GPR keeps the compiler
 * from seeing the mask as a 0/1 choice it could turn into one. */
HWC_INLINE void xts_mul_alpha_w(uint64_t *lo, uint64_t *hi) {
  uint64_t carry = (uint64_t)0 - (*hi >> 63);
  HWC_OPAQUE_GPR(carry);
  *hi = (*hi << 1) | (*lo >> 63);
  *lo = (*lo << 1) ^ (carry & 0x87);
}

/*
 * XTS: four blocks per pass. The pass's tweaks T_j .. T_(j+3) are written
 * to tw (a tail pass writes only its n), then out = E(in ^ tw) ^ tw.
 */
static HWC_NOINLINE void soft_xts_work(const hwc_aes_key *k, int seal, uint8_t T[16],
                                       const uint8_t *in, uint8_t *out, size_t nblocks) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  uint8_t tw[64], buf[64];
  uint64_t lo = hwc_load_le64(T), hi = hwc_load_le64(T + 8);
  memset(tw, 0, sizeof(tw));
  memset(buf, 0, sizeof(buf));
  while (nblocks) {
    size_t n = nblocks < 4 ? nblocks : 4;
    for (size_t j = 0; j < n; j++) {
      hwc_store_le64(tw + 16 * j, lo);
      hwc_store_le64(tw + 16 * j + 8, hi);
      xts_mul_alpha_w(&lo, &hi);
    }
    for (size_t j = 0; j < n; j++) xor16(buf + 16 * j, in + 16 * j, tw + 16 * j);
    aes_crypt4(K, seal, buf, buf);
    for (size_t j = 0; j < n; j++) xor16(out + 16 * j, buf + 16 * j, tw + 16 * j);
    in += 16 * n;
    out += 16 * n;
    nblocks -= n;
  }
  hwc_store_le64(T, lo);
  hwc_store_le64(T + 8, hi);
  hwc_wipe(tw, sizeof(tw));
  hwc_wipe(buf, sizeof(buf));
}

/*
 * CCM payload, CTR and CBC-MAC stitched: each pass carries the MAC block
 * in lane 0 and a counter block in lane 1 (lanes 2 and 3 stay zero), so
 * the keystream costs nothing next to the serial chain. Seal MACs the
 * plaintext it reads, so pass i holds X ^ P_i and ctr_i. Open MACs the
 * plaintext it produces, which needs the keystream of the pass before:
 * pass i holds X ^ P_(i-1) and ctr_i, for i = 0..n (pass 0 has no MAC
 * block yet, pass n no counter), n + 1 passes for n blocks. A last partial
 * block is zero-padded for the MAC; only its length (public) decides how
 * many bytes are copied.
 */
static HWC_NOINLINE void soft_ccm_work(const hwc_aes_key *k, int seal, const uint8_t ctr[16],
                                       uint8_t X[16], const uint8_t *in, uint8_t *out,
                                       size_t len) {
  const soft_key *K = HWC_KEY_STATE(soft_key, k);
  uint8_t buf[64], pt[16];
  uint32_t c = hwc_load_be32(ctr + 12);
  size_t nblocks = (len + 15) / 16;
  memset(buf, 0, sizeof(buf));
  memset(pt, 0, sizeof(pt));
  if (seal) {
    for (size_t i = 0; i < nblocks; i++, c++, in += 16, out += 16) {
      size_t m = len - 16 * i < 16 ? len - 16 * i : 16;
      memcpy(pt, in, m);
      memset(pt + m, 0, 16 - m); /* the MAC's zero padding (last block) */
      xor16(buf, X, pt);
      hwc_store_counter_block(buf + 16, ctr, c);
      memset(buf + 32, 0, 32);
      aes_encrypt4(K, buf, buf);
      memcpy(X, buf, 16);
      for (size_t j = 0; j < m; j++) out[j] = (uint8_t)(pt[j] ^ buf[16 + j]);
    }
  } else {
    for (size_t i = 0; i <= nblocks; i++, c++) {
      if (i > 0)
        xor16(buf, X, pt); /* pt = P_(i-1), zero-padded */
      else
        memset(buf, 0, 16);
      if (i < nblocks)
        hwc_store_counter_block(buf + 16, ctr, c);
      else
        memset(buf + 16, 0, 16);
      memset(buf + 32, 0, 32);
      aes_encrypt4(K, buf, buf);
      if (i > 0) memcpy(X, buf, 16);
      if (i < nblocks) {
        size_t m = len - 16 * i < 16 ? len - 16 * i : 16;
        for (size_t j = 0; j < m; j++) pt[j] = (uint8_t)(in[16 * i + j] ^ buf[16 + j]);
        memset(pt + m, 0, 16 - m); /* the MAC's zero padding (last block) */
        memcpy(out + 16 * i, pt, m);
      }
    }
  }
  hwc_wipe(buf, sizeof(buf));
  hwc_wipe(pt, sizeof(pt));
}

/*
 * Entry points: the work, then the dead stack frame is zeroed once per
 * call (hwc_burn_stack, hwcrypt_ct.h, docs/security.md). The bitsliced
 * state q[8] of aes_encrypt4 and sub_word, the key schedule words, the
 * GHASH accumulators and the compiler's spills of all of them (the S-box
 * circuit alone has more live values than there are registers) lie in
 * that frame, and no wipe of a named array reaches the spill slots. The
 * depths cover the deepest call chain the compilers build (gcc -O3 and
 * clang -O2 frames: soft_gcm_crypt 728 / 696 bytes plus aes_encrypt4 176
 * / 104 and its red zone, soft_init 616 / 696 plus gh_group and
 * aes_encrypt4, soft_ctr32 248 / 184 plus aes_encrypt4, soft_ghash
 * 24 / 472 plus gh_update 456, soft_encrypt_block 88 plus aes_encrypt4;
 * the modes: soft_ecb/cbc/xts/ccm 104..232 plus aes_encrypt4 or
 * aes_decrypt4, at most 184) with room to spare; one memset of at most 3 KiB per call, against
 * thousands of cycles of bitsliced AES. ct_stack.c checks the result.
 */
#define SOFT_BURN_GCM 3072
#define SOFT_BURN_INIT 3072
#define SOFT_BURN_CTR 1024
#define SOFT_BURN_GHASH 1024
#define SOFT_BURN_BLOCK 1024
#define SOFT_BURN_CBC_MAC 1024
#define SOFT_BURN_MODES 1024

static void soft_init(hwc_aes_key *k, const uint8_t *key, size_t key_len) {
  soft_init_work(k, key, key_len);
  hwc_burn_stack(SOFT_BURN_INIT);
}

static void soft_encrypt_block(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
  soft_encrypt_block_work(k, in, out);
  hwc_burn_stack(SOFT_BURN_BLOCK);
}

static void soft_ctr32(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                       size_t len) {
  soft_ctr32_work(k, ctr, in, out, len);
  hwc_burn_stack(SOFT_BURN_CTR);
}

static void soft_ghash(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data, size_t len) {
  soft_ghash_work(k, Y, data, len);
  hwc_burn_stack(SOFT_BURN_GHASH);
}

static void soft_gcm_seal(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                          const uint8_t *in, uint8_t *out, size_t len) {
  soft_gcm_crypt_work(k, ctr, Y, in, out, len, 1);
  hwc_burn_stack(SOFT_BURN_GCM);
}

static void soft_gcm_open(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16],
                          const uint8_t *in, uint8_t *out, size_t len) {
  soft_gcm_crypt_work(k, ctr, Y, in, out, len, 0);
  hwc_burn_stack(SOFT_BURN_GCM);
}

static void soft_cbc_mac(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks) {
  if (!nblocks) return;
  soft_cbc_mac_work(k, X, data, nblocks);
  hwc_burn_stack(SOFT_BURN_CBC_MAC);
}

static void soft_ecb(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out,
                     size_t nblocks) {
  if (!nblocks) return;
  soft_ecb_work(k, seal, in, out, nblocks);
  hwc_burn_stack(SOFT_BURN_MODES);
}

static void soft_cbc(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in,
                     uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  soft_cbc_work(k, seal, iv, in, out, nblocks);
  hwc_burn_stack(SOFT_BURN_MODES);
}

static void soft_xts(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in,
                     uint8_t *out, size_t nblocks) {
  if (!nblocks) return;
  soft_xts_work(k, seal, T, in, out, nblocks);
  hwc_burn_stack(SOFT_BURN_MODES);
}

static void soft_ccm(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16],
                     const uint8_t *in, uint8_t *out, size_t len) {
  if (!len) return;
  soft_ccm_work(k, seal, ctr, X, in, out, len);
  hwc_burn_stack(SOFT_BURN_MODES);
}

static const hwc_aes_impl soft_impl = {
    .name = "soft",
    .init = soft_init,
    .encrypt_block = soft_encrypt_block,
    .ctr32 = soft_ctr32,
    .ghash = soft_ghash,
    .gcm_seal = soft_gcm_seal,
    .gcm_open = soft_gcm_open,
    .cbc_mac = soft_cbc_mac,
    .ecb = soft_ecb,
    .cbc = soft_cbc,
    .xts = soft_xts,
    .ccm = soft_ccm,
    .state_size = sizeof(soft_key),
};

const hwc_aes_impl *hwc_aes_soft_ct64_get(void) { return &soft_impl; }
