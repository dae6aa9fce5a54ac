/**
 * Keeps garbage from one implementation off another's samples, and puts the
 * C allocator in the state of a long-running process.
 *
 * - collect(): a full V8 GC before each interleaved round, so the garbage an
 *   allocating implementation (node:crypto, WebCrypto, the JS libraries)
 *   left behind is not collected during the next implementation's samples.
 * - settle(): allocates and frees one 24 MiB ArrayBuffer. glibc raises its
 *   dynamic mmap threshold (and trim threshold) when an mmap'd chunk is
 *   freed; without this, whether node:crypto's 1 MiB outputs are mmap'd and
 *   page-faulted on every call depends on what ran before in the process.
 *
 * gc is obtained without a command-line flag (v8.setFlagsFromString +
 * vm.runInNewContext); where that fails both are no-ops and say so.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gcFn: (() => void) | null | undefined;

/** The V8 gc() function, or null when it cannot be exposed. */
export function getGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (gcFn = existing);
  try {
    setFlagsFromString('--expose_gc');
    const f = runInNewContext('gc') as unknown;
    gcFn = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** Runs a full GC when available; returns whether it ran. */
export function collect(): boolean {
  const gc = getGc();
  if (!gc) return false;
  gc();
  return true;
}

/** Allocates and frees a 24 MiB buffer (see the file comment); returns whether the free was forced. */
export function settle(): boolean {
  let b: ArrayBuffer | null = new ArrayBuffer(24 * 1024 * 1024);
  new Uint8Array(b)[0] = 1;
  b = null;
  return collect();
}
