/*
 * hwcrypt_impl.h - backend tables shared by the core files. Private to the
 * C core (native/); never included by the addon.
 *
 * A backend implements whole hot loops (CTR over a run of blocks, GCM
 * encrypt-and-GHASH of a message) so that a message costs one indirect call,
 * not one per block. The portable glue in native/modes/ does everything
 * else: argument checks, nonce -> J0, length block, tag computation and
 * the constant-time tag comparison.
 *
 * Two exceptions take a whole message. A backend with the optional
 * gcm_siv entry runs all of AES-GCM-SIV but the argument checks and the
 * tag comparison (key derivation included; see the entry). A backend
 * with the optional gcm_short entry takes a whole short GCM message
 * (96-bit nonce, data and AAD of at most HWC_GCM_SHORT_MAX bytes) in one
 * call, and for those messages it builds
 * J0, hashes the AAD and the length block, computes E_K(J0) and returns the
 * full 16-byte tag itself. The glue then only checks the arguments,
 * truncates the tag (seal) or compares it in constant time and wipes the
 * output on mismatch (open). Every other message, and every message of a
 * backend whose gcm_short is NULL, is framed by the glue as above.
 *
 * Each backend file exports one getter, hwc_<alg>_<arch>_<ext>_get(), that
 * returns its table, or NULL when the file was compiled for another
 * architecture, by a compiler that cannot target its instructions, or the
 * CPU lacks them. Every getter is always defined (the kernels are #if-ed
 * on HWC_TARGET_*, hwcrypt_target.h) and compiled without the backend's
 * instruction set, so dispatch.c can call all of them on every CPU.
 */
#ifndef HWCRYPT_IMPL_H
#define HWCRYPT_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwcrypt.h"
#include "hwcrypt_target.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define HWC_ALIGN(n) __attribute__((aligned(n)))
#define HWC_INLINE static inline __attribute__((always_inline))
#define HWC_UNUSED __attribute__((unused))
#else
#define HWC_ALIGN(n)
#define HWC_INLINE static inline
#define HWC_UNUSED
#endif

/* ------------------------------------------------------------------------ */
/* The vocabulary every backend uses                                        */
/* ------------------------------------------------------------------------ */

/*
 * HWC_KEY_STATE(T, k): the backend's own key state (type T) inside the key
 * object k (a const hwc_aes_key *); HWC_KEY_STATE_W for init, which writes
 * it. Every backend names its state pointer K.
 */
#define HWC_KEY_STATE(T, k) ((const T *)(const void *)(k)->data)
#define HWC_KEY_STATE_W(T, k) ((T *)(void *)(k)->data)

/*
 * HWC_OPAQUE(v) / HWC_OPAQUE_GPR(x): an empty asm statement that makes the
 * compiler treat a vector register value v (or a general-purpose register
 * value x) as read and rewritten here. It emits no instruction; it pins
 * where a value is computed (keeps a sum or a counter from being
 * rematerialised or re-associated across a loop), and it is never a
 * security barrier. The direction of an AES kernel is `int seal`
 * (nonzero: seal/encrypt, zero: open/decrypt) in every backend.
 */
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define HWC_OPAQUE(v) __asm__("" : "+x"(v))
#define HWC_OPAQUE_GPR(x) __asm__("" : "+r"(x))
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__)
#define HWC_OPAQUE(v) __asm__("" : "+w"(v))
#define HWC_OPAQUE_GPR(x) __asm__("" : "+r"(x))
#else
#define HWC_OPAQUE(v) ((void)0)
#define HWC_OPAQUE_GPR(x) ((void)0)
#endif

/*
 * HWC_BY_ROUNDS(nr, stmt): the one per-round-count mechanism. Kernel bodies
 * are HWC_INLINE functions that take the AES round count as a parameter;
 * an entry point runs
 *
 *     HWC_BY_ROUNDS(k->rounds, ctr32_body(K, ctr, in, out, len, NR));
 *
 * which expands stmt three times with the constant NR = 10, 12, 14, so the
 * compiler emits one fully unrolled copy of the body per key size and the
 * round loop has no run-time bound. nr is public (it follows from the key
 * length). A backend that prefers one copy (code size over speed: soft)
 * passes k->rounds straight through instead.
 */
