/**
 * Command-line parsing for `hwcrypt` (node:util parseArgs). Pure: it checks
 * names and shapes only; which backends and peers exist is decided later,
 * against the machine.
 */
import { parseArgs } from 'node:util';
import { PEER_IDS, type PeerId } from './impls/peers.js';
import { ALGO_PRESETS, ALGOS, DEFAULT_ALGOS, DEFAULT_SIZES, FULL_EXTRA_SIZES, LENIENT_PRESETS, SECTION_IDS, algoById, parseSize, type AlgoId, type SectionId } from './algos.js';

/** Peer implementation groups selectable with `--peers`. */

export interface BenchOptions {
  command: 'bench';
  mode: 'quick' | 'full';
  algos: AlgoId[];
  /** True when `--algos` was given (then a missing algorithm is an error, not a silent skip). */
  algosExplicit: boolean;
  /** Algorithms that came only from a preset that tolerates unimplemented members (LENIENT_PRESETS). */
  algosOptional?: AlgoId[];
  sizes: number[];
  /** hwcrypt backends to measure; null = every available one. */
  backends: string[] | null;
  /** Peers to measure; [] with --no-peers. node:crypto is always measured (the baseline). */
  peers: PeerId[];
  direction: 'seal' | 'open' | 'both';
  json: string | null;
  html: string | null;
  /** Optional SVG chart (the README image). */
  chart: string | null;
  /** Override of the sampling time per implementation per round, ms. */
  timeMs: number | null;
  /** Number of interleaved rounds. */
  rounds: number | null;
  /** Concurrency of the "WebCrypto, N concurrent" row. */
  concurrency: number;
  /**
   * What to run, in this order: 'algos' (the algorithm x size tables),
   * 'many' (many small messages), 'async'. Default: algos (quick) or all
   * three (--full).
   */
  sections: SectionId[];
}

export type Command =
  | BenchOptions
  | { command: 'info'; json: boolean }
  | { command: 'schema' }
  | { command: 'help' };

