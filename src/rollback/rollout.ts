import type { AppsV1Api, V1Deployment } from '@kubernetes/client-node';
import { sleep } from '../util/abort.js';
import { callOptions } from './kube.js';

/**
 * Follows a Deployment's rollout the way `kubectl rollout status` judges it, polling until the
 * new pods are all updated and available, the controller gives up (ProgressDeadlineExceeded),
 * or the signal (rollback_timeout_seconds) fires.
 */

export interface PodProgress {
  ready: number;
  desired: number;
}

export class RolloutError extends Error {
  constructor(message: string, readonly progress: PodProgress) {
    super(message);
  }
}

/** Pure: where a rollout stands, from one read of the Deployment. */
export function rolloutState(d: V1Deployment): { progress: PodProgress; done: boolean; failed?: string } {
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const observed = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const updated = s.updatedReplicas ?? 0;
  const total = s.replicas ?? 0;
  // New pods that are ready: all ready pods minus the old ones still running (assumed ready).
  const ready = observed ? Math.max(0, Math.min(updated, (s.readyReplicas ?? 0) - (total - updated))) : 0;
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (observed && progressing?.reason === 'ProgressDeadlineExceeded') {
    return { progress: { ready, desired }, done: false, failed: `rollout failed: ${progressing.message ?? 'progress deadline exceeded'}` };
  }
  const done = observed && updated >= desired && total === updated && (s.availableReplicas ?? 0) >= desired;
  return { progress: { ready: done ? desired : ready, desired }, done };
}

export async function followRollout(
  apps: AppsV1Api,
  namespace: string,
  name: string,
  signal: AbortSignal,
  pollMs: number,
  onProgress: (p: PodProgress) => void,
): Promise<PodProgress> {
  let last: PodProgress = { ready: 0, desired: 0 };
  let reported = '';
  try {
    for (;;) {
      const state = rolloutState(await apps.readNamespacedDeployment({ name, namespace }, callOptions(signal)));
      last = state.progress;
      const key = `${last.ready}/${last.desired}`;
      if (key !== reported) {
        reported = key;
        onProgress(last);
      }
      if (state.failed) throw new RolloutError(state.failed, last);
      if (state.done) return last;
      await sleep(pollMs, signal);
    }
  } catch (err) {
    if (err instanceof RolloutError) throw err;
    if (signal.aborted) throw new RolloutError(`rollout stalled at ${last.ready}/${last.desired} pods ready when the rollback timeout was reached`, last);
    throw err;
  }
}
