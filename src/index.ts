/**
 * hwcrypt: AES and SHA on the CPU's crypto instructions.
 *
 * @packageDocumentation
 */
import { applyEnvironment } from './backend.js';

export { AesGcm, aesGcm, AesCtr, AesCmac, aesCmac, AesKeyObject } from './aes.js';
export type { AesOptions, AesGcmOptions, AesCmacOptions } from './aes.js';
export { AesCbc, AesEcb, AesXts, AesCcm, ccmMaxPlaintext, AesGcmSiv, aesGcmSiv } from './modes.js';
export type { AesCbcOptions, AesCcmOptions } from './modes.js';
export {
  Aegis128L,
  Aegis256,
  Aegis128X2,
  Aegis128X4,
  Aegis256X2,
  Aegis256X4,
  AegisKeyObject,
  aegis128l,
  aegis256,
  aegis128x2,
  aegis128x4,
  aegis256x2,
  aegis256x4,
  AegisMac128L,
  AegisMac256,
  AegisMac128X2,
  AegisMac128X4,
  AegisMac256X2,
  AegisMac256X4,
  AegisMacKeyObject,
  aegisMac128l,
  aegisMac256,
  aegisMac128x2,
  aegisMac128x4,
  aegisMac256x2,
  aegisMac256x4,
} from './aegis.js';
export type { AegisOptions, AegisMacOptions } from './aegis.js';
export { sha1, sha224, sha256, sha384, sha512, sha512_256, hmac, createHmac, Hash, Hmac, Incremental } from './hash.js';
export type { HashName, HashFn, Sha256Fn, ManyOptions, DigestEncoding } from './hash.js';
export { HmacKey } from './hmac-key.js';
export type { HmacKeyOptions } from './hmac-key.js';
export { hkdf, pbkdf2, pbkdf2Async } from './kdf.js';
export type { KdfInput } from './kdf.js';
export { cpuInfo, backends, knownBackends, getBackend, setBackend } from './backend.js';
export type {
  Family,
  AesBackend,
  ShaBackend,
  Sha512Backend,
  BackendName,
  CpuInfo,
  CpuFeatures,
  Backends,
  ManyBackends,
  Algorithm,
} from './backend.js';
export { AuthenticationError, DecryptionError, DisposedError, FinalizedError } from './errors.js';

applyEnvironment(process.env.HWCRYPT_BACKEND);
