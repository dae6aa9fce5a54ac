// common.h - helpers shared by the addon's translation units: reading
// Uint8Array arguments in place and mapping core status codes to JS errors.
// The addon converts values and owns objects; all crypto is in the C core.
//
// The addon is written against the C Node-API (node_api.h), not
// node-addon-api's C++ wrappers. Any N-API call may fail while a worker is
// being terminated, and node-addon-api turns a failed call into an Error
// built by Napi::Error::New(env), which calls napi_fatal_error when it
// cannot read the failure's details, as happens during teardown (Node 20:
// "FATAL ERROR: Error::New napi_get_last_error_info", exit 134, seen in the
// terminate-storm test). Here every status is checked and a failure only
// returns to JS, whose pending termination then wins. The rule, and the
// two deliberate exceptions (throws and ReportExternal below, written
// (void)), are in docs/architecture.md; test/addon-idiom.test.ts checks it.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

extern "C" {
#include "hwcrypt.h"
}

namespace hwcrypt {

// The only napi_throw_* calls. Their status is discarded on purpose: a
// throw fails only while the environment is torn down, and then the
// termination already pending is what JS sees; there is nothing else to do.
inline void ThrowType(napi_env env, const std::string &msg) { (void)napi_throw_type_error(env, nullptr, msg.c_str()); }
inline void ThrowRange(napi_env env, const std::string &msg) { (void)napi_throw_range_error(env, nullptr, msg.c_str()); }
inline void ThrowError(napi_env env, const std::string &msg, const char *code = nullptr) {
  (void)napi_throw_error(env, code, msg.c_str());
}

// Tells V8 that native memory tied to a JS value grew (delta > 0) or shrank,
// so GC keeps pace. The only other discarded status: it is accounting, and
// a failure (the environment going away) leaves nothing to undo.
inline void ReportExternal(napi_env env, int64_t delta) {
  int64_t total;
  (void)napi_adjust_external_memory(env, delta, &total);
}

// Settles a promise, and frees a finished async work item. Both run in an
// async completion, which also runs while the environment is torn down;
// a failure then means the promise can no longer be observed and the work
// is already being released, so their status is discarded too.
inline void Settle(napi_env env, napi_deferred deferred, napi_value value, bool resolve) {
  if (resolve)
    (void)napi_resolve_deferred(env, deferred, value);
  else
    (void)napi_reject_deferred(env, deferred, value);
}
inline void DeleteWork(napi_env env, napi_async_work work) { (void)napi_delete_async_work(env, work); }

// A borrowed view of a Uint8Array's bytes (no copy). Valid while the
// array is reachable from the current call's arguments.
struct Bytes {
  uint8_t *data = nullptr;
  size_t len = 0;
  bool shared = false;  // backed by a SharedArrayBuffer: other threads may change it mid-call
};

// Reads arg as a Uint8Array (Buffer included). Throws TypeError naming
// `what` and returns false for anything else.
inline bool GetBytes(napi_env env, napi_value v, const char *what, Bytes *out) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = nullptr;
  napi_value ab;
  size_t offset = 0;
  // napi_get_typedarray_info itself fails (napi_invalid_arg) for anything
  // that is not a TypedArray, so no separate napi_is_typedarray call.
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset) != napi_ok ||
      type != napi_uint8_array) {
    ThrowType(env, std::string(what) + ": expected a Uint8Array");
    return false;
  }
  bool plain = true;
  out->data = static_cast<uint8_t *>(data);
  out->len = length;
  out->shared = napi_is_arraybuffer(env, ab, &plain) == napi_ok && !plain;
  // A view of a detached (transferred) ArrayBuffer reads as length 0: refuse
  // it instead of treating it as an empty input. Only empty views pay for
  // the check; a non-empty view's buffer is attached.
  if (length == 0) {
    bool detached = true;
    if (napi_is_detached_arraybuffer(env, ab, &detached) != napi_ok || detached) {
      ThrowType(env, std::string(what) + ": the ArrayBuffer is detached");
      return false;
    }
  }
  return true;
}

