/**
 * The async twins (issue 12): every result equals the sync one, on every backend, at sizes on
 * both sides of the backend's threshold (where the twin switches from running at once to the
 * pool) and of IN_PLACE_MIN (where inputs switch from copied to read in place); concurrent calls;
 * dispose() while jobs are in flight; inputs and outputs transferred, detached or shrunk while a
 * job runs; bad input rejected (never thrown); workers terminated mid-job.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Aegis128L,
  Aegis256,
  AesCbc,
  AesCcm,
  AesCmac,
  AesCtr,
  AesEcb,
  AesGcm,
  AesGcmSiv,
  AesXts,
  AuthenticationError,
  backends,
  DecryptionError,
  DisposedError,
  HmacKey,
  setBackend,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
  sha512_256,
  type HashFn,
} from '../src/index.js';
import { ASYNC_MIN_ANY, asyncMin, GCM_SPLIT, HOP_US } from '../src/async.js';
import { native } from '../src/native.js';
import { IN_PLACE_MIN, pinForPool } from '../src/pool.js';
import { describeBackends, Rng, SEED } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures');

/** Fast seeded bytes (xorshift32): Rng.bytes is BigInt-based, too slow for MiB inputs. */
function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const eq = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;

/** Sizes on both sides of `min` and of IN_PLACE_MIN, plus random ones around them. */
function sizesAround(min: number, rng: Rng, multiple = 1): number[] {
  const s = new Set<number>([0, 1, min - 1, min, min + 1, IN_PLACE_MIN - 1, IN_PLACE_MIN, IN_PLACE_MIN + 1]);
  for (let i = 0; i < 4; i++) s.add(min - 64 + rng.int(128));
  s.add(min + rng.int(3 * min));
  s.add(Math.floor(min / 2) + rng.int(min));
  return [...s]
    .filter((n) => n >= 0 && n <= 4 * min + IN_PLACE_MIN)
    .map((n) => n - (n % multiple))
    .sort((a, b) => a - b);
}

describe('thresholds', () => {
  it('follow from the measured hop cost and the three speed classes', () => {
    expect(HOP_US).toBeGreaterThan(0);
    expect(asyncMin('parallel', 'vaes512')).toBe(256 * 1024);
    expect(asyncMin('serial', 'shani')).toBe(32 * 1024);
    expect(asyncMin('parallel', 'soft')).toBe(4 * 1024);
    expect(asyncMin('serial', 'soft')).toBe(4 * 1024);
    expect(ASYNC_MIN_ANY).toBe(4 * 1024);
  });

  it('below the threshold the work is done at once: the result ignores later changes to the input', async () => {
    const g = new AesGcm(new Uint8Array(16).fill(3));
    const nonce = new Uint8Array(12);
    const pt = bytesOf(1000, 1);
    const want = g.seal(nonce, pt);
    const p = g.sealAsync(nonce, pt);
    pt.fill(0); // after the call: too late to reach a result computed at once
    nonce.fill(9);
    expect(eq(await p, want)).toBe(true);
    const d = bytesOf(100, 2);
    const h = sha256.async(d);
    d.fill(0);
    expect(eq(await h, crypto.createHash('sha256').update(bytesOf(100, 2)).digest())).toBe(true);
    g.dispose();
  });
});

interface AeadCase {
  name: string;
  make: (backend: string) => {
    seal(n: Uint8Array, p: Uint8Array, a?: Uint8Array, o?: Uint8Array): Uint8Array;
    open(n: Uint8Array, s: Uint8Array, a?: Uint8Array, o?: Uint8Array): Uint8Array;
    sealAsync(n: Uint8Array, p: Uint8Array, a?: Uint8Array, o?: Uint8Array): Promise<Uint8Array>;
    openAsync(n: Uint8Array, s: Uint8Array, a?: Uint8Array, o?: Uint8Array): Promise<Uint8Array>;
    readonly tagLength: number;
    readonly backend: string;
    dispose(): void;
  };
  nonce: number;
  cls: 'parallel' | 'serial';
}

