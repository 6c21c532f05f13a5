import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { startDemoService, type DemoFaults, type DemoService } from '../demo/service.js';
import { closedPort } from '../../test/helpers/silent-server.js';
import { PG_URL, REDIS_URL } from '../../test/helpers/cli.js';
import { run } from './pipeline.js';
import type { CheckResult } from '../core/types.js';

/**
 * The seed's Failure Handling table, row by row, through the library entry against the demo
 * service and the real PostgreSQL and Redis on this machine.
 */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

function seedLike(overrides: Record<string, unknown> = {}) {
  return {
    base_url: service.url,
    auto_rollback: { enabled: true, critical_failure_threshold: 1, requires_ops_confirmation: true, rollback_timeout_seconds: 60 },
    health_checks: [
      { name: 'basic-health', endpoint: '/health', expected_status: 200, timeout_seconds: 5, required: true },
      { name: 'readiness', endpoint: '/health/ready', expected_status: 200, timeout_seconds: 5, required: true },
      { name: 'liveness', endpoint: '/health/live', expected_status: 200, timeout_seconds: 1, required: false },
    ],
    dependency_checks: [
      { name: 'database', type: 'postgres', url: PG_URL, timeout_seconds: 5, required: true },
      { name: 'redis-cache', type: 'redis', url: REDIS_URL, timeout_seconds: 3, required: false },
    ],
    critical_paths: [
      { name: 'user-login', timeout_seconds: 15, required: true, steps: [
        { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } },
        { method: 'GET', endpoint: '/api/user/profile', required_status: 200 },
      ] },
    ],
    ...overrides,
  };
}

async function runWith(faults: DemoFaults, overrides: Record<string, unknown> = {}) {
  Object.assign(service.faults, { readiness: 'ok', login: 'ok', liveness: 'ok', readinessWarmup: 0 }, faults);
  const { config, secrets } = validateConfig(seedLike(overrides), { env: {} });
  return run(config, { env: {}, secrets });
}

const status = (checks: CheckResult[], name: string) => checks.find((c) => c.name === name)!;

describe('Failure Handling table', () => {
  const table: { row: string; faults: DemoFaults; overrides?: () => Promise<Record<string, unknown>>; verdict: string; expect(checks: CheckResult[], decision: { action: string; mode?: string }): void }[] = [
    {
      row: 'critical failure detected → rollback that needs ops confirmation',
      faults: { readiness: 'database-down' },
      verdict: 'critical',
      expect: (checks, decision) => {
        expect(status(checks, 'readiness')).toMatchObject({ status: 'failed', severity: 'critical', httpStatus: 503 });
        expect(decision).toMatchObject({ action: 'rollback', mode: 'awaiting_confirmation' });
      },
    },
    {
      row: 'multiple failures detected → immediate rollback',
      faults: { readiness: 'database-down', login: 'error' },
      verdict: 'critical',
      expect: (checks, decision) => {
        expect(checks.filter((c) => c.severity === 'critical').map((c) => c.name).sort()).toEqual(['readiness', 'user-login']);
        expect(decision).toMatchObject({ action: 'rollback', mode: 'immediate' });
      },
    },
    {
      row: 'timeout during an optional test → recorded, the others go on, no rollback',
      faults: { liveness: 'hang' },
      verdict: 'warning',
      expect: (checks, decision) => {
        expect(status(checks, 'liveness')).toMatchObject({ status: 'timed_out', severity: 'warning' });
        expect(checks.filter((c) => c.name !== 'liveness').every((c) => c.status === 'passed')).toBe(true);
        expect(decision.action).toBe('none');
      },
    },
    {
      row: 'timeout during a required test → critical (the rollback is conditional on required)',
      faults: { liveness: 'hang' },
      overrides: async () => ({ health_checks: [{ name: 'liveness', endpoint: '/health/live', timeout_seconds: 1, required: true }] }),
      verdict: 'critical',
      expect: (checks) => expect(status(checks, 'liveness')).toMatchObject({ status: 'timed_out', severity: 'critical' }),
    },
    {
      row: 'required dependency unavailable → failure',
      faults: {},
      overrides: async () => ({ dependency_checks: [{ name: 'database', type: 'postgres', url: `postgres://postgres@127.0.0.1:${await closedPort()}/test`, timeout_seconds: 3 }] }),
      verdict: 'critical',
      expect: (checks) => {
        expect(status(checks, 'database')).toMatchObject({ status: 'failed', severity: 'critical', errorCode: 'ECONNREFUSED' });
        expect(status(checks, 'database').reason).toMatch(/connection refused at 127\.0\.0\.1:\d+/);
      },
    },
    {
      row: 'optional dependency unavailable → warning',
      faults: {},
      overrides: async () => ({ dependency_checks: [{ name: 'redis-cache', type: 'redis', url: `redis://127.0.0.1:${await closedPort()}`, required: false }] }),
      verdict: 'warning',
      expect: (checks) => expect(status(checks, 'redis-cache')).toMatchObject({ status: 'failed', severity: 'warning' }),
    },
  ];

  for (const scenario of table) {
    it(scenario.row, async () => {
      const result = await runWith(scenario.faults, scenario.overrides ? await scenario.overrides() : {});
      expect(result.verdict).toBe(scenario.verdict);
      scenario.expect(result.checks, result.decision);
      expect(result.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['run_started', 'decision', 'run_finished']));
    });
  }

  it('all healthy → passed, decision none, every check passed once', async () => {
    const result = await runWith({});
    expect(result.verdict).toBe('passed');
    expect(result.decision.action).toBe('none');
    expect(result.checks.every((c) => c.status === 'passed' && c.attempts === 1)).toBe(true);
  });
});

