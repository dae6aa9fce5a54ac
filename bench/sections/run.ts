/**
 * The sections besides the algorithm tables: "many small messages" and
 * "async". A section is a list of cases; a case is one workload (e.g.
 * 1,000 x 64 B AES-128-GCM seals) and its rows are the ways to do it
 * (a batch call, hwcrypt's own per-message loop, node:crypto as apps write
 * it, WebCrypto's concurrent promises). Every row of a case works through
 * the same messages, is checked equal to node:crypto's output over all of
 * them before it is timed, and is timed in the same interleaved rounds as
 * the others (runner.ts timeTasks), so "times node:crypto per message" and
 * "times the reference" come from one run.
 *
 * A batch row's operation is the whole batch (one call for all messages).
 * A per-message row's operation is one message, the rows cycling through
 * the messages: its samples are then ~0.5 ms batches like every other
 * row's, where a whole-batch operation of a slow per-message loop (1,000
 * node:crypto calls: milliseconds) would give a few samples that each
 * straddle garbage collections and, on a loaded machine, preemptions.
 *
 * The async section also measures event-loop delay: the same histogram
 * (perf_hooks.monitorEventLoopDelay) around runs of each row, the rows
 * interleaved run by run.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { collect } from '../allocator.js';
import type { CaseSectionId } from '../algos.js';
import { sameBytes, type ImplGroup, type Impl, type Op, type Skip } from '../impl.js';
import type { CycleCounter, EnergySource } from '../metrics.js';
import type { CaseRecord, CaseRowRecord, EventLoopRecord, SectionRecord } from '../report/types.js';
import { errText, meanPerOp, runOnce, timeTasks, type ReadyTask, type RunPlan } from '../runner.js';
import { cpuSecondsPerGB, joulesPerGB, median, speedup, summarize } from '../stats.js';

/** A target from the issue: `ratio` times node:crypto, or times the case's reference row. */
export interface Target {
  ratio: number;
  against: 'node' | 'reference';
}

/**
 * One way to run a case's workload. `prepare` returns an op whose run()
 * processes all the case's messages, or (perMessage) the next message,
 * cycling from the first.
 */
export interface CaseRow {
  id: string;
  label: string;
  group: ImplGroup;
  backend?: string;
  /** run() does one message, the next each call, from the first (see the file comment). */
  perMessage?: boolean;
  /** The node:crypto row (as apps write it): ratioToNode is relative to it. */
  baseline?: boolean;
  /** hwcrypt's own per-message (or single-stream) row: ratioToReference is relative to it. */
  reference?: boolean;
  target?: Target;
  prepare(): Op | Promise<Op>;
}

export type CaseOffer = CaseRow | Skip;

export interface CaseSpec {
  id: string;
  title: string;
  /** Messages one operation processes. */
  messages: number;
  messageBytes: number;
  note?: string;
  /** Every row's output (its op's toBytes, or the Uint8Array it returns), all messages back to back. */
  expected: Uint8Array;
  rows: CaseOffer[];
  /** Sampling time per row per round in a quick run (ops that take milliseconds need longer rounds). */
  roundMs?: number;
}

/** An event-loop delay row: run() does one whole job (a promise, or synchronous work). */
export interface EventLoopRow {
  id: string;
  label: string;
  group: ImplGroup;
  bytes: number;
  targetP99Ms?: number;
  outputReused: boolean;
  prepare(): Promise<EventLoopOp> | EventLoopOp;
}

export interface EventLoopOp {
  run(): unknown;
  /** Checks one run's result (null: nothing to check, e.g. the idle row). */
  check: ((result: unknown) => boolean) | null;
  dispose?(): void;
}

export interface SectionSpec {
  id: CaseSectionId;
  title: string;
  notes: string[];
  cases: CaseSpec[];
  eventLoop?: { runs: number; resolutionMs: number; rows: (EventLoopRow | Skip)[] };
}

export interface SectionContext {
  mode: 'quick' | 'full';
  /** `--rounds` / `--time` overrides. */
  rounds: number | null;
  timeMs: number | null;
  counter: CycleCounter;
  energy: EnergySource;
  progress: (msg: string) => void;
}

