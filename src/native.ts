/**
 * The one place that loads the native addon (node-gyp-build: a prebuild
 * matching this platform, else build/Release). Everything else imports
 * the typed binding from here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

/**
 * The one native function for every operation on a key:
 * keyOp(handle, code, ...args) with code one of KeyOp (native/addon/aes.cc).
 */
export type NativeKeyOp = (handle: object, code: number, ...args: unknown[]) => unknown;

export const enum KeyOp {
  /** (nonce, pt, aad|undefined, out, tagLen): out receives ct || tag. */
  Seal = 0,
  /** (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean; null: plaintext to arena[0..). */
  Open = 1,
  /** (counter16, data, out). */
  Ctr = 2,
  /** (): wipes and frees the key; later calls throw ERR_HWCRYPT_DISPOSED. */
  Dispose = 3,
  /**
   * (arenaLengths(nonceLen, aadLen, sealedLen, tagLen)) -> boolean: nonce, aad, sealed in the arena
   * back to back from ARENA_INPUT; the plaintext to arena[0, sealedLen - tagLen).
   */
  OpenArena = 4,
  /** (len <= ARENA_INPUT): counter at ARENA_INPUT, data at ARENA_CTR_DATA; result to arena[0, len). */
  CtrArena = 5,
  /** (data, out): the 16-byte AES-CMAC of data to out[0, 16). */
  Cmac = 6,
  /** (data, tag of 4..16 bytes) -> boolean: constant-time compare against the MAC's prefix. */
  CmacVerify = 7,
  /** (len <= ARENA_SIZE - ARENA_INPUT): data at ARENA_INPUT; the 16-byte tag to arena[0, 16). */
  CmacArena = 8,
  /** (encrypt: boolean, data, out): AES-ECB over whole blocks. */
  Ecb = 9,
  /** (encrypt, iv16, data, out) -> bytes written, or -1 when decrypt refused the length (out[0, data.length) zeroed). */
  Cbc = 10,
  /** (encrypt, iv16, data, out) -> bytes of the result, or -1 for bad padding or length (out[0, data.length) zeroed). */
  CbcPkcs7 = 11,
  /** (encrypt, tweak16, data, out): AES-XTS; XTS keys only (createAesKey(key, backend, true)). */
  Xts = 12,
  /** (nonce, pt, aad|undefined, out, tagLen): AES-CCM, out receives ct || tag. */
  CcmSeal = 13,
  /** (nonce, sealed, tagLen, aad|undefined, out) -> boolean: AES-CCM open. */
  CcmOpen = 14,
  /** As OpenArena, for AES-CCM. */
  CcmOpenArena = 15,
  /** (nonce12, pt, aad|undefined, out, 16): AES-GCM-SIV, out receives ct || tag. */
  GcmSivSeal = 16,
  /** (nonce12, sealed, 16, aad|undefined, out) -> boolean: AES-GCM-SIV open. */
  GcmSivOpen = 17,
  /** As OpenArena, for AES-GCM-SIV. */
  GcmSivOpenArena = 18,
  /** (nonce, pt, aad|undefined, out, tagLen 16|32): AEGIS (AEGIS keys only), out receives ct || tag. */
  AegisSeal = 19,
  /** (nonce, sealed, tagLen, aad|undefined, out|null) -> boolean: AEGIS open. */
  AegisOpen = 20,
  /** As OpenArena, for AEGIS. */
  AegisOpenArena = 21,
  /** (nonce, data, out, tagLen 16|32): the AEGIS-MAC tag to out[0, tagLen) (AEGIS keys only). */
  AegisMac = 22,
  /** (nonce, data, tag of 16|32 bytes) -> boolean: AEGIS-MAC verify, constant-time compare. */
  AegisMacVerify = 23,
  /** (nonceLen, dataLen, tagLen): nonce and data in the arena back to back from ARENA_INPUT; the tag to arena[0, tagLen). */
  AegisMacArena = 24,
  /**
   * (arenaLengths(nonceLen, aadLen, ptLen, tagLen)): nonce, aad, plaintext in the arena back to
   * back from ARENA_SEAL_INPUT; ciphertext || tag to arena[0, ptLen + tagLen). AES-GCM.
   */
  SealArena = 25,
  /** As SealArena, for AES-CCM. */
  CcmSealArena = 26,
  /** As SealArena, for AES-GCM-SIV. */
  GcmSivSealArena = 27,
  /** As SealArena, for AEGIS (AEGIS keys only). */
  AegisSealArena = 28,
}

