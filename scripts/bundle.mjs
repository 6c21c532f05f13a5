// Bundles the CLI into dist/bundle/main.mjs (+ chunks for the stages loaded on demand) and the bin
// that starts it, dist/bundle/smokeguard.cjs.
// Why: Node 20 has no module compile cache, and loading ~250 small ESM files (ours and zod's)
// costs more than the checks themselves. Drivers stay external: they load only when a check uses them.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { binOptions, bundleOptions, requireShim } from './bundle-options.mjs';

rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from an earlier build
const [cli] = await Promise.all([build({ ...bundleOptions, write: false }), build(binOptions)]);
for (const { path, text } of cli.outputFiles) {
  mkdirSync(dirname(path), { recursive: true });
  // Only the chunks that name `require` need one (2 of ~110; a false match costs nothing). A banner
  // in every chunk made a seed run call createRequire() ~53 times, ~1.2 ms measured on Node 20.
  writeFileSync(path, /\brequire\b/.test(text) ? requireShim + text : text);
}
