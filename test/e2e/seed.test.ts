import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { PG_URL, REDIS_URL, runCli, writeConfig } from '../helpers/cli.js';
import { readReportJson } from '../helpers/report-json.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The seed's own config file, unchanged, found by discovery in this directory. */
const SEED_DIR = resolve(import.meta.dirname, '../fixtures/seed');

let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('the seed config, verbatim, through the built CLI', () => {
  it('passes against a healthy service whose login sets a session cookie the profile requires', async () => {
    service = await startDemoService();
    const run = await runCli(['run'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Smoke tests passed (all health checks OK)');
    expect(run.stdout).toContain('- Dependencies: OK (database, redis-cache)');
    expect(run.stdout).toContain('- Critical paths: OK (user-login, core-api)');
    // The profile answered 200 only because the login's session cookie was carried.
    expect(service.requests).toContain('GET /api/user/profile');

    // The README's healthy example is this output: its lines, in order, once durations, addresses,
    // database name and server version are masked and the columns' padding collapsed.
    const mask = (line: string) =>
      line
        .replace(/\b\d{1,3}(\.\d{1,3}){3}:\d+(\/\w+)?/g, 'HOST:PORT')
        .replace(/PostgreSQL \S+( \([^)]*\))?/g, 'PostgreSQL V')
        .replace(/\b\d+ ms\b/g, 'N ms')
        .replace(/ +/g, ' ')
        .trimEnd();
    const block = README.split('A healthy deployment, in the seed\'s form:')[1]?.split('```')[1] ?? '';
    const example = block.split('\n').map(mask).filter((l) => l.trim() && !l.includes('…'));
    expect(example.length).toBeGreaterThanOrEqual(8);
    const printed = run.stdout.split('\n').map(mask);
    // Check lines print as checks finish (any order); the summary after them, in order.
    for (const line of example.filter((l) => l.startsWith(' ✓'))) expect(printed, `README line not printed: ${line}`).toContain(line);
    let at = 0;
    for (const line of example.filter((l) => !l.startsWith(' ✓'))) {
      const found = printed.indexOf(line, at);
      expect(found, `README line not printed (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });

  it('DATABASE_URL and REDIS_URL not set where the run happens: a test execution error (warning, exit 0, no rollback), not a failed deployment', async () => {
    service = await startDemoService();
    const run = await runCli(['run'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: service.url } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('- database: Test execution error: no connection settings: set url (or host) on the check, or DATABASE_URL');
    expect(run.stdout).toContain('- redis-cache: Test execution error: no connection settings: set url (or host) on the check, or REDIS_URL');
    expect(run.stdout).toContain('No rollback: no critical failures');
  });

  it('readiness 503 naming the database plus login 500: exit 1, both failures named, decision stated', async () => {
    service = await startDemoService({ faults: { readiness: 'database-down', login: 'error' } });
    const reports = await mkdtemp(join(tmpdir(), 'smokeguard-report-'));
    const deployedAt = Math.floor(Date.now() / 1000) - 2;
    const run = await runCli(['run', '--report-dir', reports, '--deployed-at', String(deployedAt)], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Timeline:\n\d\d:\d\d:\d\d - Deployment completed\n\d\d:\d\d:\d\d - Smoke run started/);
    // The seed names no deployment: the headline says so, once, instead of "Triggering rollback".
    expect(run.stdout).toContain('✗ CRITICAL: Smoke tests failed - rollback needed — not configured');
    expect(run.stdout.match(/not configured|no deployment/g)).toHaveLength(1);
    expect(run.stdout).toContain('To roll back automatically: set deployment.name');
    expect(run.stdout).toMatch(/1\. Health Check: readiness .*503.*database/);
    expect(run.stdout).toMatch(/2\. Critical Path: user-login .*500/);
    expect(run.stdout).toMatch(/Rollback decision: 2 critical failures .*immediate rollback/);
    expect(run.stdout).toContain('Timeline:');

    const report = await readReportJson(join(reports, 'report.json'));
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict).toBe('critical');
    expect(report.decision).toMatchObject({ action: 'rollback', mode: 'immediate', criticalFailures: 2 });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['basic-health', 'core-api', 'database', 'liveness', 'readiness', 'redis-cache', 'user-login']);
    expect(byName.readiness).toMatchObject({ status: 'failed', httpStatus: 503, severity: 'critical' });
    expect(byName.readiness.components?.[0]).toMatchObject({ name: 'database:connections', status: 'fail' });
    expect(byName['user-login']).toMatchObject({ status: 'failed', httpStatus: 500 });
    expect(byName['user-login'].steps?.[1]?.status).toBe('not_run');
    for (const c of Object.values(byName)) {
      expect(['passed', 'failed']).toContain(c.status);
      expect(c.attempts).toBe(1);
    }
    expect(report.durationMs).toBeLessThan(5_000);
  });

  it('an optional check that times out and an optional dependency that is down only warn', async () => {
    service = await startDemoService({ faults: { liveness: 'hang' } });
    const run = await runCli(['run'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('⚠ WARNING: Non-critical test failed (deployment continues)');
    expect(run.stdout).toMatch(/- liveness: Timeout .*\(non-critical\)/);
    expect(run.stdout).toMatch(/- redis-cache: Unavailable: connection refused .*\(optional dependency\)/);
    expect(run.stdout).toContain('Impact: Minor feature degradation');
  });
});

describe('validate', () => {
  it('the seed config is valid as written, with notes on what will not happen', async () => {
    const run = await runCli(['validate'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: 'http://127.0.0.1:8080' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is valid: 3 health checks, 2 dependency checks, 2 critical paths; deadline 300 s');
    expect(run.stdout).toContain('notify_channels slack-ops, email-on-call are not defined');
    expect(run.stdout).toContain('no deployment is named');
    // Neither DATABASE_URL nor REDIS_URL is set for this validate: each named, once.
    expect(run.stdout).toContain('note: DATABASE_URL is not set here: database will read it at run time (without it that check cannot run: a warning, not a rollback)');
    expect(run.stdout).toContain('note: REDIS_URL is not set here: redis-cache will read it at run time');
    const set = await runCli(['validate'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: 'http://127.0.0.1:8080', DATABASE_URL: PG_URL, REDIS_URL } });
    expect(set.stdout).not.toMatch(/is not set here/);
  });

  it('without a base URL (it arrives at run time) the seed config is valid, with a note; run still refuses it', async () => {
    const validate = await runCli(['validate'], { cwd: SEED_DIR, env: { DATABASE_URL: PG_URL, REDIS_URL } });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('  note: no base URL yet: 6 relative endpoints (/health, /health/ready, /health/live and 3 more) will need one at run time: --base-url, SMOKEGUARD_BASE_URL or base_url\n');
    const run = await runCli(['run'], { cwd: SEED_DIR, env: { DATABASE_URL: PG_URL, REDIS_URL } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('relative endpoint "/health" needs a base URL');
  });

  it('a bad --base-url is named as the flag, not as a line of the file', async () => {
    const run = await runCli(['validate', '--base-url', 'notaurl'], { cwd: SEED_DIR, env: { DATABASE_URL: PG_URL, REDIS_URL } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('smokeguard: Invalid config (1 problem):\n  --base-url: expected an http(s) URL, got "notaurl"\n');
    const fromEnv = await runCli(['validate'], { cwd: SEED_DIR, env: { SMOKEGUARD_BASE_URL: 'notaurl', DATABASE_URL: PG_URL, REDIS_URL } });
    expect(fromEnv.stderr).toBe('smokeguard: Invalid config (1 problem):\n  SMOKEGUARD_BASE_URL: expected an http(s) URL, got "notaurl"\n');
  });
});

describe('deadlines and bad input', () => {
  it('a required endpoint that never answers is cut at its timeout', async () => {
    const silent = await startSilentServer();
    try {
      const { dir } = await writeConfig({ base_url: silent.url('http'), health_checks: [{ name: 'ready', endpoint: '/health/ready', timeout_seconds: 1, required: true }] });
      const run = await runCli(['run', '--json'], { cwd: dir });
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout);
      expect(result.checks[0]).toMatchObject({ status: 'timed_out', severity: 'critical' });
      expect(result.checks[0].reason).toBe(`timeout: no response headers within 1 s after connect at 127.0.0.1:${silent.port}`);
      expect(result.checks[0].durationMs).toBeGreaterThanOrEqual(1_000);
      expect(result.checks[0].durationMs).toBeLessThan(2_000);
      expect(silent.connections()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('a config with two wrong fields names both, exits 2, and prints no stack trace', async () => {
    const { dir, file } = await writeConfig({
      timeout_seconds: 'soon',
      health_checks: [{ name: 'basic', endpoint: '/health', expected_status: 'ok' }],
    });
    const run = await runCli(['run', '--config', file, '--base-url', 'http://127.0.0.1:1'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:`);
    expect(run.stderr).toMatch(/timeout_seconds: expected number, got string "soon"/);
    expect(run.stderr).toMatch(/health_checks\[0\]\.expected_status: expected a status like 200/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('malformed YAML names line and column', async () => {
    const { file } = await writeConfig('health_checks:\n  - name: a\n    endpoint: [unclosed\n', 'smokeguard.yaml');
    const run = await runCli(['validate', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/smokeguard\.yaml:\d+:\d+: malformed YAML/);
  });

  it('an empty or null document says so, not "expected an object, got object"', async () => {
    for (const [content, name] of [['', 'smokeguard.yaml'], ['# nothing yet\n', 'smokeguard.yml'], ['null\n', 'smokeguard.yaml']] as const) {
      const { file } = await writeConfig(content, name);
      const run = await runCli(['validate', '--config', file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/expected an object at the top level, got nothing \(the document is empty or null\)/);
    }
  });

  it('a config holding a long string (a 400 KB payload) validates in linear time', async () => {
    // Looking for URL passwords in it once tried every letter as the start of a URL scheme: 100 KB took 9 s, 400 KB minutes.
    const { file } = await writeConfig({ base_url: 'http://127.0.0.1:8080', health_checks: [{ name: 'upload', endpoint: '/upload', method: 'POST', body: 'x'.repeat(400_000) }] });
    const run = await runCli(['validate', '--config', file], { timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0); // null: killed at 30 s
    expect(run.stdout).toContain('is valid');
  });

  it('no config anywhere lists every path tried, and says how to start one', async () => {
    const { dir } = await writeConfig({}, 'unrelated.json');
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(2);
    for (const p of ['.coditect/config/smoke-test-hook.json', 'smokeguard.yaml', 'smokeguard.yml', 'smokeguard.json']) expect(run.stderr).toContain(p);
    expect(run.stderr).toContain('Pass --config PATH, or write one from the service with `smokeguard init --base-url URL`.');
  });

  it('enabled: false says so and exits 0 without touching the target', async () => {
    const { dir } = await writeConfig({ enabled: false, base_url: 'http://127.0.0.1:1', health_checks: [{ name: 'a', endpoint: '/' }] });
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Smoke tests are disabled');
  });

  it('usage errors exit 2; --version and schema exit 0', async () => {
    expect((await runCli(['run', '--concurrency', 'zero'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const schema = await runCli(['schema']);
    expect(schema.code).toBe(0);
    const parsed = JSON.parse(schema.stdout);
    expect(parsed.properties.health_checks).toBeDefined();
    expect(parsed.properties.auto_rollback).toBeDefined();
  });
});
