/**
 * SHA-1, SHA-2 and HMAC: one-shot functions (`sha256(data)`) and
 * incremental objects (`sha256.create().update(a).update(b).digest()`).
 */
import { types } from 'node:util';
import type { ShaBackend, Sha512Backend } from './backend.js';
import { assertAttached, assertBytes, FinalizedError } from './errors.js';
import { outputBuffer, prefix } from './output.js';
import {
  arena,
  ARENA_SIZE,
  arenaSet,
  hashArena,
  lengthOf,
  native,
  takeFromArena,
  uncurryThis,
  type NativeHashCtx,
  type NativeHmacCtx,
} from './native.js';
import { hashAsync } from './async.js';

/** Hash names accepted by hmac() / createHmac() / createHash-style calls. */
export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha512-256';

/** Output encodings for digest(encoding). */
export type DigestEncoding = 'hex' | 'base64' | 'base64url';

export interface AlgInfo {
  id: number; // hwc_hash_alg
  outputLen: number;
  blockLen: number;
}

const ALGS: Record<HashName, AlgInfo> = {
  sha1: { id: 0, outputLen: 20, blockLen: 64 },
  sha224: { id: 1, outputLen: 28, blockLen: 64 },
  sha256: { id: 2, outputLen: 32, blockLen: 64 },
  sha384: { id: 3, outputLen: 48, blockLen: 128 },
  sha512: { id: 4, outputLen: 64, blockLen: 128 },
  'sha512-256': { id: 5, outputLen: 32, blockLen: 128 },
};

/*
 * Name lookup without a prototype: ALGS['constructor'] or ALGS['__proto__']
 * (or a name added to Object.prototype) is no hash.
 */
const ALG_BY_NAME: Record<string, AlgInfo | undefined> = Object.freeze(Object.assign(Object.create(null), ALGS));

/*
 * Digests are written into the addon's arena and copied out (see
 * native.ts): a fresh 20..64-byte typed array lives on V8's heap, and
 * handing it to native code would cost more than hashing 64 bytes. Short
 * one-shot inputs go through the arena too, so the call passes only numbers.
 */

/** The hash named `name` (any case); errors name the argument `what`. */
export function algInfo(name: unknown, what = 'algorithm'): AlgInfo {
  if (typeof name !== 'string') throw new TypeError(`${what}: expected a string, got ${typeof name}`);
  const info = ALG_BY_NAME[name.toLowerCase()];
  if (!info) throw new RangeError(`${what}: expected one of ${Object.keys(ALGS).join(', ')}; got '${name}'`);
  return info;
}

