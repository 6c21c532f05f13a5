#!/usr/bin/env node
/**
 * The binary, built as CommonJS (dist/bundle/smokeguard.cjs, see scripts/bundle-options.mjs).
 * `--version` is answered before anything else loads (a pipeline asks it often and it should cost
 * what `node -e 0` costs). Measured on Node 20: an ES module entry starts Node's ESM loader (~5 ms),
 * and `process.stdout` on a pipe builds a net.Socket and the streams under it (~3 ms); a CommonJS
 * file that writes to fd 1 directly loads nothing that `node -e 0` does not. In the bundle the
 * version is a constant of this file, and `node:fs` is already loaded by Node itself.
 * Every other command loads the CLI with import('./main.js'): in the bundle that import is the
 * code-cache loader (src/cli/cached-main.ts), bundled into this file and started only here, so
 * that `--version` runs none of it and no ES module is loaded on the way to the CLI (binOptions
 * in scripts/bundle-options.mjs); in tsc's build it is the CLI's ES module.
 */
import { writeSync } from 'node:fs';

declare const SMOKEGUARD_VERSION: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v') && typeof SMOKEGUARD_VERSION === 'string') {
  printVersion(`${SMOKEGUARD_VERSION}\n`);
} else {
  void import('./main.js').then(({ runAsBinary }) => runAsBinary());
}

function printVersion(line: string): void {
  try {
    // A line shorter than PIPE_BUF: one write takes all of it, or fails.
    writeSync(1, line);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A reader that went away (`smokeguard --version | true`) is not our failure, as for every command.
    if (code === 'EPIPE') return;
    // fd 1 left non-blocking by whoever holds the pipe, and the pipe full: let the stream queue it.
    if (code === 'EAGAIN') process.stdout.write(line);
    else throw err;
  }
}
