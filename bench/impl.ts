/**
 * The contract between the runner and the implementations it measures.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, hkdfSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import { AesGcmSiv } from '../src/index.js';
import { aegisReferenceMac, aegisReferenceSeal } from './aegis.js';
import type { AlgoSpec, Direction } from './algos.js';

/** Where a row comes from. node:crypto is the ratio baseline. */
export const IMPL_GROUPS = ['hwcrypt', 'node', 'webcrypto', 'peer'] as const;
export type ImplGroup = (typeof IMPL_GROUPS)[number];

/**
 * Inputs of one algorithm x size x direction, shared by every implementation
 * of that group so they all do exactly the same work.
 */
export interface Fixture {
  algo: AlgoSpec;
  size: number;
  direction: Direction;
  key: Uint8Array;
  /**
   * 12-byte GCM nonce; AEGIS: as long as the key (fixed: the benchmark repeats one message; never
   * do this with real data).
   */
  nonce: Uint8Array;
  /** 16-byte CTR counter block; also the CBC IV and the XTS tweak. */
  counter: Uint8Array;
  /** AAD for AEADs, HKDF info for KDFs (AAD_BYTES), empty otherwise. */
  aad: Uint8Array;
  /** The message: plaintext for seal/encrypt/hash/mac, ciphertext||tag for open, ciphertext for decrypt. */
  input: Uint8Array;
  /** What node:crypto produces for `input`: every implementation is checked against it before timing. */
  expected: Uint8Array;
}

/** Bytes of AAD given to every AEAD operation (a typical record header). */
export const AAD_BYTES = 16;
/** GCM tag length. */
export const TAG_BYTES = 16;

/** One prepared operation: `run` processes one message of the fixture. */
export interface Op {
  /** Runs one operation; its result is only used for verification. */
  run: () => unknown;
  /** True when run returns a promise. */
  async: boolean;
  /** For async ops: promises kept in flight together (1 = sequential awaits). */
  concurrency: number;
  /** Called before each timed batch (e.g. to select a hwcrypt backend for one-shot hashes). */
  enter?: () => void;
  /** Converts the result of run() to bytes for verification (default: it is a Uint8Array). */
  toBytes?: (result: unknown) => Uint8Array;
  /** True when the op writes into a preallocated output buffer instead of allocating per call. */
  outputReused: boolean;
  /** Releases resources (keys) after timing. */
  dispose?: () => void;
}

export interface Impl {
  /** Stable id used in JSON and options, e.g. 'hwcrypt:aesni', 'node:crypto', '@noble/ciphers'. */
  id: string;
  /** Display label. */
  label: string;
  group: ImplGroup;
  /** hwcrypt backend name, for hwcrypt rows. */
  backend?: string;
  /** True for the node:crypto row every ratio is computed against. */
  baseline?: boolean;
  /** Package version, for peers. */
  version?: string;
  prepare(fx: Fixture): Promise<Op> | Op;
}

/** An implementation that does not take part, with the reason shown to the user. */
export interface Skip {
  id: string;
  label: string;
  reason: string;
}

/** What an implementation provider contributes for one algorithm. */
export type Offer = Impl | Skip;

export function isSkip(o: Offer): o is Skip {
  return 'reason' in o && !('prepare' in o);
}

/** A provider turns an algorithm into rows (or skips with reasons). */
export interface Provider {
  name: string;
  offers(algo: AlgoSpec): Offer[];
}

/** Builds the shared inputs of one algorithm x size x direction, with node:crypto's reference output. */
export function makeFixture(algo: AlgoSpec, size: number, direction: Direction): Fixture {
  const key = new Uint8Array(randomBytes(algo.keyBytes || 32));
  const nonce = new Uint8Array(randomBytes(algo.mode === 'aegis' ? algo.keyBytes : 12));
  const counter = new Uint8Array(randomBytes(16));
  counter.fill(0, 8); // low 64 bits start at zero: no wrap inside 2^64 blocks for any implementation
  const aad = algo.kind === 'aead' || algo.kind === 'kdf' ? new Uint8Array(randomBytes(AAD_BYTES)) : new Uint8Array(0);
  const plaintext = new Uint8Array(randomBytes(size));
  let input: Uint8Array = plaintext;
  let expected: Uint8Array;
  switch (algo.kind) {
    case 'aead': {
      // node:crypto has no AEGIS: its reference is hwcrypt's soft backend (bench/aegis.ts).
      const sealed = algo.mode === 'aegis' ? aegisReferenceSeal(algo, key, nonce, aad, plaintext) : nodeSeal(algo, key, nonce, aad, plaintext);
      if (direction === 'open') {
        input = sealed;
        expected = plaintext;
      } else {
        expected = sealed;
      }
      break;
    }
    case 'cipher': {
      const c = createCipheriv(algo.id, key, counter);
      expected = new Uint8Array(Buffer.concat([c.update(plaintext), c.final()]));
      break;
    }
    case 'block': {
      const ct = nodeBlock(algo, true, key, counter, plaintext);
      if (direction === 'decrypt') {
        input = ct;
        expected = plaintext;
      } else {
        expected = ct;
      }
      break;
    }
    case 'hash':
      expected = new Uint8Array(createHash(algo.hash as string).update(plaintext).digest());
      break;
    case 'mac':
      // AEGIS-MAC: node:crypto has no AEGIS, its reference is hwcrypt's soft backend (bench/aegis.ts).
      expected =
        algo.mode === 'aegis'
          ? aegisReferenceMac(algo, key, nonce, plaintext)
          : algo.family === 'aes'
          ? nodeCmac(key, plaintext)
          : new Uint8Array(createHmac(algo.hash as string, key).update(plaintext).digest());
      break;
    case 'kdf':
      // key = IKM / password, input = salt, aad = HKDF info; size = output length.
      input = new Uint8Array(randomBytes(32));
      expected = kdfReference(algo, key, input, aad, size);
      break;
  }
  return { algo, size, direction, key, nonce, counter, aad, input, expected };
}