/** The plan of one case: rounds as the algorithm tables, a round time from the case. */
export function casePlan(ctx: Pick<SectionContext, 'mode' | 'rounds' | 'timeMs'>, spec: Pick<CaseSpec, 'roundMs'>): RunPlan {
  const rounds = ctx.rounds ?? (ctx.mode === 'full' ? 5 : 3);
  const quick = spec.roundMs ?? 40;
  const perRound = ctx.timeMs ?? (ctx.mode === 'full' ? Math.max(200, quick * 3) : quick);
  return {
    algos: [],
    sizes: [],
    rounds,
    timePerRoundMs: perRound,
    warmupMs: Math.min(ctx.mode === 'full' ? 50 : 5, perRound),
    targetSampleNs: ctx.mode === 'full' ? 1_000_000 : 500_000,
    minSamples: 1,
  };
}

/** A Skip (has a reason and no prepare). */
export function isSkipped<T extends { prepare: unknown }>(o: T | Skip): o is Skip {
  return 'reason' in o && !('prepare' in o);
}

function asImpl(row: CaseRow): Impl {
  return { id: row.id, label: row.label, group: row.group, backend: row.backend, baseline: row.baseline, prepare: () => row.prepare() };
}

/** A per-message run(): f(0), f(1), ..., f(n - 1), f(0), ... */
export function cycle<T>(n: number, f: (i: number) => T): () => T {
  let k = 0;
  return () => {
    const i = k;
    k = i + 1 === n ? 0 : i + 1;
    return f(i);
  };
}

/** Concatenates byte arrays (verification of rows that return one result per message). */
export function concatBytes(parts: readonly (Uint8Array | ArrayBuffer | null)[]): Uint8Array {
  let n = 0;
  for (const p of parts) {
    if (p === null) throw new Error('a message failed (null result)');
    n += p.byteLength;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    const v = p instanceof Uint8Array ? p : new Uint8Array(p as ArrayBuffer);
    out.set(v, o);
    o += v.length;
  }
  return out;
}

function blankRow(spec: CaseSpec, row: CaseRow, counter: CycleCounter, error: string | null): CaseRowRecord {
  return {
    implementation: row.id,
    label: row.label,
    group: row.group,
    backend: row.backend ?? null,
    baseline: row.baseline === true,
    reference: row.reference === true,
    messagesPerOp: row.perMessage ? 1 : spec.messages,
    status: error === null ? 'ok' : 'error',
    error,
    nsPerOp: null,
    nsPerMessage: null,
    messagesPerSec: null,
    mbPerSec: null,
    meanNsPerMessage: null,
    samples: 0,
    batch: 0,
    spread: null,
    cyclesPerByte: null,
    cyclesPerMessage: null,
    cyclesSource: counter.kind,
    cyclesScope: 'thread',
    cpuSecondsPerGB: null,
    joulesPerGB: null,
    ratioToNode: null,
    ratioToReference: null,
    target: row.target ? { ratio: row.target.ratio, against: row.target.against } : null,
    meetsTarget: null,
    outputReused: false,
    verified: false,
  };
}

