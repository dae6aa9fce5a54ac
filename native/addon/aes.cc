// aes.cc - AES key objects for the JS layer, and the GCM/CTR calls on them.
//
// A session's createAesKey(key, backend?) expands the key into native
// memory sized for its backend and returns { handle, backend, keyBytes,
// allocatedBytes }: `handle` is an N-API External carrying the key's KeyBox
// and hwcrypt's type tag (kKeyTag). Every operation is one exported
// function, keyOp(handle, code, ...args), with code one of the Op values
// below; keyOp reads the KeyBox with napi_get_value_external after checking
// the tag, so no value a caller makes is ever taken for a key.
//
// An External per key, not a function or a wrapped object per key: one
// value with a finalizer and nothing else for V8 to build, which matters
// to apps that make a key per message (hundreds of thousands). The key
// memory is reported to V8 (napi_adjust_external_memory), so GC keeps
// pace with undisposed keys.
//
// createAegisKey(alg, key, backend?) makes an AEGIS key the same way (an
// External with the same tag, on the same keyOp): the box then holds the
// raw key and the variant instead of an expanded AES key, and keyOp lets
// it serve only the AEGIS codes (and AES keys only the others).
//
// Lifetime: the External's finalizer wipes and frees the key, and
// dispose (Op::kDispose) does so at once; later calls throw
// ERR_HWCRYPT_DISPOSED. While async jobs (async.cc) run on the key, both
// only park the memory, and the last job frees it (KeyBox::jobs in keys.h).
//
// Arguments arrive validated by src/ (types, lengths), but this layer is
// reachable by anyone who loads the .node file, so it re-checks all it
// needs never to pass a bad pointer, length or overlap to the core.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "common.h"
#include "keys.h"

