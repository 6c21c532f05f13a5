// The dashboard with a long history: 10,000 stored runs of 20 checks, then the real
// `smokeguard serve` (its own process, as deployed) timed over HTTP from this one:
// `/deployments/NAME` (the seed's page) p50/p95 one request at a time, the other pages, the
// server's memory (its RSS from /proc), and the ingest rate of POST /api/v1/runs (full reports,
// schema-validated, 8 in flight). Prints the goals of issue 12 as ✓/✗ rows; asserts nothing.
//
// Usage: npm run bench:dashboard [-- --store sqlite|postgres] [--runs 10000] [--requests 300] [--ingest 1000]
//   --store postgres: a fresh database on the local PostgreSQL (127.0.0.1:5432, trust), dropped after.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
    ingest: { type: 'string', default: '1000' },
  },
});
const STORE_KIND = args.store;
if (STORE_KIND !== 'sqlite' && STORE_KIND !== 'postgres') throw new Error(`--store: expected sqlite or postgres, got ${STORE_KIND}`);
const RUNS = Number(args.runs);
const REQUESTS = Number(args.requests);
const INGEST = Number(args.ingest);
const CHECKS = 20;
const TOKEN = 'bench-token';
const PAGE_P95_GOAL_MS = 50;
const INGEST_GOAL_PER_S = 200;

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.smokeguard);
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { openStore } = await import(dist('dashboard/store/open.js'));
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

/** A fresh, empty store of the chosen kind, and how to remove it. */
async function freshStore() {
  if (STORE_KIND === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'smokeguard-bench-dashboard-'));
    return { url: `sqlite:${join(dir, 'smokeguard.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { default: pg } = await import('pg');
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `smokeguard_bench_${randomBytes(4).toString('hex')}`;
  const sql = async (text) => {
    const c = new pg.Client(admin);
    await c.connect();
    try { await c.query(text); } finally { await c.end(); }
  };
  await sql(`CREATE DATABASE ${name}`);
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The built CLI's `serve` on a free port; resolves once it prints its URL. */
function startServe(store) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--store', store, '--retain-days', '36500'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SMOKEGUARD_DASHBOARD_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not start within 30 s:\n${out}`)); }, 30_000);
    const onData = (d) => {
      out += d;
      const url = /dashboard on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, pid: child.pid, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}:\n${out}`)); });
  });
}

/** The server's resident memory now and at its peak, from /proc (Linux). */
function serverMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: NaN, peakMB: NaN };
  }
}

const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg()[0].toFixed(1);

console.log(`Dashboard benchmark: ${fmt(RUNS)} runs of ${CHECKS} checks in ${STORE_KIND === 'sqlite' ? 'SQLite' : 'PostgreSQL'}; Node ${process.version}; load average ${load()}`);
const target = await freshStore();
let serve;
try {
  let t = performance.now();
  const store = await openStore(target.url);
  for (let i = 0; i < RUNS; i++) await store.recordFinished(report(i));
  await store.close();
  const fillMs = performance.now() - t;
  console.log(`fill (store API, no HTTP, one at a time): ${fmt(RUNS)} runs in ${(fillMs / 1000).toFixed(1)} s = ${fmt(RUNS / (fillMs / 1000))} runs/s`);

  serve = await startServe(target.url);
  const idle = serverMemory(serve.pid);
  const pages = {};
  async function timeGets(path, n) {
    for (let i = 0; i < 10; i++) await (await fetch(`${serve.url}${path}`)).text(); // warm-up
    const times = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const res = await fetch(`${serve.url}${path}`);
      bytes = (await res.text()).length;
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    pages[path] = { p50: q(times, 0.5), p95: q(times, 0.95) };
    console.log(`GET ${path.padEnd(40)} p50 ${q(times, 0.5).toFixed(1)} ms · p95 ${q(times, 0.95).toFixed(1)} ms · ${(bytes / 1024).toFixed(0)} KB (${n} requests, one at a time)`);
  }
  await timeGets('/deployments/django', REQUESTS);
  await timeGets(`/deployments/django?before=${T0 + (RUNS / 2) * 60_000}`, Math.round(REQUESTS / 3));
  await timeGets('/api/v1/deployments/django/runs', Math.round(REQUESTS / 3));
  await timeGets('/runs/run-0', Math.round(REQUESTS / 3));
  await timeGets('/', Math.round(REQUESTS / 3));
  await timeGets('/metrics', Math.round(REQUESTS / 3));
  const afterPages = serverMemory(serve.pid);
  console.log(`serve's memory: rss ${afterPages.rssMB.toFixed(0)} MB after the page requests (${idle.rssMB.toFixed(0)} MB idle before them)`);

  // Ingest over HTTP from this process to the server's: full reports, schema-validated, 8 in flight.
  const bodies = Array.from({ length: INGEST }, (_, i) => JSON.stringify(report(RUNS + i, 'ingest', 'ingest')));
  t = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < INGEST) {
      const i = next++;
      const res = await fetch(`${serve.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: bodies[i] });
      if (res.status !== 201) throw new Error(`ingest: ${res.status} ${await res.text()}`);
      await res.text();
    }
  }));
  const ingestPerS = INGEST / ((performance.now() - t) / 1000);
  const afterIngest = serverMemory(serve.pid);
  console.log(`ingest POST /api/v1/runs: ${fmt(INGEST)} reports of ${(bodies[0].length / 1024).toFixed(1)} KB = ${fmt(ingestPerS)} runs/s; serve's rss ${afterIngest.rssMB.toFixed(0)} MB, peak ${afterIngest.peakMB.toFixed(0)} MB`);

  const page = pages['/deployments/django'];
  const row = (ok, goal, figure) => console.log(`  ${ok ? '✓' : '✗'} ${goal.padEnd(52)} ${figure}`);
  console.log(`\nGoals (issue 12), ${STORE_KIND === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${fmt(RUNS)} stored runs, load average ${load()}:`);
  row(page.p95 <= PAGE_P95_GOAL_MS, `/deployments/NAME p95 ≤ ${PAGE_P95_GOAL_MS} ms`, `p95 ${page.p95.toFixed(1)} ms (p50 ${page.p50.toFixed(1)} ms)`);
  row(ingestPerS >= INGEST_GOAL_PER_S, `ingest ≥ ${INGEST_GOAL_PER_S} runs/s${STORE_KIND === 'sqlite' ? '' : ' (the goal is set for SQLite)'}`, `${fmt(ingestPerS)} runs/s`);
  console.log(`  · memory (no goal)${' '.repeat(37)}rss ${afterPages.rssMB.toFixed(0)} MB serving pages, peak ${afterIngest.peakMB.toFixed(0)} MB`);
} finally {
  await serve?.stop();
  await target.drop();
}
