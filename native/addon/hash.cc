// hash.cc - SHA-1/SHA-2 and HMAC: one-shot functions and incremental
// contexts (HashCtx, HmacCtx) that own an hwc_hash_ctx / hwc_hmac_ctx.
#include <cstring>

#include "common.h"

namespace hwcrypt {
namespace {

const napi_type_tag kHashTag = {0x68776372797074aaULL, 0x4861736843747802ULL};
const napi_type_tag kHmacTag = {0x68776372797074aaULL, 0x486d616343747803ULL};

bool GetAlg(const Napi::Env &env, const Napi::Value &v, hwc_hash_alg *alg) {
  uint32_t a = v.IsNumber() ? v.As<Napi::Number>().Uint32Value() : (uint32_t)HWC_HASH_COUNT;
  if (a >= (uint32_t)HWC_HASH_COUNT) {
    Napi::RangeError::New(env, "algorithm: unknown hash").ThrowAsJavaScriptException();
    return false;
  }
  *alg = (hwc_hash_alg)a;
  return true;
}

bool CheckOut(const Napi::Env &env, const Bytes &out, size_t need) {
  if (out.len < need) {
    Napi::RangeError::New(env, "out: too small").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// hash(alg, data, out). Written against the C N-API directly: it is the
// hottest entry point for small inputs, and node-addon-api's CallbackInfo
// wrapper costs a measurable share of a 64-byte hash.
napi_value Hash(napi_env raw_env, napi_callback_info cbinfo) {
  Napi::Env env(raw_env);
  size_t argc = 3;
  napi_value argv[3];
  uint32_t a = HWC_HASH_COUNT;
  if (napi_get_cb_info(raw_env, cbinfo, &argc, argv, nullptr, nullptr) != napi_ok || argc < 3) {
    Napi::TypeError::New(env, "hash: expected 3 arguments").ThrowAsJavaScriptException();
    return nullptr;
  }
  if (napi_get_value_uint32(raw_env, argv[0], &a) != napi_ok || a >= (uint32_t)HWC_HASH_COUNT) {
    Napi::RangeError::New(env, "algorithm: unknown hash").ThrowAsJavaScriptException();
    return nullptr;
  }
  hwc_hash_alg alg = (hwc_hash_alg)a;
  Bytes data, out;
  if (!GetBytes(env, argv[1], "data", &data) || !GetBytes(env, argv[2], "out", &out) ||
      !CheckOut(env, out, hwc_hash_digest_len(alg)))
    return nullptr;
  hwc_status st = hwc_hash(alg, Ptr(data), data.len, out.data);
  if (st != HWC_OK) ThrowStatus(env, st, "hash");
  return nullptr;
}

// hmac(alg, key, data, out)
Napi::Value Hmac(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  hwc_hash_alg alg;
  Bytes key, data, out;
  if (!ArgCount(info, 4, "hmac") || !GetAlg(env, info[0], &alg) ||
      !GetBytes(env, info[1], "key", &key) || !GetBytes(env, info[2], "data", &data) ||
      !GetBytes(env, info[3], "out", &out) || !CheckOut(env, out, hwc_hash_digest_len(alg)))
    return env.Undefined();
  hwc_status st = hwc_hmac(alg, Ptr(key), key.len, Ptr(data), data.len, out.data);
  if (st != HWC_OK) ThrowStatus(env, st, "hmac");
  return env.Undefined();
}

// setArena(u8): registers the arena (once per environment).
Napi::Value SetArena(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Bytes a;
  if (!ArgCount(info, 1, "setArena") || !GetBytes(env, info[0], "arena", &a)) return env.Undefined();
  if (a.len < HWC_HASH_MAX_DIGEST) {
    Napi::RangeError::New(env, "arena: too small").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  AddonData *d = Data(env);
  d->arena_ref = Napi::Persistent(info[0]);
  d->arena = a.data;
  d->arena_len = a.len;
  return env.Undefined();
}

// hashArena(alg, len): hashes arena[0, len), writes the digest to
// arena[0, digest_len) and zeroes the rest of the input. Numbers only: no
// typed-array lookups.
napi_value HashArena(napi_env raw_env, napi_callback_info cbinfo) {
  size_t argc = 2;
  napi_value argv[2];
  uint32_t a = HWC_HASH_COUNT, len = 0;
  AddonData *d = Data(raw_env);
  if (napi_get_cb_info(raw_env, cbinfo, &argc, argv, nullptr, nullptr) != napi_ok || argc < 2 ||
      napi_get_value_uint32(raw_env, argv[0], &a) != napi_ok ||
      napi_get_value_uint32(raw_env, argv[1], &len) != napi_ok || a >= (uint32_t)HWC_HASH_COUNT ||
      !d || !d->arena || len > d->arena_len) {
    napi_throw_range_error(raw_env, nullptr, "hashArena: bad arguments or no arena");
    return nullptr;
  }
  hwc_hash((hwc_hash_alg)a, d->arena, len, d->arena);
  size_t dl = hwc_hash_digest_len((hwc_hash_alg)a);
  if (len > dl) hwc_wipe(d->arena + dl, len - dl);
  return nullptr;
}

// update(data) and digest(out), shared by HashCtx and HmacCtx: the receiver
// check, argument conversion and status mapping around the core's calls.
bool CheckTag(const Napi::CallbackInfo &info, const napi_type_tag *tag, const char *cls) {
  if (!info.This().As<Napi::Object>().CheckTypeTag(tag)) {
    Napi::TypeError::New(info.Env(), std::string("receiver is not a ") + cls)
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

template <class Ctx>
Napi::Value UpdateImpl(const Napi::CallbackInfo &info, const napi_type_tag *tag, const char *cls,
                       Ctx *ctx, hwc_status (*update)(Ctx *, const uint8_t *, size_t)) {
  Napi::Env env = info.Env();
  Bytes data;
  if (!ArgCount(info, 1, "update") || !CheckTag(info, tag, cls) ||
      !GetBytes(env, info[0], "data", &data))
    return env.Undefined();
  hwc_status st = update(ctx, Ptr(data), data.len);
  if (st != HWC_OK) ThrowStatus(env, st, "update");
  return env.Undefined();
}

// alg is the context's algorithm, or HWC_HASH_COUNT once it was finalized.
template <class Ctx>
Napi::Value DigestImpl(const Napi::CallbackInfo &info, const napi_type_tag *tag, const char *cls,
                       Ctx *ctx, uint32_t alg, hwc_status (*final)(Ctx *, uint8_t *)) {
  Napi::Env env = info.Env();
  Bytes out;
  if (!ArgCount(info, 1, "digest") || !CheckTag(info, tag, cls) ||
      !GetBytes(env, info[0], "out", &out))
    return env.Undefined();
  if (alg >= HWC_HASH_COUNT) {
    ThrowStatus(env, HWC_ERR_STATE, "digest");
    return env.Undefined();
  }
  if (!CheckOut(env, out, hwc_hash_digest_len((hwc_hash_alg)alg))) return env.Undefined();
  hwc_status st = final(ctx, out.data);
  if (st != HWC_OK) ThrowStatus(env, st, "digest");
  return env.Undefined();
}

// new HashCtx(alg, backend?)
class HashCtx : public Napi::ObjectWrap<HashCtx> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "HashCtx",
                       {InstanceMethod<&HashCtx::Update>("update"),
                        InstanceMethod<&HashCtx::Digest>("digest"),
                        InstanceMethod<&HashCtx::Copy>("copy"),
                        InstanceAccessor<&HashCtx::Backend>("backend")});
  }

  explicit HashCtx(const Napi::CallbackInfo &info) : Napi::ObjectWrap<HashCtx>(info) {
    Napi::Env env = info.Env();
    std::memset(&ctx_, 0, sizeof(ctx_));
    ctx_.alg = HWC_HASH_COUNT;
    info.This().As<Napi::Object>().TypeTag(&kHashTag);
    if (info.Length() > 0 && info[0].IsExternal()) return;  // copy(): state filled by the caller
    hwc_hash_alg alg;
    if (!ArgCount(info, 1, "HashCtx") || !GetAlg(env, info[0], &alg)) return;
    hwc_status st;
    if (info.Length() > 1 && info[1].IsString()) {
      std::string name = info[1].As<Napi::String>().Utf8Value();
      st = hwc_hash_init_with(&ctx_, alg, name.c_str());
    } else {
      st = hwc_hash_init(&ctx_, alg);
    }
    if (st != HWC_OK) ThrowStatus(env, st, "backend");
  }

  ~HashCtx() override { hwc_hash_wipe(&ctx_); }

 private:
  Napi::Value Update(const Napi::CallbackInfo &info) {
    return UpdateImpl(info, &kHashTag, "HashCtx", &ctx_, hwc_hash_update);
  }

  Napi::Value Digest(const Napi::CallbackInfo &info) {
    return DigestImpl(info, &kHashTag, "HashCtx", &ctx_, ctx_.alg, hwc_hash_final);
  }

  // copy() -> HashCtx with the same state (for digesting a prefix and continuing).
  Napi::Value Copy(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!CheckTag(info, &kHashTag, "HashCtx")) return env.Undefined();
    if (ctx_.alg >= HWC_HASH_COUNT) {
      ThrowStatus(env, HWC_ERR_STATE, "copy");
      return env.Undefined();
    }
    Napi::Object o = Data(env)->hash_ctor.New({Napi::External<void>::New(env, nullptr)});
    if (env.IsExceptionPending()) return env.Undefined();
    HashCtx *c = HashCtx::Unwrap(o);
    std::memcpy(&c->ctx_, &ctx_, sizeof(ctx_));
    return o;
  }

  Napi::Value Backend(const Napi::CallbackInfo &info) {
    const char *b = hwc_hash_backend(&ctx_);
    return b ? Napi::String::New(info.Env(), b) : info.Env().Null();
  }

  hwc_hash_ctx ctx_;
};

// new HmacCtx(alg, key)
class HmacCtx : public Napi::ObjectWrap<HmacCtx> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "HmacCtx",
                       {InstanceMethod<&HmacCtx::Update>("update"),
                        InstanceMethod<&HmacCtx::Digest>("digest")});
  }

