/**
 * The AEGIS family (draft-irtf-cfrg-aegis-aead-18) through the JS API on every AES backend:
 * the draft's Appendix A vectors (16- and 32-byte tags, the "must fail" cases, the X2/X4
 * variants' own vectors), Wycheproof aegis128L_test.json and aegis256_test.json, every backend
 * against soft at block, rate and pipeline boundaries and random lengths (in place, unaligned,
 * shared memory), and bad input (key, nonce and tag lengths, options, tampering, open wipes out,
 * detached buffers, dispose), plus the one-shots.
 *
 * node:crypto has no AEGIS: the vectors are the references, and soft (checked against them)
 * is the reference of the differential tests.
 */
import { describe, expect, it } from 'vitest';
import {
  Aegis128L,
  aegis128l,
  Aegis128X2,
  aegis128x2,
  Aegis128X4,
  aegis128x4,
  Aegis256,
  aegis256,
  Aegis256X2,
  aegis256x2,
  Aegis256X4,
  aegis256x4,
  AesGcm,
  AuthenticationError,
  backends,
  cpuInfo,
  DisposedError,
  setBackend,
  type AegisKeyObject,
  type AegisOptions,
} from '../src/index.js';
import { createAegisKey, createAesKey, keyOp } from '../src/native.js';
import { boundaryLengths, describeBackends, hex, readJson, Rng, SEED, toHex, unaligned } from './helpers.js';

type Ctor = new (key: Uint8Array, options?: AegisOptions) => AegisKeyObject;
type OneShot = typeof aegis128l;

interface Variant {
  title: string;
  cls: Ctor;
  oneShot: OneShot;
  /** hwc_aegis_alg. */
  alg: number;
  /** Key and nonce bytes. */
  size: 16 | 32;
  /** Bytes absorbed per state update: 32 (128L) or 16 (256), times the degree. */
  rate: number;
  /** The CFRG vector file and, for the X variants, the degree its tests carry. */
  cfrg: string;
  degree?: number;
  /** Wycheproof file (128L and 256 only). */
  wycheproof?: string;
}

const VARIANTS: Variant[] = [
  { title: 'AEGIS-128L', cls: Aegis128L, oneShot: aegis128l, alg: 0, size: 16, rate: 32, cfrg: 'cfrg/aegis128l.json', wycheproof: 'wycheproof/aegis128L_test.json' },
  { title: 'AEGIS-256', cls: Aegis256, oneShot: aegis256, alg: 3, size: 32, rate: 16, cfrg: 'cfrg/aegis256.json', wycheproof: 'wycheproof/aegis256_test.json' },
  { title: 'AEGIS-128X2', cls: Aegis128X2, oneShot: aegis128x2, alg: 1, size: 16, rate: 64, cfrg: 'cfrg/aegis128x.json', degree: 2 },
  { title: 'AEGIS-128X4', cls: Aegis128X4, oneShot: aegis128x4, alg: 2, size: 16, rate: 128, cfrg: 'cfrg/aegis128x.json', degree: 4 },
  { title: 'AEGIS-256X2', cls: Aegis256X2, oneShot: aegis256x2, alg: 4, size: 32, rate: 32, cfrg: 'cfrg/aegis256x.json', degree: 2 },
  { title: 'AEGIS-256X4', cls: Aegis256X4, oneShot: aegis256x4, alg: 5, size: 32, rate: 64, cfrg: 'cfrg/aegis256x.json', degree: 4 },
];

interface CfrgTest {
  name: string;
  degree?: number;
  key: string;
  nonce: string;
  ad: string;
  msg?: string;
  ct: string;
  tag128: string;
  tag256: string;
  valid: boolean;
}

function cfrgTests(v: Variant): CfrgTest[] {
  const data = readJson<{ tests: CfrgTest[] }>(v.cfrg);
  return data.tests.filter((t) => v.degree === undefined || t.degree === v.degree);
}