#define HWC_BY_ROUNDS(nr, ...)    \
  do {                            \
    switch (nr) {                 \
      case 10: {                  \
        enum { NR = 10 };         \
        __VA_ARGS__;              \
      } break;                    \
      case 12: {                  \
        enum { NR = 12 };         \
        __VA_ARGS__;              \
      } break;                    \
      default: {                  \
        enum { NR = 14 };         \
        __VA_ARGS__;              \
      } break;                    \
    }                             \
  } while (0)

/* ------------------------------------------------------------------------ */
/* AES                                                                      */
/* ------------------------------------------------------------------------ */

/* The most bytes any backend's private key state (round keys in whatever
 * layout it wants, GHASH key powers, ...) may take. Each backend states its
 * own size in hwc_aes_impl.state_size and checks its struct against this
 * bound with a static assertion; a key object is allocated with
 * hwc_aes_key_size_with(backend), i.e. the header plus that backend's state
 * and no more (key objects are created per message by some apps, so a
 * fixed 4 KiB would be memory the backend never touches). */
#define HWC_AES_BACKEND_BYTES 4096

struct hwc_aes_impl;

struct hwc_aes_key {
  const struct hwc_aes_impl *impl; /* backend that expanded it, NULL = wiped */
  uint32_t key_bytes;              /* 16, 24, 32 */
  uint32_t rounds;                 /* 10, 12, 14 */
  uint64_t magic;                  /* HWC_AES_KEY_MAGIC while valid */
  /* Backend-owned, 64-byte aligned, impl->state_size bytes. */
  HWC_ALIGN(64) uint8_t data[];
};
#define HWC_AES_KEY_MAGIC 0x6877637279707431ULL

/*
 * Counter contract shared by ctr32/gcm_seal/gcm_open: ctr is a 16-byte
 * big-endian counter block; block i of the call (i = 0, 1, ...) is
 * encrypted with ctr[0..11] || (uint32 at ctr[12..15] + i mod 2^32), i.e.
 * GCM's inc32: the last 4 bytes wrap to zero inside a call and never carry
 * into byte 11. The counter value is secret (for a GCM nonce that is not
 * 96 bits it is derived from GHASH_H(nonce)), so no branch, loop bound,
 * length or memory index in a kernel may depend on it: increment in a
 * 32-bit lane that wraps (byte-swapped form plus a 32-bit add, or a
 * uint32), never with a shortcut chosen by looking at the value.
 * (hwc_ctr_xor's 128-bit counter is the caller's public IV; ctr.c splits
 * a call at the 32-bit wrap to carry into the upper 96 bits.)
 *
 * GHASH state Y is 16 bytes in the specification's byte order (the value
 * as it would be XORed into the tag). Data is absorbed as 16-byte blocks
 * X_i: Y = (Y ^ X_i) * H in GF(2^128); a final partial block is padded with
 * zeros. Only the last call of a message may have a len that is not a
 * multiple of 16. Every bulk function accepts len == 0 as a no-op.
 */
