/**
 * The block-cipher modes next to GCM and CTR: AES-CBC (with or without
 * PKCS#7 padding), AES-ECB, AES-XTS and AES-CCM, on the same keyed objects
 * (the expanded key in native memory, zeroized on dispose() and when
 * garbage-collected; AesXts holds two).
 *
 * Results: an encryption's result may share a slab ArrayBuffer with other
 * small results, as seal's does (output.ts); a result that may be plaintext
 * (every decrypt and open) gets an ArrayBuffer of its own, since a transfer
 * of one result would otherwise hand over, and empty, another.
 */
import { AesKeyObject, checkTagLength, oneShotAead, ownOption, type AesOptions } from './aes.js';
import { assertAttached, assertBytes, assertLength, AuthenticationError, DecryptionError, rethrowKeyError } from './errors.js';
import { arenaOpen, arenaSeal, checkedLength, openFitsArena, sealFitsArena } from './arena-aead.js';
import { ARENA_INPUT, KeyOp, keyOp, lengthOf, takeFromArena } from './native.js';
import { BatchKind, openMany as batchOpenMany, openPacked as batchOpenPacked, sealMany as batchSealMany, sealPacked as batchSealPacked } from './batch.js';
import { outputBuffer, prefix } from './output.js';
import { cbcAsync, ccmSpec, ecbAsync, GCM_SIV, openAsync, sealAsync, xtsAsync } from './async.js';

/**
 * assertBytes, and a TypeError for a view of a detached ArrayBuffer (it reads as empty; the
 * addon refuses it too, but a length check here would first call it a RangeError).
 */
function bytes(value: unknown, name: string): asserts value is Uint8Array {
  assertBytes(value, name);
  assertAttached(value, name);
}

function block16(value: unknown, name: string): asserts value is Uint8Array {
  bytes(value, name);
  assertLength(value, name, 16);
}

/** out checked to hold n bytes, or a new array of n bytes in an ArrayBuffer of its own. */
function ownOutput(out: unknown, n: number): Uint8Array {
  return out === undefined ? new Uint8Array(n) : outputBuffer(out, n);
}

/** dst's first n bytes (its own length, not a subclass's `length` getter). */

export interface AesCbcOptions extends AesOptions {
  /**
   * 'pkcs7' (default): encrypt appends 1..16 bytes of PKCS#7 padding (RFC 5652), decrypt checks
   * and removes it. 'none': the data must be whole 16-byte blocks.
   */
  padding?: 'pkcs7' | 'none';
}

/**
 * AES-CBC (NIST SP 800-38A) with a 16-byte IV, PKCS#7 padding by default.
 *
 * ```ts
 * const cbc = new AesCbc(key);                 // 16, 24 or 32 bytes
 * const ct = cbc.encrypt(iv, plaintext);       // padded to a multiple of 16
 * const pt = cbc.decrypt(iv, ct);              // throws DecryptionError
 * cbc.dispose();
 * ```
 * CBC has no integrity. The padding check is constant time, but an app that lets a remote
 * party tell a DecryptionError apart from success or other errors builds a padding oracle
 * that decrypts any ciphertext: authenticate the ciphertext first (encrypt-then-MAC) or use
 * AesGcm / AesCcm. Use a fresh unpredictable IV for every message.
 */
export class AesCbc extends AesKeyObject {
  /** 'pkcs7' or 'none'. */
  readonly padding: 'pkcs7' | 'none';

  /**
   * @throws {TypeError} if key is not a Uint8Array, or options.padding is not a string.
   * @throws {RangeError} if key is not 16, 24 or 32 bytes, or options.padding is unknown.
   */
  constructor(key: Uint8Array, options?: AesCbcOptions) {
    const padding = ownOption(options, 'padding') ?? 'pkcs7';
    if (typeof padding !== 'string') throw new TypeError(`options.padding: expected a string, got ${typeof padding}`);
    if (padding !== 'pkcs7' && padding !== 'none') {
      throw new RangeError(`options.padding: expected 'pkcs7' or 'none', got '${padding}'`);
    }
    super(key, options, 'AesCbc');
    this.padding = padding;
  }