/** The AEGIS kernel set a forced AES backend must report: soft and armv8 their own, x86 one of its AES-NI/VAES sets. */
function expectKernels(forced: string, got: string): void {
  if (forced === 'soft' || forced === 'armv8') expect(got).toBe(forced);
  else expect(['aesni', 'vaes256', 'vaes512']).toContain(got);
}

/** Lengths around the variant's rate (one state update's input) and its multiples, and 16-byte blocks. */
function lengthsFor(v: Variant, rng: Rng): number[] {
  const s = new Set<number>(boundaryLengths());
  for (const m of [1, 2, 3, 4, 7, 8, 9, 16, 17]) for (const d of [-1, 0, 1]) s.add(m * v.rate + d);
  for (let i = 0; i < 30; i++) s.add(rng.int(6000));
  s.add(70_000);
  return [...s].filter((n) => n >= 0).sort((a, b) => a - b);
}

for (const v of VARIANTS) {
  describeBackends('aes', v.title, (backend) => {
    const opts = (tagLength: 16 | 32 = 16): AegisOptions => ({ backend: backend as AegisOptions['backend'], tagLength });

    it(`${v.cfrg}${v.degree ? ` (degree ${v.degree})` : ''}: seal and open with 16- and 32-byte tags; must-fail cases throw and wipe out`, () => {
      const tests = cfrgTests(v);
      expect(tests.length).toBeGreaterThanOrEqual(v.degree ? 2 : 9);
      let invalid = 0;
      for (const t of tests) {
        for (const tagLength of [16, 32] as const) {
          const where = `${t.name} tag ${tagLength}`;
          const tag = tagLength === 16 ? t.tag128 : t.tag256;
          const k = new v.cls(hex(t.key), opts(tagLength));
          expectKernels(backend, k.backend);
          expect(k.tagLength).toBe(tagLength);
          const nonce = hex(t.nonce);
          const sealed = hex(t.ct + tag);
          if (t.valid) {
            expect(toHex(k.seal(nonce, hex(t.msg), hex(t.ad))), where).toBe(t.ct + tag);
            expect(toHex(k.open(nonce, sealed, hex(t.ad))), where).toBe(t.msg ?? '');
          } else {
            invalid++;
            const out = new Uint8Array(t.ct.length / 2).fill(0xaa);
            expect(() => k.open(nonce, sealed, hex(t.ad), out), where).toThrow(AuthenticationError);
            expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
            expect(() => k.open(nonce, sealed, hex(t.ad)), where).toThrow(AuthenticationError);
          }
          k.dispose();
        }
      }
      if (!v.degree) expect(invalid).toBe(8);
    });

    if (v.wycheproof) {
      const file = v.wycheproof;
      it(`Wycheproof ${file}: valid cases match, invalid ones throw and wipe out`, () => {
        const data = readJson(file);
        let n = 0;
        let invalid = 0;
        for (const g of data.testGroups) {
          expect(g.tagSize).toBe(128);
          for (const t of g.tests) {
            n++;
            const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
            const k = new v.cls(hex(t.key), opts(16));
            const nonce = hex(t.iv);
            const sealed = hex(t.ct + t.tag);
            if (t.result === 'valid') {
              expect(toHex(k.seal(nonce, hex(t.msg), hex(t.aad))), where).toBe(t.ct + t.tag);
              expect(toHex(k.open(nonce, sealed, hex(t.aad))), where).toBe(t.msg);
            } else {
              invalid++;
              const out = new Uint8Array(t.ct.length / 2).fill(0xaa);
              expect(() => k.open(nonce, sealed, hex(t.aad), out), where).toThrow(AuthenticationError);
              expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
            }
            k.dispose();
          }
        }
        expect(n).toBe(data.numberOfTests);
        expect(invalid).toBeGreaterThan(0);
      });
    }

    it('equals soft at block, rate and pipeline boundaries and random lengths (both tags, in place, unaligned)', () => {
      const rng = new Rng(SEED ^ (0xae615 + v.alg));
      for (const len of lengthsFor(v, rng)) {
        const tagLength = rng.int(2) ? 32 : 16;
        const key = rng.bytes(v.size);
        const nonce = rng.bytes(v.size);
        const aad = rng.bytes(rng.pick([0, 1, 15, 16, 17, 31, 32, 33, v.rate - 1, v.rate, v.rate + 1, rng.int(600)]));
        const pt = rng.bytes(len);
        const where = `len ${len} tag ${tagLength} aad ${aad.length}`;
        const soft = new v.cls(key, { backend: 'soft', tagLength });
        const want = soft.seal(nonce, pt, aad).slice();
        soft.dispose();
        const k = new v.cls(key, opts(tagLength));
        expect(toHex(k.seal(nonce, pt, aad)), where).toBe(toHex(want));
        expect(toHex(k.seal(unaligned(nonce), unaligned(pt), unaligned(aad))), where).toBe(toHex(want));
        expect(toHex(k.open(nonce, want, aad)), where).toBe(toHex(pt));
        expect(toHex(k.open(unaligned(nonce), unaligned(want), unaligned(aad))), where).toBe(toHex(pt));
        // in place: seal into the plaintext's own buffer, open back into it
        const buf = new Uint8Array(len + tagLength);
        buf.set(pt);
        expect(toHex(k.seal(nonce, buf.subarray(0, len), aad, buf)), where).toBe(toHex(want));
        expect(toHex(k.open(nonce, buf, aad, buf)), where).toBe(toHex(pt));
        k.dispose();
      }
    });

    it('rejects any flipped bit of ciphertext, tag, AAD or nonce, wiping out (arena and out paths)', () => {
      const rng = new Rng(SEED ^ (0xf11b + v.alg));
      for (const tagLength of [16, 32] as const) {
        const k = new v.cls(rng.bytes(v.size), opts(tagLength));
        for (const len of [0, 1, 16, 33, 64, 65, v.rate * 4 + 3, 700]) {
          const nonce = rng.bytes(v.size);
          const aad = rng.bytes(20);
          const sealed = k.seal(nonce, rng.bytes(len), aad).slice();
          const flip = (a: Uint8Array, from = 0) => {
            const c = a.slice();
            c[from + rng.int(c.length - from)] ^= 1 << rng.int(8);
            return c;
          };
          const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
            ['sealed', nonce, flip(sealed), aad],
            ['tag', nonce, flip(sealed, len), aad],
            ['aad', nonce, sealed, flip(aad)],
            ['nonce', flip(nonce), sealed, aad],
          ];
          for (const [what, n, s, a] of cases) {
            const where = `${what} len ${len} tag ${tagLength}`;
            const out = new Uint8Array(len).fill(0xaa);
            expect(() => k.open(n, s, a, out), where).toThrow(AuthenticationError);
            expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
            expect(() => k.open(n, s, a), where).toThrow(AuthenticationError);
          }
        }
        k.dispose();
      }
    });

    it('short opens: the arena path and the path for inputs that do not fit it agree', () => {
      const rng = new Rng(SEED ^ (0xa7e4 + v.alg));
      const k = new v.cls(rng.bytes(v.size), opts(32));
      for (const len of [0, 1, 31, 32, 63, 64]) {
        for (const aadLen of [0, 16, 900, 2000]) {
          const nonce = rng.bytes(v.size);
          const aad = rng.bytes(aadLen);
          const pt = rng.bytes(len);
          const sealed = k.seal(nonce, pt, aad);
          expect(toHex(k.open(nonce, sealed, aad)), `len ${len} aad ${aadLen}`).toBe(toHex(pt));
          expect(toHex(k.open(nonce, sealed, aad, new Uint8Array(len))), `len ${len} aad ${aadLen}`).toBe(toHex(pt));
        }
      }
      k.dispose();
    });

    it('SharedArrayBuffer inputs and outputs give the same results', () => {
      const rng = new Rng(SEED ^ (0x5ab + v.alg));
      const k = new v.cls(rng.bytes(v.size), opts());
      const shared = (b: Uint8Array) => {
        const s = new Uint8Array(new SharedArrayBuffer(b.length + 8), 4, b.length);
        s.set(b);
        return s;
      };
      for (const len of [0, 5, 64, 100, 3000]) {
        const nonce = rng.bytes(v.size);
        const aad = rng.bytes(9);
        const pt = rng.bytes(len);
        const want = k.seal(nonce, pt, aad).slice();
        const out = shared(new Uint8Array(len + 16));
        expect(toHex(k.seal(shared(nonce), shared(pt), shared(aad), out))).toBe(toHex(want));
        const back = shared(new Uint8Array(len));
        expect(toHex(k.open(shared(nonce), shared(want), shared(aad), back))).toBe(toHex(pt));
        const bad = shared(want);
        bad[0] ^= 1;
        const wiped = shared(new Uint8Array(len).fill(0xaa));
        expect(() => k.open(nonce, bad, aad, wiped)).toThrow(AuthenticationError);
        expect(wiped.every((b) => b === 0)).toBe(true);
      }
      k.dispose();
    });
  });
}