const AEADS: AeadCase[] = [
  { name: 'AesGcm', make: (b) => new AesGcm(bytesOf(16, 11), { backend: b as never }), nonce: 12, cls: 'parallel' },
  { name: 'AesGcm tag 12, AES-256', make: (b) => new AesGcm(bytesOf(32, 12), { backend: b as never, tagLength: 12 }), nonce: 12, cls: 'parallel' },
  { name: 'AesGcmSiv', make: (b) => new AesGcmSiv(bytesOf(32, 13), { backend: b as never }), nonce: 12, cls: 'parallel' },
  { name: 'AesCcm', make: (b) => new AesCcm(bytesOf(16, 14), { backend: b as never, tagLength: 8 }), nonce: 11, cls: 'serial' },
  { name: 'Aegis128L', make: (b) => new Aegis128L(bytesOf(16, 15), { backend: b as never }), nonce: 16, cls: 'parallel' },
  { name: 'Aegis256 tag 32', make: (b) => new Aegis256(bytesOf(32, 16), { backend: b as never, tagLength: 32 }), nonce: 32, cls: 'parallel' },
];

describeBackends('aes', 'async AEADs equal sync', (backend) => {
  for (const c of AEADS) {
    it(`${c.name}: sealAsync / openAsync, with and without aad and out, in place, failed opens`, async () => {
      const rng = new Rng(SEED ^ c.name.length);
      const k = c.make(backend);
      const min = asyncMin(c.cls, k.backend);
      const nonce = bytesOf(c.nonce, 7);
      for (const n of sizesAround(min, rng)) {
        const pt = bytesOf(n, n);
        const aad = rng.int(2) ? bytesOf(rng.int(40), n + 1) : undefined;
        const want = k.seal(nonce, pt, aad);
        expect(eq(await k.sealAsync(nonce, pt, aad), want), `seal ${n}`).toBe(true);
        expect(eq(await k.openAsync(nonce, want, aad), pt), `open ${n}`).toBe(true);
        // Caller's out, and in place (out over the input, same start).
        const out = new Uint8Array(n + k.tagLength + 3);
        const r = await k.sealAsync(nonce, pt, aad, out);
        expect(r.buffer).toBe(out.buffer);
        expect(eq(r, want)).toBe(true);
        const inPlace = new Uint8Array(n + k.tagLength);
        inPlace.set(pt);
        expect(eq(await k.sealAsync(nonce, inPlace.subarray(0, n), aad, inPlace), want), `in place ${n}`).toBe(true);
        expect(eq(await k.openAsync(nonce, inPlace, aad, inPlace), pt), `open in place ${n}`).toBe(true);
        // A failed open rejects with AuthenticationError and zeroes out's plaintext range.
        const bad = want.slice();
        bad[rng.int(bad.length)] ^= 1 << rng.int(8);
        const o = new Uint8Array(n + 5).fill(0xaa);
        await expect(k.openAsync(nonce, bad, aad, o)).rejects.toBeInstanceOf(AuthenticationError);
        expect(o.subarray(0, n).every((b) => b === 0), `out zeroed ${n}`).toBe(true);
        expect(o.subarray(n).every((b) => b === 0xaa)).toBe(true);
      }
      // A large AAD alone crosses the threshold too.
      const bigAad = bytesOf(min + 17, 5);
      const pt = bytesOf(100, 6);
      const s = k.seal(nonce, pt, bigAad);
      expect(eq(await k.sealAsync(nonce, pt, bigAad), s)).toBe(true);
      expect(eq(await k.openAsync(nonce, s, bigAad), pt)).toBe(true);
      k.dispose();
    });
  }
});

describeBackends('aes', 'one GCM seal split across pool threads equals the one-shot seal', (backend) => {
  it('2..8 parts, lengths with odd tails, with and without AAD, every tag length class', async () => {
    const rng = new Rng(SEED + 3);
    expect(GCM_SPLIT).toBeGreaterThanOrEqual(1);
    for (const tagLength of [16, 12, 4]) {
      const g = new AesGcm(bytesOf(32, 41), { backend: backend as never, tagLength });
      const handle = (g as unknown as { handle(): object }).handle();
      const nonce = bytesOf(12, 42);
      for (const size of [4 << 20, (4 << 20) + 1, (6 << 20) + 17 + rng.int(4096), (9 << 20) - 3]) {
        const pt = bytesOf(size, size);
        const aad = rng.int(2) ? bytesOf(1 + rng.int(300), 43) : undefined;
        const want = g.seal(nonce, pt, aad);
        for (const parts of [2, 3, 5, 8]) {
          // Straight through the addon, to force the part count (sealAsync asks for GCM_SPLIT).
          const dst = new Uint8Array(size + tagLength);
          const pins = (pinForPool(pt) ? 2 : 0) | 8;
          const n = await native.asyncOp(0, handle, pins, nonce, pt, aad, dst, tagLength | (parts << 8));
          expect(n).toBe(size + tagLength);
          expect(eq(dst, want), `${size} bytes in ${parts} parts, tag ${tagLength}`).toBe(true);
        }
        expect(eq(await g.sealAsync(nonce, pt, aad), want)).toBe(true);
        expect(eq(await g.openAsync(nonce, want, aad), pt)).toBe(true);
      }
      g.dispose();
    }
  });
});

