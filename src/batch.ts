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
 * naming `nonces[i]`, `plaintexts[i]`, ...), copy the messages into one new ArrayBuffer and
 * the nonces and AADs into private staging memory, and make one native call that seals or
 * opens them all in place. The results are views of that one ArrayBuffer: one allocation per
 * batch instead of one per message (a fresh off-heap array costs more than sealing a small
 * message). The copy is also what makes a batch safe with SharedArrayBuffer inputs.
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
const u8Fill = uncurryThis(Uint8Array.prototype.fill as (this: Uint8Array, value: number) => Uint8Array);

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
 * Staging memory for nonces, AADs, lengths and open verdicts, reused across calls (none of
 * it is secret: nonces, AADs and lengths travel in the clear, and the verdicts are read back
 * at once). Nothing between filling it and reading it back runs caller code, so a call made
 * from a caller's getter cannot interleave with another's use of it. Above STAGE_KEEP bytes
 * a call gets staging of its own, dropped after.
 */
const STAGE_KEEP = 256 * 1024;
function stage<T extends Uint8Array | Uint32Array>(make: (n: number) => T, bytesPer: number, keep = STAGE_KEEP) {
  let kept = make(0);
  let cap = 0;
  return (n: number): T => {
    if (n <= cap) return kept;
    const size = Math.max(n, 256);
    const b = make(size);
    if (size * bytesPer <= keep) {
      kept = b;
      cap = size;
    }
    return b;
  };
}
const stagingNonces = stage((n) => new Uint8Array(n), 1);
const stagingAads = stage((n) => new Uint8Array(n), 1);
const stagingLengths = stage((n) => new Uint32Array(n), 4);
const stagingAadLengths = stage((n) => new Uint32Array(n), 4);
/** The messages' staging; kept up to 1 MiB (fresh memory costs page faults). */
const stagingData = stage((n) => new Uint8Array(n), 1, 1 << 20);
const stagingOkBuf = stage((n) => new Uint8Array(n), 1);
/** The verdicts' staging, zeroed (the addon writes each entry; zero until it does). */
function stagingOk(n: number): Uint8Array {
  const ok = stagingOkBuf(n);
  for (let i = 0; i < n; i++) ok[i] = 0;
  return ok;
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

/**
 * Checks the AADs (elements already read) and stages them back to back with their lengths;
 * undefined for none.
 */
function stageAads(e: Elements): { aads: Uint8Array; aadLengths: Uint32Array } | undefined {
  if (e.aads === undefined) return undefined;
  const n = e.n;
  const aadLengths = new Uint32Array(stagingAadLengths(n).buffer, 0, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = e.aads[i];
    let len = 0;
    if (a !== undefined) {
      len = elementLength(a, 'aads', i);
      if (len > MAX_LENGTH) throw new RangeError(`aads[${i}]: at most 2^32 - 1 bytes in a batch, got ${len}`);
    }
    aadLengths[i] = len;
    total += len;
  }
  const aads = new Uint8Array(stagingAads(total).buffer, 0, total);
  for (let i = 0, off = 0; i < n; i++) {
    const a = e.aads[i];
    if (a !== undefined) {
      u8Set(aads, a as Uint8Array, off);
      off += aadLengths[i];
    }
  }
  return { aads, aadLengths };
}

/*
 * The array forms, both directions. The messages are copied back to back into private
 * staging memory (as the packed forms take them; it stays resident, where fresh memory
 * costs a page fault per 4 KiB on first touch), and the addon seals or opens them from
 * there into one new ArrayBuffer. The results are views of that buffer. The staging copy of
 * plaintexts is zeroed before the call returns, thrown or not.
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
  const lengths = new Uint32Array(stagingLengths(n).buffer, 0, n);
  const stagedNonces = new Uint8Array(stagingNonces(n * nonceLength).buffer, 0, n * nonceLength);
  let inTotal = 0;
  for (let i = 0; i < n; i++) {
    const len = elementLength(e.msgs[i], msgName, i);
    let pt = len;
    if (!seal) {
      if (len < tagLength) throw new RangeError(`sealeds[${i}]: expected at least the ${tagLength}-byte tag, got ${len} bytes`);
      pt = len - tagLength;
    }
    if (pt > max) {
      throw new RangeError(`${msgName}[${i}]: at most ${limitText(kind)}${seal ? '' : ' of ciphertext'}, got ${pt}`);
    }
    lengths[i] = pt;
    inTotal += len;
    const x = e.nonces[i];
    const nl = elementLength(x, 'nonces', i);
    if (nl !== nonceLength) throw new RangeError(`nonces[${i}]: expected ${nonceLength} bytes, got ${nl}`);
    u8Set(stagedNonces, x as Uint8Array, i * nonceLength);
  }
  const staged = stageAads(e);
  const data = new Uint8Array(stagingData(inTotal).buffer, 0, inTotal);
  for (let i = 0, off = 0; i < n; i++) {
    const m = e.msgs[i] as Uint8Array;
    u8Set(data, m, off);
    off += seal ? lengths[i] : lengths[i] + tagLength;
  }
  const result: (Uint8Array | null)[] = [];
  // Every byte of out is written before it is returned (each ciphertext || tag; each
  // plaintext, or zeros where it failed), so it is allocated uninitialized: zeroing fresh
  // memory costs more than the batch's crypto.
  const outTotal = seal ? inTotal + n * tagLength : inTotal - n * tagLength;
  const outBuf = allocUnsafeSlow(outTotal);
  const ab = bufferOf(outBuf);
  const out = new Uint8Array(ab, 0, outTotal);
  if (seal) {
    try {
      run(key, kind, BatchOp.Seal, tagLength, what, stagedNonces, data, lengths, out, staged?.aads, staged?.aadLengths, undefined);
    } finally {
      u8Fill(data, 0); // the plaintexts' copies
    }
    for (let i = 0, off = 0; i < n; i++) {
      const region = lengths[i] + tagLength;
      result.push(new Uint8Array(ab, off, region));
      off += region;
    }
    return result;
  }
  const ok = stagingOk(n);
  run(key, kind, BatchOp.Open, tagLength, what, stagedNonces, data, lengths, out, staged?.aads, staged?.aadLengths, ok);
  for (let i = 0, off = 0; i < n; i++) {
    const len = lengths[i];
    result.push(ok[i] === 1 ? new Uint8Array(ab, off, len) : null);
    off += len;
  }
  return result;
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
