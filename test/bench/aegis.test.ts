/**
 * The benchmark's AEGIS rows: presets, fixtures (soft reference, key-length nonces, 32-byte
 * tags), one hwcrypt row per AEGIS kernel set, the node/WebCrypto skips and the libsodium.js
 * peer agreeing with hwcrypt's output.
 */
import { describe, expect, it } from 'vitest';
import { AEGIS_TAG_BYTES } from '../../bench/aegis.js';
import { ALGO_PRESETS, algoById, type AlgoSpec } from '../../bench/algos.js';
import { isSkip, makeFixture, sameBytes, type Impl } from '../../bench/impl.js';
import { hwcryptHas, hwcryptProvider } from '../../bench/impls/hwcrypt.js';
import { nodeProvider, webCryptoProvider } from '../../bench/impls/node.js';
import { loadPeerProviders } from '../../bench/impls/peers.js';
import { parseCommandLine, type BenchOptions } from '../../bench/options.js';
import { Aegis128L } from '../../src/index.js';

function bench(argv: string[]): BenchOptions {
  const c = parseCommandLine(['bench', ...argv]);
  if (c.command !== 'bench') throw new Error('not bench');
  return c;
}

const AEGIS_IDS = ['aegis-128l', 'aegis-256', 'aegis-128x2', 'aegis-128x4', 'aegis-256x2', 'aegis-256x4'];

describe('AEGIS bench rows', () => {
  it("presets: 'aegis' is the family, 'aead' adds AES-GCM (128/256) and leaves CCM out", () => {
    expect([...ALGO_PRESETS.aegis]).toEqual([...AEGIS_IDS, 'aegismac-128l', 'aegismac-128x4', 'aegismac-256']);
    const aead = ALGO_PRESETS.aead;
    for (const id of ['aes-128-gcm', 'aes-256-gcm', ...AEGIS_IDS]) expect(aead).toContain(id);
    expect(aead).not.toContain('aes-128-ccm');
    expect(aead).not.toContain('aes-192-gcm');
    const o = bench(['--algos', 'aead']);
    expect(o.algos).toEqual([...aead]);
    expect(o.algosOptional).toEqual([...aead]);
    // named on its own, an id is required even if a lenient preset names it too
    expect(bench(['--algos', 'aegis-128x2,aegis']).algosOptional).not.toContain('aegis-128x2');
    expect(bench(['--algos', 'modes']).algosOptional).toEqual([]);
  });

  it('fixtures: nonce as long as the key, expected = soft seal with a 32-byte tag', () => {
    for (const id of ['aegis-128l', 'aegis-256'] as const) {
      const algo = algoById(id) as AlgoSpec;
      const fx = makeFixture(algo, 100, 'seal');
      expect(fx.key.length).toBe(algo.keyBytes);
      expect(fx.nonce.length).toBe(algo.keyBytes);
      expect(fx.expected.length).toBe(100 + AEGIS_TAG_BYTES);
      const open = makeFixture(algo, 100, 'open');
      expect(open.input.length).toBe(100 + AEGIS_TAG_BYTES);
      expect(open.expected.length).toBe(100);
    }
    const fx = makeFixture(algoById('aegis-128l') as AlgoSpec, 64, 'seal');
    const k = new Aegis128L(fx.key, { tagLength: 32 });
    expect(sameBytes(k.seal(fx.nonce, fx.input, fx.aad), fx.expected)).toBe(true);
    k.dispose();
  });

  it('one hwcrypt row per AEGIS kernel set, each verifying against the fixture; node and WebCrypto skip', async () => {
    const algo = algoById('aegis-128l') as AlgoSpec;
    expect(hwcryptHas(algo)).toBe(true);
    const offers = hwcryptProvider(null).offers(algo);
    const rows = offers.filter((o) => !isSkip(o)) as Impl[];
    const backends = rows.map((r) => r.backend);
    expect(new Set(backends).size).toBe(backends.length);
    expect(backends).toContain('soft');
    for (const direction of ['seal', 'open'] as const) {
      for (const size of [0, 64, 20_000]) {
        const fx = makeFixture(algo, size, direction);
        for (const r of rows) {
          const op = await r.prepare(fx);
          expect(sameBytes(op.run() as Uint8Array, fx.expected), `${r.id} ${direction} ${size}`).toBe(true);
          op.dispose?.();
        }
      }
    }
    expect(nodeProvider.offers(algo).every(isSkip)).toBe(true);
    expect(webCryptoProvider(8).offers(algo).every(isSkip)).toBe(true);
  });

  it('libsodium.js (when installed) gives the same AEGIS-128L/256 output; no row for the X variants or other algorithms', async () => {
    const [lib] = await loadPeerProviders(['libsodium']);
    expect(lib.offers(algoById('aes-128-gcm') as AlgoSpec)).toEqual([]);
    expect(lib.offers(algoById('aegis-128x2') as AlgoSpec).every(isSkip)).toBe(true);
    for (const id of ['aegis-128l', 'aegis-256'] as const) {
      const algo = algoById(id) as AlgoSpec;
      const offers = lib.offers(algo);
      if (offers.every(isSkip)) {
        expect((offers[0] as { reason: string }).reason).toMatch(/not installed/);
        continue;
      }
      const row = offers[0] as Impl;
      for (const direction of ['seal', 'open'] as const) {
        const fx = makeFixture(algo, 333, direction);
        const op = await row.prepare(fx);
        expect(sameBytes(op.run() as Uint8Array, fx.expected), `${id} ${direction}`).toBe(true);
      }
    }
  });
});
