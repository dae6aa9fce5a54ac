/**
 * AES-ECB, AES-CBC (PKCS#7 and none), AES-XTS and AES-CCM on every
 * backend: SP 800-38A examples, NIST CAVP KAT/MMT (ECB, CBC), XTSVS
 * (byte-aligned records) and CCMVS (DVPT Pass/Fail, VADT, VNT, VPT, VTT),
 * every Wycheproof case of aes_cbc_pkcs5 / aes_xts / aes_ccm, and a
 * differential test against node:crypto over every length 0..300, the 8,
 * 16 and 32-block pipeline boundaries +-1 and random lengths, with
 * unaligned views, in-place operation and SharedArrayBuffer arguments.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { AesCbc, AesCcm, AesEcb, AesXts, AuthenticationError, DecryptionError } from '../src/index.js';
import { describeBackends, hex, readJson, readRsp, Rng, SEED, toHex, unaligned, VECTORS } from './helpers.js';

type Backend = never;

/** Every length 0..300, then 8, 16 and 32 blocks and their neighbours, and a few beyond. */
function modeLengths(): number[] {
  const s = new Set<number>();
  for (let n = 0; n <= 300; n++) s.add(n);
  for (const blocks of [8, 16, 32, 64]) for (const d of [-17, -16, -15, -1, 0, 1, 15, 16, 17]) s.add(blocks * 16 + d);
  return [...s].filter((n) => n >= 0).sort((a, b) => a - b);
}
const LENGTHS = modeLengths();

function nodeRun(alg: string, encrypt: boolean, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, pad = false): string {
  const c = encrypt ? crypto.createCipheriv(alg, key, iv) : crypto.createDecipheriv(alg, key, iv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(data), c.final()]).toString('hex');
}