typedef struct hwc_aes_impl {
  const char *name;
  /* Expand key (key_len 16/24/32) into k->data, compute H = E_K(0^128) and
   * whatever powers of H the backend uses. k->key_bytes and k->rounds are
   * set by the caller before init. */
  void (*init)(hwc_aes_key *k, const uint8_t *key, size_t key_len);
  /* One block: out = E_K(in). Used for the GCM tag mask E_K(J0). */
  void (*encrypt_block)(const hwc_aes_key *k, const uint8_t in[16], uint8_t out[16]);
  /* out = in ^ keystream, len any (partial last block allowed). */
  void (*ctr32)(const hwc_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                size_t len);
  /* Y = GHASH_H(Y, data zero-padded to a multiple of 16). */
  void (*ghash)(const hwc_aes_key *k, uint8_t Y[16], const uint8_t *data, size_t len);
  /* out = in ^ keystream(ctr), then Y = GHASH_H(Y, out). */
  void (*gcm_seal)(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                   uint8_t *out, size_t len);
  /* Y = GHASH_H(Y, in), out = in ^ keystream(ctr). in may equal out. */
  void (*gcm_open)(const hwc_aes_key *k, const uint8_t ctr[16], uint8_t Y[16], const uint8_t *in,
                   uint8_t *out, size_t len);
  /* Optional (NULL: the glue composes the calls above). A whole short GCM
   * message with a 96-bit nonce in one call, for backends whose per-call
   * entry cost dominates small messages: len <= HWC_GCM_SHORT_MAX and
   * aad_len <= HWC_GCM_SHORT_MAX. seal != 0: out = ciphertext; seal == 0:
   * out = plaintext (in is the ciphertext). Either way full_tag receives
   * the 16-byte tag E_K(J0) ^ GHASH(A, C); the glue truncates or compares
   * it. in may equal out; aad and in may be NULL when their length is 0. */
  void (*gcm_short)(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                    uint8_t full_tag[16]);
  /* Required. The CBC-MAC chain of CMAC (native/modes/cmac.c): for each of
   * the nblocks whole 16-byte blocks B_i of data (no alignment),
   * X = E_K(X ^ B_i). The chain is serial, so a kernel keeps one block in
   * flight with the round keys in registers (HWC_BY_ROUNDS) and runs at
   * the AES round latency. X and the data are secret. nblocks == 0 is a
   * no-op; the glue handles subkeys and the last block. */
  void (*cbc_mac)(const hwc_aes_key *k, uint8_t X[16], const uint8_t *data, size_t nblocks);
  /*
   * The block-cipher modes (native/modes/ecb.c, cbc.c, xts.c, ccm.c). All
   * take whole-message runs, accept nblocks/len == 0 as a no-op, and allow
   * in == out (in place; no other overlap). seal != 0 encrypts, seal == 0
   * decrypts with the inverse cipher D_K, whose round keys (InvMixColumns
   * of the encryption keys, for AESDEC/AESD) the backend derives in init.
   * Data, IVs, tweaks, counters and MAC states are secret.
   *
   * ecb:  out_i = E_K(in_i) or D_K(in_i). Parallel: full-width vectors.
   * cbc:  seal: C_i = E_K(P_i ^ C_{i-1}), serial, one block in flight at
   *       the round latency (as cbc_mac). open: P_i = D_K(C_i) ^ C_{i-1},
   *       parallel. C_0 = iv on entry; on return iv = the last ciphertext
   *       block, so a message can be split across calls. In place, open
   *       must read C_i before it writes P_i over it.
   * xts:  the data unit's blocks j = 0.. under the tweak T (16 bytes,
   *       little-endian 128-bit value, IEEE 1619): out_j = E_K(in_j ^ T_j)
   *       ^ T_j (D_K for open), T_{j+1} = T_j * alpha = T_j << 1 ^ (carry
   *       ? 0x87 : 0) in the low byte, computed without a branch. T is
   *       T_0 = E_K2(tweak) on entry and T_nblocks on return. Parallel.
   * ccm:  the payload of SP 800-38C, CTR and CBC-MAC stitched in one pass:
   *       counter block i (i = 0, 1, ...) of the call is ctr with ctr32's
   *       inc32 rule (hwcrypt_impl.h, above), and
   *         seal: out_i = in_i ^ E_K(ctr_i), X = E_K(X ^ in_i)
   *         open: out_i = in_i ^ E_K(ctr_i), X = E_K(X ^ out_i)
   *       where a last partial block is zero-padded for the MAC. len is in
   *       bytes; the call is the whole payload of one message. The MAC
   *       chain is serial: keep its block and one keystream block in
   *       flight together so the CTR half hides in the chain's latency.
   */
  void (*ecb)(const hwc_aes_key *k, int seal, const uint8_t *in, uint8_t *out, size_t nblocks);
  void (*cbc)(const hwc_aes_key *k, int seal, uint8_t iv[16], const uint8_t *in, uint8_t *out,
              size_t nblocks);
  void (*xts)(const hwc_aes_key *k, int seal, uint8_t T[16], const uint8_t *in, uint8_t *out,
              size_t nblocks);
  void (*ccm)(const hwc_aes_key *k, int seal, const uint8_t ctr[16], uint8_t X[16], const uint8_t *in,
              uint8_t *out, size_t len);
  /* Optional (NULL: native/modes/gcm_siv.c's portable constant-time
   * POLYVAL). POLYVAL of RFC 8452 with a caller-given key H, which is not
   * the key object's GHASH key (GCM-SIV derives H per message), so it takes
   * no key object: Y = POLYVAL_H(Y, data zero-padded to a multiple of 16),
   * H and Y as 16-byte little-endian field elements. H, Y and the data are
   * secret. len == 0 is a no-op. Moves only POLYVAL out of the glue; used
   * only where gcm_siv (below) is NULL. */
  void (*polyval)(const uint8_t H[16], uint8_t Y[16], const uint8_t *data, size_t len);
  /* Optional (NULL: gcm_siv.c composes the message from ecb for the key
   * derivation, a key object for the message-encryption key, polyval and
   * ecb over counter blocks it builds). A whole AES-GCM-SIV message (RFC
   * 8452) for the key-generating key k (key_bytes 16 or 32, lengths within
   * HWC_GCM_SIV_MAX_*; the glue checks both): the kernel derives the auth
   * and encryption keys from the nonce, expands the encryption key and as
   * many powers of the auth key as the message needs into scratch it wipes,
   * computes S = POLYVAL(pad(A) || pad(P) || lengths) and the tag
   * E_enc(S ^ N, bit 127 cleared), and runs CTR with GCM-SIV's counter:
   * block i = the counter seed with its first four bytes, a little-endian
   * uint32, plus i mod 2^32 (no carry into byte 4), the seed being the tag
   * with bit 127 set.
   *   seal != 0: out = ciphertext of in; tag receives the tag.
   *   seal == 0: tag holds the received tag on entry (the counter seed);
   *              out = plaintext of in, and tag receives the tag computed
   *              over it. The glue compares the two in constant time and
   *              wipes out on mismatch.
   * in may equal out; aad and in may be NULL when their length is 0. Keys,
   * data, S, counters and tags are secret. Moves the whole message out of
   * the glue except the argument checks and the tag comparison. */
  void (*gcm_siv)(const hwc_aes_key *k, int seal, const uint8_t nonce[12], const uint8_t *aad,
                  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]);
  /* Bytes of k->data this backend uses (sizeof its key struct), at most
   * HWC_AES_BACKEND_BYTES. */
  size_t state_size;
} hwc_aes_impl;

