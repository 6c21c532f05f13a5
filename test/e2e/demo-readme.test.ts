import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKEN_DEMO } from '../../src/demo/scenarios.js';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('the README tells what the demo\'s broken run fails with', () => {
  it('every HTTP status of the broken run is in the README\'s demo paragraph and in the demo\'s own heading', async () => {
    service = await startDemoService({ faults: BROKEN_DEMO.faults });
    const run = await runCli(['run', '--config', resolve(ROOT, 'examples/demo/smokeguard.yaml'), '--base-url', service.url, '--dry-run', '--json'], { cwd: ROOT });
    expect(run.code).toBe(1);
    const statuses = [...new Set((JSON.parse(run.stdout) as { checks: Array<{ httpStatus?: number; status: string }> }).checks
      .filter((c) => c.status === 'failed' && c.httpStatus).map((c) => c.httpStatus!))].sort();
    expect(statuses.length).toBeGreaterThan(0);
    const readme = await readFile(resolve(ROOT, 'README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('`npm run demo` starts'), readme.indexOf('## Using it'));
    expect(statuses.filter((s) => !paragraph.includes(String(s)))).toEqual([]);
    expect(statuses.filter((s) => !BROKEN_DEMO.title.includes(String(s)))).toEqual([]);
  });
});
