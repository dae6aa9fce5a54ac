/**
 * Hostile callers (hardening issue): terminated workers, concurrent
 * workers, the private arena, buffers shared between results, overlap
 * through SharedArrayBuffer views, and backend selection per thread. The
 * worker tests load the built package (dist/), as an app would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as hwcrypt from '../src/index.js';
import { AesCtr, AesGcm, AuthenticationError, getBackend, Hash, Incremental, setBackend, sha256 } from '../src/index.js';
import { arena as privateArena, native } from '../src/native.js';
import { SEED } from './helpers.js';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures');

describe('worker threads', () => {
  it('survives 150+ terminations in the middle of every kind of operation', () => {
    const r = spawnSync(process.execPath, [path.join(FIXTURES, 'terminate-storm.cjs'), ROOT, '154'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.stderr).not.toMatch(/FATAL|Abort|Segmentation/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('survived 154 terminations');
  });

  it('4 workers x 20,000 mixed operations agree with node:crypto', async () => {
    const runs = [0, 1, 2, 3].map(
      (i) =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(path.join(FIXTURES, 'mixed-worker.cjs'), {
            workerData: { root: ROOT, seed: SEED + i, n: 20_000 },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    expect(await Promise.all(runs)).toEqual([20_000, 20_000, 20_000, 20_000]);
  });

  it('setBackend in a worker does not change the main thread, and the reverse', async () => {
    const best = getBackend('aes');
    const src = `
      const { parentPort, workerData } = require('node:worker_threads');
      const h = require(workerData.root);
      const before = h.getBackend('aes');
      h.setBackend('all', 'soft');
      parentPort.postMessage([before, new h.AesGcm(new Uint8Array(16)).backend, h.sha256.create().backend]);`;
    setBackend('sha256', 'soft');
    try {
      const got = await new Promise<string[]>((resolve, reject) => {
        const w = new Worker(src, { eval: true, workerData: { root: ROOT } });
        w.once('message', resolve);
        w.once('error', reject);
      });
      // The worker started at the best backend (not the main thread's sha256=soft) ...
      expect(got).toEqual([best, 'soft', 'soft']);
      // ... and its setBackend('all', 'soft') left the main thread alone.
      expect(getBackend('aes')).toBe(best);
      expect(new AesGcm(new Uint8Array(16)).backend).toBe(best);
      expect(getBackend('sha256')).toBe('soft');
    } finally {
      setBackend('sha256', 'auto');
    }
  });
});

describe('the arena is unreachable', () => {
  // Records every receiver and argument the spied built-ins see.
  function spyOn<T extends object>(proto: T, names: (keyof T)[], seen: unknown[]): () => void {
    const saved = names.map((n) => Object.getOwnPropertyDescriptor(proto, n)!);
    for (const n of names) {
      const orig = (proto as Record<PropertyKey, unknown>)[n as PropertyKey] as (...a: unknown[]) => unknown;
      Object.defineProperty(proto, n, {
        configurable: true,
        writable: true,
        value: function (this: unknown, ...args: unknown[]) {
          seen.push(this, ...args);
          return Reflect.apply(orig, this, args);
        },
      });
    }
    return () => names.forEach((n, i) => Object.defineProperty(proto, n, saved[i]));
  }
  const isArena = (v: unknown) =>
    v === privateArena || (v instanceof Uint8Array && v.buffer === privateArena.buffer) || v === privateArena.buffer;

  it('no public export is or holds it', () => {
    for (const [name, value] of Object.entries(hwcrypt)) {
      expect(isArena(value), name).toBe(false);
    }
    expect(Object.keys(hwcrypt)).not.toContain('arena');
  });

  it('a patched Uint8Array.prototype / Function.prototype never receives it', () => {
    const seen: unknown[] = [];
    const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
    // The species protocol (slice, subarray, ...) reads this.constructor and
    // then constructor[Symbol.species]: getters there see the receiver.
    const ctorDesc = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'constructor')!;
    Object.defineProperty(Uint8Array.prototype, 'constructor', {
      configurable: true,
      get(this: unknown) {
        seen.push(this);
        return Uint8Array;
      },
    });
    const restore = [
      spyOn(TypedArrayProto, ['set', 'slice', 'subarray', 'fill'], seen),
      spyOn(Function.prototype, ['call', 'apply', 'bind'], seen),
      () => Object.defineProperty(Uint8Array.prototype, 'constructor', ctorDesc),
    ];
    try {
      const key = new Uint8Array(16).fill(3);
      const nonce = new Uint8Array(12);
      const gcm = new AesGcm(key);
      const sealed = gcm.seal(nonce, new Uint8Array(40).fill(1), new Uint8Array(7));
      gcm.open(nonce, sealed, new Uint8Array(7));
      new AesCtr(key).xor(new Uint8Array(16), new Uint8Array(50));
      sha256(new Uint8Array(100));
      hwcrypt.sha512(new Uint8Array(2000));
      sha256.create().update(new Uint8Array(5)).copy().digest('hex');
      hwcrypt.hmac('sha256', key, key);
      hwcrypt.createHmac('sha1', key).update(key).digest();
    } finally {
      restore.forEach((r) => r());
    }
    expect(seen.filter(isArena)).toEqual([]);
  });

  it('a forged context (Hash third argument, or an Incremental subclass) gets a TypeError, not the arena', () => {
    const seen: unknown[] = [];
    const fake = { update: (d: unknown) => seen.push(d), digest: (o: unknown) => seen.push(o), copy: () => fake, backend: 'soft' };
    expect(() => new Hash('sha256', undefined, fake as never)).toThrow(TypeError);
    class Evil extends Incremental<never> {
      constructor(ctx: unknown) {
        super(ctx as never, 32, 'evil');
      }
    }
    expect(() => new Evil(fake)).toThrow(TypeError);
    // A look-alike with the native prototype passes instanceof, but the
    // native methods check the receiver's type tag before writing.
    const lookalike = Object.create(native.HashCtx.prototype);
    const evil = new Evil(lookalike);
    expect(() => evil.update(new Uint8Array(1))).toThrow(TypeError);
    expect(() => evil.digest()).toThrow(TypeError);
    expect(seen).toEqual([]);
    expect(privateArena.every((b) => b === 0)).toBe(true);
    // A subclass cannot make digest() copy out more than the digest: the
    // length comes from the native context.
    class Long extends Incremental<never> {
      constructor() {
        super(new native.HashCtx(0) as never, 1024, 'long');
      }
    }
    expect(new Long().update(new Uint8Array(3)).digest().length).toBe(20);
    // The native classes refuse to be called without new (the receiver
    // would be wrapped), whatever the receiver.
    const [, , createAesKey] = native.openSession();
    const { handle } = createAesKey(new Uint8Array(16));
    for (const self of [handle, {}, globalThis, undefined]) {
      expect(() => Reflect.apply(native.HashCtx as never, self, [2])).toThrow(TypeError);
      expect(() => Reflect.apply(native.HmacCtx as never, self, [2, new Uint8Array(1)])).toThrow(TypeError);
    }
  });

  it('the arena layout is defined once, by the addon, and what it promises fits', () => {
    const l = native.arenaLayout;
    expect(Object.isFrozen(l)).toBe(true);
    expect(native.openSession()[0].length).toBe(l.size);
    expect(l.ctrData).toBeGreaterThanOrEqual(l.input + 16); // the counter block sits at input
    expect(l.ctrData + l.input).toBeLessThanOrEqual(l.size); // CTR data of up to `input` bytes
    expect(l.input).toBeGreaterThanOrEqual(64); // every digest fits below the inputs
  });

  it('the raw addon gives each session its own arena, and transferring one cannot hurt the addon', () => {
    const [a1, hash1, createKey1] = native.openSession();
    expect(a1.buffer).not.toBe(privateArena.buffer);
    a1.set([0x61, 0x62, 0x63]);
    hash1(2, 3);
    expect(Buffer.from(a1.subarray(0, 4)).toString('hex')).toBe('ba7816bf');
    expect(privateArena.every((b) => b === 0)).toBe(true);
    const { handle } = createKey1(new Uint8Array(16));
    const gcm = new AesGcm(new Uint8Array(16));
    const nonce = new Uint8Array(12);
    const aad = new Uint8Array(2000);
    const sealed = gcm.seal(nonce, new Uint8Array(40).fill(9), aad);
    expect(native.keyOp(handle, 1, nonce, sealed, 16, aad, null)).toBe(true);
    // Detach the arena by transferring it: the addon looks the memory up on
    // every call, so it now refuses, instead of writing where the buffer was.
    const moved = structuredClone(a1.buffer, { transfer: [a1.buffer as ArrayBuffer] });
    expect(a1.length).toBe(0);
    for (let i = 0; i < 50; i++) {
      expect(() => native.keyOp(handle, 1, nonce, sealed, 16, aad, null)).toThrow(/detached/);
      expect(() => hash1(2, 3)).toThrow(/detached/);
      expect(() => native.keyOp(handle, 5, 10)).toThrow(/detached/);
    }
    expect(new Uint8Array(moved).length).toBe(native.arenaLayout.size);
    // hwcrypt's own session is untouched.
    expect(gcm.open(nonce, sealed, aad).every((b) => b === 9)).toBe(true);
  });

  it('a view of a transferred ArrayBuffer is refused by every native entry point, not read as empty input', () => {
    const detached = () => {
      const u = new Uint8Array(8);
      structuredClone(u.buffer, { transfer: [u.buffer as ArrayBuffer] });
      return u;
    };
    const gcm = new AesGcm(new Uint8Array(16));
    expect(() => hwcrypt.hmac('sha256', detached(), new Uint8Array(1))).toThrow(/key: the ArrayBuffer is detached/);
    expect(() => hwcrypt.hmac('sha256', new Uint8Array(1), detached())).toThrow(TypeError);
    expect(() => gcm.seal(new Uint8Array(12), detached())).toThrow(/plaintext: the ArrayBuffer is detached/);
    expect(() => gcm.seal(new Uint8Array(12), new Uint8Array(1), detached())).toThrow(TypeError);
    // An empty view of a live buffer is still an empty input.
    expect(gcm.seal(new Uint8Array(12), new Uint8Array(0), new Uint8Array(0)).length).toBe(16);
    gcm.dispose();
  });

  it('applySpec and backend names are checked on their whole length', () => {
    // A read into a short buffer stops at a character boundary; the length
    // is asked first, so a long spec is refused rather than cut.
    expect(() => native.applySpec('soft,' + 'é'.repeat(300))).toThrow(TypeError);
    expect(native.setBackend('aes', 'soft' + 'é'.repeat(40))).toBe(false);
    expect(getBackend('aes')).toBe(hwcrypt.backends().aes[0]);
  });
});

describe('results and buffers', () => {
  it('a plaintext never shares its ArrayBuffer with any other result', () => {
    const gcm = new AesGcm(new Uint8Array(16));
    const ctr = new AesCtr(new Uint8Array(16));
    const nonce = new Uint8Array(12);
    const results: Uint8Array[] = [];
    const plaintexts: Uint8Array[] = [];
    for (const n of [0, 1, 63, 64, 65, 100, 1000, 4095, 4096, 4097]) {
      const sealed = gcm.seal(nonce, new Uint8Array(n).fill(5));
      results.push(sealed);
      const pt = gcm.open(nonce, sealed);
      plaintexts.push(pt, ctr.xor(new Uint8Array(16), sealed.subarray(0, n)));
      results.push(gcm.seal(nonce, new Uint8Array(n)));
    }
    for (const p of plaintexts) {
      expect(p.byteOffset).toBe(0);
      expect(p.buffer.byteLength).toBe(p.length);
      for (const r of [...results, ...plaintexts]) if (r !== p) expect(r.buffer).not.toBe(p.buffer);
    }
    // Transferring a seal result's buffer leaves every plaintext intact.
    const pt = gcm.open(nonce, gcm.seal(nonce, new Uint8Array(300).fill(7)));
    const other = gcm.seal(nonce, new Uint8Array(300));
    structuredClone(other.buffer, { transfer: [other.buffer as ArrayBuffer] });
    expect(pt.length).toBe(300);
    expect(pt.every((b) => b === 7)).toBe(true);
  });

  it('partial overlap is refused from the addresses, even between SharedArrayBuffer views that arrived as different buffers', () => {
    const sab = new SharedArrayBuffer(1024);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(sab);
    const received = receiveMessageOnPort(port2)!.message as SharedArrayBuffer;
    port1.close();
    expect(received).not.toBe(sab);
    const a = new Uint8Array(sab);
    const b = new Uint8Array(received);
    crypto.randomFillSync(a);
    const ctr = new AesCtr(new Uint8Array(16));
    const cb = new Uint8Array(16);
    expect(() => ctr.xor(cb, a.subarray(0, 200), b.subarray(8))).toThrow(/overlap/);
    expect(() => ctr.xor(cb, a.subarray(8, 208), b.subarray(0))).toThrow(/overlap/);
    expect(() => ctr.xor(b.subarray(100, 116), a.subarray(0, 200), b.subarray(300))).not.toThrow();
    expect(() => ctr.xor(a.subarray(300, 316), a.subarray(0, 200), b.subarray(290))).toThrow(/overlap/);
    const gcm = new AesGcm(new Uint8Array(16));
    const nonce = new Uint8Array(12);
    expect(() => gcm.seal(nonce, a.subarray(0, 100), undefined, b.subarray(4))).toThrow(/overlap/);
    expect(() => gcm.seal(b.subarray(500, 512), a.subarray(0, 100), undefined, a.subarray(490))).toThrow(/overlap/);
    expect(() => gcm.seal(nonce, a.subarray(0, 100), a.subarray(150, 170), b.subarray(100))).toThrow(/overlap/);
    // In place through the other view (same address) is allowed and right.
    const pt = a.slice(0, 100);
    const sealed = gcm.seal(nonce, a.subarray(0, 100), undefined, b.subarray(0, 116));
    expect(Buffer.from(sealed).equals(Buffer.from(gcm.seal(nonce, pt)))).toBe(true);
    expect(() => gcm.open(nonce, a.subarray(0, 116), undefined, b.subarray(1))).toThrow(/overlap/);
    const opened = gcm.open(nonce, a.subarray(0, 116), undefined, b.subarray(0, 100));
    expect(Buffer.from(opened).equals(Buffer.from(pt))).toBe(true);
  });
});

describe('SharedArrayBuffer arguments', () => {
  it('seal and open work on private copies, and a failed open leaves a shared out zeroed', () => {
    const key = new Uint8Array(32).fill(4);
    const nonce = new Uint8Array(12).fill(2);
    const gcm = new AesGcm(key);
    const sab = new SharedArrayBuffer(4096);
    const pt = new Uint8Array(sab, 0, 1000);
    crypto.randomFillSync(pt);
    const aad = new Uint8Array(sab, 3500, 30);
    const out = new Uint8Array(sab, 2048, 1016);
    const want = gcm.seal(nonce, pt.slice(), aad.slice());
    expect(Buffer.from(gcm.seal(nonce, pt, aad, out)).equals(Buffer.from(want))).toBe(true);
    // in place in shared memory
    const inPlace = new Uint8Array(sab, 0, 1016);
    const copy = pt.slice();
    gcm.seal(nonce, inPlace.subarray(0, 1000), aad, inPlace);
    expect(Buffer.from(inPlace).equals(Buffer.from(want))).toBe(true);
    expect(Buffer.from(gcm.open(nonce, inPlace, aad, inPlace)).equals(Buffer.from(copy))).toBe(true);
    const bad = Uint8Array.from(want);
    bad[5] ^= 1;
    out.fill(0xee);
    expect(() => gcm.open(nonce, bad, aad.slice(), out)).toThrow(AuthenticationError);
    expect(out.subarray(0, 1000).every((b) => b === 0)).toBe(true);
  });
});

describe('memory under load', () => {
  it('key memory is sized to the backend, not a fixed 4 KiB', () => {
    const [, , createAesKey] = native.openSession();
    const sizes: Record<string, number> = {};
    for (const b of hwcrypt.backends().aes) sizes[b] = createAesKey(new Uint8Array(32), b).allocatedBytes;
    // A 64-byte header plus the backend's own state, rounded to 64 bytes.
    for (const [b, n] of Object.entries(sizes)) {
      expect(n % 64, b).toBe(0);
      expect(n, b).toBeGreaterThan(64 + 15 * 16);
      expect(n, b).toBeLessThan(64 + 4096);
    }
    // aesni: round keys, GHASH key powers, and the inverse cipher's round keys
    // (ECB/CBC/XTS decryption, 15 x 16 bytes) in well under 1.5 KiB.
    if (sizes.aesni) expect(sizes.aesni).toBeLessThanOrEqual(1024 + 256);
  });

  it('the soak script runs (figures are measured by hand: scripts/soak-keys.mjs)', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/soak-keys.mjs'), '--keys', '20000', '--turn', '5000'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out).keys).toBe(20000);
  });
});