  /** encrypt() on the libuv thread pool (README, "Async twins"); small inputs at once. Errors reject. */
  encryptAsync(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return cbcAsync(this, () => this.handle(), this.padding === 'pkcs7', true, iv, data, out);
  }

  /** decrypt() on the libuv thread pool; rejects with DecryptionError as decrypt() throws it. */
  decryptAsync(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return cbcAsync(this, () => this.handle(), this.padding === 'pkcs7', false, iv, data, out);
  }

  /**
   * Encrypts `data` under `iv`. Returns the ciphertext (with 'pkcs7': data.length rounded up
   * to the next multiple of 16, always at least one byte of padding), written into `out` when
   * given (which may be data's own buffer, same start, if it holds the padded length).
   * Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other results;
   * `.slice()` it if you need a buffer of its own.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {RangeError} for an IV that is not 16 bytes, with 'none' a data length that is not
   *   a multiple of 16, or a too-small or overlapping out.
   * @throws {DisposedError} after dispose().
   */
  encrypt(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    block16(iv, 'iv');
    bytes(data, 'data');
    const pkcs7 = this.padding === 'pkcs7';
    if (!pkcs7 && data.length % 16 !== 0) {
      throw new RangeError(`data: with padding 'none', the length must be a multiple of 16, got ${data.length}`);
    }
    const need = pkcs7 ? data.length + 16 - (data.length % 16) : data.length;
    const dst = outputBuffer(out, need);
    keyOp(key, pkcs7 ? KeyOp.CbcPkcs7 : KeyOp.Cbc, true, iv, data, dst);
    return prefix(dst, need);
  }

  /**
   * Decrypts `data` under `iv` and, with 'pkcs7', checks and removes the padding. Returns the
   * plaintext, written into `out` when given: out must hold data.length bytes (the padding's
   * length is known only once decrypted); it may be data's own buffer, same start. Without
   * `out`, the plaintext is in an ArrayBuffer of its own.
   * @throws {DecryptionError} (code 'ERR_HWCRYPT_BAD_DECRYPT') for bad padding, or a length
   *   that is not a multiple of 16 (with 'pkcs7': not a positive multiple), with either
   *   padding; nothing is returned and out[0, data.length) is zeroed.
   * @throws {RangeError} for an IV that is not 16 bytes, or a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {DisposedError} after dispose().
   */
  decrypt(iv: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    block16(iv, 'iv');
    bytes(data, 'data');
    const dst = ownOutput(out, data.length);
    const n = keyOp(key, this.padding === 'pkcs7' ? KeyOp.CbcPkcs7 : KeyOp.Cbc, false, iv, data, dst) as number;
    if (n < 0) throw new DecryptionError();
    return prefix(dst, n);
  }
}

/**
 * AES-ECB (NIST SP 800-38A): the raw block cipher applied to each 16-byte block on its own.
 * A building block (key wrapping, counter-mode or tweak constructions of your own, test
 * vectors), not a way to encrypt messages: equal plaintext blocks give equal ciphertext
 * blocks, so ECB leaks the data's structure.
 */
export class AesEcb extends AesKeyObject {
  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 16, 24 or 32 bytes.
   */
  constructor(key: Uint8Array, options?: AesOptions) {
    super(key, options, 'AesEcb');
  }

  /** encrypt() on the libuv thread pool (README, "Async twins"); small inputs at once. Errors reject. */
  encryptAsync(data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return ecbAsync(this, () => this.handle(), true, data, out);
  }

  /** decrypt() on the libuv thread pool. */
  decryptAsync(data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return ecbAsync(this, () => this.handle(), false, data, out);
  }

  /**
   * E_K of each block of `data` (a multiple of 16 bytes), written into `out` when given
   * (which may be data's own buffer, same start). Without `out`, a result of up to 4 KiB may
   * share its ArrayBuffer with other results.
   * @throws {RangeError} if data's length is not a multiple of 16, or for a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {DisposedError} after dispose().
   */
  encrypt(data: Uint8Array, out?: Uint8Array): Uint8Array {
    return this.#run(true, data, out);
  }

