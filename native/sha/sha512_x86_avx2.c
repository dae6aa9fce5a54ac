/* Placeholder until the kernel lands: reports the backend as unavailable. */
#include "hwcrypt_impl.h"

const hwc_sha512_impl *hwc_sha512_x86_avx2_get(void) { return NULL; }
