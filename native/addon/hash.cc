// hash.cc - SHA-1/SHA-2 and HMAC: one-shot functions and incremental
// contexts (HashCtx, HmacCtx) that own an hwc_hash_ctx / hwc_hmac_ctx.
//
// The contexts are classes defined with napi_define_class; each instance
// wraps its context (napi_wrap) and carries a type tag, which every method
// checks before it unwraps: V8's receiver check covers Node, and the tag
// covers any runtime without one (and objects another addon wrapped).
#include <cstdlib>
#include <cstring>
#include <new>

#include "common.h"
#include "hash_batch.h"

namespace hwcrypt {
namespace {

const napi_type_tag kHashTag = {0x68776372797074aaULL, 0x4861736843747802ULL};
const napi_type_tag kHmacTag = {0x68776372797074aaULL, 0x486d616343747803ULL};

// hash(alg, data, out): the one-shot hash of inputs too long for the arena.
napi_value Hash(napi_env env, napi_callback_info cbinfo) {
  napi_value argv[3];
  hwc_hash_alg alg;
  Bytes data, out;
  if (!Args(env, cbinfo, argv, 3, "hash") || !GetAlg(env, argv[0], &alg) ||
      !GetBytes(env, argv[1], "data", &data) || !GetBytes(env, argv[2], "out", &out) ||
      !CheckOut(env, out, hwc_hash_digest_len(alg)))
    return nullptr;
  hwc_status st = hwc_hash(alg, Ptr(data), data.len, out.data);
  if (st != HWC_OK) ThrowStatus(env, st, "hash");
  return nullptr;
}

// hmac(alg, key, data, out)
napi_value Hmac(napi_env env, napi_callback_info cbinfo) {
  napi_value argv[4];
  hwc_hash_alg alg;
  Bytes key, data, out;
  if (!Args(env, cbinfo, argv, 4, "hmac") || !GetAlg(env, argv[0], &alg) ||
      !GetBytes(env, argv[1], "key", &key) || !GetBytes(env, argv[2], "data", &data) ||
      !GetBytes(env, argv[3], "out", &out) || !CheckOut(env, out, hwc_hash_digest_len(alg)))
    return nullptr;
  hwc_status st = hwc_hmac(alg, Ptr(key), key.len, Ptr(data), data.len, out.data);
  if (st != HWC_OK) ThrowStatus(env, st, "hmac");
  return nullptr;
}

// hashArena(alg, len), bound to a session's arena: hashes arena[0, len),
// writes the digest to arena[0, digest_len) and zeroes the rest of the
// input. Numbers only: no typed-array lookups.
napi_value HashArena(napi_env env, napi_callback_info cbinfo) {
  size_t argc = 2;
  napi_value argv[2];
  uint32_t a = HWC_HASH_COUNT, len = 0;
  void *data = nullptr;
  if (napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, &data) != napi_ok || !data) return nullptr;
  if (argc < 2 || napi_get_value_uint32(env, argv[0], &a) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &len) != napi_ok || a >= (uint32_t)HWC_HASH_COUNT ||
      len > kArenaSize) {
    ThrowRange(env, "hashArena: bad algorithm or length");
    return nullptr;
  }
  uint8_t *arena = ArenaMem(env, static_cast<Arena *>(data));
  if (!arena) return nullptr;
  // The padding goes into the arena after the message (one kernel call for
  // all blocks, no tail copied) when it fits; else the one-shot with its
  // tail on the stack. Either way the input and padding past the digest
  // are zeroed after.
  const hwc_hash_alg alg = (hwc_hash_alg)a;
  const size_t bl = hwc_hash_block_len(alg);
  size_t used = len + 2 * bl;  // the most the padding reaches
  if (used > kArenaSize) used = kArenaSize;
  if (hwc_hash_in_place(alg, arena, len, kArenaSize, arena) != HWC_OK) {
    hwc_hash(alg, arena, len, arena);
    used = len;
  }
  size_t dl = hwc_hash_digest_len(alg);
  if (used > dl) hwc_wipe(arena + dl, used - dl);
  return nullptr;
}

