import type { CheckResult } from '../core/types.js';
import { cmd, type Names } from './commands.js';
import {
  AUTH_CODES, CONNECTION_CODES, DNS_CODES, FAMILIES, TIMEOUT_CODES, componentsOf, failureKind, familyOfCheck, familyOrGeneric, isBad, isLimiterVerdict, isServerError, isUnreachable,
  type Evidence, type Family,
} from './evidence.js';
import { IMPACT, defineRule, list, type Match } from './rule.js';

/** "user-login fails", "user-login, create-read fail". */
const fails = (checks: unknown[]): string => (checks.length === 1 ? 'fails' : 'fail');

/**
 * Dependencies: a failing dependency check and the readiness checks it explains become ONE
 * finding naming the dependency, rather than a database alert plus a "readiness 503" alert.
 */

/**
 * Dependency checks failing in a way that makes the dependency itself the cause. A rate_limit
 * check listed under dependencies that saw no 429 is about the limiter (rule rate-limit), not a
 * dead dependency; credentials refused are rule dependency-auth's, which runs first.
 */
const failingDeps = (ev: Evidence, family?: Family): CheckResult[] =>
  ev.open.filter((c) => c.kind === 'dependency' && c.status !== 'error' && !isLimiterVerdict(c) && (!family || familyOfCheck(c)?.id === family.id));

/**
 * Health checks that this family's failure explains: those whose readiness body names a failing
 * component of the family, or — when a dependency of the family is failing — those answering
 * 5xx without naming any component at all.
 */
function explainedHealth(ev: Evidence, family: Family, depFailing: boolean): CheckResult[] {
  return ev.open.filter((c) => {
    if (c.kind !== 'health' || !isBad(c)) return false;
    if (componentsOf(c, family).length > 0) return true;
    return depFailing && !c.components?.length && isServerError(c.httpStatus);
  });
}

/** Why a dependency check failed, from its error code, in words naming the dependency. */
export function dependencyCause(c: CheckResult, name: string): string {
  const label = name.charAt(0).toUpperCase() + name.slice(1);
  const at = c.target ? ` at ${c.target}` : '';
  const code = c.errorCode ?? '';
  if (c.status === 'timed_out' || TIMEOUT_CODES.has(code)) return `${label} does not answer in time${at}: overloaded, failing over, or a network policy/firewall drops the traffic.`;
  if (code === 'ECONNREFUSED') return `${label} refuses connections${at}: it is down or restarting, or the new release points at the wrong host or port.`;
  if (CONNECTION_CODES.has(code)) return `${label} drops connections${at} (${code}): restarting, out of connection slots, or a TLS/protocol mismatch.`;
  if (DNS_CODES.has(code)) return `The host name of ${label} does not resolve${at}: a wrong host in the new release's config, or a missing Service/DNS record.`;
  if (AUTH_CODES.has(code)) return `${label} rejects the credentials (${code}): the password or user was changed, or the secret is not mounted in the new release.`;
  return `${label} fails: ${c.reason ?? c.status}.`;
}

/** First remediation steps for a dependency: probe it, then read the app's logs about it. */
function dependencySteps(deps: CheckResult[], family: Family, n: Names): string[] {
  const steps: string[] = [];
  for (const d of deps) {
    // A port probe only helps when the port is the question; a dependency that answered is asked again instead.
    const probe = isUnreachable(d) ? cmd.probe(d.type, d.target) : d.target?.includes('://') ? cmd.curl(d.target) : undefined;
    if (probe) steps.push(`${isUnreachable(d) ? 'Probe' : 'Ask'} ${d.name} directly: ${probe}`);
  }
  steps.push(`Read what the service logs about ${family.label}: ${cmd.logs(n, `${family.id === 'other' ? '' : `${family.id}|`}connect|refused|timeout`)}`);
  return steps;
}

export const dependencyAuth = defineRule<Match & { family: Family }>({
  id: 'dependency-auth',
  description: 'A dependency rejects the credentials (EAUTH, PostgreSQL 28P01, MySQL access denied, Redis WRONGPASS, …), with the readiness checks it explains.',
  match: (ev) => failingDeps(ev).filter((c) => failureKind(c) === 'auth').map((dep) => {
    const family = familyOrGeneric(dep);
    return { checks: [dep, ...explainedHealth(ev, family, true)], family };
  }),
  build: ({ checks, family }, n) => ({
    title: `${family.title} rejects the credentials: ${checks[0].name}`,
    issue: `${family.title} authentication failed: ${checks[0].reason ?? checks[0].errorCode}`,
    impact: checks[0].required ? IMPACT.serviceDown : IMPACT.minor,
    probableCause: dependencyCause(checks[0], family.label),
    remediation: [
      `Compare the credentials the new release mounts (env, secret refs) with the ones ${family.label} expects: ${cmd.describe(n)}`,
      `See what changed between revisions: ${cmd.rolloutHistory(n)}`,
      `If the credentials changed with this release, roll back: ${cmd.rollback(n)}`,
      `Re-run the affected checks: ${cmd.rerun(n, checks.map((c) => c.name))}`,
    ],
  }),
});

const LOGIN = /login|log-in|sign-?in|auth|session|token/i;

