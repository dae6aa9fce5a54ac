/**
 * Shared pieces of the section cases: message sets, node:crypto calls as
 * apps write them (a new cipher/hash object per message), WebCrypto.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, webcrypto } from 'node:crypto';
import type { Op } from '../impl.js';
import { absent, type ThroughputApi } from './api.js';
import { concatBytes, type CaseOffer, type CaseRow } from './run.js';

export const AAD = 16;
export const TAG = 16;

/** n AES-128-GCM messages of `size` bytes, each with its own nonce and 16-byte AAD, in both shapes (arrays and packed). */
export interface GcmSet {
  n: number;
  size: number;
  key: Uint8Array;
  nonces: Uint8Array[];
  pts: Uint8Array[];
  aads: Uint8Array[];
  sealed: Uint8Array[];
  packed: {
    nonces: Uint8Array;
    pts: Uint8Array;
    aads: Uint8Array;
    sealed: Uint8Array;
    lengths: Uint32Array;
    aadLengths: Uint32Array;
  };
}

/** Views of `count` consecutive `each`-byte parts of one buffer. */
export function split(buf: Uint8Array, count: number, each: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => buf.subarray(i * each, (i + 1) * each));
}

/** Random bytes, as a plain Uint8Array (not a pooled Buffer). */
export function random(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

export function gcmSet(n: number, size: number): GcmSet {
  const key = random(16);
  const noncesP = random(12 * n);
  const ptsP = random(size * n);
  const aadsP = random(AAD * n);
  const nonces = split(noncesP, n, 12);
  const pts = split(ptsP, n, size);
  const aads = split(aadsP, n, AAD);
  const sealed = nonces.map((nonce, i) => nodeGcmSeal(key, nonce, pts[i] as Uint8Array, aads[i] as Uint8Array));
  return {
    n,
    size,
    key,
    nonces,
    pts,
    aads,
    sealed,
    packed: {
      nonces: noncesP,
      pts: ptsP,
      aads: aadsP,
      sealed: concatBytes(sealed),
      lengths: new Uint32Array(n).fill(size),
      aadLengths: new Uint32Array(n).fill(AAD),
    },
  };
}

/** node:crypto AES-128-GCM seal as apps write it: ciphertext || tag. */
export function nodeGcmSeal(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

export function nodeGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const n = sealed.length - TAG;
  const d = createDecipheriv('aes-128-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(n));
  return Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]);
}

export function nodeCtr(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ctr', key, counter);
  return Buffer.concat([c.update(data), c.final()]);
}

export const nodeSha256 = (m: Uint8Array): Buffer => createHash('sha256').update(m).digest();
export const nodeHmac = (key: Uint8Array, m: Uint8Array): Buffer => createHmac('sha256', key).update(m).digest();

/** A synchronous op over all messages; `toBytes` defaults to concatenating an array result. */
export function syncOp(run: () => unknown, o: { outputReused?: boolean; toBytes?: (r: unknown) => Uint8Array; enter?: () => void; dispose?: () => void } = {}): Op {
  return {
    run,
    async: false,
    concurrency: 1,
    outputReused: o.outputReused === true,
    toBytes: o.toBytes ?? defaultBytes,
    enter: o.enter,
    dispose: o.dispose,
  };
}

/** An op whose run() returns a promise (awaited before the next; cycles are elapsed cycles). */
export function asyncOp(run: () => Promise<unknown>, o: { outputReused?: boolean; toBytes?: (r: unknown) => Uint8Array; enter?: () => void; dispose?: () => void } = {}): Op {
  return { ...syncOp(run, o), async: true };
}

function defaultBytes(r: unknown): Uint8Array {
  if (Array.isArray(r)) return concatBytes(r as (Uint8Array | ArrayBuffer | null)[]);
  if (r instanceof ArrayBuffer) return new Uint8Array(r);
  return r as Uint8Array;
}

/** Copies (verification keeps the first result while reused buffers are overwritten later). */
export const copyOf = (r: unknown): Uint8Array => new Uint8Array(r as Uint8Array);

export type Subtle = webcrypto.SubtleCrypto;

/** WebCrypto, when asked for (`--peers`) and present. */
export function subtleOrSkip(enabled: boolean): Subtle | string {
  if (!enabled) return 'WebCrypto not selected (--peers / --no-peers)';
  const s = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  return s ?? 'globalThis.crypto.subtle is missing';
}

/** A row when `present`, else the absent-API skip. */
export function rowIf(present: boolean, api: ThroughputApi, what: string, row: CaseRow): CaseOffer {
  return present ? row : { id: row.id, label: row.label, reason: absent(api, what) };
}

/** The options the section builders take. */
export interface BuildOptions {
  api: ThroughputApi;
  /** Include WebCrypto rows. */
  webcrypto: boolean;
  /** Messages of the batch cases (the 1,000; the tests use fewer). */
  n: number;
  mode: 'quick' | 'full';
}
