import * as z from 'zod';
import { once } from '../util/once.js';

/**
 * `dashboard:` in the config: where a run publishes its history, and how it compares itself with
 * its last good runs. Options only; the publishing code loads when a run publishes.
 */
export const DEFAULT_DASHBOARD_TIMEOUT_SECONDS = 3;

export const slowerSchema = once(() => z.strictObject({
  factor: z.number().min(1).default(3).describe('a check is "slower" past this many times the median of its last good runs…'),
  min_increase_ms: z.number().min(0).default(200).describe('…and at least this many ms slower'),
  baseline_runs: z.number().int().min(1).max(100).default(10).describe('how many of the last good runs make the baseline'),
  severity: z.enum(['warning', 'critical', 'off']).default('warning').describe('warning (default) or critical: critical makes the verdict critical (no rollback: that is decided on the checks); off: no comparison'),
}));

export const dashboardSchema = once(() => z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL of `smokeguard serve`, e.g. http://monitoring.monitoring:3000' }).optional()
    .describe('publish every run here (also --dashboard, SMOKEGUARD_DASHBOARD_URL)'),
  token: z.string().min(1).optional().describe('the dashboard write token; use ${SMOKEGUARD_DASHBOARD_TOKEN}'),
  store: z.string().min(1).optional().describe('write straight to the store instead: sqlite:PATH or postgres://… (also --store)'),
  timeout_seconds: z.number().positive().max(30).default(DEFAULT_DASHBOARD_TIMEOUT_SECONDS).describe('each publish is cut after this long; a dashboard that is down never changes the verdict'),
  slower: slowerSchema().prefault({}).describe('"slower than the last good run" warnings'),
}));

export type DashboardConfig = z.output<ReturnType<typeof dashboardSchema>>;
