// batch.cc - many AEAD messages under one key in one call (src/batch.ts).
//
// aeadBatch(key, kind, op, tagLen, nonces, data, lengths, out, aads,
//           aadLengths, ok) runs the seal or open of every message in one
// native crossing, on the key's Aead pair (keys.h: the same calls that
// one-shot seal/open make, so a batch result is the one-shot result).
//
//   kind: Kind below; it must match the key (AEGIS keys for kAegis only, plain
//     AES keys for the others, never an XTS key). The nonce length is the
//     kind's: 12 bytes for GCM, CCM and GCM-SIV, the key length for AEGIS.
//   op: Op below.
//   nonces: n * nonceLen bytes back to back; n = lengths.length.
//   lengths: Uint32Array(n), the plaintext lengths.
//   data: the inputs back to back (plaintexts for a seal; ciphertext || tag
//     for an open).
//   out: a seal's each ciphertext || tag back to back; an open's plaintexts
//     back to back.
//   aads, aadLengths: both absent (undefined/null), or the AADs back to back
//     and a Uint32Array(n) of their lengths.
//   ok: opens only, a Uint8Array of at least n bytes: ok[i] = 1 when message
//     i verified, 0 when it did not (its plaintext bytes in out are zero).
//
// Every length is checked before any message is processed (RangeError
// naming the argument; sums in 64 bits, so nothing wraps), and the lengths
// are read from private copies: a SharedArrayBuffer under `lengths` cannot
// change them between the check and the use. No JS runs during the call
// (no getters: only typed arrays are read), so the pointers taken at its
// start stay valid until it returns.
//
// out must not overlap any input (nor `ok`): the packed layouts differ
// between input and output, so even the same start would overwrite input
// not yet read. SharedArrayBuffer memory (any of nonces, data, aads, out)
// runs each message on a private copy and copies out only a finished
// result (an open's plaintext only once its tag verified), as aes.cc's
// one-shot calls do.
//
// A failure other than authentication (which validation should make
// impossible) wipes out[0, need) and throws.
#include <cstdlib>
#include <cstring>
#include <string>

#include "common.h"
#include "hash_batch.h"
#include "keys.h"

namespace hwcrypt {
namespace {

enum Kind : uint32_t { kGcm = 0, kCcm = 1, kGcmSiv = 2, kAegis = 3 };
enum Op : uint32_t { kSeal = 0, kOpen = 1 };

// CCM's length field with the 12-byte nonce batches use: 3 bytes.
constexpr uint64_t kCcmMaxLen12 = (1u << 24) - 1;

// A Uint32Array argument; TypeError naming `what` for anything else or a
// view of a detached buffer.
bool GetU32(napi_env env, napi_value v, const char *what, const uint32_t **data, size_t *len, bool *shared) {
  napi_typedarray_type type;
  void *p = nullptr;
  napi_value ab;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &type, len, &p, &ab, &offset) != napi_ok || type != napi_uint32_array) {
    ThrowType(env, std::string(what) + ": expected a Uint32Array");
    return false;
  }
  bool plain = true;
  *shared = napi_is_arraybuffer(env, ab, &plain) == napi_ok && !plain;
  if (*len == 0) {
    bool detached = true;
    if (napi_is_detached_arraybuffer(env, ab, &detached) != napi_ok || detached) {
      ThrowType(env, std::string(what) + ": the ArrayBuffer is detached");
      return false;
    }
  }
  *data = static_cast<const uint32_t *>(p);
  return true;
}

// Frees and wipes on scope exit (the copies of lengths are not secret, the
// per-message copies on the shared path may be).
struct Buf {
  uint8_t *p = nullptr;
  size_t n = 0;
  explicit Buf(size_t len) : p(static_cast<uint8_t *>(std::malloc(len ? len : 1))), n(len) {}
  ~Buf() {
    if (p) hwc_wipe(p, n);
    std::free(p);
  }
  Buf(const Buf &) = delete;
  Buf &operator=(const Buf &) = delete;
};



std::string Str64(uint64_t x) { return std::to_string((unsigned long long)x); }

