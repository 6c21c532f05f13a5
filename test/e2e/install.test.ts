import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { PG_URL, REDIS_URL, runProcess } from '../helpers/cli.js';

/**
 * The install path the README documents, outside this repository: `npm pack`, install the
 * tarball into an empty project (--prefer-offline: package tarballs come from the npm cache that
 * `npm ci` filled; npm may still ask the registry for the drivers' version lists), then
 * `npx smokeguard` there as a user would — --version, validate, and a real run against the
 * demo service, PostgreSQL and Redis with the drivers the package brought.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);

let project: string;
let service: DemoService;
/** What npm said while installing the tarball. */
let installLog = '';

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), 'smokeguard-pack-'));
  // npm test has just built dist/; packing without the prepare script does not build it again.
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT });
  const tarball = join(out, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  project = await mkdtemp(join(tmpdir(), 'smokeguard-project-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'my-service', private: true }));
  const installed = await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', '--save-dev', tarball], { cwd: project });
  installLog = installed.stdout + installed.stderr;
  service = await startDemoService();
}, 240_000);
afterAll(async () => {
  await service?.close();
});

const npx = (args: string[]) =>
  runProcess('npx', ['smokeguard', ...args], {
    cwd: project,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DATABASE_URL: PG_URL, REDIS_URL },
  });

describe('installed from the packed tarball into an empty project', () => {
  it('npm install on Node 20 warns of no package that needs another Node (EBADENGINE)', () => {
    expect(installLog).not.toMatch(/EBADENGINE/);
  });

  it('npx smokeguard --version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const res = await npx(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(version);
  });

  it('validates and runs a config there: health, postgres, redis and a path, exit 0', async () => {
    await writeFile(join(project, 'smokeguard.yaml'), [
      `base_url: ${service.url}`,
      'health_checks:',
      '  - { name: readiness, endpoint: /health/ready }',
      'dependency_checks:',
      '  - { name: database, type: postgres, url: "${DATABASE_URL}" }',
      '  - { name: cache, type: redis, url: "${REDIS_URL}" }',
      'critical_paths:',
      '  - name: core-api',
      '    steps: [{ method: GET, endpoint: /api/resources, required_status: 200 }]',
    ].join('\n'));
    const validated = await npx(['validate']);
    expect(validated.code, validated.stderr).toBe(0);
    const run = await npx(['run', '--report-dir', 'smoke-report']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/4\/4 checks passed/);
    const report = JSON.parse(await readFile(join(project, 'smoke-report/report.json'), 'utf8')) as { verdict: string; checks: Array<{ name: string; status: string }> };
    expect(report.verdict).toBe('passed');
    expect(report.checks.map((c) => [c.name, c.status])).toEqual(expect.arrayContaining([['database', 'passed'], ['cache', 'passed']]));
  });

  it('installed without optional packages, serve on SQLite says what to install (no stack trace)', async () => {
    const res = await npx(['serve', '--port', '0', '--store', 'sqlite:./dash.db']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('the SQLite store needs the optional package better-sqlite3');
    expect(res.stderr).toContain('npm install better-sqlite3');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