  /** D_K of each block; as encrypt, but the result is in an ArrayBuffer of its own. */
  decrypt(data: Uint8Array, out?: Uint8Array): Uint8Array {
    return this.#run(false, data, out);
  }

  #run(encrypt: boolean, data: Uint8Array, out: Uint8Array | undefined): Uint8Array {
    const key = this.handle();
    bytes(data, 'data');
    if (data.length % 16 !== 0) throw new RangeError(`data: length must be a multiple of 16, got ${data.length}`);
    const dst = encrypt ? outputBuffer(out, data.length) : ownOutput(out, data.length);
    keyOp(key, KeyOp.Ecb, encrypt, data, dst);
    return prefix(dst, data.length);
  }
}

/** 2^24 bytes: IEEE 1619's largest data unit (2^20 blocks). */
const XTS_MAX = 2 ** 24;

/**
 * AES-XTS (IEEE 1619, NIST SP 800-38E) for storage: each data unit (sector) is encrypted
 * under a 16-byte tweak, usually its sector number (little-endian), with ciphertext stealing
 * for lengths that are not a multiple of 16.
 *
 * The key is two AES keys of the same size concatenated (32 bytes: AES-128-XTS, 64 bytes:
 * AES-256-XTS; 48 bytes: two AES-192 keys, outside IEEE 1619), as node:crypto's
 * aes-128-xts / aes-256-xts take it. Identical halves are refused (SP 800-38E asks for
 * independent keys; OpenSSL 3 refuses them too). XTS has no integrity and is deterministic
 * per tweak: it hides data at rest from someone who sees one snapshot of the disk.
 */
export class AesXts extends AesKeyObject {
  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 32, 48 or 64 bytes, or its two halves are identical.
   */
  constructor(key: Uint8Array, options?: AesOptions) {
    super(key, options, 'AesXts', true);
  }

  /** encrypt() on the libuv thread pool (README, "Async twins"); small inputs at once. Errors reject. */
  encryptAsync(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return xtsAsync(this, () => this.handle(), true, tweak, data, out);
  }

  /** decrypt() on the libuv thread pool. */
  decryptAsync(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return xtsAsync(this, () => this.handle(), false, tweak, data, out);
  }

  /**
   * Encrypts one data unit (16 .. 2^24 bytes) under `tweak` (16 bytes). Returns the ciphertext
   * (data.length bytes), written into `out` when given (which may be data's own buffer, same
   * start). Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other results.
   * @throws {RangeError} for a tweak that is not 16 bytes, data under 16 or over 2^24 bytes,
   *   or a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {DisposedError} after dispose().
   */
  encrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    return this.#run(true, tweak, data, out);
  }

  /** Decrypts one data unit; as encrypt, but the result is in an ArrayBuffer of its own. */
  decrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    return this.#run(false, tweak, data, out);
  }

  #run(encrypt: boolean, tweak: Uint8Array, data: Uint8Array, out: Uint8Array | undefined): Uint8Array {
    const key = this.handle();
    block16(tweak, 'tweak');
    bytes(data, 'data');
    if (data.length < 16 || data.length > XTS_MAX) {
      throw new RangeError(`data: expected 16 to 2^24 bytes (one IEEE 1619 data unit), got ${data.length}`);
    }
    const dst = encrypt ? outputBuffer(out, data.length) : ownOutput(out, data.length);
    keyOp(key, KeyOp.Xts, encrypt, tweak, data, dst);
    return prefix(dst, data.length);
  }
}

export interface AesCcmOptions extends AesOptions {
  /** Tag length in bytes: 4, 6, 8, 10, 12, 14 or 16 (default). */
  tagLength?: number;
}

/** 2^36 - 16 bytes: the core's cap for every nonce length (its 32-bit block counter never wraps). */
const CCM_MAX = 2 ** 36 - 16;

/**
 * The most plaintext a CCM message can have with an n-byte nonce: q = 15 - n bytes encode
 * its length, so 2^(8q) - 1, capped at 2^36 - 16 (reached for n <= 10).
 */
export function ccmMaxPlaintext(nonceLength: number): number {
  return Math.min(2 ** (8 * (15 - nonceLength)) - 1, CCM_MAX);
}

