/**
 * The "many small messages" and "async" sections, run on stand-ins of the
 * issue-12 APIs built on node:crypto: every row is built, checked against
 * node:crypto before timing and timed; a row whose API is missing is listed
 * as absent and never measured; a row whose output is wrong is an error and
 * never timed; ratios and targets follow the medians; the document with
 * sections validates against the schema and every reporter shows them.
 */
import { createDecipheriv } from 'node:crypto';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type BenchOptions } from '../../bench/options.js';
import { openCycleCounter, openEnergySource } from '../../bench/metrics.js';
import { BENCH_SCHEMA } from '../../bench/report/schema.js';
import { renderHtml } from '../../bench/report/html.js';
import { renderTable } from '../../bench/report/table.js';
import type { CaseRowRecord, SectionRecord } from '../../bench/report/types.js';
import { manyDefaultOf, manyListOf, type GcmLike, type CtrLike, type HashLike, type HmacKeyLike, type ThroughputApi } from '../../bench/sections/api.js';
import { asyncSection, measurePageFaults } from '../../bench/sections/async.js';
import { nodeCtr, nodeGcmSeal, nodeHmac, nodeSha256 } from '../../bench/sections/common.js';
import { manySection } from '../../bench/sections/many.js';
import { finishRatios, runSection, type SectionContext } from '../../bench/sections/run.js';
import { makeDocument } from './fixtures.js';

const EMPTY = new Uint8Array(0);

/** Today's API: seal/open only. */
class LegacyGcm implements GcmLike {
  readonly backend = 'standin';
  constructor(protected readonly key: Uint8Array) {}
  seal(nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const r = nodeGcmSeal(this.key, nonce, pt, aad ?? EMPTY);
    if (!out) return new Uint8Array(r);
    out.set(r);
    return out.subarray(0, r.length);
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const n = sealed.length - 16;
    const d = createDecipheriv('aes-128-gcm', this.key, nonce);
    d.setAAD(aad ?? EMPTY);
    d.setAuthTag(sealed.subarray(n));
    const r = Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]);
    if (!out) return new Uint8Array(r);
    out.set(r);
    return out.subarray(0, r.length);
  }
  dispose(): void {}
}

/** The issue-12 shape, each call built from the per-message one. */
class FullGcm extends LegacyGcm {
  sealMany(nonces: readonly Uint8Array[], pts: readonly Uint8Array[], aads?: readonly Uint8Array[]): Uint8Array[] {
    return nonces.map((n, i) => this.seal(n, pts[i]!, aads?.[i]));
  }
  openMany(nonces: readonly Uint8Array[], sealeds: readonly Uint8Array[], aads?: readonly Uint8Array[]): (Uint8Array | null)[] {
    return nonces.map((n, i) => {
      try {
        return this.open(n, sealeds[i]!, aads?.[i]);
      } catch {
        return null;
      }
    });
  }
  sealPacked(nonces: Uint8Array, data: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    let d = 0, a = 0, o = 0;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i]!, alen = aadLengths?.[i] ?? 0;
      const r = this.seal(nonces.subarray(12 * i, 12 * i + 12), data.subarray(d, d + len), aads?.subarray(a, a + alen));
      out.set(r, o);
      d += len;
      a += alen;
      o += r.length;
    }
    return out;
  }
  openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    const ok = new Uint8Array(lengths.length);
    let s = 0, a = 0, o = 0;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i]!, alen = aadLengths?.[i] ?? 0;
      try {
        out.set(this.open(nonces.subarray(12 * i, 12 * i + 12), sealed.subarray(s, s + len + 16), aads?.subarray(a, a + alen)), o);
        ok[i] = 1;
      } catch {
        out.fill(0, o, o + len);
      }
      s += len + 16;
      a += alen;
      o += len;
    }
    return ok;
  }
  sealAsync(nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve) => setImmediate(() => resolve(this.seal(nonce, pt, aad, out))));
  }
}

/** sealMany flips a bit of message 0: the row must be caught before timing. */
class WrongGcm extends FullGcm {
  override sealMany(nonces: readonly Uint8Array[], pts: readonly Uint8Array[], aads?: readonly Uint8Array[]): Uint8Array[] {
    const r = super.sealMany(nonces, pts, aads);
    r[0]![0]! ^= 1;
    return r;
  }
  /** Claims message 0 failed. */
  override openPacked(nonces: Uint8Array, sealed: Uint8Array, lengths: Uint32Array, out: Uint8Array, aads?: Uint8Array, aadLengths?: Uint32Array): Uint8Array {
    const ok = super.openPacked(nonces, sealed, lengths, out, aads, aadLengths);
    ok[0] = 0;
    return ok;
  }
}

