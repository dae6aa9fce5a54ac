/**
 * The short-message path of every AEAD's sync seal and open (AesGcm, AesGcmSiv, AesCcm, the
 * AEGIS classes): the inputs are copied into the arena (src/native.ts), the native call
 * passes one number (the four lengths packed), and the result is copied out into the
 * caller's `out`, a slab view (seal) or an array of its own on V8's heap (open).
 *
 * Why: each typed-array argument costs the addon an N-API lookup (and a fresh array of up to
 * 64 bytes a move off V8's heap), four of them more than sealing or opening 64 bytes; copying
 * a short input costs a few nanoseconds.
 *
 * Overlap: the inputs are read before anything is written, so no overlap of `out` with them
 * can give a wrong result here. The API's rule (out may be the plaintext's or sealed's own
 * memory, same start, never a partial overlap of it) is still kept, so that it does not
 * depend on the message length: a partial overlap with that input is refused as the addon
 * refuses it on the direct path, decided here on the views' ArrayBuffer and offsets. Two
 * views of one SharedArrayBuffer that arrived as different buffer objects are not told apart
 * here (the addon tells them apart from the addresses on the direct path); their overlap gets
 * the right result. An out overlapping the nonce or the AAD is harmless here and allowed.
 *
 * The callers check types and read every length once, through the captured getter (the
 * array's own), before calling in; no caller code runs between those checks and the native
 * call. The native side re-checks the lengths against the arena and wipes the inputs.
 */
import { assertAttached, assertBytes } from './errors.js';
import {
  ARENA_INPUT,
  ARENA_SEAL_INPUT,
  ARENA_SIZE,
  arenaLengths,
  arenaSet,
  copyFromArena,
  keyOp,
  type KeyOp,
  lengthOf,
  takeFromArena,
  uncurryThis,
  wipeBytes,
} from './native.js';
import { outLength, prefixOf, sealOutput } from './output.js';

/**
 * value's own length (through the captured getter) after checking it is a Uint8Array; a TypeError
 * naming it for a view of a detached buffer or one out of bounds of a shrunk resizable buffer
 * (both read as empty; only an empty view pays for the check).
 */
export function checkedLength(value: unknown, name: string): number {
  assertBytes(value, name);
  const n = lengthOf(value);
  if (n === 0) assertAttached(value, name);
  return n;
}

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const getter = (name: string) => Object.getOwnPropertyDescriptor(TypedArrayProto, name)!.get as (this: Uint8Array) => unknown;
const bufferOf = uncurryThis(getter('buffer') as (this: Uint8Array) => ArrayBufferLike);
const byteOffsetOf = uncurryThis(getter('byteOffset') as (this: Uint8Array) => number);

/**
 * RangeError (the addon's message) when out[0, outN) partially overlaps input[0, inputLen):
 * they share memory but do not start at the same byte. out is not the input itself (same
 * object: same start, nothing to check); both lengths are the arrays' own, at most
 * ARENA_SIZE. Only calls with an out pay for it (two getter calls).
 */
function refusePartialOverlap(out: Uint8Array, outN: number, input: Uint8Array, inputLen: number, what: string): void {
  if (outN === 0 || inputLen === 0 || bufferOf(out) !== bufferOf(input)) return;
  const o = byteOffsetOf(out);
  const i = byteOffsetOf(input);
  if (o !== i && o < i + inputLen && i < o + outN) {
    throw new RangeError(
      what === 'seal'
        ? 'out: must not partially overlap the plaintext (exactly the same start is allowed), nor overlap the nonce or the AAD'
        : 'out: must not partially overlap the ciphertext (exactly the same start is allowed), nor overlap the nonce, the AAD or the tag',
    );
  }
}

/** Whether a seal of len bytes with these nonce and AAD lengths takes the arena path. */
export const sealFitsArena = (nonceLen: number, aadLen: number, len: number): boolean =>
  len <= ARENA_INPUT && ARENA_SEAL_INPUT + nonceLen + aadLen + len <= ARENA_SIZE;

/** Whether an open of sealedLen bytes (n of them plaintext) takes the arena path. */
export const openFitsArena = (nonceLen: number, aadLen: number, sealedLen: number, n: number): boolean =>
  n <= ARENA_INPUT && ARENA_INPUT + nonceLen + aadLen + sealedLen <= ARENA_SIZE;

/**
 * Seals through the arena (sealFitsArena holds) with the SealArena-shaped op `op`: returns
 * ciphertext || tag, in out (its first len + tagLength bytes) when given, else in a slab view.
 * out is checked before anything goes in.
 */
export function arenaSeal(
  key: object,
  op: KeyOp,
  nonce: Uint8Array,
  nonceLen: number,
  aad: Uint8Array | undefined,
  aadLen: number,
  plaintext: Uint8Array,
  len: number,
  tagLength: number,
  out: Uint8Array | undefined,
): Uint8Array {
  const need = len + tagLength;
  let outLen = need;
  if (out !== undefined) {
    outLen = outLength(out, need);
    if (out !== plaintext) refusePartialOverlap(out, need, plaintext, len, 'seal');
  }
  arenaSet(nonce, ARENA_SEAL_INPUT);
  if (aadLen !== 0) arenaSet(aad as Uint8Array, ARENA_SEAL_INPUT + nonceLen);
  arenaSet(plaintext, ARENA_SEAL_INPUT + nonceLen + aadLen);
  keyOp(key, op, arenaLengths(nonceLen, aadLen, len, tagLength));
  const dst = out === undefined ? sealOutput(need) : out;
  copyFromArena(dst, need);
  return prefixOf(dst, outLen, need);
}

/**
 * Opens through the arena (openFitsArena holds) with the OpenArena-shaped op `op`: returns the
 * plaintext, in out (its first sealedLen - tagLength bytes) when given, else in an array of its
 * own; null when the tag did not verify. out is checked before anything goes in, written only
 * once the tag has verified, and zeroed on failure (the core has zeroed the arena already).
 */
export function arenaOpen(
  key: object,
  op: KeyOp,
  nonce: Uint8Array,
  nonceLen: number,
  aad: Uint8Array | undefined,
  aadLen: number,
  sealed: Uint8Array,
  sealedLen: number,
  tagLength: number,
  out: Uint8Array | undefined,
): Uint8Array | null {
  const n = sealedLen - tagLength;
  let outLen = n;
  if (out !== undefined) {
    outLen = outLength(out, n);
    if (out !== sealed) refusePartialOverlap(out, n, sealed, sealedLen, 'open');
  }
  arenaSet(nonce, ARENA_INPUT);
  if (aadLen !== 0) arenaSet(aad as Uint8Array, ARENA_INPUT + nonceLen);
  arenaSet(sealed, ARENA_INPUT + nonceLen + aadLen);
  if (!keyOp(key, op, arenaLengths(nonceLen, aadLen, sealedLen, tagLength))) {
    if (out !== undefined) wipeBytes(out, n);
    return null;
  }
  if (out === undefined) return takeFromArena(n);
  copyFromArena(out, n);
  return prefixOf(out, outLen, n);
}
