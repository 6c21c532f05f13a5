/**
 * Watch mode's record in the run result (`result.watch`): the window judged interval by
 * interval. Part of the result model, so report.json's published schema covers it.
 */
import * as z from 'zod';
import { checkStatusSchema } from './check-status.js';
import { WATCH_PROGRESS_MAX_INTERVALS } from './watch-limits.js';

/** One interval of a watch: one measurement of the watched checks. */
export const watchIntervalSchema = z.object({
  /** 1-based. */
  index: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  outcome: z.enum(['passed', 'warning', 'failed', 'error']),
  passed: z.number(),
  total: z.number(),
  /** p95 of the checks' durations in this interval. */
  p95Ms: z.number(),
  /** Each check's duration in this interval (the latency samples compared with the previous version). */
  latencies: z.record(z.string(), z.number()),
  /** The checks that did not pass, and why. */
  problems: z.array(z.object({ name: z.string(), status: checkStatusSchema, reason: z.string().optional() })).optional(),
});

/** A latency comparison with the previous version (Mann-Whitney U, Kayenta-style). */
export const latencyComparisonSchema = z.object({
  check: z.string(),
  outcome: z.enum(['pass', 'marginal', 'fail', 'no_data']),
  baselineSamples: z.number(),
  canarySamples: z.number(),
  baselineP50Ms: z.number().optional(),
  canaryP50Ms: z.number().optional(),
  /** Two-sided p-value of the U test. */
  pValue: z.number().optional(),
  /** Hodges–Lehmann-free effect size: canary median / baseline median − 1. */
  relativeChange: z.number().optional(),
  message: z.string(),
});

/** A watch window: how it was set up, how it ended, and the per-interval series. */
export const watchReportSchema = z.object({
  intervalMs: z.number(),
  durationMs: z.number(),
  plannedIntervals: z.number(),
  limits: z.object({ failureLimit: z.number(), consecutiveFailures: z.number(), consecutiveErrorLimit: z.number() }),
  checks: z.array(z.string()),
  /** passed: the whole duration without reaching a limit; failed: a failure limit reached (critical); inconclusive: could not measure; aborted: stopped from outside. */
  status: z.enum(['passed', 'failed', 'inconclusive', 'aborted']),
  reason: z.string().optional(),
  failedIntervals: z.number(),
  errorIntervals: z.number(),
  intervals: z.array(watchIntervalSchema),
  comparison: z.object({ score: z.number(), checks: z.array(latencyComparisonSchema), baseline: z.string() }).optional(),
});

/**
 * A watch as it stands, published to the dashboard after each interval (the event "watching"):
 * the report's `watch` with the series so far. `running` until the window ends; the other
 * statuses once it has (the run then goes on to its decision, and publishes its report).
 */
export const watchProgressSchema = watchReportSchema.extend({
  status: z.enum(['running', 'passed', 'failed', 'inconclusive', 'aborted']),
  intervals: z.array(watchIntervalSchema).max(WATCH_PROGRESS_MAX_INTERVALS),
});
