/**
 * CPU features and backend selection. Every backend the CPU supports can be
 * forced, per algorithm family, with setBackend() or the HWCRYPT_BACKEND
 * environment variable (read when hwcrypt is loaded, in each thread). The
 * selection belongs to the thread (main thread or worker) that makes it.
 */
import { native } from './native.js';

/** Algorithm families that select a backend independently. */
export type Family = 'aes' | 'sha1' | 'sha256' | 'sha512';
export const FAMILIES: readonly Family[] = ['aes', 'sha1', 'sha256', 'sha512'];

/** AES backends, best first. */
export type AesBackend = 'vaes512' | 'vaes256' | 'aesni' | 'armv8' | 'soft';
/** SHA-1 / SHA-256 backends (SHA-224 uses SHA-256's). */
export type ShaBackend = 'shani' | 'armv8' | 'soft';
/** SHA-512 backends (also SHA-384 and SHA-512/256). */
export type Sha512Backend = 'armv8' | 'avx2' | 'soft';
export type BackendName = AesBackend | ShaBackend | Sha512Backend;

export interface CpuFeatures {
  aesni: boolean;
  pclmul: boolean;
  avx2: boolean;
  bmi2: boolean;
  avx512: boolean;
  vaes: boolean;
  vpclmul: boolean;
  shani: boolean;
  gfni: boolean;
  armAes: boolean;
  armPmull: boolean;
  armSha1: boolean;
  armSha2: boolean;
  armSha512: boolean;
}

/** The algorithms hwcrypt runs (names as in `hwcrypt info`, without key or hash sizes). */
export type Algorithm =
  | 'aes-gcm'
  | 'aes-ctr'
  | 'aes-cbc'
  | 'aes-ecb'
  | 'aes-xts'
  | 'aes-ccm'
  | 'aes-cmac'
  | 'aegis-128l'
  | 'aegis-256'
  | 'aegis-128x2'
  | 'aegis-128x4'
  | 'aegis-256x2'
  | 'aegis-256x4'
  | 'aes-gcm-siv'
  | 'aegismac-128l'
  | 'aegismac-256'
  | 'aegismac-128x2'
  | 'aegismac-128x4'
  | 'aegismac-256x2'
  | 'aegismac-256x4'
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'sha512-256'
  | 'hmac'
  | 'hkdf'
  | 'pbkdf2';

/**
 * The backend families that run each algorithm: every AES mode runs on the AES backend (AEGIS
 * on the AEGIS kernels of the AES backend's instruction set),
 * each hash on its family's, and HMAC, HKDF and PBKDF2 on the backend of the hash they use.
 */
export const ALGORITHM_FAMILIES: Readonly<Record<Algorithm, readonly Family[]>> = Object.freeze({
  'aes-gcm': ['aes'],
  'aes-ctr': ['aes'],
  'aes-cbc': ['aes'],
  'aes-ecb': ['aes'],
  'aes-xts': ['aes'],
  'aes-ccm': ['aes'],
  'aes-cmac': ['aes'],
  'aegis-128l': ['aes'],
  'aegis-256': ['aes'],
  'aegis-128x2': ['aes'],
  'aegis-128x4': ['aes'],
  'aegis-256x2': ['aes'],
  'aegis-256x4': ['aes'],
  'aes-gcm-siv': ['aes'],
  'aegismac-128l': ['aes'],
  'aegismac-256': ['aes'],
  'aegismac-128x2': ['aes'],
  'aegismac-128x4': ['aes'],
  'aegismac-256x2': ['aes'],
  'aegismac-256x4': ['aes'],
  sha1: ['sha1'],
  sha224: ['sha256'],
  sha256: ['sha256'],
  sha384: ['sha512'],
  sha512: ['sha512'],
  'sha512-256': ['sha512'],
  hmac: ['sha1', 'sha256', 'sha512'],
  hkdf: ['sha1', 'sha256', 'sha512'],
  pbkdf2: ['sha1', 'sha256', 'sha512'],
} as const);

function perAlgorithm<T>(f: (family: Family) => T): Record<Algorithm, Partial<Record<Family, T>>> {
  const byFamily = Object.fromEntries(FAMILIES.map((fam) => [fam, f(fam)])) as Record<Family, T>;
  const out = {} as Record<Algorithm, Partial<Record<Family, T>>>;
  for (const [alg, fams] of Object.entries(ALGORITHM_FAMILIES) as [Algorithm, readonly Family[]][]) {
    out[alg] = Object.fromEntries(fams.map((fam) => [fam, byFamily[fam]])) as Partial<Record<Family, T>>;
  }
  return out;
}

export interface CpuInfo {
  /** 'x64', 'arm64' or 'other'. */
  arch: string;
  /** CPU brand string where the platform reports one, else ''. */
  model: string;
  features: CpuFeatures;
  /**
   * For each algorithm, the backend that runs it for objects created now on this thread
   * (per family; e.g. `algorithms['aes-cbc'] = { aes: 'vaes512' }`, `algorithms.hmac =
   * { sha1: 'shani', sha256: 'shani', sha512: 'avx2' }`): the best this CPU offers, unless
   * setBackend() or HWCRYPT_BACKEND chose another.
   */
  algorithms: Record<Algorithm, Partial<Record<Family, BackendName>>>;
}