function ccmLimitText(n: number): string {
  const q = 15 - n;
  return 8 * q <= 32 ? `2^${8 * q} - 1 = ${ccmMaxPlaintext(n)}` : `2^36 - 16`;
}

const CCM = ccmSpec(ccmMaxPlaintext, ccmLimitText);

/** The nonce's own length, after checking it is a Uint8Array of 7..13 bytes. */
function ccmNonceLength(nonce: unknown): number {
  const n = checkedLength(nonce, 'nonce');
  if (n < 7 || n > 13) throw new RangeError(`nonce: expected 7..13 bytes, got ${n}`);
  return n;
}

/**
 * AES-CCM (NIST SP 800-38C, RFC 3610) with a key expanded once for many messages.
 *
 * ```ts
 * const ccm = new AesCcm(key, { tagLength: 16 });   // 16, 24 or 32-byte key
 * const sealed = ccm.seal(nonce, plaintext, aad);    // ciphertext || tag; nonce 7..13 bytes
 * const plain = ccm.open(nonce, sealed, aad);        // throws AuthenticationError
 * ccm.dispose();
 * ```
 * The nonce length n bounds the message: at most 2^(8(15 - n)) - 1 bytes (65535 with a
 * 13-byte nonce, 2^24 - 1 with 12), and 2^36 - 16 for any nonce. Never reuse a nonce with
 * the same key.
 */
export class AesCcm extends AesKeyObject {
  /** Tag length in bytes used by seal and expected by open. */
  readonly tagLength: number;

  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 16, 24 or 32 bytes, or tagLength is not 4, 6, ..., 16.
   */
  constructor(key: Uint8Array, options?: AesCcmOptions) {
    const tagLength = checkTagLength(ownOption(options, 'tagLength'), (n) => n >= 4 && n <= 16 && n % 2 === 0, '4, 6, 8, 10, 12, 14 or 16');
    super(key, options, 'AesCcm');
    this.tagLength = tagLength;
  }

  /**
   * seal() on the libuv thread pool (README, "Async twins"): resolves with what seal() returns.
   * Small inputs (under 4-256 KiB, by kernel speed) run at once on this thread. Every error is a rejection. Do not
   * change the inputs (or out) until the promise settles.
   */
  sealAsync(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return sealAsync(CCM, this, () => this.handle(), nonce, plaintext, aad, out);
  }

  /**
   * open() on the libuv thread pool: resolves with the plaintext, or rejects with
   * AuthenticationError (out, if given, zeroed). As sealAsync otherwise.
   */
  openAsync(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return openAsync(CCM, this, () => this.handle(), nonce, sealed, aad, out);
  }

