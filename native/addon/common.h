// common.h - helpers shared by the addon's translation units: reading
// Uint8Array arguments in place and mapping core status codes to JS errors.
// The addon converts values and owns objects; all crypto is in the C core.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>

extern "C" {
#include "hwcrypt.h"
}

namespace hwcrypt {

// A borrowed view of a Uint8Array's bytes (no copy). Valid while the
// array is reachable from the current call's arguments.
struct Bytes {
  uint8_t *data = nullptr;
  size_t len = 0;
};

// Reads arg as a Uint8Array (Buffer included). Throws TypeError naming
// `what` and returns false for anything else.
inline bool GetBytes(const Napi::Env &env, napi_value v, const char *what, Bytes *out) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = nullptr;
  napi_value ab;
  size_t offset = 0;
  // napi_get_typedarray_info itself fails (napi_invalid_arg) for anything
  // that is not a TypedArray, so no separate napi_is_typedarray call.
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset) != napi_ok ||
      type != napi_uint8_array) {
    Napi::TypeError::New(env, std::string(what) + ": expected a Uint8Array")
        .ThrowAsJavaScriptException();
    return false;
  }
  out->data = static_cast<uint8_t *>(data);
  out->len = length;
  return true;
}

// Same, but undefined/null give an empty view.
inline bool GetOptionalBytes(const Napi::Env &env, napi_value v, const char *what, Bytes *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && (t == napi_undefined || t == napi_null)) {
    out->data = nullptr;
    out->len = 0;
    return true;
  }
  return GetBytes(env, v, what, out);
}

// Non-null pointer for zero-length inputs so the core never sees NULL.
inline const uint8_t *Ptr(const Bytes &b) {
  static const uint8_t kEmpty[1] = {0};
  return b.data ? b.data : kEmpty;
}

inline void ThrowStatus(const Napi::Env &env, hwc_status st, const char *what) {
  switch (st) {
    case HWC_ERR_ARG:
      Napi::RangeError::New(env, std::string(what) + ": invalid length or parameter")
          .ThrowAsJavaScriptException();
      break;
    case HWC_ERR_UNAVAILABLE:
      Napi::RangeError::New(env, std::string(what) + ": backend not available on this CPU")
          .ThrowAsJavaScriptException();
      break;
    case HWC_ERR_STATE: {
      Napi::Error e = Napi::Error::New(env, std::string(what) + ": object was disposed");
      e.Set("code", Napi::String::New(env, "ERR_HWCRYPT_DISPOSED"));
      e.ThrowAsJavaScriptException();
      break;
    }
    default:
      Napi::Error::New(env, std::string(what) + ": internal error").ThrowAsJavaScriptException();
  }
}

inline bool ArgCount(const Napi::CallbackInfo &info, size_t n, const char *fn) {
  if (info.Length() < n) {
    Napi::TypeError::New(info.Env(), std::string(fn) + ": expected " + std::to_string(n) +
                                         " arguments")
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// Per-environment state (one per main thread / worker), owned by Node via
// SetInstanceData and freed with the environment.
// Arena layout: results at [0, kArenaInput), copied-in inputs from
// kArenaInput on. Exported to JS as `arenaInput`.
constexpr size_t kArenaInput = 64;

struct AddonData {
  Napi::FunctionReference hash_ctor;  // HashCtx constructor, for copy()
  // The "arena": a small ArrayBuffer private to src/hash.ts through which
  // short one-shot hashes pass their input and digest. Reading it needs no
  // per-call N-API typed-array lookups, which cost more than hashing a
  // short message. The reference keeps it alive and so its pointer valid.
  Napi::Reference<Napi::Value> arena_ref;
  uint8_t *arena = nullptr;
  size_t arena_len = 0;
};

inline AddonData *Data(napi_env env) {
  void *d = nullptr;
  napi_get_instance_data(env, &d);
  return static_cast<AddonData *>(d);
}

void InitAes(Napi::Env env, Napi::Object exports);
void InitHash(Napi::Env env, Napi::Object exports);

}  // namespace hwcrypt
