import type { AppsV1Api, V1Deployment } from '@kubernetes/client-node';
import { parseLedger, type AttemptLedger } from './attempts.js';
import { ATTEMPTS_ANNOTATION } from './defaults.js';
import { callOptions, PATCH } from './kube.js';
import { containerImages, currentRevision, revisionNumber, revisions, targetRevision, withoutHashLabel, type Revision } from './revisions.js';
import type { ContainerRollback, KnownGoodVersion, RollbackErrorKind, RollbackTarget } from './types.js';
import { isImageReference } from './validate.js';

/** What a rollback will do, read from the cluster before anything is written. */
export interface ClusterPlan {
  deploy: V1Deployment;
  ledger: AttemptLedger;
  from: Revision;
  to: Revision;
  containers: ContainerRollback[];
  /** Where manual commands point: never a version recorded as failed. Absent: nothing to roll back to. */
  knownGood?: KnownGoodVersion;
}

/** The cluster's state does not allow a rollback (paused, no history, unknown container, bad image). */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly kind?: RollbackErrorKind,
    /** Where a manual rollback should go, when the plan got that far. */
    readonly knownGood?: KnownGoodVersion,
  ) {
    super(message);
  }
}

/** "cannot roll back: no earlier revision", for a first deploy or a history trimmed by revisionHistoryLimit. */
export function noEarlierRevision(name: string, current?: number): string {
  return `cannot roll back: deployment/${name} has no earlier revision${current ? ` than ${current}` : ''} (a first deploy, or history trimmed by revisionHistoryLimit): nothing to roll back to`;
}

