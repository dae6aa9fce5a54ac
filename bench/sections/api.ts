/**
 * The part of hwcrypt's API the "many small messages" and "async" sections
 * call, as structural types, and how the benchmark finds out which of it
 * this build has. The throughput APIs (batch AEAD, multi-buffer hashing,
 * HmacKey, async twins) are looked up by name at run time: a row whose
 * method is missing is reported as absent, with the name of what is
 * missing, and never replaced by something else. The tests hand the
 * sections a stand-in object of this shape (test/bench/sections.test.ts).
 */
import * as hw from '../../src/index.js';

export interface GcmLike {
  readonly backend: string;
  seal(nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array;
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array;
  sealMany?(nonces: readonly Uint8Array[], pts: readonly Uint8Array[], aads?: readonly Uint8Array[]): Uint8Array[];
  openMany?(nonces: readonly Uint8Array[], sealeds: readonly Uint8Array[], aads?: readonly Uint8Array[]): (Uint8Array | null)[];
  sealPacked?(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array;
  openPacked?(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array;
  sealAsync?(nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array>;
  openAsync?(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array>;
  dispose(): void;
}

export interface CtrLike {
  readonly backend: string;
  xor(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
  xorAsync?(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array>;
  dispose(): void;
}

/** A one-shot hash with the issue-12 extensions (each optional). */
export interface HashLike {
  (data: Uint8Array): Uint8Array;
  many?(messages: readonly Uint8Array[], opts?: { backend?: string }): Uint8Array[];
  manyPacked?(data: Uint8Array, lengths: Uint32Array, out?: Uint8Array, opts?: { backend?: string }): Uint8Array;
  merkle?(pairs: Uint8Array, out?: Uint8Array): Uint8Array;
  async?(data: Uint8Array): Promise<Uint8Array>;
}

export interface HmacKeyLike {
  readonly backend?: string;
  mac(data: Uint8Array, out?: Uint8Array): Uint8Array;
  macMany?(messages: readonly Uint8Array[]): Uint8Array[];
  macAsync?(data: Uint8Array): Promise<Uint8Array>;
  dispose(): void;
}

/** What the sections use of hwcrypt. */
export interface ThroughputApi {
  /** hwcrypt's package version (for "absent" messages). */
  version: string;
  AesGcm: new (key: Uint8Array, opts?: { backend?: string }) => GcmLike;
  AesCtr: new (key: Uint8Array, opts?: { backend?: string }) => CtrLike;
  sha256: HashLike;
  hmac(hash: 'sha256', key: Uint8Array, data: Uint8Array): Uint8Array;
  /** Absent before issue 12's HmacKey. */
  HmacKey?: new (hash: 'sha256', key: Uint8Array) => HmacKeyLike;
  /** The SHA-256 backends sha256.many accepts (`backends().many`), best first; [] when there is no such list. */
  manyBackends(): string[];
  /** What sha256.many uses when no backend is named (`backends().many.sha256.default`), or null when not listed. */
  manyDefault(): string | null;
  /** The single-stream SHA-256 backends, best first. */
  sha256Backends(): string[];
  getBackend(family: 'sha256'): string;
  setBackend(family: 'sha256', backend: string): void;
}

const strings = (l: unknown): string[] => (Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string') : []);

/** `backends().many`'s entry for SHA-256: `many.sha256` ({ available, default } or a list), or `many` itself when it is a list. */
function manyEntry(backends: unknown): unknown {
  const m = (backends as { many?: unknown } | null)?.many;
  if (Array.isArray(m)) return m;
  return m && typeof m === 'object' ? (m as Record<string, unknown>).sha256 : undefined;
}

/**
 * The batch-hashing backends for SHA-256 in the shapes `backends().many`
 * may have: `{ sha256: { available, default } }` (hwcrypt's), a list per
 * family, or one list.
 */
export function manyListOf(backends: unknown): string[] {
  const e = manyEntry(backends);
  if (Array.isArray(e)) return strings(e);
  return e && typeof e === 'object' ? strings((e as { available?: unknown }).available) : [];
}

/** `backends().many.sha256.default`, or null. */
export function manyDefaultOf(backends: unknown): string | null {
  const e = manyEntry(backends);
  const d = e && typeof e === 'object' && !Array.isArray(e) ? (e as { default?: unknown }).default : undefined;
  return typeof d === 'string' ? d : null;
}

/** The installed hwcrypt (src/index.ts) seen through ThroughputApi. */
export function realApi(version: string): ThroughputApi {
  const mod = hw as unknown as Record<string, unknown>;
  return {
    version,
    AesGcm: hw.AesGcm as unknown as ThroughputApi['AesGcm'],
    AesCtr: hw.AesCtr as unknown as ThroughputApi['AesCtr'],
    sha256: hw.sha256 as unknown as HashLike,
    hmac: (h, key, data) => hw.hmac(h, key, data),
    HmacKey: typeof mod.HmacKey === 'function' ? (mod.HmacKey as ThroughputApi['HmacKey']) : undefined,
    manyBackends: () => manyListOf(hw.backends()),
    manyDefault: () => manyDefaultOf(hw.backends()),
    sha256Backends: () => [...hw.backends().sha256],
    getBackend: (f) => hw.getBackend(f),
    setBackend: (f, b) => hw.setBackend(f, b as hw.BackendName),
  };
}

/** Whether instances of C have method `name` (looked up on the prototype chain, as a call would). */
export function hasMethod(C: { prototype: unknown } | undefined, name: string): boolean {
  return C !== undefined && typeof (C.prototype as Record<string, unknown>)[name] === 'function';
}

/** Whether the hash function has the extension `name` (many, merkle, async). */
export function hasExtension(h: HashLike, name: 'many' | 'manyPacked' | 'merkle' | 'async'): boolean {
  return typeof (h as unknown as Record<string, unknown>)[name] === 'function';
}

/** The reason shown for a row whose API this build lacks. */
export function absent(api: ThroughputApi, what: string): string {
  return `absent: hwcrypt ${api.version} has no ${what} (issue 12 API not in this build); not measured`;
}
