import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApprovalCommands } from '../../src/cli/commands/approve.js';
import { ATTEMPTS_ANNOTATION } from '../../src/rollback/defaults.js';
import { executeRollback, renderRollbackConsole } from '../../src/rollback/index.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, deploymentWrites, GOOD, harness, liveImage, passed, seedDjango } from './harness.js';

/**
 * executeRollback against the Kubernetes API simulator through the real @kubernetes/client-node.
 * The simulator's state is the proof: which image is live, which writes were accepted.
 */
describe('executeRollback (previous-image, real client, simulated cluster)', () => {
  let s: RunningSimulator;
  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
    seedDjango(s);
  });
  afterEach(async () => s.stop());

  it('rolls back to the previous revision with --yes, follows the pods and verifies health', async () => {
    const h = harness(s, { input: { pollMs: 5 } });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({
      status: 'succeeded', strategy: 'previous-image', deployment: 'django', namespace: 'prod',
      currentImage: BAD, targetImage: GOOD, fromRevision: '2', toRevision: '1', attempts: 1, maxAttempts: 1,
      pods: { ready: 3, desired: 3 }, confirmation: { required: true, method: 'flag', approved: true, by: '--yes' },
      verification: { healthy: true }, alertOps: false,
    });
    expect(liveImage(s)).toBe(GOOD);
    expect(deploymentWrites(s).map((w) => w.contentType)).toEqual(['application/strategic-merge-patch+json']);
    // The controller reused revision 1's ReplicaSet and renumbered it 3.
    expect(s.sim.cluster.get('deployments', 'prod', 'django')?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3' });
    // Live progress: at least one intermediate count, then all pods.
    expect(h.messages().some((m) => /^Rolling back [12]\/3 pods\.\.\.$/.test(m))).toBe(true);
    expect(h.messages()).toContain('Rolling back 3/3 pods...');
    expect(renderRollbackConsole(outcome).slice(0, 4)).toEqual(['Automatic rollback initiated:', `Current: ${BAD}`, `Rollback to: ${GOOD}`, expect.stringMatching(/^Status: Rolling back 3\/3 pods\.\.\. done in /)]);
  });

  it('takes confirmation from SMOKEGUARD_CONFIRM=yes', async () => {
    const outcome = await executeRollback(harness(s, { input: { assumeYes: false, env: { SMOKEGUARD_CONFIRM: 'yes' } } }).input);
    expect(outcome.confirmation).toMatchObject({ method: 'env', approved: true, by: 'SMOKEGUARD_CONFIRM=yes' });
    expect(liveImage(s)).toBe(GOOD);
  });

  it('waits for `smokeguard approve RUN_ID` from another terminal', async () => {
    const h = harness(s, { input: { assumeYes: false }, config: { auto_rollback: { confirmation_timeout_seconds: 10 } } });
    const pending = executeRollback(h.input);
    await until(() => h.messages().some((m) => m.startsWith('Waiting for ops confirmation')));
    expect(deploymentWrites(s)).toHaveLength(0);
    await cli('approve', h.input.result.runId, '--state-dir', h.input.stateDir as string, '--by', 'alice');
    const outcome = await pending;
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { method: 'approve_command', by: 'alice', approved: true } });
    expect(liveImage(s)).toBe(GOOD);
  });

  it('takes `smokeguard approve RUN_ID --deployment …` through the cluster (a run that is a Job)', async () => {
    const h = harness(s, { input: { assumeYes: false }, config: { auto_rollback: { confirmation_timeout_seconds: 10 } } });
    const pending = executeRollback(h.input);
    await until(() => h.messages().some((m) => m.startsWith('Waiting for ops confirmation')));
    const runId = h.input.result.runId;
    expect(h.messages().find((m) => m.startsWith('Waiting'))).toContain(`smokeguard approve ${runId} --deployment django --namespace prod`);
    await expect(cli('approve', 'some-other-run', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', s.kubeconfig)).rejects.toThrow(/run some-other-run is not waiting on deployment\/django in prod \(the rollback lock is held by run/);
    await cli('approve', runId, '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', s.kubeconfig, '--by', 'dave');
    expect(await pending).toMatchObject({ status: 'succeeded', confirmation: { method: 'approve_command', by: 'dave' } });
    expect(liveImage(s)).toBe(GOOD);
  });

  it('approve through the cluster when no run waits is an error', async () => {
    await expect(cli('approve', 'run-x', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', s.kubeconfig)).rejects.toThrow(/no smokeguard run is waiting to roll back deployment\/django in prod/);
  });

  it('asks at the TTY prompt and takes "y"', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const h = harness(s, { input: { assumeYes: false, interactive: true, input, output, env: { USER: 'bob' } } });
    const pending = executeRollback(h.input);
    await until(() => shown.includes('[y/N]'));
    expect(shown).toContain(`Roll back deployment/django in prod from ${BAD} to ${GOOD}?`);
    input.write('y\n');
    expect(await pending).toMatchObject({ status: 'succeeded', confirmation: { method: 'tty', by: 'bob' } });
  });

  it('is denied by `smokeguard deny RUN_ID`: nothing patched', async () => {
    const h = harness(s, { input: { assumeYes: false } });
    const pending = executeRollback(h.input);
    await until(() => h.messages().some((m) => m.startsWith('Waiting for ops confirmation')));
    await cli('deny', h.input.result.runId, '--state-dir', h.input.stateDir as string, '--by', 'carol');
    const outcome = await pending;
    expect(outcome).toMatchObject({ status: 'denied', confirmation: { approved: false, by: 'carol' }, alertOps: false });
    expect(outcome.manualCommand).toBe(`kubectl set image deployment/django django=${GOOD} -n prod --kubeconfig ${s.kubeconfig}`);
    expect(deploymentWrites(s)).toHaveLength(0);
    expect(liveImage(s)).toBe(BAD);
  });

  it('times out without confirmation: no rollback, alert ops', async () => {
    const outcome = await executeRollback(harness(s, { input: { assumeYes: false }, config: { auto_rollback: { confirmation_timeout_seconds: 0.3 } } }).input);
    const returned = Date.now();
    expect(outcome).toMatchObject({ status: 'confirmation_timeout', alertOps: true, confirmation: { required: true } });
    // The window is fixed at the decision (taking the lock comes out of it): the run waited until its deadline.
    expect(returned).toBeGreaterThanOrEqual(Date.parse(outcome.confirmation?.awaiting?.deadline ?? '') - 1);
    expect(outcome.confirmation?.waitedMs).toBeGreaterThan(0);
    expect(deploymentWrites(s)).toHaveLength(0);
  });

  it('rolls back anyway on timeout when on_confirmation_timeout is rollback', async () => {
    const outcome = await executeRollback(harness(s, { input: { assumeYes: false }, config: { auto_rollback: { confirmation_timeout_seconds: 0.2, on_confirmation_timeout: 'rollback' } } }).input);
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { method: 'timeout_default' } });
    expect(liveImage(s)).toBe(GOOD);
  });

  it('several critical failures roll back immediately, without asking', async () => {
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const h = harness(s, { mode: 'immediate', input: { assumeYes: false, interactive: true, input: new PassThrough(), output } });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { required: false, method: 'immediate' } });
    expect(h.messages().some((m) => m.startsWith('Waiting'))).toBe(false);
    expect(shown).toBe('');
    expect(renderRollbackConsole(outcome)).toContain('Confirmation: skipped (several critical failures: immediate rollback)');
  });

  it('a stalled rollout fails at rollback_timeout_seconds with the manual command', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    const outcome = await executeRollback(harness(s, { config: { auto_rollback: { rollback_timeout_seconds: 1 } } }).input);
    expect(outcome).toMatchObject({ status: 'failed', alertOps: true, pods: { ready: 1, desired: 3 } });
    expect(outcome.error?.message).toContain('rollout stalled at 1/3 pods');
    expect(outcome.manualCommand).toContain(`kubectl set image deployment/django django=${GOOD} -n prod`);
    expect(outcome.durationMs).toBeLessThan(3000);
    expect(renderRollbackConsole(outcome)).toContain('Status: stopped at 1/3 pods');
  });

  it('a rollout the controller gives up on (ProgressDeadlineExceeded) fails at once', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'fail', afterPods: 2 });
    const outcome = await executeRollback(harness(s).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toMatch(/rollout failed: .*timed out progressing/);
  });

  it('forbidden patch fails naming the missing permission', async () => {
    s.sim.forbidden.add('patch deployments');
    const outcome = await executeRollback(harness(s).input);
    expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 403, missingPermission: 'patch deployments.apps in namespace prod' } });
    expect(renderRollbackConsole(outcome)).toContain('Missing permission: patch deployments.apps in namespace prod (see "RBAC" in docs/rollback.md)');
    expect(liveImage(s)).toBe(BAD);
  });

  it('forbidden lease names the coordination permission', async () => {
    s.sim.forbidden.add('create leases');
    const outcome = await executeRollback(harness(s).input);
    expect(outcome).toMatchObject({ status: 'failed', error: { missingPermission: 'create leases.coordination.k8s.io in namespace prod' } });
    expect(deploymentWrites(s)).toHaveLength(0);
  });

  it('a re-run after a rollback does not roll back a second time', async () => {
    expect((await executeRollback(harness(s).input)).status).toBe('succeeded');
    const again = await executeRollback(harness(s).input);
    expect(again.status).toBe('skipped_limit');
    expect(again.message).toContain('smokeguard rolled back to');
    expect(deploymentWrites(s)).toHaveLength(1);
    expect(liveImage(s)).toBe(GOOD);
    const annotations = s.sim.cluster.get('deployments', 'prod', 'django')?.metadata.annotations as Record<string, string>;
    const ledger = JSON.parse(annotations[ATTEMPTS_ANNOTATION]);
    expect(Object.values(ledger.failed)).toEqual([expect.objectContaining({ attempts: 1, revision: '2', images: { django: BAD } })]);
  });

  it('a failed attempt counts: the re-run does not retry past max_rollback_attempts', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'fail', afterPods: 0 });
    expect((await executeRollback(harness(s).input)).status).toBe('failed');
    const again = await executeRollback(harness(s).input);
    expect(again).toMatchObject({ status: 'skipped_limit', alertOps: true });
  });

  it('two concurrent runs produce one rollback', async () => {
    const [a, b] = await Promise.all([executeRollback(harness(s).input), executeRollback(harness(s).input)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses.filter((x) => x === 'succeeded')).toHaveLength(1);
    expect(['locked_by_other_run', 'skipped_limit']).toContain(statuses.find((x) => x !== 'succeeded'));
    expect(deploymentWrites(s)).toHaveLength(1);
  });

  it('dry run reads the plan and patches nothing', async () => {
    const outcome = await executeRollback(harness(s, { input: { dryRun: true, assumeYes: false } }).input);
    expect(outcome).toMatchObject({ status: 'dry_run', currentImage: BAD, targetImage: GOOD, confirmation: { required: true } });
    expect(s.sim.cluster.writes).toHaveLength(0);
    expect(renderRollbackConsole(outcome)).toContain(`Would run: kubectl set image deployment/django django=${GOOD} -n prod --kubeconfig ${s.kubeconfig}`);
  });

  it('reports a rollback that did not bring health back', async () => {
    const outcome = await executeRollback(harness(s, { input: { verify: async () => [passed('basic-health'), { ...passed('readiness'), status: 'failed', severity: 'critical', reason: 'status 503' }] } }).input);
    expect(outcome).toMatchObject({ status: 'succeeded', alertOps: true, verification: { healthy: false } });
    expect(renderRollbackConsole(outcome).at(-1)).toBe('Verification: STILL UNHEALTHY after rollback — alert ops: readiness status 503');
  });

  it.each([
    ['the tested version is live: rollback', 'v1.22.0-context-api', 'succeeded'],
    ['someone changed the deployment since the run: no blind rollback', 'v1.23.0', 'failed'],
  ])('version check: %s', async (_name, version, status) => {
    const h = harness(s);
    h.input.result = { ...h.input.result, target: { version } };
    const outcome = await executeRollback(h.input);
    expect(outcome.status).toBe(status);
    if (status === 'failed') {
      expect(outcome.message).toContain('no longer runs the version under test (v1.23.0; now django:v1.22.0-context-api)');
      expect(s.sim.cluster.writes).toHaveLength(0);
    }
  });

  it('an unknown container fails before any write', async () => {
    const outcome = await executeRollback(harness(s, { config: { deployment: { name: 'django', namespace: 'prod', container: 'worker', kubeconfig: s.kubeconfig } } }).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toContain('container "worker" not found in deployment/django');
    expect(s.sim.cluster.writes).toHaveLength(0);
  });
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cli(...args: string[]): Promise<void> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  registerApprovalCommands(program);
  const out = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = out;
  }
}
