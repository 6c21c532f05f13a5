import type { Finding } from '../../analysis/types.js';
import type { CheckResult, RunResult, WatchProgress } from '../../core/types.js';
import { timeoutSignal } from '../../util/abort.js';
import { slowerFindings, type SlowerOptions } from '../history/slower.js';
import type { AwaitingInfo, RunStart } from '../store/types.js';
import { latestOnly } from './latest-only.js';
import type { RunSink } from './sink.js';

/**
 * A run's link to its history. Publishes the start, a watch's progress, the wait for ops and the end; reads the
 * baseline of the last good runs. Never throws and never holds the run longer than its timeout
 * per call: a dashboard that is down, slow or refusing becomes one warning, never a verdict.
 */
export interface RunFeed {
  readonly where: string;
  /** Sent in the background: the checks start at once. */
  started(start: RunStart): void;
  awaiting(start: RunStart, info: AwaitingInfo): Promise<void>;
  /**
   * A watch's window so far, after each interval. In the background, one request at most in
   * flight: progress that comes meanwhile is replaced by the newest. Never waited for by the watch.
   */
  watching(start: RunStart, watch: WatchProgress): void;
  /** "Slower than the last good run" findings for the checks of this run ([] when the baseline is not there in time). */
  slower(checks: readonly CheckResult[]): Promise<Finding[]>;
  /** Publishes the report, waits for the start event too; returns the warnings (one per failure kind). */
  finished(report: RunResult): Promise<string[]>;
  close(): Promise<void>;
}

export interface FeedOptions {
  sink: RunSink;
  deployment: string;
  timeoutMs: number;
  slower: SlowerOptions | 'off';
  now?: () => number;
}

export function createRunFeed(o: FeedOptions): RunFeed {
  // why → what failed for that reason: a dashboard that is down is one warning, not one per call.
  const failures = new Map<string, string[]>();
  const pending: Promise<unknown>[] = [];
  const warn = (what: string, err: unknown) => {
    const why = err instanceof Error ? (err.name === 'AbortError' ? `no answer within ${o.timeoutMs / 1000} s` : err.message) : String(err);
    const seen = failures.get(why) ?? [];
    // A dashboard that stays down fails every interval's progress: one warning all the same.
    if (!seen.includes(what)) failures.set(why, [...seen, what]);
  };
  const warnings = () => [...failures].map(([why, what]) => `dashboard ${o.sink.where}: ${what.join(', ')} failed (${why}); the verdict stands`);
  const bounded = async <T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> => {
    const t = timeoutSignal(o.timeoutMs);
    try {
      return await work(t.signal);
    } catch (err) {
      warn(what, t.signal.aborted ? Object.assign(new Error('timeout'), { name: 'AbortError' }) : err);
      return undefined;
    } finally {
      t.dispose();
    }
  };
  // Asked for at once, so it arrives while the checks run; awaited only until its own timeout.
  let baseline: Promise<Record<string, number[]> | undefined> | undefined;
  const slowerOptions = o.slower;
  if (slowerOptions !== 'off') baseline = bounded('reading the last good runs', (signal) => o.sink.baseline(o.deployment, slowerOptions.baselineRuns, signal));
  const progress = latestOnly(({ start, watch }: { start: RunStart; watch: WatchProgress }) =>
    bounded('publishing the watch\'s progress', (signal) => o.sink.watching(start, watch, signal)));
  return {
    where: o.sink.where,
    started(start) {
      pending.push(bounded('publishing the start', (signal) => o.sink.started(start, signal)));
    },
    async awaiting(start, info) {
      await bounded('publishing the wait for confirmation', (signal) => o.sink.awaiting(start, info, signal));
    },
    watching(start, watch) {
      progress.push({ start, watch });
    },
    async slower(checks) {
      if (slowerOptions === 'off' || !baseline) return [];
      const durations = await baseline;
      return durations ? slowerFindings(checks, durations, slowerOptions) : [];
    },
    async finished(report) {
      await Promise.all(pending);
      // The report holds the whole series: progress still waiting is dropped, the one in flight ends first.
      await progress.close();
      await bounded('publishing the report', (signal) => o.sink.finished(report, signal));
      return warnings();
    },
    async close() {
      await progress.close();
      await o.sink.close();
    },
  };
}
