import { describe, expect, it } from 'vitest';
import {
  batchSize,
  cpuSecondsPerGB,
  joulesPerGB,
  mbPerSec,
  median,
  quantileSorted,
  speedup,
  stability,
  summarize,
} from '../../bench/stats.js';

describe('bench statistics', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('quantiles interpolate linearly between ranks (R-7)', () => {
    const asc = [10, 20, 30, 40, 50];
    expect(quantileSorted(asc, 0)).toBe(10);
    expect(quantileSorted(asc, 1)).toBe(50);
    expect(quantileSorted(asc, 0.25)).toBe(20);
    expect(quantileSorted(asc, 0.1)).toBeCloseTo(14, 10);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted(asc, 1.5)).toThrow(RangeError);
  });

  it('summarize: median, quartiles, MAD and spread are robust to an outlier', () => {
    const s = summarize([100, 101, 99, 100, 102, 98, 100, 5000]);
    expect(s.n).toBe(8);
    expect(s.median).toBe(100);
    expect(s.min).toBe(98);
    expect(s.max).toBe(5000);
    expect(s.mad).toBe(1);
    expect(s.p25).toBeCloseTo(99.75, 10);
    expect(s.p75).toBeCloseTo(101.25, 10);
    expect(s.spreadPct).toBeCloseTo(1.5, 10);
    expect(s.mean).toBeCloseTo((100 + 101 + 99 + 100 + 102 + 98 + 100 + 5000) / 8, 10);
  });

  it('summarize rejects empty and non-finite samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/);
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('does not mutate its input', () => {
    const v = [3, 1, 2];
    summarize(v);
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });

  it('unit conversions', () => {
    expect(mbPerSec(1000, 1000)).toBe(1000); // 1 byte/ns = 1000 MB/s
    expect(mbPerSec(64, 0)).toBe(0);
    expect(cpuSecondsPerGB(2e6, 1e9)).toBe(2);
    expect(cpuSecondsPerGB(1, 0)).toBeNull();
    expect(joulesPerGB(null, 1e9)).toBeNull();
    expect(joulesPerGB(5e6, 5e8)).toBe(10);
  });

  it('speedup is baseline time over time, null when either is missing', () => {
    expect(speedup(50, 100)).toBe(2);
    expect(speedup(null, 100)).toBeNull();
    expect(speedup(100, undefined)).toBeNull();
    expect(speedup(0, 100)).toBeNull();
  });

  it('stability reports the relative range', () => {
    const s = stability([1.66, 1.67, 1.68]);
    expect(s.median).toBe(1.67);
    expect(s.rangePct).toBeCloseTo((0.02 / 1.67) * 100, 8);
  });

  it('batch size amortizes fast ops and keeps slow ones at one', () => {
    expect(batchSize(100, 25_000)).toBe(250);
    expect(batchSize(1e6, 25_000)).toBe(1);
    expect(batchSize(0.001, 25_000, 1000)).toBe(1000);
    expect(batchSize(0, 25_000)).toBe(1);
  });
});
