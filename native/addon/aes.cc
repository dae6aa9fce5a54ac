// aes.cc - AES key objects for the JS layer, and the GCM/CTR calls on them.
//
// createAesKey(key, backend?) expands the key into native memory and
// returns [gcmSeal, gcmOpen, ctr, dispose, gcmOpenArena, backendName,
// keyBytes]: five native functions that all carry a pointer to the same KeyBox as their
// N-API callback data. A call therefore reaches its key through
// napi_get_cb_info alone: no napi_unwrap (a private-symbol property lookup)
// and no receiver check, which together cost a measurable share of sealing a
// small message. A foreign receiver cannot confuse it either: the key comes
// from the function, not from `this`.
//
// Lifetime: the box counts the functions that point to it; each function's
// finalizer drops one count, and the last one wipes and frees the key.
// dispose() wipes and frees it at once; later calls throw
// ERR_HWCRYPT_DISPOSED.
//
// Arguments arrive already validated by src/ (types, lengths); they are
// re-checked here only as far as needed never to pass a bad pointer or
// length to the core.
#include <cstdlib>
#include <cstring>

#include "common.h"

namespace hwcrypt {
namespace {

struct KeyBox {
  hwc_aes_key *key = nullptr;  // NULL once disposed
  int refs = 0;                // live JS functions pointing here
};

void FreeKey(napi_env env, KeyBox *box) {
  if (!box->key) return;
  hwc_aes_key_wipe(box->key);
  std::free(box->key);
  box->key = nullptr;
  int64_t ignored;
  napi_adjust_external_memory(env, -(int64_t)hwc_aes_key_size(), &ignored);
}

void FinalizeFn(napi_env env, void *data, void *) {
  KeyBox *box = static_cast<KeyBox *>(data);
  if (--box->refs == 0) {
    FreeKey(env, box);
    delete box;
  }
}

// Reads up to N arguments and the KeyBox; throws and returns null if the
// key was disposed or too few arguments came.
template <size_t N>
KeyBox *Args(napi_env env, napi_callback_info info, napi_value (&argv)[N], size_t need,
             const char *fn) {
  size_t argc = N;
  void *data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok || argc < need) {
    Napi::TypeError::New(Napi::Env(env), std::string(fn) + ": expected " + std::to_string(need) +
                                             " arguments")
        .ThrowAsJavaScriptException();
    return nullptr;
  }
  KeyBox *box = static_cast<KeyBox *>(data);
  if (!box || !box->key) {
    ThrowStatus(Napi::Env(env), HWC_ERR_STATE, fn);
    return nullptr;
  }
  return box;
}

// gcmSeal(nonce, pt, aad|undefined, out, tagLen): out receives ct || tag.
napi_value GcmSeal(napi_env raw, napi_callback_info info) {
  napi_value argv[5];
  KeyBox *box = Args(raw, info, argv, 5, "gcmSeal");
  if (!box) return nullptr;
  Napi::Env env(raw);
  Bytes nonce, pt, aad, out;
  uint32_t tag_len = 0;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "plaintext", &pt) ||
      !GetOptionalBytes(env, argv[2], "aad", &aad) || !GetBytes(env, argv[3], "out", &out))
    return nullptr;
  if (napi_get_value_uint32(raw, argv[4], &tag_len) != napi_ok || tag_len > 16 ||
      out.len < pt.len + tag_len) {
    Napi::RangeError::New(env, "out: too small, or bad tag length").ThrowAsJavaScriptException();
    return nullptr;
  }
  hwc_status st = hwc_gcm_seal(box->key, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(pt), pt.len,
                               out.data, out.data + pt.len, tag_len);
  if (st != HWC_OK) ThrowStatus(env, st, "seal");
  return nullptr;
}

// An open's status as JS sees it: true, false (authentication failed; the
// core already wiped what it wrote), or a thrown error.
napi_value OpenResult(napi_env raw, hwc_status st) {
  if (st != HWC_OK && st != HWC_ERR_AUTH) {
    ThrowStatus(Napi::Env(raw), st, "open");
    return nullptr;
  }
  napi_value result;
  napi_get_boolean(raw, st == HWC_OK, &result);
  return result;
}

