/**
 * Statistics over timing samples. Pure functions, no I/O, so the unit tests
 * can pin them down exactly.
 *
 * Samples are pooled across the interleaved rounds of one algorithm x size
 * (see runner.ts); the figure of merit is the median, and the spread is the
 * interquartile range relative to the median, which is robust against the
 * occasional GC pause or timer interrupt on a noisy machine.
 */

/** Summary of a set of per-operation samples (same unit as the input). */
export interface SampleSummary {
  /** Number of samples. */
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Median (50th percentile, linear interpolation). */
  median: number;
  /** 25th and 75th percentiles. */
  p25: number;
  p75: number;
  /** Median absolute deviation from the median (not scaled). */
  mad: number;
  /** (p75 - p25) / median * 100: the relative interquartile spread in percent. */
  spreadPct: number;
}

/** Returns a sorted copy (ascending, numeric). */
export function sorted(values: readonly number[]): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/**
 * Quantile q in [0, 1] of an ascending array, with linear interpolation
 * between closest ranks (the "R-7" definition used by numpy and Excel).
 * @throws RangeError on an empty array or q outside [0, 1].
 */
export function quantileSorted(asc: ArrayLike<number>, q: number): number {
  if (asc.length === 0) throw new RangeError('quantile: no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const pos = (asc.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = asc[lo] as number;
  const b = asc[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Median of unsorted values. @throws RangeError when empty. */
export function median(values: readonly number[]): number {
  return quantileSorted(sorted(values), 0.5);
}

/**
 * Summarizes samples. Non-finite values are rejected because they would mean
 * a broken timer, not a slow run.
 * @throws RangeError when empty or when a sample is not finite.
 */
export function summarize(values: readonly number[]): SampleSummary {
  if (values.length === 0) throw new RangeError('summarize: no samples');
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`summarize: non-finite sample ${v}`);
  }
  const asc = sorted(values);
  const n = asc.length;
  let sum = 0;
  for (const v of asc) sum += v;
  const med = quantileSorted(asc, 0.5);
  const p25 = quantileSorted(asc, 0.25);
  const p75 = quantileSorted(asc, 0.75);
  const dev = sorted(asc.map((v) => Math.abs(v - med)));
  const mad = quantileSorted(dev, 0.5);
  return {
    n,
    min: asc[0] as number,
    max: asc[n - 1] as number,
    mean: sum / n,
    median: med,
    p25,
    p75,
    mad,
    spreadPct: med > 0 ? ((p75 - p25) / med) * 100 : 0,
  };
}

/** Bytes per nanosecond -> MB/s (10^6 bytes per second). */
export function mbPerSec(bytes: number, nsPerOp: number): number {
  return nsPerOp > 0 ? (bytes / nsPerOp) * 1e3 : 0;
}

/** CPU seconds spent per 10^9 bytes processed, or null when nothing was processed. */
export function cpuSecondsPerGB(cpuMicros: number, bytes: number): number | null {
  if (!(bytes > 0) || !(cpuMicros >= 0)) return null;
  return (cpuMicros / 1e6) * (1e9 / bytes);
}

/** Joules per 10^9 bytes from microjoules, or null when energy is unknown. */
export function joulesPerGB(microjoules: number | null, bytes: number): number | null {
  if (microjoules === null || !(bytes > 0) || !(microjoules >= 0)) return null;
  return (microjoules / 1e6) * (1e9 / bytes);
}

/**
 * Ratio of a baseline's time per op to an implementation's (how many times
 * faster than the baseline). null when either is missing.
 */
export function speedup(nsPerOp: number | null | undefined, baselineNsPerOp: number | null | undefined): number | null {
  if (nsPerOp == null || baselineNsPerOp == null || !(nsPerOp > 0) || !(baselineNsPerOp > 0)) return null;
  return baselineNsPerOp / nsPerOp;
}

/**
 * Checks that repeated calibration readings agree: returns the median and the
 * relative range (max - min) / median.
 * @throws RangeError when empty.
 */
export function stability(values: readonly number[]): { median: number; rangePct: number } {
  const s = summarize(values);
  return { median: s.median, rangePct: s.median > 0 ? ((s.max - s.min) / s.median) * 100 : 0 };
}

/**
 * Picks how many operations one timed sample runs so that a sample lasts
 * about `targetNs`: amortizes the timer and the counter reads (tens of ns)
 * over many fast operations, and keeps slow operations at one per sample.
 */
export function batchSize(estimatedNsPerOp: number, targetNs: number, max = 100_000): number {
  if (!(estimatedNsPerOp > 0)) return 1;
  return Math.max(1, Math.min(max, Math.round(targetNs / estimatedNsPerOp)));
}