function encode(bytes: Uint8Array, encoding: DigestEncoding | undefined): Uint8Array | string {
  if (encoding === undefined) return bytes;
  if (encoding !== 'hex' && encoding !== 'base64' && encoding !== 'base64url') {
    throw new RangeError(`encoding: expected 'hex', 'base64' or 'base64url', got '${String(encoding)}'`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(encoding);
}

/*
 * The native entry points, captured at load. The arena is only ever handed
 * to these: never to a method looked up at call time on a context object
 * (a subclass of Incremental or a forged context could supply its own), nor
 * to a property of the addon's exports (code that loads the .node file can
 * replace them). The native methods check their receiver's type tag, so a
 * forged context gets a TypeError before anything is written.
 */
const NativeHash = native.HashCtx;
const NativeHmac = native.HmacCtx;
const hashUpdate = uncurryThis(NativeHash.prototype.update);
const hashDigest = uncurryThis(NativeHash.prototype.digest);
const hashCopy = uncurryThis(NativeHash.prototype.copy) as (ctx: NativeHashCtx) => NativeHashCtx;
const hmacUpdate = uncurryThis(NativeHmac.prototype.update);
const hmacDigest = uncurryThis(NativeHmac.prototype.digest);
const nativeHash = native.hash;
const nativeHmac = native.hmac;

/** What Hash and Hmac share: update() that chains, and digest() that ends the object. */
export abstract class Incremental<Ctx extends NativeHmacCtx> {
  #ctx: Ctx | null;
  readonly #isHash: boolean;
  readonly #what: string;
  /** Digest length in bytes. */
  readonly outputLen: number;

  protected constructor(ctx: Ctx, outputLen: number, what: string) {
    this.#isHash = ctx instanceof NativeHash;
    if (!this.#isHash && !(ctx instanceof NativeHmac)) {
      throw new TypeError(`${what}: not a native hash or HMAC context`);
    }
    this.#ctx = ctx;
    this.outputLen = outputLen;
    this.#what = what;
  }

  /**
   * Backend computing this hash or HMAC ('shani', 'armv8', 'soft', ...): the
   * one selected for its family when the object was created, or the one asked for.
   * @throws {FinalizedError} after digest().
   */
  get backend(): ShaBackend | Sha512Backend {
    return this.live().backend as ShaBackend | Sha512Backend;
  }

  /** The native context; throws FinalizedError once digest() has been called. */
  protected live(): Ctx {
    if (this.#ctx === null) throw new FinalizedError(this.#what);
    return this.#ctx;
  }

  /**
   * Absorbs data; returns this.
   * @throws {TypeError} if data is not a Uint8Array.
   * @throws {FinalizedError} (code 'ERR_HWCRYPT_FINALIZED') after digest().
   */
  update(data: Uint8Array): this {
    const ctx = this.live();
    assertBytes(data, 'data');
    if (this.#isHash) hashUpdate(ctx as unknown as NativeHashCtx, data);
    else hmacUpdate(ctx, data);
    return this;
  }

  /**
   * Finishes and returns the digest (bytes, or a string in the given encoding). Ends the object.
   * @throws {FinalizedError} (code 'ERR_HWCRYPT_FINALIZED') if digest() was already called.
   */
  digest(): Uint8Array;
  digest(encoding: DigestEncoding): string;
  digest(encoding?: DigestEncoding): Uint8Array | string {
    const ctx = this.live();
    // The length comes from the native context itself, never from this
    // object (a subclass sets outputLen as it likes).
    const n = (this.#isHash ? hashDigest(ctx as unknown as NativeHashCtx, arena) : hmacDigest(ctx, arena)) as number;
    this.#ctx = null;
    return encode(takeFromArena(n), encoding);
  }
}

function newHashCtx(algorithm: HashName, id: number, backend: string | undefined): NativeHashCtx {
  if (backend === undefined) return new NativeHash(id);
  if (typeof backend !== 'string') throw new TypeError('options.backend: expected a string');
  try {
    return new NativeHash(id, backend);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new RangeError(`options.backend: '${backend}' is not available for ${algorithm} on this CPU`);
    }
    throw e;
  }
}

/** Incremental hash. update() returns this for chaining; digest() ends it. */
export class Hash extends Incremental<NativeHashCtx> {
  readonly blockLen: number;
  readonly algorithm: HashName;

  /** @internal use sha256.create() etc. */
  constructor(algorithm: HashName, backend?: string, ctx?: NativeHashCtx) {
    const info = algInfo(algorithm);
    super(ctx ?? newHashCtx(algorithm, info.id, backend), info.outputLen, algorithm);
    this.algorithm = algorithm;
    this.blockLen = info.blockLen;
  }

  /**
   * An independent copy of the current state.
   * @throws {FinalizedError} after digest().
   */
  copy(): Hash {
    return new Hash(this.algorithm, undefined, hashCopy(this.live()));
  }
}

// ---- batches ----------------------------------------------------------------
//
// How a batch crosses into native code. The caller's array is read once, element by
// element, into a list of our own, and every element is checked; from then on no caller code
// runs. Then, if the messages total at most STAGE_MAX bytes, they are copied back to back into
// module-private staging memory and the packed native call hashes them from there (one
// typed-array lookup per batch instead of one per message, which costs more than copying a
// short message; the copy is zeroed after the call: hash inputs can be secret). Larger batches
// cross as call arguments, at most BATCH_CHUNK per call through the captured Reflect.apply
// (native/addon/hash_batch.cc says why arguments and not an array). Digests go into one new
// ArrayBuffer, allocated uninitialised (the addon writes every byte of it before it is
// returned, or the call throws), and are returned as views of it.

/** Messages per native call on the argument path: their arguments live on V8's stack. */
export const BATCH_CHUNK = 8192;
/** Batches of at most this many bytes are staged and hashed through the packed call. */
export const STAGE_MAX = 1 << 20;
const apply = Reflect.apply;
const isArray = Array.isArray;
const { isProxy, isUint32Array } = types;
const isU8 = types.isUint8Array;
const u8Set = uncurryThis(Uint8Array.prototype.set as (this: Uint8Array, src: Uint8Array, offset?: number) => void);
const u8Fill = uncurryThis(Uint8Array.prototype.fill as (this: Uint8Array, value: number) => Uint8Array);
const bufferOf = uncurryThis(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'buffer')!.get as (this: Uint8Array) => ArrayBuffer,
);
const allocUnsafeSlow = Buffer.allocUnsafeSlow;

/**
 * The caller's messages, read once each (in index order, before anything is checked: a
 * getter on an element runs once, a hole reads as undefined) into a list of our own, checked,
 * with their total length.
 * @throws {TypeError} naming `what` for anything but an Array (a Proxy included), and naming
 * `what[i]` for an element that is not a Uint8Array or is a view of a detached buffer.
 */
export function readMessages(messages: unknown, what: string): { list: Uint8Array[]; total: number } {
  if (!isArray(messages) || isProxy(messages)) {
    throw new TypeError(`${what}: expected an Array of Uint8Array, got ${messages === null ? 'null' : isProxy(messages) ? 'a Proxy' : typeof messages}`);
  }
  const src = messages as unknown[];
  const n = src.length;
  const list: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) list[i] = src[i];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = list[i];
    if (!isU8(v)) assertBytes(v, `${what}[${i}]`); // throws
    const len = lengthOf(v);
    if (len === 0) assertAttached(v, `${what}[${i}]`);
    total += len;
  }
  return { list: list as Uint8Array[], total };
}

// The staging memory, kept between calls (fresh memory costs a page fault per 4 KiB on first
// touch). Nothing between filling it and the native call runs caller code, so no other batch
// can interleave with one that uses it.
let stageBytes = new ArrayBuffer(0);
let stageLengths = new ArrayBuffer(0);
const stage = (held: ArrayBuffer, n: number): ArrayBuffer => (n <= held.byteLength ? held : new ArrayBuffer(Math.max(n, 4096)));

/** Views of `buf`, `len` bytes each, back to back. */
export function splitViews(buf: ArrayBuffer, n: number, len: number): Uint8Array[] {
  const views: Uint8Array[] = new Array(n);
  for (let i = 0; i < n; i++) views[i] = new Uint8Array(buf, i * len, len);
  return views;
}

/**
 * A batch of `outLen`-byte results (digests or tags), one per message, as views of one new
 * ArrayBuffer. `packed(data, lengths, out)` is the native packed call; `viaArgs` the argument
 * call, called as viaArgs(...lead, index of the chunk's first message, ...chunk).
 */
export function runBatch(
  messages: unknown,
  outLen: number,
  packed: (data: Uint8Array, lengths: Uint32Array, out: Uint8Array) => void,
  viaArgs: (...args: never[]) => unknown,
  lead: readonly unknown[],
): Uint8Array[] {
  const { list, total } = readMessages(messages, 'messages');
  const n = list.length;
  if (n === 0) return [];
  const buf = bufferOf(allocUnsafeSlow(n * outLen)); // every byte is written before it is returned
  const out = new Uint8Array(buf, 0, n * outLen);
  if (total <= STAGE_MAX) {
    stageBytes = stage(stageBytes, total);
    stageLengths = stage(stageLengths, 4 * n);
    const data = new Uint8Array(stageBytes, 0, total);
    const lengths = new Uint32Array(stageLengths, 0, n);
    for (let i = 0, off = 0; i < n; i++) {
      const m = list[i];
      const len = lengthOf(m);
      lengths[i] = len;
      u8Set(data, m, off);
      off += len;
    }
    try {
      packed(data, lengths, out);
    } finally {
      u8Fill(data, 0);
    }
  } else {
    const head = lead.length + 1;
    for (let at = 0; at < n; at += BATCH_CHUNK) {
      const m = n - at < BATCH_CHUNK ? n - at : BATCH_CHUNK;
      const args: unknown[] = new Array(head + m);
      for (let k = 0; k < lead.length; k++) args[k] = lead[k] === OUT ? out : lead[k];
      args[lead.length] = at;
      for (let j = 0; j < m; j++) args[head + j] = list[at + j];
      apply(viaArgs, undefined, args);
    }
  }
  return splitViews(buf, n, outLen);
}

/** Stands for the batch's output array in runBatch's `lead`. */
export const OUT: unique symbol = Symbol('out');

export interface ManyOptions {
  /**
   * Force the multi-buffer backend ('avx512x16', 'avx2x8', 'shanix2', ...) or a
   * single-stream one ('shani', 'soft', ...): one of `backends().many[family].available`.
   */
  backend?: string;
}

type HashFamily = 'sha1' | 'sha256' | 'sha512';
const FAMILY_OF: Record<HashName, HashFamily> = {
  sha1: 'sha1',
  sha224: 'sha256',
  sha256: 'sha256',
  sha384: 'sha512',
  sha512: 'sha512',
  'sha512-256': 'sha512',
};

const manyBackendList: Partial<Record<HashFamily, readonly string[]>> = {};
/** The names hwc_hash_many accepts for the family on this CPU (asked once: the CPU does not change). */
export function manyBackends(family: HashFamily): readonly string[] {
  return (manyBackendList[family] ??= Object.freeze(native.hashManyBackends(family)));
}

/** options.backend for many()/manyPacked()/merkle(): undefined, or a listed name (else RangeError). */
function manyBackend(options: ManyOptions | undefined, family: HashFamily, name: string): string | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  const b = Object.hasOwn(options, 'backend') ? (options as Record<string, unknown>).backend : undefined;
  if (b === undefined) return null;
  if (typeof b !== 'string') throw new TypeError('options.backend: expected a string');
  const list = manyBackends(family);
  if (!list.includes(b)) {
    throw new RangeError(`options.backend: '${b}' is not a multi-buffer backend for ${name} on this CPU (available: ${list.join(', ')})`);
  }
  return b;
}

