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
#include "hwcrypt_impl.h"

static const uint64_t K512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

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

static void sha512_soft_compress(uint64_t state[8], const uint8_t *p, size_t nblocks) {
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
}

static const hwc_sha512_impl sha512_soft = {"soft", sha512_soft_compress};

const hwc_sha512_impl *hwc_sha512_soft_get(void) { return &sha512_soft; }
