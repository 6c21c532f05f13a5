// The dashboard with a long history: 10,000 stored runs of 20 checks in SQLite (the default
// store), then `/deployments/NAME` (the seed's page) requested over HTTP: p50/p95 latency and
// the server's memory; then the ingest rate of POST /api/v1/runs (full reports, validated).
// Prints; asserts nothing. Goals (issue 12): p95 ≤ 50 ms, ingest ≥ 200 runs/s.
// Usage: npm run build && node bench/dashboard.mjs [runs=10000] [requests=300] [ingest=1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 300);
const INGEST = Number(process.argv[4] ?? 1_000);
const CHECKS = 20;
const TOKEN = 'bench-token';

const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { openStore } = await import(dist('dashboard/store/open.js'));
const { startDashboard } = await import(dist('dashboard/serve/start.js'));
const { validateReport } = await import(dist('core/report-schema.js'));

const T0 = Date.now() - RUNS * 60_000;
/** Run i of `deployment`: 20 checks, one failing every 25th run, a retried pass now and then. */
function report(i, deployment = 'django', idPrefix = 'run') {
  const start = T0 + i * 60_000;
  const iso = (ms) => new Date(ms).toISOString();
  const failing = i % 25 === 0;
  const checks = Array.from({ length: CHECKS }, (_, c) => {
    const failed = failing && c === 1;
    const durationMs = 10 + ((i * 7 + c * 13) % 40);
    return {
      name: `check-${String(c).padStart(2, '0')}`, kind: c < 5 ? 'health' : c < 15 ? 'dependency' : 'path', type: c < 5 ? 'http' : 'postgres',
      required: c < 10, status: failed ? 'failed' : 'passed', severity: failed ? 'critical' : 'none', ...(failed ? { reason: 'status: expected 200, got 503', httpStatus: 503 } : {}),
      attempts: (i + c) % 97 === 0 ? 2 : 1, startedAt: iso(start + c), finishedAt: iso(start + c + durationMs), durationMs, timeoutMs: 5000,
    };
  });
  const critical = checks.filter((c) => c.severity === 'critical').length;
  return {
    schemaVersion: 1, runId: `${idPrefix}-${i}`, tool: { name: 'smokeguard', version: 'bench' },
    target: { baseUrl: 'http://127.0.0.1:8080', environment: 'prod', deployment, namespace: 'prod', version: `v1.${i}` },
    startedAt: iso(start), finishedAt: iso(start + 400), durationMs: 400, deadlineMs: 300_000, deadlineReached: false,
    verdict: critical ? 'critical' : 'passed',
    summary: { total: CHECKS, passed: CHECKS - critical, failed: critical, timedOut: 0, errors: 0, blocked: 0, skipped: 0, critical, warnings: 0 },
    checks,
    decision: critical ? { action: 'rollback', mode: 'awaiting_confirmation', criticalFailures: critical, threshold: 1, reason: '1 critical failure' } : { action: 'none', criticalFailures: 0, threshold: 1, reason: 'no critical failure' },
    dryRun: false,
    timeline: [{ at: iso(start), kind: 'run_started', message: 'Smoke run started' }, { at: iso(start + 400), kind: 'run_finished', message: 'Smoke run finished' }],
  };
}

const problems = validateReport(report(0));
if (problems.length) throw new Error(`bench report is not valid: ${problems.join('; ')}`);

const dir = mkdtempSync(join(tmpdir(), 'smokeguard-bench-dashboard-'));
const url = `sqlite:${join(dir, 'smokeguard.db')}`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

console.log(`Dashboard benchmark: ${RUNS} runs of ${CHECKS} checks in SQLite; Node ${process.version}`);
let t = performance.now();
const store = await openStore(url);
for (let i = 0; i < RUNS; i++) await store.recordFinished(report(i));
await store.close();
const fillMs = performance.now() - t;
console.log(`fill (store API, no HTTP): ${RUNS} runs in ${(fillMs / 1000).toFixed(1)} s = ${Math.round(RUNS / (fillMs / 1000))} runs/s`);

const dash = await startDashboard({ store: url, port: 0, host: '127.0.0.1', retainDays: 36_500, writeToken: TOKEN, env: {} });
const rssBefore = process.memoryUsage().rss;
async function timeGets(path, n) {
  for (let i = 0; i < 10; i++) await (await fetch(`${dash.url}${path}`)).text(); // warm-up
  const times = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const res = await fetch(`${dash.url}${path}`);
    bytes = (await res.text()).length;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`GET ${path.padEnd(40)} p50 ${q(times, 0.5).toFixed(1)} ms · p95 ${q(times, 0.95).toFixed(1)} ms · ${(bytes / 1024).toFixed(0)} KB (${n} requests, one at a time)`);
}
await timeGets('/deployments/django', REQUESTS);
await timeGets(`/deployments/django?before=${T0 + (RUNS / 2) * 60_000}`, Math.round(REQUESTS / 3));
await timeGets('/api/v1/deployments/django/runs', Math.round(REQUESTS / 3));
await timeGets('/', Math.round(REQUESTS / 3));
await timeGets('/metrics', Math.round(REQUESTS / 3));
const mem = process.memoryUsage();
console.log(`memory (server and bench in one process): rss ${mb(mem.rss)} (before the requests ${mb(rssBefore)}), heap used ${mb(mem.heapUsed)}`);

// Ingest over HTTP: full reports, schema-validated, 8 in flight.
t = performance.now();
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < INGEST) {
    const i = next++;
    const res = await fetch(`${dash.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(report(RUNS + i, 'ingest', 'ingest')) });
    if (res.status !== 201) throw new Error(`ingest: ${res.status} ${await res.text()}`);
  }
}));
const ingestMs = performance.now() - t;
console.log(`ingest POST /api/v1/runs: ${INGEST} reports in ${(ingestMs / 1000).toFixed(1)} s = ${Math.round(INGEST / (ingestMs / 1000))} runs/s (goal ≥ 200)`);

await dash.close();
rmSync(dir, { recursive: true, force: true });
