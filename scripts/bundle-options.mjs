// The CLI bundle's esbuild options, shared by scripts/bundle.mjs and the import-graph test:
// the CLI as ES modules (dist/bundle/main.mjs + chunks), and the bin that starts it as CommonJS.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const define = { SMOKEGUARD_VERSION: JSON.stringify(pkg.version) };

/**
 * Bundled CommonJS packages (commander) call require(), which an ES module lacks: scripts/bundle.mjs
 * prepends this to the outputs that name `require` — the chunk with esbuild's require shim — and
 * to no other (see there).
 */
export const requireShim = "import { createRequire as __smokeguardRequire } from 'node:module'; const require = __smokeguardRequire(import.meta.url);\n";

export const bundleOptions = {
  entryPoints: { main: 'src/cli/main.ts' },
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
  define,
  legalComments: 'none',
  // Less source for V8 to parse on every start; names kept for readable errors.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
};

/**
 * The package's bin, dist/bundle/smokeguard.cjs: CommonJS, because an ES module entry costs
 * `--version` Node's ESM loader (see src/cli/bin.ts). Its `import('./main.js')` stays an import()
 * of the CLI bundle beside it.
 */
export const binOptions = {
  entryPoints: { smokeguard: 'src/cli/bin.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  define,
  plugins: [{
    name: 'the-cli-bundle-beside',
    setup(build) {
      build.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './main.mjs', external: true }));
    },
  }],
  legalComments: 'none',
  // esbuild adds its CommonJS interop helpers for the import() (unused: the import stays native).
  minify: true,
  logLevel: 'warning',
};
