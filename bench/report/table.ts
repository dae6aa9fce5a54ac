/**
 * Console report: a header stating the machine and the method, then per
 * algorithm and direction two tables (rows = implementations, columns =
 * sizes): time per operation for small messages and throughput for large
 * ones, each with the ratio to node:crypto; and cycles per byte for all.
 */
import { algoById, formatSize } from '../algos.js';
import { fmt, fmtRate, fmtTime, groupByAlgo, hasPeriodicCost, implementations, sizesOf } from './derive.js';
import type { BenchDocument, BenchRecord } from './types.js';
import { renderGrid } from './grid.js';
import { renderSections } from './sections.js';

export { renderGrid };

/** Sizes below this are shown as time per op, the rest as throughput. */
export const LATENCY_BELOW = 8 * 1024;

function ratio(r: BenchRecord): string {
  if (r.baseline) return '1x';
  return r.ratioToNode === null ? '' : `${fmt(r.ratioToNode, 2)}x`;
}

function perfCell(r: BenchRecord | undefined): string {
  if (!r) return '';
  if (r.status !== 'ok') return 'error';
  const main = r.size < LATENCY_BELOW ? fmtTime(r.nsPerOp) : fmtRate(r.mbPerSec);
  const q = ratio(r);
  return q ? `${main} ${q}` : main;
}

function cycleCell(r: BenchRecord | undefined): string {
  if (!r) return '';
  if (r.status !== 'ok') return 'error';
  return r.cyclesPerByte === null ? '-' : fmt(r.cyclesPerByte);
}

/** One algorithm x direction block. */
export function renderAlgoBlock(records: readonly BenchRecord[], cycleLabel: string): string {
  const first = records[0];
  if (!first) return '';
  const algo = algoById(first.algorithm);
  const sizes = sizesOf(records);
  const impls = implementations(records);
  const find = (id: string, size: number) => records.find((r) => r.implementation === id && r.size === size);
  const title = `${algo?.title ?? first.algorithm} ${first.direction}`;
  const lines: string[] = [];
  const head = ['', ...sizes.map(formatSize)];
  lines.push(`${title} - time/op below ${formatSize(LATENCY_BELOW)}, throughput above; x = times node:crypto`);
  lines.push(renderGrid([head, ...impls.map((i) => [i.label, ...sizes.map((s) => perfCell(find(i.id, s)))])]));
  lines.push('');
  lines.push(`${title} - cycles/byte (${cycleLabel}; lower is better)`);
  lines.push(renderGrid([head, ...impls.map((i) => [i.label, ...sizes.map((s) => cycleCell(find(i.id, s)))])]));
  const errors = records.filter((r) => r.status !== 'ok');
  for (const e of errors) lines.push(`  ! ${e.label} ${formatSize(e.size)}: ${e.error}`);
  return lines.join('\n');
}

/** The header: machine, versions, backends and method. */
export function renderHeader(doc: BenchDocument): string {
  const m = doc.machine;
  const feats = Object.entries(m.features)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .join(' ');
  const c = doc.method.cycles;
  const cyc =
    c.source === 'tsc'
      ? `${c.label}: ${c.detail} x ${fmt(c.coreCyclesPerTick, 4)} core cycles/tick (calibration spread ${fmt(c.calibrationRangePct, 2)}%, ${c.calibrationDiscarded} readings dropped as interrupted` +
        (c.coreCyclesPerTickAfter !== null ? `, ${fmt(c.coreCyclesPerTickAfter, 4)} after the run)` : ')') +
        (c.pmuUnavailableReason ? `; PMU: ${c.pmuUnavailableReason}` : '')
      : c.source === 'pmu'
        ? `${c.label} (perf_event_open, user space, this thread)`
        : `cycles not available: ${c.detail}`;
  const sel = Object.entries(doc.backends.selected)
    .map(([f, b]) => `${f}=${b}`)
    .join(' ');
  const avail = Object.entries(doc.backends.available)
    .map(([f, b]) => `${f}: ${b.join(' > ')}`)
    .join('; ');
  return [
    `hwcrypt ${doc.versions.hwcrypt} bench (${doc.method.mode}) - ${m.cpuModel || m.arch} (${m.logicalCpus} logical CPUs), ${m.os}`,
    `features: ${feats || 'none'}`,
    `backends: selected ${sel}; available ${avail}`,
    `Node ${doc.versions.node}, V8 ${doc.versions.v8}, OpenSSL ${doc.versions.openssl}, addon ${doc.versions.addon ?? '-'}, tinybench ${doc.versions.tinybench}`,
    `cycles: ${cyc}`,
    `energy: ${doc.method.energy.available ? doc.method.energy.source : `J/GB not available here (${doc.method.energy.reason})`}`,
    `method: ${doc.method.interleaved}; ${doc.method.statistic}`,
    `allocator: ${doc.method.allocator}`,
    `buffers: ${doc.method.outputBuffers}`,
    `AEAD: ${doc.method.aadBytes} B AAD, 16 B tag; ${doc.method.nonce}`,
  ].join('\n');
}

/** Full console report. */
export function renderTable(doc: BenchDocument): string {
  const parts = [renderHeader(doc)];
  if (doc.results.some((r) => r.cyclesScope === 'elapsed')) {
    parts.push('async rows (WebCrypto): cycles are elapsed core cycles while awaiting the threadpool; CPU-seconds/GB counts all threads');
  }
  parts.push('');
  for (const recs of groupByAlgo(doc.results).values()) {
    parts.push(renderAlgoBlock(recs, doc.method.cycles.label), '');
  }
  const sections = renderSections(doc);
  if (sections) parts.push(sections);
  if (doc.hardwareVsSoftware.length > 0) {
    parts.push('hardware vs software (cycles/byte of soft / best hardware backend: how many times less CPU work, ~energy):');
    const byAlgo = new Map<string, string[]>();
    for (const h of doc.hardwareVsSoftware) {
      const k = `${h.algorithm} ${h.direction}`;
      let a = byAlgo.get(k);
      if (!a) byAlgo.set(k, (a = []));
      a.push(`${formatSize(h.size)} ${fmt(h.ratio, 2)}x (${h.hardwareBackend})`);
    }
    for (const [k, v] of byAlgo) parts.push(`  ${k}: ${v.join(', ')}`);
    parts.push('');
  }
  if (doc.skipped.length > 0) {
    parts.push('skipped:');
    const seen = new Map<string, string[]>();
    for (const s of doc.skipped) {
      const k = `${s.label}: ${s.reason}`;
      let a = seen.get(k);
      if (!a) seen.set(k, (a = []));
      a.push(s.algorithm);
    }
    for (const [k, algos] of seen) parts.push(`  ${k} [${algos.join(', ')}]`);
    parts.push('');
  }
  parts.push('ns/op, ops/s, spread, CPU-seconds/GB (process.cpuUsage, all threads) and J/GB for every row: --json FILE / --html FILE');
  parts.push(`took ${(doc.method.durationMs / 1000).toFixed(1)} s`);
  return parts.join('\n');
}
