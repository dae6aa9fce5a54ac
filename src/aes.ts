/**
 * AES-GCM, AES-CTR and AES-CMAC on keyed objects that hold the expanded key (and,
 * for GCM, the GHASH key powers) in native memory, zeroized on dispose()
 * and when garbage-collected.
 */
import type { AesBackend } from './backend.js';
import { assertAttached, assertBytes, assertLength, AuthenticationError, DisposedError } from './errors.js';
import {
  ARENA_CTR_DATA,
  ARENA_INPUT,
  ARENA_SIZE,
  arenaSet,
  createAesKey,
  KeyOp,
  takeFromArena,
  type NativeAesKey,
  keyOp,
  lengthOf,
} from './native.js';
import { arenaOpen, arenaSeal, checkedLength, openFitsArena, sealFitsArena } from './arena-aead.js';
import { outputBuffer, prefix } from './output.js';
import { BatchKind, openMany as batchOpenMany, openPacked as batchOpenPacked, sealMany as batchSealMany, sealPacked as batchSealPacked } from './batch.js';
import { cmacAsync, ctrXorAsync, GCM, openAsync, sealAsync } from './async.js';

const KEY_LENGTHS = [16, 24, 32] as const;
/** 2^36 - 32 bytes: the most SP 800-38D allows under one nonce. */
const GCM_MAX_PLAINTEXT = 2 ** 36 - 32;
const GCM_MAX_NONCE = 2 ** 32;

export interface AesOptions {
  /** Force a backend for this key (default: the one selected for 'aes'). */
  backend?: AesBackend;
}

export interface AesGcmOptions extends AesOptions {
  /** Tag length in bytes: 16 (default), 15, 14, 13, 12, or 8 / 4 for protocols that need them. */
  tagLength?: number;
}

/** options.tagLength checked against the mode's allowed lengths (`allowed` names them); 16 if absent. */
export function checkTagLength(t: unknown, ok: (n: number) => boolean, allowed: string): number {
  if (t === undefined) return 16;
  if (typeof t !== 'number' || !Number.isInteger(t)) throw new TypeError('tagLength: expected an integer');
  if (!ok(t)) throw new RangeError(`tagLength: expected ${allowed} bytes, got ${t}`);
  return t;
}
/** SP 800-38D's tag lengths (4 and 8 for protocols that need them). */
const gcmTagLength = (n: number): boolean => n === 4 || n === 8 || (n >= 12 && n <= 16);

/**
 * options[name] if options has it as its own property, else undefined: an option inherited
 * (say, from a polluted Object.prototype) must not change a key's backend or tag length.
 */
export function ownOption(options: object | undefined, name: string): unknown {
  return options !== undefined && Object.hasOwn(options, name) ? (options as Record<string, unknown>)[name] : undefined;
}

/** AES-XTS keys: two AES-128, AES-192 or AES-256 keys. */
const XTS_KEY_LENGTHS = [32, 48, 64] as const;

function newKey(key: unknown, options: AesOptions | undefined, what: string, xts: boolean): NativeAesKey {
  assertBytes(key, 'key');
  assertLength(key, 'key', xts ? XTS_KEY_LENGTHS : KEY_LENGTHS);
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  const backend = ownOption(options, 'backend');
  if (backend !== undefined && typeof backend !== 'string') throw new TypeError('options.backend: expected a string');
  try {
    return createAesKey(key, backend, xts);
  } catch (e) {
    // The key's own errors (identical XTS halves) name the key; the rest are the backend's.
    if (e instanceof RangeError && backend !== undefined && !e.message.startsWith('key:')) {
      throw new RangeError(`options.backend: '${backend}' is not an AES backend available on this CPU (${what})`);
    }
    throw e;
  }
}

/** The nonce's own length, after checking it is a Uint8Array of 1..2^32 bytes. */
function nonceLength(nonce: unknown): number {
  assertBytes(nonce, 'nonce');
  const n = lengthOf(nonce);
  if (n === 0 || n > GCM_MAX_NONCE) {
    assertAttached(nonce, 'nonce');
    throw new RangeError(`nonce: expected 1..2^32 bytes (12 recommended), got ${n}`);
  }
  return n;
}

