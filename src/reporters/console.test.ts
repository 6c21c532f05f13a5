import { describe, expect, it } from 'vitest';
import { check, dependency, health, path, rollbackOutcome, run } from '../../test/helpers/result-builder.js';
import { groupThousands, nameWidth, renderCheckLine, renderSummary } from './console.js';
import { renderJson } from './json.js';
import { createStyle } from './style.js';

const plain = createStyle(false);

describe('console: one line per check, saying what was measured', () => {
  it('a multi-line driver reason stays on one line in the list (reports keep the full text)', () => {
    const db = dependency('database', 'postgres', '127.0.0.1:5432').optional().with({ reason: 'connection refused\n\tIs the server running on that host and accepting TCP/IP connections?' }).status('failed');
    const line = renderCheckLine(db.r, plain);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('connection refused · Is the server running on that host');
    const result = run([health('basic-health'), db]);
    const summary = renderSummary(result, plain);
    expect(summary).toContain('- database: Unavailable: connection refused · Is the server running on that host and accepting TCP/IP connections? (optional dependency)');
    // report.json keeps the driver's text as it came, newline and tab included.
    expect((JSON.parse(renderJson(result)) as typeof result).checks[1]!.reason).toBe('connection refused\n\tIs the server running on that host and accepting TCP/IP connections?');
  });

  it('a failed health check names its endpoint, on its line and in the numbered failures', () => {
    const ready = health('readiness', '/health/ready').fails(503, 'returned 503 (expected 200): database:connections: connect ECONNREFUSED');
    expect(renderCheckLine(ready.r, plain)).toMatch(/^ {2}✗ readiness {10}\/health\/ready returned 503 \(expected 200\)/);
    expect(renderSummary(run([ready]), plain)).toContain('1. Health Check: readiness (/health/ready) returned 503 (expected 200): database:connections: connect ECONNREFUSED');
    const slow = health('liveness', '/health/live').timedOut();
    expect(renderSummary(run([slow]), plain)).toContain('1. Health Check: liveness (/health/live) - no answer within 5 s');
  });

  it('a passing check shows what it measured on its line', () => {
    const tls = check('certificate', 'dependency', 'tls').with({ target: 'api.example.com:443', summary: 'certificate valid for 87 days (api.example.com, until 2027-02-24)' });
    expect(renderCheckLine(tls.r, plain)).toMatch(/^ {2}✓ certificate +api\.example\.com:443: certificate valid for 87 days \(api\.example\.com, until 2027-02-24\)/);
    const limits = check('rate-limit', 'path', 'rate_limit').with({ target: 'http://127.0.0.1:8080/api', summary: 'the limit engaged at request 11, Retry-After 60 s' });
    expect(renderCheckLine(limits.r, plain)).toContain(': the limit engaged at request 11, Retry-After 60 s');
  });

  it('names longer than the default column stay aligned', () => {
    const names = ['db', 'a-very-long-dependency-name-indeed'];
    const width = nameWidth(names);
    const lines = names.map((n) => renderCheckLine(check(n, 'dependency', 'tcp').with({ target: '127.0.0.1:1', durationMs: 3 }).r, plain, width));
    expect(lines.map((l) => l.indexOf('127.0.0.1:1'))).toEqual([lines[0]!.indexOf('127.0.0.1:1'), lines[0]!.indexOf('127.0.0.1:1')]);
  });
});

describe('console warning lines say what the evidence says', () => {
  it.each([
    ['refused', dependency('cache', 'redis', '127.0.0.1:6379').optional().refused(), '- cache: Unavailable: '],
    ['answering 503', dependency('payments', 'http').optional().with({ httpStatus: 503 }).status('failed', 'returned 503 (expected 2xx)'), '- payments: Unavailable: returned 503 (expected 2xx)'],
    ['a limiter that never engaged', dependency('limits', 'rate_limit').optional().with({ errorCode: 'RATE_LIMIT_NOT_ENGAGED' }).status('failed', 'no 429 was seen within 20 requests at 200 req/s: 200×20'), '- limits: Failed: no 429 was seen within 20 requests at 200 req/s: 200×20 (optional dependency)'],
    ['a refused client (401 invalid_client)', dependency('oauth', 'auth').optional().with({ httpStatus: 401, errorCode: 'AUTH_CLIENT_REJECTED' }).status('failed', 'the token endpoint refused the client: 401 invalid_client'), '- oauth: Failed: the token endpoint refused the client: 401 invalid_client (optional dependency)'],
  ])('an optional dependency %s', (_name, dep, line) => {
    expect(renderSummary(run([health('basic-health'), dep]), plain)).toContain(line);
  });
});

