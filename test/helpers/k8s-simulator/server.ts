import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { arrival, type Arrival } from '../simulators/arrivals.js';
import { Cluster, type K8sObject } from './cluster.js';
import { coreVersions, groupInfo, groupList, resourceList, versionInfo } from './discovery.js';
import { isObject, jsonPatch, mergePatch, PatchError, strategicMergePatch, type Json } from './patch.js';
import { openApiGroupVersion, openApiIndex } from './openapi.js';
import { schemaProblem, type SchemaProblem } from './validate.js';
import { apiVersionOf, parseResourcePath, servedTypes, type ResourceType } from './resources.js';

/**
 * A local Kubernetes API server (plain HTTP on 127.0.0.1) for the parts smokeguard and kubectl
 * use: discovery, apps/v1 Deployments and ReplicaSets, coordination.k8s.io/v1 Leases, and the
 * kinds of the shipped manifests (resources.ts) stored as written; get,
 * list (label and field selectors), watch, create, update (409 on a stale resourceVersion),
 * the three patch types, delete; 403 Status objects for verbs the test forbids.
 */

export interface SimulatorOptions {
  /** Milliseconds between controller ticks (one pod per tick). */
  tickMs?: number;
  /** The user named in 403 messages. */
  user?: string;
  /** Serve HTTPS with this certificate (the real client and kubectl then verify it against the CA). */
  tls?: { cert: Buffer; key: Buffer };
  /** Serve argoproj.io/v1alpha1 (AnalysisTemplates), as a cluster with Argo Rollouts installed does. */
  argoRollouts?: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  contentType?: string;
  /** The Authorization header's scheme and the token's length, never the token. */
  auth?: string;
  /** When it arrived, ordered with the notification simulators' arrivals. */
  arrived: Arrival;
}

export class K8sSimulator {
  readonly cluster = new Cluster();
  readonly requests: RequestRecord[] = [];
  /** `verb resource` pairs answered with 403, e.g. `patch deployments`. */
  readonly forbidden = new Set<string>();
  private readonly server;
  private readonly scheme: 'http' | 'https';
  private timer: NodeJS.Timeout | undefined;
  private readonly user: string;
  private readonly tickMs: number;
  private readonly types: ResourceType[];
  url = '';

