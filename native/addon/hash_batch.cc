// hash_batch.cc - many messages per native call: hashMany (one digest per
// message, through the multi-buffer scheduler hwc_hash_many), its packed
// form, SHA-256 of pairs of Merkle nodes, and the names of the
// multi-buffer backends.
//
// How a batch crosses: the messages come as arguments, not as an array
// (src/hash.ts calls Reflect.apply with its own snapshot of the caller's
// list). napi_get_cb_info copies them in one call, where reading an array
// would cost an napi_get_element per message and could run caller code
// (a getter, a hole that reads the prototype, a Proxy trap) in the middle
// of the walk, after earlier messages' pointers were taken: such code
// could detach a buffer whose pointer is already collected. Arguments are
// plain values; once they are read, nothing of the caller's runs until the
// call returns. src/ chunks a batch into calls of at most 8192 messages
// (the arguments live on V8's stack).
//
// Pointers into JS memory are taken in Collect() and used only before the
// call returns; digests are written into one caller-given output array.
#include "hash_batch.h"

#include <cstdlib>
#include <cstring>

namespace hwcrypt {

MessageArgs::~MessageArgs() {
  if (argv_ != stack_argv_) std::free(argv_);
  if (ptrs_ != stack_ptrs_) std::free(ptrs_);
  if (lens_ != stack_lens_) std::free(lens_);
}

bool MessageArgs::Read(napi_env env, napi_callback_info info, size_t need, const char *fn) {
  size_t argc = kStack;
  if (napi_get_cb_info(env, info, &argc, argv_, nullptr, nullptr) != napi_ok) return false;
  if (argc < need) {
    ThrowType(env, std::string(fn) + ": expected at least " + std::to_string(need) + " arguments");
    return false;
  }
  if (argc > kStack) {
    napi_value *all = static_cast<napi_value *>(std::malloc(argc * sizeof(napi_value)));
    if (!all) {
      ThrowError(env, std::string(fn) + ": out of memory");
      return false;
    }
    argv_ = all;
    size_t again = argc;
    if (napi_get_cb_info(env, info, &again, argv_, nullptr, nullptr) != napi_ok) return false;
  }
  argc_ = argc;
  return true;
}

bool MessageArgs::Collect(napi_env env, size_t first, const char *what) {
  first_ = first < argc_ ? first : argc_;
  n_ = argc_ - first_;
  if (n_ > kStack) {
    ptrs_ = static_cast<const uint8_t **>(std::malloc(n_ * sizeof(*ptrs_)));
    lens_ = static_cast<size_t *>(std::malloc(n_ * sizeof(*lens_)));
    if (!ptrs_ || !lens_) {
      // Keep the destructor's frees valid whichever allocation failed.
      if (!ptrs_) ptrs_ = stack_ptrs_;
      if (!lens_) lens_ = stack_lens_;
      ThrowError(env, std::string(what) + ": out of memory");
      return false;
    }
  }
  static const uint8_t kEmpty[1] = {0};
  for (size_t i = 0; i < n_; i++) {
    napi_typedarray_type type;
    size_t length = 0;
    void *data = nullptr;
    // No ArrayBuffer out-parameter: it costs a handle per message, and only
    // an empty view needs its buffer (to tell a detached one).
    bool bad = napi_get_typedarray_info(env, argv_[first_ + i], &type, &length, &data, nullptr, nullptr) != napi_ok ||
               type != napi_uint8_array;
    if (bad) {
      ThrowType(env, std::string(what) + "[" + std::to_string(i) + "]: expected a Uint8Array");
      return false;
    }
    if (length == 0) {
      napi_value ab;
      bool detached = true;
      if (napi_get_typedarray_info(env, argv_[first_ + i], &type, &length, &data, &ab, nullptr) != napi_ok ||
          napi_is_detached_arraybuffer(env, ab, &detached) != napi_ok || detached) {
        ThrowType(env, std::string(what) + "[" + std::to_string(i) + "]: the ArrayBuffer is detached");
        return false;
      }
    }
    ptrs_[i] = data ? static_cast<const uint8_t *>(data) : kEmpty;
    lens_[i] = length;
  }
  return true;
}

PackedMessages::~PackedMessages() {
  std::free(ptrs_);
  std::free(lens_);
}

bool PackedMessages::Read(napi_env env, const Bytes &data, napi_value lengths, const Bytes &out, size_t dl) {
  napi_typedarray_type type;
  size_t n = 0;
  void *lp = nullptr;
  if (napi_get_typedarray_info(env, lengths, &type, &n, &lp, nullptr, nullptr) != napi_ok ||
      type != napi_uint32_array) {
    ThrowType(env, "lengths: expected a Uint32Array");
    return false;
  }
  if (dl == 0 || n > out.len / dl) {
    ThrowRange(env, "out: too small for the results");
    return false;
  }
  if (Overlaps(out.data, n * dl, data.data, data.len) || Overlaps(out.data, n * dl, (const uint8_t *)lp, n * 4)) {
    ThrowRange(env, "out: must not overlap data or lengths");
    return false;
  }
  if (n) {
    ptrs_ = static_cast<const uint8_t **>(std::malloc(n * sizeof(*ptrs_)));
    lens_ = static_cast<size_t *>(std::malloc(n * sizeof(*lens_)));
    if (!ptrs_ || !lens_) {
      ThrowError(env, "lengths: out of memory");
      return false;
    }
  }
  const uint8_t *base = Ptr(data);
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t l;
    std::memcpy(&l, static_cast<const uint8_t *>(lp) + 4 * i, 4);
    if (l > data.len - at) {
      at = SIZE_MAX;
      break;
    }
    lens_[i] = l;
    ptrs_[i] = base + at;
    at += l;
  }
  if (at != data.len) {
    ThrowRange(env, "lengths: must add up to data's length (" + std::to_string(data.len) + " bytes)");
    return false;
  }
  n_ = n;
  return true;
}

