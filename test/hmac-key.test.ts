/**
 * HmacKey: every hash, on every backend of its family, with keys of length 0, shorter than
 * the block, the block, and longer than it, against node:crypto's createHmac; verify (true,
 * false, wrong length), create(), macMany, dispose and garbage collection.
 */
import * as crypto from 'node:crypto';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DisposedError,
  FinalizedError,
  getBackend,
  type HashName,
  HmacKey,
  Hmac,
  setBackend,
  sha1,
  sha256,
  sha512,
  sha512_256,
} from '../src/index.js';
import { describeBackends, Rng, SEED } from './helpers.js';

const BY_FAMILY: Record<'sha1' | 'sha256' | 'sha512', HashName[]> = {
  sha1: ['sha1'],
  sha256: ['sha224', 'sha256'],
  sha512: ['sha384', 'sha512', 'sha512-256'],
};
const BLOCK: Record<HashName, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128, 'sha512-256': 128 };
const OUT: Record<HashName, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-256': 32 };

const ref = (alg: HashName, key: Uint8Array, m: Uint8Array): string => crypto.createHmac(alg, key).update(m).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** Data lengths: around the blocks and the arena limit (960 bytes), and longer. */
const LENGTHS = [0, 1, 31, 32, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 200, 895, 896, 928, 959, 960, 961, 1024, 5000];

for (const family of ['sha1', 'sha256', 'sha512'] as const) {
  describeBackends(family, `HmacKey over the ${family} family`, (backend) => {
    beforeAll(() => setBackend(family, backend as never));
    afterAll(() => setBackend(family, 'auto'));

    for (const alg of BY_FAMILY[family]) {
      const bl = BLOCK[alg];
      it(`${alg}: keys of 0, < block, = block, > block bytes; mac, mac(out), verify, create, macMany`, () => {
        expect(getBackend(family)).toBe(backend);
        const rng = new Rng(SEED ^ bl ^ alg.length);
        for (const keyLen of [0, 1, 20, bl - 1, bl, bl + 1, 2 * bl + 5]) {
          const key = rng.bytes(keyLen);
          const k = new HmacKey(alg, key);
          expect(k.backend).toBe(backend);
          expect(k.algorithm).toBe(alg);
          expect(k.outputLen).toBe(OUT[alg]);
          const msgs = LENGTHS.map((n) => rng.bytes(n));
          for (const m of msgs) {
            const want = ref(alg, key, m);
            const tag = k.mac(m);
            expect(hex(tag), `${alg} key ${keyLen} data ${m.length}`).toBe(want);
            const out = new Uint8Array(OUT[alg] + 3).fill(0xee);
            expect(hex(k.mac(m, out))).toBe(want);
            expect(out[OUT[alg]]).toBe(0xee);
            expect(k.verify(m, tag)).toBe(true);
            const bad = tag.slice();
            bad[bad.length - 1] ^= 1;
            expect(k.verify(m, bad)).toBe(false);
            if (m.length) {
              const m2 = m.slice();
              m2[0] ^= 0x80;
              expect(k.verify(m2, tag)).toBe(false);
            }
            const h = k.create();
            expect(h).toBeInstanceOf(Hmac);
            const cut = m.length >> 1;
            expect(hex(h.update(m.subarray(0, cut)).update(m.subarray(cut)).digest())).toBe(want);
          }
          const many = k.macMany(msgs);
          expect(many.map(hex)).toEqual(msgs.map((m) => ref(alg, key, m)));
          k.dispose();
        }
      });
    }

    it('options.backend forces the backend of one key', () => {
      const alg = BY_FAMILY[family][0];
      const k = new HmacKey(alg, new Uint8Array(5), { backend: 'soft' });
      expect(k.backend).toBe('soft');
      expect(hex(k.mac(new Uint8Array(3)))).toBe(ref(alg, new Uint8Array(5), new Uint8Array(3)));
    });
  });
}

