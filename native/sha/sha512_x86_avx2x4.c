#include "hwcrypt_impl.h"
const hwc_hash_mb_impl *hwc_sha512_x86_avx2x4_get(void) { return NULL; }
