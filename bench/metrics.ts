/**
 * Cycle, CPU-time and energy sources for the benchmark.
 *
 * - Cycles: the PMU core-cycle counter of this thread (perf_event_open,
 *   user space only) when it opens; otherwise the timestamp counter (x86
 *   rdtsc, arm64 cntvct_el0) converted to core cycles with a ratio measured by
 *   a chain of dependent one-cycle adds ("TSC-calibrated"). The TSC ticks at a
 *   fixed rate unrelated to the core clock (here 2.096 GHz vs ~3.5 GHz), so the
 *   raw tick count is never reported as cycles.
 * - CPU time: process.cpuUsage(), all threads, so work on the libuv
 *   threadpool (WebCrypto) counts.
 * - Energy: Linux powercap RAPL package counters (intel-rapl:N, also used by
 *   AMD), when readable. Nothing else: when there is no counter the figure is
 *   null, never an estimate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted, stability } from './stats.js';

/** The subset of hwcrypt's internal timing API the benchmark uses. */
export interface TimingApi {
  timestamp(): bigint;
  timestampSource(): 'rdtsc' | 'cntvct_el0' | 'none';
  calibrateChain(n: number): bigint;
  perfCyclesOpen(): number;
  perfCyclesRead(h: number): bigint;
  perfCyclesClose(h: number): void;
}

export const CYCLE_SOURCES = ['pmu', 'tsc', 'none'] as const;
export type CycleSourceKind = (typeof CYCLE_SOURCES)[number];

export const CYCLE_SOURCE_LABEL: Record<CycleSourceKind, string> = {
  pmu: 'PMU core cycles',
  tsc: 'TSC-calibrated',
  none: 'not available',
};

export interface CycleCalibration {
  /** Core cycles per timestamp tick (median of the calibration runs). */
  coreCyclesPerTick: number;
  /** (max - min) / median of the calibration runs, percent. */
  rangePct: number;
  /** The individual readings. */
  readings: number[];
  /** Dependent adds per run. */
  chainLength: number;
  /** Readings dropped as interrupted (below the upper cluster). */
  discarded: number;
}

/** A cycle counter: `read()` returns raw counts, `toCycles()` converts a difference. */
export interface CycleCounter {
  kind: CycleSourceKind;
  label: string;
  /** Timestamp source name for 'tsc' ('rdtsc' | 'cntvct_el0'), 'perf_event_open' for 'pmu'. */
  detail: string;
  read(): bigint;
  toCycles(delta: bigint): number;
  calibration: CycleCalibration | null;
  /** Why the PMU was not used (when kind !== 'pmu'). */
  pmuUnavailableReason: string | null;
  close(): void;
}

/**
 * Measures core cycles per timestamp tick: a chain of n dependent adds takes
 * n core cycles, so n / elapsed ticks is the ratio. The chain is short
 * (~0.1 ms) and repeated `runs` times. A run that the OS or hypervisor
 * interrupts takes more ticks and so reads low (on a busy VM many do); no
 * effect makes a run read high. So the estimate is the median of the upper
 * cluster: readings within 3% of the 90th percentile. `rangePct` is the
 * spread of that cluster and `discarded` how many readings were dropped.
 */
export function calibrateTsc(t: TimingApi, runs = 31, chainLength = 400_000): CycleCalibration {
  t.calibrateChain(chainLength * 10); // wake the core up to its running clock
  const readings: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ticks = Number(t.calibrateChain(chainLength));
    if (ticks > 0) readings.push(chainLength / ticks);
  }
  if (readings.length === 0) throw new Error('TSC calibration failed: the timestamp counter did not advance');
  return upperCluster(readings, chainLength);
}

/** See calibrateTsc. Exported for the unit tests. */
export function upperCluster(readings: number[], chainLength: number): CycleCalibration {
  const asc = [...readings].sort((a, b) => a - b);
  const p90 = quantileSorted(asc, 0.9);
  const kept = asc.filter((r) => r >= p90 * 0.97 && r <= p90 * 1.03);
  const s = stability(kept.length > 0 ? kept : asc);
  return { coreCyclesPerTick: s.median, rangePct: s.rangePct, readings, chainLength, discarded: readings.length - kept.length };
}

