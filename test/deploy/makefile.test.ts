import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, runProcess, writeConfig } from '../helpers/cli.js';

/** deploy/make/Makefile with GNU make: the seed's `make smoke-tests --environment prod`, literally. */
const ROOT = resolve(import.meta.dirname, '../..');
const MAKEFILE = join(ROOT, 'deploy/make/Makefile');
let prod: DemoService;
let staging: DemoService;
let dir: string;

beforeAll(async () => {
  prod = await startDemoService();
  staging = await startDemoService({ faults: { readiness: 'database-down' } });
  dir = (await writeConfig({
    base_url: staging.url,
    environments: { prod: { base_url: prod.url }, staging: { base_url: staging.url } },
    health_checks: [{ name: 'readiness', endpoint: '/health/ready', expected_status: 200 }],
  }, 'smokeguard.yaml')).dir;
});
afterAll(async () => {
  await prod.close();
  await staging.close();
});

function make(args: string[]) {
  return runProcess('make', ['-f', MAKEFILE, ...args, `SMOKEGUARD=${process.execPath} ${CLI}`], { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1' }, timeoutMs: 60_000 })
    .then((r) => ({ code: r.code, out: r.stdout + r.stderr }));
}

describe('make smoke-tests', () => {
  it('`make smoke-tests --environment prod` (the seed\'s line, as written) tests prod and passes', async () => {
    const r = await make(['smoke-tests', '--environment', 'prod']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--environment prod');
    expect(r.out).toContain(`against ${prod.url}`);
    expect(r.out).toContain('✓ Smoke tests passed');
    const report = JSON.parse(await readFile(join(dir, 'smoke-report/report.json'), 'utf8'));
    expect(report.target).toMatchObject({ environment: 'prod', baseUrl: prod.url });
  });

  it('ENVIRONMENT=… works too, and a critical failure fails make with smokeguard\'s verdict', async () => {
    const r = await make(['smoke-tests', 'ENVIRONMENT=staging']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('✗ CRITICAL');
    expect(r.out).toMatch(/make: \*\*\* \[.*smoke-tests\] Error 1/);
  });
});
