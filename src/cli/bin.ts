#!/usr/bin/env node
/**
 * The binary. `--version` is answered before anything else loads (a pipeline asks it often and it
 * should cost what `node -e 0` costs): in the bundle the version is a constant of this file.
 * Every other command loads the CLI.
 * No top-level await: chunks loaded later import modules of this graph, and an entry suspended
 * in a top-level await would never finish evaluating (a deadlock).
 */
declare const SMOKEGUARD_VERSION: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v') && typeof SMOKEGUARD_VERSION === 'string') {
  process.stdout.write(`${SMOKEGUARD_VERSION}\n`);
} else {
  void import('./main.js').then(({ runAsBinary }) => runAsBinary());
}
