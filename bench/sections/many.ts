/**
 * The "many small messages" section: what an app that handles many small
 * messages (a message broker, a QUIC-like protocol, a Merkle tree) pays per
 * message. Batch cases process N messages per operation (the issue's 1,000)
 * and compare:
 *  - hwcrypt's batch calls (sealMany/openMany, sealPacked/openPacked,
 *    sha256.many with each multi-buffer kernel as its own row,
 *    sha256.merkle, HmacKey.macMany);
 *  - hwcrypt's own per-message calls (the reference: what the batch call
 *    saves over a loop of today's API);
 *  - node:crypto as apps write it, a new cipher/hash object per message
 *    (the baseline of "times node:crypto per message");
 *  - WebCrypto with all N promises in flight (Promise.all), its best case.
 * Per-call cases (one 64-byte message per operation) measure the cost of
 * one call of today's API, with and without a caller-provided `out`.
 * Targets are the issue's: they are shown as met or not, never adjusted.
 */
import * as nodeCrypto from 'node:crypto';
import { hasExtension, hasMethod, type GcmLike, type HmacKeyLike } from './api.js';
import {
  AAD,
  TAG,
  asyncOp,
  copyOf,
  gcmSet,
  nodeGcmOpen,
  nodeGcmSeal,
  nodeHmac,
  nodeSha256,
  random,
  rowIf,
  split,
  subtleOrSkip,
  syncOp,
  type BuildOptions,
} from './common.js';
import { concatBytes, cycle, type CaseOffer, type CaseSpec, type SectionSpec, type Target } from './run.js';

/** Size of the small messages (the issue's 64 B). */
export const SMALL = 64;

export function manySection(o: BuildOptions): SectionSpec {
  return {
    id: 'many',
    title: 'Many small messages',
    notes: [
      `batch cases: every row works through the same ${o.n} messages; a batch call does all of them per operation, a per-message row one per operation (cycling through them); per message = time per operation / messages per operation. x node = times node:crypto as apps write it (a new cipher/hash object per message); x ref = times the case's reference row (hwcrypt's own per-message call, or its single-stream SHA-NI hash).`,
      'hwcrypt rows use the default backend of this CPU (sha256.many: also each multi-buffer kernel forced, one row each); per-message rows allocate their results as apps write them unless the label says out.',
    ],
    cases: [
      gcmMany(o, 'seal'),
      gcmMany(o, 'open'),
      shaMany(o, SMALL),
      shaMany(o, 1024),
      merkle(o),
      hmacMany(o),
      gcmPerCall(o, 'seal'),
      gcmPerCall(o, 'open'),
      shaPerCall(o),
      hmacPerCall(o),
    ],
  };
}

function aesBackend(o: BuildOptions, key: Uint8Array): string {
  const k = new o.api.AesGcm(key);
  try {
    return k.backend;
  } finally {
    k.dispose();
  }
}

