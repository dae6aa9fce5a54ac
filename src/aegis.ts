/**
 * The AEGIS family of AEADs (draft-irtf-cfrg-aegis-aead-18): AEGIS-128L and AEGIS-256, and the
 * parallel variants AEGIS-128X2/X4 and AEGIS-256X2/X4, which are different algorithms with their
 * own ciphertexts (not a faster path to the same output).
 *
 * A key object keeps the key in native memory, zeroized on dispose() and when garbage-collected,
 * as the AES key objects do; it runs on the AEGIS kernels of the AES backend it was made for
 * (forced with `{ backend }`, else the one selected on this thread), and every call goes through
 * the same keyOp path as AesGcm's.
 */
import { checkTagLength, oneShotAead, ownOption } from './aes.js';
import type { AesBackend } from './backend.js';
import { BatchKind, openMany as batchOpenMany, openPacked as batchOpenPacked, sealMany as batchSealMany, sealPacked as batchSealPacked } from './batch.js';
import { assertAttached, assertBytes, assertLength, AuthenticationError, DisposedError, rethrowKeyError } from './errors.js';
import {
  AegisAlg,
  ARENA_INPUT,
  ARENA_SIZE,
  arenaSet,
  createAegisKey,
  KeyOp,
  keyOp,
  lengthOf,
  takeFromArena,
  type NativeAegisKey,
} from './native.js';
import { arenaOpen, arenaSeal, checkedLength, openFitsArena, sealFitsArena } from './arena-aead.js';
import { outputBuffer, prefix } from './output.js';
import { AEGIS, openAsync, sealAsync } from './async.js';

export interface AegisOptions {
  /**
   * Tag length in bytes: 16 (default) or 32. The two tags are different (a 16-byte tag is not a
   * truncated 32-byte one), so both sides must agree on it.
   */
  tagLength?: 16 | 32;
  /**
   * Force the AES backend whose AEGIS kernels this key uses (default: the one selected for
   * 'aes'); `.backend` then names it ('vaes512', 'vaes256', 'aesni', 'armv8' or 'soft'). On
   * x86 every AES backend has its own build of the AEGIS kernels. Only own properties of the
   * options object are read (not inherited ones).
   */
  backend?: AesBackend;
}

/** assertBytes, and a TypeError for a view of a detached ArrayBuffer (it reads as empty). */
function bytes(value: unknown, name: string): asserts value is Uint8Array {
  assertBytes(value, name);
  assertAttached(value, name);
}

/** dst's first n bytes (its own length, not a getter's). */

function newKey(alg: AegisAlg, size: number, key: unknown, options: AegisOptions | undefined, what: string): NativeAegisKey {
  bytes(key, 'key');
  assertLength(key, 'key', size);
  const backend = ownOption(options, 'backend');
  if (backend !== undefined && typeof backend !== 'string') throw new TypeError('options.backend: expected a string');
  try {
    return createAegisKey(alg, key, backend);
  } catch (e) {
    if (e instanceof RangeError && backend !== undefined && !e.message.startsWith('key:')) {
      throw new RangeError(`options.backend: '${backend}' is not an AES backend available on this CPU (${what})`);
    }
    throw e;
  }
}

/**
 * What every AEGIS key object shares: seal, open, the backend and dispose(). Construct one of
 * its subclasses (Aegis128L, Aegis256, Aegis128X2, Aegis128X4, Aegis256X2, Aegis256X4).
 */
export abstract class AegisKeyObject {
  // Private, behind getters: an assignment to tagLength / nonceLength cannot change a live key.
  readonly #tagLength: 16 | 32;
  readonly #nonceLength: 16 | 32;
  #key: NativeAegisKey | null;
  readonly #what: string;

