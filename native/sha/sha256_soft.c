/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_sha256_impl *hwc_sha256_soft_get(void) { return NULL; }