/** AES-128-GCM seal or open of n x 64 B, each message with its own nonce and 16 B AAD. */
function gcmMany(o: BuildOptions, dir: 'seal' | 'open'): CaseSpec {
  const { api, n } = o;
  const s = gcmSet(n, SMALL);
  const p = s.packed;
  const G = api.AesGcm;
  const backend = aesBackend(o, s.key);
  const key = (): GcmLike => new G(s.key);
  const seal = dir === 'seal';
  const rows: CaseOffer[] = [];
  const perLen = seal ? SMALL + TAG : SMALL;
  const batchName = seal ? 'sealMany' : 'openMany';
  const packedName = seal ? 'sealPacked' : 'openPacked';
  rows.push(
    rowIf(hasMethod(G, batchName), api, `AesGcm.${batchName}`, {
      id: `hwcrypt:${batchName}`,
      label: `hwcrypt ${batchName}(nonces, ${seal ? 'pts' : 'sealeds'}, aads)`,
      group: 'hwcrypt',
      backend,
      target: { ratio: 50, against: 'node' },
      prepare: () => {
        const k = key();
        const run = seal ? () => k.sealMany!(s.nonces, s.pts, s.aads) : () => k.openMany!(s.nonces, s.sealed, s.aads);
        return syncOp(run, { dispose: () => k.dispose() });
      },
    }),
  );
  rows.push(
    rowIf(hasMethod(G, packedName), api, `AesGcm.${packedName}`, {
      id: `hwcrypt:${packedName}`,
      label: `hwcrypt ${packedName}(packed nonces, data, lengths, out, aads)`,
      group: 'hwcrypt',
      backend,
      target: { ratio: 100, against: 'node' },
      prepare: () => {
        const k = key();
        const out = new Uint8Array(n * perLen);
        if (seal) {
          return syncOp(() => k.sealPacked!(p.nonces, p.pts, p.lengths, out, p.aads, p.aadLengths), {
            outputReused: true,
            toBytes: copyOf,
            dispose: () => k.dispose(),
          });
        }
        // openPacked returns 1 (authentic) / 0 per message: the plaintexts are checked only when all are 1.
        return syncOp(() => k.openPacked!(p.nonces, p.sealed, p.lengths, out, p.aads, p.aadLengths), {
          outputReused: true,
          toBytes: (r) => {
            const ok = r as Uint8Array;
            return ok instanceof Uint8Array && ok.length === n && ok.every((v) => v === 1) ? new Uint8Array(out) : new Uint8Array(0);
          },
          dispose: () => k.dispose(),
        });
      },
    }),
  );
  rows.push({
    id: `hwcrypt:${dir}`,
    label: `hwcrypt ${dir}() per message`,
    group: 'hwcrypt',
    backend,
    reference: true,
    perMessage: true,
    prepare: () => {
      const k = key();
      const run = seal ? cycle(n, (i) => k.seal(s.nonces[i]!, s.pts[i]!, s.aads[i])) : cycle(n, (i) => k.open(s.nonces[i]!, s.sealed[i]!, s.aads[i]));
      return syncOp(run, { dispose: () => k.dispose() });
    },
  });
  rows.push({
    id: `hwcrypt:${dir}-out`,
    label: `hwcrypt ${dir}(..., out) per message`,
    group: 'hwcrypt',
    backend,
    perMessage: true,
    prepare: () => {
      const k = key();
      const views = split(new Uint8Array(n * perLen), n, perLen);
      const run = seal
        ? cycle(n, (i) => k.seal(s.nonces[i]!, s.pts[i]!, s.aads[i], views[i]))
        : cycle(n, (i) => k.open(s.nonces[i]!, s.sealed[i]!, s.aads[i], views[i]));
      return syncOp(run, { outputReused: true, toBytes: copyOf, dispose: () => k.dispose() });
    },
  });
  rows.push({
    id: 'node:crypto',
    label: `node:crypto ${seal ? 'createCipheriv' : 'createDecipheriv'} per message`,
    group: 'node',
    baseline: true,
    perMessage: true,
    prepare: () =>
      syncOp(
        seal
          ? cycle(n, (i) => nodeGcmSeal(s.key, s.nonces[i]!, s.pts[i]!, s.aads[i]!))
          : cycle(n, (i) => nodeGcmOpen(s.key, s.nonces[i]!, s.sealed[i]!, s.aads[i]!)),
      ),
  });
  const subtle = subtleOrSkip(o.webcrypto);
  const wid = 'webcrypto-all';
  const wlabel = `WebCrypto Promise.all(${n} x ${seal ? 'encrypt' : 'decrypt'})`;
  if (typeof subtle === 'string') rows.push({ id: wid, label: wlabel, reason: subtle });
  else {
    rows.push({
      id: wid,
      label: wlabel,
      group: 'webcrypto',
      prepare: async () => {
        const k = await subtle.importKey('raw', s.key, 'AES-GCM', false, ['encrypt', 'decrypt']);
        const params = s.nonces.map((iv, i) => ({ name: 'AES-GCM', iv, additionalData: s.aads[i], tagLength: TAG * 8 }));
        return asyncOp(
          seal
            ? () => Promise.all(params.map((pa, i) => subtle.encrypt(pa, k, s.pts[i]!)))
            : () => Promise.all(params.map((pa, i) => subtle.decrypt(pa, k, s.sealed[i]!))),
        );
      },
    });
  }
  return {
    id: `gcm-${dir}-many-${SMALL}`,
    title: `AES-128-GCM ${dir}, ${n} x ${SMALL} B (own nonce and ${AAD} B AAD each)`,
    messages: n,
    messageBytes: SMALL,
    note: `${batchName} returns one view per message (~25 ns each here, a floor for that form); ${packedName} writes all messages into one caller buffer and returns ${seal ? 'it' : 'a Uint8Array of 1/0 per message'}`,
    expected: seal ? p.sealed : p.pts,
    rows,
  };
}