// ---- incremental contexts ------------------------------------------------

// What HashCtx and HmacCtx share, by context type: the core's calls, the
// type tag and the class name for messages.
template <class Ctx>
struct Kind;
template <>
struct Kind<hwc_hash_ctx> {
  static constexpr const napi_type_tag *tag = &kHashTag;
  static constexpr const char *name = "HashCtx";
  static constexpr napi_ref AddonData::*ctor = &AddonData::hash_ctor;
  static hwc_status Update(hwc_hash_ctx *c, const uint8_t *p, size_t n) { return hwc_hash_update(c, p, n); }
  static hwc_status Final(hwc_hash_ctx *c, uint8_t *out) { return hwc_hash_final(c, out); }
  static uint32_t Alg(const hwc_hash_ctx *c) { return c->alg; }
  static const char *Backend(const hwc_hash_ctx *c) { return hwc_hash_backend(c); }
  static void Wipe(hwc_hash_ctx *c) { hwc_hash_wipe(c); }
};
template <>
struct Kind<hwc_hmac_ctx> {
  static constexpr const napi_type_tag *tag = &kHmacTag;
  static constexpr const char *name = "HmacCtx";
  static constexpr napi_ref AddonData::*ctor = &AddonData::hmac_ctor;
  static hwc_status Update(hwc_hmac_ctx *c, const uint8_t *p, size_t n) { return hwc_hmac_update(c, p, n); }
  static hwc_status Final(hwc_hmac_ctx *c, uint8_t *out) { return hwc_hmac_final(c, out); }
  static uint32_t Alg(const hwc_hmac_ctx *c) { return c->inner.alg; }
  // Inner and outer hash were initialised together, with the same backend.
  static const char *Backend(const hwc_hmac_ctx *c) { return hwc_hash_backend(&c->inner); }
  static void Wipe(hwc_hmac_ctx *c) { hwc_hmac_wipe(c); }
};

template <class Ctx>
void FinalizeCtx(napi_env env, void *data, void *) {
  Ctx *c = static_cast<Ctx *>(data);
  Kind<Ctx>::Wipe(c);
  delete c;
  ReportExternal(env, -(int64_t)sizeof(Ctx));
}

// Creates the context of a constructor call and wraps it into `self`.
// The context starts "wiped" (alg = HWC_HASH_COUNT): a failed init leaves
// an object whose methods throw ERR_HWCRYPT_DISPOSED.
template <class Ctx>
Ctx *WrapNew(napi_env env, napi_value self) {
  Ctx *c = new (std::nothrow) Ctx();
  if (!c) {
    ThrowError(env, std::string(Kind<Ctx>::name) + ": out of memory");
    return nullptr;
  }
  std::memset(c, 0, sizeof(*c));
  Kind<Ctx>::Wipe(c);
  if (napi_wrap(env, self, c, FinalizeCtx<Ctx>, nullptr, nullptr) != napi_ok) {
    Kind<Ctx>::Wipe(c);
    delete c;
    return nullptr;
  }
  // From here the finalizer owns c.
  ReportExternal(env, (int64_t)sizeof(Ctx));
  if (napi_type_tag_object(env, self, Kind<Ctx>::tag) != napi_ok) return nullptr;
  return c;
}

// The receiver's context, after checking its type tag; throws TypeError
// for anything else.
template <class Ctx>
Ctx *Unwrap(napi_env env, napi_value self) {
  bool ok = false;
  void *p = nullptr;
  napi_valuetype t;
  if (napi_typeof(env, self, &t) != napi_ok || t != napi_object ||
      napi_check_object_type_tag(env, self, Kind<Ctx>::tag, &ok) != napi_ok || !ok ||
      napi_unwrap(env, self, &p) != napi_ok || !p) {
    ThrowType(env, std::string("receiver is not a ") + Kind<Ctx>::name);
    return nullptr;
  }
  return static_cast<Ctx *>(p);
}

