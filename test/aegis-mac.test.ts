/**
 * AEGIS as a MAC (draft-irtf-cfrg-aegis-aead-18, AEGISMAC) through the JS API on every AES
 * backend: the draft's Appendix A.8 vectors (all six variants, 16- and 32-byte tags), every
 * backend against soft at rate boundaries and random lengths (unaligned, shared memory, out
 * overlapping the input), verify true and false with flipped bits of data, nonce, tag and key,
 * and bad input (key/nonce/tag lengths, tagLength, options, detached buffers, dispose), plus
 * the one-shots.
 *
 * node:crypto has no AEGIS: the vectors are the references, and soft (checked against them)
 * is the reference of the differential tests.
 */
import { describe, expect, it } from 'vitest';
import {
  Aegis128L,
  Aegis256,
  AegisMac128L,
  aegisMac128l,
  AegisMac128X2,
  aegisMac128x2,
  AegisMac128X4,
  aegisMac128x4,
  AegisMac256,
  aegisMac256,
  AegisMac256X2,
  aegisMac256x2,
  AegisMac256X4,
  aegisMac256x4,
  AesCmac,
  backends,
  cpuInfo,
  DisposedError,
  getBackend,
  type AegisMacKeyObject,
  type Algorithm,
  type AegisMacOptions,
} from '../src/index.js';
import { arena as privateArena, createAegisKey, createAesKey, keyOp } from '../src/native.js';
import { boundaryLengths, describeBackends, hex, readJson, Rng, SEED, toHex, unaligned } from './helpers.js';

type Ctor = new (key: Uint8Array, options?: AegisMacOptions) => AegisMacKeyObject;
type OneShot = typeof aegisMac128l;

interface Variant {
  title: string;
  /** The `variant` field of cfrg/aegismac.json. */
  cfrg: string;
  cls: Ctor;
  oneShot: OneShot;
  /** hwc_aegis_alg. */
  alg: number;
  /** Key and nonce bytes. */
  size: 16 | 32;
  /** Bytes absorbed per state update: 32 (128L) or 16 (256), times the degree. */
  rate: number;
  /** Algorithm name in cpuInfo().algorithms. */
  name: string;
}

const VARIANTS: Variant[] = [
  { title: 'AEGISMAC-128L', cfrg: 'AEGISMAC-128L', cls: AegisMac128L, oneShot: aegisMac128l, alg: 0, size: 16, rate: 32, name: 'aegismac-128l' },
  { title: 'AEGISMAC-256', cfrg: 'AEGISMAC-256', cls: AegisMac256, oneShot: aegisMac256, alg: 3, size: 32, rate: 16, name: 'aegismac-256' },
  { title: 'AEGISMAC-128X2', cfrg: 'AEGISMAC-128X2', cls: AegisMac128X2, oneShot: aegisMac128x2, alg: 1, size: 16, rate: 64, name: 'aegismac-128x2' },
  { title: 'AEGISMAC-128X4', cfrg: 'AEGISMAC-128X4', cls: AegisMac128X4, oneShot: aegisMac128x4, alg: 2, size: 16, rate: 128, name: 'aegismac-128x4' },
  { title: 'AEGISMAC-256X2', cfrg: 'AEGISMAC-256X2', cls: AegisMac256X2, oneShot: aegisMac256x2, alg: 4, size: 32, rate: 32, name: 'aegismac-256x2' },
  { title: 'AEGISMAC-256X4', cfrg: 'AEGISMAC-256X4', cls: AegisMac256X4, oneShot: aegisMac256x4, alg: 5, size: 32, rate: 64, name: 'aegismac-256x4' },
];

interface MacTest {
  name: string;
  variant: string;
  degree: number;
  key: string;
  nonce: string;
  data: string;
  tag128: string;
  tag256: string;
  valid: boolean;
}

const FILE = readJson<{ algorithm: string; tests: MacTest[] }>('cfrg/aegismac.json');

function macTests(v: Variant): MacTest[] {
  return FILE.tests.filter((t) => t.variant === v.cfrg);
}

/** The AEGIS kernel set a forced AES backend must report: soft and armv8 their own, x86 one of its AES-NI/VAES sets. */
function expectKernels(forced: string, got: string): void {
  if (forced === 'soft' || forced === 'armv8') expect(got).toBe(forced);
  else expect(['aesni', 'vaes256', 'vaes512']).toContain(got);
}

