/*
 * aegis_x86_vaes.c - AEGIS-128X2/X4 and AEGIS-256X2/X4 on x86: the wide
 * AEGIS round is one AESENC per lane group, so a state word of D lanes is
 *  - D xmm on AES-NI alone (a struct of __m128i, one AESENC per lane),
 *  - one ymm (X2) or two ymm (X4) on VAES + AVX2 (vaes256),
 *  - one ymm (X2, with AVX-512VL's 32 registers) or one zmm (X4) on
 *    VAES + AVX-512 (vaes512),
 * and the framing is aegis_x_tmpl.h over that type. Each update is 8 (128X)
 * or 6 (256X) independent (V)AESENCs on a state that stays in registers
 * for the whole message (the update is inlined into the framing), so the
 * loop runs at about one AESENC latency per 32*D (128X) or 16*D (256X)
 * bytes; only X4 on xmm (32 state registers for 16) has to spill.
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

/* --- AES-NI: D lanes of xmm ---------------------------------------------- */

HWC_TARGET_BEGIN("aes,sse2")

typedef struct {
  __m128i l[2];
} xmm2;
typedef struct {
  __m128i l[4];
} xmm4;

#define XMM_LANES(T, D)                                                                          \
  HWC_INLINE T T##_load(const uint8_t *p) {                                                      \
    T v;                                                                                         \
    for (int i = 0; i < D; i++) v.l[i] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)); \
    return v;                                                                                    \
  }                                                                                              \
  HWC_INLINE void T##_store(uint8_t *p, T v) {                                                   \
    for (int i = 0; i < D; i++) _mm_storeu_si128((__m128i *)(void *)(p + 16 * i), v.l[i]);       \
  }                                                                                              \
  HWC_INLINE T T##_bcast(const uint8_t *p) {                                                     \
    T v;                                                                                         \
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);                               \
    for (int i = 0; i < D; i++) v.l[i] = x;                                                      \
    return v;                                                                                    \
  }                                                                                              \
  HWC_INLINE T T##_xor(T a, T b) {                                                               \
    for (int i = 0; i < D; i++) a.l[i] = _mm_xor_si128(a.l[i], b.l[i]);                          \
    return a;                                                                                    \
  }                                                                                              \
  HWC_INLINE T T##_and(T a, T b) {                                                               \
    for (int i = 0; i < D; i++) a.l[i] = _mm_and_si128(a.l[i], b.l[i]);                          \
    return a;                                                                                    \
  }                                                                                              \
  HWC_INLINE T T##_round(T a, T rk) {                                                            \
    for (int i = 0; i < D; i++) a.l[i] = _mm_aesenc_si128(a.l[i], rk.l[i]);                      \
    return a;                                                                                    \
  }

XMM_LANES(xmm2, 2)
XMM_LANES(xmm4, 4)

#define XD 2
#define XV xmm2
#define XV_LOAD(p) xmm2_load((const uint8_t *)(p))
#define XV_STORE(p, v) xmm2_store((uint8_t *)(p), (v))
#define XV_BCAST(p) xmm2_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) xmm2_xor((a), (b))
#define XV_AND(a, b) xmm2_and((a), (b))
#define XV_ROUND(a, rk) xmm2_round((a), (rk))
#define XPFX aesni_x2
#include "aegis_x_tmpl.h"

#define XD 4
#define XV xmm4
#define XV_LOAD(p) xmm4_load((const uint8_t *)(p))
#define XV_STORE(p, v) xmm4_store((uint8_t *)(p), (v))
#define XV_BCAST(p) xmm4_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) xmm4_xor((a), (b))
#define XV_AND(a, b) xmm4_and((a), (b))
#define XV_ROUND(a, rk) xmm4_round((a), (rk))
#define XPFX aesni_x4
#include "aegis_x_tmpl.h"

AEGISX_EXPORT(hwc_aegisx_x86_aesni_128x2, aesni_x2_128x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_128x4, aesni_x4_128x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_256x2, aesni_x2_256x)
AEGISX_EXPORT(hwc_aegisx_x86_aesni_256x4, aesni_x4_256x)

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

typedef struct {
  __m256i h[2];
} ymm2;

HWC_INLINE ymm2 ymm2_load(const uint8_t *p) {
  ymm2 v = {{_mm256_loadu_si256((const __m256i *)(const void *)p),
             _mm256_loadu_si256((const __m256i *)(const void *)(p + 32))}};
  return v;
}
HWC_INLINE void ymm2_store(uint8_t *p, ymm2 v) {
  _mm256_storeu_si256((__m256i *)(void *)p, v.h[0]);
  _mm256_storeu_si256((__m256i *)(void *)(p + 32), v.h[1]);
}
HWC_INLINE ymm2 ymm2_bcast(const uint8_t *p) {
  __m256i x = ymm_bcast(p);
  ymm2 v = {{x, x}};
  return v;
}
HWC_INLINE ymm2 ymm2_xor(ymm2 a, ymm2 b) {
  ymm2 v = {{_mm256_xor_si256(a.h[0], b.h[0]), _mm256_xor_si256(a.h[1], b.h[1])}};
  return v;
}
HWC_INLINE ymm2 ymm2_and(ymm2 a, ymm2 b) {
  ymm2 v = {{_mm256_and_si256(a.h[0], b.h[0]), _mm256_and_si256(a.h[1], b.h[1])}};
  return v;
}
HWC_INLINE ymm2 ymm2_round(ymm2 a, ymm2 rk) {
  ymm2 v = {{_mm256_aesenc_epi128(a.h[0], rk.h[0]), _mm256_aesenc_epi128(a.h[1], rk.h[1])}};
  return v;
}

#define XD 4
#define XV ymm2
#define XV_LOAD(p) ymm2_load((const uint8_t *)(p))
#define XV_STORE(p, v) ymm2_store((uint8_t *)(p), (v))
#define XV_BCAST(p) ymm2_bcast((const uint8_t *)(p))
#define XV_XOR(a, b) ymm2_xor((a), (b))
#define XV_AND(a, b) ymm2_and((a), (b))
#define XV_ROUND(a, rk) ymm2_round((a), (rk))
#define XPFX vaes256_x4
#include "aegis_x_tmpl.h"

AEGISX_EXPORT(hwc_aegisx_x86_vaes256_128x2, vaes256_x2_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_128x4, vaes256_x4_128x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_256x2, vaes256_x2_256x)
AEGISX_EXPORT(hwc_aegisx_x86_vaes256_256x4, vaes256_x4_256x)

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

HWC_TARGET_END

#endif
