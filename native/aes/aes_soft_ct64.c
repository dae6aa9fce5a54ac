/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_aes_impl *hwc_aes_soft_ct64_get(void) { return NULL; }
