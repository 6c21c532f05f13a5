// The CLI bundle's esbuild options, shared by scripts/bundle.mjs and the import-graph test.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const bundleOptions = {
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
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})].filter((d) => !['zod', 'commander', 'yaml', 'jsonpath-plus'].includes(d)),
  define: { SMOKEGUARD_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (commander) call require(); give ESM one.
  banner: { js: "import { createRequire as __smokeguardRequire } from 'node:module'; const require = __smokeguardRequire(import.meta.url);" },
  legalComments: 'none',
  // Less source for V8 to parse on every start; names kept for readable errors.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
};