/**
 * The hashing rows shared by the SHA-256 batch cases: the default many(), the packed
 * manyPacked() into a reused buffer, and many() forced onto each batch backend.
 */
function manyRows(o: BuildOptions, msgs: Uint8Array[], target: Target, auto: () => void): CaseOffer[] {
  const { api } = o;
  const sha = api.sha256;
  const has = hasExtension(sha, 'many');
  const def = has ? api.manyDefault() : null;
  const n = msgs.length;
  const size = msgs[0]?.length ?? 0;
  const rows: CaseOffer[] = [
    rowIf(has, api, 'sha256.many', {
      id: 'hwcrypt:many',
      label: `hwcrypt sha256.many(msgs)${def ? ` [default: ${def}]` : ''}`,
      group: 'hwcrypt',
      backend: def ?? undefined,
      target,
      prepare: () => syncOp(() => sha.many!(msgs), { enter: auto }),
    }),
    rowIf(hasExtension(sha, 'manyPacked'), api, 'sha256.manyPacked', {
      id: 'hwcrypt:manyPacked',
      label: 'hwcrypt sha256.manyPacked(data, lengths, out)',
      group: 'hwcrypt',
      backend: def ?? undefined,
      prepare: () => {
        const data = concatBytes(msgs);
        const lengths = new Uint32Array(n).fill(size);
        const out = new Uint8Array(32 * n);
        return syncOp(() => sha.manyPacked!(data, lengths, out), { enter: auto, outputReused: true, toBytes: copyOf });
      },
    }),
  ];
  if (!has) return rows;
  const list = api.manyBackends();
  if (list.length === 0) rows.push({ id: 'hwcrypt:many:*', label: 'hwcrypt sha256.many(msgs, { backend })', reason: absentList(o) });
  for (const b of list) {
    rows.push({
      id: `hwcrypt:many:${b}`,
      label: `hwcrypt sha256.many(msgs, { backend: '${b}' })`,
      group: 'hwcrypt',
      backend: b,
      prepare: () => syncOp(() => sha.many!(msgs, { backend: b }), { enter: auto }),
    });
  }
  return rows;
}

function absentList(o: BuildOptions): string {
  return `absent: hwcrypt ${o.api.version}'s backends().many lists no SHA-256 multi-buffer backend; not measured`;
}

/** SHA-256 of n messages of `size` bytes. */
function shaMany(o: BuildOptions, size: number): CaseSpec {
  const { api, n } = o;
  const sha = api.sha256;
  const msgs = split(random(n * size), n, size);
  const expected = concatBytes(msgs.map(nodeSha256));
  const auto = () => api.setBackend('sha256', 'auto');
  const small = size === SMALL;
  const singles = api.sha256Backends();
  // The 1 KiB case compares multi-buffer hashing with hwcrypt's own single-stream SHA-NI (the issue's >= 1.8x).
  const refBackend = small ? null : singles.includes('shani') ? 'shani' : (singles[0] ?? null);
  const rows: CaseOffer[] = manyRows(o, msgs, small ? { ratio: 20, against: 'node' } : { ratio: 1.8, against: 'reference' }, auto);
  rows.push({
    id: 'hwcrypt:sha256',
    label: refBackend ? `hwcrypt sha256() per message, single-stream ${refBackend}` : 'hwcrypt sha256() per message',
    group: 'hwcrypt',
    backend: refBackend ?? undefined,
    reference: true,
    perMessage: true,
    prepare: () => {
      const enter = refBackend ? () => api.setBackend('sha256', refBackend) : auto;
      enter();
      if (refBackend && api.getBackend('sha256') !== refBackend) throw new Error(`setBackend(sha256, ${refBackend}) did not take effect`);
      return syncOp(cycle(n, (i) => sha(msgs[i]!)), { enter, dispose: auto });
    },
  });
  rows.push(...nodeHashRows(msgs));
  rows.push(...webDigestRows(o, msgs));
  return {
    id: `sha256-many-${size}`,
    title: `SHA-256, ${n} x ${size === 1024 ? '1 KiB' : `${size} B`}`,
    messages: n,
    messageBytes: size,
    note: small
      ? 'sha256.many hashes all messages in one native call, on the multi-buffer kernels'
      : `multi-buffer lanes against hwcrypt's own single-stream ${refBackend ?? 'default'} hash of each message (the issue's >= 1.8x)`,
    expected,
    rows,
  };
}

