/**
 * Runs the benchmark: for each algorithm x size x direction, every
 * implementation is prepared on the same inputs, checked against
 * node:crypto, and then timed with tinybench in interleaved rounds
 * (A B C, B C A, C A B, ...) so that a slow patch of the machine (another
 * process, frequency change) hits every implementation alike and the ratios
 * stay fair. Samples from all rounds are pooled; the median is reported.
 *
 * A timed sample is a batch of operations sized to last about
 * `targetSampleNs`, which amortizes the timer and counter reads over fast
 * operations. Around each batch the runner reads the cycle counter; around
 * each task's timed phase it reads process.cpuUsage() and the energy counter.
 */
import { hrtime } from 'node:process';
import { Bench } from 'tinybench';
import { collect } from './allocator.js';
import { algoById, directionsFor, formatSize, sizesFor, type AlgoSpec, type Direction } from './algos.js';
import { isSkip, makeFixture, sameBytes, type Fixture, type Impl, type Op, type Provider } from './impl.js';
import { cpuMicros, type CycleCounter, type EnergySource } from './metrics.js';
import type { BenchOptions } from './options.js';
import { batchSize, cpuSecondsPerGB, joulesPerGB, mbPerSec, speedup, summarize } from './stats.js';
import type { BenchRecord, SkipRecord } from './report/types.js';

export interface RunPlan {
  algos: AlgoSpec[];
  sizes: number[];
  rounds: number;
  timePerRoundMs: number;
  warmupMs: number;
  targetSampleNs: number;
  /** Minimum timed samples per task per round. */
  minSamples: number;
}

export interface RunContext {
  opts: BenchOptions;
  plan: RunPlan;
  providers: Provider[];
  counter: CycleCounter;
  energy: EnergySource;
  progress: (msg: string, final?: boolean) => void;
}

export interface RunOutput {
  results: BenchRecord[];
  skipped: SkipRecord[];
  /** Versions of the peer packages that took part, by package name. */
  peerVersions: Record<string, string>;
}

/** Sampling budget of the default --quick run (the whole run also prepares and warms up). */
export const QUICK_BUDGET_MS = 35_000;

/**
 * Decides rounds and per-round sampling time. Quick mode spreads a fixed
 * budget over all tasks (clamped); full mode samples each task for 0.5 s in
 * 5 rounds. `--time` / `--rounds` override.
 */
export function makePlan(opts: BenchOptions, algos: AlgoSpec[], tasksPerGroup: (a: AlgoSpec) => number): RunPlan {
  const rounds = opts.rounds ?? (opts.mode === 'full' ? 5 : 3);
  let tasks = 0;
  for (const a of algos) tasks += tasksPerGroup(a) * sizesFor(a, opts.sizes).length * directionsFor(a, opts.direction).length;
  let perRound: number;
  if (opts.timeMs !== null) perRound = opts.timeMs;
  else if (opts.mode === 'full') perRound = 100;
  else perRound = Math.min(60, Math.max(4, QUICK_BUDGET_MS / Math.max(1, tasks) / rounds));
  return {
    algos,
    sizes: opts.sizes,
    rounds,
    timePerRoundMs: perRound,
    warmupMs: Math.min(opts.mode === 'full' ? 50 : 5, perRound),
    targetSampleNs: opts.mode === 'full' ? 1_000_000 : 500_000,
    // At least one sample per round: operations slower than the round's time
    // (the slowest peers at 16 MiB take seconds) get `rounds` samples.
    minSamples: 1,
  };
}

interface TaskState {
  impl: Impl;
  op: Op;
  batch: number;
  /** 'run' while tinybench times, 'warmup' otherwise. */
  mode: string;
  cyclesPerOp: number[];
  nsPerOp: number[];
  ops: number;
  cpuMicros: number;
  energyUj: number;
  cpuStart: number;
  energyStart: number;
  error: string | null;
}

export function errText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export async function runOnce(op: Op): Promise<unknown> {
  const r = op.run();
  return op.async ? await r : r;
}