function nodeCcmSeal(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, tagLen: number): string {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-ccm` as 'aes-128-ccm', key, nonce, { authTagLength: tagLen });
  c.setAAD(aad, { plaintextLength: pt.length });
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
}

/** A copy of data in a SharedArrayBuffer (the addon's private-copy path). */
function shared(data: Uint8Array): Uint8Array {
  const v = new Uint8Array(new SharedArrayBuffer(data.length + 3), 3, data.length);
  v.set(data);
  return v;
}

describeBackends('aes', 'AES-ECB and AES-CBC', (backend) => {
  const opts = { backend: backend as Backend };

  it('SP 800-38A F.1 / F.2 examples (ECB, CBC; both directions)', () => {
    const data = readJson('nist/examples/sp800_38a_aes_ecb_cbc_ctr.json');
    let n = 0;
    for (const t of data.tests) {
      if (t.mode === 'CTR') continue;
      n++;
      const pt = hex(t.plaintext);
      if (t.mode === 'ECB') {
        const ecb = new AesEcb(hex(t.key), opts);
        expect(toHex(ecb.encrypt(pt)), t.section).toBe(t.ciphertext);
        expect(toHex(ecb.decrypt(hex(t.ciphertext))), t.section).toBe(t.plaintext);
        ecb.dispose();
      } else {
        const cbc = new AesCbc(hex(t.key), { ...opts, padding: 'none' });
        expect(toHex(cbc.encrypt(hex(t.iv), pt)), t.section).toBe(t.ciphertext);
        expect(toHex(cbc.decrypt(hex(t.iv), hex(t.ciphertext))), t.section).toBe(t.plaintext);
        cbc.dispose();
      }
    }
    expect(n).toBe(6);
  });

  const katFiles = fs
    .readdirSync(path.join(VECTORS, 'nist/aes'))
    .filter((f) => /^(ECB|CBC)(GFSbox|KeySbox|VarKey|VarTxt|MMT)\d+\.rsp$/.test(f));
  it(`NIST AESAVS KAT and MMT, every record of ${katFiles.length} files, both directions`, () => {
    expect(katFiles.length).toBe(30);
    let n = 0;
    for (const file of katFiles) {
      for (const r of readRsp(`nist/aes/${file}`)) {
        if (r.fields.COUNT === undefined) continue;
        n++;
        const where = `${file} COUNT ${r.fields.COUNT} ${Object.keys(r.section).join('/')}`;
        const key = hex(r.fields.KEY);
        const pt = hex(r.fields.PLAINTEXT);
        const ct = hex(r.fields.CIPHERTEXT);
        if (file.startsWith('ECB')) {
          const ecb = new AesEcb(key, opts);
          expect(toHex(ecb.encrypt(pt)), where).toBe(r.fields.CIPHERTEXT);
          expect(toHex(ecb.decrypt(ct)), where).toBe(r.fields.PLAINTEXT);
          ecb.dispose();
        } else {
          const cbc = new AesCbc(key, { ...opts, padding: 'none' });
          expect(toHex(cbc.encrypt(hex(r.fields.IV), pt)), where).toBe(r.fields.CIPHERTEXT);
          expect(toHex(cbc.decrypt(hex(r.fields.IV), ct)), where).toBe(r.fields.PLAINTEXT);
          cbc.dispose();
        }
      }
    }
    expect(n).toBeGreaterThan(2000);
  });

  it('Wycheproof aes_cbc_pkcs5_test.json: valid cases match both ways, invalid ones throw DecryptionError and wipe out', () => {
    const data = readJson('wycheproof/aes_cbc_pkcs5_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
        const cbc = new AesCbc(hex(t.key), opts);
        const iv = hex(t.iv);
        if (t.result === 'valid') {
          expect(toHex(cbc.encrypt(iv, hex(t.msg))), where).toBe(t.ct);
          expect(toHex(cbc.decrypt(iv, hex(t.ct))), where).toBe(t.msg);
        } else {
          const ct = hex(t.ct);
          const out = new Uint8Array(ct.length).fill(0xaa);
          let err: unknown;
          try {
            cbc.decrypt(iv, ct, out);
          } catch (e) {
            err = e;
          }
          expect(err, where).toBeInstanceOf(DecryptionError);
          expect((err as DecryptionError).code).toBe('ERR_HWCRYPT_BAD_DECRYPT');
          expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
          // In place: the ciphertext's own buffer is wiped too.
          const inPlace = hex(t.ct);
          expect(() => cbc.decrypt(iv, inPlace, inPlace), where).toThrow(DecryptionError);
          expect(inPlace.every((b) => b === 0), where).toBe(true);
        }
        cbc.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  for (const bits of [128, 192, 256]) {
    it(`aes-${bits}-cbc (PKCS#7 and none) and aes-${bits}-ecb match node:crypto, every length 0..300 and boundaries (seed ${SEED + bits})`, () => {
      const rng = new Rng(SEED + bits);
      const key = rng.bytes(bits / 8);
      const cbc = new AesCbc(key, opts);
      const raw = new AesCbc(key, { ...opts, padding: 'none' });
      const ecb = new AesEcb(key, opts);
      const lengths = [...LENGTHS, ...Array.from({ length: 8 }, () => rng.int(70000))];
      for (const n of lengths) {
        const iv = rng.bytes(16);
        const pt = rng.bytes(n);
        const where = `length ${n}`;
        const want = nodeRun(`aes-${bits}-cbc`, true, key, iv, pt, true);
        expect(toHex(cbc.encrypt(iv, pt)), where).toBe(want);
        expect(toHex(cbc.encrypt(unaligned(iv, 5), unaligned(pt))), where).toBe(want);
        expect(toHex(cbc.decrypt(iv, hex(want))), where).toBe(toHex(pt));
        expect(toHex(cbc.decrypt(unaligned(iv), unaligned(hex(want), 7))), where).toBe(toHex(pt));
        // In place: encrypt into a buffer that holds the padded length, decrypt over the ciphertext.
        const buf = new Uint8Array(want.length / 2 + 5);
        buf.set(pt, 1);
        const view = buf.subarray(1, 1 + n);
        expect(toHex(cbc.encrypt(iv, view, buf.subarray(1))), where).toBe(want);
        const ctView = buf.subarray(1, 1 + want.length / 2);
        expect(toHex(cbc.decrypt(iv, ctView, ctView)), where).toBe(toHex(pt));
        if (n % 16 === 0) {
          const wantRaw = nodeRun(`aes-${bits}-cbc`, true, key, iv, pt);
          expect(toHex(raw.encrypt(iv, pt)), where).toBe(wantRaw);
          expect(toHex(raw.decrypt(iv, hex(wantRaw))), where).toBe(toHex(pt));
          const wantEcb = nodeRun(`aes-${bits}-ecb`, true, key, null, pt);
          expect(toHex(ecb.encrypt(pt)), where).toBe(wantEcb);
          expect(toHex(ecb.decrypt(unaligned(hex(wantEcb)))), where).toBe(toHex(pt));
          const inPlace = unaligned(pt);
          ecb.encrypt(inPlace, inPlace);
          expect(toHex(inPlace), where).toBe(wantEcb);
          ecb.decrypt(inPlace, inPlace);
          expect(toHex(inPlace), where).toBe(toHex(pt));
          const rawInPlace = unaligned(pt);
          raw.encrypt(iv, rawInPlace, rawInPlace);
          expect(toHex(rawInPlace), where).toBe(wantRaw);
          raw.decrypt(iv, rawInPlace, rawInPlace);
          expect(toHex(rawInPlace), where).toBe(toHex(pt));
        }
      }
      cbc.dispose();
      raw.dispose();
      ecb.dispose();
    });
  }

  it('SharedArrayBuffer arguments give the same results (the private-copy path); a refused decrypt wipes a shared out', () => {
    const rng = new Rng(SEED + 7);
    const key = rng.bytes(16);
    const cbc = new AesCbc(key, opts);
    const ecb = new AesEcb(key, opts);
    for (const n of [0, 1, 15, 16, 17, 100, 256, 1000]) {
      const iv = rng.bytes(16);
      const pt = rng.bytes(n);
      const want = toHex(cbc.encrypt(iv, pt));
      expect(toHex(cbc.encrypt(shared(iv), shared(pt)))).toBe(want);
      const out = shared(new Uint8Array(want.length / 2));
      cbc.encrypt(iv, pt, out);
      expect(toHex(out)).toBe(want);
      expect(toHex(cbc.decrypt(shared(iv), shared(hex(want))))).toBe(toHex(pt));
      const sct = shared(hex(want));
      expect(toHex(cbc.decrypt(iv, sct, sct))).toBe(toHex(pt));
      if (n % 16 === 0) {
        const e = toHex(ecb.encrypt(pt));
        expect(toHex(ecb.encrypt(shared(pt)))).toBe(e);
        expect(toHex(ecb.decrypt(shared(hex(e))))).toBe(toHex(pt));
      }
    }
    // Bad padding with shared memory: nothing but zeros reaches out.
    const iv = rng.bytes(16);
    const ct = new AesCbc(key, { ...opts, padding: 'none' }).encrypt(iv, new Uint8Array(32).fill(0x11));
    const out = shared(new Uint8Array(32).fill(0xaa));
    expect(() => cbc.decrypt(iv, shared(ct), out)).toThrow(DecryptionError);
    expect(out.every((b) => b === 0)).toBe(true);
    cbc.dispose();
    ecb.dispose();
  });
});