/** Opens the best cycle source: PMU, else calibrated TSC, else none. */
export function openCycleCounter(t: TimingApi | null): CycleCounter {
  if (t === null) {
    return noneCounter('the hwcrypt addon does not expose timing counters');
  }
  let pmuReason: string | null = null;
  let h = -1;
  try {
    h = t.perfCyclesOpen();
    if (h < 0) pmuReason = 'perf_event_open(PERF_COUNT_HW_CPU_CYCLES) is unavailable (no PMU exposed, or perf_event_paranoid)';
  } catch (e) {
    pmuReason = `perf_event_open failed: ${(e as Error).message}`;
  }
  if (h >= 0) {
    // Some hypervisors open the event but never count, or count something
    // else: n dependent adds must read as roughly n cycles (0.5n .. 4n
    // allows for interrupts inside the chain).
    const n = 1_000_000;
    const a = t.perfCyclesRead(h);
    t.calibrateChain(n);
    const d = Number(t.perfCyclesRead(h) - a);
    if (!(d >= n * 0.5 && d <= n * 4)) {
      t.perfCyclesClose(h);
      h = -1;
      pmuReason = `the PMU cycle counter opened but read ${d} cycles for ${n} dependent adds; not used`;
    }
  }
  if (h >= 0) {
    const handle = h;
    return {
      kind: 'pmu',
      label: CYCLE_SOURCE_LABEL.pmu,
      detail: 'perf_event_open',
      read: () => t.perfCyclesRead(handle),
      toCycles: (d) => Number(d),
      calibration: null,
      pmuUnavailableReason: null,
      close: () => t.perfCyclesClose(handle),
    };
  }
  const src = t.timestampSource();
  if (src === 'none') return noneCounter(`${pmuReason}; no timestamp counter on this platform`);
  const cal = calibrateTsc(t);
  const ratio = cal.coreCyclesPerTick;
  return {
    kind: 'tsc',
    label: CYCLE_SOURCE_LABEL.tsc,
    detail: src,
    read: () => t.timestamp(),
    toCycles: (d) => Number(d) * ratio,
    calibration: cal,
    pmuUnavailableReason: pmuReason,
    close: () => {},
  };
}

function noneCounter(reason: string): CycleCounter {
  return {
    kind: 'none',
    label: CYCLE_SOURCE_LABEL.none,
    detail: reason,
    read: () => 0n,
    toCycles: () => 0,
    calibration: null,
    pmuUnavailableReason: reason,
    close: () => {},
  };
}

/** Energy counter (microjoules), or why there is none. */
export interface EnergySource {
  available: boolean;
  /** e.g. 'rapl:intel-rapl:0(package-0)'. */
  label: string;
  reason: string | null;
  /** Cumulative microjoules since an arbitrary origin, wrap-corrected. */
  readMicrojoules(): number;
}

interface RaplZone {
  file: string;
  name: string;
  maxRange: number;
  last: number;
  acc: number;
}

/**
 * Linux powercap RAPL: sums the top-level package zones (intel-rapl:N; the
 * sub-zones intel-rapl:N:M are parts of them). Counters wrap at
 * max_energy_range_uj; reads are accumulated so a wrap between two reads is
 * corrected (one wrap at most between reads, i.e. many seconds).
 */
export function openEnergySource(root = '/sys/class/powercap'): EnergySource {
  if (process.platform === 'darwin') {
    return unavailable('macOS proc_pid_rusage energy is not exposed by the hwcrypt addon');
  }
  if (process.platform !== 'linux') return unavailable(`no energy counter support on ${process.platform}`);
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return unavailable(`no RAPL: ${root} does not exist (no powercap driver, or a VM)`);
  }
  const zones: RaplZone[] = [];
  let denied = false;
  for (const e of entries) {
    if (!/^intel-rapl:\d+$/.test(e)) continue;
    const file = join(root, e, 'energy_uj');
    try {
      const v = Number(readFileSync(file, 'utf8').trim());
      let maxRange = Number.POSITIVE_INFINITY;
      try {
        maxRange = Number(readFileSync(join(root, e, 'max_energy_range_uj'), 'utf8').trim());
      } catch {
        /* keep infinity: no wrap correction */
      }
      let name = e;
      try {
        name = `${e}(${readFileSync(join(root, e, 'name'), 'utf8').trim()})`;
      } catch {
        /* name is optional */
      }
      if (Number.isFinite(v)) zones.push({ file, name, maxRange, last: v, acc: 0 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') denied = true;
    }
  }
  if (zones.length === 0) {
    return unavailable(
      denied
        ? 'RAPL energy_uj exists but is not readable (root only since Linux 5.10; run as root or chmod it)'
        : 'no RAPL package zone under /sys/class/powercap (intel-rapl:N)',
    );
  }
  return {
    available: true,
    label: `RAPL ${zones.map((z) => z.name).join(' + ')} (package energy: includes idle and other processes)`,
    reason: null,
    readMicrojoules() {
      let total = 0;
      for (const z of zones) {
        const v = Number(readFileSync(z.file, 'utf8').trim());
        let d = v - z.last;
        if (d < 0 && Number.isFinite(z.maxRange)) d += z.maxRange;
        if (d > 0) z.acc += d;
        z.last = v;
        total += z.acc;
      }
      return total;
    },
  };
}

function unavailable(reason: string): EnergySource {
  return { available: false, label: 'not available here', reason, readMicrojoules: () => 0 };
}

/** process.cpuUsage() total (user + system) in microseconds. */
export function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