  protected constructor(alg: AegisAlg, size: 16 | 32, key: Uint8Array, options: AegisOptions | undefined, what: string) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
    }
    this.#tagLength = checkTagLength(ownOption(options, 'tagLength'), (n) => n === 16 || n === 32, '16 or 32') as 16 | 32;
    this.#nonceLength = size;
    this.#what = what;
    this.#key = newKey(alg, size, key, options, what);
  }

  /** Tag length in bytes (16 or 32) used by seal and expected by open. */
  get tagLength(): 16 | 32 {
    return this.#tagLength;
  }

  /** Key and nonce length in bytes: 16 for the AEGIS-128 family, 32 for the AEGIS-256 family. */
  get nonceLength(): 16 | 32 {
    return this.#nonceLength;
  }

  /**
   * The AES backend whose AEGIS kernels this key runs on: 'vaes512', 'vaes256' or 'aesni' on
   * x86 (each has its own build of the kernels), 'armv8' or 'soft'.
   */
  get backend(): AesBackend {
    return this.#live().backend as AesBackend;
  }

  #live(): NativeAegisKey {
    if (this.#key === null) throw new DisposedError(this.#what);
    return this.#key;
  }

  /** Zeroizes the key; any later call throws DisposedError. Idempotent. */
  dispose(): void {
    if (this.#key !== null) {
      keyOp(this.#key.handle, KeyOp.Dispose);
      this.#key = null;
    }
  }

  /**
   * seal() on the libuv thread pool (README, "Async twins"): resolves with what seal() returns.
   * Small inputs (under 4-256 KiB, by kernel speed) run at once on this thread. Every error is a rejection. Do not
   * change the inputs (or out) until the promise settles.
   */
  sealAsync(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return sealAsync(AEGIS, this, () => this.#live().handle, nonce, plaintext, aad, out);
  }

  /**
   * open() on the libuv thread pool: resolves with the plaintext, or rejects with
   * AuthenticationError (out, if given, zeroed). As sealAsync otherwise.
   */
  openAsync(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return openAsync(AEGIS, this, () => this.#live().handle, nonce, sealed, aad, out);
  }

  // The hot paths check what only JS can (types, lengths). A view of a detached buffer, or one
  // out of bounds of a shrunk resizable buffer, reads as empty: it is told apart where a length
  // check would otherwise call it a RangeError, and refused (bytes()) where empty is valid.
  // Lengths are the arrays' own (lengthOf), never a subclass's `length` getter, so no caller code
  // runs between #live() and keyOp: the key cannot be disposed, nor an input resized, mid-call.
  #nonce(nonce: unknown): asserts nonce is Uint8Array {
    assertBytes(nonce, 'nonce');
    const n = lengthOf(nonce);
    if (n !== this.#nonceLength) {
      assertAttached(nonce, 'nonce');
      throw new RangeError(`nonce: expected ${this.#nonceLength} bytes, got ${n}`);
    }
  }

  /**
   * Encrypts and authenticates. Returns ciphertext || tag (plaintext.length + tagLength bytes),
   * written into `out` when given (which may be the plaintext's own buffer, same start).
   * Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other seal results
   * (as Buffer.allocUnsafe's do; never with a plaintext); `.slice()` it if you need a buffer of
   * its own, e.g. to transfer it.
   * @throws {TypeError} for non-Uint8Array arguments, a detached buffer, or a view out of bounds
   *   of a shrunk resizable ArrayBuffer.
   * @throws {RangeError} for a nonce of the wrong length (16 bytes for the AEGIS-128 family, 32
   *   for the AEGIS-256 family), or a too-small or overlapping out.
   * @throws {DisposedError} after dispose().
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.#live().handle;
    const tagLength = this.#tagLength;
    this.#nonce(nonce);
    const nonceLen = this.#nonceLength;
    const len = checkedLength(plaintext, 'plaintext');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad');
    try {
      if (sealFitsArena(nonceLen, aadLen, len)) {
        // Up to 64 bytes: through the arena (src/arena-aead.ts), as AesGcm.seal.
        return arenaSeal(key, KeyOp.AegisSealArena, nonce, nonceLen, aad, aadLen, plaintext, len, tagLength, out);
      }
      const need = len + tagLength;
      const dst = outputBuffer(out, need);
      keyOp(key, KeyOp.AegisSeal, nonce, plaintext, aad, dst, tagLength);
      return prefix(dst, need);
    } catch (e) {
      rethrowKeyError(e, this.#what);
    }
  }

  /**
   * Verifies and decrypts `sealed` (ciphertext || tag). Returns the plaintext, written into
   * `out` when given (which may be sealed's own buffer, same start). Without `out`, the
   * plaintext is in an ArrayBuffer of its own, shared with no other result.
   * @throws {AuthenticationError} (code 'ERR_HWCRYPT_AUTH') if the tag does not verify;
   *   nothing is returned and out[0, sealed.length - tagLength) is zeroed.
   * @throws {RangeError} if sealed is shorter than the tag, for a nonce of the wrong length,
   *   or a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments, a detached buffer, or a view out of bounds
   *   of a shrunk resizable ArrayBuffer.
   * @throws {DisposedError} after dispose().
   */
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.#live().handle;
    const tagLength = this.#tagLength;
    this.#nonce(nonce);
    const nonceLen = this.#nonceLength;
    assertBytes(sealed, 'sealed');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad'); // the arena path would read a detached one as empty
    const sealedLen = lengthOf(sealed);
    if (sealedLen < tagLength) {
      assertAttached(sealed, 'sealed');
      throw new RangeError(`sealed: expected at least the ${tagLength}-byte tag, got ${sealedLen} bytes`);
    }
    const n = sealedLen - tagLength;
    let ok: unknown;
    try {
      if (openFitsArena(nonceLen, aadLen, sealedLen, n)) {
        // Up to 64 bytes of plaintext with short inputs: through the arena
        // (src/arena-aead.ts), as AesGcm.open.
        const r = arenaOpen(key, KeyOp.AegisOpenArena, nonce, nonceLen, aad, aadLen, sealed, sealedLen, tagLength, out);
        if (r !== null) return r;
      } else if (out === undefined && n <= ARENA_INPUT) {
        ok = keyOp(key, KeyOp.AegisOpen, nonce, sealed, tagLength, aad, null);
        if (ok) return takeFromArena(n);
      } else {
        // A plaintext never shares its ArrayBuffer with another result.
        const dst = out === undefined ? new Uint8Array(n) : outputBuffer(out, n);
        ok = keyOp(key, KeyOp.AegisOpen, nonce, sealed, tagLength, aad, dst);
        if (ok) return prefix(dst, n);
      }
    } catch (e) {
      rethrowKeyError(e, this.#what);
    }
    throw new AuthenticationError();
  }
  /**
   * Seals many messages in one native call: result[i] is what seal(nonces[i], plaintexts[i],
   * aads?.[i]) returns (ciphertext || tag). Batch nonces are nonceLength bytes (16 or 32). aads, when given, has one
   * entry per message (undefined for none). Each array element is read once. The results are
   * views of one new ArrayBuffer that they share (`.slice()` one for a buffer of its own).
   * @throws {TypeError} for an argument that is not an Array, or an element that is not a
   *   Uint8Array or is detached (the message names it: `plaintexts[3]: ...`).
   * @throws {RangeError} for arrays of different lengths, a nonce of other than nonceLength bytes, or a
   *   message over 2^32 - 1 bytes.
   * @throws {DisposedError} after dispose().
   */
  sealMany(nonces: readonly Uint8Array[], plaintexts: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): Uint8Array[] {
    return batchSealMany(this.#live().handle, BatchKind.Aegis, this.#tagLength, this.#nonceLength, this.#what, nonces, plaintexts, aads);
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
    return batchOpenMany(this.#live().handle, BatchKind.Aegis, this.#tagLength, this.#nonceLength, this.#what, nonces, sealeds, aads);
  }

  /**
   * The packed, allocation-free seal of n messages (n = lengths.length), in one native call:
   * nonces is n nonces of nonceLength bytes back to back, data the plaintexts back to back, lengths their
   * lengths; out receives each ciphertext || tag back to back (sum of lengths + n * tagLength
   * bytes) and is returned. aads / aadLengths: the AADs back to back and their lengths (both or
   * neither). out must not overlap any input.
   * @throws {TypeError} for arguments of the wrong type or detached.
   * @throws {RangeError} when the lengths do not add up (naming the argument), out is too small
   *   or overlaps an input, or a message is over 2^32 - 1 bytes.
   * @throws {DisposedError} after dispose().
   */
  sealPacked(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchSealPacked(this.#live().handle, BatchKind.Aegis, this.#tagLength, this.#what, nonces, data, lengths, out, aads, aadLengths);
  }

  /**
   * The packed, allocation-free open: sealed is each ciphertext || tag back to back, lengths the
   * plaintext lengths; out receives the plaintexts back to back. Returns a Uint8Array(n) of 1
   * (authentic) / 0 (failed: that message's bytes in out are zeroed). Otherwise as sealPacked.
   * @throws {TypeError} / {RangeError} / {DisposedError} as sealPacked.
   */
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchOpenPacked(this.#live().handle, BatchKind.Aegis, this.#tagLength, this.#what, nonces, sealed, lengths, out, aads, aadLengths);
  }
}

/**
 * AEGIS-128L: 16-byte key, 16-byte nonce, 16- or 32-byte tag.
 *
 * ```ts
 * const a = new Aegis128L(key);                   // 16 bytes; { tagLength: 32 } for 256-bit tags
 * const sealed = a.seal(nonce, plaintext, aad);   // ciphertext || tag; 16-byte nonce
 * const plain = a.open(nonce, sealed, aad);       // throws AuthenticationError
 * a.dispose();
 * ```
 * Never reuse a nonce with the same key; with random nonces, prefer Aegis256 (32-byte nonces).
 */
export class Aegis128L extends AegisKeyObject {
  /**
   * @throws {TypeError} if key is not a Uint8Array, or options is not an object.
   * @throws {RangeError} if key is not 16 bytes, tagLength is not 16 or 32, or the backend is unavailable.
   */
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis128L, 16, key, options, 'Aegis128L');
  }
}

/**
 * AEGIS-256: 32-byte key, 32-byte nonce (safe to pick at random), 16- or 32-byte tag.
 * Used as Aegis128L is.
 */
export class Aegis256 extends AegisKeyObject {
  /**
   * @throws {TypeError} if key is not a Uint8Array, or options is not an object.
   * @throws {RangeError} if key is not 32 bytes, tagLength is not 16 or 32, or the backend is unavailable.
   */
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis256, 32, key, options, 'Aegis256');
  }
}

