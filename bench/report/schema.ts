/**
 * JSON Schema (draft-07) of the `hwcrypt bench --json` document: the one
 * definition of the format. Its field descriptions are the documentation;
 * `hwcrypt schema` prints it, and types.ts derives the TypeScript types of
 * the document from it (FromSchema), so the two cannot disagree. The value
 * lists (algorithms, directions, groups, cycle sources) come from the
 * modules that own them.
 */
import { ALGO_IDS, CASE_SECTION_IDS, DIRECTIONS } from '../algos.js';
import { IMPL_GROUPS } from '../impl.js';
import { CYCLE_SOURCES } from '../metrics.js';

export const RESULT_FORMAT = 'hwcrypt-bench/1';

const num = (description: string) => ({ type: 'number', description }) as const;
const numOrNull = (description: string) => ({ type: ['number', 'null'], description }) as const;
const str = (description: string) => ({ type: 'string', description }) as const;
const strOrNull = (description: string) => ({ type: ['string', 'null'], description }) as const;

const boolOrNull = (description: string) => ({ type: ['boolean', 'null'], description }) as const;

const SPREAD = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['iqrPct', 'p25Ns', 'p75Ns', 'minNs', 'madNs'],
  properties: {
    iqrPct: num('Interquartile range of ns/op relative to the median, percent.'),
    p25Ns: num('25th percentile ns/op.'),
    p75Ns: num('75th percentile ns/op.'),
    minNs: num('Fastest sample, ns/op.'),
    madNs: num('Median absolute deviation, ns/op.'),
  },
} as const;

/** One row of a section case: an implementation processing the case's messages. */
const CASE_ROW = {
  type: 'object',
  additionalProperties: false,
  required: [
    'implementation', 'label', 'group', 'backend', 'baseline', 'reference', 'messagesPerOp', 'status', 'error', 'nsPerOp', 'nsPerMessage', 'messagesPerSec',
    'mbPerSec', 'meanNsPerMessage', 'samples', 'batch', 'spread', 'cyclesPerByte', 'cyclesPerMessage', 'cyclesSource', 'cyclesScope',
    'cpuSecondsPerGB', 'joulesPerGB', 'ratioToNode', 'ratioToReference', 'target', 'meetsTarget', 'outputReused', 'verified',
  ],
  properties: {
    implementation: str("Row id, e.g. 'hwcrypt:sealMany', 'node:crypto', 'webcrypto-all'."),
    label: str('Display label: the call measured.'),
    group: { enum: IMPL_GROUPS },
    backend: strOrNull('hwcrypt backend (or multi-buffer kernel) for hwcrypt rows, when forced or known.'),
    baseline: { type: 'boolean', description: 'True for the node:crypto row (as apps write it) the ratioToNode figures are relative to.' },
    reference: { type: 'boolean', description: "True for the case's reference row (hwcrypt's own per-message or single-stream call) ratioToReference is relative to." },
    messagesPerOp: {
      type: 'integer',
      minimum: 1,
      description: "Messages per timed operation: the case's `messages` for a batch call, 1 for a per-message row (which cycles through the same messages).",
    },
    status: { enum: ['ok', 'error'] },
    error: strOrNull('What went wrong when status is error.'),
    nsPerOp: numOrNull('Median time of one operation (messagesPerOp messages), ns.'),
    nsPerMessage: numOrNull('nsPerOp / messagesPerOp. The ratios compare this figure.'),
    messagesPerSec: numOrNull('Messages per second at the median.'),
    mbPerSec: numOrNull('Message bytes per second at the median, 10^6 bytes/s.'),
    meanNsPerMessage: numOrNull('Mean over all timed operations, per message (includes periodic GC and page-fault costs the median can hide).'),
    samples: { type: 'integer', minimum: 0, description: 'Timed samples pooled over all rounds.' },
    batch: { type: 'integer', minimum: 0, description: 'Operations per timed sample.' },
    spread: SPREAD,
    cyclesPerByte: numOrNull('Median core cycles per message byte.'),
    cyclesPerMessage: numOrNull('Median core cycles per message.'),
    cyclesSource: { enum: CYCLE_SOURCES },
    cyclesScope: { enum: ['thread', 'elapsed'], description: "'elapsed' for rows that await promises (the work runs on the libuv pool)." },
    cpuSecondsPerGB: numOrNull('process.cpuUsage() user+system seconds (all threads) per 10^9 message bytes.'),
    joulesPerGB: numOrNull('Package energy per 10^9 message bytes; null when no energy counter is readable.'),
    ratioToNode: numOrNull("node:crypto's nsPerMessage divided by this row's: times faster per message."),
    ratioToReference: numOrNull("The reference row's nsPerMessage divided by this row's."),
    target: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['ratio', 'against'],
      properties: {
        ratio: num('The ratio the issue asks for.'),
        against: { enum: ['node', 'reference'], description: 'Which ratio the target applies to.' },
      },
      description: "The issue's target for this row, if it has one.",
    },
    meetsTarget: boolOrNull('Whether this run met the target (null: no target, or not measured).'),
    outputReused: { type: 'boolean', description: 'True when the row writes into preallocated output buffers reused across operations.' },
    verified: { type: 'boolean', description: "True when the row's output was checked equal to node:crypto's before timing." },
  },
} as const;

