// kdf.cc - HKDF and PBKDF2 (native/modes/kdf.c): one native call per
// derivation, and pbkdf2Async on the libuv thread pool.
//
// hkdf(alg, ikm, salt, info, length, out) and
// pbkdf2(alg, password, salt, iterations, length, out) write length bytes
// to out (src/kdf.ts validated the arguments and passes out: the arena for
// short results, else a new array).
//
// pbkdf2Async(alg, password, salt, iterations, length) -> Promise<Uint8Array>.
// Everything the worker needs is taken before the call returns, so the
// caller may change, transfer or detach its buffers at once:
//  - the password is consumed here, on the calling thread: the HMAC key
//    setup (hwc_hmac_init, two to four compressions) runs now, with this
//    thread's backend selection, and the job keeps the keyed context (the
//    pad states), not the password;
//  - the salt is copied into the job.
// The pool thread runs hwc_pbkdf2_hmac on the keyed context, which carries
// its backend, so the thread's own selection does not matter. The job's
// secrets (pad states, the result) are wiped and freed in the completion
// callback, which Node runs for every queued job, also when the
// environment is going away (it drains thread-pool work before freeing):
// then the N-API calls that build the result fail, and the job is only
// wiped and freed.
#include <cstdlib>
#include <cstring>
#include <new>

#include "common.h"

namespace hwcrypt {
namespace {

// A whole number in [lo, hi] (src/kdf.ts gives the JS message; this is
// the addon's own guard).
bool GetCount(napi_env env, napi_value v, const char *what, double lo, double hi, double *out) {
  double d = -1;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= lo && d <= hi) || d != (double)(uint64_t)d) {
    ThrowRange(env, std::string(what) + ": out of range");
    return false;
  }
  *out = d;
  return true;
}

constexpr double kMaxLength = 2147483647.0;     // 2^31 - 1, as node:crypto
constexpr double kMaxIterations = 4294967295.0;  // the C API's uint32_t

bool GetOut(napi_env env, napi_value v, size_t need, Bytes *out) {
  return GetBytes(env, v, "out", out) && CheckOut(env, *out, need);
}

// hkdf(alg, ikm, salt, info, length, out)
napi_value Hkdf(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  hwc_hash_alg alg;
  Bytes ikm, salt, inf, out;
  double len = 0;
  if (!Args(env, info, argv, 6, "hkdf") || !GetAlg(env, argv[0], &alg, "hash") || !GetBytes(env, argv[1], "ikm", &ikm) ||
      !GetBytes(env, argv[2], "salt", &salt) || !GetBytes(env, argv[3], "info", &inf) ||
      !GetCount(env, argv[4], "length", 0, HWC_HKDF_MAX_BLOCKS * HWC_HASH_MAX_DIGEST, &len) ||
      !GetOut(env, argv[5], (size_t)len, &out))
    return nullptr;
  hwc_status st = hwc_hkdf(alg, Ptr(ikm), ikm.len, Ptr(salt), salt.len, Ptr(inf), inf.len, out.data, (size_t)len);
  if (st != HWC_OK) ThrowStatus(env, st, "hkdf");
  return nullptr;
}

// pbkdf2(alg, password, salt, iterations, length, out)
napi_value Pbkdf2(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  hwc_hash_alg alg;
  Bytes pw, salt, out;
  double iterations = 0, len = 0;
  if (!Args(env, info, argv, 6, "pbkdf2") || !GetAlg(env, argv[0], &alg, "hash") ||
      !GetBytes(env, argv[1], "password", &pw) || !GetBytes(env, argv[2], "salt", &salt) ||
      !GetCount(env, argv[3], "iterations", 1, kMaxIterations, &iterations) ||
      !GetCount(env, argv[4], "length", 0, kMaxLength, &len) || !GetOut(env, argv[5], (size_t)len, &out))
    return nullptr;
  hwc_status st = hwc_pbkdf2(alg, Ptr(pw), pw.len, Ptr(salt), salt.len, (uint32_t)iterations, out.data, (size_t)len);
  if (st != HWC_OK) ThrowStatus(env, st, "pbkdf2");
  return nullptr;
}

// ---- pbkdf2Async ---------------------------------------------------------

struct Pbkdf2Job {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  hwc_hmac_ctx prf;  // keyed with the password on the calling thread
  uint8_t *salt = nullptr;
  size_t salt_len = 0;
  uint32_t iterations = 0;
  uint8_t *out = nullptr;
  size_t out_len = 0;
  hwc_status st = HWC_ERR_STATE;

  Pbkdf2Job() { hwc_hmac_wipe(&prf); }
  ~Pbkdf2Job() {
    hwc_hmac_wipe(&prf);
    if (salt) hwc_wipe(salt, salt_len);
    if (out) hwc_wipe(out, out_len);
    std::free(salt);
    std::free(out);
  }
};

