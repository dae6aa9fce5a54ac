/**
 * Batch hashing: sha*.many(), manyPacked() and sha256.merkle() on every backend that
 * backends().many lists (multi-buffer kernels and single-stream backends), against
 * node:crypto, with batch sizes 0, 1, odd and large and message lengths around the block
 * boundaries mixed within one batch; and the bad input each refuses.
 */
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  backends,
  getBackend,
  type HashFn,
  type HashName,
  setBackend,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
  sha512_256,
} from '../src/index.js';
import { STAGE_MAX } from '../src/hash.js';
import { Rng, SEED } from './helpers.js';

const HASHES: [HashName, HashFn, 'sha1' | 'sha256' | 'sha512'][] = [
  ['sha1', sha1, 'sha1'],
  ['sha224', sha224, 'sha256'],
  ['sha256', sha256, 'sha256'],
  ['sha384', sha384, 'sha512'],
  ['sha512', sha512, 'sha512'],
  ['sha512-256', sha512_256, 'sha512'],
];

const ref = (alg: HashName, m: Uint8Array): string => crypto.createHash(alg).update(m).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** Fast deterministic bytes (xorshift32 seeded from the Rng): content for many messages. */
function bytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = rng.int(0xffffffff) | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Lengths around both block sizes (64 and 128) and their padding limits (55/56, 111/112). */
const EDGES = [0, 1, 3, 31, 32, 33, 54, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 127, 128, 129, 191, 192, 239, 240, 255, 256, 257];

function batch(rng: Rng, n: number, maxLen = 300): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const len = rng.int(3) === 0 ? rng.pick(EDGES) : rng.int(maxLen + 1);
    // Some messages are unaligned views into a bigger buffer.
    if (rng.int(4) === 0) {
      const big = bytes(rng, len + 7);
      out.push(big.subarray(3, 3 + len));
    } else out.push(bytes(rng, len));
  }
  return out;
}

function expectDigests(alg: HashName, msgs: Uint8Array[], got: Uint8Array[], outputLen: number): void {
  expect(got.length).toBe(msgs.length);
  for (let i = 0; i < msgs.length; i++) {
    expect(got[i].length, `digest ${i} length`).toBe(outputLen);
    if (hex(got[i]) !== ref(alg, msgs[i])) {
      expect(hex(got[i]), `${alg} message ${i} (${msgs[i].length} bytes)`).toBe(ref(alg, msgs[i]));
    }
  }
}

function packedOf(msgs: Uint8Array[]): { data: Uint8Array; lengths: Uint32Array } {
  const lengths = new Uint32Array(msgs.map((m) => m.length));
  const data = new Uint8Array(msgs.reduce((a, m) => a + m.length, 0));
  let at = 0;
  for (const m of msgs) {
    data.set(m, at);
    at += m.length;
  }
  return { data, lengths };
}

describe('backends().many', () => {
  it('lists, per family, the default first among what the CPU runs, and every single-stream backend', () => {
    const b = backends();
    for (const fam of ['sha1', 'sha256', 'sha512'] as const) {
      const m = b.many[fam];
      expect(m.available.length, fam).toBeGreaterThan(0);
      expect(m.available, fam).toContain(m.default);
      for (const single of b[fam]) expect(m.available, `${fam} lists ${single}`).toContain(single);
      expect(new Set(m.available).size, `${fam}: no duplicates`).toBe(m.available.length);
    }
  });

  it("default follows setBackend(family, 'soft')", () => {
    try {
      setBackend('sha256', 'soft');
      expect(backends().many.sha256.default).toBe('soft');
      expect(getBackend('sha256')).toBe('soft');
    } finally {
      setBackend('sha256', 'auto');
    }
  });
});