/** What every AES key object shares: the native key, its backend, and dispose(). */
export abstract class AesKeyObject {
  #key: NativeAesKey | null;
  readonly #what: string;

  /** xts: the key is AES-XTS's two AES keys (32, 48 or 64 bytes). */
  protected constructor(key: Uint8Array, options: AesOptions | undefined, what: string, xts = false) {
    this.#what = what;
    this.#key = newKey(key, options, what, xts);
  }

  /** Backend that expanded this key ('vaes512', 'aesni', 'soft', ...). */
  get backend(): AesBackend {
    return this.#live().backend as AesBackend;
  }

  #live(): NativeAesKey {
    if (this.#key === null) throw new DisposedError(this.#what);
    return this.#key;
  }

  /** The key's native handle; throws DisposedError after dispose(). */
  protected handle(): object {
    return this.#live().handle;
  }

  /** Zeroizes the expanded key; any later call throws DisposedError. Idempotent. */
  dispose(): void {
    if (this.#key !== null) {
      keyOp(this.#key.handle, KeyOp.Dispose);
      this.#key = null;
    }
  }
}

/**
 * AES-GCM (NIST SP 800-38D) with a key expanded once for many messages.
 *
 * ```ts
 * const gcm = new AesGcm(key);            // 16, 24 or 32 bytes
 * const sealed = gcm.seal(nonce, plaintext, aad);   // ciphertext || tag
 * const plain = gcm.open(nonce, sealed, aad);       // throws AuthenticationError
 * gcm.dispose();
 * ```
 * Never reuse a nonce with the same key.
 */
export class AesGcm extends AesKeyObject {
  readonly #tagLength: number;

  /** Tag length in bytes used by seal and expected by open (fixed per key object). */
  get tagLength(): number {
    return this.#tagLength;
  }

  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 16, 24 or 32 bytes, or options are out of range.
   */
  constructor(key: Uint8Array, options?: AesGcmOptions) {
    const tagLength = checkTagLength(ownOption(options, 'tagLength'), gcmTagLength, '4, 8 or 12..16');
    super(key, options, 'AesGcm');
    this.#tagLength = tagLength;
  }

  /**
   * seal() on the libuv thread pool (README, "Async twins"): resolves with what seal() returns.
   * Small inputs (under 4-256 KiB, by kernel speed) run at once on this thread. Every error is a rejection. Do not
   * change the inputs (or out) until the promise settles.
   */
  sealAsync(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return sealAsync(GCM, this, () => this.handle(), nonce, plaintext, aad, out);
  }

  /**
   * open() on the libuv thread pool: resolves with the plaintext, or rejects with
   * AuthenticationError (out, if given, zeroed). As sealAsync otherwise.
   */
  openAsync(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return openAsync(GCM, this, () => this.handle(), nonce, sealed, aad, out);
  }