namespace hwcrypt {
namespace {

enum Op : uint32_t {
  kSeal = 0,       // (nonce, pt, aad|undefined, out, tagLen)
  kOpen = 1,       // (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean
  kCtr = 2,        // (counter16, in, out)
  kDispose = 3,    // ()
  kOpenArena = 4,  // (lengths: nonceLen, aadLen, sealedLen, tagLen packed, see ArenaLengths) -> boolean
  kCtrArena = 5,   // (len): counter and data in the arena, result to arena[0, len)
  kCmac = 6,       // (data, out): the 16-byte CMAC to out[0, 16)
  kCmacVerify = 7, // (data, tag) -> boolean
  kCmacArena = 8,  // (len): data at kArenaInput, tag to arena[0, 16)
  kEcb = 9,        // (encrypt: boolean, data, out)
  kCbc = 10,       // (encrypt, iv16, data, out) -> bytes written; -1: decrypt refused the length
  kCbcPkcs7 = 11,  // (encrypt, iv16, data, out) -> bytes of result; -1: bad padding or length
  kXts = 12,       // (encrypt, tweak16, data, out): XTS keys only
  kCcmSeal = 13,   // (nonce, pt, aad|undefined, out, tagLen)
  kCcmOpen = 14,   // (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean
  kCcmOpenArena = 15,  // as kOpenArena, for CCM
  kSivSeal = 16,       // (nonce, pt, aad|undefined, out, tagLen): AES-GCM-SIV
  kSivOpen = 17,       // (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean
  kSivOpenArena = 18,  // as kOpenArena, for AES-GCM-SIV
  kAegisSeal = 19,       // (nonce, pt, aad|undefined, out, tagLen): AEGIS keys only
  kAegisOpen = 20,       // (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean
  kAegisOpenArena = 21,  // as kOpenArena, for AEGIS
  kAegisMac = 22,        // (nonce, data, out, tagLen 16|32): AEGIS-MAC tag to out[0, tagLen); AEGIS keys only
  kAegisMacVerify = 23,  // (nonce, data, tag of 16|32 bytes) -> boolean
  kAegisMacArena = 24,   // (nonceLen, dataLen, tagLen): nonce, data back to back from kArenaInput; tag to arena[0, tagLen)
  // (lengths: nonceLen, aadLen, ptLen, tagLen packed, see ArenaLengths): nonce, aad,
  // plaintext back to back from kArenaSealInput; ciphertext || tag to arena[0, ptLen + tagLen).
  kSealArena = 25,       // AES-GCM
  kCcmSealArena = 26,    // AES-CCM
  kSivSealArena = 27,    // AES-GCM-SIV
  kAegisSealArena = 28,  // AEGIS (AEGIS keys only)
  kLastOp = kAegisSealArena,
};

// The operations an AEGIS key serves (and only it does).
bool IsAegisOp(uint32_t code) {
  return (code >= kAegisSeal && code <= kAegisMacArena) || code == kAegisSealArena;
}

void FreeKey(napi_env env, KeyBox *box) {
  if (box->jobs) {
    // A pool thread may be reading the key: take it out of the box (the
    // key reads as disposed from now on) and leave it to the last job.
    if (box->aegis) box->parked_aegis = box->aegis;
    if (box->key) {
      box->parked_key = box->key;
      box->parked_key2 = box->key2;
    }
    box->aegis = nullptr;
    box->key = box->key2 = nullptr;
    return;
  }
  if (box->aegis) {
    hwc_wipe(box->aegis, sizeof(AegisKey));
    std::free(box->aegis);
    box->aegis = nullptr;
    ReportExternal(env, -(int64_t)box->size);
    return;
  }
  if (!box->key) return;
  hwc_aes_key_wipe(box->key);
  std::free(box->key);
  box->key = nullptr;
  if (box->key2) {
    hwc_aes_key_wipe(box->key2);
    std::free(box->key2);
    box->key2 = nullptr;
  }
  ReportExternal(env, -(int64_t)box->size);
}

void FinalizeKey(napi_env env, void *data, void *) {
  KeyBox *box = static_cast<KeyBox *>(data);
  FreeKey(env, box);
  // A job holds a reference to the External, so this happens with jobs in
  // flight only while the environment is torn down: the last job's
  // completion deletes the box then.
  if (box->jobs)
    box->orphaned = true;
  else
    delete box;
}

// SharedArrayBuffer memory can change under the kernels while they run
// (another thread writes it), and the kernels read their input twice (once
// to encrypt or decrypt, once to hash) and their output back. With shared
// inputs that lets an open succeed on one ciphertext and decrypt another,
// and a seal authenticate bytes it did not write; with a shared output,
// another thread would see unauthenticated plaintext before a failed open
// wipes it. So when any argument is shared, the core runs on private
// copies, and only a finished result is copied out (for open: only once
// the tag has verified). Plain ArrayBuffers take the direct path.
struct Scratch {
  uint8_t *p = nullptr;
  size_t n = 0;
  explicit Scratch(size_t len) : p(static_cast<uint8_t *>(std::malloc(len ? len : 1))), n(len) {}
  ~Scratch() {
    if (p) hwc_wipe(p, n);
    std::free(p);
  }
};

// Copies b into dst (advancing it) and returns where the copy starts.
const uint8_t *Snapshot(uint8_t *&dst, const Bytes &b) {
  uint8_t *at = dst;
  if (b.len) std::memcpy(at, b.data, b.len);
  dst += b.len;
  return at;
}

// The AEADs share their framing (ciphertext || tag, same argument order in
// the core), so Seal and Open below serve them all. Their calls take the
// KeyBox: the AES modes run on its expanded key (AesSeal/AesOpen below),
// AEGIS on its raw key.
using AesSealFn = hwc_status (*)(const hwc_aes_key *, const uint8_t *, size_t, const uint8_t *, size_t,
                                 const uint8_t *, size_t, uint8_t *, uint8_t *, size_t);
using AesOpenFn = hwc_status (*)(const hwc_aes_key *, const uint8_t *, size_t, const uint8_t *, size_t,
                                 const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *);
template <AesSealFn F>
hwc_status AesSeal(const KeyBox *b, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag, size_t tag_len) {
  return F(b->key, nonce, nonce_len, aad, aad_len, pt, len, out, tag, tag_len);
}
template <AesOpenFn F>
hwc_status AesOpen(const KeyBox *b, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len, uint8_t *out) {
  return F(b->key, nonce, nonce_len, aad, aad_len, ct, len, tag, tag_len, out);
}
const Aead kGcm = {AesSeal<hwc_gcm_seal>, AesOpen<hwc_gcm_open>};
const Aead kCcm = {AesSeal<hwc_ccm_seal>, AesOpen<hwc_ccm_open>};

// AES-GCM-SIV in the same shape: the nonce is 12 bytes and the tag 16,
// and any other length is refused here as the core's ARG error.
hwc_status SivSeal(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag, size_t tag_len) {
  if (nonce_len != 12 || tag_len != 16) return HWC_ERR_ARG;
  return hwc_gcm_siv_seal(k, nonce, aad, aad_len, pt, len, out, tag);
}
hwc_status SivOpen(const hwc_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len, uint8_t *out) {
  if (nonce_len != 12 || tag_len != 16) return HWC_ERR_ARG;
  return hwc_gcm_siv_open(k, nonce, aad, aad_len, ct, len, tag, out);
}
const Aead kGcmSiv = {AesSeal<SivSeal>, AesOpen<SivOpen>};

// AEGIS (every variant) in the same shape: the nonce is as long as the key
// (16 or 32 bytes), refused here as the core's ARG error otherwise; the
// core checks the tag length (16 or 32).
hwc_status AegisSeal(const KeyBox *b, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                     const uint8_t *pt, size_t len, uint8_t *out, uint8_t *tag, size_t tag_len) {
  const AegisKey *k = b->aegis;
  if (nonce_len != hwc_aegis_key_len(k->alg)) return HWC_ERR_ARG;
  return hwc_aegis_seal(k->alg, k->backend, k->key, nonce, aad, aad_len, pt, len, out, tag, tag_len);
}
hwc_status AegisOpen(const KeyBox *b, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                     const uint8_t *ct, size_t len, const uint8_t *tag, size_t tag_len, uint8_t *out) {
  const AegisKey *k = b->aegis;
  if (nonce_len != hwc_aegis_key_len(k->alg)) return HWC_ERR_ARG;
  return hwc_aegis_open(k->alg, k->backend, k->key, nonce, aad, aad_len, ct, len, tag, tag_len, out);
}
const Aead kAegis = {AegisSeal, AegisOpen};

void SealShared(napi_env env, const Aead &aead, const KeyBox *box, const Bytes &nonce, const Bytes &aad,
                const Bytes &pt, const Bytes &out, uint32_t tag_len) {
  size_t n = pt.len + tag_len;
  Scratch s(nonce.len + aad.len + pt.len + n);
  if (!s.p) {
    ThrowError(env, "seal: out of memory");
    return;
  }
  uint8_t *w = s.p;
  const uint8_t *cn = Snapshot(w, nonce), *ca = Snapshot(w, aad), *cp = Snapshot(w, pt);
  hwc_status st = aead.seal(box, cn, nonce.len, ca, aad.len, cp, pt.len, w, w + pt.len, tag_len);
  if (st != HWC_OK) {
    ThrowStatus(env, st, "seal");
    return;
  }
  std::memcpy(out.data, w, n);
}

hwc_status OpenShared(const Aead &aead, const KeyBox *box, const Bytes &nonce, const Bytes &aad,
                      const Bytes &sealed, uint32_t tag_len, const Bytes &out) {
  size_t ct_len = sealed.len - tag_len;
  Scratch s(nonce.len + aad.len + sealed.len + ct_len);
  if (!s.p) return HWC_ERR_ARG;
  uint8_t *w = s.p;
  const uint8_t *cn = Snapshot(w, nonce), *ca = Snapshot(w, aad), *cs = Snapshot(w, sealed);
  hwc_status st = aead.open(box, cn, nonce.len, ca, aad.len, cs, ct_len, cs + ct_len, tag_len, w);
  if (st == HWC_OK && ct_len) std::memcpy(out.data, w, ct_len);
  if (st == HWC_ERR_AUTH && ct_len) hwc_wipe(out.data, ct_len);  // the contract: a failed open leaves out zeroed
  return st;
}

void Seal(napi_env env, const Aead &aead, const KeyBox *box, napi_value *argv) {
  Bytes nonce, pt, aad, out;
  uint32_t tag_len = 0;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "plaintext", &pt) ||
      !GetOptionalBytes(env, argv[2], "aad", &aad) || !GetBytes(env, argv[3], "out", &out))
    return;
  if (napi_get_value_uint32(env, argv[4], &tag_len) != napi_ok || tag_len > 32 ||
      out.len < pt.len + tag_len) {
    ThrowRange(env, "out: too small, or bad tag length");
    return;
  }
  size_t n = pt.len + tag_len;
  if (PartialOverlap(out.data, n, pt.data, pt.len) || Overlaps(out.data, n, nonce.data, nonce.len) ||
      Overlaps(out.data, n, aad.data, aad.len)) {
    ThrowRange(env, "out: must not partially overlap the plaintext (exactly the same start is allowed), nor overlap the nonce or the AAD");
    return;
  }
  if (nonce.shared || pt.shared || aad.shared || out.shared) {
    SealShared(env, aead, box, nonce, aad, pt, out, tag_len);
    return;
  }
  hwc_status st = aead.seal(box, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(pt), pt.len,
                               out.data, out.data + pt.len, tag_len);
  if (st != HWC_OK) ThrowStatus(env, st, "seal");
}

// An open's status as JS sees it: true, false (authentication failed; the
// core already wiped what it wrote), or a thrown error.
napi_value OpenResult(napi_env env, hwc_status st) {
  if (st != HWC_OK && st != HWC_ERR_AUTH) {
    ThrowStatus(env, st, "open");
    return nullptr;
  }
  return Bool(env, st == HWC_OK);
}

