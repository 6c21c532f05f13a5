import { createServer } from 'node:http';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { closedPort } from '../helpers/silent-server.js';
import { PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';

/** `smokeguard init` through the built CLI, as a newcomer runs it. */
let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('smokeguard init (CLI)', () => {
  it('against the demo service: writes a config that validates, dry-runs green, and then passes a real run', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const init = await runCli(['init', '--base-url', service.url], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('/health/ready → 200 (database, cache): readiness, required');
    expect(init.stdout).toContain('/health/live → 200: liveness, optional');
    expect(init.stdout).toMatch(/no login path found: add a critical path/);
    expect(init.stdout).toContain('Wrote smokeguard.yaml (valid)');
    expect(init.stdout).toContain('✓ Smoke tests passed');
    expect(init.stdout).toContain('Next: read smokeguard.yaml, add a critical path, then `smokeguard validate` and `smokeguard run`.');
    const yaml = await readFile(join(dir, 'smokeguard.yaml'), 'utf8');
    expect(yaml).toMatch(/- name: readiness\n\s+endpoint: \/health\/ready\n\s+expected_status: 200\n\s+timeout_seconds: 10\n\s+required: true/);
    expect(yaml).toMatch(/- name: liveness\n[\s\S]*?required: false/);

    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code).toBe(0);
    const before = service.requests.length;
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Smoke tests passed');
    expect(service.requests.slice(before)).toEqual(expect.arrayContaining(['GET /health', 'GET /health/ready', 'GET /health/live']));
  });

  it('connection variables become dependency checks that say ${VAR}, never the value; the dry run reaches the real PostgreSQL and Redis', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    // A password in the variable (the local PostgreSQL trusts any): neither in the file nor in what init prints.
    const withPassword = new URL(PG_URL);
    withPassword.password = 'init-db-planted-77';
    const init = await runCli(['init', '--base-url', service.url, '--config', 'smoke.yaml'], { cwd: dir, env: { DATABASE_URL: withPassword.href, REDIS_URL } });
    expect(init.code).toBe(0);
    const yaml = await readFile(join(dir, 'smoke.yaml'), 'utf8');
    expect(yaml).toMatch(/- name: database\n\s+type: postgres\n\s+url: \$\{DATABASE_URL\}\n\s+query: SELECT 1\n\s+timeout_seconds: 5\n\s+required: true/);
    expect(yaml).toMatch(/- name: redis-cache\n\s+type: redis\n\s+url: \$\{REDIS_URL\}\n\s+command: PING\n\s+timeout_seconds: 3\n\s+required: false/);
    expect(yaml).not.toContain(PG_URL);
    expect(yaml).not.toContain(REDIS_URL);
    expect(init.stdout).toMatch(/✓ database\s+127\.0\.0\.1:5432/);
    expect(init.stdout).toMatch(/✓ redis-cache\s+127\.0\.0\.1:6379/);
    expect(init.stdout + init.stderr + yaml).not.toContain('init-db-planted-77');
    // smoke.yaml is not a name the search tries: the next commands say --config.
    expect(init.stdout).toContain('then `smokeguard validate --config smoke.yaml` and `smokeguard run --config smoke.yaml`.');
  });

  it('never overwrites an existing file without --force', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    await writeFile(join(dir, 'smokeguard.yaml'), '# mine\n');
    const refused = await runCli(['init', '--base-url', service.url], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/smokeguard\.yaml exists; not overwritten \(--force replaces it\)/);
    expect(await readFile(join(dir, 'smokeguard.yaml'), 'utf8')).toBe('# mine\n');
    // Refused before any probe: the service was not asked anything, and nothing says it was.
    expect(service.requests).toEqual([]);
    expect(refused.stdout).not.toContain('probing');
    const forced = await runCli(['init', '--base-url', service.url, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, 'smokeguard.yaml'), 'utf8')).toContain('name: readiness');
  });

  it('beside the seed\'s .coditect/config/smoke-test-hook.json (found first by the search): the next commands name the new file', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    await mkdir(join(dir, '.coditect/config'), { recursive: true });
    await copyFile(resolve(import.meta.dirname, '../../examples/seed/smoke-test-hook.json'), join(dir, '.coditect/config/smoke-test-hook.json'));
    const init = await runCli(['init', '--base-url', service.url], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('then `smokeguard validate --config smokeguard.yaml` and `smokeguard run --config smokeguard.yaml` (without --config they read .coditect/config/smoke-test-hook.json).');
  });

  it('a failing service: the starter is written, the dry run says critical, exit 1', async () => {
    service = await startDemoService({ faults: { readiness: 'database-down' } });
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const init = await runCli(['init', '--base-url', service.url], { cwd: dir });
    expect(init.code).toBe(1);
    expect(init.stdout).toContain('/health/ready answered 503 now: kept as readiness expecting 200');
    expect(init.stdout).toContain('✗ CRITICAL');
    expect(await readFile(join(dir, 'smokeguard.yaml'), 'utf8')).toContain('name: readiness');
  });

  it('nothing listening, or not a URL: exit 2, one line, no file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const port = await closedPort();
    const refused = await runCli(['init', '--base-url', `http://127.0.0.1:${port}`], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^smokeguard: nothing answered at http:\/\/127\.0\.0\.1:\d+ \(.*refused.*\): is the service running/);
    const notUrl = await runCli(['init', '--base-url', 'orders.internal'], { cwd: dir });
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('--base-url: expected an http(s) URL');
    await expect(readFile(join(dir, 'smokeguard.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('a --base-url with a password: the password is never printed, nor written into the file (which is meant to be committed)', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const withPassword = service.url.replace('://', '://smoke:init-planted-4f5e6d@');
    const init = await runCli(['init', '--base-url', withPassword], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('probing http://smoke:***@127.0.0.1:');
    expect(init.stdout + init.stderr).not.toContain('init-planted-4f5e6d');
    const yaml = await readFile(join(dir, 'smokeguard.yaml'), 'utf8');
    expect(yaml).not.toContain('init-planted-4f5e6d');
    expect(yaml).not.toContain('smoke:');
    expect(yaml).toContain(`base_url: ${service.url}`);
    expect(init.stdout).toContain("the base URL's credentials are not written into the file: give the URL with them at run time in SMOKEGUARD_BASE_URL");
    // The dry run used the URL as given: the checks ran and passed.
    expect(init.stdout).toContain('Smoke tests passed');
    const port = await closedPort();
    const refused = await runCli(['init', '--base-url', `http://smoke:init-planted-4f5e6d@127.0.0.1:${port}`, '--config', 'other.yaml'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout + refused.stderr).not.toContain('init-planted-4f5e6d');
    // Not a URL smokeguard takes (ftp://): the error quotes it without the password.
    const notHttp = await runCli(['init', '--base-url', 'ftp://smoke:init-planted-4f5e6d@127.0.0.1', '--config', 'other.yaml'], { cwd: dir });
    expect(notHttp.code).toBe(2);
    expect(notHttp.stderr).toBe('smokeguard: --base-url: expected an http(s) URL such as https://orders.internal, got "ftp://***@127.0.0.1"\n');
  });

  it('a service where no conventional endpoint exists (404 everywhere) and no variable set: no file with zero checks, one line saying what was tried', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('not found'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const init = await runCli(['init', '--base-url', url], { cwd: dir, env: { DATABASE_URL: '', REDIS_URL: '' } });
      expect(init.code).toBe(2);
      expect(init.stderr).toContain(`found nothing to check at ${url}: no health endpoint answered 2xx (/health (404), /health/ready (404)`);
      expect(init.stderr).not.toMatch(/\n\s+at /); // no stack trace
      await expect(readFile(join(dir, 'smokeguard.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      server.close();
    }
  });

  it('takes the service from SMOKEGUARD_BASE_URL when --base-url is not given (as run does); neither: one line, exit 2', async () => {
    service = await startDemoService();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const init = await runCli(['init'], { cwd: dir, env: { SMOKEGUARD_BASE_URL: service.url } });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`probing ${service.url}`);
    expect(await readFile(join(dir, 'smokeguard.yaml'), 'utf8')).toContain(`base_url: ${service.url}`);
    const none = await runCli(['init', '--config', 'other.yaml'], { cwd: dir, env: { SMOKEGUARD_BASE_URL: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('smokeguard: init needs the service to discover: --base-url URL (or SMOKEGUARD_BASE_URL), e.g. --base-url https://orders.internal');
  });
});
