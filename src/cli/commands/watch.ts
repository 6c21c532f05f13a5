import type { SmokeConfig } from '../../config/schema.js';
import { buildPlan } from '../../run/plan.js';
import type { RunResult } from '../../core/types.js';
import type { Style } from '../../reporters/style.js';
import type { RunOptions } from '../../run/pipeline.js';
import type { BaselineSource } from '../../watch/compare/baseline.js';
import type { WatchOptions } from '../../watch/watch.js';
import { UsageError } from '../usage-error.js';

/** Flags of `smokeguard watch` and `run --watch`, in seconds. */
export interface WatchFlags {
  interval?: number;
  duration?: number;
  watch?: number;
  only?: string[];
  /** report.json files of the previous version (`--baseline`). */
  baseline?: string[];
}

/**
 * The console side of a watch: the line before the first interval, one line per interval
 * (`[12/30] ✓ 7/7 · p95 41 ms`), then the run's own summary and reports (by the caller).
 * Loaded only by `watch` and `run --watch`.
 */
export async function watchFromCli(config: SmokeConfig, options: RunOptions & Pick<WatchOptions, 'scheduler'>, flags: WatchFlags, out: NodeJS.WritableStream, style: Style): Promise<RunResult> {
  const { watch, watchSettings, watchedChecks } = await import('../../watch/watch.js');
  const { renderIntervalLine, renderWatchStart } = await import('../../watch/render.js');
  const durations = { intervalSeconds: flags.interval, durationSeconds: flags.duration ?? flags.watch };
  const settings = watchSettings(config, durations);
  const checks = [...watchedChecks(buildPlan(config), config, flags.only)];
  out.write(`${renderWatchStart({ plannedIntervals: settings.planned, intervalMs: settings.intervalMs, checks, limits: settings.limits })}\n`);
  const baseline = flags.baseline?.length ? await baselineFromFiles(flags.baseline, config.watch?.compare?.baseline_runs ?? 5) : await baselineFromDashboard(config, options);
  return watch(config, {
    ...options,
    ...durations,
    baseline,
    onInterval: (e) => void out.write(`${renderIntervalLine(e.interval, e.planned, e.state, style)}\n`),
  });
}

/** Without --baseline: the dashboard's (or store's) good runs of the deployment, when one is configured. */
async function baselineFromDashboard(config: SmokeConfig, options: RunOptions): Promise<BaselineSource | undefined> {
  if (!config.watch?.compare?.enabled) return undefined;
  const { resolveHistory } = await import('../../run/history-stage.js');
  const target = resolveHistory(config, options.history);
  if (!target) return undefined;
  const { baselineFromHistory } = await import('../../watch/compare/history-baseline.js');
  const { UNNAMED_DEPLOYMENT } = await import('../../dashboard/store/types.js');
  const deployment = options.rollbackTarget?.deployment ?? config.deployment?.name;
  return baselineFromHistory(config, target, deployment || UNNAMED_DEPLOYMENT, config.watch.compare.baseline_runs, options.http);
}

/** Reads the --baseline reports before the watch starts: a file that is not a report is a usage error. */
async function baselineFromFiles(files: string[], runs: number): Promise<BaselineSource> {
  const { readFile } = await import('node:fs/promises');
  const { samplesFromReports } = await import('../../watch/compare/baseline.js');
  const reports: RunResult[] = [];
  for (const file of files) {
    let report: RunResult;
    try {
      report = JSON.parse(await readFile(file, 'utf8')) as RunResult;
    } catch (err) {
      throw new UsageError(`--baseline ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a JSON report'}`);
    }
    if (!report || !Array.isArray(report.checks) || typeof report.startedAt !== 'string') throw new UsageError(`--baseline ${file}: not a smokeguard report.json`);
    reports.push(report);
  }
  const samples = samplesFromReports(reports, runs);
  return async () => ({ source: `${files.length} report${files.length === 1 ? '' : 's'} (${files.join(', ')})`, samples });
}
