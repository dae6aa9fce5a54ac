/**
 * Key derivation: HKDF (RFC 5869) and PBKDF2 (RFC 8018), each one native
 * call over hwcrypt's HMAC and SHA backends, with node:crypto's argument
 * order (`crypto.hkdfSync`, `crypto.pbkdf2Sync`).
 *
 * Behaviour shared with node:crypto: `length` 0 gives an empty result;
 * PBKDF2 iterations 1 .. 2^31-1 and length 0 .. 2^31-1; HKDF length at most
 * 255 * HashLen. Differences: the result is a Uint8Array (hkdfSync returns
 * an ArrayBuffer, pbkdf2Sync a Buffer); byte arguments are Uint8Array
 * (Buffer included) or strings (UTF-8), not KeyObjects or other views; a
 * view of a detached ArrayBuffer is a TypeError (node:crypto reads it as
 * empty); HKDF `info` has no 1024-byte cap (RFC 5869 sets none).
 */
import { types } from 'node:util';
import { algInfo, type HashName } from './hash.js';
import { arena, ARENA_INPUT, native, takeFromArena, uncurryThis } from './native.js';

/** Bytes, or a string taken as UTF-8 (as node:crypto does). */
export type KdfInput = Uint8Array | string;

/** node:crypto's cap on PBKDF2 iterations and output length (2^31 - 1). */
export const PBKDF2_MAX = 0x7fffffff;

const nativeHkdf = native.hkdf;
const nativePbkdf2 = native.pbkdf2;
const nativePbkdf2Async = native.pbkdf2Async;

/*
 * A string argument is encoded into a Buffer made here (small ones are
 * carved from Node's shared pool, whose ArrayBuffer other Buffers in the
 * process expose); the secret ones (ikm, password) are zeroed as soon as
 * the native call has read them, and on every error path after they were
 * encoded (a later bad argument included). The zeroing uses fill captured
 * at load, so a patched Uint8Array.prototype.fill cannot skip it.
 */
const u8Fill = uncurryThis(Uint8Array.prototype.fill as (this: Uint8Array, value: number) => Uint8Array);
function wipeCopy(copy: Uint8Array, original: unknown): void {
  if (copy !== original) u8Fill(copy, 0);
}

const isUint8Array = types.isUint8Array;

function bytes(value: unknown, name: string): Uint8Array {
  if (isUint8Array(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  const what = value === null ? 'null' : Array.isArray(value) ? 'an Array' : typeof value;
  throw new TypeError(`${name}: expected a Uint8Array or a string, got ${what}`);
}

/** An integer in [min, max]: TypeError for a non-number, RangeError otherwise. */
function count(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name}: expected a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: expected an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/*
 * Results of up to ARENA_INPUT (64) bytes come back through the arena (see
 * native.ts): a fresh short Uint8Array lives on V8's heap, and handing it
 * to native code would make V8 move it, which costs more than the HKDF.
 */
function derive(length: number, run: (out: Uint8Array) => void): Uint8Array {
  if (length <= ARENA_INPUT) {
    run(arena);
    return takeFromArena(length);
  }
  const out = new Uint8Array(length);
  run(out);
  return out;
}

/**
 * HKDF (RFC 5869): extract with `salt`, expand with `info` to `length`
 * bytes, in one native call. An empty salt means HashLen zero bytes.
 * `length` 0 returns an empty array (as `crypto.hkdfSync`).
 * @param hash 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha512-256' (any case).
 * @throws {TypeError} if `hash` is not a string, a byte argument is not a Uint8Array or string, or `length` is not a number.
 * @throws {RangeError} for an unknown hash, or `length` not an integer in 0 .. 255 * HashLen.
 */
export function hkdf(hash: HashName, ikm: KdfInput, salt: KdfInput, info: KdfInput, length: number): Uint8Array {
  const alg = algInfo(hash, 'hash');
  const k = bytes(ikm, 'ikm');
  try {
    const s = bytes(salt, 'salt');
    const i = bytes(info, 'info');
    const n = count(length, 'length', 0, 255 * alg.outputLen);
    return derive(n, (out) => nativeHkdf(alg.id, k, s, i, n, out));
  } finally {
    wipeCopy(k, ikm);
  }
}

interface Pbkdf2Args {
  id: number;
  password: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  length: number;
}

function pbkdf2Args(hash: unknown, password: unknown, salt: unknown, iterations: unknown, length: unknown): Pbkdf2Args {
  const id = algInfo(hash, 'hash').id;
  const pw = bytes(password, 'password');
  try {
    return {
      id,
      password: pw,
      salt: bytes(salt, 'salt'),
      iterations: count(iterations, 'iterations', 1, PBKDF2_MAX),
      length: count(length, 'length', 0, PBKDF2_MAX),
    };
  } catch (e) {
    wipeCopy(pw, password); // a later argument was bad: the encoded password must not stay in the pool
    throw e;
  }
}

/**
 * PBKDF2 (RFC 8018 5.2) with HMAC-`hash`, on the calling thread. For many
 * iterations prefer {@link pbkdf2Async}, which leaves the event loop free.
 * @param hash 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha512-256' (any case).
 * @throws {TypeError} if `hash` is not a string, `password`/`salt` are not a Uint8Array or string, or a count is not a number.
 * @throws {RangeError} for an unknown hash, `iterations` not an integer in 1 .. 2^31-1, or `length` not in 0 .. 2^31-1.
 */
export function pbkdf2(hash: HashName, password: KdfInput, salt: KdfInput, iterations: number, length: number): Uint8Array {
  const a = pbkdf2Args(hash, password, salt, iterations, length);
  try {
    return derive(a.length, (out) => nativePbkdf2(a.id, a.password, a.salt, a.iterations, a.length, out));
  } finally {
    wipeCopy(a.password, password);
  }
}

/**
 * PBKDF2 on the libuv thread pool: the event loop keeps running. The
 * password is keyed into HMAC and the salt copied before this returns, so
 * the caller may reuse, change or transfer its buffers at once. The
 * backend is the one selected on the calling thread. Bad arguments give a
 * rejected promise (nothing is queued).
 * @throws {TypeError | RangeError} (as a rejection) as {@link pbkdf2}.
 */
export function pbkdf2Async(
  hash: HashName,
  password: KdfInput,
  salt: KdfInput,
  iterations: number,
  length: number,
): Promise<Uint8Array> {
  let a: Pbkdf2Args | undefined;
  try {
    a = pbkdf2Args(hash, password, salt, iterations, length);
    return nativePbkdf2Async(a.id, a.password, a.salt, a.iterations, a.length); // the password is keyed by now
  } catch (e) {
    return Promise.reject(e);
  } finally {
    if (a) wipeCopy(a.password, password);
  }
}
