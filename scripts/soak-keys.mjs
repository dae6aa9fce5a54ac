#!/usr/bin/env node
// Soak test for key-object memory (hardening issue, item 8): creates 10^6
// AES-GCM keys, seals one message with each, and optionally disposes it,
// letting the event loop turn every 20,000 keys (so GC finalizers can run).
// Prints the peak and final RSS. Not a unit test: RSS depends on the
// machine, so the figures are measured and reported, with limits checked
// only when --check is given.
//
//   node scripts/soak-keys.mjs [--no-dispose] [--keys N] [--turn N] [--check MB]
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { AesGcm } = require('../dist/cjs/src/index.js');

const { values } = parseArgs({
  options: {
    'no-dispose': { type: 'boolean', default: false },
    keys: { type: 'string', default: '1000000' },
    turn: { type: 'string', default: '20000' },
    backend: { type: 'string' },
    check: { type: 'string' },
  },
});
const total = Number(values.keys);
const turn = Number(values.turn);
const dispose = !values['no-dispose'];
const key = new Uint8Array(16).fill(7);
const nonce = new Uint8Array(12);
const pt = new Uint8Array(64);
const opts = values.backend ? { backend: values.backend } : undefined;

let peak = 0;
const mb = (b) => (b / 2 ** 20).toFixed(1);
const t0 = performance.now();
for (let done = 0; done < total; ) {
  const end = Math.min(total, done + turn);
  for (; done < end; done++) {
    const g = new AesGcm(key, opts);
    g.seal(nonce, pt);
    if (dispose) g.dispose();
  }
  await new Promise((r) => setImmediate(r));
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
}
const rss = process.memoryUsage.rss();
const line = {
  keys: total,
  turnEvery: turn,
  dispose,
  peakRssMB: Number(mb(peak)),
  finalRssMB: Number(mb(rss)),
  seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
};
console.log(JSON.stringify(line));
if (values.check !== undefined && peak > Number(values.check) * 2 ** 20) {
  console.error(`soak-keys: peak RSS ${mb(peak)} MB is over the ${values.check} MB limit`);
  process.exit(1);
}
