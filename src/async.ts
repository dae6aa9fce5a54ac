/**
 * The async twins of the one-shot operations (`sealAsync`, `openAsync`, `xorAsync`,
 * `encryptAsync` / `decryptAsync`, `macAsync`, `sha256.async`, ...): each returns a Promise and,
 * for inputs of asyncMin() bytes or more, runs its kernel on the libuv thread pool
 * (native/addon/async.cc), so the event loop goes on and several calls use several cores.
 *
 * Semantics (README "Async twins", docs/security.md):
 *  - Below asyncMin() bytes of input (4 KiB to 256 KiB by kernel speed) the twin runs the sync
 *    method on the calling thread and returns a settled promise: the pool hop costs more than
 *    the work there (measured, see HOP_US).
 *  - Every error is a rejection, never a synchronous throw: bad arguments (the same TypeError /
 *    RangeError as the sync method), DisposedError, AuthenticationError, DecryptionError.
 *  - Inputs must not be changed until the promise settles. Inputs of IN_PLACE_MIN bytes or more
 *    are read in place by the pool thread (their ArrayBuffer is marked untransferable, see
 *    pool.ts), smaller ones are copied when the call is made; so a change made meanwhile may or
 *    may not reach the result. The result is then unspecified, but memory stays safe: no input
 *    can be freed under the job, and a transfer of a pinned buffer copies it (or throws) instead
 *    of moving it.
 *  - dispose() while a job runs: jobs already queued finish with the key and resolve normally;
 *    calls made after dispose() reject with DisposedError; the key memory is wiped and freed when
 *    the last of those jobs ends, never under one.
 *  - A failed open rejects with AuthenticationError, and `out` (if given) is zeroed in the range
 *    the plaintext would have taken, as the sync open leaves it.
 */
import { AuthenticationError, DecryptionError, assertAttached, assertBytes, rethrowKeyError } from './errors.js';
import { HmacOp, lengthOf, native } from './native.js';
import { outputBuffer, prefix } from './output.js';
import { IN_PLACE_MIN, pinForPool } from './pool.js';
import { types } from 'node:util';
import * as os from 'node:os';

/** Operation codes of asyncOp (native/addon/async.cc `Code`). */
export const enum AsyncCode {
  GcmSeal = 0,
  GcmOpen = 1,
  CcmSeal = 2,
  CcmOpen = 3,
  SivSeal = 4,
  SivOpen = 5,
  AegisSeal = 6,
  AegisOpen = 7,
  Ctr = 8,
  Ecb = 9,
  Cbc = 10,
  CbcPkcs7 = 11,
  Xts = 12,
  Cmac = 13,
  Hash = 14,
}

/**
 * Where an async twin stops running on the calling thread. A job's trip through the pool
 * (queue, wake a pool thread, completion on the loop, settle the promise) costs the event loop
 * about HOP_US of its own time, and more in latency (scripts/async-bench.mjs 'hop' measures
 * both); work that takes less than that is done at once, as the sync call it would have been.
 * Work time is bytes over the kernel's speed, in three classes of speed (README bench tables):
 *  - 'parallel': GCM, GCM-SIV, AEGIS, CTR, ECB, XTS, CBC decrypt on AES instructions, at
 *    4-30 GB/s: 8 KB/us;
 *  - 'serial': a chain (CBC encrypt, CCM, CMAC) or a hash on SHA instructions, ~1.5 GB/s:
 *    1.5 KB/us;
 *  - the 'soft' backends (constant-time C, 50-350 MB/s): 0.15 KB/us.
 * asyncMin() rounds HOP_US x speed to a power of two: 256 KiB, 32 KiB and 4 KiB.
 */
export const HOP_US = 25;
export type SpeedClass = 'parallel' | 'serial';
const SPEED: Record<SpeedClass | 'soft', number> = { parallel: 8000, serial: 1500, soft: 150 };
const pow2 = (x: number): number => 2 ** Math.round(Math.log2(x));
const MIN_BY_CLASS: Record<SpeedClass | 'soft', number> = {
  parallel: pow2(HOP_US * SPEED.parallel),
  serial: pow2(HOP_US * SPEED.serial),
  soft: pow2(HOP_US * SPEED.soft),
};