// sealed = ciphertext || tag. out null: the plaintext goes to the session's
// arena (at most kArenaInput bytes).
napi_value Open(napi_env env, const Aead &aead, const KeyBox *box, napi_value *argv) {
  Bytes nonce, sealed, aad, out;
  uint32_t tag_len = 0;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "sealed", &sealed) ||
      !GetOptionalBytes(env, argv[3], "aad", &aad))
    return nullptr;
  if (napi_get_value_uint32(env, argv[2], &tag_len) != napi_ok || tag_len > sealed.len) {
    ThrowRange(env, "sealed: shorter than the tag");
    return nullptr;
  }
  size_t ct_len = sealed.len - tag_len;
  napi_valuetype t;
  if (napi_typeof(env, argv[4], &t) == napi_ok && t == napi_null) {
    out.data = ArenaMem(env, box->arena);
    out.len = kArenaInput;
    if (!out.data) return nullptr;
  } else if (!GetBytes(env, argv[4], "out", &out)) {
    return nullptr;
  }
  if (out.len < ct_len) {
    ThrowRange(env, "out: too small");
    return nullptr;
  }
  if (PartialOverlap(out.data, ct_len, sealed.data, sealed.len) ||
      Overlaps(out.data, ct_len, sealed.data + ct_len, tag_len) ||
      Overlaps(out.data, ct_len, nonce.data, nonce.len) ||
      Overlaps(out.data, ct_len, aad.data, aad.len)) {
    ThrowRange(env, "out: must not partially overlap the ciphertext (exactly the same start is allowed), nor overlap the nonce, the AAD or the tag");
    return nullptr;
  }
  if (nonce.shared || sealed.shared || aad.shared || out.shared)
    return OpenResult(env, OpenShared(aead, box, nonce, aad, sealed, tag_len, out));
  hwc_status st = aead.open(box, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(sealed),
                               ct_len, Ptr(sealed) + ct_len, tag_len, out.data);
  return OpenResult(env, st);
}

// The AEAD arena calls take their four lengths (nonce, AAD, plaintext or
// sealed, tag) packed into one number, ten bits each from the low end:
// nonce + aad * 2^10 + data * 2^20 + tag * 2^30 (at most 2^40 - 1, exact
// in a double). One napi_get_value_int64 instead of four uint32 reads,
// which cost as much as the arena lookup. Every length is below
// kArenaSize, so each fits its field; the callers check the sum against
// the arena, and the tag length against 4..32 (the AEADs' range; each core
// refuses what its mode does not allow).
constexpr int kLenBits = 10;
static_assert(kArenaSize <= (1u << kLenBits), "an arena length must fit its field");
bool ArenaLengths(napi_env env, napi_value v, uint32_t n[4]) {
  int64_t x = -1;
  if (napi_get_value_int64(env, v, &x) != napi_ok || x < 0 || x >= ((int64_t)1 << (4 * kLenBits))) return false;
  for (int i = 0; i < 4; i++) n[i] = (uint32_t)(x >> (i * kLenBits)) & ((1u << kLenBits) - 1);
  return n[3] >= 4 && n[3] <= 32;
}

// The inputs were copied by JS into the arena from kArenaInput on (nonce,
// aad, sealed); the plaintext goes to arena[0, sealedLen - tagLen) and the
// input region is zeroed. Numbers only: no typed-array lookups, which cost
// more than opening a short message.
napi_value OpenArena(napi_env env, const Aead &aead, const KeyBox *box, napi_value *argv) {
  uint32_t n[4];
  bool ok = ArenaLengths(env, argv[0], n);
  uint64_t total = (uint64_t)n[0] + n[1] + n[2];
  if (!ok || n[3] > n[2] || n[2] - n[3] > kArenaInput || kArenaInput + total > kArenaSize) {
    ThrowRange(env, "openArena: lengths do not fit the arena");
    return nullptr;
  }
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return nullptr;
  uint8_t *nonce = arena + kArenaInput, *aad = nonce + n[0], *sealed = aad + n[1];
  size_t ct_len = n[2] - n[3];
  hwc_status st = aead.open(box, nonce, n[0], aad, n[1], sealed, ct_len, sealed + ct_len, n[3], arena);
  hwc_wipe(nonce, (size_t)total);
  return OpenResult(env, st);
}

// The inputs were copied by JS into the arena from kArenaSealInput on
// (nonce, aad, plaintext); ciphertext || tag goes to arena[0, ptLen +
// tagLen), below the inputs, and the input region is zeroed. Numbers only,
// as for OpenArena: the typed-array lookups of Seal (four of them) cost
// more than the seal of a short message. JS copies the result out into a
// slab view or the caller's out, so an out that overlaps the inputs in any
// way is harmless (they are read before anything is written). On failure
// the result region is zeroed too.
void SealArena(napi_env env, const Aead &aead, const KeyBox *box, napi_value *argv) {
  uint32_t n[4];
  bool ok = ArenaLengths(env, argv[0], n);
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return;
  uint64_t total = (uint64_t)n[0] + n[1] + n[2];
  if (!ok || (uint64_t)n[2] + n[3] > kArenaSealInput || kArenaSealInput + total > kArenaSize) {
    // Lengths JS did not compute: what was copied in is unknown, so all of it goes.
    hwc_wipe(arena, kArenaSize);
    ThrowRange(env, "sealArena: lengths do not fit the arena");
    return;
  }
  uint8_t *nonce = arena + kArenaSealInput, *aad = nonce + n[0], *pt = aad + n[1];
  hwc_status st = aead.seal(box, nonce, n[0], aad, n[1], pt, n[2], arena, arena + n[2], n[3]);
  hwc_wipe(nonce, (size_t)total);
  if (st != HWC_OK) {
    hwc_wipe(arena, (size_t)n[2] + n[3]);
    ThrowStatus(env, st, "seal");
  }
}

void Ctr(napi_env env, const KeyBox *box, napi_value *argv) {
  Bytes ctr, in, out;
  if (!GetBytes(env, argv[0], "counter", &ctr) || !GetBytes(env, argv[1], "data", &in) ||
      !GetBytes(env, argv[2], "out", &out))
    return;
  if (ctr.len != 16 || out.len < in.len) {
    ThrowRange(env, ctr.len != 16 ? "counter: expected 16 bytes" : "out: too small");
    return;
  }
  if (PartialOverlap(out.data, in.len, in.data, in.len) ||
      Overlaps(out.data, in.len, ctr.data, ctr.len)) {
    ThrowRange(env, "out: must not partially overlap the data (exactly the same start is allowed), nor overlap the counter");
    return;
  }
  if (in.len == 0) return;
  hwc_status st = hwc_ctr_xor(box->key, ctr.data, in.data, out.data, in.len);
  if (st != HWC_OK) ThrowStatus(env, st, "xor");
}

