/**
 * Runs once before any test file: builds dist/ (`npm run build`) when it is
 * missing or older than its sources. Several suites run the built package
 * in a child process (HWCRYPT_BACKEND in backends.test.ts, the workers in
 * hardening.test.ts, the CLI in bench/e2e.test.ts); a stale dist/ would let
 * them pass, or fail, on code that is no longer in the tree. Building here,
 * before the test workers start, means no two files build at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
/** Written last by `npm run build` (scripts/esm-wrapper.cjs runs after tsc). */
export const BUILD_MARKER = join(root, 'dist', 'esm', 'index.mjs');
const SOURCES = ['src', 'bench', 'scripts/esm-wrapper.cjs', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) t = Math.max(t, newestMtime(join(p, e)));
  return t;
}

export default function setup(): void {
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (existsSync(BUILD_MARKER) && statSync(BUILD_MARKER).mtimeMs >= newest) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed (the tests run dist/):\n${r.stdout}\n${r.stderr}`);
}
