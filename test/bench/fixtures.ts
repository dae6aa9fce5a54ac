/** Synthetic benchmark documents for the reporter tests (no addon needed). */
import type { BenchDocument, BenchRecord } from '../../bench/report/types.js';
import { RESULT_FORMAT } from '../../bench/report/types.js';
import { hardwareVsSoftware } from '../../bench/report/derive.js';

type Impl = { id: string; label: string; group: BenchRecord['group']; backend: string | null; baseline?: boolean; gbps: number; overheadNs: number };

const IMPLS: Impl[] = [
  { id: 'hwcrypt:vaes512', label: 'hwcrypt vaes512', group: 'hwcrypt', backend: 'vaes512', gbps: 20, overheadNs: 60 },
  { id: 'hwcrypt:aesni', label: 'hwcrypt aesni', group: 'hwcrypt', backend: 'aesni', gbps: 8, overheadNs: 60 },
  { id: 'hwcrypt:soft', label: 'hwcrypt soft', group: 'hwcrypt', backend: 'soft', gbps: 0.2, overheadNs: 200 },
  { id: 'node:crypto', label: 'node:crypto', group: 'node', backend: null, baseline: true, gbps: 5, overheadNs: 1500 },
  { id: 'webcrypto', label: 'WebCrypto (sequential await)', group: 'webcrypto', backend: null, gbps: 3, overheadNs: 8000 },
  { id: '@noble/ciphers', label: '@noble/ciphers 2.4.0', group: 'peer', backend: null, gbps: 0.05, overheadNs: 3000 },
];

/** Records following a simple cost model: overhead + size / throughput. */
export function makeRecords(algorithms: BenchRecord['algorithm'][] = ['aes-128-gcm', 'sha256'], sizes = [64, 1024, 65536], opts: { withError?: boolean } = {}): BenchRecord[] {
  const out: BenchRecord[] = [];
  const cyclesPerNs = 3.5;
  for (const algorithm of algorithms) {
    const direction = algorithm.includes('gcm') ? 'seal' : algorithm.startsWith('hmac') ? 'mac' : algorithm.includes('ctr') ? 'encrypt' : 'hash';
    for (const size of sizes) {
      const base = IMPLS.find((i) => i.baseline) as Impl;
      const baseNs = base.overheadNs + size / base.gbps;
      for (const impl of IMPLS) {
        const ns = impl.overheadNs + size / impl.gbps;
        const isErr = opts.withError === true && impl.id === 'webcrypto' && size === sizes[0];
        out.push({
          algorithm,
          direction,
          size,
          implementation: impl.id,
          label: impl.label,
          group: impl.group,
          backend: impl.backend,
          baseline: impl.baseline === true,
          status: isErr ? 'error' : 'ok',
          error: isErr ? 'failed: Error: boom' : null,
          mbPerSec: isErr ? null : (size / ns) * 1e3,
          nsPerOp: isErr ? null : ns,
          opsPerSec: isErr ? null : 1e9 / ns,
          meanNsPerOp: isErr ? null : ns * (impl.group === 'node' && size >= 65536 ? 1.6 : 1.02),
          samples: isErr ? 0 : 300,
          batch: isErr ? 0 : Math.max(1, Math.round(25_000 / ns)),
          spread: isErr ? null : { iqrPct: 2.5, p25Ns: ns * 0.99, p75Ns: ns * 1.015, minNs: ns * 0.95, madNs: ns * 0.01 },
          cyclesPerByte: isErr ? null : (ns * cyclesPerNs) / size,
          cyclesPerOp: isErr ? null : ns * cyclesPerNs,
          cyclesSource: 'tsc',
          cyclesScope: impl.group === 'webcrypto' ? 'elapsed' : 'thread',
          cpuSecondsPerGB: isErr ? null : ns / size,
          joulesPerGB: null,
          ratioToNode: isErr ? null : baseNs / ns,
          outputReused: impl.group === 'hwcrypt',
          verified: !isErr,
        });
      }
    }
  }
  return out;
}

export function makeDocument(records: BenchRecord[] = makeRecords()): BenchDocument {
  return {
    format: RESULT_FORMAT,
    createdAt: '2026-01-01T00:00:00.000Z',
    command: 'hwcrypt bench --quick',
    machine: {
      cpuModel: 'Test CPU <with> "markup" & ampersand',
      arch: 'x64',
      platform: 'linux',
      os: 'Linux 6.1',
      logicalCpus: 2,
      totalMemoryBytes: 8e9,
      features: { aesni: true, pclmul: true, vaes: true, shani: true, armAes: false },
    },
    versions: { node: '20.20.2', v8: '11.3', openssl: '3.0.15', hwcrypt: '0.1.0', addon: '0.1.0', napi: 8, tinybench: '6.2.5', peers: { '@noble/ciphers': '2.4.0' } },
    backends: { selected: { aes: 'vaes512', sha256: 'shani' }, available: { aes: ['vaes512', 'aesni', 'soft'], sha256: ['shani', 'soft'] } },
    method: {
      mode: 'quick',
      rounds: 3,
      timePerRoundMs: 20,
      warmupMs: 10,
      targetSampleNs: 25000,
      interleaved: 'interleaved rounds',
      statistic: 'median',
      aadBytes: 16,
      nonce: 'fixed',
      outputBuffers: 'hwcrypt reuses output buffers',
      allocator: 'full GC before each round',
      baseline: 'node:crypto per message',
      cycles: { source: 'tsc', label: 'TSC-calibrated', detail: 'rdtsc', coreCyclesPerTick: 1.67, calibrationRangePct: 0.4, calibrationDiscarded: '3 of 31', coreCyclesPerTickAfter: 1.668, pmuUnavailableReason: 'no PMU' },
      cpuTime: 'process.cpuUsage()',
      energy: { available: false, source: 'not available here', reason: 'no RAPL' },
      durationMs: 1234,
    },
    results: records,
    skipped: [{ algorithm: 'aes-128-gcm', implementation: 'aes-js', label: 'aes-js', reason: 'aes-js has no GCM' }],
    hardwareVsSoftware: hardwareVsSoftware(records),
  };
}