const nativeHashMany = native.hashMany;
const nativeHashManyPacked = native.hashManyPacked;
const nativeSha256Pairs = native.sha256Pairs;

export interface HashFn {
  /** One-shot digest of data. */
  (data: Uint8Array): Uint8Array;
  /** An incremental hash; `backend` forces one for this object. */
  create(options?: { backend?: string }): Hash;
  /**
   * The digest of each message, in one native call per 8192 messages, on the multi-buffer
   * kernels (lanes of SIMD registers or interleaved SHA instructions, refilled as messages of
   * unequal lengths finish). The digests are views of one ArrayBuffer, digest i at byte
   * i·outputLen (`.slice()` one to keep it alone). `messages` is read once, element by
   * element, before anything is checked; the bytes are read during the call only.
   * @throws {TypeError} if messages is not an Array (naming `messages`), or an element is not
   * a Uint8Array or is a view of a detached buffer (naming `messages[i]`).
   * @throws {RangeError} for an options.backend that this CPU does not offer.
   */
  many(messages: readonly Uint8Array[], options?: ManyOptions): Uint8Array[];
  /**
   * The packed, allocation-free form of many(): message i is the next `lengths[i]` bytes of
   * `data` (the lengths must add up to data.length exactly); the digests go back to back into
   * `out` (at least lengths.length·outputLen bytes; a new array when absent), which is returned
   * (its prefix, when longer).
   * @throws {TypeError} for a data/out that is not a Uint8Array, lengths not a Uint32Array.
   * @throws {RangeError} if the lengths do not add up to data.length, or out is too short or
   * overlaps data or lengths.
   */
  manyPacked(data: Uint8Array, lengths: Uint32Array, out?: Uint8Array, options?: ManyOptions): Uint8Array;
  /**
   * The digest on the libuv thread pool (README, "Async twins"), with the backend selected on
   * this thread; small inputs at once. Errors reject. Do not change data until it settles.
   */
  async(data: Uint8Array): Promise<Uint8Array>;
  readonly outputLen: number;
  readonly blockLen: number;
}

