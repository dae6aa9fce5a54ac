#!/usr/bin/env node
// Per-call cost of the sync AEAD seal/open on short messages, against
// node:crypto as apps write it, in one interleaved run:
//
//   node scripts/percall.mjs [--size 64] [--aad 16] [--rounds 40] [--all] [--backend aesni]
//                            [--baseline DIR]
//
// Loads the built package (npm run build). Every task runs in the same
// rounds, in a rotated order, a batch of calls at a time; each task's figure
// is the median over rounds of the batch's time per call. Ratios are
// node:crypto's figure over hwcrypt's, both from this run (the machine is
// shared and noisy: compare ratios, not absolute times across runs).
// --all adds AES-GCM-SIV, AES-CCM and AEGIS-128L. --baseline DIR also loads
// another built copy of hwcrypt (a package root with dist/ and
// build/Release/, e.g. an older commit) and times its rows in the same
// rounds, for before/after figures from one run.
import * as crypto from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (dir) => createRequire(import.meta.url)(path.join(path.resolve(dir), 'dist/cjs/src/index.js'));
const hw = load(root);

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SIZE = Number(opt('size', 64));
const AAD = Number(opt('aad', 16));
const ROUNDS = Number(opt('rounds', 40));
const BACKEND = opt('backend', undefined);
const ALL = args.includes('--all');
const BASELINE = opt('baseline', undefined);

const key = new Uint8Array(crypto.randomBytes(16));
const nonce = new Uint8Array(crypto.randomBytes(12));
const aad = new Uint8Array(crypto.randomBytes(AAD));
const pt = new Uint8Array(crypto.randomBytes(SIZE));

const gcm = new hw.AesGcm(key, BACKEND ? { backend: BACKEND } : undefined);
const sealed = new Uint8Array(gcm.seal(nonce, pt, aad));
const ct = sealed.subarray(0, SIZE);
const tag = sealed.subarray(SIZE);
const sealOut = new Uint8Array(SIZE + 16);
const openOut = new Uint8Array(SIZE);

// node:crypto as apps write it.
const nodeSeal = () => {
  const c = crypto.createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(aad);
  const a = c.update(pt);
  const b = c.final();
  return [a, b, c.getAuthTag()];
};
const nodeOpen = () => {
  const d = crypto.createDecipheriv('aes-128-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(tag);
  const a = d.update(ct);
  d.final();
  return a;
};

/** [name, fn, peer name or null]. */
const tasks = [
  ['node:crypto seal', nodeSeal, null],
  ['node:crypto open', nodeOpen, null],
  ['AesGcm.seal', () => gcm.seal(nonce, pt, aad), 'node:crypto seal'],
  ['AesGcm.seal out', () => gcm.seal(nonce, pt, aad, sealOut), 'node:crypto seal'],
  ['AesGcm.open', () => gcm.open(nonce, sealed, aad), 'node:crypto open'],
  ['AesGcm.open out', () => gcm.open(nonce, sealed, aad, openOut), 'node:crypto open'],
];
const add = (name, k, n) => {
    const s = new Uint8Array(k.seal(n, pt, aad));
    const so = new Uint8Array(s.length);
    const po = new Uint8Array(SIZE);
    tasks.push(
      [`${name}.seal`, () => k.seal(n, pt, aad), 'node:crypto seal'],
      [`${name}.seal out`, () => k.seal(n, pt, aad, so), 'node:crypto seal'],
      [`${name}.open`, () => k.open(n, s, aad), 'node:crypto open'],
      [`${name}.open out`, () => k.open(n, s, aad, po), 'node:crypto open'],
    );
};
const o = BACKEND ? { backend: BACKEND } : undefined;
const others = (lib, tag) => {
  add(`AesGcmSiv${tag}`, new lib.AesGcmSiv(key, o), nonce);
  add(`AesCcm${tag}`, new lib.AesCcm(key, { ...o, tagLength: 16 }), nonce);
  add(`Aegis128L${tag}`, new lib.Aegis128L(key, o), new Uint8Array(16).fill(3));
};
if (ALL) others(hw, '');
if (BASELINE) {
  const base = load(BASELINE);
  add('base AesGcm', new base.AesGcm(key, o), nonce);
  if (ALL) others(base, ' base');
}

// Check results before timing.
if (Buffer.compare(Buffer.concat(nodeSeal()), sealed) !== 0) throw new Error('seal differs from node:crypto');
if (Buffer.compare(gcm.open(nonce, sealed, aad, openOut), pt) !== 0) throw new Error('open differs');

// Batch size: about 2 ms per batch for the slowest task.
const BATCH = Math.max(200, Math.round(2e6 / 1500));
let sink = 0;
const samples = tasks.map(() => []);
for (let warm = 0; warm < 3; warm++) for (const [, f] of tasks) for (let i = 0; i < BATCH * 5; i++) sink ^= f() === undefined ? 1 : 0;
for (let r = 0; r < ROUNDS; r++) {
  for (let j = 0; j < tasks.length; j++) {
    const t = (j + r) % tasks.length;
    const f = tasks[t][1];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sink ^= f() === undefined ? 1 : 0;
    samples[t].push(Number(process.hrtime.bigint() - t0) / BATCH);
  }
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ns = new Map(tasks.map(([name], i) => [name, median(samples[i])]));
console.log(
  `${SIZE} B messages, ${AAD} B AAD, AES-128, backend ${gcm.backend}; ${ROUNDS} interleaved rounds x ${BATCH} calls; median ns/call` +
    ` (Node ${process.version}, OpenSSL ${process.versions.openssl})`,
);
for (const [name, , peer] of tasks) {
  const v = ns.get(name);
  const ratio = peer ? `${(ns.get(peer) / v).toFixed(1)}x ${peer}` : '';
  console.log(`${name.padEnd(26)} ${v.toFixed(0).padStart(6)} ns  ${ratio}`);
}
if (sink === 0.5) console.log(sink);