// The counter block was copied by JS to kArenaInput and len <= kArenaInput
// bytes of data to kArenaCtrData; the result goes to arena[0, len) and the
// input region is zeroed. As for OpenArena: a short
// result handed to native code as a fresh typed array would cost V8 more
// than the cipher.
void CtrArena(napi_env env, const KeyBox *box, napi_value *argv) {
  uint32_t len = UINT32_MAX;
  if (napi_get_value_uint32(env, argv[0], &len) != napi_ok || len > kArenaInput) {
    ThrowRange(env, "ctrArena: length does not fit the arena");
    return;
  }
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return;
  uint8_t *ctr = arena + kArenaInput, *data = arena + kArenaCtrData;
  if (len) hwc_ctr_xor(box->key, ctr, data, arena, len);
  hwc_wipe(ctr, (size_t)(data - ctr) + len);
}

// CMAC reads the data once, but a SharedArrayBuffer could still change
// between the chain and the last block (a MAC of bytes no one held, or a
// verify that accepts bytes other than those the caller then uses), so
// shared data is copied first, as for GCM.
hwc_status CmacRun(const KeyBox *box, const Bytes &data, const uint8_t *tag, size_t tag_len, uint8_t *out) {
  const uint8_t *p = Ptr(data);
  Scratch s(data.shared ? data.len : 0);
  if (data.shared) {
    if (!s.p) return HWC_ERR_ARG;
    if (data.len) std::memcpy(s.p, data.data, data.len);
    p = s.p;
  }
  if (!tag) return hwc_cmac(box->key, p, data.len, out);
  return hwc_cmac_verify(box->key, p, data.len, tag, tag_len);
}

void Cmac(napi_env env, const KeyBox *box, napi_value *argv) {
  Bytes data, out;
  if (!GetBytes(env, argv[0], "data", &data) || !GetBytes(env, argv[1], "out", &out)) return;
  if (out.len < 16) {
    ThrowRange(env, "out: too small (16 bytes needed)");
    return;
  }
  uint8_t tag[16];
  hwc_status st = CmacRun(box, data, nullptr, 0, tag);
  if (st == HWC_OK) std::memcpy(out.data, tag, 16);  // out may overlap data: written after
  hwc_wipe(tag, 16);
  if (st != HWC_OK) ThrowStatus(env, st, "mac");
}

// The data was copied by JS to kArenaInput (len <= kArenaSize - kArenaInput);
// the tag goes to arena[0, 16) and the input region is zeroed. Numbers
// only, as for CtrArena: the typed-array lookups of Cmac cost about as
// much as the MAC of a short message.
void CmacArena(napi_env env, const KeyBox *box, napi_value *argv) {
  uint32_t len = UINT32_MAX;
  if (napi_get_value_uint32(env, argv[0], &len) != napi_ok || len > kArenaSize - kArenaInput) {
    ThrowRange(env, "cmacArena: length does not fit the arena");
    return;
  }
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return;
  uint8_t tag[16];
  hwc_status st = hwc_cmac(box->key, arena + kArenaInput, len, tag);
  if (st == HWC_OK) std::memcpy(arena, tag, 16);
  hwc_wipe(tag, 16);
  hwc_wipe(arena + kArenaInput, len);
  if (st != HWC_OK) ThrowStatus(env, st, "mac");
}

napi_value CmacVerify(napi_env env, const KeyBox *box, napi_value *argv) {
  Bytes data, tag;
  if (!GetBytes(env, argv[0], "data", &data) || !GetBytes(env, argv[1], "tag", &tag)) return nullptr;
  if (tag.len < HWC_CMAC_MIN_TAG || tag.len > 16) {
    ThrowRange(env, "tag: expected 4 to 16 bytes");
    return nullptr;
  }
  uint8_t t[16];
  std::memcpy(t, tag.data, tag.len);  // a private copy: the tag may be shared memory
  hwc_status st = CmacRun(box, data, t, tag.len, nullptr);
  hwc_wipe(t, sizeof(t));
  if (st != HWC_OK && st != HWC_ERR_AUTH) {
    ThrowStatus(env, st, "verify");
    return nullptr;
  }
  return Bool(env, st == HWC_OK);
}

// AEGIS-MAC on an AEGIS key. As for CMAC, shared data is copied first (a
// MAC of bytes no one held, or a verify that accepts bytes other than those
// the caller then uses), and the tag is computed into a private buffer and
// copied out after (out may overlap the data or the nonce; a shared tag to
// verify is copied before the compare). Nonce length: the key's (16 or 32
// bytes), refused here; tag length 16 or 32, refused here and in the core.
hwc_status AegisMacRun(const KeyBox *box, const Bytes &nonce, const Bytes &data, const uint8_t *tag, size_t tag_len,
                       uint8_t *out) {
  const AegisKey *k = box->aegis;
  uint8_t n[32];
  std::memcpy(n, nonce.data, nonce.len);  // nonce.len == key length (checked by the callers), at most 32
  const uint8_t *p = Ptr(data);
  Scratch s(data.shared ? data.len : 0);
  if (data.shared) {
    if (!s.p) return HWC_ERR_ARG;
    if (data.len) std::memcpy(s.p, data.data, data.len);
    p = s.p;
  }
  hwc_status st = tag ? hwc_aegis_mac_verify(k->alg, k->backend, k->key, n, p, data.len, tag, tag_len)
                      : hwc_aegis_mac(k->alg, k->backend, k->key, n, p, data.len, out, tag_len);
  hwc_wipe(n, sizeof(n));
  return st;
}

bool AegisMacNonce(napi_env env, const KeyBox *box, const Bytes &nonce) {
  size_t want = hwc_aegis_key_len(box->aegis->alg);
  if (nonce.len != want || want > 32) {
    ThrowRange(env, std::string("nonce: expected ") + std::to_string(want) + " bytes");
    return false;
  }
  return true;
}

void AegisMac(napi_env env, const KeyBox *box, napi_value *argv) {
  Bytes nonce, data, out;
  uint32_t tag_len = 0;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "data", &data) ||
      !GetBytes(env, argv[2], "out", &out) || !AegisMacNonce(env, box, nonce))
    return;
  if (napi_get_value_uint32(env, argv[3], &tag_len) != napi_ok || (tag_len != 16 && tag_len != 32)) {
    ThrowRange(env, "tagLength: expected 16 or 32");
    return;
  }
  if (out.len < tag_len) {
    ThrowRange(env, "out: too small");
    return;
  }
  uint8_t tag[32];
  hwc_status st = AegisMacRun(box, nonce, data, nullptr, tag_len, tag);
  if (st == HWC_OK) std::memcpy(out.data, tag, tag_len);  // out may overlap data or nonce: written after
  hwc_wipe(tag, sizeof(tag));
  if (st != HWC_OK) ThrowStatus(env, st, "mac");
}