// gcmOpen(nonce, sealed, tagLen, aad|undefined, out|null) -> boolean.
// sealed = ciphertext || tag. out null: the plaintext goes to the arena
// (AddonData). false: authentication failed, and what was written is wiped.
napi_value GcmOpen(napi_env raw, napi_callback_info info) {
  napi_value argv[5];
  KeyBox *box = Args(raw, info, argv, 5, "gcmOpen");
  if (!box) return nullptr;
  Napi::Env env(raw);
  Bytes nonce, sealed, aad, out;
  uint32_t tag_len = 0;
  if (!GetBytes(env, argv[0], "nonce", &nonce) || !GetBytes(env, argv[1], "sealed", &sealed) ||
      !GetOptionalBytes(env, argv[3], "aad", &aad))
    return nullptr;
  if (napi_get_value_uint32(raw, argv[2], &tag_len) != napi_ok || tag_len > sealed.len) {
    Napi::RangeError::New(env, "sealed: shorter than the tag").ThrowAsJavaScriptException();
    return nullptr;
  }
  size_t ct_len = sealed.len - tag_len;
  napi_valuetype t;
  if (napi_typeof(raw, argv[4], &t) == napi_ok && t == napi_null) {
    AddonData *d = Data(raw);
    out.data = d ? d->arena : nullptr;
    out.len = d ? d->arena_len : 0;
    if (!out.data) {
      Napi::Error::New(env, "gcmOpen: no arena").ThrowAsJavaScriptException();
      return nullptr;
    }
  } else if (!GetBytes(env, argv[4], "out", &out)) {
    return nullptr;
  }
  if (out.len < ct_len) {
    Napi::RangeError::New(env, "out: too small").ThrowAsJavaScriptException();
    return nullptr;
  }
  hwc_status st = hwc_gcm_open(box->key, Ptr(nonce), nonce.len, Ptr(aad), aad.len, Ptr(sealed),
                               ct_len, Ptr(sealed) + ct_len, tag_len, out.data);
  return OpenResult(raw, st);
}

// gcmOpenArena(nonceLen, aadLen, sealedLen, tagLen) -> boolean. The inputs
// were copied by JS into the arena from kArenaInput on (nonce, aad, sealed);
// the plaintext goes to arena[0, sealedLen - tagLen) (at most kArenaInput
// bytes) and the input region is zeroed. Numbers only: no typed-array lookups, which
// cost more than opening a short message.
napi_value GcmOpenArena(napi_env raw, napi_callback_info info) {
  napi_value argv[4];
  KeyBox *box = Args(raw, info, argv, 4, "gcmOpenArena");
  if (!box) return nullptr;
  uint32_t n[4];
  for (int i = 0; i < 4; i++) {
    if (napi_get_value_uint32(raw, argv[i], &n[i]) != napi_ok) n[i] = UINT32_MAX;
  }
  AddonData *d = Data(raw);
  const size_t in_off = kArenaInput;
  uint64_t total = (uint64_t)n[0] + n[1] + n[2];
  if (!d || !d->arena || n[3] > n[2] || n[2] - n[3] > in_off || in_off + total > d->arena_len) {
    napi_throw_range_error(raw, nullptr, "gcmOpenArena: lengths do not fit the arena");
    return nullptr;
  }
  uint8_t *nonce = d->arena + in_off, *aad = nonce + n[0], *sealed = aad + n[1];
  size_t ct_len = n[2] - n[3];
  hwc_status st = hwc_gcm_open(box->key, nonce, n[0], aad, n[1], sealed, ct_len, sealed + ct_len,
                               n[3], d->arena);
  hwc_wipe(nonce, (size_t)total);
  return OpenResult(raw, st);
}

