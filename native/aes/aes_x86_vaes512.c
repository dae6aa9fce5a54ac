/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_aes_impl *hwc_aes_x86_vaes512_get(void) { return NULL; }