  explicit HmacCtx(const Napi::CallbackInfo &info) : Napi::ObjectWrap<HmacCtx>(info) {
    Napi::Env env = info.Env();
    std::memset(&ctx_, 0, sizeof(ctx_));
    ctx_.inner.alg = HWC_HASH_COUNT;
    ctx_.outer.alg = HWC_HASH_COUNT;
    info.This().As<Napi::Object>().TypeTag(&kHmacTag);
    hwc_hash_alg alg;
    Bytes key;
    if (!ArgCount(info, 2, "HmacCtx") || !GetAlg(env, info[0], &alg) ||
        !GetBytes(env, info[1], "key", &key))
      return;
    hwc_status st = hwc_hmac_init(&ctx_, alg, Ptr(key), key.len);
    if (st != HWC_OK) ThrowStatus(env, st, "hmac");
  }

  ~HmacCtx() override { hwc_hmac_wipe(&ctx_); }

 private:
  Napi::Value Update(const Napi::CallbackInfo &info) {
    return UpdateImpl(info, &kHmacTag, "HmacCtx", &ctx_, hwc_hmac_update);
  }

  Napi::Value Digest(const Napi::CallbackInfo &info) {
    return DigestImpl(info, &kHmacTag, "HmacCtx", &ctx_, ctx_.inner.alg, hwc_hmac_final);
  }

  hwc_hmac_ctx ctx_;
};

}  // namespace

void InitHash(Napi::Env env, Napi::Object exports) {
  exports.Set("setArena", Napi::Function::New<SetArena>(env, "setArena"));
  napi_value arena_fn;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, "hashArena", NAPI_AUTO_LENGTH, HashArena, nullptr, &arena_fn));
  exports.Set("hashArena", Napi::Value(env, arena_fn));
  napi_value hash_fn;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, "hash", NAPI_AUTO_LENGTH, Hash, nullptr, &hash_fn));
  exports.Set("hash", Napi::Value(env, hash_fn));
  exports.Set("hmac", Napi::Function::New<Hmac>(env, "hmac"));
  Napi::Function hc = HashCtx::Define(env);
  Data(env)->hash_ctor = Napi::Persistent(hc);
  exports.Set("HashCtx", hc);
  exports.Set("HmacCtx", HmacCtx::Define(env));
}

}  // namespace hwcrypt
