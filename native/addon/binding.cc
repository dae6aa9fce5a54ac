// binding.cc - module entry: CPU information, backend selection, the
// benchmark's cycle counters, and the AES / hash classes from aes.cc and
// hash.cc.
#include "common.h"

namespace hwcrypt {
namespace {

bool GetFamily(const Napi::Env &env, const Napi::Value &v, hwc_family *f) {
  if (v.IsString()) {
    std::string s = v.As<Napi::String>().Utf8Value();
    for (int i = 0; i < HWC_FAMILY_COUNT; i++) {
      if (s == hwc_family_name((hwc_family)i)) {
        *f = (hwc_family)i;
        return true;
      }
    }
  }
  Napi::RangeError::New(env, "family: expected one of aes, sha1, sha256, sha512")
      .ThrowAsJavaScriptException();
  return false;
}

Napi::Value CpuInfo(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const hwc_cpu_features *c = hwc_cpu();
  Napi::Object o = Napi::Object::New(env);
  o.Set("arch", hwc_cpu_arch());
  o.Set("model", hwc_cpu_model());
  Napi::Object f = Napi::Object::New(env);
  f.Set("aesni", (bool)c->aesni);
  f.Set("pclmul", (bool)c->pclmul);
  f.Set("ssse3", (bool)c->ssse3);
  f.Set("sse41", (bool)c->sse41);
  f.Set("avx", (bool)c->avx);
  f.Set("avx2", (bool)c->avx2);
  f.Set("bmi2", (bool)c->bmi2);
  f.Set("avx512", (bool)c->avx512);
  f.Set("vaes", (bool)c->vaes);
  f.Set("vpclmul", (bool)c->vpclmul);
  f.Set("shani", (bool)c->shani);
  f.Set("gfni", (bool)c->gfni);
  f.Set("armAes", (bool)c->arm_aes);
  f.Set("armPmull", (bool)c->arm_pmull);
  f.Set("armSha1", (bool)c->arm_sha1);
  f.Set("armSha2", (bool)c->arm_sha2);
  f.Set("armSha512", (bool)c->arm_sha512);
  o.Set("features", f);
  return o;
}

Napi::Value NameList(const Napi::Env &env, const char **names, int n) {
  Napi::Array a = Napi::Array::New(env, (size_t)n);
  for (int i = 0; i < n; i++) a.Set((uint32_t)i, names[i]);
  return a;
}

// backends(family) -> available names, best first
Napi::Value Backends(const Napi::CallbackInfo &info) {
  hwc_family f;
  if (!ArgCount(info, 1, "backends") || !GetFamily(info.Env(), info[0], &f))
    return info.Env().Undefined();
  const char *names[16];
  int n = hwc_backend_list(f, names, 16);
  return NameList(info.Env(), names, n < 16 ? n : 16);
}

// knownBackends(family) -> every name the core knows
Napi::Value KnownBackends(const Napi::CallbackInfo &info) {
  hwc_family f;
  if (!ArgCount(info, 1, "knownBackends") || !GetFamily(info.Env(), info[0], &f))
    return info.Env().Undefined();
  const char *names[16];
  int n = hwc_backend_known(f, names, 16);
  return NameList(info.Env(), names, n < 16 ? n : 16);
}

Napi::Value GetBackend(const Napi::CallbackInfo &info) {
  hwc_family f;
  if (!ArgCount(info, 1, "getBackend") || !GetFamily(info.Env(), info[0], &f))
    return info.Env().Undefined();
  return Napi::String::New(info.Env(), hwc_backend_current(f));
}

// setBackend(family, name|null) -> true, or false if unavailable; null resets to the best.
Napi::Value SetBackend(const Napi::CallbackInfo &info) {
  hwc_family f;
  if (!ArgCount(info, 2, "setBackend") || !GetFamily(info.Env(), info[0], &f))
    return info.Env().Undefined();
  if (!info[1].IsString()) {
    hwc_backend_reset(f);
    return Napi::Boolean::New(info.Env(), true);
  }
  std::string name = info[1].As<Napi::String>().Utf8Value();
  return Napi::Boolean::New(info.Env(), hwc_backend_set(f, name.c_str()) == HWC_OK);
}

// applySpec(spec) -> null on success, or the offending item.
Napi::Value ApplySpec(const Napi::CallbackInfo &info) {
  if (!ArgCount(info, 1, "applySpec") || !info[0].IsString()) return info.Env().Undefined();
  std::string spec = info[0].As<Napi::String>().Utf8Value();
  const char *bad = nullptr;
  size_t bad_len = 0;
  if (hwc_backend_apply_spec(spec.c_str(), &bad, &bad_len) == HWC_OK) return info.Env().Null();
  return Napi::String::New(info.Env(), bad ? std::string(bad, bad_len) : spec);
}

Napi::Value Timestamp(const Napi::CallbackInfo &info) {
  return Napi::BigInt::New(info.Env(), (uint64_t)hwc_timestamp());
}

Napi::Value TimestampSource(const Napi::CallbackInfo &info) {
  return Napi::String::New(info.Env(), hwc_timestamp_source());
}

Napi::Value CalibrateChain(const Napi::CallbackInfo &info) {
  double n = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  if (!(n >= 0 && n <= 1e12)) n = 0;
  return Napi::BigInt::New(info.Env(), (uint64_t)hwc_calibrate_chain((uint64_t)n));
}

Napi::Value PerfOpen(const Napi::CallbackInfo &info) {
  return Napi::Number::New(info.Env(), hwc_perf_cycles_open());
}

Napi::Value PerfRead(const Napi::CallbackInfo &info) {
  int h = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
  return Napi::BigInt::New(info.Env(), (uint64_t)hwc_perf_cycles_read(h));
}

Napi::Value PerfClose(const Napi::CallbackInfo &info) {
  int h = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
  hwc_perf_cycles_close(h);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("version", HWC_VERSION_STRING);
  exports.Set("napiVersion", (double)NAPI_VERSION);
  exports.Set("arenaInput", (double)kArenaInput);
  exports.Set("cpuInfo", Napi::Function::New<CpuInfo>(env, "cpuInfo"));
  exports.Set("backends", Napi::Function::New<Backends>(env, "backends"));
  exports.Set("knownBackends", Napi::Function::New<KnownBackends>(env, "knownBackends"));
  exports.Set("getBackend", Napi::Function::New<GetBackend>(env, "getBackend"));
  exports.Set("setBackend", Napi::Function::New<SetBackend>(env, "setBackend"));
  exports.Set("applySpec", Napi::Function::New<ApplySpec>(env, "applySpec"));
  exports.Set("timestamp", Napi::Function::New<Timestamp>(env, "timestamp"));
  exports.Set("timestampSource", Napi::Function::New<TimestampSource>(env, "timestampSource"));
  exports.Set("calibrateChain", Napi::Function::New<CalibrateChain>(env, "calibrateChain"));
  exports.Set("perfCyclesOpen", Napi::Function::New<PerfOpen>(env, "perfCyclesOpen"));
  exports.Set("perfCyclesRead", Napi::Function::New<PerfRead>(env, "perfCyclesRead"));
  exports.Set("perfCyclesClose", Napi::Function::New<PerfClose>(env, "perfCyclesClose"));
  env.SetInstanceData<AddonData>(new AddonData());
  InitAes(env, exports);
  InitHash(env, exports);
  return exports;
}

}  // namespace
}  // namespace hwcrypt

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return hwcrypt::Init(env, exports);
}

NODE_API_MODULE(hwcrypt, InitModule)
