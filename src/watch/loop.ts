import { runChecks, type PlannedCheck, type RunnerOptions } from '../core/runner.js';
import type { CheckResult, WatchInterval } from '../core/types.js';
import { sleep } from '../util/abort.js';
import { quantile } from '../util/quantile.js';
import { initialWindow, intervalOutcome, nextWindow, type WindowLimits, type WindowState } from './judge.js';

/**
 * The watch's clock: when "now" is and how to wait. Injected, so a test (or the benchmark) runs
 * a thousand 30-second intervals without waiting for them.
 */
export interface Scheduler {
  now(): number;
  /** Resolves after `ms`, rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemScheduler: Scheduler = { now: () => Date.now(), sleep };

export interface LoopOptions {
  plan: PlannedCheck[];
  intervalMs: number;
  count: number;
  limits: WindowLimits;
  scheduler: Scheduler;
  runner: Pick<RunnerOptions, 'concurrency' | 'context' | 'signal'>;
  /** After each interval, before the next is scheduled (the console line, the metrics push). */
  onInterval?(interval: WatchInterval, state: WindowState, results: CheckResult[]): Promise<void> | void;
}

export interface LoopResult {
  intervals: WatchInterval[];
  state: WindowState;
  /** Every watched check's results, interval by interval, bounded to what the window summary needs. */
  perCheck: Map<string, CheckTally>;
  /** The last complete interval's results. */
  last: CheckResult[];
  aborted: boolean;
}

/** What the window keeps of one check across intervals (counts and the last problem, not every result). */
export interface CheckTally {
  passed: number;
  failed: number;
  errors: number;
  /** The last result that was not a pass. */
  lastProblem?: CheckResult;
  lastProblemInterval?: number;
}

function recordOf(index: number, startedAt: number, durationMs: number, results: CheckResult[]): WatchInterval {
  const measured = results.filter((r) => r.status !== 'skipped');
  const durations = measured.map((r) => r.durationMs).sort((a, b) => a - b);
  const problems = measured.filter((r) => r.status !== 'passed').map((r) => ({ name: r.name, status: r.status, ...(r.reason ? { reason: r.reason } : {}) }));
  return {
    index,
    startedAt: new Date(startedAt).toISOString(),
    durationMs,
    outcome: intervalOutcome(measured),
    passed: measured.filter((r) => r.status === 'passed').length,
    total: measured.length,
    p95Ms: Math.round(quantile(durations, 0.95) || 0),
    latencies: Object.fromEntries(measured.filter((r) => r.status === 'passed').map((r) => [r.name, r.durationMs])),
    ...(problems.length ? { problems } : {}),
  };
}

/**
 * Re-runs `plan` every `intervalMs`, `count` times, until the window fails, turns inconclusive,
 * or the signal aborts. Each interval's checks are cut at the interval's end, so intervals never
 * overlap; an interval that overran (its after-work took long) is followed at once by the next.
 * An interval cut by the signal is dropped: it measured nothing whole.
 */
export async function runIntervals(options: LoopOptions): Promise<LoopResult> {
  const { scheduler, intervalMs } = options;
  const signal = options.runner.signal;
  const intervals: WatchInterval[] = [];
  const perCheck = new Map<string, CheckTally>(options.plan.map((c) => [c.name, { passed: 0, failed: 0, errors: 0 }]));
  let state = initialWindow();
  let last: CheckResult[] = [];
  const start = scheduler.now();
  for (let i = 1; i <= options.count && state.status === 'running'; i++) {
    const slotStart = Math.max(start + (i - 1) * intervalMs, scheduler.now());
    const wait = slotStart - scheduler.now();
    if (wait > 0) {
      try {
        await scheduler.sleep(wait, signal);
      } catch {
        break; // aborted while waiting
      }
    }
    if (signal?.aborted) break;
    const began = scheduler.now();
    const slotEnd = Math.max(start + i * intervalMs, began + 1);
    // The runner keeps its deadline on the system clock: translate the slot's end into it.
    const { results } = await runChecks(options.plan, { ...options.runner, deadline: Date.now() + (slotEnd - began) });
    if (signal?.aborted) break;
    const record = recordOf(i, began, scheduler.now() - began, results);
    for (const r of results) {
      const tally = perCheck.get(r.name);
      if (!tally) continue;
      if (r.status === 'passed' || r.status === 'skipped') tally.passed++;
      else {
        if (r.status === 'error') tally.errors++;
        else tally.failed++;
        tally.lastProblem = r;
        tally.lastProblemInterval = i;
      }
    }
    state = nextWindow(state, record.outcome, options.limits);
    intervals.push(record);
    last = results;
    await options.onInterval?.(record, state, results);
  }
  return { intervals, state, perCheck, last, aborted: Boolean(signal?.aborted) };
}
