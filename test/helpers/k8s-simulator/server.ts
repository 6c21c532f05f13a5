import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { arrival, type Arrival } from '../simulators/arrivals.js';
import { Cluster, type K8sObject } from './cluster.js';
import { coreResources, coreVersions, groupInfo, groupList, groupResources, versionInfo } from './discovery.js';
import { isObject, jsonPatch, mergePatch, PatchError, strategicMergePatch, type Json } from './patch.js';

/**
 * A local Kubernetes API server (plain HTTP on 127.0.0.1) for the parts smokeguard and kubectl
 * use: discovery, apps/v1 Deployments and ReplicaSets, coordination.k8s.io/v1 Leases; get,
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

const KINDS: Record<string, { group: string; kind: string }> = {
  deployments: { group: 'apps', kind: 'Deployment' },
  replicasets: { group: 'apps', kind: 'ReplicaSet' },
  leases: { group: 'coordination.k8s.io', kind: 'Lease' },
};

const RESOURCE_PATH = /^\/apis\/(apps|coordination\.k8s\.io)\/v1\/(?:namespaces\/([^/]+)\/)?(deployments|replicasets|leases)(?:\/([^/]+))?$/;

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
  url = '';

  constructor(options: SimulatorOptions = {}) {
    this.user = options.user ?? 'system:serviceaccount:default:smokeguard';
    this.tickMs = options.tickMs ?? 40;
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
      const ns = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname);
      if (ns && req.method === 'GET') return this.namespace(res, ns[1]);
      const match = RESOURCE_PATH.exec(url.pathname);
      if (!match || KINDS[match[3]].group !== match[1]) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const [, , namespace, resource, name] = match;
      const verb = this.verb(req.method ?? 'GET', name, url);
      if (this.forbidden.has(`${verb} ${resource}`)) return send(res, 403, this.forbiddenStatus(verb, resource, namespace, name));
      await this.resource(req.method ?? 'GET', verb, { resource, namespace, name, url, body, contentType }, req, res);
    } catch (err) {
      if (err instanceof PatchError) return send(res, err.code, status(err.code, err.code === 422 ? 'Invalid' : 'BadRequest', err.message));
      send(res, 500, status(500, 'InternalError', err instanceof Error ? err.message : String(err)));
    }
  }

  /** A namespace exists when something lives in it (kubectl asks after a NotFound). */
  private namespace(res: ServerResponse, name: string): void {
    const exists = name === 'default' || ['deployments', 'replicasets', 'leases'].some((r) => this.cluster.list(r, name).length > 0);
    if (!exists) return send(res, 404, { ...status(404, 'NotFound', `namespaces "${name}" not found`), details: { name, kind: 'namespaces' } });
    send(res, 200, { kind: 'Namespace', apiVersion: 'v1', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }

  private discovery(path: string): unknown {
    if (path === '/version') return versionInfo();
    if (path === '/api') return coreVersions(this.url.replace(/^https?:\/\//, ''));
    if (path === '/api/v1') return coreResources();
    if (path === '/apis') return groupList();
    const group = /^\/apis\/([^/]+)(\/v1)?$/.exec(path);
    if (group) return group[2] ? groupResources(group[1]) : groupInfo(group[1]);
    return undefined;
  }

  private verb(method: string, name: string | undefined, url: URL): string {
    if (method === 'GET') return name ? 'get' : ['1', 'true'].includes(url.searchParams.get('watch') ?? '') ? 'watch' : 'list';
    return ({ POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
  }

  private forbiddenStatus(verb: string, resource: string, namespace: string | undefined, name: string | undefined) {
    const { group } = KINDS[resource];
    const what = name ? `${resource}.${group} "${name}"` : `${resource}.${group}`;
    const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return {
      ...status(403, 'Forbidden', `${what} is forbidden: User "${this.user}" cannot ${verb} resource "${resource}" in API group "${group}"${scope}`),
      details: { ...(name ? { name } : {}), group, kind: resource },
    };
  }

  private async resource(
    method: string,
    verb: string,
    r: { resource: string; namespace: string | undefined; name: string | undefined; url: URL; body: string; contentType: string | undefined },
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { resource, name, url } = r;
    const namespace = r.namespace;
    const { group, kind } = KINDS[resource];
    const notFound = () => send(res, 404, { ...status(404, 'NotFound', `${resource}.${group} "${name}" not found`), details: { name, group, kind: resource } });
    const dryRun = url.searchParams.getAll('dryRun').includes('All');
    if (verb === 'list') {
      const items = this.cluster.list(resource, namespace).filter((o) => matchesSelectors(o, url));
      return send(res, 200, { kind: `${kind}List`, apiVersion: group === 'apps' ? 'apps/v1' : `${group}/v1`, metadata: { resourceVersion: this.cluster.nextResourceVersion() }, items });
    }
    if (verb === 'watch') return this.watch(resource, namespace, url, req, res);
    if (!namespace) return send(res, 405, status(405, 'MethodNotAllowed', 'namespace required'));
    if (verb === 'create') {
      const obj = JSON.parse(r.body) as K8sObject;
      obj.metadata = { ...obj.metadata, namespace };
      if (this.cluster.get(resource, namespace, obj.metadata.name)) {
        return send(res, 409, { ...status(409, 'AlreadyExists', `${resource}.${group} "${obj.metadata.name}" already exists`), details: { name: obj.metadata.name, group, kind: resource } });
      }
      if (dryRun) return send(res, 201, obj);
      this.cluster.writes.push({ verb, resource, namespace, name: obj.metadata.name });
      return send(res, 201, this.cluster.put(resource, obj));
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
        ...status(409, 'Conflict', `Operation cannot be fulfilled on ${resource}.${group} "${name}": the object has been modified; please apply your changes to the latest version and try again`),
        details: { name, group, kind: resource },
      });
    }
    if (next.metadata?.name !== name) return send(res, 422, status(422, 'Invalid', `${kind}.${group} "${name}" is invalid: metadata.name: Invalid value: the name of the object does not match the name in the URL`));
    // Writes to the main resource never change status (that is the /status subresource).
    if (resource !== 'leases') next.status = current.status;
    if (dryRun) return send(res, 200, next);
    this.cluster.writes.push({ verb, resource, namespace, name, contentType: r.contentType });
    send(res, 200, this.cluster.put(resource, next));
  }

  private watch(resource: string, namespace: string | undefined, url: URL, req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
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
