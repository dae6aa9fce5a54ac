/*
 * sha1_soft.c - portable SHA-1 compression function (FIPS 180-4, 6.1.2).
 *
 * The 80-word schedule lives in a rolling 16-word window:
 * W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) overwrites W[t mod 16].
 * The rounds are unrolled by macros that rename the five working variables
 * (after a round the new a is the old e slot, and b is rotated in place),
 * so no variable is ever copied.
 *
 * Constant time: 32-bit additions, rotations and boolean operations only,
 * every array index a compile-time constant; no branch or memory address
 * depends on the message or the state.
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

#define F0(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))          /* Ch, rounds 0..19 */
#define F1(b, c, d) ((b) ^ (c) ^ (d))                    /* Parity, 20..39, 60..79 */
#define F2(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))  /* Maj, 40..59 */
#define F3(b, c, d) F1(b, c, d)

#define K0 0x5a827999u
#define K1 0x6ed9eba1u
#define K2 0x8f1bbcdcu
#define K3 0xca62c1d6u

#define WLOAD(t) (W[t] = hwc_load_be32(p + 4 * (t)))
#define WNEXT(t)                                                                                 \
  (W[(t)&15] = ROL(W[((t)-3) & 15] ^ W[((t)-8) & 15] ^ W[((t)-14) & 15] ^ W[(t)&15], 1))

/* One round: e += ROTL5(a) + f(b,c,d) + K + W[t]; b = ROTL30(b). The caller
 * rotates the names so that this e is the next round's a. */
#define ROUND(a, b, c, d, e, t, F, K, WF)       \
  do {                                          \
    e += ROL(a, 5) + F(b, c, d) + (K) + WF(t);  \
    b = ROL(b, 30);                             \
  } while (0)

#define ROUND5(t, F, K, WF)              \
  ROUND(a, b, c, d, e, (t) + 0, F, K, WF); \
  ROUND(e, a, b, c, d, (t) + 1, F, K, WF); \
  ROUND(d, e, a, b, c, (t) + 2, F, K, WF); \
  ROUND(c, d, e, a, b, (t) + 3, F, K, WF); \
  ROUND(b, c, d, e, a, (t) + 4, F, K, WF)

/* The rounds. Not inlined: the entry point below burns its frame after it
 * returns. */
static HWC_NOINLINE uintptr_t sha1_soft_rounds(uint32_t state[5], const uint8_t *p,
                                          size_t nblocks) {
  uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3], s4 = state[4];
  while (nblocks--) {
    uint32_t W[16];
    uint32_t a = s0, b = s1, c = s2, d = s3, e = s4;
    ROUND5(0, F0, K0, WLOAD);
    ROUND5(5, F0, K0, WLOAD);
    ROUND5(10, F0, K0, WLOAD);
    ROUND(a, b, c, d, e, 15, F0, K0, WLOAD);
    ROUND(e, a, b, c, d, 16, F0, K0, WNEXT);
    ROUND(d, e, a, b, c, 17, F0, K0, WNEXT);
    ROUND(c, d, e, a, b, 18, F0, K0, WNEXT);
    ROUND(b, c, d, e, a, 19, F0, K0, WNEXT);
    ROUND5(20, F1, K1, WNEXT);
    ROUND5(25, F1, K1, WNEXT);
    ROUND5(30, F1, K1, WNEXT);
    ROUND5(35, F1, K1, WNEXT);
    ROUND5(40, F2, K2, WNEXT);
    ROUND5(45, F2, K2, WNEXT);
    ROUND5(50, F2, K2, WNEXT);
    ROUND5(55, F2, K2, WNEXT);
    ROUND5(60, F3, K3, WNEXT);
    ROUND5(65, F3, K3, WNEXT);
    ROUND5(70, F3, K3, WNEXT);
    ROUND5(75, F3, K3, WNEXT);
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    s4 += e;
    p += 64;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  state[4] = s4;
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
static void sha1_soft_compress(hwc_hash_state *st, const uint8_t *p, size_t nblocks) {
  uint32_t *state = st->s32;
  uintptr_t top;
  HWC_STACK_POINTER(top);
  uintptr_t low = sha1_soft_rounds(state, p, nblocks);
  hwc_burn_stack(HWC_BURN_DEPTH(top, low, 1024));
}

static const hwc_hash_impl sha1_soft = {"soft", HWC_FAMILY_SHA1, sha1_soft_compress};

const hwc_hash_impl *hwc_sha1_soft_get(void) { return &sha1_soft; }