for (const [alg, fn, family] of HASHES) {
  const names = backends().many[family].available;
  for (const backend of names) {
    describe(`${alg}.many [${backend}]`, () => {
      const opts = { backend };

      it('n = 0, 1, odd, large; mixed lengths around the block boundaries', () => {
        const rng = new Rng(SEED ^ alg.length ^ backend.length);
        expect(fn.many([], opts)).toEqual([]);
        for (const n of [1, 2, 3, 7, 17, 33, 257]) {
          const msgs = batch(rng, n);
          expectDigests(alg, msgs, fn.many(msgs, opts), fn.outputLen);
        }
        const large = batch(rng, alg === 'sha256' ? 1001 : 301, 140);
        expectDigests(alg, large, fn.many(large, opts), fn.outputLen);
      });

      it('every length 0..2 blocks + 2 in one batch, shuffled, and each alone', () => {
        const rng = new Rng(SEED + 7);
        const lens = Array.from({ length: 2 * fn.blockLen + 3 }, (_, i) => i);
        for (let i = lens.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [lens[i], lens[j]] = [lens[j], lens[i]];
        }
        const msgs = lens.map((l) => bytes(rng, l));
        expectDigests(alg, msgs, fn.many(msgs, opts), fn.outputLen);
        for (const m of msgs.slice(0, 20)) expectDigests(alg, [m], fn.many([m], opts), fn.outputLen);
      });

      it('a long message among short ones (lanes refill as messages finish)', () => {
        const rng = new Rng(SEED + 11);
        const msgs = batch(rng, 40, 100);
        msgs.splice(5, 0, bytes(rng, 20_000));
        msgs.push(bytes(rng, 4096 + 3));
        expectDigests(alg, msgs, fn.many(msgs, opts), fn.outputLen);
      });

      it('manyPacked equals many, with and without out', () => {
        const rng = new Rng(SEED + 13);
        for (const n of [0, 1, 5, 64]) {
          const msgs = batch(rng, n);
          const { data, lengths } = packedOf(msgs);
          const want = msgs.map((m) => ref(alg, m)).join('');
          expect(hex(fn.manyPacked(data, lengths, undefined, opts))).toBe(want);
          const out = new Uint8Array(n * fn.outputLen + 9).fill(0xee);
          const got = fn.manyPacked(data, lengths, out, opts);
          expect(hex(got)).toBe(want);
          expect(got.buffer).toBe(out.buffer);
          expect(out[n * fn.outputLen], 'bytes past the digests untouched').toBe(0xee);
        }
      });
    });
  }
}

describe('many(): results and options', () => {
  it('the default backend gives the same digests; digests are views of one ArrayBuffer', () => {
    const rng = new Rng(SEED + 17);
    const msgs = batch(rng, 10);
    const d = sha256.many(msgs);
    expectDigests('sha256', msgs, d, 32);
    for (let i = 0; i < d.length; i++) {
      expect(d[i].buffer).toBe(d[0].buffer);
      expect(d[i].byteOffset).toBe(32 * i);
    }
    expect(d[0].buffer.byteLength).toBe(32 * msgs.length);
  });

  it('matches the one-shot function', () => {
    const rng = new Rng(SEED + 19);
    for (const [, fn] of HASHES) {
      const msgs = batch(rng, 9);
      const got = fn.many(msgs);
      msgs.forEach((m, i) => expect(hex(got[i])).toBe(hex(fn(m))));
    }
  });

  it('batches just under and over 1 MiB (staged, then as arguments) give the same digests', () => {
    const rng = new Rng(SEED + 37);
    for (const total of [STAGE_MAX - 1, STAGE_MAX, STAGE_MAX + 1]) {
      const msgs = [bytes(rng, total - 300), bytes(rng, 100), bytes(rng, 200)];
      expectDigests('sha256', msgs, sha256.many(msgs), 32);
      expectDigests('sha512', msgs, sha512.many(msgs), 64);
    }
  });

  it('more messages than one native call takes (8192 on the argument path), named by their index in the whole batch', () => {
    const rng = new Rng(SEED + 23);
    // 8209 messages of 100..169 bytes: over 1 MiB, so they cross as arguments in two calls.
    const msgs = Array.from({ length: 8192 + 17 }, (_, i) => bytes(rng, 100 + (i % 70)));
    expect(msgs.reduce((a, m) => a + m.length, 0)).toBeGreaterThan(STAGE_MAX);
    const d = sha256.many(msgs);
    for (const i of [0, 1, 8191, 8192, 8193, msgs.length - 1]) expect(hex(d[i]), `message ${i}`).toBe(ref('sha256', msgs[i]));
    const bad: unknown[] = msgs.slice();
    bad[8195] = 'x';
    expect(() => sha256.many(bad as Uint8Array[])).toThrow(/^messages\[8195\]: expected a Uint8Array/);
  });

  it('a Buffer, a subclass and an unaligned view are messages', () => {
    class Sub extends Uint8Array {}
    const msgs = [Buffer.from('abc'), new Sub([1, 2, 3]), new Uint8Array(10).subarray(1, 6)];
    expectDigests('sha1', msgs, sha1.many(msgs), 20);
  });

  it('options.backend: unknown names, wrong types, and inherited properties', () => {
    expect(() => sha256.many([], { backend: 'nope' })).toThrow(RangeError);
    expect(() => sha256.many([], { backend: 'nope' })).toThrow(/options\.backend: 'nope'/);
    expect(() => sha512.many([], { backend: 'shani' })).toThrow(RangeError); // a sha256-family name
    expect(() => sha256.many([], { backend: 5 as never })).toThrow(TypeError);
    expect(() => sha256.many([], null as never)).toThrow(TypeError);
    expect(() => sha256.many([], 'shani' as never)).toThrow(TypeError);
    const proto = Object.create({ backend: 'nope' }) as { backend?: string };
    expect(sha256.many([new Uint8Array(1)], proto)).toHaveLength(1); // inherited: ignored
  });
});