inline bool IsNullish(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && (t == napi_undefined || t == napi_null);
}

// Same, but undefined/null give an empty view.
inline bool GetOptionalBytes(napi_env env, napi_value v, const char *what, Bytes *out) {
  if (IsNullish(env, v)) {
    *out = Bytes();
    return true;
  }
  return GetBytes(env, v, what, out);
}

// Reads a string argument (at most 63 bytes: backend and family names).
// A longer string is no name we know. Its length is asked first: a read
// into a short buffer stops at a character boundary, so the length it
// reports cannot tell a long string from one that fits. A string with an
// embedded NUL is refused too: C would read it as its prefix ('soft\0junk'
// as 'soft').
template <size_t N>
inline bool GetString(napi_env env, napi_value v, char (&buf)[N], size_t *len = nullptr) {
  napi_valuetype t;
  size_t n = 0, got = 0;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_string ||
      napi_get_value_string_utf8(env, v, nullptr, 0, &n) != napi_ok || n >= N ||
      napi_get_value_string_utf8(env, v, buf, N, &got) != napi_ok || got != n || std::strlen(buf) != n)
    return false;
  if (len) *len = n;
  return true;
}
inline bool GetName(napi_env env, napi_value v, char (&buf)[64]) { return GetString(env, v, buf); }

// A hash algorithm number (hwc_hash_alg) from JS; RangeError naming `what`.
inline bool GetAlg(napi_env env, napi_value v, hwc_hash_alg *alg, const char *what = "algorithm") {
  uint32_t a = HWC_HASH_COUNT;
  if (napi_get_value_uint32(env, v, &a) != napi_ok || a >= (uint32_t)HWC_HASH_COUNT) {
    ThrowRange(env, std::string(what) + ": unknown hash");
    return false;
  }
  *alg = (hwc_hash_alg)a;
  return true;
}

// RangeError unless out holds at least need bytes.
inline bool CheckOut(napi_env env, const Bytes &out, size_t need) {
  if (out.len < need) {
    ThrowRange(env, "out: too small");
    return false;
  }
  return true;
}

// Non-null pointer for zero-length inputs so the core never sees NULL.
inline const uint8_t *Ptr(const Bytes &b) {
  static const uint8_t kEmpty[1] = {0};
  return b.data ? b.data : kEmpty;
}

inline void ThrowStatus(napi_env env, hwc_status st, const char *what) {
  switch (st) {
    case HWC_ERR_ARG:
      ThrowRange(env, std::string(what) + ": invalid length or parameter");
      break;
    case HWC_ERR_UNAVAILABLE:
      ThrowRange(env, std::string(what) + ": backend not available on this CPU");
      break;
    case HWC_ERR_STATE:
      ThrowError(env, std::string(what) + ": object was disposed", "ERR_HWCRYPT_DISPOSED");
      break;
    case HWC_ERR_DECRYPT:  // keyOp reports it as -1 (src/ throws DecryptionError); for completeness
      ThrowError(env, std::string(what) + ": bad padding or ciphertext length", "ERR_HWCRYPT_BAD_DECRYPT");
      break;
    default:
      ThrowError(env, std::string(what) + ": internal error");
  }
}

// The callback's arguments (up to N; missing ones read as undefined) and
// its data pointer. Throws TypeError if fewer than `need` came.
template <size_t N>
inline bool Args(napi_env env, napi_callback_info info, napi_value (&argv)[N], size_t need,
                 const char *fn, napi_value *self = nullptr, void **data = nullptr) {
  size_t argc = N;
  if (napi_get_cb_info(env, info, &argc, argv, self, data) != napi_ok) return false;
  if (argc < need) {
    ThrowType(env, std::string(fn) + ": expected " + std::to_string(need) + " arguments");
    return false;
  }
  return true;
}