/** The third seal() of each key object is wrong: per-message rows must be checked over every message, not the first. */
class ThirdWrongGcm extends FullGcm {
  #calls = 0;
  override seal(nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array, out?: Uint8Array): Uint8Array {
    const r = super.seal(nonce, pt, aad, out);
    if (++this.#calls === 3) r[r.length - 1]! ^= 0x80;
    return r;
  }
}

class LegacyCtr implements CtrLike {
  readonly backend = 'standin';
  constructor(private readonly key: Uint8Array) {}
  xor(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array {
    const r = nodeCtr(this.key, counter, data);
    if (!out) return new Uint8Array(r);
    out.set(r);
    return out;
  }
  dispose(): void {}
}
class FullCtr extends LegacyCtr {
  xorAsync(counter: Uint8Array, data: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(this.xor(counter, data, out));
  }
}

class StandinHmacKey implements HmacKeyLike {
  constructor(_hash: 'sha256', private readonly key: Uint8Array) {}
  mac(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const r = nodeHmac(this.key, data);
    if (!out) return new Uint8Array(r);
    out.set(r);
    return out;
  }
  macMany(msgs: readonly Uint8Array[]): Uint8Array[] {
    return msgs.map((m) => this.mac(m));
  }
  macAsync(data: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(this.mac(data));
  }
  dispose(): void {}
}

const MB_BACKENDS = ['lanes16', 'lanes8', 'x2'];

function standin(opts: { full: boolean; gcm?: typeof LegacyGcm }): ThroughputApi & { manyCalls: Set<string> } {
  let current = 'best';
  const manyCalls = new Set<string>();
  const one = (d: Uint8Array) => new Uint8Array(nodeSha256(d));
  const sha: HashLike = opts.full
    ? Object.assign(one, {
        many(msgs: readonly Uint8Array[], o?: { backend?: string }): Uint8Array[] {
          if (o?.backend !== undefined && !MB_BACKENDS.includes(o.backend)) throw new RangeError(`unknown backend ${o.backend}`);
          manyCalls.add(o?.backend ?? 'default');
          return msgs.map(one);
        },
        manyPacked(data: Uint8Array, lengths: Uint32Array, out?: Uint8Array): Uint8Array {
          const dst = out ?? new Uint8Array(32 * lengths.length);
          let off = 0;
          lengths.forEach((len, i) => {
            dst.set(one(data.subarray(off, off + len)), 32 * i);
            off += len;
          });
          return dst;
        },
        merkle(pairs: Uint8Array, out?: Uint8Array): Uint8Array {
          const dst = out ?? new Uint8Array(pairs.length / 2);
          for (let i = 0; i < pairs.length / 64; i++) dst.set(one(pairs.subarray(64 * i, 64 * i + 64)), 32 * i);
          return dst;
        },
        async: (d: Uint8Array) => Promise.resolve(one(d)),
      })
    : one;
  return {
    version: '0.0.0-test',
    AesGcm: opts.gcm ?? (opts.full ? FullGcm : LegacyGcm),
    AesCtr: opts.full ? FullCtr : LegacyCtr,
    sha256: sha,
    hmac: (_h, key, data) => new Uint8Array(nodeHmac(key, data)),
    HmacKey: opts.full ? StandinHmacKey : undefined,
    manyBackends: () => (opts.full ? [...MB_BACKENDS] : []),
    manyDefault: () => (opts.full ? MB_BACKENDS[0]! : null),
    sha256Backends: () => ['shani', 'soft'],
    getBackend: () => current,
    setBackend: (_f, b) => {
      current = b === 'auto' ? 'best' : b;
    },
    manyCalls,
  };
}

function ctx(): SectionContext {
  return { mode: 'quick', rounds: 1, timeMs: 2, counter: openCycleCounter(null), energy: openEnergySource('/nonexistent'), progress: () => {} };
}

const rowsOf = (s: SectionRecord) => s.cases.flatMap((c) => c.rows.map((r) => ({ c: c.id, ...r })));

describe('many small messages section', () => {
  it('with every API present: every row is verified and timed, each multi-buffer backend is its own row', async () => {
    const api = standin({ full: true });
    const sec = await runSection(manySection({ api, webcrypto: true, n: 7, mode: 'quick' }), ctx());
    expect(sec.id).toBe('many');
    const ids = sec.cases.map((c) => c.id);
    expect(ids).toEqual(['gcm-seal-many-64', 'gcm-open-many-64', 'sha256-many-64', 'sha256-many-1024', 'sha256-merkle', 'hmac-many-64', 'gcm-seal-64', 'gcm-open-64', 'sha256-64', 'hmac-64']);
    const rows = rowsOf(sec);
    expect(rows.filter((r) => r.status !== 'ok').map((r) => `${r.c} ${r.label}: ${r.error}`)).toEqual([]);
    for (const r of rows) {
      expect(r.verified).toBe(true);
      expect(r.samples).toBeGreaterThan(0);
      expect(r.nsPerMessage).toBeGreaterThan(0);
      expect(r.ratioToNode).toBeGreaterThan(0);
    }
    // No hwcrypt row is absent (only peers may be skipped: node's crypto.hash() on old Nodes).
    for (const c of sec.cases) expect(c.skipped.filter((s) => s.implementation.startsWith('hwcrypt')).map((s) => s.reason)).toEqual([]);
    const gseal = sec.cases.find((c) => c.id === 'gcm-seal-many-64')!;
    expect(gseal.messages).toBe(7);
    expect(gseal.rows.map((r) => r.implementation)).toEqual(['hwcrypt:sealMany', 'hwcrypt:sealPacked', 'hwcrypt:seal', 'hwcrypt:seal-out', 'node:crypto', 'webcrypto-all']);
    expect(gseal.reference).toBe('hwcrypt:seal');
    expect(gseal.rows.find((r) => r.implementation === 'hwcrypt:sealMany')!.target).toEqual({ ratio: 50, against: 'node' });
    expect(gseal.rows.find((r) => r.implementation === 'hwcrypt:sealPacked')!.target).toEqual({ ratio: 100, against: 'node' });
    const sha1k = sec.cases.find((c) => c.id === 'sha256-many-1024')!;
    expect(sha1k.rows.map((r) => r.implementation)).toEqual(expect.arrayContaining(MB_BACKENDS.map((b) => `hwcrypt:many:${b}`)));
    expect(sha1k.rows.find((r) => r.implementation === 'hwcrypt:many:lanes8')!.backend).toBe('lanes8');
    // The 1 KiB case's reference is the single-stream SHA-NI hash, the target 1.8x of it.
    expect(sha1k.rows.find((r) => r.reference)!.label).toMatch(/single-stream shani/);
    expect(sha1k.rows.find((r) => r.implementation === 'hwcrypt:many')!.target).toEqual({ ratio: 1.8, against: 'reference' });
    expect(sha1k.rows.find((r) => r.implementation === 'hwcrypt:many')!.label).toContain("[default: lanes16]");
    expect(sha1k.rows.find((r) => r.implementation === 'hwcrypt:manyPacked')!.outputReused).toBe(true);
    expect(sec.cases.find((c) => c.id === 'sha256-merkle')!.rows.map((r) => r.implementation)).toEqual(['hwcrypt:merkle', 'hwcrypt:merkle-out', 'hwcrypt:many', 'hwcrypt:sha256', 'node:crypto']);
    // Each forced backend reached sha256.many, and so did the default call.
    for (const b of [...MB_BACKENDS, 'default']) expect(api.manyCalls.has(b)).toBe(true);
    // Per-message rows time one message per operation, cycling through the same messages; batch rows all of them.
    expect(gseal.rows.find((r) => r.implementation === 'node:crypto')!.messagesPerOp).toBe(1);
    expect(gseal.rows.find((r) => r.implementation === 'hwcrypt:seal')!.messagesPerOp).toBe(1);
    expect(gseal.rows.find((r) => r.implementation === 'hwcrypt:sealMany')!.messagesPerOp).toBe(7);
    expect(gseal.rows.find((r) => r.implementation === 'webcrypto-all')!.messagesPerOp).toBe(7);
    for (const r of rows) expect(r.nsPerMessage).toBeCloseTo(r.nsPerOp! / r.messagesPerOp, 6);
    // Targets are evaluated on the measured ratios.
    for (const r of rows) {
      if (!r.target) expect(r.meetsTarget).toBeNull();
      else expect(r.meetsTarget).toBe((r.target.against === 'node' ? r.ratioToNode! : r.ratioToReference!) >= r.target.ratio);
    }
  });

  it("without the issue-12 APIs: those rows are listed as absent with what is missing, and never measured", async () => {
    const api = standin({ full: false });
    const sec = await runSection(manySection({ api, webcrypto: false, n: 3, mode: 'quick' }), ctx());
    const rows = rowsOf(sec);
    const absentIds = ['hwcrypt:sealMany', 'hwcrypt:sealPacked', 'hwcrypt:openMany', 'hwcrypt:openPacked', 'hwcrypt:many', 'hwcrypt:manyPacked', 'hwcrypt:merkle', 'hwcrypt:merkle-out', 'hwcrypt:macMany', 'hwcrypt:mac', 'hwcrypt:mac-out'];
    for (const id of absentIds) expect(rows.some((r) => r.implementation === id), id).toBe(false);
    const skipped = sec.cases.flatMap((c) => c.skipped);
    for (const what of ['AesGcm.sealMany', 'AesGcm.sealPacked', 'AesGcm.openMany', 'AesGcm.openPacked', 'sha256.many', 'sha256.manyPacked', 'sha256.merkle', 'HmacKey']) {
      expect(skipped.some((s) => s.reason.includes(`has no ${what} `) && s.reason.startsWith('absent:')), what).toBe(true);
    }
    expect(skipped.filter((s) => s.implementation === 'webcrypto-all').every((s) => /WebCrypto not selected/.test(s.reason))).toBe(true);
    // Today's calls and node:crypto are still measured.
    expect(rows.filter((r) => r.status === 'ok').map((r) => r.implementation)).toEqual(expect.arrayContaining(['hwcrypt:seal', 'hwcrypt:open', 'hwcrypt:sha256', 'hwcrypt:hmac', 'node:crypto']));
  });

  it('a row whose output differs from node:crypto is an error, not timed; the others are unaffected', async () => {
    const api = standin({ full: true, gcm: WrongGcm });
    const spec = manySection({ api, webcrypto: false, n: 5, mode: 'quick' });
    spec.cases = spec.cases.filter((c) => c.id.startsWith('gcm-') && c.id.includes('many'));
    const sec = await runSection(spec, ctx());
    const bad = rowsOf(sec).filter((r) => r.status !== 'ok');
    expect(bad.map((r) => r.implementation).sort()).toEqual(['hwcrypt:openPacked', 'hwcrypt:sealMany']);
    for (const r of bad) {
      expect(r.error).toMatch(/differs from node:crypto/);
      expect(r.samples).toBe(0);
      expect(r.verified).toBe(false);
      expect(r.meetsTarget).toBeNull();
    }
    expect(rowsOf(sec).filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(6);
  });

  it('per-message rows are verified over every message', async () => {
    const api = standin({ full: true, gcm: ThirdWrongGcm });
    const spec = manySection({ api, webcrypto: false, n: 5, mode: 'quick' });
    spec.cases = spec.cases.filter((c) => c.id === 'gcm-seal-many-64');
    const sec = await runSection(spec, ctx());
    const rows = sec.cases[0]!.rows;
    expect(rows.filter((r) => r.status !== 'ok').map((r) => r.implementation).sort()).toEqual(['hwcrypt:seal', 'hwcrypt:seal-out', 'hwcrypt:sealMany', 'hwcrypt:sealPacked']);
    expect(rows.find((r) => r.implementation === 'node:crypto')!.status).toBe('ok');
  });
});

describe('async section', () => {
  it('runs the in-flight, small-message and event-loop rows; the event-loop target is judged on p99', async () => {
    const api = standin({ full: true });
    const spec = asyncSection({ api, webcrypto: true, n: 9, mode: 'quick', largeBytes: 4096, eventLoopBytes: 256 * 1024, eventLoopRuns: 1, pageFaultUsPer4K: 9.5 });
    expect(spec.notes.join(' ')).toMatch(/9\.5 us per 4 KiB/);
    const sec = await runSection(spec, ctx());
    expect(sec.cases.map((c) => c.id)).toEqual(['gcm-seal-async-8x4096', 'ctr-xor-async-8x4096', 'sha256-async-8x4096', 'hmac-async-8x4096', 'gcm-seal-async-9x64']);
    expect(sec.cases[3]!.rows.map((r) => r.implementation)).toEqual(['hwcrypt:macAsync', 'hwcrypt:mac', 'hwcrypt:hmac', 'node:crypto', 'webcrypto-all']);
    const rows = rowsOf(sec);
    expect(rows.filter((r) => r.status !== 'ok').map((r) => `${r.c} ${r.label}: ${r.error}`)).toEqual([]);
    const inflight = sec.cases[0]!;
    const sa = inflight.rows.find((r) => r.implementation === 'hwcrypt:sealAsync')!;
    expect(sa.target).toEqual({ ratio: 1.8, against: 'reference' });
    expect(sa.outputReused).toBe(true);
    expect(sa.cyclesScope).toBe('elapsed');
    expect(inflight.rows.find((r) => r.reference)!.implementation).toBe('hwcrypt:seal');
    const el = sec.eventLoop;
    expect(el.map((r) => r.implementation)).toEqual(['idle', 'hwcrypt:sealAsync', 'hwcrypt:seal', 'webcrypto']);
    for (const r of el) {
      expect(r.status, `${r.label}: ${r.error}`).toBe('ok');
      expect(r.runs).toBe(1);
      expect(r.p99Ms).toBeGreaterThan(0);
      expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms!);
    }
    expect(el.find((r) => r.implementation === 'idle')!.verified).toBe(false);
    const a = el.find((r) => r.implementation === 'hwcrypt:sealAsync')!;
    expect(a.verified).toBe(true);
    expect(a.targetP99Ms).toBe(5);
    expect(a.meetsTarget).toBe(a.p99Ms! < 5);
    expect(sec.eventLoopSkipped.map((s) => s.implementation)).toEqual(['node:crypto']);
  });

  it('without sealAsync the async rows are absent, the synchronous ones still run', async () => {
    const api = standin({ full: false });
    const spec = asyncSection({ api, webcrypto: false, n: 3, mode: 'quick', largeBytes: 1024, eventLoopBytes: 64 * 1024, eventLoopRuns: 1, pageFaultUsPer4K: null });
    const sec = await runSection(spec, ctx());
    const skipped = sec.cases.flatMap((c) => c.skipped).map((s) => s.reason);
    for (const what of ['AesGcm.sealAsync', 'AesCtr.xorAsync', 'sha256.async', 'HmacKey']) expect(skipped.some((r) => r.includes(`has no ${what} `))).toBe(true);
    expect(sec.eventLoopSkipped.some((s) => s.implementation === 'hwcrypt:sealAsync' && s.reason.startsWith('absent:'))).toBe(true);
    expect(sec.eventLoop.map((r) => r.implementation)).toEqual(['idle', 'hwcrypt:seal']);
    expect(rowsOf(sec).every((r) => r.status === 'ok')).toBe(true);
  });

  it('measurePageFaults returns a positive per-page cost or null', () => {
    const v = measurePageFaults(8 * 1024 * 1024);
    expect(v === null || v > 0).toBe(true);
  });
});

describe('ratios, targets and reporting', () => {
  const row = (id: string, ns: number, extra: Partial<CaseRowRecord> = {}): CaseRowRecord => ({
    implementation: id, label: id, group: 'hwcrypt', backend: null, baseline: false, reference: false, messagesPerOp: 1, status: 'ok', error: null,
    nsPerOp: ns, nsPerMessage: ns, messagesPerSec: 1e9 / ns, mbPerSec: 1, meanNsPerMessage: ns, samples: 3, batch: 1,
    spread: null, cyclesPerByte: null, cyclesPerMessage: null, cyclesSource: 'none', cyclesScope: 'thread', cpuSecondsPerGB: null,
    joulesPerGB: null, ratioToNode: null, ratioToReference: null, target: null, meetsTarget: null, outputReused: false, verified: true, ...extra,
  });

  it('finishRatios divides the baseline and reference medians by each row and judges targets', () => {
    const rows = [
      row('a', 40, { target: { ratio: 100, against: 'node' } }),
      row('b', 60, { target: { ratio: 100, against: 'node' } }),
      row('c', 50, { target: { ratio: 2, against: 'reference' } }),
      row('ref', 100, { reference: true }),
      row('node', 5000, { group: 'node', baseline: true }),
      row('err', 1, { status: 'error', nsPerOp: null, target: { ratio: 1, against: 'node' } }),
    ];
    finishRatios(rows);
    expect(rows[0]!.ratioToNode).toBe(125);
    expect(rows[0]!.meetsTarget).toBe(true);
    expect(rows[1]!.ratioToNode).toBeCloseTo(83.33, 1);
    expect(rows[1]!.meetsTarget).toBe(false);
    expect(rows[2]!.ratioToReference).toBe(2);
    expect(rows[2]!.meetsTarget).toBe(true);
    expect(rows[4]!.ratioToNode).toBe(1);
    expect(rows[5]!.meetsTarget).toBeNull();
    expect(rows[5]!.ratioToNode).toBeNull();
  });

  it('a document with sections validates against the schema and the table and HTML show them', async () => {
    const api = standin({ full: true });
    const spec = manySection({ api, webcrypto: false, n: 3, mode: 'quick' });
    spec.cases = spec.cases.slice(0, 2);
    const sec = await runSection(spec, ctx());
    const el = await runSection(asyncSection({ api, webcrypto: false, n: 3, mode: 'quick', largeBytes: 1024, eventLoopBytes: 16 * 1024, eventLoopRuns: 1, pageFaultUsPer4K: 10 }), ctx());
    const doc = { ...makeDocument(), sections: [sec, el] };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(BENCH_SCHEMA);
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    // A document without sections (older runs) still validates.
    expect(validate(makeDocument())).toBe(true);
    const text = renderTable(doc);
    expect(text).toContain('== Many small messages ==');
    expect(text).toContain('AES-128-GCM seal, 3 x 64 B');
    expect(text).toMatch(/hwcrypt sealPacked\(.*\) \*/);
    expect(text).toMatch(/>= 100x node: (met|NOT met)/);
    expect(text).toContain('== Async ==');
    expect(text).toMatch(/event-loop delay \(perf_hooks\.monitorEventLoopDelay, 1 ms resolution/);
    expect(text).toMatch(/p99 < 5 ms: (met|NOT met)/);
    expect(text).toMatch(/10\.0 us per 4 KiB page/);
    const html = renderHtml(doc);
    expect(html).toContain('data-section="many"');
    expect(html).toContain('data-section="async"');
    expect(html).toContain('data-case="gcm-seal-many-64"');
    expect(html).toContain('data-case="event-loop"');
    // Without sections nothing of them is printed.
    expect(renderTable(makeDocument())).not.toContain('==');
  });

  it('manyListOf / manyDefaultOf read backends().many as { sha256: { available, default } }, a list per family, or a list', () => {
    expect(manyListOf({ many: { sha256: { available: ['avx512x16', 'shanix2', 'shani'], default: 'avx512x16' } } })).toEqual(['avx512x16', 'shanix2', 'shani']);
    expect(manyDefaultOf({ many: { sha256: { available: ['avx512x16'], default: 'avx512x16' } } })).toBe('avx512x16');
    expect(manyDefaultOf({ many: ['x'] })).toBeNull();
    expect(manyListOf({ many: ['avx512x16', 'shanix2'] })).toEqual(['avx512x16', 'shanix2']);
    expect(manyListOf({ many: { sha256: ['avx2x8'], sha1: ['x'] } })).toEqual(['avx2x8']);
    expect(manyListOf({ sha256: ['shani'] })).toEqual([]);
    expect(manyListOf(null)).toEqual([]);
  });
});

describe('--section', () => {
  const bench = (argv: string[]): BenchOptions => {
    const c = parseCommandLine(['bench', ...argv]);
    if (c.command !== 'bench') throw new Error('not bench');
    return c;
  };
  it('defaults to the algorithm tables; --full runs every section', () => {
    expect(bench([]).sections).toEqual(['algos']);
    expect(bench(['--full']).sections).toEqual(['algos', 'many', 'async']);
  });
  it('takes a list or all, in canonical order; --algos adds the tables', () => {
    expect(bench(['--section', 'async,many']).sections).toEqual(['many', 'async']);
    expect(bench(['--section', 'all']).sections).toEqual(['algos', 'many', 'async']);
    expect(bench(['--section', 'many', '--algos', 'sha256']).sections).toEqual(['algos', 'many']);
    expect(() => bench(['--section', 'fast'])).toThrow(/--section: unknown section 'fast'/);
    expect(() => bench(['--section', ''])).toThrow(/empty list/);
  });
});
