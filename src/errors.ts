/**
 * Error classes and the argument checks shared by every entry point.
 * Validation happens once, here at the boundary; the native layer assumes
 * arguments that passed it.
 */
import { types } from 'node:util';

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

/*
 * Built-ins captured at load, so that no check below runs caller code: an argument can be a
 * Proxy, a Uint8Array subclass with its own `length` getter, or an object whose `constructor`
 * getter throws, and a check that read them could be lied to or made to throw something other
 * than the TypeError naming the argument.
 */
const { isUint8Array, isProxy, isArrayBuffer, isSharedArrayBuffer, isDataView, isTypedArray } = types;
const call = Function.prototype.call;
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const uncurry = <T, R>(fn: (this: T) => R): ((self: T) => R) => call.bind(fn) as unknown as (self: T) => R;
const getter = (name: string) => Object.getOwnPropertyDescriptor(TypedArrayProto, name)!.get as (this: Uint8Array) => unknown;
/** The array's own length (0 for a view of a detached buffer, or out of bounds of a shrunk one). */
const lengthOf = uncurry(getter('length') as (this: Uint8Array) => number);
const bufferOf = uncurry(getter('buffer') as (this: Uint8Array) => ArrayBufferLike);
/** The typed array's own type name ('Uint16Array', ...), undefined for anything else. */
const typedArrayName = uncurry(getter(Symbol.toStringTag as unknown as string) as (this: unknown) => string | undefined);
/**
 * %TypedArray%.prototype.keys: it validates its receiver (ValidateTypedArray), which throws a
 * TypeError for a view of a detached buffer and for one out of bounds of a resizable buffer
 * that shrank. Both read as empty otherwise.
 */
const validate = uncurry((TypedArrayProto as { keys(this: Uint8Array): unknown }).keys);

/** What `value` is, for an error message, read without touching any of its properties. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'string') return 'a string';
  if (t !== 'object') return t; // number, bigint, boolean, symbol, undefined, function
  if (isProxy(value)) return 'a Proxy';
  if (Array.isArray(value)) return 'an Array';
  if (isTypedArray(value)) {
    const name = typedArrayName(value) ?? 'typed array';
    return name.startsWith('Int') ? `an ${name}` : `a ${name}`; // an Int8Array, a Uint16Array
  }
  if (isArrayBuffer(value)) return 'an ArrayBuffer';
  if (isSharedArrayBuffer(value)) return 'a SharedArrayBuffer';
  if (isDataView(value)) return 'a DataView';
  return 'an object';
}

/**
 * TypeError naming the argument unless `value` is a Uint8Array (Buffer and subclasses included,
 * from any realm). The check reads the internal type, not the prototype chain: a typed array of
 * another type whose prototype was set to Uint8Array.prototype, or a Proxy around a Uint8Array,
 * is refused, and no caller code runs (no Symbol.hasInstance, no getters).
 */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!isUint8Array(value)) {
    throw new TypeError(`${name}: expected a Uint8Array, got ${describe(value)}`);
  }
}

/**
 * TypeError naming the argument for a view of a detached (transferred) ArrayBuffer, or a view out
 * of bounds of a resizable ArrayBuffer that shrank: both read as empty, and would be taken as an
 * empty input. Only empty views pay for the check (a non-empty view is attached and in bounds);
 * it runs no caller code.
 */
export function assertAttached(value: Uint8Array, name: string): void {
  if (lengthOf(value) === 0) {
    try {
      validate(value);
    } catch {
      let detached = false;
      try {
        new Uint8Array(bufferOf(value)); // throws a TypeError only for a detached buffer
      } catch {
        detached = true;
      }
      throw new TypeError(
        detached ? `${name}: the ArrayBuffer is detached` : `${name}: the view is out of bounds of its (shrunk) ArrayBuffer`,
      );
    }
  }
}

/** `undefined` passes; anything else must be a Uint8Array. */
export function assertOptionalBytes(value: unknown, name: string): asserts value is Uint8Array | undefined {
  if (value !== undefined) assertBytes(value, name);
}

/** RangeError naming the argument unless its own length (not a `length` getter's) is expected. */
export function assertLength(value: Uint8Array, name: string, expected: readonly number[] | number): void {
  const n = lengthOf(value);
  const ok = typeof expected === 'number' ? n === expected : expected.includes(n);
  if (!ok) {
    const want = typeof expected === 'number' ? `${expected}` : expected.join(', ');
    throw new RangeError(`${name}: expected ${want} bytes, got ${n}`);
  }
}

/**
 * Rethrows an error from the addon, as DisposedError when it says the key was disposed (a key
 * disposed while a call was in progress: the addon's own Error has the code but not the class).
 */
export function rethrowKeyError(e: unknown, what: string): never {
  if (e instanceof Error && !(e instanceof DisposedError) && (e as { code?: unknown }).code === 'ERR_HWCRYPT_DISPOSED') {
    throw new DisposedError(what);
  }
  throw e;
}