/** The AEGIS variants, as the C core numbers them (hwc_aegis_alg in native/include/hwcrypt.h). */
export const enum AegisAlg {
  Aegis128L = 0,
  Aegis128X2 = 1,
  Aegis128X4 = 2,
  Aegis256 = 3,
  Aegis256X2 = 4,
  Aegis256X4 = 5,
}

/** What createAesKey returns (native/addon/aes.cc). */
export interface NativeAesKey {
  /** The key's handle (an N-API External tagged as an hwcrypt key). */
  readonly handle: object;
  /** The backend that expanded the key. */
  readonly backend: string;
  /** 16, 24 or 32 (32, 48 or 64 for an XTS key). */
  readonly keyBytes: number;
  /** Native memory held by the expanded key (reported to V8 as external memory). */
  readonly allocatedBytes: number;
}

/** What createAegisKey returns (native/addon/aes.cc). */
export interface NativeAegisKey {
  /** The key's handle (an N-API External tagged as an hwcrypt key; AEGIS operations only). */
  readonly handle: object;
  /** The AEGIS kernel set the key runs on ('aesni', 'armv8', 'soft', ...). */
  readonly backend: string;
  /** The AES backend the key was made for (named, or the one selected when it was made). */
  readonly aesBackend: string;
  /** 16 or 32. */
  readonly keyBytes: number;
  /** Native memory held by the key (reported to V8 as external memory). */
  readonly allocatedBytes: number;
}

/** The arena's layout, defined by the addon (native/addon/common.h). */
export interface NativeArenaLayout {
  /** Bytes in the arena; one-shot hash inputs of up to this many bytes go in at 0. */
  readonly size: number;
  /** Where copied-in inputs of opens and CTR start; their results go to [0, input). */
  readonly input: number;
  /** Where CTR data goes (its 16-byte counter block is at `input`). */
  readonly ctrData: number;
  /** Where the inputs of seals start; ciphertext || tag goes to [0, sealInput). */
  readonly sealInput: number;
}

export interface NativeHmacCtx {
  update(data: Uint8Array): void;
  /** Writes the digest to out[0..n) and returns n. */
  digest(out: Uint8Array): number;
  /** The hash backend the context runs on; null once digested. */
  readonly backend: string | null;
}

export interface NativeHashCtx extends NativeHmacCtx {
  copy(): NativeHashCtx;
}

/** What createHmacKey returns (native/addon/hash.cc). */
export interface NativeHmacKey {
  /** The key's own function, fn(code, ...args) with code an HmacOp: every operation on the key goes through it. */
  readonly fn: (code: number, ...args: unknown[]) => unknown;
  /** The hash backend the key's states were computed with. */
  readonly backend: string;
  /** Native memory held by the key (reported to V8 as external memory). */
  readonly allocatedBytes: number;
}

/** The operations of an HMAC key's function (native/addon/hash.cc). */
export const enum HmacOp {
  /** (data, out): the tag to out[0, outputLen). */
  Mac = 0,
  /** (len <= ARENA_SIZE - ARENA_INPUT): data at ARENA_INPUT; the tag to arena[0, outputLen). */
  MacArena = 1,
  /** (data, tag) -> boolean: constant-time compare; a tag of another length is false. */
  Verify = 2,
  /** (len, tagLen) -> boolean: data then tag back to back from ARENA_INPUT (zeroed after). */
  VerifyArena = 3,
  /** (): wipes and frees the states; later calls throw ERR_HWCRYPT_DISPOSED. */
  Dispose = 4,
  /** () -> an HmacCtx started from the key's states. */
  Start = 5,
  /** (out, outIndex, ...messages): tag i to out[(outIndex + i) * outputLen, ...). */
  MacMany = 6,
  /** (data, lengths: Uint32Array, out): message i the next lengths[i] bytes of data; tags back to back. */
  MacManyPacked = 7,
  /** (pins, data, out) -> Promise<number>: the tag to out on the libuv pool (native/addon/async.cc). */
  MacAsync = 8,
}

