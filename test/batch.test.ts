/**
 * Batch AEAD (sealMany / openMany / sealPacked / openPacked) on every AEAD class and every
 * AES backend: each batch result equals the one-shot result (random batch sizes 0, 1, odd
 * and large; mixed lengths around block boundaries; with and without AAD), tampered messages
 * fail alone with their output wiped, and bad input of every kind gets the documented error,
 * never a crash: wrong types and lengths, getters and Proxies on the arrays (each element is
 * read once; a getter that detaches, disposes or re-enters), detached and shared buffers,
 * overlapping outputs, lengths that do not add up or overflow.
 */
import { describe, expect, it } from 'vitest';
import {
  Aegis128L,
  Aegis128X2,
  Aegis128X4,
  Aegis256,
  Aegis256X2,
  Aegis256X4,
  AesCcm,
  AesGcm,
  AesGcmSiv,
  backends,
  DisposedError,
} from '../src/index.js';
import { createAesKey, native } from '../src/native.js';
import { describeBackends, Rng, SEED } from './helpers.js';

/** What every AEAD class with batch calls offers. */
interface BatchAead {
  readonly tagLength: number;
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array;
  sealMany(nonces: readonly Uint8Array[], plaintexts: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): Uint8Array[];
  openMany(nonces: readonly Uint8Array[], sealeds: readonly Uint8Array[], aads?: readonly (Uint8Array | undefined)[]): (Uint8Array | null)[];
  sealPacked(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array;
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array;
  dispose(): void;
}

interface Spec {
  name: string;
  keyLength: number;
  nonceLength: number;
  make(key: Uint8Array, backend: string | undefined): BatchAead;
}

const SPECS: Spec[] = [
  { name: 'AesGcm', keyLength: 16, nonceLength: 12, make: (k, b) => new AesGcm(k, { backend: b as never }) },
  { name: 'AesGcm-256 tag 12', keyLength: 32, nonceLength: 12, make: (k, b) => new AesGcm(k, { backend: b as never, tagLength: 12 }) },
  { name: 'AesCcm', keyLength: 16, nonceLength: 12, make: (k, b) => new AesCcm(k, { backend: b as never }) },
  { name: 'AesCcm tag 8', keyLength: 24, nonceLength: 12, make: (k, b) => new AesCcm(k, { backend: b as never, tagLength: 8 }) },
  { name: 'AesGcmSiv', keyLength: 16, nonceLength: 12, make: (k, b) => new AesGcmSiv(k, { backend: b as never }) },
  { name: 'AesGcmSiv-256', keyLength: 32, nonceLength: 12, make: (k, b) => new AesGcmSiv(k, { backend: b as never }) },
  { name: 'Aegis128L', keyLength: 16, nonceLength: 16, make: (k, b) => new Aegis128L(k, { backend: b as never }) },
  { name: 'Aegis128L tag 32', keyLength: 16, nonceLength: 16, make: (k, b) => new Aegis128L(k, { backend: b as never, tagLength: 32 }) },
  { name: 'Aegis256', keyLength: 32, nonceLength: 32, make: (k, b) => new Aegis256(k, { backend: b as never }) },
  { name: 'Aegis128X2', keyLength: 16, nonceLength: 16, make: (k, b) => new Aegis128X2(k, { backend: b as never }) },
  { name: 'Aegis128X4', keyLength: 16, nonceLength: 16, make: (k, b) => new Aegis128X4(k, { backend: b as never }) },
  { name: 'Aegis256X2', keyLength: 32, nonceLength: 32, make: (k, b) => new Aegis256X2(k, { backend: b as never, tagLength: 32 }) },
  { name: 'Aegis256X4', keyLength: 32, nonceLength: 32, make: (k, b) => new Aegis256X4(k, { backend: b as never }) },
];

const LENGTHS = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1000];

