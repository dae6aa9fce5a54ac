/**
 * Error classes and the argument checks shared by every entry point.
 * Validation happens once, here at the boundary; the native layer assumes
 * arguments that passed it.
 */

/** Thrown by `open` when the tag does not verify. Nothing is returned and `out` is zeroed. */
export class AuthenticationError extends Error {
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_HWCRYPT_AUTH' as const;
  constructor(message = 'authentication failed: ciphertext, tag, nonce or AAD is wrong') {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/**
 * Thrown by `AesCbc.decrypt` when the ciphertext is refused: bad PKCS#7 padding, or a
 * length that is not a multiple of 16 (with PKCS#7: not a positive multiple). Nothing is
 * returned and `out` is zeroed. The padding is checked in constant time, but CBC has no
 * integrity: telling this error apart from others to a remote party is a padding oracle
 * (docs/security.md). Authenticate the ciphertext first, or use AesGcm / AesCcm.
 */
export class DecryptionError extends Error {
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_HWCRYPT_BAD_DECRYPT' as const;
  constructor(message = 'decryption failed: bad padding or ciphertext length') {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** Thrown when a key object (AesGcm, AesCtr, AesCbc, ...) is used after `dispose()`. */
export class DisposedError extends Error {
  readonly code = 'ERR_HWCRYPT_DISPOSED' as const;
  constructor(what: string) {
    super(`${what}: used after dispose()`);
    this.name = 'DisposedError';
  }
}

/**
 * Thrown when an incremental hash or HMAC (`sha256.create()`, `createHmac()`)
 * is used after `digest()`, which ends it (as node:crypto's
 * ERR_CRYPTO_HASH_FINALIZED). Use `copy()` before `digest()` to continue
 * from the same state.
 */
export class FinalizedError extends Error {
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_HWCRYPT_FINALIZED' as const;
  constructor(what: string) {
    super(`${what}: digest() was already called`);
    this.name = 'FinalizedError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name ? `a ${name}` : 'an object';
  }
  return typeof value === 'string' ? 'a string' : `${typeof value}`;
}

/** TypeError naming the argument unless `value` is a Uint8Array (Buffer included). */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name}: expected a Uint8Array, got ${describe(value)}`);
  }
}

/**
 * TypeError naming the argument for a view of a detached (transferred) ArrayBuffer, which
 * reads as empty. Only empty views pay for the check: a non-empty view's buffer is attached.
 */
export function assertAttached(value: Uint8Array, name: string): void {
  if (value.length === 0 && value.byteOffset === 0) {
    try {
      new Uint8Array(value.buffer); // throws a TypeError only for a detached buffer
    } catch {
      throw new TypeError(`${name}: the ArrayBuffer is detached`);
    }
  }
}

/** `undefined` passes; anything else must be a Uint8Array. */
export function assertOptionalBytes(value: unknown, name: string): asserts value is Uint8Array | undefined {
  if (value !== undefined) assertBytes(value, name);
}

export function assertLength(value: Uint8Array, name: string, expected: readonly number[] | number): void {
  const ok = typeof expected === 'number' ? value.length === expected : expected.includes(value.length);
  if (!ok) {
    const want = typeof expected === 'number' ? `${expected}` : expected.join(', ');
    throw new RangeError(`${name}: expected ${want} bytes, got ${value.length}`);
  }
}