/** Lengths around the variant's rate and its multiples, 16-byte blocks, and random ones. */
function lengthsFor(v: Variant, rng: Rng): number[] {
  const s = new Set<number>(boundaryLengths());
  for (const m of [1, 2, 3, 4, 7, 8, 9, 16, 17]) for (const d of [-1, 0, 1]) s.add(m * v.rate + d);
  for (let i = 0; i < 30; i++) s.add(rng.int(6000));
  s.add(70_000);
  return [...s].filter((n) => n >= 0).sort((a, b) => a - b);
}

const flipBit = (a: Uint8Array, rng: Rng): Uint8Array => {
  const c = a.slice();
  c[rng.int(c.length)] ^= 1 << rng.int(8);
  return c;
};

const shared = (b: Uint8Array): Uint8Array => {
  const s = new Uint8Array(new SharedArrayBuffer(b.length + 8), 4, b.length);
  s.set(b);
  return s;
};

it('cfrg/aegismac.json holds all six variants, each with 16- and 32-byte tags', () => {
  expect(FILE.algorithm).toBe('AEGISMAC');
  for (const v of VARIANTS) {
    const tests = macTests(v);
    expect(tests.length, v.cfrg).toBeGreaterThanOrEqual(1);
    for (const t of tests) {
      expect(t.tag128).toMatch(/^[0-9a-f]{32}$/);
      expect(t.tag256).toMatch(/^[0-9a-f]{64}$/);
    }
  }
  expect(FILE.tests.every((t) => VARIANTS.some((v) => v.cfrg === t.variant))).toBe(true);
});

