/*
 * hwcrypt.h - the C core's public API.
 *
 * Plain C99/C11, no Node.js types. The addon (native/addon), the native test
 * runner (native/test) and anything else that embeds the core use only this
 * header. Backend tables live in hwcrypt_impl.h and are private to the core.
 *
 * Conventions
 *  - Every length is a size_t in bytes.
 *  - Output buffers may be exactly the input buffer (in place); partial overlap
 *    is not supported.
 *  - Functions that can fail return an hwc_status (0 = HWC_OK).
 *  - Nothing here allocates memory; callers own every buffer and context.
 */
#ifndef HWCRYPT_H
#define HWCRYPT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HWC_VERSION_STRING "0.1.0"

typedef enum hwc_status {
  HWC_OK = 0,
  HWC_ERR_ARG = -1,         /* a length or parameter outside what the algorithm allows */
  HWC_ERR_AUTH = -2,        /* authentication failed; output was wiped */
  HWC_ERR_UNAVAILABLE = -3, /* backend unknown, not compiled in, or CPU lacks it */
  HWC_ERR_STATE = -4,       /* context used after wipe / before init */
  HWC_ERR_DECRYPT = -5      /* CBC-PKCS#7 decryption: bad padding or length; output was wiped */
} hwc_status;

/* ------------------------------------------------------------------------ */
/* CPU features                                                             */
/* ------------------------------------------------------------------------ */

typedef struct hwc_cpu_features {
  /* x86-64 */
  unsigned aesni : 1;
  unsigned pclmul : 1;
  unsigned ssse3 : 1;
  unsigned sse41 : 1;
  unsigned avx : 1;     /* CPUID + OS saves YMM */
  unsigned avx2 : 1;
  unsigned bmi2 : 1;
  unsigned avx512 : 1;  /* F + BW + VL + DQ, and the OS saves ZMM/opmask state */
  unsigned vaes : 1;
  unsigned vpclmul : 1;
  unsigned shani : 1;
  unsigned gfni : 1;
  /* arm64 */
  unsigned arm_aes : 1;
  unsigned arm_pmull : 1;
  unsigned arm_sha1 : 1;
  unsigned arm_sha2 : 1;
  unsigned arm_sha512 : 1;
} hwc_cpu_features;

/* Detected once (thread-safe, idempotent). */
const hwc_cpu_features *hwc_cpu(void);
/* "x64", "arm64" or "other". */
const char *hwc_cpu_arch(void);
/* CPU brand string where the platform tells it (x86 CPUID leaves 0x80000002-4), else "". */
const char *hwc_cpu_model(void);

/* ------------------------------------------------------------------------ */
/* Backends and dispatch                                                    */
/* ------------------------------------------------------------------------ */

typedef enum hwc_family {
  HWC_FAMILY_AES = 0,
  HWC_FAMILY_SHA1 = 1,
  HWC_FAMILY_SHA256 = 2, /* SHA-224 and SHA-256 */
  HWC_FAMILY_SHA512 = 3, /* SHA-384, SHA-512, SHA-512/256 */
  HWC_FAMILY_COUNT = 4
} hwc_family;

/* "aes", "sha1", "sha256", "sha512"; NULL for an unknown family. */
const char *hwc_family_name(hwc_family f);
/* The selection is per thread: each thread (a Node.js main thread or
 * worker, which is one environment) starts at the best available backend
 * and changes only its own. Existing keys and contexts keep the backend
 * they were made with. */
/* Name of the backend currently selected for new contexts of family f. */
const char *hwc_backend_current(hwc_family f);
/* Available backends of family f, best first (always ending in "soft").
 * Writes up to max names, returns how many are available. */
int hwc_backend_list(hwc_family f, const char **names, int max);
/* Every backend name the core knows for f, available here or not. */
int hwc_backend_known(hwc_family f, const char **names, int max);
/* Force a backend for f. HWC_ERR_UNAVAILABLE if unknown or the CPU lacks it. */
hwc_status hwc_backend_set(hwc_family f, const char *name);
/* Back to the best available backend for f. */
void hwc_backend_reset(hwc_family f);
/* Apply an HWCRYPT_BACKEND-style spec: comma-separated items, each either
 * "family=name" or a bare "name" that applies to every family that knows the
 * name ("soft" therefore forces everything to soft). Empty spec: no-op.
 * On error nothing is changed and *bad (if non-NULL) points at the offending
 * item inside spec. */