/** Bytes of input from which an operation of class `cls` on `backend` goes to the pool. */
export function asyncMin(cls: SpeedClass, backend: string): number {
  return MIN_BY_CLASS[backend === 'soft' ? 'soft' : cls];
}
/** The smallest threshold of all (below it, every twin runs at once without asking its backend). */
export const ASYNC_MIN_ANY: number = MIN_BY_CLASS.soft;

const asyncOp = native.asyncOp;

/**
 * How many pool threads one large GCM seal (4 MiB or more, 96-bit nonce) is split across: the
 * pool's size or the cores, whichever is fewer (the addon cuts the message at block boundaries,
 * seals the parts at once, and joins their GHASH values with powers of H: native/modes/gcm.c).
 */
export const GCM_SPLIT: number = Math.max(
  1,
  Math.min(Number(process.env.UV_THREADPOOL_SIZE) || 4, (os as { availableParallelism?: () => number }).availableParallelism?.() ?? os.cpus().length, 8),
);
const isUint8Array = types.isUint8Array;

/** Whether the pool thread may read `v` in place (see pool.ts); small views are copied. */
const pin = (v: Uint8Array | undefined): boolean => v !== undefined && lengthOf(v) >= IN_PLACE_MIN && pinForPool(v);

/** Length of v if it is a Uint8Array, else 0 (the sync method then throws the TypeError). */
const sizeOf = (v: unknown): number => (isUint8Array(v) ? lengthOf(v) : 0);

/**
 * Whether `size` bytes of work of class `cls` are done at once, on this thread. `backend` reads
 * the key's backend; if it throws (a disposed key), the sync method runs and throws
 * DisposedError.
 */
function atOnce(size: number, cls: SpeedClass, backend: () => string): boolean {
  if (size < ASYNC_MIN_ANY) return true;
  try {
    return size < asyncMin(cls, backend());
  } catch {
    return true;
  }
}

/** A settled promise with what `run` returns or throws. */
function now<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Queues one job. `out` is the caller's array, or a fresh one of ours (`fresh`): the pool thread
 * writes ours in place (no one else can reach it before the promise settles), a caller's only
 * when pinned, else the result is copied into it on completion.
 */
function queue(
  code: AsyncCode,
  target: object | number,
  a: Uint8Array | undefined,
  b: Uint8Array,
  c: Uint8Array | undefined,
  out: Uint8Array,
  fresh: boolean,
  param: number,
): Promise<number> {
  const pins = (pin(a) ? 1 : 0) | (pin(b) ? 2 : 0) | (pin(c) ? 4 : 0) | ((fresh ? lengthOf(out) > 64 : pin(out)) ? 8 : 0);
  return asyncOp(code, target, pins, a, b, c, out, param);
}

function bytes(value: unknown, name: string): asserts value is Uint8Array {
  assertBytes(value, name);
  assertAttached(value, name);
}

// ---- AEADs ------------------------------------------------------------------------------

/** What the AEAD twins need of a key object: its sync methods and tag length. */
export interface AeadObject {
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array;
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array;
  readonly tagLength: number;
  readonly backend: string;
}

/** One AEAD's codes and the checks its sync methods make beyond types (same messages). */
export interface AeadSpec {
  readonly what: string;
  readonly seal: AsyncCode;
  readonly open: AsyncCode;
  readonly cls: SpeedClass;
  /** Throws for a bad nonce, or a text (plaintext or ciphertext) or AAD over the limits. */
  check(k: AeadObject, nonce: Uint8Array, textLen: number, aadLen: number, text: 'plaintext' | 'sealed'): void;
}

/**
 * seal() on the pool. `handle` returns the key's native handle (throws DisposedError).
 * @returns ciphertext || tag, in `out` when given, else in an ArrayBuffer of its own.
 */
export function sealAsync(
  spec: AeadSpec,
  k: AeadObject,
  handle: () => object,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(plaintext) + sizeOf(aad), spec.cls, () => k.backend)) return now(() => k.seal(nonce, plaintext, aad, out));
  try {
    const key = handle();
    const tagLength = k.tagLength;
    bytes(nonce, 'nonce');
    bytes(plaintext, 'plaintext');
    if (aad !== undefined) bytes(aad, 'aad');
    const len = lengthOf(plaintext);
    spec.check(k, nonce, len, aad === undefined ? 0 : lengthOf(aad), 'plaintext');
    const need = len + tagLength;
    const dst = out === undefined ? new Uint8Array(need) : outputBuffer(out, need);
    const param = spec.seal === AsyncCode.GcmSeal ? tagLength | (GCM_SPLIT << 8) : tagLength;
    return queue(spec.seal, key, nonce, plaintext, aad, dst, out === undefined, param).then(
      () => prefix(dst, need),
      (e: unknown) => rethrowKeyError(e, spec.what),
    );
  } catch (e) {
    return Promise.reject(keyError(e, spec.what));
  }
}

