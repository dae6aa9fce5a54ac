/**
 * The commands that need the native addon: `info` and `bench`.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as hw from '../src/index.js';
import { timing, versions } from '../src/internal.js';
import { ALGOS, algoById, type AlgoSpec, type CaseSectionId } from './algos.js';
import type { Io } from './io.js';

import { isSkip, type Provider } from './impl.js';
import { aegisKernels } from './aegis.js';
import { hwcryptHas, hwcryptProvider, hwcryptVersion, availableBackends } from './impls/hwcrypt.js';
import { nodeProvider, webCryptoProvider } from './impls/node.js';
import { loadPeerProviders, packageVersion } from './impls/peers.js';
import { CYCLE_SOURCE_LABEL, calibrateTsc, openCycleCounter, openEnergySource, type TimingApi } from './metrics.js';
import { UsageError, type BenchOptions } from './options.js';
import { renderChartSvg, renderHtml } from './report/html.js';
import { hardwareVsSoftware } from './report/derive.js';
import { renderTable } from './report/table.js';
import { RESULT_FORMAT, type BenchDocument, type SectionRecord } from './report/types.js';
import { makePlan, runBench, type RunOutput } from './runner.js';
import { realApi } from './sections/api.js';
import { asyncSection, measurePageFaults } from './sections/async.js';
import type { BuildOptions } from './sections/common.js';
import { manySection } from './sections/many.js';
import { casePlan, runSection, type SectionContext, type SectionSpec } from './sections/run.js';
import { settle } from './allocator.js';

const FAMILIES = ['aes', 'sha1', 'sha256', 'sha512'] as const satisfies readonly hw.Family[];

function machine(): BenchDocument['machine'] {
  const cpu = hw.cpuInfo();
  return {
    cpuModel: cpu.model || os.cpus()[0]?.model?.trim() || '',
    arch: process.arch,
    platform: process.platform,
    os: `${os.type()} ${os.release()}`,
    logicalCpus: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    totalMemoryBytes: os.totalmem(),
    features: { ...cpu.features } as Record<string, boolean>,
  };
}

function backendInfo(): BenchDocument['backends'] {
  const available: Record<string, string[]> = {};
  const selected: Record<string, string> = {};
  for (const f of FAMILIES) {
    available[f] = availableBackends(f);
    selected[f] = hw.getBackend(f);
  }
  return { selected, available };
}

/** The addon is loaded by the time a command runs (../src/index.js is imported above). */
function addonVersions(): { addon: string; napi: number } {
  const v = versions();
  return { addon: v.addon, napi: v.napi };
}

/** Messages per operation of the many-small-messages batch cases (the issue's 1,000). */
export const MANY_MESSAGES = 1000;

/** The spec of a case section. */
export function buildSection(id: CaseSectionId, o: BuildOptions & { pageFaultUsPer4K: number | null }): SectionSpec {
  return id === 'many' ? manySection(o) : asyncSection(o);
}

function fmtMs(ms: number): string {
  return `${+ms.toPrecision(3)} ms`;
}

export interface Info {
  machine: BenchDocument['machine'];
  backends: BenchDocument['backends'];
  algorithms: Record<string, string>;
  versions: { node: string; v8: string; openssl: string; hwcrypt: string; addon: string | null; napi: number | null };
  cycles: { source: string; detail: string; coreCyclesPerTick: number | null; calibrationRangePct: number | null; discarded: string | null; pmu: string };
  cpuTime: string;
  energy: { available: boolean; source: string; reason: string | null };
}

export function collectInfo(): Info {
  const algorithms: Record<string, string> = {};
  const b = backendInfo();
  for (const a of ALGOS) {
    // AEGIS: the kernel set that runs it (the AES backend's AEGIS kernels, e.g. aesni under vaes512).
    const kernels = a.mode === 'aegis' ? aegisKernels(a) : undefined;
    algorithms[a.id] = !hwcryptHas(a) ? 'not implemented' : (kernels ?? b.selected[a.family] ?? '?');
  }
  const counter = openCycleCounter(timing as TimingApi);
  counter.close();
  const energy = openEnergySource();
  return {
    machine: machine(),
    backends: b,
    algorithms,
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      openssl: process.versions.openssl,
      hwcrypt: hwcryptVersion(),
      ...addonVersions(),
    },
    cycles: {
      source: counter.label,
      detail: counter.detail,
      coreCyclesPerTick: counter.calibration?.coreCyclesPerTick ?? null,
      calibrationRangePct: counter.calibration?.rangePct ?? null,
      discarded: counter.calibration ? `${counter.calibration.discarded} of ${counter.calibration.readings.length}` : null,
      pmu: counter.kind === 'pmu' ? 'perf_event_open core cycles (user space, this thread)' : `unavailable: ${counter.pmuUnavailableReason}`,
    },
    cpuTime: 'process.cpuUsage() (user + system, all threads)',
    energy: { available: energy.available, source: energy.label, reason: energy.reason },
  };
}

