/*
 * sha256_x86_shani.c - SHA-256 compression with the x86 SHA extensions.
 *
 * The kernel targets SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getter hands the table out only when CPUID reports SHA, SSSE3 and
 * SSE4.1.
 *
 * The register layout (the {A,B,E,F}/{C,D,G,H} split), the round group
 * with its message-schedule steps and the block on registers are derived
 * and written once in x86_sha_common.h, shared with the PBKDF2 loop
 * (sha256_x86_shani_pbkdf2.c). The state stays in the two registers
 * across all blocks of a call; it is converted from/to the FIPS word
 * order once per call.
 *
 * Constant time: the SHA instructions and the shuffles have fixed latency;
 * there are no data-dependent branches or addresses.
 */
#include "hwcrypt_impl.h"

/* Kernels only where the compiler can target the instructions (else: the
 * NULL getter below); the ISA is enabled for the region below alone. */
#if HWC_TARGET_X86

#include <immintrin.h>

HWC_TARGET_BEGIN("sha,ssse3,sse4.1")

#include "x86_sha_common.h"

static void sha256_shani_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  if (!nblocks) return;
  const __m128i bswap = x86_sha256_bswap_mask();
  __m128i abef, cdgh;
  x86_sha256_to_split(_mm_loadu_si128((const __m128i *)state), _mm_loadu_si128((const __m128i *)(state + 4)), &abef,
                      &cdgh);
  do {
    x86_sha256_lane x;
    for (int j = 0; j < 4; j++) x.m[j] = x86_sha256_load(data + 16 * j, bswap);
    x86_sha256_block(&x, 1, abef, cdgh);
    abef = x.abef, cdgh = x.cdgh;
    data += 64;
  } while (--nblocks);

  __m128i dcba, hgfe;
  x86_sha256_to_words(abef, cdgh, &dcba, &hgfe);
  _mm_storeu_si128((__m128i *)state, dcba);
  _mm_storeu_si128((__m128i *)(state + 4), hgfe);
}

static const hwc_hash_impl sha256_shani = {"shani", HWC_FAMILY_SHA256, sha256_shani_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha256_x86_shani_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->shani && f->ssse3 && f->sse41) ? &sha256_shani : NULL;
}

#else

const hwc_hash_impl *hwc_sha256_x86_shani_get(void) { return NULL; }

#endif
