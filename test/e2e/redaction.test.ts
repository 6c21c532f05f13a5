import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { closedPort } from '../helpers/silent-server.js';
import { runCli, writeConfig } from '../helpers/cli.js';

/** Plants known secrets everywhere a config can hold them, then searches every output for them. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

const SECRETS = {
  API_TOKEN: 'tok-planted-7f3a9c2e',
  LOGIN_PASSWORD: 'pw-planted-hunter2',
  DB_PASSWORD: 'pg-planted-S3cret',
  COOKIE_VALUE: 'cookie-planted-0a1b2c',
};

it('no planted secret appears in the console, the JSON result or the report', async () => {
  const dead = await closedPort();
  const { dir } = await writeConfig({
    base_url: service.url,
    headers: { authorization: 'Bearer ${API_TOKEN}' },
    health_checks: [
      { name: 'token-in-query', endpoint: '/api/resources/missing?access_token=${API_TOKEN}' },
      { name: 'echo', method: 'POST', endpoint: '/api/echo', headers: { cookie: 'session=${COOKIE_VALUE}' }, payload: { password: '${LOGIN_PASSWORD}', nested: { secret: '${API_TOKEN}' } } },
    ],
    dependency_checks: [
      { name: 'db-with-password', type: 'postgres', url: 'postgres://postgres:${DB_PASSWORD}@127.0.0.1:5432/test' },
      { name: 'db-down', type: 'postgres', url: `postgres://app:\${DB_PASSWORD}@127.0.0.1:${dead}/test`, required: false },
    ],
    critical_paths: [{
      name: 'login',
      steps: [
        { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' }, capture: { token: '$.token' } }, // the session cookie is carried, not captured: still a secret
        { method: 'POST', endpoint: '/api/echo', headers: { authorization: 'Bearer ${token}' }, payload: { token: '${token}' }, expected_status: 200 },
      ],
    }],
  });
  const reports = await mkdtemp(join(tmpdir(), 'smokeguard-redaction-'));
  const run = await runCli(['run', '--json', '--report-dir', reports], { cwd: dir, env: SECRETS });
  expect(run.code).toBe(1); // the echo endpoints answer 418: the failures carry the echoed secrets
  const result = JSON.parse(run.stdout);
  expect(result.checks.find((c: { name: string }) => c.name === 'echo').bodyExcerpt).toContain('***');

  const outputs: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
  for (const file of await readdir(reports)) outputs[file] = await readFile(join(reports, file), 'utf8');
  const planted = [...Object.values(SECRETS), ...service.issued];
  expect(service.issued.length).toBeGreaterThanOrEqual(2); // the captured token and session id count too
  for (const [where, text] of Object.entries(outputs)) {
    for (const secret of planted) expect(text.includes(secret), `${secret} leaked into ${where}`).toBe(false);
  }
});

it('the password of a base URL given by flag, variable or config never shows in the console', async () => {
  const withPassword = (password: string) => service.url.replace('://', `://smoke:${password}@`);
  const { dir } = await writeConfig({ health_checks: [{ name: 'health', endpoint: '/health' }] });
  const { dir: inConfig } = await writeConfig({ base_url: withPassword('cfg-planted-9d8c7b'), health_checks: [{ name: 'health', endpoint: '/health' }] });
  const runs = {
    'cfg-planted-9d8c7b': await runCli(['run'], { cwd: inConfig }),
    'flag-planted-5e4d3c': await runCli(['run', '--base-url', withPassword('flag-planted-5e4d3c')], { cwd: dir }),
    'env-planted-1a2b3c': await runCli(['run'], { cwd: dir, env: { SMOKEGUARD_BASE_URL: withPassword('env-planted-1a2b3c') } }),
  };
  for (const [password, run] of Object.entries(runs)) {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('against http://smoke:***@127.0.0.1:'); // the header still says where
    expect(run.stdout + run.stderr, `${password} leaked into the console`).not.toContain(password);
  }
});