/** XTSVS records: byte-aligned data units only (DataUnitLen a multiple of 8). */
function xtsRecords(dir: string, file: string): { key: string; tweak: Uint8Array; pt: string; ct: string; where: string }[] {
  const out = [];
  for (const r of readRsp(`nist/xts/${dir}/${file}`)) {
    const f = r.fields;
    if (f.COUNT === undefined || Number(f.DataUnitLen) % 8 !== 0) continue;
    let tweak: Uint8Array;
    if (f.i !== undefined) tweak = hex(f.i);
    else {
      tweak = new Uint8Array(16);
      let s = BigInt(f.DataUnitSeqNumber);
      for (let i = 0; i < 16; i++, s >>= 8n) tweak[i] = Number(s & 0xffn);
    }
    out.push({ key: f.Key, tweak, pt: f.PT, ct: f.CT, where: `${dir}/${file} COUNT ${f.COUNT} ${Object.keys(r.section).join('/')}` });
  }
  return out;
}

describeBackends('aes', 'AES-XTS', (backend) => {
  const opts = { backend: backend as Backend };

  for (const dir of ['tweak-128hexstr', 'tweak-dataunitseqno']) {
    for (const file of ['XTSGenAES128.rsp', 'XTSGenAES256.rsp']) {
      it(`NIST XTSVS ${dir}/${file}: every byte-aligned record, both directions`, () => {
        const recs = xtsRecords(dir, file);
        expect(recs.length).toBeGreaterThan(400);
        for (const r of recs) {
          const xts = new AesXts(hex(r.key), opts);
          expect(toHex(xts.encrypt(r.tweak, hex(r.pt))), r.where).toBe(r.ct);
          expect(toHex(xts.decrypt(r.tweak, hex(r.ct))), r.where).toBe(r.pt);
          xts.dispose();
        }
      });
    }
  }

  it('Wycheproof aes_xts_test.json: every case (tweaks shorter than 16 bytes are zero-extended sector numbers)', () => {
    const data = readJson('wycheproof/aes_xts_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result}`;
        expect(t.result, where).toBe('valid');
        const tweak = new Uint8Array(16);
        tweak.set(hex(t.iv));
        const xts = new AesXts(hex(t.key), opts);
        expect(toHex(xts.encrypt(tweak, hex(t.msg))), where).toBe(t.ct);
        expect(toHex(xts.decrypt(tweak, hex(t.ct))), where).toBe(t.msg);
        xts.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  for (const bits of [128, 256]) {
    it(`aes-${bits}-xts matches node:crypto, every length 16..300 and boundaries, unaligned, in place, shared (seed ${SEED + bits + 1})`, () => {
      const rng = new Rng(SEED + bits + 1);
      const key = rng.bytes(bits / 4);
      const xts = new AesXts(key, opts);
      expect(xts.backend).toBe(backend);
      const lengths = [...LENGTHS.filter((n) => n >= 16), ...Array.from({ length: 8 }, () => 16 + rng.int(70000))];
      for (const n of lengths) {
        const tweak = rng.bytes(16);
        const pt = rng.bytes(n);
        const where = `length ${n}`;
        const want = nodeRun(`aes-${bits}-xts`, true, key, tweak, pt);
        expect(toHex(xts.encrypt(tweak, pt)), where).toBe(want);
        expect(toHex(xts.encrypt(unaligned(tweak, 1), unaligned(pt))), where).toBe(want);
        expect(toHex(xts.decrypt(unaligned(tweak), unaligned(hex(want), 9))), where).toBe(toHex(pt));
        const inPlace = unaligned(pt);
        xts.encrypt(tweak, inPlace, inPlace);
        expect(toHex(inPlace), where).toBe(want);
        xts.decrypt(tweak, inPlace, inPlace);
        expect(toHex(inPlace), where).toBe(toHex(pt));
        if (n % 97 === 0 || n === 17) {
          expect(toHex(xts.encrypt(shared(tweak), shared(pt))), where).toBe(want);
          const s = shared(hex(want));
          expect(toHex(xts.decrypt(tweak, s, s)), where).toBe(toHex(pt));
        }
      }
      xts.dispose();
    });
  }
});

/** CCMVS .rsp: a running state of every `Name = value` (bracketed ones too), one test per Count. */
function ccmRecords(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(VECTORS, 'nist/ccm', file), 'latin1');
  const out: Record<string, string>[] = [];
  let state: Record<string, string> = {};
  let cur: Record<string, string> | undefined;
  const flush = (): void => {
    if (cur !== undefined) out.push(cur);
    cur = undefined;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      flush();
      state = { ...state };
      for (const part of sec[1].split(',')) {
        const [k, v] = part.split('=').map((x) => x.trim());
        state[k] = v;
      }
      continue;
    }
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, k, v] = kv;
    // A Key or Nonce line after a finished record sets the state for the records after it.
    if (cur !== undefined && (k === 'Key' || k === 'Nonce') && cur.CT !== undefined) flush();
    if (k === 'Count') {
      flush();
      cur = { ...state, Count: v };
    } else if (cur !== undefined) cur[k] = v;
    else state[k] = v;
  }
  flush();
  return out;
}