  /**
   * Encrypts and authenticates. Returns ciphertext || tag (plaintext.length + tagLength bytes),
   * written into `out` when given (which may be the plaintext's own buffer, same start).
   * Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other seal results.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {RangeError} for a nonce of other than 7..13 bytes, a plaintext over the nonce's
   *   limit, or a too-small or overlapping out.
   * @throws {DisposedError} after dispose().
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    // Lengths read once, through the captured getter (the arrays' own, never a subclass's
    // `length`): no caller code runs between these checks and keyOp.
    const nonceLen = ccmNonceLength(nonce);
    const len = checkedLength(plaintext, 'plaintext');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad');
    const tagLength = this.tagLength;
    if (len > ccmMaxPlaintext(nonceLen)) {
      throw new RangeError(`plaintext: at most ${ccmLimitText(nonceLen)} bytes with a ${nonceLen}-byte nonce, got ${len}`);
    }
    if (sealFitsArena(nonceLen, aadLen, len)) {
      // Up to 64 bytes: through the arena (src/arena-aead.ts), as AesGcm.seal.
      return arenaSeal(key, KeyOp.CcmSealArena, nonce, nonceLen, aad, aadLen, plaintext, len, tagLength, out);
    }
    const need = len + tagLength;
    const dst = outputBuffer(out, need);
    keyOp(key, KeyOp.CcmSeal, nonce, plaintext, aad, dst, tagLength);
    return prefix(dst, need);
  }

  /**
   * Verifies and decrypts `sealed` (ciphertext || tag). Returns the plaintext, written into
   * `out` when given (which may be sealed's own buffer, same start). Without `out`, the
   * plaintext is in an ArrayBuffer of its own.
   * @throws {AuthenticationError} (code 'ERR_HWCRYPT_AUTH') if the tag does not verify;
   *   nothing is returned and `out` is zeroed.
   * @throws {RangeError} if sealed is shorter than the tag or its ciphertext is over the
   *   nonce's limit, or for a bad nonce or a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments or a detached buffer.
   * @throws {DisposedError} after dispose().
   */
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    const nonceLen = ccmNonceLength(nonce);
    const sealedLen = checkedLength(sealed, 'sealed');
    const aadLen = aad === undefined ? 0 : checkedLength(aad, 'aad');
    const tagLength = this.tagLength;
    if (sealedLen < tagLength) {
      throw new RangeError(`sealed: expected at least the ${tagLength}-byte tag, got ${sealedLen} bytes`);
    }
    const n = sealedLen - tagLength;
    if (n > ccmMaxPlaintext(nonceLen)) {
      throw new RangeError(`sealed: at most ${ccmLimitText(nonceLen)} bytes of ciphertext with a ${nonceLen}-byte nonce, got ${n}`);
    }
    if (openFitsArena(nonceLen, aadLen, sealedLen, n)) {
      // Up to 64 bytes of plaintext with short inputs: through the arena (src/arena-aead.ts),
      // as AesGcm.open.
      const r = arenaOpen(key, KeyOp.CcmOpenArena, nonce, nonceLen, aad, aadLen, sealed, sealedLen, tagLength, out);
      if (r === null) throw new AuthenticationError();
      return r;
    }
    if (out === undefined && n <= ARENA_INPUT) {
      // A long AAD: the inputs go as arrays, the plaintext to the arena and then to an array
      // of its own on V8's heap.
      if (!keyOp(key, KeyOp.CcmOpen, nonce, sealed, tagLength, aad, null)) throw new AuthenticationError();
      return takeFromArena(n);
    }
    const dst = ownOutput(out, n);
    if (!keyOp(key, KeyOp.CcmOpen, nonce, sealed, tagLength, aad, dst)) throw new AuthenticationError();
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
   *   message over 2^24 - 1 bytes (the 12-byte nonce's limit).
   * @throws {DisposedError} after dispose().
   */
  sealMany(nonces: readonly Uint8Array[], plaintexts: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): Uint8Array[] {
    return batchSealMany(this.handle(), BatchKind.Ccm, this.tagLength, 12, 'AesCcm', nonces, plaintexts, aads);
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
    return batchOpenMany(this.handle(), BatchKind.Ccm, this.tagLength, 12, 'AesCcm', nonces, sealeds, aads);
  }

  /**
   * The packed, allocation-free seal of n messages (n = lengths.length), in one native call:
   * nonces is n 12 bytes nonces back to back, data the plaintexts back to back, lengths their
   * lengths; out receives each ciphertext || tag back to back (sum of lengths + n * tagLength
   * bytes) and is returned. aads / aadLengths: the AADs back to back and their lengths (both or
   * neither). out must not overlap any input.
   * @throws {TypeError} for arguments of the wrong type or detached.
   * @throws {RangeError} when the lengths do not add up (naming the argument), out is too small
   *   or overlaps an input, or a message is over 2^24 - 1 bytes (the 12-byte nonce's limit).
   * @throws {DisposedError} after dispose().
   */
  sealPacked(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchSealPacked(this.handle(), BatchKind.Ccm, this.tagLength, 'AesCcm', nonces, data, lengths, out, aads, aadLengths);
  }

  /**
   * The packed, allocation-free open: sealed is each ciphertext || tag back to back, lengths the
   * plaintext lengths; out receives the plaintexts back to back. Returns a Uint8Array(n) of 1
   * (authentic) / 0 (failed: that message's bytes in out are zeroed). Otherwise as sealPacked.
   * @throws {TypeError} / {RangeError} / {DisposedError} as sealPacked.
   */
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchOpenPacked(this.handle(), BatchKind.Ccm, this.tagLength, 'AesCcm', nonces, sealed, lengths, out, aads, aadLengths);
  }
}