export interface NativeCpuInfo {
  arch: string;
  model: string;
  features: Record<string, boolean>;
}

export interface NativeBinding {
  version: string;
  napiVersion: number;
  /** Where each kind of call finds its inputs in the arena. */
  arenaLayout: NativeArenaLayout;
  cpuInfo(): NativeCpuInfo;
  backends(family: string): string[];
  knownBackends(family: string): string[];
  getBackend(family: string): string;
  setBackend(family: string, name: string | null): boolean;
  applySpec(spec: string): string | null;
  timestamp(): bigint;
  timestampSource(): string;
  calibrateChain(n: number): bigint;
  perfCyclesOpen(): number;
  perfCyclesRead(handle: number): bigint;
  perfCyclesClose(handle: number): void;
  /**
   * A new arena (an ArrayBuffer the addon made, see below) and the functions bound to it:
   * hashArena(alg, len), createAesKey(key, backend?, xts?) and createAegisKey(alg, key, backend?).
   */
  openSession(): [
    Uint8Array,
    (alg: number, len: number) => void,
    (key: Uint8Array, backend?: string, xts?: boolean) => NativeAesKey,
    (alg: number, key: Uint8Array, backend?: string) => NativeAegisKey,
  ];
  /** keyOp(handle, code, ...args): every operation on a key (KeyOp codes). */
  keyOp: NativeKeyOp;
  HashCtx: new (alg: number, backend?: string) => NativeHashCtx;
  HmacCtx: new (alg: number, key: Uint8Array) => NativeHmacCtx;
  // ---- hashapi: batch hashing and HMAC keys (native/addon/hash_batch.cc, hash.cc) ----
  /** Digest of messages[i] to out[(outIndex + i) * digestLen, ...); messages come as arguments. */
  hashMany(alg: number, out: Uint8Array, backend: string | null, outIndex: number, ...messages: Uint8Array[]): void;
  /** Message i is the next lengths[i] bytes of data (they must add up to data.length); digests back to back to out. */
  hashManyPacked(alg: number, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, backend: string | null): void;
  /** SHA-256 of each 64-byte block of nodes to out (32 bytes each). */
  sha256Pairs(nodes: Uint8Array, out: Uint8Array, backend: string | null): void;
  /** The names hashMany accepts for a hash family on this CPU, best first. */
  hashManyBackends(family: string): string[];
  /** What hashMany uses for the family when no backend is named. */
  hashManyDefault(family: string): string | null;
  /** An HMAC key's inner and outer states in native memory; `arena` is the session's arena. */
  createHmacKey(alg: number, key: Uint8Array, backend: string | undefined, arena: Uint8Array): NativeHmacKey;
  // ---- end hashapi ----
  hash(alg: number, data: Uint8Array, out: Uint8Array): void;
  hmac(alg: number, key: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  /** HKDF / PBKDF2 (native/addon/kdf.cc): write length bytes to out. */
  hkdf(alg: number, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number, out: Uint8Array): void;
  pbkdf2(alg: number, password: Uint8Array, salt: Uint8Array, iterations: number, length: number, out: Uint8Array): void;
  /** PBKDF2 on the libuv thread pool; inputs are taken before it returns. */
  pbkdf2Async(alg: number, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array>;
  // BEGIN batch
  /**
   * Batch AEAD (native/addon/batch.cc): seals or opens lengths.length messages under one key
   * in one call. kind: BatchKind, op: 0 seal, 1 open (packed layouts).
   */
  aeadBatch(
    key: object,
    kind: number,
    op: number,
    tagLength: number,
    nonces: Uint8Array,
    data: Uint8Array | null,
    lengths: Uint32Array,
    out: Uint8Array,
    aads: Uint8Array | undefined,
    aadLengths: Uint32Array | undefined,
    ok: Uint8Array | undefined,
  ): void;
  /**
   * sealMany/openMany (native/addon/batch.cc aeadMany): one chunk's elements as arguments
   * (nonce, input[, aad] per message) after the 8 leading ones; returns the results back to
   * back in a new Buffer (their lengths in info), or undefined with info[n..n+3] saying
   * which element was refused.
   */
  aeadMany(...args: unknown[]): Uint8Array | undefined;
  // END batch
  // ---- async (native/addon/async.cc) ----
  /**
   * One job on the libuv pool: code (src/async.ts AsyncCode), the key handle (or the hash
   * algorithm), pins (bit i: input i read in place; bit 3: out written in place), inputs a, b,
   * c, out and a small parameter. Resolves with the bytes written to out, or -1 when the
   * operation refused the data (authentication or padding); throws for bad arguments.
   */
  asyncOp(
    code: number,
    target: object | number,
    pins: number,
    a: Uint8Array | undefined,
    b: Uint8Array,
    c: Uint8Array | undefined,
    out: Uint8Array,
    param: number,
  ): Promise<number>;
  // ---- end async ----
}

/** Walks up from this file to the package root (works from src/ and dist/cjs/src/). */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'binding.gyp'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('hwcrypt: cannot find the package root to load the native addon');
    dir = up;
  }
}

