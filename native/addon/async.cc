// async.cc - the async twins (sealAsync, openAsync, xorAsync, encryptAsync,
// decryptAsync, macAsync, sha256.async, ...): one napi_async_work job type
// for every operation, run on the libuv thread pool.
//
// asyncOp(code, target, pins, a, b, c, out, param) -> Promise<number>
// (and HmacMacAsync, which hash.cc's HMAC key function calls)
//   code    one of Code below; it fixes what a, b, c, out and param mean;
//   target  the key handle (an hwcrypt key External), or for kHash the
//           hash algorithm number;
//   pins    bit i (a = 0, b = 1, c = 2): the pool thread may read that
//           input in place; bit 3: it may write `out` in place;
//   a, b, c Uint8Array inputs (undefined reads as empty where allowed);
//   out     the Uint8Array that receives the result;
//   param   a small number (tag length, encrypt flag); for kGcmSeal, bits
//           8 and up: how many pool threads one large message may be split
//           across (SplitParts).
// The promise resolves with the number of bytes written to out, or -1 when
// the operation refused its data (authentication or padding failed; out's
// region is zeroed), and rejects only when the job could not run to the
// end (cancelled, out of memory, an output detached while it ran). Bad
// arguments throw here, synchronously; src/async.ts turns those into
// rejections.
//
// What the pool thread may touch (src/pool.ts decides the pins):
//  - a pinned input is read in place: src/ pinned it (markAsUntransferable,
//    or a SharedArrayBuffer), and the job holds a reference to the view,
//    so its memory stays put until the completion callback;
//  - every other input is copied here, on the calling thread, into memory
//    of the job's own (wiped when the job ends);
//  - a pinned `out` is written in place (src/ passes its own fresh arrays
//    as pinned too: no one else can reach them before the promise
//    resolves); otherwise the result goes to memory of the job's own and
//    is copied into `out` in the completion callback.
// SharedArrayBuffer memory is copied for every operation whose sync twin
// copies it (the AEADs, the block modes, CMAC: see aes.cc), and written
// back only once finished (an open: only once authentic), for the same
// reasons; CTR and the hashes read it in place, as their sync twins do.
//
// Keys: the job takes the key's memory pointers when it is queued and
// counts itself on the KeyBox (KeyJobBegin/End, keys.h), and holds a
// reference to the key's External. dispose() while jobs run parks the
// memory; the last job wipes and frees it. A job queued before dispose()
// completes normally; calls after it throw ERR_HWCRYPT_DISPOSED.
//
// Teardown: Node runs the completion callback of every job it queued, also
// when a worker's environment goes away (it drains the pool work first),
// with napi_cancelled for work that never started. Every N-API call there
// may then fail; the job's own memory is wiped and freed whatever happens.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "common.h"
#include "keys.h"