type NodeHashFn = (a: string, d: Uint8Array, enc: 'buffer') => Buffer;
const nodeHashFn = (nodeCrypto as { hash?: NodeHashFn }).hash;

/** node:crypto's rows for hashing `msgs`, one message per call. */
function nodeHashRows(msgs: Uint8Array[]): CaseOffer[] {
  const n = msgs.length;
  const per = n === 1 ? '' : ' per message';
  const rows: CaseOffer[] = [
    {
      id: 'node:crypto',
      label: `node:crypto createHash${per}`,
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => nodeSha256(msgs[i]!))),
    },
  ];
  const hashFn = nodeHashFn;
  if (typeof hashFn === 'function') {
    rows.push({
      id: 'node:crypto.hash',
      label: `node:crypto.hash()${per}`,
      group: 'node',
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => hashFn('sha256', msgs[i]!, 'buffer'))),
    });
  } else {
    rows.push({ id: 'node:crypto.hash', label: `node:crypto.hash()${per}`, reason: `crypto.hash() does not exist in Node ${process.version}` });
  }
  return rows;
}

function webDigestRows(o: BuildOptions, msgs: Uint8Array[]): CaseOffer[] {
  const subtle = subtleOrSkip(o.webcrypto);
  const id = 'webcrypto-all';
  const label = `WebCrypto Promise.all(${msgs.length} x digest)`;
  if (typeof subtle === 'string') return [{ id, label, reason: subtle }];
  return [{ id, label, group: 'webcrypto', prepare: () => asyncOp(() => Promise.all(msgs.map((m) => subtle.digest('SHA-256', m)))) }];
}

/** One Merkle tree level: SHA-256 of n pairs of 32-byte nodes. */
function merkle(o: BuildOptions): CaseSpec {
  const { api, n } = o;
  const sha = api.sha256;
  const pairs = random(n * 64);
  const views = split(pairs, n, 64);
  const expected = concatBytes(views.map(nodeSha256));
  const auto = () => api.setBackend('sha256', 'auto');
  const rows: CaseOffer[] = [
    rowIf(hasExtension(sha, 'merkle'), api, 'sha256.merkle', {
      id: 'hwcrypt:merkle',
      label: 'hwcrypt sha256.merkle(pairs)',
      group: 'hwcrypt',
      prepare: () => syncOp(() => sha.merkle!(pairs), { enter: auto }),
    }),
    rowIf(hasExtension(sha, 'merkle'), api, 'sha256.merkle', {
      id: 'hwcrypt:merkle-out',
      label: 'hwcrypt sha256.merkle(pairs, out)',
      group: 'hwcrypt',
      prepare: () => {
        const out = new Uint8Array(32 * n);
        return syncOp(() => sha.merkle!(pairs, out), { enter: auto, outputReused: true, toBytes: copyOf });
      },
    }),
    rowIf(hasExtension(sha, 'many'), api, 'sha256.many', {
      id: 'hwcrypt:many',
      label: 'hwcrypt sha256.many(64-byte views)',
      group: 'hwcrypt',
      prepare: () => syncOp(() => sha.many!(views), { enter: auto }),
    }),
    {
      id: 'hwcrypt:sha256',
      label: 'hwcrypt sha256() per pair',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => sha(views[i]!)), { enter: auto }),
    },
    { id: 'node:crypto', label: 'node:crypto createHash per pair', group: 'node', baseline: true, perMessage: true, prepare: () => syncOp(cycle(n, (i) => nodeSha256(views[i]!))) },
  ];
  return {
    id: 'sha256-merkle',
    title: `SHA-256 Merkle level: ${n} pairs of 32-byte nodes (64 B each)`,
    messages: n,
    messageBytes: 64,
    note: 'pairs is one buffer of 64-byte blocks; merkle returns (or writes into out) the 32-byte parents back to back',
    expected,
    rows,
  };
}

