/**
 * The AES-GCM-SIV bench rows end to end: the built CLI measures
 * aes-128-gcm-siv and aes-256-gcm-siv (seal and open) on every hwcrypt
 * backend and on @noble/ciphers' gcmsiv, every row verified against the
 * fixture's reference before timing; node:crypto has a row exactly when its
 * OpenSSL lists the cipher, and is otherwise skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { getCiphers } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchDocument } from '../../bench/report/types.js';
import { backends } from '../../src/index.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cjs', 'bench', 'cli.js');

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: test/global-setup.ts should have built it`);
});

describe('hwcrypt bench: AES-GCM-SIV rows', () => {
  let dir: string;
  let doc: BenchDocument;
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hwcrypt-siv-'));
    const json = join(dir, 'bench.json');
    run = spawnSync(
      process.execPath,
      [join(root, 'bin', 'hwcrypt.cjs'), 'bench', '--quick', '--sizes', '64,1K', '--algos', 'aes-128-gcm-siv,aes-256-gcm-siv', '--peers', 'noble', '--json', json, '--time', '3', '--rounds', '1'],
      { cwd: dir, encoding: 'utf8', timeout: 110_000, env: { ...process.env, HWCRYPT_BACKEND: '' } },
    );
    if (run.status === 0) doc = JSON.parse(readFileSync(json, 'utf8')) as BenchDocument;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every backend and @noble/ciphers measured and verified, seal and open, both key sizes', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    expect(String(run.stdout)).toContain('AES-128-GCM-SIV seal');
    expect(String(run.stdout)).toContain('AES-256-GCM-SIV open');
    expect(doc.results.filter((r) => r.status !== 'ok').map((r) => `${r.label}: ${r.error}`)).toEqual([]);
    const aes = backends().aes;
    for (const algo of ['aes-128-gcm-siv', 'aes-256-gcm-siv'] as const)
      for (const direction of ['seal', 'open'] as const)
        for (const size of [64, 1024]) {
          const rows = doc.results.filter((r) => r.algorithm === algo && r.direction === direction && r.size === size);
          for (const b of aes) expect(rows.some((r) => r.backend === b && r.verified), `${algo} ${direction} ${size} ${b}`).toBe(true);
          expect(rows.some((r) => r.implementation === '@noble/ciphers' && r.verified), `${algo} ${direction} ${size} noble`).toBe(true);
        }
  });

  it('node:crypto: a row where its OpenSSL has the cipher, else skipped with the reason', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    for (const algo of ['aes-128-gcm-siv', 'aes-256-gcm-siv'] as const) {
      const nodeRows = doc.results.filter((r) => r.algorithm === algo && r.implementation === 'node:crypto');
      const skip = doc.skipped.find((s) => s.algorithm === algo && s.implementation === 'node:crypto');
      if (getCiphers().includes(algo)) {
        expect(nodeRows.length).toBeGreaterThan(0);
        expect(skip).toBeUndefined();
      } else {
        expect(nodeRows).toEqual([]);
        expect(skip?.reason).toMatch(new RegExp(`node:crypto has no ${algo}`));
        for (const r of doc.results.filter((x) => x.algorithm === algo)) expect(r.ratioToNode).toBeNull();
      }
    }
  });
});
