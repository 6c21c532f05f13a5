// The CLI bundle's esbuild options, shared by scripts/bundle.mjs and the import-graph test: the CLI
// as one CommonJS file (dist/bundle/main.cjs), and the bin that compiles it from V8's code cache
// and starts it, as CommonJS too. `bundleOptions`, the CLI as ES module chunks, is the
// module graph the import-graph test reads: which modules a run reaches by static imports.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const define = { SMOKEGUARD_VERSION: JSON.stringify(pkg.version) };

/**
 * commander requires node:child_process when it loads, for executable subcommands (`git-style`
 * `program-sub` binaries), which smokeguard has none of: node:child_process and the dgram and
 * socket modules under it cost every run ~3 ms (measured on Node 20). Here it is required on
 * commander's first spawn instead. A commander whose source no longer has that line fails the build.
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${path}: no "${eager}" to make lazy (scripts/bundle-options.mjs)`);
      return { contents: source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
    });
  },
};

/** The CLI's module graph as ES module chunks: what a run loads statically vs. on demand (test/import-graph.test.ts). */
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
  // (fastest-levenshtein: 2 KB that config loading imports; from node_modules it cost a run ~1 ms
  // to resolve and compile, without the code cache.)
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})].filter((d) => !['zod', 'commander', 'yaml', 'jsonpath-plus', 'fastest-levenshtein'].includes(d)),
  define,
  plugins: [commanderLazyChildProcess],
  legalComments: 'none',
  // Less source for V8 to parse on every start. No keepNames: its __name() call for every
  // function cost ~0.7 MB of live heap and ~2 ms a run (measured); the error classes whose name
  // matters set it themselves (this.name = 'ConfigError', …).
  minify: true,
  keepNames: false,
  logLevel: 'warning',
};

/** The file the CLI requires for the Kubernetes client (kubeClientOptions), beside main.cjs. */
export const KUBE_CLIENT_FILE = './kube-client.cjs';

/**
 * In the CLI, src/rollback/kube.ts's import('./kube-client.js') is the bundled client
 * (kubeClientOptions), a file of its own: the bundle leaves the import to scripts/bundle.mjs,
 * which makes it a require() (an import() of a 1 MB CommonJS file costs Node's scan for its export
 * names, ~0.15 s).
 */
const kubeClientFile = {
  name: 'kube-client-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/kube-client\.js$/ }, ({ importer }) =>
      /[\\/]src[\\/]rollback[\\/]kube\.ts$/.test(importer) ? { path: KUBE_CLIENT_FILE, external: true } : undefined);
  },
};

/**
 * The CLI as shipped, dist/bundle/main.cjs: one CommonJS file, so that V8's code cache can hold all
 * of it (Node 20 caches no ES modules). Its modules still start on demand (esbuild wraps each lazily
 * imported one); a package's import() goes through the bin (see src/cli/cached-main.ts).
 */
export const cliOptions = {
  ...bundleOptions,
  splitting: false,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  chunkNames: undefined,
  // version.ts reads package.json through import.meta.url only outside the bundle; keep it defined.
  // (Injected rather than a banner: a banner goes before the bundle's "use strict", which then
  // no longer counts, and the whole CLI would run in sloppy mode.)
  define: { ...define, 'import.meta.url': 'importMeta.url' },
  inject: ['src/cli/import-meta-url.ts'],
  plugins: [...bundleOptions.plugins, kubeClientFile],
};

/** The two single CommonJS files beside the CLI (the Kubernetes client and the bin): same output shape. */
const commonJsForNode = {
  outdir: 'dist/bundle',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
};

/**
 * The Kubernetes client as the CLI loads it, dist/bundle/kube-client.cjs: the few names
 * src/rollback/kube-client.ts exports, bundled with what they use into one CommonJS file (~1 MB
 * minified). The package is ~2,500 ES modules: resolving, reading and linking them was ~0.5 s of
 * CPU on Node 20, between the rollback decision and the first page to ops; require()ing this file
 * ~75 ms (bench/first-page.mjs). Its optional packages (bufferutil, utf-8-validate, encoding) stay
 * require()s that fail quietly when absent, as in the package.
 */
export const kubeClientOptions = {
  entryPoints: { 'kube-client': 'src/rollback/kube-client.ts' },
  ...commonJsForNode,
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
};

/**
 * main.cjs is written inside the wrapper Node's CommonJS loader puts around a module, so that the
 * loader compiles the file's text as read (src/cli/cached-main.ts): the same two strings there.
 */
export const CJS_WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
export const CJS_WRAPPER_END = '\n})';

/**
 * The package's bin, dist/bundle/smokeguard.cjs: CommonJS, because an ES module entry costs
 * `--version` Node's ESM loader (see src/cli/bin.ts). Its `import('./main.js')` is the code-cache
 * loader, src/cli/cached-main.ts, bundled in: esbuild starts a lazily imported module only when the
 * import() runs, so `--version` runs none of it (nor requires node:vm, …). No ES module is loaded
 * between the bin and the CLI (dist/bundle/main.cjs): Node's ESM loader and the ES module facades
 * of the builtins it imported cost ~6 ms a run when the loader was dist/bundle/main.mjs.
 */
export const binOptions = {
  entryPoints: { smokeguard: 'src/cli/bin.ts' },
  ...commonJsForNode,
  define,
  plugins: [{
    name: 'the-code-cache-loader',
    setup(build) {
      build.onResolve({ filter: /^\.\/main\.js$/ }, ({ resolveDir }) => ({ path: join(resolveDir, 'cached-main.ts') }));
    },
  }],
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
};