/** 2^36 bytes: RFC 8452's limit on plaintext and on AAD. */
const GCM_SIV_MAX = 2 ** 36;

// GCM-SIV's checks read the arrays' own lengths (lengthOf), never a subclass's `length` getter:
// no caller code runs between the key's live check and keyOp, so the lengths computed here are
// the ones the addon processes, and the key cannot be disposed mid-call.
function checkSivNonce(nonce: unknown): asserts nonce is Uint8Array {
  const n = checkedLength(nonce, 'nonce');
  if (n !== 12) throw new RangeError(`nonce: expected 12 bytes, got ${n}`);
}

function checkSivAad(aad: unknown): number {
  if (aad === undefined) return 0;
  const n = checkedLength(aad, 'aad');
  if (n > GCM_SIV_MAX) throw new RangeError(`aad: at most 2^36 bytes, got ${n}`);
  return n;
}

/**
 * AES-GCM-SIV (RFC 8452): nonce-misuse-resistant AEAD. A repeated nonce reveals only whether
 * two messages (with their AAD) were equal; it does not expose plaintext or allow forgeries.
 *
 * ```ts
 * const siv = new AesGcmSiv(key);                 // 16 or 32 bytes
 * const sealed = siv.seal(nonce, plaintext, aad);  // ciphertext || 16-byte tag; 12-byte nonce
 * const plain = siv.open(nonce, sealed, aad);      // throws AuthenticationError
 * siv.dispose();
 * ```
 * The key is the key-generating key: each message derives its own authentication and
 * encryption keys from it and the nonce (RFC 8452 §4), on the key's backend. Plaintext and
 * AAD are each at most 2^36 bytes.
 */
export class AesGcmSiv extends AesKeyObject {
  /** Tag length in bytes (always 16; a getter, so it cannot be assigned). */
  get tagLength(): 16 {
    return 16;
  }

  /**
   * @throws {TypeError} if key is not a Uint8Array.
   * @throws {RangeError} if key is not 16 or 32 bytes.
   */
  constructor(key: Uint8Array, options?: AesOptions) {
    bytes(key, 'key');
    const n = lengthOf(key);
    if (n !== 16 && n !== 32) throw new RangeError(`key: expected 16 or 32 bytes, got ${n}`);
    super(key, options, 'AesGcmSiv');
  }

  /**
   * seal() on the libuv thread pool (README, "Async twins"): resolves with what seal() returns.
   * Small inputs (under 4-256 KiB, by kernel speed) run at once on this thread. Every error is a rejection. Do not
   * change the inputs (or out) until the promise settles.
   */
  sealAsync(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return sealAsync(GCM_SIV, this, () => this.handle(), nonce, plaintext, aad, out);
  }

  /**
   * open() on the libuv thread pool: resolves with the plaintext, or rejects with
   * AuthenticationError (out, if given, zeroed). As sealAsync otherwise.
   */
  openAsync(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return openAsync(GCM_SIV, this, () => this.handle(), nonce, sealed, aad, out);
  }