// On the pool thread: no N-API, no JS memory.
void Pbkdf2Execute(napi_env, void *data) {
  Pbkdf2Job *job = static_cast<Pbkdf2Job *>(data);
  job->st = hwc_pbkdf2_hmac(&job->prf, job->salt, job->salt_len, job->iterations, job->out, job->out_len);
  hwc_hmac_wipe(&job->prf);
}

// Back on the JS thread (or at environment teardown, where every N-API
// call below may fail: then the promise is simply dropped).
void Pbkdf2Complete(napi_env env, napi_status status, void *data) {
  Pbkdf2Job *job = static_cast<Pbkdf2Job *>(data);
  napi_value result = nullptr, ab = nullptr, msg = nullptr;
  void *mem = nullptr;
  if (status == napi_ok && job->st == HWC_OK) {
    if (napi_create_arraybuffer(env, job->out_len, &mem, &ab) == napi_ok &&
        (job->out_len == 0 || mem) &&
        napi_create_typedarray(env, napi_uint8_array, job->out_len, ab, 0, &result) == napi_ok) {
      if (job->out_len) std::memcpy(mem, job->out, job->out_len);
      Settle(env, job->deferred, result, true);
    } else if (napi_create_string_utf8(env, "pbkdf2Async: out of memory", NAPI_AUTO_LENGTH, &msg) == napi_ok &&
               napi_create_error(env, nullptr, msg, &result) == napi_ok) {
      Settle(env, job->deferred, result, false);
    }
  } else {
    const char *text = status == napi_cancelled ? "pbkdf2Async: cancelled" : "pbkdf2Async: internal error";
    if (napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg) == napi_ok &&
        napi_create_error(env, nullptr, msg, &result) == napi_ok)
      Settle(env, job->deferred, result, false);
  }
  DeleteWork(env, job->work);
  delete job;  // wipes the pad states, salt copy and result
}

// pbkdf2Async(alg, password, salt, iterations, length) -> Promise<Uint8Array>
napi_value Pbkdf2Async(napi_env env, napi_callback_info info) {
  napi_value argv[5], promise = nullptr, name = nullptr;
  hwc_hash_alg alg;
  Bytes pw, salt;
  double iterations = 0, len = 0;
  if (!Args(env, info, argv, 5, "pbkdf2Async") || !GetAlg(env, argv[0], &alg, "hash") ||
      !GetBytes(env, argv[1], "password", &pw) || !GetBytes(env, argv[2], "salt", &salt) ||
      !GetCount(env, argv[3], "iterations", 1, kMaxIterations, &iterations) ||
      !GetCount(env, argv[4], "length", 0, kMaxLength, &len))
    return nullptr;
  Pbkdf2Job *job = new (std::nothrow) Pbkdf2Job();
  if (!job) {
    ThrowError(env, "pbkdf2Async: out of memory");
    return nullptr;
  }
  job->salt_len = salt.len;
  job->iterations = (uint32_t)iterations;
  job->out_len = (size_t)len;
  job->salt = static_cast<uint8_t *>(std::malloc(salt.len ? salt.len : 1));
  job->out = static_cast<uint8_t *>(std::malloc(job->out_len ? job->out_len : 1));
  if (!job->salt || !job->out) {
    delete job;
    ThrowRange(env, "length: cannot allocate the result");
    return nullptr;
  }
  if (salt.len) std::memcpy(job->salt, salt.data, salt.len);
  hwc_status st = hwc_hmac_init(&job->prf, alg, Ptr(pw), pw.len);
  if (st != HWC_OK) {
    delete job;
    ThrowStatus(env, st, "pbkdf2Async");
    return nullptr;
  }
  if (napi_create_string_utf8(env, "hwcrypt.pbkdf2", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, Pbkdf2Execute, Pbkdf2Complete, job, &job->work) != napi_ok) {
    delete job;
    ThrowError(env, "pbkdf2Async: could not create the async work");
    return nullptr;
  }
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    // Not queued: nothing will call Pbkdf2Complete. A deferred that was
    // made is left unsettled (its promise was never returned).
    DeleteWork(env, job->work);
    delete job;
    ThrowError(env, "pbkdf2Async: could not queue the async work");
    return nullptr;
  }
  return promise;
}

}  // namespace

bool InitKdf(napi_env env, napi_value exports) {
  return SetFn(env, exports, "hkdf", Hkdf) && SetFn(env, exports, "pbkdf2", Pbkdf2) &&
         SetFn(env, exports, "pbkdf2Async", Pbkdf2Async);
}

}  // namespace hwcrypt