for (const v of VARIANTS) {
  describeBackends('aes', v.title, (backend) => {
    const opts = (tagLength: 16 | 32 = 16): AegisMacOptions => ({ backend: backend as AegisMacOptions['backend'], tagLength });

    it('cfrg/aegismac.json: mac and verify with 16- and 32-byte tags; flipped bits do not verify', () => {
      const rng = new Rng(SEED ^ (0x3ac0 + v.alg));
      let n = 0;
      for (const t of macTests(v)) {
        for (const tagLength of [16, 32] as const) {
          const where = `${t.name} tag ${tagLength}`;
          const want = tagLength === 16 ? t.tag128 : t.tag256;
          const m = new v.cls(hex(t.key), opts(tagLength));
          expectKernels(backend, m.backend);
          expect(m.tagLength).toBe(tagLength);
          expect(m.nonceLength).toBe(v.size);
          const nonce = hex(t.nonce);
          const data = hex(t.data);
          const tag = hex(want);
          expect(t.valid).toBe(true);
          expect(toHex(m.mac(nonce, data)), where).toBe(want);
          const out = new Uint8Array(tagLength + 3).fill(0xee);
          expect(toHex(m.mac(nonce, data, out)), where).toBe(want);
          expect(out[tagLength]).toBe(0xee); // nothing past the tag written
          expect(m.verify(nonce, data, tag), where).toBe(true);
          expect(m.verify(nonce, flipBit(data, rng), tag), `${where} data`).toBe(false);
          expect(m.verify(flipBit(nonce, rng), data, tag), `${where} nonce`).toBe(false);
          expect(m.verify(nonce, data, flipBit(tag, rng)), `${where} tag`).toBe(false);
          expect(m.verify(nonce, data.subarray(1), tag), `${where} shorter data`).toBe(false);
          m.dispose();
          const other = new v.cls(flipBit(hex(t.key), rng), opts(tagLength));
          expect(other.verify(nonce, data, tag), `${where} key`).toBe(false);
          other.dispose();
          n++;
        }
      }
      expect(n).toBeGreaterThanOrEqual(2);
    });

    it('equals soft at block and rate boundaries and random lengths (both tags, unaligned, out overlapping data)', () => {
      const rng = new Rng(SEED ^ (0x3ac5 + v.alg));
      for (const len of lengthsFor(v, rng)) {
        const tagLength = rng.int(2) ? 32 : 16;
        const key = rng.bytes(v.size);
        const nonce = rng.bytes(v.size);
        const data = rng.bytes(len);
        const where = `len ${len} tag ${tagLength}`;
        const soft = new v.cls(key, { backend: 'soft', tagLength });
        const want = soft.mac(nonce, data).slice();
        expect(soft.verify(nonce, data, want), where).toBe(true);
        soft.dispose();
        expect(want.length).toBe(tagLength);
        const m = new v.cls(key, opts(tagLength));
        expect(toHex(m.mac(nonce, data)), where).toBe(toHex(want));
        expect(toHex(m.mac(unaligned(nonce), unaligned(data))), where).toBe(toHex(want));
        expect(m.verify(nonce, data, want), where).toBe(true);
        expect(m.verify(unaligned(nonce), unaligned(data), unaligned(want)), where).toBe(true);
        if (len > 0) expect(m.verify(nonce, flipBit(data, rng), want), `${where} flipped`).toBe(false);
        // out overlapping the data (written after it is read)
        if (len >= tagLength) {
          const buf = data.slice();
          expect(toHex(m.mac(nonce, buf, buf)), where).toBe(toHex(want));
          expect(toHex(buf.subarray(0, tagLength))).toBe(toHex(want));
        }
        m.dispose();
      }
    });

    it('short data: the arena path (no out) and the out path agree around the arena limit', () => {
      const rng = new Rng(SEED ^ (0x3ae4 + v.alg));
      const limit = 1024 - 64 - v.size; // ARENA_SIZE - ARENA_INPUT - nonce
      for (const tagLength of [16, 32] as const) {
        const m = new v.cls(rng.bytes(v.size), opts(tagLength));
        for (const len of [0, 1, 15, 16, 17, v.rate - 1, v.rate, v.rate + 1, limit - 1, limit, limit + 1, limit + 100]) {
          const nonce = rng.bytes(v.size);
          const data = rng.bytes(len);
          const a = m.mac(nonce, data);
          expect(a.length).toBe(tagLength);
          const b = m.mac(nonce, data, new Uint8Array(tagLength));
          expect(toHex(a), `len ${len} tag ${tagLength}`).toBe(toHex(b));
          expect(m.verify(nonce, data, a)).toBe(true);
          // an arena result is an array of its own, not a view that the next call overwrites
          const keep = toHex(a);
          m.mac(rng.bytes(v.size), data);
          expect(toHex(a)).toBe(keep);
        }
        m.dispose();
      }
    });

    it('SharedArrayBuffer inputs, output and tag give the same results', () => {
      const rng = new Rng(SEED ^ (0x3aca + v.alg));
      for (const tagLength of [16, 32] as const) {
        const m = new v.cls(rng.bytes(v.size), opts(tagLength));
        for (const len of [0, 5, 64, 100, 3000]) {
          const nonce = rng.bytes(v.size);
          const data = rng.bytes(len);
          const want = m.mac(nonce, data).slice();
          const out = shared(new Uint8Array(tagLength));
          expect(toHex(m.mac(shared(nonce), shared(data), out))).toBe(toHex(want));
          expect(m.verify(shared(nonce), shared(data), shared(want))).toBe(true);
          expect(m.verify(shared(nonce), shared(data), shared(flipBit(want, rng)))).toBe(false);
        }
        m.dispose();
      }
    });
  });
}

