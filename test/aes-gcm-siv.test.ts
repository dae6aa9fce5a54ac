/**
 * AES-GCM-SIV (RFC 8452) through the JS API on every AES backend: the RFC 8452 Appendix C
 * vectors and Wycheproof aes_gcm_siv_test.json (counter-wrap cases included), a differential
 * against @noble/ciphers' gcmsiv over boundary and random lengths, in place and unaligned,
 * and bad input (key, nonce and tag lengths; tampering; open wipes out).
 *
 * node:crypto is compared only where it has 'aes-128-gcm-siv' (OpenSSL 3.2+); Node 20 with
 * OpenSSL 3.0 does not, and there the vectors and @noble/ciphers are the references.
 */
import * as crypto from 'node:crypto';
import { gcmsiv } from '@noble/ciphers/aes.js';
import { expect, it } from 'vitest';
import { AesGcmSiv, aesGcmSiv, AuthenticationError, DisposedError } from '../src/index.js';
import { boundaryLengths, describeBackends, hex, readJson, Rng, SEED, toHex, unaligned } from './helpers.js';

type Backend = never;

describeBackends('aes', 'AES-GCM-SIV', (backend) => {
  const opts = { backend: backend as Backend };

  it('RFC 8452 Appendix C (C.1, C.2, C.3 counter wrap): seal and open', () => {
    const data = readJson('rfc/rfc8452_aes_gcm_siv.json');
    expect(data.tests.length).toBe(50);
    for (const t of data.tests) {
      const where = `${t.section} tcId ${t.wycheproofTcId}`;
      const siv = new AesGcmSiv(hex(t.key), opts);
      expect(siv.backend).toBe(backend);
      expect(toHex(siv.seal(hex(t.nonce), hex(t.plaintext), hex(t.aad))), where).toBe(t.ciphertext + t.tag);
      expect(toHex(siv.open(hex(t.nonce), hex(t.ciphertext + t.tag), hex(t.aad))), where).toBe(t.plaintext);
      siv.dispose();
    }
  });

  it('Wycheproof aes_gcm_siv_test.json: valid cases match, modified tags throw and wipe out', () => {
    const data = readJson('wycheproof/aes_gcm_siv_test.json');
    let n = 0;
    let invalid = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
        const siv = new AesGcmSiv(hex(t.key), opts);
        const nonce = hex(t.iv);
        const sealed = hex(t.ct + t.tag);
        if (t.result === 'valid') {
          expect(toHex(siv.seal(nonce, hex(t.msg), hex(t.aad))), where).toBe(t.ct + t.tag);
          expect(toHex(siv.open(nonce, sealed, hex(t.aad))), where).toBe(t.msg);
        } else {
          invalid++;
          const out = new Uint8Array(t.ct.length / 2).fill(0xaa);
          expect(() => siv.open(nonce, sealed, hex(t.aad), out), where).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0), where).toBe(true);
          expect(() => siv.open(nonce, sealed, hex(t.aad)), where).toThrow(AuthenticationError);
        }
        siv.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
    expect(invalid).toBeGreaterThan(50);
  });

  it('equals @noble/ciphers gcmsiv at boundary and random lengths (16- and 32-byte keys, in place, unaligned)', () => {
    const rng = new Rng(SEED ^ 0x5157);
    const lengths = [...boundaryLengths(), ...Array.from({ length: 40 }, () => rng.int(5000)), 512 * 3 + 1];
    for (const len of lengths) {
      const key = rng.bytes(rng.int(2) ? 32 : 16);
      const nonce = rng.bytes(12);
      const aad = rng.bytes(rng.pick([0, 1, 15, 16, 17, rng.int(300)]));
      const pt = rng.bytes(len);
      const where = `len ${len} key ${key.length} aad ${aad.length}`;
      const want = gcmsiv(key, nonce, aad).encrypt(pt);
      const siv = new AesGcmSiv(key, opts);
      expect(toHex(siv.seal(nonce, pt, aad)), where).toBe(toHex(want));
      expect(toHex(siv.seal(unaligned(nonce), unaligned(pt), unaligned(aad))), where).toBe(toHex(want));
      expect(toHex(siv.open(nonce, want, aad)), where).toBe(toHex(pt));
      // in place: seal into the plaintext's own buffer, open back into it
      const buf = new Uint8Array(len + 16);
      buf.set(pt);
      const sealed = siv.seal(nonce, buf.subarray(0, len), aad, buf);
      expect(toHex(sealed), where).toBe(toHex(want));
      const opened = siv.open(nonce, buf, aad, buf);
      expect(toHex(opened), where).toBe(toHex(pt));
      siv.dispose();
    }
  });

  it('rejects any flipped bit of ciphertext, tag, AAD or nonce, wiping out', () => {
    const rng = new Rng(SEED ^ 0x51f);
    const siv = new AesGcmSiv(rng.bytes(16), opts);
    for (const len of [0, 1, 16, 33, 100, 700]) {
      const nonce = rng.bytes(12);
      const aad = rng.bytes(20);
      const sealed = siv.seal(nonce, rng.bytes(len), aad);
      const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [];
      const flip = (a: Uint8Array) => {
        const c = a.slice();
        c[rng.int(c.length)] ^= 1 << rng.int(8);
        return c;
      };
      cases.push(['sealed', nonce, flip(sealed), aad], ['aad', nonce, sealed, flip(aad)], ['nonce', flip(nonce), sealed, aad]);
      for (const [what, n, s, a] of cases) {
        const out = new Uint8Array(len).fill(0xaa);
        expect(() => siv.open(n, s, a, out), `${what} len ${len}`).toThrow(AuthenticationError);
        expect(out.every((b) => b === 0), `${what} len ${len}: out wiped`).toBe(true);
      }
    }
    siv.dispose();
  });

  it('nonce-misuse resistance: the same nonce gives equal output only for equal messages', () => {
    const siv = new AesGcmSiv(new Uint8Array(32).fill(7), opts);
    const nonce = new Uint8Array(12);
    const a = siv.seal(nonce, new Uint8Array(40).fill(1));
    const b = siv.seal(nonce, new Uint8Array(40).fill(1));
    const c = siv.seal(nonce, new Uint8Array(40).fill(2));
    expect(toHex(a)).toBe(toHex(b));
    expect(toHex(a.subarray(0, 40))).not.toBe(toHex(c.subarray(0, 40)));
    siv.dispose();
  });
});

