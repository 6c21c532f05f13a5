import { readCaFile } from '../ca-file.js';
import { assertResponse, describeFailedAssertions } from '../../assertions/response.js';
import type { CheckOutcome } from '../../core/types.js';
import { parseJsonBody } from '../../util/http.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import type { HttpRequestOptions } from '../../config/http-schema.js';
import { describeComponents, failingComponents } from './health-body.js';
import { describeRedirectLimit, requestFollowingRedirects, type FollowedResponse } from './redirects.js';
import { judgeHealthBody } from './body-status.js';
import { buildHttpRequest, displayUrl, expectedStatusOf, responseExcerpt } from './request.js';
import { httpOptions } from '../options.js';

/**
 * One HTTP request and its assertions: a health check, or an `http` dependency.
 * A failing readiness body names its failing components in the reason.
 */
export async function runHttpCheck(opts: HttpRequestOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const req = buildHttpRequest(opts, ctx);
  const target = displayUrl(req.url);
  if (opts.ca_file) {
    // Read once here so that an unreadable file is said as such, not as the request failing.
    const ca = await readCaFile(opts.ca_file);
    if ('reason' in ca) return { status: 'error', target, reason: ca.reason };
  }
  let followed: FollowedResponse;
  try {
    // Health checks follow redirects by default, as the kubelet's probes do.
    followed = opts.follow_redirects === false ? { res: await ctx.http.request(req), hops: [] } : await requestFollowingRedirects(ctx.http, req);
  } catch (err) {
    if (ctx.signal.aborted) throw err; // the runner records the timeout
    const { code, reason } = describeError(err, target);
    const httpStatus = (err as { httpStatus?: number }).httpStatus;
    return { status: 'failed', target, reason, errorCode: code, ...(httpStatus ? { httpStatus } : {}) };
  }
  const { res, hops } = followed;
  const assertions = await assertResponse(res, expectedStatusOf(opts), opts.expect);
  const bodyVerdict = opts.body_status === 'ignore' ? undefined : judgeHealthBody(res);
  const passed = assertions.every((a) => a.passed) && bodyVerdict?.status !== 'fail';
  const outcome: CheckOutcome = { status: passed ? 'passed' : 'failed', target, httpStatus: res.status, assertions, details: { latencyMs: res.durationMs, ...(hops.length ? { redirects: hops.map(displayUrl) } : {}) } };
  if (passed && bodyVerdict?.status === 'warn') outcome.warning = bodyVerdict.reason;
  if (!passed && followed.limitReached) {
    outcome.reason = describeRedirectLimit(req.url, followed, displayUrl);
    outcome.errorCode = 'REDIRECT_LIMIT';
    outcome.bodyExcerpt = responseExcerpt(res);
  } else if (!passed && bodyVerdict?.status === 'fail' && assertions.every((a) => a.passed)) {
    outcome.reason = bodyVerdict.reason;
    outcome.components = bodyVerdict.components;
    outcome.bodyExcerpt = responseExcerpt(res);
  } else if (!passed) {
    outcome.reason = describeFailedAssertions(assertions);
    outcome.bodyExcerpt = responseExcerpt(res);
    const components = failingComponents(parseJsonBody(res));
    if (components.length) {
      outcome.components = components;
      outcome.reason += `: ${describeComponents(components)}`;
    }
  }
  return outcome;
}

export const http = defineCheck({
  ...httpOptions,
  run: (opts, ctx) => runHttpCheck(opts, ctx),
});
