/**
 * Batch AEAD: many messages under one key in one native call (native/addon/batch.cc).
 *
 * Every AEAD key class (AesGcm, AesCcm, AesGcmSiv and the AEGIS classes) delegates its
 * sealMany / openMany / sealPacked / openPacked to the functions here, passing its handle,
 * its AEAD kind, its tag length and its batch nonce length:
 *
 * - AesGcm, AesCcm, AesGcmSiv: 12-byte nonces. (A one-shot AesGcm call also takes other
 *   nonce lengths and AesCcm 7..13 bytes; a batch takes 12 only. With AES-CCM's 12-byte
 *   nonce a message is at most 2^24 - 1 bytes.)
 * - AEGIS: the key's nonceLength (16 for the AEGIS-128 family, 32 for the AEGIS-256 family).
 *
 * The array forms (sealMany, openMany) read each element of the caller's arrays exactly
 * once, before anything else, into argument lists of their own: a getter or a Proxy trap on
 * an array runs then and only then, so it cannot change, detach or dispose anything under the
 * checks or the native call that follow. Each chunk of at most CHUNK messages is then one
 * native call (through a captured Reflect.apply) with the elements as its arguments: the
 * addon takes every element's pointer and length, checks them all (src/ words the TypeError
 * or RangeError naming `nonces[i]`, `plaintexts[i]`, ...), and seals or opens straight from
 * the caller's memory into one new uninitialized Buffer, without a copy in JS. The results
 * are views of it: one allocation per chunk instead of one per message (a fresh off-heap array
 * costs more than sealing a small message). An element on shared memory is run on private
 * copies by the addon, as one-shot seal/open do.
 *
 * The packed forms take the caller's memory as it is (no copies, no per-message objects):
 * the addon checks every length before it processes any message, from private copies of the
 * length arrays.
 */
import { types } from 'node:util';
import { assertAttached, assertBytes, rethrowKeyError } from './errors.js';
import { lengthOf, native, uncurryThis } from './native.js';

/** The AEADs a batch can run, as native/addon/batch.cc numbers them. */
export const enum BatchKind {
  Gcm = 0,
  Ccm = 1,
  GcmSiv = 2,
  Aegis = 3,
}

/** batch.cc's operations. */
const enum BatchOp {
  Seal = 0,
  Open = 1,
}

const { isUint8Array, isUint32Array } = types;
const isArray = Array.isArray;
// Captured at load: no call below goes through a patched prototype method or getter.
const u32Length = uncurryThis(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint32Array.prototype) as object, 'length')!.get as (
    this: Uint32Array,
  ) => number,
);
const aeadBatch = native.aeadBatch;
const bufferOf = uncurryThis(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'buffer')!.get as (
    this: Uint8Array,
  ) => ArrayBuffer,
);

/** The most messages in one batch (lengths travel as a Uint32Array). */
const MAX_MESSAGES = 2 ** 32 - 1;

function limitText(kind: BatchKind): string {
  return kind === BatchKind.Ccm ? "2^24 - 1 bytes with AES-CCM's 12-byte nonce" : '2^32 - 1 bytes in a batch';
}

/*
 * Staging for the addon's per-message result lengths and open verdicts, reused across calls.
 * Nothing between filling it and reading it back runs caller code, so a call made from a
 * caller's getter cannot interleave with another's use of it. Only ArrayBuffers are kept, and
 * views made with captured constructors: a typed array's `.buffer` / `.byteLength` are
 * prototype getters that a caller can replace, and must never see this memory. Above `keep`
 * bytes a call gets staging of its own, dropped after.
 */
