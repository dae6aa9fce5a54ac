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
 * once, before anything else: a getter or a Proxy trap on an array runs then and only then,
 * so it cannot change, detach or dispose anything under the checks or the native call that
 * follow. Then, running no caller code, they check every element (TypeError or RangeError
 * naming `nonces[i]`, `plaintexts[i]`, ...), copy the nonces, AADs and messages back to back
 * into private staging memory, and make one native call that seals or opens them all into
 * one new ArrayBuffer. The results are views of it: one allocation per batch instead of one
 * per message (a fresh off-heap array costs more than sealing a small message). The copy is
 * also what makes a batch safe with SharedArrayBuffer inputs.
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
const u8Set = uncurryThis(Uint8Array.prototype.set as (this: Uint8Array, src: Uint8Array, offset?: number) => void);
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
const allocUnsafeSlow = Buffer.allocUnsafeSlow;
const u8Fill = uncurryThis(
  Uint8Array.prototype.fill as (this: Uint8Array, value: number, start?: number, end?: number) => Uint8Array,
);

/** The most messages in one batch (lengths travel as a Uint32Array). */
const MAX_MESSAGES = 2 ** 32 - 1;
/** The longest message in a batch: its length travels as a Uint32Array entry. */
const MAX_LENGTH = 2 ** 32 - 1;
/** AES-CCM with a 12-byte nonce: 3 bytes encode the length. */
const CCM_MAX_LENGTH = 2 ** 24 - 1;

function maxLength(kind: BatchKind): number {
  return kind === BatchKind.Ccm ? CCM_MAX_LENGTH : MAX_LENGTH;
}

function limitText(kind: BatchKind): string {
  return kind === BatchKind.Ccm ? "2^24 - 1 bytes with AES-CCM's 12-byte nonce" : '2^32 - 1 bytes in a batch';
}

/*
 * Staging memory for nonces, AADs, lengths, messages and open verdicts, reused across calls.
 * Nothing between filling it and reading it back runs caller code, so a call made from a
 * caller's getter cannot interleave with another's use of it. Only ArrayBuffers are kept, and
 * views made with `new`: a typed array's `.buffer` / `.byteLength` are prototype getters that
 * a caller can replace, and must never see this memory. Above `keep` bytes a call gets
 * staging of its own, dropped after.
 */
const STAGE_KEEP = 256 * 1024;
interface Stage {
  /** An ArrayBuffer of at least `bytes` bytes. */
  get(bytes: number): ArrayBuffer;
  /** Its capacity (tracked here: ArrayBuffer.prototype.byteLength is a replaceable getter too). */
  cap(ab: ArrayBuffer): number;
}
function stage(keep = STAGE_KEEP): Stage {
  let kept = new ArrayBuffer(0);
  let keptCap = 0;
  let lastCap = 0;
  let last = kept;
  return {
    get(bytes: number): ArrayBuffer {
      if (bytes <= keptCap) return kept;
      const size = Math.max(bytes, 1024);
      const ab = new ArrayBuffer(size);
      if (size <= keep) {
        kept = ab;
        keptCap = size;
      }
      last = ab;
      lastCap = size;
      return ab;
    },
    cap(ab: ArrayBuffer): number {
      return ab === kept ? keptCap : ab === last ? lastCap : 0;
    },
  };
}
const nonceStage = stage();
const aadStage = stage();
const lengthStage = stage();
const aadLengthStage = stage();
const okStage = stage();
/** The messages; kept up to 1 MiB (fresh memory costs a page fault per 4 KiB on first touch). */
const dataStage = stage(1 << 20);

/** A view of a whole staging buffer (its capacity as the stage tracks it). */
function whole(st: Stage, ab: ArrayBuffer): Uint8Array {
  return new Uint8Array(ab, 0, st.cap(ab));
}

/**
 * A view of staging that holds `used` bytes and must hold `need`: itself, or a view of a
 * larger buffer with the bytes copied over and the old ones zeroed (they may be plaintext).
 */
function grow(st: Stage, view: Uint8Array, used: number, need: number): Uint8Array {
  const cap = lengthOf(view);
  if (need <= cap) return view;
  const bigger = whole(st, st.get(Math.max(need, 2 * cap)));
  if (used > 0) {
    u8Set(bigger, view, 0); // view is exactly cap bytes: all of them fit
    u8Fill(view, 0);
  }
  return bigger;
}

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

/** The elements of a message list, read once each. */
interface Elements {
  n: number;
  nonces: unknown[];
  msgs: unknown[];
  aads: unknown[] | undefined;
}

function readElements(nonces: unknown, msgs: unknown, msgName: string, aads: unknown): Elements {
  expectArray(nonces, 'nonces');
  const n = listLength(nonces, 'nonces');
  expectArray(msgs, msgName);
  checkList(msgs, msgName, n, 'of Uint8Array');
  if (aads !== undefined) {
    expectArray(aads, 'aads');
    checkList(aads, 'aads', n, 'of Uint8Array or undefined');
  }
  const ns: unknown[] = new Array(n);
  const ms: unknown[] = new Array(n);
  const as: unknown[] | undefined = aads === undefined ? undefined : new Array(n);
  const nl = nonces as unknown[], ml = msgs as unknown[], al = aads as unknown[] | undefined;
  for (let i = 0; i < n; i++) {
    ns[i] = nl[i];
    ms[i] = ml[i];
    if (as !== undefined) as[i] = al![i];
  }
  return { n, nonces: ns, msgs: ms, aads: as };
}

