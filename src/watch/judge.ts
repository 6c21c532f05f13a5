import type { CheckResult } from '../core/types.js';

/**
 * How a watch window is judged, as Argo Rollouts' AnalysisRun and Flagger do: each interval is
 * one measurement; `failure_limit` failed intervals in total, or `consecutive_failures` in a
 * row, fail the window (critical). Intervals where the tool could not measure (its own errors:
 * Prometheus down, a check's machinery broke) are counted apart, like argo's
 * `consecutiveErrorLimit`: too many in a row end the watch inconclusive, never in a rollback.
 */

/**
 * - passed: every watched check passed;
 * - warning: no critical failure, but an optional check failed;
 * - failed: a required check failed, timed out or was blocked (a critical result);
 * - error: nothing critical, but some check could not be measured.
 */
export type IntervalOutcome = 'passed' | 'warning' | 'failed' | 'error';

export interface WindowLimits {
  failureLimit: number;
  consecutiveFailures: number;
  consecutiveErrorLimit: number;
}

export interface WindowState {
  intervals: number;
  failed: number;
  errors: number;
  consecutiveFailed: number;
  consecutiveErrors: number;
  /** running until a limit is reached; then failed (critical) or inconclusive (a warning). */
  status: 'running' | 'failed' | 'inconclusive';
  /** Why the window ended, when it did: which limit, at which interval. */
  reason?: string;
}

export const initialWindow = (): WindowState => ({ intervals: 0, failed: 0, errors: 0, consecutiveFailed: 0, consecutiveErrors: 0, status: 'running' });

export function intervalOutcome(results: readonly CheckResult[]): IntervalOutcome {
  if (results.some((r) => r.severity === 'critical')) return 'failed';
  if (results.some((r) => r.status === 'error')) return 'error';
  if (results.some((r) => r.severity === 'warning')) return 'warning';
  return 'passed';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The window after one more interval. An error interval neither extends nor breaks a streak of
 * failures (nothing was learned), a passed or warning one breaks both streaks.
 */
export function nextWindow(state: WindowState, outcome: IntervalOutcome, limits: WindowLimits): WindowState {
  if (state.status !== 'running') return state;
  const next: WindowState = { ...state, intervals: state.intervals + 1 };
  if (outcome === 'failed') {
    next.failed++;
    next.consecutiveFailed++;
    next.consecutiveErrors = 0;
  } else if (outcome === 'error') {
    next.errors++;
    next.consecutiveErrors++;
  } else {
    next.consecutiveFailed = 0;
    next.consecutiveErrors = 0;
  }
  if (next.consecutiveFailed >= limits.consecutiveFailures) {
    next.status = 'failed';
    next.reason = `${plural(next.consecutiveFailed, 'failed interval')} in a row (consecutive_failures ${limits.consecutiveFailures})`;
  } else if (next.failed >= limits.failureLimit) {
    next.status = 'failed';
    next.reason = `${plural(next.failed, 'failed interval')} in total (failure_limit ${limits.failureLimit})`;
  } else if (next.consecutiveErrors >= limits.consecutiveErrorLimit) {
    next.status = 'inconclusive';
    next.reason = `could not measure in ${plural(next.consecutiveErrors, 'interval')} in a row (consecutive_error_limit ${limits.consecutiveErrorLimit})`;
  }
  return next;
}
