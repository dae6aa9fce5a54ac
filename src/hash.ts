/**
 * SHA-1, SHA-2 and HMAC: one-shot functions (`sha256(data)`) and
 * incremental objects (`sha256.create().update(a).update(b).digest()`).
 */
import type { ShaBackend, Sha512Backend } from './backend.js';
import { assertBytes, FinalizedError } from './errors.js';
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

export interface HashFn {
  /** One-shot digest of data. */
  (data: Uint8Array): Uint8Array;
  /** An incremental hash; `backend` forces one for this object. */
  create(options?: { backend?: string }): Hash;
  /**
   * The digest on the libuv thread pool (README, "Async twins"), with the backend selected on
   * this thread; small inputs at once. Errors reject. Do not change data until it settles.
   */
  async(data: Uint8Array): Promise<Uint8Array>;
  readonly outputLen: number;
  readonly blockLen: number;
}

function makeHash(name: HashName): HashFn {
  const info = ALGS[name];
  const fn = (data: Uint8Array): Uint8Array => {
    assertBytes(data, 'data');
    const n = lengthOf(data);
    if (n <= ARENA_SIZE) {
      arenaSet(data, 0);
      hashArena(info.id, n); // zeroes the input bytes past the digest
      return takeFromArena(info.outputLen);
    }
    nativeHash(info.id, data, arena);
    return takeFromArena(info.outputLen);
  };
  return Object.assign(fn, {
    create: (options?: { backend?: string }) => new Hash(name, options?.backend),
    async: (data: Uint8Array) => hashAsync(info.id, info.outputLen, fn, data),
    outputLen: info.outputLen,
    blockLen: info.blockLen,
  });
}

/** SHA-1 (FIPS 180-4). Broken for collision resistance: only for legacy protocols and HMAC-SHA1. */
export const sha1: HashFn = makeHash('sha1');
/** SHA-224 (FIPS 180-4). */
export const sha224: HashFn = makeHash('sha224');
/** SHA-256 (FIPS 180-4). */
export const sha256: HashFn = makeHash('sha256');
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

  constructor(algorithm: HashName, key: Uint8Array) {
    const info = algInfo(algorithm);
    assertBytes(key, 'key');
    const name = algorithm.toLowerCase() as HashName;
    super(new NativeHmac(info.id, key), info.outputLen, `hmac-${name}`);
    this.algorithm = name;
  }
}

/** `createHmac('sha256', key).update(data).digest()`. */
export function createHmac(algorithm: HashName, key: Uint8Array): Hmac {
  return new Hmac(algorithm, key);
}
