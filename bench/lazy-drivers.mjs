// Lazy driver loading, measured: loading the check registry (what `smokeguard --version` and a
// health-checks-only run pay) must load no database or broker driver; each driver's cost is
// paid only by a run that uses its type. Each figure is a fresh process. Prints; asserts nothing.
// Usage: npm run build && node bench/lazy-drivers.mjs [runs]
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 5);
const registry = new URL('../dist/checks/registry.js', import.meta.url).href;
const DRIVERS = ['mysql2', 'amqplib', 'nats', 'mqtt', 'ioredis', 'pg', '@grpc/grpc-js'];

/** Runs `code` in a fresh node process, returning what it prints as JSON. */
function fresh(code) {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const loaded = fresh(`
  import { createRequire } from 'node:module';
  await import(${JSON.stringify(registry)});
  const cache = Object.keys(createRequire(import.meta.url)('module')._cache);
  console.log(JSON.stringify(${JSON.stringify(DRIVERS)}.filter((d) => cache.some((k) => k.includes('/node_modules/' + d + '/')))));
`);
console.log(`drivers loaded by importing the registry: ${loaded.length ? loaded.join(', ') : 'none'}`);

const registryMs = Array.from({ length: runs }, () => fresh(`const t = performance.now(); await import(${JSON.stringify(registry)}); console.log(performance.now() - t);`));
console.log(`registry import: median ${median(registryMs).toFixed(0)} ms over ${runs} processes`);
for (const driver of DRIVERS) {
  const ms = Array.from({ length: runs }, () => fresh(`const t = performance.now(); await import(${JSON.stringify(driver)}); console.log(performance.now() - t);`));
  console.log(`  ${driver.padEnd(14)} first import: median ${median(ms).toFixed(0)} ms (paid only by runs with that check type)`);
}