/** HMAC-SHA256 of n x 64 B under one key. */
function hmacMany(o: BuildOptions): CaseSpec {
  const { api, n } = o;
  const key = random(32);
  const msgs = split(random(n * SMALL), n, SMALL);
  const expected = concatBytes(msgs.map((m) => nodeHmac(key, m)));
  const H = api.HmacKey;
  const auto = () => api.setBackend('sha256', 'auto');
  const withKey = (f: (k: HmacKeyLike) => () => unknown) => () => {
    const k = new H!('sha256', key);
    return syncOp(f(k), { enter: auto, dispose: () => k.dispose() });
  };
  const rows: CaseOffer[] = [
    rowIf(hasMethod(H, 'macMany'), api, H ? 'HmacKey.macMany' : 'HmacKey', {
      id: 'hwcrypt:macMany',
      label: 'hwcrypt HmacKey.macMany(msgs)',
      group: 'hwcrypt',
      prepare: withKey((k) => () => k.macMany!(msgs)),
    }),
    rowIf(H !== undefined, api, 'HmacKey', {
      id: 'hwcrypt:mac',
      label: 'hwcrypt HmacKey.mac() per message',
      group: 'hwcrypt',
      reference: true,
      perMessage: true,
      prepare: withKey((k) => cycle(n, (i) => k.mac(msgs[i]!))),
    }),
    {
      id: 'hwcrypt:hmac',
      label: "hwcrypt hmac('sha256', key, m) per message",
      group: 'hwcrypt',
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => api.hmac('sha256', key, msgs[i]!)), { enter: auto }),
    },
    {
      id: 'node:crypto',
      label: 'node:crypto createHmac per message',
      group: 'node',
      baseline: true,
      perMessage: true,
      prepare: () => syncOp(cycle(n, (i) => nodeHmac(key, msgs[i]!))),
    },
  ];
  const subtle = subtleOrSkip(o.webcrypto);
  const wl = `WebCrypto Promise.all(${n} x sign)`;
  if (typeof subtle === 'string') rows.push({ id: 'webcrypto-all', label: wl, reason: subtle });
  else {
    rows.push({
      id: 'webcrypto-all',
      label: wl,
      group: 'webcrypto',
      prepare: async () => {
        const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        return asyncOp(() => Promise.all(msgs.map((m) => subtle.sign('HMAC', k, m))));
      },
    });
  }
  return {
    id: 'hmac-many-64',
    title: `HMAC-SHA256, ${n} x ${SMALL} B under one key`,
    messages: n,
    messageBytes: SMALL,
    note: "HmacKey keeps the key's inner and outer states; hmac() and createHmac derive them per message",
    expected,
    rows,
  };
}

