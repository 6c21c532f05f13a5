/**
 * The resource types the simulator serves, one row each, as an API server's discovery lists them.
 * Beyond what smokeguard itself calls (Deployments, ReplicaSets, Leases) it stores the kinds the
 * shipped manifests in deploy/kubernetes create, so `kubectl apply -k` can be run against it.
 * The argoproj.io group exists only when the simulator is started with Argo Rollouts' CRDs
 * "installed" (as on a real cluster, where it exists only after the CRDs are applied).
 */

export interface ResourceType {
  /** Plural, as in the URL. */
  resource: string;
  /** '' for the core group (/api/v1). */
  group: string;
  version: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Served only with the Argo Rollouts CRDs installed. */
  crd?: 'argo-rollouts';
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'namespaces', group: '', version: 'v1', kind: 'Namespace', singular: 'namespace', namespaced: false, shortNames: ['ns'] },
  { resource: 'pods', group: '', version: 'v1', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'] },
  { resource: 'configmaps', group: '', version: 'v1', kind: 'ConfigMap', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { resource: 'secrets', group: '', version: 'v1', kind: 'Secret', singular: 'secret', namespaced: true },
  { resource: 'serviceaccounts', group: '', version: 'v1', kind: 'ServiceAccount', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'] },
  { resource: 'services', group: '', version: 'v1', kind: 'Service', singular: 'service', namespaced: true, shortNames: ['svc'] },
  { resource: 'persistentvolumeclaims', group: '', version: 'v1', kind: 'PersistentVolumeClaim', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'] },
  { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', singular: 'deployment', namespaced: true, shortNames: ['deploy'] },
  { resource: 'replicasets', group: 'apps', version: 'v1', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true, shortNames: ['rs'] },
  { resource: 'jobs', group: 'batch', version: 'v1', kind: 'Job', singular: 'job', namespaced: true },
  { resource: 'leases', group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', singular: 'lease', namespaced: true },
  { resource: 'roles', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', singular: 'role', namespaced: true },
  { resource: 'rolebindings', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', singular: 'rolebinding', namespaced: true },
  { resource: 'analysistemplates', group: 'argoproj.io', version: 'v1alpha1', kind: 'AnalysisTemplate', singular: 'analysistemplate', namespaced: true, crd: 'argo-rollouts' },
];

export function servedTypes(argoRollouts: boolean): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => !t.crd || argoRollouts);
}

/** The apiVersion of a type (`v1`, `apps/v1`). */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** A request path resolved to its type, namespace and name. */
export interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  /** A subresource (`status`, `scale`): not served. */
  subresource?: string;
}

/**
 * `/api/v1/namespaces/prod/configmaps/x`, `/apis/apps/v1/namespaces/prod/deployments`,
 * `/api/v1/namespaces/prod` (the Namespace itself), `/apis/apps/v1/deployments` (all namespaces).
 */
export function parseResourcePath(path: string, types: readonly ResourceType[]): ResourcePath | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(path);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3];
  const parts = m[4].split('/');
  const find = (resource: string) => types.find((t) => t.group === group && t.version === version && t.resource === resource);
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    const type = find(parts[2]);
    if (!type?.namespaced || parts.length > 5) return undefined;
    return { type, namespace: parts[1], ...(parts[3] ? { name: parts[3] } : {}), ...(parts[4] ? { subresource: parts[4] } : {}) };
  }
  const type = find(parts[0]);
  if (!type || parts.length > 3) return undefined;
  return { type, ...(parts[1] ? { name: parts[1] } : {}), ...(parts[2] ? { subresource: parts[2] } : {}) };
}
