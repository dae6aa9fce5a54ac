/**
 * AesCbc, AesEcb, AesXts and AesCcm refuse bad input with the documented
 * error (TypeError, RangeError, DecryptionError, AuthenticationError,
 * DisposedError), never a crash: key, IV, tweak and nonce lengths, CCM's
 * limits per nonce length, XTS data-unit bounds and identical halves,
 * tampered padding and tags, non-Uint8Array and detached arguments,
 * too-small and overlapping outputs, use after dispose, and the raw addon
 * called with a key of the other kind. Also the algorithm tables of
 * cpuInfo() and backends().
 */
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AesCbc,
  AesCcm,
  AesEcb,
  AesXts,
  AuthenticationError,
  backends,
  ccmMaxPlaintext,
  cpuInfo,
  DecryptionError,
  DisposedError,
  getBackend,
} from '../src/index.js';
import { native } from '../src/internal.js';
import { describeBackends, Rng, SEED } from './helpers.js';

type Backend = never;

function detached(n = 16): Uint8Array {
  const v = new Uint8Array(n);
  structuredClone(v.buffer, { transfer: [v.buffer] });
  return v;
}

const NOT_BYTES: unknown[] = [null, undefined, 'abc', 42, [1, 2, 3], new Uint16Array(8), new ArrayBuffer(16), new DataView(new ArrayBuffer(16)), {}];

