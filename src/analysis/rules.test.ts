import { describe, expect, it } from 'vitest';
import type { RollbackOutcome, RunResult } from '../core/types.js';
import { check as checkOf, dependency, health, path, rollbackOutcome, run } from '../../test/helpers/result-builder.js';
import { analyze } from './analyze.js';
import { RULES } from './rules.js';
import type { AnalysisContext, Finding } from './types.js';

const ctx: AnalysisContext = {
  deployment: 'django', namespace: 'prod', container: 'django',
  currentImage: 'django:v1.22.0-context-api', previousImage: 'django:v1.21.8-stable', configPath: 'smoke.yaml',
};

const seedRun = (): RunResult => run([
  health('basic-health', '/health'),
  health('readiness', '/health/ready').fails(503).with({ components: [{ name: 'database', status: 'fail', output: 'connect ECONNREFUSED 127.0.0.1:5432' }] }),
  health('liveness', '/health/live'),
  dependency('database', 'postgres', '127.0.0.1:5432/app').refused(),
  dependency('redis-cache', 'redis', '127.0.0.1:6379').optional(),
]);

interface Scenario {
  name: string;
  result: RunResult;
  context?: AnalysisContext;
  /** The rules that fire, in the order of the findings. */
  rules: string[];
  check: (findings: Finding[]) => void;
}

const all = (f: Finding): string => [f.title, f.issue, f.impact, f.probableCause, ...f.remediation].join('\n');