/**
 * AEGIS-128X2: AEGIS-128L's parallel variant of degree 2 (16-byte key and nonce), made for
 * 256-bit AES units. Its output differs from AEGIS-128L's.
 * @throws {Error} (code 'ERR_HWCRYPT_UNAVAILABLE') from the constructor if this build has no
 *   kernel for it on the key's backend.
 */
export class Aegis128X2 extends AegisKeyObject {
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis128X2, 16, key, options, 'Aegis128X2');
  }
}

/** AEGIS-128X4: degree 4 (16-byte key and nonce), made for 512-bit AES units. As Aegis128X2. */
export class Aegis128X4 extends AegisKeyObject {
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis128X4, 16, key, options, 'Aegis128X4');
  }
}

/** AEGIS-256X2: AEGIS-256's parallel variant of degree 2 (32-byte key and nonce). As Aegis128X2. */
export class Aegis256X2 extends AegisKeyObject {
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis256X2, 32, key, options, 'Aegis256X2');
  }
}

/** AEGIS-256X4: degree 4 (32-byte key and nonce). As Aegis128X2. */
export class Aegis256X4 extends AegisKeyObject {
  constructor(key: Uint8Array, options?: AegisOptions) {
    super(AegisAlg.Aegis256X4, 32, key, options, 'Aegis256X4');
  }
}

