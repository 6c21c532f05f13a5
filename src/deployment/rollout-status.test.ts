import { describe, expect, it } from 'vitest';
import { completedAt, rolloutState, type DeploymentLike } from './rollout-status.js';

const deploy = (status: NonNullable<DeploymentLike['status']>, generation = 2, replicas = 3): DeploymentLike => ({
  metadata: { name: 'django', generation },
  spec: { replicas },
  status,
});

describe('rolloutState: kubectl rollout status, case by case', () => {
  it.each<[string, DeploymentLike, string, string]>([
    ['spec change not yet observed', deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), 'waiting', 'Waiting for deployment spec update to be observed...'],
    ['new replicas still being created', deploy({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }), 'waiting', 'Waiting for deployment "django" rollout to finish: 1 out of 3 new replicas have been updated...'],
    ['old replicas still terminating', deploy({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }), 'waiting', 'Waiting for deployment "django" rollout to finish: 1 old replicas are pending termination...'],
    ['updated replicas not yet available', deploy({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), 'waiting', 'Waiting for deployment "django" rollout to finish: 2 of 3 updated replicas are available...'],
    ['complete', deploy({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), 'complete', 'deployment "django" successfully rolled out'],
    ['observed generation ahead (a later status write) counts as observed', deploy({ observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), 'complete', 'deployment "django" successfully rolled out'],
    [
      'progress deadline exceeded: a failed deploy, even with replicas counted',
      deploy({ observedGeneration: 2, replicas: 4, updatedReplicas: 2, availableReplicas: 3, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "django-5d9" has timed out progressing.' }] }),
      'failed',
      'deployment "django" exceeded its progress deadline (ReplicaSet "django-5d9" has timed out progressing.)',
    ],
    ['no spec.replicas means one', { metadata: { name: 'django', generation: 2 }, spec: {}, status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } }, 'complete', 'deployment "django" successfully rolled out'],
  ])('%s', (_name, d, state, message) => {
    expect(rolloutState(d)).toEqual({ state, message });
  });

  it('the completion time is the cluster\'s: the Progressing condition\'s last update', () => {
    const d = deploy({ conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2026-11-27T14:30:00Z' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: '2026-11-27T14:32:15Z' }] });
    expect(completedAt(d)?.toISOString()).toBe('2026-11-27T14:32:15.000Z');
    expect(completedAt(deploy({}))).toBeUndefined();
  });
});
