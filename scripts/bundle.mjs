// Bundles the CLI into dist/bundle/main.cjs with its V8 code cache (main.cjs.*.cache), and the bin
// that compiles it from that cache and starts it (smokeguard.cjs, see src/cli/cached-main.ts).
// Why: Node 20 has no compile cache for modules of its own, and compiling the CLI cost more than
// the checks themselves (see src/cli/cached-main.ts for the figures). Drivers stay external: they
// load only when a check uses them. The Kubernetes client is a CommonJS file of its own
// (kube-client.cjs, bundle-options.mjs: kubeClientOptions), required when a rollback connects.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { binOptions, cliOptions, CJS_WRAPPER_END, CJS_WRAPPER_START, KUBE_CLIENT_FILE, kubeClientOptions } from './bundle-options.mjs';

rmSync('dist/bundle', { recursive: true, force: true }); // nothing stale from an earlier build
const [cli] = await Promise.all([build({ ...cliOptions, write: false }), build(binOptions), build(kubeClientOptions)]);
for (const { path, text } of cli.outputFiles) {
  // ASCII only: one character outside it (esbuild escapes strings and templates, not regular
  // expression literals such as /^✗ …/) makes V8 hold the whole source as a two-byte string, twice
  // the memory (+0.7 MB for a run) and a slower read. A \uXXXX escape means the same character in a
  // string, a template, a regular expression (an astral one as its surrogate pair, in u mode too).
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // A package's import() (a driver, loaded when a check uses it) is made by the bin: V8 drops a
  // script's dynamic-import callback when it runs from a code cache (Node 20).
  // The bundled Kubernetes client is CommonJS beside main.cjs: require()d with main.cjs's own
  // require (bundle-options.mjs, kubeClientFile), once, when a rollback connects.
  const kubeImport = `import(${JSON.stringify(KUBE_CLIENT_FILE)})`;
  if (ascii.split(kubeImport).length !== 2) throw new Error(`${path}: expected one ${kubeImport} (src/rollback/kube.ts), found ${ascii.split(kubeImport).length - 1}`);
  const kubeRequired = ascii.replace(kubeImport, `Promise.resolve().then(() => require(${JSON.stringify(KUBE_CLIENT_FILE)}))`);
  const routed = kubeRequired.replace(/\bimport\((?="[^".][^"]*"\))/g, '__smokeguardImport(');
  const left = routed.match(/\bimport\(/g);
  if (left) throw new Error(`${path}: ${left.length} import() the loader cannot make (only import("package") is routed)`);
  mkdirSync(dirname(path), { recursive: true });
  // With Node's CommonJS wrapper already around it, the loader compiles the file's text as it is
  // read, rather than a 750 KB copy with the wrapper added (peak memory; src/cli/cached-main.ts).
  writeFileSync(path, `${CJS_WRAPPER_START}${routed}${CJS_WRAPPER_END}`);
}

// The code cache, made by a healthy run: the seed config's HTTP checks and critical paths against
// the demo service (dist/demo/service.js, built by tsc before this script), its dependency checks
// left out with --only (no database at build time; their options are still validated). Such a run
// compiles what every run does — config loading, planning, the HTTP checks, the runner, the
// console output — and the cache holds all of it. A `validate` run, as before, left the checks and
// the report out, and every run compiled them again: seed run CPU time −5% (measured, Node 20).
const seedConfig = 'examples/seed/smoke-test-hook.json';
const seed = JSON.parse(readFileSync(seedConfig, 'utf8'));
const only = [...seed.health_checks, ...seed.critical_paths].map((c) => c.name);
const { startDemoService } = await import(pathToFileURL('dist/demo/service.js').href);
const demo = await startDemoService({ host: '127.0.0.1' });
let warm;
try {
  warm = await new Promise((resolve) => {
    execFile(process.execPath, ['dist/bundle/smokeguard.cjs', 'run', '--config', seedConfig, '--only', ...only], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, SMOKEGUARD_WRITE_CODE_CACHE: '1', SMOKEGUARD_BASE_URL: demo.url },
    }, (error, stdout, stderr) => resolve({ status: error ? error.code : 0, output: `${stdout}${stderr}` }));
  });
} finally {
  await demo.close();
}
if (warm.status !== 0 || !readdirSync('dist/bundle').some((f) => /^main\.cjs\..+\.cache$/.test(f))) {
  throw new Error(`could not make the code cache (the warm-up run exited ${warm.status}):\n${warm.output}`);
}