struct Plan {
  const Aead *aead = nullptr;
  const KeyBox *box = nullptr;
  Op op = kSeal;
  size_t n = 0, nonce_len = 0, tag_len = 0;
  const uint32_t *len = nullptr;   // private copy, n entries
  const uint32_t *alen = nullptr;  // private copy, n entries, or nullptr (no AAD)
  Bytes nonces, data, aads, out;
  uint8_t *ok = nullptr;
  size_t need = 0;  // bytes of out the batch writes
};

bool Seals(Op op) { return op == kSeal; }

// The inputs and the output of message i (offsets advanced by the caller).
struct Msg {
  const uint8_t *nonce, *aad, *in;
  size_t aad_len, len;
  uint8_t *out;
};

hwc_status RunOne(const Plan &p, const Msg &m) {
  if (Seals(p.op))
    return p.aead->seal(p.box, m.nonce, p.nonce_len, m.aad, m.aad_len, m.in, m.len, m.out, m.out + m.len, p.tag_len);
  return p.aead->open(p.box, m.nonce, p.nonce_len, m.aad, m.aad_len, m.in, m.len, m.in + m.len, p.tag_len, m.out);
}

// The same message on private copies (some argument is shared memory):
// nonce, AAD and input are copied into s, the result is made in s and
// copied to m.out only when finished (an open's only when it verified).
hwc_status RunOneCopied(const Plan &p, const Msg &m, uint8_t *s) {
  size_t in_len = m.len + p.tag_len;  // a seal reads m.len bytes; copying the tag's room too is harmless
  size_t out_len = Seals(p.op) ? m.len + p.tag_len : m.len;
  uint8_t *cn = s, *ca = cn + p.nonce_len, *ci = ca + m.aad_len, *co = ci + in_len;
  std::memcpy(cn, m.nonce, p.nonce_len);
  if (m.aad_len) std::memcpy(ca, m.aad, m.aad_len);
  if (Seals(p.op)) {
    if (m.len) std::memcpy(ci, m.in, m.len);
  } else {
    std::memcpy(ci, m.in, in_len);
  }
  Msg c = {cn, ca, ci, m.aad_len, m.len, co};
  hwc_status st = RunOne(p, c);
  if (st == HWC_OK && out_len) std::memcpy(m.out, co, out_len);
  hwc_wipe(s, p.nonce_len + m.aad_len + in_len + out_len);
  return st;
}

// Runs every message; returns the first status other than OK/AUTH (the
// batch stops there), else HWC_OK. ok[i] records each open's verdict.
hwc_status RunAll(const Plan &p, bool copied, uint8_t *scratch) {
  const bool seal = Seals(p.op);
  const uint8_t *nonce = Ptr(p.nonces), *aad = Ptr(p.aads);
  const uint8_t *in = Ptr(p.data);
  uint8_t *out = p.out.data;
  for (size_t i = 0; i < p.n; i++) {
    size_t len = p.len[i], al = p.alen ? p.alen[i] : 0;
    size_t region = len + p.tag_len;
    Msg m = {nonce, aad, in, al, len, out};
    hwc_status st = copied ? RunOneCopied(p, m, scratch) : RunOne(p, m);
    if (!seal) {
      if (st == HWC_ERR_AUTH) {
        if (len) hwc_wipe(out, len);  // the core zeroed it already; the contract does not rest on that alone
        st = HWC_OK;
        p.ok[i] = 0;
      } else {
        p.ok[i] = 1;
      }
    }
    if (st != HWC_OK) return st;
    nonce += p.nonce_len;
    aad += al;
    // A seal reads len bytes and writes ciphertext || tag; an open the reverse.
    in += seal ? len : region;
    out += seal ? region : len;
  }
  return HWC_OK;
}