export async function readPlan(apps: AppsV1Api, target: RollbackTarget, toRevision: number | undefined, signal: AbortSignal): Promise<ClusterPlan> {
  const { deployment: name, namespace } = target;
  const deploy = await apps.readNamespacedDeployment({ name, namespace }, callOptions(signal));
  const selector = Object.entries(deploy.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const list = await apps.listNamespacedReplicaSet({ namespace, ...(selector ? { labelSelector: selector } : {}) }, callOptions(signal));
  const history = revisions(deploy, list.items);
  const ledger = parseLedger(deploy.metadata?.annotations?.[ATTEMPTS_ANNOTATION]);
  const from = currentRevision(deploy, history);
  if (!from) throw new PlanError(noEarlierRevision(name), 'no_previous_revision');
  const knownGood = lastKnownGood(history, from, ledger);
  // A paused Deployment would take the patch and roll it out whenever someone resumes it: refuse before any write.
  if (deploy.spec?.paused) throw pausedError(target, knownGood);
  const to = targetRevision(history, from, toRevision);
  if (!to) {
    if (toRevision !== undefined) throw new PlanError(`revision ${toRevision} of deployment/${name} not found (known: ${history.map((r) => r.revision).join(', ')})`, undefined, knownGood);
    throw new PlanError(noEarlierRevision(name, revisionNumber(deploy) || from.revision), 'no_previous_revision');
  }
  if (to.hash === from.hash) throw new PlanError(`deployment/${name} is already at revision ${to.revision}`);
  const live = containerImages(deploy.spec?.template);
  const names = target.containers.length ? target.containers : Object.keys(live);
  const containers = names.map((c): ContainerRollback => {
    if (!(c in live)) throw new PlanError(`container "${c}" not found in deployment/${name} (containers: ${Object.keys(live).join(', ')})`);
    if (!(c in to.images)) throw new PlanError(`container "${c}" does not exist in revision ${to.revision} of deployment/${name}`);
    if (!isImageReference(to.images[c])) throw new PlanError(`revision ${to.revision} has an invalid image reference for container "${c}": ${JSON.stringify(to.images[c])}`);
    return { name: c, currentImage: live[c], targetImage: to.images[c] };
  });
  return { deploy, ledger, from: { ...from, revision: revisionNumber(deploy) || from.revision }, to, containers, ...(knownGood ? { knownGood } : {}) };
}

/**
 * The last known good version, for manual commands: the version smokeguard last rolled back to
 * (from the attempt ledger) when it is not the live one, else the newest earlier revision that
 * no run recorded as failed. Undefined when the live version is the known good one, or when every
 * earlier revision failed: then there is nothing to roll back to, and we say so.
 */
export function lastKnownGood(history: Revision[], current: Revision, ledger: AttemptLedger): KnownGoodVersion | undefined {
  const back = ledger.rolledBackTo;
  if (back && back.id === current.hash) return undefined;
  const fromLedger = back && history.find((r) => r.hash === back.id && !ledger.failed[r.hash]);
  if (fromLedger) return { revision: String(fromLedger.revision), images: fromLedger.images, source: 'ledger' };
  const older = history.find((r) => r.revision < current.revision && r.hash !== current.hash && !ledger.failed[r.hash]);
  return older ? { revision: String(older.revision), images: older.images, source: 'history' } : undefined;
}

function pausedError(target: RollbackTarget, knownGood: KnownGoodVersion | undefined): PlanError {
  return new PlanError(
    `deployment/${target.deployment} is paused (spec.paused: true): not rolling back — a patch would only roll out when someone resumes it; roll back and resume by hand`,
    'paused',
    knownGood,
  );
}
export interface DeploymentPatch {
  contentType: string;
  body: unknown;
}

/** `kubectl set image`'s strategic merge patch, plus the attempt ledger, guarded by resourceVersion. */
export function previousImagePatch(plan: ClusterPlan, ledger: AttemptLedger): DeploymentPatch {
  return {
    contentType: PATCH.StrategicMergePatch,
    body: {
      metadata: { resourceVersion: plan.deploy.metadata?.resourceVersion, annotations: { [ATTEMPTS_ANNOTATION]: JSON.stringify(ledger) } },
      spec: { template: { spec: { containers: plan.containers.map((c) => ({ name: c.name, image: c.targetImage })) } } },
    },
  };
}

/** `kubectl rollout undo`'s JSON patch: the whole pod template of the target revision. */
export function rolloutUndoPatch(plan: ClusterPlan, ledger: AttemptLedger): DeploymentPatch {
  const hasAnnotations = Boolean(plan.deploy.metadata?.annotations);
  return {
    contentType: PATCH.JsonPatch,
    body: [
      { op: 'test', path: '/metadata/resourceVersion', value: plan.deploy.metadata?.resourceVersion },
      { op: 'replace', path: '/spec/template', value: withoutHashLabel(plan.to.template) },
      hasAnnotations
        ? { op: 'add', path: `/metadata/annotations/${ATTEMPTS_ANNOTATION.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: JSON.stringify(ledger) }
        : { op: 'add', path: '/metadata/annotations', value: { [ATTEMPTS_ANNOTATION]: JSON.stringify(ledger) } },
    ],
  };
}

/** Just the ledger (command strategy: written before and after the command). */
export function ledgerPatch(ledger: AttemptLedger): DeploymentPatch {
  return { contentType: PATCH.MergePatch, body: { metadata: { annotations: { [ATTEMPTS_ANNOTATION]: JSON.stringify(ledger) } } } };
}

export async function patchDeployment(apps: AppsV1Api, target: RollbackTarget, patch: DeploymentPatch, signal: AbortSignal): Promise<V1Deployment> {
  return apps.patchNamespacedDeployment({ name: target.deployment, namespace: target.namespace, body: patch.body }, callOptions(signal, patch.contentType));
}

/** What the rollback knows before it acts: the cluster's plan, the attempts so far, from and to which version. */
export interface PlanState {
  cluster?: ClusterPlan;
  ledger: AttemptLedger;
  fromId: string;
  toId?: string;
  /** Without a known version, only recent attempts count (see UNVERSIONED_WINDOW_MS). */
  countSince?: string;
}
