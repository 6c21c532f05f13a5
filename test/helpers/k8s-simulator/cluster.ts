import { createHash, randomUUID } from 'node:crypto';
import { clone, isObject, type Json } from './patch.js';

/**
 * The simulated cluster's state and its deployment controller: Deployments own ReplicaSets,
 * one per distinct pod template (`pod-template-hash`), numbered by the
 * `deployment.kubernetes.io/revision` annotation. A template change scales a new (or an older,
 * matching) ReplicaSet up pod by pod on a timer while the old ones scale down, as the real
 * controller does with maxSurge 1 / maxUnavailable 0. Rollout behaviour per deployment:
 * progress, stall (pods stop becoming ready), or fail (Progressing=False, ProgressDeadlineExceeded).
 */

export type K8sObject = { [key: string]: Json } & {
  metadata: { name: string; namespace?: string; [key: string]: Json | undefined };
};

export type RolloutBehaviour =
  | { mode: 'progress' }
  | { mode: 'stall'; afterPods: number }
  | { mode: 'fail'; afterPods: number };

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const HASH_LABEL = 'pod-template-hash';
const CLUSTER_SCOPED = new Set(['namespaces']);
/** Annotations the controller does not copy from a Deployment to its ReplicaSets. */
const NOT_COPIED = new Set([REVISION, REVISION_HISTORY, 'kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas']);

export interface SeedDeployment {
  namespace: string;
  name: string;
  replicas?: number;
  /** Images of each revision, oldest first; each entry maps container name → image. The last is live. */
  revisions: Record<string, string>[];
  /** Old ReplicaSets kept (the controller deletes older scaled-down ones); default 10. */
  revisionHistoryLimit?: number;
  /** spec.paused: the controller does not roll out template changes until resumed. */
  paused?: boolean;
}

type Listener = (type: 'ADDED' | 'MODIFIED' | 'DELETED', resource: string, obj: K8sObject) => void;

export class Cluster {
  private rv = 1000;
  private readonly objects = new Map<string, K8sObject>();
  private readonly behaviour = new Map<string, RolloutBehaviour>();
  private readonly listeners = new Set<Listener>();
  /** Every write the API accepted, for tests to prove what was (or was not) changed. */
  readonly writes: { verb: string; resource: string; namespace: string; name: string; contentType?: string }[] = [];

  static key(resource: string, namespace: string, name: string): string {
    return `${resource}/${namespace}/${name}`;
  }

  nextResourceVersion(): string {
    return String(++this.rv);
  }

  get(resource: string, namespace: string, name: string): K8sObject | undefined {
    const obj = this.objects.get(Cluster.key(resource, namespace, name));
    return obj && clone(obj);
  }