napi_value AeadBatch(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!Args(env, info, argv, 11, "aeadBatch")) return nullptr;
  KeyBox *box = UnwrapKey(env, argv[0]);
  if (!box) return nullptr;
  uint32_t kind = UINT32_MAX, op = UINT32_MAX, tag_len = UINT32_MAX;
  if (napi_get_value_uint32(env, argv[1], &kind) != napi_ok || kind > kAegis) {
    ThrowRange(env, "aeadBatch: unknown AEAD");
    return nullptr;
  }
  if (napi_get_value_uint32(env, argv[2], &op) != napi_ok || op > kOpen) {
    ThrowRange(env, "aeadBatch: unknown operation");
    return nullptr;
  }
  if (napi_get_value_uint32(env, argv[3], &tag_len) != napi_ok || tag_len == 0 || tag_len > 32) {
    ThrowRange(env, "tagLength: expected 1..32 bytes");
    return nullptr;
  }
  if (!box->key && !box->aegis) {
    ThrowStatus(env, HWC_ERR_STATE, "key");
    return nullptr;
  }
  if ((kind == kAegis) != (box->aegis != nullptr) || box->key2) {
    ThrowType(env, kind == kAegis ? "key: not an AEGIS key" : "key: not an AES key for this AEAD");
    return nullptr;
  }
  static const Aead *const kAeads[] = {&AeadGcm(), &AeadCcm(), &AeadGcmSiv(), &AeadAegis()};
  Plan p;
  p.aead = kAeads[kind];
  p.box = box;
  p.op = (Op)op;
  p.tag_len = tag_len;
  p.nonce_len = kind == kAegis ? hwc_aegis_key_len(box->aegis->alg) : 12;
  const bool seal = Seals(p.op);

  // lengths, then a private copy of it (and of aadLengths).
  const uint32_t *lens = nullptr, *alens = nullptr;
  size_t n = 0, an = 0;
  bool lens_shared = false, alens_shared = false;
  if (!GetU32(env, argv[6], "lengths", &lens, &n, &lens_shared)) return nullptr;
  p.n = n;
  bool has_aad = !IsNullish(env, argv[8]), has_alen = !IsNullish(env, argv[9]);
  if (has_aad != has_alen) {
    ThrowType(env, has_aad ? "aadLengths: expected a Uint32Array (aads was given)"
                           : "aads: expected a Uint8Array (aadLengths was given)");
    return nullptr;
  }
  if (!GetBytes(env, argv[4], "nonces", &p.nonces) || (has_aad && !GetBytes(env, argv[8], "aads", &p.aads)) ||
      (has_alen && !GetU32(env, argv[9], "aadLengths", &alens, &an, &alens_shared)) ||
      !GetBytes(env, argv[5], seal ? "data" : "sealed", &p.data))
    return nullptr;
  if (!GetBytes(env, argv[7], "out", &p.out)) return nullptr;
  Bytes ok;
  if (!seal && !GetBytes(env, argv[10], "ok", &ok)) return nullptr;
  if (has_alen && an != n) {
    ThrowRange(env, "aadLengths: expected " + Str64(n) + " entries (as lengths), got " + Str64(an));
    return nullptr;
  }
  if (!seal && ok.len < n) {
    ThrowRange(env, "ok: too small");
    return nullptr;
  }
  p.ok = ok.data;
  // n <= 2^32 entries of at most 2^32 - 1: every sum below fits in 64 bits.
  Buf copy(2 * n * sizeof(uint32_t));
  if (!copy.p) {
    ThrowError(env, "aeadBatch: out of memory");
    return nullptr;
  }
  uint32_t *lc = reinterpret_cast<uint32_t *>(copy.p), *ac = lc + n;
  if (n) std::memcpy(lc, lens, n * sizeof(uint32_t));
  if (has_alen && n) std::memcpy(ac, alens, n * sizeof(uint32_t));
  p.len = lc;
  p.alen = has_alen ? ac : nullptr;

  uint64_t sum = 0, asum = 0, max_len = 0, max_aad = 0;
  for (size_t i = 0; i < n; i++) {
    sum += lc[i];
    if (lc[i] > max_len) max_len = lc[i];
    if (kind == kCcm && lc[i] > kCcmMaxLen12) {
      ThrowRange(env, "lengths[" + Str64(i) + "]: at most 2^24 - 1 bytes with AES-CCM's 12-byte nonce, got " +
                          Str64(lc[i]));
      return nullptr;
    }
    if (has_alen) {
      asum += ac[i];
      if (ac[i] > max_aad) max_aad = ac[i];
    }
  }
  uint64_t tags = (uint64_t)n * tag_len;
  if ((uint64_t)p.nonces.len != (uint64_t)n * p.nonce_len) {
    ThrowRange(env, "nonces: expected " + Str64((uint64_t)n * p.nonce_len) + " bytes (" + Str64(n) + " nonces of " +
                        Str64(p.nonce_len) + "), got " + Str64(p.nonces.len));
    return nullptr;
  }
  if (has_aad && asum != p.aads.len) {
    ThrowRange(env, "aads: expected " + Str64(asum) + " bytes (the sum of aadLengths), got " + Str64(p.aads.len));
    return nullptr;
  }
  uint64_t data_need = seal ? sum : sum + tags;
  if (p.data.len != data_need) {
    ThrowRange(env, std::string(seal ? "data" : "sealed") + ": expected " + Str64(data_need) + " bytes (the sum of lengths" +
                        (seal ? "" : ", plus a tag each") + "), got " + Str64(p.data.len));
    return nullptr;
  }
  uint64_t need = seal ? sum + tags : sum;
  if (p.out.len < need) {
    ThrowRange(env, "out: expected at least " + Str64(need) + " bytes, got " + Str64(p.out.len));
    return nullptr;
  }
  p.need = (size_t)need;
  // out overlaps no input (see the top), nor ok; ok overlaps no input.
  const Bytes *inputs[] = {&p.nonces, &p.aads, &p.data};
  for (const Bytes *b : inputs) {
    if (Overlaps(p.out.data, p.need, b->data, b->len) || (!seal && Overlaps(ok.data, n, b->data, b->len))) {
      ThrowRange(env, "out: must not overlap nonces, data, aads or another output");
      return nullptr;
    }
  }
  if (!seal && Overlaps(p.out.data, p.need, ok.data, n)) {
    ThrowRange(env, "out: must not overlap nonces, data, aads or another output");
    return nullptr;
  }

  bool copied = p.nonces.shared || p.data.shared || p.aads.shared || p.out.shared || ok.shared;
  size_t scratch_len = 0;
  if (copied) {
    // nonce, AAD, input (len + tag), output (len + tag) of the largest message
    uint64_t s = p.nonce_len + max_aad + 2 * (max_len + tag_len);
    scratch_len = (size_t)s;
  }
  Buf scratch(scratch_len);
  if (!scratch.p) {
    ThrowError(env, "aeadBatch: out of memory");
    return nullptr;
  }
  hwc_status st = RunAll(p, copied, scratch.p);
  if (st != HWC_OK) {
    if (p.need) hwc_wipe(p.out.data, p.need);
    ThrowStatus(env, st, seal ? "seal" : "open");
    return nullptr;
  }
  return nullptr;
}