/** One event-loop delay measurement (async section). */
const EVENT_LOOP_ROW = {
  type: 'object',
  additionalProperties: false,
  required: [
    'implementation', 'label', 'group', 'status', 'error', 'bytes', 'runs', 'resolutionMs', 'p50Ms', 'p99Ms', 'maxMs', 'meanMs',
    'elapsedMs', 'mbPerSec', 'targetP99Ms', 'meetsTarget', 'outputReused', 'verified',
  ],
  properties: {
    implementation: str("Row id, e.g. 'hwcrypt:sealAsync', 'idle'."),
    label: str('Display label.'),
    group: { enum: IMPL_GROUPS },
    status: { enum: ['ok', 'error'] },
    error: strOrNull('What went wrong when status is error.'),
    bytes: { type: 'integer', minimum: 0, description: 'Message size of each run (0 for the idle row).' },
    runs: { type: 'integer', minimum: 0, description: 'Runs pooled into the histogram (interleaved with the other rows).' },
    resolutionMs: num('monitorEventLoopDelay resolution: the timer interval; an idle loop reads about this much.'),
    p50Ms: numOrNull('Median of the histogram, ms (interval between timer callbacks, resolution included).'),
    p99Ms: numOrNull('99th percentile, ms.'),
    maxMs: numOrNull('Longest interval, ms.'),
    meanMs: numOrNull('Mean interval, ms.'),
    elapsedMs: numOrNull('Median wall time of one run, ms.'),
    mbPerSec: numOrNull('bytes / elapsed, 10^6 bytes/s.'),
    targetP99Ms: numOrNull("The issue's bound on p99 for this row, if it has one."),
    meetsTarget: boolOrNull('Whether p99 stayed below targetP99Ms (null: no target).'),
    outputReused: { type: 'boolean', description: 'True when the output buffer is allocated once and reused across runs.' },
    verified: { type: 'boolean', description: "True when the output was checked equal to node:crypto's." },
  },
} as const;

const SKIPPED_ROW = {
  type: 'object',
  additionalProperties: false,
  required: ['implementation', 'label', 'reason'],
  properties: { implementation: str('Row id.'), label: str('Display label.'), reason: str('Why it was not measured (absent API, missing peer).') },
} as const;

/** A section's case: one workload, every implementation of it in the same interleaved rounds. */
const SECTION_CASE = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'messages', 'messageBytes', 'note', 'reference', 'rows', 'skipped'],
  properties: {
    id: str("Case id, e.g. 'gcm-seal-many-64'."),
    title: str('What is measured.'),
    messages: { type: 'integer', minimum: 1, description: 'Messages processed by one operation of every row.' },
    messageBytes: { type: 'integer', minimum: 0, description: 'Bytes per message.' },
    note: strOrNull('How the rows call the APIs.'),
    reference: strOrNull('Implementation id of the reference row.'),
    rows: { type: 'array', items: CASE_ROW },
    skipped: { type: 'array', items: SKIPPED_ROW },
  },
} as const;

