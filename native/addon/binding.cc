// binding.cc - module entry: CPU information, backend selection, the
// benchmark's cycle counters, sessions (arena + bound functions), and the
// AES / hash entry points from aes.cc and hash.cc.
#include <cstdlib>
#include <cstring>
#include <new>

#include "common.h"
#include "hwcrypt_timing.h"

namespace hwcrypt {
bool InitBatch(napi_env env, napi_value exports);  // batch.cc
namespace {

bool GetFamily(napi_env env, napi_value v, hwc_family *f) {
  char s[64];
  if (GetName(env, v, s)) {
    for (int i = 0; i < HWC_FAMILY_COUNT; i++) {
      if (std::strcmp(s, hwc_family_name((hwc_family)i)) == 0) {
        *f = (hwc_family)i;
        return true;
      }
    }
  }
  ThrowRange(env, "family: expected one of aes, sha1, sha256, sha512");
  return false;
}

napi_value CpuInfo(napi_env env, napi_callback_info) {
  const hwc_cpu_features *c = hwc_cpu();
  napi_value o, f;
  if (napi_create_object(env, &o) != napi_ok || napi_create_object(env, &f) != napi_ok) return nullptr;
  const struct {
    const char *name;
    unsigned on;
  } flags[] = {{"aesni", c->aesni},       {"pclmul", c->pclmul},       {"ssse3", c->ssse3},
               {"sse41", c->sse41},       {"avx", c->avx},             {"avx2", c->avx2},
               {"bmi2", c->bmi2},         {"avx512", c->avx512},       {"vaes", c->vaes},
               {"vpclmul", c->vpclmul},   {"shani", c->shani},         {"gfni", c->gfni},
               {"armAes", c->arm_aes},    {"armPmull", c->arm_pmull},  {"armSha1", c->arm_sha1},
               {"armSha2", c->arm_sha2},  {"armSha512", c->arm_sha512}};
  for (const auto &fl : flags)
    if (!SetProp(env, f, fl.name, Bool(env, fl.on != 0))) return nullptr;
  if (!SetProp(env, o, "arch", Str(env, hwc_cpu_arch())) ||
      !SetProp(env, o, "model", Str(env, hwc_cpu_model())) || !SetProp(env, o, "features", f))
    return nullptr;
  return o;
}

napi_value NameList(napi_env env, const char **names, int n) {
  napi_value a;
  if (napi_create_array_with_length(env, (size_t)n, &a) != napi_ok) return nullptr;
  for (int i = 0; i < n; i++) {
    napi_value s = Str(env, names[i]);
    if (!s || napi_set_element(env, a, (uint32_t)i, s) != napi_ok) return nullptr;
  }
  return a;
}

// backends(family) -> available names, best first
napi_value Backends(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  hwc_family f;
  if (!Args(env, info, argv, 1, "backends") || !GetFamily(env, argv[0], &f)) return nullptr;
  const char *names[16];
  int n = hwc_backend_list(f, names, 16);
  return NameList(env, names, n < 16 ? n : 16);
}

// knownBackends(family) -> every name the core knows
napi_value KnownBackends(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  hwc_family f;
  if (!Args(env, info, argv, 1, "knownBackends") || !GetFamily(env, argv[0], &f)) return nullptr;
  const char *names[16];
  int n = hwc_backend_known(f, names, 16);
  return NameList(env, names, n < 16 ? n : 16);
}

// getBackend(family): the backend new keys and contexts of this thread get.
napi_value GetBackend(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  hwc_family f;
  if (!Args(env, info, argv, 1, "getBackend") || !GetFamily(env, argv[0], &f)) return nullptr;
  return Str(env, hwc_backend_current(f));
}

// setBackend(family, name|null) -> true, or false if unavailable; null
// resets to the best. Applies to the calling thread (environment) only.
napi_value SetBackend(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  hwc_family f;
  if (!Args(env, info, argv, 2, "setBackend") || !GetFamily(env, argv[0], &f)) return nullptr;
  if (IsNullish(env, argv[1])) {
    hwc_backend_reset(f);
    return Bool(env, true);
  }
  char name[64];
  return Bool(env, GetName(env, argv[1], name) && hwc_backend_set(f, name) == HWC_OK);
}

// applySpec(spec) -> null on success, or the offending item.
napi_value ApplySpec(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!Args(env, info, argv, 1, "applySpec")) return nullptr;
  char spec[512];
  size_t n = 0;
  if (!GetString(env, argv[0], spec, &n)) {
    ThrowType(env, "applySpec: expected a string of at most 511 bytes");
    return nullptr;
  }
  const char *bad = nullptr;
  size_t bad_len = 0;
  if (hwc_backend_apply_spec(spec, &bad, &bad_len) == HWC_OK) return Null(env);
  return Str(env, bad ? bad : spec, bad ? bad_len : n);
}

napi_value Timestamp(napi_env env, napi_callback_info) { return BigU64(env, hwc_timestamp()); }

napi_value TimestampSource(napi_env env, napi_callback_info) { return Str(env, hwc_timestamp_source()); }

// calibrateChain(n): n dependent adds, 8 <= n <= 2^32 (about a second at
// most; the benchmark uses far fewer), so no argument can hang the thread.
napi_value CalibrateChain(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  double n = 0;
  if (!Args(env, info, argv, 0, "calibrateChain")) return nullptr;
  if (napi_get_value_double(env, argv[0], &n) != napi_ok || !(n >= 8 && n <= 4294967296.0)) {
    ThrowRange(env, "calibrateChain: n must be a number from 8 to 2^32");
    return nullptr;
  }
  return BigU64(env, hwc_calibrate_chain((uint64_t)n));
}

// The benchmark's cycle counter. Handles are perf_event file descriptors;
// read and close accept only those this environment opened and has not
// closed, so no argument reaches another file descriptor.
int *PerfSlot(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t fd = -1;
  AddonData *d = Data(env);
  if (!d || !Args(env, info, argv, 0, "perf") || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      fd < 0)
    return nullptr;
  for (int &slot : d->perf_fds)
    if (slot == fd) return &slot;
  return nullptr;
}

napi_value PerfOpen(napi_env env, napi_callback_info) {
  AddonData *d = Data(env);
  if (d) {
    for (int &slot : d->perf_fds) {
      if (slot >= 0) continue;
      slot = hwc_perf_cycles_open();
      return Num(env, slot);
    }
  }
  return Num(env, -1);  // no environment data, or every slot in use
}

napi_value PerfRead(napi_env env, napi_callback_info info) {
  int *slot = PerfSlot(env, info);
  return BigU64(env, slot ? hwc_perf_cycles_read(*slot) : 0);
}

napi_value PerfClose(napi_env env, napi_callback_info info) {
  int *slot = PerfSlot(env, info);
  if (slot) {
    hwc_perf_cycles_close(*slot);
    *slot = -1;
  }
  return nullptr;
}

// openSession() -> [arena: Uint8Array, hashArena, createAesKey,
// createAegisKey]: a new
// arena (common.h) and the functions bound to it. src/native.ts opens one
// when it loads; at most kMaxSessions per environment.
napi_value OpenSession(napi_env env, napi_callback_info) {
  AddonData *d = Data(env);
  if (!d || d->sessions >= kMaxSessions) {
    ThrowError(env, "openSession: too many sessions in this environment");
    return nullptr;
  }
  Arena *arena = &d->arenas[d->sessions];
  napi_value ab, u8, hash_fn, key_fn, aegis_fn, result;
  if (napi_create_arraybuffer(env, kArenaSize, nullptr, &ab) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, kArenaSize, ab, 0, &u8) != napi_ok ||
      napi_create_reference(env, u8, 1, &arena->view) != napi_ok ||
      napi_create_reference(env, ab, 1, &arena->buffer) != napi_ok)
    return nullptr;  // an exception, or the environment's end, is pending
  d->sessions++;
  if (!(hash_fn = NewHashArenaFn(env, arena)) || !(key_fn = NewCreateAesKeyFn(env, arena)) ||
      !(aegis_fn = NewCreateAegisKeyFn(env, arena)) || napi_create_array_with_length(env, 4, &result) != napi_ok ||
      napi_set_element(env, result, 0, u8) != napi_ok ||
      napi_set_element(env, result, 1, hash_fn) != napi_ok ||
      napi_set_element(env, result, 2, key_fn) != napi_ok || napi_set_element(env, result, 3, aegis_fn) != napi_ok)
    return nullptr;
  return result;
}