describe('AEGIS: variants, tags and backends', () => {
  it('each variant gives its own ciphertext on the same key, nonce and message', () => {
    const outs = new Map<string, string>();
    for (const v of VARIANTS) {
      const k = new v.cls(new Uint8Array(v.size).fill(1));
      outs.set(v.title, toHex(k.seal(new Uint8Array(v.size).fill(2), new Uint8Array(200).fill(3)).subarray(0, 32)));
      k.dispose();
    }
    expect(new Set(outs.values()).size).toBe(VARIANTS.length);
  });

  it('a key keeps the backend it was made on when the selection changes later', () => {
    const key = new Uint8Array(16).fill(5);
    const nonce = new Uint8Array(16).fill(6);
    const pt = new Uint8Array(100).fill(7);
    setBackend('aes', 'soft');
    let k: Aegis128L;
    try {
      k = new Aegis128L(key);
      expect(k.backend).toBe('soft');
    } finally {
      setBackend('aes', 'auto');
    }
    expect(k.backend).toBe('soft');
    const hwKey = new Aegis128L(key);
    expectKernels(backends().aes[0], hwKey.backend);
    expect(toHex(k.seal(nonce, pt))).toBe(toHex(hwKey.seal(nonce, pt)));
    k.dispose();
    hwKey.dispose();
  });

  it('.backend follows the selection and the forced backend; cpuInfo/backends list the AEGIS algorithms', () => {
    const best = backends().aes[0];
    const k = new Aegis128L(new Uint8Array(16));
    expectKernels(best, k.backend);
    k.dispose();
    for (const alg of ['aegis-128l', 'aegis-256', 'aegis-128x2', 'aegis-128x4', 'aegis-256x2', 'aegis-256x4'] as const) {
      expect(cpuInfo().algorithms[alg]).toEqual({ aes: best });
      expect(backends().algorithms[alg]).toEqual({ aes: backends().aes });
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
    expect(() => new v.cls(key, 16 as unknown as AegisOptions)).toThrow(TypeError);
    expect(() => new v.cls(key, null as unknown as AegisOptions)).toThrow(TypeError);
    expect(() => new v.cls(key, { backend: 'nope' as 'soft' })).toThrow(RangeError);
    expect(() => new v.cls(key, { backend: 'nope' as 'soft' })).toThrow("options.backend: 'nope'");
    expect(() => new v.cls(key, { backend: 7 as unknown as 'soft' })).toThrow(TypeError);
    const detached = new Uint8Array(v.size);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(() => new v.cls(detached)).toThrow(TypeError);
  });

  it('nonce, sealed, aad and out', () => {
    const k = new v.cls(key);
    const pt = new Uint8Array(5);
    for (const n of [0, 12, 15, other, v.size + 1]) {
      expect(() => k.seal(new Uint8Array(n), pt)).toThrow(`nonce: expected ${v.size} bytes, got ${n}`);
      expect(() => k.open(new Uint8Array(n), new Uint8Array(21))).toThrow(RangeError);
    }
    expect(() => k.open(nonce, new Uint8Array(15))).toThrow('sealed: expected at least the 16-byte tag, got 15 bytes');
    expect(() => new v.cls(key, { tagLength: 32 }).open(nonce, new Uint8Array(31))).toThrow(RangeError);
    expect(() => k.seal(nonce, [1, 2] as unknown as Uint8Array)).toThrow('plaintext: expected a Uint8Array');
    expect(() => k.seal(nonce, pt, 'aad' as unknown as Uint8Array)).toThrow('aad: expected a Uint8Array');
    expect(() => k.open(nonce, new Uint16Array(16) as unknown as Uint8Array)).toThrow('sealed: expected a Uint8Array');
    expect(() => k.seal(Buffer.from('x'.repeat(v.size)) as Uint8Array, pt)).not.toThrow(); // Buffer is a Uint8Array
    expect(() => k.seal(nonce, pt, undefined, new Uint8Array(20))).toThrow('out: expected at least 21 bytes, got 20');
    expect(() => k.open(nonce, k.seal(nonce, pt), undefined, new Uint8Array(4))).toThrow(RangeError);
    // out partially overlapping the plaintext (same start is allowed)
    const buf = new Uint8Array(64);
    expect(() => k.seal(nonce, buf.subarray(0, 10), undefined, buf.subarray(1))).toThrow(RangeError);
    expect(() => k.seal(nonce, buf.subarray(0, 10), undefined, buf.subarray(0))).not.toThrow();
    // detached views
    const gone = new Uint8Array(8);
    structuredClone(gone.buffer, { transfer: [gone.buffer] });
    expect(() => k.seal(nonce, gone)).toThrow('plaintext: the ArrayBuffer is detached');
    expect(() => k.seal(nonce, pt, gone)).toThrow('aad: the ArrayBuffer is detached');
    expect(() => k.open(nonce, gone)).toThrow(TypeError);
    expect(() => k.open(nonce, k.seal(nonce, pt), gone)).toThrow('aad: the ArrayBuffer is detached');
    expect(() => k.open(nonce, k.seal(nonce, new Uint8Array(100)), gone)).toThrow('aad: the ArrayBuffer is detached');
    expect(() => k.seal(gone, pt)).toThrow('nonce: the ArrayBuffer is detached');
    k.dispose();
  });

  it('dispose: later calls throw DisposedError; idempotent', () => {
    const k = new v.cls(key);
    const sealed = k.seal(nonce, new Uint8Array(3));
    k.dispose();
    k.dispose();
    expect(() => k.seal(nonce, new Uint8Array(3))).toThrow(DisposedError);
    expect(() => k.open(nonce, sealed)).toThrow(DisposedError);
    expect(() => k.backend).toThrow(DisposedError);
    // the same error class and code as AesGcm's
    const g = new AesGcm(new Uint8Array(16));
    g.dispose();
    let gcmErr: unknown;
    try {
      g.seal(new Uint8Array(12), new Uint8Array(1));
    } catch (e) {
      gcmErr = e;
    }
    let aegisErr: unknown;
    try {
      k.seal(nonce, new Uint8Array(1));
    } catch (e) {
      aegisErr = e;
    }
    expect((aegisErr as DisposedError).code).toBe((gcmErr as DisposedError).code);
    expect(aegisErr).toBeInstanceOf(DisposedError);
  });
});

describe.each(VARIANTS)('$title tag lengths', (v) => {
  it('the 16-byte tag is not a prefix of the 32-byte one; a key of one tag length refuses the other', () => {
    const key = new Uint8Array(v.size).fill(1);
    const nonce = new Uint8Array(v.size).fill(2);
    const pt = new Uint8Array(200).fill(3);
    const a = new v.cls(key);
    const b = new v.cls(key, { tagLength: 32 });
    const s16 = a.seal(nonce, pt);
    const s32 = b.seal(nonce, pt);
    expect(s16.length).toBe(216);
    expect(s32.length).toBe(232);
    expect(toHex(s16.subarray(0, 200))).toBe(toHex(s32.subarray(0, 200)));
    expect(toHex(s32.subarray(200, 216))).not.toBe(toHex(s16.subarray(200)));
    expect(() => b.open(nonce, s16)).toThrow(AuthenticationError);
    expect(() => a.open(nonce, s32)).toThrow(AuthenticationError);
    a.dispose();
    b.dispose();
  });
});

describe.each(VARIANTS)('$title one-shot', (v) => {
  it('seal/open equal the key object, with a 16-byte tag', () => {
    const rng = new Rng(SEED ^ (0x1505 + v.alg));
    const key = rng.bytes(v.size);
    const nonce = rng.bytes(v.size);
    const pt = new TextEncoder().encode('one-shot AEGIS');
    const aad = new Uint8Array([1, 2, 3]);
    const k = new v.cls(key);
    const want = toHex(k.seal(nonce, pt, aad));
    k.dispose();
    const sealed = v.oneShot.seal(key, nonce, pt, aad);
    expect(toHex(sealed)).toBe(want);
    expect(sealed.length).toBe(pt.length + 16);
    expect(toHex(v.oneShot.open(key, nonce, sealed, aad))).toBe(toHex(pt));
    expect(() => v.oneShot.open(key, nonce, sealed)).toThrow(AuthenticationError);
    expect(() => v.oneShot.seal(new Uint8Array(24), nonce, pt)).toThrow(RangeError);
  });
});

it('AEGIS one-shots reproduce the CFRG vectors with 16-byte tags', () => {
  for (const [v, os] of [
    [VARIANTS[0], aegis128l],
    [VARIANTS[1], aegis256],
  ] as const) {
    for (const t of cfrgTests(v).filter((x) => x.valid)) {
      expect(toHex(os.seal(hex(t.key), hex(t.nonce), hex(t.msg), hex(t.ad))), t.name).toBe(t.ct + t.tag128);
    }
  }
});

it('keyOp refuses an AEGIS key for AES operations and an AES key for AEGIS operations', () => {
  const aegisKey = createAegisKey(0, new Uint8Array(16));
  const aesKey = createAesKey(new Uint8Array(16));
  const n = new Uint8Array(16);
  const out = new Uint8Array(32);
  // 0: GCM seal, 19: AEGIS seal (native/addon/aes.cc)
  expect(() => keyOp(aegisKey.handle, 0, n.subarray(0, 12), new Uint8Array(1), undefined, out, 16)).toThrow('key: an AEGIS key serves only AEGIS');
  expect(() => keyOp(aesKey.handle, 19, n, new Uint8Array(1), undefined, out, 16)).toThrow('key: not an AEGIS key');
  // the addon checks the nonce length itself too
  expect(() => keyOp(aegisKey.handle, 19, new Uint8Array(12), new Uint8Array(1), undefined, out, 16)).toThrow(RangeError);
  expect(() => keyOp(aegisKey.handle, 19, n, new Uint8Array(1), undefined, out, 24)).toThrow(RangeError);
  keyOp(aegisKey.handle, 3);
  keyOp(aesKey.handle, 3);
  expect(() => keyOp(aegisKey.handle, 19, n, new Uint8Array(1), undefined, out, 16)).toThrow(/disposed/);
});
