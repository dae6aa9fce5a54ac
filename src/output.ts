/**
 * Output allocation: the `out` argument check, and the slabs that small
 * results are carved from.
 */
import { assertAttached, assertBytes } from './errors.js';
import { lengthOf } from './native.js';

/*
 * Outputs of up to SLAB_MAX bytes are carved from shared 32 KiB slabs, as
 * Buffer.allocUnsafe does from its pool: V8 gives every typed array over 64
 * bytes its own backing store, and here that costs 1-3 us per allocation
 * (measured: new Uint8Array(1024) ~2.5 us, a 1 KiB slab view ~0.12 us),
 * more than sealing or opening a small message. The price is that small
 * results share an ArrayBuffer with other results (and a kept result keeps
 * its slab alive, so the slab stays small); callers that hand a result's
 * .buffer to other code pass their own `out` or slice() it.
 */
const SLAB_SIZE = 32 * 1024;
const SLAB_MAX = 4 * 1024;
let slab = new ArrayBuffer(0);
let slabOffset = 0;

function slabAlloc(n: number): Uint8Array {
  if (slabOffset + n > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabOffset = 0;
  }
  const view = new Uint8Array(slab, slabOffset, n);
  slabOffset += (n + 7) & ~7;
  return view;
}

/**
 * Returns `out` checked to hold `need` bytes, or a new zeroed array
 * (a slab view when it is small).
 * `out` may be the input itself (same start), but not a partial overlap:
 * the bulk kernels read ahead of where they write. The addon decides
 * overlap from the memory addresses (so views of one SharedArrayBuffer that
 * arrived as different buffer objects are caught too) and throws the
 * RangeError; comparing `.buffer` here would miss those and, for a small
 * on-heap array, make V8 move it off-heap.
 */
export function outputBuffer(out: unknown, need: number): Uint8Array {
  if (out === undefined) return need <= SLAB_MAX ? slabAlloc(need) : new Uint8Array(need);
  assertBytes(out, 'out');
  // The array's own length, not a `length` getter of a subclass: a getter would run caller code
  // between the checks and the native call (and could lie about the size).
  const len = lengthOf(out);
  if (len < need) {
    assertAttached(out, 'out');
    throw new RangeError(`out: expected at least ${need} bytes, got ${len}`);
  }
  return out;
}

/**
 * `out` checked as outputBuffer does, returning its length (the array's own): the hot paths
 * (AEAD seal/open of short messages) read it once and pass it to prefixOf.
 */
export function outLength(out: unknown, need: number): number {
  assertBytes(out, 'out');
  const len = lengthOf(out);
  if (len < need) {
    assertAttached(out, 'out');
    throw new RangeError(`out: expected at least ${need} bytes, got ${len}`);
  }
  // A view of a detached (or shrunk-away) buffer reads as empty; only need = 0 gets here with one.
  if (len === 0) assertAttached(out, 'out');
  return len;
}

/** A new array of n bytes for a seal's result: a slab view when it is small (see above). */
export function sealOutput(n: number): Uint8Array {
  return n <= SLAB_MAX ? slabAlloc(n) : new Uint8Array(n);
}

/** dst (whose own length is dstLen) itself when dstLen is n, else its first n bytes. */
export const prefixOf = (dst: Uint8Array, dstLen: number, n: number): Uint8Array => (dstLen === n ? dst : dst.subarray(0, n));

/**
 * The first n bytes of dst: dst itself when it is exactly n bytes long (the
 * length read through the captured getter, never a caller's override).
 */
export const prefix = (dst: Uint8Array, n: number): Uint8Array => (lengthOf(dst) === n ? dst : dst.subarray(0, n));
