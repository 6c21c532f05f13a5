import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { validateConfig } from '../../src/config/load.js';
import { run } from '../../src/run/pipeline.js';
import type { RunResult } from '../../src/core/types.js';
import { startDemoService, type DemoFaults, type DemoService } from '../../src/demo/service.js';
import { writeReports } from '../../src/reporters/index.js';
import { readReportJson } from '../helpers/report-json.js';
import { startHttpTarget } from '../helpers/http-target.js';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { testPki } from '../helpers/tls-certs.js';

/**
 * Failure analysis and the reports on a real run: the demo service over HTTP, PostgreSQL at a
 * closed port (a real ECONNREFUSED from the pg driver), the real Redis. Proves that the error
 * codes and readiness components real checks produce are the ones the rules recognise.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const XSD = join(import.meta.dirname, '../fixtures/junit-jenkins.xsd');

let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function smokeRun(faults: DemoFaults, dbUrl: string): Promise<RunResult> {
  service = await startDemoService({ faults });
  const { config } = validateConfig({
    base_url: service.url,
    timeout_seconds: 30,
    // Named for the remediation commands; auto_rollback stays off, as there is no cluster here.
    deployment: { name: 'django', namespace: 'prod', container: 'django' },
    health_checks: [
      { name: 'basic-health', endpoint: '/health', expected_status: 200 },
      { name: 'readiness', endpoint: '/health/ready', expected_status: 200 },
    ],
    dependency_checks: [
      { name: 'database', type: 'postgres', url: dbUrl, timeout_seconds: 3 },
      { name: 'redis-cache', type: 'redis', url: REDIS_URL, required: false },
      { name: 'auth-service', type: 'http', endpoint: '/auth/health', expected_status: 200 },
    ],
    critical_paths: [
      { name: 'user-login', steps: [
        { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } },
        { method: 'GET', endpoint: '/api/user/profile', required_status: 200 },
      ] },
      { name: 'core-api', steps: [{ method: 'GET', endpoint: '/api/resources', required_status: 200 }] },
    ],
  }, { env: {} });
  return run(config, { env: {}, environment: 'prod' });
}

describe('analysis and reports on a real run', () => {
  it('readiness 503 with PostgreSQL refused, login 500 with the auth service failing: two root causes, four reports', async () => {
    const result = await smokeRun({ readiness: 'database-down', login: 'error' }, `postgres://postgres@127.0.0.1:${await closedPort()}/test`);
    const findings = analyze(result, { container: 'django', previousImage: 'django:v1.21.8-stable', configPath: 'smoke.yaml' });
    expect(findings.map((f) => f.rule).sort()).toEqual(['auth-service', 'dependency-down-readiness']);

    const db = findings.find((f) => f.rule === 'dependency-down-readiness');
    expect(db?.checks.sort()).toEqual(['database', 'readiness']);
    expect(db?.title).toMatch(/^Database unavailable: readiness returned 503 while database fails/);
    expect(db?.issue).toContain('database:connections: connect ECONNREFUSED 127.0.0.1:5432');
    expect(db?.remediation.join('\n')).toContain('kubectl set image deployment/django django=django:v1.21.8-stable -n prod');
    expect(db?.remediation.join('\n')).toContain('npx smokeguard run --config smoke.yaml --environment prod --only readiness database');

    const auth = findings.find((f) => f.rule === 'auth-service');
    expect(auth?.checks.sort()).toEqual(['auth-service', 'user-login']);
    expect(auth?.impact).toBe('CRITICAL - Core functionality broken');

    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-real-run-'));
    await writeReports({ ...result, findings }, { dir, env: {} });
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    await readReportJson(join(dir, 'report.json'));
    execFileSync('xmllint', ['--noout', '--schema', XSD, join(dir, 'junit.xml')], { stdio: 'pipe' });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Database unavailable');
    expect(html).toContain('id="timeline-chart"');
  }, 30_000);

  it('a healthy run has no finding', async () => {
    const result = await smokeRun({}, process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    expect(result.verdict).toBe('passed');
    expect(analyze(result)).toEqual([]);
  }, 30_000);
});

/** One health check (and a path) against a real peer that fails in one way; the rule that must explain it. */
describe('network rules on real failures', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function runAgainst(baseUrl: string, extra: Record<string, unknown> = {}): Promise<RunResult> {
    const { config } = validateConfig({
      base_url: baseUrl,
      timeout_seconds: 10,
      health_checks: [{ name: 'basic-health', endpoint: '/health', expected_status: 200, timeout_seconds: 1, ...extra }],
      critical_paths: [{ name: 'core-api', timeout_seconds: 1, steps: [{ method: 'GET', endpoint: '/api/resources', required_status: 200, ...extra }] }],
    }, { env: {} });
    return run(config, { env: {} });
  }

  it.each([
    {
      name: 'nothing listens at base_url: service down',
      rule: 'service-down',
      start: async () => `http://127.0.0.1:${await closedPort()}`,
    },
    {
      name: 'expired certificate',
      rule: 'tls-certificate',
      start: async () => {
        const pki = testPki();
        const target = await startHttpTarget({ '/health': { status: 200 }, '/api/resources': { status: 200 } }, pki.expired);
        closers.push(() => target.close());
        return { url: target.url, extra: { ca_file: pki.caFile }, code: 'CERT_HAS_EXPIRED' };
      },
    },
    {
      name: 'certificate for another host',
      rule: 'tls-certificate',
      start: async () => {
        const pki = testPki();
        const target = await startHttpTarget({ '/health': { status: 200 }, '/api/resources': { status: 200 } }, pki.wrongHost);
        closers.push(() => target.close());
        return { url: target.url, extra: { ca_file: pki.caFile }, code: 'ERR_TLS_CERT_ALTNAME_INVALID' };
      },
    },
    {
      name: 'a server that accepts and never answers: timeouts',
      rule: 'timeout',
      start: async () => {
        const silent = await startSilentServer();
        closers.push(() => silent.close());
        return silent.url('http');
      },
    },
  ])('$name', async ({ rule, start }) => {
    const started = await start();
    const { url, extra, code } = typeof started === 'string' ? { url: started, extra: {}, code: undefined } : started;
    const result = await runAgainst(url, extra);
    if (code) expect(result.checks[0].errorCode).toBe(code);
    const findings = analyze(result);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set([rule]));
    expect(findings.flatMap((f) => f.checks).sort()).toEqual(['basic-health', 'core-api']);
  }, 30_000);
});
