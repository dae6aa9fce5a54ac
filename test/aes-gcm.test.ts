/**
 * AES-GCM on every backend: NIST CAVP and Wycheproof vectors, and a
 * differential test against node:crypto (every length 0..1024, pipeline
 * boundaries, random lengths to 64 KiB, random AAD and nonce lengths,
 * unaligned views, in-place operation, tampering).
 */
import * as crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { AesGcm, AuthenticationError } from '../src/index.js';
import { arena as privateArena, native } from '../src/native.js';
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

/*
 * The short-message path (src/arena-aead.ts): seal and open of up to 64 bytes copy their inputs
 * into the arena and pass one number; the result is copied into out, a slab view (seal) or an
 * array of its own (open). These run on every backend, at the arena's boundaries.
 */
describeBackends('aes', 'AES-GCM short messages through the arena', (backend) => {
  const layout = native.arenaLayout;
  // The most nonce + AAD bytes a seal (open) of `len` plaintext bytes with tag t can bring and still take the arena path.
  const sealRoom = (len: number) => layout.size - layout.sealInput - len;
  const openRoom = (len: number, t: number) => layout.size - layout.input - len - t;

  it(`matches node:crypto with and without out at every length 0..66 and at the arena's size limit (seed ${SEED + 10})`, () => {
    const rng = new Rng(SEED + 10);
    for (const tagLen of [16, 12, 4]) {
      const key = rng.bytes(rng.pick([16, 24, 32]));
      const gcm = new AesGcm(key, { backend: backend as never, tagLength: tagLen });
      for (let len = 0; len <= 66; len++) {
        // nonce + AAD: short, and around where the inputs stop fitting the arena (seal and open differ).
        for (const extra of [12, sealRoom(len) - 1, sealRoom(len), sealRoom(len) + 1, openRoom(len, tagLen), openRoom(len, tagLen) + 1]) {
          const nonceLen = extra <= 12 ? extra : rng.pick([12, 1, 16, 60]);
          const nonce = rng.bytes(nonceLen);
          const aad = rng.bytes(Math.max(0, extra - nonceLen));
          const pt = rng.bytes(len);
          const want = nodeSeal(key, nonce, pt, aad, tagLen);
          const where = `tag ${tagLen} len ${len} nonce ${nonceLen} aad ${aad.length}`;
          expect(toHex(gcm.seal(nonce, pt, aad)), where).toBe(toHex(want));
          const out = new Uint8Array(len + tagLen + 3).fill(0xee);
          const r = gcm.seal(unaligned(nonce, 1), unaligned(pt, 2), unaligned(aad, 3), out);
          expect(r.buffer, where).toBe(out.buffer);
          expect(toHex(r), where).toBe(toHex(want));
          expect(out.subarray(len + tagLen).every((b) => b === 0xee), `${where}: nothing past the result`).toBe(true);
          expect(toHex(gcm.open(nonce, want, aad)), where).toBe(toHex(pt));
          const pout = new Uint8Array(len + 2).fill(0xee);
          const p = gcm.open(unaligned(nonce, 3), unaligned(want, 1), unaligned(aad, 2), pout);
          expect(p.buffer, where).toBe(pout.buffer);
          expect(toHex(p), where).toBe(toHex(pt));
          expect(pout.subarray(len).every((b) => b === 0xee), `${where}: nothing past the plaintext`).toBe(true);
        }
      }
      gcm.dispose();
    }
    expect(privateArena.every((b) => b === 0)).toBe(true);
  });

  it('out: exact (returned itself), larger (its prefix), in place (same object and other views of the same start)', () => {
    const rng = new Rng(SEED + 11);
    const gcm = new AesGcm(rng.bytes(16), { backend: backend as never });
    const nonce = rng.bytes(12);
    const aad = rng.bytes(9);
    for (const len of [0, 1, 16, 33, 64]) {
      const pt = rng.bytes(len);
      const want = gcm.seal(nonce, pt, aad).slice();
      const exact = new Uint8Array(len + 16);
      expect(gcm.seal(nonce, pt, aad, exact)).toBe(exact);
      expect(toHex(exact)).toBe(toHex(want));
      const openExact = new Uint8Array(len);
      expect(gcm.open(nonce, want, aad, openExact)).toBe(openExact);
      expect(toHex(openExact)).toBe(toHex(pt));
      // in place, the same object: the plaintext's own buffer receives ct || tag
      const buf = new Uint8Array(len + 16);
      buf.set(pt);
      const sealedInPlace = gcm.seal(nonce, buf.subarray(0, len), aad, buf);
      expect(toHex(sealedInPlace)).toBe(toHex(want));
      const openedInPlace = gcm.open(nonce, buf, aad, buf);
      expect(openedInPlace.buffer).toBe(buf.buffer);
      expect(openedInPlace.byteOffset).toBe(buf.byteOffset);
      expect(toHex(openedInPlace)).toBe(toHex(pt));
      // in place through another view with the same start (another view object of the same memory)
      const big = new Uint8Array(len + 40);
      big.set(want, 8);
      const opened = gcm.open(nonce, big.subarray(8, 8 + len + 16), aad, new Uint8Array(big.buffer, 8, len));
      expect(toHex(opened)).toBe(toHex(pt));
      expect(opened.byteOffset).toBe(8);
    }
    gcm.dispose();
  });

  it('out: a partial overlap with the plaintext / sealed data is refused, as on the direct path; one over the nonce or AAD gets the right result', () => {
    const gcm = new AesGcm(new Uint8Array(16).fill(1), { backend: backend as never });
    for (const len of [1, 16, 40, 64, 65, 100]) {
      const buf = new Uint8Array(512);
      const nonce = new Uint8Array(12).fill(2);
      buf.set(new Uint8Array(len).fill(3));
      const pt = buf.slice(0, len);
      const want = gcm.seal(nonce, pt).slice();
      for (const shift of [-5, -1, 1, 7]) {
        const at = 100;
        const b1 = new Uint8Array(512);
        b1.set(pt, at);
        const seal = () => gcm.seal(nonce, b1.subarray(at, at + len), undefined, b1.subarray(at + shift, at + shift + len + 16));
        // out (len + 16 bytes at at + shift) meets the plaintext (at .. at + len) unless it starts past it
        if (shift < len) expect(seal, `seal len ${len} shift ${shift}`).toThrow(/^out: must not partially overlap/);
        else expect(toHex(seal()), `seal len ${len} shift ${shift}`).toBe(toHex(want));
        const b2 = new Uint8Array(512);
        b2.set(want, at);
        const open = () => gcm.open(nonce, b2.subarray(at, at + len + 16), undefined, b2.subarray(at + shift, at + shift + len));
        // out (len bytes at at + shift) meets sealed (at .. at + len + 16) unless it ends before it
        if (shift + len > 0) expect(open, `open len ${len} shift ${shift}`).toThrow(/^out: must not partially overlap/);
        else expect(toHex(open()), `open len ${len} shift ${shift}`).toBe(toHex(pt));
      }
      // out over the nonce (or AAD): refused on the direct path, right on the arena path
      const b3 = new Uint8Array(512);
      b3.set(nonce, 300);
      b3.set(pt, 0);
      const call = () => gcm.seal(b3.subarray(300, 312), b3.subarray(0, len), b3.subarray(305, 310), b3.subarray(290, 290 + len + 16));
      const wantAad = gcm.seal(nonce, pt, b3.slice(305, 310));
      if (len <= 64) expect(toHex(call()), `len ${len}`).toBe(toHex(wantAad));
      else expect(call, `len ${len}`).toThrow(/overlap/);
    }
    gcm.dispose();
  });

  it('a too-small, detached or non-Uint8Array out is refused before anything goes into the arena', () => {
    const gcm = new AesGcm(new Uint8Array(16), { backend: backend as never });
    const nonce = new Uint8Array(12);
    const sealed = gcm.seal(nonce, new Uint8Array(10)).slice();
    const empty = gcm.seal(nonce, new Uint8Array(0)).slice();
    const gone = () => {
      const v = new Uint8Array(64);
      structuredClone(v.buffer, { transfer: [v.buffer as ArrayBuffer] });
      return v;
    };
    expect(() => gcm.seal(nonce, new Uint8Array(10), undefined, new Uint8Array(25))).toThrow('out: expected at least 26 bytes, got 25');
    expect(() => gcm.seal(nonce, new Uint8Array(10), undefined, gone())).toThrow('out: the ArrayBuffer is detached');
    expect(() => gcm.open(nonce, sealed, undefined, new Uint8Array(9))).toThrow('out: expected at least 10 bytes, got 9');
    expect(() => gcm.open(nonce, sealed, undefined, gone())).toThrow('out: the ArrayBuffer is detached');
    // an empty plaintext needs no room, but a detached out is still refused
    expect(() => gcm.open(nonce, empty, undefined, gone())).toThrow('out: the ArrayBuffer is detached');
    expect(gcm.open(nonce, empty, undefined, new Uint8Array(0)).length).toBe(0);
    expect(() => gcm.seal(nonce, new Uint8Array(10), undefined, new Uint16Array(26) as never)).toThrow(/^out: expected a Uint8Array/);
    expect(privateArena.every((b) => b === 0)).toBe(true);
    gcm.dispose();
  });

  it('a Uint8Array subclass cannot lie about its length to the short path (out, plaintext, sealed)', () => {
    const gcm = new AesGcm(new Uint8Array(16).fill(4), { backend: backend as never });
    const nonce = new Uint8Array(12).fill(5);
    const pt = new Uint8Array(20).fill(6);
    const want = toHex(gcm.seal(nonce, pt));
    let ran = 0;
    class Liar extends Uint8Array {
      override get length(): number {
        ran++;
        return super.length + 40;
      }
    }
    const out = new Liar(36);
    const lyingPt = new Liar(pt);
    const lyingSealed = new Liar(Buffer.from(want, 'hex'));
    const pout = new Liar(20);
    const r = gcm.seal(nonce, lyingPt, undefined, out);
    const p = gcm.open(nonce, lyingSealed, undefined, pout);
    expect(() => gcm.seal(nonce, pt, undefined, new Liar(35))).toThrow('out: expected at least 36 bytes, got 35');
    expect(ran, 'no length getter ran').toBe(0);
    expect(r).toBe(out);
    expect(p).toBe(pout);
    expect(Buffer.from(out.buffer).toString('hex')).toBe(want);
    expect(Buffer.from(pout.buffer).toString('hex')).toBe(toHex(pt));
    gcm.dispose();
  });

  it('results: a seal result is a slab view (never the arena), an open result has an ArrayBuffer of its own', () => {
    const gcm = new AesGcm(new Uint8Array(16), { backend: backend as never });
    const nonce = new Uint8Array(12);
    for (const len of [0, 1, 64]) {
      const s = gcm.seal(nonce, new Uint8Array(len).fill(1));
      expect(s.length).toBe(len + 16);
      expect(s.buffer).not.toBe(privateArena.buffer);
      const p = gcm.open(nonce, s);
      expect(p.buffer).not.toBe(privateArena.buffer);
      expect(p.byteOffset).toBe(0);
      expect(p.buffer.byteLength).toBe(len);
    }
    gcm.dispose();
  });

  it('a failed open zeroes out (in place too) and leaves nothing in the arena', () => {
    const gcm = new AesGcm(new Uint8Array(16).fill(8), { backend: backend as never });
    const nonce = new Uint8Array(12).fill(9);
    for (const len of [0, 1, 17, 64]) {
      const sealed = gcm.seal(nonce, new Uint8Array(len).fill(0x5a), new Uint8Array(3)).slice();
      sealed[sealed.length - 1] ^= 1;
      const out = new Uint8Array(len + 5).fill(0xaa);
      expect(() => gcm.open(nonce, sealed, new Uint8Array(3), out)).toThrow(AuthenticationError);
      expect(out.subarray(0, len).every((b) => b === 0), `len ${len}: out zeroed`).toBe(true);
      expect(out.subarray(len).every((b) => b === 0xaa), `len ${len}: nothing past it`).toBe(true);
      const inPlace = sealed.slice();
      expect(() => gcm.open(nonce, inPlace, new Uint8Array(3), inPlace)).toThrow(AuthenticationError);
      expect(inPlace.subarray(0, len).every((b) => b === 0), `len ${len}: ciphertext zeroed in place`).toBe(true);
      expect(() => gcm.open(nonce, sealed, new Uint8Array(3))).toThrow(AuthenticationError);
      expect(privateArena.every((b) => b === 0), `len ${len}: arena`).toBe(true);
    }
    gcm.dispose();
  });

  it('the raw arena calls refuse lengths that do not fit, wiping what may have been copied in', () => {
    const [arena, , createKey] = native.openSession();
    const { handle } = createKey(new Uint8Array(16), backend);
    const pack = (a: number, b: number, c: number, d: number) => a + b * 0x400 + c * 0x100000 + d * 0x40000000;
    for (const bad of [
      pack(12, 0, 65 + 32, 32), // result over sealInput
      pack(900, 0, 64, 16), // inputs past the arena's end
      pack(12, 0, 16, 2), // tag under 4
      pack(12, 0, 16, 33), // tag over 32
      -1,
      2 ** 40,
      NaN,
    ]) {
      arena.fill(0xaa);
      expect(() => native.keyOp(handle, 25, bad), `${bad}`).toThrow(RangeError);
      expect(arena.every((b) => b === 0), `${bad}: arena wiped`).toBe(true);
      expect(() => native.keyOp(handle, 4, bad)).toThrow(RangeError);
    }
    // good lengths: seal then open in the raw arena
    arena.fill(0);
    arena.set(new Uint8Array(12).fill(1), layout.sealInput);
    arena.set(new Uint8Array(5).fill(2), layout.sealInput + 12);
    native.keyOp(handle, 25, pack(12, 0, 5, 16));
    const sealed = arena.slice(0, 21);
    expect(arena.subarray(layout.sealInput).every((b) => b === 0)).toBe(true); // inputs wiped
    arena.fill(0);
    arena.set(new Uint8Array(12).fill(1), layout.input);
    arena.set(sealed, layout.input + 12);
    expect(native.keyOp(handle, 4, pack(12, 0, 21, 16))).toBe(true);
    expect(toHex(arena.subarray(0, 5))).toBe('0202020202');
    expect(arena.subarray(layout.input).every((b) => b === 0)).toBe(true);
    native.keyOp(handle, 3);
  });
});