napi_value AegisMacVerify(napi_env env, const KeyBox *box, napi_value *argv) {
  Bytes nonce, data, tag;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "data", &data) ||
      !GetBytes(env, argv[2], "tag", &tag) || !AegisMacNonce(env, box, nonce))
    return nullptr;
  if (tag.len != 16 && tag.len != 32) {
    ThrowRange(env, "tag: expected 16 or 32 bytes");
    return nullptr;
  }
  uint8_t t[32];
  std::memcpy(t, tag.data, tag.len);  // a private copy: the tag may be shared memory
  hwc_status st = AegisMacRun(box, nonce, data, t, tag.len, nullptr);
  hwc_wipe(t, sizeof(t));
  if (st != HWC_OK && st != HWC_ERR_AUTH) {
    ThrowStatus(env, st, "verify");
    return nullptr;
  }
  return Bool(env, st == HWC_OK);
}

// The nonce and the data were copied by JS to the arena back to back from
// kArenaInput; the tag goes to arena[0, tagLen) and the input region is
// zeroed. Numbers only, as for CmacArena: for a short message the
// typed-array lookups of AegisMac cost about as much as the MAC.
void AegisMacArena(napi_env env, const KeyBox *box, napi_value *argv) {
  uint32_t n[3];
  for (int i = 0; i < 3; i++) {
    if (napi_get_value_uint32(env, argv[i], &n[i]) != napi_ok) n[i] = UINT32_MAX;
  }
  uint64_t total = (uint64_t)n[0] + n[1];
  if (n[0] != hwc_aegis_key_len(box->aegis->alg) || (n[2] != 16 && n[2] != 32) || kArenaInput + total > kArenaSize) {
    ThrowRange(env, "aegisMacArena: lengths do not fit the arena, or a bad nonce or tag length");
    return;
  }
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return;
  const AegisKey *k = box->aegis;
  uint8_t *nonce = arena + kArenaInput, *data = nonce + n[0];
  uint8_t tag[32];
  hwc_status st = hwc_aegis_mac(k->alg, k->backend, k->key, nonce, data, n[1], tag, n[2]);
  if (st == HWC_OK) std::memcpy(arena, tag, n[2]);
  hwc_wipe(tag, sizeof(tag));
  hwc_wipe(nonce, (size_t)total);
  if (st != HWC_OK) ThrowStatus(env, st, "mac");
}

// The unkeyed block modes (ECB, CBC, XTS). As for the AEADs, shared memory
// runs on private copies: a CBC-PKCS#7 decrypt writes the plaintext before
// the padding verdict, and another thread must never see the plaintext of a
// rejected message (a padding oracle with no timing at all); the others
// have no verdict, but the same rule keeps one path for all. The run
// writes into the copy of its input (every mode allows in == out), and
// only a finished result is copied to out.
//
// run(param, in, out, &written) is the core call; param is the IV or tweak
// (may be empty). Returns false (an exception pending) only when the copy
// cannot be allocated.
template <typename Run>
bool RunBlocks(napi_env env, const Bytes &param, const Bytes &in, const Bytes &out, size_t out_max, Run run,
               hwc_status *st, size_t *written) {
  *written = 0;
  if (!(param.shared || in.shared || out.shared)) {
    *st = run(Ptr(param), Ptr(in), out.data, written);
    return true;
  }
  Scratch s(param.len + (in.len > out_max ? in.len : out_max));
  if (!s.p) {
    ThrowError(env, "out of memory");
    return false;
  }
  uint8_t *w = s.p;
  const uint8_t *cp = Snapshot(w, param);
  uint8_t *data = w;  // the input's copy, which the run overwrites with its result
  Snapshot(w, in);
  *st = run(cp, data, data, written);
  if (*st == HWC_OK && *written) std::memcpy(out.data, data, *written);
  return true;
}

bool GetEncrypt(napi_env env, napi_value v, bool *encrypt) {
  if (napi_get_value_bool(env, v, encrypt) != napi_ok) {
    ThrowType(env, "encrypt: expected a boolean");
    return false;
  }
  return true;
}

// The 16-byte IV or tweak `what` (none for ECB), the data and out.
// RangeError unless out holds the result (the data's length, or the padded
// length when pad) and overlaps neither the parameter nor, except with the
// same start, the data. *need receives the result's length.
bool BlockArgs(napi_env env, napi_value *argv, const char *what, bool pad, Bytes *param, Bytes *in, Bytes *out,
               size_t *need) {
  size_t at = what ? 1 : 0;
  if ((what && !GetBytes(env, argv[0], what, param)) || !GetBytes(env, argv[at], "data", in) ||
      !GetBytes(env, argv[at + 1], "out", out))
    return false;
  if (what && param->len != 16) {
    ThrowRange(env, std::string(what) + ": expected 16 bytes");
    return false;
  }
  *need = pad ? hwc_cbc_pkcs7_len(in->len) : in->len;
  if (!CheckOut(env, *out, *need)) return false;
  if (PartialOverlap(out->data, *need, in->data, in->len) || Overlaps(out->data, *need, param->data, param->len)) {
    ThrowRange(env, std::string("out: must not partially overlap the data (exactly the same start is allowed)") +
                        (what ? std::string(", nor overlap the ") + what : std::string()));
    return false;
  }
  return true;
}

void Ecb(napi_env env, const KeyBox *box, napi_value *argv) {
  bool enc = false;
  Bytes none, in, out;
  size_t need = 0, written = 0;
  if (!GetEncrypt(env, argv[0], &enc) || !BlockArgs(env, argv + 1, nullptr, false, &none, &in, &out, &need))
    return;
  if (in.len % 16) {
    ThrowRange(env, "data: length must be a multiple of 16");
    return;
  }
  if (in.len == 0) return;
  hwc_status st = HWC_OK;
  auto run = [&](const uint8_t *, const uint8_t *i, uint8_t *o, size_t *w) {
    *w = in.len;
    return enc ? hwc_ecb_encrypt(box->key, i, o, in.len) : hwc_ecb_decrypt(box->key, i, o, in.len);
  };
  if (!RunBlocks(env, none, in, out, need, run, &st, &written)) return;
  if (st != HWC_OK) ThrowStatus(env, st, enc ? "encrypt" : "decrypt");
}