/** One 64 B AES-128-GCM seal/open per operation: today's per-call cost, with and without out. */
function gcmPerCall(o: BuildOptions, dir: 'seal' | 'open'): CaseSpec {
  const { api } = o;
  const s = gcmSet(1, SMALL);
  const nonce = s.nonces[0]!, pt = s.pts[0]!, aad = s.aads[0]!, sealed = s.sealed[0]!;
  const backend = aesBackend(o, s.key);
  const seal = dir === 'seal';
  const withKey = (f: (k: GcmLike, out: Uint8Array) => () => unknown, reuse: boolean) => () => {
    const k = new api.AesGcm(s.key);
    const out = new Uint8Array(seal ? SMALL + TAG : SMALL);
    return syncOp(f(k, out), { outputReused: reuse, toBytes: copyOf, dispose: () => k.dispose() });
  };
  const rows: CaseOffer[] = [
    {
      id: `hwcrypt:${dir}`,
      label: `hwcrypt ${dir}(nonce, ${seal ? 'pt' : 'sealed'}, aad)`,
      group: 'hwcrypt',
      backend,
      reference: true,
      target: { ratio: 20, against: 'node' },
      prepare: withKey((k) => (seal ? () => k.seal(nonce, pt, aad) : () => k.open(nonce, sealed, aad)), false),
    },
    {
      id: `hwcrypt:${dir}-out`,
      label: `hwcrypt ${dir}(nonce, ${seal ? 'pt' : 'sealed'}, aad, out)`,
      group: 'hwcrypt',
      backend,
      target: { ratio: 20, against: 'node' },
      prepare: withKey((k, out) => (seal ? () => k.seal(nonce, pt, aad, out) : () => k.open(nonce, sealed, aad, out)), true),
    },
    {
      id: 'node:crypto',
      label: `node:crypto ${seal ? 'createCipheriv' : 'createDecipheriv'}`,
      group: 'node',
      baseline: true,
      prepare: () => syncOp(seal ? () => nodeGcmSeal(s.key, nonce, pt, aad) : () => nodeGcmOpen(s.key, nonce, sealed, aad)),
    },
  ];
  return {
    id: `gcm-${dir}-${SMALL}`,
    title: `AES-128-GCM ${dir}, one ${SMALL} B message per call (${AAD} B AAD)`,
    messages: 1,
    messageBytes: SMALL,
    note: 'x ref on the out row: passing out must never be slower than not passing it (>= 1x)',
    expected: seal ? sealed : pt,
    rows,
  };
}

function shaPerCall(o: BuildOptions): CaseSpec {
  const { api } = o;
  const m = random(SMALL);
  const auto = () => api.setBackend('sha256', 'auto');
  const rows: CaseOffer[] = [
    {
      id: 'hwcrypt:sha256',
      label: 'hwcrypt sha256(data)',
      group: 'hwcrypt',
      target: { ratio: 8, against: 'node' },
      prepare: () => syncOp(() => api.sha256(m), { enter: auto }),
    },
    ...nodeHashRows([m]),
  ];
  return {
    id: `sha256-${SMALL}`,
    title: `SHA-256, one ${SMALL} B message per call`,
    messages: 1,
    messageBytes: SMALL,
    expected: nodeSha256(m),
    rows,
  };
}

function hmacPerCall(o: BuildOptions): CaseSpec {
  const { api } = o;
  const key = random(32);
  const m = random(SMALL);
  const H = api.HmacKey;
  const auto = () => api.setBackend('sha256', 'auto');
  const withKey = (f: (k: HmacKeyLike, out: Uint8Array) => () => unknown, reuse: boolean) => () => {
    const k = new H!('sha256', key);
    const out = new Uint8Array(32);
    return syncOp(f(k, out), { enter: auto, outputReused: reuse, toBytes: copyOf, dispose: () => k.dispose() });
  };
  const rows: CaseOffer[] = [
    rowIf(H !== undefined, api, 'HmacKey', {
      id: 'hwcrypt:mac',
      label: 'hwcrypt HmacKey.mac(data)',
      group: 'hwcrypt',
      target: { ratio: 10, against: 'node' },
      prepare: withKey((k) => () => k.mac(m), false),
    }),
    rowIf(H !== undefined, api, 'HmacKey', {
      id: 'hwcrypt:mac-out',
      label: 'hwcrypt HmacKey.mac(data, out)',
      group: 'hwcrypt',
      target: { ratio: 10, against: 'node' },
      prepare: withKey((k, out) => () => k.mac(m, out), true),
    }),
    {
      id: 'hwcrypt:hmac',
      label: "hwcrypt hmac('sha256', key, data)",
      group: 'hwcrypt',
      reference: true,
      prepare: () => syncOp(() => api.hmac('sha256', key, m), { enter: auto }),
    },
    { id: 'node:crypto', label: 'node:crypto createHmac', group: 'node', baseline: true, prepare: () => syncOp(() => nodeHmac(key, m)) },
  ];
  return {
    id: `hmac-${SMALL}`,
    title: `HMAC-SHA256, one ${SMALL} B message per call`,
    messages: 1,
    messageBytes: SMALL,
    note: "x ref: against today's one-shot hmac(), which derives the key's states on every call",
    expected: nodeHmac(key, m),
    rows,
  };
}
