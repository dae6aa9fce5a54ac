/**
 * The benchmark's result document: what `--json` writes (see schema.ts for
 * the JSON Schema with field documentation) and what every reporter reads.
 */
import type { AlgoId, Direction } from '../algos.js';
import type { CycleSourceKind } from '../metrics.js';
import type { ImplGroup } from '../impl.js';

export const RESULT_FORMAT = 'hwcrypt-bench/1';

export interface BenchRecord {
  algorithm: AlgoId;
  direction: Direction;
  /** Message size in bytes. */
  size: number;
  implementation: string;
  label: string;
  group: ImplGroup;
  backend: string | null;
  /** True for the node:crypto row the ratios are computed against. */
  baseline: boolean;
  status: 'ok' | 'error';
  /** Why status is 'error'. */
  error: string | null;
  /** Decimal megabytes (10^6) per second at the median time. */
  mbPerSec: number | null;
  /** Median nanoseconds per operation (one message). */
  nsPerOp: number | null;
  opsPerSec: number | null;
  /**
   * Mean ns/op over all timed operations: what a sustained loop pays,
   * including periodic costs (GC of per-call allocations, first-touch page
   * faults) that the median can hide when they hit fewer than half the samples.
   */
  meanNsPerOp: number | null;
  /** Pooled timed samples (each a batch of `batch` operations). */
  samples: number;
  /** Operations per timed sample. */
  batch: number;
  /** Spread of the per-op time: interquartile range / median, percent; and the quartiles. */
  spread: { iqrPct: number; p25Ns: number; p75Ns: number; minNs: number; madNs: number } | null;
  /** Median core cycles per byte of message. */
  cyclesPerByte: number | null;
  cyclesPerOp: number | null;
  cyclesSource: CycleSourceKind;
  /** 'thread': cycles of the benchmark thread; 'elapsed': core cycles of elapsed time while awaiting threadpool work. */
  cyclesScope: 'thread' | 'elapsed';
  /** process.cpuUsage() (user + system, all threads) per 10^9 bytes. */
  cpuSecondsPerGB: number | null;
  /** Package energy per 10^9 bytes, null when no energy counter is readable. */
  joulesPerGB: number | null;
  /** node:crypto's ns/op divided by this row's (how many times faster); null without a baseline. */
  ratioToNode: number | null;
  /** True when the implementation writes into a reused, preallocated output buffer. */
  outputReused: boolean;
  /** True once the output was checked equal to node:crypto's. */
  verified: boolean;
}

export interface SkipRecord {
  algorithm: AlgoId;
  implementation: string;
  label: string;
  reason: string;
}

export interface HwVsSoft {
  algorithm: AlgoId;
  direction: Direction;
  size: number;
  /** Fastest non-soft hwcrypt backend by cycles/byte. */
  hardwareBackend: string;
  hardwareCyclesPerByte: number;
  softCyclesPerByte: number;
  /** soft / hardware cycles per byte: how many times fewer cycles (~energy) the instructions take. */
  ratio: number;
}

export interface BenchDocument {
  format: typeof RESULT_FORMAT;
  createdAt: string;
  command: string;
  machine: {
    cpuModel: string;
    arch: string;
    platform: string;
    os: string;
    logicalCpus: number;
    totalMemoryBytes: number;
    features: Record<string, boolean>;
  };
  versions: {
    node: string;
    v8: string;
    openssl: string;
    hwcrypt: string;
    addon: string | null;
    napi: number | null;
    tinybench: string;
    peers: Record<string, string>;
  };
  backends: {
    /** Backend chosen automatically for each family. */
    selected: Record<string, string>;
    /** Available on this CPU, best first. */
    available: Record<string, string[]>;
  };
  method: {
    mode: 'quick' | 'full';
    rounds: number;
    timePerRoundMs: number;
    warmupMs: number;
    targetSampleNs: number;
    interleaved: string;
    statistic: string;
    aadBytes: number;
    nonce: string;
    outputBuffers: string;
    /** How GC and the C allocator were handled between rounds. */
    allocator: string;
    baseline: string;
    cycles: {
      source: CycleSourceKind;
      label: string;
      detail: string;
      coreCyclesPerTick: number | null;
      calibrationRangePct: number | null;
      /** Calibration readings dropped as interrupted, e.g. '4 of 31'. */
      calibrationDiscarded: string | null;
      /** Ratio measured again after the run (drift check). */
      coreCyclesPerTickAfter: number | null;
      pmuUnavailableReason: string | null;
    };
    cpuTime: string;
    energy: { available: boolean; source: string; reason: string | null };
    durationMs: number;
  };
  results: BenchRecord[];
  skipped: SkipRecord[];
  hardwareVsSoftware: HwVsSoft[];
}