  /**
   * Encrypts and authenticates. Returns ciphertext || tag (plaintext.length + tagLength bytes),
   * written into `out` when given (which may be the plaintext's own buffer, same start).
   * Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other seal results
   * (as Buffer.allocUnsafe's do; never with a plaintext); `.slice()` it if you need a buffer of
   * its own, e.g. to transfer it.
   * @throws {TypeError} for non-Uint8Array arguments.
   * @throws {RangeError} for an empty or over-long nonce, a plaintext over 2^36 - 32 bytes, or a too-small out.
   * @throws {DisposedError} after dispose().
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    // Each length is read once, through the captured getter (the array's own, never a
    // subclass's `length`), so no caller code runs before keyOp; only an empty view pays for
    // the detached / out-of-bounds check (a non-empty one is attached).
    const nonceLen = nonceLength(nonce);
    const len = checkedLength(plaintext, 'plaintext');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad');
    const tagLength = this.#tagLength;
    if (len > GCM_MAX_PLAINTEXT) {
      throw new RangeError(`plaintext: at most 2^36 - 32 bytes, got ${len}`);
    }
    const need = len + tagLength;
    if (sealFitsArena(nonceLen, aadLen, len)) {
      // Up to 64 bytes: through the arena, the call passing only a number (src/arena-aead.ts);
      // out may overlap the inputs in any way there.
      return arenaSeal(key, KeyOp.SealArena, nonce, nonceLen, aad, aadLen, plaintext, len, tagLength, out);
    }
    const dst = outputBuffer(out, need);
    keyOp(key, KeyOp.Seal, nonce, plaintext, aad, dst, tagLength);
    return prefix(dst, need);
  }

  /**
   * Verifies and decrypts `sealed` (ciphertext || tag). Returns the plaintext,
   * written into `out` when given (which may be sealed's own buffer, same start).
   * Without `out`, the plaintext is in an ArrayBuffer of its own, shared with no other result.
   * @throws {AuthenticationError} (code 'ERR_HWCRYPT_AUTH') if the tag does not verify;
   *   nothing is returned and `out` is zeroed.
   * @throws {RangeError} if sealed is shorter than the tag, or for a bad nonce or too-small out.
   */
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    // Lengths read once, as in seal.
    const nonceLen = nonceLength(nonce);
    const sealedLength = checkedLength(sealed, 'sealed');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad');
    const tagLength = this.#tagLength;
    if (sealedLength < tagLength) {
      throw new RangeError(`sealed: expected at least the ${tagLength}-byte tag, got ${sealedLength} bytes`);
    }
    const n = sealedLength - tagLength;
    if (n > GCM_MAX_PLAINTEXT) throw new RangeError(`sealed: at most 2^36 - 32 bytes of ciphertext, got ${n}`);
    if (n <= ARENA_INPUT) {
      if (openFitsArena(nonceLen, aadLen, sealedLength, n)) {
        // Up to 64 bytes, with short inputs: through the arena (src/arena-aead.ts), out
        // written only once the tag has verified and zeroed if it does not.
        const r = arenaOpen(key, KeyOp.OpenArena, nonce, nonceLen, aad, aadLen, sealed, sealedLength, tagLength, out);
        if (r === null) throw new AuthenticationError();
        return r;
      }
      if (out === undefined) {
        // A long AAD: the inputs are passed as arrays, the plaintext still goes to the arena.
        if (!keyOp(key, KeyOp.Open, nonce, sealed, tagLength, aad, null)) throw new AuthenticationError();
        return takeFromArena(n);
      }
    }
    // A plaintext never shares its ArrayBuffer with another result (a
    // transfer of one would hand over, and empty, the other).
    const dst = out === undefined ? new Uint8Array(n) : outputBuffer(out, n);
    if (!keyOp(key, KeyOp.Open, nonce, sealed, tagLength, aad, dst)) throw new AuthenticationError();
    return prefix(dst, n);
  }