/**
 * open() on the pool. Rejects with AuthenticationError when the tag does not verify (out, if
 * given, zeroed where the plaintext would have gone).
 */
export function openAsync(
  spec: AeadSpec,
  k: AeadObject,
  handle: () => object,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(sealed) + sizeOf(aad), spec.cls, () => k.backend)) return now(() => k.open(nonce, sealed, aad, out));
  try {
    const key = handle();
    const tagLength = k.tagLength;
    bytes(nonce, 'nonce');
    bytes(sealed, 'sealed');
    if (aad !== undefined) bytes(aad, 'aad');
    const sealedLen = lengthOf(sealed);
    if (sealedLen < tagLength) {
      throw new RangeError(`sealed: expected at least the ${tagLength}-byte tag, got ${sealedLen} bytes`);
    }
    const n = sealedLen - tagLength;
    spec.check(k, nonce, n, aad === undefined ? 0 : lengthOf(aad), 'sealed');
    const dst = out === undefined ? new Uint8Array(n) : outputBuffer(out, n);
    return queue(spec.open, key, nonce, sealed, aad, dst, out === undefined, tagLength).then(
      (r) => {
        if (r < 0) throw new AuthenticationError();
        return prefix(dst, n);
      },
      (e: unknown) => rethrowKeyError(e, spec.what),
    );
  } catch (e) {
    return Promise.reject(keyError(e, spec.what));
  }
}

/** An addon error that says the key was disposed, as DisposedError; anything else as is. */
function keyError(e: unknown, what: string): unknown {
  try {
    rethrowKeyError(e, what);
  } catch (x) {
    return x;
  }
}

const GCM_MAX = 2 ** 36 - 32;
const SIV_MAX = 2 ** 36;

/** AES-GCM: nonce 1..2^32 bytes, text at most 2^36 - 32 bytes (AesGcm's checks). */
export const GCM: AeadSpec = {
  what: 'AesGcm',
  cls: 'parallel',
  seal: AsyncCode.GcmSeal,
  open: AsyncCode.GcmOpen,
  check(_k, nonce, textLen, _aadLen, text) {
    const n = lengthOf(nonce);
    if (n === 0 || n > 2 ** 32) throw new RangeError(`nonce: expected 1..2^32 bytes (12 recommended), got ${n}`);
    if (textLen > GCM_MAX) {
      throw new RangeError(
        text === 'plaintext'
          ? `plaintext: at most 2^36 - 32 bytes, got ${textLen}`
          : `sealed: at most 2^36 - 32 bytes of ciphertext, got ${textLen}`,
      );
    }
  },
};

/** AES-GCM-SIV: 12-byte nonce, text and AAD at most 2^36 bytes. */
export const GCM_SIV: AeadSpec = {
  what: 'AesGcmSiv',
  cls: 'parallel',
  seal: AsyncCode.SivSeal,
  open: AsyncCode.SivOpen,
  check(_k, nonce, textLen, aadLen, text) {
    const n = lengthOf(nonce);
    if (n !== 12) throw new RangeError(`nonce: expected 12 bytes, got ${n}`);
    if (aadLen > SIV_MAX) throw new RangeError(`aad: at most 2^36 bytes, got ${aadLen}`);
    if (textLen > SIV_MAX) {
      throw new RangeError(
        text === 'plaintext' ? `plaintext: at most 2^36 bytes, got ${textLen}` : `sealed: at most 2^36 bytes of ciphertext, got ${textLen}`,
      );
    }
  },
};

