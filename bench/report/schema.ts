/**
 * JSON Schema (draft-07) of the `hwcrypt bench --json` document. The field
 * descriptions are its documentation; `hwcrypt schema` prints it.
 */
import { RESULT_FORMAT } from './types.js';

const num = (description: string) => ({ type: 'number', description });
const numOrNull = (description: string) => ({ type: ['number', 'null'], description });
const str = (description: string) => ({ type: 'string', description });
const strOrNull = (description: string) => ({ type: ['string', 'null'], description });

const DIRECTIONS = ['seal', 'open', 'encrypt', 'hash', 'mac', 'derive'];
const CYCLE_SOURCES = ['pmu', 'tsc', 'none'];

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
          algorithm: str('Algorithm id, e.g. aes-128-gcm, sha256, hmac-sha256.'),
          direction: { enum: DIRECTIONS, description: 'seal/open for AEADs; encrypt for CTR; hash; mac.' },
          size: { type: 'integer', minimum: 1, description: 'Message size in bytes.' },
          implementation: str("Implementation id, e.g. 'hwcrypt:aesni', 'node:crypto', 'webcrypto-x8', '@noble/ciphers'."),
          label: str('Display label (with version for peers).'),
          group: { enum: ['hwcrypt', 'node', 'webcrypto', 'peer'] },
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
        properties: { algorithm: str('Algorithm id.'), implementation: str('Implementation id.'), label: str('Display label.'), reason: str('Why it was not measured.') },
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
          algorithm: str('Algorithm id.'),
          direction: { enum: DIRECTIONS },
          size: { type: 'integer', minimum: 1 },
          hardwareBackend: str('Backend with the fewest cycles/byte.'),
          hardwareCyclesPerByte: num('Its cycles/byte.'),
          softCyclesPerByte: num("The soft backend's cycles/byte."),
          ratio: num('soft / hardware: how many times fewer cycles the crypto instructions take.'),
        },
      },
    },
  },
} as const;