// update(data)
template <class Ctx>
napi_value Update(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  Bytes data;
  if (!Args(env, info, argv, 1, "update", &self)) return nullptr;
  Ctx *c = Unwrap<Ctx>(env, self);
  if (!c || !GetBytes(env, argv[0], "data", &data)) return nullptr;
  hwc_status st = Kind<Ctx>::Update(c, Ptr(data), data.len);
  if (st != HWC_OK) ThrowStatus(env, st, "update");
  return nullptr;
}

// digest(out) -> digest length: writes the digest, then the context is finished.
template <class Ctx>
napi_value Digest(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  Bytes out;
  if (!Args(env, info, argv, 1, "digest", &self)) return nullptr;
  Ctx *c = Unwrap<Ctx>(env, self);
  if (!c || !GetBytes(env, argv[0], "out", &out)) return nullptr;
  uint32_t alg = Kind<Ctx>::Alg(c);
  if (alg >= HWC_HASH_COUNT) {
    ThrowStatus(env, HWC_ERR_STATE, "digest");
    return nullptr;
  }
  size_t n = hwc_hash_digest_len((hwc_hash_alg)alg);
  if (!CheckOut(env, out, n)) return nullptr;
  hwc_status st = Kind<Ctx>::Final(c, out.data);
  if (st != HWC_OK) {
    ThrowStatus(env, st, "digest");
    return nullptr;
  }
  return Num(env, (double)n);  // how many bytes were written: the caller need not know
}

// The receiver of a constructor call, or nullptr (and a TypeError) when the
// class was called without `new`: then `this` is whatever the caller chose
// (globalThis, another object, an External), and wrapping it would attach
// a context, or a type tag, to an object that is not an instance.
// Not every runtime reports a missing `new` (Deno 2.9 gives a new.target for
// a plain call), so the receiver must also be an object made from the class:
// wrapping an N-API External there aborts Deno's V8.
napi_value ConstructThis(napi_env env, napi_callback_info info, napi_value *argv, size_t n,
                         size_t need, const char *cls, napi_ref cls_ref) {
  napi_value self = nullptr, target = nullptr, ctor = nullptr;
  size_t argc = n;
  napi_valuetype t = napi_undefined;
  bool is_instance = false;
  if (napi_get_cb_info(env, info, &argc, argv, &self, nullptr) != napi_ok ||
      napi_get_new_target(env, info, &target) != napi_ok)
    return nullptr;
  if (!target || !self || napi_typeof(env, self, &t) != napi_ok || t != napi_object ||
      (cls_ref && (napi_get_reference_value(env, cls_ref, &ctor) != napi_ok || !ctor ||
                   napi_instanceof(env, self, ctor, &is_instance) != napi_ok || !is_instance))) {
    ThrowType(env, std::string("Class constructor ") + cls + " cannot be invoked without 'new'");
    return nullptr;
  }
  if (argc < need) {
    ThrowType(env, std::string(cls) + ": expected " + std::to_string(need) + " arguments");
    return nullptr;
  }
  return self;
}

// The start of a constructor call: the checked receiver (*self) with a
// fresh, wiped context wrapped into it, or nullptr with an exception.
template <class Ctx>
Ctx *Construct(napi_env env, napi_callback_info info, napi_value (&argv)[2], size_t need,
               napi_value *self) {
  AddonData *d = Data(env);
  *self = ConstructThis(env, info, argv, 2, need, Kind<Ctx>::name, d ? d->*Kind<Ctx>::ctor : nullptr);
  return *self ? WrapNew<Ctx>(env, *self) : nullptr;
}