/** Runs the op repeatedly for about `ms` to estimate its time per operation. */
async function probe(op: Op, ms: number): Promise<number> {
  const limit = BigInt(Math.round(ms * 1e6));
  const t0 = hrtime.bigint();
  let n = 0;
  let t = t0;
  do {
    if (op.async && op.concurrency > 1) {
      await Promise.all(Array.from({ length: op.concurrency }, () => op.run()));
      n += op.concurrency;
    } else {
      await runOnce(op);
      n++;
    }
    t = hrtime.bigint();
  } while (t - t0 < limit);
  return Number(t - t0) / n;
}

/** The timed function of one task: a batch of `batch` ops around two counter reads. */
function makeTaskFn(st: TaskState, counter: CycleCounter): () => unknown {
  const { op } = st;
  const K = st.batch;
  const record = (t0: bigint, t1: bigint, c0: bigint, c1: bigint) => {
    const ns = Number(t1 - t0);
    if (st.mode === 'run') {
      st.nsPerOp.push(ns / K);
      st.cyclesPerOp.push(counter.toCycles(c1 - c0) / K);
      st.ops += K;
    }
    return { overriddenDuration: ns / 1e6 / K, overriddenIterationCost: ns / 1e6 };
  };
  if (!op.async) {
    const run = op.run;
    return () => {
      const t0 = hrtime.bigint();
      const c0 = counter.read();
      for (let i = 0; i < K; i++) run();
      const c1 = counter.read();
      const t1 = hrtime.bigint();
      return record(t0, t1, c0, c1);
    };
  }
  const conc = op.concurrency;
  const groups = Math.max(1, Math.round(K / conc));
  return async () => {
    const t0 = hrtime.bigint();
    const c0 = counter.read();
    if (conc === 1) {
      for (let i = 0; i < K; i++) await op.run();
    } else {
      for (let g = 0; g < groups; g++) await Promise.all(Array.from({ length: conc }, () => op.run()));
    }
    const c1 = counter.read();
    const t1 = hrtime.bigint();
    return record(t0, t1, c0, c1);
  };
}

/** Runs the whole plan. */
export async function runBench(ctx: RunContext): Promise<RunOutput> {
  const { opts, plan, providers, counter, energy, progress } = ctx;
  const results: BenchRecord[] = [];
  const skipped: SkipRecord[] = [];
  const groups: { algo: AlgoSpec; size: number; direction: Direction }[] = [];
  for (const algo of plan.algos) {
    for (const direction of directionsFor(algo, opts.direction)) {
      for (const size of sizesFor(algo, plan.sizes)) groups.push({ algo, size, direction });
    }
  }
  // Skips are per algorithm: record them once.
  const impls = new Map<string, Impl[]>();
  for (const algo of plan.algos) {
    const list: Impl[] = [];
    for (const p of providers) {
      if (algo.kind === 'kdf' && p.name !== 'hwcrypt' && p.name !== 'node') {
        skipped.push({ algorithm: algo.id, implementation: p.name, label: p.name, reason: 'KDFs are measured against node:crypto only' });
        continue;
      }
      for (const o of p.offers(algo)) {
        if (isSkip(o)) skipped.push({ algorithm: algo.id, implementation: o.id, label: o.label, reason: o.reason });
        else list.push(o);
      }
    }
    impls.set(algo.id, list);
  }

  const started = Date.now();
  let gi = 0;
  for (const g of groups) {
    gi++;
    const elapsed = (Date.now() - started) / 1000;
    const eta = gi > 1 ? Math.round((elapsed / (gi - 1)) * (groups.length - gi + 1)) : null;
    progress(
      `[${gi}/${groups.length}] ${g.algo.id} ${g.direction} ${formatSize(g.size)}` + (eta !== null ? `  (${Math.round(elapsed)} s, ~${eta} s left)` : ''),
    );
    const rows = await runGroup(g.algo, g.size, g.direction, impls.get(g.algo.id) ?? [], plan, counter, energy);
    results.push(...rows);
  }
  progress(`done: ${results.length} measurements in ${((Date.now() - started) / 1000).toFixed(1)} s`, true);
  const peerVersions: Record<string, string> = {};
  for (const list of impls.values()) for (const i of list) if (i.group === 'peer' && i.version) peerVersions[i.id] = i.version;
  return { results, skipped, peerVersions };
}