// Small value constructors; nullptr on failure (an exception or the
// environment's termination is pending, and returning nullptr passes it on).
inline napi_value Null(napi_env env) {
  napi_value v;
  return napi_get_null(env, &v) == napi_ok ? v : nullptr;
}
inline napi_value Str(napi_env env, const char *s, size_t len = NAPI_AUTO_LENGTH) {
  napi_value v;
  return napi_create_string_utf8(env, s ? s : "", s ? len : 0, &v) == napi_ok ? v : nullptr;
}
inline napi_value Num(napi_env env, double d) {
  napi_value v;
  return napi_create_double(env, d, &v) == napi_ok ? v : nullptr;
}
inline napi_value Bool(napi_env env, bool b) {
  napi_value v;
  return napi_get_boolean(env, b, &v) == napi_ok ? v : nullptr;
}
inline napi_value BigU64(napi_env env, uint64_t x) {
  napi_value v;
  return napi_create_bigint_uint64(env, x, &v) == napi_ok ? v : nullptr;
}
// obj[name] = value; false if anything failed (including a null value).
inline bool SetProp(napi_env env, napi_value obj, const char *name, napi_value value) {
  return value && napi_set_named_property(env, obj, name, value) == napi_ok;
}
inline bool SetFn(napi_env env, napi_value obj, const char *name, napi_callback cb, void *data = nullptr) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn) == napi_ok &&
         SetProp(env, obj, name, fn);
}

// The arena: a small ArrayBuffer through which short one-shot hashes, short
// opens and short CTR calls pass their inputs and results, so that the call
// passes only numbers (each typed-array argument costs an N-API lookup, and
// handing a fresh <= 64-byte array to native code makes V8 move its bytes
// off-heap, both more than the crypto of a short message).
//
// The buffer is an ordinary JS ArrayBuffer, and the addon keeps only a
// reference to it: every call that uses it looks its memory up again
// (ArenaMem) and refuses to run if it is not the full kArenaSize bytes. So
// a transfer or detach (Bun's ArrayBuffer.prototype.transfer, Deno's and
// Node's postMessage transfer lists) leaves the addon with an error to
// throw, never a stale pointer, and memory another thread now owns is never
// written. openSession() hands each caller an arena of its own together
// with the functions bound to it (their N-API callback data), so one
// caller's arena is unreachable from another's: src/native.ts takes one at
// load and exports nothing public that holds it.
//
// Layout, defined here and nowhere else (JS reads it from the addon's
// `arenaLayout` export, ArenaLayout() below, and passes only lengths):
//   hashArena: input at [0, len), len <= kArenaSize; digest to [0, digest length).
//   opens:     nonce, aad, sealed copied in back to back from kArenaInput;
//              plaintext (<= kArenaInput bytes) to [0, ciphertext length).
//   CTR:       the 16-byte counter at kArenaInput, the data (<= kArenaInput
//              bytes) at kArenaCtrData; result to [0, data length).
//   CMAC:      the data (<= kArenaSize - kArenaInput bytes) at kArenaInput;
//              the 16-byte tag to [0, 16).
//   seals:     nonce, aad, plaintext copied in back to back from
//              kArenaSealInput; ciphertext || tag (<= kArenaSealInput bytes)
//              to [0, plaintext length + tag length).
constexpr size_t kArenaSize = 1024;
constexpr size_t kArenaInput = 64;
constexpr size_t kArenaCtrData = kArenaInput + 16;
constexpr size_t kArenaSealInput = 128;
static_assert(kArenaSealInput >= kArenaInput + 32, "a seal of kArenaInput bytes with a 32-byte tag must fit below its inputs");
static_assert(kArenaCtrData + kArenaInput <= kArenaSize, "CTR's counter and data must fit the arena");
static_assert(kArenaInput >= 64, "every digest must fit below the inputs");
// Sessions an environment may open. hwcrypt opens one per module instance;
// the cap bounds what a caller of the raw addon can make it hold.
constexpr size_t kMaxSessions = 16;

