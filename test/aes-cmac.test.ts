/**
 * AES-CMAC on every backend: NIST CMACVS (generation and verification),
 * SP 800-38B App. D / RFC 4493 §4 and Wycheproof vectors; differential
 * tests against the soft backend and against an independent CMAC built
 * here on node:crypto's aes-*-ecb; truncated tags, tampered tags and
 * bad input.
 */
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesCmac, aesCmac, DisposedError } from '../src/index.js';
import { describeBackends, hex, readJson, readRsp, Rng, SEED, toHex, unaligned } from './helpers.js';

/** RFC 4493 §2.4 on node:crypto's single-block AES: an oracle independent of hwcrypt. */
function nodeCmac(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const ecb = (b: Uint8Array) => {
    const c = crypto.createCipheriv(`aes-${key.length * 8}-ecb` as 'aes-128-ecb', key, null);
    c.setAutoPadding(false);
    return new Uint8Array(Buffer.concat([c.update(b), c.final()]));
  };
  const dbl = (x: Uint8Array) => {
    const y = new Uint8Array(16);
    for (let i = 0; i < 16; i++) y[i] = ((x[i] << 1) | (i < 15 ? x[i + 1] >> 7 : 0)) & 0xff;
    if (x[0] & 0x80) y[15] ^= 0x87;
    return y;
  };
  const k1 = dbl(ecb(new Uint8Array(16)));
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(msg.length / 16));
  const whole = msg.length > 0 && msg.length % 16 === 0;
  const last = new Uint8Array(16);
  const rem = msg.subarray((n - 1) * 16);
  last.set(rem);
  if (!whole) last[rem.length] = 0x80;
  const sub = whole ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= sub[i];
  let x = new Uint8Array(16);
  for (let b = 0; b < n; b++) {
    const blk = b === n - 1 ? last : msg.subarray(b * 16, b * 16 + 16);
    for (let i = 0; i < 16; i++) x[i] ^= blk[i];
    x = ecb(x);
  }
  return x;
}

/** CAVP Msg is "00" when Mlen = 0. */
function rspMsg(f: Record<string, string>): Uint8Array {
  return Number(f.Mlen) === 0 ? new Uint8Array(0) : hex(f.Msg);
}

describe('AES-CMAC reference', () => {
  it('the node:crypto oracle reproduces SP 800-38B D.1-D.3', () => {
    for (const t of readJson('nist/examples/sp800_38b_aes_cmac.json').tests) {
      expect(toHex(nodeCmac(hex(t.key), hex(t.message)))).toBe(t.mac);
    }
  });
});