function isLoginPath(c: CheckResult): boolean {
  return LOGIN.test(c.name) || (c.steps ?? []).some((s) => LOGIN.test(`${s.name} ${s.target ?? ''}`));
}

export const authService = defineRule<Match & { dep: CheckResult }>({
  id: 'auth-service',
  description: 'A login path fails while the auth dependency fails or times out: one root cause, the auth service.',
  match: (ev) => {
    const auth = FAMILIES.find((f) => f.id === 'auth') as Family;
    const deps = failingDeps(ev, auth);
    const paths = ev.open.filter((c) => c.kind === 'path' && isLoginPath(c));
    return deps.length && paths.length ? [{ checks: [...paths, ...deps], dep: deps[0] }] : [];
  },
  build: ({ checks, dep }, n) => {
    const slow = dep.status === 'timed_out' || TIMEOUT_CODES.has(dep.errorCode ?? '');
    const paths = checks.filter((c) => c.kind === 'path');
    return {
      title: `Auth service ${slow ? 'timing out' : 'unavailable'}: ${list(paths)} ${fails(paths)}`,
      issue: `Auth service ${slow ? 'timeout' : 'failure'} during authentication (${dep.name}: ${dep.reason ?? dep.status})`,
      impact: IMPACT.coreBroken,
      probableCause: `${dependencyCause(dep, 'The auth service')} Logins depend on it, so the login path fails with it (${list(paths)}).`,
      remediation: [
        ...(dep.target ? [`Probe the auth service: ${dep.target.includes('://') ? cmd.curl(dep.target) : (isUnreachable(dep) && cmd.probe(dep.type, dep.target)) || dep.target}`] : []),
        `Read the service's auth errors: ${cmd.logs(n, 'auth|token|timeout')}`,
        'If the auth service itself is healthy, check the new release\'s auth settings (issuer URL, client id, timeouts).',
        `Re-run the login path: ${cmd.rerun(n, checks.map((c) => c.name))}`,
      ],
    };
  },
});

export const dependencyDownReadiness = defineRule<Match & { family: Family; deps: CheckResult[]; health: CheckResult[] }>({
  id: 'dependency-down-readiness',
  description: 'Readiness fails (503) while a dependency check fails, or the readiness body names the failing dependency: one root cause, the dependency.',
  match: (ev) => {
    const matches = [];
    for (const family of FAMILIES) {
      const deps = failingDeps(ev, family);
      const health = explainedHealth(ev, family, deps.length > 0);
      if (health.length) {
        matches.push({ checks: [...health, ...deps], family, deps, health });
        ev = { ...ev, open: ev.open.filter((c) => !health.includes(c) && !deps.includes(c)) };
      }
    }
    return matches;
  },
  build: ({ family, deps, health }, n) => {
    const components = health.flatMap((h) => componentsOf(h, family));
    const said = components.map((c) => `${c.name}: ${c.output ?? c.status}`).join('; ');
    const statuses = health.map((h) => `${h.name} returned ${h.httpStatus ?? h.status}`).join(', ');
    const cause = deps.length ? dependencyCause(deps[0], family.label) : `The service reports ${family.label} as failing (${said}).`;
    return {
      title: `${family.title} unavailable: ${statuses}${deps.length ? ` while ${list(deps)} ${fails(deps)}` : ''}`,
      issue: `${family.title} connection failed${said ? ` (${said})` : ''}`,
      impact: health.some((h) => h.required) ? IMPACT.serviceDown : IMPACT.minor,
      // Any health check may be the one that fails (a status page, /healthz): name it.
      probableCause: `${cause} The ${list(health)} check${health.length === 1 ? ' fails' : 's fail'} because of it; the root cause is ${family.label}, not the service itself.`,
      remediation: [
        ...dependencySteps(deps, family, n),
        `If ${family.label} is healthy, compare the new release's connection settings: ${cmd.rolloutHistory(n)}`,
        `If only the new release cannot reach it, roll back: ${cmd.rollback(n)}`,
        `Re-run the affected checks: ${cmd.rerun(n, [...health, ...deps].map((c) => c.name))}`,
      ],
    };
  },
});

export const dependencyDown = defineRule<Match & { dep: CheckResult }>({
  id: 'dependency-down',
  description: 'A dependency check fails on its own: critical when required, "Minor feature degradation" when optional.',
  match: (ev) => failingDeps(ev).map((dep) => ({ checks: [dep], dep })),
  build: ({ dep }, n) => {
    const family = familyOrGeneric(dep);
    return {
      title: `${dep.name} unavailable${dep.required ? '' : ' (optional dependency)'}`,
      issue: `${family.title} unavailable${family.id === 'other' ? '' : ` (${dep.name})`}: ${dep.status === 'timed_out' ? 'Timeout' : dep.reason ?? dep.status}`,
      impact: dep.required ? `CRITICAL - ${family.title} unavailable: features that need it fail` : IMPACT.minor,
      probableCause: dependencyCause(dep, family.label),
      remediation: [
        ...dependencySteps([dep], family, n),
        ...(dep.required
          ? [`If only the new release cannot reach it, roll back: ${cmd.rollback(n)}`]
          : [`Check ${dep.name} status in the next 30 min; alert if the pattern persists.`]),
        `Re-run the check: ${cmd.rerun(n, [dep.name])}`,
      ],
    };
  },
});