hwc_status hwc_backend_apply_spec(const char *spec, const char **bad, size_t *bad_len);

/* ------------------------------------------------------------------------ */
/* AES key objects and AES modes                                            */
/* ------------------------------------------------------------------------ */

typedef struct hwc_aes_key hwc_aes_key; /* opaque; size from hwc_aes_key_size() */

/* Bytes to allocate for an hwc_aes_key that any backend can expand, and
 * the required alignment (64). */
size_t hwc_aes_key_size(void);
size_t hwc_aes_key_align(void);
/* Bytes to allocate for a key expanded by the named backend (NULL: the one
 * currently selected for HWC_FAMILY_AES on this thread): the header plus
 * that backend's state, often far less than hwc_aes_key_size(). 0 if the
 * backend is unknown or unavailable. */
size_t hwc_aes_key_size_with(const char *backend);

/* Expands a 16/24/32-byte key with the backend currently selected for
 * HWC_FAMILY_AES on this thread (the key remembers it) and precomputes the
 * GHASH key powers. HWC_ERR_ARG for any other key length. k must hold
 * hwc_aes_key_size() bytes. */
hwc_status hwc_aes_key_init(hwc_aes_key *k, const uint8_t *key, size_t key_len);
/* Same, with the named backend (NULL: the selected one); k must hold
 * hwc_aes_key_size_with(backend) bytes. */
hwc_status hwc_aes_key_init_with(hwc_aes_key *k, const char *backend, const uint8_t *key, size_t key_len);
/* Zeroizes the whole object; later use returns HWC_ERR_STATE. */
void hwc_aes_key_wipe(hwc_aes_key *k);
/* Backend that expanded the key, NULL after wipe. */
const char *hwc_aes_key_backend(const hwc_aes_key *k);
/* 16, 24 or 32; 0 after wipe. */
size_t hwc_aes_key_bytes(const hwc_aes_key *k);

/* AES-GCM (NIST SP 800-38D).
 *  nonce: 1 .. 2^32 bytes (12 is the fast path).
 *  tag_len: 4, 8 or 12..16.
 *  len: at most HWC_GCM_MAX_PT bytes.
 * seal writes len bytes of ciphertext to out and tag_len bytes to tag.
 * open writes len bytes of plaintext to out only if the tag verifies (the
 * comparison is constant-time); otherwise out is zeroed and HWC_ERR_AUTH is
 * returned. out may equal ct/pt. */
#define HWC_GCM_MAX_PT ((uint64_t)68719476704ULL) /* 2^36 - 32 */
hwc_status hwc_gcm_seal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len,
                        uint8_t *out, uint8_t *tag, size_t tag_len);
hwc_status hwc_gcm_open(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,
                        const uint8_t *tag, size_t tag_len, uint8_t *out);
/* One GCM seal with a 96-bit nonce split into parts that may run on
 * different threads at once (the async twins, native/addon/async.cc):
 *  hwc_gcm_seal_part: the part of the message that starts at block `block`
 *    (in, len bytes; every part but the last a multiple of 16 bytes):
 *    writes its ciphertext to out (in may equal out) and Y = the GHASH of
 *    that ciphertext alone, from zero. The parts share nothing.
 *  hwc_gcm_seal_join: the tag from the AAD and the n parts' Y values and
 *    lengths, in message order. Chaining GHASH over C_1 || C_2 is
 *    Y_1 * H^m_2 ^ Y_2 (m_2: the blocks of C_2), so the join multiplies by
 *    H^m (square and multiply, constant time) instead of hashing again.
 * Together they give exactly hwc_gcm_seal's ciphertext and tag. The total
 * length is at most HWC_GCM_MAX_PT; n >= 1. */
