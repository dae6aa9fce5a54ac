/*
 * sha512_arm64_ce.c - SHA-512 compression (for SHA-384, SHA-512,
 * SHA-512/t) on the ARMv8.2 SHA512 instructions.
 *
 * The kernel targets armv8.2-a+sha3 only (SHA512 is part of the
 * optional SHA3 extension); the table is handed out only when
 * hwc_cpu()->arm_sha512 is set. Many arm64 cores (Cortex-A53/A72/A76,
 * Neoverse N1, Graviton 2) lack it and keep the soft backend.
 *
 * Register use. The state is four registers of two 64-bit lanes,
 * ab = [a, b], cd = [c, d], ef = [e, f], gh = [g, h] (lane 0 first). One
 * SHA512H + SHA512H2 pair runs two rounds t, t+1:
 *
 *   SHA512H  Qd, Qn, Vm: Vm = [d, e], Qn = [f, g] (made with EXT from the
 *            state registers), Qd = [g + KW[t+1], h + KW[t]] where KW is
 *            K + W. The two lanes are the h of each round plus its K + W:
 *            in round t+1 the old g has become h. Qd comes back as
 *            [T1(t+1), T1(t)], the two "T1" sums of FIPS 180-4.
 *   new ef = cd + that   (e after round t is d + T1(t), after t+1 it is
 *            c + T1(t+1), and f is the e after round t)
 *   SHA512H2 Qd = the T1 pair, Qn = cd (lane 0 = c), Vm = ab:
 *            gives [a after t+1, a after t] = the new ab.
 *   The other registers just change names: new cd = old ab, new gh = old ef.
 *
 * So each double round renames (ab, cd, ef, gh) -> (new, ab, new, ef); the
 * code below rotates through five variables by passing them in a new
 * order to the DROUND macro instead of moving registers.
 *
 * Message schedule: eight registers m0..m7 of two words each. After the
 * pair W[t], W[t+1] (register m_j) is consumed it becomes W[t+16], W[t+17]:
 *   SHA512SU0(m_j, m_j+1)        = W[t..t+1] + sigma0(W[t+1..t+2])
 *   SHA512SU1(that, m_j+7, EXT(m_j+4, m_j+5))
 *                                 adds sigma1(W[t+14..t+15]) + W[t+9..t+10]
 * Double rounds 0..31 update it, 32..39 only consume it. The message is
 * big-endian: REV64 after each load.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_ARM64_SHA3

#include <arm_neon.h>

HWC_TARGET_BEGIN(HWC_ARM64_SHA3)

#define K512 hwc_sha512_k /* FIPS 180-4 round constants, native/sha/sha2_k.c */

/* Two rounds on registers AB, CD, EF, GH with message pair M and constant
 * index i (rounds 2i, 2i+1). Afterwards the new [a,b] is in NAB and the new
 * [e,f] in NEF; the caller renames. */
#define DROUND(AB, CD, EF, GH, NAB, NEF, M, i)                                \
  do {                                                                        \
    const uint64x2_t kw_ = vaddq_u64((M), vld1q_u64(K512 + 2 * (i)));         \
    const uint64x2_t fg_ = vextq_u64((EF), (GH), 1);                          \
    const uint64x2_t de_ = vextq_u64((CD), (EF), 1);                          \
    uint64x2_t t_ = vaddq_u64((GH), vextq_u64(kw_, kw_, 1));                  \
    t_ = vsha512hq_u64(t_, fg_, de_);                                         \
    (NEF) = vaddq_u64((CD), t_);                                              \
    (NAB) = vsha512h2q_u64(t_, (CD), (AB));                                   \
  } while (0)

#define SCHED(m0, m1, m4, m5, m7) \
  (m0) = vsha512su1q_u64(vsha512su0q_u64((m0), (m1)), (m7), vextq_u64((m4), (m5), 1))

/* Eight double rounds (16 rounds) starting at pair index i, optionally
 * extending the schedule. The five-way rotation of state names repeats
 * every four double rounds: s0..s4 carry the values around. */
