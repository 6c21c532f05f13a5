import type { CheckResult } from '../core/types.js';
import { cmd, configName } from './commands.js';
import { failedStep, httpStatuses, isLimiterVerdict, isServerError } from './evidence.js';
import { IMPACT, defineRule, list, type Match } from './rule.js';

/** Application-level rules: what the service itself answered wrongly, and our own machinery errors. */

/** "user-login (500 at step 1 (POST /api/auth/login → 500))" */
function where(c: CheckResult): string {
  const status = httpStatuses(c).find((s) => s >= 400);
  const step = failedStep(c);
  return `${c.name} (${[status, step ? `at ${step}` : ''].filter(Boolean).join(' ')})`;
}

export const pathServerError = defineRule<Match>({
  id: 'path-server-error',
  description: 'Critical paths answer 5xx: an application error in the new release; one finding for all of them.',
  match: (ev) => {
    const paths = ev.open.filter((c) => c.kind === 'path' && c.status === 'failed' && httpStatuses(c).some(isServerError));
    return paths.length ? [{ checks: paths }] : [];
  },
  build: ({ checks }, n) => ({
    title: `Application error on ${list(checks)}`,
    issue: `Server error on critical path${checks.length > 1 ? 's' : ''}: ${checks.map(where).join('; ')}`,
    impact: checks.some((c) => c.required) ? IMPACT.coreBroken : IMPACT.minor,
    probableCause: 'The new release fails on these requests: a code bug, a database migration not applied, or a setting/secret the new version needs and does not have.',
    remediation: [
      `Find the stack traces: ${cmd.logs(n, 'error|exception|traceback|panic')}`,
      `See what this revision changed: ${cmd.rolloutHistory(n)}`,
      `Roll back if the error came with this release: ${cmd.rollback(n)}`,
      `Re-run the paths: ${cmd.rerun(n, checks.map((c) => c.name))}`,
    ],
  }),
});

export const pathAuthRejected = defineRule<Match>({
  id: 'path-auth-rejected',
  description: 'Critical paths answer 401/403: the smoke test credentials or the auth configuration are wrong.',
  match: (ev) => {
    const paths = ev.open.filter((c) => c.kind === 'path' && c.status === 'failed' && httpStatuses(c).some((s) => s === 401 || s === 403));
    return paths.length ? [{ checks: paths }] : [];
  },
  build: ({ checks }, n) => ({
    title: `Access denied on ${list(checks)}`,
    issue: `Authentication/authorization rejected: ${checks.map(where).join('; ')}`,
    impact: checks.some((c) => c.required) ? IMPACT.coreBroken : IMPACT.minor,
    probableCause: "The smoke test's credentials are wrong or expired, the token captured at login is not sent on later steps, or the new release changed its auth settings (signing key, issuer, required scopes).",
    remediation: [
      `Check the credentials and headers the path uses in ${configName(n)} (and the environment variables they read).`,
      `Look for the rejection reason: ${cmd.logs(n, '401|403|unauthori|forbidden|jwt|token')}`,
      `Compare auth settings with the previous revision: ${cmd.rolloutHistory(n)}`,
      `Re-run the paths: ${cmd.rerun(n, checks.map((c) => c.name))}`,
    ],
  }),
});

export const rateLimit = defineRule<Match>({
  id: 'rate-limit',
  description: 'The rate-limit check failed: limits are not enforced (or enforced too early).',
  // Only the limiter's own verdicts (no 429, late, no Retry-After, no headers): a refused or silent target is a network finding.
  match: (ev) => ev.open.filter((c) => isLimiterVerdict(c)).map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => ({
    title: `Rate limiting not as expected on ${c.name}`,
    issue: c.reason ?? 'Rate limiting verification failed',
    impact: c.severity === 'critical' ? 'CRITICAL - The API is open to abuse or overload' : IMPACT.minor,
    probableCause: 'The limiter (ingress, gateway or middleware) is missing or misconfigured in the new release, or its shared store (e.g. Redis) is unreachable so it fails open.',
    remediation: [
      `Check the ingress/gateway annotations: kubectl get ingress -n ${n.namespace} -o yaml`,
      `Look for limiter errors: ${cmd.logs(n, 'rate|limit|429')}`,
      `Re-run the check: ${cmd.rerun(n, [c.name])}`,
    ],
  }),
});