/** One-shot AEGIS-128L with a 16-byte tag. For many messages under one key, use Aegis128L. */
export const aegis128l = oneShotAead((key) => new Aegis128L(key));
/** One-shot AEGIS-256 with a 16-byte tag. For many messages under one key, use Aegis256. */
export const aegis256 = oneShotAead((key) => new Aegis256(key));
/** One-shot AEGIS-128X2 with a 16-byte tag. */
export const aegis128x2 = oneShotAead((key) => new Aegis128X2(key));
/** One-shot AEGIS-128X4 with a 16-byte tag. */
export const aegis128x4 = oneShotAead((key) => new Aegis128X4(key));
/** One-shot AEGIS-256X2 with a 16-byte tag. */
export const aegis256x2 = oneShotAead((key) => new Aegis256X2(key));
/** One-shot AEGIS-256X4 with a 16-byte tag. */
export const aegis256x4 = oneShotAead((key) => new Aegis256X4(key));

export interface AegisMacOptions {
  /**
   * Tag length in bytes: 16 (default) or 32. The two tags are different (a 16-byte tag is not a
   * truncated 32-byte one), so both sides must agree on it.
   */
  tagLength?: 16 | 32;
  /** Force the AES backend whose AEGIS kernels this key uses, as in AegisOptions. */
  backend?: AesBackend;
}

