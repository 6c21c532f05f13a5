/**
 * Legacy (non-aggregated) discovery documents, as an API server serves them. kubectl asks for
 * aggregated discovery first and falls back to these when the answer is plain application/json.
 */

import { ALL_VERBS, type ResourceType } from './resources.js';

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

function resourceEntry(t: ResourceType) {
  return {
    name: t.resource,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: ALL_VERBS,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    ...(['pods', 'services', 'deployments', 'replicasets', 'jobs'].includes(t.resource) ? { categories: ['all'] } : {}),
  };
}

/** The APIResourceList of one group version (`''` + `v1` for the core group). */
export function resourceList(types: readonly ResourceType[], group: string, version: string) {
  const own = types.filter((t) => t.group === group && t.version === version);
  if (!own.length) return undefined;
  const resources: object[] = own.map(resourceEntry);
  // Subresources kubectl looks for beside Deployments (scale, rollout status).
  if (group === 'apps') {
    resources.push(
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    );
  }
  return { kind: 'APIResourceList', groupVersion: group ? `${group}/${version}` : version, resources };
}

function groupOf(types: readonly ResourceType[], name: string) {
  const version = types.find((t) => t.group === name)?.version;
  if (!version) return undefined;
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

export function groupList(types: readonly ResourceType[]) {
  const names = [...new Set(types.map((t) => t.group).filter(Boolean))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map((n) => groupOf(types, n)) };
}

export function groupInfo(types: readonly ResourceType[], name: string) {
  const g = groupOf(types, name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : undefined;
}
