import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli, writeConfig } from '../helpers/cli.js';

/** --report-dir and --state-dir where no directory can be made: said once, the verdict stands, the process ends. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

it('a --report-dir under /proc is an error line, not a process spinning forever', async () => {
  // procfs answers ENOENT to mkdir under an existing directory: Node's recursive mkdir then
  // makes the parent (EEXIST) and retries the child, forever, at 100% CPU.
  const { dir } = await writeConfig({ base_url: service.url, health_checks: [{ name: 'health', endpoint: '/health' }] });
  const run = await runCli(['run', '--report-dir', '/proc/smokeguard-no-such-dir/reports'], { cwd: dir, timeoutMs: 15_000 });
  expect(run.code).toBe(0); // killed by the timeout, it would be null
  expect(run.stderr).toMatch(/^smokeguard: could not write reports: .*ENOENT.*\/proc\/smokeguard-no-such-dir/);
  expect(run.stdout).not.toContain('could not write reports');
});

it('approve into a --state-dir that cannot be made says it could not record the answer (exit 2, a usage error), not "internal error" (exit 4)', async () => {
  const { file } = await writeConfig('not a directory', 'state');
  // A file where the folder should be: the state dir cannot be read, said so.
  const run = await runCli(['approve', 'run-42', '--state-dir', file, '--by', 'alice'], { timeoutMs: 15_000 });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(new RegExp(`^could not record the answer in ${file}: `));
  expect(run.stderr).not.toContain('internal error');
  // A folder that does not exist holds no waiting run: said so, nothing recorded.
  const missing = '/proc/smokeguard-no-such-dir/state';
  const none = await runCli(['approve', 'run-42', '--state-dir', missing, '--by', 'alice'], { timeoutMs: 15_000 });
  expect(none.code, none.stderr).toBe(2);
  expect(none.stderr).toContain(`no run run-42 is waiting for confirmation in ${missing}`);
  expect(none.stderr).not.toContain('internal error');
});
