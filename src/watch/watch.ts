import type { SmokeConfig } from '../config/schema.js';
import type { PlannedCheck, RunnerOptions } from '../core/runner.js';
import type { CheckResult, RunResult, WatchInterval, WatchReport } from '../core/types.js';
import { run, type MeasureIo, type Measured, type RunOptions } from '../run/pipeline.js';
import type { WindowState } from './judge.js';
import { runIntervals, systemScheduler, type Scheduler } from './loop.js';
import { WATCH_DEFAULTS } from './schema.js';
import { windowResults } from './window-results.js';
import type { BaselineSource } from './compare/baseline.js';

/**
 * `smokeguard watch` / `run --watch`: the canary monitor after a smoke run. The watched checks
 * are re-run every interval and the window judged (see judge.ts); the window then goes through
 * the very same run as a smoke run (src/run/pipeline.ts): one rollback decision, confirmation,
 * notifications, incident, metrics and reports.
 */

export interface WatchOptions extends RunOptions {
  /** --interval, overriding watch.interval_seconds. */
  intervalSeconds?: number;
  /** --duration / run --watch, overriding watch.duration_seconds. */
  durationSeconds?: number;
  /** The clock (tests and the benchmark inject a fast one). */
  scheduler?: Scheduler;
  /** Live, after each interval (already redacted). */
  onInterval?(event: IntervalEvent): void | Promise<void>;
  /** The previous version's latencies, for `watch.compare` (earlier reports, the dashboard store). */
  baseline?: BaselineSource;
}

export interface IntervalEvent {
  interval: WatchInterval;
  state: WindowState;
  planned: number;
}

export interface WatchSettings {
  intervalMs: number;
  durationMs: number;
  planned: number;
  limits: WatchReport['limits'];
}

export function watchSettings(config: SmokeConfig, options: Pick<WatchOptions, 'intervalSeconds' | 'durationSeconds'> = {}): WatchSettings {
  const w = config.watch;
  const intervalMs = Math.round((options.intervalSeconds ?? w?.interval_seconds ?? WATCH_DEFAULTS.interval_seconds) * 1000);
  const durationMs = Math.round((options.durationSeconds ?? w?.duration_seconds ?? WATCH_DEFAULTS.duration_seconds) * 1000);
  return {
    intervalMs,
    durationMs,
    planned: Math.max(1, Math.ceil(durationMs / intervalMs)),
    limits: {
      failureLimit: w?.failure_limit ?? WATCH_DEFAULTS.failure_limit,
      consecutiveFailures: w?.consecutive_failures ?? WATCH_DEFAULTS.consecutive_failures,
      consecutiveErrorLimit: w?.consecutive_error_limit ?? WATCH_DEFAULTS.consecutive_error_limit,
    },
  };
}

/** The checks to watch: --only, else watch.checks, else the required ones. */
export function watchedChecks(plan: readonly PlannedCheck[], config: SmokeConfig, only?: string[]): Set<string> {
  if (only?.length) return new Set(only);
  if (config.watch?.checks) return new Set(config.watch.checks);
  return new Set(plan.filter((c) => c.required).map((c) => c.name));
}

/** Time a metrics push after an interval may take before the next interval is due. */
const PUSH_WINDOW_MS = 10_000;

async function pushIntervalMetrics(config: SmokeConfig, io: MeasureIo, results: CheckResult[], budgetMs: number): Promise<void> {
  const { feedMonitoring } = await import('../monitoring/index.js');
  await feedMonitoring({ result: io.snapshot(results), config, http: io.http, deadline: Date.now() + budgetMs, redactor: io.redactor });
}

async function measureWindow(plan: PlannedCheck[], runner: RunnerOptions, io: MeasureIo, config: SmokeConfig, settings: WatchSettings, options: WatchOptions): Promise<Measured> {
  const watched = watchedChecks(plan, config, options.only);
  // A dependency on a check that is not watched is dropped: it cannot block what it never ran with.
  const watchPlan = plan.filter((c) => watched.has(c.name)).map((c) => ({ ...c, dependsOn: c.dependsOn.filter((d) => watched.has(d)) }));
  const base = { intervalMs: settings.intervalMs, durationMs: settings.durationMs, plannedIntervals: settings.planned, limits: settings.limits, checks: watchPlan.map((c) => c.name) };
  const { renderWatchStart } = await import('./render.js');
  io.note('watch', renderWatchStart(base));
  const pushMetrics = Boolean(config.monitoring) && !options.dryRun;
  // The dashboard follows the watch as it goes (when the run publishes its history).
  const progressOf = io.progress ? (await import('./progress.js')).progressTracker(base) : undefined;
  const loop = await runIntervals({
    plan: watchPlan,
    intervalMs: settings.intervalMs,
    count: settings.planned,
    limits: settings.limits,
    scheduler: options.scheduler ?? systemScheduler,
    runner: { concurrency: runner.concurrency, context: runner.context, signal: runner.signal },
    async onInterval(interval, state, results) {
      const shown = io.redactor.value(interval);
      if (interval.outcome === 'failed' || interval.outcome === 'error') {
        const what = (shown.problems ?? []).map((p) => `${p.name}: ${p.reason ?? p.status}`).join('; ');
        io.note('watch', `Interval ${interval.index}/${settings.planned} ${interval.outcome === 'failed' ? 'failed' : 'could not measure'}: ${what}`);
      }
      if (state.status !== 'running') io.note(state.status === 'failed' ? 'failures_detected' : 'watch', `Watch ${state.status} at interval ${interval.index}/${settings.planned}: ${state.reason}`);
      if (progressOf) io.progress!(progressOf(shown, state));
      await options.onInterval?.({ interval: shown, state, planned: settings.planned });
      if (pushMetrics) await pushIntervalMetrics(config, io, results, Math.min(settings.intervalMs, PUSH_WINDOW_MS)).catch(() => {});
    },
  });
  const status: WatchReport['status'] = loop.aborted ? 'aborted' : loop.state.status === 'running' ? 'passed' : loop.state.status;
  const watch: WatchReport = {
    ...base,
    status,
    ...(loop.state.reason ? { reason: loop.state.reason } : {}),
    failedIntervals: loop.state.failed,
    errorIntervals: loop.state.errors,
    intervals: loop.intervals,
  };
  if (status === 'passed') io.note('watch', `Watch passed: ${loop.intervals.length} intervals, ${loop.state.failed} failed, ${loop.state.errors} could not measure`);
  const results = windowResults(plan, watched, loop, settings.planned);
  const compare = config.watch?.compare;
  if (compare?.enabled && options.baseline && !loop.aborted && loop.intervals.length) {
    const { compareWithBaseline } = await import('./compare/stage.js');
    const compared = await compareWithBaseline(watchPlan, loop.intervals, compare, options.baseline, io);
    if (compared) {
      watch.comparison = compared.comparison;
      results.push(...compared.results);
    }
  }
  return { results, deadlineReached: false, watch };
}

/**
 * Watches the deployment and returns the run's result: verdict critical when the window failed
 * (and then the same rollback as a smoke run), warning when it was inconclusive or some intervals
 * failed below the limits, aborted on SIGTERM. Never throws for anything a target does.
 */
export function watch(config: SmokeConfig, options: WatchOptions = {}): Promise<RunResult> {
  const settings = watchSettings(config, options);
  return run(config, {
    ...options,
    // The window, one interval of slack, then a smoke run's budget for the stages after it.
    budgetMs: settings.durationMs + settings.intervalMs + config.timeout_seconds * 1000,
    measure: (plan, runner, io) => measureWindow(plan, runner, io, config, settings, options),
  });
}
