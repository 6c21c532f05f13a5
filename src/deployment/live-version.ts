import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import type { RolloutOutcome } from '../core/types.js';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';
/** kubectl's own rule for a pod's main container (`kubectl logs`, `exec` pick it when -c is not given). */
export const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/**
 * The version live in a Deployment: its revision, each container's image, the pod template's
 * default container (when annotated), and the pod-template-hash of the ReplicaSet holding that
 * revision (when the ReplicaSets are known).
 */
export function liveVersion(d: V1Deployment, replicaSets: V1ReplicaSet[] | undefined): Pick<RolloutOutcome, 'revision' | 'podTemplateHash' | 'images' | 'defaultContainer'> {
  const revision = d.metadata?.annotations?.[REVISION];
  const images = Object.fromEntries((d.spec?.template?.spec?.containers ?? []).map((c) => [c.name, c.image ?? '']));
  const defaultContainer = d.spec?.template?.metadata?.annotations?.[DEFAULT_CONTAINER]?.trim();
  const current = revision ? replicaSets?.find((rs) => rs.metadata?.annotations?.[REVISION] === revision) : undefined;
  const hash = current?.metadata?.labels?.[HASH_LABEL];
  return { ...(revision ? { revision } : {}), ...(hash ? { podTemplateHash: hash } : {}), images, ...(defaultContainer && defaultContainer in images ? { defaultContainer } : {}) };
}

/**
 * The image that stands for the version under test: the named container's; else the pod's
 * default container's (`kubectl.kubernetes.io/default-container`, which the smoke-tests sidecar
 * recipe sets so its own image is never taken for the app's); else the first container's (the
 * app container by convention). The rollback's "version under test must still be live" guard
 * accepts any live image either way.
 */
export function imageUnderTest(images: Record<string, string> | undefined, containers: string[], defaultContainer?: string): string | undefined {
  if (!images) return undefined;
  const named = containers.map((c) => images[c]).find(Boolean);
  return named ?? (defaultContainer ? images[defaultContainer] : undefined) ?? Object.values(images)[0];
}
