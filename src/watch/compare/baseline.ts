import type { RunResult } from '../../core/types.js';

/**
 * Where the previous version's latencies come from. The comparison itself only takes two sample
 * arrays; a source turns some history into them: earlier report.json files here, the dashboard
 * store where one is configured.
 */
export interface Baseline {
  /** Said in the report: `3 reports (report-1.json, …)`, `store sqlite:./smokeguard.db`. */
  source: string;
  /** Per check: latency samples in ms of the previous version's good runs. */
  samples: Record<string, number[]>;
}

export type BaselineSource = (checks: readonly string[]) => Promise<Baseline | undefined>;

/**
 * Samples from finished reports: a watch's every interval, or a smoke run's passed checks. Only
 * good runs count (verdict passed or warning), the `runs` most recent first.
 */
export function samplesFromReports(reports: readonly RunResult[], runs: number): Record<string, number[]> {
  const good = reports.filter((r) => r.verdict === 'passed' || r.verdict === 'warning').sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)).slice(0, runs);
  const samples: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (samples[name] ??= []).push(ms);
  for (const report of good) {
    if (report.watch) for (const interval of report.watch.intervals) for (const [name, ms] of Object.entries(interval.latencies)) add(name, ms);
    else for (const check of report.checks) if (check.status === 'passed') add(check.name, check.durationMs);
  }
  return samples;
}
