/**
 * The one place that loads the native addon (node-gyp-build: a prebuild
 * matching this platform, else build/Release). Everything else imports
 * the typed binding from here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import nodeGypBuild from 'node-gyp-build';

export interface NativeAesKey {
  gcmSeal(nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array | undefined, out: Uint8Array, tagLen: number): void;
  /** sealed = ct || tag; out null: the plaintext goes to arena[0, ct.length). */
  gcmOpen(nonce: Uint8Array, sealed: Uint8Array, tagLen: number, aad: Uint8Array | undefined, out: Uint8Array | null): boolean;
  ctr(counter: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  /** Inputs already in the arena from ARENA_INPUT on; plaintext (<= 64 B) to arena[0..). */
  gcmOpenArena(nonceLen: number, aadLen: number, sealedLen: number, tagLen: number): boolean;
  dispose(): void;
  readonly backend: string | null;
  readonly keyBytes: number;
}

export interface NativeHashCtx {
  update(data: Uint8Array): void;
  digest(out: Uint8Array): void;
  copy(): NativeHashCtx;
  readonly backend: string | null;
}

export interface NativeHmacCtx {
  update(data: Uint8Array): void;
  digest(out: Uint8Array): void;
}

export interface NativeCpuInfo {
  arch: string;
  model: string;
  features: Record<string, boolean>;
}

export interface NativeBinding {
  version: string;
  napiVersion: number;
  /** Arena offset where copied-in inputs start; results go below it. */
  arenaInput: number;
  cpuInfo(): NativeCpuInfo;
  backends(family: string): string[];
  knownBackends(family: string): string[];
  getBackend(family: string): string;
  setBackend(family: string, name: string | null): boolean;
  applySpec(spec: string): string | null;
  timestamp(): bigint;
  timestampSource(): string;
  calibrateChain(n: number): bigint;
  perfCyclesOpen(): number;
  perfCyclesRead(handle: number): bigint;
  perfCyclesClose(handle: number): void;
  /** [gcmSeal, gcmOpen, ctr, dispose, backend, keyBytes]: functions bound to one expanded key. */
  createAesKey(
    key: Uint8Array,
    backend?: string,
  ): [
    NativeAesKey['gcmSeal'],
    NativeAesKey['gcmOpen'],
    NativeAesKey['ctr'],
    NativeAesKey['dispose'],
    NativeAesKey['gcmOpenArena'],
    string,
    number,
  ];
  HashCtx: new (alg: number, backend?: string) => NativeHashCtx;
  HmacCtx: new (alg: number, key: Uint8Array) => NativeHmacCtx;
  hash(alg: number, data: Uint8Array, out: Uint8Array): void;
  setArena(arena: Uint8Array): void;
  hashArena(alg: number, len: number): void;
  hmac(alg: number, key: Uint8Array, data: Uint8Array, out: Uint8Array): void;
}

/** Walks up from this file to the package root (works from src/ and dist/cjs/src/). */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'binding.gyp'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('hwcrypt: cannot find the package root to load the native addon');
    dir = up;
  }
}

export const native: NativeBinding = nodeGypBuild(packageRoot()) as NativeBinding;

/**
 * The arena: a small off-heap buffer private to hwcrypt, registered with the
 * addon once. Short inputs and outputs pass through it instead of as
 * typed-array arguments: each typed-array argument costs an N-API lookup,
 * and V8 keeps arrays of up to 64 bytes on its own heap, so handing a fresh
 * one to native code makes V8 move its bytes to a new off-heap store —
 * more than the crypto of a short message costs. Callers copy results out
 * with slice() and zero what they used (inputs and results can be secret).
 */
export const ARENA_SIZE = 1024;
/** Where inputs copied into the arena start; results go to [0, ARENA_INPUT) (set by the addon). */
export const ARENA_INPUT: number = native.arenaInput;
export const arena = new Uint8Array(new ArrayBuffer(ARENA_SIZE));
native.setArena(arena);
// Zeroing through 8-byte lanes: a few plain stores, where fill() is a call
// into a C++ builtin that costs more than the rest of a short hash.
const arenaWords = new Float64Array(arena.buffer);

/** Copies arena[0, len) into a new array and zeroes arena[0, len) (len <= 64 in hot paths). */
export function takeFromArena(len: number): Uint8Array {
  const out = arena.slice(0, len);
  for (let i = 0, n = (len + 7) >> 3; i < n; i++) arenaWords[i] = 0;
  return out;
}

/** Expands a key in native memory; the returned functions are bound to it. */
export function createAesKey(key: Uint8Array, backend?: string): NativeAesKey {
  const [gcmSeal, gcmOpen, ctr, dispose, gcmOpenArena, name, keyBytes] =
    backend === undefined ? native.createAesKey(key) : native.createAesKey(key, backend);
  return { gcmSeal, gcmOpen, ctr, dispose, gcmOpenArena, backend: name, keyBytes };
}