#define EIGHT(i, sched)                                                        \
  do {                                                                         \
    DROUND(s0, s1, s2, s3, s4, s3, m0, (i) + 0); if (sched) SCHED(m0, m1, m4, m5, m7); \
    /* now ab=s4 cd=s0 ef=s3 gh=s2 */                                          \
    DROUND(s4, s0, s3, s2, s1, s2, m1, (i) + 1); if (sched) SCHED(m1, m2, m5, m6, m0); \
    /* ab=s1 cd=s4 ef=s2 gh=s3 */                                              \
    DROUND(s1, s4, s2, s3, s0, s3, m2, (i) + 2); if (sched) SCHED(m2, m3, m6, m7, m1); \
    /* ab=s0 cd=s1 ef=s3 gh=s2 */                                              \
    DROUND(s0, s1, s3, s2, s4, s2, m3, (i) + 3); if (sched) SCHED(m3, m4, m7, m0, m2); \
    /* ab=s4 cd=s0 ef=s2 gh=s3 */                                              \
    DROUND(s4, s0, s2, s3, s1, s3, m4, (i) + 4); if (sched) SCHED(m4, m5, m0, m1, m3); \
    /* ab=s1 cd=s4 ef=s3 gh=s2 */                                              \
    DROUND(s1, s4, s3, s2, s0, s2, m5, (i) + 5); if (sched) SCHED(m5, m6, m1, m2, m4); \
    /* ab=s0 cd=s1 ef=s2 gh=s3 */                                              \
    DROUND(s0, s1, s2, s3, s4, s3, m6, (i) + 6); if (sched) SCHED(m6, m7, m2, m3, m5); \
    /* ab=s4 cd=s0 ef=s3 gh=s2 */                                              \
    DROUND(s4, s0, s3, s2, s1, s2, m7, (i) + 7); if (sched) SCHED(m7, m0, m3, m4, m6); \
    /* ab=s1 cd=s4 ef=s2 gh=s3 */                                              \
  } while (0)

static void ce_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint64_t *state = st->s64;
  uint64x2_t ab = vld1q_u64(state), cd = vld1q_u64(state + 2);
  uint64x2_t ef = vld1q_u64(state + 4), gh = vld1q_u64(state + 6);
  while (nblocks--) {
    uint64x2_t m0 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data)));
    uint64x2_t m1 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 16)));
    uint64x2_t m2 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 32)));
    uint64x2_t m3 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 48)));
    uint64x2_t m4 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 64)));
    uint64x2_t m5 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 80)));
    uint64x2_t m6 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 96)));
    uint64x2_t m7 = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(data + 112)));
    data += 128;
    uint64x2_t s0 = ab, s1 = cd, s2 = ef, s3 = gh, s4;
    EIGHT(0, 1);
    /* ab=s1 cd=s4 ef=s2 gh=s3: rename back to s0..s3 for the next EIGHT */
    { uint64x2_t a_ = s1, c_ = s4; s0 = a_; s1 = c_; }
    EIGHT(8, 1);
    { uint64x2_t a_ = s1, c_ = s4; s0 = a_; s1 = c_; }
    EIGHT(16, 1);
    { uint64x2_t a_ = s1, c_ = s4; s0 = a_; s1 = c_; }
    EIGHT(24, 1);
    { uint64x2_t a_ = s1, c_ = s4; s0 = a_; s1 = c_; }
    EIGHT(32, 0);
    ab = vaddq_u64(ab, s1);
    cd = vaddq_u64(cd, s4);
    ef = vaddq_u64(ef, s2);
    gh = vaddq_u64(gh, s3);
  }
  vst1q_u64(state, ab);
  vst1q_u64(state + 2, cd);
  vst1q_u64(state + 4, ef);
  vst1q_u64(state + 6, gh);
}

static const hwc_hash_impl ce_impl = {"armv8", HWC_FAMILY_SHA512, ce_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha512_arm64_ce_get(void) {
  return hwc_cpu()->arm_sha512 ? &ce_impl : NULL;
}

#else

const hwc_hash_impl *hwc_sha512_arm64_ce_get(void) { return NULL; }

#endif