function eq(a: Uint8Array | null | undefined, b: Uint8Array): boolean {
  return a != null && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

interface Batch {
  nonces: Uint8Array[];
  pts: Uint8Array[];
  aads: (Uint8Array | undefined)[] | undefined;
}

function makeBatch(rng: Rng, n: number, nonceLength: number, withAad: boolean): Batch {
  const nonces: Uint8Array[] = [];
  const pts: Uint8Array[] = [];
  const aads: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    nonces.push(rng.bytes(nonceLength));
    pts.push(rng.bytes(rng.int(3) === 0 ? rng.int(300) : rng.pick(LENGTHS)));
    aads.push(rng.int(3) === 0 ? undefined : rng.bytes(rng.pick([0, 1, 13, 16, 17, 40])));
  }
  return { nonces, pts, aads: withAad ? aads : undefined };
}

/** The constructor's ERR_HWCRYPT_UNAVAILABLE (an X variant without a kernel on this backend), else the key. */
function tryMake(spec: Spec, backend: string | undefined, key: Uint8Array): BatchAead | string {
  try {
    return spec.make(key, backend);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_HWCRYPT_UNAVAILABLE') return (e as Error).message;
    throw e;
  }
}

describeBackends('aes', 'batch AEAD', (backend) => {
  // describeBackends collects a skipped backend's tests too: make no key for it.
  const backendAvailable = backends().aes.includes(backend as never);
  for (const spec of SPECS) {
    const probe = backendAvailable ? tryMake(spec, backend, new Uint8Array(spec.keyLength)) : 'backend not available';
    const available = typeof probe !== 'string';
    if (available) probe.dispose();
    const test = available ? it : it.skip;
    const title = (s: string) => `${spec.name}: ${s}${available ? '' : ` — skipped: ${probe as string}`}`;
    const rng = new Rng(SEED ^ spec.name.length ^ backend.length);
    const make = (): BatchAead => spec.make(rng.bytes(spec.keyLength), backend);

    test(title('sealMany and openMany equal the one-shot results (batch sizes 0, 1, odd, large; mixed lengths; with and without AAD)'), () => {
      const k = make();
      for (const n of [0, 1, 2, 7, 33, 64, 257]) {
        for (const withAad of [false, true]) {
          const b = makeBatch(rng, n, spec.nonceLength, withAad);
          const sealed = k.sealMany(b.nonces, b.pts, b.aads);
          expect(sealed.length).toBe(n);
          for (let i = 0; i < n; i++) {
            const one = k.seal(b.nonces[i], b.pts[i], b.aads?.[i]);
            expect(eq(sealed[i], one), `n=${n} aad=${withAad} [${i}] len ${b.pts[i].length}`).toBe(true);
          }
          const opened = k.openMany(b.nonces, sealed, b.aads);
          expect(opened.length).toBe(n);
          for (let i = 0; i < n; i++) expect(eq(opened[i], b.pts[i]), `open [${i}]`).toBe(true);
        }
      }
      k.dispose();
    });

    test(title('openMany: tampered messages give null there only, with their plaintext wiped; the others open'), () => {
      const k = make();
      const n = 41;
      const b = makeBatch(rng, n, spec.nonceLength, true);
      b.pts[20] = rng.bytes(100); // the tampered ones have plaintext to wipe
      b.pts[0] = rng.bytes(64);
      const sealed = k.sealMany(b.nonces, b.pts, b.aads).map((s) => s.slice());
      const bad = new Set([0, 20, 21, n - 1]);
      sealed[0][3] ^= 1; // ciphertext
      sealed[20][sealed[20].length - 1] ^= 0x80; // tag
      const nonces = b.nonces.slice();
      nonces[21] = nonces[21].slice();
      nonces[21][0] ^= 1; // nonce
      const aads = b.aads!.slice();
      aads[n - 1] = new Uint8Array([1, 2, 3]); // AAD
      if (eq(b.aads![n - 1] ?? new Uint8Array(0), aads[n - 1]!)) aads[n - 1] = new Uint8Array([4]);
      const opened = k.openMany(nonces, sealed, aads);
      let buffer: ArrayBufferLike | undefined;
      for (let i = 0; i < n; i++) {
        if (bad.has(i)) expect(opened[i], `[${i}] must fail`).toBeNull();
        else {
          expect(eq(opened[i], b.pts[i]), `[${i}] must open`).toBe(true);
          buffer ??= opened[i]!.buffer;
        }
      }
      // The plaintexts are back to back in one buffer: the failed ones' bytes are zero.
      const all = new Uint8Array(buffer!);
      let off = 0;
      for (let i = 0; i < n; i++) {
        const len = b.pts[i].length;
        if (bad.has(i)) expect(all.subarray(off, off + len).every((x) => x === 0), `[${i}] wiped`).toBe(true);
        off += len;
      }
      k.dispose();
    });

    test(title('sealPacked and openPacked equal the one-shot results; tampered messages give 0 with their output zeroed'), () => {
      const k = make();
      const t = k.tagLength;
      for (const n of [0, 1, 5, 64, 129]) {
        for (const withAad of [false, true]) {
          const b = makeBatch(rng, n, spec.nonceLength, withAad);
          const lengths = new Uint32Array(b.pts.map((p) => p.length));
          const nonces = concat(b.nonces);
          const data = concat(b.pts);
          const aadList = (b.aads ?? []).map((a) => a ?? new Uint8Array(0));
          const aads = withAad ? concat(aadList) : undefined;
          const aadLengths = withAad ? new Uint32Array(aadList.map((a) => a.length)) : undefined;
          const out = new Uint8Array(data.length + n * t + 7).fill(0xaa);
          expect(k.sealPacked(nonces, data, lengths, out, aads, aadLengths)).toBe(out);
          const want = concat(b.pts.map((p, i) => k.seal(b.nonces[i], p, b.aads?.[i])));
          expect(eq(out.subarray(0, want.length), want)).toBe(true);
          expect(out.subarray(want.length).every((x) => x === 0xaa), 'nothing written past the results').toBe(true);
          const sealed = out.slice(0, want.length);
          const bad = new Set<number>();
          if (n >= 5) {
            bad.add(2).add(n - 1);
            let o = 0;
            for (let i = 0; i < n; i++) {
              if (bad.has(i)) sealed[o + lengths[i] + t - 1] ^= 1; // the tag's last byte
              o += lengths[i] + t;
            }
          }
          const pt = new Uint8Array(data.length + 3).fill(0xbb);
          const ok = k.openPacked(nonces, sealed, lengths, pt, aads, aadLengths);
          expect(ok.length).toBe(n);
          let o = 0;
          for (let i = 0; i < n; i++) {
            const got = pt.subarray(o, o + lengths[i]);
            if (bad.has(i)) {
              expect(ok[i], `[${i}]`).toBe(0);
              expect(got.every((x) => x === 0), `[${i}] zeroed`).toBe(true);
            } else {
              expect(ok[i], `[${i}]`).toBe(1);
              expect(eq(got, b.pts[i]), `[${i}]`).toBe(true);
            }
            o += lengths[i];
          }
          expect(pt.subarray(data.length).every((x) => x === 0xbb)).toBe(true);
        }
      }
      k.dispose();
    });

    test(title('packed forms on SharedArrayBuffer memory give the same results'), () => {
      const k = make();
      const t = k.tagLength;
      const n = 9;
      const b = makeBatch(rng, n, spec.nonceLength, true);
      const shared = (x: Uint8Array) => {
        const s = new Uint8Array(new SharedArrayBuffer(x.length + 8), 4, x.length);
        s.set(x);
        return s;
      };
      const aadList = b.aads!.map((a) => a ?? new Uint8Array(0));
      const lengths = new Uint32Array(new SharedArrayBuffer(4 * n));
      lengths.set(b.pts.map((p) => p.length));
      const aadLengths = new Uint32Array(aadList.map((a) => a.length));
      const data = concat(b.pts);
      const out = shared(new Uint8Array(data.length + n * t));
      k.sealPacked(shared(concat(b.nonces)), shared(data), lengths, out, shared(concat(aadList)), aadLengths);
      const want = concat(b.pts.map((p, i) => k.seal(b.nonces[i], p, b.aads![i])));
      expect(eq(out, want)).toBe(true);
      const pt = shared(new Uint8Array(data.length));
      const ok = k.openPacked(shared(concat(b.nonces)), out, lengths, pt, shared(concat(aadList)), aadLengths);
      expect(Array.from(ok)).toEqual(new Array(n).fill(1));
      expect(eq(pt, data)).toBe(true);
      k.dispose();
    });
  }
});