// ---- the array forms ----------------------------------------------------
//
// aeadMany(key, kind, op, tagLen, info, ok, stride, emptiesChecked,
//          ...elements) seals or opens the messages of one chunk of
// sealMany/openMany straight from the caller's memory. The elements come
// as call arguments (src/batch.ts reads the caller's arrays once, into an
// argument list of its own, and calls through a captured Reflect.apply):
// napi_get_cb_info copies them in one go, so no getter, hole or Proxy trap
// can run caller code while their pointers are taken (hash_batch.cc does the
// same for hashes). Per message, `stride` arguments: nonce, input, and
// (stride 3) its AAD or undefined.
//
//   info: a Uint32Array of at least n + 4 entries. On success info[i] is the
//     length of result i (a seal's ciphertext || tag, an open's plaintext);
//     the results are back to back in the returned Buffer. On a bad element
//     nothing is processed, undefined is returned and info[n..n+3] say
//     why (src/batch.ts words the error): reason (kBad* below), message
//     index, which argument (0 nonce, 1 input, 2 AAD), a length.
//   ok: opens only, a Uint8Array of at least n bytes (as in aeadBatch).
//   emptiesChecked: an empty element is accepted only when this is true
//     (src/batch.ts has checked every empty element is attached and in
//     bounds); else the call stops with kBadEmpty first.
//
// The output is one new uninitialized Buffer that every message's result
// fills (an open's failed message: zeros). An element on shared memory runs
// its message on private copies, as aeadBatch does.
enum Bad : uint32_t {
  kBadType = 1,
  kBadDetached = 2,
  kBadNonce = 3,
  kBadShort = 4,
  kBadLong = 5,
  kBadAadLong = 6,
  kBadEmpty = 7,
};