namespace hwcrypt {
namespace {

enum Code : uint32_t {
  kGcmSeal = 0,  // a nonce, b plaintext, c aad; out ct || tag; param tag length
  kGcmOpen,      // a nonce, b sealed, c aad; out plaintext; param tag length
  kCcmSeal,
  kCcmOpen,
  kSivSeal,
  kSivOpen,
  kAegisSeal,
  kAegisOpen,
  kCtr,       // a counter (16), b data; out data.length
  kEcb,       // b data (whole blocks); param 1 encrypt, 0 decrypt
  kCbc,       // a iv (16), b data (whole blocks); param encrypt
  kCbcPkcs7,  // a iv (16), b data; param encrypt (decrypt: out holds data.length)
  kXts,       // a tweak (16), b data (16 .. 2^24); param encrypt; XTS keys only
  kCmac,      // b data; out the 16-byte tag
  kHash,      // target: the algorithm; b data; out the digest
  kHmac,      // (HmacKey.macAsync, through the key's function: HmacMacAsync) b data; out the tag
  kCodes,
};

enum KeyKind { kNoKey, kAesKey, kXtsKey, kAegisKey };

struct OpInfo {
  const char *name;
  KeyKind key;
  bool shared_in_place;  // SharedArrayBuffer inputs may be read in place (as the sync twin does)
};

const OpInfo kOps[kCodes] = {
    {"sealAsync", kAesKey, false},   {"openAsync", kAesKey, false},   {"sealAsync", kAesKey, false},
    {"openAsync", kAesKey, false},   {"sealAsync", kAesKey, false},   {"openAsync", kAesKey, false},
    {"sealAsync", kAegisKey, false}, {"openAsync", kAegisKey, false}, {"xorAsync", kAesKey, true},
    {"ecbAsync", kAesKey, false},    {"cbcAsync", kAesKey, false},    {"cbcAsync", kAesKey, false},
    {"xtsAsync", kXtsKey, false},    {"macAsync", kAesKey, false},    {"hashAsync", kNoKey, true},
    {"macAsync", kNoKey, false},
};

const Aead *AeadOf(uint32_t code) {
  switch (code) {
    case kGcmSeal:
    case kGcmOpen:
      return &AeadGcm();
    case kCcmSeal:
    case kCcmOpen:
      return &AeadCcm();
    case kSivSeal:
    case kSivOpen:
      return &AeadGcmSiv();
    case kAegisSeal:
    case kAegisOpen:
      return &AeadAegis();
  }
  return nullptr;
}

// An input as the pool thread sees it: the caller's memory (pinned, with
// `ref` keeping the view alive) or a copy of its own.
struct Input {
  const uint8_t *p = nullptr;
  size_t n = 0;
  uint8_t *own = nullptr;
  napi_ref ref = nullptr;
};

struct Job {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  uint32_t code = kCodes;
  uint32_t param = 0;
  // The key: the box (for the in-flight count), a reference to its
  // External, and a view holding only the memory pointers taken at queue
  // time: the pool thread never reads the box itself, which dispose()
  // changes on the JS thread.
  KeyBox *box = nullptr;
  napi_ref key_ref = nullptr;
  KeyBox key;
  hwc_hash_ctx hash;  // kHash: started on the calling thread, with its backend
  hwc_hmac_key hmac;  // kHmac: a copy of the key's pad states (wiped with the job)
  Input in[3];
  // The result: written to `dst` (the caller's out, or `own`); `own` is
  // copied to out[0, written) in the completion callback.
  uint8_t *dst = nullptr;
  size_t need = 0;  // bytes dst holds
  uint8_t *own = nullptr;
  napi_ref out_ref = nullptr;
  size_t out_len = 0;  // out's length when queued (to notice a detach by completion)
  size_t wipe_len = 0;  // on refusal: out[0, wipe_len) is zeroed
  size_t written = 0;
  hwc_status st = HWC_ERR_STATE;
  bool abandoned = false;  // its promise was never returned (queueing failed): settle nothing

  // A GCM seal split across pool threads (SplitParts): part i seals bytes
  // [off[i], off[i+1]) of the plaintext on a work item of its own; the
  // part that finishes last joins the parts' GHASH values into the tag on
  // its pool thread, and the part that completes last settles the job.
  struct Part {
    Job *job = nullptr;
    uint32_t i = 0;
    napi_async_work work = nullptr;
    uint8_t Y[16] = {0};
    hwc_status st = HWC_ERR_STATE;
  };
  static constexpr uint32_t kMaxParts = 8;
  uint32_t parts = 0;    // 0: one plain work item (`work`)
  uint32_t pending = 0;  // parts not completed yet (JS thread)
  std::atomic<uint32_t> running{0};  // parts not executed yet (pool threads)
  napi_status part_status = napi_ok;
  Part part[kMaxParts];
  size_t off[kMaxParts + 1] = {0};

