// The watch's own overhead per interval: 1,000 intervals of 7 health checks against a local
// service (in a child process, so its CPU is not ours), on an injected clock that never waits,
// against the floor of the same 1,000 passes of the checks through the runner alone. Heap is read
// after a forced GC along the way: it should grow only by the per-interval series the report keeps.
// Prints; asserts nothing. Usage: npm run build && node bench/watch-overhead.mjs [intervals]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

if (typeof globalThis.gc !== 'function') {
  // Re-run with --expose-gc: heap figures after a collection are the only honest ones.
  const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  process.exit(code ?? 1);
}

const intervals = Number(process.argv[2] ?? 1000);
const dist = (path) => new URL(`../dist/${path}`, import.meta.url).href;
const { configSchema } = await import(dist('config/schema.js'));
const { watch } = await import(dist('watch/watch.js'));
const { buildPlan } = await import(dist('run/plan.js'));
const { runChecks } = await import(dist('core/runner.js'));
const { createHttpClient } = await import(dist('util/http.js'));
const { Redactor } = await import(dist('util/redact.js'));

const server = spawn(process.execPath, ['-e', `
  const http = require('node:http');
  const s = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => console.log(s.address().port));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const baseUrl = `http://127.0.0.1:${String(line).trim()}`;

const checks = ['health', 'ready', 'live', 'api', 'auth', 'orders', 'search'].map((name) => ({ name, endpoint: `/${name}` }));
const config = configSchema.parse({
  base_url: baseUrl,
  health_checks: checks,
  watch: { interval_seconds: 30, duration_seconds: 30 * intervals, failure_limit: intervals, consecutive_failures: intervals },
});

/** Never waits: sleeping moves the clock on (ahead of the system clock only). */
function fastScheduler() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      offset += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const heapMb = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

// Floor: the same passes of the same checks through the runner alone, same pooled client.
async function floor() {
  const http = createHttpClient({ connections: 8 });
  const redactor = new Redactor();
  const plan = buildPlan(config);
  const context = (signal, deadline) => ({ signal, deadline, http, resolveUrl: (e) => `${baseUrl}${e}`, headers: {}, env: {}, redactor });
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < intervals; i++) await runChecks(plan, { concurrency: 8, deadline: Date.now() + 30_000, context });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await http.close();
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function watched() {
  const heap = [];
  const marks = new Set([1, Math.round(intervals / 4), Math.round(intervals / 2), Math.round((3 * intervals) / 4), intervals]);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await watch(config, {
    env: {},
    scheduler: fastScheduler(),
    onInterval: ({ interval }) => {
      if (marks.has(interval.index)) heap.push([interval.index, heapMb()]);
    },
  });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, heap, result };
}

await floor(); // warm-up: JIT, sockets
const base = await floor();
const w = await watched();
const seriesBytes = JSON.stringify(w.result.watch.intervals).length;
const perInterval = (n) => (n / intervals).toFixed(3);

console.log(`watch overhead over ${intervals} intervals of ${checks.length} checks (Node ${process.versions.node})`);
console.log(`  checks alone (runner):   ${perInterval(base.cpu)} ms CPU, ${perInterval(base.wall)} ms wall per interval`);
console.log(`  watch (same checks):     ${perInterval(w.cpu)} ms CPU, ${perInterval(w.wall)} ms wall per interval`);
console.log(`  the watch's own:         ${perInterval(w.cpu - base.cpu)} ms CPU, ${perInterval(w.wall - base.wall)} ms wall per interval`);
console.log(`  heap after GC (MB) at interval ${w.heap.map(([i, mb]) => `${i}: ${mb.toFixed(2)}`).join(', ')}`);
const [first, last] = [w.heap[1] ?? w.heap[0], w.heap[w.heap.length - 1]];
console.log(`  growth ${(((last[1] - first[1]) * 1024 * 1024) / (last[0] - first[0])).toFixed(0)} bytes per interval; the report's series is ${(seriesBytes / intervals).toFixed(0)} bytes of JSON per interval`);
console.log(`  verdict ${w.result.verdict}, ${w.result.watch.intervals.length} intervals recorded`);
server.kill();
