/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_sha1_impl *hwc_sha1_soft_get(void) { return NULL; }
