/**
 * The AEGIS rows' shared pieces: hwcrypt's class for a variant, the kernel set an AES backend
 * runs it on, and the reference output. node:crypto has no AEGIS, so a fixture's expected output
 * comes from hwcrypt's portable `soft` backend (checked against the draft's and Wycheproof's
 * vectors by test/aegis.test.ts); every row, libsodium's included, is checked against it.
 */
import * as hw from '../src/index.js';
import type { AlgoSpec } from './algos.js';

/**
 * AEGIS rows seal with 32-byte tags: libsodium's only tag length, so its rows verify against the
 * same output. Both tag lengths run the same finalization rounds.
 */
export const AEGIS_TAG_BYTES = 32;

type AegisCtor = new (key: Uint8Array, options?: hw.AegisOptions) => hw.AegisKeyObject;

/** hwcrypt's class for the variant, or undefined if this hwcrypt has none. */
export function aegisClass(algo: AlgoSpec): AegisCtor | undefined {
  const c = (hw as unknown as Record<string, unknown>)[algo.aegis ?? ''];
  return typeof c === 'function' ? (c as AegisCtor) : undefined;
}

/**
 * The AEGIS kernel set that runs the variant when its key is made on AES backend `aesBackend`
 * (e.g. 'aesni' for vaes512 when there is no wider kernel), or null if this build has none there.
 */
export function aegisKernels(algo: AlgoSpec, aesBackend?: string): string | null {
  const C = aegisClass(algo);
  if (!C) return null;
  try {
    const k = new C(new Uint8Array(algo.keyBytes), { backend: aesBackend as hw.AesBackend });
    const b = k.backend;
    k.dispose();
    return b;
  } catch {
    return null;
  }
}

/** The reference: ciphertext || 32-byte tag, sealed by hwcrypt's soft backend. */
export function aegisReferenceSeal(algo: AlgoSpec, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const C = aegisClass(algo);
  if (!C) throw new Error(`hwcrypt has no ${algo.title}`);
  const k = new C(key, { backend: 'soft', tagLength: AEGIS_TAG_BYTES });
  try {
    return k.seal(nonce, pt, aad, new Uint8Array(pt.length + AEGIS_TAG_BYTES));
  } finally {
    k.dispose();
  }
}

/**
 * AEGIS-MAC rows (kind 'mac') compute 16-byte tags, the API's default and AES-CMAC's length
 * (the two tag lengths run the same finalization rounds).
 */
export const AEGIS_MAC_TAG_BYTES = 16;

type AegisMacCtor = new (key: Uint8Array, options?: hw.AegisMacOptions) => hw.AegisMacKeyObject;

/** hwcrypt's AEGIS-MAC class for an AEGIS-MAC row, or undefined if this hwcrypt has none. */
export function aegisMacClass(algo: AlgoSpec): AegisMacCtor | undefined {
  if (algo.kind !== 'mac') return undefined;
  return aegisClass(algo) as unknown as AegisMacCtor | undefined;
}

/** The reference AEGIS-MAC tag (16 bytes) of data, computed by hwcrypt's soft backend. */
export function aegisReferenceMac(algo: AlgoSpec, key: Uint8Array, nonce: Uint8Array, data: Uint8Array): Uint8Array {
  const C = aegisMacClass(algo);
  if (!C) throw new Error(`hwcrypt has no ${algo.title}`);
  const k = new C(key, { backend: 'soft', tagLength: AEGIS_MAC_TAG_BYTES });
  try {
    return k.mac(nonce, data, new Uint8Array(AEGIS_MAC_TAG_BYTES));
  } finally {
    k.dispose();
  }
}
