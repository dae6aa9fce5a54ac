import { Ajv } from 'ajv';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatSize, parseSize, type AlgoId, type Direction } from '../../bench/algos.js';
import type { ImplGroup } from '../../bench/impl.js';
import type { CycleSourceKind } from '../../bench/metrics.js';
import type { BenchDocument, BenchRecord } from '../../bench/report/types.js';
import { fmt, fmtRate, fmtTime, hardwareVsSoftware } from '../../bench/report/derive.js';
import { renderChartSvg, renderHtml } from '../../bench/report/html.js';
import { BENCH_SCHEMA } from '../../bench/report/schema.js';
import { decadeTicks, esc, lineChart, niceStep } from '../../bench/report/svg.js';
import { renderGrid, renderTable } from '../../bench/report/table.js';
import { makeDocument, makeRecords } from './fixtures.js';

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(BENCH_SCHEMA);
}

describe('JSON document and schema', () => {
  it('a document validates, and survives a JSON round trip', () => {
    const validate = validator();
    const doc = JSON.parse(JSON.stringify(makeDocument(makeRecords(undefined, undefined, { withError: true }))));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the document types are the schema (derived from it, checked by the type check)', () => {
    expectTypeOf<BenchDocument['format']>().toEqualTypeOf<'hwcrypt-bench/1'>();
    expectTypeOf<BenchDocument['method']['mode']>().toEqualTypeOf<'quick' | 'full'>();
    expectTypeOf<BenchDocument['machine']['features']>().toEqualTypeOf<Record<string, boolean>>();
    expectTypeOf<BenchDocument['backends']['available']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<BenchDocument['versions']['napi']>().toEqualTypeOf<number | null>();
    expectTypeOf<BenchDocument['method']['cycles']['source']>().toEqualTypeOf<CycleSourceKind>();
    expectTypeOf<BenchRecord['algorithm']>().toEqualTypeOf<AlgoId>();
    expectTypeOf<BenchRecord['direction']>().toEqualTypeOf<Direction>();
    expectTypeOf<BenchRecord['group']>().toEqualTypeOf<ImplGroup>();
    expectTypeOf<BenchRecord['status']>().toEqualTypeOf<'ok' | 'error'>();
    expectTypeOf<BenchRecord['mbPerSec']>().toEqualTypeOf<number | null>();
    expectTypeOf<BenchRecord['spread']>().toEqualTypeOf<{ iqrPct: number; p25Ns: number; p75Ns: number; minNs: number; madNs: number } | null>();
    expectTypeOf<BenchDocument['results']>().toEqualTypeOf<BenchRecord[]>();
    // @ts-expect-error every field the schema requires is required
    const partial: BenchRecord = { algorithm: 'sha256' };
    expect(partial).toBeDefined();
  });

  it('the schema rejects missing and mistyped fields', () => {
    const validate = validator();
    const doc = JSON.parse(JSON.stringify(makeDocument()));
    delete doc.results[0].cyclesPerByte;
    expect(validate(doc)).toBe(false);
    const doc2 = JSON.parse(JSON.stringify(makeDocument()));
    doc2.results[0].cyclesSource = 'guess';
    expect(validate(doc2)).toBe(false);
    const doc3 = JSON.parse(JSON.stringify(makeDocument()));
    doc3.results[0].joulesPerGB = 'n/a';
    expect(validate(doc3)).toBe(false);
  });

  it('hardware vs software compares the best hardware backend with soft', () => {
    const h = hardwareVsSoftware(makeRecords(['aes-128-gcm'], [65536]));
    expect(h).toHaveLength(1);
    expect(h[0]!.hardwareBackend).toBe('vaes512');
    expect(h[0]!.ratio).toBeCloseTo(h[0]!.softCyclesPerByte / h[0]!.hardwareCyclesPerByte, 10);
    expect(h[0]!.ratio).toBeGreaterThan(10);
    // Without a soft row there is nothing to compare.
    expect(hardwareVsSoftware(makeRecords().filter((r) => r.backend !== 'soft'))).toEqual([]);
  });
});