/** SHA-256 with its Merkle helper. */
export interface Sha256Fn extends HashFn {
  /**
   * SHA-256 of each pair of 32-byte nodes: `nodes` holds 64·n bytes (node 2i ‖ node 2i+1 for
   * each parent i), the result 32·n bytes (parent i at 32·i): one level of a binary Merkle
   * tree (SSZ's hash_tree_root, Bitcoin-style trees use their own padding rules). `out` may
   * be `nodes` itself (the level is computed in place into its first half), not a partial
   * overlap. On the multi-buffer kernels, in one native call.
   * @throws {TypeError} if nodes or out is not a Uint8Array.
   * @throws {RangeError} if nodes.length is not a multiple of 64, or out is shorter than
   * nodes.length / 2 or partially overlaps nodes.
   */
  merkle(nodes: Uint8Array, out?: Uint8Array, options?: ManyOptions): Uint8Array;
}

/*
 * The one-shot hash's result: a copy of arena[0, digest length) made by the TypedArray
 * constructor over a view of those bytes (one builtin that allocates and copies; its argument
 * is a typed array, so no iterator or species lookup runs), then those bytes zeroed. About a
 * quarter cheaper than new Uint8Array(n) + set(), which matters when the whole call costs a
 * few hundred cycles. The views are made once, here, from the arena's buffer as native.ts
 * reads it at load.
 */
