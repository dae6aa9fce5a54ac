/*
 * aegis_x86_aesni.c - AEGIS-128L and AEGIS-256 on AES-NI (xmm).
 *
 * The AEGIS round AESRound(in, rk) = MixColumns(ShiftRows(SubBytes(in)))
 * ^ rk is exactly one AESENC. The state (8 or 6 xmm) stays in registers
 * across the whole message (the framing in aegis_tmpl.h is inlined around
 * the update): no stack home, no spill (checked with objdump for gcc 12
 * -O3 and clang 14 -O2; AEGIS_STATE_IN_REGISTERS). Each update is 8 (128L,
 * 32 bytes) or 6 (256, 16 bytes) independent AESENCs, one AESENC latency
 * deep. Two builds of the same code: SSE4.1 (any AES-NI CPU; the aesni and
 * vaes256 tables) and AVX-512VL (below; the vaes512 table). This file
 * holds the three x86 AEGIS tables; the X2/X4 variants they list are in
 * aegis_x86_vaes.c (VAES ymm/zmm, and xmm lanes for aesni).
 */
#include "hwcrypt_ct.h"
#include "hwcrypt_impl.h"

#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("aes,sse2,ssse3,sse4.1")

#define AV __m128i
#define AV_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define AV_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define AV_XOR(a, b) _mm_xor_si128((a), (b))
#define AV_AND(a, b) _mm_and_si128((a), (b))
#define AV_LEN_BLOCK(lo, hi) _mm_set_epi64x((long long)(hi), (long long)(lo))
#define AV_ZERO() _mm_setzero_si128()
#define AEGIS_STATE_IN_REGISTERS

/*
 * A last partial block (n < 16 bytes) in and out of a register without a
 * stack buffer: up to 8 bytes are read as two overlapping 4-byte words
 * (or three single bytes) combined by shifts, two such halves make the
 * block; the store mirrors it. Branches and shifts depend on the length
 * only, never on the data.
 */
HWC_INLINE uint64_t aegis_load_upto8(const uint8_t *p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + n - 4, 4);
    return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  return (uint64_t)p[0] | ((uint64_t)p[n / 2] << (8 * (n / 2))) | ((uint64_t)p[n - 1] << (8 * (n - 1)));
}

HWC_INLINE void aegis_store_upto8(uint8_t *p, uint64_t x, size_t n) {
  if (n >= 4) {
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> (8 * (n - 4)));
    memcpy(p + n - 4, &hi, 4);
    memcpy(p, &lo, 4);
  } else if (n) {
    p[n - 1] = (uint8_t)(x >> (8 * (n - 1)));
    p[n / 2] = (uint8_t)(x >> (8 * (n / 2)));
    p[0] = (uint8_t)x;
  }
}

HWC_INLINE __m128i aegis_load_partial(const uint8_t *p, size_t n) {
  uint64_t lo, hi = 0;
  if (n >= 8) {
    memcpy(&lo, p, 8);
    hi = aegis_load_upto8(p + 8, n - 8);
  } else {
    lo = aegis_load_upto8(p, n);
  }
  /* MOVQ and PINSRQ: without SSE4.1 the compiler builds the block
   * through a stack slot, which would leave message bytes there */
  return _mm_insert_epi64(_mm_cvtsi64_si128((long long)lo), (long long)hi, 1);
}

HWC_INLINE void aegis_store_partial(uint8_t *p, __m128i v, size_t n) {
  uint64_t lo = (uint64_t)_mm_cvtsi128_si64(v), hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v));
  if (n >= 8) {
    memcpy(p, &lo, 8);
    aegis_store_upto8(p + 8, hi, n - 8);
  } else {
    aegis_store_upto8(p, lo, n);
  }
}
#define AEGIS_HAVE_PARTIAL


/*
 * AESENC(x, rk) = R(x) ^ rk with R = MixColumns . ShiftRows . SubBytes:
 * the round key enters by XOR only. Update's S'[0] = AESRound(S[7],
 * S[0] ^ M0) is computed as AESENC(S[7], M0) ^ S[0], not as AESENC(S[7],
 * S[0] ^ M0): the XOR with the message moves off the S[0] -> S'[0] path
 * (XOR + AESENC latency per update) onto the ring S[0] -> ... -> S[7] ->
 * S[0] (two XORs per eight updates), and the message load can feed AESENC
 * directly. Same for S'[4] (M1) and AEGIS-256's S'[0]. On Zen 5 (AESENC
 * latency 4, two per cycle) the 8 AESENCs of an update already fill the
 * two AES pipes for 4 cycles and the loop is bound by that throughput
 * (the XOR/AND work competes for the same vector pipes) rather than by the
 * latency, so both forms measure the same there; the shorter recurrence
 * is for cores where the latency is the bound.
 */
HWC_INLINE void aegis128l_update(AV S[8], AV m0, AV m1) {
  AV s0 = S[0], s3 = S[3], s4 = S[4], s7 = S[7];
  S[7] = _mm_aesenc_si128(S[6], s7);
  S[6] = _mm_aesenc_si128(S[5], S[6]);
  S[5] = _mm_aesenc_si128(s4, S[5]);
  S[4] = _mm_xor_si128(_mm_aesenc_si128(s3, m1), s4);
  S[3] = _mm_aesenc_si128(S[2], s3);
  S[2] = _mm_aesenc_si128(S[1], S[2]);
  S[1] = _mm_aesenc_si128(s0, S[1]);
  S[0] = _mm_xor_si128(_mm_aesenc_si128(s7, m0), s0);
}

