/**
 * HMAC under a key used for many messages: the inner and outer hash states
 * (after K0 ^ ipad and K0 ^ opad) are computed once, in native memory, and
 * each MAC hashes only the message (two compressions fewer than keying
 * per call, and one native call with no key argument).
 */
import type { ShaBackend, Sha512Backend } from './backend.js';
import { assertAttached, assertBytes, DisposedError } from './errors.js';
import { algInfo, hashNameOf, Hmac, OUT, runBatch, takeDigest, type HashFn, type HashName } from './hash.js';
import {
  arena,
  ARENA_INPUT,
  ARENA_SIZE,
  arenaSet,
  HmacOp,
  lengthOf,
  native,
  type NativeHmacCtx,
  type NativeHmacKey,
} from './native.js';
import { outputBuffer, prefix } from './output.js';
import { hmacMacAsync } from './async.js';

export interface HmacKeyOptions {
  /** Force the hash backend the states are computed with (default: the one selected for the hash's family). */
  backend?: ShaBackend | Sha512Backend;
}

/* Captured at load: see the note on the arena in native.ts. */
const createHmacKey = native.createHmacKey;
type KeyFn = NativeHmacKey['fn'];
const ARENA_DATA_MAX = ARENA_SIZE - ARENA_INPUT;

/**
 * An HMAC key (RFC 2104, FIPS 198-1) over SHA-1 or SHA-2, prepared once for many messages.
 *
 * ```ts
 * const key = new HmacKey('sha256', secret);   // or new HmacKey(sha256, secret)
 * const tag = key.mac(message);                // 32 bytes
 * key.verify(message, tag);                    // true, constant-time compare
 * const h = key.create().update(a).update(b);  // incremental, from the stored states
 * key.macMany([m1, m2, m3]);                   // one native call
 * key.dispose();                               // wipes the states
 * ```
 * The states live in native memory (reported to V8, so garbage collection keeps pace) and are
 * wiped by dispose() or, if it is never called, when the object is garbage-collected.
 */
export class HmacKey {
  #key: NativeHmacKey | null;
  readonly #outputLen: number;
  /** The hash, as a lowercase name ('sha256', 'sha512-256', ...). */
  readonly algorithm: HashName;