// CBC, with PKCS#7 padding when pkcs7. Returns the number of bytes of the
// result, or -1 when a decrypt refused the ciphertext (a length that is not
// a positive multiple of 16 with pkcs7, not a multiple of 16 without; or
// bad padding): out[0, data length) is then zeroed, whatever was written.
// An encrypt without padding of a length that is not a multiple of 16 is
// a RangeError (the caller's framing, not the data's).
napi_value Cbc(napi_env env, const KeyBox *box, napi_value *argv, bool pkcs7) {
  bool enc = false;
  Bytes iv, in, out;
  size_t need = 0, written = 0;
  if (!GetEncrypt(env, argv[0], &enc) || !BlockArgs(env, argv + 1, "iv", enc && pkcs7, &iv, &in, &out, &need))
    return nullptr;
  if (!(enc && pkcs7) && (in.len % 16 || (pkcs7 && in.len == 0))) {
    if (enc) {
      ThrowRange(env, "data: length must be a multiple of 16 without padding");
      return nullptr;
    }
    if (in.len) hwc_wipe(out.data, in.len);
    return Num(env, -1);
  }
  if (need == 0) return Num(env, 0);
  hwc_status st = HWC_OK;
  auto run = [&](const uint8_t *p, const uint8_t *i, uint8_t *o, size_t *w) {
    if (!pkcs7) {
      *w = in.len;
      return enc ? hwc_cbc_encrypt(box->key, p, i, o, in.len) : hwc_cbc_decrypt(box->key, p, i, o, in.len);
    }
    if (enc) {
      *w = need;
      return hwc_cbc_encrypt_pkcs7(box->key, p, i, in.len, o);
    }
    return hwc_cbc_decrypt_pkcs7(box->key, p, i, in.len, o, w);
  };
  if (!RunBlocks(env, iv, in, out, need, run, &st, &written)) return nullptr;
  if (st == HWC_ERR_DECRYPT) {
    // The core wiped what it wrote; on the shared path that was the copy,
    // so out is zeroed here and both paths leave the same out.
    hwc_wipe(out.data, in.len);
    return Num(env, -1);
  }
  if (st != HWC_OK) {
    ThrowStatus(env, st, enc ? "encrypt" : "decrypt");
    return nullptr;
  }
  return Num(env, (double)written);
}

// XTS with the key's two halves; data of 16 .. HWC_XTS_MAX_LEN bytes.
void Xts(napi_env env, const KeyBox *box, napi_value *argv) {
  bool enc = false;
  Bytes tweak, in, out;
  size_t need = 0, written = 0;
  if (!GetEncrypt(env, argv[0], &enc) || !BlockArgs(env, argv + 1, "tweak", false, &tweak, &in, &out, &need))
    return;
  if (in.len < 16 || in.len > HWC_XTS_MAX_LEN) {
    ThrowRange(env, "data: expected 16 to 2^24 bytes");
    return;
  }
  hwc_status st = HWC_OK;
  auto run = [&](const uint8_t *t, const uint8_t *i, uint8_t *o, size_t *w) {
    *w = in.len;
    return enc ? hwc_xts_encrypt(box->key, box->key2, t, i, o, in.len)
               : hwc_xts_decrypt(box->key, box->key2, t, i, o, in.len);
  };
  if (!RunBlocks(env, tweak, in, out, need, run, &st, &written)) return;
  if (st != HWC_OK) ThrowStatus(env, st, enc ? "encrypt" : "decrypt");
}

// Key handles are N-API Externals carrying this type tag; keyOp refuses
// anything else (a plain object, another addon's External), so no value a
// caller passes is ever cast to a KeyBox unless hwcrypt made it.

// keyOp(key, code, ...): key is the External that createAesKey returned.
napi_value KeyOp(napi_env env, napi_callback_info info) {
  static const size_t kArgs[] = {5, 5, 3, 0, 1, 1, 2, 2, 1, 3, 4, 4, 4, 5, 5, 1, 5, 5, 1, 5, 5, 1, 4, 3, 3,
                                 1, 1, 1, 1};  // arguments after the code, per Op
  static_assert(sizeof(kArgs) / sizeof(kArgs[0]) == kLastOp + 1, "one argument count per Op");
  napi_value argv[7];
  size_t argc = 7;
  uint32_t code = UINT32_MAX;
  void *data = nullptr;
  bool tagged = false;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  // napi_get_value_external first: it fails, without throwing, for anything
  // that is not an External (where the tag check would throw for null), and
  // only then does the tag say whether the External is one of ours.
  if (argc < 2 || napi_get_value_external(env, argv[0], &data) != napi_ok || !data ||
      napi_check_object_type_tag(env, argv[0], &kKeyTag, &tagged) != napi_ok || !tagged) {
    ThrowType(env, "key: not an hwcrypt AES key");
    return nullptr;
  }
  if (napi_get_value_uint32(env, argv[1], &code) != napi_ok || code > kLastOp) {
    ThrowRange(env, "key: unknown operation");
    return nullptr;
  }
  KeyBox *box = static_cast<KeyBox *>(data);
  if (code == kDispose) {
    FreeKey(env, box);
    return nullptr;
  }
  if (argc < kArgs[code] + 2) {
    ThrowType(env, "key: too few arguments");
    return nullptr;
  }
  if (!box->key && !box->aegis) {
    ThrowStatus(env, HWC_ERR_STATE, "key");
    return nullptr;
  }
  // An AEGIS key is no AES key: it serves the AEGIS operations alone, and
  // only they take one.
  bool aegis_op = IsAegisOp(code);
  if (aegis_op != (box->aegis != nullptr)) {
    ThrowType(env, aegis_op ? "key: not an AEGIS key" : "key: an AEGIS key serves only AEGIS");
    return nullptr;
  }
  // An XTS key's halves are AES keys too, but it serves XTS alone, and
  // only an XTS key has the tweak key XTS needs.
  if ((code == kXts) != (box->key2 != nullptr)) {
    ThrowType(env, code == kXts ? "key: not an AES-XTS key" : "key: an AES-XTS key serves only XTS");
    return nullptr;
  }
  switch (code) {
    case kSeal:
      Seal(env, kGcm, box, argv + 2);
      return nullptr;
    case kOpen:
      return Open(env, kGcm, box, argv + 2);
    case kCcmSeal:
      Seal(env, kCcm, box, argv + 2);
      return nullptr;
    case kCcmOpen:
      return Open(env, kCcm, box, argv + 2);
    case kEcb:
      Ecb(env, box, argv + 2);
      return nullptr;
    case kCbc:
      return Cbc(env, box, argv + 2, false);
    case kCbcPkcs7:
      return Cbc(env, box, argv + 2, true);
    case kXts:
      Xts(env, box, argv + 2);
      return nullptr;
    case kCtr:
      Ctr(env, box, argv + 2);
      return nullptr;
    case kOpenArena:
      return OpenArena(env, kGcm, box, argv + 2);
    case kCcmOpenArena:
      return OpenArena(env, kCcm, box, argv + 2);
    case kSivSeal:
      Seal(env, kGcmSiv, box, argv + 2);
      return nullptr;
    case kSivOpen:
      return Open(env, kGcmSiv, box, argv + 2);
    case kSivOpenArena:
      return OpenArena(env, kGcmSiv, box, argv + 2);
    case kAegisSeal:
      Seal(env, kAegis, box, argv + 2);
      return nullptr;
    case kAegisOpen:
      return Open(env, kAegis, box, argv + 2);
    case kAegisOpenArena:
      return OpenArena(env, kAegis, box, argv + 2);
    case kAegisMac:
      AegisMac(env, box, argv + 2);
      return nullptr;
    case kAegisMacVerify:
      return AegisMacVerify(env, box, argv + 2);
    case kAegisMacArena:
      AegisMacArena(env, box, argv + 2);
      return nullptr;
    case kCmac:
      Cmac(env, box, argv + 2);
      return nullptr;
    case kCmacVerify:
      return CmacVerify(env, box, argv + 2);
    case kCmacArena:
      CmacArena(env, box, argv + 2);
      return nullptr;
    case kCtrArena:
      CtrArena(env, box, argv + 2);
      return nullptr;
    case kSealArena:
      SealArena(env, kGcm, box, argv + 2);
      return nullptr;
    case kCcmSealArena:
      SealArena(env, kCcm, box, argv + 2);
      return nullptr;
    case kSivSealArena:
      SealArena(env, kGcmSiv, box, argv + 2);
      return nullptr;
    case kAegisSealArena:
      SealArena(env, kAegis, box, argv + 2);
      return nullptr;
  }
  return nullptr;
}