describe('AEGIS-MAC: variants, tags, keys and backends', () => {
  it('each variant gives its own tag on the same key, nonce and data; the 16-byte tag is not a prefix of the 32-byte one', () => {
    const data = new Uint8Array(300).fill(7);
    const seen = new Set<string>();
    for (const v of VARIANTS) {
      const key = new Uint8Array(v.size).fill(1);
      const nonce = new Uint8Array(v.size).fill(2);
      const a = new v.cls(key);
      const b = new v.cls(key, { tagLength: 32 });
      const t16 = toHex(a.mac(nonce, data));
      const t32 = toHex(b.mac(nonce, data));
      expect(t32.startsWith(t16)).toBe(false);
      seen.add(t16);
      seen.add(t32);
      // a key of one tag length refuses a tag of the other with a RangeError
      expect(() => a.verify(nonce, data, hex(t32))).toThrow('tag: expected 16 bytes, got 32');
      expect(() => b.verify(nonce, data, hex(t16))).toThrow('tag: expected 32 bytes, got 16');
      a.dispose();
      b.dispose();
    }
    expect(seen.size).toBe(VARIANTS.length * 2);
  });

  it('the MAC is not the AEAD tag of the same key and nonce (AEGIS-128L, AEGIS-256)', () => {
    for (const [Mac, Aead, size] of [
      [AegisMac128L, Aegis128L, 16],
      [AegisMac256, Aegis256, 32],
    ] as const) {
      const key = new Uint8Array(size).fill(9);
      const nonce = new Uint8Array(size).fill(4);
      const data = new Uint8Array(50).fill(5);
      const mac = new Mac(key);
      const aead = new Aead(key);
      const sealedEmpty = aead.seal(nonce, new Uint8Array(0), data); // data as AAD: tag only
      expect(toHex(mac.mac(nonce, data))).not.toBe(toHex(sealedEmpty));
      mac.dispose();
      aead.dispose();
    }
  });

  it('the same key and nonce may MAC many messages, each tag verifying only its own', () => {
    const m = new AegisMac128L(new Uint8Array(16).fill(3));
    const nonce = new Uint8Array(16);
    const t1 = m.mac(nonce, new Uint8Array([1])).slice();
    const t2 = m.mac(nonce, new Uint8Array([2])).slice();
    expect(toHex(t1)).not.toBe(toHex(t2));
    expect(m.verify(nonce, new Uint8Array([1]), t1)).toBe(true);
    expect(m.verify(nonce, new Uint8Array([2]), t2)).toBe(true);
    expect(m.verify(nonce, new Uint8Array([2]), t1)).toBe(false);
    m.dispose();
  });

  it('.backend follows the forced backend; cpuInfo/backends list the AEGIS-MAC algorithms', () => {
    for (const b of backends().aes) {
      const m = new AegisMac128X4(new Uint8Array(16), { backend: b });
      expectKernels(b, m.backend);
      m.dispose();
    }
    const c = cpuInfo();
    for (const v of VARIANTS) {
      expect(c.algorithms[v.name as Algorithm]).toEqual({ aes: getBackend('aes') });
      expect(backends().algorithms[v.name as Algorithm]).toEqual({ aes: backends().aes });
    }
  });
});

