/**
 * Bad input gets a TypeError / RangeError naming the argument, a failed
 * open an AuthenticationError with out zeroed, use after dispose a
 * DisposedError — and the process survives all of it.
 */
import { describe, expect, it } from 'vitest';
import {
  AesCtr,
  AesGcm,
  aesGcm,
  AuthenticationError,
  createHmac,
  DisposedError,
  FinalizedError,
  getBackend,
  hmac,
  setBackend,
  sha256,
} from '../src/index.js';

const key16 = new Uint8Array(16);
const nonce = new Uint8Array(12);

describe('AesGcm arguments', () => {
  it('rejects non-Uint8Array keys with a TypeError naming key', () => {
    for (const k of [undefined, null, 'k'.repeat(16), 16, [1, 2], new ArrayBuffer(16), new Uint16Array(8), {}]) {
      expect(() => new AesGcm(k as never)).toThrow(TypeError);
      expect(() => new AesGcm(k as never)).toThrow(/^key: expected a Uint8Array/);
    }
  });

  it('rejects wrong key lengths with a RangeError giving the expected lengths', () => {
    for (const n of [0, 1, 15, 17, 20, 31, 33, 64]) {
      expect(() => new AesGcm(new Uint8Array(n))).toThrow(RangeError);
      expect(() => new AesGcm(new Uint8Array(n))).toThrow(`key: expected 16, 24, 32 bytes, got ${n}`);
    }
  });

  it('rejects bad tag lengths and unknown backends', () => {
    for (const t of [0, 1, 3, 5, 7, 9, 10, 11, 17, 32]) {
      expect(() => new AesGcm(key16, { tagLength: t })).toThrow(RangeError);
    }
    expect(() => new AesGcm(key16, { tagLength: 12.5 })).toThrow(TypeError);
    expect(() => new AesGcm(key16, { backend: 'nope' as never })).toThrow(/options.backend/);
    expect(() => new AesGcm(key16, { backend: 5 as never })).toThrow(TypeError);
    expect(() => new AesGcm(key16, 'x' as never)).toThrow(TypeError);
  });

  it('rejects bad nonces, plaintext, aad and out', () => {
    const gcm = new AesGcm(key16);
    expect(() => gcm.seal(new Uint8Array(0), new Uint8Array(1))).toThrow(/^nonce: expected 1\.\.2\^32 bytes/);
    expect(() => gcm.seal('nonce' as never, new Uint8Array(1))).toThrow(TypeError);
    expect(() => gcm.seal(nonce, 'text' as never)).toThrow(/^plaintext: expected a Uint8Array, got a string/);
    expect(() => gcm.seal(nonce, new Uint8Array(1), [1] as never)).toThrow(/^aad: expected a Uint8Array/);
    expect(() => gcm.seal(nonce, new Uint8Array(10), undefined, new Uint8Array(25))).toThrow(
      'out: expected at least 26 bytes, got 25',
    );
    expect(() => gcm.seal(nonce, new Uint8Array(10), undefined, {} as never)).toThrow(TypeError);
    expect(() => gcm.open(nonce, new Uint8Array(15))).toThrow(/^sealed: expected at least the 16-byte tag/);
    const sealed = gcm.seal(nonce, new Uint8Array(10));
    expect(() => gcm.open(nonce, sealed, undefined, new Uint8Array(9))).toThrow(RangeError);
    // partial overlap of out and input is refused, exact overlap works
    const buf = new Uint8Array(64);
    expect(() => gcm.seal(nonce, buf.subarray(0, 16), undefined, buf.subarray(1, 40))).toThrow(/partially overlap/);
    expect(() => gcm.seal(nonce, buf.subarray(0, 16), undefined, buf.subarray(0, 32))).not.toThrow();
  });

  it('a failed open throws AuthenticationError, returns nothing and zeroes out', () => {
    const gcm = new AesGcm(key16);
    const sealed = gcm.seal(nonce, new Uint8Array(100).fill(7));
    sealed[50] ^= 1;
    const out = new Uint8Array(100).fill(0xee);
    let result: unknown = 'untouched';
    try {
      result = gcm.open(nonce, sealed, undefined, out);
    } catch (e) {
      expect(e).toBeInstanceOf(AuthenticationError);
      expect(e).toBeInstanceOf(Error);
      expect((e as AuthenticationError).code).toBe('ERR_HWCRYPT_AUTH');
      expect((e as Error).name).toBe('AuthenticationError');
    }
    expect(result).toBe('untouched');
    expect(out.every((b) => b === 0)).toBe(true);
    expect(() => aesGcm.open(key16, nonce, sealed)).toThrow(AuthenticationError);
  });

  it('use after dispose throws DisposedError (ERR_HWCRYPT_DISPOSED); dispose is idempotent', () => {
    const gcm = new AesGcm(key16);
    gcm.dispose();
    gcm.dispose();
    for (const f of [() => gcm.seal(nonce, new Uint8Array(1)), () => gcm.open(nonce, new Uint8Array(16)), () => gcm.backend]) {
      expect(f).toThrow(DisposedError);
      try {
        f();
      } catch (e) {
        expect((e as DisposedError).code).toBe('ERR_HWCRYPT_DISPOSED');
      }
    }
    const ctr = new AesCtr(key16);
    ctr.dispose();
    expect(() => ctr.xor(new Uint8Array(16), new Uint8Array(1))).toThrow(DisposedError);
  });
});