export const BENCH_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/hwcrypt/hwcrypt/bench/schema/hwcrypt-bench-1.json',
  title: 'hwcrypt bench results',
  description:
    'One run of `hwcrypt bench`: the machine, the versions, the method, and one record per algorithm x size x implementation x direction. MB = 10^6 bytes, GB = 10^9 bytes; sizes are bytes.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'createdAt', 'command', 'machine', 'versions', 'backends', 'method', 'results', 'skipped', 'hardwareVsSoftware'],
  properties: {
    format: { const: RESULT_FORMAT, description: 'Format identifier; changes when a field changes meaning.' },
    createdAt: { type: 'string', format: 'date-time', description: 'When the run finished (ISO 8601).' },
    command: str('The command line that produced this document.'),
    machine: {
      type: 'object',
      additionalProperties: false,
      required: ['cpuModel', 'arch', 'platform', 'os', 'logicalCpus', 'totalMemoryBytes', 'features'],
      properties: {
        cpuModel: str('CPU brand string.'),
        arch: str('Architecture (x64, arm64, ...).'),
        platform: str('process.platform.'),
        os: str('Operating system name and release.'),
        logicalCpus: { type: 'integer', minimum: 1 },
        totalMemoryBytes: num('Installed memory.'),
        features: { type: 'object', additionalProperties: { type: 'boolean' }, description: 'Crypto-relevant CPU features as detected by hwcrypt.' },
      },
    },
    versions: {
      type: 'object',
      additionalProperties: false,
      required: ['node', 'v8', 'openssl', 'hwcrypt', 'addon', 'napi', 'tinybench', 'peers'],
      properties: {
        node: str('Node.js version.'),
        v8: str('V8 version.'),
        openssl: str('OpenSSL version used by node:crypto.'),
        hwcrypt: str('hwcrypt package version.'),
        addon: strOrNull('Native addon version.'),
        napi: { type: ['integer', 'null'], description: 'N-API version of the addon.' },
        tinybench: str('tinybench version (the sampling engine).'),
        peers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Versions of the peer libraries that were measured.' },
      },
    },
    backends: {
      type: 'object',
      additionalProperties: false,
      required: ['selected', 'available'],
      properties: {
        selected: { type: 'object', additionalProperties: { type: 'string' }, description: 'Backend hwcrypt picks by default per family.' },
        available: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Backends this CPU can run per family, best first.' },
      },
    },
    method: {
      type: 'object',
      additionalProperties: false,
      required: [
        'mode', 'rounds', 'timePerRoundMs', 'warmupMs', 'targetSampleNs', 'interleaved', 'statistic', 'aadBytes', 'nonce',
        'outputBuffers', 'allocator', 'baseline', 'cycles', 'cpuTime', 'energy', 'durationMs',
      ],
      properties: {
        mode: { enum: ['quick', 'full'] },
        rounds: { type: 'integer', minimum: 1, description: 'Interleaved rounds per algorithm x size x direction.' },
        timePerRoundMs: num('Sampling time per implementation per round.'),
        warmupMs: num('Warm-up time per implementation (first round).'),
        targetSampleNs: num('Each timed sample is a batch of operations lasting about this long.'),
        interleaved: str('How implementations of one algorithm x size share the run.'),
        statistic: str('Which statistic the figures are.'),
        aadBytes: { type: 'integer', minimum: 0, description: 'Additional authenticated data per AEAD operation.' },
        nonce: str('Nonce handling.'),
        outputBuffers: str('Which implementations reuse output buffers.'),
        allocator: str('How V8 garbage collection and the C allocator were handled between rounds.'),
        baseline: str('What the ratios are relative to.'),
        cycles: {
          type: 'object',
          additionalProperties: false,
          required: ['source', 'label', 'detail', 'coreCyclesPerTick', 'calibrationRangePct', 'calibrationDiscarded', 'coreCyclesPerTickAfter', 'pmuUnavailableReason'],
          properties: {
            source: { enum: CYCLE_SOURCES, description: "'pmu': perf_event_open core cycles of this thread (user space); 'tsc': timestamp counter x calibrated core cycles per tick; 'none'." },
            label: str('"PMU core cycles", "TSC-calibrated" or "not available".'),
            detail: str('Counter used (perf_event_open, rdtsc, cntvct_el0) or why none.'),
            coreCyclesPerTick: numOrNull('TSC only: core cycles per tick measured with a dependent-add chain before the run.'),
            calibrationRangePct: numOrNull('TSC only: (max - min) / median of the kept calibration readings, percent.'),
            calibrationDiscarded: strOrNull('TSC only: calibration readings dropped as interrupted (they read low), e.g. "4 of 31".'),
            coreCyclesPerTickAfter: numOrNull('TSC only: the ratio measured again after the run (frequency drift check).'),
            pmuUnavailableReason: strOrNull('Why the PMU counter was not used.'),
          },
        },
        cpuTime: str('Source of CPU-seconds per GB.'),
        energy: {
          type: 'object',
          additionalProperties: false,
          required: ['available', 'source', 'reason'],
          properties: {
            available: { type: 'boolean' },
            source: str('Energy counter used, or "not available here".'),
            reason: strOrNull('Why there is no energy figure.'),
          },
        },
        durationMs: num('Wall time of the run.'),
      },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'algorithm', 'direction', 'size', 'implementation', 'label', 'group', 'backend', 'baseline', 'status', 'error', 'mbPerSec',
          'nsPerOp', 'opsPerSec', 'meanNsPerOp', 'samples', 'batch', 'spread', 'cyclesPerByte', 'cyclesPerOp', 'cyclesSource', 'cyclesScope',
          'cpuSecondsPerGB', 'joulesPerGB', 'ratioToNode', 'outputReused', 'verified',
        ],
        properties: {
          algorithm: { enum: ALGO_IDS, description: 'Algorithm id.' },
          direction: { enum: DIRECTIONS, description: 'seal/open for AEADs; encrypt for CTR; hash; mac.' },
          size: { type: 'integer', minimum: 1, description: 'Message size in bytes.' },
          implementation: str("Implementation id, e.g. 'hwcrypt:aesni', 'node:crypto', 'webcrypto-x8', '@noble/ciphers'."),
          label: str('Display label (with version for peers).'),
          group: { enum: IMPL_GROUPS },
          backend: strOrNull('hwcrypt backend for hwcrypt rows.'),
          baseline: { type: 'boolean', description: 'True for the node:crypto row the ratios are relative to.' },
          status: { enum: ['ok', 'error'] },
          error: strOrNull('What went wrong when status is error.'),
          mbPerSec: numOrNull('Throughput at the median time per op, 10^6 bytes/s.'),
          nsPerOp: numOrNull('Median time per operation (one message), ns.'),
          opsPerSec: numOrNull('Operations per second at the median.'),
          meanNsPerOp: numOrNull('Mean ns/op over all timed operations (sustained cost, including periodic GC and page-fault costs the median can hide).'),
          samples: { type: 'integer', minimum: 0, description: 'Timed samples pooled over all rounds.' },
          batch: { type: 'integer', minimum: 0, description: 'Operations per timed sample.' },
          spread: {
            type: ['object', 'null'],
            additionalProperties: false,
            required: ['iqrPct', 'p25Ns', 'p75Ns', 'minNs', 'madNs'],
            properties: {
              iqrPct: num('Interquartile range of ns/op relative to the median, percent.'),
              p25Ns: num('25th percentile ns/op.'),
              p75Ns: num('75th percentile ns/op.'),
              minNs: num('Fastest sample, ns/op.'),
              madNs: num('Median absolute deviation, ns/op.'),
            },
          },
          cyclesPerByte: numOrNull('Median core cycles per message byte (source in cyclesSource).'),
          cyclesPerOp: numOrNull('Median core cycles per operation.'),
          cyclesSource: { enum: CYCLE_SOURCES },
          cyclesScope: {
            enum: ['thread', 'elapsed'],
            description: "'thread': cycles of the benchmark thread doing the work; 'elapsed': core cycles of elapsed time (async rows, whose work runs on the threadpool).",
          },
          cpuSecondsPerGB: numOrNull('process.cpuUsage() user+system seconds (all threads) per 10^9 bytes.'),
          joulesPerGB: numOrNull('Package energy per 10^9 bytes; null when no energy counter is readable (never estimated).'),
          ratioToNode: numOrNull("node:crypto's median ns/op divided by this row's: how many times faster."),
          outputReused: { type: 'boolean', description: 'True when output goes into a reused preallocated buffer.' },
          verified: { type: 'boolean', description: "True when the output was checked equal to node:crypto's before timing." },
        },
      },
    },
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['algorithm', 'implementation', 'label', 'reason'],
        properties: { algorithm: { enum: ALGO_IDS, description: 'Algorithm id.' }, implementation: str('Implementation id.'), label: str('Display label.'), reason: str('Why it was not measured.') },
      },
    },
    hardwareVsSoftware: {
      type: 'array',
      description: "Per algorithm x direction x size: the best hardware backend's cycles/byte against hwcrypt's portable 'soft' backend.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['algorithm', 'direction', 'size', 'hardwareBackend', 'hardwareCyclesPerByte', 'softCyclesPerByte', 'ratio'],
        properties: {
          algorithm: { enum: ALGO_IDS, description: 'Algorithm id.' },
          direction: { enum: DIRECTIONS },
          size: { type: 'integer', minimum: 1 },
          hardwareBackend: str('Backend with the fewest cycles/byte.'),
          hardwareCyclesPerByte: num('Its cycles/byte.'),
          softCyclesPerByte: num("The soft backend's cycles/byte."),
          ratio: num('soft / hardware: how many times fewer cycles the crypto instructions take.'),
        },
      },
    },
    sections: {
      type: 'array',
      description: "The sections besides the algorithm tables (--section many, async): cases of many small messages, async scaling and event-loop delay. Absent when no such section ran.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'notes', 'cases', 'eventLoop', 'eventLoopSkipped'],
        properties: {
          id: { enum: CASE_SECTION_IDS },
          title: str('Section title.'),
          notes: { type: 'array', items: { type: 'string' }, description: 'Measured context the figures depend on (e.g. the first-touch page-fault cost).' },
          cases: { type: 'array', items: SECTION_CASE },
          eventLoop: { type: 'array', items: EVENT_LOOP_ROW },
          eventLoopSkipped: { type: 'array', items: SKIPPED_ROW, description: 'Event-loop rows not measured, with the reason.' },
        },
      },
    },
  },
} as const;
