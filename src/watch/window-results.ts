import type { PlannedCheck } from '../core/runner.js';
import type { CheckResult, WatchInterval } from '../core/types.js';
import { quantile } from '../util/quantile.js';
import type { LoopResult } from './loop.js';

/**
 * The window as one result per check, so the run's decision, analysis, notifications and reports
 * judge a watch exactly as they judge a smoke run:
 * - the window failed: the checks critical in the interval that reached the limit stay critical,
 *   their reason saying which interval and which limit;
 * - a check that failed in some intervals, below the limits: a warning naming how often;
 * - a check that could not be measured: an error (a warning, never a rollback);
 * - otherwise passed, with its median latency over the window.
 */

function latencyStats(name: string, intervals: readonly WatchInterval[]): { p50Ms?: number; p95Ms?: number; samples: number } {
  const samples = intervals.map((i) => i.latencies[name]).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (!samples.length) return { samples: 0 };
  return { p50Ms: Math.round(quantile(samples, 0.5)), p95Ms: Math.round(quantile(samples, 0.95)), samples: samples.length };
}

function notMeasured(check: PlannedCheck, reason: string): CheckResult {
  return { name: check.name, kind: check.kind, type: check.type, required: check.required, status: 'skipped', severity: 'none', reason, target: check.target, attempts: 0, durationMs: 0, timeoutMs: check.timeoutMs };
}

export function windowResults(plan: readonly PlannedCheck[], watched: ReadonlySet<string>, loop: LoopResult, planned: number): CheckResult[] {
  const { state, intervals } = loop;
  const n = intervals.length;
  const lastIndex = intervals[n - 1]?.index ?? 0;
  const byName = new Map(loop.last.map((r) => [r.name, r]));
  return plan.map((check): CheckResult => {
    if (!watched.has(check.name)) return notMeasured(check, 'not watched (watch.checks)');
    const tally = loop.perCheck.get(check.name)!;
    const last = byName.get(check.name);
    if (!last) return notMeasured(check, 'the watch was stopped before it measured');
    const stats = latencyStats(check.name, intervals);
    const watch = { intervals: n, passed: tally.passed, failed: tally.failed, errors: tally.errors, ...stats };
    const base: CheckResult = { ...last, attempts: n, durationMs: stats.p50Ms ?? last.durationMs, details: { ...last.details, watch } };
    if (state.status === 'failed' && last.severity === 'critical') {
      return { ...base, reason: `${last.reason ?? last.status} — interval ${lastIndex}/${planned}: ${state.reason}` };
    }
    const problem = tally.lastProblem;
    if (!problem) return { ...base, status: 'passed', severity: 'none', reason: undefined };
    const at = `interval ${tally.lastProblemInterval}/${planned}`;
    if (tally.failed === 0) {
      return { ...problem, attempts: n, severity: 'warning', details: { ...problem.details, watch }, reason: `could not measure in ${tally.errors} of ${n} intervals (last, ${at}: ${problem.reason ?? 'error'})` };
    }
    // Failed now and then, below failure_limit and consecutive_failures: worth a look, not a rollback.
    return { ...problem, attempts: n, severity: 'warning', details: { ...problem.details, watch }, reason: `failed in ${tally.failed} of ${n} intervals, below the limits (last, ${at}: ${problem.reason ?? problem.status})` };
  });
}