const scenarios: Scenario[] = [
  {
    name: 'all checks pass: no finding',
    result: run([health('basic-health'), dependency('database', 'postgres')]),
    rules: [],
    check: () => {},
  },
  {
    name: 'readiness 503 naming the database while the database check is refused: one root cause',
    result: seedRun(),
    rules: ['dependency-down-readiness'],
    check: ([f]) => {
      expect(f.severity).toBe('critical');
      expect(f.checks.sort()).toEqual(['database', 'readiness']);
      expect(f.title).toMatch(/^Database unavailable: readiness returned 503 while database fails/);
      expect(f.issue).toMatch(/Database connection failed/);
      expect(f.impact).toBe('CRITICAL - Service cannot handle requests');
      expect(f.probableCause).toMatch(/refuses connections at 127\.0\.0\.1:5432/);
      expect(f.remediation).toContain('Probe database directly: pg_isready -h 127.0.0.1 -p 5432');
      expect(all(f)).toContain('kubectl logs deploy/django -c django -n prod --since=15m');
      expect(all(f)).toContain('kubectl rollout history deployment/django -n prod');
      expect(all(f)).toContain('kubectl set image deployment/django django=django:v1.21.8-stable -n prod');
      expect(all(f)).toContain('npx smokeguard run --config smoke.yaml --environment prod --only readiness database');
    },
  },
  {
    name: 'readiness 503 with no body while the mysql check fails: still the database',
    result: run([health('readiness').fails(503), dependency('orders-db', 'mysql', '127.0.0.1:3306').error('ETIMEDOUT')]),
    rules: ['dependency-down-readiness'],
    check: ([f]) => {
      expect(f.checks.sort()).toEqual(['orders-db', 'readiness']);
      expect(f.probableCause).toMatch(/does not answer in time/);
      expect(f.remediation).toContain('Probe orders-db directly: mysqladmin ping -h 127.0.0.1 -P 3306');
    },
  },
  {
    name: 'readiness body names the database, no dependency check configured',
    result: run([health('readiness').fails(503).with({ components: [{ name: 'db:connections', status: 'fail', output: 'timeout' }] })]),
    rules: ['dependency-down-readiness'],
    check: ([f]) => {
      expect(f.checks).toEqual(['readiness']);
      expect(f.issue).toContain('db:connections: timeout');
      expect(f.probableCause).toMatch(/reports the database as failing/);
    },
  },
  {
    name: 'unknown names become placeholders',
    result: seedRun(),
    context: {},
    rules: ['dependency-down-readiness'],
    check: ([f]) => {
      expect(all(f)).toContain('kubectl set image deployment/<deployment> <container>=<previous-image> -n <namespace>');
      expect(all(f)).toContain('Re-run the affected checks: npx smokeguard run --environment prod --only readiness database');
    },
  },
  {
    name: "names fall back to the run's target and the rollback record",
    result: run([dependency('database', 'postgres').refused()], {
      target: { deployment: 'api', namespace: 'staging' }, rollback: rollbackOutcome({ targetImage: 'api:v1' }),
    }),
    context: { container: 'api' },
    rules: ['dependency-down'],
    check: ([f]) => expect(all(f)).toContain('kubectl set image deployment/api api=api:v1 -n staging'),
  },
  {
    name: 'two login paths fail (500) while the auth dependency answers 504: "fail", the verb agreeing',
    result: run([
      path('user-login').fails(500).with({ steps: [{ index: 0, name: 'login', method: 'POST', target: '/api/auth/login', status: 'failed', httpStatus: 500, durationMs: 30 }] }),
      path('create-read').fails(500).with({ steps: [{ index: 0, name: 'login', method: 'POST', target: '/api/auth/login', status: 'failed', httpStatus: 500, durationMs: 30 }] }),
      dependency('auth-service', 'http', 'http://127.0.0.1:9000/validate').fails(504),
    ]),
    rules: ['auth-service'],
    check: ([f]) => expect(f.title).toBe('Auth service unavailable: user-login, create-read fail'),
  },
  {
    name: 'login path fails (500) while the auth dependency times out: the auth service',
    result: run([
      path('user-login').fails(500).with({ steps: [{ index: 0, name: 'login', method: 'POST', target: '/api/auth/login', status: 'failed', httpStatus: 500, durationMs: 30 }] }),
      dependency('auth-service', 'http', 'http://127.0.0.1:9000/validate').timedOut(),
      path('core-api'),
    ]),
    rules: ['auth-service'],
    check: ([f]) => {
      expect(f.checks.sort()).toEqual(['auth-service', 'user-login']);
      expect(f.title).toBe('Auth service timing out: user-login fails');
      expect(f.issue).toMatch(/^Auth service timeout during authentication/);
      expect(f.impact).toBe('CRITICAL - Core functionality broken');
      expect(all(f)).toContain('curl -sS -i --max-time 10 http://127.0.0.1:9000/validate');
    },
  },
  {
    name: 'a dependency whose name merely contains "auth" is not the auth service',
    result: run([path('user-login').fails(500), dependency('author-api', 'http', 'http://127.0.0.1:9001/').fails(502)]),
    rules: ['dependency-down', 'path-server-error'],
    check: ([dep]) => expect(dep.checks).toEqual(['author-api']),
  },
  {
    name: 'the seed critical run: database behind readiness, auth behind login — two findings',
    result: run([
      health('readiness').fails(503).with({ components: [{ name: 'database', status: 'fail' }] }),
      dependency('database', 'postgres').refused(),
      dependency('auth', 'auth').timedOut(),
      path('user-login').fails(500),
    ]),
    rules: ['auth-service', 'dependency-down-readiness'],
    check: (fs) => expect(fs.every((f) => f.severity === 'critical')).toBe(true),
  },
  {
    name: 'resets and empty answers are not "service down": each kind is named with its own cause',
    result: run([
      health('basic-health').error('EMPTY_RESPONSE', 'connection closed without a response at http://127.0.0.1:8080/health'),
      health('readiness').error('RESET_MID_BODY', 'connection reset by peer mid-body at http://127.0.0.1:8080/health/ready (status 200 kept, 3 of 100 bytes)').with({ httpStatus: 200 }),
      path('core-api').error('ECONNRESET', 'connection reset by peer before any response at http://127.0.0.1:8080/api'),
      health('liveness').error('PREMATURE_END', 'response body ended early at http://127.0.0.1:8080/health/live (status 200 kept, 5 bytes, chunked body unfinished)').with({ httpStatus: 200 }),
    ]),
    rules: ['connection-failure', 'connection-failure', 'connection-failure', 'connection-failure'],
    check: (fs) => {
      const issues = fs.map((f) => f.issue.split(' (')[0]);
      expect(issues.sort()).toEqual(['Connection closed without a response', 'Connection reset before any response', 'Connection reset mid-body', 'Response body ended early']);
      for (const f of fs) expect(all(f)).not.toMatch(/Nothing accepts connections|Service down/);
    },
  },
  {
    name: 'every health check and path refused: service down or wrong base_url',
    result: run([health('basic-health').refused(), health('readiness').refused(), path('core-api').refused(), dependency('database', 'postgres')]),
    rules: ['service-down'],
    check: ([f]) => {
      expect(f.checks).toEqual(['basic-health', 'readiness', 'core-api']);
      expect(f.title).toBe('Service down: every check was refused at 127.0.0.1:8080');
      expect(all(f)).toContain('kubectl rollout status deployment/django -n prod --timeout=60s');
      expect(all(f)).toMatch(/base_url/);
    },
  },
  {
    name: 'one refused health check among healthy ones is not "service down"',
    result: run([health('basic-health'), health('metrics').refused()]),
    rules: ['connection-failure'],
    check: ([f]) => expect(f.checks).toEqual(['metrics']),
  },
  {
    name: 'DNS failures grouped per host',
    result: run([
      health('basic-health').with({ target: 'http://api.prod.internal/health' }).error('ENOTFOUND'),
      health('readiness').with({ target: 'http://api.prod.internal/health/ready' }).error('ENOTFOUND'),
      dependency('database', 'postgres', 'db.prod.internal:5432').error('ENOTFOUND'),
    ]),
    rules: ['dns-failure', 'dns-failure'],
    check: ([a, b]) => {
      expect(a.title).toBe('DNS failure: api.prod.internal does not resolve');
      expect(a.checks).toEqual(['basic-health', 'readiness']);
      expect(a.remediation).toContain('Resolve it yourself: dig +short api.prod.internal');
      expect(b.checks).toEqual(['database']);
    },
  },
  {
    name: 'expired TLS certificate',
    result: run([health('basic-health').with({ target: 'https://api.example.test:8443/health' }).error('CERT_HAS_EXPIRED', 'TLS certificate has expired')]),
    rules: ['tls-certificate'],
    check: ([f]) => {
      expect(f.probableCause).toMatch(/expired/);
      expect(all(f)).toContain('openssl s_client -connect api.example.test:8443 -servername api.example.test');
    },
  },
  {
    name: 'certificate host name mismatch',
    result: run([health('basic-health').with({ target: 'https://10.0.0.1/health' }).error('ERR_TLS_CERT_ALTNAME_INVALID')]),
    rules: ['tls-certificate'],
    check: ([f]) => expect(f.probableCause).toMatch(/does not cover this host name/),
  },
  {
    name: 'PostgreSQL rejects the password (28P01), readiness 503 with it',
    result: run([health('readiness').fails(503), dependency('database', 'postgres', '127.0.0.1:5432').error('28P01', 'password authentication failed for user "app"')]),
    rules: ['dependency-auth'],
    check: ([f]) => {
      expect(f.checks).toEqual(['database', 'readiness']);
      expect(f.probableCause).toMatch(/rejects the credentials \(28P01\)/);
    },
  },
  {
    name: 'Redis optional and down: warning, minor degradation, check in 30 min',
    result: run([health('basic-health'), dependency('redis-cache', 'redis', '127.0.0.1:6379').optional().refused()]),
    rules: ['dependency-down'],
    check: ([f]) => {
      expect(f.severity).toBe('warning');
      expect(f.impact).toBe('Minor feature degradation');
      expect(f.remediation).toContain('Check redis-cache status in the next 30 min; alert if the pattern persists.');
      expect(f.remediation).toContain('Probe redis-cache directly: redis-cli -h 127.0.0.1 -p 6379 PING');
    },
  },
  {
    name: 'required message queue down: critical, named by its family',
    result: run([dependency('message-queue', 'amqp', '127.0.0.1:5672').refused()]),
    rules: ['dependency-down'],
    check: ([f]) => {
      expect(f.severity).toBe('critical');
      expect(f.impact).toMatch(/^CRITICAL - Message queue unavailable/);
      expect(f.remediation[0]).toBe('Probe message-queue directly: nc -vz 127.0.0.1 5672');
    },
  },
  {
    name: '5xx on two critical paths: one application-error finding',
    result: run([path('core-api').fails(502), path('checkout').fails(500)]),
    rules: ['path-server-error'],
    check: ([f]) => {
      expect(f.checks).toEqual(['core-api', 'checkout']);
      expect(f.impact).toBe('CRITICAL - Core functionality broken');
      expect(all(f)).toContain("kubectl logs deploy/django -c django -n prod --since=15m | grep -iE 'error|exception|traceback|panic'");
    },
  },
  {
    name: '401 on a path step: credentials or auth config',
    result: run([path('user-profile').fails(401).with({ httpStatus: undefined, steps: [
      { index: 0, name: 'login', status: 'passed', httpStatus: 200, durationMs: 5 },
      { index: 1, name: 'profile', method: 'GET', target: '/api/user/profile', status: 'failed', httpStatus: 401, durationMs: 5 },
    ] })]),
    rules: ['path-auth-rejected'],
    check: ([f]) => expect(f.issue).toContain('user-profile (401 at step 2 (GET /api/user/profile → 401))'),
  },
  {
    name: 'rate limiting not enforced',
    result: run([checkOf('rate-limit', 'path', 'rate_limit').status('failed', 'no 429 after 50 requests')]),
    rules: ['rate-limit'],
    check: ([f]) => expect(f.issue).toBe('no 429 after 50 requests'),
  },
  {
    name: 'health 500 naming a component of no dependency family',
    result: run([health('readiness').fails(500).with({ components: [{ name: 'disk', status: 'DOWN', output: 'free space below threshold' }] })]),
    rules: ['health-server-error'],
    check: ([f]) => expect(f.title).toBe('readiness returned 500: disk: free space below threshold'),
  },
  {
    name: 'optional liveness timeout: warning, non-critical',
    result: run([health('basic-health'), health('liveness').optional().timedOut()]),
    rules: ['timeout'],
    check: ([f]) => {
      expect(f.severity).toBe('warning');
      expect(f.issue).toMatch(/^liveness: Timeout \(non-critical\)/);
      expect(f.impact).toBe('Minor feature degradation');
    },
  },
  {
    name: 'required path timeout: critical',
    result: run([path('core-api').timedOut()]),
    rules: ['timeout'],
    check: ([f]) => expect(f.impact).toBe('CRITICAL - Core functionality broken'),
  },
  {
    name: 'machinery error is a warning, even on a required check',
    result: run([health('basic-health').status('error', 'TypeError: driver exploded')]),
    rules: ['machinery-error'],
    check: ([f]) => {
      expect(f.severity).toBe('warning');
      expect(f.issue).toBe('Test execution error: TypeError: driver exploded');
    },
  },
  {
    name: 'a dependency without connection settings: what to set, not "report it" (re-running as is would only repeat it)',
    result: run([dependency('database', 'postgres').status('error', 'no connection settings: set url (or host) on the check, or DATABASE_URL')]),
    rules: ['machinery-error'],
    check: ([f]) => {
      expect(f.severity).toBe('warning');
      expect(f.remediation).toEqual([expect.stringMatching(/^Set url \(or host\) on the check, or DATABASE_URL in the environment smokeguard runs in .*, then re-run it: npx smokeguard run .*--only database$/)]);
      expect(all(f)).not.toMatch(/report it|whether it repeats/);
    },
  },
  {
    name: 'wrong body on a health check: assertion fallback with expected and actual',
    result: run([health('basic-health').with({ httpStatus: 200, assertions: [{ name: 'json $.status', expected: 'ok', actual: 'degraded', passed: false }] }).status('failed')]),
    rules: ['assertion-failed'],
    check: ([f]) => expect(f.probableCause).toContain('json $.status: expected "ok", got "degraded"'),
  },
  {
    name: 'rollback failed: page ops with the manual command',
    result: run([path('core-api').fails(500)], { rollback: rollbackOutcome({ status: 'failed', message: '✗ ROLLBACK FAILED', alertOps: true, error: { message: 'forbidden: cannot patch deployments' } }) }),
    rules: ['rollback-failed', 'path-server-error'],
    check: ([f]) => {
      expect(f.checks).toEqual([]);
      expect(f.issue).toBe('Automatic rollback failed: forbidden: cannot patch deployments');
      expect(f.remediation[0]).toMatch(/^Page the ops on-call now/);
      expect(f.remediation[1]).toBe('Roll back by hand: kubectl set image deployment/django django=django:v1.21.8-stable -n prod');
    },
  },
  {
    name: 'confirmation timed out with alertOps: page ops with the stage\'s own manual command',
    result: run([path('core-api').fails(500)], { rollback: rollbackOutcome({
      status: 'confirmation_timeout', message: 'nobody confirmed within 60 s', alertOps: true,
      manualCommand: 'kubectl set image deployment/django django=django:v1.21.8-stable -n prod --context prod-eu',
    }) }),
    rules: ['rollback-failed', 'path-server-error'],
    check: ([f]) => {
      expect(f.title).toBe('Rollback needs ops now (confirmation timeout)');
      expect(f.issue).toBe('Automatic rollback confirmation timeout: nobody confirmed within 60 s');
      expect(f.remediation[1]).toBe('Roll back by hand: kubectl set image deployment/django django=django:v1.21.8-stable -n prod --context prod-eu');
    },
  },
  {
    name: 'a successful rollback is no finding',
    result: run([path('core-api').fails(500)], { rollback: rollbackOutcome({ targetImage: 'django:v1.21.8-stable' }) }),
    rules: ['path-server-error'],
    check: () => {},
  },
  {
    name: 'run deadline reached',
    result: run([path('core-api').timedOut()], { deadlineReached: true }),
    rules: ['deadline-reached', 'timeout'],
    check: ([f]) => expect(f.title).toBe('Run deadline of 300 s reached'),
  },
  {
    name: 'blocked checks join the finding of the check they depend on',
    result: run([dependency('database', 'postgres').refused(), path('core-api').blockedBy('database'), path('reports').blockedBy('core-api')]),
    rules: ['dependency-down'],
    check: ([f]) => expect(f.checks).toEqual(['database', 'core-api', 'reports']),
  },
  {
    name: 'warnings sort after critical findings',
    result: run([dependency('redis-cache', 'redis').optional().refused(), path('core-api').fails(500)]),
    rules: ['path-server-error', 'dependency-down'],
    check: ([a, b]) => expect([a.severity, b.severity]).toEqual(['critical', 'warning']),
  },
];

