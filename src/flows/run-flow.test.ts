import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { run } from '../run/pipeline.js';
import { startDemoService, type DemoService } from '../demo/service.js';

/** Critical paths against the demo service: cookies, captures, cleanup, the failing step named. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

async function runPath(path: Record<string, unknown>) {
  const { config } = validateConfig({ base_url: service.url, critical_paths: [{ name: 'path', ...path }] }, { env: {} });
  const result = await run(config, { env: {} });
  return result.checks[0]!;
}

const LOGIN = { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } };

describe('critical paths', () => {
  it('carries the session cookie from login into the next step', async () => {
    const check = await runPath({ steps: [LOGIN, { endpoint: '/api/user/profile', required_status: 200, expect: { json: { '$.email': 'test@example.com' } } }] });
    expect(check.status).toBe('passed');
    expect(check.steps!.map((s) => s.httpStatus)).toEqual([200, 200]);
  });

  it('a step whose ca_file cannot be read is a test execution error (a warning, never a rollback), before any request', async () => {
    const logins = () => service.requests.filter((r) => r === 'POST /api/auth/login').length;
    const before = logins();
    const check = await runPath({ required: true, steps: [LOGIN, { endpoint: '/api/user/profile', ca_file: '/nonexistent/smokeguard-ca.pem' }] });
    expect(check).toMatchObject({ status: 'error', severity: 'warning' });
    expect(check.reason).toMatch(/^step 2: cannot read ca_file \/nonexistent\/smokeguard-ca\.pem: /);
    expect(logins()).toBe(before);
  });

  it('without the cookie the profile answers 401, and that step is named', async () => {
    const check = await runPath({ steps: [{ endpoint: '/api/user/profile', required_status: 200 }] });
    expect(check).toMatchObject({ status: 'failed', httpStatus: 401 });
    expect(check.reason).toBe('step 1 (GET /api/user/profile): returned 401 (expected 200)');
  });

  it('captures a token (JSONPath) and a created id, uses them, and cleans up', async () => {
    const check = await runPath({
      steps: [
        { ...LOGIN, capture: { token: '$.token' } },
        { method: 'POST', endpoint: '/api/resources', headers: { authorization: 'Bearer ${token}' }, payload: { name: 'smoke' }, expected_status: 201, capture: { id: '$.id', location: { header: 'location' } } },
        { name: 'read it back', endpoint: '${location}', expect: { json: { '$.name': 'smoke' } } },
      ],
      cleanup: [{ method: 'DELETE', endpoint: '/api/resources/${id}', headers: { authorization: 'Bearer ${token}' }, expected_status: 204 }],
    });
    expect(check.status).toBe('passed');
    expect(check.steps!.map((s) => [s.name, s.status])).toEqual([
      ['POST /api/auth/login', 'passed'],
      ['POST /api/resources', 'passed'],
      ['read it back', 'passed'],
      ['DELETE /api/resources/${id}', 'passed'],
    ]);
    expect(check.steps![1]!.captured).toEqual(['id', 'location']);
    const deleted = service.requests.filter((r) => r.startsWith('DELETE /api/resources/'));
    expect(deleted.length).toBeGreaterThan(0);
  });

  it('a capture that finds nothing fails the step with a reason, and later steps do not run', async () => {
    const check = await runPath({ steps: [{ ...LOGIN, capture: { token: '$.access_token' } }, { endpoint: '/api/user/profile', headers: { authorization: 'Bearer ${token}' } }] });
    expect(check.status).toBe('failed');
    expect(check.reason).toBe('step 1 (POST /api/auth/login): capture token: $.access_token not found in the response body');
    expect(check.steps![1]!.status).toBe('not_run');
  });

  it('a login that answers 500 is the reported failure, not the 401 that would follow', async () => {
    service.faults.login = 'error';
    try {
      const check = await runPath({ steps: [LOGIN, { endpoint: '/api/user/profile', required_status: 200 }] });
      expect(check).toMatchObject({ status: 'failed', httpStatus: 500 });
      expect(check.reason).toMatch(/^step 1 \(POST \/api\/auth\/login\): returned 500 \(expected 2xx\)/);
      expect(check.bodyExcerpt).toContain('auth service timeout');
    } finally {
      service.faults.login = 'ok';
    }
  });

  it('cleanup runs even when a step failed', async () => {
    const before = service.requests.length;
    const check = await runPath({ steps: [LOGIN, { endpoint: '/api/resources/does-not-exist' }], cleanup: [{ method: 'POST', endpoint: '/api/auth/logout' }] });
    expect(check.status).toBe('failed');
    expect(service.requests.slice(before)).toContain('POST /api/auth/logout');
    expect(check.steps!.at(-1)).toMatchObject({ cleanup: true, status: 'passed' });
  });

  it('the path timeout cuts the whole path', async () => {
    service.faults.liveness = 'hang';
    try {
      const check = await runPath({ timeout_seconds: 0.5, steps: [LOGIN, { endpoint: '/health/live' }] });
      expect(check.status).toBe('timed_out');
      expect(check.durationMs).toBeLessThan(1_500);
    } finally {
      service.faults.liveness = 'ok';
    }
  });
});
