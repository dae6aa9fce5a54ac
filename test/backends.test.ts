/**
 * CPU detection, dispatch, HWCRYPT_BACKEND, and the cross-backend check:
 * every available backend forced in turn on the same random inputs must
 * give byte-identical output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AesCtr, AesGcm, backends, cpuInfo, getBackend, knownBackends, setBackend, sha1, sha256, sha512 } from '../src/index.js';
import { native } from '../src/internal.js';
import { Rng, SEED, toHex } from './helpers.js';

describe('cpuInfo and backends', () => {
  it('reports the architecture and features consistently with the backends offered', () => {
    const c = cpuInfo();
    expect(['x64', 'arm64', 'other']).toContain(c.arch);
    const b = backends();
    for (const fam of ['aes', 'sha1', 'sha256', 'sha512'] as const) {
      expect(b[fam][b[fam].length - 1]).toBe('soft');
      expect(getBackend(fam)).toBe(b[fam][0]);
      for (const name of b[fam]) expect(knownBackends()[fam]).toContain(name);
    }
    const f = c.features;
    expect(b.aes.includes('aesni')).toBe(f.aesni && f.pclmul);
    expect(b.aes.includes('vaes512')).toBe(f.avx512 && f.vaes && f.vpclmul);
    expect(b.aes.includes('vaes256')).toBe(f.avx2 && f.vaes && f.vpclmul);
    expect(b.sha256.includes('shani')).toBe(f.shani);
    expect(b.aes.includes('armv8')).toBe(f.armAes && f.armPmull);
    expect(b.sha512.includes('armv8')).toBe(f.armSha512);
    expect(b.sha512.includes('avx2')).toBe(f.avx2 && f.bmi2);
  });

  it('setBackend forces new keys and hashes, "auto" restores the best; keys keep the backend that expanded them', () => {
    const best = getBackend('aes');
    const before = new AesGcm(new Uint8Array(16));
    setBackend('aes', 'soft');
    try {
      expect(getBackend('aes')).toBe('soft');
      expect(new AesGcm(new Uint8Array(16)).backend).toBe('soft');
      expect(before.backend).toBe(best);
    } finally {
      setBackend('aes', 'auto');
    }
    expect(getBackend('aes')).toBe(best);
    setBackend('all', 'soft');
    try {
      expect(getBackend('sha256')).toBe('soft');
      expect(getBackend('sha512')).toBe('soft');
      expect(sha256.create().backend).toBe('soft');
    } finally {
      setBackend('all', 'auto');
    }
  });
});

describe('HWCRYPT_BACKEND', () => {
  const root = path.join(__dirname, '..');
  // dist/ is built (or rebuilt when older than src/) by test/global-setup.ts
  // before any suite runs; without it this would test whatever was built last.
  const entry = path.join(root, 'dist', 'cjs', 'src', 'index.js');
  const run = (spec: string) =>
    execFileSync(
      process.execPath,
      ['-e', `const h=require('./dist/cjs/src/index.js');console.log(JSON.stringify(['aes','sha1','sha256','sha512'].map(h.getBackend)))`],
      { cwd: root, env: { ...process.env, HWCRYPT_BACKEND: spec }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );

  it('forces families at load, and names the bad item when a backend is unavailable', () => {
    expect(existsSync(entry), `${entry} missing: test/global-setup.ts should have built it`).toBe(true);
    expect(statSync(entry).mtimeMs, 'dist/ is older than src/backend.ts').toBeGreaterThanOrEqual(statSync(path.join(root, 'src', 'backend.ts')).mtimeMs);
    expect(JSON.parse(run('soft'))).toEqual(['soft', 'soft', 'soft', 'soft']);
    expect(JSON.parse(run('aes=soft')).slice(0, 1)).toEqual(['soft']);
    expect(() => run('aes=warp9')).toThrow(/HWCRYPT_BACKEND: 'aes=warp9'/);
  });
});

describe('every backend gives identical output on the same inputs', () => {
  const rng = new Rng(SEED + 11);
  const cases = Array.from({ length: 120 }, (_, i) => ({
    key: rng.bytes(rng.pick([16, 24, 32])),
    nonce: rng.bytes(i % 5 === 0 ? 1 + rng.int(60) : 12),
    aad: rng.bytes(rng.int(300)),
    pt: rng.bytes(i < 60 ? i * 17 : rng.int(40000)),
    counter: rng.bytes(16),
  }));

  it(`AES-GCM and AES-CTR across ${backends().aes.join(', ')} (seed ${SEED + 11})`, () => {
    const ref: string[] = [];
    for (const [bi, backend] of backends().aes.entries()) {
      cases.forEach((c, i) => {
        const gcm = new AesGcm(c.key, { backend });
        const ctr = new AesCtr(c.key, { backend });
        const got = toHex(gcm.seal(c.nonce, c.pt, c.aad)) + ':' + toHex(ctr.xor(c.counter, c.pt));
        if (bi === 0) ref.push(got);
        else expect(got, `${backend} vs ${backends().aes[0]} case ${i}`).toBe(ref[i]);
        gcm.dispose();
        ctr.dispose();
      });
    }
  });

  it('SHA-1/256/512 across their backends', () => {
    for (const [fam, fn] of [['sha1', sha1], ['sha256', sha256], ['sha512', sha512]] as const) {
      const ref: string[] = [];
      for (const [bi, backend] of backends()[fam].entries()) {
        cases.forEach((c, i) => {
          const got = toHex(fn.create({ backend }).update(c.pt).update(c.aad).digest());
          if (bi === 0) ref.push(got);
          else expect(got, `${fam} ${backend} case ${i}`).toBe(ref[i]);
        });
      }
    }
  });
});

describe('the native layer survives misuse', () => {
  it('throws instead of crashing on wrong argument types, receivers and use after dispose', () => {
    // A session of its own: the raw addon's caller gets a fresh arena, not hwcrypt's.
    const [, , createAesKey] = native.openSession();
    expect(() => createAesKey('key' as never)).toThrow(TypeError);
    expect(() => createAesKey(new Uint8Array(5))).toThrow(RangeError);
    expect(() => createAesKey(new Uint8Array(16), 'nope')).toThrow(RangeError);
    expect(() => createAesKey(new Uint8Array(16), '')).toThrow(RangeError);
    const { handle, backend, keyBytes, allocatedBytes } = createAesKey(new Uint8Array(16));
    expect(backend).toBe(getBackend('aes'));
    expect(keyBytes).toBe(16);
    expect(allocatedBytes).toBeGreaterThan(0);
    const op = (...a: unknown[]) => native.keyOp(handle, ...(a as [number]));
    const seal = (...a: unknown[]) => op(0, ...a);
    const open = (...a: unknown[]) => op(1, ...a);
    const ctr = (...a: unknown[]) => op(2, ...a);
    expect(() => seal(1, new Uint8Array(1), undefined, new Uint8Array(17), 16)).toThrow(TypeError);
    expect(() => seal(new Uint8Array(12), new Uint8Array(1), undefined, new Uint8Array(5), 16)).toThrow(RangeError);
    expect(() => seal()).toThrow(TypeError);
    expect(() => op(99)).toThrow(RangeError);
    expect(() => (native.keyOp as Function)()).toThrow(TypeError);
    // Only a handle hwcrypt made is ever treated as a key.
    for (const fake of [{}, new native.HashCtx(2), 7, null, () => 0, new Uint8Array(64)]) {
      expect(() => native.keyOp(fake as object, 2, new Uint8Array(16), new Uint8Array(1), new Uint8Array(1))).toThrow(
        /not an hwcrypt AES key/,
      );
    }
    expect(() => open(new Uint8Array(12))).toThrow(TypeError);
    expect(() => open(new Uint8Array(12), new Uint8Array(10), 16, undefined, new Uint8Array(0))).toThrow(/shorter than the tag/);
    expect(() => op(4, 12, 5000, 20, 16)).toThrow(/do not fit the arena/);
    expect(() => op(5, 65)).toThrow(/does not fit the arena/);
    expect(() => ctr(new Uint8Array(3), new Uint8Array(1), new Uint8Array(1))).toThrow(RangeError);
    const out = new Uint8Array(17);
    seal(new Uint8Array(12), new Uint8Array(1), undefined, out, 16);
    expect(out.some((b) => b !== 0)).toBe(true);
    op(3);
    op(3);
    expect(() => ctr(new Uint8Array(16), new Uint8Array(1), new Uint8Array(1))).toThrow(/disposed/);
    expect(() => seal(new Uint8Array(12), new Uint8Array(1), undefined, out, 16)).toThrow(/disposed/);
    const h = new native.HashCtx(2);
    expect(() => (h.update as Function).call({}, new Uint8Array(1))).toThrow(/Illegal invocation|receiver/);
    expect(() => new native.HashCtx(99)).toThrow(RangeError);
  });

  it('validates the benchmark entry points: no hang, no foreign file descriptors', async () => {
    const fs = await import('node:fs');
    for (const n of [-1, 0, 1, 7, NaN, 2 ** 40]) expect(() => native.calibrateChain(n)).toThrow(RangeError);
    expect(typeof native.calibrateChain(8)).toBe('bigint');
    // An fd this environment did not open through perfCyclesOpen is neither read nor closed.
    const fd = fs.openSync(process.execPath, 'r');
    try {
      expect(native.perfCyclesRead(fd)).toBe(0n);
      native.perfCyclesClose(fd);
      expect(fs.fstatSync(fd).isFile()).toBe(true);
    } finally {
      fs.closeSync(fd);
    }
    for (const bad of [0, 1, 2, -1]) {
      expect(native.perfCyclesRead(bad)).toBe(0n);
      native.perfCyclesClose(bad);
    }
    expect(fs.fstatSync(1)).toBeTruthy(); // stdout still open
  });
});

describe('the arena leaves nothing behind', () => {
  it('is zero after one-shot hashes, HMAC, digests and small opens', async () => {
    const { arena, hashArena } = await import('../src/native.js');
    const { hmac, sha512, sha1, createHmac } = await import('../src/index.js');
    // This is the arena the addon writes to (else the check below proves nothing).
    arena.set([0x61, 0x62, 0x63]);
    hashArena(2, 3);
    expect(toHex(arena.subarray(0, 32))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    arena.fill(0);
    const secret = new Uint8Array(700).fill(0xa5);
    sha256(secret);
    sha512(secret.subarray(0, 33));
    sha1(secret.subarray(0, 1));
    hmac('sha256', secret.subarray(0, 32), secret);
    createHmac('sha384', secret).update(secret).digest();
    sha256.create().update(secret).digest('hex');
    const gcm = new AesGcm(new Uint8Array(32).fill(7));
    const nonce = new Uint8Array(12);
    gcm.open(nonce, gcm.seal(nonce, secret.subarray(0, 64)));
    const bad = gcm.seal(nonce, secret.subarray(0, 40));
    bad[0] ^= 1;
    expect(() => gcm.open(nonce, bad)).toThrow();
    expect(arena.every((b) => b === 0)).toBe(true);
  });
});
