import { describe, expect, it } from 'vitest';
import { compareLatencies, compareWindow, windowScore } from './compare.js';

const OPTIONS = { alpha: 0.01, tolerance: 0.25, minSamples: 8 };
/** Deterministic jitter around a median: m-2 … m+2. */
const around = (median: number, n = 12) => Array.from({ length: n }, (_, i) => median + ((i * 7) % 5) - 2);

describe('latency comparison with the previous version', () => {
  it('12 ms → 41 ms: fail, significant, reported as in the issue', () => {
    const r = compareLatencies('readiness', around(12), around(41), OPTIONS);
    expect(r).toMatchObject({ outcome: 'fail', baselineP50Ms: 12, canaryP50Ms: 41, baselineSamples: 12, canarySamples: 12 });
    expect(r.message).toBe('readiness p50 12 ms → 41 ms (+242 %), significant (p < 0.001)');
  });

  it('slower but within the tolerance (40 → 44 ms, +10 %): marginal', () => {
    const r = compareLatencies('readiness', around(40, 30), around(44, 30), OPTIONS);
    expect(r.outcome).toBe('marginal');
    expect(r.message).toMatch(/significant \(p < 0\.001\), within the 25 % tolerance$/);
  });

  it('the same distribution: pass, not significant', () => {
    const r = compareLatencies('readiness', around(20), around(20), OPTIONS);
    expect(r).toMatchObject({ outcome: 'pass' });
    expect(r.message).toMatch(/not significant \(p = 1\.00\)/);
  });

  it('faster is a pass however significant', () => {
    expect(compareLatencies('readiness', around(40), around(12), OPTIONS).outcome).toBe('pass');
  });

  it('beyond the tolerance on too few, noisy samples: marginal, not fail', () => {
    const r = compareLatencies('readiness', [10, 30, 12, 28, 11, 29, 13, 27], [12, 45, 14, 40, 13, 38, 11, 42], OPTIONS);
    expect(r.outcome).toBe('marginal');
  });

  it('too few samples: no judgement', () => {
    expect(compareLatencies('readiness', around(12, 5), around(41), OPTIONS)).toMatchObject({ outcome: 'no_data', message: 'readiness: 5 baseline and 12 new samples, below 8: not compared' });
  });

  it('the window score counts pass 1, marginal ½, fail 0, ignores no_data', () => {
    const w = compareWindow({ a: around(12), b: around(20), c: [] }, { a: around(41), b: around(20), c: around(3) }, ['a', 'b', 'c'], OPTIONS);
    expect(w.checks.map((c) => c.outcome)).toEqual(['fail', 'pass', 'no_data']);
    expect(w.score).toBe(50);
    expect(windowScore([])).toBe(100);
  });
});
