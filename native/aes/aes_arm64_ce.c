/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_aes_impl *hwc_aes_arm64_ce_get(void) { return NULL; }