  /**
   * @param hash a hash name ('sha256', any case) or one of the hash functions (`sha256`).
   * @param key any length: longer than the hash's block it is hashed first, as RFC 2104 says.
   * @throws {TypeError} if hash is neither, or key is not a Uint8Array (or a detached view).
   * @throws {RangeError} for an unknown hash name, or a backend this CPU lacks.
   */
  constructor(hash: HashName | HashFn, key: Uint8Array, options?: HmacKeyOptions) {
    const name = hashNameOf(hash);
    const info = algInfo(name);
    assertBytes(key, 'key');
    assertAttached(key, 'key');
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
    }
    const backend = options !== undefined && Object.hasOwn(options, 'backend') ? options.backend : undefined;
    if (backend !== undefined && typeof backend !== 'string') throw new TypeError('options.backend: expected a string');
    try {
      this.#key = createHmacKey(info.id, key, backend, arena);
    } catch (e) {
      if (e instanceof RangeError && backend !== undefined) {
        throw new RangeError(`options.backend: '${backend}' is not available for ${name} on this CPU`);
      }
      throw e;
    }
    this.#outputLen = info.outputLen;
    this.algorithm = name;
  }

  /** The key's native function; throws DisposedError after dispose(). */
  #live(): KeyFn {
    if (this.#key === null) throw new DisposedError(`HmacKey(${this.algorithm})`);
    return this.#key.fn;
  }

  /** Tag length in bytes (the hash's digest length). */
  get outputLen(): number {
    return this.#outputLen;
  }

  /**
   * The hash backend the key's states were computed with ('shani', 'armv8', 'soft', ...).
   * @throws {DisposedError} after dispose().
   */
  get backend(): ShaBackend | Sha512Backend {
    this.#live();
    return this.#key!.backend as ShaBackend | Sha512Backend;
  }

  /**
   * HMAC(key, data), written into `out` when given (at least outputLen bytes; it may overlap
   * data: it is written after data is read). Without `out` the tag is an array of its own.
   * @throws {TypeError} for non-Uint8Array arguments or a detached view.
   * @throws {RangeError} if out is shorter than outputLen.
   * @throws {DisposedError} after dispose().
   */
  mac(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const h = this.#live();
    assertBytes(data, 'data');
    const n = lengthOf(data);
    if (n === 0) assertAttached(data, 'data');
    if (out === undefined && n <= ARENA_DATA_MAX) {
      // Short data through the arena: the call passes only numbers.
      arenaSet(data, ARENA_INPUT);
      h(HmacOp.MacArena, n);
      return takeDigest(this.#outputLen);
    }
    const dst = outputBuffer(out, this.#outputLen);
    h(HmacOp.Mac, data, dst);
    return prefix(dst, this.#outputLen);
  }

  /**
   * mac() on the libuv thread pool (README, "Async twins"): resolves with the tag; small inputs
   * (under 32 KiB, 4 KiB on 'soft') at once. Errors reject. Do not change data until it settles.
   */
  macAsync(data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return hmacMacAsync(this, () => this.#live(), this.#outputLen, data, out);
  }

  /**
   * Whether `tag` is HMAC(key, data), compared in constant time (in native code, on a private
   * copy of the computed MAC, which is then wiped). Only a full-length tag (outputLen bytes)
   * can verify: a tag of any other length, truncated ones included, gives false (its length
   * is not secret, so this is decided before any compare). Compare truncated tags yourself
   * with crypto.timingSafeEqual on mac()'s prefix if a protocol needs them.
   * @throws {TypeError} for non-Uint8Array arguments or a detached view.
   * @throws {DisposedError} after dispose().
   */
  verify(data: Uint8Array, tag: Uint8Array): boolean {
    const h = this.#live();
    assertBytes(data, 'data');
    assertBytes(tag, 'tag');
    const n = lengthOf(data);
    const t = lengthOf(tag);
    if (n === 0) assertAttached(data, 'data');
    if (t !== this.#outputLen) {
      if (t === 0) assertAttached(tag, 'tag');
      return false;
    }
    if (n + t <= ARENA_DATA_MAX) {
      arenaSet(data, ARENA_INPUT);
      arenaSet(tag, ARENA_INPUT + n);
      return h(HmacOp.VerifyArena, n, t) === true;
    }
    return h(HmacOp.Verify, data, tag) === true;
  }

  /**
   * An incremental HMAC (update()/digest()) started from the key's states: the same result
   * as mac() of everything passed to update(). It is independent of this key (dispose() of
   * the key does not end it).
   * @throws {DisposedError} after dispose().
   */
  create(): Hmac {
    const ctx = this.#live()(HmacOp.Start) as NativeHmacCtx;
    return new Hmac(this.algorithm, EMPTY, ctx);
  }

  /**
   * The tag of each message, in one native call (per 8192 messages for batches of more than
   * 1 MiB). The tags are views of
   * one ArrayBuffer, tag i at byte i·outputLen (`.slice()` one to keep it alone; the buffer
   * holds every tag of the batch). `messages` is read once, element by element, before
   * anything is checked; the bytes are read during the call only.
   * @throws {TypeError} if messages is not an Array (naming `messages`), or an element is not
   * a Uint8Array or is a view of a detached buffer (naming `messages[i]`).
   * @throws {DisposedError} after dispose().
   */
  macMany(messages: readonly Uint8Array[]): Uint8Array[] {
    const h = this.#live();
    return runBatch(messages, this.#outputLen, (data, lengths, out) => h(HmacOp.MacManyPacked, data, lengths, out), h, [
      HmacOp.MacMany,
      OUT,
    ]);
  }

  /** Wipes and frees the key's states; any later call throws DisposedError. Idempotent. */
  dispose(): void {
    if (this.#key !== null) {
      this.#key.fn(HmacOp.Dispose);
      this.#key = null;
    }
  }
}

const EMPTY = new Uint8Array(0);