// Allocates and expands the key (two AES keys for XTS) into box; throws
// and returns false on failure, with nothing left allocated.
bool ExpandKey(napi_env env, KeyBox *box, const char *backend, const Bytes &key, bool xts) {
  size_t size = hwc_aes_key_size_with(backend);
  if (size == 0) {
    ThrowStatus(env, HWC_ERR_UNAVAILABLE, "backend");
    return false;
  }
  hwc_aes_key *k = static_cast<hwc_aes_key *>(std::aligned_alloc(hwc_aes_key_align(), size));
  hwc_aes_key *k2 = xts ? static_cast<hwc_aes_key *>(std::aligned_alloc(hwc_aes_key_align(), size)) : nullptr;
  if (!k || (xts && !k2)) {
    std::free(k);
    std::free(k2);
    ThrowError(env, "createAesKey: out of memory");
    return false;
  }
  hwc_status st = xts ? hwc_xts_key_init(k, k2, backend, Ptr(key), key.len)
                      : hwc_aes_key_init_with(k, backend, Ptr(key), key.len);
  if (st != HWC_OK) {
    hwc_wipe(k, size);
    std::free(k);
    if (k2) {
      hwc_wipe(k2, size);
      std::free(k2);
    }
    if (st == HWC_ERR_ARG && xts && (key.len == 32 || key.len == 48 || key.len == 64))
      ThrowRange(env, "key: the two halves of an AES-XTS key must differ");
    else if (st == HWC_ERR_ARG)
      ThrowRange(env, xts ? "key: expected 32, 48 or 64 bytes" : "key: expected 16, 24 or 32 bytes");
    else
      ThrowStatus(env, st, "backend");
    return false;
  }
  box->key = k;
  box->key2 = k2;
  box->size = xts ? 2 * size : size;
  return true;
}

// The External for a filled box, tagged as an hwcrypt key, with the key's
// memory reported to V8; nullptr (an exception pending) on failure, with
// the key freed. `fn` names the caller in the error.
napi_value KeyHandle(napi_env env, KeyBox *box, const char *fn_name) {
  napi_value fn;
  napi_status made = napi_create_external(env, box, FinalizeKey, nullptr, &fn);
  if (made != napi_ok || napi_type_tag_object(env, fn, &kKeyTag) != napi_ok) {
    // Once the External exists its finalizer owns the box (it runs even
    // while the environment is torn down, which is when tagging fails):
    // free only the key here, and the box only if no External was made.
    // FreeKey reports the memory as released: report it as held first.
    ReportExternal(env, (int64_t)box->size);
    FreeKey(env, box);
    if (made != napi_ok) delete box;
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && !pending)
      ThrowError(env, std::string(fn_name) + ": cannot create the key handle");
    return nullptr;
  }
  ReportExternal(env, (int64_t)box->size);
  return fn;
}

// createAesKey(key: Uint8Array, backend?: string, xts?: boolean) -> { handle,
//   backend: string, keyBytes: number (16, 24 or 32; 32, 48 or 64 for XTS),
//   allocatedBytes: number (native memory for the key) }. With xts, the
//   key is the two AES keys of AES-XTS (hwc_xts_key_init), for kXts only.
// Bound to a session's arena (callback data).
napi_value CreateAesKey(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  size_t argc = 3;
  void *arena = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &arena) != napi_ok || !arena) return nullptr;
  Bytes key;
  if (argc < 1) {
    ThrowType(env, "createAesKey: expected a key");
    return nullptr;
  }
  if (!GetBytes(env, argv[0], "key", &key)) return nullptr;
  char name[64];
  napi_valuetype t = napi_undefined;
  bool named = argc > 1 && napi_typeof(env, argv[1], &t) == napi_ok && t == napi_string;
  if (named && !GetName(env, argv[1], name)) name[0] = '\0';  // no such backend
  bool xts = false;
  if (argc > 2 && !IsNullish(env, argv[2]) && napi_get_value_bool(env, argv[2], &xts) != napi_ok) {
    ThrowType(env, "createAesKey: xts: expected a boolean");
    return nullptr;
  }
  // Resolve the backend once, so the size and the expansion agree.
  const char *backend = named ? name : hwc_backend_current(HWC_FAMILY_AES);
  KeyBox *box = new KeyBox();
  box->arena = static_cast<Arena *>(arena);
  if (!ExpandKey(env, box, backend, key, xts)) {
    delete box;
    return nullptr;
  }
  napi_value fn = KeyHandle(env, box, "createAesKey");
  if (!fn) return nullptr;
  napi_value result;
  if (napi_create_object(env, &result) != napi_ok || !SetProp(env, result, "handle", fn) ||
      !SetProp(env, result, "backend", Str(env, hwc_aes_key_backend(box->key))) ||
      !SetProp(env, result, "keyBytes", Num(env, (double)(xts ? key.len : hwc_aes_key_bytes(box->key)))) ||
      !SetProp(env, result, "allocatedBytes", Num(env, (double)box->size)))
    return nullptr;  // an exception is pending (e.g. the environment is going away)
  return result;
}


// Whether `alg` has a kernel on the AES backend `backend` in this build:
// the X variants' slots may be empty (HWC_ERR_UNAVAILABLE). Asked once per
// (variant, backend) with an empty message under a zero key, then cached;
// the answer never changes while the process runs, and two threads that
// ask at once store the same answer.
bool AegisHasKernel(hwc_aegis_alg alg, const char *backend) {
  constexpr int kMax = 16;
  static std::atomic<uint8_t> known[HWC_AEGIS_ALGS][kMax];  // 0: not asked, 1: yes, 2: no
  const char *names[kMax];
  int n = hwc_backend_known(HWC_FAMILY_AES, names, kMax);
  int i = 0;
  while (i < n && i < kMax && std::strcmp(names[i], backend) != 0) i++;
  uint8_t k = i < n && i < kMax ? known[alg][i].load(std::memory_order_relaxed) : 0;
  if (k) return k == 1;
  uint8_t zero[32] = {0}, tag[16];
  bool ok = hwc_aegis_seal(alg, backend, zero, zero, nullptr, 0, nullptr, 0, nullptr, tag, 16) == HWC_OK;
  if (i < n && i < kMax) known[alg][i].store(ok ? 1 : 2, std::memory_order_relaxed);
  return ok;
}

