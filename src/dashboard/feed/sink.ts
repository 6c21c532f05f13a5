import type { RunResult, WatchProgress } from '../../core/types.js';
import type { AwaitingInfo, RunStart } from '../store/types.js';

/**
 * Where a run's history goes: a dashboard over HTTP, or the store directly (`run --store`).
 * Every method may reject (the feed turns that into a warning) and takes a signal that cuts it.
 */
export interface RunSink {
  /** For messages: the dashboard URL or the store, without credentials. */
  readonly where: string;
  started(start: RunStart, signal: AbortSignal): Promise<void>;
  awaiting(start: RunStart, info: AwaitingInfo, signal: AbortSignal): Promise<void>;
  /** A watch's window so far (report.json's `watch`, the series up to now). */
  watching(start: RunStart, watch: WatchProgress, signal: AbortSignal): Promise<void>;
  finished(report: RunResult, signal: AbortSignal): Promise<void>;
  /** Durations of each check in the deployment's last `runs` good runs (for "slower than the last good run"). */
  baseline(deployment: string, runs: number, signal: AbortSignal): Promise<Record<string, number[]>>;
  close(): Promise<void>;
}