describeBackends('aes', 'async block modes equal sync', (backend) => {
  it('AesCtr.xorAsync, AesEcb / AesCbc / AesXts encryptAsync and decryptAsync, AesCmac.macAsync', async () => {
    const rng = new Rng(SEED + 1);
    const key = bytesOf(32, 21);
    const ctr = new AesCtr(key.subarray(0, 16), { backend: backend as never });
    const ecb = new AesEcb(key, { backend: backend as never });
    const cbc = new AesCbc(key.subarray(0, 24), { backend: backend as never });
    const raw = new AesCbc(key.subarray(0, 16), { backend: backend as never, padding: 'none' });
    const xts = new AesXts(bytesOf(64, 22), { backend: backend as never });
    const cmac = new AesCmac(key, { backend: backend as never });
    const iv = bytesOf(16, 23);
    iv[15] = 0xff; // the counter carries across bytes
    for (const n of sizesAround(asyncMin('parallel', backend), rng)) {
      const d = bytesOf(n, n + 3);
      expect(eq(await ctr.xorAsync(iv, d), ctr.xor(iv, d)), `ctr ${n}`).toBe(true);
      const o = new Uint8Array(n);
      o.set(d);
      expect(eq(await ctr.xorAsync(iv, o, o), ctr.xor(iv, d)), `ctr in place ${n}`).toBe(true);
      const blocks = d.subarray(0, n - (n % 16));
      expect(eq(await ecb.encryptAsync(blocks), ecb.encrypt(blocks)), `ecb ${n}`).toBe(true);
      expect(eq(await ecb.decryptAsync(blocks), ecb.decrypt(blocks))).toBe(true);
      expect(eq(await raw.encryptAsync(iv, blocks), raw.encrypt(iv, blocks)), `cbc none ${n}`).toBe(true);
      expect(eq(await raw.decryptAsync(iv, blocks), raw.decrypt(iv, blocks))).toBe(true);
      if (n >= 16 && n <= 2 ** 24) {
        expect(eq(await xts.encryptAsync(iv, d), xts.encrypt(iv, d)), `xts ${n}`).toBe(true);
        expect(eq(await xts.decryptAsync(iv, d), xts.decrypt(iv, d))).toBe(true);
      }
    }
    for (const n of sizesAround(asyncMin('serial', backend), rng)) {
      const d = bytesOf(n, n + 4);
      const ct = cbc.encrypt(iv, d);
      expect(eq(await cbc.encryptAsync(iv, d), ct), `cbc ${n}`).toBe(true);
      expect(eq(await cbc.decryptAsync(iv, ct), d), `cbc decrypt ${n}`).toBe(true);
      expect(eq(await cmac.macAsync(d), cmac.mac(d)), `cmac ${n}`).toBe(true);
      const tagOut = new Uint8Array(20);
      expect(eq(await cmac.macAsync(d, tagOut), cmac.mac(d))).toBe(true);
      // Bad padding: DecryptionError, out zeroed over the data's length.
      const bad = ct.slice();
      bad[bad.length - 1] ^= 0x80;
      const o = new Uint8Array(ct.length).fill(0x55);
      await expect(cbc.decryptAsync(iv, bad, o)).rejects.toBeInstanceOf(DecryptionError);
      expect(o.every((b) => b === 0)).toBe(true);
    }
    for (const k of [ctr, ecb, cbc, raw, xts, cmac]) k.dispose();
  });
});