/** What the CPU offers, as detected once by the native core (CPUID+XGETBV, getauxval, sysctl). */
export function cpuInfo(): CpuInfo {
  const c = native.cpuInfo();
  const f = c.features;
  return {
    arch: c.arch,
    model: c.model,
    features: {
      aesni: f.aesni,
      pclmul: f.pclmul,
      avx2: f.avx2,
      bmi2: f.bmi2,
      avx512: f.avx512,
      vaes: f.vaes,
      vpclmul: f.vpclmul,
      shani: f.shani,
      gfni: f.gfni,
      armAes: f.armAes,
      armPmull: f.armPmull,
      armSha1: f.armSha1,
      armSha2: f.armSha2,
      armSha512: f.armSha512,
    },
    algorithms: perAlgorithm((fam) => native.getBackend(fam) as BackendName),
  };
}

/** The backends of batch hashing (`sha256.many()`, `manyPacked()`, `merkle()`) for one hash family. */
export interface ManyBackends {
  /**
   * Names `{ backend }` accepts, best first: the multi-buffer kernels this CPU runs
   * ('avx512x16', 'avx2x8', 'shanix2', 'armv8x2', ...) and the family's single-stream backends
   * ('shani', 'soft', ...), which hash the messages one after another.
   */
  available: string[];
  /** What a batch uses when no backend is named (with setBackend(family, 'soft'): 'soft'). */
  default: string;
}

export interface Backends {
  aes: AesBackend[];
  sha1: ShaBackend[];
  sha256: ShaBackend[];
  sha512: Sha512Backend[];
  /** Batch hashing's backends per hash family (SHA-224 uses sha256's, SHA-384 and SHA-512/256 sha512's). */
  many: Record<'sha1' | 'sha256' | 'sha512', ManyBackends>;
  /**
   * For each algorithm, the backends available to it, per family, best first (e.g.
   * `algorithms['aes-xts'] = { aes: ['vaes512', 'vaes256', 'aesni', 'soft'] }`).
   */
  algorithms: Record<Algorithm, Partial<Record<Family, BackendName[]>>>;
}

/** Backends available on this CPU for each family, best first (the last is always 'soft'). */
export function backends(): Backends {
  return {
    aes: native.backends('aes') as AesBackend[],
    sha1: native.backends('sha1') as ShaBackend[],
    sha256: native.backends('sha256') as ShaBackend[],
    sha512: native.backends('sha512') as Sha512Backend[],
    many: {
      sha1: manyOf('sha1'),
      sha256: manyOf('sha256'),
      sha512: manyOf('sha512'),
    },
    algorithms: perAlgorithm((fam) => native.backends(fam) as BackendName[]),
  };
}

function manyOf(family: 'sha1' | 'sha256' | 'sha512'): ManyBackends {
  return { available: native.hashManyBackends(family), default: native.hashManyDefault(family) ?? 'soft' };
}

/** Every backend name hwcrypt knows for each family, whether or not this CPU can run it. */
export function knownBackends(): Record<Family, string[]> {
  return {
    aes: native.knownBackends('aes'),
    sha1: native.knownBackends('sha1'),
    sha256: native.knownBackends('sha256'),
    sha512: native.knownBackends('sha512'),
  };
}

function assertFamily(family: unknown, allowAll: boolean): asserts family is Family | 'all' {
  if (typeof family !== 'string') throw new TypeError(`family: expected a string, got ${typeof family}`);
  if (!(FAMILIES as readonly string[]).includes(family) && !(allowAll && family === 'all')) {
    throw new RangeError(`family: expected one of ${FAMILIES.join(', ')}${allowAll ? ', all' : ''}; got '${family}'`);
  }
}

/** The backend new key objects / hashes of this family will use on this thread. */
export function getBackend(family: Family): BackendName {
  assertFamily(family, false);
  return native.getBackend(family) as BackendName;
}

/**
 * Forces the backend used by key objects and hashes created from now on
 * (existing ones keep theirs), on the calling thread only: the main thread
 * and every worker select independently, and a new worker starts at the
 * best backend (or HWCRYPT_BACKEND). `'auto'` returns to the best available.
 * With family `'all'`, the name applies to every family that knows it.
 * @throws {RangeError} if the backend is unknown or this CPU cannot run it.
 */
export function setBackend(family: Family | 'all', name: BackendName | 'auto'): void {
  assertFamily(family, true);
  if (typeof name !== 'string') throw new TypeError(`name: expected a string, got ${typeof name}`);
  const targets = family === 'all' ? FAMILIES : [family];
  if (name === 'auto') {
    for (const f of targets) native.setBackend(f, null);
    return;
  }
  const known = targets.filter((f) => native.knownBackends(f).includes(name));
  if (known.length === 0) {
    const all = family === 'all' ? FAMILIES.flatMap((f) => native.knownBackends(f)) : native.knownBackends(family);
    throw new RangeError(`name: unknown backend '${name}' for ${family}; known: ${[...new Set(all)].join(', ')}`);
  }
  const missing = known.filter((f) => !native.backends(f).includes(name));
  if (missing.length > 0) {
    throw new RangeError(`name: backend '${name}' is not available on this CPU for ${missing.join(', ')}`);
  }
  for (const f of known) native.setBackend(f, name);
}

/** Applies HWCRYPT_BACKEND (e.g. `soft`, `aesni,shani`, `aes=vaes256,sha256=soft`) once at load. */
export function applyEnvironment(spec: string | undefined): void {
  if (!spec) return;
  const bad = native.applySpec(spec);
  if (bad !== null) {
    throw new RangeError(
      `HWCRYPT_BACKEND: '${bad}' is not a backend available on this CPU ` +
        `(available: ${FAMILIES.map((f) => `${f}=${native.backends(f).join('|')}`).join(', ')})`,
    );
  }
}