describe.each(VARIANTS)('$title bad input', (v) => {
  const key = new Uint8Array(v.size);
  const nonce = new Uint8Array(v.size);
  const other = v.size === 16 ? 32 : 16;

  it('key, options and tagLength', () => {
    for (const n of [0, 15, 24, 33, other]) {
      expect(() => new v.cls(new Uint8Array(n))).toThrow(RangeError);
      expect(() => new v.cls(new Uint8Array(n))).toThrow(`key: expected ${v.size} bytes, got ${n}`);
    }
    expect(() => new v.cls('0123456789abcdef' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => new v.cls(Array.from(key) as unknown as Uint8Array)).toThrow('key: expected a Uint8Array');
    for (const t of [0, 4, 8, 12, 15, 17, 24, 31, 33, 64]) {
      expect(() => new v.cls(key, { tagLength: t as 16 })).toThrow(RangeError);
      expect(() => new v.cls(key, { tagLength: t as 16 })).toThrow(`tagLength: expected 16 or 32 bytes, got ${t}`);
    }
    expect(() => new v.cls(key, { tagLength: 16.5 as 16 })).toThrow(TypeError);
    expect(() => new v.cls(key, { tagLength: '16' as unknown as 16 })).toThrow(TypeError);
    expect(() => new v.cls(key, 16 as unknown as AegisMacOptions)).toThrow(TypeError);
    expect(() => new v.cls(key, null as unknown as AegisMacOptions)).toThrow(TypeError);
    expect(() => new v.cls(key, { backend: 'nope' as 'soft' })).toThrow("options.backend: 'nope'");
    expect(() => new v.cls(key, { backend: 7 as unknown as 'soft' })).toThrow(TypeError);
    const detached = new Uint8Array(v.size);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(() => new v.cls(detached)).toThrow(TypeError);
  });

  it('nonce, data, tag and out', () => {
    const m = new v.cls(key);
    const m32 = new v.cls(key, { tagLength: 32 });
    const data = new Uint8Array(5);
    const tag = m.mac(nonce, data).slice();
    for (const n of [0, 12, 15, other, v.size + 1]) {
      expect(() => m.mac(new Uint8Array(n), data)).toThrow(`nonce: expected ${v.size} bytes, got ${n}`);
      expect(() => m.verify(new Uint8Array(n), data, tag)).toThrow(`nonce: expected ${v.size} bytes, got ${n}`);
    }
    for (const n of [0, 4, 15, 17, 32]) {
      expect(() => m.verify(nonce, data, new Uint8Array(n))).toThrow(RangeError);
      expect(() => m.verify(nonce, data, new Uint8Array(n))).toThrow(`tag: expected 16 bytes, got ${n}`);
    }
    for (const n of [0, 16, 31, 33]) expect(() => m32.verify(nonce, data, new Uint8Array(n))).toThrow(`tag: expected 32 bytes, got ${n}`);
    expect(() => m.mac(nonce, [1, 2] as unknown as Uint8Array)).toThrow('data: expected a Uint8Array');
    expect(() => m.mac('n' as unknown as Uint8Array, data)).toThrow('nonce: expected a Uint8Array');
    expect(() => m.verify(nonce, 'x' as unknown as Uint8Array, tag)).toThrow('data: expected a Uint8Array');
    expect(() => m.verify(nonce, data, Array.from(tag) as unknown as Uint8Array)).toThrow('tag: expected a Uint8Array');
    expect(() => m.verify(nonce, data, new Uint16Array(8) as unknown as Uint8Array)).toThrow('tag: expected a Uint8Array');
    expect(m.verify(Buffer.from(nonce), Buffer.from(data), Buffer.from(tag))).toBe(true); // Buffer is a Uint8Array
    expect(() => m.mac(nonce, data, new Uint8Array(15))).toThrow('out: expected at least 16 bytes, got 15');
    expect(() => m32.mac(nonce, data, new Uint8Array(31))).toThrow('out: expected at least 32 bytes, got 31');
    expect(() => m.mac(nonce, data, 'out' as unknown as Uint8Array)).toThrow(TypeError);
    // detached views
    const gone = new Uint8Array(8);
    structuredClone(gone.buffer, { transfer: [gone.buffer] });
    const goneNonce = new Uint8Array(v.size);
    structuredClone(goneNonce.buffer, { transfer: [goneNonce.buffer] });
    const goneTag = new Uint8Array(16);
    structuredClone(goneTag.buffer, { transfer: [goneTag.buffer] });
    const goneOut = new Uint8Array(16);
    structuredClone(goneOut.buffer, { transfer: [goneOut.buffer] });
    expect(() => m.mac(nonce, gone)).toThrow('data: the ArrayBuffer is detached');
    expect(() => m.verify(nonce, gone, tag)).toThrow('data: the ArrayBuffer is detached');
    expect(() => m.mac(goneNonce, data)).toThrow('nonce: the ArrayBuffer is detached');
    expect(() => m.verify(goneNonce, data, tag)).toThrow('nonce: the ArrayBuffer is detached');
    expect(() => m.verify(nonce, data, goneTag)).toThrow('tag: the ArrayBuffer is detached');
    expect(() => m.mac(nonce, data, goneOut)).toThrow('out: the ArrayBuffer is detached');
    m.dispose();
    m32.dispose();
  });

  it('dispose: later calls throw DisposedError with AesCmac\'s code; idempotent', () => {
    const m = new v.cls(key);
    const tag = m.mac(nonce, new Uint8Array(3)).slice();
    m.dispose();
    m.dispose();
    expect(() => m.mac(nonce, new Uint8Array(3))).toThrow(DisposedError);
    expect(() => m.verify(nonce, new Uint8Array(3), tag)).toThrow(DisposedError);
    expect(() => m.backend).toThrow(DisposedError);
    const c = new AesCmac(new Uint8Array(16));
    c.dispose();
    let cmacErr: unknown;
    try {
      c.mac(new Uint8Array(1));
    } catch (e) {
      cmacErr = e;
    }
    let macErr: unknown;
    try {
      m.mac(nonce, new Uint8Array(1));
    } catch (e) {
      macErr = e;
    }
    expect(macErr).toBeInstanceOf(DisposedError);
    expect((macErr as DisposedError).code).toBe((cmacErr as DisposedError).code);
  });

  it('one-shot equals the key object (16-byte tag, or options.tagLength) and refuses bad input', () => {
    const rng = new Rng(SEED ^ (0x3a15 + v.alg));
    const k = rng.bytes(v.size);
    const n = rng.bytes(v.size);
    const data = new TextEncoder().encode('one-shot AEGIS-MAC');
    for (const tagLength of [16, 32] as const) {
      const m = new v.cls(k, { tagLength });
      const want = toHex(m.mac(n, data));
      m.dispose();
      const got = tagLength === 16 ? v.oneShot(k, n, data) : v.oneShot(k, n, data, { tagLength });
      expect(toHex(got)).toBe(want);
      expect(got.length).toBe(tagLength);
    }
    expect(() => v.oneShot(new Uint8Array(24), n, data)).toThrow(RangeError);
    expect(() => v.oneShot(k, new Uint8Array(12), data)).toThrow('nonce:');
    expect(() => v.oneShot(k, n, data, { tagLength: 8 as 16 })).toThrow('tagLength:');
  });
});

it('AEGIS-MAC one-shots reproduce the CFRG vectors', () => {
  for (const v of VARIANTS) {
    for (const t of macTests(v)) {
      expect(toHex(v.oneShot(hex(t.key), hex(t.nonce), hex(t.data))), t.name).toBe(t.tag128);
      expect(toHex(v.oneShot(hex(t.key), hex(t.nonce), hex(t.data), { tagLength: 32 })), t.name).toBe(t.tag256);
    }
  }
});

it('keyOp: the MAC codes serve AEGIS keys only, and the addon re-checks nonce, tag and out lengths', () => {
  const aegisKey = createAegisKey(0, new Uint8Array(16));
  const aesKey = createAesKey(new Uint8Array(16));
  const n = new Uint8Array(16);
  const d = new Uint8Array(10);
  // 22: AEGIS-MAC, 23: AEGIS-MAC verify, 24: AEGIS-MAC through the arena (native/addon/aes.cc)
  expect(() => keyOp(aesKey.handle, 22, n, d, new Uint8Array(16), 16)).toThrow('key: not an AEGIS key');
  expect(() => keyOp(aesKey.handle, 23, n, d, new Uint8Array(16))).toThrow('key: not an AEGIS key');
  const out = new Uint8Array(32);
  keyOp(aegisKey.handle, 22, n, d, out, 16);
  expect(toHex(out.subarray(0, 16))).toBe(toHex(aegisMac128l(new Uint8Array(16), n, d)));
  expect(out.subarray(16).every((b) => b === 0)).toBe(true);
  expect(keyOp(aegisKey.handle, 23, n, d, out.subarray(0, 16))).toBe(true);
  expect(() => keyOp(aegisKey.handle, 22, new Uint8Array(12), d, out, 16)).toThrow('nonce: expected 16 bytes');
  expect(() => keyOp(aegisKey.handle, 22, new Uint8Array(32), d, out, 16)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 22, n, d, out, 24)).toThrow('tagLength: expected 16 or 32');
  expect(() => keyOp(aegisKey.handle, 22, n, d, out, -1)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 22, n, d, new Uint8Array(31), 32)).toThrow('out: too small');
  expect(() => keyOp(aegisKey.handle, 23, n, d, new Uint8Array(20))).toThrow('tag: expected 16 or 32 bytes');
  expect(() => keyOp(aegisKey.handle, 23, new Uint8Array(0), d, out)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 23, n, 'x', out)).toThrow(TypeError);
  // 24: the arena path (lengths only); the addon re-checks nonce and tag lengths and the fit
  expect(() => keyOp(aesKey.handle, 24, 16, 0, 16)).toThrow('key: not an AEGIS key');
  expect(() => keyOp(aegisKey.handle, 24, 12, 0, 16)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 24, 16, 0, 24)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 24, 16, 1024 - 64 - 15, 16)).toThrow(/do not fit the arena/);
  expect(() => keyOp(aegisKey.handle, 24, 16, -1, 16)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 24, 16, 0)).toThrow('key: too few arguments');
  expect(() => keyOp(aegisKey.handle, 22, n, d)).toThrow('key: too few arguments');
  expect(() => keyOp(aegisKey.handle, 23, n, d)).toThrow('key: too few arguments');
  keyOp(aegisKey.handle, 3);
  keyOp(aesKey.handle, 3);
  expect(() => keyOp(aegisKey.handle, 22, n, d, out, 16)).toThrow(/disposed/);
  expect(() => keyOp(aegisKey.handle, 23, n, d, out.subarray(0, 16))).toThrow(/disposed/);
  expect(() => keyOp(aegisKey.handle, 24, 16, 0, 16)).toThrow(/disposed/);
});