const arenaBuffer = arena.buffer;
const arenaOffset = arena.byteOffset;
const digestWords = new Float64Array(arenaBuffer, arenaOffset, 8);
const digestViews: Uint8Array[] = [];
for (let n = 0; n <= 64; n++) digestViews.push(new Uint8Array(arenaBuffer, arenaOffset, n));

/** A new array holding arena[0, n) (n <= 64: a digest or MAC), then those bytes zeroed. */
export function takeDigest(n: number): Uint8Array {
  const src = digestViews[n];
  if (src === undefined) throw new RangeError(`hwcrypt: digest length ${n} out of range`);
  const out = new Uint8Array(src);
  for (let i = 0, m = (n + 7) >> 3; i < m; i++) digestWords[i] = 0;
  return out;
}

function makeHash(name: HashName): HashFn {
  const info = ALGS[name];
  const family = FAMILY_OF[name];
  const dl = info.outputLen;
  const id = info.id;
  const digestView = new Uint8Array(arenaBuffer, arenaOffset, dl);
  const words = (dl + 7) >> 3;
  const takeDigest = (): Uint8Array => {
    const out = new Uint8Array(digestView);
    for (let i = 0; i < words; i++) digestWords[i] = 0;
    return out;
  };
  const fn = (data: Uint8Array): Uint8Array => {
    if (!isU8(data)) assertBytes(data, 'data'); // throws
    const n = lengthOf(data);
    if (n <= ARENA_SIZE) {
      if (n === 0) assertAttached(data, 'data');
      arenaSet(data, 0);
      hashArena(id, n); // zeroes the input bytes past the digest
      return takeDigest();
    }
    nativeHash(id, data, arena);
    return takeDigest();
  };
  const many = (messages: readonly Uint8Array[], options?: ManyOptions): Uint8Array[] => {
    const backend = manyBackend(options, family, name);
    return runBatch(
      messages,
      dl,
      (data, lengths, out) => nativeHashManyPacked(id, data, lengths, out, backend),
      nativeHashMany,
      [id, OUT, backend],
    );
  };
  const manyPacked = (data: Uint8Array, lengths: Uint32Array, out?: Uint8Array, options?: ManyOptions): Uint8Array => {
    assertBytes(data, 'data');
    assertAttached(data, 'data');
    if (!isUint32Array(lengths)) throw new TypeError('lengths: expected a Uint32Array');
    const backend = manyBackend(options, family, name);
    const n = lengthOf(lengths as unknown as Uint8Array);
    if (n === 0) assertAttached(lengths as unknown as Uint8Array, 'lengths');
    const dst = outputBuffer(out, n * dl);
    nativeHashManyPacked(info.id, data, lengths, dst, backend);
    return prefix(dst, n * dl);
  };
  return Object.assign(fn, {
    create: (options?: { backend?: string }) => new Hash(name, options?.backend),
    many,
    manyPacked,
    async: (data: Uint8Array) => hashAsync(info.id, info.outputLen, fn, data),
    outputLen: info.outputLen,
    blockLen: info.blockLen,
  });
}