describeBackends('aes', 'block modes: bad input', (backend) => {
  const opts = { backend: backend as Backend };
  const rng = new Rng(SEED + 31);
  const k16 = rng.bytes(16);
  const k32 = rng.bytes(32);
  const iv = rng.bytes(16);

  it('constructors: non-bytes keys are TypeErrors; wrong key lengths, options and identical XTS halves are RangeErrors', () => {
    for (const C of [AesCbc, AesEcb, AesCcm]) {
      for (const bad of NOT_BYTES) expect(() => new C(bad as Uint8Array, opts)).toThrow(TypeError);
      for (const n of [0, 8, 15, 17, 31, 33, 64]) expect(() => new C(new Uint8Array(n), opts)).toThrow(/key: expected 16, 24, 32 bytes/);
      expect(() => new C(k16, null as never)).toThrow(TypeError);
    }
    for (const bad of NOT_BYTES) expect(() => new AesXts(bad as Uint8Array, opts)).toThrow(TypeError);
    for (const n of [0, 16, 24, 31, 33, 47, 63, 65, 128]) {
      expect(() => new AesXts(new Uint8Array(n), opts)).toThrow(/key: expected 32, 48, 64 bytes/);
    }
    for (const half of [16, 24, 32]) {
      const same = new Uint8Array(2 * half);
      same.set(rng.bytes(half));
      same.copyWithin(half, 0, half);
      expect(() => new AesXts(same, opts)).toThrow(RangeError);
      expect(() => new AesXts(same, opts)).toThrow(/key: the two halves/);
      same[2 * half - 1] ^= 1;
      new AesXts(same, opts).dispose();
    }
    expect(() => new AesCbc(k16, { ...opts, padding: 'zero' as never })).toThrow(RangeError);
    expect(() => new AesCbc(k16, { ...opts, padding: 7 as never })).toThrow(TypeError);
    for (const t of [0, 2, 3, 5, 7, 15, 17, 18]) expect(() => new AesCcm(k16, { ...opts, tagLength: t })).toThrow(RangeError);
    expect(() => new AesCcm(k16, { ...opts, tagLength: '16' as never })).toThrow(TypeError);
    expect(() => new AesCbc(k16, { backend: 'nope' as never })).toThrow(/options.backend/);
    expect(() => new AesXts(k32, { backend: 'nope' as never })).toThrow(/options.backend/);
  });

  it('AesCbc: IV, lengths, padding, out and overlap', () => {
    const cbc = new AesCbc(k16, opts);
    const raw = new AesCbc(k16, { ...opts, padding: 'none' });
    for (const c of [cbc, raw]) {
      for (const bad of NOT_BYTES) {
        expect(() => c.encrypt(bad as Uint8Array, new Uint8Array(16))).toThrow(TypeError);
        expect(() => c.encrypt(iv, bad as Uint8Array)).toThrow(TypeError);
        expect(() => c.decrypt(iv, bad as Uint8Array)).toThrow(TypeError);
        if (bad !== undefined) expect(() => c.encrypt(iv, new Uint8Array(16), bad as Uint8Array)).toThrow(TypeError);
      }
      for (const n of [0, 8, 15, 17, 32]) {
        expect(() => c.encrypt(new Uint8Array(n), new Uint8Array(16))).toThrow(/iv: expected 16 bytes/);
        expect(() => c.decrypt(new Uint8Array(n), new Uint8Array(16))).toThrow(RangeError);
      }
      // Decrypt of a length that is not a multiple of 16: DecryptionError with either padding, out zeroed.
      for (const n of [1, 15, 17, 31]) {
        const out = new Uint8Array(n).fill(0xaa);
        expect(() => c.decrypt(iv, new Uint8Array(n), out)).toThrow(DecryptionError);
        expect(out.every((b) => b === 0)).toBe(true);
      }
      expect(() => c.encrypt(iv, detached())).toThrow(/detached/);
      expect(() => c.decrypt(detached(), new Uint8Array(16))).toThrow(TypeError);
      expect(() => c.encrypt(iv, new Uint8Array(16), detached())).toThrow(TypeError);
    }
    expect(() => raw.encrypt(iv, new Uint8Array(15))).toThrow(/multiple of 16/);
    expect(raw.encrypt(iv, new Uint8Array(0)).length).toBe(0);
    expect(raw.decrypt(iv, new Uint8Array(0)).length).toBe(0);
    expect(() => cbc.decrypt(iv, new Uint8Array(0))).toThrow(DecryptionError);
    // Tampered padding: every change of the last byte of the last plaintext block.
    const ct = cbc.encrypt(iv, rng.bytes(20));
    for (let d = 1; d < 256; d++) {
      const bad = ct.slice();
      bad[bad.length - 17] ^= d; // flips the same bits of the last plaintext byte
      let threw: unknown = null;
      try {
        cbc.decrypt(iv, bad);
      } catch (e) {
        threw = e;
      }
      // Flipping the pad byte 12 into 1 is still valid padding (one byte of padding).
      if ((12 ^ d) === 1) expect(threw).toBe(null);
      else expect(threw, `delta ${d}`).toBeInstanceOf(DecryptionError);
    }
    expect(() => cbc.encrypt(iv, new Uint8Array(16), new Uint8Array(31))).toThrow(/out: expected at least 32 bytes/);
    expect(() => cbc.decrypt(iv, ct, new Uint8Array(ct.length - 1))).toThrow(RangeError);
    // Partial overlap, and out overlapping the IV.
    const buf = new Uint8Array(100);
    expect(() => cbc.encrypt(iv, buf.subarray(0, 32), buf.subarray(8, 56))).toThrow(/overlap/);
    expect(() => raw.decrypt(iv, buf.subarray(16, 48), buf.subarray(0, 32))).toThrow(/overlap/);
    expect(() => raw.encrypt(buf.subarray(40, 56), buf.subarray(0, 32), buf.subarray(32, 64))).toThrow(/overlap/);
    cbc.dispose();
    raw.dispose();
  });

  it('AesEcb: lengths, arguments, out and overlap', () => {
    const ecb = new AesEcb(k16, opts);
    for (const n of [1, 15, 17, 100]) {
      expect(() => ecb.encrypt(new Uint8Array(n))).toThrow(/multiple of 16/);
      expect(() => ecb.decrypt(new Uint8Array(n))).toThrow(RangeError);
    }
    for (const bad of NOT_BYTES) expect(() => ecb.encrypt(bad as Uint8Array)).toThrow(TypeError);
    expect(() => ecb.encrypt(detached())).toThrow(TypeError);
    expect(ecb.encrypt(new Uint8Array(0)).length).toBe(0);
    expect(() => ecb.encrypt(new Uint8Array(32), new Uint8Array(16))).toThrow(RangeError);
    const buf = new Uint8Array(64);
    expect(() => ecb.encrypt(buf.subarray(0, 32), buf.subarray(16, 48))).toThrow(/overlap/);
    ecb.dispose();
  });

  it('AesXts: tweak length, data under 16 and over 2^24 bytes, out and overlap', () => {
    const xts = new AesXts(k32, opts);
    for (const n of [0, 8, 15, 17]) expect(() => xts.encrypt(new Uint8Array(n), new Uint8Array(16))).toThrow(/tweak: expected 16 bytes/);
    for (const n of [0, 1, 15]) {
      expect(() => xts.encrypt(iv, new Uint8Array(n))).toThrow(/data: expected 16 to 2\^24 bytes/);
      expect(() => xts.decrypt(iv, new Uint8Array(n))).toThrow(RangeError);
    }
    const big = new Uint8Array(2 ** 24 + 1);
    expect(() => xts.encrypt(iv, big)).toThrow(/2\^24/);
    expect(() => xts.decrypt(iv, big.subarray(0, 2 ** 24 + 16))).toThrow(RangeError);
    for (const bad of NOT_BYTES) {
      expect(() => xts.encrypt(bad as Uint8Array, new Uint8Array(16))).toThrow(TypeError);
      expect(() => xts.encrypt(iv, bad as Uint8Array)).toThrow(TypeError);
    }
    expect(() => xts.encrypt(iv, detached())).toThrow(TypeError);
    expect(() => xts.encrypt(iv, detached(0))).toThrow(/detached/);
    expect(() => xts.encrypt(detached(), new Uint8Array(16))).toThrow(TypeError);
    expect(() => xts.encrypt(iv, new Uint8Array(32), new Uint8Array(31))).toThrow(RangeError);
    const buf = new Uint8Array(64);
    expect(() => xts.encrypt(iv, buf.subarray(0, 32), buf.subarray(1, 33))).toThrow(/overlap/);
    expect(() => xts.encrypt(buf.subarray(40, 56), buf.subarray(0, 32), buf.subarray(32, 64))).toThrow(/overlap/);
    xts.dispose();
  });

  it('AesCcm: nonce lengths, the plaintext limit of each nonce length, tags, out and overlap', () => {
    const ccm = new AesCcm(k16, opts);
    for (const n of [0, 1, 6, 14, 16]) {
      expect(() => ccm.seal(new Uint8Array(n), new Uint8Array(1))).toThrow(/nonce: expected 7..13 bytes/);
      expect(() => ccm.open(new Uint8Array(n), new Uint8Array(32))).toThrow(RangeError);
    }
    expect([7, 8, 9, 10, 11, 12, 13].map(ccmMaxPlaintext)).toEqual([
      2 ** 36 - 16,
      2 ** 36 - 16,
      2 ** 36 - 16,
      2 ** 36 - 16,
      2 ** 32 - 1,
      2 ** 24 - 1,
      2 ** 16 - 1,
    ]);
    const n13 = rng.bytes(13);
    expect(() => ccm.seal(n13, new Uint8Array(65536))).toThrow(/plaintext: at most 2\^16 - 1 = 65535 bytes with a 13-byte nonce/);
    expect(() => ccm.open(n13, new Uint8Array(65536 + 16))).toThrow(/sealed: at most 2\^16 - 1/);
    const pt = rng.bytes(65535);
    const sealed = ccm.seal(n13, pt);
    const c = crypto.createCipheriv('aes-128-ccm', k16, n13, { authTagLength: 16 });
    c.setAAD(new Uint8Array(0), { plaintextLength: pt.length });
    expect(Buffer.compare(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]), sealed)).toBe(0);
    expect(Buffer.compare(ccm.open(n13, sealed), pt)).toBe(0);
    expect(() => ccm.seal(rng.bytes(12), new Uint8Array(2 ** 24))).toThrow(/2\^24 - 1 = 16777215 bytes with a 12-byte nonce/);
    expect(() => ccm.open(n13, new Uint8Array(15))).toThrow(/sealed: expected at least the 16-byte tag/);
    // Tampered tag: AuthenticationError, out zeroed.
    const bad = ccm.seal(n13, rng.bytes(40), rng.bytes(5));
    bad[bad.length - 1] ^= 1;
    const out = new Uint8Array(40).fill(0xaa);
    expect(() => ccm.open(n13, bad, undefined, out)).toThrow(AuthenticationError);
    expect(out.every((b) => b === 0)).toBe(true);
    for (const b of NOT_BYTES) {
      if (b === undefined) continue;
      expect(() => ccm.seal(b as Uint8Array, new Uint8Array(1))).toThrow(TypeError);
      expect(() => ccm.seal(n13, b as Uint8Array)).toThrow(TypeError);
      expect(() => ccm.seal(n13, new Uint8Array(1), b as Uint8Array)).toThrow(TypeError);
      expect(() => ccm.open(n13, b as Uint8Array)).toThrow(TypeError);
    }
    expect(() => ccm.seal(detached(13), new Uint8Array(1))).toThrow(TypeError);
    expect(() => ccm.seal(n13, new Uint8Array(1), detached(0))).toThrow(/detached/);
    expect(() => ccm.seal(n13, new Uint8Array(10), undefined, new Uint8Array(25))).toThrow(RangeError);
    const buf = new Uint8Array(128);
    expect(() => ccm.seal(n13, buf.subarray(0, 32), undefined, buf.subarray(4, 52))).toThrow(/overlap/);
    // out over the nonce: refused by the addon on the direct path (over 64 bytes); up to 64
    // bytes the inputs are copied before anything is written, and the result is right
    const big = new Uint8Array(512);
    expect(() => ccm.seal(big.subarray(300, 313), big.subarray(0, 100), undefined, big.subarray(200, 316))).toThrow(/overlap/);
    const want = ccm.seal(buf.slice(60, 73), buf.slice(0, 32));
    expect(Buffer.from(ccm.seal(buf.subarray(60, 73), buf.subarray(0, 32), undefined, buf.subarray(48, 96))).equals(Buffer.from(want))).toBe(true);
    ccm.dispose();
  });

  it('every method throws DisposedError after dispose() (idempotent), and .backend names the backend before', () => {
    const objs = [new AesCbc(k16, opts), new AesEcb(k16, opts), new AesXts(k32, opts), new AesCcm(k16, opts)];
    for (const o of objs) {
      expect(o.backend).toBe(backend);
      o.dispose();
      o.dispose();
      expect(() => o.backend).toThrow(DisposedError);
    }
    const [cbc, ecb, xts, ccm] = objs as [AesCbc, AesEcb, AesXts, AesCcm];
    expect(() => cbc.encrypt(iv, new Uint8Array(16))).toThrow(DisposedError);
    expect(() => cbc.decrypt(iv, new Uint8Array(16))).toThrow(DisposedError);
    expect(() => ecb.encrypt(new Uint8Array(16))).toThrow(DisposedError);
    expect(() => ecb.decrypt(new Uint8Array(16))).toThrow(DisposedError);
    expect(() => xts.encrypt(iv, new Uint8Array(16))).toThrow(DisposedError);
    expect(() => xts.decrypt(iv, new Uint8Array(16))).toThrow(DisposedError);
    expect(() => ccm.seal(new Uint8Array(13), new Uint8Array(16))).toThrow(DisposedError);
    expect(() => ccm.open(new Uint8Array(13), new Uint8Array(16))).toThrow(DisposedError);
    try {
      ccm.open(new Uint8Array(13), new Uint8Array(16));
    } catch (e) {
      expect((e as DisposedError).code).toBe('ERR_HWCRYPT_DISPOSED');
    }
  });

  it('the raw addon: an XTS key serves only XTS, an AES key never XTS; bad flags and lengths are errors, not crashes', () => {
    const [, , createAesKey] = native.openSession();
    const aes = createAesKey(k16, backend);
    const xts = createAesKey(k32, backend, true);
    expect(xts.keyBytes).toBe(32);
    expect(xts.allocatedBytes).toBe(2 * aes.allocatedBytes);
    const d = new Uint8Array(32);
    expect(() => native.keyOp(xts.handle, 9, true, d, new Uint8Array(32))).toThrow(/serves only XTS/);
    expect(() => native.keyOp(xts.handle, 0, new Uint8Array(12), d, undefined, new Uint8Array(48), 16)).toThrow(TypeError);
    expect(() => native.keyOp(aes.handle, 12, true, iv, d, new Uint8Array(32))).toThrow(/not an AES-XTS key/);
    expect(() => native.keyOp(aes.handle, 9, 'yes', d, new Uint8Array(32))).toThrow(/encrypt: expected a boolean/);
    expect(() => native.keyOp(aes.handle, 9, true, new Uint8Array(15), new Uint8Array(32))).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 10, true, iv, new Uint8Array(15), new Uint8Array(32))).toThrow(RangeError);
    expect(native.keyOp(aes.handle, 10, false, iv, new Uint8Array(15), new Uint8Array(32))).toBe(-1);
    expect(native.keyOp(aes.handle, 11, false, iv, new Uint8Array(0), new Uint8Array(0))).toBe(-1);
    expect(() => native.keyOp(aes.handle, 11, true, iv, new Uint8Array(16), new Uint8Array(31))).toThrow(RangeError);
    expect(() => native.keyOp(xts.handle, 12, true, iv, new Uint8Array(15), new Uint8Array(32))).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 13, new Uint8Array(6), d, undefined, new Uint8Array(64), 16)).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 13, new Uint8Array(13), d, undefined, new Uint8Array(64), 5)).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 15, 13, 0, 2000, 16)).toThrow(/do not fit the arena/);
    expect(() => native.keyOp(aes.handle, 15, 13, 0, 10, 16)).toThrow(RangeError);
    // AES-GCM-SIV (16 seal, 17 open, 18 arena open): only a 12-byte nonce and a 16-byte tag
    expect(() => native.keyOp(aes.handle, 16, new Uint8Array(11), d, undefined, new Uint8Array(64), 16)).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 16, new Uint8Array(12), d, undefined, new Uint8Array(64), 12)).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 17, new Uint8Array(13), new Uint8Array(32), 16, undefined, null)).toThrow(RangeError);
    expect(() => native.keyOp(aes.handle, 999)).toThrow(/unknown operation/);
    expect(() => createAesKey(new Uint8Array(40), backend, true)).toThrow(/32, 48 or 64/);
    expect(() => createAesKey(new Uint8Array(32), backend, true)).toThrow(/halves/);
    expect(() => createAesKey(k32, backend, 'x' as never)).toThrow(TypeError);
    native.keyOp(xts.handle, 3);
    expect(() => native.keyOp(xts.handle, 12, true, iv, d, new Uint8Array(32))).toThrow(/disposed/);
    native.keyOp(aes.handle, 3);
  });
});