/** A prepared, verified operation of one row, ready to time. */
export interface ReadyTask {
  impl: Impl;
  op: Op;
}

/** The raw measurements of one task (interleaved with the others of its group). */
export interface TimedTask {
  impl: Impl;
  op: Op;
  /** Operations per timed sample. */
  batch: number;
  /** Set when probing or timing failed. */
  error: string | null;
  nsPerOp: number[];
  cyclesPerOp: number[];
  /** Timed operations in all. */
  ops: number;
  cpuMicros: number;
  energyUj: number;
}

/**
 * Times prepared tasks against each other: each is probed (a few ms, which
 * also warms up the JIT) to size its batches, then all run in the same
 * tinybench rounds, the order rotated every round, a full GC before each.
 * Used for the algorithm x size x direction groups and for the sections'
 * cases (sections.ts).
 */
export async function timeTasks(tasks: readonly ReadyTask[], plan: RunPlan, counter: CycleCounter, energy: EnergySource): Promise<TimedTask[]> {
  const states: TaskState[] = [];
  const out: TimedTask[] = [];
  for (const { impl, op } of tasks) {
    const st: TaskState = {
      impl,
      op,
      batch: 1,
      mode: 'warmup',
      cyclesPerOp: [],
      nsPerOp: [],
      ops: 0,
      cpuMicros: 0,
      energyUj: 0,
      cpuStart: 0,
      energyStart: 0,
      error: null,
    };
    try {
      // Estimate the op's cost (a few ms; also JIT-warms it) to size the batches.
      const est = await probe(op, Math.min(2, plan.timePerRoundMs / 2));
      let batch = batchSize(est, plan.targetSampleNs);
      if (op.async && op.concurrency > 1) batch = Math.max(op.concurrency, Math.round(batch / op.concurrency) * op.concurrency);
      st.batch = batch;
      states.push(st);
    } catch (e) {
      st.error = `failed: ${errText(e)}`;
    }
    out.push(st);
  }

  for (let round = 0; round < plan.rounds; round++) {
    collect(); // earlier rounds' garbage is not collected during this round's samples
    const bench = new Bench({
      time: plan.timePerRoundMs,
      iterations: plan.minSamples,
      warmup: round === 0,
      warmupTime: plan.warmupMs,
      warmupIterations: 1,
      throws: false,
    });
    // Rotate the order every round so no implementation always runs first.
    const order = states.filter((s) => s.error === null);
    if (order.length === 0) break;
    const rot = round % order.length;
    for (const st of [...order.slice(rot), ...order.slice(0, rot)]) {
      bench.add(st.impl.id, makeTaskFn(st, counter), {
        async: st.op.async,
        beforeAll(mode) {
          st.mode = mode ?? 'run';
          st.op.enter?.();
          if (st.mode === 'run') {
            st.cpuStart = cpuMicros();
            st.energyStart = energy.available ? energy.readMicrojoules() : 0;
          }
        },
        afterAll(mode) {
          if ((mode ?? 'run') === 'run') {
            st.cpuMicros += cpuMicros() - st.cpuStart;
            if (energy.available) st.energyUj += energy.readMicrojoules() - st.energyStart;
          }
          st.mode = 'idle';
        },
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const st = states.find((s) => s.impl.id === task.name);
      const res = task.result;
      if (st && res.state === 'errored') st.error = `failed while timing: ${errText(res.error)}`;
    }
  }
  return out;
}

async function runGroup(
  algo: AlgoSpec,
  size: number,
  direction: Direction,
  impls: Impl[],
  plan: RunPlan,
  counter: CycleCounter,
  energy: EnergySource,
): Promise<BenchRecord[]> {
  const fx: Fixture = makeFixture(algo, size, direction);
  const ready: ReadyTask[] = [];
  const failed: BenchRecord[] = [];
  const blank = (impl: Impl, error: string): BenchRecord => baseRecord(fx, impl, counter, { status: 'error', error });

  for (const impl of impls) {
    let op: Op;
    try {
      op = await impl.prepare(fx);
      op.enter?.();
      const r = await runOnce(op);
      const bytes = op.toBytes ? op.toBytes(r) : (r as Uint8Array);
      if (!(bytes instanceof Uint8Array) || !sameBytes(bytes, fx.expected)) {
        failed.push(blank(impl, 'output differs from node:crypto; not timed'));
        op.dispose?.();
        continue;
      }
      ready.push({ impl, op });
    } catch (e) {
      failed.push(blank(impl, `failed: ${errText(e)}`));
    }
  }

  const timed = await timeTasks(ready, plan, counter, energy);
  const records: BenchRecord[] = [];
  for (const st of timed) {
    st.op.dispose?.();
    if (st.error !== null || st.nsPerOp.length === 0) {
      records.push(blank(st.impl, st.error ?? 'no samples'));
      continue;
    }
    const t = summarize(st.nsPerOp);
    const c = counter.kind === 'none' ? null : summarize(st.cyclesPerOp);
    const bytes = st.ops * size;
    records.push({
      ...baseRecord(fx, st.impl, counter, { status: 'ok', error: null }),
      mbPerSec: mbPerSec(size, t.median),
      nsPerOp: t.median,
      opsPerSec: 1e9 / t.median,
      meanNsPerOp: meanPerOp(st),
      samples: t.n,
      batch: st.batch,
      spread: { iqrPct: t.spreadPct, p25Ns: t.p25, p75Ns: t.p75, minNs: t.min, madNs: t.mad },
      cyclesPerByte: c ? c.median / size : null,
      cyclesPerOp: c ? c.median : null,
      cyclesScope: st.op.async ? 'elapsed' : 'thread',
      cpuSecondsPerGB: cpuSecondsPerGB(st.cpuMicros, bytes),
      joulesPerGB: energy.available ? joulesPerGB(st.energyUj, bytes) : null,
      outputReused: st.op.outputReused,
      verified: true,
    });
  }
  records.push(...failed);
  const base = records.find((r) => r.baseline && r.status === 'ok');
  for (const r of records) r.ratioToNode = speedup(r.nsPerOp, base?.nsPerOp);
  // Keep provider order (hwcrypt first, then node, webcrypto, peers).
  const rank = new Map(impls.map((i, k) => [i.id, k]));
  records.sort((a, b) => (rank.get(a.implementation) ?? 0) - (rank.get(b.implementation) ?? 0));
  return records;
}

/** Total timed ns / total timed ops (samples are per-op averages of batches of `batch` ops). */
export function meanPerOp(st: { nsPerOp: number[] }): number {
  let sum = 0;
  for (const v of st.nsPerOp) sum += v;
  return sum / st.nsPerOp.length;
}

function baseRecord(
  fx: Fixture,
  impl: Impl,
  counter: CycleCounter,
  s: { status: 'ok' | 'error'; error: string | null },
): BenchRecord {
  return {
    algorithm: fx.algo.id,
    direction: fx.direction,
    size: fx.size,
    implementation: impl.id,
    label: impl.label,
    group: impl.group,
    backend: impl.backend ?? null,
    baseline: impl.baseline === true,
    status: s.status,
    error: s.error,
    mbPerSec: null,
    nsPerOp: null,
    opsPerSec: null,
    meanNsPerOp: null,
    samples: 0,
    batch: 0,
    spread: null,
    cyclesPerByte: null,
    cyclesPerOp: null,
    cyclesSource: counter.kind,
    cyclesScope: 'thread',
    cpuSecondsPerGB: null,
    joulesPerGB: null,
    ratioToNode: null,
    outputReused: false,
    verified: false,
  };
}

export { algoById };
