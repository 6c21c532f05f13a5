import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli } from '../helpers/cli.js';

/** ${VAR} templates as a pipeline fills them: variables set, unset, or set to nothing. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

const DEMO_CONFIG = resolve(import.meta.dirname, '../../examples/demo/smokeguard.yaml');

it('${VAR:-default} takes the default when VAR is set but empty, as in the shell', async () => {
  // A pipeline input left blank (EXPECTED_VERSION: ${{ inputs.version }}) arrives as an empty variable.
  const blank = await runCli(['run', '--config', DEMO_CONFIG, '--base-url', service.url, '--only', 'basic-health'], { env: { EXPECTED_VERSION: '' } });
  expect(blank.stdout).not.toContain('expected ""');
  expect(blank.code, blank.stdout).toBe(0);
  // A value still wins over the default.
  const other = await runCli(['run', '--config', DEMO_CONFIG, '--base-url', service.url, '--only', 'basic-health'], { env: { EXPECTED_VERSION: '9.9.9' } });
  expect(other.code).toBe(1);
  expect(other.stdout).toContain('json $.version: expected "9.9.9", got 1.22.0');
});