// new HashCtx(alg, backend?). An External first argument (copy() below)
// makes an empty context for the caller to fill.
napi_value HashCtor(napi_env env, napi_callback_info info) {
  napi_value argv[2], self;
  hwc_hash_ctx *c = Construct<hwc_hash_ctx>(env, info, argv, 1, &self);
  if (!c) return nullptr;
  napi_valuetype t;
  if (napi_typeof(env, argv[0], &t) == napi_ok && t == napi_external) return self;
  hwc_hash_alg alg;
  if (!GetAlg(env, argv[0], &alg)) return nullptr;
  hwc_status st;
  if (!IsNullish(env, argv[1])) {
    char name[64];
    st = GetName(env, argv[1], name) ? hwc_hash_init_with(c, alg, name) : HWC_ERR_UNAVAILABLE;
  } else {
    st = hwc_hash_init(c, alg);
  }
  if (st != HWC_OK) {
    ThrowStatus(env, st, "backend");
    return nullptr;
  }
  return self;
}

// copy() -> HashCtx with the same state (for digesting a prefix and continuing).
napi_value HashCopy(napi_env env, napi_callback_info info) {
  napi_value self, ctor, marker, copy;
  size_t argc = 0;
  if (napi_get_cb_info(env, info, &argc, nullptr, &self, nullptr) != napi_ok) return nullptr;
  hwc_hash_ctx *c = Unwrap<hwc_hash_ctx>(env, self);
  if (!c) return nullptr;
  if (c->alg >= HWC_HASH_COUNT) {
    ThrowStatus(env, HWC_ERR_STATE, "copy");
    return nullptr;
  }
  AddonData *d = Data(env);
  if (!d || !d->hash_ctor || napi_get_reference_value(env, d->hash_ctor, &ctor) != napi_ok || !ctor ||
      napi_create_external(env, nullptr, nullptr, nullptr, &marker) != napi_ok ||
      napi_new_instance(env, ctor, 1, &marker, &copy) != napi_ok)
    return nullptr;
  hwc_hash_ctx *dst = Unwrap<hwc_hash_ctx>(env, copy);
  if (!dst) return nullptr;
  std::memcpy(dst, c, sizeof(*c));
  return copy;
}

// backend (getter): the hash backend the context runs on, null once finished.
template <class Ctx>
napi_value Backend(napi_env env, napi_callback_info info) {
  napi_value self;
  size_t argc = 0;
  if (napi_get_cb_info(env, info, &argc, nullptr, &self, nullptr) != napi_ok) return nullptr;
  Ctx *c = Unwrap<Ctx>(env, self);
  if (!c) return nullptr;
  const char *b = Kind<Ctx>::Backend(c);
  return b ? Str(env, b) : Null(env);
}

// new HmacCtx(alg, key)
// An External first argument (an HMAC key's start(), below) makes an empty
// context for the caller to fill.
napi_value HmacCtor(napi_env env, napi_callback_info info) {
  napi_value argv[2], self;
  hwc_hmac_ctx *c = Construct<hwc_hmac_ctx>(env, info, argv, 1, &self);
  if (!c) return nullptr;
  napi_valuetype t;
  if (napi_typeof(env, argv[0], &t) == napi_ok && t == napi_external) return self;
  hwc_hash_alg alg;
  Bytes key;
  if (!GetAlg(env, argv[0], &alg) || !GetBytes(env, argv[1], "key", &key)) return nullptr;
  hwc_status st = hwc_hmac_init(c, alg, Ptr(key), key.len);
  if (st != HWC_OK) {
    ThrowStatus(env, st, "hmac");
    return nullptr;
  }
  return self;
}

// ---- HMAC keys --------------------------------------------------------------
//
// createHmacKey(alg, key, backend|undefined, arena) -> { fn, backend,
// allocatedBytes }: the key's inner and outer states (hwc_hmac_key) in
// native memory, and `fn`, a function made for this key alone (its
// callback data is the key's box) through which every operation goes:
// fn(code, ...args) with code an HmacOp. The function is the handle: no
// External to unwrap and no type tag to check per call (a caller cannot
// hand it another key: the box comes from the function itself), which is
// a good part of a short MAC's cost. Its finalizer wipes and frees the
// states, dispose does so at once, and the memory is reported to V8 (as
// aes.cc does for AES keys). A function per key costs more to make than an
// External (about a microsecond); an HMAC key is made to be used many times.
// `arena` must be one of this environment's session arenas (src/native.ts
// passes its own); the key remembers it for the numbers-only calls.

