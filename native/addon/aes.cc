// aes.cc - AesKey: owns one expanded AES key (hwc_aes_key) for its JS
// wrapper, and forwards GCM/CTR calls to the C core. Arguments arrive
// already validated by src/ (types, lengths); they are re-checked here only
// as far as needed to never pass a bad pointer or length to the core.
#include <cstdlib>
#include <cstring>

#include "common.h"

namespace hwcrypt {
namespace {

const napi_type_tag kAesKeyTag = {0x68776372797074aaULL, 0x4165734b65790001ULL};

class AesKey : public Napi::ObjectWrap<AesKey> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "AesKey",
                       {InstanceMethod<&AesKey::GcmSeal>("gcmSeal"),
                        InstanceMethod<&AesKey::GcmOpen>("gcmOpen"),
                        InstanceMethod<&AesKey::Ctr>("ctr"),
                        InstanceMethod<&AesKey::Dispose>("dispose"),
                        InstanceAccessor<&AesKey::Backend>("backend"),
                        InstanceAccessor<&AesKey::KeyBytes>("keyBytes")});
  }

  // new AesKey(key: Uint8Array, backend?: string)
  explicit AesKey(const Napi::CallbackInfo &info) : Napi::ObjectWrap<AesKey>(info) {
    Napi::Env env = info.Env();
    Bytes key;
    if (!ArgCount(info, 1, "AesKey") || !GetBytes(env, info[0], "key", &key)) return;
    key_ = static_cast<hwc_aes_key *>(std::aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size()));
    if (!key_) {
      Napi::Error::New(env, "AesKey: out of memory").ThrowAsJavaScriptException();
      return;
    }
    hwc_status st;
    if (info.Length() > 1 && info[1].IsString()) {
      std::string name = info[1].As<Napi::String>().Utf8Value();
      st = hwc_aes_key_init_with(key_, name.c_str(), Ptr(key), key.len);
    } else {
      st = hwc_aes_key_init(key_, Ptr(key), key.len);
    }
    if (st != HWC_OK) {
      Free();
      ThrowStatus(env, st, st == HWC_ERR_ARG ? "key" : "backend");
      return;
    }
    Napi::Object self = info.This().As<Napi::Object>();
    self.TypeTag(&kAesKeyTag);
    Napi::MemoryManagement::AdjustExternalMemory(env, (int64_t)hwc_aes_key_size());
    accounted_ = true;
  }

  ~AesKey() override {
    Free();
    if (accounted_) Napi::MemoryManagement::AdjustExternalMemory(Env(), -(int64_t)hwc_aes_key_size());
  }

 private:
  void Free() {
    if (key_) {
      hwc_aes_key_wipe(key_);
      std::free(key_);
      key_ = nullptr;
    }
  }

  // The receiver needs no check here: methods defined through DefineClass
  // carry a V8 signature, so V8 itself rejects any receiver that is not an
  // instance of this class ("Illegal invocation") before the call reaches
  // us. The type tag set in the constructor guards the paths that take an
  // object from elsewhere (Dispose).
  bool Check(const Napi::CallbackInfo &info) {
    if (!key_) {
      ThrowStatus(info.Env(), HWC_ERR_STATE, "AesKey");
      return false;
    }
    return true;
  }

  // gcmSeal(nonce, pt, aad|undefined, out, tagLen): out receives ct || tag.
  Napi::Value GcmSeal(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!ArgCount(info, 5, "gcmSeal") || !Check(info)) return env.Undefined();
    Bytes nonce, pt, aad, out;
    if (!GetBytes(env, info[0], "nonce", &nonce) || !GetBytes(env, info[1], "plaintext", &pt) ||
        !GetOptionalBytes(env, info[2], "aad", &aad) || !GetBytes(env, info[3], "out", &out))
      return env.Undefined();
    uint32_t tag_len = info[4].As<Napi::Number>().Uint32Value();
    if (tag_len > 16 || out.len < pt.len + tag_len) {
      Napi::RangeError::New(env, "out: too small").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    hwc_status st = hwc_gcm_seal(key_, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(pt), pt.len,
                                 out.data, out.data + pt.len, tag_len);
    if (st != HWC_OK) ThrowStatus(env, st, "seal");
    return env.Undefined();
  }

  // gcmOpen(nonce, ct, tag, aad|undefined, out) -> boolean (false: auth failed, out wiped)
  Napi::Value GcmOpen(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!ArgCount(info, 5, "gcmOpen") || !Check(info)) return env.Undefined();
    Bytes nonce, ct, tag, aad, out;
    if (!GetBytes(env, info[0], "nonce", &nonce) || !GetBytes(env, info[1], "ciphertext", &ct) ||
        !GetBytes(env, info[2], "tag", &tag) || !GetOptionalBytes(env, info[3], "aad", &aad) ||
        !GetBytes(env, info[4], "out", &out))
      return env.Undefined();
    if (out.len < ct.len) {
      Napi::RangeError::New(env, "out: too small").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    hwc_status st = hwc_gcm_open(key_, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(ct), ct.len,
                                 Ptr(tag), tag.len, out.data ? out.data : nullptr);
    if (st == HWC_ERR_AUTH) return Napi::Boolean::New(env, false);
    if (st != HWC_OK) {
      ThrowStatus(env, st, "open");
      return env.Undefined();
    }
    return Napi::Boolean::New(env, true);
  }

  // ctr(counter16, in, out)
  Napi::Value Ctr(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!ArgCount(info, 3, "ctr") || !Check(info)) return env.Undefined();
    Bytes ctr, in, out;
    if (!GetBytes(env, info[0], "counter", &ctr) || !GetBytes(env, info[1], "data", &in) ||
        !GetBytes(env, info[2], "out", &out))
      return env.Undefined();
    if (ctr.len != 16 || out.len < in.len) {
      Napi::RangeError::New(env, ctr.len != 16 ? "counter: expected 16 bytes" : "out: too small")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (in.len == 0) return env.Undefined();
    hwc_status st = hwc_ctr_xor(key_, ctr.data, in.data, out.data, in.len);
    if (st != HWC_OK) ThrowStatus(env, st, "xor");
    return env.Undefined();
  }

  Napi::Value Dispose(const Napi::CallbackInfo &info) {
    if (!info.This().As<Napi::Object>().CheckTypeTag(&kAesKeyTag)) return info.Env().Undefined();
    Free();
    return info.Env().Undefined();
  }

  Napi::Value Backend(const Napi::CallbackInfo &info) {
    const char *b = key_ ? hwc_aes_key_backend(key_) : nullptr;
    return b ? Napi::String::New(info.Env(), b) : info.Env().Null();
  }

  Napi::Value KeyBytes(const Napi::CallbackInfo &info) {
    return Napi::Number::New(info.Env(), key_ ? (double)hwc_aes_key_bytes(key_) : 0);
  }

  hwc_aes_key *key_ = nullptr;
  bool accounted_ = false;
};

}  // namespace

void InitAes(Napi::Env env, Napi::Object exports) {
  exports.Set("AesKey", AesKey::Define(env));
}

}  // namespace hwcrypt