/**
 * AEGIS as a MAC (draft-irtf-cfrg-aegis-aead-18, "AEGIS as a Message Authentication Code"): a
 * 16- or 32-byte tag of `data` under a key and a nonce, as long as the key (16 bytes for the
 * AEGIS-128 family, 32 for the AEGIS-256 family). Construct one of its subclasses
 * (AegisMac128L, AegisMac256, AegisMac128X2, AegisMac128X4, AegisMac256X2, AegisMac256X4).
 *
 * The key is held as the AEGIS AEAD keys hold theirs (native memory, zeroized on dispose() and
 * when garbage-collected). Unlike the AEAD, the MAC may reuse a nonce with its key (a fixed
 * nonce makes it a plain MAC); a unique nonce per message makes it a nonce-based MAC.
 *
 * Security: an AEGIS-MAC key must not also be used as an AEGIS encryption key (the
 * specification forbids it); derive separate keys for the two.
 */
export abstract class AegisMacKeyObject {
  // Private, behind getters, as AegisKeyObject's.
  readonly #tagLength: 16 | 32;
  readonly #nonceLength: 16 | 32;
  #key: NativeAegisKey | null;
  readonly #what: string;

  protected constructor(alg: AegisAlg, size: 16 | 32, key: Uint8Array, options: AegisMacOptions | undefined, what: string) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
    }
    this.#tagLength = checkTagLength(ownOption(options, 'tagLength'), (n) => n === 16 || n === 32, '16 or 32') as 16 | 32;
    this.#nonceLength = size;
    this.#what = what;
    this.#key = newKey(alg, size, key, options, what);
  }

  /** Tag length in bytes (16 or 32) that mac() returns and verify() expects. */
  get tagLength(): 16 | 32 {
    return this.#tagLength;
  }

  /** Key and nonce length in bytes: 16 for the AEGIS-128 family, 32 for the AEGIS-256 family. */
  get nonceLength(): 16 | 32 {
    return this.#nonceLength;
  }

  /** The AEGIS kernel set this key runs on ('aesni', 'vaes256', 'vaes512', 'armv8' or 'soft'), as for AegisKeyObject. */
  get backend(): AesBackend {
    return this.#live().backend as AesBackend;
  }

  #live(): NativeAegisKey {
    if (this.#key === null) throw new DisposedError(this.#what);
    return this.#key;
  }

  /** Zeroizes the key; any later call throws DisposedError. Idempotent. */
  dispose(): void {
    if (this.#key !== null) {
      keyOp(this.#key.handle, KeyOp.Dispose);
      this.#key = null;
    }
  }

  #nonce(nonce: unknown): asserts nonce is Uint8Array {
    assertBytes(nonce, 'nonce');
    const n = lengthOf(nonce);
    if (n !== this.#nonceLength) {
      assertAttached(nonce, 'nonce');
      throw new RangeError(`nonce: expected ${this.#nonceLength} bytes, got ${n}`);
    }
  }

  /**
   * The tagLength-byte AEGIS-MAC tag of `data` under the key and `nonce`, written into `out`
   * when given (at least tagLength bytes; it may overlap data or the nonce, it is written
   * after they are read). Without `out`, the tag is in an ArrayBuffer of its own for data up
   * to 944 (AEGIS-128 family) or 928 (AEGIS-256 family) bytes, else it may share one with
   * other small results; `.slice()` it if you need a buffer of its own.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {RangeError} for a nonce of the wrong length, or a too-small out.
   * @throws {DisposedError} after dispose().
   */
  mac(nonce: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.#live().handle;
    const tagLength = this.#tagLength;
    this.#nonce(nonce);
    bytes(data, 'data'); // the arena path below would read a detached one as empty
    if (out === undefined) {
      // Short data through the arena, as AesCmac.mac: the call passes only numbers. Lengths
      // through the captured getter: they lay the inputs out in the arena and must be the
      // arrays' own.
      const nonceLen = lengthOf(nonce);
      const dataLen = lengthOf(data);
      if (ARENA_INPUT + nonceLen + dataLen <= ARENA_SIZE) {
        arenaSet(nonce, ARENA_INPUT);
        arenaSet(data, ARENA_INPUT + nonceLen);
        keyOp(key, KeyOp.AegisMacArena, nonceLen, dataLen, tagLength);
        return takeFromArena(tagLength);
      }
    }
    const dst = outputBuffer(out, tagLength);
    keyOp(key, KeyOp.AegisMac, nonce, data, dst, tagLength);
    return prefix(dst, tagLength);
  }

  /**
   * Whether `tag` is the AEGIS-MAC tag of `data` under the key and `nonce`, compared in
   * constant time.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {RangeError} for a nonce of the wrong length, or a tag that is not tagLength bytes.
   * @throws {DisposedError} after dispose().
   */
  verify(nonce: Uint8Array, data: Uint8Array, tag: Uint8Array): boolean {
    const key = this.#live().handle;
    this.#nonce(nonce);
    bytes(data, 'data'); // a detached or out-of-bounds view would read as empty data
    bytes(tag, 'tag');
    const t = lengthOf(tag);
    if (t !== this.#tagLength) {
      throw new RangeError(`tag: expected ${this.#tagLength} bytes, got ${t}`);
    }
    return keyOp(key, KeyOp.AegisMacVerify, nonce, data, tag) === true;
  }
}