describeBackends('aes', 'AES-CMAC', (backend) => {
  const opts = { backend: backend as never };

  it('SP 800-38B App. D.1-D.3 (D.1 = RFC 4493 §4), 12 examples', () => {
    const tests = readJson('nist/examples/sp800_38b_aes_cmac.json').tests;
    expect(tests.length).toBe(12);
    for (const t of tests) {
      const m = new AesCmac(hex(t.key), opts);
      expect(m.backend).toBe(backend);
      expect(toHex(m.mac(hex(t.message))), `${t.keyBits} ex ${t.example}`).toBe(t.mac);
      expect(m.verify(hex(t.message), hex(t.mac))).toBe(true);
      m.dispose();
    }
  });

  it('NIST CMACGenAES192/256 (truncated Tlen)', () => {
    let n = 0;
    for (const file of ['nist/cmac/CMACGenAES192.rsp', 'nist/cmac/CMACGenAES256.rsp']) {
      for (const r of readRsp(file)) {
        const f = r.fields;
        if (f.Key === undefined) continue;
        const tlen = Number(f.Tlen);
        const m = new AesCmac(hex(f.Key), { ...opts, tagLength: tlen });
        expect(toHex(m.mac(rspMsg(f)).subarray(0, tlen)), `${file} #${f.Count}`).toBe(f.Mac);
        expect(m.verify(rspMsg(f), hex(f.Mac))).toBe(true);
        m.dispose();
        n++;
      }
    }
    expect(n).toBe(144 + 96);
  });

  it('NIST CMACVerAES128/256 (P / F)', () => {
    let n = 0;
    let fails = 0;
    for (const file of ['nist/cmac/CMACVerAES128.rsp', 'nist/cmac/CMACVerAES256.rsp']) {
      for (const r of readRsp(file)) {
        const f = r.fields;
        if (f.Key === undefined) continue;
        const tlen = Number(f.Tlen);
        const expectPass = f.Result.startsWith('P');
        const m = new AesCmac(hex(f.Key), { ...opts, tagLength: tlen });
        expect(m.verify(rspMsg(f), hex(f.Mac)), `${file} #${f.Count} ${f.Result}`).toBe(expectPass);
        m.dispose();
        n++;
        if (!expectPass) fails++;
      }
    }
    expect(n).toBe(480);
    expect(fails).toBeGreaterThan(0);
  });

  it('Wycheproof aes_cmac_test.json (valid and invalid, including bad key sizes)', () => {
    const data = readJson('wycheproof/aes_cmac_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const key = hex(t.key);
        if (![16, 24, 32].includes(key.length)) {
          expect(() => new AesCmac(key, opts), `tc ${t.tcId}`).toThrow(RangeError);
          expect(t.result).toBe('invalid');
          continue;
        }
        const m = new AesCmac(key, { ...opts, tagLength: g.tagSize / 8 });
        const valid = t.result === 'valid';
        expect(m.verify(hex(t.msg), hex(t.tag)), `tc ${t.tcId} ${t.comment}`).toBe(valid);
        if (valid) expect(toHex(m.mac(hex(t.msg))), `tc ${t.tcId}`).toBe(t.tag);
        m.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  it(`matches soft and the node:crypto oracle at every length 0..300 and random lengths to 64 KiB, unaligned (seed ${SEED})`, () => {
    const rng = new Rng(SEED + 40);
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), 959, 960, 961, ...Array.from({ length: 60 }, () => rng.int(65537)), 65536];
    for (const len of lengths) {
      const key = rng.bytes(rng.pick([16, 24, 32]));
      const data = rng.bytes(len);
      const m = new AesCmac(key, opts);
      const ref = new AesCmac(key, { backend: 'soft' });
      const got = m.mac(unaligned(data, 1 + (len % 7)));
      expect(toHex(got), `len ${len}`).toBe(toHex(ref.mac(data)));
      if (len <= 300 || len % 4 === 0) expect(toHex(got), `len ${len} vs node`).toBe(toHex(nodeCmac(key, data)));
      m.dispose();
      ref.dispose();
    }
  });

  it('verify rejects every single-bit flip of tag and message, and wrong tag lengths', () => {
    const rng = new Rng(SEED + 41);
    const key = rng.bytes(16);
    const data = rng.bytes(40);
    const m = new AesCmac(key, opts);
    const tag = m.mac(data).slice();
    expect(m.verify(data, tag)).toBe(true);
    for (let bit = 0; bit < 128; bit++) {
      const t = tag.slice();
      t[bit >> 3] ^= 1 << (bit & 7);
      expect(m.verify(data, t), `tag bit ${bit}`).toBe(false);
    }
    for (let bit = 0; bit < data.length * 8; bit++) {
      const d = data.slice();
      d[bit >> 3] ^= 1 << (bit & 7);
      expect(m.verify(d, tag), `msg bit ${bit}`).toBe(false);
    }
    expect(m.verify(data.subarray(0, 39), tag)).toBe(false);
    // a 16-byte key object accepts only 16-byte tags: no attacker-chosen truncation
    const long = new Uint8Array(32);
    long.set(tag);
    for (const n of [0, 1, 3, 4, 8, 15, 17, 32]) expect(m.verify(data, long.subarray(0, n)), `len ${n}`).toBe(false);
    m.dispose();
  });

  it('truncated tags (tagLength 4..15) verify against the prefix only', () => {
    const rng = new Rng(SEED + 42);
    const key = rng.bytes(32);
    const data = rng.bytes(100);
    const full = aesCmac(key, data);
    for (let n = 4; n <= 16; n++) {
      const m = new AesCmac(key, { ...opts, tagLength: n });
      expect(m.tagLength).toBe(n);
      expect(m.verify(data, full.subarray(0, n)), `n ${n}`).toBe(true);
      const bad = full.slice(0, n);
      bad[n - 1] ^= 0x80;
      expect(m.verify(data, bad)).toBe(false);
      if (n < 16) expect(m.verify(data, full)).toBe(false);
      expect(m.mac(data).length).toBe(16);
      m.dispose();
    }
  });

  it('out parameter, in place and shared memory', () => {
    const rng = new Rng(SEED + 43);
    const key = rng.bytes(16);
    const data = rng.bytes(77);
    const m = new AesCmac(key, opts);
    const want = toHex(nodeCmac(key, data));
    const out = new Uint8Array(20);
    const r = m.mac(data, out);
    expect(r.length).toBe(16);
    expect(r.buffer).toBe(out.buffer);
    expect(toHex(out.subarray(0, 16))).toBe(want);
    const inplace = data.slice();
    expect(toHex(m.mac(inplace, inplace))).toBe(want);
    const sab = new Uint8Array(new SharedArrayBuffer(77));
    sab.set(data);
    expect(toHex(m.mac(sab))).toBe(want);
    const stag = new Uint8Array(new SharedArrayBuffer(16));
    stag.set(hex(want));
    expect(m.verify(sab, stag)).toBe(true);
    expect(() => m.mac(data, new Uint8Array(15))).toThrow(RangeError);
    m.dispose();
  });
});

describe('AES-CMAC bad input', () => {
  it('rejects bad keys, options, arguments; DisposedError after dispose', () => {
    for (const n of [0, 8, 15, 17, 20, 31, 33, 64]) expect(() => new AesCmac(new Uint8Array(n))).toThrow(RangeError);
    expect(() => new AesCmac('0123456789abcdef' as never)).toThrow(TypeError);
    expect(() => new AesCmac([1, 2, 3] as never)).toThrow(TypeError);
    expect(() => aesCmac(new Uint8Array(5), new Uint8Array(1))).toThrow(RangeError);
    const key = new Uint8Array(16);
    expect(() => new AesCmac(key, { backend: 'nope' as never })).toThrow(/options.backend/);
    for (const t of [0, 3, 17, 4.5, '16']) expect(() => new AesCmac(key, { tagLength: t as never })).toThrow();
    const m = new AesCmac(key);
    expect(() => m.mac('abc' as never)).toThrow(TypeError);
    expect(() => m.mac(new Uint8Array(1), [] as never)).toThrow(TypeError);
    expect(() => m.mac(new Uint8Array(1), new Uint8Array(8))).toThrow(RangeError);
    expect(() => m.verify(new Uint8Array(1), 'x' as never)).toThrow(TypeError);
    expect(() => m.verify(null as never, new Uint8Array(16))).toThrow(TypeError);
    m.dispose();
    m.dispose();
    for (const f of [() => m.mac(new Uint8Array(1)), () => m.verify(new Uint8Array(1), new Uint8Array(16)), () => m.backend]) {
      expect(f).toThrow(DisposedError);
    }
  });

  it('one-shot aesCmac equals the keyed object (RFC 4493 §4 example 2)', () => {
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    expect(toHex(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172a')))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
  });
});