const HASHES: [HashFn, string, 'sha1' | 'sha256' | 'sha512'][] = [
  [sha1, 'sha1', 'sha1'],
  [sha224, 'sha224', 'sha256'],
  [sha256, 'sha256', 'sha256'],
  [sha384, 'sha384', 'sha512'],
  [sha512, 'sha512', 'sha512'],
  [sha512_256, 'sha512-256', 'sha512'],
];

describe('hash .async equals the one-shot digest and node:crypto, on every backend', () => {
  for (const [fn, name, family] of HASHES) {
    for (const backend of backends()[family]) {
      it(`${name} [${backend}]`, async () => {
        setBackend(family, backend as never);
        try {
          const rng = new Rng(SEED + name.length);
          for (const n of sizesAround(asyncMin('serial', backend), rng)) {
            const d = bytesOf(n, n + 5);
            const want = crypto.createHash(name).update(d).digest();
            const got = await fn.async(d);
            expect(got.length).toBe(fn.outputLen);
            expect(eq(got, want), `${name} ${n}`).toBe(true);
          }
        } finally {
          setBackend(family, 'auto');
        }
      });
    }
  }
});

describe('HmacKey.macAsync equals mac() and node:crypto, on every backend', () => {
  for (const [, name, family] of HASHES) {
    for (const backend of backends()[family]) {
      it(`HMAC-${name} [${backend}]`, async () => {
        const rng = new Rng(SEED + 7 * name.length);
        const secret = bytesOf(1 + rng.int(200), 3);
        const k = new HmacKey(name as never, secret, { backend: backend as never });
        for (const n of sizesAround(asyncMin('serial', backend), rng)) {
          const d = bytesOf(n, n + 6);
          const want = crypto.createHmac(name, secret).update(d).digest();
          expect(eq(await k.macAsync(d), want), `${name} ${n}`).toBe(true);
          const out = new Uint8Array(k.outputLen + 3).fill(1);
          const r = await k.macAsync(d, out);
          expect(r.buffer).toBe(out.buffer);
          expect(eq(r, want)).toBe(true);
        }
        // Disposed after the call: the job keeps its own copy of the states and finishes.
        const d = bytesOf(1 << 20, 9);
        const p = k.macAsync(d);
        k.dispose();
        expect(eq(await p, crypto.createHmac(name, secret).update(d).digest())).toBe(true);
        await expect(k.macAsync(d)).rejects.toBeInstanceOf(DisposedError);
        await expect(k.macAsync(new Uint8Array(3))).rejects.toBeInstanceOf(DisposedError);
      });
    }
  }
  it('bad input rejects with the sync error', async () => {
    const k = new HmacKey('sha256', new Uint8Array(10));
    for (const d of [new Uint8Array(1 << 20), new Uint8Array(10)]) {
      await expect(k.macAsync(d, new Uint8Array(5))).rejects.toBeInstanceOf(RangeError);
      await expect(k.macAsync('x' as any)).rejects.toBeInstanceOf(TypeError);
      let threw = false;
      try {
        void k.macAsync(d, {} as any).catch(() => {});
      } catch {
        threw = true;
      }
      expect(threw).toBe(false);
    }
    k.dispose();
  });
});

describe('concurrency', () => {
  it('40 concurrent jobs of every kind each give their own sync result', async () => {
    const g = new AesGcm(bytesOf(16, 31));
    const a = new Aegis128L(bytesOf(16, 32));
    const x = new AesCtr(bytesOf(16, 33));
    const hk = new HmacKey('sha384', bytesOf(48, 35));
    const nonce = bytesOf(12, 34);
    const inputs = Array.from({ length: 8 }, (_, i) => bytesOf((1 << 20) + i * 4099, 40 + i));
    const jobs: [Promise<Uint8Array>, Uint8Array][] = [];
    for (const d of inputs) {
      jobs.push([g.sealAsync(nonce, d), g.seal(nonce, d)]);
      jobs.push([a.sealAsync(bytesOf(16, 1), d), a.seal(bytesOf(16, 1), d)]);
      jobs.push([x.xorAsync(bytesOf(16, 2), d), x.xor(bytesOf(16, 2), d)]);
      jobs.push([sha512.async(d), sha512(d)]);
      jobs.push([hk.macAsync(d), hk.mac(d)]);
    }
    const got = await Promise.all(jobs.map(([p]) => p));
    got.forEach((r, i) => expect(eq(r, jobs[i][1]), `job ${i}`).toBe(true));
    g.dispose();
    a.dispose();
    x.dispose();
    hk.dispose();
  });
});

