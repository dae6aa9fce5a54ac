/**
 * The benchmark's result document: what `--json` writes and what every
 * reporter reads. The types are derived from the JSON Schema in schema.ts,
 * the one definition of the format; the field documentation is the
 * schema's descriptions (`hwcrypt schema` prints them).
 */
import type { FromSchema } from './from-schema.js';
import type { BENCH_SCHEMA } from './schema.js';

export { RESULT_FORMAT } from './schema.js';

export type BenchDocument = FromSchema<typeof BENCH_SCHEMA>;
/** One algorithm x size x implementation x direction. */
export type BenchRecord = BenchDocument['results'][number];
/** An implementation that was not measured, with the reason. */
export type SkipRecord = BenchDocument['skipped'][number];
/** The best hardware backend's cycles/byte against the soft backend's. */
export type HwVsSoft = BenchDocument['hardwareVsSoftware'][number];
/** A section (many, async) of the document. */
export type SectionRecord = NonNullable<BenchDocument['sections']>[number];
/** One case of a section. */
export type CaseRecord = SectionRecord['cases'][number];
/** One row of a case. */
export type CaseRowRecord = CaseRecord['rows'][number];
/** One event-loop delay row. */
export type EventLoopRecord = SectionRecord['eventLoop'][number];