describe('retries and depends_on', () => {
  it('retries a readiness endpoint still warming up, with backoff, inside its timeout', async () => {
    const result = await runWith({ readinessWarmup: 2 }, {
      health_checks: [{ name: 'readiness', endpoint: '/health/ready', timeout_seconds: 5, retries: { attempts: 3, initial_delay_ms: 50 } }],
    });
    expect(status(result.checks, 'readiness')).toMatchObject({ status: 'passed', attempts: 3 });
  });

  it('gives up when retries run out, reporting the last failure', async () => {
    const result = await runWith({ readinessWarmup: 10 }, {
      health_checks: [{ name: 'readiness', endpoint: '/health/ready', timeout_seconds: 5, retries: { attempts: 1, initial_delay_ms: 10 } }],
    });
    expect(status(result.checks, 'readiness')).toMatchObject({ status: 'failed', attempts: 2, httpStatus: 503 });
    expect(status(result.checks, 'readiness').reason).toContain('startup:warmup');
  });

  it('a check whose prerequisite failed is blocked, not failed: one root cause, one alert', async () => {
    const result = await runWith({ readiness: 'database-down' }, {
      critical_paths: [{ name: 'user-login', depends_on: ['readiness'], steps: [{ method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } }] }],
    });
    expect(status(result.checks, 'user-login')).toMatchObject({ status: 'blocked', severity: 'none', attempts: 0 });
    expect(status(result.checks, 'user-login').reason).toContain('readiness');
    expect(result.decision.criticalFailures).toBe(1);
  });

  it('a required check blocked by a mere warning is still critical: it was never verified', async () => {
    const result = await runWith({ liveness: 'hang' }, {
      critical_paths: [{ name: 'core-api', depends_on: ['liveness'], steps: [{ endpoint: '/api/resources' }] }],
    });
    expect(status(result.checks, 'core-api')).toMatchObject({ status: 'blocked', severity: 'critical' });
  });
});

describe('the run deadline', () => {
  it('cuts everything unfinished at timeout_seconds and still returns a full result', async () => {
    const result = await runWith({ liveness: 'hang' }, {
      timeout_seconds: 1,
      concurrency: 1,
      health_checks: [{ name: 'liveness', endpoint: '/health/live', timeout_seconds: 10, required: true }, { name: 'basic-health', endpoint: '/health' }],
    });
    expect(result.deadlineReached).toBe(true);
    expect(result.durationMs).toBeLessThan(2_000);
    expect(status(result.checks, 'liveness')).toMatchObject({ status: 'timed_out' });
    expect(status(result.checks, 'liveness').reason).toMatch(/^run deadline reached after 1(\.\d)? s, before the check's own 10 s timeout, waiting for response headers from 127\.0\.0\.1:\d+$/);
    // With concurrency 1 and the hang running first (required first), the rest never started.
    expect(result.checks.filter((c) => c.reason === 'not started: the run deadline was reached').map((c) => c.name).sort()).toEqual(['basic-health', 'database', 'redis-cache', 'user-login']);
    expect(result.timeline.some((e) => e.kind === 'deadline_reached')).toBe(true);
  });

  it('--only runs the chosen checks and reports the rest skipped', async () => {
    Object.assign(service.faults, { readiness: 'ok', login: 'ok', liveness: 'ok' });
    const { config } = validateConfig(seedLike(), { env: {} });
    const result = await run(config, { env: {}, only: ['basic-health', 'database'] });
    expect(result.checks.filter((c) => c.status === 'passed').map((c) => c.name).sort()).toEqual(['basic-health', 'database']);
    expect(result.summary.skipped).toBe(result.checks.length - 2);
  });
});
