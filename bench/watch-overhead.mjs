// The watch's own overhead per interval: 1,000 intervals of 7 health checks against a local
// service (in a child process, so its CPU is not ours), on an injected clock that never waits,
// against the floor of the same 1,000 passes of the checks through the runner alone. Heap is read
// after a forced GC along the way: it should grow only by the per-interval series the report keeps.
// Then the same watch publishing its progress to a dashboard after every interval (a local HTTP
// sink in a child process that counts what arrives): what that costs the watch per interval and
// per publish, how many publishes the in-flight limit let through, and the heap again.
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

/** A child process answering 202 to every POST, counting the progress events and their bytes (GET /count). */
const dashboardSink = spawn(process.execPath, ['-e', `
  const http = require('node:http');
  let events = 0, bytes = 0, largest = 0;
  const s = http.createServer((req, res) => {
    if (req.method === 'GET') return res.end(JSON.stringify({ events, bytes, largest }));
    let n = 0, head = '';
    req.on('data', (c) => { n += c.length; if (head.length < 40) head += c; });
    req.on('end', () => {
      if (head.includes('"kind":"watching"')) { events++; bytes += n; largest = Math.max(largest, n); }
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  }).listen(0, '127.0.0.1', () => console.log(s.address().port));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [sinkLine] = await once(dashboardSink.stdout, 'data');
const dashboardUrl = `http://127.0.0.1:${String(sinkLine).trim()}`;

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

async function watched(cfg = config) {
  const heap = [];
  const marks = new Set([1, Math.round(intervals / 4), Math.round(intervals / 2), Math.round((3 * intervals) / 4), intervals]);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await watch(cfg, {
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

const publishing = configSchema.parse({ ...config, dashboard: { url: dashboardUrl, slower: { severity: 'off' } } });
const p = await watched(publishing);
const sent = await (await fetch(`${dashboardUrl}/count`)).json();
console.log(`publishing the progress to a dashboard after every interval (${dashboardUrl}, a counting sink in another process)`);
console.log(`  watch + publishing:      ${perInterval(p.cpu)} ms CPU, ${perInterval(p.wall)} ms wall per interval (${perInterval(p.cpu - w.cpu)} ms CPU more than without)`);
console.log(`  ${sent.events} progress publishes for ${intervals} intervals (one in flight at most, the newest only), ${(sent.bytes / Math.max(1, sent.events) / 1024).toFixed(1)} KiB each on average, the largest ${(sent.largest / 1024).toFixed(1)} KiB (at most 500 intervals)`);
console.log(`  ${sent.events ? ((p.cpu - w.cpu) / sent.events).toFixed(2) : '–'} ms CPU per publish (building, redacting, JSON, HTTP)`);
console.log(`  heap after GC (MB) at interval ${p.heap.map(([i, mb]) => `${i}: ${mb.toFixed(2)}`).join(', ')}`);
console.log(`  verdict ${p.result.verdict}, ${p.result.timeline.filter((e) => e.message.startsWith('warning: dashboard')).length} dashboard warnings`);
dashboardSink.kill();
server.kill();
