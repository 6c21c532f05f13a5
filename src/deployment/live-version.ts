import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import type { RolloutOutcome } from '../core/types.js';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';

/**
 * The version live in a Deployment: its revision, each container's image, and the
 * pod-template-hash of the ReplicaSet holding that revision (when the ReplicaSets are known).
 */
export function liveVersion(d: V1Deployment, replicaSets: V1ReplicaSet[] | undefined): Pick<RolloutOutcome, 'revision' | 'podTemplateHash' | 'images'> {
  const revision = d.metadata?.annotations?.[REVISION];
  const images = Object.fromEntries((d.spec?.template?.spec?.containers ?? []).map((c) => [c.name, c.image ?? '']));
  const current = revision ? replicaSets?.find((rs) => rs.metadata?.annotations?.[REVISION] === revision) : undefined;
  const hash = current?.metadata?.labels?.[HASH_LABEL];
  return { ...(revision ? { revision } : {}), ...(hash ? { podTemplateHash: hash } : {}), images };
}

/**
 * The image that stands for the version under test: the named container's, else the only
 * container's. With several containers and none named, the first one's (the app container by
 * convention) — the rollback's "version under test must still be live" guard accepts any live image.
 */
export function imageUnderTest(images: Record<string, string> | undefined, containers: string[]): string | undefined {
  if (!images) return undefined;
  const named = containers.map((c) => images[c]).find(Boolean);
  return named ?? Object.values(images)[0];
}