describe('console summary: counts and lists people can read', () => {
  it('thousands are grouped exactly as toLocaleString(\'en-US\') groups them', () => {
    const samples = [0, 1, 7, 42, 999, 1000, 1001, 9999, 10_000, 123_456, 999_999, 1_000_000, 1_234_567_890, Number.MAX_SAFE_INTEGER, -1, -999, -1000, -1_234_567, 0.5, 1234.5678, Number.NaN, Infinity];
    for (const n of samples) expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
    expect(groupThousands(1_000_000)).toBe('1,000,000');
  });

  it('1,000 health checks: the OK line counts them instead of listing them', () => {
    const many = Array.from({ length: 1000 }, (_, i) => health(`h${i}`));
    const out = renderSummary(run(many), plain);
    expect(out).toContain('- Health check: OK (1,000 checks)');
    expect(out).not.toContain('h999');
  });

  it('a handful is still listed by name', () => {
    expect(renderSummary(run([health('basic-health'), health('readiness')]), plain)).toContain('- Health check: OK (basic-health, readiness)');
  });

  it('"1 check", and milliseconds rather than "0.0 s"', () => {
    const r = run([dependency('database', 'postgres')]);
    r.durationMs = 42;
    const out = renderSummary(r, plain);
    expect(out).toContain('Deployment stable. 1/1 check passed in 42 ms.');
    expect(out).not.toContain('0.0 s');
  });

  it('thousands are grouped on both sides of the passed count: "3,000/3,000", not "3000/3,000"', () => {
    const out = renderSummary(run(Array.from({ length: 3000 }, (_, i) => health(`h${i}`))), plain);
    expect(out).toContain('Deployment stable. 3,000/3,000 checks passed in');
  });

  it('--only database: says what ran, not "all health checks OK"', () => {
    const r = run([health('basic-health').status('skipped', 'not selected (--only)'), dependency('database', 'postgres'), path('user-login').status('skipped', 'not selected (--only)')]);
    const out = renderSummary(r, plain);
    expect(out).toContain('✓ Smoke tests passed (1 check run, no health check)');
    expect(out).toContain('- Health check: not run (1 check not selected)');
    expect(out).toContain('- Dependencies: OK (database)');
    expect(out).toContain('Deployment stable. 1/1 check passed in');
    expect(out).toContain('(2 checks not selected).');
  });
});

describe('console headline: true to what the rollback did', () => {
  const ready = () => health('readiness', '/health/ready').fails(503);
  const headline = (rollback: Parameters<typeof rollbackOutcome>[0]) => renderSummary(run([ready()], { rollback: rollbackOutcome(rollback) }), plain).split('\n').find((l) => l.startsWith('✗ CRITICAL'));

  it.each([
    ['a rollback that restored health: the seed\'s words', { targetImage: 'django:v1.21.8-stable', verification: { healthy: true, checks: [] } }, '✗ CRITICAL: Smoke tests failed - Triggering rollback'],
    ['a failed rollback (a paused Deployment, no earlier revision, a 403)', { status: 'failed', message: '✗ ROLLBACK FAILED — paused', alertOps: true }, '✗ CRITICAL: Smoke tests failed - rollback failed — alert ops'],
    ['rolled back, health not back', { alertOps: true, verification: { healthy: false, checks: [] } }, '✗ CRITICAL: Smoke tests failed - rolled back, still unhealthy — alert ops'],
  ] as const)('%s', (_name, rollback, expected) => {
    expect(headline(rollback as Parameters<typeof rollbackOutcome>[0])).toBe(expected);
  });
});

