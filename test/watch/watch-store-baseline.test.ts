import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchFromCli } from '../../src/cli/commands/watch.js';
import { configSchema } from '../../src/config/schema.js';
import { openStore } from '../../src/dashboard/store/open.js';
import { createStyle } from '../../src/reporters/style.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { health, run } from '../helpers/result-builder.js';

/**
 * `smokeguard watch` with a store configured and no --baseline: the previous version's good runs
 * in the store (readiness at 11–13 ms) are the baseline the window (~40 ms) is compared with.
 */
let slow: HttpTarget;
let temp: TempStore;

beforeAll(async () => {
  slow = await startHttpTarget({
    '/health': async () => {
      await new Promise((r) => setTimeout(r, 40));
      return { body: 'ok' };
    },
  });
  temp = await tempStore('sqlite');
  const store = await openStore(temp.url);
  const target = { baseUrl: 'http://127.0.0.1:8080', environment: 'prod', deployment: 'orders', namespace: 'prod' };
  const hourAgo = Date.now() - 3_600_000;
  for (let i = 0; i < 10; i++) {
    await store.recordFinished({ ...run([health('readiness', '/health').at(0, 11 + (i % 3))], { target }), runId: `prev-${i}`, startedAt: new Date(hourAgo + i * 1000).toISOString() });
  }
  // A failed run of the previous version is no baseline: its 900 ms must not count.
  await store.recordFinished({ ...run([health('readiness', '/health').at(0, 900), health('db', '/db').fails(503)], { target }), runId: 'prev-bad', startedAt: new Date(hourAgo + 20_000).toISOString() });
  await store.close();
});
afterAll(async () => {
  await slow?.close();
  await temp?.drop();
});

const sink = () => new Writable({ write: (_c, _e, done) => done() });

function config(store?: string) {
  return configSchema.parse({
    base_url: slow.url,
    deployment: { name: 'orders', namespace: 'prod' },
    health_checks: [{ name: 'readiness', endpoint: '/health' }],
    watch: { interval_seconds: 30, duration_seconds: 300, compare: { baseline_runs: 10 } },
    ...(store ? { dashboard: { store } } : {}),
  });
}

describe('watch: the dashboard store as the default baseline', () => {
  it('with a store and no --baseline, the window is compared with the store\'s last good runs', async () => {
    const result = await watchFromCli(config(temp.url), { env: {}, scheduler: fastScheduler() }, {}, sink(), createStyle(false));
    const comparison = result.watch!.comparison!;
    expect(comparison.baseline).toMatch(/^last 10 good runs of orders in sqlite:/);
    expect(comparison.checks).toEqual([expect.objectContaining({ check: 'readiness', outcome: 'fail', baselineSamples: 10, baselineP50Ms: 12 })]);
    expect(result.checks.find((c) => c.name === 'readiness vs previous version')).toMatchObject({ severity: 'warning' });
  });

  it('without a store or dashboard there is no baseline: no comparison', async () => {
    const result = await watchFromCli(config(), { env: {}, scheduler: fastScheduler() }, {}, sink(), createStyle(false));
    expect(result.watch!.comparison).toBeUndefined();
    expect(result.checks.map((c) => c.name)).toEqual(['readiness']);
  });
});
