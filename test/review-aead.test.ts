/**
 * Hostile review of the new AEAD APIs (issue 11): Aegis128L, Aegis256, Aegis128X2/X4,
 * Aegis256X2/X4 and their one-shots, and AesGcmSiv / aesGcmSiv. docs/review-aead-findings.md
 * lists each finding.
 *
 * The first describe block holds the findings: each test there states the behaviour the
 * contract asks for and fails on the code it was written against. The second holds attacks
 * that are handled correctly today, kept as regression tests.
 *
 * Worker tests load the built package (dist/), as test/hardening.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Worker } from 'node:worker_threads';
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
  AesGcmSiv,
  aesGcmSiv,
  AuthenticationError,
  backends,
  DisposedError,
  type AegisKeyObject,
  type AegisOptions,
} from '../src/index.js';
import { arena as privateArena, createAegisKey, createAesKey, keyOp, native } from '../src/native.js';
import { hex, readJson, toHex } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');

type AnyCtor = new (key: Uint8Array, options?: AegisOptions) => AegisKeyObject | AesGcmSiv;
interface Alg {
  name: string;
  cls: AnyCtor;
  oneShot: typeof aegis128l;
  keyLen: number;
  nonceLen: number;
  tags: readonly (16 | 32)[];
}
const ALGS: Alg[] = [
  { name: 'Aegis128L', cls: Aegis128L, oneShot: aegis128l, keyLen: 16, nonceLen: 16, tags: [16, 32] },
  { name: 'Aegis256', cls: Aegis256, oneShot: aegis256, keyLen: 32, nonceLen: 32, tags: [16, 32] },
  { name: 'Aegis128X2', cls: Aegis128X2, oneShot: aegis128x2, keyLen: 16, nonceLen: 16, tags: [16, 32] },
  { name: 'Aegis128X4', cls: Aegis128X4, oneShot: aegis128x4, keyLen: 16, nonceLen: 16, tags: [16, 32] },
  { name: 'Aegis256X2', cls: Aegis256X2, oneShot: aegis256x2, keyLen: 32, nonceLen: 32, tags: [16, 32] },
  { name: 'Aegis256X4', cls: Aegis256X4, oneShot: aegis256x4, keyLen: 32, nonceLen: 32, tags: [16, 32] },
  { name: 'AesGcmSiv', cls: AesGcmSiv as unknown as AnyCtor, oneShot: aesGcmSiv, keyLen: 16, nonceLen: 12, tags: [16] },
];

const make = (a: Alg, options?: AegisOptions) => new a.cls(new Uint8Array(a.keyLen).fill(7), options);

/** A resizable ArrayBuffer (ES2024; the TS lib here is ES2022). */
interface Rab extends ArrayBuffer {
  resize(n: number): void;
}
const resizable = (n: number, max: number): Rab => new (ArrayBuffer as unknown as new (n: number, o: object) => Rab)(n, { maxByteLength: max });

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Findings: these fail on the current code.
// ---------------------------------------------------------------------------------------------
describe('review findings (expected to fail until fixed)', () => {
  describe.each(ALGS)('$name', (a) => {
    // F1. assertBytes is `instanceof Uint8Array`: a Uint8Array (or Buffer) made in another realm
    // (node:vm, Jest's module sandbox, where Node's Buffer is from the outer realm) is refused
    // with "expected a Uint8Array, got a Uint8Array", though the addon accepts it.
    it('F1: accepts a Uint8Array from another realm (vm context) for every argument', () => {
      const ctx = vm.createContext({});
      const foreign = (n: number, fill = 0): Uint8Array => vm.runInContext(`new Uint8Array(${n}).fill(${fill})`, ctx) as Uint8Array;
      const local = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const pt = new Uint8Array(20).fill(2);
      const aad = new Uint8Array(3).fill(3);
      const want = toHex(local.seal(nonce, pt, aad));
      const k = new a.cls(foreign(a.keyLen, 7));
      expect(toHex(k.seal(foreign(a.nonceLen, 1), foreign(20, 2), foreign(3, 3)))).toBe(want);
      const sealed = foreign(want.length / 2);
      sealed.set(hex(want));
      expect(toHex(k.open(foreign(a.nonceLen, 1), sealed, foreign(3, 3)))).toBe(toHex(pt));
      expect(toHex(k.open(nonce, sealed, aad, foreign(20)))).toBe(toHex(pt));
    });

    // F2. The open's arena path (plaintext <= 64 bytes, no out) validates with instanceof and
    // then copies with %TypedArray%.prototype.set, so any typed array whose prototype was set
    // to Uint8Array.prototype passes and its *elements* are truncated to bytes; the addon
    // (every other path, and seal) refuses the same objects with a TypeError.
    it('F2: open refuses a non-Uint8Array typed array whose prototype is Uint8Array.prototype (arena path)', () => {
      const k = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const good = k.seal(nonce, new Uint8Array(10).fill(9));
      const forge = <T extends Uint16Array | Float64Array>(t: T): Uint8Array => {
        Object.setPrototypeOf(t, Uint8Array.prototype);
        return t as unknown as Uint8Array;
      };
      const u16sealed = new Uint16Array(good.length);
      for (let i = 0; i < good.length; i++) u16sealed[i] = good[i] | 0x4200; // not the bytes of `good`
      const f64nonce = new Float64Array(a.nonceLen).fill(1.75); // reads as 1 after truncation
      // seal already refuses these (the addon sees the real type)
      expect(() => k.seal(forge(new Uint16Array(a.nonceLen).fill(0x101)), new Uint8Array(1))).toThrow(TypeError);
      expect(() => k.open(forge(f64nonce), good)).toThrow(TypeError);
      expect(() => k.open(nonce, forge(u16sealed))).toThrow(TypeError);
    });

    // F3. A view of a resizable ArrayBuffer that was shrunk below the view is out of bounds
    // and reads as empty, exactly like a view of a detached buffer, which the API refuses;
    // here it is taken as an empty plaintext or AAD and the call "succeeds".
    it('F3: refuses an out-of-bounds view (resizable ArrayBuffer shrunk) instead of reading it as empty', () => {
      const k = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const oob = (): Uint8Array => {
        const rab = resizable(64, 64);
        const v = new Uint8Array(rab, 32, 16).fill(5);
        rab.resize(16);
        return v;
      };
      expect(oob().length).toBe(0);
      const e1 = caught(() => k.seal(nonce, oob()));
      expect(e1, 'seal(plaintext out of bounds) sealed the empty message').toBeInstanceOf(TypeError);
      expect((e1 as Error).message).toMatch(/^plaintext:/);
      const e2 = caught(() => k.seal(nonce, new Uint8Array(3), oob()));
      expect(e2, 'seal(aad out of bounds) sealed with no AAD').toBeInstanceOf(TypeError);
      expect((e2 as Error).message).toMatch(/^aad:/);
      const e3 = caught(() => k.open(nonce, k.seal(nonce, new Uint8Array(3)), oob()));
      expect(e3).toBeInstanceOf(TypeError);
      expect((e3 as Error).message, 'the error names the argument').toMatch(/^aad:/);
    });

    // F4. The result's length is computed in JS from `.length` before the native call, while
    // the native side processes the arrays' real lengths: a Uint8Array subclass whose length
    // getter lies, or that shrinks a resizable buffer from inside the getter, gets back a
    // result that is not what was sealed/opened (extra trailing bytes, no error).
    it('F4: open returns exactly the plaintext even when sealed is a subclass with a lying length getter', () => {
      const k = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const pt = new Uint8Array(100).fill(3);
      const sealed = k.seal(nonce, pt);
      class Liar extends Uint8Array {
        override get length(): number {
          return super.length + 50;
        }
      }
      let got: Uint8Array | undefined;
      const e = caught(() => (got = k.open(nonce, new Liar(sealed))));
      if (e === undefined) expect(toHex(got!), 'open returned 50 bytes that were never plaintext').toBe(toHex(pt));
      else expect(e).toBeInstanceOf(RangeError);
    });

    it('F4: seal into a subclass out whose length getter shrinks the (length-tracking) plaintext returns what was sealed', () => {
      const k = make(a);
      const tag = k.tagLength;
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const rab = resizable(100, 100);
      const pt = new Uint8Array(rab).fill(4); // length-tracking
      class Shrinker extends Uint8Array {
        override get length(): number {
          rab.resize(50);
          return super.length;
        }
      }
      const out = new Shrinker(100 + tag).fill(0xee);
      let got: Uint8Array | undefined;
      const e = caught(() => (got = k.seal(nonce, pt, undefined, out)));
      if (e !== undefined) return; // refusing is fine
      // otherwise the result must be the sealing of what pt now holds (50 bytes if the getter ran
      // before the native call, 100 if no caller code ran in between), not ct || tag || stale bytes
      const held = Uint8Array.from(pt);
      expect(got!.length, 'ct || tag || 50 stale bytes of out').toBe(held.length + tag);
      expect(toHex(k.open(nonce, Uint8Array.from(got!)))).toBe(toHex(held));
    });

    // F9. A Proxy around a Uint8Array passes `instanceof`, then `.length` throws V8's own
    // TypeError ("Method get TypedArray.prototype.length called on incompatible receiver"),
    // which names no argument; and the message builder (describe() in errors.ts) reads
    // `value.constructor`, so a hostile getter replaces the TypeError with any error it likes.
    it('F9: a Proxy or an object with a throwing constructor getter is a TypeError naming the argument', () => {
      const k = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const sealed = k.seal(nonce, new Uint8Array(5));
      const px = (u: Uint8Array) => new Proxy(u, {}) as Uint8Array;
      const hostile = {
        get constructor(): never {
          throw new Error('not a TypeError');
        },
      } as unknown as Uint8Array;
      const cases: [string, () => unknown][] = [
        ['key', () => new a.cls(px(new Uint8Array(a.keyLen)))],
        ['nonce', () => k.seal(px(nonce), new Uint8Array(1))],
        ['plaintext', () => k.seal(nonce, px(new Uint8Array(5)))],
        ['sealed', () => k.open(nonce, px(sealed))],
        ['plaintext', () => k.seal(nonce, hostile)],
        ['sealed', () => k.open(nonce, hostile)],
      ];
      for (const [name, f] of cases) {
        const e = caught(f);
        expect(e, name).toBeInstanceOf(TypeError);
        expect((e as Error).message, name).toMatch(new RegExp(`^${name}:`));
      }
    });

    // F7. tagLength / nonceLength are plain writable properties (readonly only in TS); a
    // caller's assignment silently changes what seal/open do, and the addon's errors then
    // name no argument ("seal: invalid length or parameter").
    it('F7: tagLength and nonceLength cannot be changed after construction', () => {
      const k = make(a) as { tagLength: number; nonceLength?: number; seal(n: Uint8Array, p: Uint8Array): Uint8Array };
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      caught(() => (k.tagLength = 0));
      expect(k.tagLength).toBe(16);
      if ('nonceLength' in k) {
        caught(() => (k.nonceLength = 12));
        expect(k.nonceLength).toBe(a.nonceLen);
      }
      expect(k.seal(nonce, new Uint8Array(1)).length).toBe(17);
    });

    // F8. A key disposed while a call is in progress (from a getter the call runs) surfaces as
    // the addon's plain Error (code ERR_HWCRYPT_DISPOSED), not the DisposedError the API documents.
    it('F8: a key disposed during the call throws DisposedError', () => {
      const k = make(a);
      const nonce = new Uint8Array(a.nonceLen).fill(1);
      const sealed = k.seal(nonce, new Uint8Array(5));
      class Hook extends Uint8Array {
        hook: (() => void) | null = null;
        override get length(): number {
          const f = this.hook;
          this.hook = null;
          if (f) f();
          return super.length;
        }
      }
      // Either no caller code runs inside the call (then it succeeds), or the error is DisposedError.
      const s = new Hook(sealed);
      s.hook = () => k.dispose();
      const e1 = caught(() => k.open(nonce, s));
      if (e1 !== undefined) expect(e1).toBeInstanceOf(DisposedError);
      const k2 = make(a);
      const p = new Hook(5);
      p.hook = () => k2.dispose();
      const e2 = caught(() => k2.seal(nonce, p));
      if (e2 !== undefined) expect(e2).toBeInstanceOf(DisposedError);
    });
  });

  // F5. Options are read through the prototype chain: a polluted Object.prototype changes the
  // tag length (and the backend) of every key made with an options object.
  it('F5: Object.prototype pollution does not change a key made with {} (tagLength, backend)', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.tagLength = 32;
      proto.backend = 'soft';
      const k = new Aegis128L(new Uint8Array(16), {});
      const siv = new AesGcmSiv(new Uint8Array(16), {});
      expect(k.tagLength).toBe(16);
      expect(k.seal(new Uint8Array(16), new Uint8Array(0)).length).toBe(16);
      expect(k.backend).not.toBe('soft');
      expect(siv.backend).not.toBe('soft');
    } finally {
      delete proto.tagLength;
      delete proto.backend;
    }
  });

  // F6. The addon reads the backend name as a C string: 'soft\0junk' is taken as 'soft'.
  it('F6: a backend name with an embedded NUL is refused', () => {
    for (const make of [
      () => new Aegis128L(new Uint8Array(16), { backend: 'soft\0junk' as 'soft' }),
      () => new Aegis256X4(new Uint8Array(32), { backend: 'aesni\0' as 'aesni' }),
      () => new AesGcmSiv(new Uint8Array(16), { backend: 'soft\0' as 'soft' }),
    ]) {
      expect(make).toThrow(RangeError);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Regression tests: attacks that are handled correctly today.
// ---------------------------------------------------------------------------------------------
describe('review regressions (pass today)', () => {
  it('out at every offset around the input: refused (RangeError) or the right result, never a silent wrong one', () => {
    let refused = 0;
    let ok = 0;
    for (const a of ALGS) {
      for (const backend of backends().aes) {
        for (const tagLength of a.tags) {
          const k = new a.cls(crypto.randomBytes(a.keyLen), { backend, tagLength } as AegisOptions);
          const nonce = crypto.randomBytes(a.nonceLen);
          for (const len of [0, 1, 17, 65]) {
            const pt = crypto.randomBytes(len);
            const aad = crypto.randomBytes(3);
            const want = Buffer.from(k.seal(nonce, pt, aad));
            const need = len + tagLength;
            const size = 2 * need + 16;
            const at = need + 7;
            for (let o = 0; o + need <= size; o++) {
              const where = `${a.name} ${backend} tag ${tagLength} len ${len} out at ${o - at}`;
              const b1 = new Uint8Array(size);
              b1.set(pt, at);
              const e1 = caught(() => {
                const r = k.seal(nonce, b1.subarray(at, at + len), aad, b1.subarray(o, o + need));
                expect(Buffer.from(r).equals(want), where).toBe(true);
                ok++;
              });
              if (e1 !== undefined) {
                expect(e1, where).toBeInstanceOf(RangeError);
                expect((e1 as Error).message, where).toMatch(/^out:/);
                refused++;
              }
              const b2 = new Uint8Array(size);
              b2.set(want, at);
              const e2 = caught(() => {
                const r = k.open(nonce, b2.subarray(at, at + need), aad, b2.subarray(o, o + len));
                expect(Buffer.from(r).equals(pt), where).toBe(true);
                ok++;
              });
              if (e2 !== undefined) {
                expect(e2, where).toBeInstanceOf(RangeError);
                refused++;
              }
            }
          }
          k.dispose();
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(0);
  });

  it('AEGIS-128L/256 equal libsodium (32-byte tags) on every backend, random lengths of message and AAD', async () => {
    const sodium = (await import('libsodium-wrappers')).default as unknown as {
      ready: Promise<void>;
      crypto_aead_aegis128l_encrypt(m: Uint8Array, ad: Uint8Array, ns: null, npub: Uint8Array, k: Uint8Array): Uint8Array;
      crypto_aead_aegis256_encrypt(m: Uint8Array, ad: Uint8Array, ns: null, npub: Uint8Array, k: Uint8Array): Uint8Array;
    };
    await sodium.ready;
    const cases = [
      [Aegis128L, 16, sodium.crypto_aead_aegis128l_encrypt.bind(sodium)],
      [Aegis256, 32, sodium.crypto_aead_aegis256_encrypt.bind(sodium)],
    ] as const;
    for (const [cls, size, enc] of cases) {
      for (const backend of backends().aes) {
        const key = crypto.randomBytes(size);
        const k = new cls(key, { backend, tagLength: 32 });
        for (let i = 0; i < 160; i++) {
          const nonce = crypto.randomBytes(size);
          const len = i < 100 ? i : crypto.randomInt(4000);
          const pt = crypto.randomBytes(len);
          const aad = crypto.randomBytes(i < 100 ? (i * 7) % 130 : crypto.randomInt(1500));
          const want = Buffer.from(enc(pt, aad, null, nonce, key)).toString('hex');
          expect(toHex(k.seal(nonce, pt, aad)), `${cls.name} ${backend} len ${len} aad ${aad.length}`).toBe(want);
          expect(toHex(k.open(nonce, hex(want), aad))).toBe(toHex(pt));
        }
        k.dispose();
      }
    }
  });

  it('a key of one tag length refuses the CFRG vectors sealed with the other', () => {
    for (const [cls, file] of [
      [Aegis128L, 'cfrg/aegis128l.json'],
      [Aegis256, 'cfrg/aegis256.json'],
    ] as const) {
      const tests = readJson<{ tests: { key: string; nonce: string; ad: string; msg?: string; ct: string; tag128: string; tag256: string; valid: boolean }[] }>(file).tests.filter((t) => t.valid);
      expect(tests.length).toBeGreaterThan(3);
      for (const t of tests) {
        const k16 = new cls(hex(t.key));
        const k32 = new cls(hex(t.key), { tagLength: 32 });
        expect(toHex(k16.open(hex(t.nonce), hex(t.ct + t.tag128), hex(t.ad)))).toBe(t.msg ?? '');
        expect(toHex(k32.open(hex(t.nonce), hex(t.ct + t.tag256), hex(t.ad)))).toBe(t.msg ?? '');
        const out = new Uint8Array(t.ct.length / 2 + 16).fill(0xaa);
        expect(() => k16.open(hex(t.nonce), hex(t.ct + t.tag256), hex(t.ad), out)).toThrow(AuthenticationError);
        expect(out.subarray(0, t.ct.length / 2 + 16).every((b) => b === 0)).toBe(true);
        expect(() => k16.open(hex(t.nonce), hex(t.ct + t.tag256), hex(t.ad))).toThrow(AuthenticationError);
        // a 16-byte-tag message is a too-short or a forged one for a 32-byte-tag key
        const e = caught(() => k32.open(hex(t.nonce), hex(t.ct + t.tag128), hex(t.ad)));
        if (t.ct.length / 2 < 16) expect(e).toBeInstanceOf(RangeError);
        else expect(e).toBeInstanceOf(AuthenticationError);
        k16.dispose();
        k32.dispose();
      }
    }
  });

  describe.each(ALGS)('$name bad input', (a) => {
    const nonce = new Uint8Array(a.nonceLen).fill(1);

    it('types: every bad argument is a TypeError naming it', () => {
      const k = make(a);
      const pt = new Uint8Array(4);
      const sealed = k.seal(nonce, pt);
      for (const bad of [null, 5, 'abcd', [1, 2, 3], { length: 16 }, new ArrayBuffer(16), new DataView(new ArrayBuffer(32)), new Uint16Array(16), new Uint8ClampedArray(32), new Int8Array(32)]) {
        const b = bad as unknown as Uint8Array;
        expect(() => k.seal(b, pt)).toThrow(/^nonce:/);
        expect(() => k.seal(b, pt)).toThrow(TypeError);
        expect(() => k.seal(nonce, b)).toThrow(TypeError);
        expect(() => k.seal(nonce, b)).toThrow(/^plaintext:/);
        expect(() => k.seal(nonce, pt, b)).toThrow(/^aad:/);
        expect(() => k.seal(nonce, pt, undefined, b)).toThrow(/^out:/);
        expect(() => k.open(b, sealed)).toThrow(/^nonce:/);
        expect(() => k.open(nonce, b)).toThrow(/^sealed:/);
        expect(() => k.open(nonce, sealed, b)).toThrow(/^aad:/);
        expect(() => k.open(nonce, sealed, undefined, b)).toThrow(/^out:/);
        expect(() => new a.cls(b)).toThrow(/^key:/);
        expect(() => a.oneShot.seal(b, nonce, pt)).toThrow(/^key:/);
      }
      // extra arguments are ignored; Buffer subclasses are Uint8Arrays
      const k2 = make(a) as AegisKeyObject;
      expect(toHex((k2.seal as (...x: unknown[]) => Uint8Array)(Buffer.from(nonce), Buffer.from(pt), undefined, undefined, 'extra', {}))).toBe(toHex(sealed));
    });

    it('detached buffers for every argument are a TypeError naming it (seal, open, one-shot)', () => {
      const k = make(a);
      const gone = (n: number) => {
        const v = new Uint8Array(n);
        structuredClone(v.buffer, { transfer: [v.buffer] });
        return v;
      };
      const pt = new Uint8Array(4);
      const sealed = k.seal(nonce, pt);
      const bigSealed = k.seal(nonce, new Uint8Array(300));
      expect(() => k.seal(gone(a.nonceLen), pt)).toThrow('nonce: the ArrayBuffer is detached');
      expect(() => k.seal(nonce, gone(4))).toThrow('plaintext: the ArrayBuffer is detached');
      expect(() => k.seal(nonce, pt, gone(4))).toThrow('aad: the ArrayBuffer is detached');
      expect(() => k.seal(nonce, pt, undefined, gone(64))).toThrow('out: the ArrayBuffer is detached');
      expect(() => k.open(gone(a.nonceLen), sealed)).toThrow('nonce: the ArrayBuffer is detached');
      expect(() => k.open(nonce, gone(40))).toThrow('sealed: the ArrayBuffer is detached');
      expect(() => k.open(nonce, sealed, gone(3))).toThrow('aad: the ArrayBuffer is detached');
      expect(() => k.open(nonce, bigSealed, gone(3))).toThrow('aad: the ArrayBuffer is detached');
      expect(() => k.open(nonce, bigSealed, undefined, gone(300))).toThrow('out: the ArrayBuffer is detached');
      expect(() => new a.cls(gone(a.keyLen))).toThrow('key: the ArrayBuffer is detached');
      expect(() => a.oneShot.open(new Uint8Array(a.keyLen), nonce, gone(40))).toThrow(TypeError);
    });

    it('a key detached from inside an options getter is refused, not read as empty', () => {
      const key = new Uint8Array(a.keyLen).fill(1);
      const opts = {
        get backend() {
          structuredClone(key.buffer, { transfer: [key.buffer] });
          return undefined;
        },
      };
      expect(() => new a.cls(key, opts as AegisOptions)).toThrow(TypeError);
    });

    it('zero-length messages, odd byteOffsets, a Buffer pool slice: same results as plain arrays', () => {
      const k = make(a);
      for (const len of [0, 1, 63, 64, 65]) {
        const pt = crypto.randomBytes(len);
        const aad = crypto.randomBytes(len % 7);
        const want = toHex(k.seal(nonce, pt, aad));
        const odd = (b: Uint8Array) => {
          const big = new Uint8Array(b.length + 9);
          big.set(b, 5);
          return big.subarray(5, 5 + b.length);
        };
        expect(toHex(k.seal(odd(nonce), odd(pt), odd(aad)))).toBe(want);
        expect(toHex(k.seal(Buffer.from(nonce), Buffer.from(pt), Buffer.from(aad)))).toBe(want);
        expect(toHex(k.open(odd(nonce), odd(hex(want)), odd(aad)))).toBe(toHex(pt));
        expect(toHex(k.open(nonce, hex(want), aad, odd(new Uint8Array(len))))).toBe(toHex(pt));
        expect(toHex(k.open(nonce, hex(want), aad, new Uint8Array(len + 40)))).toBe(toHex(pt));
        // an empty AAD is the same as none
        expect(toHex(k.seal(nonce, pt, new Uint8Array(0)))).toBe(toHex(k.seal(nonce, pt)));
      }
    });

    it('failed open: AuthenticationError, out zeroed, no plaintext anywhere (arena and out paths)', () => {
      const k = make(a);
      for (const len of [0, 5, 64, 65, 1000]) {
        const sealed = k.seal(nonce, new Uint8Array(len).fill(0x5a)).slice();
        sealed[sealed.length - 1] ^= 1;
        const out = new Uint8Array(len).fill(0xaa);
        expect(() => k.open(nonce, sealed, undefined, out)).toThrow(AuthenticationError);
        expect(out.every((b) => b === 0)).toBe(true);
        const e = caught(() => k.open(nonce, sealed));
        expect(e).toBeInstanceOf(AuthenticationError);
        expect((e as AuthenticationError).code).toBe('ERR_HWCRYPT_AUTH');
        // in place: the ciphertext is zeroed, never left as plaintext
        const inPlace = sealed.slice();
        expect(() => k.open(nonce, inPlace, undefined, inPlace)).toThrow(AuthenticationError);
        expect(inPlace.subarray(0, len).every((b) => b === 0)).toBe(true);
      }
    });

    it('disposed key: DisposedError from seal, open and backend; one-shots dispose their key', () => {
      const k = make(a);
      const sealed = k.seal(nonce, new Uint8Array(2));
      k.dispose();
      expect(() => k.seal(nonce, new Uint8Array(2))).toThrow(DisposedError);
      expect(() => k.open(nonce, sealed)).toThrow(DisposedError);
      expect(() => k.backend).toThrow(DisposedError);
      expect(() => k.dispose()).not.toThrow();
      // the methods are bound to the class: a forged receiver is a TypeError, not a crash
      expect(() => (k.seal as (...x: unknown[]) => unknown).call({}, nonce, new Uint8Array(2))).toThrow(TypeError);
    });
  });

  it('keyOp: AES <-> AEGIS dispatch, AES-192 and XTS keys for GCM-SIV, forged handles, bad arena lengths', () => {
    const ag = createAegisKey(0, new Uint8Array(16));
    const aes = createAesKey(new Uint8Array(16));
    const a192 = createAesKey(new Uint8Array(24));
    const xts = createAesKey(new Uint8Array(32).map((_, i) => i), undefined, true);
    const n16 = new Uint8Array(16);
    for (let code = 0; code <= 18; code++) {
      if (code === 3) continue; // dispose
      expect(() => keyOp(ag.handle, code, 1, 2, 3, 4, 5, 6), `code ${code}`).toThrow('key: an AEGIS key serves only AEGIS');
    }
    for (const code of [19, 20, 21]) expect(() => keyOp(aes.handle, code, 1, 2, 3, 4, 5, 6)).toThrow('key: not an AEGIS key');
    expect(() => keyOp(a192.handle, 16, new Uint8Array(12), new Uint8Array(3), undefined, new Uint8Array(19), 16)).toThrow(RangeError);
    expect(() => keyOp(a192.handle, 17, new Uint8Array(12), new Uint8Array(19), 16, undefined, new Uint8Array(3))).toThrow(RangeError);
    expect(() => keyOp(xts.handle, 16, new Uint8Array(12), new Uint8Array(3), undefined, new Uint8Array(19), 16)).toThrow(TypeError);
    expect(() => keyOp({}, 19, n16, n16, undefined, new Uint8Array(40), 16)).toThrow(TypeError);
    expect(() => keyOp(new native.HashCtx(0), 19, n16, n16, undefined, new Uint8Array(40), 16)).toThrow(TypeError);
    for (const lens of [
      [16, 0, 10, 16],
      [16, 2 ** 32 - 1, 16, 16],
      [-1, 0, 16, 16],
      [16, 0, 200, 16],
    ]) {
      expect(() => keyOp(ag.handle, 21, ...lens)).toThrow(RangeError);
    }
    expect(() => keyOp(ag.handle, 20, n16, new Uint8Array(16), 0, undefined, new Uint8Array(16))).toThrow(RangeError);
    expect(() => keyOp(ag.handle, 19, n16, new Uint8Array(1), undefined, new Uint8Array(40), 24)).toThrow(RangeError);
    expect(() => keyOp(ag.handle, 20, n16, new Uint8Array(200), 16, undefined, null)).toThrow(RangeError);
    expect(() => keyOp(ag.handle, 19, new Uint8Array(32), new Uint8Array(1), undefined, new Uint8Array(40), 16)).toThrow(RangeError);
    for (const k of [ag, aes, a192, xts]) keyOp(k.handle, 3);
  });

  it('options: tagLength and backend values', () => {
    for (const t of [0, 15, 17, 24, 64, -16, -0]) expect(() => new Aegis256(new Uint8Array(32), { tagLength: t as 16 })).toThrow(RangeError);
    for (const t of [32.5, '16', NaN, Infinity, null, 16n]) expect(() => new Aegis256(new Uint8Array(32), { tagLength: t as 16 })).toThrow(TypeError);
    for (const b of ['', 'AESNI', ' soft', 'x'.repeat(40), 'armv8-but-longer']) {
      for (const a of ALGS) expect(() => make(a, { backend: b as 'soft' })).toThrow("options.backend: '");
    }
    for (const a of ALGS) for (const o of [5, 'x', null, true]) expect(() => make(a, o as unknown as AegisOptions)).toThrow(TypeError);
  });

  it('patched Uint8Array/%TypedArray% methods and getters, and Symbol.species: same results, never handed the arena', () => {
    const TA = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;
    const U8 = Uint8Array.prototype as unknown as Record<string, unknown>;
    const bufferOf = Object.getOwnPropertyDescriptor(TA, 'buffer')!.get!;
    const arenaBuf = privateArena.buffer;
    const k = new Aegis128L(new Uint8Array(16).fill(1));
    const siv = new AesGcmSiv(new Uint8Array(16).fill(1));
    const x4 = new Aegis256X4(new Uint8Array(32).fill(1), { tagLength: 32 });
    const run = (): string => {
      const r: string[] = [];
      for (const len of [0, 5, 64, 65, 300]) {
        const pt = new Uint8Array(len).fill(3);
        const aad = new Uint8Array(len % 7).fill(4);
        const n16 = new Uint8Array(16);
        const n12 = new Uint8Array(12);
        const n32 = new Uint8Array(32);
        const a = k.seal(n16, pt, aad);
        r.push(toHex(a), toHex(k.open(n16, a, aad)), toHex(k.open(n16, a, aad, new Uint8Array(len + 9))));
        const b = siv.seal(n12, pt, aad, new Uint8Array(len + 30));
        r.push(toHex(b), toHex(siv.open(n12, new Uint8Array(b), aad)));
        const c = x4.seal(n32, pt, aad);
        r.push(toHex(c), toHex(x4.open(n32, c, aad)));
        r.push(toHex(aegis256.open(n32, n32, aegis256.seal(n32, n32, pt, aad), aad)));
        r.push(toHex(aesGcmSiv.open(n16, n12, aesGcmSiv.seal(n16, n12, pt, aad), aad)));
      }
      return r.join();
    };
    const want = run();
    const handedArena: string[] = [];
    const note = (name: string, self: unknown) => {
      try {
        if (self && bufferOf.call(self) === arenaBuf) handedArena.push(name);
      } catch {
        /* not a typed array */
      }
    };
    const saved: [object, PropertyKey, PropertyDescriptor | undefined][] = [];
    const patch = (obj: object, key: PropertyKey, desc: PropertyDescriptor) => {
      saved.push([obj, key, Object.getOwnPropertyDescriptor(obj, key)]);
      Object.defineProperty(obj, key, { configurable: true, ...desc });
    };
    try {
      for (const m of ['set', 'subarray', 'slice', 'fill', 'map', 'at', 'toString']) {
        const o = (U8[m] ?? TA[m]) as (...x: unknown[]) => unknown;
        patch(Uint8Array.prototype, m, {
          writable: true,
          value(this: unknown, ...args: unknown[]) {
            note(m, this);
            for (const x of args) note(`${m} argument`, x);
            return o.apply(this, args);
          },
        });
      }
      for (const g of ['byteLength', 'buffer', 'byteOffset', 'length']) {
        const d = Object.getOwnPropertyDescriptor(TA, g)!;
        patch(Uint8Array.prototype, g, {
          get(this: unknown) {
            note(g, this);
            return d.get!.call(this);
          },
        });
      }
      patch(Uint8Array, Symbol.species, {
        get() {
          return Uint8Array;
        },
      });
      expect(run()).toBe(want);
    } finally {
      for (const [obj, key, d] of saved.reverse()) {
        if (d) Object.defineProperty(obj, key, d);
        else delete (obj as Record<PropertyKey, unknown>)[key];
      }
    }
    expect(handedArena).toEqual([]);
  });

  it('seal after a previous result\'s ArrayBuffer was transferred (the slab) still works', () => {
    const k = new Aegis128L(new Uint8Array(16));
    const n = new Uint8Array(16);
    const want = toHex(k.seal(n, new Uint8Array(5)));
    const r = k.seal(n, new Uint8Array(5));
    structuredClone(r.buffer, { transfer: [r.buffer as ArrayBuffer] });
    expect(toHex(k.seal(n, new Uint8Array(5)))).toBe(want);
  });

  it('SharedArrayBuffer sealed flipped between two messages by another worker: open gives one of them or AuthenticationError with out zeroed', async () => {
    for (const a of [ALGS[0], ALGS[5], ALGS[6]]) {
      const k = new a.cls(crypto.randomBytes(a.keyLen));
      const nonce = crypto.randomBytes(a.nonceLen);
      for (const len of [40, 500]) {
        const pa = crypto.randomBytes(len);
        const pb = crypto.randomBytes(len);
        const A = Buffer.from(k.seal(nonce, pa));
        const B = Buffer.from(k.seal(nonce, pb));
        const sab = new SharedArrayBuffer(A.length);
        const stop = new Int32Array(new SharedArrayBuffer(4));
        const view = new Uint8Array(sab);
        view.set(A);
        const w = new Worker(
          `const { workerData: { sab, A, B, stop } } = require('node:worker_threads');
           const v = new Uint8Array(sab);
           for (let i = 0; Atomics.load(stop, 0) === 0; i++) { const j = i % A.length; v[j] = ((i / A.length) | 0) & 1 ? B[j] : A[j]; }`,
          { eval: true, workerData: { sab, A, B, stop } },
        );
        await new Promise((r) => setTimeout(r, 30));
        const sharedOut = new Uint8Array(new SharedArrayBuffer(len));
        let wrong = 0;
        let opened = 0;
        try {
          for (let i = 0; i < 4000; i++) {
            for (const out of [undefined, sharedOut, new Uint8Array(len)]) {
              const e = caught(() => {
                const p = Buffer.from(k.open(nonce, view, undefined, out));
                if (p.equals(pa) || p.equals(pb)) opened++;
                else wrong++;
              });
              if (e !== undefined) {
                expect(e).toBeInstanceOf(AuthenticationError);
                if (out && out.some((b) => b !== 0)) wrong++;
              }
            }
          }
        } finally {
          Atomics.store(stop, 0, 1);
          await w.terminate();
        }
        expect(wrong, `${a.name} len ${len}`).toBe(0);
      }
      (k as { dispose(): void }).dispose();
    }
  });

  it('survives worker terminations in the middle of AEGIS-X and GCM-SIV calls (incl. SharedArrayBuffer paths)', () => {
    const body = `
const { parentPort, workerData } = require('node:worker_threads');
const h = require(workerData.root);
parentPort.postMessage('running');
const key = new Uint8Array(32).fill(1), d = new Uint8Array(3000).fill(2), sab = new Uint8Array(new SharedArrayBuffer(3100));
const C = [[h.Aegis128X2, 16, 16], [h.Aegis128X4, 16, 16], [h.Aegis256X2, 32, 32], [h.Aegis256X4, 32, 32], [h.AesGcmSiv, 16, 12], [h.Aegis128L, 16, 16]];
for (let i = 0; ; i++) {
  const [c, ks, nl] = C[i % C.length];
  const k = new c(key.subarray(0, ks)), n = d.subarray(0, nl);
  const s = k.seal(n, d.subarray(0, i % 3000), n);
  k.open(n, s, n);
  sab.set(s); k.open(n, sab.subarray(0, s.length), n, sab.subarray(0, s.length - 16));
  s[s.length - 1] ^= 1;
  try { k.open(n, s, n); } catch (e) { if (e.code !== 'ERR_HWCRYPT_AUTH') throw e; }
  h.aesGcmSiv.open(key, d.subarray(0, 12), h.aesGcmSiv.seal(key, d.subarray(0, 12), d.subarray(0, 50)));
  if (i % 3) k.dispose();
}`;
    const script = `'use strict';
const { Worker } = require('node:worker_threads');
(async () => {
  let survived = 0;
  for (let i = 0; i < 60; i++) {
    const w = new Worker(${JSON.stringify(body)}, { eval: true, workerData: { root: ${JSON.stringify(ROOT)} } });
    let failed = null;
    w.on('error', (e) => (failed = e));
    await new Promise((resolve) => w.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1 + ((i * 13) % 35)));
    if (failed) throw new Error('worker failed on its own: ' + failed.stack);
    await w.terminate();
    survived++;
  }
  console.log('survived ' + survived + ' terminations');
})().catch((e) => { console.error(e); process.exit(1); });`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwcrypt-review-'));
    const file = path.join(dir, 'storm.cjs');
    fs.writeFileSync(file, script);
    try {
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 240_000 });
      expect(r.stderr).not.toMatch(/FATAL|Abort|Segmentation/);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('survived 60 terminations');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
