import * as z from 'zod';
import { once } from '../util/once.js';

/**
 * `watch:` in the config: the canary monitor after a smoke run. Options only (no
 * implementation), so validating a config never loads the watch itself.
 */

export const WATCH_DEFAULTS = {
  interval_seconds: 30,
  duration_seconds: 900,
  failure_limit: 3,
  consecutive_failures: 2,
  consecutive_error_limit: 4,
} as const;

export const compareSchema = once(() => z.strictObject({
  enabled: z.boolean().default(true),
  alpha: z.number().gt(0).lt(0.5).default(0.01).describe('significance level of the Mann-Whitney U test (two-sided)'),
  tolerance: z.number().min(0).max(10).default(0.25)
    .describe('effect-size tolerance: a median slower by less than this fraction (0.25 = 25 %) is never a failure'),
  min_samples: z.number().int().min(3).max(1000).default(8).describe('fewer samples on either side: no judgement'),
  baseline_runs: z.number().int().min(1).max(100).default(5).describe('last good runs of the previous version taken as the baseline'),
  critical: z.boolean().default(false).describe('a significant regression is critical (rollback) instead of a warning'),
}));
export type CompareConfig = z.infer<ReturnType<typeof compareSchema>>;

export const watchSchema = once(() => z.strictObject({
  interval_seconds: z.number().positive().max(3600).default(WATCH_DEFAULTS.interval_seconds).describe('time between two measurements'),
  duration_seconds: z.number().positive().max(7 * 24 * 3600).default(WATCH_DEFAULTS.duration_seconds).describe('how long to watch'),
  failure_limit: z.number().int().min(1).default(WATCH_DEFAULTS.failure_limit).describe('failed intervals in total that make the verdict critical'),
  consecutive_failures: z.number().int().min(1).default(WATCH_DEFAULTS.consecutive_failures).describe('failed intervals in a row that make the verdict critical'),
  consecutive_error_limit: z.number().int().min(1).default(WATCH_DEFAULTS.consecutive_error_limit)
    .describe('intervals in a row that could not measure (the tool\'s errors) before the watch stops inconclusive; never a rollback'),
  checks: z.array(z.string().min(1)).min(1).optional().describe('the checks to re-run (default: the required ones)'),
  compare: compareSchema().optional().describe('compare latencies with the previous version\'s last good runs (Mann-Whitney U)'),
}));
export type WatchConfig = z.infer<ReturnType<typeof watchSchema>>;