describeBackends('aes', 'AES-CCM', (backend) => {
  const opts = { backend: backend as Backend };

  for (const bits of [128, 192, 256]) {
    it(`NIST CCMVS DVPT${bits}: Pass records open (and seal back), Fail records throw AuthenticationError and wipe out`, () => {
      const recs = ccmRecords(`DVPT${bits}.rsp`);
      expect(recs.length).toBe(240);
      let fails = 0;
      for (const r of recs) {
        const where = `DVPT${bits} Count ${r.Count} A${r.Alen} P${r.Plen} N${r.Nlen} T${r.Tlen}`;
        const ccm = new AesCcm(hex(r.Key), { ...opts, tagLength: Number(r.Tlen) });
        const aad = hex(r.Adata.slice(0, 2 * Number(r.Alen)));
        const nonce = hex(r.Nonce);
        const sealed = hex(r.CT);
        if (r.Result.startsWith('Fail')) {
          fails++;
          const out = new Uint8Array(Number(r.Plen)).fill(0xaa);
          expect(() => ccm.open(nonce, sealed, aad, out), where).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0), `${where}: out wiped`).toBe(true);
        } else {
          const pt = r.Payload.slice(0, 2 * Number(r.Plen));
          expect(toHex(ccm.open(nonce, sealed, aad)), where).toBe(pt);
          expect(toHex(ccm.seal(nonce, hex(pt), aad)), where).toBe(r.CT);
        }
        ccm.dispose();
      }
      expect(fails).toBeGreaterThan(100);
    });

    it(`NIST CCMVS VADT/VNT/VPT/VTT ${bits}: every record seals to CT and opens back`, () => {
      let n = 0;
      for (const kind of ['VADT', 'VNT', 'VPT', 'VTT']) {
        for (const r of ccmRecords(`${kind}${bits}.rsp`)) {
          n++;
          const where = `${kind}${bits} Count ${r.Count} A${r.Alen} P${r.Plen} N${r.Nlen} T${r.Tlen}`;
          const ccm = new AesCcm(hex(r.Key), { ...opts, tagLength: Number(r.Tlen) });
          const aad = hex(r.Adata.slice(0, 2 * Number(r.Alen)));
          const pt = r.Payload.slice(0, 2 * Number(r.Plen));
          expect(toHex(ccm.seal(hex(r.Nonce), hex(pt), aad)), where).toBe(r.CT);
          expect(toHex(ccm.open(hex(r.Nonce), hex(r.CT), aad)), where).toBe(pt);
          ccm.dispose();
        }
      }
      expect(n).toBeGreaterThan(500);
    });
  }

  it('Wycheproof aes_ccm_test.json: valid cases match, invalid ones throw the documented error', () => {
    const data = readJson('wycheproof/aes_ccm_test.json');
    let n = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment}) ${t.result} iv ${g.ivSize} tag ${g.tagSize}`;
        const tagLength = g.tagSize / 8;
        const nonce = hex(t.iv);
        const tagOk = tagLength >= 4 && tagLength <= 16 && tagLength % 2 === 0;
        if (!tagOk) {
          expect(t.result, where).toBe('invalid');
          expect(() => new AesCcm(hex(t.key), { ...opts, tagLength }), where).toThrow(RangeError);
          continue;
        }
        const ccm = new AesCcm(hex(t.key), { ...opts, tagLength });
        const sealed = hex(t.ct + t.tag);
        if (nonce.length < 7 || nonce.length > 13) {
          expect(t.result, where).toBe('invalid');
          expect(() => ccm.open(nonce, sealed, hex(t.aad)), where).toThrow(RangeError);
          expect(() => ccm.seal(nonce, hex(t.msg), hex(t.aad)), where).toThrow(RangeError);
        } else if (t.result === 'valid') {
          expect(toHex(ccm.seal(nonce, hex(t.msg), hex(t.aad))), where).toBe(t.ct + t.tag);
          expect(toHex(ccm.open(nonce, sealed, hex(t.aad))), where).toBe(t.msg);
        } else {
          const out = new Uint8Array(t.ct.length / 2).fill(0xaa);
          expect(() => ccm.open(nonce, sealed, hex(t.aad), out), where).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0), where).toBe(true);
        }
        ccm.dispose();
      }
    }
    expect(n).toBe(data.numberOfTests);
  });

  for (const bits of [128, 192, 256]) {
    it(`aes-${bits}-ccm matches node:crypto: every length 0..300 and boundaries, random nonce/AAD/tag lengths, unaligned, in place, tampering (seed ${SEED + bits + 2})`, () => {
      const rng = new Rng(SEED + bits + 2);
      const key = rng.bytes(bits / 8);
      const ccms = new Map<number, AesCcm>();
      for (const t of [4, 6, 8, 10, 12, 14, 16]) ccms.set(t, new AesCcm(key, { ...opts, tagLength: t }));
      const lengths = [...LENGTHS, ...Array.from({ length: 6 }, () => rng.int(65536))];
      for (const n of lengths) {
        const tagLen = rng.pick([4, 6, 8, 10, 12, 14, 16]);
        const ccm = ccms.get(tagLen)!;
        const nonce = rng.bytes(7 + rng.int(7));
        // AAD lengths around the 2-byte / 6-byte length encodings' boundary (0xff00) now and then.
        const aad = rng.bytes(rng.int(12) === 0 ? rng.pick([0xfeff, 0xff00, 0xff01]) : rng.int(300));
        const pt = rng.bytes(n);
        const where = `length ${n} nonce ${nonce.length} aad ${aad.length} tag ${tagLen}`;
        const want = nodeCcmSeal(key, nonce, pt, aad, tagLen);
        expect(toHex(ccm.seal(nonce, pt, aad)), where).toBe(want);
        expect(toHex(ccm.seal(unaligned(nonce), unaligned(pt, 1), unaligned(aad, 2))), where).toBe(want);
        expect(toHex(ccm.open(unaligned(nonce, 7), unaligned(hex(want)), aad)), where).toBe(toHex(pt));
        const buf = new Uint8Array(n + tagLen + 3);
        buf.set(pt, 3);
        const sealed = ccm.seal(nonce, buf.subarray(3, 3 + n), aad, buf.subarray(3));
        expect(toHex(sealed), where).toBe(want);
        expect(toHex(ccm.open(nonce, sealed, aad, sealed)), where).toBe(toHex(pt));
        // Tampering anywhere: ciphertext, tag, nonce, AAD.
        const bad = hex(want);
        bad[rng.int(bad.length)] ^= 1 << rng.int(8);
        expect(() => ccm.open(nonce, bad, aad), where).toThrow(AuthenticationError);
        if (aad.length > 0) {
          const badAad = aad.slice();
          badAad[rng.int(badAad.length)] ^= 0x80;
          expect(() => ccm.open(nonce, hex(want), badAad), where).toThrow(AuthenticationError);
        }
        if (n % 50 === 0) {
          expect(toHex(ccm.seal(shared(nonce), shared(pt), shared(aad))), where).toBe(want);
          const s = shared(hex(want));
          expect(toHex(ccm.open(nonce, s, aad, s)), where).toBe(toHex(pt));
          const sbad = shared(bad);
          const out = shared(new Uint8Array(n).fill(0xaa));
          expect(() => ccm.open(nonce, sbad, aad, out), where).toThrow(AuthenticationError);
          expect(out.every((b) => b === 0), where).toBe(true);
        }
      }
      for (const c of ccms.values()) c.dispose();
    });
  }
});