describe('dispose() while jobs are in flight', () => {
  it('queued jobs finish with the key; later calls reject with DisposedError; sync calls throw it', async () => {
    const key = bytesOf(16, 51);
    const g = new AesGcm(key);
    const ref = new AesGcm(key);
    const nonce = bytesOf(12, 52);
    const inputs = Array.from({ length: 6 }, (_, i) => bytesOf((4 << 20) + i, 60 + i));
    const jobs = inputs.map((d) => g.sealAsync(nonce, d));
    const opens = [g.openAsync(nonce, ref.seal(nonce, inputs[0]))];
    g.dispose();
    g.dispose(); // idempotent, still with jobs in flight
    expect(() => g.seal(nonce, inputs[0])).toThrow(DisposedError);
    await expect(g.sealAsync(nonce, inputs[0])).rejects.toBeInstanceOf(DisposedError);
    await expect(g.sealAsync(nonce, new Uint8Array(10))).rejects.toBeInstanceOf(DisposedError);
    await expect(g.openAsync(nonce, inputs[1])).rejects.toBeInstanceOf(DisposedError);
    const got = await Promise.all(jobs);
    got.forEach((r, i) => expect(eq(r, ref.seal(nonce, inputs[i])), `job ${i}`).toBe(true));
    expect(eq((await Promise.all(opens))[0], inputs[0])).toBe(true);
    ref.dispose();
  });

  it('for XTS (two keys), AEGIS, CMAC and CBC keys too', async () => {
    const d = bytesOf(1 << 20, 71);
    const tweak = bytesOf(16, 72);
    const xk = bytesOf(64, 73);
    const xts = new AesXts(xk), xref = new AesXts(xk);
    const ak = bytesOf(32, 74);
    const aegis = new Aegis256(ak), aref = new Aegis256(ak);
    const ck = bytesOf(16, 75);
    const cmac = new AesCmac(ck), cref = new AesCmac(ck);
    const cbc = new AesCbc(ck), bref = new AesCbc(ck);
    const p = [xts.encryptAsync(tweak, d), aegis.sealAsync(ak, d), cmac.macAsync(d), cbc.encryptAsync(tweak, d)];
    for (const k of [xts, aegis, cmac, cbc]) k.dispose();
    const [x, a, c, b] = await Promise.all(p);
    expect(eq(x, xref.encrypt(tweak, d))).toBe(true);
    expect(eq(a, aref.seal(ak, d))).toBe(true);
    expect(eq(c, cref.mac(d))).toBe(true);
    expect(eq(b, bref.encrypt(tweak, d))).toBe(true);
    await expect(xts.decryptAsync(tweak, d)).rejects.toBeInstanceOf(DisposedError);
    await expect(aegis.openAsync(ak, a)).rejects.toBeInstanceOf(DisposedError);
    await expect(cmac.macAsync(d)).rejects.toBeInstanceOf(DisposedError);
    for (const k of [xref, aref, cref, bref]) k.dispose();
  });
});