describe('batch AEAD: bad input', () => {
  const rng = new Rng(SEED + 12);
  const key = rng.bytes(16);
  const n3 = () => [rng.bytes(12), rng.bytes(12), rng.bytes(12)];
  const p3 = () => [rng.bytes(5), rng.bytes(0), rng.bytes(70)];

  it('arrays of the wrong type or length, and elements of the wrong type or length, are named', () => {
    const k = new AesGcm(key);
    const nonces = n3();
    const pts = p3();
    expect(() => k.sealMany('x' as never, pts)).toThrow(TypeError);
    expect(() => k.sealMany(nonces, null as never)).toThrow(/plaintexts: expected an Array/);
    expect(() => k.sealMany(new Uint8Array(3) as never, pts)).toThrow(/nonces: expected an Array/);
    expect(() => k.sealMany(nonces, pts.slice(0, 2))).toThrow(RangeError);
    expect(() => k.sealMany(nonces, pts.slice(0, 2))).toThrow(/plaintexts: expected 3 elements/);
    expect(() => k.sealMany(nonces, [pts[0], 'x' as never, pts[2]])).toThrow(/^plaintexts\[1\]: expected a Uint8Array, got a string$/);
    expect(() => k.sealMany(nonces, [pts[0], pts[1], new Uint16Array(4) as never])).toThrow(/plaintexts\[2\]: expected a Uint8Array, got a Uint16Array/);
    expect(() => k.sealMany([nonces[0], rng.bytes(16), nonces[2]], pts)).toThrow(/^nonces\[1\]: expected 12 bytes, got 16$/);
    expect(() => k.sealMany([nonces[0], nonces[1], {} as never], pts)).toThrow(/nonces\[2\]: expected a Uint8Array/);
    expect(() => k.sealMany(nonces, pts, [undefined])).toThrow(/aads: expected 3 elements/);
    expect(() => k.sealMany(nonces, pts, [undefined, 5 as never, undefined])).toThrow(/aads\[1\]: expected a Uint8Array/);
    expect(() => k.sealMany(nonces, pts, 'x' as never)).toThrow(/aads: expected an Array/);
    expect(() => k.openMany(nonces, [rng.bytes(16), rng.bytes(15), rng.bytes(16)])).toThrow(/^sealeds\[1\]: expected at least the 16-byte tag, got 15 bytes$/);
    const sparse = [pts[0], , pts[2]] as Uint8Array[]; // a hole reads as undefined
    expect(() => k.sealMany(nonces, sparse)).toThrow(/plaintexts\[1\]: expected a Uint8Array, got undefined/);
    expect(() => k.sealMany(Object.assign([], { length: 2 ** 33 }) as never, [])).toThrow(RangeError);
    expect(() => new Aegis256(rng.bytes(32)).sealMany(nonces, pts)).toThrow(/nonces\[0\]: expected 32 bytes, got 12/);
    k.dispose();
  });

  it('detached elements are refused by name', () => {
    const k = new AesGcm(key);
    const pts = p3();
    const detached = new Uint8Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(() => k.sealMany(n3(), [pts[0], detached, pts[2]])).toThrow(/^plaintexts\[1\]: the ArrayBuffer is detached$/);
    expect(() => k.sealMany([detached, ...n3().slice(1)], pts)).toThrow(/nonces\[0\]: the ArrayBuffer is detached/);
    expect(() => k.sealMany(n3(), pts, [undefined, detached, undefined])).toThrow(/aads\[1\]: the ArrayBuffer is detached/);
    expect(() => k.openMany(n3(), [rng.bytes(20), detached, rng.bytes(20)])).toThrow(/sealeds\[1\]: the ArrayBuffer is detached/);
    k.dispose();
  });

  it('each element is read once (Proxy traps and getters), and a getter cannot detach, dispose or re-enter under the checks', () => {
    const k = new AesGcm(key);
    const nonces = n3();
    const pts = p3();
    // A Proxy that counts reads.
    const reads = new Map<PropertyKey, number>();
    const proxy = new Proxy(pts, {
      get(target, prop, recv) {
        reads.set(prop, (reads.get(prop) ?? 0) + 1);
        return Reflect.get(target, prop, recv);
      },
    });
    const sealed = k.sealMany(nonces, proxy);
    expect(sealed.map((s, i) => eq(s, k.seal(nonces[i], pts[i])))).toEqual([true, true, true]);
    expect(reads.get('0')).toBe(1);
    expect(reads.get('1')).toBe(1);
    expect(reads.get('2')).toBe(1);
    expect(reads.get('length')).toBe(1);

    // A getter that detaches an element read before it: refused, never read after the detach.
    const victim = rng.bytes(40);
    const detaching = [victim, pts[1], pts[2]];
    Object.defineProperty(detaching, 1, {
      get() {
        structuredClone(victim.buffer, { transfer: [victim.buffer as ArrayBuffer] });
        return pts[1];
      },
    });
    expect(() => k.sealMany(nonces, detaching)).toThrow(/plaintexts\[0\]: the ArrayBuffer is detached/);

    // A getter that disposes the key.
    const k2 = new AesGcm(key);
    const disposing = [pts[0], pts[1], pts[2]];
    Object.defineProperty(disposing, 2, {
      get() {
        k2.dispose();
        return pts[2];
      },
    });
    expect(() => k2.sealMany(nonces, disposing)).toThrow(DisposedError);
    expect(() => k2.sealMany(nonces, pts)).toThrow(DisposedError);

    // A getter that re-enters (another batch in the middle of this one's reads).
    const inner = k.sealMany(n3(), p3());
    const innerNonces = n3();
    const innerPts = p3();
    let innerResult: Uint8Array[] = [];
    const reentrant = [pts[0], pts[1], pts[2]];
    Object.defineProperty(reentrant, 1, {
      get() {
        innerResult = k.sealMany(innerNonces, innerPts, [undefined, rng.bytes(9), undefined]);
        return pts[1];
      },
    });
    const outer = k.sealMany(nonces, reentrant);
    expect(outer.map((s, i) => eq(s, k.seal(nonces[i], pts[i])))).toEqual([true, true, true]);
    expect(innerResult.length).toBe(3);
    expect(eq(innerResult[0], k.seal(innerNonces[0], innerPts[0]))).toBe(true);
    expect(inner.length).toBe(3);

    // A getter that throws: its error, nothing else.
    const throwing = [pts[0], pts[1], pts[2]];
    Object.defineProperty(throwing, 0, {
      get() {
        throw new Error('boom');
      },
    });
    expect(() => k.openMany(nonces, throwing)).toThrow('boom');
    k.dispose();
  });

  it('no patched prototype method or getter ever sees the staging memory or the results', () => {
    const k = new AesGcm(key);
    const nonces = n3();
    const pts = p3();
    const want = pts.map((p, i) => k.seal(nonces[i], p));
    const TA = Object.getPrototypeOf(Uint8Array.prototype) as object;
    const seen: string[] = [];
    const saved: [object, string, PropertyDescriptor][] = [];
    const spy = (obj: object, name: string) => {
      const d = Object.getOwnPropertyDescriptor(obj, name)!;
      saved.push([obj, name, d]);
      const wrap = (f: (...a: unknown[]) => unknown) =>
        function (this: unknown, ...a: unknown[]) {
          seen.push(name);
          return f.apply(this, a);
        };
      Object.defineProperty(obj, name, d.get ? { ...d, get: wrap(d.get) } : { ...d, value: wrap(d.value) });
    };
    for (const name of ['buffer', 'byteLength', 'byteOffset', 'length', 'set', 'fill', 'subarray', 'slice']) spy(TA, name);
    spy(ArrayBuffer.prototype, 'byteLength');
    spy(ArrayBuffer.prototype, 'slice');
    try {
      const sealed = k.sealMany(nonces, pts, [undefined, rng.bytes(3), undefined]);
      k.openMany(nonces, sealed, [undefined, rng.bytes(3), undefined]);
      const plain = k.sealMany(nonces, pts);
      expect(seen).toEqual([]);
      expect(plain.map((x, i) => eq(x, want[i]))).toEqual([true, true, true]);
    } finally {
      for (const [obj, name, d] of saved) Object.defineProperty(obj, name, d);
    }
    k.dispose();
  });

  it('packed forms: every length that does not add up is a RangeError naming the argument', () => {
    const k = new AesGcm(key);
    const n = 3;
    const nonces = rng.bytes(12 * n);
    const lengths = new Uint32Array([5, 0, 70]);
    const data = rng.bytes(75);
    const out = new Uint8Array(75 + 16 * n);
    const aads = rng.bytes(10);
    const aadLengths = new Uint32Array([3, 0, 7]);
    expect(() => k.sealPacked(rng.bytes(12 * n + 1), data, lengths, out)).toThrow(/^nonces: expected 36 bytes/);
    expect(() => k.sealPacked(nonces, rng.bytes(74), lengths, out)).toThrow(/^data: expected 75 bytes \(the sum of lengths\), got 74$/);
    expect(() => k.sealPacked(nonces, data, lengths, new Uint8Array(75 + 16 * n - 1))).toThrow(/^out: expected at least 123 bytes, got 122$/);
    expect(() => k.sealPacked(nonces, data, lengths, out, aads)).toThrow(/aadLengths: expected a Uint32Array \(aads was given\)/);
    expect(() => k.sealPacked(nonces, data, lengths, out, undefined, aadLengths)).toThrow(/aads: expected a Uint8Array \(aadLengths was given\)/);
    expect(() => k.sealPacked(nonces, data, lengths, out, rng.bytes(11), aadLengths)).toThrow(/^aads: expected 10 bytes \(the sum of aadLengths\), got 11$/);
    expect(() => k.sealPacked(nonces, data, lengths, out, aads, new Uint32Array([3, 7]))).toThrow(/^aadLengths: expected 3 entries/);
    expect(() => k.sealPacked(nonces, data, [5, 0, 70] as never, out)).toThrow(/lengths: expected a Uint32Array/);
    expect(() => k.sealPacked(nonces, data, new Int32Array([5, 0, 70]) as never, out)).toThrow(/lengths: expected a Uint32Array/);
    expect(() => k.sealPacked(nonces, data, lengths, new Uint16Array(200) as never)).toThrow(/out: expected a Uint8Array/);
    expect(() => k.sealPacked('x' as never, data, lengths, out)).toThrow(/nonces: expected a Uint8Array/);
    // Lengths whose sum only wraps in 32 bits: 0xffffffff * 3 + ... does not match data.
    expect(() => k.sealPacked(nonces, data, new Uint32Array([0xffffffff, 0xffffffff, 77]), out)).toThrow(/^data: expected 8589934667 bytes/);
    expect(() => k.openPacked(nonces, rng.bytes(75 + 48), new Uint32Array([0xffffffff, 1, 1]), out)).toThrow(/^sealed: expected/);
    // The open's sealed input is lengths + a tag each.
    expect(() => k.openPacked(nonces, data, lengths, out)).toThrow(/^sealed: expected 123 bytes \(the sum of lengths, plus a tag each\), got 75$/);
    // Overlaps: out may not overlap any input, even with the same start.
    const big = new Uint8Array(1000);
    expect(() => k.sealPacked(nonces, big.subarray(0, 75), lengths, big.subarray(50, 50 + 123))).toThrow(/out: must not overlap/);
    expect(() => k.sealPacked(nonces, big.subarray(0, 75), lengths, big.subarray(0, 123))).toThrow(/out: must not overlap/);
    expect(() => k.sealPacked(big.subarray(200, 236), data, lengths, big.subarray(220, 220 + 123))).toThrow(/out: must not overlap/);
    // Detached.
    const detached = new Uint8Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(() => k.sealPacked(new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), detached)).toThrow(/out: the ArrayBuffer is detached/);
    const dl = new Uint32Array(2);
    structuredClone(dl.buffer, { transfer: [dl.buffer] });
    expect(() => k.sealPacked(new Uint8Array(0), new Uint8Array(0), dl, new Uint8Array(0))).toThrow(/lengths: the ArrayBuffer is detached/);
    // Nothing was written by the refused calls.
    expect(out.every((x) => x === 0)).toBe(true);
    // n = 0 is fine.
    expect(k.sealPacked(new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint8Array(0)).length).toBe(0);
    expect(k.openPacked(new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint8Array(0)).length).toBe(0);
    k.dispose();
  });

  it("AES-CCM's 12-byte batch nonce bounds a message at 2^24 - 1 bytes", () => {
    const k = new AesCcm(key);
    expect(() => k.sealPacked(rng.bytes(12), new Uint8Array(0), new Uint32Array([2 ** 24]), new Uint8Array(16))).toThrow(/^lengths\[0\]: at most 2\^24 - 1 bytes/);
    expect(() => k.sealMany([rng.bytes(12)], [new Uint8Array(2 ** 24)])).toThrow(/^plaintexts\[0\]: at most 2\^24 - 1 bytes/);
    const ok = k.sealMany([rng.bytes(12)], [new Uint8Array(2 ** 24 - 1)]);
    expect(ok[0].length).toBe(2 ** 24 - 1 + 16);
    k.dispose();
  });

  it('a disposed key throws DisposedError from every batch call', () => {
    for (const k of [new AesGcm(key), new AesCcm(key), new AesGcmSiv(key), new Aegis128L(key)] as BatchAead[]) {
      k.dispose();
      expect(() => k.sealMany([], [])).toThrow(DisposedError);
      expect(() => k.openMany([], [])).toThrow(DisposedError);
      expect(() => k.sealPacked(new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint8Array(0))).toThrow(DisposedError);
      expect(() => k.openPacked(new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint8Array(0))).toThrow(DisposedError);
    }
  });

  it('the raw addon call refuses a key of another kind, an XTS key, bad codes and too few arguments', () => {
    const aes = createAesKey(rng.bytes(16)).handle;
    const xts = createAesKey(rng.bytes(32), undefined, true).handle;
    const args = (key: object, kind: number, op = 0) =>
      [key, kind, op, 16, new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint8Array(0), undefined, undefined, new Uint8Array(0)] as const;
    const call = (a: readonly unknown[]) => (native.aeadBatch as unknown as (...x: unknown[]) => unknown)(...a);
    expect(() => call(args(aes, 3))).toThrow(/not an AEGIS key/);
    expect(() => call(args(xts, 0))).toThrow(/not an AES key/);
    expect(() => call(args({}, 0))).toThrow(TypeError);
    expect(() => call(args(aes, 9))).toThrow(/unknown AEAD/);
    expect(() => call(args(aes, 0, 7))).toThrow(/unknown operation/);
    expect(() => call([aes, 0, 0, 16])).toThrow(/expected 11 arguments/);
    const a = args(aes, 0) as unknown as unknown[];
    a[3] = 0;
    expect(() => call(a)).toThrow(/tagLength/);
    expect(call(args(aes, 0))).toBeUndefined();
  });

  it('sealMany results share one ArrayBuffer, of exactly the results', () => {
    const k = new AesGcm(key);
    const r = k.sealMany(n3(), p3());
    expect(r[0].buffer).toBe(r[1].buffer);
    expect(r[0].buffer.byteLength).toBe(5 + 0 + 70 + 48);
    k.dispose();
  });
});
