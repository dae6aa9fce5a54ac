/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_sha1_impl *hwc_sha1_arm64_ce_get(void) { return NULL; }
