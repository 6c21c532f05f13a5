import { afterEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { PG_URL, runCli, writeConfig } from '../helpers/cli.js';

/** --quiet, --verbose, --fail-on and `smokeguard list`, through the built CLI against the demo service. */
let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** Healthy service; one optional check that fails (a warning), one path. */
const config = (base: string) => ({
  base_url: base,
  health_checks: [
    { name: 'readiness', endpoint: '/health/ready', expect: { json: { '$.status': 'pass' } } },
    { name: 'metrics', endpoint: '/metrics', required: false, timeout_seconds: 2 },
  ],
  dependency_checks: [{ name: 'database', type: 'postgres', url: 'postgres://smoke:${DB_PASSWORD}@127.0.0.1:5432/postgres', depends_on: ['readiness'] }],
  critical_paths: [{ name: 'user-login', steps: [{ method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } }, { method: 'GET', endpoint: '/api/user/profile' }] }],
});

describe('output flags', () => {
  it('a warning exits 0 by default and 1 with --fail-on warning', async () => {
    service = await startDemoService();
    const { dir } = await writeConfig({ ...config(service.url), dependency_checks: [] });
    const plain = await runCli(['run'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('⚠ WARNING');
    const strict = await runCli(['run', '--fail-on', 'warning'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('⚠ WARNING');
    const bad = await runCli(['run', '--fail-on', 'sometimes'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on.*Allowed choices are critical, warning/);
  });

  it('--only with a misspelt name: exit 2, one line with a suggestion, before any run header', async () => {
    service = await startDemoService();
    const { dir } = await writeConfig({ ...config(service.url), dependency_checks: [] });
    const run = await runCli(['run', '--only', 'readines'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('smokeguard: --only: no check named "readines" (known: readiness, metrics, user-login), did you mean "readiness"?\n');
    expect(run.stdout).toBe(''); // no "smokeguard 0.1.0 · 3 checks against …": nothing runs
    expect(service.requests).toEqual([]);
  });

  it('--only database: a line for the check that ran, none for the others, and a summary that says what ran', async () => {
    service = await startDemoService();
    const { dir } = await writeConfig({ ...config(service.url), dependency_checks: [{ name: 'database', type: 'postgres', url: PG_URL }] });
    const run = await runCli(['run', '--only', 'database'], { cwd: dir });
    expect(run.code).toBe(0);
    const checkLines = run.stdout.split('\n').filter((l) => /^ {2}\S+ +\S/.test(l) && !l.startsWith('  note'));
    expect(checkLines).toEqual([expect.stringMatching(/^ {2}✓ database +127\.0\.0\.1:5432\/test: PostgreSQL \d/)]);
    expect(run.stdout).toContain('✓ Smoke tests passed (1 check run, no health check)');
    expect(run.stdout).not.toContain('all health checks OK');
    expect(run.stdout).toContain('- Health check: not run (2 checks not selected)');
    expect(run.stdout).toMatch(/Deployment stable\. 1\/1 check passed in \d+ ms \(3 checks not selected\)\./);
    expect(service.requests).toEqual([]); // no health endpoint was asked
  });

  it('--quiet: the verdict block and the failures only', async () => {
    service = await startDemoService();
    const { dir } = await writeConfig({ ...config(service.url), dependency_checks: [] });
    const run = await runCli(['run', '--quiet'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/✓ readiness|✓ user-login|smokeguard \d/);
    expect(run.stdout).toMatch(/⚠ metrics\s+\/metrics returned 404/);
    expect(run.stdout).toContain('⚠ WARNING');
  });

  it('--verbose: assertions, steps with times, attempts, and the time of each phase', async () => {
    service = await startDemoService();
    const { dir } = await writeConfig({ ...config(service.url), dependency_checks: [] });
    const run = await runCli(['run', '--verbose'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ readiness[^\n]*\n\s+attempts: 1, \d+ ms of 10000 ms allowed\n\s+✓ status: expected "?2xx"?, got 200\n\s+✓ json \$\.status: expected "pass", got pass/);
    expect(run.stdout).toMatch(/✓ user-login[^\n]*\n\s+attempts: 1[^\n]*\n\s+✓ step 1 POST \/api\/auth\/login → 200\s+\d+ ms\n\s+✓ step 2 GET \/api\/user\/profile → 200\s+\d+ ms/);
    expect(run.stdout).toMatch(/✗ status: expected "?2xx"?, got 404/);
    expect(run.stdout).toMatch(/Timings: checks \d+ ms · total \d+ ms/);
  });

  it('--quiet and --verbose together are a usage error', async () => {
    const run = await runCli(['run', '--quiet', '--verbose']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--verbose.*cannot be used with.*--quiet|--quiet.*cannot be used with.*--verbose/);
  });

  it('list: every check with type, target, required, timeout and dependencies; secrets redacted; --json', async () => {
    const { dir } = await writeConfig(config('http://127.0.0.1:9'));
    const env = { DB_PASSWORD: 'pa55-w0rd-smoke' };
    const table = await runCli(['list'], { cwd: dir, env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+type\s+required\s+timeout\s+depends on\s+target$/);
    expect(lines).toContainEqual(expect.stringMatching(/^readiness\s+health\s+http\s+yes\s+10 s\s+-\s+GET \/health\/ready$/));
    expect(lines).toContainEqual(expect.stringMatching(/^metrics\s+health\s+http\s+no\s+2 s\s+-\s+GET \/metrics$/));
    expect(lines).toContainEqual(expect.stringMatching(/^database\s+dependency\s+postgres\s+yes\s+10 s\s+readiness\s+postgres:\/\/smoke:\*\*\*@127\.0\.0\.1:5432\/postgres$/));
    expect(lines).toContainEqual(expect.stringMatching(/^user-login\s+path\s+flow\s+yes\s+30 s\s+-\s+POST \/api\/auth\/login → GET \/api\/user\/profile$/));
    expect(table.stdout).toMatch(/4 checks from .*smokeguard\.json; deadline 300 s, 8 at once/);
    expect(table.stdout).not.toContain(env.DB_PASSWORD);

    const json = await runCli(['list', '--json'], { cwd: dir, env });
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.checks).toHaveLength(4);
    expect(plan.checks[2]).toEqual({ name: 'database', kind: 'dependency', type: 'postgres', target: 'postgres://smoke:***@127.0.0.1:5432/postgres', required: true, timeoutSeconds: 10, dependsOn: ['readiness'] });
    expect(json.stdout).not.toContain(env.DB_PASSWORD);
  });
});