export function renderInfo(i: Info): string {
  const lines = [
    `CPU:        ${i.machine.cpuModel} (${i.machine.arch}, ${i.machine.logicalCpus} logical CPUs, ${i.machine.os})`,
    `features:   ${Object.entries(i.machine.features).map(([k, v]) => `${k}${v ? '+' : '-'}`).join(' ')}`,
    'backends:',
    ...Object.entries(i.backends.available).map(
      ([f, list]) => `  ${f.padEnd(8)} ${(i.backends.selected[f] ?? '-').padEnd(8)} (available: ${list.join(' > ') || 'none'})`,
    ),
    'algorithms:',
    ...Object.entries(i.algorithms).map(([a, b]) => `  ${a.padEnd(14)} ${b}`),
    `versions:   hwcrypt ${i.versions.hwcrypt}, addon ${i.versions.addon ?? '-'} (N-API ${i.versions.napi ?? '-'}), Node ${i.versions.node}, V8 ${i.versions.v8}, OpenSSL ${i.versions.openssl}`,
    `cycles:     ${i.cycles.source} - ${i.cycles.detail}${i.cycles.coreCyclesPerTick !== null ? ` x ${i.cycles.coreCyclesPerTick.toFixed(4)} core cycles/tick (spread ${i.cycles.calibrationRangePct?.toFixed(2)}%, ${i.cycles.discarded} readings dropped as interrupted)` : ''}`,
    `PMU:        ${i.cycles.pmu}`,
    `CPU time:   ${i.cpuTime}`,
    `energy:     ${i.energy.available ? i.energy.source : `not available here (${i.energy.reason})`}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Progress on stderr: one live line on a terminal, plain lines otherwise (CI logs). */
function progressWriter(io: Io): (msg: string, final?: boolean) => void {
  return (msg, final) => {
    if (io.stderrIsTty) {
      const cols = process.stderr.columns || 100;
      const line = msg.length > cols - 1 ? msg.slice(0, cols - 1) : msg;
      io.stderr(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    } else {
      io.stderr(`${msg}\n`);
    }
  };
}

export async function bench(opts: BenchOptions, argv: readonly string[], io: Io): Promise<number> {
  const t0 = Date.now();
  const runAlgos = opts.sections.includes('algos');
  // Which algorithms: the explicit list must all exist in hwcrypt; the default list is cut to what it has.
  const algos: AlgoSpec[] = [];
  if (runAlgos) {
    for (const id of opts.algos) {
      const a = algoById(id) as AlgoSpec;
      if (hwcryptHas(a)) algos.push(a);
      else if (opts.algosOptional?.includes(a.id)) io.stderr(`${a.id}: not measured, hwcrypt ${hwcryptVersion()} has no kernel for it on this machine\n`);
      else if (opts.algosExplicit) throw new UsageError(`--algos: hwcrypt ${hwcryptVersion()} does not implement ${id} on this machine`);
    }
    if (algos.length === 0) throw new UsageError('nothing to measure');
    if (opts.backends) {
      const all = new Set(algos.flatMap((a) => availableBackends(a.family)));
      for (const b of opts.backends) {
        if (!all.has(b)) throw new UsageError(`--backends: '${b}' is not available here for ${algos.map((a) => a.id).join(', ')} (available: ${[...all].join(', ')})`);
      }
    }
  }

  const progress = progressWriter(io);
  progress('loading peers and calibrating the cycle counter...');
  const providers: Provider[] = [hwcryptProvider(opts.backends), nodeProvider];
  if (opts.peers.includes('webcrypto')) providers.push(webCryptoProvider(opts.concurrency));
  if (runAlgos) providers.push(...(await loadPeerProviders(opts.peers)));

  const gcForced = settle();
  const counter = openCycleCounter(timing as TimingApi);
  const energy = openEnergySource();
  const perAlgo = (a: AlgoSpec) => providers.reduce((n, p) => n + p.offers(a).filter((o) => !isSkip(o)).length, 0);
  const plan = makePlan(opts, algos, perAlgo);

  let out: RunOutput = { results: [], skipped: [], peerVersions: {} };
  const sections: SectionRecord[] = [];
  try {
    if (runAlgos) out = await runBench({ opts, plan, providers, counter, energy, progress });
    for (const id of opts.sections) {
      if (id === 'algos') continue;
      hw.setBackend('all', 'auto');
      const started = Date.now();
      progress(`section ${id}: preparing...`);
      const load0 = os.loadavg()[0] ?? 0;
      const spec = buildSection(id, {
        api: realApi(hwcryptVersion()),
        webcrypto: opts.peers.includes('webcrypto'),
        n: MANY_MESSAGES,
        mode: opts.mode,
        pageFaultUsPer4K: id === 'async' ? measurePageFaults() : null,
      });
      const ctx: SectionContext = { mode: opts.mode, rounds: opts.rounds, timeMs: opts.timeMs, counter, energy, progress: (m) => progress(m) };
      const rec = await runSection(spec, ctx);
      const p = casePlan(ctx, {});
      rec.notes.push(
        `sampling: every row of a case in the same ${p.rounds} interleaved rounds (order rotated, full GC before each) of ${fmtMs(p.timePerRoundMs)} per row (large-message cases ${fmtMs(casePlan(ctx, { roundMs: 150 }).timePerRoundMs)}); median per operation; output checked equal to node:crypto's before timing; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const cpus = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
      rec.notes.push(
        `machine load: 1-minute load average ${load0.toFixed(1)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end, on ${cpus} logical CPUs (above the CPU count other processes compete for the cores: ratios of one run stay fair, but the scaling of the async rows across cores cannot show fully)`,
      );
      sections.push(rec);
    }
    progress(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`, true);
  } finally {
    counter.close();
    hw.setBackend('all', 'auto');
  }
  const after = counter.kind === 'tsc' ? calibrateTsc(timing as TimingApi).coreCyclesPerTick : null;

  const peers = out.peerVersions;
  const doc: BenchDocument = {
    format: RESULT_FORMAT,
    createdAt: new Date().toISOString(),
    command: `hwcrypt ${argv.join(' ')}`,
    machine: machine(),
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      openssl: process.versions.openssl,
      hwcrypt: hwcryptVersion(),
      ...addonVersions(),
      tinybench: packageVersion('tinybench'),
      peers,
    },
    backends: backendInfo(),
    method: {
      mode: opts.mode,
      rounds: plan.rounds,
      timePerRoundMs: plan.timePerRoundMs,
      warmupMs: plan.warmupMs,
      targetSampleNs: plan.targetSampleNs,
      interleaved: `tinybench; all implementations of one algorithm x size x direction run in the same interleaved rounds (order rotated each round), samples pooled`,
      statistic: 'median of per-operation time over batched samples; spread = interquartile range / median',
      aadBytes: 16,
      nonce: 'one fixed 12-byte nonce per run (the same message is processed repeatedly; never reuse a nonce with real data)',
      outputBuffers:
        'hwcrypt (seal/open/CTR) allocates its result per call below 16 KiB and writes into a reused preallocated output buffer from 16 KiB up; sodium-native and @noble/ciphers CTR always write into a reused buffer; node:crypto, WebCrypto and the other libraries allocate per call, as their APIs do. Where first-touch page faults are slow (~10 us per 4 KiB on a VM) a loop of allocating calls pays more than the median shows: meanNsPerOp in the JSON/HTML includes those costs',
      allocator: gcForced
        ? 'a full V8 GC before every round (no implementation is charged for garbage another left); a 24 MiB buffer allocated and freed first so the C allocator is in a long-running process state'
        : 'V8 gc() could not be exposed: garbage from one implementation may be collected during another one\'s samples',
      baseline: 'node:crypto as apps write it: a new createCipheriv/createDecipheriv/createHash/createHmac per message',
      cycles: {
        source: counter.kind,
        label: CYCLE_SOURCE_LABEL[counter.kind],
        detail: counter.detail,
        coreCyclesPerTick: counter.calibration?.coreCyclesPerTick ?? null,
        calibrationRangePct: counter.calibration?.rangePct ?? null,
        calibrationDiscarded: counter.calibration ? `${counter.calibration.discarded} of ${counter.calibration.readings.length}` : null,
        coreCyclesPerTickAfter: after,
        pmuUnavailableReason: counter.pmuUnavailableReason,
      },
      cpuTime: 'process.cpuUsage() user + system of all threads over the timed phase, per 10^9 bytes',
      energy: { available: energy.available, source: energy.label, reason: energy.reason },
      durationMs: Date.now() - t0,
    },
    results: out.results,
    skipped: out.skipped,
    hardwareVsSoftware: hardwareVsSoftware(out.results),
    ...(sections.length > 0 ? { sections } : {}),
  };

  io.stdout(`${renderTable(doc)}\n`);
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
    io.stderr(`wrote ${opts.json}\n`);
  }
  if (opts.html) {
    writeFileSync(opts.html, renderHtml(doc));
    io.stderr(`wrote ${opts.html}\n`);
  }
  if (opts.chart) {
    writeFileSync(opts.chart, renderChartSvg(doc));
    io.stderr(`wrote ${opts.chart}\n`);
  }
  return 0;
}
