/**
 * HKDF (RFC 5869) and PBKDF2 (RFC 8018) over every hash backend: RFC 5869,
 * RFC 6070, RFC 7914 and Wycheproof vectors; node:crypto (hkdfSync,
 * pbkdf2Sync) with keys of every length 0..200 and output lengths
 * 1..3*HashLen+1; bad input per argument; pbkdf2Async off the event loop.
 *
 * PBKDF2 cases of more than 100 000 iterations (RFC 6070 case 4 and its
 * Wycheproof twin, 16 777 216 iterations: seconds on soft) run on the
 * best backend of each family, and on every backend with HWC_TEST_SLOW=1.
 */
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, hkdf, pbkdf2, pbkdf2Async, setBackend, type HashName } from '../src/index.js';
import { describeBackends, hex, readJson, Rng, SEED, toHex } from './helpers.js';

const BY_FAMILY: Record<'sha1' | 'sha256' | 'sha512', HashName[]> = {
  sha1: ['sha1'],
  sha256: ['sha224', 'sha256'],
  sha512: ['sha384', 'sha512', 'sha512-256'],
};
const ALL: HashName[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256'];
const OUT_LEN: Record<HashName, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-256': 32 };
const HKDF_FILES: Partial<Record<HashName, string>> = {
  sha1: 'wycheproof/hkdf_sha1_test.json',
  sha256: 'wycheproof/hkdf_sha256_test.json',
  sha384: 'wycheproof/hkdf_sha384_test.json',
  sha512: 'wycheproof/hkdf_sha512_test.json',
};
const PBKDF2_FILES: Partial<Record<HashName, string>> = {
  sha1: 'wycheproof/pbkdf2_hmacsha1_test.json',
  sha224: 'wycheproof/pbkdf2_hmacsha224_test.json',
  sha256: 'wycheproof/pbkdf2_hmacsha256_test.json',
  sha384: 'wycheproof/pbkdf2_hmacsha384_test.json',
  sha512: 'wycheproof/pbkdf2_hmacsha512_test.json',
};
const SLOW_ITERATIONS = 100_000;
const SLOW = process.env.HWC_TEST_SLOW === '1';

/** Every test of a Wycheproof file, after checking their number against numberOfTests. */
function wycheproofTests(file: string): any[] {
  const data = readJson(file);
  const tests = data.testGroups.flatMap((g: { tests: unknown[] }) => g.tests);
  expect(tests.length, file).toBe(data.numberOfTests);
  return tests;
}

const nodeHkdf = (h: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, n: number): string =>
  Buffer.from(crypto.hkdfSync(h, ikm, salt, info, n)).toString('hex');
const nodePbkdf2 = (h: HashName, pw: Uint8Array, salt: Uint8Array, it: number, n: number): string =>
  crypto.pbkdf2Sync(pw, salt, it, n, h).toString('hex');

for (const family of ['sha1', 'sha256', 'sha512'] as const) {
  describeBackends(family, `HKDF / PBKDF2 over ${family} family`, (backend) => {
    beforeAll(() => setBackend(family, backend as never));
    afterAll(() => setBackend(family, 'auto'));
    const algs = BY_FAMILY[family];
    const runSlow = SLOW || backends()[family][0] === backend;

    it('RFC 5869 Appendix A (HKDF)', () => {
      let n = 0;
      for (const t of readJson('rfc/rfc5869_hkdf.json').tests) {
        const h = (t.hash as string).toLowerCase().replace('-', '') as HashName;
        if (!algs.includes(h)) continue;
        expect(toHex(hkdf(h, hex(t.ikm), hex(t.salt), hex(t.info), t.length)), `case ${t.testCase}`).toBe(t.okm);
        n++;
      }
      if (family !== 'sha512') expect(n).toBeGreaterThan(2);
    });

    it('Wycheproof hkdf_sha* (valid match; size > 255*HashLen is a RangeError)', () => {
      for (const h of algs) {
        const file = HKDF_FILES[h];
        if (!file) continue;
        for (const t of wycheproofTests(file)) {
          const run = () => hkdf(h, hex(t.ikm), hex(t.salt), hex(t.info), t.size);
          if (t.result === 'valid') expect(toHex(run()), `${h} tcId ${t.tcId}`).toBe(t.okm);
          else expect(run, `${h} tcId ${t.tcId} (${t.comment})`).toThrow(RangeError);
        }
      }
    });

    it(`RFC 6070 / RFC 7914 and Wycheproof pbkdf2_hmacsha* (> ${SLOW_ITERATIONS} iterations: ${runSlow ? 'run' : 'skipped, HWC_TEST_SLOW=1'})`, () => {
      const cases: { h: HashName; id: string; pw: string; salt: string; it: number; dk: string }[] = [];
      if (algs.includes('sha1')) {
        for (const t of readJson('rfc/rfc6070_pbkdf2_hmac_sha1.json').tests)
          cases.push({ h: 'sha1', id: `RFC 6070 case ${t.testCase}`, pw: t.password, salt: t.salt, it: t.iterations, dk: t.dk });
      }
      if (algs.includes('sha256')) {
        for (const t of readJson('rfc/rfc7914_pbkdf2_hmac_sha256.json').tests)
          cases.push({ h: 'sha256', id: `RFC 7914 case ${t.testCase}`, pw: t.password, salt: t.salt, it: t.iterations, dk: t.dk });
      }
      for (const h of algs) {
        const file = PBKDF2_FILES[h];
        if (!file) continue;
        for (const t of wycheproofTests(file)) {
          expect(t.result).toBe('valid');
          cases.push({ h, id: `${h} tcId ${t.tcId}`, pw: t.password, salt: t.salt, it: t.iterationCount, dk: t.dk });
        }
      }
      let ran = 0;
      for (const c of cases) {
        if (c.it > SLOW_ITERATIONS && !runSlow) continue;
        expect(toHex(pbkdf2(c.h, hex(c.pw), hex(c.salt), c.it, c.dk.length / 2)), c.id).toBe(c.dk);
        ran++;
      }
      expect(ran).toBeGreaterThan(50);
    }, 300_000);

    it(`matches node:crypto hkdfSync with keys of 0..200 bytes and lengths 1..3*HashLen+1 (seed ${SEED})`, () => {
      const rng = new Rng(SEED + 31);
      for (const h of algs) {
        const L = OUT_LEN[h];
        for (let k = 0; k <= 200; k++) {
          const ikm = rng.bytes(k);
          const salt = rng.bytes(rng.pick([0, 1, L, 63, 64, 65, 127, 128, 129, rng.int(300)]));
          const info = rng.bytes(rng.pick([0, 1, 16, rng.int(1024)]));
          const len = 1 + (k <= 3 * L ? k : rng.int(3 * L + 1));
          expect(toHex(hkdf(h, ikm, salt, info, len)), `${h} ikm ${k} salt ${salt.length} info ${info.length} len ${len}`).toBe(
            nodeHkdf(h, ikm, salt, info, len),
          );
        }
        // Long outputs up to the cap, through the non-arena path.
        for (const len of [L * 2 + 1, 255 * L - 1, 255 * L]) {
          const ikm = rng.bytes(22);
          expect(toHex(hkdf(h, ikm, 'salt', 'info', len)), `${h} len ${len}`).toBe(
            nodeHkdf(h, ikm, Buffer.from('salt'), Buffer.from('info'), len),
          );
        }
      }
    });

    it(`matches node:crypto pbkdf2Sync with passwords of 0..200 bytes and lengths 1..3*HashLen+1 (seed ${SEED})`, () => {
      const rng = new Rng(SEED + 37);
      for (const h of algs) {
        const L = OUT_LEN[h];
        for (let k = 0; k <= 200; k++) {
          const pw = rng.bytes(k);
          const salt = rng.bytes(rng.pick([0, 1, 8, 16, 59, 60, 64, 123, 124, 128, rng.int(300)]));
          const iterations = 1 + rng.int(k % 10 === 0 ? 2000 : 4);
          const len = 1 + (k <= 3 * L ? k : rng.int(3 * L + 1));
          expect(toHex(pbkdf2(h, pw, salt, iterations, len)), `${h} pw ${k} salt ${salt.length} it ${iterations} len ${len}`).toBe(
            nodePbkdf2(h, pw, salt, iterations, len),
          );
        }
      }
    });

    it('pbkdf2Async matches pbkdf2 on this backend', async () => {
      const rng = new Rng(SEED + 41);
      for (const h of algs) {
        const jobs = [];
        for (let i = 0; i < 20; i++) {
          const pw = rng.bytes(rng.int(150));
          const salt = rng.bytes(rng.int(100));
          const it = 1 + rng.int(3000);
          const len = rng.int(3 * OUT_LEN[h] + 2);
          jobs.push(pbkdf2Async(h, pw, salt, it, len).then((r) => expect(toHex(r)).toBe(toHex(pbkdf2(h, pw, salt, it, len)))));
        }
        await Promise.all(jobs);
      }
    });
  });
}

describe('HKDF / PBKDF2 behaviour', () => {
  it('length 0 gives an empty Uint8Array (as hkdfSync / pbkdf2Sync)', async () => {
    expect(crypto.hkdfSync('sha256', 'k', 's', 'i', 0).byteLength).toBe(0);
    for (const r of [hkdf('sha256', 'k', 's', 'i', 0), pbkdf2('sha256', 'p', 's', 1, 0), await pbkdf2Async('sha1', 'p', 's', 5, 0)]) {
      expect(r).toBeInstanceOf(Uint8Array);
      expect(r.length).toBe(0);
    }
  });

  it('strings are UTF-8, Buffers and unaligned views are accepted, hash names in any case', () => {
    const pw = 'pässwörd', salt = 'sälz';
    expect(toHex(pbkdf2('SHA256' as HashName, pw, salt, 3, 40))).toBe(crypto.pbkdf2Sync(pw, salt, 3, 40, 'sha256').toString('hex'));
    const big = Buffer.from('..ikm-bytes..');
    expect(toHex(hkdf('Sha512-256' as HashName, big.subarray(1, 9), Buffer.from('s'), new Uint8Array(0), 33))).toBe(
      nodeHkdf('sha512-256', big.subarray(1, 9), Buffer.from('s'), new Uint8Array(0), 33),
    );
    // Each call returns its own array, not the arena or a shared one.
    const a = hkdf('sha256', 'k', 's', 'i', 32), b = hkdf('sha256', 'k', 's', 'i', 32);
    expect(a.buffer).not.toBe(b.buffer);
    a.fill(0);
    expect(toHex(b)).toBe(nodeHkdf('sha256', Buffer.from('k'), Buffer.from('s'), Buffer.from('i'), 32));
  });

  it('an empty salt equals HashLen zero bytes', () => {
    for (const h of ALL)
      expect(toHex(hkdf(h, 'ikm', new Uint8Array(0), 'i', 50))).toBe(toHex(hkdf(h, 'ikm', new Uint8Array(OUT_LEN[h]), 'i', 50)));
  });

  it('info longer than node:crypto allows (1024 bytes) is accepted', () => {
    const info = new Uint8Array(5000).fill(7);
    const got = hkdf('sha256', 'k', 's', info, 64);
    // Reference: RFC 5869 by hand with node's HMAC.
    const prk = crypto.createHmac('sha256', 's').update('k').digest();
    const t1 = crypto.createHmac('sha256', prk).update(info).update(Buffer.from([1])).digest();
    const t2 = crypto.createHmac('sha256', prk).update(t1).update(info).update(Buffer.from([2])).digest();
    expect(toHex(got)).toBe(Buffer.concat([t1, t2]).toString('hex'));
  });
});

describe('HKDF / PBKDF2 bad input', () => {
  const b = new Uint8Array(4);
  const badBytes: unknown[] = [undefined, null, 5, {}, [1, 2], new Uint16Array(2), new ArrayBuffer(4), new DataView(new ArrayBuffer(2))];

  it('hash: TypeError for a non-string, RangeError for an unknown name', () => {
    expect(() => hkdf(5 as never, b, b, b, 8)).toThrow(TypeError);
    expect(() => hkdf('md5' as never, b, b, b, 8)).toThrow(/hash: expected one of/);
    expect(() => pbkdf2(undefined as never, b, b, 1, 8)).toThrow(/hash: expected a string/);
    expect(() => pbkdf2('sha3-256' as never, b, b, 1, 8)).toThrow(RangeError);
  });

  it('byte arguments: TypeError naming the argument', async () => {
    for (const v of badBytes) {
      expect(() => hkdf('sha256', v as never, b, b, 8)).toThrow(/^ikm: expected/);
      expect(() => hkdf('sha256', b, v as never, b, 8)).toThrow(/^salt: expected/);
      expect(() => hkdf('sha256', b, b, v as never, 8)).toThrow(/^info: expected/);
      expect(() => pbkdf2('sha256', v as never, b, 1, 8)).toThrow(/^password: expected/);
      expect(() => pbkdf2('sha256', b, v as never, 1, 8)).toThrow(/^salt: expected/);
      await expect(pbkdf2Async('sha256', v as never, b, 1, 8)).rejects.toThrow(TypeError);
    }
  });

  it('length: RangeError when negative, fractional, NaN or above the cap; TypeError when not a number', async () => {
    for (const h of ALL) {
      expect(() => hkdf(h, b, b, b, 255 * OUT_LEN[h] + 1)).toThrow(/^length: expected an integer from 0 to/);
      expect(hkdf(h, b, b, b, 255 * OUT_LEN[h]).length).toBe(255 * OUT_LEN[h]);
    }
    for (const n of [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 31]) {
      expect(() => hkdf('sha256', b, b, b, n)).toThrow(RangeError);
      expect(() => pbkdf2('sha256', b, b, 1, n)).toThrow(/^length:/);
      await expect(pbkdf2Async('sha256', b, b, 1, n)).rejects.toThrow(RangeError);
    }
    for (const n of ['8', 8n, undefined, null]) {
      expect(() => hkdf('sha256', b, b, b, n as never)).toThrow(/^length: expected a number/);
      expect(() => pbkdf2('sha256', b, b, 1, n as never)).toThrow(TypeError);
    }
  });

  it('iterations: RangeError for 0, negative, fractional, NaN or above 2^31-1; TypeError when not a number', async () => {
    for (const n of [0, -1, 1.5, NaN, Infinity, 2 ** 31]) {
      expect(() => pbkdf2('sha256', b, b, n, 8)).toThrow(/^iterations: expected an integer from 1 to 2147483647/);
      await expect(pbkdf2Async('sha256', b, b, n, 8)).rejects.toThrow(/^iterations:/);
    }
    expect(() => pbkdf2('sha256', b, b, '1000' as never, 8)).toThrow(/^iterations: expected a number/);
    // node:crypto refuses the same values.
    for (const n of [0, -1, 1.5, 2 ** 31]) expect(() => crypto.pbkdf2Sync(b, b, n, 8, 'sha256')).toThrow(RangeError);
  });

  it('hash names are own names only: constructor, __proto__ and Object.prototype additions are unknown', () => {
    for (const n of ['constructor', '__proto__', 'CONSTRUCTOR', 'hasownproperty']) {
      expect(() => hkdf(n as never, b, b, b, 8)).toThrow(/^hash: expected one of/);
      expect(() => pbkdf2(n as never, b, b, 1, 8)).toThrow(/^hash: expected one of/);
    }
    const proto = Object.prototype as Record<string, unknown>;
    proto['sha3-256'] = { id: 2, outputLen: 32, blockLen: 64 };
    try {
      expect(() => hkdf('sha3-256' as never, b, b, b, 8)).toThrow(/^hash: expected one of/);
    } finally {
      delete proto['sha3-256'];
    }
  });

  it('a string secret is wiped from the shared Buffer pool also when a later argument is bad', async () => {
    // Buffer.from(string) carves short strings from Node's pool, an ArrayBuffer
    // every other pooled Buffer exposes through .buffer. Scan the pools
    // around the call for the secret's bytes (the needle itself not pooled).
    const leaked = async (secret: string, call: (s: string) => unknown): Promise<boolean> => {
      const before = Buffer.from('probe');
      try {
        await call(secret);
      } catch {
        // the bad argument's error is expected
      }
      const after = Buffer.from('probe');
      const needle = Buffer.from(new TextEncoder().encode(secret).buffer);
      return [before, after].some((p) => Buffer.from(p.buffer).includes(needle));
    };
    const bad = [
      (s: string) => pbkdf2('sha256', s, 'salt', 0, 32),
      (s: string) => pbkdf2('sha256', s, 'salt', 1, 1.5),
      (s: string) => pbkdf2('sha256', s, 5 as never, 1, 32),
      (s: string) => pbkdf2Async('sha256', s, 'salt', 1, -1),
      (s: string) => pbkdf2Async('sha256', s, 'salt', '1' as never, 32),
      (s: string) => hkdf('sha256', s, 'salt', 'info', 1e9),
      (s: string) => hkdf('sha256', s, null as never, 'info', 32),
      (s: string) => hkdf('sha256', s, 'salt', 42 as never, 32),
      (s: string) => hkdf('sha256', s, 'salt', 'info', 32), // and the good path
      (s: string) => pbkdf2('sha256', s, 'salt', 1, 32),
    ];
    for (const [i, call] of bad.entries()) {
      expect(await leaked(`pool-secret-${i}-CorrectHorseBatteryStaple`, call), `case ${i}`).toBe(false);
    }
  });

  it('a view of a detached ArrayBuffer is a TypeError, not an empty input (also when detached during the call)', async () => {
    const detached = (): Uint8Array => {
      const u = new Uint8Array(16).fill(7);
      structuredClone(u.buffer, { transfer: [u.buffer] });
      return u;
    };
    expect(() => pbkdf2('sha256', detached(), b, 1, 32)).toThrow(/^password: the ArrayBuffer is detached/);
    expect(() => pbkdf2('sha256', b, detached(), 1, 32)).toThrow(/^salt: the ArrayBuffer is detached/);
    expect(() => hkdf('sha256', detached(), b, b, 32)).toThrow(TypeError);
    expect(() => hkdf('sha256', b, detached(), b, 32)).toThrow(TypeError);
    expect(() => hkdf('sha256', b, b, detached(), 32)).toThrow(/^info: the ArrayBuffer is detached/);
    await expect(pbkdf2Async('sha256', detached(), b, 1, 32)).rejects.toThrow(/^password: the ArrayBuffer is detached/);
    // An empty view of a live buffer is still an empty input.
    expect(toHex(pbkdf2('sha256', new Uint8Array(0), b, 1, 32))).toBe(crypto.pbkdf2Sync('', b, 1, 32, 'sha256').toString('hex'));
    // A Symbol.hasInstance hook that would detach ikm while a later argument is
    // checked is never consulted (the type check reads the internal slot, no user
    // code runs between the checks and the native call).
    const ikm = new Uint8Array(32).fill(7);
    const salt = new Uint8Array(4);
    Object.defineProperty(Uint8Array, Symbol.hasInstance, {
      configurable: true,
      value(this: unknown, v: unknown) {
        if (v === salt) {
          structuredClone(ikm.buffer, { transfer: [ikm.buffer] });
          return true;
        }
        return Function.prototype[Symbol.hasInstance].call(this, v);
      },
    });
    try {
      const want = Buffer.from(crypto.hkdfSync('sha256', new Uint8Array(32).fill(7), salt, b, 32)).toString('hex');
      expect(toHex(hkdf('sha256', ikm, salt, b, 32))).toBe(want);
      expect(ikm.length).toBe(32);
    } finally {
      delete (Uint8Array as { [Symbol.hasInstance]?: unknown })[Symbol.hasInstance];
    }
  });

  it('pbkdf2Async rejects (never throws synchronously) and queues nothing on bad input', async () => {
    let p: Promise<Uint8Array> | undefined;
    expect(() => (p = pbkdf2Async('nope' as never, b, b, 1, 8))).not.toThrow();
    await expect(p).rejects.toThrow(RangeError);
  });
});

describe('pbkdf2Async on the thread pool', () => {
  it('a 600,000-iteration PBKDF2 does not block the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    const r = await pbkdf2Async('sha256', 'password', 'salt', 600_000, 32);
    const ms = performance.now() - t0;
    clearInterval(timer);
    expect(toHex(r)).toBe(crypto.pbkdf2Sync('password', 'salt', 600_000, 32, 'sha256').toString('hex'));
    // A blocked loop would see 0-1 ticks; a free one about one per ms (timers are coarse on a loaded machine).
    expect(ticks, `${ticks} ticks in ${ms.toFixed(0)} ms`).toBeGreaterThan(Math.min(10, ms / 10));
  }, 60_000);

  it('inputs are copied: mutating or detaching them after the call does not change the result', async () => {
    const pw = new Uint8Array(Buffer.from('correct horse battery staple'));
    const salt = new Uint8Array(Buffer.from('NaCl-and-pepper'));
    const want = crypto.pbkdf2Sync(pw, salt, 200_000, 64, 'sha512').toString('hex');
    const p1 = pbkdf2Async('sha512', pw, salt, 200_000, 64);
    pw.fill(0);
    salt.fill(0xff);
    const pw2 = new Uint8Array(Buffer.from('correct horse battery staple'));
    const salt2 = new Uint8Array(Buffer.from('NaCl-and-pepper'));
    const p2 = pbkdf2Async('sha512', pw2, salt2, 200_000, 64);
    structuredClone([pw2.buffer, salt2.buffer], { transfer: [pw2.buffer, salt2.buffer] });
    expect(pw2.length).toBe(0); // detached
    expect(toHex(await p1)).toBe(want);
    expect(toHex(await p2)).toBe(want);
  }, 60_000);

  it('many jobs in flight at once each get their own result', async () => {
    const jobs = Array.from({ length: 24 }, (_, i) => ({ pw: `pw${i}`, salt: `salt${i % 5}`, it: 1000 + 37 * i, len: 1 + ((i * 11) % 100) }));
    const got = await Promise.all(jobs.map((j, i) => pbkdf2Async(ALL[i % ALL.length], j.pw, j.salt, j.it, j.len)));
    got.forEach((r, i) => {
      const j = jobs[i];
      expect(toHex(r), `job ${i}`).toBe(crypto.pbkdf2Sync(j.pw, j.salt, j.it, j.len, ALL[i % ALL.length]).toString('hex'));
    });
  }, 60_000);
});
