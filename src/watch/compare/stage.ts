import type { PlannedCheck } from '../../core/runner.js';
import type { CheckResult, WatchInterval, WatchReport } from '../../core/types.js';
import type { MeasureIo } from '../../run/pipeline.js';
import { errorMessage } from '../../util/net-errors.js';
import type { CompareConfig } from '../schema.js';
import type { BaselineSource } from './baseline.js';
import { compareWindow } from './compare.js';

/**
 * After the window: each watched check's latencies (one sample per interval) against the
 * previous version's. A significant regression beyond the tolerance becomes one more result,
 * a warning (critical with `compare.critical`), so it reaches the verdict, the reports and the
 * notifications like any check; the whole comparison goes to `watch.comparison`.
 */
export async function compareWithBaseline(
  plan: readonly PlannedCheck[],
  intervals: readonly WatchInterval[],
  config: CompareConfig,
  source: BaselineSource,
  io: Pick<MeasureIo, 'note'>,
): Promise<{ comparison: NonNullable<WatchReport['comparison']>; results: CheckResult[] } | undefined> {
  const names = plan.map((c) => c.name);
  let baseline;
  try {
    baseline = await source(names);
  } catch (err) {
    io.note('watch', `No comparison with the previous version: its samples could not be read (${errorMessage(err)})`);
    return undefined;
  }
  if (!baseline) {
    io.note('watch', 'No comparison with the previous version: no baseline samples');
    return undefined;
  }
  const canary: Record<string, number[]> = {};
  for (const interval of intervals) for (const [name, ms] of Object.entries(interval.latencies)) (canary[name] ??= []).push(ms);
  const { score, checks } = compareWindow(baseline.samples, canary, names, { alpha: config.alpha, tolerance: config.tolerance, minSamples: config.min_samples });
  const failing = checks.filter((c) => c.outcome === 'fail');
  io.note('watch', `Compared with the previous version (${baseline.source}): score ${score}${failing.length ? `; ${failing.map((c) => c.message).join('; ')}` : ''}`);
  const results = failing.map((c): CheckResult => {
    const check = plan.find((p) => p.name === c.check)!;
    return {
      name: `${c.check} vs previous version`,
      kind: check.kind,
      type: 'comparison',
      required: config.critical,
      status: 'failed',
      severity: config.critical ? 'critical' : 'warning',
      reason: c.message,
      attempts: intervals.length,
      durationMs: Math.round(c.canaryP50Ms ?? 0),
      timeoutMs: check.timeoutMs,
      details: { comparison: c },
    };
  });
  return { comparison: { score, checks, baseline: baseline.source }, results };
}
