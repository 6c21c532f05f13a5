import { readCaFile } from '../checks/ca-file.js';
import { CookieJar } from './cookie-jar.js';
import { assertResponse, describeFailedAssertions } from '../assertions/response.js';
import type { CheckContext } from '../checks/check-type.js';
import { buildHttpRequest, displayUrl, expectedStatusOf, responseExcerpt } from '../checks/http/request.js';
import { describeRedirectLimit, MAX_REDIRECTS, requestFollowingRedirects } from '../checks/http/redirects.js';
import { expandTemplate } from '../config/interpolate.js';
import type { CheckOutcome, StepResult } from '../core/types.js';
import { describeError } from '../util/net-errors.js';
import { DeadlineError } from '../util/abort.js';
import { phaseOf, whileWords, type PhaseAt } from '../util/phase.js';
import { MIN_SECRET_LENGTH } from '../util/redact.js';
import { capture, isSecretCapture } from './captures.js';
import { isRateLimitStep, type CriticalPathConfig, type HttpStepConfig, type RateLimitStepConfig } from './schema.js';
import { monotonicMs } from '../util/monotonic.js';

class MissingVariable extends Error {}

function stepLabel(step: HttpStepConfig, index: number): string {
  return step.name ?? (`${step.method ?? 'GET'} ${step.endpoint ?? step.url ?? ''}`.trim() || `step ${index + 1}`);
}

/**
 * A critical path: ordered steps sharing a cookie jar and captured variables. The first step
 * that fails ends the path (its failure, not the 401 that would follow, is what is reported);
 * cleanup steps run afterwards whatever happened, while time remains.
 */
