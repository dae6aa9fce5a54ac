/**
 * Internals for the benchmark and tests: raw cycle counters and versions.
 * Not part of the stable API.
 */
import { native } from './native.js';

export const timing = {
  /** Raw timestamp ticks (x86 RDTSC, arm64 CNTVCT_EL0); 0n where none. */
  timestamp: (): bigint => native.timestamp(),
  timestampSource: (): 'rdtsc' | 'cntvct_el0' | 'none' => native.timestampSource() as 'rdtsc' | 'cntvct_el0' | 'none',
  /** Runs n dependent 1-cycle adds and returns the ticks taken: core cycles per tick = n / ticks. */
  calibrateChain: (n: number): bigint => native.calibrateChain(n),
  /** Per-thread PMU core-cycle counter handle, or -1 where the OS/VM has none. */
  perfCyclesOpen: (): number => native.perfCyclesOpen(),
  perfCyclesRead: (handle: number): bigint => native.perfCyclesRead(handle),
  perfCyclesClose: (handle: number): void => native.perfCyclesClose(handle),
};

export function versions(): { addon: string; napi: number; node: string; v8: string; openssl: string } {
  return {
    addon: native.version,
    napi: native.napiVersion,
    node: process.versions.node,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
  };
}

export { native };
