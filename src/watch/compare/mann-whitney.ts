/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), two-sided, as scipy.stats.mannwhitneyu computes
 * it: the exact distribution of U for small samples without ties, else the normal approximation
 * with the tie correction and a continuity correction. Checked against scipy's published example
 * and values (mann-whitney.test.ts).
 */

export interface UTest {
  /** U of the first sample: how often one of its values beats one of the second's (ties count ½). */
  u1: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Above this many values in total (or with ties) the normal approximation is used. */
const EXACT_MAX_TOTAL = 30;

/** Ranks 1..n of the pooled values, ties given their average rank; and Σ(t³ − t) over tie groups. */
function rank(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const average = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = average;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/** Complementary error function (W. J. Cody's rational Chebyshev fit, relative error < 1.2e-7 as used in Numerical Recipes' erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** P(U ≥ u) under H0 for sample sizes n1, n2 (no ties): counts of U by the classic recurrence. */
function exactUpperTail(u: number, n1: number, n2: number): number {
  // counts[j][k]: arrangements of j values of sample 1 among j + i values with U = k, built up over i (= values of sample 2).
  const max = n1 * n2;
  let prev: number[][] = Array.from({ length: n1 + 1 }, (_, j) => (j === 0 ? [1] : [1]));
  for (let i = 1; i <= n2; i++) {
    const next: number[][] = [[1]];
    for (let j = 1; j <= n1; j++) {
      const size = j * i + 1;
      const row = new Array<number>(size).fill(0);
      // The largest value is from sample 2 (U unchanged) or from sample 1 (it beats all i of sample 2).
      const a = prev[j]!;
      const b = next[j - 1]!;
      for (let k = 0; k < size; k++) row[k] = (a[k] ?? 0) + (k >= i ? (b[k - i] ?? 0) : 0);
      next.push(row);
    }
    prev = next;
  }
  const dist = prev[n1]!;
  const total = dist.reduce((s, c) => s + c, 0);
  let tail = 0;
  for (let k = Math.ceil(u); k <= max; k++) tail += dist[k] ?? 0;
  return tail / total;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): UTest {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const { ranks, tieTerm } = rank([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  if (tieTerm === 0 && n <= EXACT_MAX_TOTAL) {
    const big = Math.max(u1, n1 * n2 - u1);
    return { u1, pValue: Math.min(1, 2 * exactUpperTail(big, n1, n2)), method: 'exact' };
  }
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { u1, pValue: 1, method: 'asymptotic' };
  const z = Math.max(0, Math.abs(u1 - mu) - 0.5) / sigma;
  return { u1, pValue: Math.min(1, erfc(z / Math.SQRT2)), method: 'asymptotic' };
}
