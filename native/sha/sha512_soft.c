/*
 * sha512_soft.c - portable SHA-512 compression function (FIPS 180-4, 6.4.2),
 * shared by SHA-384, SHA-512 and SHA-512/t (they differ only in the initial
 * value and the output length, which hash.c handles).
 *
 * Same structure as sha256_soft.c: a rolling 16-word schedule window and
 * 80 rounds unrolled by macros that rename the working variables.
 *
 * Constant time: 64-bit additions, rotations, shifts and boolean operations
 * only, every array index a compile-time constant; no branch or memory
 * address depends on the message or the state.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

#define K512 hwc_sha512_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

#define ROR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) (ROR(x, 28) ^ ROR(x, 34) ^ ROR(x, 39))
#define BSIG1(x) (ROR(x, 14) ^ ROR(x, 18) ^ ROR(x, 41))
#define SSIG0(x) (ROR(x, 1) ^ ROR(x, 8) ^ ((x) >> 7))
#define SSIG1(x) (ROR(x, 19) ^ ROR(x, 61) ^ ((x) >> 6))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

#define WLOAD(t) (W[t] = hwc_load_be64(p + 8 * (t)))
#define WNEXT(t)                                                                         \
  (W[(t)&15] += SSIG1(W[((t)-2) & 15]) + W[((t)-7) & 15] + SSIG0(W[((t)-15) & 15]))

/* h collects K + W first (independent of the previous round), then
 * Ch(e,f,g) and Sigma1(e); that sum is T1. */
#define ROUND(a, b, c, d, e, f, g, h, t, WF) \
  do {                                       \
    h += K512[t] + WF(t);                    \
    h += CH(e, f, g);                        \
    h += BSIG1(e);                           \
    d += h;                                  \
    h += BSIG0(a) + MAJ(a, b, c);            \
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
static HWC_NOINLINE uintptr_t sha512_soft_rounds(uint64_t state[8], const uint8_t *p,
                                            size_t nblocks) {
  uint64_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  uint64_t s4 = state[4], s5 = state[5], s6 = state[6], s7 = state[7];
  while (nblocks--) {
    uint64_t W[16];
    uint64_t a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7;
    ROUND8(0, WLOAD);
    ROUND8(8, WLOAD);
    ROUND8(16, WNEXT);
    ROUND8(24, WNEXT);
    ROUND8(32, WNEXT);
    ROUND8(40, WNEXT);
    ROUND8(48, WNEXT);
    ROUND8(56, WNEXT);
    ROUND8(64, WNEXT);
    ROUND8(72, WNEXT);
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    s4 += e;
    s5 += f;
    s6 += g;
    s7 += h;
    p += 128;
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
 * stack pointer); where the stack pointer cannot be read, 1536 bytes, which
 * cover the frame the compilers build (gcc -O3: 768 bytes, clang -O2: 904)
 * plus the 128-byte red zone with room to spare.
 */
static void sha512_soft_compress(hwc_hash_state *st, const uint8_t *p, size_t nblocks) {
  uint64_t *state = st->s64;
  uintptr_t top;
  HWC_STACK_POINTER(top);
  uintptr_t low = sha512_soft_rounds(state, p, nblocks);
  hwc_burn_stack(HWC_BURN_DEPTH(top, low, 1536));
}

static const hwc_hash_impl sha512_soft = {"soft", HWC_FAMILY_SHA512, sha512_soft_compress};

const hwc_hash_impl *hwc_sha512_soft_get(void) { return &sha512_soft; }
