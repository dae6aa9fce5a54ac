/**
 * `hwcrypt` command line: `bench`, `info`, `schema`, `help`.
 * bin/hwcrypt.cjs calls main() from the CommonJS build. Parsing, help and
 * schema do not load the native addon; `bench` and `info` do (commands.ts).
 */
import { USAGE, UsageError, parseCommandLine } from './options.js';
import { BENCH_SCHEMA } from './report/schema.js';
import { processIo, type Io } from './io.js';


/** Runs the CLI; resolves to the exit code (0 ok, 1 failure, 2 invalid command line). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let cmd;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`hwcrypt: ${e.message}\nRun 'hwcrypt help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (cmd.command) {
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      case 'schema':
        io.stdout(`${JSON.stringify(BENCH_SCHEMA, null, 2)}\n`);
        return 0;
      case 'info': {
        const { collectInfo, renderInfo } = await import('./commands.js');
        const info = collectInfo();
        io.stdout(cmd.json ? `${JSON.stringify(info, null, 2)}\n` : renderInfo(info));
        return 0;
      }
      case 'bench': {
        const { bench } = await import('./commands.js');
        return await bench(cmd, argv, io);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`hwcrypt: ${e.message}\n`);
      return 2;
    }
    io.stderr(`hwcrypt: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
