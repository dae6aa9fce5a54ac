/**
 * node:crypto as applications write it (a new cipher/hash object per message:
 * the ratio baseline), crypto.hash() where Node has it, and WebCrypto
 * (crypto.subtle) with sequential awaits and with N promises in flight.
 */
import * as nodeCrypto from 'node:crypto';
import type { AlgoSpec } from '../algos.js';
import { nodeBlock, nodeCcmOpen, nodeCmac, nodeHasCipher, nodeSeal, TAG_BYTES, type Fixture, type Offer, type Op, type Provider } from '../impl.js';

export const NODE_ID = 'node:crypto';

export const nodeProvider: Provider = {
  name: 'node',
  offers(algo: AlgoSpec): Offer[] {
    if (algo.mode === 'aegis') {
      return [{ id: NODE_ID, label: 'node:crypto', reason: `node:crypto (OpenSSL ${process.versions.openssl}) has no AEGIS` }];
    }
    if (algo.mode === 'gcm-siv' && !nodeHasCipher(algo.id)) {
      // OpenSSL has AES-GCM-SIV from 3.2; the OpenSSL this Node bundles does not list it.
      return [{ id: NODE_ID, label: 'node:crypto', reason: `node:crypto has no ${algo.id} (OpenSSL ${process.versions.openssl})` }];
    }
    const rows: Offer[] = [
      {
        id: NODE_ID,
        label: 'node:crypto',
        group: 'node',
        baseline: true,
        version: `OpenSSL ${process.versions.openssl}`,
        prepare: (fx) => nodeOp(fx),
      },
    ];
    if (algo.kind === 'hash') {
      const hashFn = (nodeCrypto as { hash?: (a: string, d: Uint8Array, enc: 'buffer') => Buffer }).hash;
      if (typeof hashFn === 'function') {
        rows.push({
          id: 'node:crypto.hash',
          label: 'node:crypto.hash()',
          group: 'node',
          version: `OpenSSL ${process.versions.openssl}`,
          prepare: (fx) => ({ run: () => hashFn(fx.algo.hash as string, fx.input, 'buffer'), async: false, concurrency: 1, outputReused: false }),
        });
      } else {
        rows.push({ id: 'node:crypto.hash', label: 'node:crypto.hash()', reason: `crypto.hash() does not exist in Node ${process.version} (added in 21.7 / 20.12)` });
      }
    }
    return rows;
  },
};

function nodeOp(fx: Fixture): Op {
  const { key, nonce, aad, input, counter } = fx;
  const name = fx.algo.id; // the AES ids are node:crypto's cipher names
  let run: () => unknown;
  switch (fx.algo.kind) {
    case 'aead':
      if (fx.algo.mode === 'ccm') {
        // CCM needs the lengths up front (setAAD's plaintextLength) and a tag length.
        run = fx.direction === 'seal' ? () => nodeSeal(fx.algo, key, nonce, aad, input) : () => nodeCcmOpen(fx.algo, key, nonce, aad, input);
      } else if (fx.direction === 'seal') {
        run = () => {
          const c = nodeCrypto.createCipheriv(name as 'aes-128-gcm', key, nonce);
          c.setAAD(aad);
          return Buffer.concat([c.update(input), c.final(), c.getAuthTag()]);
        };
      } else {
        const ct = input.subarray(0, input.length - TAG_BYTES);
        const tag = input.subarray(input.length - TAG_BYTES);
        run = () => {
          const d = nodeCrypto.createDecipheriv(name as 'aes-128-gcm', key, nonce);
          d.setAAD(aad);
          d.setAuthTag(tag);
          return Buffer.concat([d.update(ct), d.final()]);
        };
      }
      break;
    case 'cipher':
      run = () => {
        const c = nodeCrypto.createCipheriv(name, key, counter);
        return Buffer.concat([c.update(input), c.final()]);
      };
      break;
    case 'block': {
      const encrypt = fx.direction === 'encrypt';
      run = () => nodeBlock(fx.algo, encrypt, key, counter, input);
      break;
    }
    case 'hash': {
      const h = fx.algo.hash as string;
      run = () => nodeCrypto.createHash(h).update(input).digest();
      break;
    }
    case 'mac': {
      const h = fx.algo.hash as string;
      // AES-CMAC: node:crypto has none; built from its aes-ecb and aes-cbc (impl.ts).
      run = fx.algo.family === 'aes' ? () => nodeCmac(key, input) : () => nodeCrypto.createHmac(h, key).update(input).digest();
      break;
    }
    case 'kdf': {
      const h = fx.algo.hash as string, it = fx.algo.iterations, n = fx.size;
      run = it === undefined ? () => new Uint8Array(nodeCrypto.hkdfSync(h, key, input, aad, n)) : () => nodeCrypto.pbkdf2Sync(key, input, it, n, h);
      break;
    }
  }
  return { run, async: false, concurrency: 1, outputReused: false };
}

