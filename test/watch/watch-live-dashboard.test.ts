import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { RunSummary, StoredRun } from '../../src/dashboard/store/types.js';
import { watch } from '../../src/watch/watch.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { runCli, writeConfig } from '../helpers/cli.js';
import { gatedScheduler } from '../helpers/gated-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

/**
 * A watch followed on the dashboard as it goes: a real `smokeguard serve` on SQLite, a real watch
 * publishing to it over HTTP, a service that turns to 500s on cue. The watch's clock waits for
 * the test between intervals, so the test reads the dashboard after each one (its API and the
 * HTML pages live.js reloads), then lets the next run.
 */
const TOKEN = 'watch-live-token';
let temp: TempStore;
let serve: ServeProcess;
let service: HttpTarget;
let healthy = true;

beforeAll(async () => {
  temp = await tempStore('sqlite');
  serve = await startServe(['--store', temp.url], { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN });
  service = await startHttpTarget({
    '/health': () => (healthy ? { body: 'ok' } : { status: 500, body: 'boom' }),
    '/ready': { body: 'ok' },
  });
}, 30_000);
afterAll(async () => {
  await service?.close();
  expect(await serve?.stop()).toBe(0);
  await temp?.drop();
});

const json = async <T>(path: string): Promise<T> => (await fetch(`${serve.url}${path}`, { headers: { accept: 'application/json' } })).json() as Promise<T>;
const html = async (path: string): Promise<string> => (await fetch(`${serve.url}${path}`, { headers: { accept: 'text/html' } })).text();

