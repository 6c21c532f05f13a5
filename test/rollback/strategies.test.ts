import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRollback } from '../../src/rollback/index.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, KUBECTL, decision, deploymentWrites, GOOD, harness, liveImage, runResult, seedDjango } from './harness.js';

const env = { PATH: process.env.PATH, HOME: process.env.HOME };

describe('rollback strategies against the simulator', () => {
  let s: RunningSimulator;
  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
  });
  afterEach(async () => s.stop());

  it('rollout-undo returns to the previous revision with kubectl\'s JSON patch', async () => {
    seedDjango(s);
    const outcome = await executeRollback(harness(s, { config: { rollback_strategy: { type: 'rollout-undo' } } }).input);
    expect(outcome).toMatchObject({ status: 'succeeded', strategy: 'rollout-undo', toRevision: '1', targetImage: GOOD, pods: { ready: 3, desired: 3 } });
    expect(liveImage(s)).toBe(GOOD);
    expect(deploymentWrites(s).map((w) => w.contentType)).toEqual(['application/json-patch+json']);
    expect(s.sim.cluster.ownedReplicaSets('prod', 'django')).toHaveLength(2);
  });

  it('rollout-undo to_revision picks an older revision', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', replicas: 2, revisions: [{ django: 'django:v1.20.0' }, { django: GOOD }, { django: BAD }] });
    const outcome = await executeRollback(harness(s, { config: { rollback_strategy: { type: 'rollout-undo', to_revision: 1 } } }).input);
    expect(outcome).toMatchObject({ status: 'succeeded', fromRevision: '3', toRevision: '1', targetImage: 'django:v1.20.0' });
    expect(liveImage(s)).toBe('django:v1.20.0');
  });

  it('rollout-undo to an unknown revision fails before any write', async () => {
    seedDjango(s);
    const outcome = await executeRollback(harness(s, { config: { rollback_strategy: { type: 'rollout-undo', to_revision: 7 } } }).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('revision 7 of deployment/django not found (known: 2, 1)');
    expect(s.sim.cluster.writes).toHaveLength(0);
  });

  it('a single revision has nothing to roll back to', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: BAD }] });
    const outcome = await executeRollback(harness(s).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toContain('cannot roll back: deployment/django has no earlier revision than 1');
  });

  it('only the configured container is rolled back in a multi-container pod', async () => {
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', replicas: 2, revisions: [{ django: GOOD, proxy: 'envoy:1.29' }, { django: BAD, proxy: 'envoy:1.30' }] });
    const outcome = await executeRollback(harness(s, { config: { deployment: { name: 'django', namespace: 'prod', container: 'django', kubeconfig: s.kubeconfig } } }).input);
    expect(outcome).toMatchObject({ status: 'succeeded', containers: [{ name: 'django', currentImage: BAD, targetImage: GOOD }] });
    const d = s.sim.cluster.get('deployments', 'prod', 'django')?.spec as { template: { spec: { containers: { name: string; image: string }[] } } };
    expect(d.template.spec.containers).toEqual([expect.objectContaining({ name: 'django', image: GOOD }), expect.objectContaining({ name: 'proxy', image: 'envoy:1.30' })]);
  });

  it('command strategy runs the real kubectl set image with the images looked up in the cluster', async () => {
    seedDjango(s);
    const command = [KUBECTL, '--kubeconfig', s.kubeconfig, 'set', 'image', 'deployment/${deployment}', '${container}=${previous_image}', '-n', '${namespace}'];
    const h = harness(s, { config: { rollback_strategy: { type: 'command', command } }, input: { env } });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', strategy: 'command', currentImage: BAD, targetImage: GOOD, pods: { ready: 3, desired: 3 } });
    expect(liveImage(s)).toBe(GOOD);
    expect(h.messages()).toContain(`${KUBECTL}: deployment.apps/django image updated`);
    // The image change came from kubectl's strategic merge patch; the ledger was written around it.
    expect(deploymentWrites(s).map((w) => w.contentType)).toEqual(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/merge-patch+json']);
    expect((await executeRollback(harness(s, { config: { rollback_strategy: { type: 'command', command } }, input: { env } }).input)).status).toBe('skipped_limit');
  });

  it('command strategy with kubectl rollout undo needs no cluster access of its own: lock and ledger in the state dir', async () => {
    seedDjango(s);
    const command = [KUBECTL, '--kubeconfig', s.kubeconfig, 'rollout', 'undo', 'deployment/${deployment}', '-n', '${namespace}'];
    // No kubeconfig for smokeguard itself: it must not try to reach the cluster.
    const config = { deployment: { name: 'django', namespace: 'prod' }, rollback_strategy: { type: 'command' as const, command } };
    const h = harness(s, { config, input: { env, result: runResult(decision('automatic'), { target: { version: 'v1.22.0' } }) } });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', confirmation: { method: 'not_required' } });
    expect(outcome.pods).toBeUndefined();
    expect(liveImage(s)).toBe(GOOD);
    const ledger = JSON.parse(await readFile(join(h.input.stateDir as string, 'attempts', 'prod.django.json'), 'utf8'));
    expect(ledger.failed['version:v1.22.0']).toMatchObject({ attempts: 1 });
    const again = await executeRollback(harness(s, { config, input: { env, result: runResult(decision('automatic'), { target: { version: 'v1.22.0' } }) } }).input);
    expect(again.status).toBe('skipped_limit');
  });

  it('a failing command is a failed rollback with the command to run by hand', async () => {
    seedDjango(s);
    const command = [KUBECTL, '--kubeconfig', s.kubeconfig, 'rollout', 'undo', 'deployment/nope', '-n', '${namespace}'];
    const outcome = await executeRollback(harness(s, { config: { deployment: { name: 'django', namespace: 'prod' }, rollback_strategy: { type: 'command', command } }, input: { env } }).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toMatch(/exited with 1: .*deployments.apps "nope" not found/);
    expect(outcome.manualCommand).toBe(`${KUBECTL} --kubeconfig ${s.kubeconfig} rollout undo deployment/nope -n prod`);
  });

  it('a missing binary fails clearly', async () => {
    const outcome = await executeRollback(harness(s, { config: { deployment: { name: 'django', namespace: 'prod' }, rollback_strategy: { type: 'command', command: ['helm-not-installed', 'rollback', '${deployment}'] } }, input: { env } }).input);
    expect(outcome).toMatchObject({ status: 'failed', error: { message: 'helm-not-installed: command not found' } });
  });
});

describe('when there is nothing to roll back', () => {
  const config = { auto_rollback: { enabled: true } };
  const base = { dryRun: false, assumeYes: false, interactive: false, env: {} };
  it.each([
    ['no rollback decided', { action: 'none' as const, criticalFailures: 0, threshold: 1, reason: 'all checks passed' }, {}, 'not_needed'],
    ['no deployment anywhere (the seed config)', decision('awaiting_confirmation'), {}, 'not_configured'],
    ['an invalid deployment name from the environment', decision('immediate'), { SMOKEGUARD_DEPLOYMENT: 'Django_App' }, 'failed'],
  ])('%s', async (_name, d, envVars, status) => {
    const { configSchema } = await import('../../src/config/schema.js');
    const outcome = await executeRollback({ ...base, env: envVars, config: configSchema.parse(config), result: runResult(d) });
    expect(outcome.status).toBe(status);
    if (status === 'not_configured') {
      expect(outcome.hint).toContain('--deployment NAME');
      // Nothing was attempted, so nothing failed: the critical alert itself says what to do.
      expect(outcome.alertOps).toBe(false);
    }
  });
});