export const native: NativeBinding = nodeGypBuild(packageRoot()) as NativeBinding;

/*
 * Built-ins captured once, at load: hwcrypt calls them on its private
 * arena, and a call through a patched Uint8Array.prototype.set (or slice,
 * or Function.prototype.call) would hand the arena to user code. A bound
 * `call` keeps the function it was bound to (Node's primordials do the
 * same), and V8 inlines it.
 */
export const uncurryThis = Function.prototype.bind.bind(Function.prototype.call) as <T, A extends unknown[], R>(
  fn: (this: T, ...args: A) => R,
) => (self: T, ...args: A) => R;
const u8SetRaw = uncurryThis(Uint8Array.prototype.set as (this: Uint8Array, src: Uint8Array, offset?: number) => void);
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const lengthGetter = Object.getOwnPropertyDescriptor(TypedArrayProto, 'length')!.get as (this: Uint8Array) => number;
/**
 * x.length, immune to a patched %TypedArray%.prototype.length: the lengths
 * that lay inputs out in the arena and say how much to copy back must be
 * the arrays' own.
 */
export const lengthOf = uncurryThis(lengthGetter);
/** arena.set(src, offset), immune to a patched Uint8Array.prototype.set. */
export function arenaSet(src: Uint8Array, offset: number): void {
  u8SetRaw(arena, src, offset);
}

/**
 * The arena: a small ArrayBuffer (ARENA_SIZE bytes) private to this module instance
 * (openSession() gives each caller its own, bound to its own functions;
 * the addon looks its memory up on every call and refuses it once
 * detached).
 * Short inputs and outputs pass through it instead of as typed-array
 * arguments: each typed-array argument costs an N-API lookup, and V8 keeps
 * arrays of up to 64 bytes on its own heap, so handing a fresh one to
 * native code makes V8 move its bytes to a new off-heap store, which costs
 * more than the crypto of a short message. Callers copy results out with
 * takeFromArena() and zero what they used (inputs and results can be
 * secret). Nothing exported from the package accepts or returns it.
 */
