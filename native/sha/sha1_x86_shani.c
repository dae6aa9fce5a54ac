/*
 * sha1_x86_shani.c - SHA-1 compression with the x86 SHA extensions.
 *
 * The kernel targets SHA, SSSE3 and SSE4.1 only (HWC_TARGET_BEGIN below);
 * the getter hands the table out only when CPUID reports SHA, SSSE3 and
 * SSE4.1.
 *
 * The register layout ({A,B,C,D} and E), the round group with its
 * message-schedule steps and the block on registers are derived and
 * written once in x86_sha_common.h, shared with the PBKDF2 loop
 * (sha1_x86_shani_pbkdf2.c). The state stays in registers across all
 * blocks of a call.
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

static void sha1_shani_compress(hwc_hash_state *st, const uint8_t *data, size_t nblocks) {
  uint32_t *state = st->s32;
  if (!nblocks) return;
  const __m128i bswap = x86_sha1_bswap_mask();
  __m128i abcd, e;
  x86_sha1_to_split(state, &abcd, &e);
  do {
    x86_sha1_lane x;
    for (int j = 0; j < 4; j++) x.m[j] = x86_sha1_load(data + 16 * j, bswap);
    x86_sha1_block(&x, 1, abcd, e);
    abcd = x.abcd, e = x.e[0];
    data += 64;
  } while (--nblocks);
  x86_sha1_to_words(abcd, e, state);
}

static const hwc_hash_impl sha1_shani = {"shani", HWC_FAMILY_SHA1, sha1_shani_compress};

HWC_TARGET_END

const hwc_hash_impl *hwc_sha1_x86_shani_get(void) {
  const hwc_cpu_features *f = hwc_cpu();
  return (f->shani && f->ssse3 && f->sse41) ? &sha1_shani : NULL;
}

#else

const hwc_hash_impl *hwc_sha1_x86_shani_get(void) { return NULL; }

#endif
