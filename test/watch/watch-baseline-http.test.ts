import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchFromCli } from '../../src/cli/commands/watch.js';
import { configSchema } from '../../src/config/schema.js';
import { createStyle } from '../../src/reporters/style.js';
import { run } from '../../src/run/pipeline.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

/**
 * The statistical comparison with the previous version when its runs are on a dashboard, read
 * over HTTP (no store at hand): a real `smokeguard serve`, the previous version's smoke runs
 * published to it by real runs, then a watch of a slower new version with `--dashboard` only.
 */
const TOKEN = 'baseline-http-token';
let temp: TempStore;
let serve: ServeProcess;
let service: HttpTarget;
/** Each answer of /health waits this long: the version that is deployed. */
let latencyMs = 0;
let dbDown = false;

beforeAll(async () => {
  temp = await tempStore('sqlite');
  serve = await startServe(['--store', temp.url], { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN });
  service = await startHttpTarget({
    '/health': async () => {
      await new Promise((r) => setTimeout(r, latencyMs));
      return { body: 'ok' };
    },
    '/db': () => (dbDown ? { status: 503, body: 'down' } : { body: 'ok' }),
  });
}, 30_000);
afterAll(async () => {
  await service?.close();
  expect(await serve?.stop()).toBe(0);
  await temp?.drop();
});

const sink = () => new Writable({ write: (_c, _e, done) => done() });

function config() {
  return configSchema.parse({
    base_url: service.url,
    deployment: { name: 'payments', namespace: 'prod' },
    health_checks: [{ name: 'readiness', endpoint: '/health' }, { name: 'db', endpoint: '/db' }],
    watch: { interval_seconds: 30, duration_seconds: 300, checks: ['readiness'], compare: { baseline_runs: 10 } },
    dashboard: { url: serve.url, token: TOKEN },
  });
}

describe('watch: the previous version\'s good runs read from a dashboard over HTTP', () => {
  it('a slower new version is a significant regression, said as a warning finding', async () => {
    // The previous version: ten good smoke runs at ~10 ms, published by the runs themselves.
    latencyMs = 10;
    for (let i = 0; i < 10; i++) {
      const previous = await run(config(), { env: {}, revision: 'v1', runId: `payments-v1-${i}` });
      expect(previous.verdict).toBe('passed');
    }
    // A failed run of the previous version is no baseline: its 400 ms must not count.
    latencyMs = 400;
    dbDown = true;
    expect((await run(config(), { env: {}, revision: 'v1', runId: 'payments-v1-bad' })).verdict).toBe('critical');
    dbDown = false;
    const baseline = await (await fetch(`${serve.url}/api/v1/deployments/payments/baseline?runs=10`)).json() as { checks: Record<string, number[]> };
    expect(baseline.checks.readiness).toHaveLength(10);
    expect(Math.max(...baseline.checks.readiness!)).toBeLessThan(400);

    // The new version answers in ~60 ms; the watch has only the dashboard's URL.
    latencyMs = 60;
    const result = await watchFromCli(config(), { env: {}, revision: 'v2', runId: 'payments-v2-watch', scheduler: fastScheduler() }, {}, sink(), createStyle(false));
    const comparison = result.watch!.comparison!;
    expect(comparison.baseline).toBe(`last 10 good runs of payments in ${serve.url}`);
    const readiness = comparison.checks.find((c) => c.check === 'readiness')!;
    expect(readiness).toMatchObject({ outcome: 'fail', baselineSamples: 10, canarySamples: 10 });
    expect(readiness.baselineP50Ms).toBeLessThan(60);
    expect(readiness.canaryP50Ms).toBeGreaterThanOrEqual(60);
    expect(readiness.pValue).toBeLessThan(0.01);
    expect(comparison.score).toBe(0);
    const finding = result.checks.find((c) => c.name === 'readiness vs previous version');
    expect(finding).toMatchObject({ status: 'failed', severity: 'warning', type: 'comparison' });
    expect(finding!.reason).toMatch(/^readiness p50 \d+ ms → \d+ ms \(\+\d+ %\), significant \(p < 0\.0?01\)$/);
    expect(result.verdict).toBe('warning');
    expect(result.decision.action).toBe('none');

    // The watch's own run joined the dashboard after the comparison, not before it.
    const published = await (await fetch(`${serve.url}/api/v1/runs/payments-v2-watch`)).json() as { state: string; verdict: string };
    expect(published).toMatchObject({ state: 'finished', verdict: 'warning' });
  });

  it('a dashboard that refuses the read (a read token is needed) is no comparison, said in the report; the watch stands', async () => {
    const guarded = await startServe(['--store', temp.url], { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN, SMOKEGUARD_DASHBOARD_READ_TOKEN: 'read-only' });
    try {
      latencyMs = 60;
      const cfg = { ...config(), dashboard: { ...config().dashboard!, url: guarded.url, token: 'not-the-token' } };
      const result = await watchFromCli(cfg, { env: {}, scheduler: fastScheduler() }, {}, sink(), createStyle(false));
      expect(result.watch!.comparison).toBeUndefined();
      expect(result.timeline.some((e) => /^No comparison with the previous version: its samples could not be read \(reading the baseline: HTTP 401/.test(e.message))).toBe(true);
      expect(result.watch!.status).toBe('passed');
    } finally {
      expect(await guarded.stop()).toBe(0);
    }
  });
});
