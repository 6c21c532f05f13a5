import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceType } from './resources.js';

/**
 * The OpenAPI v3 discovery kubectl reads before `apply`: an index of group versions, and per
 * group version the paths with their operations. kubectl looks for the `fieldValidation` query
 * parameter on a kind's PATCH operation; finding it, it leaves validation to the server (which
 * checks the object against the kind's schema, see validate.ts) instead of downloading schemas.
 * No component schemas are served: kubectl then computes strategic merge patches from its own
 * built-in types, and JSON merge patches for custom resources, as it does against any server
 * whose schema it cannot read.
 */

function groupVersionPath(t: ResourceType): string {
  return t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
}

export function openApiIndex(types: readonly ResourceType[]) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of new Set(types.map(groupVersionPath))) {
    const hash = createHash('sha256').update(JSON.stringify(openApiGroupVersion(types, gv))).digest('hex').slice(0, 32).toUpperCase();
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return { paths };
}

const query = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

export function openApiGroupVersion(types: readonly ResourceType[], gv: string) {
  const own = types.filter((t) => groupVersionPath(t) === gv);
  if (!own.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of own) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const base = t.namespaced ? `/${gv}/namespaces/{namespace}/${t.resource}` : `/${gv}/${t.resource}`;
    const op = (action: string, params: string[]) => ({
      operationId: `${action}${t.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: params.map(query),
      responses: { '200': { description: 'OK' } },
    });
    paths[base] = { get: op('list', ['labelSelector', 'fieldSelector', 'watch', 'resourceVersion', 'timeoutSeconds']), post: op('post', ['dryRun', 'fieldManager', 'fieldValidation']) };
    paths[`${base}/{name}`] = {
      get: op('get', []),
      put: op('put', ['dryRun', 'fieldManager', 'fieldValidation']),
      patch: op('patch', ['dryRun', 'fieldManager', 'fieldValidation', 'force']),
      delete: op('delete', ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']),
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.30.0-smokeguard-simulator' }, paths, components: { schemas: {} }, 'x-api-version': own.map(apiVersionOf)[0] };
}