#define HWC_GCM_SHORT_MAX 128

/* A key object that is initialised and not wiped (the check every mode's
 * entry point makes before it touches k->impl). */
HWC_INLINE int hwc_aes_key_ok(const hwc_aes_key *k) {
  return k && k->magic == HWC_AES_KEY_MAGIC && k->impl;
}

const hwc_aes_impl *hwc_aes_soft_ct64_get(void);
const hwc_aes_impl *hwc_aes_x86_aesni_get(void);
const hwc_aes_impl *hwc_aes_x86_vaes256_get(void);
const hwc_aes_impl *hwc_aes_x86_vaes512_get(void);
const hwc_aes_impl *hwc_aes_arm64_ce_get(void);

/* ------------------------------------------------------------------------ */
/* AEGIS (draft-irtf-cfrg-aegis-aead-18)                                    */
/* ------------------------------------------------------------------------ */

/*
 * One table per AEGIS backend. AEGIS has no key schedule (the key enters
 * the state at initialisation), so there is no key object: each entry is a
 * whole message in one call, with the state in registers from the first
 * update to the tag. The framing (Init, Absorb, Enc/Dec with the last
 * partial block and DecPartial, Finalize) is written once in
 * native/aes/aegis_tmpl.h over the backend's 128-bit block type and its
 * Update; a backend file supplies the AES round and the Update.
 *
 *   aegis128l(seal, key[16], nonce[16], aad, aad_len, in, out, len, tag,
 *             tag_len)
 *   aegis256 (seal, key[32], nonce[32], ...)
 *     seal != 0: out = Enc(in); seal == 0: out = Dec(in) (DecPartial for a
 *     last partial block). Either way tag receives the tag_len (16 or 32)
 *     byte tag computed over the message; aegis.c checks the arguments,
 *     compares the tag in constant time and wipes out on mismatch. in may
 *     equal out (no other overlap); aad and in may be NULL when their
 *     length is 0. Key, nonce, state and data are secret; the kernels wipe
 *     the state and their buffers.
 *
 * Dispatch follows the AES family: an AEGIS call runs the AEGIS backend
 * that matches the AES backend selected (or named): aesni, vaes256 and
 * vaes512 each have a table (hwc_aegis_x86_{aesni,vaes256,vaes512}_get)
 * whose AEGIS-128L/256 are the AES-NI xmm kernels and whose X variants
 * are xmm lanes, VAES ymm and VAES ymm/zmm (aegis_x86_vaes.c); armv8 the
 * arm64 one, soft the portable constant-time one (bitsliced S-box, four
 * blocks per pass; the X variants run it lane by lane). The X variants'
 * framing is native/aes/aegis_x_tmpl.h over a D-lane block type.
 * aegis.c: aegis_for.
 */
