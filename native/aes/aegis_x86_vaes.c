/*
 * aegis_x86_vaes.c - AEGIS-128X2/X4 and AEGIS-256X2/X4 on x86: the wide
 * AEGIS round is one (V)AESENC per register of lanes. The framing is
 * aegis_x_tmpl.h over the widest type whose whole state (8 words for 128X,
 * 6 for 256X) fits the register file; where D lanes do not fit, the lanes
 * run in groups, one pass over the message per group (the lanes are
 * independent until the tag):
 *  - AES-NI alone: one xmm lane per pass (16 xmm registers),
 *  - VAES + AVX2 (vaes256): X2 one ymm; X4 two passes of one ymm,
 *  - VAES + AVX-512 (vaes512, 32 registers): X2 one ymm, X4 one zmm.
 * Each update is 8 (128X) or 6 (256X) independent (V)AESENCs on a state
 * that stays in registers for the whole pass (the update is inlined into
 * the framing), so a pass runs at about one AESENC latency per update.
 *
 * The kernels are exported (hwcrypt_impl.h) for the AEGIS tables of the
 * three x86 AES backends, which live in aegis_x86_aesni.c next to the
 * xmm AEGIS-128L/256 kernels they share.
 */
#include "hwcrypt_impl.h"

#if HWC_TARGET_X86

#include <immintrin.h>

/* Exported name -> the template's static entry point. */
#define AEGISX_EXPORT(name, fn)                                                                   \
  void name(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,               \
            size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,            \
            size_t tag_len) {                                                                     \
    fn(seal, key, nonce, aad, aad_len, in, out, len, tag, tag_len);                               \
  }

/* --- AES-NI: one xmm lane per pass -------------------------------------- */

/* 16 xmm registers hold one lane's state (8 words of 128X) and its
 * temporaries, not two lanes': run each lane as its own pass (XG = 1),
 * each at the speed of AEGIS-128L/256. */
HWC_TARGET_BEGIN("aes,sse2")

/* XD = 1: AEGISMAC-128L / AEGISMAC-256 (the AEAD of those is in
 * aegis_x86_aesni.c). */
#define XD 1
#define XV __m128i
#define XV_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define XV_BCAST(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_XOR(a, b) _mm_xor_si128((a), (b))
#define XV_AND(a, b) _mm_and_si128((a), (b))
#define XV_ROUND(a, rk) _mm_aesenc_si128((a), (rk))
#define XPFX aesni_x1
#include "aegis_x_tmpl.h"

#define XD 2
#define XG 1
#define XV __m128i
#define XV_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define XV_BCAST(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_XOR(a, b) _mm_xor_si128((a), (b))
#define XV_AND(a, b) _mm_and_si128((a), (b))
#define XV_ROUND(a, rk) _mm_aesenc_si128((a), (rk))
#define XPFX aesni_x2
#include "aegis_x_tmpl.h"

#define XD 4
#define XG 1
#define XV __m128i
#define XV_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define XV_BCAST(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define XV_XOR(a, b) _mm_xor_si128((a), (b))
#define XV_AND(a, b) _mm_and_si128((a), (b))
#define XV_ROUND(a, rk) _mm_aesenc_si128((a), (rk))
#define XPFX aesni_x4
#include "aegis_x_tmpl.h"

AEGISX_EXPORT(hwc_aegisx_x86_aesni_128x2, aesni_x2_128x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_128x4, aesni_x4_128x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_256x2, aesni_x2_256x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_256x4, aesni_x4_256x)

const hwc_aegis_mac_impl hwc_aegismac_x86_aesni = {{
    [HWC_AEGIS128L] = aesni_x1_128x_mac,
    [HWC_AEGIS128X2] = aesni_x2_128x_mac,
    [HWC_AEGIS128X4] = aesni_x4_128x_mac,
    [HWC_AEGIS256] = aesni_x1_256x_mac,
    [HWC_AEGIS256X2] = aesni_x2_256x_mac,
    [HWC_AEGIS256X4] = aesni_x4_256x_mac,
}};


HWC_TARGET_END

/* --- VAES + AVX2: X2 one ymm, X4 two ymm ---------------------------------- */

