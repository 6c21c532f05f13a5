import type { Finding } from '../../src/analysis/types.js';
import { configSchema, type SmokeConfig } from '../../src/config/schema.js';
import type { CheckResult, NotificationOutcome, RollbackOutcome, RunResult, Verdict } from '../../src/core/types.js';

/** A check result with the fields a notification reads. */
export function check(name: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  const severity = status === 'passed' || status === 'skipped' || status === 'blocked' ? 'none' : extra.required === false ? 'warning' : 'critical';
  return { name, kind: 'health', type: 'http', required: true, status, severity, attempts: 1, durationMs: 12, timeoutMs: 5000, ...extra };
}

export const READINESS_FINDING: Finding = {
  rule: 'dependency-down-readiness',
  severity: 'critical',
  title: 'Database unavailable: readiness fails because PostgreSQL refuses connections',
  checks: ['readiness', 'database'],
  issue: 'Database connection failed',
  impact: 'CRITICAL - Service cannot handle requests',
  probableCause: 'PostgreSQL is down or unreachable from the pods',
  remediation: ['kubectl logs -f deploy/django -n prod', 'kubectl set image deployment/django django=django:v1.21.8-stable -n prod'],
};

/** A run as the pipeline hands it over: verdict, checks, rollback record, findings. */
export function runResult(verdict: Verdict, options: { checks?: CheckResult[]; rollback?: RollbackOutcome; findings?: Finding[]; version?: string; notifications?: NotificationOutcome[] } = {}): RunResult {
  const checks = options.checks ?? (verdict === 'passed' ? [check('basic-health', 'passed')] : [
    check('readiness', 'failed', { reason: '/health/ready returned 503', httpStatus: 503 }),
    check('user-login', 'failed', { kind: 'path', type: 'flow', reason: 'POST /api/auth/login returned 500' }),
  ]);
  const critical = checks.filter((c) => c.severity === 'critical').length;
  return {
    schemaVersion: 1,
    runId: 'run-0001',
    tool: { name: 'smokeguard', version: '0.1.0' },
    target: { baseUrl: 'http://127.0.0.1:8080', environment: 'prod', deployment: 'django', namespace: 'prod', version: options.version ?? 'v1.22.0-context-api' },
    startedAt: '2026-11-27T14:32:15.000Z',
    finishedAt: '2026-11-27T14:32:25.000Z',
    durationMs: 10_000,
    deadlineMs: 300_000,
    deadlineReached: false,
    verdict,
    summary: { total: checks.length, passed: checks.filter((c) => c.status === 'passed').length, failed: critical, timedOut: 0, errors: 0, blocked: 0, skipped: 0, critical, warnings: 0 },
    checks,
    decision: critical ? { action: 'rollback', mode: 'immediate', criticalFailures: critical, threshold: 1, reason: `${critical} critical failures` } : { action: 'none', criticalFailures: 0, threshold: 1, reason: 'no critical failure' },
    dryRun: false,
    timeline: [],
    rollback: options.rollback,
    findings: options.findings ?? (verdict === 'critical' ? [READINESS_FINDING] : []),
    notifications: options.notifications,
  };
}

export const ROLLBACK_SUCCEEDED: RollbackOutcome = { status: 'succeeded', startedAt: '2026-11-27T14:32:35.000Z', finishedAt: '2026-11-27T14:33:15.000Z', durationMs: 40_000, message: 'Rolled back 3/3 pods', currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable', alertOps: false };
export const ROLLBACK_FAILED: RollbackOutcome = { status: 'failed', startedAt: '2026-11-27T14:32:35.000Z', finishedAt: '2026-11-27T14:32:36.000Z', durationMs: 1_000, message: 'patch deployments.apps forbidden', manualCommand: 'kubectl set image deployment/django django=django:v1.21.8-stable -n prod', alertOps: true };

/** A whole config through the real schema (so defaults apply exactly as in a run). */
export function smokeConfig(input: Record<string, unknown>): SmokeConfig {
  return configSchema.parse(input);
}