it('AesGcmSiv bad input: key, nonce and sealed lengths, types, dispose', () => {
  expect(() => new AesGcmSiv(new Uint8Array(24))).toThrow(RangeError);
  expect(() => new AesGcmSiv(new Uint8Array(15))).toThrow(RangeError);
  expect(() => new AesGcmSiv(new Uint8Array(0))).toThrow(RangeError);
  expect(() => new AesGcmSiv('0123456789abcdef' as unknown as Uint8Array)).toThrow(TypeError);
  const siv = new AesGcmSiv(new Uint8Array(16));
  const pt = new Uint8Array(5);
  for (const n of [0, 8, 11, 13, 16]) {
    expect(() => siv.seal(new Uint8Array(n), pt)).toThrow(RangeError);
    expect(() => siv.open(new Uint8Array(n), new Uint8Array(21))).toThrow(RangeError);
  }
  const nonce = new Uint8Array(12);
  expect(() => siv.open(nonce, new Uint8Array(15))).toThrow(RangeError);
  expect(() => siv.seal(nonce, [1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  expect(() => siv.seal(nonce, pt, 'aad' as unknown as Uint8Array)).toThrow(TypeError);
  expect(() => siv.seal(nonce, pt, undefined, new Uint8Array(20))).toThrow(RangeError);
  expect(siv.tagLength).toBe(16);
  siv.dispose();
  siv.dispose();
  expect(() => siv.seal(nonce, pt)).toThrow(DisposedError);
  expect(() => siv.open(nonce, new Uint8Array(16))).toThrow(DisposedError);
});

it('aesGcmSiv one-shot seal/open', () => {
  const key = new Uint8Array(32).fill(3);
  const nonce = new Uint8Array(12).fill(9);
  const pt = new TextEncoder().encode('nonce misuse');
  const sealed = aesGcmSiv.seal(key, nonce, pt, new Uint8Array([1]));
  expect(toHex(sealed)).toBe(toHex(gcmsiv(key, nonce, new Uint8Array([1])).encrypt(pt)));
  expect(toHex(aesGcmSiv.open(key, nonce, sealed, new Uint8Array([1])))).toBe(toHex(pt));
  expect(() => aesGcmSiv.open(key, nonce, sealed)).toThrow(AuthenticationError);
  expect(() => aesGcmSiv.seal(new Uint8Array(24), nonce, pt)).toThrow(RangeError);
});

const nodeHasSiv = crypto.getCiphers().includes('aes-128-gcm-siv');
it.skipIf(!nodeHasSiv)('equals node:crypto aes-128/256-gcm-siv (OpenSSL 3.2+ only)', () => {
  const rng = new Rng(SEED ^ 0x9e);
  for (const len of [0, 1, 16, 31, 100, 1000]) {
    for (const kl of [16, 32]) {
      const key = rng.bytes(kl);
      const nonce = rng.bytes(12);
      const pt = rng.bytes(len);
      const c = crypto.createCipheriv(`aes-${kl * 8}-gcm-siv` as 'aes-128-gcm', key, nonce);
      const ct = Buffer.concat([c.update(pt), c.final()]);
      const want = Buffer.concat([ct, c.getAuthTag()]);
      expect(toHex(aesGcmSiv.seal(key, nonce, pt))).toBe(want.toString('hex'));
    }
  }
});