const STAGE_KEEP = 256 * 1024;
function stage(keep = STAGE_KEEP): (bytes: number) => ArrayBuffer {
  let kept = new ArrayBuffer(0);
  let keptCap = 0;
  return (bytes: number): ArrayBuffer => {
    if (bytes <= keptCap) return kept;
    const size = Math.max(bytes, 1024);
    const ab = new ArrayBuffer(size);
    if (size <= keep) {
      kept = ab;
      keptCap = size;
    }
    return ab;
  };
}
const infoStage = stage();
const okStage = stage();
const U8 = Uint8Array;
const U32 = Uint32Array;
const apply = Reflect.apply;
const aeadMany = native.aeadMany;

/** The number of elements of a caller's Array, read once. */
function listLength(v: unknown, name: string): number {
  const n = (v as unknown[]).length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_MESSAGES) {
    throw new RangeError(`${name}: length must be an integer from 0 to 2^32 - 1`);
  }
  return n;
}

function checkList(v: unknown, name: string, n: number, what: string): void {
  if (!isArray(v)) throw new TypeError(`${name}: expected an Array (${what}), got ${v === null ? 'null' : typeof v}`);
  const m = (v as unknown[]).length;
  if (m !== n) throw new RangeError(`${name}: expected ${n} elements (one per nonce), got ${String(m)}`);
}

function expectArray(v: unknown, name: string): void {
  if (!isArray(v)) throw new TypeError(`${name}: expected an Array of Uint8Array, got ${v === null ? 'null' : typeof v}`);
}

/** Messages per native call: their elements travel as arguments, on V8's stack. */
const CHUNK = 2048;
/** aeadMany's leading arguments: key, kind, op, tagLength, info, ok, stride, emptiesChecked. */
const HEAD = 8;
/** batch.cc's reasons for refusing an element. */
const enum Bad {
  Type = 1,
  Detached = 2,
  Nonce = 3,
  Short = 4,
  Long = 5,
  AadLong = 6,
  Empty = 7,
}

/**
 * The caller's arrays read once each, element by element in index order (nonces[i],
 * msgs[i], aads[i]; a getter or Proxy trap runs then and only then), into argument lists of
 * our own of at most CHUNK messages, HEAD slots first.
 */
function snapshot(nonces: unknown, msgs: unknown, msgName: string, aads: unknown, stride: number): { n: number; chunks: unknown[][] } {
  expectArray(nonces, 'nonces');
  const n = listLength(nonces, 'nonces');
  expectArray(msgs, msgName);
  checkList(msgs, msgName, n, 'of Uint8Array');
  if (aads !== undefined) {
    expectArray(aads, 'aads');
    checkList(aads, 'aads', n, 'of Uint8Array or undefined');
  }
  const nl = nonces as unknown[], ml = msgs as unknown[], al = aads as unknown[];
  const chunks: unknown[][] = [];
  let at = 0;
  do {
    const m = n - at < CHUNK ? n - at : CHUNK;
    const args: unknown[] = new Array(HEAD + stride * m);
    for (let j = 0, k = HEAD; j < m; j++, k += stride) {
      args[k] = nl[at + j];
      args[k + 1] = ml[at + j];
      if (stride === 3) args[k + 2] = al[at + j];
    }
    chunks.push(args);
    at += m;
  } while (at < n);
  return { n, chunks };
}

/** The error for the element batch.cc refused (info[m..m+3]: reason, index, which, a length). */
function refuse(info: Uint32Array, m: number, args: unknown[], stride: number, at: number, seal: boolean, kind: BatchKind, tagLength: number, nonceLength: number): never {
  const why = info[m], i = info[m + 1], which = info[m + 2], v = info[m + 3];
  const msgName = seal ? 'plaintexts' : 'sealeds';
  const name = `${which === 0 ? 'nonces' : which === 1 ? msgName : 'aads'}[${at + i}]`;
  const el = args[HEAD + i * stride + which];
  switch (why) {
    case Bad.Type:
      assertBytes(el, name);
      break;
    case Bad.Detached:
      throw new TypeError(`${name}: the ArrayBuffer is detached`);
    case Bad.Nonce:
      throw new RangeError(`${name}: expected ${nonceLength} bytes, got ${v}`);
    case Bad.Short:
      throw new RangeError(`${name}: expected at least the ${tagLength}-byte tag, got ${v} bytes`);
    case Bad.Long:
      throw new RangeError(`${name}: at most ${limitText(kind)}${seal ? '' : ' of ciphertext'}, got ${v}`);
    case Bad.AadLong:
      throw new RangeError(`${name}: at most 2^32 - 1 bytes in a batch, got ${v}`);
  }
  throw new TypeError(`${name}: refused`);
}

