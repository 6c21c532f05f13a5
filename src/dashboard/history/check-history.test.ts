import { describe, expect, it } from 'vitest';
import type { CheckSample } from '../store/types.js';
import { flakyChecks, trendsOf } from './check-history.js';

const sample = (runId: string, at: number, name: string, status: string, durationMs: number, attempts = 1, runVerdict = status === 'passed' ? 'passed' : 'critical'): CheckSample =>
  ({ runId, name, startedAt: at, status, severity: status === 'passed' ? 'none' : 'critical', durationMs, attempts, runVerdict });

describe('check history', () => {
  const samples = [
    sample('r1', 1, 'readiness', 'passed', 10),
    sample('r2', 2, 'readiness', 'passed', 14),
    sample('r3', 3, 'readiness', 'failed', 900),
    sample('r4', 4, 'readiness', 'passed', 12),
    sample('r1', 1, 'login', 'passed', 100, 2),
    sample('r2', 2, 'login', 'passed', 100),
    sample('r3', 3, 'login', 'passed', 100, 1, 'critical'),
    sample('r1', 1, 'stable', 'passed', 5),
    sample('r2', 2, 'stable', 'passed', 5),
    sample('r2', 2, 'skipped-one', 'skipped', 0),
  ];

  it('trend: oldest first, against the median of good runs only', () => {
    const readiness = trendsOf(samples).find((t) => t.name === 'readiness')!;
    expect(readiness.points.map((p) => p.runId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(readiness.goodMedianMs).toBe(12);
    expect(readiness.latestMs).toBe(12);
    // A passed check in a critical run is no good run.
    expect(trendsOf(samples).find((t) => t.name === 'login')!.goodMedianMs).toBe(100);
    expect(trendsOf(samples).some((t) => t.name === 'skipped-one')).toBe(false);
  });

  it('flaky: mixed results, or passes that needed retries; a steady check is not', () => {
    const flaky = flakyChecks(samples);
    expect(flaky.map((f) => f.name).sort()).toEqual(['login', 'readiness']);
    expect(flaky.find((f) => f.name === 'readiness')!.why).toBe('failed in 1 and passed in 3 of the last 4 runs');
    expect(flaky.find((f) => f.name === 'login')!.why).toBe('passed only after retries in 1 of 3 runs');
  });
});