hwc_status hwc_gcm_seal_part(const hwc_aes_key *k, const uint8_t nonce[12], uint64_t block,
                             const uint8_t *in, uint8_t *out, size_t len, uint8_t Y[16]);
hwc_status hwc_gcm_seal_join(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                             size_t aad_len, const uint8_t (*Y)[16], const size_t *lens, size_t n,
                             uint8_t *tag, size_t tag_len);

/* AES-GCM-SIV (RFC 8452), nonce-misuse resistant.
 *  k: the key-generating key, 16 or 32 bytes (24: HWC_ERR_ARG).
 *  nonce: 12 bytes; tag: 16 bytes.
 *  len and aad_len: at most 2^36 bytes each (RFC 8452 P_MAX / A_MAX).
 * seal writes len bytes of ciphertext to out and the tag to tag. open
 * writes len bytes of plaintext to out only if the tag verifies (the
 * comparison is constant-time); otherwise out is zeroed and HWC_ERR_AUTH
 * is returned. out may equal ct/pt; aad/pt/ct may be NULL when their
 * length is 0. Per message, the record keys are derived with k's backend
 * and everything derived is wiped on return. */
#define HWC_GCM_SIV_MAX_PT ((uint64_t)1 << 36)
#define HWC_GCM_SIV_MAX_AAD ((uint64_t)1 << 36)
hwc_status hwc_gcm_siv_seal(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                            uint8_t tag[16]);
hwc_status hwc_gcm_siv_open(const hwc_aes_key *k, const uint8_t nonce[12], const uint8_t *aad,
                            size_t aad_len, const uint8_t *ct, size_t len, const uint8_t tag[16],
                            uint8_t *out);

/* AEGIS-128L and AEGIS-256 (draft-irtf-cfrg-aegis-aead-18).
 *  key and nonce: 16 bytes each (128L), 32 bytes each (256).
 *  tag_len: 16 or 32 (the two tags differ; a 16-byte tag is not a
 *    truncated 32-byte one). HWC_ERR_ARG otherwise.
 *  len and aad_len: at most HWC_AEGIS_MAX_LEN bytes (P_MAX = A_MAX =
 *    2^61 bytes) each; HWC_ERR_ARG above.
 * seal writes len bytes of ciphertext to out and tag_len bytes to tag.
 * open writes len bytes of plaintext to out only if the tag verifies (the
 * comparison is constant-time); otherwise out is zeroed and HWC_ERR_AUTH
 * is returned. out may equal pt/ct; aad, pt/ct and out may be NULL when
 * their length is 0. The backend is the one that matches the AES family's
 * selected backend (aesni, vaes256 and vaes512 run the AES-NI kernels,
 * armv8 the ARMv8 one, soft the portable constant-time one); the _with
 * variants take an AES backend name instead and return
 * HWC_ERR_UNAVAILABLE if it is unknown or the CPU lacks it. */
#define HWC_AEGIS_MAX_LEN ((uint64_t)1 << 61)
hwc_status hwc_aegis128l_seal(const uint8_t key[16], const uint8_t nonce[16], const uint8_t *aad,
                              size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                              uint8_t *tag, size_t tag_len);
hwc_status hwc_aegis128l_open(const uint8_t key[16], const uint8_t nonce[16], const uint8_t *aad,
                              size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag,
                              size_t tag_len, uint8_t *out);
hwc_status hwc_aegis256_seal(const uint8_t key[32], const uint8_t nonce[32], const uint8_t *aad,
                             size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out,
                             uint8_t *tag, size_t tag_len);
hwc_status hwc_aegis256_open(const uint8_t key[32], const uint8_t nonce[32], const uint8_t *aad,
                             size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag,
                             size_t tag_len, uint8_t *out);
