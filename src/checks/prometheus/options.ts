import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { urlOption, type UrlSpec } from '../endpoint.js';
import { parseThreshold, THRESHOLD_EXAMPLE } from './threshold.js';

export const SPEC: UrlSpec = { schemes: ['http', 'https'], example: 'http://prometheus.monitoring:9090', env: 'PROMETHEUS_URL' };

/** Names filled in the query at run time from the run itself (see CheckContext.runVariables). */
export const QUERY_VARIABLES = ['deployment', 'namespace', 'revision'] as const;

/** The prometheus check's options: what config validates (the implementation is ./prometheus.ts, loaded when a check runs). */
export const prometheusOptions = defineCheckOptions({
  type: 'prometheus',
  description: 'Prometheus: a PromQL query (instant, or over the last N minutes) judged per series against a threshold',
  shape: () => ({
    url: urlOption(SPEC),
    query: z.string().min(1).describe('PromQL; ${deployment}, ${namespace} and ${revision} are filled in from the run'),
    threshold: z.string().refine((t) => parseThreshold(t) !== undefined, { message: `expected ${THRESHOLD_EXAMPLE}` })
      .describe('every series must hold it, e.g. "< 0.01" or "p99 < 0.5 s" (ms, s, m, % convert to base units)'),
    absent: z.enum(['fail', 'pass', 'warn']).default('fail').describe('when the query returns no data: fail (default), pass, or warn (a warning, never critical)'),
    range_minutes: z.number().positive().max(24 * 60).optional().describe('judge the last N minutes (query_range) instead of the current value'),
    step_seconds: z.number().positive().max(3600).optional().describe('the range query\'s resolution; default range/60'),
    basic_auth: z.strictObject({ username: z.string().min(1), password: z.string() }).optional(),
    bearer_token: z.string().min(1).optional().describe('sent as Authorization: Bearer'),
    headers: z.record(z.string(), z.string()).optional().describe('extra headers, e.g. X-Scope-OrgID for Mimir or Thanos'),
    insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
    ca_file: z.string().optional().describe('PEM file of extra certificate authorities'),
  }),
});

export type PrometheusOptions = z.infer<z.ZodObject<ReturnType<typeof prometheusOptions.shape>>>;

/** Rules the schema cannot state, as problems relative to the check entry (the loader reports them before any I/O). */
export function prometheusOptionProblems(opts: Pick<PrometheusOptions, 'basic_auth' | 'bearer_token' | 'step_seconds' | 'range_minutes'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (opts.basic_auth && opts.bearer_token) problems.push({ path: 'bearer_token', message: 'set one of basic_auth and bearer_token, not both' });
  if (opts.step_seconds !== undefined && opts.range_minutes === undefined) problems.push({ path: 'step_seconds', message: 'step_seconds needs range_minutes' });
  return problems;
}