/**
 * AEGIS-128L as a MAC: 16-byte key and nonce, 16- or 32-byte tag.
 *
 * ```ts
 * const m = new AegisMac128L(key);          // 16 bytes; { tagLength: 32 } for 256-bit tags
 * const tag = m.mac(nonce, data);           // 16-byte nonce
 * m.verify(nonce, data, tag);               // true; constant-time compare
 * m.dispose();
 * ```
 * Never use the same key for AEGIS encryption (Aegis128L) too.
 * @throws {TypeError} from the constructor if key is not a Uint8Array, or options is not an object.
 * @throws {RangeError} from the constructor if key is not 16 bytes, tagLength is not 16 or 32,
 *   or the backend is unavailable.
 */
export class AegisMac128L extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis128L, 16, key, options, 'AegisMac128L');
  }
}

/** AEGIS-256 as a MAC: 32-byte key and nonce. As AegisMac128L. */
export class AegisMac256 extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis256, 32, key, options, 'AegisMac256');
  }
}

/** AEGIS-128X2 as a MAC (16-byte key and nonce); its tags differ from AEGIS-128L's. As AegisMac128L. */
export class AegisMac128X2 extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis128X2, 16, key, options, 'AegisMac128X2');
  }
}

/** AEGIS-128X4 as a MAC (16-byte key and nonce). As AegisMac128L. */
export class AegisMac128X4 extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis128X4, 16, key, options, 'AegisMac128X4');
  }
}

/** AEGIS-256X2 as a MAC (32-byte key and nonce). As AegisMac128L. */
export class AegisMac256X2 extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis256X2, 32, key, options, 'AegisMac256X2');
  }
}

/** AEGIS-256X4 as a MAC (32-byte key and nonce). As AegisMac128L. */
export class AegisMac256X4 extends AegisMacKeyObject {
  constructor(key: Uint8Array, options?: AegisMacOptions) {
    super(AegisAlg.Aegis256X4, 32, key, options, 'AegisMac256X4');
  }
}

function oneShotMac(make: (key: Uint8Array, options?: AegisMacOptions) => AegisMacKeyObject) {
  return (key: Uint8Array, nonce: Uint8Array, data: Uint8Array, options?: AegisMacOptions): Uint8Array => {
    const m = make(key, options);
    try {
      return m.mac(nonce, data);
    } finally {
      m.dispose();
    }
  };
}

/** One-shot AEGIS-128L MAC: the tag (16 bytes, or options.tagLength). For many messages under one key, use AegisMac128L. */
export const aegisMac128l = oneShotMac((k, o) => new AegisMac128L(k, o));
/** One-shot AEGIS-256 MAC. For many messages under one key, use AegisMac256. */
export const aegisMac256 = oneShotMac((k, o) => new AegisMac256(k, o));
/** One-shot AEGIS-128X2 MAC. */
export const aegisMac128x2 = oneShotMac((k, o) => new AegisMac128X2(k, o));
/** One-shot AEGIS-128X4 MAC. */
export const aegisMac128x4 = oneShotMac((k, o) => new AegisMac128X4(k, o));
/** One-shot AEGIS-256X2 MAC. */
export const aegisMac256x2 = oneShotMac((k, o) => new AegisMac256X2(k, o));
/** One-shot AEGIS-256X4 MAC. */
export const aegisMac256x4 = oneShotMac((k, o) => new AegisMac256X4(k, o));
