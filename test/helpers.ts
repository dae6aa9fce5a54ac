/**
 * Shared test helpers: vector-file parsers, hex, a seeded PRNG, and the
 * per-backend iteration that reports unavailable backends as skipped with
 * the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe } from 'vitest';
import { backends, cpuInfo, knownBackends, type Family } from '../src/index.js';

export const VECTORS = path.join(__dirname, 'vectors');

export function hex(s: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(s ?? '', 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
}

export function readJson<T = any>(rel: string): T {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, rel), 'utf8')) as T;
}

export interface RspRecord {
  section: Record<string, string>;
  fields: Record<string, string>;
  flags: Set<string>;
}

/**
 * Parses a NIST CAVP .rsp file: `[Name = value]` section headers (each
 * updates the running section state), then blank-line separated records of
 * `Name = value` lines; bare words such as FAIL become flags. A lone
 * `Seed = ...` (SHA Monte) is a record of its own.
 */
export function readRsp(rel: string): RspRecord[] {
  const text = fs.readFileSync(path.join(VECTORS, rel), 'latin1');
  const records: RspRecord[] = [];
  let section: Record<string, string> = {};
  let cur: RspRecord | null = null;
  const flush = () => {
    if (cur) records.push(cur);
    cur = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (line === '') {
      flush();
      continue;
    }
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      flush();
      const eq = sec[1].indexOf('=');
      section = { ...section };
      if (eq < 0) section[sec[1].trim()] = '';
      else section[sec[1].slice(0, eq).trim()] = sec[1].slice(eq + 1).trim();
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!cur) cur = { section, fields: {}, flags: new Set() };
    if (kv) cur.fields[kv[1]] = kv[2];
    else cur.flags.add(line);
  }
  flush();
  return records;
}

/** Deterministic xorshift128+ PRNG so failures are reproducible; seed printed by callers. */
export class Rng {
  private a: bigint;
  private b: bigint;
  constructor(seed: number) {
    this.a = BigInt(seed) ^ 0x9e3779b97f4a7c15n;
    this.b = (BigInt(seed) * 0xbf58476d1ce4e5b9n + 1n) & 0xffffffffffffffffn;
    for (let i = 0; i < 8; i++) this.next();
  }
  next(): bigint {
    let x = this.a;
    const y = this.b;
    this.a = y;
    x ^= (x << 23n) & 0xffffffffffffffffn;
    x ^= x >> 17n;
    x ^= y ^ (y >> 26n);
    this.b = x;
    return (x + y) & 0xffffffffffffffffn;
  }
  int(n: number): number {
    return Number(this.next() % BigInt(n));
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 8) {
      let v = this.next();
      for (let j = 0; j < 8 && i + j < n; j++) {
        out[i + j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return out;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

export const SEED = Number(process.env.HWC_TEST_SEED ?? 20261128);

/** A copy of `data` placed at an odd byte offset inside a larger buffer. */
export function unaligned(data: Uint8Array, offset = 3): Uint8Array {
  const buf = new Uint8Array(data.length + offset + 5);
  const view = buf.subarray(offset, offset + data.length);
  view.set(data);
  return view;
}

function reasonUnavailable(family: Family, name: string): string {
  const c = cpuInfo();
  const have = Object.entries(c.features)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .join(' ');
  return `${family} backend '${name}' not available on this CPU (${c.arch}: ${have || 'no crypto extensions'})`;
}

/**
 * describe() once per known backend of the family: available ones run,
 * the others are registered as skipped with the reason in the title.
 */
export function describeBackends(family: Family, title: string, fn: (backend: string) => void): void {
  const available = new Set<string>(backends()[family]);
  for (const name of knownBackends()[family]) {
    if (available.has(name)) describe(`${title} [${name}]`, () => fn(name));
    else describe.skip(`${title} [${name}] — skipped: ${reasonUnavailable(family, name)}`, () => fn(name));
  }
}

/** Lengths around block and pipeline boundaries: 0..4 blocks, then 8/16/32/64/128-block boundaries +-1. */
export function boundaryLengths(max = 130 * 16): number[] {
  const s = new Set<number>();
  for (let i = 0; i <= 4 * 16 + 1; i++) s.add(i);
  for (const blocks of [7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129]) {
    for (const d of [-1, 0, 1]) s.add(blocks * 16 + d);
  }
  return [...s].filter((n) => n >= 0 && n <= max).sort((a, b) => a - b);
}
