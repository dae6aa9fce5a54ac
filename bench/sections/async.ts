/**
 * The "async" section: what the async twins (sealAsync, xorAsync,
 * sha256.async) buy on this machine.
 *
 * - Pool scaling: 8 messages of 1 MiB in flight together (Promise.all)
 *   against hwcrypt's synchronous call one message at a time (the
 *   reference: the issue asks for >= 1.8x its throughput on 2 cores), with
 *   node:crypto one at a time as the baseline and WebCrypto's 8 concurrent
 *   promises as its peer.
 * - Small messages: 1,000 x 64 B sealAsync, awaited one by one and all in
 *   flight, against the synchronous call: below the size threshold the work
 *   runs synchronously, so the promise costs little; WebCrypto pays the
 *   pool hop per message (nodejs/help#4510).
 * - Event-loop delay (perf_hooks.monitorEventLoopDelay) while one 256 MiB
 *   sealAsync runs (the issue: p99 < 5 ms), next to the same seal done
 *   synchronously, WebCrypto's encrypt, and an idle loop (the noise floor
 *   of this machine).
 *
 * Output buffers of the large rows are allocated once and reused: on this
 * kind of machine a first-touch page fault costs microseconds per 4 KiB
 * (measured at the start of the section and printed), which would
 * otherwise be most of what a fresh 1 MiB or 256 MiB output measures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExtension, hasMethod, type CtrLike, type GcmLike } from './api.js';
import { AAD, TAG, asyncOp, copyOf, gcmSet, nodeCtr, nodeGcmSeal, nodeHmac, nodeSha256, random, rowIf, split, subtleOrSkip, syncOp, type BuildOptions } from './common.js';
import { concatBytes, cycle, type CaseOffer, type CaseSpec, type EventLoopRow, type SectionSpec } from './run.js';
import type { Skip } from '../impl.js';

const MIB = 1024 * 1024;
/** Messages in flight together (the 8 concurrent 1 MiB calls). */
export const IN_FLIGHT = 8;
/** Size of the event-loop delay job (the 256 MiB). */
export const EVENT_LOOP_BYTES = 256 * MIB;
/** monitorEventLoopDelay resolution, ms (its smallest). */
export const EVENT_LOOP_RESOLUTION_MS = 1;
/** The bound on p99 event-loop delay while a large sealAsync runs. */
export const EVENT_LOOP_P99_TARGET_MS = 5;

export interface AsyncBuildOptions extends BuildOptions {
  /** Bytes of each concurrent message (default 1 MiB). */
  largeBytes?: number;
  /** Bytes of the event-loop job (default 256 MiB). */
  eventLoopBytes?: number;
  /** Runs per event-loop row (default 2 quick, 3 full). */
  eventLoopRuns?: number;
  /** The measured first-touch cost, µs per 4 KiB page (printed in the notes); null: not measured. */
  pageFaultUsPer4K: number | null;
}

/**
 * Measures what touching fresh memory costs here: fills a new 64 MiB
 * buffer twice; the first fill pays the page faults. Returns µs per 4 KiB
 * page, or null when the difference is not measurable.
 */
export function measurePageFaults(bytes = 64 * MIB): number | null {
  const b = Buffer.allocUnsafeSlow(bytes);
  const t0 = process.hrtime.bigint();
  b.fill(1);
  const t1 = process.hrtime.bigint();
  b.fill(2);
  const t2 = process.hrtime.bigint();
  const extra = Number(t1 - t0) - Number(t2 - t1);
  return extra > 0 ? extra / 1e3 / (bytes / 4096) : null;
}

export function asyncSection(o: AsyncBuildOptions): SectionSpec {
  const large = o.largeBytes ?? MIB;
  const pf = o.pageFaultUsPer4K;
  const pfNote =
    pf === null
      ? 'first-touch page-fault cost: not measurable here'
      : `first-touch page faults cost ${pf.toFixed(1)} us per 4 KiB page here (measured: a new 64 MiB buffer filled twice), i.e. ~${((pf * MIB) / 4096 / 1000).toFixed(2)} ms for a fresh 1 MiB output and ~${((pf * EVENT_LOOP_BYTES) / 4096 / 1e6).toFixed(2)} s for a fresh 256 MiB one; so the large hwcrypt rows allocate their output buffers once and reuse them (node:crypto and WebCrypto allocate per call, as their APIs do)`;
  return {
    id: 'async',
    title: 'Async',
    notes: [
      `pool scaling: ${IN_FLIGHT} messages in flight (Promise.all) against hwcrypt's synchronous call one message at a time (x ref, the issue's >= 1.8x on 2 cores); per message = time for all ${IN_FLIGHT} / ${IN_FLIGHT}`,
      pfNote,
      `event-loop delay: perf_hooks.monitorEventLoopDelay at ${EVENT_LOOP_RESOLUTION_MS} ms resolution around each run (the histogram records timer intervals, so an idle loop reads about the resolution); p50 is the median of the runs', p99 and max the worst run's`,
    ],
    cases: [gcmInFlight(o, large), ctrInFlight(o, large), shaInFlight(o, large), hmacInFlight(o, large), gcmSmallAsync(o)],
    eventLoop: eventLoopRows(o),
  };
}

