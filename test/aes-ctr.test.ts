/**
 * AES-CTR on every backend: SP 800-38A F.5 and RFC 3686 vectors, and a
 * differential test against node:crypto's aes-*-ctr, including counters
 * that carry across the 32-, 64- and 128-bit boundaries.
 */
import * as crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { AesCtr } from '../src/index.js';
import { boundaryLengths, describeBackends, hex, readJson, Rng, SEED, toHex, unaligned } from './helpers.js';

function nodeCtr(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Uint8Array {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-ctr` as 'aes-128-ctr', key, counter);
  return Buffer.concat([c.update(data), c.final()]);
}

describeBackends('aes', 'AES-CTR', (backend) => {
  it('SP 800-38A F.5 (CTR-AES128/192/256)', () => {
    const tests = readJson('nist/examples/sp800_38a_aes_ecb_cbc_ctr.json').tests.filter((t: any) => t.mode === 'CTR');
    expect(tests.length).toBe(3);
    for (const t of tests) {
      const ctr = new AesCtr(hex(t.key), { backend: backend as never });
      expect(toHex(ctr.xor(hex(t.initialCounter), hex(t.plaintext))), t.section).toBe(t.ciphertext);
      expect(toHex(ctr.xor(hex(t.initialCounter), hex(t.ciphertext))), t.section).toBe(t.plaintext);
      ctr.dispose();
    }
  });

  it('RFC 3686 test vectors #1-#9', () => {
    const tests = readJson('rfc/rfc3686_aes_ctr.json').tests;
    expect(tests.length).toBe(9);
    for (const t of tests) {
      const ctr = new AesCtr(hex(t.key), { backend: backend as never });
      expect(toHex(ctr.xor(hex(t.counterBlock), hex(t.plaintext))), `#${t.testVector}`).toBe(t.ciphertext);
      ctr.dispose();
    }
  });

  it(`matches node:crypto at every length 0..1024, pipeline boundaries and random lengths (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const lengths = [
      ...Array.from({ length: 1025 }, (_, i) => i),
      ...boundaryLengths(),
      ...Array.from({ length: 150 }, () => rng.int(65537)),
    ];
    for (const len of lengths) {
      const key = rng.bytes(rng.pick([16, 24, 32]));
      const counter = rng.bytes(16);
      const data = rng.bytes(len);
      const ctr = new AesCtr(key, { backend: backend as never });
      const got = ctr.xor(unaligned(counter, 1), unaligned(data, 3));
      expect(Buffer.compare(got, nodeCtr(key, counter, data)), `len ${len}`).toBe(0);
      ctr.dispose();
    }
  });

  it('carries across 2^32, 2^64, 2^96 and wraps modulo 2^128 like node:crypto', () => {
    const rng = new Rng(SEED + 5);
    const starts = [
      'ffffffffffffffffffffffffffffffff',
      'fffffffffffffffffffffffffffffff0',
      'ffffffffffffffffffffffffffffff80',
      '000000000000000000000000fffffffe',
      '0000000000000000ffffffffffffffc0',
      '00000000ffffffffffffffffffffffe1',
      '0123456789abcdef01234567ffffffd7',
    ];
    for (const s of starts) {
      for (const len of [1, 16, 17, 33, 100, 257, 1024, 4096 + 3]) {
        const key = rng.bytes(rng.pick([16, 32]));
        const data = rng.bytes(len);
        const ctr = new AesCtr(key, { backend: backend as never });
        expect(toHex(ctr.xor(hex(s), data)), `counter ${s} len ${len}`).toBe(toHex(nodeCtr(key, hex(s), data)));
        ctr.dispose();
      }
    }
  });

  it('works in place', () => {
    const rng = new Rng(SEED + 6);
    for (const len of [0, 1, 15, 16, 17, 511, 512, 513, 9999]) {
      const key = rng.bytes(24);
      const counter = rng.bytes(16);
      const data = rng.bytes(len);
      const buf = unaligned(data, 5);
      const ctr = new AesCtr(key, { backend: backend as never });
      const out = ctr.xor(counter, buf, buf);
      expect(out.byteOffset).toBe(buf.byteOffset);
      expect(Buffer.compare(buf, nodeCtr(key, counter, data)), `len ${len}`).toBe(0);
      ctr.dispose();
    }
  });
});
