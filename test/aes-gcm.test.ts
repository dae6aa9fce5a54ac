/**
 * AES-GCM on every backend: NIST CAVP and Wycheproof vectors, and a
 * differential test against node:crypto (every length 0..1024, pipeline
 * boundaries, random lengths to 64 KiB, random AAD and nonce lengths,
 * unaligned views, in-place operation, tampering).
 */
import * as crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { AesGcm, AuthenticationError } from '../src/index.js';
import { boundaryLengths, describeBackends, hex, readJson, readRsp, Rng, SEED, toHex, unaligned } from './helpers.js';

function nodeSeal(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, tagLen = 16): Uint8Array {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-128-gcm', key, nonce, { authTagLength: tagLen });
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

describeBackends('aes', 'AES-GCM', (backend) => {
  for (const file of ['gcmEncryptExtIV128.rsp', 'gcmEncryptExtIV256.rsp']) {
    it(`NIST ${file}: every record seals to CT || Tag`, () => {
      const recs = readRsp(`nist/gcm/${file}`).filter((r) => r.fields.Count !== undefined);
      expect(recs.length).toBeGreaterThan(1000);
      for (const r of recs) {
        const tagLen = Number(r.section.Taglen) / 8;
        const gcm = new AesGcm(hex(r.fields.Key), { backend: backend as never, tagLength: tagLen });
        const sealed = gcm.seal(hex(r.fields.IV), hex(r.fields.PT), hex(r.fields.AAD));
        expect(toHex(sealed), `${file} Count ${r.fields.Count} ${JSON.stringify(r.section)}`).toBe(
          r.fields.CT + r.fields.Tag,
        );
        gcm.dispose();
      }
    });
  }

  for (const file of ['gcmDecrypt128.rsp', 'gcmDecrypt256.rsp']) {
    it(`NIST ${file}: valid records open, FAIL records throw AuthenticationError`, () => {
      const recs = readRsp(`nist/gcm/${file}`).filter((r) => r.fields.Count !== undefined);
      let fails = 0;
      for (const r of recs) {
        const tagLen = Number(r.section.Taglen) / 8;
        const gcm = new AesGcm(hex(r.fields.Key), { backend: backend as never, tagLength: tagLen });
        const sealed = hex(r.fields.CT + r.fields.Tag);
        const where = `${file} Count ${r.fields.Count} ${JSON.stringify(r.section)}`;
        if (r.flags.has('FAIL')) {
          fails++;
          const out = new Uint8Array(sealed.length - tagLen).fill(0xaa);
          expect(() => gcm.open(hex(r.fields.IV), sealed, hex(r.fields.AAD), out), where).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
        } else {
          expect(toHex(gcm.open(hex(r.fields.IV), sealed, hex(r.fields.AAD))), where).toBe(r.fields.PT);
        }
        gcm.dispose();
      }
      expect(fails).toBeGreaterThan(100);
    });
  }

  it('Wycheproof aes_gcm_test.json: valid cases match, invalid ones are rejected', () => {
    const data = readJson('wycheproof/aes_gcm_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
        const key = hex(t.key);
        const iv = hex(t.iv);
        const tagLen = g.tagSize / 8;
        const gcm = new AesGcm(key, { backend: backend as never, tagLength: tagLen });
        const sealed = hex(t.ct + t.tag);
        if (t.result === 'valid') {
          expect(toHex(gcm.seal(iv, hex(t.msg), hex(t.aad))), where).toBe(t.ct + t.tag);
          expect(toHex(gcm.open(iv, sealed, hex(t.aad))), where).toBe(t.msg);
        } else if (iv.length === 0) {
          expect(() => gcm.open(iv, sealed, hex(t.aad)), where).toThrow(RangeError);
          expect(() => gcm.seal(iv, hex(t.msg), hex(t.aad)), where).toThrow(RangeError);
        } else {
          expect(() => gcm.open(iv, sealed, hex(t.aad)), where).toThrow(AuthenticationError);
        }
        gcm.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  it('Wycheproof aes_gmac_test.json (GCM with empty plaintext, msg as AAD)', () => {
    const data = readJson('wycheproof/aes_gmac_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
        const gcm = new AesGcm(hex(t.key), { backend: backend as never, tagLength: g.tagSize / 8 });
        if (t.result === 'valid') {
          expect(toHex(gcm.seal(hex(t.iv), new Uint8Array(0), hex(t.msg))), where).toBe(t.tag);
          expect(gcm.open(hex(t.iv), hex(t.tag), hex(t.msg)).length, where).toBe(0);
        } else {
          expect(() => gcm.open(hex(t.iv), hex(t.tag), hex(t.msg)), where).toThrow(AuthenticationError);
        }
        gcm.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  it(`matches node:crypto at every length 0..1024 and at pipeline boundaries (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const lengths = [...new Set([...Array.from({ length: 1025 }, (_, i) => i), ...boundaryLengths()])];
    for (const len of lengths) {
      const key = rng.bytes(rng.pick([16, 24, 32]));
      const nonce = rng.bytes(12);
      const aad = rng.bytes(rng.int(3) === 0 ? 0 : rng.int(100));
      const pt = rng.bytes(len);
      const gcm = new AesGcm(key, { backend: backend as never });
      const expected = nodeSeal(key, nonce, pt, aad);
      const where = `len ${len} key ${key.length} aad ${aad.length}`;
      expect(toHex(gcm.seal(nonce, pt, aad)), where).toBe(toHex(expected));
      expect(toHex(gcm.open(nonce, expected, aad)), where).toBe(toHex(pt));
      gcm.dispose();
    }
  });

  it(`matches node:crypto on random lengths to 64 KiB, random AAD/nonce/tag lengths, unaligned views (seed ${SEED + 1})`, () => {
    const rng = new Rng(SEED + 1);
    for (let i = 0; i < 400; i++) {
      const key = rng.bytes(rng.pick([16, 24, 32]));
      const nonceLen = rng.int(4) === 0 ? 1 + rng.int(128) : 12;
      const nonce = rng.bytes(nonceLen);
      const aad = rng.bytes(rng.int(4) === 0 ? rng.int(5000) : rng.int(64));
      const pt = rng.bytes(rng.int(65537));
      const tagLen = rng.pick([4, 8, 12, 13, 14, 15, 16]);
      const gcm = new AesGcm(key, { backend: backend as never, tagLength: tagLen });
      const expected = nodeSeal(key, nonce, pt, aad, tagLen);
      const where = `case ${i}: pt ${pt.length} aad ${aad.length} nonce ${nonceLen} tag ${tagLen}`;
      const sealed = gcm.seal(unaligned(nonce, 1), unaligned(pt, 3), unaligned(aad, 5));
      expect(Buffer.compare(sealed, expected), where).toBe(0);
      const opened = gcm.open(unaligned(nonce, 7), unaligned(expected, 1), unaligned(aad, 2));
      expect(Buffer.compare(opened, pt), where).toBe(0);
      gcm.dispose();
    }
  });

  it('seals and opens in place (out is the input buffer)', () => {
    const rng = new Rng(SEED + 2);
    for (const len of [0, 1, 15, 16, 17, 255, 256, 257, 1023, 4097, 20000]) {
      const key = rng.bytes(16);
      const nonce = rng.bytes(12);
      const pt = rng.bytes(len);
      const gcm = new AesGcm(key, { backend: backend as never });
      const buf = new Uint8Array(len + 16 + 1).subarray(1); // unaligned start
      buf.set(pt);
      const sealed = gcm.seal(nonce, buf.subarray(0, len), undefined, buf);
      expect(sealed.buffer).toBe(buf.buffer);
      expect(Buffer.compare(sealed, nodeSeal(key, nonce, pt, new Uint8Array(0))), `len ${len}`).toBe(0);
      const opened = gcm.open(nonce, buf, undefined, buf);
      expect(Buffer.compare(opened, pt), `len ${len}`).toBe(0);
      gcm.dispose();
    }
  });

  it('rejects tampered ciphertext, tag, AAD and nonce, and zeroes out', () => {
    const rng = new Rng(SEED + 3);
    for (const len of [0, 1, 16, 100, 1000, 5000]) {
      const key = rng.bytes(32);
      const nonce = rng.bytes(12);
      const aad = rng.bytes(20);
      const gcm = new AesGcm(key, { backend: backend as never });
      const sealed = gcm.seal(nonce, rng.bytes(len), aad);
      const flips: Array<[string, () => void]> = [];
      for (let pos = 0; pos < sealed.length; pos += Math.max(1, Math.floor(sealed.length / 7))) {
        flips.push([`byte ${pos}`, () => {
          const bad = sealed.slice();
          bad[pos] ^= 1 << rng.int(8);
          const out = new Uint8Array(len).fill(0x55);
          expect(() => gcm.open(nonce, bad, aad, out)).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0)).toBe(true);
        }]);
      }
      flips.push(['aad', () => {
        const badAad = aad.slice();
        badAad[3] ^= 0x80;
        expect(() => gcm.open(nonce, sealed, badAad)).toThrow(AuthenticationError);
      }]);
      flips.push(['missing aad', () => expect(() => gcm.open(nonce, sealed)).toThrow(AuthenticationError)]);
      flips.push(['nonce', () => {
        const badNonce = nonce.slice();
        badNonce[11] ^= 1;
        expect(() => gcm.open(badNonce, sealed, aad)).toThrow(AuthenticationError);
      }]);
      for (const [, f] of flips) f();
      try {
        gcm.open(nonce, sealed.subarray(0, sealed.length - 1), aad);
        expect.unreachable('truncated input must not authenticate');
      } catch (e) {
        if (len === 0) {
          expect(e).toBeInstanceOf(RangeError); // shorter than the tag
        } else {
          expect(e).toBeInstanceOf(AuthenticationError);
          expect((e as AuthenticationError).code).toBe('ERR_HWCRYPT_AUTH');
        }
      }
      gcm.dispose();
    }
  });

  it('wraps the 32-bit counter like node:crypto (non-96-bit nonce whose J0 ends in 0xffffffee)', () => {
    // Found by searching nonces under this key until GHASH put the low word of
    // J0 within 20 blocks of 2^32: every message longer than 17 blocks wraps
    // inc32 in the middle, at a different point of the kernels' pipelines.
    const key = new Uint8Array(16).map((_, i) => (i * 7 + 1) & 0xff);
    const nonce = hex('de71d408000000000000000000000000');
    const rng = new Rng(SEED + 4);
    const gcm = new AesGcm(key, { backend: backend as never });
    for (const len of [...boundaryLengths(), 2000, 4111, 8192 + 5]) {
      const pt = rng.bytes(len);
      const aad = rng.bytes(len % 37);
      const expected = nodeSeal(key, nonce, pt, aad);
      expect(toHex(gcm.seal(nonce, pt, aad)), `len ${len}`).toBe(toHex(expected));
      expect(toHex(gcm.open(nonce, expected, aad)), `len ${len}`).toBe(toHex(pt));
    }
    gcm.dispose();
  });
});
