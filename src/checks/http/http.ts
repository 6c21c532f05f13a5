import { assertResponse, describeFailedAssertions } from '../../assertions/response.js';
import { httpRequestShape } from '../../config/http-schema.js';
import type { CheckOutcome } from '../../core/types.js';
import { parseJsonBody } from '../../util/http.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import type { HttpRequestOptions } from '../../config/http-schema.js';
import { describeComponents, failingComponents } from './health-body.js';
import { requestFollowingRedirects } from './redirects.js';
import { buildHttpRequest, displayUrl, excerpt, expectedStatusOf } from './request.js';

/**
 * One HTTP request and its assertions: a health check, or an `http` dependency.
 * A failing readiness body names its failing components in the reason.
 */
export async function runHttpCheck(opts: HttpRequestOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const req = buildHttpRequest(opts, ctx);
  const target = displayUrl(req.url);
  let res;
  let hops: string[] = [];
  try {
    // Health checks follow redirects by default, as the kubelet's probes do.
    ({ res, hops } = opts.follow_redirects === false ? { res: await ctx.http.request(req), hops: [] } : await requestFollowingRedirects(ctx.http, req));
  } catch (err) {
    if (ctx.signal.aborted) throw err; // the runner records the timeout
    const { code, reason } = describeError(err, target);
    return { status: 'failed', target, reason, errorCode: code };
  }
  const assertions = await assertResponse(res, expectedStatusOf(opts), opts.expect);
  const passed = assertions.every((a) => a.passed);
  const outcome: CheckOutcome = { status: passed ? 'passed' : 'failed', target, httpStatus: res.status, assertions, details: { latencyMs: res.durationMs, ...(hops.length ? { redirects: hops.map(displayUrl) } : {}) } };
  if (!passed) {
    outcome.reason = describeFailedAssertions(assertions);
    outcome.bodyExcerpt = excerpt(res.body);
    const components = failingComponents(parseJsonBody(res));
    if (components.length) {
      outcome.components = components;
      outcome.reason += `: ${describeComponents(components)}`;
    }
  }
  return outcome;
}

export const http = defineCheck({
  type: 'http',
  description: 'an HTTP dependency: a request and assertions on its answer, as a health check',
  options: httpRequestShape,
  run: (opts, ctx) => runHttpCheck(opts, ctx),
});