typedef void (*hwc_aegis_fn)(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                             size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
                             uint8_t *tag, size_t tag_len);

/* AEGISMAC (same draft, "AEGIS as a Message Authentication Code"), one
 * entry per variant, indexed by hwc_aegis_alg: mac(key, nonce, data, len,
 * tag, tag_len) writes the tag_len (16 or 32) byte tag of data (data may
 * be NULL when len is 0). Key, nonce (of the variant's sizes), state and
 * data are secret; the kernels wipe what they hold. aegis.c checks the
 * arguments and compares tags (hwc_aegis_mac, hwc_aegis_mac_verify). */
typedef void (*hwc_aegis_mac_fn)(const uint8_t *key, const uint8_t *nonce, const uint8_t *data,
                                 size_t len, uint8_t *tag, size_t tag_len);
typedef struct hwc_aegis_mac_impl {
  hwc_aegis_mac_fn fn[HWC_AEGIS_ALGS];
} hwc_aegis_mac_impl;

typedef struct hwc_aegis_impl {
  const char *name;
  hwc_aegis_fn aegis128l;
  hwc_aegis_fn aegis256;
  /* The X variants (degree 2 and 4), same contract (key and nonce of
   * 16 bytes for 128X, 32 for 256X); NULL where a backend lacks them
   * (hwc_aegis_seal/open then return HWC_ERR_UNAVAILABLE). */
  hwc_aegis_fn aegis128x2, aegis128x4;
  hwc_aegis_fn aegis256x2, aegis256x4;
  /* AEGISMAC for the six variants; NULL: HWC_ERR_UNAVAILABLE. */
  const hwc_aegis_mac_impl *mac;
} hwc_aegis_impl;

const hwc_aegis_impl *hwc_aegis_soft_get(void);
const hwc_aegis_impl *hwc_aegis_x86_aesni_get(void);
const hwc_aegis_impl *hwc_aegis_x86_vaes256_get(void);
const hwc_aegis_impl *hwc_aegis_x86_vaes512_get(void);
const hwc_aegis_impl *hwc_aegis_arm64_ce_get(void);

/* The X variants on x86 (native/aes/aegis_x86_vaes.c, aegis_x_tmpl.h),
 * for the tables of aegis_x86_aesni.c: xmm lanes (aesni), VAES ymm
 * (vaes256), VAES ymm/zmm (vaes512). Each is an hwc_aegis_fn; call them
 * only through a table whose getter checked the CPU. */
#define HWC_AEGISX_DECL(name)                                                                 \
  void name(int seal, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,           \
            size_t aad_len, const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,        \
            size_t tag_len)
HWC_AEGISX_DECL(hwc_aegisx_x86_aesni_128x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_aesni_128x4);
HWC_AEGISX_DECL(hwc_aegisx_x86_aesni_256x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_aesni_256x4);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes256_128x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes256_128x4);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes256_256x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes256_256x4);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes512_128x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes512_128x4);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes512_256x2);
HWC_AEGISX_DECL(hwc_aegisx_x86_vaes512_256x4);
/* AEGISMAC on x86 (aegis_x86_vaes.c), for the same tables. */
extern const hwc_aegis_mac_impl hwc_aegismac_x86_aesni;
extern const hwc_aegis_mac_impl hwc_aegismac_x86_vaes256;
extern const hwc_aegis_mac_impl hwc_aegismac_x86_vaes512;

/* SubBytes of 64 bytes in place, constant-time (the soft AES backend's
 * bitsliced S-box; aes_soft_ct64.c). For aegis_soft.c. */
void hwc_aes_soft_subbytes64(uint8_t b[64]);

/* The same S-box circuit as a whole keyless AES round on a bitsliced state
 * (aes_soft_ct64.c's layout: eight 64-bit planes of four blocks), for
 * aegis_soft.c, which keeps its state bitsliced:
 *   hwc_aes_soft_bs_load4   bitslice the blocks b0..b3 (16 bytes each)
 *   hwc_aes_soft_bs_store4  the reverse
 *   hwc_aes_soft_bs_round   out = MixColumns(ShiftRows(SubBytes(in)))
 * All constant-time; the caller burns its stack (they leave spills). */
