/**
 * The algorithms the benchmark knows, and the parsing of sizes. Pure data,
 * no addon access, so option parsing and the reporters can use it anywhere.
 */

/** Algorithm identifiers accepted by `--algos` (ALGOS below has one spec for each, in this order). */
export const ALGO_IDS = [
  'aes-128-gcm',
  'aes-192-gcm',
  'aes-256-gcm',
  'aes-128-ctr',
  'aes-192-ctr',
  'aes-256-ctr',
  'aes-128-cbc',
  'aes-256-cbc',
  'aes-128-ecb',
  'aes-256-ecb',
  'aes-128-xts',
  'aes-256-xts',
  'aes-128-ccm',
  'aes-256-ccm',
  'aes-128-cmac',
  'aes-256-cmac',
  'aegis-128l',
  'aegis-256',
  'aegis-128x2',
  'aegis-128x4',
  'aegis-256x2',
  'aegis-256x4',
  'aes-128-gcm-siv',
  'aes-256-gcm-siv',
  'aegismac-128l',
  'aegismac-128x4',
  'aegismac-256',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'hmac-sha1',
  'hmac-sha256',
  'hmac-sha512',
  'hkdf-sha256',
  'hkdf-sha512',
  'pbkdf2-sha1',
  'pbkdf2-sha256',
  'pbkdf2-sha512',
] as const;
export type AlgoId = (typeof ALGO_IDS)[number];

/**
 * 'aead': seal/open (GCM, CCM); 'cipher': one keystream direction (CTR);
 * 'block': a block-cipher mode whose decryption differs from its
 * encryption (CBC, ECB, XTS), measured as encrypt and decrypt.
 */
export type AlgoKind = 'aead' | 'cipher' | 'block' | 'hash' | 'mac' | 'kdf';
/** The AES mode of an AES algorithm ('aegis': the AEGIS family, built on the AES round). */
export type AesMode = 'gcm' | 'ctr' | 'cbc' | 'ecb' | 'xts' | 'ccm' | 'cmac' | 'gcm-siv' | 'aegis';
/** hwcrypt's class for each AEGIS variant. */
export type AegisClass = 'Aegis128L' | 'Aegis256' | 'Aegis128X2' | 'Aegis128X4' | 'Aegis256X2' | 'Aegis256X4';
/** hwcrypt's class for each AEGIS-MAC variant measured. */
export type AegisMacClass = 'AegisMac128L' | 'AegisMac256' | 'AegisMac128X4';
/** The hwcrypt backend family an algorithm is dispatched by. */
export type Family = 'aes' | 'sha1' | 'sha256' | 'sha512';
export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
/**
 * What is measured. AEADs have two directions; CTR encryption equals
 * decryption and hashes have one, so those are measured once as 'encrypt' /
 * 'hash' / 'mac' whatever `--direction` says; KDFs as 'derive'. CBC, ECB
 * and XTS ('block') as 'encrypt' / 'decrypt' (`--direction seal` / `open`).
 */