HWC_TARGET_BEGIN("avx2,vaes,aes")

HWC_INLINE __m256i ymm_bcast(const uint8_t *p) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
}

#define XD 2
#define XV __m256i
#define XV_LOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define XV_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))
#define XV_BCAST(p) ymm_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) _mm256_xor_si256((a), (b))
#define XV_AND(a, b) _mm256_and_si256((a), (b))
#define XV_ROUND(a, rk) _mm256_aesenc_epi128((a), (rk))
#define XPFX vaes256_x2
#include "aegis_x_tmpl.h"

/* X4: 16 ymm registers cannot hold 8 state words of two ymm each; run
 * the lanes as two passes of two (XG = 2). */
#define XD 4
#define XG 2
#define XV __m256i
#define XV_LOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define XV_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))
#define XV_BCAST(p) ymm_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) _mm256_xor_si256((a), (b))
#define XV_AND(a, b) _mm256_and_si256((a), (b))
#define XV_ROUND(a, rk) _mm256_aesenc_epi128((a), (rk))
#define XPFX vaes256_x4
#include "aegis_x_tmpl.h"

AEGISX_EXPORT(hwc_aegisx_x86_vaes256_128x2, vaes256_x2_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_128x4, vaes256_x4_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_256x2, vaes256_x2_256x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_256x4, vaes256_x4_256x)

const hwc_aegis_mac_impl hwc_aegismac_x86_vaes256 = {{
    [HWC_AEGIS128L] = aesni_x1_128x_mac,
    [HWC_AEGIS128X2] = vaes256_x2_128x_mac,
    [HWC_AEGIS128X4] = vaes256_x4_128x_mac,
    [HWC_AEGIS256] = aesni_x1_256x_mac,
    [HWC_AEGIS256X2] = vaes256_x2_256x_mac,
    [HWC_AEGIS256X4] = vaes256_x4_256x_mac,
}};


HWC_TARGET_END

/* --- VAES + AVX-512: X2 one ymm, X4 one zmm -------------------------------- */

HWC_TARGET_BEGIN("avx512f,avx512bw,avx512vl,avx512dq,avx2,vaes,aes")

HWC_INLINE __m256i ymm_bcast512(const uint8_t *p) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
}

#define XD 2
#define XV __m256i
#define XV_LOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define XV_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))
#define XV_BCAST(p) ymm_bcast512((const uint8_t *)(p))
#define XV_XOR(a, b) _mm256_xor_si256((a), (b))
#define XV_AND(a, b) _mm256_and_si256((a), (b))
#define XV_ROUND(a, rk) _mm256_aesenc_epi128((a), (rk))
#define XPFX vaes512_x2
#include "aegis_x_tmpl.h"

HWC_INLINE __m512i zmm_bcast(const uint8_t *p) {
  return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)p));
}

#define XD 4
#define XV __m512i
#define XV_LOAD(p) _mm512_loadu_si512((const void *)(p))
#define XV_STORE(p, v) _mm512_storeu_si512((void *)(p), (v))
#define XV_BCAST(p) zmm_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) _mm512_xor_si512((a), (b))
#define XV_AND(a, b) _mm512_and_si512((a), (b))
#define XV_ROUND(a, rk) _mm512_aesenc_epi128((a), (rk))
#define XPFX vaes512_x4
#include "aegis_x_tmpl.h"

AEGISX_EXPORT(hwc_aegisx_x86_vaes512_128x2, vaes512_x2_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes512_128x4, vaes512_x4_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes512_256x2, vaes512_x2_256x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes512_256x4, vaes512_x4_256x)

const hwc_aegis_mac_impl hwc_aegismac_x86_vaes512 = {{
    [HWC_AEGIS128L] = aesni_x1_128x_mac,
    [HWC_AEGIS128X2] = vaes512_x2_128x_mac,
    [HWC_AEGIS128X4] = vaes512_x4_128x_mac,
    [HWC_AEGIS256] = aesni_x1_256x_mac,
    [HWC_AEGIS256X2] = vaes512_x2_256x_mac,
    [HWC_AEGIS256X4] = vaes512_x4_256x_mac,
}};


HWC_TARGET_END

#endif
