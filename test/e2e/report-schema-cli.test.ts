import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportJsonSchema } from '../../src/core/report-schema.js';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli, writeConfig } from '../helpers/cli.js';

/**
 * report.json's published schema, as a reader gets it: `smokeguard schema --report` prints the
 * schema the tests validate against, and a report the CLI writes (a critical run, with findings)
 * validates against what was printed.
 */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService({ faults: { readiness: 'database-down', login: 'error' } });
});
afterAll(() => service.close());

it('smokeguard schema --report prints the published schema, and a report the CLI writes fits it', async () => {
  const printed = await runCli(['schema', '--report']);
  expect(printed.code).toBe(0);
  expect(printed.stderr).toBe('');
  const schema = JSON.parse(printed.stdout) as Record<string, unknown>;
  expect(schema).toEqual(reportJsonSchema());
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');

  const { dir } = await writeConfig({
    base_url: service.url,
    health_checks: [{ name: 'readiness', endpoint: '/health/ready' }],
    critical_paths: [{ name: 'user-login', steps: [{ method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } }] }],
  });
  const reports = await mkdtemp(join(tmpdir(), 'smokeguard-schema-'));
  const run = await runCli(['run', '--report-dir', reports], { cwd: dir });
  expect(run.code).toBe(1);
  const report = JSON.parse(await readFile(join(reports, 'report.json'), 'utf8')) as { verdict: string; findings?: Array<Record<string, unknown>> };
  expect(report.verdict).toBe('critical');
  expect(report.findings?.length).toBeGreaterThan(0);
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  // The schema can say no: a report with a status no producer writes is refused.
  expect(validate({ ...report, verdict: 'fine' })).toBe(false);
  // …and a field no producer writes, the kind readers used to guess (`r.ok`).
  expect(validate({ ...report, findings: [{ ...report.findings![0], ok: true }] })).toBe(false);
});