struct Elem {
  const uint8_t *nonce, *aad, *in;
  uint32_t aad_len, len;  // len: the plaintext length
  bool shared;
};

// One element: false when it is not an attached Uint8Array (or, before the
// empties were checked, when it is empty); `why` says which.
inline bool ReadElem(napi_env env, napi_value v, bool empties_checked, const uint8_t **p, size_t *len, bool *shared,
                     uint32_t *why) {
  static const uint8_t kEmpty[1] = {0};
  napi_typedarray_type type;
  void *data = nullptr;
  napi_value ab;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &type, len, &data, &ab, &offset) != napi_ok || type != napi_uint8_array) {
    *why = kBadType;
    return false;
  }
  bool plain = true;
  *shared = napi_is_arraybuffer(env, ab, &plain) == napi_ok && !plain;
  if (*len == 0) {
    bool detached = true;
    if (napi_is_detached_arraybuffer(env, ab, &detached) != napi_ok || detached) {
      *why = kBadDetached;
      return false;
    }
    if (!empties_checked) {
      *why = kBadEmpty;
      return false;
    }
  }
  *p = data ? static_cast<const uint8_t *>(data) : kEmpty;
  return true;
}

napi_value AeadMany(napi_env env, napi_callback_info info) {
  constexpr size_t kHead = 8;
  MessageArgs a;
  if (!a.Read(env, info, kHead, "aeadMany")) return nullptr;
  napi_value *argv = a.argv();
  KeyBox *box = UnwrapKey(env, argv[0]);
  if (!box) return nullptr;
  uint32_t kind = UINT32_MAX, op = UINT32_MAX, tag_len = UINT32_MAX, stride = 0;
  bool empties_checked = false;
  if (napi_get_value_uint32(env, argv[1], &kind) != napi_ok || kind > kAegis ||
      napi_get_value_uint32(env, argv[2], &op) != napi_ok || op > kOpen ||
      napi_get_value_uint32(env, argv[3], &tag_len) != napi_ok || tag_len == 0 || tag_len > 32 ||
      napi_get_value_uint32(env, argv[6], &stride) != napi_ok || (stride != 2 && stride != 3) ||
      napi_get_value_bool(env, argv[7], &empties_checked) != napi_ok) {
    ThrowRange(env, "aeadMany: bad arguments");
    return nullptr;
  }
  if (!box->key && !box->aegis) {
    ThrowStatus(env, HWC_ERR_STATE, "key");
    return nullptr;
  }
  if ((kind == kAegis) != (box->aegis != nullptr) || box->key2) {
    ThrowType(env, kind == kAegis ? "key: not an AEGIS key" : "key: not an AES key for this AEAD");
    return nullptr;
  }
  static const Aead *const kAeads[] = {&AeadGcm(), &AeadCcm(), &AeadGcmSiv(), &AeadAegis()};
  Plan p;
  p.aead = kAeads[kind];
  p.box = box;
  p.op = (Op)op;
  p.tag_len = tag_len;
  p.nonce_len = kind == kAegis ? hwc_aegis_key_len(box->aegis->alg) : 12;
  const bool seal = Seals(p.op);
  if ((a.argc() - kHead) % stride) {
    ThrowRange(env, "aeadMany: bad arguments");
    return nullptr;
  }
  const size_t n = (a.argc() - kHead) / stride;
  const uint32_t *info_ro = nullptr;
  size_t info_len = 0;
  bool info_shared = false;
  if (!GetU32(env, argv[4], "info", &info_ro, &info_len, &info_shared)) return nullptr;
  if (info_len < n + 4 || info_shared) {
    ThrowRange(env, "info: too small");
    return nullptr;
  }
  uint32_t *res = const_cast<uint32_t *>(info_ro), *err = res + n;
  Bytes ok;
  if (!seal) {
    if (!GetBytes(env, argv[5], "ok", &ok)) return nullptr;
    if (ok.len < n || ok.shared) {
      ThrowRange(env, "ok: too small");
      return nullptr;
    }
  }
  const uint64_t max = kind == kCcm ? kCcmMaxLen12 : UINT32_MAX;

  // Every element's pointer and length, and every check, before any message runs.
  thread_local Elem *elems = nullptr;
  thread_local size_t elems_cap = 0;
  if (n > elems_cap) {
    size_t cap = n < 256 ? 256 : n;
    Elem *e = static_cast<Elem *>(std::realloc(elems, cap * sizeof(Elem)));
    if (!e) {
      ThrowError(env, "aeadMany: out of memory");
      return nullptr;
    }
    elems = e;
    elems_cap = cap;
  }
  uint64_t total = 0, max_len = 0, max_aad = 0;
  bool any_shared = false;
  auto bad = [&](uint32_t why, size_t i, uint32_t which, uint64_t v) -> napi_value {
    err[0] = why;
    err[1] = (uint32_t)i;
    err[2] = which;
    err[3] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
    return nullptr;
  };
  for (size_t i = 0; i < n; i++) {
    napi_value *e = argv + kHead + i * stride;
    Elem &m = elems[i];
    const uint8_t *ptr;
    size_t len;
    bool sh, sh_any;
    uint32_t why;
    if (!ReadElem(env, e[1], empties_checked, &ptr, &len, &sh, &why)) return bad(why, i, 1, 0);
    sh_any = sh;
    m.in = ptr;
    uint64_t pt = len;
    if (!seal) {
      if (len < tag_len) return bad(kBadShort, i, 1, len);
      pt = len - tag_len;
    }
    if (pt > max) return bad(kBadLong, i, 1, pt);
    m.len = (uint32_t)pt;
    if (!ReadElem(env, e[0], empties_checked, &ptr, &len, &sh, &why)) return bad(why, i, 0, 0);
    if (len != p.nonce_len) return bad(kBadNonce, i, 0, len);
    sh_any |= sh;
    m.nonce = ptr;
    m.aad = ptr;
    m.aad_len = 0;
    if (stride == 3 && !IsNullish(env, e[2])) {
      if (!ReadElem(env, e[2], empties_checked, &ptr, &len, &sh, &why)) return bad(why, i, 2, 0);
      if (len > UINT32_MAX) return bad(kBadAadLong, i, 2, len);
      sh_any |= sh;
      m.aad = ptr;
      m.aad_len = (uint32_t)len;
      if (len > max_aad) max_aad = len;
    }
    m.shared = sh_any;
    any_shared |= sh_any;
    if (pt > max_len) max_len = pt;
    total += seal ? pt + tag_len : pt;
  }
  if (total > SIZE_MAX / 2) {
    ThrowRange(env, "aeadMany: the batch is too large");
    return nullptr;
  }
  void *outp = nullptr;
  napi_value buf;
  if (napi_create_buffer(env, (size_t)total, &outp, &buf) != napi_ok) return nullptr;
  uint8_t *out = static_cast<uint8_t *>(outp);
  Buf scratch(any_shared ? (size_t)(p.nonce_len + max_aad + 2 * (max_len + tag_len)) : 0);
  if (!scratch.p) {
    ThrowError(env, "aeadMany: out of memory");
    return nullptr;
  }
  uint8_t *o = out;
  for (size_t i = 0; i < n; i++) {
    const Elem &m = elems[i];
    Msg msg = {m.nonce, m.aad, m.in, m.aad_len, m.len, o};
    hwc_status st = m.shared ? RunOneCopied(p, msg, scratch.p) : RunOne(p, msg);
    size_t region = seal ? (size_t)m.len + tag_len : m.len;
    if (!seal) {
      if (st == HWC_ERR_AUTH) {
        if (m.len) hwc_wipe(o, m.len);
        st = HWC_OK;
        ok.data[i] = 0;
      } else {
        ok.data[i] = 1;
      }
    }
    if (st != HWC_OK) {
      if (total) hwc_wipe(out, (size_t)total);
      ThrowStatus(env, st, seal ? "seal" : "open");
      return nullptr;
    }
    res[i] = (uint32_t)region;
    o += region;
  }
  return buf;
}

}  // namespace

bool InitBatch(napi_env env, napi_value exports) {
  return SetFn(env, exports, "aeadBatch", AeadBatch) && SetFn(env, exports, "aeadMany", AeadMany);
}

}  // namespace hwcrypt