/**
 * The CCM nonce of a fixture: its 12-byte nonce (TLS's and OpenSSL speed's
 * choice, q = 3 length bytes) up to 2^24 - 1 bytes, the first 11 bytes
 * above (q = 4), since a 12-byte nonce cannot number a longer message.
 */
export function ccmNonce(fx: { nonce: Uint8Array; size: number }): Uint8Array {
  return fx.size < 2 ** 24 ? fx.nonce : fx.nonce.subarray(0, 11);
}

/** Whether node:crypto's OpenSSL offers the cipher (AES-GCM-SIV needs OpenSSL 3.2+). */
export function nodeHasCipher(name: string): boolean {
  return getCiphers().includes(name);
}

/**
 * node:crypto's AEAD seal (GCM, CCM, or GCM-SIV where its OpenSSL has it) as applications
 * write it: ciphertext || 16-byte tag. Without node:crypto's AES-GCM-SIV (Node 20 bundles
 * OpenSSL 3.0), the GCM-SIV reference is hwcrypt's portable 'soft' backend (checked against
 * RFC 8452 and Wycheproof in the test suite); the @noble/ciphers row, verified against it
 * before timing, is then the independent cross-check.
 */
export function nodeSeal(algo: AlgoSpec, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  if (algo.mode === 'gcm-siv' && !nodeHasCipher(algo.id)) {
    const siv = new AesGcmSiv(key, { backend: 'soft' });
    try {
      return siv.seal(nonce, pt, aad);
    } finally {
      siv.dispose();
    }
  }
  if (algo.mode === 'ccm') {
    const c = createCipheriv(algo.id as 'aes-128-ccm', key, ccmNonce({ nonce, size: pt.length }), { authTagLength: TAG_BYTES });
    c.setAAD(aad, { plaintextLength: pt.length });
    return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
  }
  const c = createCipheriv(algo.id as 'aes-128-gcm', key, nonce);
  c.setAAD(aad);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

/** node:crypto's CCM open (ciphertext || 16-byte tag). */
export function nodeCcmOpen(algo: AlgoSpec, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  const n = sealed.length - TAG_BYTES;
  const d = createDecipheriv(algo.id as 'aes-128-ccm', key, ccmNonce({ nonce, size: n }), { authTagLength: TAG_BYTES });
  d.setAuthTag(sealed.subarray(n));
  d.setAAD(aad, { plaintextLength: n });
  return new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]));
}

/**
 * node:crypto's CBC (PKCS#7 padding, node's default, as apps write it),
 * ECB (no padding: whole blocks) or XTS (the 16-byte tweak in `iv`).
 */
export function nodeBlock(algo: AlgoSpec, encrypt: boolean, key: Uint8Array, iv: Uint8Array, input: Uint8Array): Uint8Array {
  const make = encrypt ? createCipheriv : createDecipheriv;
  const c = make(algo.id, key, algo.mode === 'ecb' ? null : iv);
  if (algo.mode === 'ecb') c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(input), c.final()]));
}

/**
 * AES-CMAC (RFC 4493) on node:crypto, which has no CMAC: L = E_K(0) with
 * aes-*-ecb, K1/K2 by doubling, then aes-*-cbc with a zero IV over
 * M_1 .. M_{n-1} and the last block XOR K1 (or padded, XOR K2); the last
 * ciphertext block is the CMAC, exactly. The best JS path that exists
 * (OpenSSL's CBC in C), at the price of writing a ciphertext as long as
 * the message and two cipher objects per call; both the benchmark's
 * reference output and its node:crypto row.
 */
export function nodeCmac(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const bits = key.length * 8;
  const ecb = createCipheriv(`aes-${bits}-ecb` as 'aes-128-ecb', key, null).setAutoPadding(false);
  const l = ecb.update(new Uint8Array(16));
  const dbl = (x: Uint8Array): Uint8Array => {
    const y = new Uint8Array(16);
    for (let i = 0; i < 16; i++) y[i] = ((x[i] << 1) | (i < 15 ? x[i + 1] >> 7 : 0)) & 0xff;
    y[15] ^= 0x87 & -(x[0] >> 7);
    return y;
  };
  const k1 = dbl(l);
  const whole = msg.length > 0 && msg.length % 16 === 0;
  const head = msg.length === 0 ? 0 : (Math.ceil(msg.length / 16) - 1) * 16;
  const last = new Uint8Array(16);
  last.set(msg.subarray(head));
  if (!whole) last[msg.length - head] = 0x80;
  const sub = whole ? k1 : dbl(k1);
  for (let i = 0; i < 16; i++) last[i] ^= sub[i];
  const cbc = createCipheriv(`aes-${bits}-cbc` as 'aes-128-cbc', key, new Uint8Array(16)).setAutoPadding(false);
  if (head) cbc.update(msg.subarray(0, head));
  return new Uint8Array(cbc.update(last));
}

/** node:crypto's HKDF / PBKDF2 of a KDF fixture's inputs. */
export function kdfReference(algo: AlgoSpec, key: Uint8Array, salt: Uint8Array, info: Uint8Array, len: number): Uint8Array {
  const h = algo.hash as string;
  if (algo.iterations === undefined) return new Uint8Array(hkdfSync(h, key, salt, info, len));
  return new Uint8Array(pbkdf2Sync(key, salt, algo.iterations, len, h));
}

/** Byte-wise equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