bool OutApart(napi_env env, const MessageArgs &a, const uint8_t *out, size_t len) {
  for (size_t i = 0; i < a.count(); i++) {
    if (Overlaps(out, len, a.ptrs()[i], a.lens()[i])) {
      ThrowRange(env, "out: must not overlap messages[" + std::to_string(i) + "]");
      return false;
    }
  }
  return true;
}

namespace {

// An optional backend name argument: undefined/null -> nullptr (the
// default); a string of at most 63 bytes -> buf; anything else a TypeError.
bool GetOptionalBackend(napi_env env, napi_value v, char (&buf)[64], const char **name) {
  *name = nullptr;
  if (IsNullish(env, v)) return true;
  if (!GetName(env, v, buf)) {
    ThrowType(env, "backend: expected a backend name");
    return false;
  }
  *name = buf;
  return true;
}

void ThrowBackend(napi_env env, hwc_status st, const char *fn) {
  if (st == HWC_ERR_UNAVAILABLE)
    ThrowRange(env, "backend: not a multi-buffer backend available on this CPU");
  else
    ThrowStatus(env, st, fn);
}

// hashMany(alg, out, backend|null, outIndex, ...messages): the digest of
// message i to out[(outIndex + i) * dl, ...). out must hold them all.
napi_value HashMany(napi_env env, napi_callback_info info) {
  MessageArgs a;
  if (!a.Read(env, info, 4, "hashMany")) return nullptr;
  napi_value *argv = a.argv();
  hwc_hash_alg alg;
  Bytes out;
  uint32_t index = 0;
  char buf[64];
  const char *backend = nullptr;
  if (!GetAlg(env, argv[0], &alg) || !GetBytes(env, argv[1], "out", &out)) return nullptr;
  if (!GetOptionalBackend(env, argv[2], buf, &backend)) return nullptr;
  if (napi_get_value_uint32(env, argv[3], &index) != napi_ok) {
    ThrowType(env, "outIndex: expected a number");
    return nullptr;
  }
  if (!a.Collect(env, 4, "messages")) return nullptr;
  const size_t dl = hwc_hash_digest_len(alg);
  if ((uint64_t)index + a.count() > out.len / dl) {
    ThrowRange(env, "out: too small for the digests");
    return nullptr;
  }
  uint8_t *dst = out.data + (size_t)index * dl;
  if (!OutApart(env, a, dst, a.count() * dl)) return nullptr;
  hwc_status st = hwc_hash_many(alg, backend, a.ptrs(), a.lens(), a.count(), dst);
  if (st != HWC_OK) ThrowBackend(env, st, "hashMany");
  return nullptr;
}

// hashManyPacked(alg, data, lengths: Uint32Array, out, backend|null):
// message i is the next lengths[i] bytes of data; the lengths must add up
// to data's length exactly. Digests back to back into out.
napi_value HashManyPacked(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  hwc_hash_alg alg;
  Bytes data, out;
  char buf[64];
  const char *backend = nullptr;
  PackedMessages p;
  if (!Args(env, info, argv, 4, "hashManyPacked") || !GetAlg(env, argv[0], &alg) ||
      !GetBytes(env, argv[1], "data", &data) || !GetBytes(env, argv[3], "out", &out) ||
      !GetOptionalBackend(env, argv[4], buf, &backend) || !p.Read(env, data, argv[2], out, hwc_hash_digest_len(alg)))
    return nullptr;
  if (p.count() == 0) return nullptr;
  hwc_status st = hwc_hash_many(alg, backend, p.ptrs(), p.lens(), p.count(), out.data);
  if (st != HWC_OK) ThrowBackend(env, st, "hashManyPacked");
  return nullptr;
}

// sha256Pairs(nodes, out, backend|null): SHA-256 of each 64-byte block of
// nodes to out (32 bytes each). out may be nodes itself, not a partial overlap.
napi_value Sha256Pairs(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  Bytes in, out;
  char buf[64];
  const char *backend = nullptr;
  if (!Args(env, info, argv, 2, "sha256Pairs") || !GetBytes(env, argv[0], "nodes", &in) ||
      !GetBytes(env, argv[1], "out", &out) || !GetOptionalBackend(env, argv[2], buf, &backend))
    return nullptr;
  if (in.len % 64) {
    ThrowRange(env, "nodes: length must be a multiple of 64");
    return nullptr;
  }
  const size_t n = in.len / 64;
  if (!CheckOut(env, out, 32 * n)) return nullptr;
  if (PartialOverlap(out.data, 32 * n, in.data, in.len)) {
    ThrowRange(env, "out: must not partially overlap nodes (exactly the same start is allowed)");
    return nullptr;
  }
  if (n == 0) return nullptr;
  hwc_status st = hwc_sha256_pairs(backend, in.data, n, out.data);
  if (st != HWC_OK) ThrowBackend(env, st, "sha256Pairs");
  return nullptr;
}

bool GetHashFamily(napi_env env, napi_value v, hwc_family *f) {
  char s[64];
  if (GetName(env, v, s)) {
    for (hwc_family c : {HWC_FAMILY_SHA1, HWC_FAMILY_SHA256, HWC_FAMILY_SHA512}) {
      if (std::strcmp(s, hwc_family_name(c)) == 0) {
        *f = c;
        return true;
      }
    }
  }
  ThrowRange(env, "family: expected one of sha1, sha256, sha512");
  return false;
}

// hashManyBackends(family) -> names hwc_hash_many accepts, best first.
napi_value HashManyBackends(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr;
  hwc_family f;
  if (!Args(env, info, argv, 1, "hashManyBackends") || !GetHashFamily(env, argv[0], &f)) return nullptr;
  const char *names[32];
  int n = hwc_hash_many_backends(f, names, 32);
  if (n < 0) n = 0;
  if (n > 32) n = 32;
  if (napi_create_array_with_length(env, (size_t)n, &arr) != napi_ok) return nullptr;
  for (int i = 0; i < n; i++) {
    napi_value s = Str(env, names[i]);
    if (!s || napi_set_element(env, arr, (uint32_t)i, s) != napi_ok) return nullptr;
  }
  return arr;
}

// hashManyDefault(family) -> what hashMany uses with no backend named.
napi_value HashManyDefault(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  hwc_family f;
  if (!Args(env, info, argv, 1, "hashManyDefault") || !GetHashFamily(env, argv[0], &f)) return nullptr;
  const char *d = hwc_hash_many_default(f);
  return d ? Str(env, d) : Null(env);
}

}  // namespace

bool InitHashBatch(napi_env env, napi_value exports) {
  return SetFn(env, exports, "hashMany", HashMany) && SetFn(env, exports, "hashManyPacked", HashManyPacked) &&
         SetFn(env, exports, "sha256Pairs", Sha256Pairs) &&
         SetFn(env, exports, "hashManyBackends", HashManyBackends) &&
         SetFn(env, exports, "hashManyDefault", HashManyDefault);
}

}  // namespace hwcrypt