it('the arena path hands the arena to no patched Uint8Array.prototype method, and its results are arrays of their own', () => {
  const seen: unknown[] = [];
  const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;
  const names = ['set', 'slice', 'subarray', 'fill'];
  const saved = names.map((n) => Object.getOwnPropertyDescriptor(TypedArrayProto, n)!);
  for (const n of names) {
    const orig = TypedArrayProto[n] as (...a: unknown[]) => unknown;
    Object.defineProperty(TypedArrayProto, n, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        seen.push(this, ...args);
        return Reflect.apply(orig, this, args);
      },
    });
  }
  const ctorDesc = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'constructor')!;
  Object.defineProperty(Uint8Array.prototype, 'constructor', {
    configurable: true,
    get(this: unknown) {
      seen.push(this);
      return Uint8Array;
    },
  });
  const tags: Uint8Array[] = [];
  try {
    for (const v of VARIANTS) {
      const m = new v.cls(new Uint8Array(v.size).fill(1), { tagLength: 32 });
      const t = m.mac(new Uint8Array(v.size), new Uint8Array(100).fill(2));
      tags.push(t);
      expect(m.verify(new Uint8Array(v.size), new Uint8Array(100).fill(2), t)).toBe(true);
      m.dispose();
    }
  } finally {
    names.forEach((n, i) => Object.defineProperty(TypedArrayProto, n, saved[i]));
    Object.defineProperty(Uint8Array.prototype, 'constructor', ctorDesc);
  }
  const isArena = (x: unknown) => x === privateArena || (x instanceof Uint8Array && x.buffer === privateArena.buffer) || x === privateArena.buffer;
  expect(seen.filter(isArena)).toEqual([]);
  for (const t of tags) {
    expect(t.buffer).not.toBe(privateArena.buffer);
    expect(t.byteLength).toBe(t.buffer.byteLength);
  }
  expect(new Set(tags.map((t) => t.buffer)).size).toBe(tags.length);
});

