import type { CheckOutcome } from '../../core/types.js';
import { timeoutSignal } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { phaseOf, whileWords } from '../../util/phase.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { connectionUrl, formatMs } from '../endpoint.js';
import { configHeadersFor } from '../http/request.js';
import { queryPrometheus } from './api.js';
import { judgeSeries } from './judge.js';
import { parseThreshold } from './threshold.js';
import { prometheusOptions } from '../options.js';
import { prometheusOptionProblems, SPEC, type PrometheusOptions } from './options.js';
export { QUERY_VARIABLES, prometheusOptionProblems } from './options.js';

const QUERY_VARIABLE = /\$\{(deployment|namespace|revision)\}/g;

/** Points in a range query when step_seconds is not set: fine enough for p99 over a few minutes. */
const DEFAULT_RANGE_POINTS = 60;

/**
 * Time kept back from the check's deadline: a slow Prometheus is reported as "could not measure"
 * (a warning) just before the runner would record a timeout (critical for a required check).
 */
function answerBudgetMs(deadline: number): number {
  const remaining = deadline - Date.now();
  return Math.max(1, remaining - Math.min(250, remaining * 0.1));
}

function authHeaders(opts: PrometheusOptions): Record<string, string> {
  if (opts.bearer_token) return { authorization: `Bearer ${opts.bearer_token}` };
  if (opts.basic_auth) return { authorization: `Basic ${Buffer.from(`${opts.basic_auth.username}:${opts.basic_auth.password}`).toString('base64')}` };
  return {};
}

/** Fills ${deployment}/${namespace}/${revision}; names the first one the run does not know. */
export function fillQuery(query: string, vars: Readonly<Record<string, string | undefined>>): { query: string } | { missing: string } {
  let missing: string | undefined;
  const filled = query.replace(QUERY_VARIABLE, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') missing ??= name;
    return value ?? whole;
  });
  return missing ? { missing } : { query: filled };
}

const HOW_TO_SET: Record<string, string> = {
  deployment: '--deployment, SMOKEGUARD_DEPLOYMENT or deployment.name',
  namespace: '--namespace, SMOKEGUARD_NAMESPACE or deployment.namespace',
  revision: '--revision or SMOKEGUARD_REVISION',
};

async function runPrometheusCheck(opts: PrometheusOptions, ctx: CheckContext): Promise<CheckOutcome> {
  ctx.redactor.addSecret(opts.basic_auth?.password);
  ctx.redactor.addSecret(opts.bearer_token);
  const found = connectionUrl({ url: opts.url }, ctx.env, SPEC);
  // Without Prometheus nothing was measured: a warning (error), never a verdict on the deployment.
  if ('reason' in found) return { status: 'error', reason: found.reason.replace('url (or host)', 'url') };
  const baseUrl = found.url!;
  ctx.redactor.addUrlCredentials(baseUrl);
  const target = new URL(baseUrl).host;
  const problem = prometheusOptionProblems(opts)[0];
  if (problem) return { status: 'error', target, reason: `${problem.path}: ${problem.message}` };
  const filled = fillQuery(opts.query, ctx.runVariables ?? {});
  if ('missing' in filled) return { status: 'error', target, reason: `the query uses \${${filled.missing}}, which this run does not know: set ${HOW_TO_SET[filled.missing]}` };
  const threshold = parseThreshold(opts.threshold)!; // the schema checked it
  const rangeMs = opts.range_minutes === undefined ? undefined : opts.range_minutes * 60_000;
  const budget = answerBudgetMs(ctx.deadline);
  const cut = timeoutSignal(budget, ctx.signal);
  try {
    const answer = await queryPrometheus(ctx.http, {
      baseUrl,
      query: filled.query,
      time: Date.now(),
      range: rangeMs === undefined ? undefined : { rangeMs, stepSeconds: opts.step_seconds ?? Math.max(1, Math.round(rangeMs / 1000 / DEFAULT_RANGE_POINTS)) },
      timeoutMs: budget,
      // Config-wide headers only when Prometheus is on the base URL's origin (see configHeadersFor).
      headers: { ...configHeadersFor(baseUrl, ctx), ...opts.headers, ...authHeaders(opts) },
      signal: cut.signal,
      insecure: opts.insecure_tls,
      caFile: opts.ca_file,
    });
    if (answer.kind === 'api_error') return { status: 'error', target, reason: answer.reason, errorCode: answer.errorType };
    const outcome = judgeSeries(answer.series, threshold, opts.absent, filled.query);
    return { ...outcome, target, details: { ...outcome.details, resultType: answer.resultType, ...(opts.range_minutes ? { rangeMinutes: opts.range_minutes } : {}) } };
  } catch (err) {
    if (ctx.signal.aborted) throw err; // the run's own deadline: the runner records it
    if (cut.signal.aborted) {
      // Which phase the cut found says whose problem it is: a connect never accepted, or a Prometheus that accepted and hangs.
      const at = phaseOf(err, cut.signal);
      return { status: 'error', target, reason: `Prometheus at ${target} did not answer within ${formatMs(Math.round(budget))}${at ? `: cut ${whileWords({ ...at, where: target })}` : ''}` };
    }
    const { code, reason } = describeError(err, target);
    return { status: 'error', target, errorCode: code, reason: `Prometheus unreachable: ${reason}` };
  } finally {
    cut.dispose();
  }
}

export const prometheus = defineCheck({
  ...prometheusOptions,
  run: (opts, ctx) => runPrometheusCheck(opts, ctx),
});
