import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { RunResult } from '../../src/core/types.js';
import { samplesFromReports, type BaselineSource } from '../../src/watch/compare/baseline.js';
import { watch } from '../../src/watch/watch.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';

/**
 * The new version answers in ~40 ms where the previous one answered in ~12 ms: the watch compares
 * each interval's latency with the previous version's (Mann-Whitney U) and says so.
 */
let slow: HttpTarget;
beforeAll(async () => {
  slow = await startHttpTarget({
    '/health': async () => {
      await new Promise((r) => setTimeout(r, 40));
      return { body: 'ok' };
    },
  });
});
afterAll(() => slow.close());

/** Earlier reports of the previous version: one watch of 10 intervals at 11–13 ms, one failed run (ignored). */
function previousReports(): RunResult[] {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const base = { startedAt: at, checks: [], verdict: 'passed' } as unknown as RunResult;
  const intervals = Array.from({ length: 10 }, (_, i) => ({ latencies: { readiness: 11 + (i % 3) } }));
  return [
    { ...base, watch: { intervals } } as unknown as RunResult,
    { ...base, verdict: 'critical', checks: [{ name: 'readiness', status: 'passed', durationMs: 900 }] } as unknown as RunResult,
  ];
}

const fromReports: BaselineSource = async () => ({ source: '2 reports', samples: samplesFromReports(previousReports(), 5) });

function config(critical: boolean) {
  return configSchema.parse({
    base_url: slow.url,
    health_checks: [{ name: 'readiness', endpoint: '/health' }],
    watch: { interval_seconds: 30, duration_seconds: 300, compare: { critical } },
  });
}

describe('watch: comparison with the previous version', () => {
  it('a significant regression beyond the tolerance is a warning finding naming p50s and p', async () => {
    const result = await watch(config(false), { env: {}, scheduler: fastScheduler(), baseline: fromReports });
    expect(result.watch!.comparison).toMatchObject({ score: 0, baseline: '2 reports', checks: [{ check: 'readiness', outcome: 'fail', baselineSamples: 10, canarySamples: 10, baselineP50Ms: 12 }] });
    const finding = result.checks.find((c) => c.name === 'readiness vs previous version')!;
    expect(finding).toMatchObject({ type: 'comparison', status: 'failed', severity: 'warning' });
    expect(finding.reason).toMatch(/^readiness p50 12 ms → \d+ ms \(\+\d+ %\), significant \(p < 0\.001\)$/);
    expect(result.verdict).toBe('warning');
    expect(result.decision.action).toBe('none');
  });

  it('critical only when configured: then it counts as a critical failure', async () => {
    const result = await watch(config(true), { env: {}, scheduler: fastScheduler(), baseline: fromReports });
    expect(result.verdict).toBe('critical');
    expect(result.decision.criticalFailures).toBe(1);
  });

  it('no baseline: said in the timeline, no comparison', async () => {
    const result = await watch(config(true), { env: {}, scheduler: fastScheduler(), baseline: async () => undefined });
    expect(result.watch!.comparison).toBeUndefined();
    expect(result.verdict).toBe('passed');
    expect(result.timeline.some((e) => e.message === 'No comparison with the previous version: no baseline samples')).toBe(true);
  });
});
