import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentServer } from '../helpers/silent-server.js';
import { expectRun, runFault } from './harness.js';

/**
 * A Kubernetes Job being deleted (SIGTERM) or a cancelled CI job (SIGINT) must leave a trace:
 * the checks stop, the reports say `aborted` and why, one line says so, exit 143 / 130.
 */
let silent: Awaited<ReturnType<typeof startSilentServer>>;
beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(async () => {
  await silent.close();
});

const config = () => ({
  base_url: silent.url('http'),
  timeout_seconds: 60,
  auto_rollback: { enabled: true, requires_ops_confirmation: false },
  deployment: { name: 'app', namespace: 'prod' },
  health_checks: [{ name: 'readiness', endpoint: '/health/ready', timeout_seconds: 30, required: true }],
});

describe('stop signals', () => {
  it.each([
    { signal: 'SIGTERM' as const, code: 143 },
    { signal: 'SIGINT' as const, code: 130 },
  ])('$signal while a check hangs: reports say aborted, exit $code, no rollback', async ({ signal, code }) => {
    const run = await runFault(config(), { signal: { name: signal, after: /deadline 60 s/ } });
    expectRun(run, {
      code,
      verdict: 'aborted',
      checks: { readiness: { status: 'skipped', reason: new RegExp(`not finished: ${signal} received`) } },
      maxMs: 5_000,
    });
    expect(run.report.abortReason).toBe(`${signal} received`);
    expect(run.report.rollback).toBeUndefined();
    expect(run.report.decision.action).toBe('none');
    const lines = run.stdout.split('\n').filter((l) => /ABORTED/.test(l));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^■ ABORTED: ${signal} received — no verdict on the deployment \\(0/1 checks finished\\)$`))]);
  });

  it('a second signal ends the process at once', async () => {
    const run = await runFault(config(), { signal: { name: 'SIGTERM', after: /deadline 60 s/, again: true } });
    expect(run.code).toBe(143);
    expect(run.ms).toBeLessThan(5_000);
  });
});