  constructor(options: SimulatorOptions = {}) {
    this.user = options.user ?? 'system:serviceaccount:default:smokeguard';
    this.tickMs = options.tickMs ?? 40;
    this.types = servedTypes(options.argoRollouts ?? false);
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
    this.scheme = options.tls ? 'https' : 'http';
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `${this.scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.timer = setInterval(() => this.cluster.tick(), this.tickMs);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Writes accepted on one resource (what a test asserts "nothing was patched" with). */
  writesTo(resource: string, name?: string) {
    return this.cluster.writes.filter((w) => w.resource === resource && (name === undefined || w.name === name));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const contentType = req.headers['content-type']?.split(';')[0];
    const authorization = req.headers.authorization;
    const auth = authorization ? `${authorization.split(' ')[0]} (${(authorization.split(' ')[1] ?? '').length} chars)` : undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, contentType, ...(auth ? { auth } : {}), arrived: arrival() });
    try {
      const body = await readBody(req);
      const discovery = this.discovery(url.pathname);
      if (discovery !== undefined && req.method === 'GET') return send(res, 200, discovery);
      const parsed = parseResourcePath(url.pathname, this.types);
      if (!parsed || parsed.subresource) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const { type, namespace, name } = parsed;
      if (type.resource === 'namespaces' && name && req.method === 'GET') return this.namespace(res, name);
      const verb = this.verb(req.method ?? 'GET', name, url);
      if (this.forbidden.has(`${verb} ${type.resource}`)) return send(res, 403, this.forbiddenStatus(verb, type, namespace, name));
      await this.resource(req.method ?? 'GET', verb, { type, namespace, name, url, body, contentType }, req, res);
    } catch (err) {
      if (err instanceof PatchError) return send(res, err.code, status(err.code, err.code === 422 ? 'Invalid' : 'BadRequest', err.message));
      send(res, 500, status(500, 'InternalError', err instanceof Error ? err.message : String(err)));
    }
  }

  /** A namespace exists when it was created or something lives in it (kubectl asks after a NotFound). */
  private namespace(res: ServerResponse, name: string): void {
    const stored = this.cluster.get('namespaces', '', name);
    if (stored) return send(res, 200, { ...stored, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const exists = name === 'default' || this.types.some((t) => t.namespaced && this.cluster.list(t.resource, name).length > 0);
    if (!exists) return send(res, 404, { ...status(404, 'NotFound', `namespaces "${name}" not found`), details: { name, kind: 'namespaces' } });
    send(res, 200, { kind: 'Namespace', apiVersion: 'v1', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }

  private discovery(path: string): unknown {
    if (path === '/version') return versionInfo();
    if (path === '/api') return coreVersions(this.url.replace(/^https?:\/\//, ''));
    if (path === '/api/v1') return resourceList(this.types, '', 'v1');
    if (path === '/apis') return groupList(this.types);
    if (path === '/openapi/v3') return openApiIndex(this.types);
    if (path.startsWith('/openapi/v3/')) return openApiGroupVersion(this.types, path.slice('/openapi/v3/'.length));
    const group = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (group) return group[2] ? resourceList(this.types, group[1], group[2]) : groupInfo(this.types, group[1]);
    return undefined;
  }

  private verb(method: string, name: string | undefined, url: URL): string {
    if (method === 'GET') return name ? 'get' : ['1', 'true'].includes(url.searchParams.get('watch') ?? '') ? 'watch' : 'list';
    return ({ POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
  }

  private forbiddenStatus(verb: string, type: ResourceType, namespace: string | undefined, name: string | undefined) {
    const { group, resource } = type;
    const what = name ? `${resource}${group ? `.${group}` : ''} "${name}"` : `${resource}${group ? `.${group}` : ''}`;
    const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return {
      ...status(403, 'Forbidden', `${what} is forbidden: User "${this.user}" cannot ${verb} resource "${resource}" in API group "${group}"${scope}`),
      details: { ...(name ? { name } : {}), group, kind: resource },
    };
  }

  private async resource(
    method: string,
    verb: string,
    r: { type: ResourceType; namespace: string | undefined; name: string | undefined; url: URL; body: string; contentType: string | undefined },
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { type, name, url } = r;
    const { resource, group, kind } = type;
    const qualified = group ? `${resource}.${group}` : resource;
    // Cluster-scoped objects are stored under the namespace ''.
    const namespace = type.namespaced ? r.namespace : '';
    const notFound = () => send(res, 404, { ...status(404, 'NotFound', `${qualified} "${name}" not found`), details: { name, group, kind: resource } });
    const dryRun = url.searchParams.getAll('dryRun').includes('All');
    if (verb === 'list') {
      const items = this.cluster.list(resource, type.namespaced ? namespace : undefined).filter((o) => matchesSelectors(o, url));
      return send(res, 200, { kind: `${kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: this.cluster.nextResourceVersion() }, items });
    }
    if (verb === 'watch') return this.watch(resource, type.namespaced ? namespace : undefined, url, req, res);
    if (namespace === undefined) return send(res, 405, status(405, 'MethodNotAllowed', 'namespace required'));
    if (verb === 'create') {
      const obj = JSON.parse(r.body) as K8sObject;
      const problem = this.bodyProblem(type, obj, namespace);
      if (problem) return send(res, 400, status(400, 'BadRequest', problem));
      obj.metadata = { ...obj.metadata, ...(namespace ? { namespace } : {}) };
      if (this.cluster.get(resource, namespace, obj.metadata.name)) {
        return send(res, 409, { ...status(409, 'AlreadyExists', `${qualified} "${obj.metadata.name}" already exists`), details: { name: obj.metadata.name, group, kind: resource } });
      }
      const stored = admit(type, obj);
      const invalid = await schemaProblem(type, stored);
      if (invalid) return send(res, invalid.code, invalidStatus(invalid, obj.metadata.name, type));
      if (dryRun) return send(res, 201, stored);
      this.cluster.writes.push({ verb, resource, namespace, name: obj.metadata.name });
      return send(res, 201, this.cluster.put(resource, stored));
    }
    const current = name ? this.cluster.get(resource, namespace, name) : undefined;
    if (!name || !current) return notFound();
    if (verb === 'get') return send(res, 200, current);
    if (verb === 'delete') {
      if (!dryRun) {
        this.cluster.writes.push({ verb, resource, namespace, name });
        this.cluster.delete(resource, namespace, name);
      }
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group, kind: resource, uid: current.metadata.uid } });
    }
    let next: K8sObject;
    if (verb === 'update') next = JSON.parse(r.body) as K8sObject;
    else if (verb === 'patch') next = applyPatch(current, r.body, r.contentType);
    else return send(res, 405, status(405, 'MethodNotAllowed', `${method} is not supported`));
    const wanted = next.metadata?.resourceVersion;
    if (wanted !== undefined && wanted !== current.metadata.resourceVersion) {
      return send(res, 409, {
        ...status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`),
        details: { name, group, kind: resource },
      });
    }
    if (next.metadata?.name !== name) return send(res, 422, status(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: metadata.name: Invalid value: the name of the object does not match the name in the URL`));
    // A Job's pod template cannot change (why a Helm hook Job is deleted before it is created again).
    if (resource === 'jobs' && JSON.stringify(specOf(next).template) !== JSON.stringify(specOf(current).template)) {
      return send(res, 422, status(422, 'Invalid', `Job.batch "${name}" is invalid: spec.template: Invalid value: field is immutable`));
    }
    // Writes to the main resource never change status (that is the /status subresource).
    if (current.status !== undefined) next.status = current.status;
    else delete next.status;
    next = admit(type, next);
    const invalid = await schemaProblem(type, next);
    if (invalid) return send(res, invalid.code, invalidStatus(invalid, name, type));
    if (dryRun) return send(res, 200, next);
    this.cluster.writes.push({ verb, resource, namespace, name, contentType: r.contentType });
    send(res, 200, this.cluster.put(resource, next));
  }

  /** What the API server refuses in a create body before storing it. */
  private bodyProblem(type: ResourceType, obj: K8sObject, namespace: string): string | undefined {
    if (!isObject(obj) || !isObject(obj.metadata) || typeof obj.metadata.name !== 'string' || !obj.metadata.name) return 'the object has no metadata.name';
    if (obj.kind !== undefined && obj.kind !== type.kind) return `the kind "${String(obj.kind)}" does not match the URL's resource "${type.resource}" (${type.kind})`;
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(type)) return `the apiVersion "${String(obj.apiVersion)}" does not match the URL's "${apiVersionOf(type)}"`;
    if (type.namespaced && obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
      return 'the namespace of the provided object does not match the namespace sent on the request';
    }
    return undefined;
  }

  private watch(resource: string, namespace: string | undefined, url: URL, req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // As the API server does: the headers go out at once, not with the first event (a watch on an
    // object that no longer changes would otherwise leave the client waiting for a response).
    res.flushHeaders();
    const emit = (type: string, obj: K8sObject) => res.write(JSON.stringify({ type, object: obj }) + '\n');
    const rv = url.searchParams.get('resourceVersion');
    if (!rv || rv === '0') for (const obj of this.cluster.list(resource, namespace)) if (matchesSelectors(obj, url)) emit('ADDED', obj);
    const unsubscribe = this.cluster.watch((type, res2, obj) => {
      if (res2 === resource && (!namespace || obj.metadata.namespace === namespace) && matchesSelectors(obj, url)) emit(type, obj);
    });
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const close = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    req.on('close', close);
    res.on('close', close);
  }
}

