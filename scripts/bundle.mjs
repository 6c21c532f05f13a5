// Bundles the CLI into dist/smokeguard.mjs (+ chunks for the stages loaded on demand).
// Why: Node 20 has no module compile cache, and loading ~250 small ESM files (ours and zod's)
// costs more than the checks themselves. Drivers stay external: they load only when a check uses them.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync('dist/bundle', { recursive: true, force: true }); // no stale chunks from an earlier build
await build({
  entryPoints: { smokeguard: 'src/cli/bin.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Every runtime dependency except the small, always-needed ones stays a real import.
  external: Object.keys(pkg.dependencies).filter((d) => !['zod', 'commander', 'yaml', 'jsonpath-plus'].includes(d)),
  define: { SMOKEGUARD_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (commander) call require(); give ESM one.
  banner: { js: "import { createRequire as __smokeguardRequire } from 'node:module'; const require = __smokeguardRequire(import.meta.url);" },
  legalComments: 'none',
  // Less source for V8 to parse on every start; names kept for readable errors.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
