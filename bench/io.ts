/**
 * Where the CLI writes: stdout, stderr, and whether stderr is a terminal.
 * Its own module so that cli.ts and commands.ts both use it without
 * importing each other.
 */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stderr is a terminal: progress is a live line. */
  stderrIsTty: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
};