void FreeAddonData(napi_env, void *data, void *) { delete static_cast<AddonData *>(data); }

napi_value Init(napi_env env, napi_value exports) {
  AddonData *d = new (std::nothrow) AddonData();
  if (!d) return nullptr;
  if (napi_set_instance_data(env, d, FreeAddonData, nullptr) != napi_ok) {
    delete d;
    return nullptr;
  }
  napi_value key_op = NewKeyOpFn(env);
  bool ok = SetProp(env, exports, "version", Str(env, HWC_VERSION_STRING)) &&
            SetProp(env, exports, "napiVersion", Num(env, NAPI_VERSION)) &&
            SetProp(env, exports, "arenaLayout", ArenaLayout(env)) &&
            SetFn(env, exports, "cpuInfo", CpuInfo) && SetFn(env, exports, "backends", Backends) &&
            SetFn(env, exports, "knownBackends", KnownBackends) &&
            SetFn(env, exports, "getBackend", GetBackend) &&
            SetFn(env, exports, "setBackend", SetBackend) &&
            SetFn(env, exports, "applySpec", ApplySpec) &&
            SetFn(env, exports, "timestamp", Timestamp) &&
            SetFn(env, exports, "timestampSource", TimestampSource) &&
            SetFn(env, exports, "calibrateChain", CalibrateChain) &&
            SetFn(env, exports, "perfCyclesOpen", PerfOpen) &&
            SetFn(env, exports, "perfCyclesRead", PerfRead) &&
            SetFn(env, exports, "perfCyclesClose", PerfClose) &&
            SetFn(env, exports, "openSession", OpenSession) && SetProp(env, exports, "keyOp", key_op) &&
            InitHash(env, exports) && InitKdf(env, exports) &&
            InitBatch(env, exports) &&
            InitAsync(env, exports);
  return ok ? exports : nullptr;
}

}  // namespace

AddonData::~AddonData() {
  // The arenas' references go with the environment; only the perf_event
  // descriptors are ours to close.
  for (int &fd : perf_fds) {
    if (fd >= 0) hwc_perf_cycles_close(fd);
    fd = -1;
  }
}

}  // namespace hwcrypt

NAPI_MODULE_INIT() { return hwcrypt::Init(env, exports); }