const char *const kAegisNames[HWC_AEGIS_ALGS] = {"AEGIS-128L", "AEGIS-128X2", "AEGIS-128X4",
                                                 "AEGIS-256",  "AEGIS-256X2", "AEGIS-256X4"};

// createAegisKey(alg: number (hwc_aegis_alg), key: Uint8Array, backend?:
//   string) -> { handle, backend: string (the AEGIS kernels the key runs
//   on, hwc_aegis_backend_name), aesBackend: string (the AES backend it
//   was made for), keyBytes, allocatedBytes }. The key is kept raw (the
//   AEGIS state is built from it and the nonce per message), in native
//   memory wiped on dispose and by the finalizer, like an AES key's.
//   RangeError for a key of the wrong length or an unknown or unavailable
//   backend; Error ERR_HWCRYPT_UNAVAILABLE when this build has no kernel
//   for the variant on that backend. Bound to a session's arena.
napi_value CreateAegisKey(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  size_t argc = 3;
  void *arena = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &arena) != napi_ok || !arena) return nullptr;
  uint32_t a = UINT32_MAX;
  Bytes key;
  if (argc < 2 || napi_get_value_uint32(env, argv[0], &a) != napi_ok || a >= (uint32_t)HWC_AEGIS_ALGS) {
    ThrowRange(env, "createAegisKey: unknown AEGIS variant");
    return nullptr;
  }
  hwc_aegis_alg alg = (hwc_aegis_alg)a;
  if (!GetBytes(env, argv[1], "key", &key)) return nullptr;
  size_t key_len = hwc_aegis_key_len(alg);
  if (key.len != key_len) {
    ThrowRange(env, "key: expected " + std::to_string(key_len) + " bytes");
    return nullptr;
  }
  char name[64];
  napi_valuetype t = napi_undefined;
  bool named = argc > 2 && napi_typeof(env, argv[2], &t) == napi_ok && t == napi_string;
  if (named && !GetName(env, argv[2], name)) name[0] = '\0';  // no such backend
  const char *backend = named ? name : hwc_backend_current(HWC_FAMILY_AES);
  const char *kernels = backend ? hwc_aegis_backend_name(backend) : nullptr;
  if (!kernels || std::strlen(backend) >= sizeof(AegisKey::backend)) {
    ThrowStatus(env, HWC_ERR_UNAVAILABLE, "backend");
    return nullptr;
  }
  if (!AegisHasKernel(alg, backend)) {
    ThrowError(env,
               std::string(kAegisNames[alg]) + " has no kernel for the '" + backend +
                   "' backend in this build of hwcrypt",
               "ERR_HWCRYPT_UNAVAILABLE");
    return nullptr;
  }
  AegisKey *k = static_cast<AegisKey *>(std::malloc(sizeof(AegisKey)));
  KeyBox *box = k ? new (std::nothrow) KeyBox() : nullptr;
  if (!box) {
    std::free(k);
    ThrowError(env, "createAegisKey: out of memory");
    return nullptr;
  }
  std::memset(k, 0, sizeof(*k));
  k->alg = alg;
  std::memcpy(k->backend, backend, std::strlen(backend) + 1);
  std::memcpy(k->key, key.data, key_len);  // a copy: the key may be shared memory, it is read once
  box->aegis = k;
  box->size = sizeof(AegisKey);
  box->arena = static_cast<Arena *>(arena);
  napi_value fn = KeyHandle(env, box, "createAegisKey");
  if (!fn) return nullptr;
  napi_value result;
  if (napi_create_object(env, &result) != napi_ok || !SetProp(env, result, "handle", fn) ||
      !SetProp(env, result, "backend", Str(env, kernels)) ||
      !SetProp(env, result, "aesBackend", Str(env, k->backend)) ||
      !SetProp(env, result, "keyBytes", Num(env, (double)key_len)) ||
      !SetProp(env, result, "allocatedBytes", Num(env, (double)box->size)))
    return nullptr;
  return result;
}
}  // namespace

const napi_type_tag kKeyTag = {0x68776372797074aaULL, 0x4165734b65790004ULL};
const Aead &AeadGcm() { return kGcm; }
const Aead &AeadCcm() { return kCcm; }
const Aead &AeadGcmSiv() { return kGcmSiv; }
const Aead &AeadAegis() { return kAegis; }
void ReleaseKey(napi_env env, KeyBox *box) { FreeKey(env, box); }

void KeyJobBegin(KeyBox *box) { box->jobs++; }

void KeyJobEnd(napi_env env, KeyBox *box) {
  if (--box->jobs) return;
  if (box->parked_key || box->parked_aegis) {
    box->key = box->parked_key;
    box->key2 = box->parked_key2;
    box->aegis = box->parked_aegis;
    box->parked_key = box->parked_key2 = nullptr;
    box->parked_aegis = nullptr;
    FreeKey(env, box);  // wipes, frees and reports the memory as released
  }
  if (box->orphaned) delete box;
}

KeyBox *UnwrapKey(napi_env env, napi_value v) {
  void *data = nullptr;
  bool tagged = false;
  if (napi_get_value_external(env, v, &data) != napi_ok || !data ||
      napi_check_object_type_tag(env, v, &kKeyTag, &tagged) != napi_ok || !tagged) {
    ThrowType(env, "key: not an hwcrypt AES key");
    return nullptr;
  }
  return static_cast<KeyBox *>(data);
}

napi_value NewKeyOpFn(napi_env env) {
  napi_value fn = nullptr;
  if (napi_create_function(env, "keyOp", NAPI_AUTO_LENGTH, KeyOp, nullptr, &fn) != napi_ok) return nullptr;
  return fn;
}

napi_value NewCreateAesKeyFn(napi_env env, Arena *arena) {
  napi_value fn = nullptr;
  if (napi_create_function(env, "createAesKey", NAPI_AUTO_LENGTH, CreateAesKey, arena, &fn) != napi_ok)
    return nullptr;
  return fn;
}

napi_value NewCreateAegisKeyFn(napi_env env, Arena *arena) {
  napi_value fn = nullptr;
  if (napi_create_function(env, "createAegisKey", NAPI_AUTO_LENGTH, CreateAegisKey, arena, &fn) != napi_ok)
    return nullptr;
  return fn;
}

}  // namespace hwcrypt
