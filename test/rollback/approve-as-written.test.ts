import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { executeRollback } from '../../src/rollback/index.js';
import type { PendingRollback } from '../../src/rollback/types.js';
import { CLI, runProcess } from '../helpers/cli.js';
import { decision, runResult } from './harness.js';

/**
 * Without cluster access (a `command` strategy) ops answer through the run's state dir: the
 * approve command the alert carries is run exactly as written, by a shell in another directory,
 * with `smokeguard` the built CLI on PATH — and the waiting run rolls back.
 */
async function shell(line: string, cwd: string): Promise<{ code: number | null; out: string }> {
  const bin = await mkdtemp(join(tmpdir(), 'smokeguard-bin-'));
  await writeFile(join(bin, 'smokeguard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'smokeguard'), 0o755);
  // Through runProcess: a Node warning in what ops would see fails the test.
  const { code, stdout, stderr } = await runProcess('sh', ['-c', line], { cwd, env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME, USER: 'erin' } });
  return { code, out: stdout + stderr };
}

describe('the approve command of a run without cluster access', () => {
  it('works as written from another directory: the waiting run rolls back, confirmed by the approver', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-approve-written-'));
    const log = join(dir, 'rolled-back.log');
    const config = configSchema.parse({
      deployment: { name: 'django', namespace: 'prod' },
      auto_rollback: { enabled: true, confirmation_timeout_seconds: 30, rollback_timeout_seconds: 10 },
      rollback_strategy: { type: 'command', command: ['sh', '-c', `echo "$0" >> ${log}`, '${deployment}'], verify: false },
    });
    let asked: PendingRollback | undefined;
    let answered: Promise<{ code: number | null; out: string }> | undefined;
    const outcome = await executeRollback({
      config, result: runResult(decision('awaiting_confirmation')), dryRun: false, assumeYes: false, interactive: false, env: { PATH: process.env.PATH },
      stateDir: join(dir, 'state'), pollMs: 25,
      onAwaitingConfirmation: (p) => {
        asked = p;
        answered = shell(p.confirmation?.approveCommand ?? 'false', tmpdir());
      },
    });
    expect(asked?.confirmation?.approveCommand).toBe(`smokeguard approve ${asked?.runId} --state-dir ${join(dir, 'state')}`);
    expect(await answered).toMatchObject({ code: 0 });
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { method: 'approve_command', by: 'erin', approved: true } });
    expect((await readFile(log, 'utf8')).trim()).toBe('django');
  }, 30_000);
});