describe('inputs and outputs taken away while a job runs', () => {
  const g = new AesGcm(bytesOf(16, 81));
  const nonce = bytesOf(12, 82);
  const big = () => bytesOf((1 << 20) + 3, 83);

  it('a large input is pinned: transferring it copies (Node 20) or throws, and the result is intact', async () => {
    const d = big();
    const want = g.seal(nonce, d);
    const p = g.sealAsync(nonce, d);
    let moved: ArrayBuffer | undefined;
    try {
      moved = structuredClone(d.buffer, { transfer: [d.buffer as ArrayBuffer] }) as ArrayBuffer;
    } catch (e) {
      expect((e as Error).name).toBe('DataCloneError');
    }
    if (moved) expect(moved.byteLength).toBe(d.byteLength);
    expect(d.byteLength).toBe((1 << 20) + 3); // still attached
    expect(eq(await p, want)).toBe(true);
    // Through a MessagePort's transfer list as well.
    const { port1, port2 } = new MessageChannel();
    const q = g.sealAsync(nonce, d);
    try {
      port1.postMessage(d.buffer, [d.buffer as ArrayBuffer]);
    } catch (e) {
      expect((e as Error).name).toBe('DataCloneError');
    }
    expect(eq(await q, want)).toBe(true);
    port1.close();
    port2.close();
  });

  it('a small input is copied at the call: detaching it afterwards does not change the result', async () => {
    const d = big();
    const aad = bytesOf(50, 84);
    const want = g.seal(nonce, d, aad);
    const p = g.sealAsync(nonce, d, aad);
    structuredClone(aad.buffer, { transfer: [aad.buffer as ArrayBuffer] });
    expect(aad.length).toBe(0); // detached
    expect(eq(await p, want)).toBe(true);
  });

  it('an input in a resizable ArrayBuffer is copied at the call: shrinking it afterwards changes nothing', async () => {
    const n = (1 << 20) + 9;
    const rab = new (ArrayBuffer as any)(n, { maxByteLength: 2 * n }) as ArrayBuffer & { resize(n: number): void };
    const d = new Uint8Array(rab);
    d.set(bytesOf(n, 85));
    const want = g.seal(nonce, d);
    const p = g.sealAsync(nonce, d);
    rab.resize(0);
    expect(eq(await p, want)).toBe(true);
  });

  it('an out that cannot be pinned and is shrunk or detached meanwhile: the job rejects, nothing is written', async () => {
    const d = big();
    const n = d.length + 16;
    const rab = new (ArrayBuffer as any)(n, { maxByteLength: n }) as ArrayBuffer & { resize(n: number): void };
    const out = new Uint8Array(rab, 0, n);
    const p = g.sealAsync(nonce, d, undefined, out);
    rab.resize(10);
    await expect(p).rejects.toMatchObject({ code: 'ERR_HWCRYPT_DETACHED' });
    // A 16-byte CMAC out (small: never pinned) transferred away while the MAC runs.
    const cmac = new AesCmac(bytesOf(16, 86));
    const tag = new Uint8Array(16);
    const q = cmac.macAsync(d, tag);
    structuredClone(tag.buffer, { transfer: [tag.buffer as ArrayBuffer] });
    await expect(q).rejects.toMatchObject({ code: 'ERR_HWCRYPT_DETACHED' });
    cmac.dispose();
  });

  it('the same unpinnable out, left alone, receives the result', async () => {
    const d = big();
    const n = d.length + 16;
    const rab = new (ArrayBuffer as any)(n, { maxByteLength: 2 * n }) as ArrayBuffer;
    const out = new Uint8Array(rab);
    const r = await g.sealAsync(nonce, d, undefined, out);
    expect(r.buffer).toBe(rab);
    expect(eq(r, g.seal(nonce, d))).toBe(true);
  });

  it('SharedArrayBuffer inputs and outputs (copied for the AEADs, written back when done)', async () => {
    const d = big();
    const sab = new SharedArrayBuffer(d.length + 16);
    const s = new Uint8Array(sab);
    s.set(d);
    const want = g.seal(nonce, d);
    expect(eq(await g.sealAsync(nonce, s.subarray(0, d.length), undefined, s), want)).toBe(true);
    expect(eq(await g.openAsync(nonce, s, undefined, s), d)).toBe(true);
    expect(eq(await sha256.async(s), sha256(s))).toBe(true);
  });
});