void hwc_aes_soft_bs_load4(uint64_t q[8], const uint8_t *b0, const uint8_t *b1, const uint8_t *b2,
                           const uint8_t *b3);
void hwc_aes_soft_bs_store4(const uint64_t q[8], uint8_t *b0, uint8_t *b1, uint8_t *b2, uint8_t *b3);
void hwc_aes_soft_bs_round(uint64_t out[8], const uint64_t in[8]);
/* Two groups at once, interleaved (q[2p], q[2p + 1]: plane p of each);
 * load8/store8 take the first group's blocks in b[0..3]. */
void hwc_aes_soft_bs_round2(uint64_t out[16], const uint64_t in[16]);
void hwc_aes_soft_bs_load8(uint64_t q[16], const uint8_t *const b[8]);
void hwc_aes_soft_bs_store8(const uint64_t q[16], uint8_t *const b[8]);

/* ------------------------------------------------------------------------ */
/* SHA compression functions                                                */
/* ------------------------------------------------------------------------ */

/*
 * One table type for every SHA backend of every family. compress processes
 * nblocks whole blocks (64 bytes for SHA-1/256, 128 for SHA-512) from data
 * (no alignment), updating the chaining value in place: a backend of family
 * HWC_FAMILY_SHA1 or _SHA256 reads and writes st->s32, one of
 * HWC_FAMILY_SHA512 st->s64 (hwcrypt.h, hwc_hash_state). The glue calls
 * compress only with a state of the table's family (hash.c checks family
 * against the algorithm when a context is made), so the framing has no
 * per-family code path and no cast.
 */
typedef struct hwc_hash_impl {
  const char *name;
  hwc_family family;
  void (*compress)(hwc_hash_state *st, const uint8_t *data, size_t nblocks);
} hwc_hash_impl;

/* SHA-2 round constants (native/sha/sha2_k.c), 64-byte aligned. */
extern const uint32_t hwc_sha256_k[64];
extern const uint64_t hwc_sha512_k[80];

const hwc_hash_impl *hwc_sha1_soft_get(void);
const hwc_hash_impl *hwc_sha1_x86_shani_get(void);
const hwc_hash_impl *hwc_sha1_arm64_ce_get(void);
const hwc_hash_impl *hwc_sha256_soft_get(void);
const hwc_hash_impl *hwc_sha256_x86_shani_get(void);
const hwc_hash_impl *hwc_sha256_arm64_ce_get(void);
const hwc_hash_impl *hwc_sha512_soft_get(void);
const hwc_hash_impl *hwc_sha512_x86_avx2_get(void);
const hwc_hash_impl *hwc_sha512_arm64_ce_get(void);

/*
 * Multi-buffer compression (hash_many.c's kernels): `lanes` independent
 * states advanced together. compress runs nblocks blocks in every lane:
 * lane i's chaining value st[i] (hwc_hash_state of the table's family)
 * over data[i] (nblocks whole blocks, no alignment). All `lanes` pointers
 * are valid (the glue points idle lanes at scratch of its own). The glue
 * pads each message's tail into per-lane buffers, so kernels see only
 * whole blocks.
 */
typedef struct hwc_hash_mb_impl {
  const char *name; /* "avx512x16", "avx2x8", "shanix2", "armv8x2", ... */
  hwc_family family;
  unsigned lanes; /* 2..16 */
  void (*compress)(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks);
} hwc_hash_mb_impl;

/*
 * HWC_MB_ENTRY(name, rounds, fallback): the compress function a lane
 * kernel file puts in its table. It runs `rounds` (an expression over
 * st, data and nblocks calling an HWC_NOINLINE worker that returns its
 * stack pointer, read with HWC_STACK_POINTER at its end), then zeroes
 * that worker's dead frame, where spilled states and schedule words
 * (message-derived) stay behind: hwc_burn_stack to the measured depth, or
 * `fallback` bytes where the stack pointer cannot be read (hwcrypt_ct.h).
 */