function specOf(obj: K8sObject): { [k: string]: Json } {
  return isObject(obj.spec) ? obj.spec : {};
}

/** What the API server fills in on every write: apiVersion/kind, a Secret's stringData folded into data. */
function admit(type: ResourceType, obj: K8sObject): K8sObject {
  const out = { ...obj, apiVersion: apiVersionOf(type), kind: type.kind } as K8sObject;
  if (type.resource === 'secrets' && isObject(out.stringData)) {
    const data = isObject(out.data) ? { ...out.data } : {};
    for (const [k, v] of Object.entries(out.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    out.data = data;
    delete out.stringData;
  }
  return out;
}

function applyPatch(current: K8sObject, body: string, contentType: string | undefined): K8sObject {
  const patch = JSON.parse(body) as Json;
  switch (contentType) {
    case 'application/strategic-merge-patch+json':
      return strategicMergePatch(current, patch) as K8sObject;
    case 'application/merge-patch+json':
      return mergePatch(current, patch) as K8sObject;
    case 'application/json-patch+json':
      return jsonPatch(current, patch) as K8sObject;
    default:
      throw new PatchError(415, `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
  }
}

/** `app=web,tier!=db,canary` label selectors and `metadata.name=x` field selectors. */
function matchesSelectors(obj: K8sObject, url: URL): boolean {
  const labels = isObject(obj.metadata.labels) ? obj.metadata.labels : {};
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name, 'metadata.namespace': String(obj.metadata.namespace) };
  const check = (selector: string | null, values: Record<string, Json>) =>
    !selector ||
    selector.split(',').filter(Boolean).every((term) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return values[ne[1].trim()] !== ne[2].trim();
      const eq = /^([^=]+)==?(.*)$/.exec(term);
      if (eq) return values[eq[1].trim()] === eq[2].trim();
      if (term.startsWith('!')) return !(term.slice(1).trim() in values);
      return term.trim() in values;
    });
  return check(url.searchParams.get('labelSelector'), labels) && check(url.searchParams.get('fieldSelector'), fields);
}

function invalidStatus(p: SchemaProblem, name: string, type: ResourceType) {
  if (p.code === 400) return status(400, 'BadRequest', p.message);
  return { ...status(422, 'Invalid', p.message), details: { name, group: type.group, kind: type.kind, causes: [{ reason: 'FieldValueInvalid', message: p.message.split(': ').slice(1).join(': '), field: p.field }] } };
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