struct HmacKeyBox {
  hwc_hmac_key *key = nullptr;  // NULL once disposed
  Arena *arena = nullptr;
};

enum HmacOp : uint32_t {
  kHmacMac = 0,          // (data, out): the tag to out[0, dl)
  kHmacMacArena = 1,     // (len): data at kArenaInput; the tag to arena[0, dl), input zeroed
  kHmacVerify = 2,       // (data, tag) -> boolean
  kHmacVerifyArena = 3,  // (len, tagLen) -> boolean: data then tag back to back from kArenaInput, zeroed after
  kHmacDispose = 4,      // ()
  kHmacStart = 5,        // () -> HmacCtx started from the key's states
  kHmacMacMany = 6,      // (out, outIndex, ...messages): tag i to out[(outIndex + i) * dl, ...)
  kHmacMacManyPacked = 7,  // (data, lengths: Uint32Array, out): as hashManyPacked, tags back to back
  kHmacMacAsync = 8,     // (pins, data, out) -> Promise<number>: the tag on the libuv pool (async.cc)
};

void FreeHmacKey(napi_env env, HmacKeyBox *box) {
  if (!box->key) return;
  hwc_hmac_key_wipe(box->key);
  std::free(box->key);
  box->key = nullptr;
  ReportExternal(env, -(int64_t)sizeof(hwc_hmac_key));
}

void FinalizeHmacKey(napi_env env, void *data, void *) {
  HmacKeyBox *box = static_cast<HmacKeyBox *>(data);
  FreeHmacKey(env, box);
  delete box;
}

// The session arena `v` is, or nullptr (and a TypeError).
Arena *FindArena(napi_env env, napi_value v) {
  AddonData *d = Data(env);
  for (size_t i = 0; d && i < d->sessions; i++) {
    napi_value view;
    bool same = false;
    if (d->arenas[i].view && napi_get_reference_value(env, d->arenas[i].view, &view) == napi_ok && view &&
        napi_strict_equals(env, view, v, &same) == napi_ok && same)
      return &d->arenas[i];
  }
  ThrowType(env, "createHmacKey: arena: not a session arena");
  return nullptr;
}

// Shared memory can change between the MAC and the compare (a verify that
// accepts bytes other than those the caller then uses), so shared data is
// copied first, as aes.cc does for CMAC.
hwc_status HmacRun(const hwc_hmac_key *k, const Bytes &data, const uint8_t *tag, size_t tag_len, uint8_t *out) {
  const uint8_t *p = Ptr(data);
  uint8_t *copy = nullptr;
  if (data.shared && data.len) {
    copy = static_cast<uint8_t *>(std::malloc(data.len));
    if (!copy) return HWC_ERR_ARG;
    std::memcpy(copy, data.data, data.len);
    p = copy;
  }
  hwc_status st = tag ? hwc_hmac_key_verify(k, p, data.len, tag, tag_len) : hwc_hmac_key_mac(k, p, data.len, out);
  if (copy) {
    hwc_wipe(copy, data.len);
    std::free(copy);
  }
  return st;
}

napi_value HmacVerifyResult(napi_env env, hwc_status st) {
  if (st != HWC_OK && st != HWC_ERR_AUTH) {
    ThrowStatus(env, st, "verify");
    return nullptr;
  }
  return Bool(env, st == HWC_OK);
}