  Job() {
    hwc_hash_wipe(&hash);
    std::memset(&hmac, 0, sizeof(hmac));
  }
  ~Job() {
    hwc_hash_wipe(&hash);
    hwc_wipe(&hmac, sizeof(hmac));
    for (Input &i : in) {
      if (i.own) {
        hwc_wipe(i.own, i.n);
        std::free(i.own);
      }
    }
    if (own) {
      hwc_wipe(own, need);
      std::free(own);
    }
    for (Part &p : part) hwc_wipe(p.Y, sizeof(p.Y));
  }
};

// On the pool thread: no N-API, no JS object; only the memory the job was
// given.
void Execute(napi_env, void *data) {
  Job *j = static_cast<Job *>(data);
  const Input &a = j->in[0], &b = j->in[1], &c = j->in[2];
  const bool enc = j->param != 0;
  const hwc_aes_key *k = j->key.key;
  hwc_status st = HWC_OK;
  size_t w = j->need;
  switch (j->code) {
    case kGcmSeal:
    case kCcmSeal:
    case kSivSeal:
    case kAegisSeal:
      st = AeadOf(j->code)->seal(&j->key, a.p, a.n, c.p, c.n, b.p, b.n, j->dst, j->dst + b.n, j->param);
      break;
    case kGcmOpen:
    case kCcmOpen:
    case kSivOpen:
    case kAegisOpen: {
      size_t ct = b.n - j->param;
      st = AeadOf(j->code)->open(&j->key, a.p, a.n, c.p, c.n, b.p, ct, b.p + ct, j->param, j->dst);
      break;
    }
    case kCtr:
      st = b.n ? hwc_ctr_xor(k, a.p, b.p, j->dst, b.n) : HWC_OK;
      break;
    case kEcb:
      st = b.n ? (enc ? hwc_ecb_encrypt(k, b.p, j->dst, b.n) : hwc_ecb_decrypt(k, b.p, j->dst, b.n)) : HWC_OK;
      break;
    case kCbc:
      if (b.n % 16)
        st = HWC_ERR_DECRYPT;  // decrypt only (encrypt is refused when queued)
      else if (b.n)
        st = enc ? hwc_cbc_encrypt(k, a.p, b.p, j->dst, b.n) : hwc_cbc_decrypt(k, a.p, b.p, j->dst, b.n);
      break;
    case kCbcPkcs7:
      if (enc)
        st = hwc_cbc_encrypt_pkcs7(k, a.p, b.p, b.n, j->dst);
      else if (b.n == 0 || b.n % 16)
        st = HWC_ERR_DECRYPT;
      else
        st = hwc_cbc_decrypt_pkcs7(k, a.p, b.p, b.n, j->dst, &w);
      break;
    case kXts:
      st = enc ? hwc_xts_encrypt(k, j->key.key2, a.p, b.p, j->dst, b.n)
               : hwc_xts_decrypt(k, j->key.key2, a.p, b.p, j->dst, b.n);
      break;
    case kCmac: {
      uint8_t tag[16];
      st = hwc_cmac(k, b.p, b.n, tag);
      if (st == HWC_OK) std::memcpy(j->dst, tag, 16);
      hwc_wipe(tag, sizeof(tag));
      break;
    }
    case kHash:
      st = hwc_hash_update(&j->hash, b.p, b.n);
      if (st == HWC_OK) st = hwc_hash_final(&j->hash, j->dst);
      hwc_hash_wipe(&j->hash);
      break;
    case kHmac:
      st = hwc_hmac_key_mac(&j->hmac, b.p, b.n, j->dst);
      hwc_hmac_key_wipe(&j->hmac);
      break;
  }
  // A refusal leaves no result anywhere the job wrote (the cores wipe what
  // they wrote; this covers the length refusals above too).
  if ((st == HWC_ERR_AUTH || st == HWC_ERR_DECRYPT) && j->wipe_len) hwc_wipe(j->dst, j->wipe_len);
  j->written = st == HWC_OK ? w : 0;
  j->st = st;
}

// out's memory now, if it still holds `len` bytes (the view can have been
// detached or shrunk while the job ran, when it was not pinned); else null.
uint8_t *OutNow(napi_env env, const Job *j, size_t len) {
  napi_value v;
  napi_typedarray_type type;
  size_t n = 0, offset = 0;
  void *data = nullptr;
  napi_value ab;
  if (!j->out_ref || napi_get_reference_value(env, j->out_ref, &v) != napi_ok || !v ||
      napi_get_typedarray_info(env, v, &type, &n, &data, &ab, &offset) != napi_ok || n < len || !data)
    return nullptr;
  return static_cast<uint8_t *>(data);
}

void Reject(napi_env env, Job *j, const char *text, const char *code = nullptr) {
  napi_value msg = nullptr, err = nullptr, c = nullptr;
  if (napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg) != napi_ok) return;
  if (code && napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c) != napi_ok) return;
  if (napi_create_error(env, c, msg, &err) == napi_ok) Settle(env, j->deferred, err, false);
}

// Drops a reference the job held. It fails only while the environment is
// torn down, which then frees every reference itself: nothing to do.
void DeleteRef(napi_env env, napi_ref &r) {
  if (r && napi_delete_reference(env, r) != napi_ok) r = nullptr;
  r = nullptr;
}

