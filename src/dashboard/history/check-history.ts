import type { CheckSample } from '../store/types.js';
import { quantile } from '../../util/quantile.js';

const median = (values: readonly number[]): number => quantile([...values].sort((a, b) => a - b), 0.5);

/**
 * What the deployment page says about each check over its last runs: the duration trend
 * against the median of its good runs, and whether it is flaky. Pure.
 */
export interface CheckTrend {
  name: string;
  /** Oldest first, one point per run the check ran in. */
  points: { runId: string; durationMs: number; status: string }[];
  /** Median duration where the check passed in a passing run; undefined without such runs. */
  goodMedianMs?: number;
  latestMs?: number;
}

export interface FlakyCheck {
  name: string;
  /** Runs in which it passed only after retries. */
  retriedPasses: number;
  /** Runs in which it did not pass. */
  failures: number;
  runs: number;
  why: string;
}

function byCheck(samples: readonly CheckSample[]): Map<string, CheckSample[]> {
  const out = new Map<string, CheckSample[]>();
  for (const s of samples) {
    if (s.status === 'skipped') continue;
    const list = out.get(s.name) ?? [];
    list.push(s);
    out.set(s.name, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.startedAt - b.startedAt);
  return out;
}

export function trendsOf(samples: readonly CheckSample[]): CheckTrend[] {
  return [...byCheck(samples)].map(([name, list]) => {
    const good = list.filter((s) => s.status === 'passed' && s.runVerdict === 'passed').map((s) => s.durationMs);
    return {
      name,
      points: list.map((s) => ({ runId: s.runId, durationMs: s.durationMs, status: s.status })),
      goodMedianMs: good.length ? median(good) : undefined,
      latestMs: list[list.length - 1]?.durationMs,
    };
  });
}

/** Flaky: passed only after retries, or both passed and failed within the window. */
export function flakyChecks(samples: readonly CheckSample[]): FlakyCheck[] {
  const out: FlakyCheck[] = [];
  for (const [name, list] of byCheck(samples)) {
    const measured = list.filter((s) => s.status !== 'blocked');
    const retriedPasses = measured.filter((s) => s.status === 'passed' && s.attempts > 1).length;
    const failures = measured.filter((s) => s.status !== 'passed').length;
    const passes = measured.length - failures;
    if (!retriedPasses && !(failures && passes)) continue;
    const why = [
      retriedPasses ? `passed only after retries in ${retriedPasses} of ${measured.length} runs` : '',
      failures && passes ? `failed in ${failures} and passed in ${passes} of the last ${measured.length} runs` : '',
    ].filter(Boolean).join('; ');
    out.push({ name, retriedPasses, failures, runs: measured.length, why });
  }
  return out.sort((a, b) => b.failures + b.retriedPasses - (a.failures + a.retriedPasses));
}