  /**
   * Seals many messages in one native call: result[i] is what seal(nonces[i], plaintexts[i],
   * aads?.[i]) returns (ciphertext || tag). Batch nonces are 12 bytes. aads, when given, has one
   * entry per message (undefined for none). Each array element is read once. The results are
   * views of one new ArrayBuffer that they share (`.slice()` one for a buffer of its own).
   * @throws {TypeError} for an argument that is not an Array, or an element that is not a
   *   Uint8Array or is detached (the message names it: `plaintexts[3]: ...`).
   * @throws {RangeError} for arrays of different lengths, a nonce of other than 12 bytes, or a
   *   message over 2^32 - 1 bytes.
   * @throws {DisposedError} after dispose().
   */
  sealMany(nonces: readonly Uint8Array[], plaintexts: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): Uint8Array[] {
    return batchSealMany(this.handle(), BatchKind.Gcm, this.#tagLength, 12, 'AesGcm', nonces, plaintexts, aads);
  }

  /**
   * Opens many messages in one native call: result[i] is the plaintext of sealeds[i]
   * (ciphertext || tag) under nonces[i] and aads?.[i], or null where that message failed
   * authentication (its plaintext is wiped; the other messages are unaffected). The plaintexts
   * are views of one new ArrayBuffer that they share. Inputs as for sealMany.
   * @throws {TypeError} / {RangeError} as sealMany, and RangeError for a sealed message shorter than the tag.
   * @throws {DisposedError} after dispose().
   */
  openMany(nonces: readonly Uint8Array[], sealeds: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): (Uint8Array | null)[] {
    return batchOpenMany(this.handle(), BatchKind.Gcm, this.#tagLength, 12, 'AesGcm', nonces, sealeds, aads);
  }

  /**
   * The packed, allocation-free seal of n messages (n = lengths.length), in one native call:
   * nonces is n 12 bytes nonces back to back, data the plaintexts back to back, lengths their
   * lengths; out receives each ciphertext || tag back to back (sum of lengths + n * tagLength
   * bytes) and is returned. aads / aadLengths: the AADs back to back and their lengths (both or
   * neither). out must not overlap any input.
   * @throws {TypeError} for arguments of the wrong type or detached.
   * @throws {RangeError} when the lengths do not add up (naming the argument), out is too small
   *   or overlaps an input, or a message is over 2^32 - 1 bytes.
   * @throws {DisposedError} after dispose().
   */
  sealPacked(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchSealPacked(this.handle(), BatchKind.Gcm, this.#tagLength, 'AesGcm', nonces, data, lengths, out, aads, aadLengths);
  }

  /**
   * The packed, allocation-free open: sealed is each ciphertext || tag back to back, lengths the
   * plaintext lengths; out receives the plaintexts back to back. Returns a Uint8Array(n) of 1
   * (authentic) / 0 (failed: that message's bytes in out are zeroed). Otherwise as sealPacked.
   * @throws {TypeError} / {RangeError} / {DisposedError} as sealPacked.
   */
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchOpenPacked(this.handle(), BatchKind.Gcm, this.#tagLength, 'AesGcm', nonces, sealed, lengths, out, aads, aadLengths);
  }
}

/** An AEAD key object as the one-shot helpers use it. */
interface Aead {
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array;
  dispose(): void;
}

/** One-shot seal/open over an AEAD class: the key is expanded for one message and wiped after it. */
export function oneShotAead(make: (key: Uint8Array) => Aead) {
  return {
    /** ciphertext || 16-byte tag. */
    seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
      const k = make(key);
      try {
        return k.seal(nonce, plaintext, aad);
      } finally {
        k.dispose();
      }
    },
    /** Plaintext, or throws AuthenticationError. */
    open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
      const k = make(key);
      try {
        return k.open(nonce, sealed, aad);
      } finally {
        k.dispose();
      }
    },
  };
}

/** One-shot AES-GCM with a 16-byte tag. For many messages under one key, use AesGcm. */
export const aesGcm = oneShotAead((key) => new AesGcm(key));

/**
 * AES-CTR with a 16-byte big-endian counter block incremented as a 128-bit
 * integer (wrapping modulo 2^128, as OpenSSL's aes-*-ctr). Encryption and
 * decryption are the same operation. CTR has no integrity: prefer AesGcm.
 */
export class AesCtr extends AesKeyObject {
  constructor(key: Uint8Array, options?: AesOptions) {
    super(key, options, 'AesCtr');
  }

  /** xor() on the libuv thread pool (README, "Async twins"); small inputs at once. Errors reject. */
  xorAsync(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return ctrXorAsync(this, () => this.handle(), counter, data, out);
  }