// The numbers-only calls: data (and for verify the tag after it) in the
// session's arena from kArenaInput; the MAC to arena[0, dl). The input
// region is zeroed after.
napi_value HmacArena(napi_env env, const HmacKeyBox *box, uint32_t code, napi_value *argv) {
  uint32_t len = UINT32_MAX, tag_len = 0;
  if (napi_get_value_uint32(env, argv[0], &len) != napi_ok ||
      (code == kHmacVerifyArena && napi_get_value_uint32(env, argv[1], &tag_len) != napi_ok) ||
      len > kArenaSize - kArenaInput || tag_len > kArenaSize - kArenaInput - len) {
    ThrowRange(env, "hmacArena: lengths do not fit the arena");
    return nullptr;
  }
  uint8_t *arena = ArenaMem(env, box->arena);
  if (!arena) return nullptr;
  uint8_t *in = arena + kArenaInput;
  if (code == kHmacVerifyArena) {
    hwc_status st = hwc_hmac_key_verify(box->key, in, len, in + len, tag_len);
    hwc_wipe(in, (size_t)len + tag_len);
    return HmacVerifyResult(env, st);
  }
  uint8_t tag[HWC_HASH_MAX_DIGEST];
  hwc_status st = hwc_hmac_key_mac(box->key, in, len, tag);
  if (st == HWC_OK) std::memcpy(arena, tag, hwc_hmac_key_digest_len(box->key));
  hwc_wipe(tag, sizeof(tag));
  hwc_wipe(in, len);
  if (st != HWC_OK) ThrowStatus(env, st, "mac");
  return nullptr;
}

// macMany: fn(kHmacMacMany, out, outIndex, ...messages), the messages as
// arguments (hash_batch.cc says why).
napi_value HmacMacMany(napi_env env, napi_callback_info info, const HmacKeyBox *box) {
  MessageArgs a;
  if (!a.Read(env, info, 3, "macMany")) return nullptr;
  napi_value *argv = a.argv();
  Bytes out;
  uint32_t index = 0;
  if (!GetBytes(env, argv[1], "out", &out)) return nullptr;
  if (napi_get_value_uint32(env, argv[2], &index) != napi_ok) {
    ThrowType(env, "outIndex: expected a number");
    return nullptr;
  }
  if (!a.Collect(env, 3, "messages")) return nullptr;
  if (!box->key) {  // Collect ran no caller code, but check after it all the same
    ThrowStatus(env, HWC_ERR_STATE, "key");
    return nullptr;
  }
  const size_t dl = hwc_hmac_key_digest_len(box->key);
  if ((uint64_t)index + a.count() > out.len / dl) {
    ThrowRange(env, "out: too small for the tags");
    return nullptr;
  }
  uint8_t *dst = out.data + (size_t)index * dl;
  if (!OutApart(env, a, dst, a.count() * dl)) return nullptr;
  hwc_status st = hwc_hmac_key_mac_many(box->key, a.ptrs(), a.lens(), a.count(), dst);
  if (st != HWC_OK) ThrowStatus(env, st, "macMany");
  return nullptr;
}

