import { WATCH_PROGRESS_MAX_INTERVALS } from '../core/watch-limits.js';
import type { WatchInterval, WatchProgress, WatchReport } from '../core/types.js';
import type { WindowState } from './judge.js';

/**
 * The watch as it stands after each interval, for the dashboard: report.json's `watch` with the
 * series so far (the newest WATCH_PROGRESS_MAX_INTERVALS; the counts cover the whole window).
 * Keeps its own bounded copy of the (redacted) intervals, so memory stays flat however long the watch.
 */
export function progressTracker(base: Pick<WatchReport, 'intervalMs' | 'durationMs' | 'plannedIntervals' | 'limits' | 'checks'>) {
  const recent: WatchInterval[] = [];
  return (interval: WatchInterval, state: WindowState): WatchProgress => {
    recent.push(interval);
    if (recent.length > WATCH_PROGRESS_MAX_INTERVALS) recent.shift();
    const ended = state.status !== 'running' || interval.index >= base.plannedIntervals;
    return {
      ...base,
      status: state.status === 'running' ? (ended ? 'passed' : 'running') : state.status,
      ...(state.reason ? { reason: state.reason } : {}),
      failedIntervals: state.failed,
      errorIntervals: state.errors,
      intervals: [...recent],
    };
  };
}
