/**
 * Figures derived from the records: the hardware-vs-software ratio and the
 * lookups the reporters share. Pure.
 */
import type { BenchRecord, HwVsSoft } from './types.js';

/** Records grouped by algorithm then direction, in first-seen order. */
export function groupByAlgo(records: readonly BenchRecord[]): Map<string, BenchRecord[]> {
  const m = new Map<string, BenchRecord[]>();
  for (const r of records) {
    const k = `${r.algorithm}|${r.direction}`;
    let a = m.get(k);
    if (!a) m.set(k, (a = []));
    a.push(r);
  }
  return m;
}

/** Implementations in first-seen order with their labels. */
export function implementations(records: readonly BenchRecord[]): { id: string; label: string; group: string; baseline: boolean }[] {
  const seen = new Map<string, { id: string; label: string; group: string; baseline: boolean }>();
  for (const r of records) if (!seen.has(r.implementation)) seen.set(r.implementation, { id: r.implementation, label: r.label, group: r.group, baseline: r.baseline });
  return [...seen.values()];
}

export function sizesOf(records: readonly BenchRecord[]): number[] {
  return [...new Set(records.map((r) => r.size))].sort((a, b) => a - b);
}

/** A row whose mean is this much above its median pays periodic costs the median hides. */
export const PERIODIC_COST_FLAG = 1.25;

/** True when the mean time per op exceeds the median by PERIODIC_COST_FLAG. */
export function hasPeriodicCost(r: BenchRecord): boolean {
  return r.meanNsPerOp !== null && r.nsPerOp !== null && r.meanNsPerOp > r.nsPerOp * PERIODIC_COST_FLAG;
}

/**
 * For every algorithm x direction x size with a `soft` hwcrypt row and at
 * least one other hwcrypt backend: the best hardware backend's cycles/byte
 * against soft's.
 */
export function hardwareVsSoftware(records: readonly BenchRecord[]): HwVsSoft[] {
  const out: HwVsSoft[] = [];
  const keyed = new Map<string, BenchRecord[]>();
  for (const r of records) {
    if (r.group !== 'hwcrypt' || r.status !== 'ok' || r.cyclesPerByte === null) continue;
    const k = `${r.algorithm}|${r.direction}|${r.size}`;
    let a = keyed.get(k);
    if (!a) keyed.set(k, (a = []));
    a.push(r);
  }
  for (const rows of keyed.values()) {
    const soft = rows.find((r) => r.backend === 'soft');
    const hw = rows.filter((r) => r.backend !== 'soft').sort((a, b) => (a.cyclesPerByte as number) - (b.cyclesPerByte as number))[0];
    if (!soft || !hw || !(hw.cyclesPerByte! > 0)) continue;
    out.push({
      algorithm: hw.algorithm,
      direction: hw.direction,
      size: hw.size,
      hardwareBackend: hw.backend as string,
      hardwareCyclesPerByte: hw.cyclesPerByte as number,
      softCyclesPerByte: soft.cyclesPerByte as number,
      ratio: (soft.cyclesPerByte as number) / (hw.cyclesPerByte as number),
    });
  }
  return out;
}

/** Compact number: 3 significant digits, thousands unseparated. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10 ** digits) return Math.round(v).toString();
  return Number(v.toPrecision(digits)).toString();
}

/** Throughput with a unit: "812 MB/s", "3.41 GB/s". */
export function fmtRate(mbPerSec: number | null): string {
  if (mbPerSec === null || !Number.isFinite(mbPerSec)) return '-';
  return mbPerSec >= 1000 ? `${fmt(mbPerSec / 1000)} GB/s` : `${fmt(mbPerSec)} MB/s`;
}

/** Time with a unit: "85 ns", "12.3 us", "4.1 ms". */
export function fmtTime(ns: number | null): string {
  if (ns === null || !Number.isFinite(ns)) return '-';
  if (ns >= 1e6) return `${fmt(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${fmt(ns / 1e3)} us`;
  return `${fmt(ns)} ns`;
}
