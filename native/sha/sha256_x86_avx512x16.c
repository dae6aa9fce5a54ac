/*
 * sha256_x86_avx512x16.c - multi-buffer SHA256 (work in progress: not yet compiled in).
 */
#include "hwcrypt_impl.h"

const hwc_hash_mb_impl *hwc_sha256_x86_avx512x16_get(void) { return NULL; }
