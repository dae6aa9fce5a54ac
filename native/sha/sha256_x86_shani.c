/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_sha256_impl *hwc_sha256_x86_shani_get(void) { return NULL; }
