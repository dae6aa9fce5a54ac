/**
 * hwcrypt rows: one per backend this CPU has for the algorithm's family,
 * each forced (keyed objects get it at construction; one-shot hashes and
 * HMAC use the family's selected backend, which the runner sets before each
 * timed batch). Keyed objects are created once and reused, which is how
 * hwcrypt is meant to be used. Below REUSE_FROM bytes every call allocates
 * its result, as an app would write it (and as node:crypto does); from
 * REUSE_FROM up the output goes into one preallocated buffer, since there a
 * fresh allocation measures the OS's first-touch page faults rather than
 * the cipher (the table says so).
 */
import * as hw from '../../src/index.js';
import type { AlgoSpec, Family } from '../algos.js';
import { aegisClass, aegisKernels, aegisMacClass, AEGIS_MAC_TAG_BYTES, AEGIS_TAG_BYTES } from '../aegis.js';
import { ccmNonce, type Fixture, type Offer, type Op, type Provider } from '../impl.js';
import { packageVersion } from './peers.js';

let cachedVersion: string | null = null;
/** hwcrypt's package version. */
export function hwcryptVersion(): string {
  cachedVersion ??= packageVersion('hwcrypt');
  return cachedVersion;
}

/** Available backends of a family, best first; [] when hwcrypt lacks the family. */
export function availableBackends(family: Family): string[] {
  try {
    return [...((hw.backends() as unknown as Record<string, string[]>)[family] ?? [])];
  } catch {
    return [];
  }
}

/** Whether hwcrypt implements the algorithm at all (independent of backends). */
export function hwcryptHas(algo: AlgoSpec): boolean {
  // AEGIS: the class, and a kernel for the variant on the selected backend (a build may lack the X variants').
  if (algo.mode === 'aegis') return aegisKernels(algo) !== null;
  if (algo.family === 'aes') {
    // Looked up by name: an older hwcrypt (the benchmark can run against an installed one) may lack a mode.
    const cls = { gcm: 'AesGcm', ctr: 'AesCtr', cbc: 'AesCbc', ecb: 'AesEcb', xts: 'AesXts', ccm: 'AesCcm', cmac: 'AesCmac', 'gcm-siv': 'AesGcmSiv' }[algo.mode ?? 'gcm'];
    return typeof (hw as unknown as Record<string, unknown>)[cls] === 'function';
  }
  if (algo.kind === 'kdf') {
    const fn = algo.iterations === undefined ? hw.hkdf : hw.pbkdf2;
    return typeof fn === 'function' && availableBackends(algo.family).length > 0;
  }
  const fn = (hw as unknown as Record<string, unknown>)[algo.hash as string];
  if (typeof fn !== 'function') return false;
  if (algo.kind === 'mac' && typeof hw.hmac !== 'function') return false;
  return availableBackends(algo.family).length > 0;
}

/** hwcrypt rows for the selected backends (null = all available). */
export function hwcryptProvider(selected: readonly string[] | null): Provider {
  return {
    name: 'hwcrypt',
    offers(algo: AlgoSpec): Offer[] {
      const avail = availableBackends(algo.family);
      if (algo.mode === 'aegis') return aegisOffers(algo, avail, selected);
      const rows: Offer[] = [];
      for (const b of avail) {
        if (selected && !selected.includes(b)) continue;
        rows.push({
          id: `hwcrypt:${b}`,
          label: `hwcrypt ${b}`,
          group: 'hwcrypt',
          backend: b,
          version: hwcryptVersion(),
          prepare: (fx) => hwOp(fx, b),
        });
      }
      return rows;
    },
  };
}

/**
 * AEGIS rows: one per AEGIS kernel set, not per AES backend. AES backends that run the variant
 * on the same kernels (vaes512, vaes256 and aesni all use the AES-NI kernels of AEGIS-128L)
 * would measure the same code, so the first (best) of them stands for the set; the row's
 * backend is the kernel set's name, as the key object reports it.
 */
function aegisOffers(algo: AlgoSpec, avail: readonly string[], selected: readonly string[] | null): Offer[] {
  const rows: Offer[] = [];
  const seen = new Set<string>();
  for (const b of avail) {
    if (selected && !selected.includes(b)) continue;
    const kernels = aegisKernels(algo, b);
    if (kernels === null) {
      rows.push({ id: `hwcrypt:${b}`, label: `hwcrypt ${b}`, reason: `hwcrypt has no ${algo.title} kernel for the ${b} backend in this build` });
      continue;
    }
    if (seen.has(kernels)) continue;
    seen.add(kernels);
    rows.push({
      id: `hwcrypt:${kernels}`,
      label: kernels === b ? `hwcrypt ${kernels}` : `hwcrypt ${kernels} (as ${b})`,
      group: 'hwcrypt',
      backend: kernels,
      version: hwcryptVersion(),
      prepare: (fx) => aegisOp(fx, b, kernels),
    });
  }
  return rows;
}

