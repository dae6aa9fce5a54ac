/*
 * sha256_soft.c - portable SHA-256 compression function (FIPS 180-4, 6.2.2).
 *
 * The 64-word message schedule is never materialised: a 16-word window
 * W[t mod 16] is updated in place as the rounds advance, so the working set
 * is 16 schedule words plus the 8 state words. The rounds are unrolled by
 * macros that rename the eight working variables instead of shifting them,
 * which leaves only the arithmetic of each round for the compiler.
 *
 * Constant time: the function uses only 32-bit additions, rotations, shifts
 * and boolean operations, and every array index is a compile-time
 * constant. Nothing branches on or indexes memory by the message or the
 * state, so the timing depends only on nblocks.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

#define K256 hwc_sha256_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))

/* Schedule word t: rounds 0..15 read the block, later ones extend the window. */
#define WLOAD(t) (W[t] = hwc_load_be32(p + 4 * (t)))
#define WNEXT(t)                                                                         \
  (W[(t)&15] += SSIG1(W[((t)-2) & 15]) + W[((t)-7) & 15] + SSIG0(W[((t)-15) & 15]))

/* h collects K + W first (independent of the previous round), then
 * Ch(e,f,g) and Sigma1(e); that sum is T1. Maj uses the identity
 * Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), where b ^ c is this round's
 * (a ^ b) of the round before, carried in bc: one operation fewer. */
#define ROUND(a, b, c, d, e, f, g, h, t, WF) \
  do {                                       \
    h += K256[t] + WF(t);                    \
    h += CH(e, f, g);                        \
    h += BSIG1(e);                           \
    d += h;                                  \
    uint32_t ab = a ^ b;                     \
    h += BSIG0(a) + (b ^ (ab & bc));         \
    bc = ab;                                 \
  } while (0)

#define ROUND8(t, WF)                           \
  ROUND(a, b, c, d, e, f, g, h, (t) + 0, WF);   \
  ROUND(h, a, b, c, d, e, f, g, (t) + 1, WF);   \
  ROUND(g, h, a, b, c, d, e, f, (t) + 2, WF);   \
  ROUND(f, g, h, a, b, c, d, e, (t) + 3, WF);   \
  ROUND(e, f, g, h, a, b, c, d, (t) + 4, WF);   \
  ROUND(d, e, f, g, h, a, b, c, (t) + 5, WF);   \
  ROUND(c, d, e, f, g, h, a, b, (t) + 6, WF);   \
  ROUND(b, c, d, e, f, g, h, a, (t) + 7, WF)

/* The rounds. Not inlined: the entry point below burns its frame after it
 * returns. */
static HWC_NOINLINE uintptr_t sha256_soft_rounds(uint32_t state[8], const uint8_t *p,
                                            size_t nblocks) {
  uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  uint32_t s4 = state[4], s5 = state[5], s6 = state[6], s7 = state[7];
  while (nblocks--) {
    uint32_t W[16];
    uint32_t a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7;
    uint32_t bc = b ^ c;
    ROUND8(0, WLOAD);
    ROUND8(8, WLOAD);
    ROUND8(16, WNEXT);
    ROUND8(24, WNEXT);
    ROUND8(32, WNEXT);
    ROUND8(40, WNEXT);
    ROUND8(48, WNEXT);
    ROUND8(56, WNEXT);
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    s4 += e;
    s5 += f;
    s6 += g;
    s7 += h;
    p += 64;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  state[4] = s4;
  state[5] = s5;
  state[6] = s6;
  state[7] = s7;
  uintptr_t sp;
  HWC_STACK_POINTER(sp); /* the frame's low end, for the burn */
  return sp;
}

/*
 * Entry point: the rounds, then the dead frame is zeroed once per call
 * (hwcrypt_ct.h, docs/security.md). It holds the message schedule W[16] and
 * the spilled working variables; for HMAC the first block's W is the key XOR
 * ipad and the schedule runs backwards, so a leak of it is a leak of the
 * key. A wipe of the W array would not do: the compiler keeps the schedule
 * in spill slots of its own choosing, not in the array. The depth burned is
 * the one measured at run time (HWC_BURN_DEPTH: the rounds return their
 * stack pointer); where the stack pointer cannot be read, 1024 bytes, which
 * cover the frame the compilers build (gcc -O3: 320 bytes, clang -O2: 704)
 * plus the 128-byte red zone with room to spare.
 */
static void sha256_soft_compress(hwc_hash_state *st, const uint8_t *p, size_t nblocks) {
  uint32_t *state = st->s32;
  uintptr_t top;
  HWC_STACK_POINTER(top);
  uintptr_t low = sha256_soft_rounds(state, p, nblocks);
  hwc_burn_stack(HWC_BURN_DEPTH(top, low, 1024));
}

static const hwc_hash_impl sha256_soft = {"soft", HWC_FAMILY_SHA256, sha256_soft_compress};

const hwc_hash_impl *hwc_sha256_soft_get(void) { return &sha256_soft; }