napi_value HmacKeyFn(napi_env env, napi_callback_info info) {
  static const size_t kArgs[] = {2, 1, 2, 2, 0, 0, 2, 3, 3};  // arguments after the code, per HmacOp
  napi_value argv[4];
  size_t argc = 4;
  void *data = nullptr;
  uint32_t code = UINT32_MAX;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok || !data) return nullptr;
  HmacKeyBox *box = static_cast<HmacKeyBox *>(data);
  if (argc < 1 || napi_get_value_uint32(env, argv[0], &code) != napi_ok || code > kHmacMacAsync) {
    ThrowRange(env, "key: unknown operation");
    return nullptr;
  }
  if (code == kHmacDispose) {
    FreeHmacKey(env, box);
    return nullptr;
  }
  if (!box->key) {
    ThrowStatus(env, HWC_ERR_STATE, "key");
    return nullptr;
  }
  if (code == kHmacMacMany) return HmacMacMany(env, info, box);
  if (argc < kArgs[code] + 1) {
    ThrowType(env, "key: too few arguments");
    return nullptr;
  }
  const hwc_hmac_key *k = box->key;
  const size_t dl = hwc_hmac_key_digest_len(k);
  switch (code) {
    case kHmacMacArena:
    case kHmacVerifyArena:
      return HmacArena(env, box, code, argv + 1);
    case kHmacMacAsync:
      return HmacMacAsync(env, k, argv[1], argv[2], argv[3]);
    case kHmacMac: {
      Bytes in, out;
      if (!GetBytes(env, argv[1], "data", &in) || !GetBytes(env, argv[2], "out", &out) || !CheckOut(env, out, dl))
        return nullptr;
      uint8_t tag[HWC_HASH_MAX_DIGEST];
      hwc_status st = HmacRun(k, in, nullptr, 0, tag);
      if (st == HWC_OK) std::memcpy(out.data, tag, dl);  // out may overlap data: written after
      hwc_wipe(tag, sizeof(tag));
      if (st != HWC_OK) ThrowStatus(env, st, "mac");
      return nullptr;
    }
    case kHmacVerify: {
      Bytes in, tag;
      if (!GetBytes(env, argv[1], "data", &in) || !GetBytes(env, argv[2], "tag", &tag)) return nullptr;
      if (tag.len != dl) return Bool(env, false);
      uint8_t t[HWC_HASH_MAX_DIGEST];
      std::memcpy(t, tag.data, dl);  // a private copy: the tag may be shared memory
      hwc_status st = HmacRun(k, in, t, dl, nullptr);
      hwc_wipe(t, sizeof(t));
      return HmacVerifyResult(env, st);
    }
    case kHmacMacManyPacked: {
      Bytes in, out;
      PackedMessages p;
      if (!GetBytes(env, argv[1], "data", &in) || !GetBytes(env, argv[3], "out", &out) ||
          !p.Read(env, in, argv[2], out, dl))
        return nullptr;
      hwc_status st = hwc_hmac_key_mac_many(k, p.ptrs(), p.lens(), p.count(), out.data);
      if (st != HWC_OK) ThrowStatus(env, st, "macMany");
      return nullptr;
    }
    case kHmacStart: {
      AddonData *d = Data(env);
      napi_value ctor, marker, ctx;
      if (!d || !d->hmac_ctor || napi_get_reference_value(env, d->hmac_ctor, &ctor) != napi_ok || !ctor ||
          napi_create_external(env, nullptr, nullptr, nullptr, &marker) != napi_ok ||
          napi_new_instance(env, ctor, 1, &marker, &ctx) != napi_ok)
        return nullptr;
      hwc_hmac_ctx *c = Unwrap<hwc_hmac_ctx>(env, ctx);
      if (!c) return nullptr;
      // box->key again: the constructor ran no caller code, but nothing is assumed.
      hwc_status st = box->key ? hwc_hmac_key_start(box->key, c) : HWC_ERR_STATE;
      if (st != HWC_OK) {
        ThrowStatus(env, st, "create");
        return nullptr;
      }
      return ctx;
    }
  }
  return nullptr;
}