/** Prepares, verifies and times every row of one case. */
export async function runCase(spec: CaseSpec, ctx: SectionContext): Promise<CaseRecord> {
  const { counter, energy } = ctx;
  const skipped: CaseRecord['skipped'] = [];
  const rows: CaseRow[] = [];
  for (const o of spec.rows) {
    if (isSkipped(o)) skipped.push({ implementation: o.id, label: o.label, reason: o.reason });
    else rows.push(o);
  }
  const records = new Map<string, CaseRowRecord>();
  const ready: ReadyTask[] = [];
  for (const row of rows) {
    try {
      const op = await row.prepare();
      op.enter?.();
      const toBytes = op.toBytes ?? ((r: unknown) => r as Uint8Array);
      let bytes: Uint8Array;
      if (row.perMessage) {
        // All messages once, in order: the op's cycle ends where it began.
        const parts: Uint8Array[] = [];
        for (let i = 0; i < spec.messages; i++) parts.push(new Uint8Array(toBytes(await runOnce(op))));
        bytes = concatBytes(parts);
      } else {
        bytes = toBytes(await runOnce(op));
      }
      if (!(bytes instanceof Uint8Array) || !sameBytes(bytes, spec.expected)) {
        records.set(row.id, blankRow(spec, row, counter, 'output differs from node:crypto; not timed'));
        op.dispose?.();
        continue;
      }
      ready.push({ impl: asImpl(row), op });
    } catch (e) {
      records.set(row.id, blankRow(spec, row, counter, `failed: ${errText(e)}`));
    }
  }
  const timed = await timeTasks(ready, casePlan(ctx, spec), counter, energy);
  for (const st of timed) {
    st.op.dispose?.();
    const row = rows.find((r) => r.id === st.impl.id) as CaseRow;
    if (st.error !== null || st.nsPerOp.length === 0) {
      records.set(row.id, blankRow(spec, row, counter, st.error ?? 'no samples'));
      continue;
    }
    const perOp = row.perMessage ? 1 : spec.messages;
    const bytesPerOp = perOp * spec.messageBytes;
    const t = summarize(st.nsPerOp);
    const c = counter.kind === 'none' ? null : summarize(st.cyclesPerOp);
    const bytes = st.ops * bytesPerOp;
    records.set(row.id, {
      ...blankRow(spec, row, counter, null),
      nsPerOp: t.median,
      nsPerMessage: t.median / perOp,
      messagesPerSec: (1e9 / t.median) * perOp,
      mbPerSec: bytesPerOp > 0 ? (bytesPerOp / t.median) * 1e3 : null,
      meanNsPerMessage: meanPerOp(st) / perOp,
      samples: t.n,
      batch: st.batch,
      spread: { iqrPct: t.spreadPct, p25Ns: t.p25, p75Ns: t.p75, minNs: t.min, madNs: t.mad },
      cyclesPerByte: c && bytesPerOp > 0 ? c.median / bytesPerOp : null,
      cyclesPerMessage: c ? c.median / perOp : null,
      cyclesScope: st.op.async ? 'elapsed' : 'thread',
      cpuSecondsPerGB: cpuSecondsPerGB(st.cpuMicros, bytes),
      joulesPerGB: energy.available ? joulesPerGB(st.energyUj, bytes) : null,
      outputReused: st.op.outputReused,
      verified: true,
    });
  }
  // Rows in the case's order.
  const out = rows.map((r) => records.get(r.id) as CaseRowRecord);
  finishRatios(out);
  const ref = rows.find((r) => r.reference);
  return {
    id: spec.id,
    title: spec.title,
    messages: spec.messages,
    messageBytes: spec.messageBytes,
    note: spec.note ?? null,
    reference: ref ? ref.id : null,
    rows: out,
    skipped,
  };
}

/** Fills ratioToNode, ratioToReference and meetsTarget from the rows' medians. */
export function finishRatios(rows: CaseRowRecord[]): void {
  const base = rows.find((r) => r.baseline && r.status === 'ok');
  const ref = rows.find((r) => r.reference && r.status === 'ok');
  for (const r of rows) {
    const ok = r.status === 'ok';
    r.ratioToNode = ok ? speedup(r.nsPerMessage, base?.nsPerMessage) : null;
    r.ratioToReference = ok ? speedup(r.nsPerMessage, ref?.nsPerMessage) : null;
    if (r.target && r.status === 'ok') {
      const q = r.target.against === 'node' ? r.ratioToNode : r.ratioToReference;
      r.meetsTarget = q === null ? null : q >= r.target.ratio;
    } else {
      r.meetsTarget = null;
    }
  }
}

const NS_PER_MS = 1e6;

/**
 * Event-loop delay: for each run, the rows in rotated order, each under a
 * fresh monitorEventLoopDelay histogram enabled just before the job starts
 * and disabled once it has finished and the loop has turned twice more (so
 * that a job that blocks the loop records the interval it blocked). p50 is
 * the median of the runs' medians; p99 and max the worst run's.
 */