describe('console table', () => {
  it('groups by algorithm, shows every implementation and size, ratios and the cycle source', () => {
    const doc = makeDocument(makeRecords(['aes-128-gcm', 'sha256'], [64, 1024, 65536], { withError: true }));
    const out = renderTable(doc);
    expect(out).toContain('AES-128-GCM seal');
    expect(out).toContain('SHA-256 hash');
    for (const label of ['hwcrypt vaes512', 'hwcrypt soft', 'node:crypto', '@noble/ciphers 2.4.0']) expect(out).toContain(label);
    for (const size of ['64 B', '1 KiB', '64 KiB']) expect(out).toContain(size);
    expect(out).toMatch(/node:crypto +\S+ \S+ 1x/);
    expect(out).toMatch(/\d+(\.\d+)?x/);
    expect(out).toContain('TSC-calibrated');
    expect(out).toContain('J/GB not available here (no RAPL)');
    expect(out).toContain('buffers: hwcrypt reuses output buffers');
    expect(out).toContain('aes-js: aes-js has no GCM');
    expect(out).toContain('hardware vs software');
    expect(out).toMatch(/! WebCrypto \(sequential await\) 64 B: failed: Error: boom/);
  });

  it('time per op for small sizes, throughput for large ones', () => {
    const out = renderTable(makeDocument(makeRecords(['aes-128-gcm'], [64, 65536])));
    const row = out.split('\n').find((l) => l.startsWith('node:crypto'))!;
    expect(row).toMatch(/\d (ns|us) .*\d (MB|GB)\/s/);
  });

  it('renderGrid aligns columns', () => {
    const g = renderGrid([
      ['', 'a', 'bbb'],
      ['long label', '1', '2'],
    ]).split('\n');
    expect(g[0]!.length).toBe(g[1]!.length);
    expect(g[1]).toBe('long label  1    2');
  });
});

describe('HTML report and SVG charts', () => {
  it('is one self-contained document with three charts per algorithm', () => {
    const doc = makeDocument();
    const html = renderHtml(doc);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const charts = html.match(/<svg [^>]*class="chart"/g) ?? [];
    expect(charts).toHaveLength(2 * 3);
    for (const kind of ['throughput', 'cycles', 'speedup']) {
      expect(html).toContain(`data-chart="${kind}:aes-128-gcm-seal"`);
      expect(html).toContain(`data-chart="${kind}:sha256-hash"`);
    }
  });

  it('escapes text from the machine', () => {
    const html = renderHtml(makeDocument());
    expect(html).toContain('Test CPU &lt;with&gt; &quot;markup&quot; &amp; ampersand');
    expect(html).not.toContain('<with>');
  });

  it('every series has a path with finite coordinates', () => {
    const html = renderHtml(makeDocument());
    const paths = [...html.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    for (const d of paths) {
      expect(d).toMatch(/^M/);
      expect(d).not.toMatch(/NaN|Infinity/);
    }
  });

  it('the README chart is a standalone SVG', () => {
    const svg = renderChartSvg(makeDocument());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect((svg.match(/class="chart"/g) ?? []).length).toBe(2);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('line chart drops non-positive points and draws a reference line', () => {
    const s = lineChart({
      id: 't',
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      xFormat: String,
      refY: { y: 1, label: 'base' },
      series: [{ id: 'a', name: 'a', color: '#000', points: [{ x: 1, y: 0 }, { x: 10, y: 5 }, { x: 100, y: 50 }] }],
    });
    expect(s).toContain('stroke-dasharray="2 3"');
    expect((s.match(/<circle/g) ?? []).length).toBe(2);
  });

  it('ticks and escaping helpers', () => {
    expect(decadeTicks(3, 4000)).toEqual([1, 10, 100, 1000, 10000]);
    expect(decadeTicks(2, 8)).toEqual([1, 2, 5, 10]);
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(13)).toBe(20);
    expect(niceStep(420)).toBe(500);
    expect(esc(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

describe('formatting', () => {
  it('numbers, rates, times and sizes', () => {
    expect(fmt(1234.5)).toBe('1235');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(0.012345)).toBe('0.0123');
    expect(fmt(null)).toBe('-');
    expect(fmtRate(812.4)).toBe('812 MB/s');
    expect(fmtRate(3412)).toBe('3.41 GB/s');
    expect(fmtTime(85.2)).toBe('85.2 ns');
    expect(fmtTime(12_345)).toBe('12.3 us');
    expect(fmtTime(4_100_000)).toBe('4.1 ms');
    expect(formatSize(16)).toBe('16 B');
    expect(formatSize(1024)).toBe('1 KiB');
    expect(formatSize(16 * 1024 * 1024)).toBe('16 MiB');
    expect(formatSize(1000)).toBe('1000 B');
    expect(parseSize('64')).toBe(64);
    expect(parseSize('1K')).toBe(1024);
    expect(parseSize('64KiB')).toBe(65536);
    expect(parseSize('1 MiB')).toBe(1048576);
    expect(() => parseSize('0')).toThrow(RangeError);
    expect(() => parseSize('1.5')).toThrow(RangeError);
    expect(() => parseSize('abc')).toThrow(/invalid size/);
  });
});
