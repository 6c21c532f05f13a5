import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { leaseName } from '../../src/rollback/lease.js';
import { GOOD, liveImage, seedDjango } from '../rollback/harness.js';
import { expectRun, PROCESS_MARGIN_MS, runFault, type FaultRun } from './harness.js';

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

/** Not only report.json: every format says the run was aborted, and why. */
function expectEveryReportAborted(run: FaultRun, signal: string): void {
  for (const file of ['junit.xml', 'report.md', 'report.html']) {
    const text = readFileSync(join(run.dir, file), 'utf8');
    expect(text, file).toMatch(/aborted/i);
    expect(text, file).toContain(`${signal} received`);
  }
  expect(readFileSync(join(run.dir, 'junit.xml'), 'utf8')).toContain('<property name="smokeguard.verdict" value="aborted"/>');
}

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
    expectEveryReportAborted(run, signal);
    expect(run.report.rollback).toBeUndefined();
    expect(run.report.decision.action).toBe('none');
    const lines = run.stdout.split('\n').filter((l) => /ABORTED/.test(l));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^■ ABORTED: ${signal} received — no verdict on the deployment \\(0/1 checks finished\\)$`))]);
  });
});

describe('stop signals during a rollback (Kubernetes simulator, real client)', () => {
  let k8s: RunningSimulator;
  let service: HttpTarget;
  beforeEach(async () => {
    k8s = await startK8sSimulator({ tickMs: 30 });
    seedDjango(k8s);
    k8s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    service = await startHttpTarget({ '/health/ready': { status: 503, body: { status: 'down' } } });
  });
  afterEach(async () => {
    await Promise.all([service.close(), k8s.stop()]);
  });

  const rollbackConfig = () => ({
    base_url: service.url,
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, requires_ops_confirmation: false, rollback_timeout_seconds: 60 },
    health_checks: [{ name: 'readiness', endpoint: '/health/ready', timeout_seconds: 2, required: true }],
  });

  it('SIGTERM after the patch: the rollout is watched for the grace only, the report says aborted, exit 143', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
    let signalledAt = 0;
    const run = await runFault(rollbackConfig(), { args: ['--state-dir', state], signal: { name: 'SIGTERM', after: /Rolling back 1\/3 pods/ }, onSignal: (at) => (signalledAt = at), timeoutMs: 50_000 });
    expectRun(run, { code: 143, verdict: 'aborted', checks: { readiness: { status: 'failed', reason: /returned 503/ } }, maxMs: 45_000 });
    // After the signal: the 10 s grace on the rollout, not the 60 s rollback timeout.
    expect(run.exitedAt - signalledAt).toBeLessThan(10_000 + PROCESS_MARGIN_MS);
    expect(run.report.decision.action).toBe('rollback');
    expect(run.report.rollback).toMatchObject({ status: 'failed', interrupted: { during: 'rollout' } });
    expect(liveImage(k8s)).toBe(GOOD); // the patch sent before the signal stays
    expectEveryReportAborted(run, 'SIGTERM');
    // The rollback lock was taken, and released on the way out: the next run need not wait for it to expire.
    const lease = k8s.sim.cluster.get('leases', 'prod', leaseName('django'));
    expect(lease, 'the rollback took its Lease').toBeDefined();
    expect(lease!.spec).not.toHaveProperty('holderIdentity');
    expect(run.stdout.split('\n').filter((l) => l.includes('ABORTED'))).toEqual([expect.stringMatching(/^■ ABORTED: SIGTERM received — 1 critical failure\(s\); rollback failed/)]);
  }, 60_000);

  it('a second SIGTERM during that grace exits at once', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
    let firstAt = 0;
    const run = await runFault(rollbackConfig(), {
      args: ['--state-dir', state],
      signal: { name: 'SIGTERM', after: /Rolling back 1\/3 pods/, again: true, againAfterMs: 500 },
      onSignal: (at) => (firstAt = at),
      timeoutMs: 40_000,
    });
    expect(run.code).toBe(143);
    // The grace would have kept it 10 s; the second signal ended it right away.
    expect(run.exitedAt - firstAt).toBeLessThan(2_500);
  }, 60_000);
});
