import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/types.js';
import { check, dependency, health, path, run, type CheckBuilder } from '../../test/helpers/result-builder.js';
import { analyze } from './analyze.js';
import type { AnalysisContext } from './types.js';

/**
 * Each finding matches its evidence: check type × failure kind → the rule that speaks, and
 * whether a port probe (`nc -vz`, `pg_isready`) belongs in its steps. A probe fits a refused or
 * silent port; it never fits a 401, a wrong status or a limiter that did not engage.
 */
const ctx: AnalysisContext = { deployment: 'api', namespace: 'prod', container: 'api', configPath: 'smoke.yaml' };

type Kind = 'refused' | 'timeout' | 'auth failure' | 'wrong status' | 'assertion' | 'no-429';

const failStatus = (b: CheckBuilder, status: number): CheckBuilder =>
  b.with({ httpStatus: status, assertions: [{ name: 'status', expected: 200, actual: status, passed: false }] }).status('failed', `returned ${status} (expected 200)`);
const failJson = (b: CheckBuilder): CheckBuilder =>
  b.with({ httpStatus: 200, assertions: [{ name: 'json $.status', expected: 'ok', actual: 'degraded', passed: false }] }).status('failed', 'json $.status: expected ok, got degraded');

const fail: Record<Kind, (b: CheckBuilder) => CheckBuilder> = {
  refused: (b) => b.refused(),
  timeout: (b) => b.timedOut(),
  'auth failure': (b) => b.with({ httpStatus: 401, errorCode: b.r.type === 'postgres' ? '28P01' : b.r.type === 'auth' ? 'AUTH_CLIENT_REJECTED' : 'HTTP_401' }).status('failed', 'the token endpoint refused the client: 401 invalid_client'),
  'wrong status': (b) => failStatus(b, 500),
  assertion: failJson,
  'no-429': (b) => b.with({ errorCode: 'RATE_LIMIT_NOT_ENGAGED' }).status('failed', 'no 429 was seen within 50 requests at 200 req/s: 200×50'),
};

interface Row { type: string; kind: Kind; make: () => CheckBuilder; rule: string; probe: boolean }

const pg = () => dependency('database', 'postgres', '10.0.0.5:5432/app');
const httpDep = () => dependency('payments-api', 'http', 'http://10.0.0.7:9000/health');
const authDep = () => dependency('oauth', 'auth', 'http://10.0.0.8:8080/oauth/token');
const limitDep = () => dependency('api-limits', 'rate_limit', 'http://10.0.0.9:8080/api/items');
const limitPath = () => check('api-limits', 'path', 'rate_limit').with({ target: 'http://10.0.0.9:8080/api/items' });
const healthCheck = () => health('readiness', '/health/ready').with({ target: 'http://10.0.0.9:8080/health/ready' });
const flow = () => path('checkout').with({ target: 'http://10.0.0.9:8080/api/cart' });

const rows: Row[] = [
  { type: 'postgres', kind: 'refused', make: pg, rule: 'dependency-down', probe: true },
  { type: 'postgres', kind: 'timeout', make: pg, rule: 'dependency-down', probe: true },
  { type: 'postgres', kind: 'auth failure', make: pg, rule: 'dependency-auth', probe: false },
  { type: 'http dependency', kind: 'refused', make: httpDep, rule: 'dependency-down', probe: true },
  { type: 'http dependency', kind: 'timeout', make: httpDep, rule: 'dependency-down', probe: true },
  { type: 'http dependency', kind: 'auth failure', make: httpDep, rule: 'dependency-auth', probe: false },
  { type: 'http dependency', kind: 'wrong status', make: httpDep, rule: 'dependency-down', probe: false },
  { type: 'http dependency', kind: 'assertion', make: httpDep, rule: 'dependency-down', probe: false },
  { type: 'auth dependency', kind: 'refused', make: authDep, rule: 'dependency-down', probe: true },
  { type: 'auth dependency', kind: 'timeout', make: authDep, rule: 'dependency-down', probe: true },
  { type: 'auth dependency', kind: 'auth failure', make: authDep, rule: 'dependency-auth', probe: false },
  { type: 'rate_limit dependency', kind: 'no-429', make: limitDep, rule: 'rate-limit', probe: false },
  { type: 'rate_limit dependency', kind: 'refused', make: limitDep, rule: 'dependency-down', probe: true },
  { type: 'rate_limit path', kind: 'no-429', make: limitPath, rule: 'rate-limit', probe: false },
  { type: 'rate_limit path', kind: 'timeout', make: limitPath, rule: 'timeout', probe: false },
  { type: 'rate_limit path', kind: 'refused', make: limitPath, rule: 'service-down', probe: false },
  { type: 'health', kind: 'refused', make: healthCheck, rule: 'service-down', probe: false },
  { type: 'health', kind: 'timeout', make: healthCheck, rule: 'timeout', probe: false },
  { type: 'health', kind: 'wrong status', make: healthCheck, rule: 'health-server-error', probe: false },
  { type: 'health', kind: 'assertion', make: healthCheck, rule: 'assertion-failed', probe: false },
  { type: 'flow path', kind: 'auth failure', make: flow, rule: 'path-auth-rejected', probe: false },
  { type: 'flow path', kind: 'wrong status', make: flow, rule: 'path-server-error', probe: false },
  { type: 'flow path', kind: 'assertion', make: flow, rule: 'assertion-failed', probe: false },
];

const PROBE = /nc -vz|pg_isready|mysqladmin ping|redis-cli/;

describe('failure analysis: each finding matches its evidence', () => {
  it.each(rows)('$type, $kind → $rule', ({ kind, make, rule, probe }) => {
    const failing: CheckResult = fail[kind](make()).r;
    const findings = analyze(run([failing]), ctx);
    expect(findings.map((f) => f.rule)).toEqual([rule]);
    const steps = findings[0]!.remediation.join('\n');
    if (probe) expect(steps).toMatch(PROBE);
    else expect(steps).not.toMatch(PROBE);
  });

  it('a 401 invalid_client from the auth check starts with the credentials, not a port probe', () => {
    const oauth = fail['auth failure'](authDep()).r;
    const [finding] = analyze(run([oauth, flow().with({ httpStatus: 401 }).status('failed', 'step 1 login: 401')]), ctx);
    expect(finding!.rule).toBe('dependency-auth');
    expect(finding!.remediation[0]).toMatch(/^Compare the credentials/);
  });

  it('a limiter that never engaged is not a dead dependency', () => {
    const [finding] = analyze(run([fail['no-429'](limitDep()).r]), ctx);
    expect(finding!.title).not.toMatch(/unavailable/i);
    expect(finding!.issue).toMatch(/^no 429 was seen/);
  });
});
