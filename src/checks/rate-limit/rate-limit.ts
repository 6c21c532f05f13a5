import type { CheckOutcome } from '../../core/types.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { buildHttpRequest, displayUrl } from '../http/request.js';
import { burstStats, formatStatusCounts, sendBurst, type BurstStats } from './burst.js';
import { describeRateLimit, parseRateLimitHeaders } from './headers.js';
import { rateLimitOptions } from '../options.js';
import type { RateLimitOptions } from './options.js';
export type { RateLimitOptions } from './options.js';

/** Part of the check's time the burst may use; the rest is kept to judge and report. */
const BURST_TIME_SHARE = 0.9;

async function checkHeaders(opts: RateLimitOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const req = buildHttpRequest(opts, ctx);
  const target = displayUrl(req.url);
  let res;
  try {
    res = await ctx.http.request(req);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const { code, reason } = describeError(err, target);
    return { status: 'failed', target, reason, errorCode: code };
  }
  const info = parseRateLimitHeaders(res.headers);
  const base = { target, httpStatus: res.status };
  if (res.status >= 500) return { ...base, status: 'failed', reason: `returned ${res.status}; cannot read rate-limit headers from a failing answer`, details: { rateLimit: info } };
  if (!info) {
    return { ...base, status: 'failed', errorCode: 'RATE_LIMIT_HEADERS_MISSING', reason: `no rate-limit headers in the ${res.status} answer from ${target} (expected RateLimit/RateLimit-Policy or X-RateLimit-Limit/-Remaining/-Reset)` };
  }
  return { ...base, status: 'passed', summary: `rate-limit headers: ${describeRateLimit(info)}`, details: { mode: 'headers', rateLimit: info } };
}

/** The verdict on a burst: the target's failures first, then the limiter's. */
function judgeBurst(stats: BurstStats, opts: RateLimitOptions, planned: number, firstError: string | undefined): Pick<CheckOutcome, 'status' | 'reason' | 'summary' | 'errorCode'> {
  const counts = formatStatusCounts(stats.statusCounts);
  const within = `within ${stats.requestsSent} request${stats.requestsSent === 1 ? '' : 's'}`;
  if (stats.requestsAnswered === 0 && firstError) return { status: 'failed', reason: firstError };
  if (stats.requestsAnswered === 0) return { status: 'failed', errorCode: 'NO_ANSWER', reason: `no answer to any of ${stats.requestsSent} requests within ${stats.durationMs} ms` };
  if (stats.serverErrors) return { status: 'failed', errorCode: 'RATE_LIMIT_5XX', reason: `${stats.serverErrors} of ${stats.requestsAnswered} requests answered 5xx during the burst (${counts}); a limiter answers 429, it does not fail` };
  if (stats.networkErrors) return { status: 'failed', reason: `${stats.networkErrors} of ${stats.requestsSent} requests failed during the burst: ${firstError}` };
  if (stats.limitedAtRequest === undefined) {
    const cut = stats.stoppedBy === 'time' ? ` (the burst stopped at the check's deadline after ${stats.durationMs} ms, ${planned} planned)` : '';
    return { status: 'failed', errorCode: 'RATE_LIMIT_NOT_ENGAGED', reason: `no 429 was seen ${within} at ${stats.requestsPerSecond} req/s${cut}: ${counts}` };
  }
  if (opts.expect_limited_after !== undefined && stats.limitedAtRequest > opts.expect_limited_after) {
    return { status: 'failed', errorCode: 'RATE_LIMIT_LATE', reason: `the limit engaged only at request ${stats.limitedAtRequest}, expected by request ${opts.expect_limited_after} (${counts})` };
  }
  if (opts.require_retry_after && stats.limitedWithoutRetryAfter) {
    return { status: 'failed', errorCode: 'RATE_LIMIT_NO_RETRY_AFTER', reason: `${stats.limitedWithoutRetryAfter} of ${stats.statusCounts['429']} answers 429 carry no Retry-After header` };
  }
  const retry = stats.retryAfterSeconds === undefined ? '' : `, Retry-After ${stats.retryAfterSeconds} s`;
  return { status: 'passed', summary: `the limit engaged at request ${stats.limitedAtRequest}${retry} (${stats.requestsPerSecond} req/s; ${counts})` };
}

async function checkBurst(opts: RateLimitOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const request = buildHttpRequest(opts, ctx);
  const target = displayUrl(request.url);
  const planned = Math.min(opts.requests, opts.max_requests_cap);
  const stopAt = Date.now() + (ctx.deadline - Date.now()) * BURST_TIME_SHARE;
  const run = await sendBurst(ctx.http, { request, target, requests: planned, concurrency: opts.concurrency, stopWhenLimited: opts.stop_when_limited, stopAt }, ctx.signal);
  const stats = burstStats(run);
  const firstError = run.samples.find((s) => s.error)?.error;
  const verdict = judgeBurst(stats, opts, planned, firstError?.reason);
  return {
    ...verdict,
    errorCode: verdict.errorCode ?? (verdict.status === 'failed' ? firstError?.code : undefined),
    target,
    details: { mode: 'burst', requestsPlanned: planned, capped: opts.requests > planned, concurrency: opts.concurrency, expectLimitedAfter: opts.expect_limited_after, ...stats },
  };
}

/** Verifies API rate limiting: a check type, and a critical-path step with the same options. */
export function runRateLimit(opts: RateLimitOptions, ctx: CheckContext): Promise<CheckOutcome> {
  return opts.mode === 'burst' ? checkBurst(opts, ctx) : checkHeaders(opts, ctx);
}

export const rateLimit = defineCheck({
  ...rateLimitOptions,
  run: (opts, ctx) => runRateLimit(opts, ctx),
});