// Back on the JS thread, for every job that was queued (also at teardown).
void Finish(napi_env env, napi_status status, Job *j) {
  const bool refused = j->st == HWC_ERR_AUTH || j->st == HWC_ERR_DECRYPT;
  if (j->abandoned) {
    // No one holds the promise: nothing to settle.
  } else if (status != napi_ok) {
    Reject(env, j, status == napi_cancelled ? "hwcrypt: async job cancelled" : "hwcrypt: async job failed");
  } else if (j->st == HWC_OK || refused) {
    bool delivered = true;
    if (j->own) {
      // The result was computed in the job's memory: copy it to out now,
      // or on a refusal zero out's region, as the sync twins leave it.
      size_t len = refused ? j->wipe_len : j->written;
      uint8_t *o = OutNow(env, j, len);
      if (o && len) {
        if (refused)
          hwc_wipe(o, len);
        else
          std::memcpy(o, j->own, len);
      }
      delivered = o != nullptr || len == 0;
    }
    napi_value result = Num(env, refused ? -1.0 : (double)j->written);
    if (!delivered)
      Reject(env, j, "out: the ArrayBuffer was detached or shrunk while the job ran", "ERR_HWCRYPT_DETACHED");
    else if (result)
      Settle(env, j->deferred, result, true);
  } else if (j->st == HWC_ERR_ARG) {
    Reject(env, j, (std::string(kOps[j->code].name) + ": invalid length or parameter").c_str());
  } else {
    Reject(env, j, (std::string(kOps[j->code].name) + ": internal error").c_str());
  }
  for (Input &i : j->in) DeleteRef(env, i.ref);
  DeleteRef(env, j->out_ref);
  DeleteRef(env, j->key_ref);
  if (j->box) KeyJobEnd(env, j->box);
  if (j->work) DeleteWork(env, j->work);
  delete j;  // wipes the input copies, the private result and the hash state
}

void Complete(napi_env env, napi_status status, void *data) { Finish(env, status, static_cast<Job *>(data)); }