export async function runFlow(path: CriticalPathConfig, ctx: CheckContext): Promise<CheckOutcome> {
  // An unreadable ca_file is smokeguard's own setting, not the service failing: a test execution
  // error before any request, as the http, tls, grpc and redis checks say it.
  for (const [index, step] of [...path.steps, ...(path.cleanup ?? [])].entries()) {
    const caFile = isRateLimitStep(step) ? undefined : step.ca_file;
    if (!caFile) continue;
    const file = await readCaFile(caFile);
    if ('reason' in file) return { status: 'error', reason: `step ${index + 1}: ${file.reason}` };
  }
  const jar = new CookieJar();
  const vars = new Map<string, string>();
  const steps: StepResult[] = [];
  let failure: { step: StepResult; outcome: Partial<CheckOutcome> } | undefined;
  let hung: { step: StepResult; at?: PhaseAt } | undefined;

  const runStep = async (step: HttpStepConfig, index: number, cleanup: boolean): Promise<StepResult> => {
    const started = monotonicMs();
    const result: StepResult = { index, name: stepLabel(step, index), method: step.method ?? 'GET', status: 'passed', durationMs: 0, ...(cleanup ? { cleanup } : {}) };
    const expand = (text: string) =>
      expandTemplate(text, (name) => (vars.has(name) ? { kind: 'value', value: vars.get(name)! } : { kind: 'missing' }), {
        onMissing: (name) => {
          throw new MissingVariable(`\${${name}} has no value: the step that captures it did not run or failed`);
        },
      });
    let res;
    try {
      const req = buildHttpRequest(step, ctx, expand);
      result.target = displayUrl(req.url);
      // A step's answer is its own (a login's 302 with its cookie) unless it asks to follow redirects;
      // either way every answer's cookies land in the jar and every request carries the jar's.
      const followed = await requestFollowingRedirects(ctx.http, req, {
        maxRedirects: step.follow_redirects ? MAX_REDIRECTS : 0,
        before: (r) => {
          const cookie = jar.getCookieString(r.url);
          return cookie ? { ...r, headers: { ...r.headers, cookie } } : r;
        },
        after: async (answer, url) => {
          const setCookie = answer.headers['set-cookie'];
          for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
            // Session cookies are credentials; a value of one to three characters is a flag
            // (`consent=1`), not a credential, and hiding it would mask every "1" in the output.
            const value = (await jar.setCookie(c, url))?.value;
            if (value && value.length >= MIN_SECRET_LENGTH) ctx.redactor.addSecret(value);
          }
        },
      });
      res = followed.res;
      result.httpStatus = res.status;
      const assertions = await assertResponse(res, expectedStatusOf(step), step.expect);
      result.assertions = assertions;
      if (!assertions.every((a) => a.passed)) {
        result.status = 'failed';
        result.reason = followed.limitReached ? describeRedirectLimit(req.url, followed, displayUrl) : describeFailedAssertions(assertions);
        failure ??= { step: result, outcome: { httpStatus: res.status, bodyExcerpt: responseExcerpt(res) } };
      } else if (step.capture) {
        for (const [name, spec] of Object.entries(step.capture)) {
          const got = await capture(spec, res, jar, req.url);
          if (!got.ok) {
            result.status = 'failed';
            result.reason = `capture ${name}: ${got.reason}`;
            failure ??= { step: result, outcome: { httpStatus: res.status, bodyExcerpt: responseExcerpt(res) } };
            break;
          }
          if (isSecretCapture(name, spec)) ctx.redactor.addSecret(got.value);
          vars.set(name, got.value);
          (result.captured ??= []).push(name);
        }
      }
    } catch (err) {
      if (ctx.signal.aborted) {
        result.status = 'timed_out';
        hung = { step: result, at: phaseOf(err) };
        result.reason = `cut by the path's deadline${hung.at ? ` while ${whileWords(hung.at)}` : ''}`;
      } else if (cleanup && err instanceof MissingVariable) {
        // Nothing to clean up: the step that would have created it never ran.
        result.status = 'not_run';
        result.reason = `skipped: ${err.message}`;
      } else {
        result.status = 'failed';
        const described = err instanceof MissingVariable ? { reason: err.message, code: undefined } : describeError(err, result.target);
        result.reason = described.reason;
        failure ??= { step: result, outcome: { errorCode: described.code } };
      }
    }
    result.durationMs = Math.round(monotonicMs() - started);
    return result;
  };

  const runRateLimitStep = async (step: RateLimitStepConfig, index: number): Promise<StepResult> => {
    // Loaded by the first rate_limit step: most paths have none, and a run loads only what it uses.
    const { runRateLimit } = await import('../checks/rate-limit/rate-limit.js');
    const started = monotonicMs();
    const name = step.name ?? `rate limit (${step.rate_limit.mode}) ${step.rate_limit.endpoint ?? step.rate_limit.url ?? ''}`.trim();
    const outcome = await runRateLimit(step.rate_limit, ctx);
    const result: StepResult = { index, name, method: step.rate_limit.method, target: outcome.target, status: outcome.status === 'passed' ? 'passed' : 'failed', httpStatus: outcome.httpStatus, reason: outcome.reason, durationMs: Math.round(monotonicMs() - started) };
    if (result.status === 'failed') failure ??= { step: result, outcome: { httpStatus: outcome.httpStatus, errorCode: outcome.errorCode, details: outcome.details } };
    return result;
  };

  for (const [index, step] of path.steps.entries()) {
    if (failure || ctx.signal.aborted) {
      steps.push({ index, name: isRateLimitStep(step) ? step.name ?? 'rate limit' : stepLabel(step, index), status: 'not_run', durationMs: 0 });
      continue;
    }
    ctx.progress?.({ step: index + 1, of: path.steps.length, label: isRateLimitStep(step) ? step.name ?? 'rate limit' : stepLabel(step, index) });
    steps.push(isRateLimitStep(step) ? await runRateLimitStep(step, index) : await runStep(step, index, false));
  }
  const timedOut = ctx.signal.aborted;
  for (const [i, step] of (path.cleanup ?? []).entries()) {
    const index = path.steps.length + i;
    if (ctx.signal.aborted) steps.push({ index, name: stepLabel(step, index), status: 'not_run', durationMs: 0, cleanup: true, reason: 'no time left for cleanup' });
    else {
      const before = failure;
      steps.push(await runStep(step, index, true));
      failure = before; // a failing cleanup is reported on its step, not as the path's failure
    }
  }
  if (timedOut) {
    // The runner words the timeout from `at` and keeps `steps`: the finished ones, and the one that hung.
    const step = hung ? `step ${hung.step.index + 1}: ${hung.step.name}` : undefined;
    const at = hung?.at ? { ...hung.at, detail: [hung.at.detail, step].filter(Boolean).join('; ') } : undefined;
    throw Object.assign(new DeadlineError(`path deadline${step ? ` at ${step}` : ''}`, at), { steps });
  }
  const target = steps.find((s) => s.target)?.target;
  if (!failure) return { status: 'passed', target, steps, details: { steps: steps.length } };
  const cleanupFailed = steps.filter((s) => s.cleanup && s.status === 'failed').length;
  return {
    status: 'failed',
    target,
    steps,
    reason: `step ${failure.step.index + 1} (${failure.step.name}): ${failure.step.reason}${cleanupFailed ? `; ${cleanupFailed} cleanup step(s) failed too` : ''}`,
    ...failure.outcome,
  };
}
