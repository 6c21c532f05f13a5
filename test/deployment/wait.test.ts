import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForRollout } from '../../src/deployment/wait.js';
import type { RollbackTarget } from '../../src/rollback/types.js';
import { startK8sSimulator, templateHash, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, seedDjango } from '../rollback/harness.js';
import { deployImage } from './rollout-helpers.js';

/** The rollout wait with the real Kubernetes client against the simulator's deployment controller. */
let s: RunningSimulator;
const NEXT = 'django:v1.23.0';
beforeEach(async () => {
  s = await startK8sSimulator({ tickMs: 40 });
  seedDjango(s);
});
afterEach(() => s.stop());

function target(): RollbackTarget {
  return { deployment: 'django', namespace: 'prod', containers: [], kubeconfig: s.kubeconfig };
}

describe('waitForRollout against the simulator', () => {
  it('an already complete deployment answers at once with what is live', async () => {
    const outcome = await waitForRollout({ target: target(), env: {}, deadline: Date.now() + 5_000 });
    expect(outcome).toMatchObject({ status: 'complete', images: { django: BAD }, revision: '2', deployment: 'django', namespace: 'prod' });
  });

  it('a progressing rollout: waits pod by pod, then reports the new revision, image and pod-template-hash, timed by the cluster', async () => {
    const progress: string[] = [];
    deployImage(s, NEXT);
    const outcome = await waitForRollout({ target: target(), env: {}, deadline: Date.now() + 10_000, onProgress: (m) => progress.push(m) });
    expect(outcome.status).toBe('complete');
    expect(outcome.message).toBe('deployment "django" successfully rolled out');
    expect(outcome.images).toEqual({ django: NEXT });
    expect(outcome.revision).toBe('3');
    const live = s.sim.cluster.get('deployments', 'prod', 'django')!;
    expect(outcome.podTemplateHash).toBe(templateHash((live.spec as { template: never }).template));
    expect(progress.some((m) => /Waiting for deployment "django" rollout to finish: \d (out of 3 new replicas have been updated|old replicas are pending termination|of 3 updated replicas are available)/.test(m))).toBe(true);
    // The completion time is the controller's Progressing condition, not our clock.
    const conditions = (live.status as { conditions: { type: string; lastUpdateTime: string }[] }).conditions;
    expect(outcome.completedAt).toBe(new Date(conditions.find((c) => c.type === 'Progressing')!.lastUpdateTime).toISOString());
    // It watched (one object, by field selector) rather than polling.
    expect(s.sim.requests.some((r) => r.path.includes('watch=true') && r.path.includes('fieldSelector=metadata.name%3Ddjango'))).toBe(true);
  });

  it('a failing rollout (ProgressDeadlineExceeded) is a failed deploy, reported as such', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'fail', afterPods: 1 });
    deployImage(s, NEXT);
    const outcome = await waitForRollout({ target: target(), env: {}, deadline: Date.now() + 10_000 });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^deployment "django" exceeded its progress deadline \(ReplicaSet "django-[0-9a-f]+" has timed out progressing\.\)$/);
    expect(outcome.images).toEqual({ django: NEXT });
  });

  it('a stalled rollout is cut at the wait\'s deadline, with where it stood', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    deployImage(s, NEXT);
    const started = Date.now();
    const outcome = await waitForRollout({ target: target(), env: {}, deadline: started + 1_500 });
    expect(outcome.status).toBe('timed_out');
    expect(outcome.message).toMatch(/^deployment "django" did not complete its rollout within 2 s: Waiting for deployment "django" rollout to finish: /);
    // Bounded: the wait ended at its deadline, not at the watch's own timeout.
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(1_400);
    expect(outcome.waitedMs).toBeLessThan(5_000);
  });

  it('a deployment that does not exist, or that the service account may not read, is an error naming why', async () => {
    const missing = await waitForRollout({ target: { ...target(), deployment: 'nope' }, env: {}, deadline: Date.now() + 5_000 });
    expect(missing).toMatchObject({ status: 'error' });
    expect(missing.message).toContain('deployments.apps "nope" not found');
    s.sim.forbidden.add('get deployments');
    const forbidden = await waitForRollout({ target: target(), env: {}, deadline: Date.now() + 5_000 });
    expect(forbidden.status).toBe('error');
    expect(forbidden.message).toContain('missing RBAC permission: get deployments.apps in namespace prod');
  });

});