export const DIRECTIONS = ['seal', 'open', 'encrypt', 'decrypt', 'hash', 'mac', 'derive'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface AlgoSpec {
  id: AlgoId;
  kind: AlgoKind;
  family: Family;
  /** AES key length in bytes (both XTS keys together), or HMAC key length. */
  keyBytes: number;
  /** The AES mode (AES algorithms only). */
  mode?: AesMode;
  /** The hash (for hashes and HMAC). */
  hash?: HashName;
  /** Display name. */
  title: string;
  /** PBKDF2 iteration count (KDF rows only; HKDF has none). */
  iterations?: number;
  /** AEGIS rows: hwcrypt's class (key and nonce are keyBytes each); an AEGIS-MAC row (kind 'mac') its MAC class. */
  aegis?: AegisClass | AegisMacClass;
}

const HASH_FAMILY: Record<HashName, Family> = {
  sha1: 'sha1',
  sha224: 'sha256',
  sha256: 'sha256',
  sha384: 'sha512',
  sha512: 'sha512',
};

function aes(id: AlgoId, bits: number, mode: Exclude<AesMode, 'cmac'>): AlgoSpec {
  const kind: AlgoKind = mode === 'gcm' || mode === 'ccm' || mode === 'gcm-siv' ? 'aead' : mode === 'ctr' ? 'cipher' : 'block';
  // XTS's name gives the size of each of its two keys (node:crypto's aes-128-xts takes 32 bytes).
  const keyBytes = mode === 'xts' ? bits / 4 : bits / 8;
  return { id, kind, family: 'aes', mode, keyBytes, title: `AES-${bits}-${mode.toUpperCase()}` };
}
/** AES-CMAC (kind 'mac', no hash): node:crypto has no CMAC (its row is built from aes-ecb and aes-cbc). */
function cmac(id: AlgoId, bits: number): AlgoSpec {
  return { id, kind: 'mac', family: 'aes', mode: 'cmac', keyBytes: bits / 8, title: `AES-${bits}-CMAC` };
}
/**
 * An AEGIS variant: an AEAD on the AES backend family (hwcrypt runs it on the AEGIS kernels of
 * the AES backend's instruction set); key and nonce of keyBytes each.
 */
function aegis(id: AlgoId, cls: AegisClass, keyBytes: 16 | 32, title: string): AlgoSpec {
  return { id, kind: 'aead', family: 'aes', mode: 'aegis', keyBytes, title, aegis: cls };
}
/**
 * AEGIS as a MAC (AEGISMAC): kind 'mac' on the AES backend family, mode 'aegis' (the AEGIS
 * kernels, rows per kernel set as for the AEAD); key and nonce of keyBytes each.
 */
function aegisMac(id: AlgoId, cls: AegisMacClass, keyBytes: 16 | 32, title: string): AlgoSpec {
  return { id, kind: 'mac', family: 'aes', mode: 'aegis', keyBytes, title, aegis: cls };
}
function hash(id: HashName): AlgoSpec {
  return { id, kind: 'hash', family: HASH_FAMILY[id], keyBytes: 0, hash: id, title: id.toUpperCase().replace('SHA', 'SHA-') };
}
function mac(h: HashName): AlgoSpec {
  return {
    id: `hmac-${h}` as AlgoId,
    kind: 'mac',
    family: HASH_FAMILY[h],
    keyBytes: 32,
    hash: h,
    title: `HMAC-${h.toUpperCase().replace('SHA', 'SHA-')}`,
  };
}

/**
 * KDF rows derive KDF_OUTPUT bytes from a 32-byte key/password, a 32-byte
 * salt and (HKDF) a 16-byte info; their one "size" is the output length,
 * whatever `--sizes` says. PBKDF2 runs PBKDF2_ITERATIONS (OWASP's 2023
 * figure for PBKDF2-HMAC-SHA256), about 0.1-0.3 s per derivation, so the
 * KDF rows are not in DEFAULT_ALGOS: ask for them with `--algos`.
 */
export const KDF_OUTPUT = 32;
export const PBKDF2_ITERATIONS = 600_000;
function kdf(name: 'hkdf' | 'pbkdf2', h: HashName): AlgoSpec {
  return {
    id: `${name}-${h}` as AlgoId,
    kind: 'kdf',
    family: HASH_FAMILY[h],
    keyBytes: 32,
    hash: h,
    title: `${name.toUpperCase()}-${h.toUpperCase().replace('SHA', 'SHA-')}`,
    iterations: name === 'pbkdf2' ? PBKDF2_ITERATIONS : undefined,
  };
}

/** Every algorithm the benchmark can measure, in display order. */
export const ALGOS: readonly AlgoSpec[] = [
  aes('aes-128-gcm', 128, 'gcm'),
  aes('aes-192-gcm', 192, 'gcm'),
  aes('aes-256-gcm', 256, 'gcm'),
  aes('aes-128-ctr', 128, 'ctr'),
  aes('aes-192-ctr', 192, 'ctr'),
  aes('aes-256-ctr', 256, 'ctr'),
  aes('aes-128-cbc', 128, 'cbc'),
  aes('aes-256-cbc', 256, 'cbc'),
  aes('aes-128-ecb', 128, 'ecb'),
  aes('aes-256-ecb', 256, 'ecb'),
  aes('aes-128-xts', 128, 'xts'),
  aes('aes-256-xts', 256, 'xts'),
  aes('aes-128-ccm', 128, 'ccm'),
  aes('aes-256-ccm', 256, 'ccm'),
  cmac('aes-128-cmac', 128),
  cmac('aes-256-cmac', 256),
  aegis('aegis-128l', 'Aegis128L', 16, 'AEGIS-128L'),
  aegis('aegis-256', 'Aegis256', 32, 'AEGIS-256'),
  aegis('aegis-128x2', 'Aegis128X2', 16, 'AEGIS-128X2'),
  aegis('aegis-128x4', 'Aegis128X4', 16, 'AEGIS-128X4'),
  aegis('aegis-256x2', 'Aegis256X2', 32, 'AEGIS-256X2'),
  aegis('aegis-256x4', 'Aegis256X4', 32, 'AEGIS-256X4'),
  aes('aes-128-gcm-siv', 128, 'gcm-siv'),
  aes('aes-256-gcm-siv', 256, 'gcm-siv'),
  aegisMac('aegismac-128l', 'AegisMac128L', 16, 'AEGISMAC-128L'),
  aegisMac('aegismac-128x4', 'AegisMac128X4', 16, 'AEGISMAC-128X4'),
  aegisMac('aegismac-256', 'AegisMac256', 32, 'AEGISMAC-256'),
  hash('sha1'),
  hash('sha224'),
  hash('sha256'),
  hash('sha384'),
  hash('sha512'),
  mac('sha1'),
  mac('sha256'),
  mac('sha512'),
  kdf('hkdf', 'sha256'),
  kdf('hkdf', 'sha512'),
  kdf('pbkdf2', 'sha1'),
  kdf('pbkdf2', 'sha256'),
  kdf('pbkdf2', 'sha512'),
];

/**
 * Named groups `--algos` accepts besides single ids. The block-cipher modes
 * (CBC, ECB, XTS, CCM) and CMAC are not in DEFAULT_ALGOS, so the default
 * run keeps its length (about a minute): ask for them with `--algos modes`.
 */
export const ALGO_PRESETS: Readonly<Record<string, readonly AlgoId[]>> = {
  modes: ['aes-128-cbc', 'aes-128-ecb', 'aes-128-xts', 'aes-128-ccm', 'aes-128-cmac'],
  'modes-all': ['aes-128-cbc', 'aes-256-cbc', 'aes-128-ecb', 'aes-256-ecb', 'aes-128-xts', 'aes-256-xts', 'aes-128-ccm', 'aes-256-ccm', 'aes-128-cmac', 'aes-256-cmac'],
  'gcm-siv': ['aes-128-gcm', 'aes-128-gcm-siv', 'aes-256-gcm', 'aes-256-gcm-siv'],
  kdf: ['hkdf-sha256', 'hkdf-sha512', 'pbkdf2-sha1', 'pbkdf2-sha256', 'pbkdf2-sha512'],
  /** Every AEGIS variant (those this build of hwcrypt has kernels for), the AEGIS-MAC rows included. */
  aegis: ALGOS.filter((a) => a.mode === 'aegis').map((a) => a.id),
  /**
   * The AEADs side by side in one run: AES-GCM and every other AEAD row with 128- or 256-bit
   * keys (AES-GCM-SIV, the AEGIS family), CCM aside.
   */
  aead: ALGOS.filter((a) => a.kind === 'aead' && a.mode !== 'ccm' && a.keyBytes !== 24).map((a) => a.id),
  /** The MACs side by side: AES-128-CMAC, HMAC-SHA-256 and the AEGIS-MAC rows. */
  mac: ['aes-128-cmac', 'hmac-sha256', ...ALGOS.filter((a) => a.kind === 'mac' && a.mode === 'aegis').map((a) => a.id)],
};

/** Presets whose members are measured where this build implements them (the others are left out, not an error). */
export const LENIENT_PRESETS: readonly string[] = ['aegis', 'aead', 'mac'];

/**
 * Measured when `--algos` is not given (restricted at run time to what the
 * installed hwcrypt implements).
 */
export const DEFAULT_ALGOS: readonly AlgoId[] = [
  'aes-128-gcm',
  'aes-256-gcm',
  'aes-128-ctr',
  'sha1',
  'sha256',
  'sha512',
  'hmac-sha256',
];

/**
 * The parts of a run `--section` selects: 'algos' is the algorithm x size
 * tables above; 'many' the many-small-messages section (batch calls,
 * multi-buffer hashing, keyed MACs, the per-call cost); 'async' the async
 * section (pool scaling, event-loop delay). See bench/sections/.
 */
export const SECTION_IDS = ['algos', 'many', 'async'] as const;
export type SectionId = (typeof SECTION_IDS)[number];
/** The sections made of cases rather than algorithm tables. */
export const CASE_SECTION_IDS = ['many', 'async'] as const;
export type CaseSectionId = (typeof CASE_SECTION_IDS)[number];

export function algoById(id: string): AlgoSpec | undefined {
  return ALGOS.find((a) => a.id === id);
}

/** Directions an algorithm is measured in, given `--direction`. */
export function directionsFor(algo: AlgoSpec, dir: 'seal' | 'open' | 'both'): Direction[] {
  switch (algo.kind) {
    case 'aead':
      return dir === 'both' ? ['seal', 'open'] : [dir];
    case 'cipher':
      return ['encrypt'];
    case 'block':
      return dir === 'both' ? ['encrypt', 'decrypt'] : dir === 'seal' ? ['encrypt'] : ['decrypt'];
    case 'hash':
      return ['hash'];
    case 'mac':
      return ['mac'];
    case 'kdf':
      return ['derive'];
  }
}

/**
 * The sizes measured for an algorithm: `sizes`, or the output length for
 * KDFs. ECB takes whole blocks only and XTS 16 B .. 16 MiB (one IEEE 1619
 * data unit), so other sizes are left out for those.
 */
export function sizesFor(algo: AlgoSpec, sizes: readonly number[]): number[] {
  if (algo.kind === 'kdf') return [KDF_OUTPUT];
  if (algo.mode === 'ecb') return sizes.filter((s) => s % 16 === 0);
  if (algo.mode === 'xts') return sizes.filter((s) => s >= 16 && s <= 16 * MIB);
  return [...sizes];
}

export const KIB = 1024;
export const MIB = 1024 * 1024;
/** Default sizes; `--full` adds 16 MiB. */
export const DEFAULT_SIZES: readonly number[] = [16, 64, 256, KIB, 8 * KIB, 64 * KIB, MIB];
export const FULL_EXTRA_SIZES: readonly number[] = [16 * MIB];
/** Largest accepted size: 256 MiB (the benchmark keeps input and output in memory). */
export const MAX_SIZE = 256 * MIB;

/**
 * Parses one size: a plain byte count or a number with B, K/KB/KiB, M/MB/MiB
 * (binary multiples, as everywhere in this benchmark).
 * @throws RangeError with the offending text.
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?\s*$/i.exec(text);
  if (!m) throw new RangeError(`invalid size '${text}' (expected e.g. 64, 1K, 16KiB, 1MiB)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('m') ? MIB : unit.startsWith('k') ? KIB : 1;
  const v = Number(m[1]) * mult;
  if (!Number.isInteger(v)) throw new RangeError(`invalid size '${text}': not a whole number of bytes`);
  if (v < 1 || v > MAX_SIZE) throw new RangeError(`invalid size '${text}': must be 1 B .. 256 MiB`);
  return v;
}

/** "16 B", "1 KiB", "64 KiB", "1 MiB", "1.5 KiB". */
export function formatSize(bytes: number): string {
  if (bytes >= MIB && bytes % (MIB / 4) === 0) return `${bytes / MIB} MiB`;
  if (bytes >= KIB && bytes % (KIB / 4) === 0) return `${bytes / KIB} KiB`;
  return `${bytes} B`;
}