/** Every empty Uint8Array element of a chunk must be attached and in bounds (assertAttached names it). */
function checkEmpties(args: unknown[], stride: number, at: number, seal: boolean): void {
  const msgName = seal ? 'plaintexts' : 'sealeds';
  for (let k = HEAD; k < args.length; k++) {
    const el = args[k];
    if (isUint8Array(el) && lengthOf(el) === 0) {
      const which = (k - HEAD) % stride;
      const i = at + ((k - HEAD - which) / stride);
      assertAttached(el, `${which === 0 ? 'nonces' : which === 1 ? msgName : 'aads'}[${i}]`);
    }
  }
}

/*
 * The array forms, both directions. After the elements are read (snapshot), each chunk is one
 * native call that takes every element's pointer and length, checks them all, and seals or
 * opens straight from the caller's memory into one new uninitialized Buffer (an element on
 * shared memory is copied first, by the addon). The results are views of it, made with a
 * captured constructor from the result lengths the addon left in staging.
 */
function many(
  seal: boolean,
  key: object,
  kind: BatchKind,
  tagLength: number,
  nonceLength: number,
  what: string,
  nonces: unknown,
  msgs: unknown,
  aads: unknown,
): (Uint8Array | null)[] {
  const stride = aads === undefined ? 2 : 3;
  const { n, chunks } = snapshot(nonces, msgs, seal ? 'plaintexts' : 'sealeds', aads, stride);
  // From here on no caller code runs.
  const result: (Uint8Array | null)[] = new Array(n);
  for (let c = 0, at = 0; c < chunks.length; c++) {
    const args = chunks[c];
    const m = (args.length - HEAD) / stride;
    const info = new U32(infoStage(4 * (m + 4)), 0, m + 4);
    const ok = seal ? null : new U8(okStage(m), 0, m);
    args[0] = key;
    args[1] = kind;
    args[2] = seal ? BatchOp.Seal : BatchOp.Open;
    args[3] = tagLength;
    args[4] = info;
    args[5] = ok;
    args[6] = stride;
    args[7] = false;
    let buf: Uint8Array | undefined;
    try {
      buf = apply(aeadMany, undefined, args) as Uint8Array | undefined;
      if (buf === undefined && info[m] === Bad.Empty) {
        checkEmpties(args, stride, at, seal);
        args[7] = true;
        buf = apply(aeadMany, undefined, args) as Uint8Array | undefined;
      }
    } catch (e) {
      rethrowKeyError(e, what);
    }
    if (buf === undefined) refuse(info, m, args, stride, at, seal, kind, tagLength, nonceLength);
    const ab = bufferOf(buf);
    for (let j = 0, off = 0; j < m; j++) {
      const len = info[j];
      result[at + j] = seal || ok![j] === 1 ? new U8(ab, off, len) : null;
      off += len;
    }
    at += m;
  }
  return result;
}

/** One call into the addon; its disposed-key error becomes DisposedError. */
function run(
  key: object,
  kind: BatchKind,
  op: BatchOp,
  tagLength: number,
  what: string,
  nonces: Uint8Array,
  data: Uint8Array | null,
  lengths: Uint32Array,
  out: Uint8Array,
  aads: Uint8Array | undefined,
  aadLengths: Uint32Array | undefined,
  ok: Uint8Array | undefined,
): void {
  try {
    aeadBatch(key, kind, op, tagLength, nonces, data, lengths, out, aads, aadLengths, ok);
  } catch (e) {
    rethrowKeyError(e, what);
  }
}