/** An invalid command line: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage:
  hwcrypt bench [options]   measure hwcrypt's backends against node:crypto, WebCrypto and JS/WASM libraries
  hwcrypt info [--json]     CPU, crypto features, chosen backends, versions, cycle and energy sources
  hwcrypt schema            print the JSON schema of 'bench --json' output
  hwcrypt help

bench options:
  --quick                 about a minute (default)
  --full                  longer sampling, 5 rounds, adds 16 MiB
  --algos LIST            comma list; default ${DEFAULT_ALGOS.join(',')}
                          known: ${ALGOS.map((a) => a.id).join(',')}
                          presets: ${Object.keys(ALGO_PRESETS).join(', ')} (modes: CBC,
                          ECB, XTS, CCM and CMAC with AES-128; kdf: HKDF, PBKDF2;
                          aegis: the AEGIS family and AEGIS-MAC; aead: GCM,
                          GCM-SIV and AEGIS; mac: AES-CMAC, HMAC-SHA256, AEGIS-MAC)
                          KDF rows (hkdf-*, pbkdf2-*: 600,000 iterations, 32-byte
                          output, against node:crypto only) and the block-cipher
                          modes run only when listed
  --sizes LIST            comma list of sizes, e.g. 16,64,1K,64KiB,1MiB
                          default ${DEFAULT_SIZES.join(',')} (+16MiB with --full)
  --backends LIST         hwcrypt backends to measure, e.g. aesni,soft
                          (default: every one this CPU has; see 'hwcrypt info')
  --peers LIST            ${PEER_IDS.join(',')} (default: all installed)
  --no-peers              measure hwcrypt and the node:crypto baseline only
  --direction D           seal | open | both for AEADs (default both); for CBC,
                          ECB and XTS seal = encrypt, open = decrypt; CTR,
                          hashes and MACs have one direction, always measured
  --json FILE             write results as JSON (schema: 'hwcrypt schema')
  --html FILE             write a self-contained HTML report with charts
  --chart FILE            write an SVG chart of throughput vs message size
  --time MS               sampling time per implementation per round
  --rounds N              interleaved rounds (default 3 quick, 5 full)
  --concurrency N         in-flight promises for the WebCrypto concurrent row (default 8)
  --section LIST          ${SECTION_IDS.join(', ')} or all (default: algos; --full: all)
                          algos: the algorithm x size tables (--algos, --sizes);
                          many: many small messages (batch AEAD, sha256.many per
                          multi-buffer backend, merkle, HmacKey, per-call cost);
                          async: 8 x 1 MiB in flight vs one at a time, and
                          event-loop delay while a 256 MiB sealAsync runs

Nothing is written unless --json/--html/--chart is given. Progress goes to stderr.`;

function list(v: string | undefined): string[] | null {
  if (v === undefined) return null;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError('empty list');
  return items;
}

function positiveNumber(name: string, v: string | undefined, integer: boolean, max: number): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name}: expected a ${integer ? 'whole ' : ''}number in (0, ${max}], got '${v}'`);
  }
  return n;
}

/**
 * Parses argv (without node and script).
 * @throws UsageError on an unknown command or option, or an invalid value.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') return { command: 'help' };
  if (cmd === 'info') {
    const { values } = wrap(() =>
      parseArgs({ args: rest, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }),
    );
    if (values.help) return { command: 'help' };
    return { command: 'info', json: values.json === true };
  }
  if (cmd === 'schema') {
    wrap(() => parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false }));
    return { command: 'schema' };
  }
  if (cmd !== 'bench') throw new UsageError(`unknown command '${cmd}' (expected bench, info, schema or help)`);

  const { values } = wrap(() =>
    parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        full: { type: 'boolean' },
        algos: { type: 'string' },
        sizes: { type: 'string' },
        backends: { type: 'string' },
        peers: { type: 'string' },
        'no-peers': { type: 'boolean' },
        direction: { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
        chart: { type: 'string' },
        time: { type: 'string' },
        rounds: { type: 'string' },
        concurrency: { type: 'string' },
        section: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) return { command: 'help' };
  if (values.quick && values.full) throw new UsageError('--quick and --full are mutually exclusive');
  const mode = values.full ? 'full' : 'quick';

  let algos: AlgoId[] = [...DEFAULT_ALGOS];
  const algosOptional: AlgoId[] = [];
  const named: AlgoId[] = [];
  const algoList = wrapList('algos', values.algos);
  if (algoList) {
    algos = [];
    for (const a of algoList) {
      const preset = ALGO_PRESETS[a.toLowerCase()];
      if (preset) {
        for (const id of preset) {
          if (!algos.includes(id)) algos.push(id);
          if (LENIENT_PRESETS.includes(a.toLowerCase()) && !algosOptional.includes(id)) algosOptional.push(id);
        }
        continue;
      }
      const spec = algoById(a.toLowerCase());
      if (!spec) throw new UsageError(`--algos: unknown algorithm '${a}' (known: ${ALGOS.map((x) => x.id).join(', ')})`);
      if (!algos.includes(spec.id)) algos.push(spec.id);
      named.push(spec.id);
    }
  }

  let sizes: number[] = [...DEFAULT_SIZES, ...(mode === 'full' ? FULL_EXTRA_SIZES : [])];
  const sizeList = wrapList('sizes', values.sizes);
  if (sizeList) {
    sizes = [];
    for (const s of sizeList) {
      let n: number;
      try {
        n = parseSize(s);
      } catch (e) {
        throw new UsageError(`--sizes: ${(e as Error).message}`);
      }
      if (!sizes.includes(n)) sizes.push(n);
    }
    sizes.sort((a, b) => a - b);
  }

  let backends: string[] | null = null;
  const backendList = wrapList('backends', values.backends);
  if (backendList) {
    backends = [];
    for (const b of backendList) {
      // Which backends exist is checked against the machine (backends()) later.
      if (!/^[a-z][a-z0-9_]*$/.test(b)) throw new UsageError(`--backends: invalid backend name '${b}'`);
      if (!backends.includes(b)) backends.push(b);
    }
  }

  if (values['no-peers'] && values.peers !== undefined) throw new UsageError('--peers and --no-peers are mutually exclusive');
  let peers: PeerId[] = values['no-peers'] ? [] : [...PEER_IDS];
  const peerList = wrapList('peers', values.peers);
  if (peerList) {
    peers = [];
    for (const p of peerList) {
      if (!(PEER_IDS as readonly string[]).includes(p)) throw new UsageError(`--peers: unknown peer '${p}' (known: ${PEER_IDS.join(', ')})`);
      if (!peers.includes(p as PeerId)) peers.push(p as PeerId);
    }
  }

  const direction = values.direction ?? 'both';
  if (direction !== 'seal' && direction !== 'open' && direction !== 'both') {
    throw new UsageError(`--direction: expected seal, open or both, got '${direction}'`);
  }
  for (const k of ['json', 'html', 'chart'] as const) {
    const v = values[k];
    if (v !== undefined && (v === '' || v.startsWith('--'))) throw new UsageError(`--${k}: expected a file name, got '${v}'`);
  }

  let sections: SectionId[] = mode === 'full' ? [...SECTION_IDS] : ['algos'];
  const sectionList = wrapList('section', values.section);
  if (sectionList) {
    const picked = new Set<SectionId>();
    for (const x of sectionList) {
      const v = x.toLowerCase();
      if (v === 'all') for (const id of SECTION_IDS) picked.add(id);
      else if ((SECTION_IDS as readonly string[]).includes(v)) picked.add(v as SectionId);
      else throw new UsageError(`--section: unknown section '${x}' (known: ${SECTION_IDS.join(', ')}, all)`);
    }
    // --algos names algorithms of the algos section: asking for them runs it.
    if (algoList) picked.add('algos');
    sections = SECTION_IDS.filter((id) => picked.has(id));
  }

  return {
    command: 'bench',
    mode,
    algos,
    algosExplicit: algoList !== null,
    algosOptional: algosOptional.filter((id) => !named.includes(id)),
    sizes,
    backends,
    peers,
    direction,
    json: values.json ?? null,
    html: values.html ?? null,
    chart: values.chart ?? null,
    timeMs: positiveNumber('time', values.time, false, 60_000),
    rounds: positiveNumber('rounds', values.rounds, true, 50),
    concurrency: positiveNumber('concurrency', values.concurrency, true, 1024) ?? 8,
    sections,
  };
}

function wrapList(name: string, v: string | undefined): string[] | null {
  try {
    return list(v);
  } catch {
    throw new UsageError(`--${name}: empty list`);
  }
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    // parseArgs throws TypeError with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION.
    throw new UsageError((e as Error).message);
  }
}