describe('HmacKey: API', () => {
  const key = new Uint8Array(32).fill(7);

  it('takes a hash name in any case, or one of the hash functions', () => {
    const d = new Uint8Array([1, 2, 3]);
    for (const [h, name] of [
      [sha256, 'sha256'],
      [sha1, 'sha1'],
      [sha512, 'sha512'],
      [sha512_256, 'sha512-256'],
      ['SHA256', 'sha256'],
      ['Sha512-256', 'sha512-256'],
    ] as const) {
      const k = new HmacKey(h as never, key);
      expect(k.algorithm).toBe(name);
      expect(hex(k.mac(d))).toBe(ref(name, key, d));
    }
  });

  it('bad hash, key, options', () => {
    expect(() => new HmacKey('md5' as never, key)).toThrow(RangeError);
    expect(() => new HmacKey('constructor' as never, key)).toThrow(RangeError);
    expect(() => new HmacKey(5 as never, key)).toThrow(TypeError);
    expect(() => new HmacKey(((d: Uint8Array) => d) as never, key)).toThrow(TypeError);
    expect(() => new HmacKey('sha256', 'secret' as never)).toThrow(/^key: expected a Uint8Array/);
    expect(() => new HmacKey('sha256', key, { backend: 'nope' as never })).toThrow(RangeError);
    expect(() => new HmacKey('sha512', key, { backend: 'shani' as never })).toThrow(RangeError);
    expect(() => new HmacKey('sha256', key, { backend: 3 as never })).toThrow(TypeError);
    expect(() => new HmacKey('sha256', key, null as never)).toThrow(TypeError);
    const det = new Uint8Array(8);
    structuredClone(det.buffer, { transfer: [det.buffer] });
    expect(() => new HmacKey('sha256', det)).toThrow(/^key: the ArrayBuffer is detached/);
  });

  it('the key is copied: changing it afterwards changes nothing', () => {
    const kb = new Uint8Array(16).fill(1);
    const k = new HmacKey('sha256', kb);
    kb.fill(2);
    expect(hex(k.mac(new Uint8Array(4)))).toBe(ref('sha256', new Uint8Array(16).fill(1), new Uint8Array(4)));
  });

  it('verify: wrong tag lengths (truncated, longer, empty) are false, not errors', () => {
    const k = new HmacKey('sha256', key);
    const d = new Uint8Array(40).fill(9);
    const tag = k.mac(d);
    expect(k.verify(d, tag)).toBe(true);
    expect(k.verify(d, tag.subarray(0, 16))).toBe(false);
    expect(k.verify(d, tag.subarray(0, 31))).toBe(false);
    const longer = new Uint8Array(33);
    longer.set(tag);
    expect(k.verify(d, longer)).toBe(false);
    expect(k.verify(d, new Uint8Array(0))).toBe(false);
    // Long data takes the typed-array path: same answers.
    const big = new Uint8Array(5000).fill(3);
    const bt = k.mac(big);
    expect(k.verify(big, bt)).toBe(true);
    expect(k.verify(big, bt.subarray(0, 16))).toBe(false);
    bt[0] ^= 1;
    expect(k.verify(big, bt)).toBe(false);
  });

  it('verify and mac: bad argument types and detached views', () => {
    const k = new HmacKey('sha256', key);
    expect(() => k.mac('x' as never)).toThrow(/^data: expected a Uint8Array/);
    expect(() => k.mac(new Uint8Array(1), new Uint8Array(31))).toThrow(/^out: expected at least 32 bytes/);
    expect(() => k.mac(new Uint8Array(1), [] as never)).toThrow(/^out: expected a Uint8Array/);
    expect(() => k.verify(new Uint8Array(1), 'x' as never)).toThrow(/^tag: expected a Uint8Array/);
    expect(() => k.verify(null as never, new Uint8Array(32))).toThrow(/^data: expected a Uint8Array/);
    const det = new Uint8Array(8);
    structuredClone(det.buffer, { transfer: [det.buffer] });
    expect(() => k.mac(det)).toThrow(/^data: the ArrayBuffer is detached/);
    expect(() => k.verify(det, new Uint8Array(32))).toThrow(/^data: the ArrayBuffer is detached/);
    expect(() => k.verify(new Uint8Array(1), det)).toThrow(/^tag: the ArrayBuffer is detached/);
  });

  it('mac(out) may be the data itself (written after it is read)', () => {
    const k = new HmacKey('sha256', key);
    const buf = new Uint8Array(2000).fill(4);
    const want = ref('sha256', key, buf);
    expect(hex(k.mac(buf, buf))).toBe(want);
  });

  it('mac results without out are arrays of their own; the arena is left zeroed for the next call', () => {
    const k = new HmacKey('sha512', key);
    const a = k.mac(new Uint8Array(10));
    const b = k.mac(new Uint8Array(10));
    expect(a.buffer).not.toBe(b.buffer);
    expect(hex(a)).toBe(hex(b));
  });

  it('create(): independent of the key and of each other; digest() ends it', () => {
    const k = new HmacKey('sha1', key);
    const h1 = k.create().update(new Uint8Array([1]));
    const h2 = k.create();
    k.dispose();
    expect(hex(h1.digest())).toBe(ref('sha1', key, new Uint8Array([1])));
    expect(hex(h2.digest())).toBe(ref('sha1', key, new Uint8Array(0)));
    expect(() => h1.digest()).toThrow(FinalizedError);
  });

  it('macMany: empty, bad input named by index, views of one buffer', () => {
    const k = new HmacKey('sha256', key);
    expect(k.macMany([])).toEqual([]);
    expect(() => k.macMany('x' as never)).toThrow(/^messages: expected an Array/);
    expect(() => k.macMany([new Uint8Array(1), 5 as never])).toThrow(/^messages\[1\]: expected a Uint8Array, got number/);
    const tags = k.macMany([new Uint8Array(1), new Uint8Array(100), new Uint8Array(0)]);
    expect(tags[1].buffer).toBe(tags[0].buffer);
    expect(tags[2].byteOffset).toBe(64);
    // Staged (short batch) and as arguments (over 1 MiB, in calls of 8192).
    const few = Array.from({ length: 8192 + 3 }, (_, i) => new Uint8Array([i & 0xff, i >> 8]));
    const t = k.macMany(few);
    for (const i of [0, 8191, 8192, 8194]) expect(hex(t[i])).toBe(ref('sha256', key, few[i]));
    const many = Array.from({ length: 8192 + 3 }, (_, i) => new Uint8Array(130).fill(i & 0xff));
    const t2 = k.macMany(many);
    for (const i of [0, 8191, 8192, 8194]) expect(hex(t2[i])).toBe(ref('sha256', key, many[i]));
  });

  it('dispose(): idempotent; every later call throws DisposedError', () => {
    const k = new HmacKey('sha384', key);
    k.dispose();
    k.dispose();
    expect(() => k.mac(new Uint8Array(1))).toThrow(DisposedError);
    expect(() => k.mac(new Uint8Array(2000))).toThrow(DisposedError);
    expect(() => k.verify(new Uint8Array(1), new Uint8Array(48))).toThrow(DisposedError);
    expect(() => k.create()).toThrow(DisposedError);
    expect(() => k.macMany([])).toThrow(DisposedError);
    expect(() => k.backend).toThrow(DisposedError);
    expect(k.outputLen).toBe(48);
    try {
      k.mac(new Uint8Array(1));
    } catch (e) {
      expect((e as DisposedError).code).toBe('ERR_HWCRYPT_DISPOSED');
    }
  });

  it('undisposed keys are collected by the garbage collector (nothing keeps them alive)', async () => {
    // The native states go with the key's function (its finalizer wipes and frees them; the
    // size is reported with napi_adjust_external_memory, which Node 20's memoryUsage() does not
    // show, so this checks the collection itself).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    let freed = 0;
    const registry = new FinalizationRegistry(() => {
      freed++;
    });
    const keyBytes = new Uint8Array(200);
    (() => {
      for (let i = 0; i < 2000; i++) {
        const k = new HmacKey('sha512', keyBytes);
        k.mac(keyBytes);
        registry.register(k, i);
      }
    })();
    for (let i = 0; i < 50 && freed < 2000; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(freed).toBe(2000);
  });
});