describe('failure analysis rules', () => {
  it.each(scenarios)('$name', ({ result, context, rules, check }) => {
    const findings = analyze(result, context ?? ctx);
    expect(findings.map((f) => f.rule)).toEqual(rules);
    check(findings);
  });

  it('every rule in the table fires in some scenario', () => {
    const fired = new Set(scenarios.flatMap((s) => s.rules));
    expect(RULES.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it('every failing check is explained by exactly one finding', () => {
    for (const s of scenarios) {
      const findings = analyze(s.result, ctx);
      const bad = s.result.checks.filter((c) => ['failed', 'timed_out', 'error'].includes(c.status)).map((c) => c.name);
      const explained = findings.flatMap((f) => f.checks);
      for (const name of bad) expect(explained.filter((n) => n === name), `${s.name}: ${name}`).toHaveLength(1);
    }
  });
});

/**
 * Why the rollback needs ops, said as it is: a confirmation nobody gave is not an RBAC problem,
 * a paused Deployment or a missing earlier revision is not an image pull. The seed's default path
 * ends in a confirmation timeout, so its finding is the one ops read most.
 */
describe('rollback finding: the probable cause fits what happened', () => {
  const cause = (fields: Partial<RollbackOutcome>) => analyze(run([path('core-api').fails(500)], { rollback: rollbackOutcome({ alertOps: true, ...fields }) }), ctx)
    .find((f) => f.rule === 'rollback-failed')?.probableCause ?? '';
  const RBAC = /RBAC|cannot be pulled/;

  it.each([
    ['confirmation timeout', { status: 'confirmation_timeout', message: 'no ops confirmation within 120s' }, /Nobody answered the confirmation request in time/],
    ['paused', { status: 'failed', message: '✗', error: { message: 'paused', kind: 'paused' } }, /paused \(spec\.paused: true\)/],
    ['no earlier revision', { status: 'failed', message: '✗', error: { message: 'none', kind: 'no_previous_revision' }, nothingToRollBackTo: 'no earlier revision' }, /no earlier revision/],
    ['stopped before it started', { status: 'aborted', message: 'rollback not started' }, /stopped \(SIGTERM\/SIGINT\) before the rollback started/],
    ['stopped during the rollout', { status: 'failed', message: '✗', error: { message: 'interrupted', kind: 'interrupted' } }, /stopped \(SIGTERM\/SIGINT\) after the rollback's patch was sent/],
    ['attempt limit', { status: 'skipped_limit', message: 'rollback skipped: limit' }, /attempt limit/],
    ['healthy not back', { status: 'succeeded', message: 'rolled back; still unhealthy', verification: { healthy: false, checks: [] } }, /rollback completed but the required health checks still fail/],
  ] as const)('%s', (_name, fields, expected) => {
    const text = cause(fields as Partial<RollbackOutcome>);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(RBAC);
  });

  it('a failed patch or rollout keeps the RBAC / image / readiness causes', () => {
    expect(cause({ status: 'failed', message: '✗', error: { message: 'forbidden', kind: 'forbidden' } })).toMatch(RBAC);
    expect(cause({ status: 'failed', message: '✗ rollout stalled' })).toMatch(RBAC);
  });
});

describe('rollback finding after a completed rollback whose health did not return', () => {
  it('advises no roll back: the previous version is live, and an undo would redeploy the failed one', () => {
    const [f] = analyze(run([path('core-api').fails(500)], { rollback: rollbackOutcome({
      status: 'succeeded', alertOps: true, currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable',
      message: 'rolled back deployment/django to django:v1.21.8-stable; still unhealthy — alert ops', verification: { healthy: false, checks: [] },
    }) }), { deployment: 'django', namespace: 'prod' });
    expect(f.rule).toBe('rollback-failed');
    expect(f.title).toBe('Still unhealthy after the rollback to django:v1.21.8-stable');
    expect(f.impact).not.toContain('Faulty deployment still live');
    const steps = f.remediation.join('\n');
    expect(steps).not.toMatch(/rollout undo|set image|Roll back by hand/);
    expect(steps).toContain('django:v1.21.8-stable is live again');
  });
});

describe('nothing to roll back to', () => {
  it('no finding advises a rollback, not even with a placeholder image: each says there is none', () => {
    const nothing = 'deployment/django already runs the last known good version (revision 3), or every earlier revision failed smoke tests: nothing to roll back to';
    const findings = analyze(seedRun(), { deployment: 'django', namespace: 'prod' });
    expect(findings.flatMap((f) => f.remediation).join('\n')).toContain('<previous-image>'); // the placeholder, without the record
    const result = { ...seedRun(), rollback: rollbackOutcome({ status: 'skipped_limit', alertOps: true, message: 'rollback skipped', currentImage: 'django:v1.21.8-stable', nothingToRollBackTo: nothing }) };
    const steps = analyze(result, { deployment: 'django', namespace: 'prod' }).flatMap((f) => f.remediation).join('\n');
    expect(steps).not.toMatch(/<previous-image>|set image|rollout undo/);
    expect(steps).toContain(`roll back: none — ${nothing}`);
  });
});