/**
 * Seals each plaintexts[i] under nonces[i] (and aads[i] when given) and returns the sealed
 * messages (ciphertext || tag each), in one native call. See the classes' sealMany.
 */
export function sealMany(
  key: object,
  kind: BatchKind,
  tagLength: number,
  nonceLength: number,
  what: string,
  nonces: unknown,
  plaintexts: unknown,
  aads: unknown,
): Uint8Array[] {
  return many(true, key, kind, tagLength, nonceLength, what, nonces, plaintexts, aads) as Uint8Array[];
}

/**
 * Opens each sealeds[i] (ciphertext || tag) under nonces[i] (and aads[i] when given), in one
 * native call: the plaintext, or null where that message failed authentication.
 */
export function openMany(
  key: object,
  kind: BatchKind,
  tagLength: number,
  nonceLength: number,
  what: string,
  nonces: unknown,
  sealeds: unknown,
  aads: unknown,
): (Uint8Array | null)[] {
  return many(false, key, kind, tagLength, nonceLength, what, nonces, sealeds, aads);
}

function packedArgs(nonces: unknown, data: unknown, dataName: string, lengths: unknown, out: unknown, aads: unknown, aadLengths: unknown): void {
  assertBytes(nonces, 'nonces');
  assertBytes(data, dataName);
  if (!isUint32Array(lengths)) throw new TypeError(`lengths: expected a Uint32Array, got ${lengths === null ? 'null' : typeof lengths}`);
  assertBytes(out, 'out');
  if (aads !== undefined) assertBytes(aads, 'aads');
  if (aadLengths !== undefined && !isUint32Array(aadLengths)) {
    throw new TypeError(`aadLengths: expected a Uint32Array, got ${aadLengths === null ? 'null' : typeof aadLengths}`);
  }
  if ((aads === undefined) !== (aadLengths === undefined)) {
    throw new TypeError(aads === undefined ? 'aads: expected a Uint8Array (aadLengths was given)' : 'aadLengths: expected a Uint32Array (aads was given)');
  }
}

/**
 * The packed, allocation-free seal: see the classes' sealPacked. Returns out.
 */
export function sealPacked(
  key: object,
  kind: BatchKind,
  tagLength: number,
  what: string,
  nonces: unknown,
  data: unknown,
  lengths: unknown,
  out: unknown,
  aads: unknown,
  aadLengths: unknown,
): Uint8Array {
  packedArgs(nonces, data, 'data', lengths, out, aads, aadLengths);
  run(key, kind, BatchOp.Seal, tagLength, what, nonces as Uint8Array, data as Uint8Array, lengths as Uint32Array, out as Uint8Array, aads as Uint8Array | undefined, aadLengths as Uint32Array | undefined, undefined);
  return out as Uint8Array;
}

/**
 * The packed, allocation-free open: see the classes' openPacked. Returns a Uint8Array(n) of
 * 1 (authentic) / 0 (failed; that message's plaintext bytes in out are zeroed).
 */
export function openPacked(
  key: object,
  kind: BatchKind,
  tagLength: number,
  what: string,
  nonces: unknown,
  sealed: unknown,
  lengths: unknown,
  out: unknown,
  aads: unknown,
  aadLengths: unknown,
): Uint8Array {
  packedArgs(nonces, sealed, 'sealed', lengths, out, aads, aadLengths);
  const ok = new Uint8Array(u32Length(lengths as Uint32Array));
  run(key, kind, BatchOp.Open, tagLength, what, nonces as Uint8Array, sealed as Uint8Array, lengths as Uint32Array, out as Uint8Array, aads as Uint8Array | undefined, aadLengths as Uint32Array | undefined, ok);
  return ok;
}
