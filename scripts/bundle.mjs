// Bundles the CLI into dist/bundle/main.mjs (+ chunks for the stages loaded on demand) and the bin
// that starts it, dist/bundle/smokeguard.cjs.
// Why: Node 20 has no module compile cache, and loading ~250 small ESM files (ours and zod's)
// costs more than the checks themselves. Drivers stay external: they load only when a check uses them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { binOptions, bundleOptions } from './bundle-options.mjs';

rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from an earlier build
await Promise.all([build(bundleOptions), build(binOptions)]);
