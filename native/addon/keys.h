// keys.h - the key objects that aes.cc makes (createAesKey,
// createAegisKey), for the addon's other translation units that operate
// on them (batch calls, async work). aes.cc owns their lifetime.
#pragma once

#include "common.h"

namespace hwcrypt {

// An AEGIS key (createAegisKey): the raw key, which the AEGIS kernels
// take whole on every call (their state is rebuilt from it per message),
// the variant, and the AES backend the key was made for, resolved once at
// creation so that a later setBackend() does not move it.
struct AegisKey {
  hwc_aegis_alg alg;
  char backend[32];
  uint8_t key[32];
};

struct KeyBox {
  hwc_aes_key *key = nullptr;   // NULL once disposed
  hwc_aes_key *key2 = nullptr;  // an XTS key's second (tweak) key; NULL for every other key
  size_t size = 0;              // bytes allocated for key and key2 together
  Arena *arena = nullptr;       // the session's arena (lives as long as the environment)
  AegisKey *aegis = nullptr;    // an AEGIS key (then key and key2 are NULL); NULL once disposed

  // Async jobs (async.cc) in flight on this key. A job reads the key
  // memory on a pool thread until its completion callback runs, so while
  // jobs > 0, dispose() and the finalizer only park that memory here: key,
  // key2 and aegis read NULL at once (every later call sees a disposed
  // key), and the last job to complete wipes and frees it (KeyJobEnd).
  // Only the environment's own thread touches these fields (jobs are
  // queued, completed, disposed and finalized there), so they are plain.
  uint32_t jobs = 0;
  hwc_aes_key *parked_key = nullptr;
  hwc_aes_key *parked_key2 = nullptr;
  AegisKey *parked_aegis = nullptr;
  bool orphaned = false;  // the External was finalized while jobs ran: the last job deletes the box
};

// The AEADs share their framing (ciphertext || tag, same argument order in
// the core); each is this pair of calls on a KeyBox (aes.cc).
struct Aead {
  hwc_status (*seal)(const KeyBox *, const uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t,
                     uint8_t *, uint8_t *, size_t);
  hwc_status (*open)(const KeyBox *, const uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t,
                     const uint8_t *, size_t, uint8_t *);
};

const Aead &AeadGcm();
const Aead &AeadCcm();
const Aead &AeadGcmSiv();
const Aead &AeadAegis();

// Key handles are N-API Externals carrying this type tag.
extern const napi_type_tag kKeyTag;

// The KeyBox behind a key handle, or nullptr with a TypeError thrown for
// anything that is not one (checked by type tag). The box may be disposed
// (box->key and box->aegis NULL): callers check.
KeyBox *UnwrapKey(napi_env env, napi_value v);

// Wipes and frees the key memory (dispose); the box itself stays with its
// External. With async jobs in flight, parks it for the last of them.
void ReleaseKey(napi_env env, KeyBox *box);

// An async job starts using the (live) key's memory, and ends: the job that
// ends last wipes and frees memory parked by a dispose() or the finalizer
// meanwhile, and deletes an orphaned box. JS thread only.
void KeyJobBegin(KeyBox *box);
void KeyJobEnd(napi_env env, KeyBox *box);

}  // namespace hwcrypt