const fmtSize = (n: number): string => (n >= MIB ? `${n / MIB} MiB` : n >= 1024 ? `${n / 1024} KiB` : `${n} B`);

/** AES-128-GCM seal of 8 x 1 MiB. */
function gcmInFlight(o: AsyncBuildOptions, size: number): CaseSpec {
  const { api } = o;
  const s = gcmSet(IN_FLIGHT, size);
  const G = api.AesGcm;
  const each = size + TAG;
  const withKey = (f: (k: GcmLike, outs: Uint8Array[]) => () => Promise<unknown>) => () => {
    const k = new G(s.key);
    const all = new Uint8Array(IN_FLIGHT * each);
    const outs = split(all, IN_FLIGHT, each);
    return asyncOp(f(k, outs), { outputReused: true, toBytes: () => new Uint8Array(all), dispose: () => k.dispose() });
  };
  const rows: CaseOffer[] = [
    rowIf(hasMethod(G, 'sealAsync'), api, 'AesGcm.sealAsync', {
      id: 'hwcrypt:sealAsync',
      label: `hwcrypt Promise.all(${IN_FLIGHT} x sealAsync(..., out))`,
      group: 'hwcrypt',
      target: { ratio: 1.8, against: 'reference' },
      prepare: withKey((k, outs) => () => Promise.all(outs.map((out, i) => k.sealAsync!(s.nonces[i]!, s.pts[i]!, s.aads[i], out)))),
    }),
    {
      id: 'hwcrypt:seal',
      label: 'hwcrypt seal(..., out), one at a time',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => {
        const k = new G(s.key);
        const outs = split(new Uint8Array(IN_FLIGHT * each), IN_FLIGHT, each);
        return syncOp(cycle(IN_FLIGHT, (i) => k.seal(s.nonces[i]!, s.pts[i]!, s.aads[i], outs[i])), { outputReused: true, toBytes: copyOf, dispose: () => k.dispose() });
      },
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createCipheriv, one at a time',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => nodeGcmSeal(s.key, s.nonces[i]!, s.pts[i]!, s.aads[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  const wl = `WebCrypto Promise.all(${IN_FLIGHT} x encrypt)`;
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto-all', label: wl, reason: subtle });
  else {
    rows.push({
      id: 'webcrypto-all',
      label: wl,
      group: 'webcrypto',
      prepare: async () => {
        const k = await subtle.importKey('raw', s.key, 'AES-GCM', false, ['encrypt']);
        return asyncOp(() => Promise.all(s.nonces.map((iv, i) => subtle.encrypt({ name: 'AES-GCM', iv, additionalData: s.aads[i], tagLength: TAG * 8 }, k, s.pts[i]!))));
      },
    });
  }
  return {
    id: `gcm-seal-async-${IN_FLIGHT}x${size}`,
    title: `AES-128-GCM seal, ${IN_FLIGHT} x ${fmtSize(size)} in flight (${AAD} B AAD each)`,
    messages: IN_FLIGHT,
    messageBytes: size,
    note: 'hwcrypt rows write into reused output buffers (see the page-fault note)',
    expected: s.packed.sealed,
    rows,
    roundMs: 150,
  };
}

/** AES-128-CTR of 8 x 1 MiB. */
function ctrInFlight(o: AsyncBuildOptions, size: number): CaseSpec {
  const { api } = o;
  const key = random(16);
  const counters = Array.from({ length: IN_FLIGHT }, () => {
    const c = random(16);
    c.fill(0, 8);
    return c;
  });
  const data = split(random(IN_FLIGHT * size), IN_FLIGHT, size);
  const expected = concatBytes(data.map((d, i) => nodeCtr(key, counters[i]!, d)));
  const C = api.AesCtr;
  const outsOf = () => split(new Uint8Array(IN_FLIGHT * size), IN_FLIGHT, size);
  const rows: CaseOffer[] = [
    rowIf(hasMethod(C, 'xorAsync'), api, 'AesCtr.xorAsync', {
      id: 'hwcrypt:xorAsync',
      label: `hwcrypt Promise.all(${IN_FLIGHT} x xorAsync(..., out))`,
      group: 'hwcrypt',
      prepare: () => {
        const k = new C(key);
        const outs = outsOf();
        return asyncOp(() => Promise.all(outs.map((out, i) => k.xorAsync!(counters[i]!, data[i]!, out))), {
          outputReused: true,
          toBytes: () => concatBytes(outs),
          dispose: () => k.dispose(),
        });
      },
    }),
    {
      id: 'hwcrypt:xor',
      label: 'hwcrypt xor(..., out), one at a time',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => {
        const k = new C(key);
        const outs = outsOf();
        return syncOp(cycle(IN_FLIGHT, (i) => k.xor(counters[i]!, data[i]!, outs[i])), { outputReused: true, toBytes: copyOf, dispose: () => k.dispose() });
      },
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createCipheriv, one at a time',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => nodeCtr(key, counters[i]!, data[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  const wl = `WebCrypto Promise.all(${IN_FLIGHT} x encrypt)`;
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto-all', label: wl, reason: subtle });
  else {
    rows.push({
      id: 'webcrypto-all',
      label: wl,
      group: 'webcrypto',
      prepare: async () => {
        const k = await subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
        return asyncOp(() => Promise.all(data.map((d, i) => subtle.encrypt({ name: 'AES-CTR', counter: counters[i]!, length: 64 }, k, d))));
      },
    });
  }
  return {
    id: `ctr-xor-async-${IN_FLIGHT}x${size}`,
    title: `AES-128-CTR, ${IN_FLIGHT} x ${fmtSize(size)} in flight`,
    messages: IN_FLIGHT,
    messageBytes: size,
    note: 'hwcrypt rows write into reused output buffers',
    expected,
    rows,
    roundMs: 150,
  };
}

/** SHA-256 of 8 x 1 MiB. */
function shaInFlight(o: AsyncBuildOptions, size: number): CaseSpec {
  const { api } = o;
  const sha = api.sha256;
  const data = split(random(IN_FLIGHT * size), IN_FLIGHT, size);
  const expected = concatBytes(data.map(nodeSha256));
  const auto = () => api.setBackend('sha256', 'auto');
  const rows: CaseOffer[] = [
    rowIf(hasExtension(sha, 'async'), api, 'sha256.async', {
      id: 'hwcrypt:async',
      label: `hwcrypt Promise.all(${IN_FLIGHT} x sha256.async(data))`,
      group: 'hwcrypt',
      prepare: () => asyncOp(() => Promise.all(data.map((d) => sha.async!(d))), { enter: auto }),
    }),
    {
      id: 'hwcrypt:sha256',
      label: 'hwcrypt sha256(data), one at a time',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => sha(data[i]!)), { enter: auto }),
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createHash, one at a time',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => nodeSha256(data[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  const wl = `WebCrypto Promise.all(${IN_FLIGHT} x digest)`;
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto-all', label: wl, reason: subtle });
  else rows.push({ id: 'webcrypto-all', label: wl, group: 'webcrypto', prepare: () => asyncOp(() => Promise.all(data.map((d) => subtle.digest('SHA-256', d)))) });
  return {
    id: `sha256-async-${IN_FLIGHT}x${size}`,
    title: `SHA-256, ${IN_FLIGHT} x ${fmtSize(size)} in flight`,
    messages: IN_FLIGHT,
    messageBytes: size,
    note: 'digests are 32 bytes: nothing to reuse',
    expected,
    rows,
    roundMs: 150,
  };
}

/** HMAC-SHA256 of 8 x 1 MiB under one key. */
function hmacInFlight(o: AsyncBuildOptions, size: number): CaseSpec {
  const { api } = o;
  const key = random(32);
  const data = split(random(IN_FLIGHT * size), IN_FLIGHT, size);
  const expected = concatBytes(data.map((d) => nodeHmac(key, d)));
  const H = api.HmacKey;
  const auto = () => api.setBackend('sha256', 'auto');
  const rows: CaseOffer[] = [
    rowIf(hasMethod(H, 'macAsync'), api, H ? 'HmacKey.macAsync' : 'HmacKey', {
      id: 'hwcrypt:macAsync',
      label: `hwcrypt Promise.all(${IN_FLIGHT} x HmacKey.macAsync(data))`,
      group: 'hwcrypt',
      prepare: () => {
        const k = new H!('sha256', key);
        return asyncOp(() => Promise.all(data.map((d) => k.macAsync!(d))), { enter: auto, dispose: () => k.dispose() });
      },
    }),
    rowIf(H !== undefined, api, 'HmacKey', {
      id: 'hwcrypt:mac',
      label: 'hwcrypt HmacKey.mac(data), one at a time',
      group: 'hwcrypt',
      perMessage: true,
      prepare: () => {
        const k = new H!('sha256', key);
        return syncOp(cycle(IN_FLIGHT, (i) => k.mac(data[i]!)), { enter: auto, dispose: () => k.dispose() });
      },
    }),
    {
      id: 'hwcrypt:hmac',
      label: "hwcrypt hmac('sha256', key, data), one at a time",
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => api.hmac('sha256', key, data[i]!)), { enter: auto }),
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createHmac, one at a time',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(IN_FLIGHT, (i) => nodeHmac(key, data[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  const wl = `WebCrypto Promise.all(${IN_FLIGHT} x sign)`;
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto-all', label: wl, reason: subtle });
  else {
    rows.push({
      id: 'webcrypto-all',
      label: wl,
      group: 'webcrypto',
      prepare: async () => {
        const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        return asyncOp(() => Promise.all(data.map((d) => subtle.sign('HMAC', k, d))));
      },
    });
  }
  return {
    id: `hmac-async-${IN_FLIGHT}x${size}`,
    title: `HMAC-SHA256, ${IN_FLIGHT} x ${fmtSize(size)} in flight`,
    messages: IN_FLIGHT,
    messageBytes: size,
    note: 'tags are 32 bytes: nothing to reuse',
    expected,
    rows,
    roundMs: 150,
  };
}

/** 1,000 x 64 B sealAsync: the async API on messages below its pool threshold. */
function gcmSmallAsync(o: AsyncBuildOptions): CaseSpec {
  const { api, n } = o;
  const s = gcmSet(n, 64);
  const G = api.AesGcm;
  const has = hasMethod(G, 'sealAsync');
  const withKey = (f: (k: GcmLike) => () => Promise<unknown>) => () => {
    const k = new G(s.key);
    return asyncOp(f(k), { dispose: () => k.dispose() });
  };
  const rows: CaseOffer[] = [
    rowIf(has, api, 'AesGcm.sealAsync', {
      id: 'hwcrypt:sealAsync-await',
      label: 'hwcrypt await sealAsync() per message',
      group: 'hwcrypt',
      perMessage: true,
      prepare: withKey((k) => cycle(n, (i) => k.sealAsync!(s.nonces[i]!, s.pts[i]!, s.aads[i]))),
    }),
    rowIf(has, api, 'AesGcm.sealAsync', {
      id: 'hwcrypt:sealAsync-all',
      label: `hwcrypt Promise.all(${n} x sealAsync())`,
      group: 'hwcrypt',
      prepare: withKey((k) => () => Promise.all(s.nonces.map((nonce, i) => k.sealAsync!(nonce, s.pts[i]!, s.aads[i])))),
    }),
    {
      id: 'hwcrypt:seal',
      label: 'hwcrypt seal() per message (sync)',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => {
        const k = new G(s.key);
        return syncOp(cycle(n, (i) => k.seal(s.nonces[i]!, s.pts[i]!, s.aads[i])), { dispose: () => k.dispose() });
      },
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createCipheriv per message',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => nodeGcmSeal(s.key, s.nonces[i]!, s.pts[i]!, s.aads[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  for (const [id, label, all] of [
    ['webcrypto', 'WebCrypto await encrypt() per message', false],
    ['webcrypto-all', `WebCrypto Promise.all(${n} x encrypt)`, true],
  ] as const) {
    if (typeof subtle === 'string') {
      rows.push({ id, label, reason: subtle });
      continue;
    }
    rows.push({
      id,
      label,
      group: 'webcrypto',
      perMessage: !all,
      prepare: async () => {
        const k = await subtle.importKey('raw', s.key, 'AES-GCM', false, ['encrypt']);
        const params = s.nonces.map((iv, i) => ({ name: 'AES-GCM', iv, additionalData: s.aads[i], tagLength: TAG * 8 }));
        return asyncOp(
          all ? () => Promise.all(params.map((p, i) => subtle.encrypt(p, k, s.pts[i]!))) : cycle(n, (i) => subtle.encrypt(params[i]!, k, s.pts[i]!)),
        );
      },
    });
  }
  return {
    id: `gcm-seal-async-${n}x64`,
    title: `AES-128-GCM sealAsync of small messages: ${n} x 64 B`,
    messages: n,
    messageBytes: 64,
    note: 'below its size threshold sealAsync runs synchronously and resolves with the result: the promise, not a pool hop, is the cost',
    expected: s.packed.sealed,
    rows,
  };
}

/** A new buffer with every page touched, so no run pays its first-touch faults (see the page-fault note). */
function prefaulted(n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.fill(1);
  return b;
}

function eventLoopRows(o: AsyncBuildOptions): NonNullable<SectionSpec['eventLoop']> {
  const { api } = o;
  const bytes = o.eventLoopBytes ?? EVENT_LOOP_BYTES;
  const runs = o.eventLoopRuns ?? (o.mode === 'full' ? 3 : 2);
  const G = api.AesGcm;
  // The input: one random MiB repeated (random generation of 256 MiB would take seconds).
  const key = random(16);
  const nonce = random(12);
  const aad = random(AAD);
  let input: Uint8Array | null = null;
  let expected: Buffer | null = null;
  const data = (): Uint8Array => {
    if (input) return input;
    input = new Uint8Array(bytes);
    const block = random(Math.min(bytes, MIB));
    for (let off = 0; off < bytes; off += block.length) input.set(block.subarray(0, Math.min(block.length, bytes - off)), off);
    return input;
  };
  const reference = (): Buffer => (expected ??= nodeGcmSeal(key, nonce, data(), aad));
  const same = (r: unknown): boolean => {
    const b = r instanceof ArrayBuffer ? Buffer.from(r) : r instanceof Uint8Array ? Buffer.from(r.buffer, r.byteOffset, r.byteLength) : null;
    return b !== null && b.equals(reference());
  };
  const size = fmtSize(bytes);
  const rows: (EventLoopRow | Skip)[] = [
    {
      id: 'idle',
      label: 'idle loop, 200 ms (noise floor)',
      group: 'node',
      bytes: 0,
      outputReused: false,
      prepare: () => ({ run: () => sleep(200), check: null }),
    },
    hasMethod(G, 'sealAsync')
      ? {
          id: 'hwcrypt:sealAsync',
          label: `hwcrypt await sealAsync(${size}, out)`,
          group: 'hwcrypt',
          bytes,
          targetP99Ms: EVENT_LOOP_P99_TARGET_MS,
          outputReused: true,
          prepare: () => {
            const k = new G(key);
            const out = prefaulted(bytes + TAG);
            const d = data();
            reference();
            return { run: () => k.sealAsync!(nonce, d, aad, out), check: same, dispose: () => k.dispose() };
          },
        }
      : { id: 'hwcrypt:sealAsync', label: `hwcrypt await sealAsync(${size}, out)`, reason: `absent: hwcrypt ${api.version} has no AesGcm.sealAsync (issue 12 API not in this build); not measured` },
    {
      id: 'hwcrypt:seal',
      label: `hwcrypt seal(${size}, out), synchronous`,
      group: 'hwcrypt',
      bytes,
      outputReused: true,
      prepare: () => {
        const k = new G(key);
        const out = prefaulted(bytes + TAG);
        const d = data();
        reference();
        return { run: () => k.seal(nonce, d, aad, out), check: same, dispose: () => k.dispose() };
      },
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto', label: `WebCrypto await encrypt(${size})`, reason: subtle });
  else {
    rows.push({
      id: 'webcrypto',
      label: `WebCrypto await encrypt(${size})`,
      group: 'webcrypto',
      bytes,
      outputReused: false,
      prepare: async () => {
        const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
        const d = data();
        reference();
        return { run: () => subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG * 8 }, k, d), check: same };
      },
    });
  }
  rows.push({ id: 'node:crypto', label: 'node:crypto', reason: 'node:crypto has no async AES-GCM besides WebCrypto (createCipheriv runs on the calling thread, as the synchronous hwcrypt row)' });
  return { runs, resolutionMs: EVENT_LOOP_RESOLUTION_MS, rows };
}