/** AES-CCM: nonce 7..13 bytes, text within the nonce's length field (modes.ts passes its limits). */
export function ccmSpec(max: (nonceLength: number) => number, limitText: (nonceLength: number) => string): AeadSpec {
  return {
    what: 'AesCcm',
    cls: 'serial',
    seal: AsyncCode.CcmSeal,
    open: AsyncCode.CcmOpen,
    check(_k, nonce, textLen, _aadLen, text) {
      const n = lengthOf(nonce);
      if (n < 7 || n > 13) throw new RangeError(`nonce: expected 7..13 bytes, got ${n}`);
      if (textLen > max(n)) {
        throw new RangeError(
          text === 'plaintext'
            ? `plaintext: at most ${limitText(n)} bytes with a ${n}-byte nonce, got ${textLen}`
            : `sealed: at most ${limitText(n)} bytes of ciphertext with a ${n}-byte nonce, got ${textLen}`,
        );
      }
    },
  };
}

/** AEGIS (every variant): the nonce is as long as the key. */
export const AEGIS: AeadSpec = {
  what: 'AEGIS',
  cls: 'parallel',
  seal: AsyncCode.AegisSeal,
  open: AsyncCode.AegisOpen,
  check(k, nonce) {
    const want = (k as AeadObject & { nonceLength: number }).nonceLength;
    const n = lengthOf(nonce);
    if (n !== want) throw new RangeError(`nonce: expected ${want} bytes, got ${n}`);
  },
};

// ---- CTR, ECB, CBC, XTS, CMAC ----------------------------------------------------------------

function block16(value: unknown, name: string): asserts value is Uint8Array {
  bytes(value, name);
  const n = lengthOf(value);
  if (n !== 16) throw new RangeError(`${name}: expected 16 bytes, got ${n}`);
}

/**
 * A block-mode twin on the pool: `param` (counter, IV or tweak: 16 bytes, or null for ECB),
 * `data`, and the result of `need` bytes; `own`: a result that may be plaintext, in an
 * ArrayBuffer of its own when out is absent (always, here: large results are never slab views).
 * Resolves with the result, or rejects with DecryptionError when CBC refuses the data.
 */
function blockAsync(
  what: string,
  code: AsyncCode,
  key: object,
  param: Uint8Array | undefined,
  data: Uint8Array,
  out: Uint8Array | undefined,
  need: number,
  flag: number,
): Promise<Uint8Array> {
  const dst = out === undefined ? new Uint8Array(need) : outputBuffer(out, need);
  return queue(code, key, param, data, undefined, dst, out === undefined, flag).then(
    (r) => {
      if (r < 0) throw new DecryptionError();
      return prefix(dst, r);
    },
    (e: unknown) => rethrowKeyError(e, what),
  );
}

/** AesCtr.xor on the pool. */
export function ctrXorAsync(
  k: { xor(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  handle: () => object,
  counter: Uint8Array,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'parallel', () => k.backend)) return now(() => k.xor(counter, data, out));
  try {
    const key = handle();
    block16(counter, 'counter');
    bytes(data, 'data');
    return blockAsync('AesCtr', AsyncCode.Ctr, key, counter, data, out, lengthOf(data), 0);
  } catch (e) {
    return Promise.reject(keyError(e, 'AesCtr'));
  }
}

/** AesEcb.encrypt / decrypt on the pool. */
export function ecbAsync(
  k: { encrypt(data: Uint8Array, out?: Uint8Array): Uint8Array; decrypt(data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  handle: () => object,
  encrypt: boolean,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'parallel', () => k.backend)) return now(() => (encrypt ? k.encrypt(data, out) : k.decrypt(data, out)));
  try {
    const key = handle();
    bytes(data, 'data');
    const n = lengthOf(data);
    if (n % 16 !== 0) throw new RangeError(`data: length must be a multiple of 16, got ${n}`);
    return blockAsync('AesEcb', AsyncCode.Ecb, key, undefined, data, out, n, encrypt ? 1 : 0);
  } catch (e) {
    return Promise.reject(keyError(e, 'AesEcb'));
  }
}