describe('many(): bad input', () => {
  it('messages that are not an Array: TypeError naming messages', () => {
    for (const v of [undefined, null, 'abc', 5, new Uint8Array(3), { length: 1, 0: new Uint8Array(1) }, new Set()]) {
      expect(() => sha256.many(v as never), String(v)).toThrow(TypeError);
      expect(() => sha256.many(v as never), String(v)).toThrow(/^messages: expected an Array/);
    }
    expect(() => sha256.many(new Proxy([new Uint8Array(1)], {}))).toThrow(/^messages: expected an Array of Uint8Array, got a Proxy/);
  });

  it('elements that are not Uint8Array: TypeError naming messages[i]', () => {
    const u8 = new Uint8Array(4);
    const cases: [unknown, RegExp][] = [
      ['abc', /messages\[1\]: expected a Uint8Array, got a string/],
      [new Uint16Array(2), /messages\[1\]: expected a Uint8Array, got a Uint16Array/],
      [new DataView(new ArrayBuffer(4)), /messages\[1\]: expected a Uint8Array, got a DataView/],
      [new ArrayBuffer(4), /messages\[1\]: expected a Uint8Array, got an ArrayBuffer/],
      [null, /messages\[1\]: expected a Uint8Array, got null/],
      [new Proxy(new Uint8Array(2), {}), /messages\[1\]: expected a Uint8Array, got a Proxy/],
      [[1, 2], /messages\[1\]: expected a Uint8Array, got an Array/],
    ];
    for (const [bad, re] of cases) {
      expect(() => sha256.many([u8, bad as Uint8Array, u8])).toThrow(TypeError);
      expect(() => sha256.many([u8, bad as Uint8Array, u8])).toThrow(re);
    }
    // A typed array retyped to look like a Uint8Array is not one.
    const fake = new Uint16Array(2);
    Object.setPrototypeOf(fake, Uint8Array.prototype);
    expect(() => sha256.many([fake as unknown as Uint8Array])).toThrow(/messages\[0\]: expected a Uint8Array/);
  });

  it('holes read as undefined: TypeError naming the index', () => {
    const sparse: Uint8Array[] = [];
    sparse[0] = new Uint8Array(1);
    sparse[2] = new Uint8Array(1);
    expect(() => sha256.many(sparse)).toThrow(/^messages\[1\]: expected a Uint8Array, got undefined/);
  });

  it('detached buffers: TypeError naming messages[i]', () => {
    const m = new Uint8Array(16);
    structuredClone(m.buffer, { transfer: [m.buffer] });
    expect(() => sha256.many([new Uint8Array(1), m])).toThrow(/^messages\[1\]: the ArrayBuffer is detached/);
    expect(() => sha256.manyPacked(m, new Uint32Array(0))).toThrow(/^data: the ArrayBuffer is detached/);
  });

  it('a getter runs once, before any check; one that detaches an earlier message is caught', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(8).fill(2);
    let calls = 0;
    const arr: Uint8Array[] = [a, b];
    Object.defineProperty(arr, 1, {
      get() {
        calls++;
        return b;
      },
    });
    const d = sha256.many(arr);
    expect(calls).toBe(1);
    expect(hex(d[1])).toBe(ref('sha256', b));

    const victim = new Uint8Array(64).fill(3);
    const hostile: Uint8Array[] = [victim, b];
    Object.defineProperty(hostile, 1, {
      get() {
        structuredClone(victim.buffer, { transfer: [victim.buffer] });
        return b;
      },
    });
    expect(() => sha256.many(hostile)).toThrow(/^messages\[0\]: the ArrayBuffer is detached/);

    const throwing: Uint8Array[] = [a];
    Object.defineProperty(throwing, 0, {
      get() {
        throw new Error('from the getter');
      },
    });
    expect(() => sha256.many(throwing)).toThrow('from the getter');
  });

  it('a getter that shrinks the array: the missing elements are undefined', () => {
    const arr: Uint8Array[] = [new Uint8Array(1), new Uint8Array(1), new Uint8Array(1)];
    Object.defineProperty(arr, 0, {
      get() {
        arr.length = 1;
        return new Uint8Array(1);
      },
      configurable: true,
    });
    expect(() => sha256.many(arr)).toThrow(TypeError);
  });

  it('a patched Array.prototype[Symbol.iterator] or Reflect.apply is never used', () => {
    const it = Array.prototype[Symbol.iterator];
    const apply = Reflect.apply;
    let ran = false;
    try {
      Array.prototype[Symbol.iterator] = function () {
        ran = true;
        return it.call(this);
      };
      Reflect.apply = ((...a: Parameters<typeof apply>) => {
        ran = true;
        return apply(...a);
      }) as typeof apply;
      const msgs = [new Uint8Array(3), new Uint8Array(70)];
      expectDigests('sha256', msgs, sha256.many(msgs), 32);
    } finally {
      Array.prototype[Symbol.iterator] = it;
      Reflect.apply = apply;
    }
    expect(ran).toBe(false);
  });
});