describe('bad input: every error is a rejection, the same the sync method throws', () => {
  const big = bytesOf(1 << 20, 91);
  const small = bytesOf(100, 92);

  /** Runs `call`, which must not throw, and returns the error its promise rejects with. */
  async function rejection(call: () => Promise<unknown>): Promise<Error> {
    let p: Promise<unknown> | undefined;
    expect(() => (p = call())).not.toThrow();
    try {
      await p;
    } catch (e) {
      return e as Error;
    }
    throw new Error('resolved');
  }
  function thrown(call: () => unknown): Error {
    try {
      call();
    } catch (e) {
      return e as Error;
    }
    throw new Error('did not throw');
  }

  it('AEADs: types, nonce and out lengths, overlap, disposed: large and small inputs alike', async () => {
    for (const make of [
      () => new AesGcm(bytesOf(16, 1)),
      () => new AesGcmSiv(bytesOf(16, 1)),
      () => new AesCcm(bytesOf(16, 1)),
      () => new Aegis128L(bytesOf(16, 1)),
    ]) {
      const k = make();
      const nonce = bytesOf(k instanceof Aegis128L ? 16 : 12, 2);
      for (const pt of [big, small]) {
        const sealed = k.seal(nonce, pt);
        const cases: [string, (a: any) => unknown][] = [
          ['nonce type', (f) => f(k, 'nonce' as any, pt)],
          ['nonce length', (f) => f(k, new Uint8Array(0), pt)],
          ['plaintext type', (f) => f(k, nonce, [1, 2, 3] as any)],
          ['aad type', (f) => f(k, nonce, pt, new Uint16Array(4) as any)],
          ['small out', (f) => f(k, nonce, pt, undefined, new Uint8Array(3))],
          ['out type', (f) => f(k, nonce, pt, undefined, {} as any)],
        ];
        for (const [what, run] of cases) {
          const e1 = thrown(() => run((kk: any, ...a: any[]) => kk.seal(...a)));
          const e2 = await rejection(() => run((kk: any, ...a: any[]) => kk.sealAsync(...a)) as Promise<unknown>);
          expect(e2.constructor, `${what} ${pt.length}`).toBe(e1.constructor);
          expect(e2.message, `${what} ${pt.length}`).toBe(e1.message);
        }
        const e1 = thrown(() => k.open(nonce, sealed.subarray(0, 3)));
        const e2 = await rejection(() => k.openAsync(nonce, sealed.subarray(0, 3)));
        expect(e2.message).toBe(e1.message);
        // Partial overlap of out and plaintext: RangeError either way.
        const buf = new Uint8Array(pt.length + 64);
        const pe = await rejection(() => k.sealAsync(nonce, buf.subarray(0, pt.length), undefined, buf.subarray(1)));
        expect(pe).toBeInstanceOf(RangeError);
      }
      k.dispose();
      await expect(k.sealAsync(nonce, big)).rejects.toBeInstanceOf(DisposedError);
      await expect(k.openAsync(nonce, small)).rejects.toBeInstanceOf(DisposedError);
    }
  });

  it('block modes and hashes', async () => {
    const ctr = new AesCtr(bytesOf(16, 3));
    const cbc = new AesCbc(bytesOf(16, 3), { padding: 'none' });
    const xts = new AesXts(bytesOf(32, 4));
    const ecb = new AesEcb(bytesOf(16, 5));
    for (const d of [big, small]) {
      const pairs: [() => unknown, () => Promise<unknown>][] = [
        [() => ctr.xor(new Uint8Array(15), d), () => ctr.xorAsync(new Uint8Array(15), d)],
        [() => ctr.xor(new Uint8Array(16), 'x' as any), () => ctr.xorAsync(new Uint8Array(16), 'x' as any)],
        [() => cbc.encrypt(new Uint8Array(16), d.subarray(1)), () => cbc.encryptAsync(new Uint8Array(16), d.subarray(1))],
        [() => ecb.encrypt(d.subarray(3)), () => ecb.encryptAsync(d.subarray(3))],
        [() => xts.encrypt(new Uint8Array(16), d.subarray(0, 15)), () => xts.encryptAsync(new Uint8Array(16), d.subarray(0, 15))],
        [() => sha256(null as any), () => sha256.async(null as any)],
      ];
      for (const [sync, asy] of pairs) {
        const e1 = thrown(sync);
        const e2 = await rejection(asy);
        expect(e2.constructor).toBe(e1.constructor);
        expect(e2.message).toBe(e1.message);
      }
      // CBC decrypt of a length that is not whole blocks: DecryptionError, as the sync one.
      await expect(cbc.decryptAsync(new Uint8Array(16), d.subarray(0, d.length - 1))).rejects.toBeInstanceOf(DecryptionError);
    }
    for (const k of [ctr, cbc, xts, ecb]) k.dispose();
  });
});

describe('workers', () => {
  it('survives 40 terminations of workers with async jobs queued, running and completing', () => {
    const r = spawnSync(process.execPath, [path.join(FIXTURES, 'async-terminate.cjs'), ROOT, '40'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.stderr).not.toMatch(/FATAL|Abort|Segmentation/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('survived 40 terminations');
  });
});
