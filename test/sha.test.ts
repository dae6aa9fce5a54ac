/**
 * SHA-1 and SHA-2 on every backend: NIST SHAVS Short/Long/Monte vectors,
 * and a differential test against node:crypto with random chunkings of the
 * incremental API.
 */
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Family,
  type HashFn,
  setBackend,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
  sha512_256,
} from '../src/index.js';
import { describeBackends, hex, readRsp, Rng, SEED, toHex, unaligned } from './helpers.js';

interface Alg {
  name: string;
  fn: HashFn;
  family: Family;
  file: string;
  node: string;
}

const ALGS: Alg[] = [
  { name: 'SHA-1', fn: sha1, family: 'sha1', file: 'SHA1', node: 'sha1' },
  { name: 'SHA-224', fn: sha224, family: 'sha256', file: 'SHA224', node: 'sha224' },
  { name: 'SHA-256', fn: sha256, family: 'sha256', file: 'SHA256', node: 'sha256' },
  { name: 'SHA-384', fn: sha384, family: 'sha512', file: 'SHA384', node: 'sha384' },
  { name: 'SHA-512', fn: sha512, family: 'sha512', file: 'SHA512', node: 'sha512' },
  { name: 'SHA-512/256', fn: sha512_256, family: 'sha512', file: 'SHA512_256', node: 'sha512-256' },
];

for (const family of ['sha1', 'sha256', 'sha512'] as const) {
  describeBackends(family, `${family} family`, (backend) => {
    // One-shot functions use the family's selected backend: select it for this block.
    beforeAll(() => setBackend(family, backend as never));
    afterAll(() => setBackend(family, 'auto'));

    for (const alg of ALGS.filter((a) => a.family === family)) {
      it(`${alg.name}: NIST ${alg.file}ShortMsg and LongMsg`, () => {
        let n = 0;
        for (const kind of ['ShortMsg', 'LongMsg']) {
          for (const r of readRsp(`nist/sha/${alg.file}${kind}.rsp`).filter((x) => x.fields.Len !== undefined)) {
            const msg = Number(r.fields.Len) === 0 ? new Uint8Array(0) : hex(r.fields.Msg);
            expect(toHex(alg.fn(msg)), `${kind} Len ${r.fields.Len}`).toBe(r.fields.MD.toLowerCase());
            const h = alg.fn.create({ backend });
            expect(h.backend).toBe(backend);
            expect(toHex(h.update(msg).digest()), `${kind} Len ${r.fields.Len} (incremental)`).toBe(
              r.fields.MD.toLowerCase(),
            );
            n++;
          }
        }
        expect(n).toBeGreaterThan(120);
      });

      it(`${alg.name}: NIST ${alg.file}Monte (100 checkpoints x 1000 chained hashes)`, () => {
        const recs = readRsp(`nist/sha/${alg.file}Monte.rsp`);
        const seedRec = recs.find((r) => r.fields.Seed !== undefined);
        let seed = hex(seedRec!.fields.Seed);
        const checkpoints = recs.filter((r) => r.fields.COUNT !== undefined);
        expect(checkpoints.length).toBe(100);
        for (const cp of checkpoints) {
          let m0 = seed;
          let m1 = seed;
          let m2 = seed;
          let md = seed;
          for (let i = 3; i < 1003; i++) {
            const buf = new Uint8Array(m0.length + m1.length + m2.length);
            buf.set(m0, 0);
            buf.set(m1, m0.length);
            buf.set(m2, m0.length + m1.length);
            md = alg.fn(buf);
            m0 = m1;
            m1 = m2;
            m2 = md;
          }
          expect(toHex(md), `COUNT ${cp.fields.COUNT}`).toBe(cp.fields.MD.toLowerCase());
          seed = md;
        }
      });

      it(`${alg.name}: matches node:crypto on lengths 0..1000 and random chunkings (seed ${SEED})`, () => {
        const rng = new Rng(SEED);
        for (let len = 0; len <= 1000; len++) {
          const data = rng.bytes(len);
          const want = crypto.createHash(alg.node).update(data).digest('hex');
          expect(toHex(alg.fn(unaligned(data, len % 7))), `len ${len}`).toBe(want);
        }
        for (let i = 0; i < 300; i++) {
          const data = rng.bytes(rng.int(i < 250 ? 3000 : 300000));
          const h = alg.fn.create({ backend });
          let off = 0;
          while (off < data.length) {
            const step = rng.pick([0, 1, 3, 63, 64, 65, 127, 128, 129, 1000, rng.int(5000)]);
            h.update(data.subarray(off, off + step));
            off += step;
          }
          const want = crypto.createHash(alg.node).update(data).digest('hex');
          expect(h.digest('hex'), `case ${i} len ${data.length}`).toBe(want);
        }
      });
    }
  });
}

it('copy() forks the state', () => {
  const h = sha256.create().update(new Uint8Array([1, 2, 3]));
  const c = h.copy();
  h.update(new Uint8Array([4]));
  expect(toHex(c.digest())).toBe(crypto.createHash('sha256').update(Buffer.from([1, 2, 3])).digest('hex'));
  expect(toHex(h.digest())).toBe(crypto.createHash('sha256').update(Buffer.from([1, 2, 3, 4])).digest('hex'));
});

it('one-shot digests are independent arrays, at and around the small-input fast path limit', () => {
  const rng = new Rng(SEED + 9);
  const outs: Array<[Uint8Array, string]> = [];
  for (const len of [0, 1, 63, 64, 65, 1023, 1024, 1025, 4096]) {
    const data = rng.bytes(len);
    for (const [fn, name] of [[sha256, 'sha256'], [sha512, 'sha512'], [sha1, 'sha1']] as const) {
      const d = fn(data);
      expect(d.byteOffset).toBe(0);
      expect(d.buffer.byteLength).toBe(d.length);
      outs.push([d, crypto.createHash(name).update(data).digest('hex')]);
    }
  }
  for (const [d, want] of outs) expect(toHex(d)).toBe(want);
});