napi_value CreateHmacKey(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  hwc_hash_alg alg;
  Bytes key;
  char name[64];
  const char *backend = nullptr;
  if (!Args(env, info, argv, 4, "createHmacKey") || !GetAlg(env, argv[0], &alg) ||
      !GetBytes(env, argv[1], "key", &key))
    return nullptr;
  if (!IsNullish(env, argv[2])) {
    if (!GetName(env, argv[2], name)) {
      ThrowType(env, "backend: expected a backend name");
      return nullptr;
    }
    backend = name;
  }
  Arena *arena = FindArena(env, argv[3]);
  if (!arena) return nullptr;
  hwc_hmac_key *k = static_cast<hwc_hmac_key *>(std::malloc(sizeof(hwc_hmac_key)));
  HmacKeyBox *box = k ? new (std::nothrow) HmacKeyBox() : nullptr;
  if (!box) {
    std::free(k);
    ThrowError(env, "createHmacKey: out of memory");
    return nullptr;
  }
  // The key is read once (it may be shared memory another thread changes).
  hwc_status st = hwc_hmac_key_init(k, alg, backend, Ptr(key), key.len);
  if (st != HWC_OK) {
    hwc_hmac_key_wipe(k);
    std::free(k);
    delete box;
    ThrowStatus(env, st, "backend");
    return nullptr;
  }
  box->key = k;
  box->arena = arena;
  napi_value fn;
  if (napi_create_function(env, "hmacKey", NAPI_AUTO_LENGTH, HmacKeyFn, box, &fn) != napi_ok) {
    hwc_hmac_key_wipe(k);
    std::free(k);
    delete box;
    return nullptr;
  }
  // Reported as held first: from here FreeHmacKey (dispose, finalizer) reports the release.
  ReportExternal(env, (int64_t)sizeof(hwc_hmac_key));
  if (napi_add_finalizer(env, fn, box, FinalizeHmacKey, nullptr, nullptr) != napi_ok) {
    // The function holds the box as callback data but no finalizer frees
    // it: free the states (calls then throw ERR_HWCRYPT_DISPOSED) and keep
    // the small box, which the function may still point to.
    FreeHmacKey(env, box);
    return nullptr;
  }
  napi_value result;
  if (napi_create_object(env, &result) != napi_ok || !SetProp(env, result, "fn", fn) ||
      !SetProp(env, result, "backend", Str(env, hwc_hmac_key_backend(k))) ||
      !SetProp(env, result, "allocatedBytes", Num(env, (double)sizeof(hwc_hmac_key))))
    return nullptr;
  return result;
}

bool DefineClass(napi_env env, napi_value exports, const char *name, napi_callback ctor,
                 const napi_property_descriptor *props, size_t n, napi_ref *keep) {
  napi_value cls;
  if (napi_define_class(env, name, NAPI_AUTO_LENGTH, ctor, nullptr, n, props, &cls) != napi_ok ||
      !SetProp(env, exports, name, cls))
    return false;
  return !keep || napi_create_reference(env, cls, 1, keep) == napi_ok;
}

}  // namespace

napi_value NewHashArenaFn(napi_env env, Arena *arena) {
  napi_value fn = nullptr;
  if (napi_create_function(env, "hashArena", NAPI_AUTO_LENGTH, HashArena, arena, &fn) != napi_ok)
    return nullptr;
  return fn;
}

bool InitHash(napi_env env, napi_value exports) {
  static const napi_property_descriptor hash_props[] = {
      {"update", nullptr, Update<hwc_hash_ctx>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"digest", nullptr, Digest<hwc_hash_ctx>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"copy", nullptr, HashCopy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"backend", nullptr, nullptr, Backend<hwc_hash_ctx>, nullptr, nullptr, napi_default, nullptr},
  };
  static const napi_property_descriptor hmac_props[] = {
      {"update", nullptr, Update<hwc_hmac_ctx>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"digest", nullptr, Digest<hwc_hmac_ctx>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"backend", nullptr, nullptr, Backend<hwc_hmac_ctx>, nullptr, nullptr, napi_default, nullptr},
  };
  AddonData *d = Data(env);
  return d && SetFn(env, exports, "hash", Hash) && SetFn(env, exports, "hmac", Hmac) &&
         SetFn(env, exports, "createHmacKey", CreateHmacKey) &&
         InitHashBatch(env, exports) &&
         DefineClass(env, exports, "HashCtx", HashCtor, hash_props, sizeof(hash_props) / sizeof(hash_props[0]), &d->hash_ctor) &&
         DefineClass(env, exports, "HmacCtx", HmacCtor, hmac_props, sizeof(hmac_props) / sizeof(hmac_props[0]), &d->hmac_ctor);
}

}  // namespace hwcrypt
