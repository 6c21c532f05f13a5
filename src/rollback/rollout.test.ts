import type { V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { rolloutState } from './rollout.js';

function deploy(status: V1Deployment['status'], generation = 2, replicas = 3): V1Deployment {
  return { metadata: { generation }, spec: { replicas, selector: {}, template: {} }, status };
}

describe('rolloutState (kubectl rollout status semantics)', () => {
  it.each([
    ['not yet observed', deploy({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), { ready: 0, desired: 3 }, false],
    ['one new pod ready, two old', deploy({ observedGeneration: 2, replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }), { ready: 1, desired: 3 }, false],
    ['all new, old one terminating', deploy({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 4 }), { ready: 3, desired: 3 }, false],
    ['complete', deploy({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), { ready: 3, desired: 3 }, true],
  ])('%s', (_name, d, progress, done) => {
    expect(rolloutState(d)).toMatchObject({ progress, done });
  });

  it('the controller giving up is a failure with its message', () => {
    const d = deploy({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }] });
    expect(rolloutState(d).failed).toBe('rollout failed: ReplicaSet "x" has timed out progressing.');
  });
});