function aegisOp(fx: Fixture, aesBackend: string, kernels: string): Op {
  if (fx.algo.kind === 'mac') return aegisMacOp(fx, aesBackend, kernels);
  const C = aegisClass(fx.algo);
  if (!C) throw new Error(`hwcrypt has no ${fx.algo.title}`);
  const { key, nonce, aad, input } = fx;
  const out = input.length >= REUSE_FROM ? new Uint8Array(fx.expected.length) : undefined;
  const k = new C(key, { backend: aesBackend as hw.AesBackend, tagLength: AEGIS_TAG_BYTES });
  if (k.backend !== kernels) throw new Error(`asked for AEGIS kernels ${kernels} (backend ${aesBackend}), key object uses ${k.backend}`);
  const run = fx.direction === 'seal' ? () => k.seal(nonce, input, aad, out) : () => k.open(nonce, input, aad, out);
  return { run, async: false, concurrency: 1, outputReused: out !== undefined, dispose: () => k.dispose() };
}

/** AEGIS-MAC: a key object reused, a fresh 16-byte tag per call (as mac() is written, and as the AES-CMAC row). */
function aegisMacOp(fx: Fixture, aesBackend: string, kernels: string): Op {
  const C = aegisMacClass(fx.algo);
  if (!C) throw new Error(`hwcrypt has no ${fx.algo.title}`);
  const { key, nonce, input } = fx;
  const k = new C(key, { backend: aesBackend as hw.AesBackend, tagLength: AEGIS_MAC_TAG_BYTES });
  if (k.backend !== kernels) throw new Error(`asked for AEGIS kernels ${kernels} (backend ${aesBackend}), key object uses ${k.backend}`);
  return { run: () => k.mac(nonce, input), async: false, concurrency: 1, outputReused: false, dispose: () => k.dispose() };
}

/** Message size from which hwcrypt rows write into a reused output buffer. */
export const REUSE_FROM = 16 * 1024;

function hwOp(fx: Fixture, backend: string): Op {
  const { algo, key, nonce, aad, input, counter } = fx;
  const reuse = input.length >= REUSE_FROM;
  // CBC decryption writes the padded length before it strips the padding: room for the input too.
  const out = reuse ? new Uint8Array(Math.max(fx.expected.length, input.length)) : undefined;
  const opts = { backend: backend as hw.AesBackend };
  const check = (k: { backend: string }) => {
    if (k.backend !== backend) throw new Error(`asked for backend ${backend}, key object uses ${k.backend}`);
  };
  switch (algo.kind) {
    case 'aead': {
      const aead =
        algo.mode === 'ccm'
          ? new hw.AesCcm(key, { ...opts, tagLength: 16 })
          : algo.mode === 'gcm-siv'
            ? new hw.AesGcmSiv(key, opts)
            : new hw.AesGcm(key, opts);
      check(aead);
      const n = algo.mode === 'ccm' ? ccmNonce(fx) : nonce;
      const run = fx.direction === 'seal' ? () => aead.seal(n, input, aad, out) : () => aead.open(n, input, aad, out);
      return { run, async: false, concurrency: 1, outputReused: reuse, dispose: () => aead.dispose() };
    }
    case 'cipher': {
      const ctr = new hw.AesCtr(key, opts);
      check(ctr);
      return { run: () => ctr.xor(counter, input, out), async: false, concurrency: 1, outputReused: reuse, dispose: () => ctr.dispose() };
    }
    case 'block': {
      // CBC with PKCS#7 (the default, as node's row), ECB on whole blocks, XTS with the fixture's counter as tweak.
      const enc = fx.direction === 'encrypt';
      if (algo.mode === 'ecb') {
        const ecb = new hw.AesEcb(key, opts);
        check(ecb);
        const run = enc ? () => ecb.encrypt(input, out) : () => ecb.decrypt(input, out);
        return { run, async: false, concurrency: 1, outputReused: reuse, dispose: () => ecb.dispose() };
      }
      const k = algo.mode === 'xts' ? new hw.AesXts(key, opts) : new hw.AesCbc(key, opts);
      check(k);
      const run = enc ? () => k.encrypt(counter, input, out) : () => k.decrypt(counter, input, out);
      return { run, async: false, concurrency: 1, outputReused: reuse, dispose: () => k.dispose() };
    }
    case 'hash':
    case 'mac':
    case 'kdf': {
      if (algo.family === 'aes') {
        // AES-CMAC: a keyed object reused, a fresh 16-byte tag per call (as mac() is written).
        const cmac = new hw.AesCmac(key, { backend: backend as hw.AesBackend });
        if (cmac.backend !== backend) throw new Error(`asked for backend ${backend}, key object uses ${cmac.backend}`);
        return { run: () => cmac.mac(input), async: false, concurrency: 1, outputReused: false, dispose: () => cmac.dispose() };
      }
      const family = algo.family as hw.Family;
      const enter = () => hw.setBackend(family, backend as hw.BackendName);
      enter();
      if (hw.getBackend(family) !== backend) throw new Error(`setBackend(${family}, ${backend}) did not take effect`);
      const h = algo.hash as hw.HashName;
      const fn = (hw as unknown as Record<string, (d: Uint8Array) => Uint8Array>)[h] as (d: Uint8Array) => Uint8Array;
      // One-shot calls allocate their 20..64-byte digest (KDFs their output); there is no out parameter.
      const it = algo.iterations;
      const run =
        algo.kind === 'hash'
          ? () => fn(input)
          : algo.kind === 'mac'
            ? () => hw.hmac(h, key, input)
            : it === undefined
              ? () => hw.hkdf(h, key, input, aad, fx.size)
              : () => hw.pbkdf2(h, key, input, it, fx.size);
      return { run, async: false, concurrency: 1, enter, outputReused: false, dispose: () => hw.setBackend(family, 'auto') };
    }
  }
}