export async function runEventLoop(spec: NonNullable<SectionSpec['eventLoop']>, progress: (m: string) => void): Promise<EventLoopRecord[]> {
  const rows: EventLoopRow[] = [];
  const records: EventLoopRecord[] = [];
  const blank = (row: EventLoopRow, error: string | null): EventLoopRecord => ({
    implementation: row.id,
    label: row.label,
    group: row.group,
    status: error === null ? 'ok' : 'error',
    error,
    bytes: row.bytes,
    runs: 0,
    resolutionMs: spec.resolutionMs,
    p50Ms: null,
    p99Ms: null,
    maxMs: null,
    meanMs: null,
    elapsedMs: null,
    mbPerSec: null,
    targetP99Ms: row.targetP99Ms ?? null,
    meetsTarget: null,
    outputReused: row.outputReused,
    verified: false,
  });
  const ops = new Map<string, EventLoopOp>();
  for (const o of spec.rows) {
    if (isSkipped(o)) continue;
    try {
      const op = await o.prepare();
      ops.set(o.id, op);
      rows.push(o);
    } catch (e) {
      records.push(blank(o, `failed: ${errText(e)}`));
    }
  }
  const acc = new Map<string, { p50: number[]; p99: number[]; max: number[]; mean: number[]; elapsed: number[]; verified: boolean; error: string | null }>();
  for (const r of rows) acc.set(r.id, { p50: [], p99: [], max: [], mean: [], elapsed: [], verified: false, error: null });
  const settleMs = 2 * spec.resolutionMs + 1;
  for (let run = 0; run < spec.runs; run++) {
    const live = rows.filter((r) => acc.get(r.id)?.error === null);
    const rot = live.length > 0 ? run % live.length : 0;
    for (const row of [...live.slice(rot), ...live.slice(0, rot)]) {
      const a = acc.get(row.id)!;
      const op = ops.get(row.id)!;
      progress(`event loop: ${row.label} (run ${run + 1}/${spec.runs})`);
      collect();
      await sleep(settleMs);
      const h = monitorEventLoopDelay({ resolution: spec.resolutionMs });
      h.enable();
      await sleep(settleMs); // the histogram's first interval starts here
      try {
        const t0 = process.hrtime.bigint();
        const res = await op.run();
        const t1 = process.hrtime.bigint();
        await sleep(settleMs);
        h.disable();
        if (op.check && !a.verified) {
          if (!op.check(res)) {
            a.error = 'output differs from node:crypto';
            continue;
          }
          a.verified = true;
        }
        a.elapsed.push(Number(t1 - t0) / NS_PER_MS);
        if (h.count > 0) {
          a.p50.push(h.percentile(50) / NS_PER_MS);
          a.p99.push(h.percentile(99) / NS_PER_MS);
          a.max.push(h.max / NS_PER_MS);
          a.mean.push(h.mean / NS_PER_MS);
        }
      } catch (e) {
        h.disable();
        a.error = `failed: ${errText(e)}`;
      }
    }
  }
  for (const row of rows) {
    ops.get(row.id)?.dispose?.();
    const a = acc.get(row.id)!;
    if (a.error !== null || a.p99.length === 0) {
      records.push(blank(row, a.error ?? 'no histogram samples'));
      continue;
    }
    const p99 = Math.max(...a.p99);
    const elapsed = median(a.elapsed);
    const target = row.targetP99Ms ?? null;
    records.push({
      ...blank(row, null),
      runs: a.p99.length,
      p50Ms: median(a.p50),
      p99Ms: p99,
      maxMs: Math.max(...a.max),
      meanMs: a.mean.reduce((s, v) => s + v, 0) / a.mean.length,
      elapsedMs: elapsed,
      mbPerSec: row.bytes > 0 && elapsed > 0 ? row.bytes / (elapsed * 1e3) : null,
      meetsTarget: target === null ? null : p99 < target,
      verified: ops.get(row.id)?.check ? a.verified : false,
    });
  }
  // Rows in the spec's order.
  const order = spec.rows.map((r) => r.id);
  return records.sort((x, y) => order.indexOf(x.implementation) - order.indexOf(y.implementation));
}

/** Runs one section: every case, then its event-loop rows. */
export async function runSection(spec: SectionSpec, ctx: SectionContext): Promise<SectionRecord> {
  const cases: CaseRecord[] = [];
  let i = 0;
  for (const c of spec.cases) {
    i++;
    ctx.progress(`[${spec.id} ${i}/${spec.cases.length}] ${c.title}`);
    cases.push(await runCase(c, ctx));
  }
  const eventLoop = spec.eventLoop ? await runEventLoop(spec.eventLoop, ctx.progress) : [];
  const eventLoopSkipped = (spec.eventLoop?.rows ?? []).filter(isSkipped).map((s) => ({ implementation: s.id, label: s.label, reason: s.reason }));
  return { id: spec.id, title: spec.title, notes: [...spec.notes], cases, eventLoop, eventLoopSkipped };
}