struct Arena {
  napi_ref view = nullptr;    // the session's Uint8Array over the arena (what JS holds)
  napi_ref buffer = nullptr;  // its ArrayBuffer, which ArenaMem looks up
};

// { size, input, ctrData, sealInput }: the layout above, for JS. nullptr on failure.
inline napi_value ArenaLayout(napi_env env) {
  napi_value o = nullptr;
  if (napi_create_object(env, &o) != napi_ok ||
      !SetProp(env, o, "size", Num(env, (double)kArenaSize)) ||
      !SetProp(env, o, "input", Num(env, (double)kArenaInput)) ||
      !SetProp(env, o, "ctrData", Num(env, (double)kArenaCtrData)) ||
      !SetProp(env, o, "sealInput", Num(env, (double)kArenaSealInput)) || napi_object_freeze(env, o) != napi_ok)
    return nullptr;
  return o;
}

// The arena's memory for this call, or nullptr (and a thrown error) if the
// buffer was detached or is otherwise not the arena any more.
//
// The lookup goes through the ArrayBuffer, not a view over it: reading an
// ArrayBuffer's data and length costs less than a typed array's info
// (measured: ~20 ns less per short call). A detached buffer has
// no data and length 0, and the arena buffer is not resizable (the addon
// made it), so the length check covers both.
inline uint8_t *ArenaMem(napi_env env, const Arena *a) {
  napi_value ab;
  size_t len = 0;
  void *data = nullptr;
  if (!a || !a->buffer || napi_get_reference_value(env, a->buffer, &ab) != napi_ok || !ab ||
      napi_get_arraybuffer_info(env, ab, &data, &len) != napi_ok || len != kArenaSize || !data) {
    ThrowError(env, "hwcrypt: the arena was detached");
    return nullptr;
  }
  return static_cast<uint8_t *>(data);
}

// Per-environment state (one per main thread / worker), owned by Node via
// SetInstanceData and freed with the environment.
struct AddonData {
  napi_ref hash_ctor = nullptr;  // HashCtx constructor, for copy() and the instance check
  napi_ref hmac_ctor = nullptr;  // HmacCtx constructor, for the instance check
  Arena arenas[kMaxSessions];
  size_t sessions = 0;
  // perf_event file descriptors this environment opened (the benchmark's
  // cycle counter): read and close accept only these.
  int perf_fds[8] = {-1, -1, -1, -1, -1, -1, -1, -1};

  ~AddonData();
};

inline AddonData *Data(napi_env env) {
  void *d = nullptr;
  if (napi_get_instance_data(env, &d) != napi_ok) return nullptr;
  return static_cast<AddonData *>(d);
}

// Partial overlap of two byte ranges: they share memory but do not start
// at the same address. Empty ranges overlap nothing. Decided on addresses,
// so two views of one SharedArrayBuffer that arrived as different
// ArrayBuffer objects are still caught.
inline bool Overlaps(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  if (alen == 0 || blen == 0) return false;
  uintptr_t x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return x < y + blen && y < x + alen;
}
inline bool PartialOverlap(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  return a != b && Overlaps(a, alen, b, blen);
}

// The functions of a session, bound to its arena (aes.cc, hash.cc).
napi_value NewCreateAesKeyFn(napi_env env, Arena *arena);
napi_value NewCreateAegisKeyFn(napi_env env, Arena *arena);
napi_value NewHashArenaFn(napi_env env, Arena *arena);
napi_value NewKeyOpFn(napi_env env);
bool InitHash(napi_env env, napi_value exports);
bool InitKdf(napi_env env, napi_value exports);  // kdf.cc
bool InitAsync(napi_env env, napi_value exports);  // async.cc
// HmacKey.macAsync's job (async.cc): HMAC of data under a copy of k's pad
// states on the libuv pool, the tag to out; pins bit 1: data read in place.
napi_value HmacMacAsync(napi_env env, const hwc_hmac_key *k, napi_value pins, napi_value data, napi_value out);

}  // namespace hwcrypt