// A part of a split GCM seal, on a pool thread; the last part to run joins.
void ExecutePart(napi_env, void *data) {
  Job::Part *p = static_cast<Job::Part *>(data);
  Job *j = p->job;
  size_t at = j->off[p->i], n = j->off[p->i + 1] - at;
  p->st = hwc_gcm_seal_part(j->key.key, j->in[0].p, at / 16, j->in[1].p + at, j->dst + at, n, p->Y);
  if (j->running.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // Every part has run (their Y values are visible: acquire above).
  hwc_status st = HWC_OK;
  uint8_t Y[Job::kMaxParts][16];
  size_t lens[Job::kMaxParts];
  for (uint32_t i = 0; i < j->parts; i++) {
    if (j->part[i].st != HWC_OK) st = j->part[i].st;
    std::memcpy(Y[i], j->part[i].Y, 16);
    lens[i] = j->off[i + 1] - j->off[i];
  }
  const Input &b = j->in[1], &c = j->in[2];
  if (st == HWC_OK)
    st = hwc_gcm_seal_join(j->key.key, j->in[0].p, c.p, c.n, Y, lens, j->parts, j->dst + b.n, j->param & 0xff);
  hwc_wipe(Y, sizeof(Y));
  j->written = st == HWC_OK ? j->need : 0;
  j->st = st;
}

// A part completes on the JS thread; the last one settles the job.
void CompletePart(napi_env env, napi_status status, void *data) {
  Job::Part *p = static_cast<Job::Part *>(data);
  Job *j = p->job;
  if (status != napi_ok && j->part_status == napi_ok) j->part_status = status;
  DeleteWork(env, p->work);
  p->work = nullptr;
  if (--j->pending) return;
  // A part cancelled before it ran leaves the join undone (st unchanged).
  Finish(env, j->part_status, j);
}

// How many parts a GCM seal is split into: JS asks for up to `want` (its
// pool threads), for a 96-bit nonce and a plaintext of kSplitMin bytes or
// more, each part at least kSplitMin / 2; 0 for none.
constexpr size_t kSplitMin = 4 << 20;
uint32_t SplitParts(uint32_t want, const Bytes &nonce, const Bytes &pt) {
  if (want < 2 || nonce.len != 12 || pt.len < kSplitMin) return 0;
  size_t most = pt.len / (kSplitMin / 2);
  uint32_t n = want < Job::kMaxParts ? want : Job::kMaxParts;
  return most < n ? (uint32_t)most : n;
}

// Takes input i: a reference to a view the caller pinned, or a copy.
bool TakeInput(napi_env env, Job *j, int i, napi_value v, const Bytes &b, bool pinned) {
  Input &in = j->in[i];
  in.n = b.len;
  if (pinned && (!b.shared || kOps[j->code].shared_in_place) && b.len) {
    if (napi_create_reference(env, v, 1, &in.ref) != napi_ok) return false;
    in.p = b.data;
    return true;
  }
  in.own = static_cast<uint8_t *>(std::malloc(b.len ? b.len : 1));
  if (!in.own) return false;
  if (b.len) std::memcpy(in.own, b.data, b.len);
  in.p = in.own;
  return true;
}

// The argument checks, per code: what the sync twins check in aes.cc (the
// addon is reachable without src/), and the result's size. Throws and
// returns false for anything the job could not run on.
bool Check(napi_env env, uint32_t code, const KeyBox *box, const Bytes (&in)[3], const Bytes &out, uint32_t param,
           size_t *need, size_t *wipe) {
  const Bytes &a = in[0], &b = in[1], &c = in[2];
  const char *what = kOps[code].name;
  *wipe = 0;
  switch (code) {
    case kGcmSeal:
    case kCcmSeal:
    case kSivSeal:
    case kAegisSeal:
      if (param > 32) break;
      *need = b.len + param;
      if (out.len < *need) break;
      if (PartialOverlap(out.data, *need, b.data, b.len) || Overlaps(out.data, *need, a.data, a.len) ||
          Overlaps(out.data, *need, c.data, c.len)) {
        ThrowRange(env, "out: must not partially overlap the plaintext (exactly the same start is allowed), nor overlap the nonce or the AAD");
        return false;
      }
      return true;
    case kGcmOpen:
    case kCcmOpen:
    case kSivOpen:
    case kAegisOpen:
      if (param > 32 || param > b.len) break;
      *need = *wipe = b.len - param;
      if (out.len < *need) break;
      if (PartialOverlap(out.data, *need, b.data, b.len) || Overlaps(out.data, *need, b.data + *need, param) ||
          Overlaps(out.data, *need, a.data, a.len) || Overlaps(out.data, *need, c.data, c.len)) {
        ThrowRange(env, "out: must not partially overlap the ciphertext (exactly the same start is allowed), nor overlap the nonce, the AAD or the tag");
        return false;
      }
      return true;
    case kCtr:
    case kEcb:
    case kCbc:
    case kCbcPkcs7:
    case kXts: {
      bool has_param = code != kEcb, enc = param != 0;
      if ((has_param && a.len != 16) || (code == kEcb && b.len % 16) ||
          (code == kCbc && enc && b.len % 16) || (code == kXts && (b.len < 16 || b.len > HWC_XTS_MAX_LEN)))
        break;
      *need = code == kCbcPkcs7 && enc ? hwc_cbc_pkcs7_len(b.len) : b.len;
      if (out.len < *need) break;
      if (PartialOverlap(out.data, *need, b.data, b.len) || Overlaps(out.data, *need, a.data, a.len)) {
        ThrowRange(env, "out: must not partially overlap the data (exactly the same start is allowed), nor overlap the counter, IV or tweak");
        return false;
      }
      if ((code == kCbc || code == kCbcPkcs7) && !enc) *wipe = b.len;
      return true;
    }
    case kCmac:
      *need = 16;
      if (out.len < 16) break;
      return true;  // the tag is written after the data is read: out may overlap it
    case kHash:
    case kHmac:
      *need = 0;  // the digest length, which the caller knows (Queue)
      return true;
  }
  ThrowRange(env, std::string(what) + ": invalid length, parameter or out size");
  return false;
}

// Checks the arguments, takes the inputs and queues the job; the promise,
// or nullptr with an exception pending. `box` (a live key, for the key
// codes; key_value its External), `alg` (kHash) or `hmac` (kHmac) is the
// target; v[0..3] are a, b, c and out.
napi_value Queue(napi_env env, uint32_t code, KeyBox *box, napi_value key_value, hwc_hash_alg alg,
                 const hwc_hmac_key *hmac, uint32_t pins, const napi_value (&v)[4], uint32_t param) {
  const OpInfo &op = kOps[code];
  napi_value promise = nullptr, name = nullptr;
  uint32_t split = 0;  // kGcmSeal: param = tag length | (parts wanted << 8)
  if (code == kGcmSeal) {
    split = param >> 8;
    param &= 0xff;
  }
  Bytes in[3], out;
  static const char *const kNames[3] = {"a", "b", "c"};
  for (int i = 0; i < 3; i++)
    if (!GetOptionalBytes(env, v[i], kNames[i], &in[i])) return nullptr;
  if (!GetBytes(env, v[3], "out", &out)) return nullptr;
  size_t need = 0, wipe = 0;
  if (!Check(env, code, box, in, out, param, &need, &wipe)) return nullptr;
  if (code == kHash || code == kHmac) {
    need = code == kHash ? hwc_hash_digest_len(alg) : hwc_hmac_key_digest_len(hmac);
    if (need == 0 || out.len < need) {
      ThrowRange(env, "out: shorter than the digest");
      return nullptr;
    }
  }

  Job *j = new (std::nothrow) Job();
  if (!j) {
    ThrowError(env, std::string(op.name) + ": out of memory");
    return nullptr;
  }
  j->code = code;
  j->param = param;
  j->need = need;
  j->wipe_len = wipe;
  bool ok = true;
  for (int i = 0; i < 3 && ok; i++) ok = TakeInput(env, j, i, v[i], in[i], (pins >> i) & 1);
  if (ok && ((pins >> 3) & 1) && !out.shared) {
    j->dst = out.data;
    ok = napi_create_reference(env, v[3], 1, &j->out_ref) == napi_ok;
  } else if (ok) {
    j->own = static_cast<uint8_t *>(std::malloc(need ? need : 1));
    j->dst = j->own;
    ok = j->own && napi_create_reference(env, v[3], 1, &j->out_ref) == napi_ok;
  }
  j->out_len = out.len;
  if (ok && code == kHash) ok = hwc_hash_init(&j->hash, alg) == HWC_OK;
  if (ok && code == kHmac) std::memcpy(&j->hmac, hmac, sizeof(j->hmac));
  if (ok && box) ok = napi_create_reference(env, key_value, 1, &j->key_ref) == napi_ok;
  if (code == kGcmSeal) {
    j->parts = SplitParts(split, in[0], in[1]);
    // Parts cut at whole blocks; the last takes the rest.
    size_t step = (in[1].len / (j->parts ? j->parts : 1)) & ~(size_t)15;
    for (uint32_t i = 0; i < j->parts; i++) j->off[i] = i * step;
    j->off[j->parts] = in[1].len;
  }
  ok = ok && napi_create_string_utf8(env, "hwcrypt.async", NAPI_AUTO_LENGTH, &name) == napi_ok;
  if (ok && j->parts == 0) ok = napi_create_async_work(env, nullptr, name, Execute, Complete, j, &j->work) == napi_ok;
  for (uint32_t i = 0; ok && i < j->parts; i++) {
    j->part[i].job = j;
    j->part[i].i = i;
    ok = napi_create_async_work(env, nullptr, name, ExecutePart, CompletePart, &j->part[i], &j->part[i].work) ==
         napi_ok;
  }
  if (!ok || napi_create_promise(env, &j->deferred, &promise) != napi_ok) {
    for (Input &i : j->in) DeleteRef(env, i.ref);
    DeleteRef(env, j->out_ref);
    DeleteRef(env, j->key_ref);
    if (j->work) DeleteWork(env, j->work);
    for (Job::Part &p : j->part)
      if (p.work) DeleteWork(env, p.work);
    delete j;
    ThrowError(env, std::string(op.name) + ": out of memory, or the environment is going away");
    return nullptr;
  }
  if (box) {
    j->box = box;
    j->key.key = box->key;
    j->key.key2 = box->key2;
    j->key.aegis = box->aegis;
    KeyJobBegin(box);
  }
  if (j->parts) {
    // Every part queued calls CompletePart, and the last of them frees the
    // job. If one cannot be queued (the environment is going away), those
    // already queued still run: the job is abandoned to them (its promise
    // is never returned, so nothing is settled), and the rest are deleted.
    // (Counts set before the first part can run; with a part left unqueued
    // `running` never reaches zero, so no join runs for an abandoned job.)
    j->running.store(j->parts, std::memory_order_relaxed);
    uint32_t queued = 0;
    while (queued < j->parts && napi_queue_async_work(env, j->part[queued].work) == napi_ok) queued++;
    j->pending = queued;
    if (queued == j->parts) return promise;
    for (uint32_t i = queued; i < j->parts; i++) DeleteWork(env, j->part[i].work), j->part[i].work = nullptr;
    j->abandoned = true;
    j->st = HWC_ERR_STATE;
    if (queued == 0) {
      for (Input &i : j->in) DeleteRef(env, i.ref);
      DeleteRef(env, j->out_ref);
      DeleteRef(env, j->key_ref);
      if (box) KeyJobEnd(env, box);
      delete j;
    }
    ThrowError(env, std::string(op.name) + ": could not queue the async work");
    return nullptr;
  }
  if (napi_queue_async_work(env, j->work) != napi_ok) {
    // Not queued: nothing will call Complete. The deferred is left
    // unsettled (its promise was never returned).
    for (Input &i : j->in) DeleteRef(env, i.ref);
    DeleteRef(env, j->out_ref);
    DeleteRef(env, j->key_ref);
    if (box) KeyJobEnd(env, box);
    DeleteWork(env, j->work);
    delete j;
    ThrowError(env, std::string(op.name) + ": could not queue the async work");
    return nullptr;
  }
  return promise;
}

// asyncOp(code, target, pins, a, b, c, out, param) -> Promise<number>
napi_value AsyncOp(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  uint32_t code = kCodes, pins = 0, param = 0;
  if (!Args(env, info, argv, 8, "asyncOp")) return nullptr;
  if (napi_get_value_uint32(env, argv[0], &code) != napi_ok || code >= kCodes || code == kHmac ||
      napi_get_value_uint32(env, argv[2], &pins) != napi_ok || napi_get_value_uint32(env, argv[7], &param) != napi_ok) {
    ThrowRange(env, "asyncOp: unknown operation or bad numbers");
    return nullptr;
  }
  const OpInfo &op = kOps[code];
  KeyBox *box = nullptr;
  hwc_hash_alg alg = HWC_HASH_COUNT;
  if (op.key == kNoKey) {
    if (!GetAlg(env, argv[1], &alg, "hash")) return nullptr;
  } else {
    box = UnwrapKey(env, argv[1]);
    if (!box) return nullptr;
    if (!box->key && !box->aegis) {
      ThrowStatus(env, HWC_ERR_STATE, op.name);
      return nullptr;
    }
    if ((op.key == kAegisKey) != (box->aegis != nullptr) || (op.key == kXtsKey) != (box->key2 != nullptr)) {
      ThrowType(env, std::string(op.name) + ": the key does not serve this operation");
      return nullptr;
    }
  }
  const napi_value v[4] = {argv[3], argv[4], argv[5], argv[6]};
  return Queue(env, code, box, argv[1], alg, nullptr, pins, v, param);
}

}  // namespace

bool InitAsync(napi_env env, napi_value exports) { return SetFn(env, exports, "asyncOp", AsyncOp); }

// HmacKey.macAsync (hash.cc's key function, HmacOp kHmacMacAsync): the job
// takes a copy of the key's pad states, so a dispose() of the key after the
// call does not reach it (the copy is wiped when the job ends).
napi_value HmacMacAsync(napi_env env, const hwc_hmac_key *k, napi_value pins, napi_value data, napi_value out) {
  uint32_t p = 0;
  if (napi_get_value_uint32(env, pins, &p) != napi_ok) {
    ThrowRange(env, "macAsync: bad pins");
    return nullptr;
  }
  napi_value undef = nullptr;
  if (napi_get_undefined(env, &undef) != napi_ok) return nullptr;
  const napi_value v[4] = {undef, data, undef, out};
  return Queue(env, kHmac, nullptr, nullptr, HWC_HASH_COUNT, k, p & 2, v, 0);
}

}  // namespace hwcrypt