const SUBTLE_HASH: Record<string, string | undefined> = {
  sha1: 'SHA-1',
  sha224: undefined, // WebCrypto has no SHA-224
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** WebCrypto rows: one with sequential awaits, one with `concurrency` promises in flight. */
export function webCryptoProvider(concurrency: number): Provider {
  return {
    name: 'webcrypto',
    offers(algo: AlgoSpec): Offer[] {
      const subtle = (globalThis as { crypto?: { subtle?: nodeCrypto.webcrypto.SubtleCrypto } }).crypto?.subtle;
      const ids = [
        { id: 'webcrypto', label: 'WebCrypto (sequential await)', conc: 1 },
        { id: `webcrypto-x${concurrency}`, label: `WebCrypto (${concurrency} concurrent)`, conc: concurrency },
      ];
      if (!subtle) return ids.map((x) => ({ id: x.id, label: x.label, reason: 'globalThis.crypto.subtle is missing' }));
      if (algo.kind === 'mac' && algo.family === 'aes') {
        return ids.map((x) => ({ id: x.id, label: x.label, reason: algo.mode === 'aegis' ? 'WebCrypto has no AEGIS' : 'WebCrypto has no AES-CMAC' }));
      }
      if (algo.mode === 'aegis') return ids.map((x) => ({ id: x.id, label: x.label, reason: 'WebCrypto has no AEGIS' }));
      if (algo.family === 'aes' && algo.mode !== 'gcm' && algo.mode !== 'ctr' && algo.mode !== 'cbc') {
        return ids.map((x) => ({ id: x.id, label: x.label, reason: `WebCrypto has no AES-${(algo.mode ?? '').toUpperCase()}` }));
      }
      if (algo.keyBytes === 24 && algo.family === 'aes') {
        return ids.map((x) => ({ id: x.id, label: x.label, reason: 'AES-192 is not supported by Node WebCrypto' }));
      }
      if ((algo.kind === 'hash' || algo.kind === 'mac') && SUBTLE_HASH[algo.hash as string] === undefined) {
        return ids.map((x) => ({ id: x.id, label: x.label, reason: `WebCrypto has no ${algo.hash}` }));
      }
      return ids.map((x) => ({
        id: x.id,
        label: x.label,
        group: 'webcrypto' as const,
        version: `Node ${process.version}`,
        prepare: (fx: Fixture) => webCryptoOp(subtle, fx, x.conc),
      }));
    },
  };
}

async function webCryptoOp(subtle: nodeCrypto.webcrypto.SubtleCrypto, fx: Fixture, concurrency: number): Promise<Op> {
  const { key, nonce, aad, input, counter } = fx;
  const toBytes = (r: unknown) => new Uint8Array(r as ArrayBuffer);
  let run: () => Promise<unknown>;
  switch (fx.algo.kind) {
    case 'aead': {
      const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
      const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
      run = fx.direction === 'seal' ? () => subtle.encrypt(params, k, input) : () => subtle.decrypt(params, k, input);
      break;
    }
    case 'block': {
      // AES-CBC only (offers() skips ECB and XTS); WebCrypto always pads with PKCS#7, as the fixture does.
      const k = await subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt', 'decrypt']);
      const params = { name: 'AES-CBC', iv: counter };
      run = fx.direction === 'encrypt' ? () => subtle.encrypt(params, k, input) : () => subtle.decrypt(params, k, input);
      break;
    }
    case 'cipher': {
      const k = await subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
      const params = { name: 'AES-CTR', counter, length: 64 };
      run = () => subtle.encrypt(params, k, input);
      break;
    }
    case 'hash': {
      const name = SUBTLE_HASH[fx.algo.hash as string] as string;
      run = () => subtle.digest(name, input);
      break;
    }
    case 'mac': {
      const name = SUBTLE_HASH[fx.algo.hash as string] as string;
      const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: name }, false, ['sign']);
      run = () => subtle.sign('HMAC', k, input);
      break;
    }
    case 'kdf':
      throw new Error('KDFs are measured against node:crypto only'); // the runner offers them to no other provider
  }
  return { run, async: true, concurrency, toBytes, outputReused: false };
}
