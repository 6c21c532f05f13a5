import { describe, expect, it } from 'vitest';
import { erfc, mannWhitneyU } from './mann-whitney.js';

/**
 * Test vectors: scipy.stats.mannwhitneyu's documented example (Conover's heights, exact two-sided
 * p = 0.1111…) and scipy 1.17's values for tied and larger samples (asymptotic, continuity
 * corrected), quoted to the digits scipy printed.
 */
describe('Mann-Whitney U against scipy', () => {
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('scipy\'s documented example: U = 17, exact p = 0.1111', () => {
    const t = mannWhitneyU(males, females);
    expect(t).toMatchObject({ u1: 17, method: 'exact' });
    expect(t.pValue).toBeCloseTo(0.1111111111111111, 12);
    expect(mannWhitneyU(females, males)).toMatchObject({ u1: 3, pValue: t.pValue });
  });

  it('exact distribution for 10 vs 12 values without ties: U = 89, p = 0.0591', () => {
    const t = mannWhitneyU([3.1, 4.7, 5.2, 6.8, 7.3, 8.9, 9.4, 10.6, 11.2, 12.5], [1.2, 2.3, 2.9, 3.5, 4.1, 5.0, 5.9, 6.1, 7.0, 7.7, 8.2, 9.9]);
    expect(t).toMatchObject({ u1: 89, method: 'exact' });
    expect(t.pValue).toBeCloseTo(0.05913591052909939, 12);
  });

  const vectors: Array<{ name: string; x: number[]; y: number[]; u1: number; p: number }> = [
    {
      name: 'latencies 12 ms → 41 ms, with ties (asymptotic)',
      x: [41, 39, 44, 40, 38, 42, 45, 37, 43, 41],
      y: [12, 14, 11, 13, 15, 12, 13, 14, 16, 12],
      u1: 100,
      p: 0.00017561553104590864,
    },
    { name: 'heavy ties', x: [1, 2, 2, 3, 3, 3, 4, 5], y: [3, 4, 4, 5, 5, 6, 7, 7], u1: 7.5, p: 0.010515245935858907 },
    { name: 'overlapping, 30 vs 25 (asymptotic)', x: Array.from({ length: 30 }, (_, i) => i + 1), y: Array.from({ length: 25 }, (_, i) => i + 6), u1: 312.5, p: 0.2944247996987168 },
  ];
  for (const v of vectors) {
    it(v.name, () => {
      const t = mannWhitneyU(v.x, v.y);
      expect(t.u1).toBe(v.u1);
      expect(t.pValue / v.p).toBeCloseTo(1, 5); // relative error below 5e-6
    });
  }

  it('identical samples: p = 1; an empty sample is refused', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });

  it('erfc matches known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
  });
});