describe('AesCtr arguments', () => {
  it('checks key, counter, data and out', () => {
    expect(() => new AesCtr(new Uint8Array(8))).toThrow(RangeError);
    const ctr = new AesCtr(key16);
    expect(() => ctr.xor(new Uint8Array(12), new Uint8Array(1))).toThrow('counter: expected 16 bytes, got 12');
    expect(() => ctr.xor(new Uint8Array(16), null as never)).toThrow(/^data: expected a Uint8Array, got null/);
    expect(() => ctr.xor(new Uint8Array(16), new Uint8Array(5), new Uint8Array(4))).toThrow(RangeError);
  });
});

describe('hash and HMAC arguments', () => {
  it('rejects non-bytes data and unknown algorithms', () => {
    expect(() => sha256('abc' as never)).toThrow(/^data: expected a Uint8Array, got a string/);
    expect(() => sha256.create().update(123 as never)).toThrow(TypeError);
    expect(() => hmac('md5' as never, key16, new Uint8Array(1))).toThrow(/^algorithm: expected one of/);
    expect(() => hmac('sha256', 'key' as never, new Uint8Array(1))).toThrow(/^key: expected a Uint8Array/);
    expect(() => createHmac(undefined as never, key16)).toThrow(TypeError);
    expect(() => sha256.create().digest('utf16' as never)).toThrow(RangeError);
  });

  it('refuses use after digest() with FinalizedError (ERR_HWCRYPT_FINALIZED)', () => {
    const h = sha256.create();
    h.digest();
    const m = createHmac('sha256', key16);
    m.digest();
    for (const f of [() => h.update(new Uint8Array(1)), () => h.digest(), () => h.copy(), () => h.backend, () => m.update(new Uint8Array(1)), () => m.digest(), () => m.backend]) {
      expect(f).toThrow(FinalizedError);
      expect(f).toThrow(/digest\(\) was already called/);
      try {
        f();
      } catch (e) {
        expect(e).not.toBeInstanceOf(DisposedError);
        expect((e as FinalizedError).code).toBe('ERR_HWCRYPT_FINALIZED');
        expect((e as Error).name).toBe('FinalizedError');
      }
    }
  });
});

describe('backend selection arguments', () => {
  it('rejects unknown families and backends, and unavailable ones', () => {
    expect(() => getBackend('md5' as never)).toThrow(RangeError);
    expect(() => setBackend('aes', 'turbo' as never)).toThrow(/unknown backend 'turbo'/);
    expect(() => setBackend('sha512', 'shani' as never)).toThrow(/unknown backend 'shani' for sha512/);
    expect(() => setBackend('nope' as never, 'soft')).toThrow(RangeError);
    expect(() => setBackend('aes', 1 as never)).toThrow(TypeError);
  });
});

describe('AesGcm / AesCtr: views that read as empty, lengths and tagLength the caller cannot bend', () => {
  const key = new Uint8Array(16).fill(7);
  const nonce = new Uint8Array(12).fill(1);

  it('refuses a view out of bounds of a shrunk resizable ArrayBuffer instead of sealing nothing', () => {
    const gcm = new AesGcm(key);
    // @ts-expect-error: resizable ArrayBuffers (ES2024) are newer than the lib target
    const rab = new ArrayBuffer(64, { maxByteLength: 64 });
    const v = new Uint8Array(rab, 32, 16);
    // @ts-expect-error: see above
    rab.resize(16);
    expect(() => gcm.seal(nonce, v)).toThrow(TypeError);
    expect(() => gcm.seal(nonce, v)).toThrow(/plaintext/);
    expect(() => gcm.seal(nonce, new Uint8Array(5), v)).toThrow(/aad/);
    expect(() => gcm.open(nonce, v)).toThrow(/sealed/);
    expect(() => gcm.seal(v, new Uint8Array(5))).toThrow(/nonce/);
    expect(() => new AesCtr(key).xor(new Uint8Array(16), v)).toThrow(/data/);
    gcm.dispose();
  });

  it('refuses a detached nonce with a TypeError naming it', () => {
    const gcm = new AesGcm(key);
    const n = new Uint8Array(12);
    structuredClone(n.buffer, { transfer: [n.buffer] });
    expect(() => gcm.seal(n, new Uint8Array(3))).toThrow(TypeError);
    expect(() => gcm.seal(n, new Uint8Array(3))).toThrow(/nonce/);
    gcm.dispose();
  });

  it('tagLength is fixed per key object', () => {
    const gcm = new AesGcm(key);
    expect(() => {
      (gcm as unknown as { tagLength: number }).tagLength = 8;
    }).toThrow(TypeError);
    expect(gcm.tagLength).toBe(16);
    expect(gcm.seal(nonce, new Uint8Array(3)).length).toBe(19);
    gcm.dispose();
  });

  it('the result length comes from what was processed, not from an overridden .length', () => {
    const gcm = new AesGcm(key);
    const sealed = gcm.seal(nonce, new Uint8Array(100).fill(3));
    class Liar extends Uint8Array {
      override get length(): number {
        return super.length + 50;
      }
    }
    const opened = gcm.open(nonce, new Liar(sealed));
    expect(opened.length).toBe(100);
    expect(opened.every((b) => b === 3)).toBe(true);
    gcm.dispose();
  });
});