/** lengthOf(x) for a Uint8Array element, with the TypeErrors naming it; an empty view must be attached. */
function elementLength(x: unknown, name: string, i: number): number {
  if (!isUint8Array(x)) assertBytes(x, `${name}[${i}]`);
  const len = lengthOf(x);
  if (len === 0) assertAttached(x, `${name}[${i}]`);
  return len;
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

/*
 * The array forms, both directions. After the elements are read, one pass checks each
 * message and copies its nonce, AAD and bytes back to back into private staging memory (the
 * packed layout; it stays resident, where fresh memory costs a page fault per 4 KiB on first
 * touch), and the addon seals or opens them from there into one new ArrayBuffer, of which the
 * results are views. The staged plaintexts are zeroed before the call returns, thrown or not.
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
  const msgName = seal ? 'plaintexts' : 'sealeds';
  const e = readElements(nonces, msgs, msgName, aads);
  // From here on no caller code runs.
  const n = e.n;
  const max = maxLength(kind);
  const ea = e.aads;
  const lengths = new Uint32Array(lengthStage.get(4 * n), 0, n);
  const aadLengths = ea === undefined ? undefined : new Uint32Array(aadLengthStage.get(4 * n), 0, n);
  const stagedNonces = new Uint8Array(nonceStage.get(n * nonceLength), 0, n * nonceLength);
  let aadView = ea === undefined ? undefined : whole(aadStage, aadStage.get(0));
  let dataView = whole(dataStage, dataStage.get(0));
  let inTotal = 0;
  let aadTotal = 0;
  try {
    for (let i = 0; i < n; i++) {
      const m = e.msgs[i];
      const len = elementLength(m, msgName, i);
      let pt = len;
      if (!seal) {
        if (len < tagLength) throw new RangeError(`sealeds[${i}]: expected at least the ${tagLength}-byte tag, got ${len} bytes`);
        pt = len - tagLength;
      }
      if (pt > max) {
        throw new RangeError(`${msgName}[${i}]: at most ${limitText(kind)}${seal ? '' : ' of ciphertext'}, got ${pt}`);
      }
      lengths[i] = pt;
      const x = e.nonces[i];
      const nl = elementLength(x, 'nonces', i);
      if (nl !== nonceLength) throw new RangeError(`nonces[${i}]: expected ${nonceLength} bytes, got ${nl}`);
      u8Set(stagedNonces, x as Uint8Array, i * nonceLength);
      if (ea !== undefined) {
        const a = ea[i];
        let al = 0;
        if (a !== undefined) {
          al = elementLength(a, 'aads', i);
          if (al > MAX_LENGTH) throw new RangeError(`aads[${i}]: at most 2^32 - 1 bytes in a batch, got ${al}`);
          if (al > 0) {
            aadView = grow(aadStage, aadView!, aadTotal, aadTotal + al);
            u8Set(aadView, a as Uint8Array, aadTotal);
          }
        }
        aadLengths![i] = al;
        aadTotal += al;
      }
      if (len > 0) {
        dataView = grow(dataStage, dataView, inTotal, inTotal + len);
        u8Set(dataView, m as Uint8Array, inTotal);
      }
      inTotal += len;
    }
    const data = new Uint8Array(bufferOf(dataView), 0, inTotal);
    const stagedAads = aadView === undefined ? undefined : new Uint8Array(bufferOf(aadView), 0, aadTotal);
    // Every byte of out is written before it is returned (each ciphertext || tag; each
    // plaintext, or zeros where it failed), so it is allocated uninitialized: zeroing fresh
    // memory costs more than the batch's crypto.
    const outTotal = seal ? inTotal + n * tagLength : inTotal - n * tagLength;
    const ab = bufferOf(allocUnsafeSlow(outTotal));
    const out = new Uint8Array(ab, 0, outTotal);
    const result: (Uint8Array | null)[] = [];
    if (seal) {
      run(key, kind, BatchOp.Seal, tagLength, what, stagedNonces, data, lengths, out, stagedAads, aadLengths, undefined);
      for (let i = 0, off = 0; i < n; i++) {
        const region = lengths[i] + tagLength;
        result.push(new Uint8Array(ab, off, region));
        off += region;
      }
      return result;
    }
    const ok = new Uint8Array(okStage.get(n), 0, n);
    run(key, kind, BatchOp.Open, tagLength, what, stagedNonces, data, lengths, out, stagedAads, aadLengths, ok);
    for (let i = 0, off = 0; i < n; i++) {
      const len = lengths[i];
      result.push(ok[i] === 1 ? new Uint8Array(ab, off, len) : null);
      off += len;
    }
    return result;
  } finally {
    if (seal && inTotal > 0) u8Fill(dataView, 0, 0, inTotal); // the plaintexts' copies
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
