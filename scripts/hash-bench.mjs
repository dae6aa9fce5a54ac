#!/usr/bin/env node
// Batch hashing and HMAC keys (issue 12): each hwcrypt call against node:crypto as apps
// write it, interleaved round by round in one process, median of the per-round ratios.
// Times are this process's CPU time (process.cpuUsage), not wall time: on a shared,
// loaded machine the wait in the run queue is not the call's cost. Not a unit test.
//
//   npm run build && node scripts/hash-bench.mjs [--rounds N]
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import * as nc from 'node:crypto';

const require = createRequire(import.meta.url);
const h = require('../dist/cjs/src/index.js');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '21' } } });
const R = Number(values.rounds);

const d = nc.randomBytes(64);
const key = nc.randomBytes(32);
const hk = new h.HmacKey('sha256', key);
const tag = hk.mac(d);
const out32 = new Uint8Array(32);
const N = 1000;
const msgs = Array.from({ length: N }, () => nc.randomBytes(64));
const big = Array.from({ length: N }, () => nc.randomBytes(1024));
const packed = Buffer.concat(msgs);
const lens = new Uint32Array(N).fill(64);
const pout = new Uint8Array(N * 32);
const bigPacked = Buffer.concat(big);
const bigLens = new Uint32Array(N).fill(1024);
const { sha256 } = h;
const mb = h.backends().many.sha256;
const single = h.backends().sha256[0];
const peerHash = () => {
  for (let i = 0; i < N; i++) nc.createHash('sha256').update(msgs[i]).digest();
};
const peerHmac = () => {
  for (let i = 0; i < N; i++) nc.createHmac('sha256', key).update(msgs[i]).digest();
};
const hmac1 = () => nc.createHmac('sha256', key).update(d).digest();

// [row, ours, peer (what the ratio is against), calls per run, peer name]
const rows = [
  ['sha256(64 B)', () => sha256(d), () => nc.createHash('sha256').update(d).digest(), 1, 'createHash'],
  ['hmac(sha256) 64 B', () => h.hmac('sha256', key, d), hmac1, 1, 'createHmac'],
  ['HmacKey.mac 64 B', () => hk.mac(d), hmac1, 1, 'createHmac'],
  ['HmacKey.mac(out) 64 B', () => hk.mac(d, out32), hmac1, 1, 'createHmac'],
  ['HmacKey.verify 64 B', () => hk.verify(d, tag), hmac1, 1, 'createHmac'],
  ['sha256.many 1000 x 64 B', () => sha256.many(msgs), peerHash, N, 'createHash'],
  ['sha256.manyPacked 1000 x 64 B', () => sha256.manyPacked(packed, lens, pout), peerHash, N, 'createHash'],
  ['sha256.merkle 1000 pairs', () => sha256.merkle(packed, pout), peerHash, N, 'createHash'],
  ['HmacKey.macMany 1000 x 64 B', () => hk.macMany(msgs), peerHmac, N, 'createHmac'],
  [
    `many 1000 x 1 KiB (${mb.default}) vs one-shot loop (${single})`,
    () => sha256.manyPacked(bigPacked, bigLens, pout),
    () => {
      for (let i = 0; i < N; i++) sha256(big[i]);
    },
    N,
    `sha256() ${single}`,
  ],
];

function cpu(f, n) {
  const s = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const e = process.cpuUsage(s);
  return ((e.user + e.system) * 1000) / n;
}
const med = (x) => x.slice().sort((p, q) => p - q)[x.length >> 1];

console.log(`hwcrypt ${h.cpuInfo().model}; sha256 ${single}, many ${mb.default}; node ${process.version}; ${R} rounds`);
console.log('| row | hwcrypt ns/msg | peer ns/msg | ratio |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, ours, peer, per, peerName] of rows) {
  const it = per > 1 ? 40 : 40000;
  cpu(ours, it);
  cpu(peer, it);
  const ratios = [];
  const os = [];
  const ps = [];
  for (let r = 0; r < R; r++) {
    const a = cpu(ours, it);
    const b = cpu(peer, it);
    ratios.push(b / a);
    os.push(a / per);
    ps.push(b / per);
  }
  console.log(`| ${name} | ${med(os).toFixed(0)} | ${med(ps).toFixed(0)} (${peerName}) | ${med(ratios).toFixed(1)}x |`);
}