describe('cpuInfo() and backends() list every algorithm with the backend that runs it', () => {
  it('AES modes on the AES backend, hashes on theirs, HMAC/HKDF/PBKDF2 on every SHA family', () => {
    const c = cpuInfo();
    const b = backends();
    const aesModes = ['aes-gcm', 'aes-ctr', 'aes-cbc', 'aes-ecb', 'aes-xts', 'aes-ccm', 'aes-cmac', 'aes-gcm-siv'] as const;
    // AEGIS (every variant) on the AES backend family too (its AEGIS kernels)
    const aegis = ['aegis-128l', 'aegis-256', 'aegis-128x2', 'aegis-128x4', 'aegis-256x2', 'aegis-256x4'] as const;
    const aegisMac = ['aegismac-128l', 'aegismac-256', 'aegismac-128x2', 'aegismac-128x4', 'aegismac-256x2', 'aegismac-256x4'] as const;
    for (const a of [...aesModes, ...aegis, ...aegisMac]) {
      expect(c.algorithms[a]).toEqual({ aes: getBackend('aes') });
      expect(b.algorithms[a]).toEqual({ aes: b.aes });
    }
    expect(c.algorithms.sha224).toEqual({ sha256: getBackend('sha256') });
    expect(c.algorithms['sha512-256']).toEqual({ sha512: getBackend('sha512') });
    for (const a of ['hmac', 'hkdf', 'pbkdf2'] as const) {
      expect(c.algorithms[a]).toEqual({ sha1: getBackend('sha1'), sha256: getBackend('sha256'), sha512: getBackend('sha512') });
      expect(b.algorithms[a]).toEqual({ sha1: b.sha1, sha256: b.sha256, sha512: b.sha512 });
    }
    expect(Object.keys(c.algorithms).length).toBe(29);
  });
});
