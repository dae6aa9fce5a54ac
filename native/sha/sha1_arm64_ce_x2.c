#include "hwcrypt_impl.h"
const hwc_hash_mb_impl *hwc_sha1_arm64_ce_x2_get(void) { return NULL; }