// ctr(counter16, in, out)
napi_value Ctr(napi_env raw, napi_callback_info info) {
  napi_value argv[3];
  KeyBox *box = Args(raw, info, argv, 3, "ctr");
  if (!box) return nullptr;
  Napi::Env env(raw);
  Bytes ctr, in, out;
  if (!GetBytes(env, argv[0], "counter", &ctr) || !GetBytes(env, argv[1], "data", &in) ||
      !GetBytes(env, argv[2], "out", &out))
    return nullptr;
  if (ctr.len != 16 || out.len < in.len) {
    Napi::RangeError::New(env, ctr.len != 16 ? "counter: expected 16 bytes" : "out: too small")
        .ThrowAsJavaScriptException();
    return nullptr;
  }
  if (in.len == 0) return nullptr;
  hwc_status st = hwc_ctr_xor(box->key, ctr.data, in.data, out.data, in.len);
  if (st != HWC_OK) ThrowStatus(env, st, "xor");
  return nullptr;
}

// dispose(): wipes and frees the key now. Idempotent.
napi_value Dispose(napi_env raw, napi_callback_info info) {
  void *data = nullptr;
  size_t argc = 0;
  if (napi_get_cb_info(raw, info, &argc, nullptr, nullptr, &data) == napi_ok && data)
    FreeKey(raw, static_cast<KeyBox *>(data));
  return nullptr;
}

// createAesKey(key: Uint8Array, backend?: string)
//   -> [gcmSeal, gcmOpen, ctr, dispose, gcmOpenArena, backend: string, keyBytes: number]
Napi::Value CreateAesKey(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Bytes key;
  if (!ArgCount(info, 1, "createAesKey") || !GetBytes(env, info[0], "key", &key))
    return env.Undefined();
  hwc_aes_key *k =
      static_cast<hwc_aes_key *>(std::aligned_alloc(hwc_aes_key_align(), hwc_aes_key_size()));
  if (!k) {
    Napi::Error::New(env, "createAesKey: out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  hwc_status st;
  if (info.Length() > 1 && info[1].IsString()) {
    std::string name = info[1].As<Napi::String>().Utf8Value();
    st = hwc_aes_key_init_with(k, name.c_str(), Ptr(key), key.len);
  } else {
    st = hwc_aes_key_init(k, Ptr(key), key.len);
  }
  if (st != HWC_OK) {
    hwc_aes_key_wipe(k);
    std::free(k);
    ThrowStatus(env, st, st == HWC_ERR_ARG ? "key" : "backend");
    return env.Undefined();
  }
  KeyBox *box = new KeyBox();
  box->key = k;
  Napi::MemoryManagement::AdjustExternalMemory(env, (int64_t)hwc_aes_key_size());

  static const struct {
    const char *name;
    napi_callback cb;
  } kFns[] = {{"gcmSeal", GcmSeal}, {"gcmOpen", GcmOpen}, {"ctr", Ctr}, {"dispose", Dispose},
               {"gcmOpenArena", GcmOpenArena}};
  const uint32_t nfns = sizeof(kFns) / sizeof(kFns[0]);
  Napi::Array result = Napi::Array::New(env, nfns + 2);
  for (uint32_t i = 0; i < nfns; i++) {
    napi_value fn;
    if (napi_create_function(env, kFns[i].name, NAPI_AUTO_LENGTH, kFns[i].cb, box, &fn) != napi_ok ||
        napi_add_finalizer(env, fn, box, FinalizeFn, nullptr, nullptr) != napi_ok) {
      // Functions already made keep the box alive until they are collected;
      // if none was made, nothing references it.
      if (box->refs == 0) {
        FreeKey(env, box);
        delete box;
      }
      if (!env.IsExceptionPending())
        Napi::Error::New(env, "createAesKey: cannot create functions").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    box->refs++;
    result.Set(i, Napi::Value(env, fn));
  }
  result.Set(nfns, Napi::String::New(env, hwc_aes_key_backend(k)));
  result.Set(nfns + 1, Napi::Number::New(env, (double)hwc_aes_key_bytes(k)));
  return result;
}

}  // namespace

void InitAes(Napi::Env env, Napi::Object exports) {
  exports.Set("createAesKey", Napi::Function::New<CreateAesKey>(env, "createAesKey"));
}

}  // namespace hwcrypt
