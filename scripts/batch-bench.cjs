#!/usr/bin/env node
// Batch AEAD against node:crypto as apps write it (createCipheriv('aes-128-gcm') + setAAD +
// update + final + getAuthTag per message; the decipher likewise with setAuthTag):
// N messages of L bytes with a 16-byte AAD each, every row interleaved in one process and
// timed in CPU time (process.cpuUsage: on a shared machine, wall time counts other
// processes' time slices), median of ROUNDS rounds. Usage:
//   node scripts/batch-bench.cjs [N=1000] [L=64]      (ROUNDS=11 by default)
'use strict';
const crypto = require('node:crypto');
const h = require('../dist/cjs/src/index.js');

const N = Number(process.argv[2] ?? 1000);
const L = Number(process.argv[3] ?? 64);
const ROUNDS = Number(process.env.ROUNDS ?? 11);

function bench(fns, target = 20000 /* us of CPU per sample */) {
  const reps = new Map();
  for (const f of fns) {
    for (let r = 1; ; r *= 2) {
      const t = process.cpuUsage();
      for (let k = 0; k < r; k++) f();
      const u = process.cpuUsage(t);
      if (u.user + u.system > 2000) {
        reps.set(f, Math.max(1, Math.round((r * target) / (u.user + u.system))));
        break;
      }
    }
  }
  const samples = new Map(fns.map((f) => [f, []]));
  for (let k = 0; k < ROUNDS; k++) {
    for (const f of fns) {
      const r = reps.get(f);
      const t = process.cpuUsage();
      for (let i = 0; i < r; i++) f();
      const u = process.cpuUsage(t);
      samples.get(f).push(((u.user + u.system) * 1000) / r);
    }
  }
  const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  return new Map(fns.map((f) => [f, med(samples.get(f))]));
}

const key = crypto.randomBytes(16);
const nonces = [], pts = [], aads = [];
for (let i = 0; i < N; i++) {
  nonces.push(crypto.randomBytes(12));
  pts.push(crypto.randomBytes(L));
  aads.push(crypto.randomBytes(16));
}
const gcm = new h.AesGcm(key);
const sealed = gcm.sealMany(nonces, pts, aads).map((x) => Buffer.from(x));
const nonceBytes = Buffer.concat(nonces), data = Buffer.concat(pts), aadBytes = Buffer.concat(aads);
const lengths = new Uint32Array(N).fill(L), aadLengths = new Uint32Array(N).fill(16);
const out = new Uint8Array(N * (L + 16)), sealedBytes = Buffer.concat(sealed), ptOut = new Uint8Array(N * L);

const rows = {
  'node:crypto seal': () => {
    for (let i = 0; i < N; i++) {
      const c = crypto.createCipheriv('aes-128-gcm', key, nonces[i]);
      c.setAAD(aads[i]);
      c.update(pts[i]);
      c.final();
      c.getAuthTag();
    }
  },
  'node:crypto open': () => {
    for (let i = 0; i < N; i++) {
      const s = sealed[i];
      const d = crypto.createDecipheriv('aes-128-gcm', key, nonces[i]);
      d.setAAD(aads[i]);
      d.setAuthTag(s.subarray(L));
      d.update(s.subarray(0, L));
      d.final();
    }
  },
  'seal (one call each)': () => {
    for (let i = 0; i < N; i++) gcm.seal(nonces[i], pts[i], aads[i]);
  },
  sealMany: () => gcm.sealMany(nonces, pts, aads),
  openMany: () => gcm.openMany(nonces, sealed, aads),
  sealPacked: () => gcm.sealPacked(nonceBytes, data, lengths, out, aadBytes, aadLengths),
  openPacked: () => gcm.openPacked(nonceBytes, sealedBytes, lengths, ptOut, aadBytes, aadLengths),
};
const fns = Object.values(rows);
const r = bench(fns);
const names = Object.keys(rows);
const seal = r.get(rows['node:crypto seal']), open = r.get(rows['node:crypto open']);
console.log(`AES-128-GCM, ${N} x ${L} B + 16 B AAD, backend ${gcm.backend}, node ${process.version}; ns per message (CPU), x node:crypto`);
for (let i = 0; i < fns.length; i++) {
  const t = r.get(fns[i]);
  const base = /open/i.test(names[i]) ? open : seal;
  console.log(`${names[i].padEnd(22)} ${(t / N).toFixed(1).padStart(9)}  x${(base / t).toFixed(1)}`);
}