describe('manyPacked(): bad input', () => {
  const data = new Uint8Array(10);
  it('types', () => {
    expect(() => sha256.manyPacked('x' as never, new Uint32Array(1))).toThrow(/^data: expected a Uint8Array/);
    expect(() => sha256.manyPacked(data, [10] as never)).toThrow(/^lengths: expected a Uint32Array/);
    expect(() => sha256.manyPacked(data, new Uint16Array([10]) as never)).toThrow(/^lengths: expected a Uint32Array/);
    expect(() => sha256.manyPacked(data, new Uint32Array([10]), 'x' as never)).toThrow(/^out: expected a Uint8Array/);
  });
  it('lengths that do not add up to data.length: RangeError, nothing silently truncated', () => {
    expect(() => sha256.manyPacked(data, new Uint32Array([4, 5]))).toThrow(RangeError);
    expect(() => sha256.manyPacked(data, new Uint32Array([4, 7]))).toThrow(/lengths: must add up to data's length/);
    expect(() => sha256.manyPacked(data, new Uint32Array([0xffffffff, 11]))).toThrow(RangeError);
    expect(() => sha256.manyPacked(data, new Uint32Array(0))).toThrow(RangeError);
  });
  it('out too short or overlapping data', () => {
    expect(() => sha256.manyPacked(data, new Uint32Array([5, 5]), new Uint8Array(63))).toThrow(/^out: expected at least 64 bytes/);
    const buf = new Uint8Array(200);
    expect(() => sha256.manyPacked(buf.subarray(0, 10), new Uint32Array([10]), buf.subarray(5, 100))).toThrow(/out: must not overlap/);
  });
});

describe('sha256.merkle', () => {
  const pairRef = (nodes: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < nodes.length; i += 64) s += ref('sha256', nodes.subarray(i, i + 64));
    return s;
  };
  for (const backend of backends().many.sha256.available) {
    it(`pairs of 32-byte nodes vs node:crypto, n = 0, 1, 2, 3, 17, 1000 [${backend}]`, () => {
      const rng = new Rng(SEED + 29);
      for (const n of [0, 1, 2, 3, 17, 1000]) {
        const nodes = bytes(rng, 64 * n);
        const got = sha256.merkle(nodes, undefined, { backend });
        expect(got.length).toBe(32 * n);
        expect(hex(got), `n = ${n}`).toBe(pairRef(nodes));
      }
    });
  }

  it('in place (out = nodes): the parents go to the first half; a whole tree level by level', () => {
    const rng = new Rng(SEED + 31);
    const leaves = bytes(rng, 32 * 16);
    let level = leaves.slice();
    let want = leaves.slice();
    while (level.length > 32) {
      const next = pairRef(want);
      want = new Uint8Array(Buffer.from(next, 'hex'));
      const got = sha256.merkle(level, level);
      expect(got.buffer).toBe(level.buffer);
      expect(hex(got)).toBe(next);
      level = got.slice();
    }
    expect(level.length).toBe(32);
  });

  it('out given: written there, bytes past the result untouched', () => {
    const nodes = new Uint8Array(128).fill(5);
    const out = new Uint8Array(70).fill(0xaa);
    const got = sha256.merkle(nodes, out);
    expect(got.buffer).toBe(out.buffer);
    expect(got.length).toBe(64);
    expect(out[64]).toBe(0xaa);
    expect(hex(got)).toBe(pairRef(nodes));
  });

  it('bad input', () => {
    expect(() => sha256.merkle(new Uint8Array(65))).toThrow(RangeError);
    expect(() => sha256.merkle(new Uint8Array(32))).toThrow(/^nodes: expected a multiple of 64 bytes/);
    expect(() => sha256.merkle('x' as never)).toThrow(/^nodes: expected a Uint8Array/);
    expect(() => sha256.merkle(new Uint8Array(128), new Uint8Array(63))).toThrow(/^out: expected at least 64 bytes/);
    const buf = new Uint8Array(256);
    expect(() => sha256.merkle(buf.subarray(0, 128), buf.subarray(1, 65))).toThrow(/out: must not partially overlap/);
    const m = new Uint8Array(64);
    structuredClone(m.buffer, { transfer: [m.buffer] });
    expect(() => sha256.merkle(m)).toThrow(/^nodes: the ArrayBuffer is detached/);
    expect(() => sha256.merkle(new Uint8Array(64), undefined, { backend: 'nope' })).toThrow(RangeError);
  });
});
