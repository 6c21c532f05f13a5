import { analyze } from '../../src/analysis/analyze.js';
import type { AnalysisContext } from '../../src/analysis/types.js';
import type { RunResult } from '../../src/core/types.js';
import { dependency, health, path, rollbackEvents, rollbackOutcome, run, RUN_START } from './result-builder.js';

/**
 * The runs every reporter is tested with: passed, warning, critical (the seed's, with a
 * rollback), timed out, machinery error and blocked. Findings come from the real analysis.
 * Response excerpts carry markup and control characters, to prove every renderer escapes.
 */
export const ANALYSIS_CONTEXT: AnalysisContext = {
  deployment: 'django', namespace: 'prod', container: 'django',
  currentImage: 'django:v1.22.0-context-api', previousImage: 'django:v1.21.8-stable', configPath: 'smoke.yaml',
};

/** Markup that would run or render if a reporter forgot to escape it. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> | **bold** \`tick\` ]]> & \u0001\u0007`;

function withFindings(result: RunResult): RunResult {
  return { ...result, findings: analyze(result, ANALYSIS_CONTEXT) };
}

const at = (ms: number): string => new Date(RUN_START + ms).toISOString();

export function passedRun(): RunResult {
  return withFindings(run([
    health('basic-health', '/health').at(0, 40),
    health('readiness', '/health/ready').at(0, 90),
    health('liveness', '/health/live').at(0, 30),
    dependency('database', 'postgres', '127.0.0.1:5432/app').at(100, 130).with({ summary: 'PostgreSQL 16.4' }),
    dependency('redis-cache', 'redis', '127.0.0.1:6379').optional().at(100, 110),
    path('user-login').at(140, 400),
    path('core-api').at(140, 260),
  ], { target: { baseUrl: 'http://127.0.0.1:8080', environment: 'prod', deployment: 'django', namespace: 'prod' } }));
}

export function warningRun(): RunResult {
  return withFindings(run([
    health('basic-health', '/health').at(0, 40),
    health('liveness', '/health/live').optional().with({ timeoutMs: 5_000 }).timedOut(),
    dependency('redis-cache', 'redis', '127.0.0.1:6379').optional().at(100, 3_100).refused(),
    path('core-api').at(140, 260),
  ]));
}

export function criticalRun(): RunResult {
  const result = run([
    health('basic-health', '/health').at(0, 2_000),
    health('readiness', '/health/ready').at(0, 2_400).fails(503).with({
      components: [{ name: 'database', status: 'fail', output: 'connect ECONNREFUSED 127.0.0.1:5432' }],
      bodyExcerpt: `{"status":"fail","note":"${HOSTILE}"}`,
    }),
    dependency('database', 'postgres', '127.0.0.1:5432/app').at(2_500, 2_600).refused(),
    dependency('redis-cache', 'redis', '127.0.0.1:6379').optional().at(2_500, 2_550),
    path('user-login').at(2_700, 8_000).fails(500).with({ steps: [
      { index: 0, name: 'login', method: 'POST', target: '/api/auth/login', status: 'failed', httpStatus: 500, durationMs: 5_300, reason: 'status: expected 200, got 500' },
      { index: 1, name: 'profile', method: 'GET', target: '/api/user/profile', status: 'not_run', durationMs: 0 },
    ] }),
    dependency('auth', 'auth', 'http://127.0.0.1:9000/validate').at(2_500, 7_500).with({ timeoutMs: 5_000 }).status('timed_out', 'no answer within 5 s'),
    path('core-api').at(2_700, 2_900),
  ], {
    target: { baseUrl: 'http://127.0.0.1:8080', environment: 'prod', deployment: 'django', namespace: 'prod' },
    rollback: rollbackOutcome({ message: 'Rolled back 3/3 pods', currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable', startedAt: at(20_000), finishedAt: at(60_000), durationMs: 40_000 }),
  });
  // The seed's timeline: failures detected, decision, rollback started and complete.
  result.timeline.push(...rollbackEvents(20_000, 60_000, 'complete'));
  result.timeline.sort((a, b) => a.at.localeCompare(b.at));
  result.finishedAt = at(60_000);
  result.durationMs = 60_000;
  result.notifications = [
    { channel: 'slack-ops', type: 'slack', event: 'rollback_succeeded', status: 'sent', attempts: 1, durationMs: 120 },
    { channel: 'email-on-call', type: 'email', event: 'rollback_succeeded', status: 'failed', attempts: 3, durationMs: 900, error: 'SMTP 421' },
  ];
  result.incident = {
    provider: 'jira', id: 'INC-2026-0542', url: 'https://jira.example.test/browse/INC-2026-0542', created: true, deduplicated: false,
    attempts: 1, durationMs: 240, dedupKey: 'smokeguard:prod/django@v1.22.0',
  };
  return withFindings(result);
}

export function timedOutRun(): RunResult {
  return withFindings(run([
    health('basic-health', '/health').at(0, 50),
    path('core-api').with({ timeoutMs: 10_000 }).timedOut(),
  ], { deadlineReached: true }));
}

export function errorRun(): RunResult {
  return withFindings(run([
    health('basic-health', '/health').at(0, 50),
    dependency('message-queue', 'amqp', '127.0.0.1:5672').at(0, 20).status('error', `driver crashed: ${HOSTILE}`),
  ]));
}

export function blockedRun(): RunResult {
  return withFindings(run([
    dependency('database', 'postgres', '127.0.0.1:5432/app').at(0, 30).refused(),
    path('core-api').blockedBy('database'),
    path('reports').with({ status: 'skipped', reason: 'not selected (--only)' }),
  ]));
}

export const RUNS: Array<{ name: string; make: () => RunResult }> = [
  { name: 'passed', make: passedRun },
  { name: 'warning', make: warningRun },
  { name: 'critical', make: criticalRun },
  { name: 'timed-out', make: timedOutRun },
  { name: 'error', make: errorRun },
  { name: 'blocked', make: blockedRun },
];
