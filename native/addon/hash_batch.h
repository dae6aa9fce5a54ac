// hash_batch.h - the message lists of the batch hash calls (hash_batch.cc),
// shared with the HMAC key's macMany (hash.cc).
#pragma once

#include "common.h"

namespace hwcrypt {

// The arguments of a batch call: `head` leading arguments, then one
// Uint8Array per message, read with napi_get_cb_info (no array, so no
// getter, hole or Proxy can run caller code while the list is read).
// Collect() reads the messages' pointers and lengths; they are valid for
// the current call only and never kept past it. Everything is freed by
// the destructor.
class MessageArgs {
 public:
  MessageArgs() = default;
  MessageArgs(const MessageArgs &) = delete;
  MessageArgs &operator=(const MessageArgs &) = delete;
  ~MessageArgs();

  // Reads the call's arguments; false (an exception pending) on failure or
  // when fewer than `need` came.
  bool Read(napi_env env, napi_callback_info info, size_t need, const char *fn);
  // Pointers and lengths of the messages, argv()[first ..]; TypeError
  // naming `what[i]` for anything but an attached Uint8Array.
  bool Collect(napi_env env, size_t first, const char *what);

  napi_value *argv() { return argv_; }
  size_t argc() const { return argc_; }
  size_t count() const { return n_; }
  const uint8_t *const *ptrs() const { return ptrs_; }
  const size_t *lens() const { return lens_; }

 private:
  static constexpr size_t kStack = 40;
  napi_value stack_argv_[kStack];
  const uint8_t *stack_ptrs_[kStack];
  size_t stack_lens_[kStack];
  napi_value *argv_ = stack_argv_;
  const uint8_t **ptrs_ = stack_ptrs_;
  size_t *lens_ = stack_lens_;
  size_t argc_ = 0, first_ = 0, n_ = 0;
};

// The packed form of a batch: message i is the next lengths[i] bytes of
// data (lengths a Uint32Array whose entries must add up to data's length
// exactly). Read() checks that, that out holds count * dl bytes and
// overlaps neither data nor lengths, and builds the pointer and length
// lists (each length read once, into memory of our own: lengths may be
// shared memory another thread changes during the call).
class PackedMessages {
 public:
  PackedMessages() = default;
  PackedMessages(const PackedMessages &) = delete;
  PackedMessages &operator=(const PackedMessages &) = delete;
  ~PackedMessages();

  bool Read(napi_env env, const Bytes &data, napi_value lengths, const Bytes &out, size_t dl);
  size_t count() const { return n_; }
  const uint8_t *const *ptrs() const { return ptrs_; }
  const size_t *lens() const { return lens_; }

 private:
  const uint8_t **ptrs_ = nullptr;
  size_t *lens_ = nullptr;
  size_t n_ = 0;
};

// RangeError (false) if out[0, len) overlaps any message: the lanes write
// a digest while later messages are still being read.
bool OutApart(napi_env env, const MessageArgs &a, const uint8_t *out, size_t len);

// The batch functions (hashMany, hashManyPacked, sha256Pairs,
// hashManyBackends, hashManyDefault) on exports.
bool InitHashBatch(napi_env env, napi_value exports);

}  // namespace hwcrypt
