/**
 * Adapters for the JavaScript/WASM libraries people use instead of
 * node:crypto. Each is loaded only if installed (dynamic import in
 * try/catch) and otherwise skipped with the reason. Each is called the way
 * its README shows, so the figures are what an application would get.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AlgoSpec, HashName } from '../algos.js';
import { TAG_BYTES, type Fixture, type Offer, type Op, type Provider } from '../impl.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the peers are loaded dynamically and typed locally */
type Any = any;

interface Loaded {
  mod: Any;
  version: string;
}

/** A peer package that is either loaded or absent with a reason. */
type LoadResult = { ok: true; value: Loaded } | { ok: false; reason: string };

async function load(pkg: string, entry = pkg): Promise<LoadResult> {
  let mod: Any;
  try {
    const spec: string = entry; // a variable specifier keeps the import dynamic in both builds
    mod = await import(spec);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return { ok: false, reason: `${pkg} is not installed (npm install -D ${pkg})` };
    }
    return { ok: false, reason: `${pkg} failed to load: ${(e as Error).message.split('\n')[0]}` };
  }
  return { ok: true, value: { mod, version: packageVersion(pkg) } };
}

/** Version of an installed package, found by walking up from its resolved entry. */
export function packageVersion(pkg: string): string {
  try {
    const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
    let dir = dirname(req.resolve(pkg));
    for (let i = 0; i < 6; i++) {
      try {
        const j = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (j.name === pkg && j.version) return j.version;
      } catch {
        /* keep walking */
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  } catch {
    /* fall through */
  }
  return 'unknown';
}

function wordArrayToBytes(wa: { words: number[]; sigBytes: number }): Uint8Array {
  const out = new Uint8Array(wa.sigBytes);
  for (let i = 0; i < wa.sigBytes; i++) out[i] = (wa.words[i >>> 2]! >>> (24 - (i % 4) * 8)) & 0xff;
  return out;
}

function skipAll(id: string, label: string, reason: string): Offer[] {
  return [{ id, label, reason }];
}

/**
 * Every peer `--peers` accepts, in the order of the help text, with its
 * loader. 'webcrypto' is built in: its rows come from impls/node.ts.
 */
const PEERS = {
  webcrypto: null,
  noble: nobleProvider,
  'hash-wasm': hashWasmProvider,
  'aes-js': aesJsProvider,
  'crypto-js': cryptoJsProvider,
  'sodium-native': sodiumProvider,
  libsodium: libsodiumJsProvider,
} as const satisfies Record<string, (() => Promise<Provider>) | null>;

export type PeerId = keyof typeof PEERS;
/** The ids `--peers` accepts. */
export const PEER_IDS: readonly PeerId[] = Object.keys(PEERS) as PeerId[];

/** Loads the selected peers; returns one provider per peer (a provider of skips when absent). */
export async function loadPeerProviders(peers: readonly PeerId[]): Promise<Provider[]> {
  const out: Provider[] = [];
  for (const p of peers) {
    const load = PEERS[p];
    if (load !== null) out.push(await load());
  }
  return out;
}

async function nobleProvider(): Promise<Provider> {
  const aes = await load('@noble/ciphers', '@noble/ciphers/aes.js');
  const sha2 = await load('@noble/hashes', '@noble/hashes/sha2.js');
  const legacy = sha2.ok ? await load('@noble/hashes', '@noble/hashes/legacy.js') : sha2;
  const hmacMod = sha2.ok ? await load('@noble/hashes', '@noble/hashes/hmac.js') : sha2;
  const hashOf = (h: HashName): Any => (h === 'sha1' ? (legacy.ok ? legacy.value.mod.sha1 : undefined) : sha2.ok ? sha2.value.mod[h] : undefined);
  return {
    name: 'noble',
    offers(algo: AlgoSpec): Offer[] {
      if (algo.family === 'aes') {
        const id = '@noble/ciphers';
        if (!aes.ok) return skipAll(id, id, aes.reason);
        const { gcm, gcmsiv, ctr, cmac, cbc, ecb } = aes.value.mod;
        const label = `@noble/ciphers ${aes.value.version}`;
        if (algo.kind === 'mac' && algo.mode !== 'aegis' && typeof cmac !== 'function') return skipAll(id, id, `@noble/ciphers ${aes.value.version} has no cmac`);
        if (algo.mode === 'xts' || algo.mode === 'ccm' || algo.mode === 'aegis') return skipAll(id, id, `@noble/ciphers has no ${algo.mode.toUpperCase()}`);
        if (algo.mode === 'gcm-siv' && typeof gcmsiv !== 'function') return skipAll(id, id, `@noble/ciphers ${aes.value.version} has no gcmsiv`);
        return [
          {
            id,
            label,
            group: 'peer',
            version: aes.value.version,
            prepare: (fx: Fixture): Op => {
              if (algo.kind === 'mac') return { run: () => cmac(fx.input, fx.key), async: false, concurrency: 1, outputReused: false };
              if (algo.kind === 'block') {
                // cbc pads with PKCS#7 by default (as the fixture); ecb runs on whole blocks.
                const c = () => (algo.mode === 'ecb' ? ecb(fx.key, { disablePadding: true }) : cbc(fx.key, fx.counter));
                const run = fx.direction === 'encrypt' ? () => c().encrypt(fx.input) : () => c().decrypt(fx.input);
                return { run, async: false, concurrency: 1, outputReused: false };
              }
              if (algo.kind === 'aead') {
                // A cipher object is bound to a nonce, so apps create one per message.
                if (algo.mode === 'gcm-siv') {
                  const run =
                    fx.direction === 'seal' ? () => gcmsiv(fx.key, fx.nonce, fx.aad).encrypt(fx.input) : () => gcmsiv(fx.key, fx.nonce, fx.aad).decrypt(fx.input);
                  return { run, async: false, concurrency: 1, outputReused: false };
                }
                const run =
                  fx.direction === 'seal' ? () => gcm(fx.key, fx.nonce, fx.aad).encrypt(fx.input) : () => gcm(fx.key, fx.nonce, fx.aad).decrypt(fx.input);
                return { run, async: false, concurrency: 1, outputReused: false };
              }
              const out = new Uint8Array(fx.input.length);
              return { run: () => ctr(fx.key, fx.counter).encrypt(fx.input, out), async: false, concurrency: 1, outputReused: true };
            },
          },
        ];
      }
      const id = '@noble/hashes';
      if (!sha2.ok) return skipAll(id, id, sha2.reason);
      const h = hashOf(algo.hash as HashName);
      if (!h) return skipAll(id, id, `@noble/hashes has no ${algo.hash}`);
      const label = `@noble/hashes ${sha2.value.version}`;
      if (algo.kind === 'mac') {
        if (!hmacMod.ok) return skipAll(id, id, hmacMod.reason);
        const hmac = hmacMod.value.mod.hmac;
        return [
          { id, label, group: 'peer', version: sha2.value.version, prepare: (fx: Fixture): Op => ({ run: () => hmac(h, fx.key, fx.input), async: false, concurrency: 1, outputReused: false }) },
        ];
      }
      return [{ id, label, group: 'peer', version: sha2.value.version, prepare: (fx: Fixture): Op => ({ run: () => h(fx.input), async: false, concurrency: 1, outputReused: false }) }];
    },
  };
}

async function hashWasmProvider(): Promise<Provider> {
  const id = 'hash-wasm';
  const m = await load('hash-wasm');
  const creators: Record<HashName, string> = { sha1: 'createSHA1', sha224: 'createSHA224', sha256: 'createSHA256', sha384: 'createSHA384', sha512: 'createSHA512' };
  return {
    name: id,
    offers(algo: AlgoSpec): Offer[] {
      if (!m.ok) return skipAll(id, id, m.reason);
      if (algo.family === 'aes') return skipAll(id, id, algo.mode === 'aegis' ? 'hash-wasm has no AEGIS' : 'hash-wasm has no AES');
      const create = m.value.mod[creators[algo.hash as HashName]];
      if (typeof create !== 'function') return skipAll(id, id, `hash-wasm has no ${algo.hash}`);
      const version = m.value.version;
      return [
        {
          id,
          label: `hash-wasm ${version} (reused hasher)`,
          group: 'peer',
          version,
          prepare: async (fx: Fixture): Promise<Op> => {
            // hash-wasm's one-shot helpers are async and return hex; the documented fast
            // path is a hasher created once and re-initialized per message.
            const hasher: Any = algo.kind === 'mac' ? await m.value.mod.createHMAC(create(), fx.key) : await create();
            return {
              run: () => {
                hasher.init();
                hasher.update(fx.input);
                return hasher.digest('binary');
              },
              async: false,
              concurrency: 1,
              outputReused: false,
            };
          },
        },
      ];
    },
  };
}

async function aesJsProvider(): Promise<Provider> {
  const id = 'aes-js';
  const m = await load('aes-js');
  return {
    name: id,
    offers(algo: AlgoSpec): Offer[] {
      if (!m.ok) return skipAll(id, id, m.reason);
      if (algo.family !== 'aes') return skipAll(id, id, 'aes-js has no hashes');
      if (algo.kind === 'aead') return skipAll(id, id, `aes-js has no ${(algo.mode ?? 'gcm').toUpperCase()}`);
      if (algo.kind === 'mac') return skipAll(id, id, algo.mode === 'aegis' ? 'aes-js has no AEGIS' : 'aes-js has no CMAC');
      if (algo.mode === 'xts') return skipAll(id, id, 'aes-js has no XTS');
      if (algo.kind === 'block') return skipAll(id, id, 'not measured for aes-js: its CBC/ECB take whole blocks only (no padding)');
      const lib: Any = m.value.mod.default ?? m.value.mod;
      const version = m.value.version;
      return [
        {
          id,
          label: `aes-js ${version}`,
          group: 'peer',
          version,
          prepare: (fx: Fixture): Op => ({
            run: () => new lib.ModeOfOperation.ctr(fx.key, new lib.Counter(fx.counter)).encrypt(fx.input),
            async: false,
            concurrency: 1,
            outputReused: false,
          }),
        },
      ];
    },
  };
}

async function cryptoJsProvider(): Promise<Provider> {
  const id = 'crypto-js';
  const m = await load('crypto-js');
  const hashFns: Record<HashName, string> = { sha1: 'SHA1', sha224: 'SHA224', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };
  return {
    name: id,
    offers(algo: AlgoSpec): Offer[] {
      if (!m.ok) return skipAll(id, id, m.reason);
      if (algo.kind === 'aead') return skipAll(id, id, `crypto-js has no ${(algo.mode ?? 'gcm').toUpperCase()}`);
      if (algo.kind === 'mac' && algo.family === 'aes') return skipAll(id, id, algo.mode === 'aegis' ? 'crypto-js has no AEGIS' : 'crypto-js has no CMAC');
      if (algo.mode === 'xts') return skipAll(id, id, 'crypto-js has no XTS');
      if (algo.kind === 'block') return skipAll(id, id, 'not measured for crypto-js (CTR, hashes and HMAC only)');
      const C: Any = m.value.mod.default ?? m.value.mod;
      const version = m.value.version;
      // crypto-js works on its own WordArray type; converting the bytes is part of using it.
      const wa = (u: Uint8Array): Any => C.lib.WordArray.create(u);
      const toBytes = (r: unknown) => wordArrayToBytes((r as Any).ciphertext ?? r);
      return [
        {
          id,
          label: `crypto-js ${version}`,
          group: 'peer',
          version,
          prepare: (fx: Fixture): Op => {
            let run: () => unknown;
            if (algo.kind === 'cipher') {
              const opts = { iv: wa(fx.counter), mode: C.mode.CTR, padding: C.pad.NoPadding };
              const key = wa(fx.key);
              run = () => C.AES.encrypt(wa(fx.input), key, opts);
            } else if (algo.kind === 'hash') {
              const f = C[hashFns[algo.hash as HashName]];
              run = () => f(wa(fx.input));
            } else {
              const f = C[`Hmac${hashFns[algo.hash as HashName]}`];
              const key = wa(fx.key);
              run = () => f(wa(fx.input), key);
            }
            return { run, async: false, concurrency: 1, toBytes, outputReused: false };
          },
        },
      ];
    },
  };
}

async function sodiumProvider(): Promise<Provider> {
  const id = 'sodium-native';
  const m = await load('sodium-native');
  return {
    name: id,
    offers(algo: AlgoSpec): Offer[] {
      if (!m.ok) return skipAll(id, id, m.reason);
      const s: Any = m.value.mod.default ?? m.value.mod;
      const version = m.value.version;
      const label = `sodium-native ${version}`;
      const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
      if (algo.kind === 'aead' && algo.mode === 'ccm') return skipAll(id, id, 'libsodium has no AES-CCM');
      if (algo.mode === 'aegis') {
        return skipAll(id, id, `sodium-native ${version} does not expose libsodium's AEGIS (see the libsodium.js row for libsodium's AEGIS)`);
      }
      if (algo.kind === 'aead' && algo.mode === 'gcm-siv') return skipAll(id, id, 'libsodium has no AES-GCM-SIV');
      if (algo.kind === 'aead') {
        if (typeof s.crypto_aead_aes256gcm_encrypt !== 'function' || typeof s.crypto_aead_aes256gcm_is_available !== 'function') {
          return skipAll(id, id, `sodium-native ${version} does not expose crypto_aead_aes256gcm_* (libsodium's only AES mode)`);
        }
        if (algo.keyBytes !== 32) return skipAll(id, id, 'libsodium has AES-256-GCM only');
        if (!s.crypto_aead_aes256gcm_is_available()) return skipAll(id, id, 'crypto_aead_aes256gcm_is_available() is false on this CPU');
        return [
          {
            id,
            label,
            group: 'peer',
            version,
            prepare: (fx: Fixture): Op => {
              const out = Buffer.alloc(fx.expected.length);
              const [input, aad, nonce, key] = [buf(fx.input), buf(fx.aad), buf(fx.nonce), buf(fx.key)];
              const run =
                fx.direction === 'seal'
                  ? () => (s.crypto_aead_aes256gcm_encrypt(out, input, aad, null, nonce, key), out)
                  : () => (s.crypto_aead_aes256gcm_decrypt(out, null, input, aad, nonce, key), out);
              return { run, async: false, concurrency: 1, outputReused: true };
            },
          },
        ];
      }
      if (algo.kind === 'cipher') return skipAll(id, id, 'libsodium has no AES-CTR');
      if (algo.kind === 'block') return skipAll(id, id, `libsodium has no AES-${(algo.mode ?? '').toUpperCase()}`);
      if (algo.kind === 'mac' && algo.family === 'aes') return skipAll(id, id, 'libsodium has no AES-CMAC');
      if (algo.kind === 'mac') {
        return skipAll(id, id, `sodium-native ${version} exposes no HMAC-${(algo.hash as string).toUpperCase()} (its crypto_auth is HMAC-SHA-512-256)`);
      }
      const fn = algo.hash === 'sha256' ? s.crypto_hash_sha256 : algo.hash === 'sha512' ? s.crypto_hash_sha512 : undefined;
      if (typeof fn !== 'function') return skipAll(id, id, `libsodium has no ${algo.hash} (only SHA-256 and SHA-512)`);
      return [
        {
          id,
          label,
          group: 'peer',
          version,
          prepare: (fx: Fixture): Op => {
            const out = Buffer.alloc(fx.expected.length);
            const input = buf(fx.input);
            return { run: () => (fn(out, input), out), async: false, concurrency: 1, outputReused: true };
          },
        },
      ];
    },
  };
}

/**
 * libsodium.js (libsodium-wrappers: libsodium compiled to WebAssembly, with a pure-JS fallback),
 * measured for AEGIS-128L and AEGIS-256 only: libsodium has no X variants, and its AES-GCM is not
 * in the standard build. Its AEGIS tag is 32 bytes, as the AEGIS rows' (AEGIS_TAG_BYTES).
 */
async function libsodiumJsProvider(): Promise<Provider> {
  const id = 'libsodium.js';
  const m = await load('libsodium-wrappers');
  let sodium: Any = null;
  let readyError: string | null = null;
  if (m.ok) {
    try {
      sodium = m.value.mod.default ?? m.value.mod;
      await sodium.ready;
    } catch (e) {
      readyError = `libsodium-wrappers failed to initialize: ${(e as Error).message}`;
    }
  }
  return {
    name: 'libsodium',
    offers(algo: AlgoSpec): Offer[] {
      if (algo.mode !== 'aegis') return []; // not a peer for the other algorithms
      if (!m.ok) return skipAll(id, id, m.reason);
      if (readyError !== null) return skipAll(id, id, readyError);
      const version = m.value.version;
      const name = algo.id === 'aegis-128l' ? 'aegis128l' : algo.id === 'aegis-256' ? 'aegis256' : null;
      if (name === null) return skipAll(id, id, `libsodium has no ${algo.title}`);
      const enc = sodium[`crypto_aead_${name}_encrypt`];
      const dec = sodium[`crypto_aead_${name}_decrypt`];
      if (typeof enc !== 'function' || typeof dec !== 'function') return skipAll(id, id, `libsodium-wrappers ${version} has no crypto_aead_${name}_*`);
      if (sodium[`crypto_aead_${name}_ABYTES`] !== 32) return skipAll(id, id, `libsodium-wrappers ${version}: unexpected ${name} tag length`);
      return [
        {
          id,
          label: `libsodium.js ${version}`,
          group: 'peer',
          version,
          prepare: (fx: Fixture): Op => {
            const run =
              fx.direction === 'seal' ? () => enc(fx.input, fx.aad, null, fx.nonce, fx.key) : () => dec(null, fx.input, fx.aad, fx.nonce, fx.key);
            return { run, async: false, concurrency: 1, outputReused: false };
          },
        },
      ];
    },
  };
}
