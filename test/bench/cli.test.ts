import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALGO_IDS, ALGOS, DEFAULT_ALGOS, DEFAULT_SIZES, directionsFor, algoById } from '../../bench/algos.js';
import { UsageError, parseCommandLine, type BenchOptions } from '../../bench/options.js';
import { upperCluster } from '../../bench/metrics.js';
import { openEnergySource } from '../../bench/metrics.js';

/** Runs fn with process.platform reading as `platform` (the energy reader branches on it). */
function withPlatform<T>(platform: NodeJS.Platform, fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...saved, value: platform });
  try {
    return fn();
  } finally {
    Object.defineProperty(process, 'platform', saved);
  }
}

function bench(argv: string[]): BenchOptions {
  const c = parseCommandLine(['bench', ...argv]);
  if (c.command !== 'bench') throw new Error('not bench');
  return c;
}

describe('algorithms', () => {
  it('ALGOS has one spec per id in ALGO_IDS (the list the JSON schema accepts), in order', () => {
    expect(ALGOS.map((a) => a.id)).toEqual([...ALGO_IDS]);
  });
});

describe('command line parsing', () => {
  it('defaults: quick, default algorithms and sizes, all peers, both directions, writes nothing', () => {
    const o = bench([]);
    expect(o.mode).toBe('quick');
    expect(o.algos).toEqual(DEFAULT_ALGOS);
    expect(o.sizes).toEqual(DEFAULT_SIZES);
    expect(o.direction).toBe('both');
    expect(o.peers).toContain('noble');
    expect(o.json).toBeNull();
    expect(o.html).toBeNull();
    expect(o.chart).toBeNull();
    expect(o.backends).toBeNull();
  });

  it('--full adds 16 MiB; --sizes parses units, dedups and sorts', () => {
    expect(bench(['--full']).sizes).toContain(16 * 1024 * 1024);
    expect(bench(['--sizes', '64K,16,1MiB,16']).sizes).toEqual([16, 65536, 1048576]);
  });

  it('lists and files', () => {
    const o = bench(['--algos', 'aes-128-gcm,SHA256', '--json', 'a.json', '--html', 'b.html', '--no-peers', '--direction', 'open', '--backends', 'aesni,soft']);
    expect(o.algos).toEqual(['aes-128-gcm', 'sha256']);
    expect(o.algosExplicit).toBe(true);
    expect(o.json).toBe('a.json');
    expect(o.html).toBe('b.html');
    expect(o.peers).toEqual([]);
    expect(o.direction).toBe('open');
    expect(o.backends).toEqual(['aesni', 'soft']);
    expect(bench(['--peers', 'noble,hash-wasm']).peers).toEqual(['noble', 'hash-wasm']);
    expect(bench(['--time', '2.5', '--rounds', '2']).timeMs).toBe(2.5);
  });

  it.each([
    [['--bogus'], /Unknown option/],
    [['--algos', 'aes-512-gcm'], /unknown algorithm 'aes-512-gcm'/],
    [['--algos', ''], /empty list/],
    [['--sizes', '0'], /--sizes: invalid size '0'/],
    [['--sizes', 'big'], /--sizes: invalid size 'big'/],
    [['--direction', 'sideways'], /--direction: expected seal, open or both/],
    [['--quick', '--full'], /mutually exclusive/],
    [['--peers', 'openssl'], /unknown peer 'openssl'/],
    [['--peers', 'noble', '--no-peers'], /mutually exclusive/],
    [['--time', '-1'], /--time/],
    [['--rounds', '1.5'], /--rounds/],
    [['--json'], /argument missing|requires|expected/i],
    [['extra'], /positional/i],
  ])('rejects %j', (argv, msg) => {
    expect(() => parseCommandLine(['bench', ...argv])).toThrow(UsageError);
    expect(() => parseCommandLine(['bench', ...argv])).toThrow(msg);
  });

  it('commands', () => {
    expect(parseCommandLine([]).command).toBe('help');
    expect(parseCommandLine(['info']).command).toBe('info');
    expect(parseCommandLine(['info', '--json'])).toEqual({ command: 'info', json: true });
    expect(parseCommandLine(['schema']).command).toBe('schema');
    expect(() => parseCommandLine(['benchmark'])).toThrow(/unknown command/);
  });

  it('directions per algorithm kind', () => {
    expect(directionsFor(algoById('aes-128-gcm')!, 'both')).toEqual(['seal', 'open']);
    expect(directionsFor(algoById('aes-128-gcm')!, 'open')).toEqual(['open']);
    expect(directionsFor(algoById('aes-128-ctr')!, 'open')).toEqual(['encrypt']);
    expect(directionsFor(algoById('sha256')!, 'both')).toEqual(['hash']);
    expect(directionsFor(algoById('hmac-sha256')!, 'seal')).toEqual(['mac']);
  });
});

