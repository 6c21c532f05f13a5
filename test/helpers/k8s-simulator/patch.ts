/**
 * The three PATCH flavours of the Kubernetes API, as the API server applies them:
 *  - JSON merge patch (RFC 7386): objects merge, null deletes, arrays replace;
 *  - JSON patch (RFC 6902): a list of add/remove/replace/test/move/copy operations;
 *  - strategic merge patch: a merge patch whose lists merge by a key (`containers` by `name`),
 *    with the `$patch`, `$setElementOrder/…`, `$retainKeys` and `$deleteFromPrimitiveList/…`
 *    directives that kubectl emits. Only the merge keys of the fields a Deployment uses are known.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A patch the server rejects: the HTTP status and a message for the Status object. */
export class PatchError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Merge keys from the Kubernetes OpenAPI `x-kubernetes-patch-merge-key` of the fields in a Deployment. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};

export function strategicMergePatch(target: Json | undefined, patch: Json): Json | undefined {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  const out: JsonObject = isObject(target) ? clone(target) : {};
  const orders: [string, Json[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') continue; // applied below
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(value) ? value : [];
      const list = out[field];
      if (Array.isArray(list)) out[field] = list.filter((v) => !drop.includes(v));
      continue;
    }
    if (value === null) {
      delete out[key];
    } else if (Array.isArray(value) && MERGE_KEYS[key]) {
      out[key] = mergeList(Array.isArray(out[key]) ? (out[key] as Json[]) : [], value, MERGE_KEYS[key]);
    } else if (isObject(value)) {
      const merged = strategicMergePatch(out[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = clone(value);
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(out)) if (!keep.has(key)) delete out[key];
  }
  for (const [field, order] of orders) {
    const list = out[field];
    const mergeKey = MERGE_KEYS[field];
    if (!Array.isArray(list) || !mergeKey) continue;
    const rank = (item: Json) => {
      const i = order.findIndex((o) => isObject(o) && isObject(item) && o[mergeKey] === item[mergeKey]);
      return i < 0 ? order.length : i;
    };
    out[field] = [...list].sort((a, b) => rank(a) - rank(b));
  }
  return out;
}

function mergeList(current: Json[], patch: Json[], mergeKey: string): Json[] {
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map((p) => clone(p));
  }
  const out = clone(current);
  for (const item of patch) {
    if (!isObject(item)) {
      out.push(clone(item));
      continue;
    }
    const key = item[mergeKey];
    if (key === undefined) throw new PatchError(422, `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const at = out.findIndex((o) => isObject(o) && o[mergeKey] === key);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) {
      out[at] = strategicMergePatch(out[at], item) as Json;
    } else {
      out.push(strategicMergePatch(undefined, item) as Json);
    }
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError(400, 'json patch must be an array of operations');
  let doc = clone(target);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError(400, `invalid json patch operation ${JSON.stringify(raw)}`);
    const op = raw as unknown as JsonPatchOp;
    switch (op.op) {
      case 'add':
        doc = setAt(doc, op.path, clone(op.value ?? null), 'add');
        break;
      case 'replace':
        doc = setAt(doc, op.path, clone(op.value ?? null), 'replace');
        break;
      case 'remove':
        doc = removeAt(doc, op.path);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) throw new PatchError(422, `testing value ${op.path} failed`);
        break;
      case 'copy':
        doc = setAt(doc, op.path, clone(getAt(doc, op.from ?? '')), 'add');
        break;
      case 'move': {
        const value = getAt(doc, op.from ?? '');
        doc = setAt(removeAt(doc, op.from ?? ''), op.path, value, 'add');
        break;
      }
      default:
        throw new PatchError(400, `unexpected json patch operation "${op.op}"`);
    }
  }
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(400, `invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string): Json {
  let cur: Json = doc;
  for (const part of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else cur = undefined as unknown as Json;
    if (cur === undefined) throw new PatchError(422, `doc is missing path: "${path}"`);
  }
  return cur;
}

function parentOf(doc: Json, path: string): { parent: Json; last: string } {
  const parts = pointer(path);
  if (!parts.length) throw new PatchError(422, 'cannot address the document root');
  const last = parts.pop() as string;
  const parentPath = parts.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  return { parent: getAt(doc, parentPath), last };
}

function setAt(doc: Json, path: string, value: Json, mode: 'add' | 'replace'): Json {
  if (path === '') return value;
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new PatchError(422, `index out of range: ${path}`);
    if (mode === 'replace') {
      if (index >= parent.length) throw new PatchError(422, `doc is missing path: "${path}"`);
      parent[index] = value;
    } else parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    if (mode === 'replace' && !(last in parent)) throw new PatchError(422, `doc is missing key: "${path}"`);
    parent[last] = value;
  } else throw new PatchError(422, `doc is missing path: "${path}"`);
  return doc;
}

function removeAt(doc: Json, path: string): Json {
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!(index >= 0 && index < parent.length)) throw new PatchError(422, `doc is missing path: "${path}"`);
    parent.splice(index, 1);
  } else if (isObject(parent) && last in parent) delete parent[last];
  else throw new PatchError(422, `doc is missing path: "${path}"`);
  return doc;
}