#define HWC_MB_ENTRY(name, rounds, fallback)                                             \
  static void name(hwc_hash_state *const *st, const uint8_t *const *data, size_t nblocks) { \
    if (!nblocks) return;                                                                  \
    uintptr_t top_;                                                                        \
    HWC_STACK_POINTER(top_);                                                               \
    uintptr_t low_ = (rounds);                                                             \
    hwc_burn_stack(HWC_BURN_DEPTH(top_, low_, (fallback)));                                \
  }

/* Multi-buffer kernels, one getter per file (NULL where not compiled in or
 * the CPU lacks the instructions), listed best first per family in
 * hash_many.c's tables. */
const hwc_hash_mb_impl *hwc_sha256_x86_avx512x16_get(void);
const hwc_hash_mb_impl *hwc_sha256_x86_avx2x8_get(void);
const hwc_hash_mb_impl *hwc_sha1_x86_avx512x16_get(void);
const hwc_hash_mb_impl *hwc_sha1_x86_avx2x8_get(void);
/* BEGIN mb kernels */
/* Multi-buffer kernels by family, each NULL where not compiled in or the
 * CPU lacks the instructions (same contract as the hwc_*_get above):
 *   shanix2/3/4  x86 SHA-NI, n streams interleaved step by step
 *                (native/sha/sha{1,256}_x86_shanix.c)
 *   avx512x8     SHA-512, eight lanes in zmm (sha512_x86_avx512x8.c)
 *   avx2x4       SHA-512, four lanes in ymm (sha512_x86_avx2x4.c)
 *   armv8x2      ARMv8 SHA1/SHA2/SHA512, two streams interleaved
 *                (sha{1,256,512}_arm64_ce_x2.c) */
const hwc_hash_mb_impl *hwc_sha1_x86_shanix2_get(void);
const hwc_hash_mb_impl *hwc_sha1_x86_shanix3_get(void);
const hwc_hash_mb_impl *hwc_sha1_x86_shanix4_get(void);
const hwc_hash_mb_impl *hwc_sha256_x86_shanix2_get(void);
const hwc_hash_mb_impl *hwc_sha256_x86_shanix3_get(void);
const hwc_hash_mb_impl *hwc_sha256_x86_shanix4_get(void);
const hwc_hash_mb_impl *hwc_sha512_x86_avx512x8_get(void);
const hwc_hash_mb_impl *hwc_sha512_x86_avx2x4_get(void);
const hwc_hash_mb_impl *hwc_sha512_x86_avx512x16_get(void);
const hwc_hash_mb_impl *hwc_sha512_x86_avx2x8_get(void);
const hwc_hash_mb_impl *hwc_sha1_arm64_ce_x2_get(void);
const hwc_hash_mb_impl *hwc_sha256_arm64_ce_x2_get(void);
const hwc_hash_mb_impl *hwc_sha512_arm64_ce_x2_get(void);
/* END mb kernels */

/* Compresses n whole blocks into c->state with c's backend; the byte
 * count and the buffer are not touched (native/modes/hash_block.c, for
 * the PBKDF2 loop in kdf.c). c must be initialised. */
void hwc_hash_ctx_compress(hwc_hash_ctx *c, const uint8_t *blocks, size_t n);
/* PBKDF2-HMAC-SHA-256 (sha224: SHA-224) U_2..U_c on SHA-NI, states in
 * registers (native/sha/sha256_x86_shani_pbkdf2.c): istate/ostate are the
 * HMAC pad states; t holds `lanes` (1 or 2) output blocks of 8 state
 * words each, U_1 on entry and T on return; two lanes run side by side.
 * Only for a PRF on the "shani" backend; returns 0 where not compiled in. */
int hwc_sha256_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                                uint32_t iterations, int sha224);
/* The same for PBKDF2-HMAC-SHA-1 (5 of each lane's 8 words used;
 * native/sha/sha1_x86_shani_pbkdf2.c). */
int hwc_sha1_x86_shani_pbkdf2(const uint32_t istate[8], const uint32_t ostate[8], uint32_t *t, size_t lanes,
                              uint32_t iterations);

/* ------------------------------------------------------------------------ */
/* Dispatch (dispatch.c)                                                    */
/* ------------------------------------------------------------------------ */

