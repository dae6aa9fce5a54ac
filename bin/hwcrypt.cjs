#!/usr/bin/env node
'use strict';
// Launcher for the `hwcrypt` command: runs the compiled CLI (dist/cjs/bench/cli.js).
const path = require('node:path');

let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'cjs', 'bench', 'cli.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(path.join('dist', 'cjs', 'bench', 'cli.js'))) {
    process.stderr.write("hwcrypt: the CLI is not built (dist/cjs/bench/cli.js is missing); run 'npm run build'\n");
    process.exit(1);
  }
  throw e;
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`hwcrypt: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