const [arenaView, hashArenaFn, createAesKeyFn, createAegisKeyFn] = native.openSession();
export const arena: Uint8Array = arenaView;
const layout = native.arenaLayout;
if (lengthOf(arena) !== layout.size) throw new Error('hwcrypt: the addon made an arena of the wrong size');
/** The arena's size (native/addon/common.h defines the layout; these are read from the addon). */
export const ARENA_SIZE: number = layout.size;
/** Where inputs copied into the arena start; results go to [0, ARENA_INPUT). */
export const ARENA_INPUT: number = layout.input;
/** Where CTR data goes in the arena; its counter block goes to ARENA_INPUT. */
export const ARENA_CTR_DATA: number = layout.ctrData;
/** Where the inputs of seals go in the arena; ciphertext || tag goes to [0, ARENA_SEAL_INPUT). */
export const ARENA_SEAL_INPUT: number = layout.sealInput;
// arenaLengths() packs lengths below ARENA_SIZE into ten bits each.
if (ARENA_SIZE > 0x400 || !(ARENA_SEAL_INPUT >= ARENA_INPUT + 32)) throw new Error('hwcrypt: the addon reports an arena layout this code cannot use');
/** Every operation on a key: keyOp(handle, KeyOp code, ...args). */
export const keyOp: NativeKeyOp = native.keyOp;
/** Hashes arena[0, len) into arena[0, digest length), zeroing the rest of the input. */
export const hashArena: (alg: number, len: number) => void = hashArenaFn;
// Zeroing through 8-byte lanes: a few plain stores, where fill() is a call
// into a C++ builtin that costs more than the rest of a short hash.
const arenaWords = new Float64Array(arena.buffer, arena.byteOffset, ARENA_SIZE / 8);
// Views of the arena's first 0..ARENA_SEAL_INPUT bytes, made once: results
// are copied out of them with a captured set() into a new array or the
// caller's. slice() or subarray() on the arena would look up
// arena.constructor (the species protocol), handing the arena to a getter
// on Uint8Array.prototype.
const arenaPrefix: Uint8Array[] = [];
for (let n = 0; n <= ARENA_SEAL_INPUT; n++) arenaPrefix.push(new Uint8Array(arena.buffer, arena.byteOffset, n));

/** Copies arena[0, len) (len <= ARENA_INPUT) into a new array and zeroes arena[0, len). */
export function takeFromArena(len: number): Uint8Array {
  const src = arenaPrefix[len];
  if (src === undefined || len > ARENA_INPUT) throw new RangeError(`hwcrypt: arena result length ${len} out of range`);
  const out = new Uint8Array(len);
  u8SetRaw(out, src, 0);
  for (let i = 0, n = (len + 7) >> 3; i < n; i++) arenaWords[i] = 0;
  return out;
}

// --- percall: the AEAD arena calls (lengths packed, results copied out into the caller's out or a slab view).

/**
 * The four lengths of an AEAD arena call (OpenArena, SealArena and their CCM, GCM-SIV and AEGIS
 * twins) packed into one number, ten bits each: one argument for the addon to read instead of
 * four. Each is below ARENA_SIZE (1024), as the callers' fit check ensures.
 */
export const arenaLengths = (nonceLen: number, aadLen: number, dataLen: number, tagLen: number): number =>
  nonceLen + aadLen * 0x400 + dataLen * 0x100000 + tagLen * 0x40000000;

/**
 * Copies arena[0, len) (len <= ARENA_SEAL_INPUT) into dst[0, len) (dst holds at least len
 * bytes: checked by the caller before the inputs went in) and zeroes arena[0, len).
 */
export function copyFromArena(dst: Uint8Array, len: number): void {
  const src = arenaPrefix[len];
  if (src === undefined) throw new RangeError(`hwcrypt: arena result length ${len} out of range`);
  u8SetRaw(dst, src, 0);
  for (let i = 0, n = (len + 7) >> 3; i < n; i++) arenaWords[i] = 0;
}

const u8FillRaw = uncurryThis(Uint8Array.prototype.fill as (this: Uint8Array, v: number, start?: number, end?: number) => Uint8Array);
/** Zeroes dst[0, len), immune to a patched Uint8Array.prototype.fill (a failed open's out). */
export function wipeBytes(dst: Uint8Array, len: number): void {
  u8FillRaw(dst, 0, 0, len);
}
// --- end percall

/**
 * Expands a key in native memory, with the backend selected on this thread unless one is named.
 * With xts, the key is AES-XTS's two AES keys (32, 48 or 64 bytes, halves that differ).
 */
export function createAesKey(key: Uint8Array, backend?: string, xts = false): NativeAesKey {
  if (xts) return createAesKeyFn(key, backend, true);
  return backend === undefined ? createAesKeyFn(key) : createAesKeyFn(key, backend);
}

/**
 * Makes an AEGIS key (the raw key in native memory) for the variant `alg`, on the AES backend
 * selected on this thread unless one is named.
 */
export function createAegisKey(alg: AegisAlg, key: Uint8Array, backend?: string): NativeAegisKey {
  return backend === undefined ? createAegisKeyFn(alg, key) : createAegisKeyFn(alg, key, backend);
}
