/**
 * HMAC (RFC 2104) over every hash backend: NIST HMACVS, RFC 4231, RFC 2202,
 * Wycheproof, and node:crypto with random keys (shorter and longer than the
 * block) and random chunkings.
 */
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHmac, getBackend, hmac, type HashName, setBackend } from '../src/index.js';
import { describeBackends, hex, readJson, readRsp, Rng, SEED, toHex } from './helpers.js';

const BY_FAMILY: Record<'sha1' | 'sha256' | 'sha512', HashName[]> = {
  sha1: ['sha1'],
  sha256: ['sha224', 'sha256'],
  sha512: ['sha384', 'sha512', 'sha512-256'],
};
const NIST_L: Record<string, HashName> = { '20': 'sha1', '28': 'sha224', '32': 'sha256', '48': 'sha384', '64': 'sha512' };
const WYCHEPROOF: Record<string, string> = {
  sha1: 'hmac_sha1_test.json',
  sha224: 'hmac_sha224_test.json',
  sha256: 'hmac_sha256_test.json',
  sha384: 'hmac_sha384_test.json',
  sha512: 'hmac_sha512_test.json',
  'sha512-256': 'hmac_sha512_256_test.json',
};
const RFC4231: Record<string, string> = { sha224: 'hmacSha224', sha256: 'hmacSha256', sha384: 'hmacSha384', sha512: 'hmacSha512' };

for (const family of ['sha1', 'sha256', 'sha512'] as const) {
  describeBackends(family, `HMAC over ${family} family`, (backend) => {
    beforeAll(() => setBackend(family, backend as never));
    afterAll(() => setBackend(family, 'auto'));
    const algs = BY_FAMILY[family];

    it(`runs on ${backend}`, () => {
      // One-shot hmac() takes the family's selected backend; an Hmac object
      // reports the one its context was made with.
      expect(getBackend(family)).toBe(backend);
      for (const alg of algs) expect(createHmac(alg, new Uint8Array(3)).backend, alg).toBe(backend);
    });

    it('NIST HMAC.rsp (leftmost Tlen bytes)', () => {
      let n = 0;
      for (const r of readRsp('nist/hmac/HMAC.rsp')) {
        const alg = NIST_L[r.section.L];
        if (!algs.includes(alg) || r.fields.Mac === undefined) continue;
        const tlen = Number(r.fields.Tlen);
        const mac = hmac(alg, hex(r.fields.Key), hex(r.fields.Msg));
        expect(toHex(mac.subarray(0, tlen)), `${alg} Count ${r.fields.Count}`).toBe(r.fields.Mac.toLowerCase());
        n++;
      }
      if (family !== 'sha512' || algs.includes('sha384')) expect(n).toBeGreaterThan(200);
    });

    it('RFC 4231 / RFC 2202', () => {
      if (family === 'sha1') {
        for (const t of readJson('rfc/rfc2202_hmac_sha1.json').tests) {
          const mac = toHex(hmac('sha1', hex(t.key), hex(t.data)));
          expect(mac.slice(0, t.hmacSha1.length), `case ${t.testCase}`).toBe(t.hmacSha1);
        }
      }
      for (const alg of algs) {
        const field = RFC4231[alg];
        if (!field) continue;
        for (const t of readJson('rfc/rfc4231_hmac_sha2.json').tests) {
          const mac = toHex(hmac(alg, hex(t.key), hex(t.data)));
          expect(mac.slice(0, t[field].length), `${alg} case ${t.testCase}`).toBe(t[field]);
        }
      }
    });

    it('Wycheproof hmac_* (valid match on the leftmost tagSize bits, invalid do not)', () => {
      for (const alg of algs) {
        const data = readJson(`wycheproof/${WYCHEPROOF[alg]}`);
        let n = 0;
        for (const g of data.testGroups) {
          for (const t of g.tests) {
            n++;
            const h = createHmac(alg, hex(t.key));
            expect(h.backend).toBe(backend);
            const mac = toHex(h.update(hex(t.msg)).digest()).slice(0, g.tagSize / 4);
            if (t.result === 'valid') expect(mac, `${alg} tcId ${t.tcId}`).toBe(t.tag);
            else expect(mac, `${alg} tcId ${t.tcId} (${t.comment})`).not.toBe(t.tag);
          }
        }
        expect(n).toBe(data.numberOfTests);
      }
    });

    it(`matches node:crypto with random keys, data and chunkings (seed ${SEED})`, () => {
      const rng = new Rng(SEED + 7);
      for (const alg of algs) {
        for (let i = 0; i < 300; i++) {
          const key = rng.bytes(rng.pick([0, 1, 16, 63, 64, 65, 127, 128, 129, 300, rng.int(200)]));
          const data = rng.bytes(rng.int(i < 250 ? 700 : 70000));
          const want = crypto.createHmac(alg, key).update(data).digest('hex');
          expect(toHex(hmac(alg, key, data)), `${alg} case ${i}`).toBe(want);
          const h = createHmac(alg, key);
          expect(h.backend).toBe(backend);
          let off = 0;
          while (off < data.length) {
            const step = 1 + rng.int(300);
            h.update(data.subarray(off, off + step));
            off += step;
          }
          expect(h.digest('hex'), `${alg} case ${i} incremental`).toBe(want);
        }
      }
    });
  });
}
