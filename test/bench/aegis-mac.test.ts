/**
 * The benchmark's AEGIS-MAC rows (aegismac-128l, -128x4, -256): presets, fixtures (soft
 * reference, key-length nonces, 16-byte tags), one hwcrypt row per AEGIS kernel set verifying
 * against the fixture, and the node/WebCrypto/peer skips.
 */
import { describe, expect, it } from 'vitest';
import { AEGIS_MAC_TAG_BYTES } from '../../bench/aegis.js';
import { ALGO_PRESETS, algoById, directionsFor, LENIENT_PRESETS, type AlgoSpec } from '../../bench/algos.js';
import { isSkip, makeFixture, sameBytes, type Impl } from '../../bench/impl.js';
import { hwcryptHas, hwcryptProvider } from '../../bench/impls/hwcrypt.js';
import { nodeProvider, webCryptoProvider } from '../../bench/impls/node.js';
import { loadPeerProviders, PEER_IDS } from '../../bench/impls/peers.js';
import { parseCommandLine } from '../../bench/options.js';
import { AegisMac128L, AegisMac128X4, AegisMac256, backends } from '../../src/index.js';

const MAC_IDS = ['aegismac-128l', 'aegismac-128x4', 'aegismac-256'] as const;
const CLASSES = { 'aegismac-128l': AegisMac128L, 'aegismac-128x4': AegisMac128X4, 'aegismac-256': AegisMac256 } as const;

describe('AEGIS-MAC bench rows', () => {
  it("specs and presets: kind 'mac' on the AEGIS kernels; in 'aegis' and 'mac' (with AES-128-CMAC and HMAC-SHA256), not in 'aead'", () => {
    for (const id of MAC_IDS) {
      const a = algoById(id) as AlgoSpec;
      expect(a.kind).toBe('mac');
      expect(a.family).toBe('aes');
      expect(a.mode).toBe('aegis');
      expect(a.keyBytes).toBe(id === 'aegismac-256' ? 32 : 16);
      expect(directionsFor(a, 'both')).toEqual(['mac']);
      expect(ALGO_PRESETS.aegis).toContain(id);
      expect(ALGO_PRESETS.aead).not.toContain(id);
    }
    expect([...ALGO_PRESETS.mac]).toEqual(['aes-128-cmac', 'hmac-sha256', ...MAC_IDS]);
    expect(LENIENT_PRESETS).toContain('mac');
    const c = parseCommandLine(['bench', '--algos', 'mac']);
    if (c.command !== 'bench') throw new Error('not bench');
    expect(c.algos).toEqual([...ALGO_PRESETS.mac]);
  });

  it('fixtures: nonce as long as the key, expected = the 16-byte soft tag, equal to the key object on every backend', () => {
    for (const id of MAC_IDS) {
      const algo = algoById(id) as AlgoSpec;
      const fx = makeFixture(algo, 100, 'mac');
      expect(fx.key.length).toBe(algo.keyBytes);
      expect(fx.nonce.length).toBe(algo.keyBytes);
      expect(fx.input.length).toBe(100);
      expect(fx.expected.length).toBe(AEGIS_MAC_TAG_BYTES);
      for (const b of backends().aes) {
        const k = new CLASSES[id](fx.key, { backend: b });
        expect(sameBytes(k.mac(fx.nonce, fx.input), fx.expected), `${id} ${b}`).toBe(true);
        expect(k.verify(fx.nonce, fx.input, fx.expected)).toBe(true);
        k.dispose();
      }
    }
  });

  it('one hwcrypt row per AEGIS kernel set, each verifying against the fixture; node, WebCrypto and peers skip', async () => {
    const peers = await loadPeerProviders(PEER_IDS);
    for (const id of MAC_IDS) {
      const algo = algoById(id) as AlgoSpec;
      expect(hwcryptHas(algo)).toBe(true);
      const rows = hwcryptProvider(null).offers(algo).filter((o) => !isSkip(o)) as Impl[];
      const kernels = rows.map((r) => r.backend);
      expect(new Set(kernels).size).toBe(kernels.length);
      expect(kernels).toContain('soft');
      for (const size of [0, 64, 20_000]) {
        const fx = makeFixture(algo, size, 'mac');
        for (const r of rows) {
          const op = await r.prepare(fx);
          expect(sameBytes(op.run() as Uint8Array, fx.expected), `${r.id} ${id} ${size}`).toBe(true);
          op.dispose?.();
        }
      }
      const node = nodeProvider.offers(algo);
      expect(node.every(isSkip)).toBe(true);
      expect((node[0] as { reason: string }).reason).toMatch(/no AEGIS/);
      const web = webCryptoProvider(8).offers(algo);
      expect(web.every(isSkip)).toBe(true);
      expect((web[0] as { reason: string }).reason).toMatch(/no AEGIS/);
      for (const p of peers) {
        for (const o of p.offers(algo)) {
          expect(isSkip(o), `${p.name} offers a row for ${id}`).toBe(true);
          expect((o as { reason: string }).reason, p.name).not.toMatch(/CMAC/);
        }
      }
    }
  });
});
