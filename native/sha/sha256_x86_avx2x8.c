/*
 * sha256_x86_avx2x8.c - multi-buffer SHA256 (work in progress: not yet compiled in).
 */
#include "hwcrypt_impl.h"

const hwc_hash_mb_impl *hwc_sha256_x86_avx2x8_get(void) { return NULL; }
