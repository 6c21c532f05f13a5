import type { ResourceType } from './resources.js';

/**
 * Schema validation on write, as the API server does before storing an object: each kind is
 * checked against its published OpenAPI schema (the generated validators of kubernetes-models and
 * @kubernetes-models/argo-rollouts, built from Kubernetes' and Argo Rollouts' own schemas), so a
 * manifest with a wrong type (`backoffLimit: "0"`, a missing container name) is refused here as a
 * cluster would refuse it. Unknown fields are not detected (the generated schemas allow them).
 */

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

const cache = new Map<string, ModelClass>();

async function modelFor(t: ResourceType): Promise<ModelClass> {
  const key = `${t.group}/${t.version}/${t.kind}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const specifier = t.group === 'argoproj.io'
    ? `@kubernetes-models/argo-rollouts/${t.group}/${t.version}/${t.kind}`
    : `kubernetes-models/${t.group ? `${t.group}/` : ''}${t.version}/${t.kind}`;
  const mod = (await import(specifier)) as Record<string, ModelClass>;
  const model = mod[t.kind];
  cache.set(key, model);
  return model;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface SchemaProblem {
  /** 400: the body does not decode into the kind's type; 422: a field's value is invalid. */
  code: 400 | 422;
  message: string;
  field?: string;
}

/** The API server's complaint about an object, or undefined when it would store it. */
export async function schemaProblem(t: ResourceType, obj: unknown): Promise<SchemaProblem | undefined> {
  const name = (obj as { metadata?: { name?: unknown } }).metadata?.name;
  if (typeof name === 'string' && (!DNS1123_SUBDOMAIN.test(name) || name.length > 253)) {
    return { code: 422, field: 'metadata.name', message: `${t.kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'` };
  }
  try {
    new (await modelFor(t))(obj).validate();
    return undefined;
  } catch (err) {
    // "data/spec/backoffLimit must be integer" → the decoder's "spec.backoffLimit: must be integer".
    const detail = (err as Error).message.replace(/^data\/?(\S*) /, (_m, path: string) => `${path.replace(/\//g, '.')}: `);
    return { code: 400, message: `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${detail}` };
  }
}