function merkle(nodes: Uint8Array, out?: Uint8Array, options?: ManyOptions): Uint8Array {
  assertBytes(nodes, 'nodes');
  assertAttached(nodes, 'nodes');
  const len = lengthOf(nodes);
  if (len % 64 !== 0) throw new RangeError(`nodes: expected a multiple of 64 bytes (pairs of 32-byte nodes), got ${len}`);
  const backend = manyBackend(options, 'sha256', 'sha256');
  const dst = outputBuffer(out, len / 2);
  if (len !== 0) nativeSha256Pairs(nodes, dst, backend);
  return prefix(dst, len / 2);
}

/** SHA-1 (FIPS 180-4). Broken for collision resistance: only for legacy protocols and HMAC-SHA1. */
export const sha1: HashFn = makeHash('sha1');
/** SHA-224 (FIPS 180-4). */
export const sha224: HashFn = makeHash('sha224');
/** SHA-256 (FIPS 180-4). */
export const sha256: Sha256Fn = Object.assign(makeHash('sha256'), { merkle });
/** SHA-384 (FIPS 180-4). */
export const sha384: HashFn = makeHash('sha384');
/** SHA-512 (FIPS 180-4). */
export const sha512: HashFn = makeHash('sha512');
/** SHA-512/256 (FIPS 180-4). */
export const sha512_256: HashFn = makeHash('sha512-256');

/**
 * One-shot HMAC (RFC 2104) over the named hash.
 * @throws {RangeError} for an unknown algorithm. @throws {TypeError} for non-Uint8Array key/data.
 */
export function hmac(algorithm: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  const info = algInfo(algorithm);
  assertBytes(key, 'key');
  assertBytes(data, 'data');
  nativeHmac(info.id, key, data, arena);
  return takeFromArena(info.outputLen);
}

/** Incremental HMAC. */
export class Hmac extends Incremental<NativeHmacCtx> {
  readonly algorithm: HashName;

  /** `ctx` is internal (HmacKey.create()): a native context already started; key is then ignored. */
  constructor(algorithm: HashName, key: Uint8Array, ctx?: NativeHmacCtx) {
    const info = algInfo(algorithm);
    const name = algorithm.toLowerCase() as HashName;
    if (ctx === undefined) {
      assertBytes(key, 'key');
      ctx = new NativeHmac(info.id, key);
    }
    super(ctx, info.outputLen, `hmac-${name}`);
    this.algorithm = name;
  }
}

/** `createHmac('sha256', key).update(data).digest()`. */
export function createHmac(algorithm: HashName, key: Uint8Array): Hmac {
  return new Hmac(algorithm, key);
}

const NAME_OF_FN = new Map<unknown, HashName>([
  [sha1, 'sha1'],
  [sha224, 'sha224'],
  [sha256, 'sha256'],
  [sha384, 'sha384'],
  [sha512, 'sha512'],
  [sha512_256, 'sha512-256'],
]);

/** The hash named by `hash`: a name ('sha256', any case) or one of the hash functions (sha256). */
export function hashNameOf(hash: unknown, what = 'hash'): HashName {
  const byFn = NAME_OF_FN.get(hash);
  if (byFn !== undefined) return byFn;
  if (typeof hash !== 'string') {
    throw new TypeError(`${what}: expected a hash name or one of hwcrypt's hash functions (sha256, ...), got ${hash === null ? 'null' : typeof hash}`);
  }
  algInfo(hash, what); // RangeError for an unknown name
  return hash.toLowerCase() as HashName;
}