describe('AEGIS-MAC: lengths and options the caller cannot bend (as the AEAD keys)', () => {
  const key = new Uint8Array(16).fill(9);
  const nonce = new Uint8Array(16).fill(2);

  it('tagLength and nonceLength are fixed per key object; options come from own properties only', () => {
    const m = new AegisMac128L(key);
    expect(() => {
      (m as unknown as { tagLength: number }).tagLength = 32;
    }).toThrow(TypeError);
    expect(m.mac(nonce, new Uint8Array(3)).length).toBe(16);
    const proto = Object.prototype as { tagLength?: number };
    proto.tagLength = 32;
    try {
      expect(new AegisMac128L(key, {}).tagLength).toBe(16);
    } finally {
      delete proto.tagLength;
    }
    m.dispose();
  });

  it('verify refuses detached or out-of-bounds data instead of verifying empty data', () => {
    const m = new AegisMac128L(key);
    const emptyTag = m.mac(nonce, new Uint8Array(0));
    const d = new Uint8Array(8);
    structuredClone(d.buffer, { transfer: [d.buffer] });
    expect(() => m.verify(nonce, d, emptyTag)).toThrow(/data/);
    // @ts-expect-error: resizable ArrayBuffers (ES2024) are newer than the lib target
    const rab = new ArrayBuffer(64, { maxByteLength: 64 });
    const v = new Uint8Array(rab, 32, 16);
    // @ts-expect-error: see above
    rab.resize(16);
    expect(() => m.verify(nonce, v, emptyTag)).toThrow(/data/);
    m.dispose();
  });
});
