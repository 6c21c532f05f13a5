import type { WatchInterval, WatchProgress } from '../../src/core/types.js';

/**
 * A watch as it stands after `outcomes.length` intervals of `planned` (what a watch publishes to
 * the dashboard): one interval per outcome, readiness failing in the failed ones.
 */
export function watchProgress(outcomes: ReadonlyArray<WatchInterval['outcome']>, planned = 30, extra: Partial<WatchProgress> = {}): WatchProgress {
  const start = Date.parse('2026-11-29T12:00:00Z');
  const intervals = outcomes.map((outcome, i): WatchInterval => ({
    index: i + 1,
    startedAt: new Date(start + i * 30_000).toISOString(),
    durationMs: 40,
    outcome,
    passed: outcome === 'failed' ? 1 : 2,
    total: 2,
    p95Ms: 40 + i,
    latencies: outcome === 'failed' ? { db: 12 } : { readiness: 30 + i, db: 12 },
    ...(outcome === 'failed' ? { problems: [{ name: 'readiness', status: 'failed' as const, reason: 'returned 500 (expected 2xx)' }] } : {}),
  }));
  return {
    intervalMs: 30_000,
    durationMs: planned * 30_000,
    plannedIntervals: planned,
    limits: { failureLimit: 3, consecutiveFailures: 2, consecutiveErrorLimit: 4 },
    checks: ['readiness', 'db'],
    status: 'running',
    failedIntervals: outcomes.filter((o) => o === 'failed').length,
    errorIntervals: outcomes.filter((o) => o === 'error').length,
    intervals,
    ...extra,
  };
}
