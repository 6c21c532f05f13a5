/**
 * A Deployment's rollout state, judged exactly as `kubectl rollout status` judges it
 * (kubectl's DeploymentStatusViewer): nothing is known until the controller has observed the
 * latest generation; then ProgressDeadlineExceeded is a failed rollout; then the new ReplicaSet
 * must hold every replica, the old ones must be gone, and every updated replica must be available.
 */

/** The fields of an apps/v1 Deployment the judgement reads. */
export interface DeploymentLike {
  metadata?: { name?: string; generation?: number; annotations?: Record<string, string> };
  spec?: { replicas?: number; template?: { spec?: { containers?: { name: string; image?: string }[] } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: Date | string; lastTransitionTime?: Date | string }[];
  };
}

export type RolloutState =
  | { state: 'waiting'; message: string }
  | { state: 'complete'; message: string }
  | { state: 'failed'; message: string };

export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

export function rolloutState(d: DeploymentLike): RolloutState {
  const name = d.metadata?.name ?? 'deployment';
  const status = d.status ?? {};
  const generation = d.metadata?.generation ?? 0;
  if (generation > (status.observedGeneration ?? 0)) return { state: 'waiting', message: 'Waiting for deployment spec update to be observed...' };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === PROGRESS_DEADLINE_EXCEEDED) {
    return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline${progressing.message ? ` (${progressing.message})` : ''}` };
  }
  const desired = d.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if (updated < desired) return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...` };
  const total = status.replicas ?? 0;
  if (total > updated) return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...` };
  const available = status.availableReplicas ?? 0;
  if (available < updated) return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
  return { state: 'complete', message: `deployment "${name}" successfully rolled out` };
}

/**
 * When the rollout completed, by the cluster's clock: the Progressing condition's last update
 * (the controller sets it when the new ReplicaSet became available). Undefined when the
 * controller recorded no time.
 */
export function completedAt(d: DeploymentLike): Date | undefined {
  const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
  const at = progressing?.lastUpdateTime ?? progressing?.lastTransitionTime;
  const date = at === undefined ? undefined : new Date(at);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
