// Bundles the CLI into dist/bundle/main.cjs with its V8 code cache (main.cjs.*.cache), and the bin
// that compiles it from that cache and starts it (smokeguard.cjs, see src/cli/cached-main.ts).
// Why: Node 20 has no compile cache for modules of its own, and compiling the CLI cost more than
// the checks themselves (see src/cli/cached-main.ts for the figures). Drivers stay external: they
// load only when a check uses them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { binOptions, cliOptions, CJS_WRAPPER_END, CJS_WRAPPER_START } from './bundle-options.mjs';

rmSync('dist/bundle', { recursive: true, force: true }); // nothing stale from an earlier build
const [cli] = await Promise.all([build({ ...cliOptions, write: false }), build(binOptions)]);
for (const { path, text } of cli.outputFiles) {
  // A package's import() (a driver, loaded when a check uses it) is made by the bin: V8 drops a
  // script's dynamic-import callback when it runs from a code cache (Node 20).
  const routed = text.replace(/\bimport\((?="[^".][^"]*"\))/g, '__smokeguardImport(');
  const left = routed.match(/\bimport\(/g);
  if (left) throw new Error(`${path}: ${left.length} import() the loader cannot make (only import("package") is routed)`);
  mkdirSync(dirname(path), { recursive: true });
  // With Node's CommonJS wrapper already around it, the loader compiles the file's text as it is
  // read, rather than a 750 KB copy with the wrapper added (peak memory; src/cli/cached-main.ts).
  writeFileSync(path, `${CJS_WRAPPER_START}${routed}${CJS_WRAPPER_END}`);
}

// The code cache, made by a `validate` run (config loading is most of what a run compiles).
const warm = spawnSync(process.execPath, ['dist/bundle/smokeguard.cjs', 'validate', '--config', 'examples/seed/smoke-test-hook.json'], {
  encoding: 'utf8',
  env: { PATH: process.env.PATH, SMOKEGUARD_WRITE_CODE_CACHE: '1', SMOKEGUARD_BASE_URL: 'http://127.0.0.1:1' },
});
if (warm.status !== 0 || !readdirSync('dist/bundle').some((f) => /^main\.cjs\..+\.cache$/.test(f))) {
  throw new Error(`could not make the code cache (validate exited ${warm.status}):\n${warm.stdout}${warm.stderr}`);
}