/** The run as the dashboard has it once it shows interval `index` (the publish is in the background). */
async function shownAt(runId: string, index: number): Promise<StoredRun> {
  let run: StoredRun | undefined;
  for (let i = 0; i < 200; i++) {
    run = await json<StoredRun>(`/api/v1/runs/${runId}`);
    if (run.watch?.intervals.at(-1)?.index === index) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the dashboard never showed interval ${index}: ${JSON.stringify(run?.watch?.intervals.map((i) => i.index))}`);
}

const marks = (page: string) => [...page.matchAll(/<li class="iv (ok|bad|warn|todo)"/g)].map((m) => m[1]);

describe('a watch, live on the dashboard', () => {
  it('interval by interval on the run and deployment pages; 500s on cue fail it there; then its report', async () => {
    const scheduler = gatedScheduler();
    const config = configSchema.parse({
      base_url: service.url,
      deployment: { name: 'checkout', namespace: 'prod' },
      health_checks: [{ name: 'readiness', endpoint: '/health' }, { name: 'liveness', endpoint: '/ready' }],
      watch: { interval_seconds: 30, duration_seconds: 300, failure_limit: 3, consecutive_failures: 2 },
      dashboard: { url: serve.url, token: TOKEN },
    });
    const running = watch(config, { env: {}, runId: 'watch-live-1', revision: 'v2.4.0', scheduler });

    for (let i = 1; i <= 3; i++) {
      await scheduler.waiting();
      const run = await shownAt('watch-live-1', i);
      expect(run).toMatchObject({ state: 'running', deployment: 'checkout', revision: 'v2.4.0', watch: { status: 'running', plannedIntervals: 10, failedIntervals: 0, checks: ['readiness', 'liveness'] } });
      expect(run.watch!.intervals.map((iv) => iv.outcome)).toEqual(Array(i).fill('passed'));
      const page = await html('/deployments/checkout');
      expect(page).toContain(`watching ${i}/10</span></h2>`);
      expect(marks(page)).toEqual([...Array(i).fill('ok'), ...Array(10 - i).fill('todo')]);
      // The state live.js compares moves with each interval: the open page reloads.
      expect(page).toContain(`data-state="|watch-live-1:${i}/10"`);
      scheduler.release();
    }

    healthy = false;
    await scheduler.waiting();
    const failing = await shownAt('watch-live-1', 4);
    expect(failing.watch).toMatchObject({ status: 'running', failedIntervals: 1 });
    expect(failing.watch!.intervals[3]).toMatchObject({ outcome: 'failed', passed: 1, total: 2, problems: [{ name: 'readiness', status: 'failed', reason: 'returned 500 (expected 2xx)' }] });
    const runPage = await html('/runs/watch-live-1');
    expect(runPage).toContain('watching 4/10 · 1 failed interval');
    expect(runPage).toContain('<span class="v v-running">watching 4/10</span>');
    expect(marks(runPage)).toEqual(['ok', 'ok', 'ok', 'bad', ...Array(6).fill('todo')]);
    expect(runPage).toContain('Last problem, interval 4: <span class="name">readiness</span>: returned 500 (expected 2xx)');
    expect(runPage).toContain('data-state="running::4/10"');
    expect((await json<{ watching: RunSummary[] }>('/api/v1/deployments/checkout/live')).watching.map((r) => r.runId)).toEqual(['watch-live-1']);
    scheduler.release();

    // The 2nd failure in a row fails the window: the run decides and publishes its report.
    const result = await running;
    expect(result.verdict).toBe('critical');
    expect(result.watch).toMatchObject({ status: 'failed', failedIntervals: 2 });
    expect(result.timeline.filter((e) => e.message.startsWith('warning: dashboard'))).toEqual([]);
    const finished = await json<StoredRun>('/api/v1/runs/watch-live-1');
    expect(finished).toMatchObject({ state: 'finished', verdict: 'critical' });
    expect(finished.watch).toBeUndefined();
    expect(finished.report!.watch!.intervals.map((iv) => iv.outcome)).toEqual(['passed', 'passed', 'passed', 'failed', 'failed']);
    expect(await json('/api/v1/deployments/checkout/live')).toEqual({ runs: [], watching: [] });
    // The run's page is now its report, the window's strip kept above it.
    const reportPage = await html('/runs/watch-live-1');
    expect(reportPage).toContain('watch failed at 5/10 · 2 failed intervals');
    expect(marks(reportPage)).toEqual(['ok', 'ok', 'ok', 'bad', 'bad']);
    expect(reportPage).not.toContain('data-live=');
    const deploymentPage = await html('/deployments/checkout');
    expect(deploymentPage).not.toContain('id="watch-watch-live-1"');
    expect(deploymentPage).toContain('<span class="v v-critical">critical</span>');
  });

  it('`run --watch` from the built CLI with a CI run id: the smoke run and its watch are two runs, the watch followed live', async () => {
    healthy = true;
    const { dir, file } = await writeConfig({
      base_url: service.url,
      deployment: { name: 'cart' },
      health_checks: [{ name: 'readiness', endpoint: '/health' }],
      watch: { interval_seconds: 0.5 },
      dashboard: { url: serve.url },
    });
    const cli = runCli(['run', '--config', file, '--watch', '3s', '--report-dir', dir], {
      env: { SMOKEGUARD_RUN_ID: 'ci-job-7', SMOKEGUARD_DASHBOARD_TOKEN: TOKEN },
      timeoutMs: 60_000,
    });
    // Seen on the dashboard while the CLI still watches (bounded: the process ends within seconds).
    let live: StoredRun | undefined;
    let done = false;
    void cli.finally(() => (done = true));
    while (!done && live?.watch?.status !== 'running') {
      const res = await fetch(`${serve.url}/api/v1/runs/ci-job-7-watch`);
      if (res.status === 200) live = (await res.json()) as StoredRun;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { code, stdout, stderr } = await cli;
    expect(code, stdout + stderr).toBe(0);
    expect(live).toMatchObject({ state: 'running', deployment: 'cart', watch: { status: 'running', plannedIntervals: 6 } });
    const smoke = await json<StoredRun>('/api/v1/runs/ci-job-7');
    expect(smoke).toMatchObject({ state: 'finished', verdict: 'passed' });
    expect(smoke.report!.watch).toBeUndefined();
    const watched = await json<StoredRun>('/api/v1/runs/ci-job-7-watch');
    expect(watched).toMatchObject({ state: 'finished', verdict: 'passed' });
    expect(watched.report!.watch!.intervals).toHaveLength(6);
  });
});
