import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
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
    // The wait is over: its record is gone, and answering now is refused rather than "Approved".
    expect(await readdir(join(dir, 'state', 'waiting'))).toEqual([]);
    const late = await shell(asked?.confirmation?.approveCommand ?? 'false', tmpdir());
    expect(late.code).toBe(2);
    expect(late.out).toContain(`no run ${asked?.runId} is waiting for confirmation in ${join(dir, 'state')}`);
  }, 30_000);

  it('while the run waits, its record names the window and is private to the user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-approve-waiting-'));
    const config = configSchema.parse({
      deployment: { name: 'django', namespace: 'prod' },
      auto_rollback: { enabled: true, confirmation_timeout_seconds: 30, rollback_timeout_seconds: 10 },
      rollback_strategy: { type: 'command', command: ['true'], verify: false },
    });
    let seen: { record: unknown; mode: number } | undefined;
    let answered: Promise<{ code: number | null; out: string }> | undefined;
    const before = Date.now();
    await executeRollback({
      config, result: runResult(decision('awaiting_confirmation')), dryRun: false, assumeYes: false, interactive: false, env: { PATH: process.env.PATH },
      stateDir: join(dir, 'state'), pollMs: 25,
      onAwaitingConfirmation: async (p) => {
        const file = join(dir, 'state', 'waiting', `${p.runId}.json`);
        seen = { record: JSON.parse(await readFile(file, 'utf8')), mode: (await stat(file)).mode & 0o777 };
        answered = shell(p.confirmation?.denyCommand ?? 'false', tmpdir());
      },
    });
    expect(await answered).toMatchObject({ code: 0 });
    expect(seen?.mode).toBe(0o600);
    const record = seen?.record as { until: string; target: string };
    expect(record.target).toBe('deployment/django in prod');
    const until = Date.parse(record.until) - before;
    expect(until).toBeGreaterThan(25_000);
    expect(until).toBeLessThanOrEqual(31_000);
  }, 30_000);
});

describe('smokeguard approve for a run that is not waiting', () => {
  it('refuses an id no run waits under (mistyped, another state dir) and records nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-approve-unknown-'));
    const answer = await shell(`smokeguard approve no-such-run --state-dir ${join(dir, 'state')}`, tmpdir());
    expect(answer.code).toBe(2);
    expect(answer.out).toContain(`no run no-such-run is waiting for confirmation in ${join(dir, 'state')}`);
    expect(answer.out).not.toMatch(/Approved|at .*\.js:\d+/);
    await expect(readdir(join(dir, 'state', 'approvals'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a run whose window has closed (a run killed while waiting leaves its record)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-approve-closed-'));
    const { markWaiting } = await import('../../src/rollback/approval-store.js');
    await markWaiting(join(dir, 'state'), { runId: 'run-7', until: new Date(Date.now() - 60_000).toISOString() });
    const answer = await shell(`smokeguard deny run-7 --state-dir ${join(dir, 'state')}`, tmpdir());
    expect(answer.code).toBe(2);
    expect(answer.out).toMatch(/run run-7 stopped waiting for confirmation at .*: too late to answer/);
    await expect(readdir(join(dir, 'state', 'approvals'))).rejects.toThrow(/ENOENT/);
  });
});
