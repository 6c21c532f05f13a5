import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/types.js';
import { DEFAULT_SLOWER, slowerFindings } from './slower.js';

const check = (name: string, durationMs: number, status: CheckResult['status'] = 'passed'): CheckResult =>
  ({ name, kind: 'health', type: 'http', required: true, status, severity: status === 'passed' ? 'none' : 'critical', attempts: 1, durationMs, timeoutMs: 5000 });

describe('slower than the last good runs', () => {
  const baseline = { readiness: [12, 11, 13, 12, 12, 14, 10, 12, 13, 12], fast: [2, 2, 2], few: [10, 10] };

  it.each([
    ['5× and +51 ms: under the floor', 'readiness', 63, 0],
    ['3× and +250 ms: a finding', 'readiness', 262, 1],
    ['+200 ms but only 1.5×', 'readiness', 18, 0],
    ['2 ms → 7 ms', 'fast', 7, 0],
    ['two good runs make no baseline', 'few', 5000, 0],
    ['no history at all', 'new-check', 5000, 0],
  ])('%s', (_name, check_, duration, count) => {
    expect(slowerFindings([check(check_, duration)], baseline)).toHaveLength(count);
  });

  it('says by how much, against how many runs, never critical by default', () => {
    const [f] = slowerFindings([check('readiness', 63)], baseline, { ...DEFAULT_SLOWER, minIncreaseMs: 20 });
    expect(f!.title).toBe('readiness 5.3× slower than the last 10 good runs (12 ms → 63 ms)');
    expect(f!.severity).toBe('warning');
    expect(f!.checks).toEqual(['readiness']);
  });

  it('only checks that passed: a failure is already a finding of its own', () => {
    expect(slowerFindings([check('readiness', 5000, 'failed')], baseline)).toEqual([]);
  });

  it('severity is configurable', () => {
    expect(slowerFindings([check('readiness', 900)], baseline, { ...DEFAULT_SLOWER, severity: 'critical' })[0]!.severity).toBe('critical');
  });
});
