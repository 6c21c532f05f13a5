import type { SmokeConfig } from '../../config/schema.js';
import { buildPlan } from '../../core/plan.js';
import type { RunResult } from '../../core/types.js';
import type { Style } from '../../reporters/style.js';
import type { RunOptions } from '../../run/pipeline.js';

/** Flags of `smokeguard watch` and `run --watch`, in seconds. */
export interface WatchFlags {
  interval?: number;
  duration?: number;
  watch?: number;
  only?: string[];
}

/**
 * The console side of a watch: the line before the first interval, one line per interval
 * (`[12/30] ✓ 7/7 · p95 41 ms`), then the run's own summary and reports (by the caller).
 * Loaded only by `watch` and `run --watch`.
 */
export async function watchFromCli(config: SmokeConfig, options: RunOptions, flags: WatchFlags, out: NodeJS.WritableStream, style: Style): Promise<RunResult> {
  const { watch, watchSettings, watchedChecks } = await import('../../watch/watch.js');
  const { renderIntervalLine, renderWatchStart } = await import('../../watch/render.js');
  const durations = { intervalSeconds: flags.interval, durationSeconds: flags.duration ?? flags.watch };
  const settings = watchSettings(config, durations);
  const checks = [...watchedChecks(buildPlan(config), config, flags.only)];
  out.write(`${renderWatchStart({ plannedIntervals: settings.planned, intervalMs: settings.intervalMs, checks, limits: settings.limits })}\n`);
  return watch(config, {
    ...options,
    ...durations,
    onInterval: (e) => void out.write(`${renderIntervalLine(e.interval, e.planned, e.state, style)}\n`),
  });
}