export const healthServerError = defineRule<Match>({
  id: 'health-server-error',
  description: 'A health check answers 5xx with no dependency to blame: the service reports itself unhealthy (naming its failing components when the body does).',
  match: (ev) => ev.open.filter((c) => c.kind === 'health' && c.status === 'failed' && isServerError(c.httpStatus)).map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => {
    const components = (c.components ?? []).map((p) => `${p.name}: ${p.output ?? p.status}`).join('; ');
    return {
      title: `${c.name} returned ${c.httpStatus}${components ? `: ${components}` : ''}`,
      issue: components ? `Failing components: ${components}` : `Health endpoint ${c.target ?? c.name} returned ${c.httpStatus}`,
      impact: c.severity === 'critical' ? IMPACT.serviceDown : IMPACT.minor,
      probableCause: components
        ? 'The service reports these components as failing; see their output.'
        : 'The service reports itself unhealthy without saying why: failing startup, a dependency it does not name, or an error in the health handler.',
      remediation: [
        `Ask it directly: ${c.target ? cmd.curl(c.target) : `curl the ${c.name} endpoint`}`,
        `Read the logs: ${cmd.logs(n, 'error|health|ready')}`,
        `Roll back if it came with this release: ${cmd.rollback(n)}`,
        `Re-run the check: ${cmd.rerun(n, [c.name])}`,
      ],
    };
  },
});

export const machineryError = defineRule<Match>({
  id: 'machinery-error',
  description: "A check could not be measured (status `error`: smokeguard's own failure, not the target's); a warning, as the seed says.",
  match: (ev) => ev.open.filter((c) => c.status === 'error').map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => {
    // A dependency check with neither url/host nor its conventional variable (DATABASE_URL…):
    // the runner's environment lacks a setting; re-running as is would only repeat it.
    const unset = /^no connection settings: set (.+)$/.exec(c.reason ?? '');
    return {
      severity: 'warning',
      title: `${c.name} could not be measured`,
      issue: `Test execution error: ${c.reason ?? 'unknown error'}`,
      impact: 'Not verified: this check says nothing about the deployment (marked as a warning)',
      probableCause: unset
        ? 'The check has nowhere to connect: no url or host on it, and its environment variable is not set where smokeguard runs.'
        : 'The check itself broke: a driver error, invalid options that passed validation, or a missing tool on the runner.',
      remediation: unset
        ? [`Set ${unset[1]} in the environment smokeguard runs in (the CI's variables, the Job's Secret), then re-run it: ${cmd.rerun(n, [c.name])}`]
        : [
          `Re-run only this check to see whether it repeats: ${cmd.rerun(n, [c.name])}`,
          'If it does, report it with report.json attached.',
        ],
    };
  },
});

export const assertionFailed = defineRule<Match>({
  id: 'assertion-failed',
  description: 'Fallback: any other failed check (a wrong status, a body or header assertion), with what was expected and what came back.',
  match: (ev) => ev.open.filter((c) => c.status === 'failed').map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => {
    const failed = (c.assertions ?? []).filter((a) => !a.passed);
    const detail = failed.map((a) => `${a.name}: expected ${JSON.stringify(a.expected)}, got ${JSON.stringify(a.actual)}`).join('; ');
    return {
      title: `${c.name} failed${c.httpStatus ? ` (${c.httpStatus})` : ''}`,
      issue: c.reason ?? (detail || 'check failed'),
      impact: c.severity === 'critical' ? (c.kind === 'path' ? IMPACT.coreBroken : IMPACT.serviceDown) : IMPACT.minor,
      probableCause: detail
        ? `The service answered, but not as expected (${detail}): a behaviour change in the new release, or an expectation in the config that is out of date.`
        : 'The service answered, but not as expected.',
      remediation: [
        `${c.target ? `Look at the answer yourself: ${c.target.includes('://') ? cmd.curl(c.target) : c.target}` : `Look at the excerpt in the report`}`,
        `See what this revision changed: ${cmd.rolloutHistory(n)}`,
        `Re-run the check: ${cmd.rerun(n, [c.name])}`,
      ],
    };
  },
});