  /**
   * Encrypts and authenticates. Returns ciphertext || tag (plaintext.length + 16 bytes),
   * written into `out` when given (which may be the plaintext's own buffer, same start).
   * Without `out`, a result of up to 4 KiB may share its ArrayBuffer with other seal results.
   * @throws {TypeError} for non-Uint8Array arguments, a detached buffer, or a view out of bounds
   *   of a shrunk resizable ArrayBuffer.
   * @throws {RangeError} for a nonce of other than 12 bytes, a plaintext or AAD over 2^36
   *   bytes, or a too-small or overlapping out.
   * @throws {DisposedError} after dispose().
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    checkSivNonce(nonce);
    const len = checkedLength(plaintext, 'plaintext');
    const aadLen = checkSivAad(aad);
    if (len > GCM_SIV_MAX) throw new RangeError(`plaintext: at most 2^36 bytes, got ${len}`);
    try {
      if (sealFitsArena(12, aadLen, len)) {
        // Up to 64 bytes: through the arena (src/arena-aead.ts), as AesGcm.seal.
        return arenaSeal(key, KeyOp.GcmSivSealArena, nonce, 12, aad, aadLen, plaintext, len, 16, out);
      }
      const need = len + 16;
      const dst = outputBuffer(out, need);
      keyOp(key, KeyOp.GcmSivSeal, nonce, plaintext, aad, dst, 16);
      return prefix(dst, need);
    } catch (e) {
      rethrowKeyError(e, 'AesGcmSiv');
    }
  }

  /**
   * Verifies and decrypts `sealed` (ciphertext || tag). Returns the plaintext, written into
   * `out` when given (which may be sealed's own buffer, same start). Without `out`, the
   * plaintext is in an ArrayBuffer of its own.
   * @throws {AuthenticationError} (code 'ERR_HWCRYPT_AUTH') if the tag does not verify;
   *   nothing is returned and out[0, sealed.length - 16) is zeroed.
   * @throws {RangeError} if sealed is shorter than the tag, for a nonce of other than 12
   *   bytes, data over 2^36 bytes, or a too-small or overlapping out.
   * @throws {TypeError} for non-Uint8Array arguments, a detached buffer, or a view out of bounds
   *   of a shrunk resizable ArrayBuffer.
   * @throws {DisposedError} after dispose().
   */
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const key = this.handle();
    checkSivNonce(nonce);
    const sealedLen = checkedLength(sealed, 'sealed');
    const aadLen = checkSivAad(aad);
    if (sealedLen < 16) {
      throw new RangeError(`sealed: expected at least the 16-byte tag, got ${sealedLen} bytes`);
    }
    const n = sealedLen - 16;
    if (n > GCM_SIV_MAX) throw new RangeError(`sealed: at most 2^36 bytes of ciphertext, got ${n}`);
    let ok: unknown;
    try {
      if (openFitsArena(12, aadLen, sealedLen, n)) {
        // Small plaintexts with short inputs: through the arena (src/arena-aead.ts), as
        // AesGcm.open (the nonce is 12 bytes, checked above).
        const r = arenaOpen(key, KeyOp.GcmSivOpenArena, nonce, 12, aad, aadLen, sealed, sealedLen, 16, out);
        if (r !== null) return r;
      } else if (out === undefined && n <= ARENA_INPUT) {
        ok = keyOp(key, KeyOp.GcmSivOpen, nonce, sealed, 16, aad, null);
        if (ok) return takeFromArena(n);
      } else {
        const dst = ownOutput(out, n);
        ok = keyOp(key, KeyOp.GcmSivOpen, nonce, sealed, 16, aad, dst);
        if (ok) return prefix(dst, n);
      }
    } catch (e) {
      rethrowKeyError(e, 'AesGcmSiv');
    }
    throw new AuthenticationError();
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
    return batchSealMany(this.handle(), BatchKind.GcmSiv, 16, 12, 'AesGcmSiv', nonces, plaintexts, aads);
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
    return batchOpenMany(this.handle(), BatchKind.GcmSiv, 16, 12, 'AesGcmSiv', nonces, sealeds, aads);
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
    return batchSealPacked(this.handle(), BatchKind.GcmSiv, 16, 'AesGcmSiv', nonces, data, lengths, out, aads, aadLengths);
  }

  /**
   * The packed, allocation-free open: sealed is each ciphertext || tag back to back, lengths the
   * plaintext lengths; out receives the plaintexts back to back. Returns a Uint8Array(n) of 1
   * (authentic) / 0 (failed: that message's bytes in out are zeroed). Otherwise as sealPacked.
   * @throws {TypeError} / {RangeError} / {DisposedError} as sealPacked.
   */
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    return batchOpenPacked(this.handle(), BatchKind.GcmSiv, 16, 'AesGcmSiv', nonces, sealed, lengths, out, aads, aadLengths);
  }
}

/** One-shot AES-GCM-SIV: expands the key, runs one message, wipes the key. */
export const aesGcmSiv = oneShotAead((key) => new AesGcmSiv(key));