  /**
   * XORs `data` with the keystream that starts at `counter`. Returns the result,
   * written into `out` when given (which may be data's own buffer, same start).
   */
  xor(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    assertBytes(counter, 'counter');
    assertLength(counter, 'counter', 16);
    assertBytes(data, 'data');
    assertAttached(data, 'data');
    // CTR decrypts as well as encrypts: its result may be plaintext, so it
    // gets an ArrayBuffer of its own (never a shared slab). Up to 64 bytes
    // it is computed in the arena and copied to an array on V8's heap.
    const n = lengthOf(data);
    if (out === undefined && n <= ARENA_INPUT) {
      arenaSet(counter, ARENA_INPUT);
      arenaSet(data, ARENA_CTR_DATA);
      keyOp(key, KeyOp.CtrArena, n);
      return takeFromArena(n);
    }
    const dst = out === undefined ? new Uint8Array(n) : outputBuffer(out, n);
    keyOp(key, KeyOp.Ctr, counter, data, dst);
    return prefix(dst, n);
  }
}

export interface AesCmacOptions extends AesOptions {
  /**
   * The tag length verify() accepts, in bytes: 16 (default), or 4..15 for protocols that
   * truncate the MAC (SP 800-38B Appendix A: below 8 bytes only with a limit on attempts).
   * Fixed per key, so an attacker cannot choose a shorter tag than the protocol's.
   */
  tagLength?: number;
}

/** Bytes of an AES-CMAC. */
const CMAC_BYTES = 16;

/**
 * AES-CMAC (NIST SP 800-38B, RFC 4493) with a key expanded once for many messages.
 *
 * ```ts
 * const cmac = new AesCmac(key);          // 16, 24 or 32 bytes
 * const tag = cmac.mac(data);             // 16 bytes
 * cmac.verify(data, tag);                 // true / false, constant time
 * cmac.dispose();
 * ```
 * Tag lengths: mac() always returns the full 16 bytes (truncate with `subarray(0, n)`);
 * verify() accepts only tags of the key's `tagLength` (default 16, 4..16 allowed, compared
 * with the MAC's first tagLength bytes) and returns false for a tag of any other length,
 * including an empty one, rather than throwing: a tag usually comes off the wire, and a
 * shorter tag must never be an easier forgery.
 */
export class AesCmac extends AesKeyObject {
  /** Tag length in bytes that verify() accepts. */
  readonly tagLength: number;

  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 16, 24 or 32 bytes, or options are out of range.
   */
  constructor(key: Uint8Array, options?: AesCmacOptions) {
    const tagLength = checkTagLength(ownOption(options, 'tagLength'), (n) => n >= 4 && n <= 16, '4..16');
    super(key, options, 'AesCmac');
    this.tagLength = tagLength;
  }

  /** mac() on the libuv thread pool (README, "Async twins"); small inputs at once. Errors reject. */
  macAsync(data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return cmacAsync(this, () => this.handle(), data, out);
  }

  /**
   * The 16-byte CMAC of `data`, written into `out` when given (at least 16 bytes; it may
   * overlap data, it is written after data is read). Without `out`, the tag is in an
   * ArrayBuffer of its own for data up to 960 bytes, else it may share one with other small
   * results; `.slice()` it if you need a buffer of its own.
   * @throws {TypeError} for non-Uint8Array arguments.
   * @throws {RangeError} if out is shorter than 16 bytes.
   * @throws {DisposedError} after dispose().
   */
  mac(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    assertBytes(data, 'data');
    assertAttached(data, 'data');
    const n = lengthOf(data);
    if (out === undefined && n <= ARENA_SIZE - ARENA_INPUT) {
      // Short data through the arena: the call passes only a number.
      arenaSet(data, ARENA_INPUT);
      keyOp(key, KeyOp.CmacArena, n);
      return takeFromArena(CMAC_BYTES);
    }
    const dst = outputBuffer(out, CMAC_BYTES);
    keyOp(key, KeyOp.Cmac, data, dst);
    return prefix(dst, CMAC_BYTES);
  }

  /**
   * Whether `tag` is the CMAC of `data` (its first tagLength bytes), compared in constant
   * time. A tag whose length is not tagLength gives false.
   * @throws {TypeError} for non-Uint8Array arguments.
   * @throws {DisposedError} after dispose().
   */
  verify(data: Uint8Array, tag: Uint8Array): boolean {
    const key = this.handle();
    assertBytes(data, 'data');
    assertAttached(data, 'data');
    assertBytes(tag, 'tag');
    if (lengthOf(tag) !== this.tagLength) return false;
    return keyOp(key, KeyOp.CmacVerify, data, tag) === true;
  }
}

/** One-shot AES-CMAC: the 16-byte tag. For many messages under one key, use AesCmac. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const cmac = new AesCmac(key);
  try {
    return cmac.mac(data);
  } finally {
    cmac.dispose();
  }
}