const hwc_aes_impl *hwc_dispatch_aes(void);
const hwc_aes_impl *hwc_dispatch_aes_named(const char *name);
const hwc_hash_impl *hwc_dispatch_hash(hwc_family f);
const hwc_hash_impl *hwc_dispatch_hash_named(hwc_family f, const char *name);

/* ------------------------------------------------------------------------ */
/* Small portable helpers for backends                                      */
/* ------------------------------------------------------------------------ */

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ || __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
/* One load or store plus a byte swap where needed: a store built from single
 * bytes and read back by a wider load cannot be forwarded and stalls. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HWC_BE32(x) __builtin_bswap32(x)
#define HWC_BE64(x) __builtin_bswap64(x)
#define HWC_LE32(x) (x)
#define HWC_LE64(x) (x)
#else
#define HWC_BE32(x) (x)
#define HWC_BE64(x) (x)
#define HWC_LE32(x) __builtin_bswap32(x)
#define HWC_LE64(x) __builtin_bswap64(x)
#endif
HWC_INLINE uint32_t hwc_load_be32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return HWC_BE32(v);
}
HWC_INLINE void hwc_store_be32(uint8_t *p, uint32_t v) {
  v = HWC_BE32(v);
  memcpy(p, &v, 4);
}
HWC_INLINE uint64_t hwc_load_be64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return HWC_BE64(v);
}
HWC_INLINE void hwc_store_be64(uint8_t *p, uint64_t v) {
  v = HWC_BE64(v);
  memcpy(p, &v, 8);
}
HWC_INLINE uint32_t hwc_load_le32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return HWC_LE32(v);
}
HWC_INLINE void hwc_store_le32(uint8_t *p, uint32_t v) {
  v = HWC_LE32(v);
  memcpy(p, &v, 4);
}
HWC_INLINE uint64_t hwc_load_le64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return HWC_LE64(v);
}
HWC_INLINE void hwc_store_le64(uint8_t *p, uint64_t v) {
  v = HWC_LE64(v);
  memcpy(p, &v, 8);
}
#else
HWC_INLINE uint32_t hwc_load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
HWC_INLINE void hwc_store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
HWC_INLINE uint64_t hwc_load_be64(const uint8_t *p) {
  return ((uint64_t)hwc_load_be32(p) << 32) | hwc_load_be32(p + 4);
}
HWC_INLINE void hwc_store_be64(uint8_t *p, uint64_t v) {
  hwc_store_be32(p, (uint32_t)(v >> 32));
  hwc_store_be32(p + 4, (uint32_t)v);
}
HWC_INLINE uint32_t hwc_load_le32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
HWC_INLINE void hwc_store_le32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}
HWC_INLINE uint64_t hwc_load_le64(const uint8_t *p) {
  return (uint64_t)hwc_load_le32(p) | ((uint64_t)hwc_load_le32(p + 4) << 32);
}
HWC_INLINE void hwc_store_le64(uint8_t *p, uint64_t v) {
  hwc_store_le32(p, (uint32_t)v);
  hwc_store_le32(p + 4, (uint32_t)(v >> 32));
}
#endif

/* Writes 16 bytes given as two native-endian 64-bit words (w0 = bytes 0..7)
 * with a single 16-byte store where the compiler has vector extensions, so
 * that a kernel's 16-byte load of the block can be forwarded from the store
 * instead of waiting for it to reach the cache. */
HWC_INLINE void hwc_store_block(uint8_t out[16], uint64_t w0, uint64_t w1) {
#if defined(__GNUC__) || defined(__clang__)
  typedef uint64_t u64x2 __attribute__((vector_size(16)));
  u64x2 v = {w0, w1};
  memcpy(out, &v, 16);
#else
  memcpy(out, &w0, 8);
  memcpy(out + 8, &w1, 8);
#endif
}

/* A counter block: the first 12 bytes of prefix, then ctr as a big-endian
 * uint32, written with one store. */
HWC_INLINE void hwc_store_counter_block(uint8_t out[16], const uint8_t *prefix, uint32_t ctr) {
  uint64_t w0, w1;
  uint8_t tail[8];
  memcpy(&w0, prefix, 8);
  memcpy(tail, prefix + 8, 4);
  hwc_store_be32(tail + 4, ctr);
  memcpy(&w1, tail, 8);
  hwc_store_block(out, w0, w1);
}

#ifdef __cplusplus
}
#endif

#endif /* HWCRYPT_IMPL_H */