  list(resource: string, namespace: string | undefined): K8sObject[] {
    const out: K8sObject[] = [];
    for (const [key, obj] of this.objects) {
      const [res, ns] = key.split('/');
      if (res === resource && (namespace === undefined || ns === namespace)) out.push(clone(obj));
    }
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Stores an object, bumping resourceVersion (and generation when the spec changed), and notifies watchers. */
  put(resource: string, obj: K8sObject): K8sObject {
    // Cluster-scoped objects (Namespaces) have no namespace: keyed under ''.
    const namespace = CLUSTER_SCOPED.has(resource) ? '' : (obj.metadata.namespace ?? 'default');
    const key = Cluster.key(resource, namespace, obj.metadata.name);
    const old = this.objects.get(key);
    const stored = clone(obj);
    if (namespace) stored.metadata.namespace = namespace;
    else delete stored.metadata.namespace;
    stored.metadata.resourceVersion = this.nextResourceVersion();
    if (!old) {
      stored.metadata.uid ??= randomUUID();
      stored.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      stored.metadata.generation = 1;
    } else {
      stored.metadata.uid = old.metadata.uid;
      stored.metadata.creationTimestamp = old.metadata.creationTimestamp;
      const specChanged = JSON.stringify(old.spec) !== JSON.stringify(stored.spec);
      stored.metadata.generation = Number(old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    this.objects.set(key, stored);
    for (const listener of this.listeners) listener(old ? 'MODIFIED' : 'ADDED', resource, clone(stored));
    if (resource === 'deployments') this.reconcile(namespace, stored.metadata.name);
    return clone(this.objects.get(key) as K8sObject);
  }

  delete(resource: string, namespace: string, name: string): K8sObject | undefined {
    const key = Cluster.key(resource, namespace, name);
    const old = this.objects.get(key);
    if (!old) return undefined;
    this.objects.delete(key);
    for (const listener of this.listeners) listener('DELETED', resource, clone(old));
    return clone(old);
  }

  watch(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setRolloutBehaviour(namespace: string, name: string, behaviour: RolloutBehaviour): void {
    this.behaviour.set(`${namespace}/${name}`, behaviour);
  }

  /** Creates a Deployment with a history of revisions, the last one fully rolled out. */
  seedDeployment(seed: SeedDeployment): void {
    const replicas = seed.replicas ?? 3;
    const labels = { app: seed.name };
    seed.revisions.forEach((images, i) => {
      const last = i === seed.revisions.length - 1;
      const template = podTemplate(labels, images);
      this.put('deployments', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: seed.name, namespace: seed.namespace, labels, annotations: {} },
        spec: { replicas, selector: { matchLabels: labels }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: seed.revisionHistoryLimit ?? 10, progressDeadlineSeconds: 600 },
        status: {},
      });
      // History is instant: scale straight to the final state.
      for (const rs of this.ownedReplicaSets(seed.namespace, seed.name)) {
        const current = rs.metadata.labels && isObject(rs.metadata.labels) && rs.metadata.labels[HASH_LABEL] === templateHash(template);
        const n = current && last ? replicas : 0;
        rs.spec = { ...(rs.spec as object), replicas: n } as Json;
        rs.status = { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n, observedGeneration: 1 };
        this.put('replicasets', rs);
      }
    });
    this.syncStatus(seed.namespace, seed.name, true);
    this.cleanupHistory(seed.namespace, seed.name);
    if (seed.paused) this.setPaused(seed.namespace, seed.name, true);
  }

  /** `kubectl rollout pause|resume`: sets spec.paused (a resume lets the controller catch up). */
  setPaused(namespace: string, name: string, paused: boolean): void {
    const deploy = this.get('deployments', namespace, name);
    if (!deploy || !isObject(deploy.spec)) return;
    deploy.spec = { ...deploy.spec, paused };
    this.put('deployments', deploy);
  }

  /** The controller's history cleanup: scaled-down ReplicaSets beyond revisionHistoryLimit go, oldest first. */
  private cleanupHistory(namespace: string, name: string): void {
    const deploy = this.objects.get(Cluster.key('deployments', namespace, name));
    const limit = isObject(deploy?.spec) ? Number(deploy.spec.revisionHistoryLimit ?? 10) : 10;
    const hash = isObject(deploy?.spec) ? templateHash(deploy.spec.template as Json) : '';
    const old = this.ownedReplicaSets(namespace, name)
      .filter((rs) => Number((rs.status as { replicas?: number }).replicas ?? 0) === 0 && !(isObject(rs.metadata.labels) && rs.metadata.labels[HASH_LABEL] === hash))
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of old.slice(0, Math.max(0, old.length - limit))) this.delete('replicasets', namespace, rs.metadata.name);
  }

  private paused(deploy: K8sObject | undefined): boolean {
    return isObject(deploy?.spec) && deploy.spec.paused === true;
  }

  ownedReplicaSets(namespace: string, name: string): K8sObject[] {
    const deploy = this.objects.get(Cluster.key('deployments', namespace, name));
    if (!deploy) return [];
    return this.list('replicasets', namespace).filter((rs) =>
      Array.isArray(rs.metadata.ownerReferences) && rs.metadata.ownerReferences.some((o) => isObject(o) && o.uid === deploy.metadata.uid && o.controller === true));
  }

  /** The controller's reaction to a Deployment write: find or create the ReplicaSet of its template. */
  private reconcile(namespace: string, name: string): void {
    const key = Cluster.key('deployments', namespace, name);
    const deploy = this.objects.get(key);
    if (!deploy || !isObject(deploy.spec) || !isObject(deploy.spec.template)) return;
    // A paused Deployment's template changes wait for a resume: no new ReplicaSet, no rollout.
    if (this.paused(deploy)) return;
    const hash = templateHash(deploy.spec.template);
    const owned = this.ownedReplicaSets(namespace, name);
    const maxRevision = Math.max(0, ...owned.map(revisionOf));
    let rs = owned.find((r) => isObject(r.metadata.labels) && r.metadata.labels[HASH_LABEL] === hash);
    const annotations = isObject(deploy.metadata.annotations) ? deploy.metadata.annotations : {};
    const copied = Object.fromEntries(Object.entries(annotations).filter(([k]) => !NOT_COPIED.has(k)));
    let revision: number;
    if (rs && revisionOf(rs) === maxRevision) {
      revision = maxRevision; // the live template: nothing to roll out
    } else {
      revision = maxRevision + 1;
      if (rs) {
        const old = isObject(rs.metadata.annotations) ? rs.metadata.annotations : {};
        const history = [old[REVISION_HISTORY], old[REVISION]].filter((v) => typeof v === 'string' && v).join(',');
        rs.metadata.annotations = { ...old, ...copied, [REVISION]: String(revision), [REVISION_HISTORY]: history };
      } else {
        const template = clone(deploy.spec.template) as { [k: string]: Json; metadata: { [k: string]: Json } };
        template.metadata = { ...(isObject(template.metadata) ? template.metadata : {}) };
        template.metadata.labels = { ...(isObject(template.metadata.labels) ? template.metadata.labels : {}), [HASH_LABEL]: hash };
        const selector = isObject(deploy.spec.selector) && isObject(deploy.spec.selector.matchLabels) ? deploy.spec.selector.matchLabels : {};
        rs = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${name}-${hash}`,
            namespace,
            labels: { ...(isObject(template.metadata.labels) ? template.metadata.labels : {}) },
            annotations: { ...copied, [REVISION]: String(revision) },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deploy.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
          },
          spec: { replicas: 0, selector: { matchLabels: { ...selector, [HASH_LABEL]: hash } }, template },
          status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 },
        };
      }
      this.put('replicasets', rs);
    }
    const deployAnnotations = { ...annotations, [REVISION]: String(revision) };
    if (annotations[REVISION] !== String(revision)) {
      deploy.metadata.annotations = deployAnnotations;
      this.objects.set(key, { ...deploy, metadata: { ...deploy.metadata, resourceVersion: this.nextResourceVersion() } });
    }
  }

  /** One controller tick: every Deployment not yet complete moves one pod forward (or does not). */
  tick(): void {
    for (const deploy of this.list('deployments', undefined)) {
      if (this.paused(deploy)) continue;
      const namespace = deploy.metadata.namespace as string;
      const name = deploy.metadata.name;
      const spec = deploy.spec as { replicas?: number; template: Json };
      const desired = spec.replicas ?? 1;
      const hash = templateHash(spec.template);
      const owned = this.ownedReplicaSets(namespace, name);
      const fresh = owned.find((r) => isObject(r.metadata.labels) && r.metadata.labels[HASH_LABEL] === hash);
      if (!fresh) continue;
      const olds = owned.filter((r) => r !== fresh && Number((r.status as { replicas?: number }).replicas ?? 0) > 0);
      const ready = Number((fresh.status as { readyReplicas?: number }).readyReplicas ?? 0);
      const behaviour = this.behaviour.get(`${namespace}/${name}`) ?? { mode: 'progress' };
      const blocked = behaviour.mode !== 'progress' && ready >= behaviour.afterPods;
      if (ready < desired && !blocked) {
        setReplicas(fresh, ready + 1, ready + 1);
        this.put('replicasets', fresh);
      } else if (ready < desired && blocked) {
        // The next pod is created but never becomes ready.
        if (Number((fresh.status as { replicas?: number }).replicas) === ready) {
          setReplicas(fresh, ready + 1, ready);
          this.put('replicasets', fresh);
        }
      }
      const old = olds[0];
      if (old && !blocked) {
        const n = Math.max(0, Math.min(Number((old.status as { replicas?: number }).replicas) - 1, desired - ready - 1));
        setReplicas(old, n, n);
        this.put('replicasets', old);
      }
      this.syncStatus(namespace, name, false);
    }
  }

  /** Derives the Deployment's status from its ReplicaSets, as the controller reports it. */
  private syncStatus(namespace: string, name: string, initial: boolean): void {
    const deploy = this.get('deployments', namespace, name);
    if (!deploy) return;
    const spec = deploy.spec as { replicas?: number; template: Json };
    const desired = spec.replicas ?? 1;
    const hash = templateHash(spec.template);
    const owned = this.ownedReplicaSets(namespace, name);
    const sum = (field: string, list = owned) => list.reduce((n, r) => n + Number((r.status as Record<string, number>)[field] ?? 0), 0);
    const fresh = owned.filter((r) => isObject(r.metadata.labels) && r.metadata.labels[HASH_LABEL] === hash);
    const updated = sum('replicas', fresh);
    const ready = sum('readyReplicas');
    const replicas = sum('replicas');
    const complete = updated === desired && replicas === desired && ready === desired;
    const behaviour = this.behaviour.get(`${namespace}/${name}`) ?? { mode: 'progress' };
    const deadline = !complete && behaviour.mode === 'fail' && sum('readyReplicas', fresh) >= behaviour.afterPods;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const progressing = deadline
      ? { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}-${hash}" has timed out progressing.`, lastUpdateTime: now, lastTransitionTime: now }
      : { type: 'Progressing', status: 'True', reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: `ReplicaSet "${name}-${hash}" ${complete ? 'has successfully progressed.' : 'is progressing.'}`, lastUpdateTime: now, lastTransitionTime: now };
    const counts = {
      observedGeneration: deploy.metadata.generation as number,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
    };
    const previous = (deploy.status ?? {}) as { conditions?: Condition[] } & Record<string, unknown>;
    const { conditions: _old, ...previousCounts } = previous;
    const progressed = JSON.stringify(previousCounts) !== JSON.stringify(counts);
    const status = {
      ...counts,
      conditions: [
        { type: 'Available', status: ready >= desired - 1 ? 'True' : 'False', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now },
        progressing,
      ].map((c) => keepConditionTimes(c, previous.conditions, progressed)),
    };
    if (!initial && JSON.stringify(deploy.status) === JSON.stringify(status)) return;
    const key = Cluster.key('deployments', namespace, name);
    const stored = { ...deploy, status, metadata: { ...deploy.metadata, resourceVersion: this.nextResourceVersion() } } as K8sObject;
    this.objects.set(key, stored);
    for (const listener of this.listeners) listener('MODIFIED', 'deployments', clone(stored));
  }
}

function setReplicas(rs: K8sObject, replicas: number, ready: number): void {
  rs.spec = { ...(rs.spec as object), replicas } as Json;
  rs.status = { replicas, readyReplicas: ready, availableReplicas: ready, fullyLabeledReplicas: replicas, observedGeneration: Number(rs.metadata.generation ?? 1) };
}

export function revisionOf(obj: K8sObject): number {
  const annotations = isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
  return Number(annotations[REVISION] ?? 0) || 0;
}

export function podTemplate(labels: Record<string, string>, images: Record<string, string>): Json {
  return {
    metadata: { labels: { ...labels } },
    spec: { containers: Object.entries(images).map(([name, image]) => ({ name, image, ports: [{ containerPort: 8000, protocol: 'TCP' }] })) },
  };
}

/** The controller's pod-template-hash: a hash of the template without that label. */
export function templateHash(template: Json): string {
  const t = clone(template) as { metadata?: { labels?: Record<string, string> } };
  if (t?.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return createHash('sha256').update(canonical(pruned(t as Json) ?? {})).digest('hex').slice(0, 10);
}

/** Go clients serialize unset fields as null or {} (`creationTimestamp: null`, `resources: {}`): the same template either way. */
function pruned(v: Json): Json | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => pruned(x) ?? null);
  if (!isObject(v)) return v;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    const p = pruned(x);
    if (p !== undefined && !(isObject(p) && Object.keys(p).length === 0)) out[k] = p;
  }
  return out;
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

type Condition = { type: string; status: string; reason: string; message: string; lastUpdateTime: string; lastTransitionTime: string };

/**
 * A condition's times as the deployment controller keeps them (SetDeploymentCondition): unchanged
 * while its status and reason stay the same, lastTransitionTime kept while its status stays; a
 * Progressing=True/ReplicaSetUpdated condition's lastUpdateTime moves only when the rollout made
 * progress. So a complete rollout's Progressing time is when it completed, however long after.
 */
function keepConditionTimes(next: Condition, previous: Condition[] | undefined, progressed: boolean): Condition {
  const old = previous?.find((c) => c.type === next.type);
  if (!old) return next;
  const progressing = next.type === 'Progressing' && next.reason === 'ReplicaSetUpdated' && progressed;
  if (old.status === next.status && old.reason === next.reason && !progressing) return { ...next, lastUpdateTime: old.lastUpdateTime, lastTransitionTime: old.lastTransitionTime };
  return old.status === next.status ? { ...next, lastTransitionTime: old.lastTransitionTime } : next;
}