describe('metrics', () => {
  it('TSC calibration keeps the upper cluster (interrupted runs read low)', () => {
    const c = upperCluster([1.71, 0.14, 1.709, 0.33, 1.712, 1.65, 1.708, 0.2, 1.71, 1.711], 400_000);
    expect(c.coreCyclesPerTick).toBeCloseTo(1.71, 2);
    expect(c.discarded).toBe(4);
    expect(c.rangePct).toBeLessThan(1);
  });

  it('energy is unavailable with a reason when there is no RAPL', () => {
    const e = withPlatform('linux', () => openEnergySource('/nonexistent/powercap'));
    expect(e.available).toBe(false);
    expect(e.reason).toMatch(/no RAPL: \/nonexistent\/powercap does not exist/);
    expect(e.label).toBe('not available here');
  });

  it('energy is unavailable off Linux, with the platform named', () => {
    for (const [platform, reason] of [['darwin', /macOS/], ['win32', /on win32/], ['freebsd', /on freebsd/]] as const) {
      const e = withPlatform(platform, () => openEnergySource());
      expect(e.available, platform).toBe(false);
      expect(e.reason, platform).toMatch(reason);
      expect(e.label).toBe('not available here');
    }
  });
});

describe('cycle counter selection (fake timing API)', () => {
  function fake(pmu: 'ok' | 'none' | 'dead', tsc: 'rdtsc' | 'none' = 'rdtsc') {
    let cycles = 0n;
    let ticks = 0n;
    const closed: number[] = [];
    const api = {
      timestamp: () => ticks,
      timestampSource: () => tsc,
      // n adds take n cycles = n / 1.7 ticks at 3.5 GHz core / 2.06 GHz TSC
      calibrateChain: (n: number) => {
        if (pmu === 'ok') cycles += BigInt(n);
        const dt = BigInt(Math.round(n / 1.7));
        ticks += dt;
        return dt;
      },
      perfCyclesOpen: () => (pmu === 'none' ? -1 : 7),
      perfCyclesRead: (h: number) => {
        expect(h).toBe(7);
        return cycles;
      },
      perfCyclesClose: (h: number) => void closed.push(h),
    };
    return { api, closed };
  }

  it('uses the PMU when it opens and counts', async () => {
    const { openCycleCounter } = await import('../../bench/metrics.js');
    const { api, closed } = fake('ok');
    const c = openCycleCounter(api);
    expect(c.kind).toBe('pmu');
    expect(c.label).toBe('PMU core cycles');
    expect(c.toCycles(1234n)).toBe(1234);
    c.close();
    expect(closed).toEqual([7]);
  });

  it('falls back to the calibrated TSC when the PMU opens but does not count', async () => {
    const { openCycleCounter } = await import('../../bench/metrics.js');
    const { api, closed } = fake('dead');
    const c = openCycleCounter(api);
    expect(closed).toEqual([7]);
    expect(c.kind).toBe('tsc');
    expect(c.pmuUnavailableReason).toMatch(/read 0 cycles/);
    expect(c.calibration!.coreCyclesPerTick).toBeCloseTo(1.7, 2);
    expect(c.toCycles(1000n)).toBeCloseTo(1700, -1);
  });

  it('TSC-calibrated without a PMU; none without any counter', async () => {
    const { openCycleCounter } = await import('../../bench/metrics.js');
    const t = openCycleCounter(fake('none').api);
    expect(t.kind).toBe('tsc');
    expect(t.label).toBe('TSC-calibrated');
    expect(t.detail).toBe('rdtsc');
    const n = openCycleCounter(fake('none', 'none').api);
    expect(n.kind).toBe('none');
    expect(openCycleCounter(null).kind).toBe('none');
  });
});

describe('RAPL energy (fake powercap tree)', () => {
  it('sums package zones, ignores sub-zones, corrects a counter wrap', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { openEnergySource: open } = await import('../../bench/metrics.js');
    const root = mkdtempSync(join(tmpdir(), 'rapl-'));
    try {
      const zone = (name: string, uj: number, label: string) => {
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, 'energy_uj'), `${uj}\n`);
        writeFileSync(join(root, name, 'max_energy_range_uj'), '1000000\n');
        writeFileSync(join(root, name, 'name'), `${label}\n`);
      };
      zone('intel-rapl:0', 999_000, 'package-0');
      zone('intel-rapl:0:0', 5, 'core');
      // The reader only looks at process.platform and the files under root,
      // so with the platform set to linux the fake tree is read on any OS.
      const e = withPlatform('linux', () => open(root));
      expect(e.available).toBe(true);
      expect(e.label).toMatch(/intel-rapl:0\(package-0\)/);
      expect(e.label).not.toMatch(/intel-rapl:0:0/);
      const a = e.readMicrojoules();
      writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), '1000\n'); // wrapped: +2000 uJ
      writeFileSync(join(root, 'intel-rapl:0:0', 'energy_uj'), '999999\n'); // sub-zone: ignored
      expect(e.readMicrojoules() - a).toBe(2000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
