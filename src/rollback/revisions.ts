import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';

/**
 * Reading a Deployment's history the way `kubectl rollout` does: its ReplicaSets (owned through
 * a controller ownerReference), each one pod template, numbered by the
 * `deployment.kubernetes.io/revision` annotation. Pure functions of API objects.
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const HASH_LABEL = 'pod-template-hash';

export interface Revision {
  revision: number;
  /** The controller's pod-template-hash: a version's identity that survives renumbering. */
  hash: string;
  template: V1PodTemplateSpec;
  /** Container name → image. */
  images: Record<string, string>;
}

export function revisionNumber(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const n = Number(obj.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function containerImages(template: V1PodTemplateSpec | undefined): Record<string, string> {
  return Object.fromEntries((template?.spec?.containers ?? []).map((c) => [c.name, c.image ?? '']));
}

/** The Deployment's ReplicaSets as revisions, newest first. */
export function revisions(deploy: V1Deployment, replicaSets: V1ReplicaSet[]): Revision[] {
  const uid = deploy.metadata?.uid;
  return replicaSets
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === uid))
    .map((rs) => ({
      revision: revisionNumber(rs),
      hash: rs.metadata?.labels?.[HASH_LABEL] ?? rs.metadata?.name ?? '',
      template: rs.spec?.template ?? {},
      images: containerImages(rs.spec?.template),
    }))
    .filter((r) => r.revision > 0)
    .sort((a, b) => b.revision - a.revision);
}

/** The revision the Deployment is at (its own revision annotation), else the newest. */
export function currentRevision(deploy: V1Deployment, history: Revision[]): Revision | undefined {
  const n = revisionNumber(deploy);
  return history.find((r) => r.revision === n) ?? history[0];
}

/**
 * The revision to return to: `toRevision` when given, else the newest one older than the
 * current (kubectl's "previous revision").
 */
export function targetRevision(history: Revision[], current: Revision, toRevision?: number): Revision | undefined {
  if (toRevision !== undefined) return history.find((r) => r.revision === toRevision);
  return history.find((r) => r.revision < current.revision && r.hash !== current.hash);
}

/** A template without the controller's hash label, ready to be written back into the Deployment. */
export function withoutHashLabel(template: V1PodTemplateSpec): V1PodTemplateSpec {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...template, metadata: { ...template.metadata, labels } };
}
