/*
 * aegis_x86_aesni.c - AEGIS-128L and AEGIS-256 on AES-NI (xmm).
 *
 * The AEGIS round AESRound(in, rk) = MixColumns(ShiftRows(SubBytes(in)))
 * ^ rk is exactly one AESENC. The state (8 or 6 xmm) stays in registers
 * across the whole message (the framing in aegis_tmpl.h is inlined around
 * the update); each update is 8 (128L, 32 bytes) or 6 (256, 16 bytes)
 * independent AESENCs, so the loop runs at the AESENC latency per update.
 * Used for the AES backends aesni, vaes256 and vaes512 (the wide X2/X4
 * variants are not implemented).
 */
#include "hwcrypt_impl.h"

#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("aes,sse2")

#define AV __m128i
#define AV_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define AV_STORE(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define AV_XOR(a, b) _mm_xor_si128((a), (b))
#define AV_AND(a, b) _mm_and_si128((a), (b))
#define AV_LEN_BLOCK(lo, hi) _mm_set_epi64x((long long)(hi), (long long)(lo))

HWC_INLINE void aegis128l_update(AV S[8], AV m0, AV m1) {
  AV t7 = S[7];
  S[7] = _mm_aesenc_si128(S[6], S[7]);
  S[6] = _mm_aesenc_si128(S[5], S[6]);
  S[5] = _mm_aesenc_si128(S[4], S[5]);
  S[4] = _mm_aesenc_si128(S[3], _mm_xor_si128(S[4], m1));
  S[3] = _mm_aesenc_si128(S[2], S[3]);
  S[2] = _mm_aesenc_si128(S[1], S[2]);
  S[1] = _mm_aesenc_si128(S[0], S[1]);
  S[0] = _mm_aesenc_si128(t7, _mm_xor_si128(S[0], m0));
}

HWC_INLINE void aegis256_update(AV S[6], AV m) {
  AV t5 = S[5];
  S[5] = _mm_aesenc_si128(S[4], S[5]);
  S[4] = _mm_aesenc_si128(S[3], S[4]);
  S[3] = _mm_aesenc_si128(S[2], S[3]);
  S[2] = _mm_aesenc_si128(S[1], S[2]);
  S[1] = _mm_aesenc_si128(S[0], S[1]);
  S[0] = _mm_aesenc_si128(t5, _mm_xor_si128(S[0], m));
}

#define AEGIS_PREFIX aesni_aegis
#include "aegis_tmpl.h"

static const hwc_aegis_impl aesni_aegis_impl = {
    .name = "aesni",
    .aegis128l = aesni_aegis128l,
    .aegis256 = aesni_aegis256,
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
    .aegis128l = aesni_aegis128l,
    .aegis256 = aesni_aegis256,
    .aegis128x2 = hwc_aegisx_x86_vaes256_128x2,
    .aegis128x4 = hwc_aegisx_x86_vaes256_128x4,
    .aegis256x2 = hwc_aegisx_x86_vaes256_256x2,
    .aegis256x4 = hwc_aegisx_x86_vaes256_256x4,
    .mac = &hwc_aegismac_x86_vaes256,
};

static const hwc_aegis_impl vaes512_aegis_impl = {
    .name = "vaes512",
    .aegis128l = aesni_aegis128l,
    .aegis256 = aesni_aegis256,
    .aegis128x2 = hwc_aegisx_x86_vaes512_128x2,
    .aegis128x4 = hwc_aegisx_x86_vaes512_128x4,
    .aegis256x2 = hwc_aegisx_x86_vaes512_256x2,
    .aegis256x4 = hwc_aegisx_x86_vaes512_256x4,
    .mac = &hwc_aegismac_x86_vaes512,
};

HWC_TARGET_END

const hwc_aegis_impl *hwc_aegis_x86_aesni_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->aesni ? &aesni_aegis_impl : NULL;
}

const hwc_aegis_impl *hwc_aegis_x86_vaes256_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return f->aesni && f->avx2 && f->vaes ? &vaes256_aegis_impl : NULL;
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
