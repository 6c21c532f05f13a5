import type { LatencyComparison } from '../../core/types.js';
import { quantile } from '../../util/quantile.js';
import { mannWhitneyU } from './mann-whitney.js';

/**
 * The new version's latencies against the previous version's, judged per check as Netflix's
 * Kayenta judges a canary metric: a Mann-Whitney U test says whether the difference is real, an
 * effect-size tolerance says whether it matters. Never a bare ratio of two means. Pure: the
 * samples may come from the dashboard store, earlier reports, or anywhere else.
 */

export interface CompareOptions {
  /** Significance level of the two-sided test. */
  alpha: number;
  /** A median slower by at most this fraction (0.25 = 25 %) is never a failure. */
  tolerance: number;
  /** Fewer samples on either side: no judgement (`no_data`). */
  minSamples: number;
}

/** Latencies under 1 ms are as good as 1 ms: a relative change against ~0 means nothing. */
const FLOOR_MS = 1;

const ms = (n: number) => `${Math.round(n)} ms`;

function pText(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return 'p < 0.01';
  return `p = ${p.toFixed(2)}`;
}

/**
 * - fail: significantly slower, and by more than the tolerance;
 * - marginal: significantly slower but within the tolerance, or slower beyond it without significance;
 * - pass: not slower (or faster).
 */
export function compareLatencies(check: string, baseline: readonly number[], canary: readonly number[], options: CompareOptions): LatencyComparison {
  const counts = { baselineSamples: baseline.length, canarySamples: canary.length };
  if (baseline.length < options.minSamples || canary.length < options.minSamples) {
    return { check, outcome: 'no_data', ...counts, message: `${check}: ${baseline.length} baseline and ${canary.length} new samples, below ${options.minSamples}: not compared` };
  }
  const baselineP50Ms = quantile([...baseline].sort((a, b) => a - b), 0.5);
  const canaryP50Ms = quantile([...canary].sort((a, b) => a - b), 0.5);
  const test = mannWhitneyU(canary, baseline);
  const slower = test.u1 > (canary.length * baseline.length) / 2;
  const relativeChange = Math.max(canaryP50Ms, FLOOR_MS) / Math.max(baselineP50Ms, FLOOR_MS) - 1;
  const significant = slower && test.pValue < options.alpha;
  const beyond = relativeChange > options.tolerance;
  const outcome = significant && beyond ? 'fail' : significant || (slower && beyond) ? 'marginal' : 'pass';
  const change = `${relativeChange >= 0 ? '+' : ''}${Math.round(relativeChange * 100)} %`;
  const verdict = significant ? `significant (${pText(test.pValue)})` : `not significant (${pText(test.pValue)})`;
  const within = significant && !beyond ? `, within the ${Math.round(options.tolerance * 100)} % tolerance` : '';
  return {
    check,
    outcome,
    ...counts,
    baselineP50Ms,
    canaryP50Ms,
    pValue: test.pValue,
    relativeChange,
    message: `${check} p50 ${ms(baselineP50Ms)} → ${ms(canaryP50Ms)} (${change}), ${verdict}${within}`,
  };
}

/** Kayenta's window score: 100 × (pass + ½ marginal) / compared checks; 100 when nothing could be compared. */
export function windowScore(results: readonly LatencyComparison[]): number {
  const judged = results.filter((r) => r.outcome !== 'no_data');
  if (!judged.length) return 100;
  const points = judged.reduce((sum, r) => sum + (r.outcome === 'pass' ? 1 : r.outcome === 'marginal' ? 0.5 : 0), 0);
  return Math.round((100 * points) / judged.length);
}

export function compareWindow(baseline: Readonly<Record<string, readonly number[]>>, canary: Readonly<Record<string, readonly number[]>>, checks: readonly string[], options: CompareOptions): { score: number; checks: LatencyComparison[] } {
  const results = checks.map((name) => compareLatencies(name, baseline[name] ?? [], canary[name] ?? [], options));
  return { score: windowScore(results), checks: results };
}