hwc_status hwc_aegis128l_seal_with(const char *backend, const uint8_t key[16],
                                   const uint8_t nonce[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                                   size_t tag_len);
hwc_status hwc_aegis128l_open_with(const char *backend, const uint8_t key[16],
                                   const uint8_t nonce[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *ct, size_t len, const uint8_t *tag,
                                   size_t tag_len, uint8_t *out);
hwc_status hwc_aegis256_seal_with(const char *backend, const uint8_t key[32],
                                  const uint8_t nonce[32], const uint8_t *aad, size_t aad_len,
                                  const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                                  size_t tag_len);
hwc_status hwc_aegis256_open_with(const char *backend, const uint8_t key[32],
                                  const uint8_t nonce[32], const uint8_t *aad, size_t aad_len,
                                  const uint8_t *ct, size_t len, const uint8_t *tag,
                                  size_t tag_len, uint8_t *out);
/* The whole AEGIS family through one entry point. alg picks the variant;
 * the X variants (AEGIS-128X2/X4, AEGIS-256X2/X4, same draft, section 6)
 * are different algorithms from 128L/256, with their own ciphertexts and
 * tags. key and nonce are 16 bytes each for the 128 family and 32 bytes
 * each for the 256 family (hwc_aegis_key_len). backend is an AES backend
 * name or NULL for the selected one, as for the _with functions above;
 * everything else (lengths, tag_len 16/32, wiping, HWC_ERR_AUTH) is as
 * for hwc_aegis128l_seal/open. HWC_ERR_ARG for an unknown alg. The X
 * variants run on AES-NI xmm lanes (aesni), VAES ymm (vaes256) or VAES
 * ymm/zmm (vaes512), ARMv8 AES (armv8) or the portable code (soft); every
 * backend gives the same output. */
typedef enum hwc_aegis_alg {
  HWC_AEGIS128L = 0,
  HWC_AEGIS128X2 = 1,
  HWC_AEGIS128X4 = 2,
  HWC_AEGIS256 = 3,
  HWC_AEGIS256X2 = 4,
  HWC_AEGIS256X4 = 5,
} hwc_aegis_alg;
#define HWC_AEGIS_ALGS 6
/* 16 or 32 (key and nonce length alike); 0 for an unknown alg. */
size_t hwc_aegis_key_len(hwc_aegis_alg alg);
hwc_status hwc_aegis_seal(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                          const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                          const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                          size_t tag_len);
hwc_status hwc_aegis_open(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                          const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                          const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len,
                          uint8_t *out);
/* AEGISMAC (same draft, "AEGIS as a Message Authentication Code") for
 * every variant: the tag_len (16 or 32) byte tag of data under key and
 * nonce (hwc_aegis_key_len(alg) bytes each; the MAC may reuse a key and
 * nonce pair, unlike the AEAD). len at most HWC_AEGIS_MAX_LEN; data may be
 * NULL when len is 0. hwc_aegis_mac_verify recomputes the tag and compares
 * it in constant time: HWC_OK or HWC_ERR_AUTH. backend as for
 * hwc_aegis_seal. HWC_ERR_ARG for an unknown alg, a tag_len other than 16
 * or 32, or a NULL pointer. */
hwc_status hwc_aegis_mac(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                         const uint8_t *nonce, const uint8_t *data, size_t len, uint8_t *tag,
                         size_t tag_len);
hwc_status hwc_aegis_mac_verify(hwc_aegis_alg alg, const char *backend, const uint8_t *key,
                                const uint8_t *nonce, const uint8_t *data, size_t len,
                                const uint8_t *tag, size_t tag_len);
/* The name of the AEGIS backend that the AES backend name (NULL: the
 * selected one) maps to ("aesni", "vaes256", "vaes512", "armv8" or "soft"), or NULL if that AES
 * backend is unknown or unavailable. */
const char *hwc_aegis_backend_name(const char *aes_backend);

/* AES-CTR (SP 800-38A) with a 16-byte big-endian counter block that is
 * incremented as one 128-bit integer and wraps modulo 2^128 (as OpenSSL's
 * aes-*-ctr). Encryption and decryption are the same operation. */
hwc_status hwc_ctr_xor(const hwc_aes_key *k, const uint8_t counter[16], const uint8_t *in,
                       uint8_t *out, size_t len);

/* AES-CMAC (NIST SP 800-38B, RFC 4493) with the key's backend. The subkeys
 * K1/K2 are derived per call (one block encryption) and wiped with every
 * other intermediate; data may be NULL when len is 0.
 *  hwc_cmac: writes the 16-byte tag.
 *  hwc_cmac_verify: tag_len 4..16 (HWC_ERR_ARG otherwise); compares tag with
 *    the first tag_len bytes of the MAC in constant time, HWC_OK or
 *    HWC_ERR_AUTH. Truncation below 8 bytes is weak (SP 800-38B App. A). */
#define HWC_CMAC_MIN_TAG 4
hwc_status hwc_cmac(const hwc_aes_key *k, const uint8_t *data, size_t len, uint8_t tag[16]);
hwc_status hwc_cmac_verify(const hwc_aes_key *k, const uint8_t *data, size_t len, const uint8_t *tag,
                           size_t tag_len);

/* AES-ECB (SP 800-38A): the raw block cipher on each 16-byte block. len
 * must be a multiple of 16 (HWC_ERR_ARG otherwise). ECB leaks equal
 * blocks; it is a building block, not a way to encrypt messages. */
hwc_status hwc_ecb_encrypt(const hwc_aes_key *k, const uint8_t *in, uint8_t *out, size_t len);
hwc_status hwc_ecb_decrypt(const hwc_aes_key *k, const uint8_t *in, uint8_t *out, size_t len);

/* AES-CBC (SP 800-38A) with a 16-byte IV.
 *  hwc_cbc_encrypt / hwc_cbc_decrypt: no padding; len a multiple of 16
 *    (HWC_ERR_ARG otherwise).
 *  hwc_cbc_encrypt_pkcs7: appends PKCS#7 padding (1..16 bytes, always at
 *    least one); out receives hwc_cbc_pkcs7_len(len) bytes.
 *  hwc_cbc_decrypt_pkcs7: len must be a positive multiple of 16 and the
 *    padding valid, else HWC_ERR_DECRYPT with all len bytes of out zeroed
 *    (out must hold len bytes; the padding is removed by *out_len). The
 *    padding is checked in constant time: the time taken does not depend
 *    on the pad byte or on where the padding check fails; only the
 *    accept/reject bit and, on success, the length are public. CBC has no
 *    integrity: an attacker who can tell a padding error from other
 *    failures has a padding oracle whatever the timing; authenticate the
 *    ciphertext (encrypt-then-MAC) or use an AEAD. */
hwc_status hwc_cbc_encrypt(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                           size_t len);
hwc_status hwc_cbc_decrypt(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                           size_t len);
size_t hwc_cbc_pkcs7_len(size_t len); /* len + 16 - len % 16 */
hwc_status hwc_cbc_encrypt_pkcs7(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                                 uint8_t *out);
hwc_status hwc_cbc_decrypt_pkcs7(const hwc_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                                 uint8_t *out, size_t *out_len);

/* AES-XTS (IEEE 1619-2018, SP 800-38E). An XTS key is two AES keys of the
 * same size: k1 (the first half of the 32- or 64-byte key) encrypts the
 * data, k2 (the second half) the 16-byte tweak. 48-byte keys (two AES-192
 * keys, not in IEEE 1619 but tested by Wycheproof) are accepted too.
 *  hwc_xts_key_init: expands both halves with the named backend (NULL:
 *    the selected one); HWC_ERR_ARG for a key_len other than 32, 48 or 64, or
 *    for identical halves (compared in constant time; as OpenSSL 3,
 *    which refuses them per SP 800-38E's key-independence requirement).
 *    k1 and k2 must each hold hwc_aes_key_size_with(backend) bytes.
 *  hwc_xts_encrypt / hwc_xts_decrypt: len from 16 to HWC_XTS_MAX_LEN
 *    bytes (2^20 blocks per data unit, IEEE 1619); a length that is not a
 *    multiple of 16 uses ciphertext stealing. */
#define HWC_XTS_MAX_LEN ((size_t)1 << 24)
hwc_status hwc_xts_key_init(hwc_aes_key *k1, hwc_aes_key *k2, const char *backend, const uint8_t *key,
                            size_t key_len);
hwc_status hwc_xts_encrypt(const hwc_aes_key *k1, const hwc_aes_key *k2, const uint8_t tweak[16],
                           const uint8_t *in, uint8_t *out, size_t len);
hwc_status hwc_xts_decrypt(const hwc_aes_key *k1, const hwc_aes_key *k2, const uint8_t tweak[16],
                           const uint8_t *in, uint8_t *out, size_t len);

/* AES-CCM (NIST SP 800-38C, RFC 3610).
 *  nonce: 7..13 bytes; q = 15 - nonce_len bytes encode the length, so len
 *    must be below 2^(8q) (65536 bytes for a 13-byte nonce), and at most
 *    HWC_CCM_MAX_PT whatever the nonce.
 *  tag_len: 4, 6, 8, 10, 12, 14 or 16.
 *  aad: any length (the 2-, 6- and 10-byte length encodings).
 * As GCM: seal writes len bytes of ciphertext to out and tag_len bytes to
 * tag; open writes the plaintext to out only if the tag verifies (constant
 * time), else zeroes out and returns HWC_ERR_AUTH. out may equal in. */
#define HWC_CCM_MAX_PT ((uint64_t)68719476720ULL) /* 2^36 - 16: the 32-bit counter never wraps */
hwc_status hwc_ccm_seal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                        size_t aad_len, const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag,
                        size_t tag_len);
hwc_status hwc_ccm_open(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                        size_t aad_len, const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len,
                        uint8_t *out);

/* ------------------------------------------------------------------------ */
/* Hashes and HMAC                                                          */
/* ------------------------------------------------------------------------ */

typedef enum hwc_hash_alg {
  HWC_SHA1 = 0,
  HWC_SHA224 = 1,
  HWC_SHA256 = 2,
  HWC_SHA384 = 3,
  HWC_SHA512 = 4,
  HWC_SHA512_256 = 5,
  HWC_HASH_COUNT = 6
} hwc_hash_alg;

#define HWC_HASH_MAX_DIGEST 64
#define HWC_HASH_MAX_BLOCK 128

/* The chaining value of any of the hashes: SHA-1 uses s32[0..4], SHA-224
 * and SHA-256 s32[0..7], the SHA-512 family s64[0..7]. */
typedef union hwc_hash_state {
  uint32_t s32[8];
  uint64_t s64[8];
} hwc_hash_state;

struct hwc_hash_impl; /* private: a backend's compression table */

typedef struct hwc_hash_ctx {
  hwc_hash_state state;
  uint64_t total_lo; /* bytes hashed so far (low 64 bits) */
  uint64_t total_hi; /* high bits, SHA-384/512 message lengths up to 2^128 bits */
  uint8_t buf[HWC_HASH_MAX_BLOCK];
  uint32_t buf_len;
  uint32_t alg;      /* hwc_hash_alg, or HWC_HASH_COUNT when wiped */
  const struct hwc_hash_impl *impl; /* compression table chosen at init */
} hwc_hash_ctx;

size_t hwc_hash_digest_len(hwc_hash_alg alg); /* 0 for unknown */
size_t hwc_hash_block_len(hwc_hash_alg alg);
hwc_family hwc_hash_family(hwc_hash_alg alg);
/* Uses the backend selected for the algorithm's family at this moment. */
hwc_status hwc_hash_init(hwc_hash_ctx *c, hwc_hash_alg alg);
hwc_status hwc_hash_init_with(hwc_hash_ctx *c, hwc_hash_alg alg, const char *backend);
hwc_status hwc_hash_update(hwc_hash_ctx *c, const uint8_t *data, size_t len);
/* Writes hwc_hash_digest_len() bytes, then wipes the context. */
hwc_status hwc_hash_final(hwc_hash_ctx *c, uint8_t *out);
hwc_status hwc_hash(hwc_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out);
/* hwc_hash of buf[0, len) with the padding written in place, after the
 * message in buf, so that all blocks go to the kernel in one call and no
 * tail is copied: buf[len, padded) is overwritten, padded being len plus
 * the padding rounded up to whole blocks (at most len + 2 blocks).
 * HWC_ERR_ARG when padded > cap (nothing is written then). out may be buf:
 * the digest is written after the last block is read. The caller wipes
 * buf[0, padded) if the message was secret. */
hwc_status hwc_hash_in_place(hwc_hash_alg alg, uint8_t *buf, size_t len, size_t cap, uint8_t *out);
const char *hwc_hash_backend(const hwc_hash_ctx *c);
void hwc_hash_wipe(hwc_hash_ctx *c);

typedef struct hwc_hmac_ctx {
  hwc_hash_ctx inner;
  hwc_hash_ctx outer;
} hwc_hmac_ctx;

hwc_status hwc_hmac_init(hwc_hmac_ctx *c, hwc_hash_alg alg, const uint8_t *key, size_t key_len);
hwc_status hwc_hmac_update(hwc_hmac_ctx *c, const uint8_t *data, size_t len);
/* Writes hwc_hash_digest_len(alg) bytes, then wipes the context. */
hwc_status hwc_hmac_final(hwc_hmac_ctx *c, uint8_t *out);
hwc_status hwc_hmac(hwc_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                    size_t len, uint8_t *out);
void hwc_hmac_wipe(hwc_hmac_ctx *c);

/* HMAC key states (native/modes/hmac.c): the inner and outer hash states
 * after K0 ^ ipad and K0 ^ opad, computed once per key, so that each MAC
 * under the key costs only the hashes of the message (no key blocks).
 *  hwc_hmac_key_init: backend NULL for the one selected for the family on
 *    this thread, else a name of hwc_backend_list; the key bytes are read
 *    once and K0 / the pads are wiped before returning.
 *  hwc_hmac_key_mac: digest_len bytes of HMAC(key, data) to out (out may
 *    overlap data: it is written after data is read). The working states
 *    are copies on the stack, wiped before returning; k is only read, so
 *    one key serves any number of threads at once.
 *  hwc_hmac_key_verify: HWC_OK if tag (tag_len bytes) is the MAC of data,
 *    HWC_ERR_AUTH otherwise. Only the full digest length is accepted: any
 *    other tag_len (public) is HWC_ERR_AUTH without a compare; the compare
 *    is constant time (hwc_ct_equal) and the computed MAC is wiped.
 *  hwc_hmac_key_mac_many: n MACs, tag i to out + i * digest_len (msgs[i]
 *    may be NULL when lens[i] is 0).
 *  hwc_hmac_key_start: c becomes an incremental HMAC context (update /
 *    final) started from the key's states.
 *  hwc_hmac_key_wipe: zeroes the states; later calls give HWC_ERR_STATE. */
typedef struct hwc_hmac_key {
  hwc_hmac_ctx pads; /* inner: K0 ^ ipad absorbed; outer: K0 ^ opad absorbed */
} hwc_hmac_key;

hwc_status hwc_hmac_key_init(hwc_hmac_key *k, hwc_hash_alg alg, const char *backend, const uint8_t *key,
                             size_t key_len);
hwc_status hwc_hmac_key_mac(const hwc_hmac_key *k, const uint8_t *data, size_t len, uint8_t *out);
hwc_status hwc_hmac_key_verify(const hwc_hmac_key *k, const uint8_t *data, size_t len, const uint8_t *tag,
                               size_t tag_len);
hwc_status hwc_hmac_key_mac_many(const hwc_hmac_key *k, const uint8_t *const *msgs, const size_t *lens, size_t n,
                                 uint8_t *out);
hwc_status hwc_hmac_key_start(const hwc_hmac_key *k, hwc_hmac_ctx *c);
/* The key's digest length (0 once wiped) and backend name (NULL once wiped). */
size_t hwc_hmac_key_digest_len(const hwc_hmac_key *k);
const char *hwc_hmac_key_backend(const hwc_hmac_key *k);
void hwc_hmac_key_wipe(hwc_hmac_key *k);

/* Multi-buffer hashing (native/modes/hash_many.c): n independent messages,
 * msgs[i] of lens[i] bytes (msgs[i] may be NULL when lens[i] is 0), digest
 * i written to out + i * hwc_hash_digest_len(alg). The messages may have
 * any lengths; lanes that finish are refilled with the next message.
 * backend: NULL for the default for the algorithm's family
 * (hwc_hash_many_default), else one of hwc_hash_many_backends():
 * a multi-buffer kernel ("avx512x16", "avx2x8", "shanix2", "armv8x2", ...)
 * or one of the family's single-stream backends ("shani", "soft", ...),
 * which then hashes the messages one after another.
 * HWC_ERR_UNAVAILABLE for a name the CPU or build lacks. */
hwc_status hwc_hash_many(hwc_hash_alg alg, const char *backend, const uint8_t *const *msgs, const size_t *lens,
                         size_t n, uint8_t *out);
/* Names hwc_hash_many accepts for family f on this CPU, best first. */
int hwc_hash_many_backends(hwc_family f, const char **names, int max);
/* What hwc_hash_many uses for family f with backend NULL: the fastest
 * multi-buffer kernel available, or the family's current backend when it
 * is "soft" (forced). */
const char *hwc_hash_many_default(hwc_family f);
/* SHA-256 of each of n 64-byte blocks (pairs of 32-byte Merkle nodes):
 * out + 32 i = SHA-256(in + 64 i, 64 bytes). out may equal in. */
hwc_status hwc_sha256_pairs(const char *backend, const uint8_t *in, size_t n, uint8_t *out);

/* ------------------------------------------------------------------------ */
/* Key derivation: HKDF and PBKDF2 (native/modes/kdf.c)                     */
/* ------------------------------------------------------------------------ */

/* HKDF (RFC 5869) over HMAC-alg, with the backend selected for the hash
 * family on this thread. out must not overlap an input.
 *  extract: prk (digest_len bytes) = HMAC(salt, ikm); an empty salt is the
 *           digest_len zero bytes the RFC prescribes (HMAC zero-pads keys,
 *           so the two are the same key).
 *  expand:  out_len bytes of T(1) || T(2) || ..., at most
 *           255 * digest_len (HWC_ERR_ARG beyond); out_len 0 writes nothing.
 *  hwc_hkdf: extract then expand in one call; the PRK never leaves it. */
#define HWC_HKDF_MAX_BLOCKS 255
hwc_status hwc_hkdf_extract(hwc_hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                            size_t ikm_len, uint8_t *prk);
hwc_status hwc_hkdf_expand(hwc_hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                           size_t info_len, uint8_t *out, size_t out_len);
hwc_status hwc_hkdf(hwc_hash_alg alg, const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
                    size_t salt_len, const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len);

/* PBKDF2 (RFC 8018 5.2) with PRF = HMAC-alg. iterations >= 1 (0 is
 * HWC_ERR_ARG); out_len 0 writes nothing; out_len above
 * (2^32 - 1) * digest_len is HWC_ERR_ARG. out must not overlap an input.
 *  hwc_pbkdf2: keys HMAC with the password on this thread's backend.
 *  hwc_pbkdf2_hmac: takes an HMAC context already keyed with the password
 *    (hwc_hmac_init, nothing absorbed since) and computes with the
 *    backend that context was made with, on any thread; prf is read, not
 *    changed. This lets a caller key on one thread and iterate on another. */
hwc_status hwc_pbkdf2(hwc_hash_alg alg, const uint8_t *password, size_t password_len, const uint8_t *salt,
                      size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);
hwc_status hwc_pbkdf2_hmac(const hwc_hmac_ctx *prf, const uint8_t *salt, size_t salt_len, uint32_t iterations,
                           uint8_t *out, size_t out_len);

/* ------------------------------------------------------------------------ */
/* Utilities                                                                */
/* ------------------------------------------------------------------------ */

/* Constant-time comparison: 1 if equal, 0 otherwise. Time depends on len only. */
int hwc_ct_equal(const void *a, const void *b, size_t len);
/* Zeroization the compiler cannot elide. */
void hwc_wipe(void *p, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* HWCRYPT_H */