HWC_INLINE void aegis256_update(AV S[6], AV m) {
  AV s0 = S[0], s5 = S[5];
  S[5] = _mm_aesenc_si128(S[4], s5);
  S[4] = _mm_aesenc_si128(S[3], S[4]);
  S[3] = _mm_aesenc_si128(S[2], S[3]);
  S[2] = _mm_aesenc_si128(S[1], S[2]);
  S[1] = _mm_aesenc_si128(s0, S[1]);
  S[0] = _mm_xor_si128(_mm_aesenc_si128(s5, m), s0);
}

/* The table entries are these functions themselves (see the tables). */
#define AEGIS_FN_ATTR HWC_NOINLINE
#define AEGIS_PREFIX aesni_aegis_sse_
#include "aegis_tmpl.h"

HWC_TARGET_END

/*
 * The same framing and update compiled for AVX-512VL, run when the CPU has
 * it (hwc_cpu()->avx512: F, BW, VL, DQ and the OS's ZMM state). Still xmm
 * and AESENC (VEX/EVEX-encoded), but the three-operand forms need no
 * register copies (SSE's AESENC overwrites the block it reads, and every
 * state block is read twice per update), and VPTERNLOG computes the
 * keystream's S[1] ^ S[6] ^ (S[2] & S[3]) and its XOR into the message in
 * two instructions instead of four. With 8 AESENC per 32 bytes on the two
 * AES pipes, the XOR/AND work competes for the same vector pipes: on Zen 5
 * this is about 0.13 against 0.16 TSC cycles per byte for the SSE build
 * (native/bench/aegis_cycles.c).
 */
HWC_TARGET_BEGIN("aes,sse2,ssse3,sse4.1,avx,avx2,avx512f,avx512vl,avx512bw,avx512dq")
#undef AEGIS_PREFIX
#define AEGIS_PREFIX aesni_aegis_avx512_
#include "aegis_tmpl.h"
HWC_TARGET_END

/* The tables (data only: no target region). aesni and vaes256 run the
 * SSE4.1 build of AEGIS-128L/256 (an AES-NI-only CPU, and AVX2 parts
 * without AVX-512); vaes512, whose getter requires AVX-512 F/BW/VL/DQ,
 * runs the AVX-512VL build. Each build is reached by forcing its backend,
 * so the tests exercise both on an AVX-512 machine, and no call pays for
 * a feature check. */

static const hwc_aegis_impl aesni_aegis_impl = {
    .name = "aesni",
    .aegis128l = aesni_aegis_sse_128l,
    .aegis256 = aesni_aegis_sse_256,
    .aegis128x2 = hwc_aegisx_x86_aesni_128x2,
    .aegis128x4 = hwc_aegisx_x86_aesni_128x4,
    .aegis256x2 = hwc_aegisx_x86_aesni_256x2,
    .aegis256x4 = hwc_aegisx_x86_aesni_256x4,
    .mac = &hwc_aegismac_x86_aesni,
};

/* The VAES backends: AEGIS-128L/256 on the xmm kernels above (one lane:
 * nothing to widen), the X variants on VAES (aegis_x86_vaes.c). */
static const hwc_aegis_impl vaes256_aegis_impl = {
    .name = "vaes256",
    .aegis128l = aesni_aegis_sse_128l,
    .aegis256 = aesni_aegis_sse_256,
    .aegis128x2 = hwc_aegisx_x86_vaes256_128x2,
    .aegis128x4 = hwc_aegisx_x86_vaes256_128x4,
    .aegis256x2 = hwc_aegisx_x86_vaes256_256x2,
    .aegis256x4 = hwc_aegisx_x86_vaes256_256x4,
    .mac = &hwc_aegismac_x86_vaes256,
};

static const hwc_aegis_impl vaes512_aegis_impl = {
    .name = "vaes512",
    .aegis128l = aesni_aegis_avx512_128l,
    .aegis256 = aesni_aegis_avx512_256,
    .aegis128x2 = hwc_aegisx_x86_vaes512_128x2,
    .aegis128x4 = hwc_aegisx_x86_vaes512_128x4,
    .aegis256x2 = hwc_aegisx_x86_vaes512_256x2,
    .aegis256x4 = hwc_aegisx_x86_vaes512_256x4,
    .mac = &hwc_aegismac_x86_vaes512,
};

const hwc_aegis_impl *hwc_aegis_x86_aesni_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->aesni && f->sse41 ? &aesni_aegis_impl : NULL;
}

const hwc_aegis_impl *hwc_aegis_x86_vaes256_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->aesni && f->sse41 && f->avx2 && f->vaes ? &vaes256_aegis_impl : NULL;
}

const hwc_aegis_impl *hwc_aegis_x86_vaes512_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->aesni && f->avx512 && f->vaes ? &vaes512_aegis_impl : NULL;
}

#else

const hwc_aegis_impl *hwc_aegis_x86_aesni_get(void) { return NULL; }
const hwc_aegis_impl *hwc_aegis_x86_vaes256_get(void) { return NULL; }
const hwc_aegis_impl *hwc_aegis_x86_vaes512_get(void) { return NULL; }

#endif
