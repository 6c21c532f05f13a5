/**
 * Legacy (non-aggregated) discovery documents, as an API server serves them. kubectl asks for
 * aggregated discovery first and falls back to these when the answer is plain application/json.
 */

const deploymentVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function versionInfo() {
  return {
    major: '1',
    minor: '30',
    gitVersion: 'v1.30.0-smokeguard-simulator',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(address: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

export function coreResources() {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'] },
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: deploymentVerbs, shortNames: ['po'], categories: ['all'] },
    ],
  };
}

const groups = {
  apps: {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: deploymentVerbs, shortNames: ['deploy'], categories: ['all'] },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
      { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: deploymentVerbs, shortNames: ['rs'], categories: ['all'] },
    ],
  },
  'coordination.k8s.io': {
    kind: 'APIResourceList',
    groupVersion: 'coordination.k8s.io/v1',
    resources: [{ name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: deploymentVerbs }],
  },
} as const;

export type GroupName = keyof typeof groups;

export function groupResources(group: string) {
  return (groups as Record<string, unknown>)[group];
}

function group(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

export function groupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: Object.keys(groups).map(group) };
}

export function groupInfo(name: string) {
  return name in groups ? { kind: 'APIGroup', apiVersion: 'v1', ...group(name) } : undefined;
}