/** AesCbc.encrypt / decrypt on the pool (`pkcs7`: the key's padding is 'pkcs7'). */
export function cbcAsync(
  k: { encrypt(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array; decrypt(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  handle: () => object,
  pkcs7: boolean,
  encrypt: boolean,
  iv: Uint8Array,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), encrypt ? 'serial' : 'parallel', () => k.backend)) return now(() => (encrypt ? k.encrypt(iv, data, out) : k.decrypt(iv, data, out)));
  try {
    const key = handle();
    block16(iv, 'iv');
    bytes(data, 'data');
    const n = lengthOf(data);
    if (encrypt && !pkcs7 && n % 16 !== 0) {
      throw new RangeError(`data: with padding 'none', the length must be a multiple of 16, got ${n}`);
    }
    const need = encrypt && pkcs7 ? n + 16 - (n % 16) : n;
    return blockAsync('AesCbc', pkcs7 ? AsyncCode.CbcPkcs7 : AsyncCode.Cbc, key, iv, data, out, need, encrypt ? 1 : 0);
  } catch (e) {
    return Promise.reject(keyError(e, 'AesCbc'));
  }
}

/** AesXts.encrypt / decrypt on the pool. */
export function xtsAsync(
  k: { encrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array; decrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  handle: () => object,
  encrypt: boolean,
  tweak: Uint8Array,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'parallel', () => k.backend)) return now(() => (encrypt ? k.encrypt(tweak, data, out) : k.decrypt(tweak, data, out)));
  try {
    const key = handle();
    block16(tweak, 'tweak');
    bytes(data, 'data');
    const n = lengthOf(data);
    if (n < 16 || n > 2 ** 24) {
      throw new RangeError(`data: expected 16 to 2^24 bytes (one IEEE 1619 data unit), got ${n}`);
    }
    return blockAsync('AesXts', AsyncCode.Xts, key, tweak, data, out, n, encrypt ? 1 : 0);
  } catch (e) {
    return Promise.reject(keyError(e, 'AesXts'));
  }
}

/** AesCmac.mac on the pool: the 16-byte tag (in `out` when given). */
export function cmacAsync(
  k: { mac(data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  handle: () => object,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'serial', () => k.backend)) return now(() => k.mac(data, out));
  try {
    const key = handle();
    bytes(data, 'data');
    const dst = out === undefined ? new Uint8Array(16) : outputBuffer(out, 16);
    // The tag is written to out on completion (never in place): out may overlap the data.
    return asyncOp(AsyncCode.Cmac, key, pin(data) ? 2 : 0, undefined, data, undefined, dst, 0).then(
      () => prefix(dst, 16),
      (e: unknown) => rethrowKeyError(e, 'AesCmac'),
    );
  } catch (e) {
    return Promise.reject(keyError(e, 'AesCmac'));
  }
}

// ---- hashes -----------------------------------------------------------------------------

/** The backend family of each hash algorithm number (hwc_hash_alg). */
const HASH_FAMILY: readonly string[] = ['sha1', 'sha256', 'sha256', 'sha512', 'sha512', 'sha512'];

/**
 * `sha256.async(data)` and the like: the digest, computed on the pool for data of asyncMin()
 * bytes or more (with the backend selected on the calling thread), else by `sync` at once.
 */
export function hashAsync(alg: number, outputLen: number, sync: (data: Uint8Array) => Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'serial', () => native.getBackend(HASH_FAMILY[alg] ?? 'sha256'))) return now(() => sync(data));
  try {
    bytes(data, 'data');
    const dst = new Uint8Array(outputLen);
    return asyncOp(AsyncCode.Hash, alg, pin(data) ? 2 : 0, undefined, data, undefined, dst, 0).then(() => dst);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * HmacKey.macAsync: the tag on the pool (through the key's own function, which hands the job a
 * copy of its pad states), in `out` when given. `fn` returns the key's function (throws
 * DisposedError).
 */
export function hmacMacAsync(
  k: { mac(data: Uint8Array, out?: Uint8Array): Uint8Array; readonly backend: string },
  fn: () => (code: number, ...args: unknown[]) => unknown,
  outputLen: number,
  data: Uint8Array,
  out?: Uint8Array,
): Promise<Uint8Array> {
  if (atOnce(sizeOf(data), 'serial', () => k.backend)) return now(() => k.mac(data, out));
  try {
    const h = fn();
    bytes(data, 'data');
    const dst = out === undefined ? new Uint8Array(outputLen) : outputBuffer(out, outputLen);
    // The tag is written to out on completion (never in place): out may overlap the data.
    return (h(HmacOp.MacAsync, pin(data) ? 2 : 0, data, dst) as Promise<number>).then(() => prefix(dst, outputLen));
  } catch (e) {
    return Promise.reject(e);
  }
}
