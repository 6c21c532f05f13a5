import type { AppsV1Api, ConfigurationOptions, CoordinationV1Api, KubeConfig, RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { RollbackError, RollbackTarget } from './types.js';

/**
 * The client is loaded by connect() only (the CLI's bundled client ~75 ms of CPU, the package's
 * ES modules ~0.5 s; see kube-client.ts): a run whose rollback is not configured, or a command
 * strategy without cluster access, never pays for it. Until then no API call can have been made,
 * so nothing else here needs it.
 */
type KubeClient = typeof import('./kube-client.js');
let client: KubeClient | undefined;

async function loadClient(): Promise<KubeClient> {
  client ??= await import('./kube-client.js');
  return client;
}

/** Starts loading the client ahead of connect() (a rollback is likely); never rejects. */
export function preloadClient(): void {
  loadClient().catch(() => {});
}

/**
 * The official Kubernetes client, configured for one target. Credentials, in order: the target's
 * kubeconfig file, in-cluster service-account credentials when running in a pod
 * (KUBERNETES_SERVICE_HOST), then KUBECONFIG / ~/.kube/config.
 */
export interface KubeClients {
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
  /** The API server URL, for messages. */
  server: string;
  /** The loaded configuration (for watches, which the typed clients do not offer). */
  kubeConfig: KubeConfig;
  /** The client's Watch, for the rollout wait: the client (an ES module) is only ever import()ed. */
  Watch: KubeClient['Watch'];
}

export interface ConnectOptions {
  /** Root under which /var/run/secrets/kubernetes.io/serviceaccount is read (default: /). */
  serviceAccountRoot?: string;
}

export async function connect(target: RollbackTarget, env: Readonly<Record<string, string | undefined>>, options: ConnectOptions = {}): Promise<KubeClients> {
  const { AppsV1Api, CoordinationV1Api, KubeConfig, Watch } = await loadClient();
  const kc = new KubeConfig();
  if (target.kubeconfig) kc.loadFromFile(target.kubeconfig);
  else if (env.KUBERNETES_SERVICE_HOST && !env.KUBECONFIG) kc.loadFromCluster(options.serviceAccountRoot);
  else if (env.KUBECONFIG) kc.loadFromFile(env.KUBECONFIG.split(':')[0]);
  else {
    kc.loadFromDefault();
    // With nothing to load, the client makes up a context ('loaded-context', cluster 'cluster') on
    // http://localhost:8080: the rollback would go to whatever listens there. Say what is missing instead.
    const cluster = kc.getCurrentCluster();
    if (kc.getCurrentContext() === 'loaded-context' && cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080') {
      throw new Error('no kubeconfig found (deployment.kubeconfig, --kubeconfig, KUBECONFIG, ~/.kube/config) and not running in a cluster');
    }
  }
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      throw new Error(`kube context "${target.context}" not found (known: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(target.context);
  }
  acceptPlainHttp(kc);
  return { apps: kc.makeApiClient(AppsV1Api), coordination: kc.makeApiClient(CoordinationV1Api), server: kc.getCurrentCluster()?.server ?? 'unknown', kubeConfig: kc, Watch };
}

/**
 * A cluster whose server is plain `http://` (`kubectl proxy`, a local API server) is used as
 * kubectl uses it. The client refuses it unless skipTLSVerify is set, though there is no TLS to
 * verify on plain HTTP: set it for those clusters only, which changes nothing else.
 */
function acceptPlainHttp(kc: KubeConfig): void {
  if (!kc.clusters.some((c) => /^http:/i.test(c.server) && !c.skipTLSVerify)) return;
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => (/^http:/i.test(c.server) ? { ...c, skipTLSVerify: true } : c)),
    contexts: kc.contexts,
    users: kc.users,
    currentContext: kc.currentContext,
  });
}

/**
 * Per-call options: the abort signal (so the rollback deadline cuts a hung request) and, for
 * patches, the Content-Type that picks the patch strategy (the client defaults to JSON patch).
 */
export function callOptions(signal: AbortSignal, contentType?: string): ConfigurationOptions {
  const middleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(signal);
      if (contentType) ctx.setHeaderParam('Content-Type', contentType);
      return new (loaded().Observable)(Promise.resolve(ctx));
    },
    post: (res: ResponseContext) => new (loaded().Observable)(Promise.resolve(res)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

function loaded(): KubeClient {
  if (!client) throw new Error('the Kubernetes client is not loaded: call connect() first');
  return client;
}

/** The client's PatchStrategy values (the Content-Types that pick a patch strategy), without loading it. */
export const PATCH = {
  JsonPatch: 'application/json-patch+json',
  MergePatch: 'application/merge-patch+json',
  StrategicMergePatch: 'application/strategic-merge-patch+json',
} as const;

/** A Kubernetes Status body, as far as we read it. */
interface StatusBody {
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string };
}

function statusBody(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return body ? { message: body } : undefined;
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : undefined;
}

/** HTTP status of a failed API call, when it got an answer. */
export function apiStatus(err: unknown): number | undefined {
  return client && err instanceof client.ApiException ? err.code : undefined;
}

/**
 * Turns an API failure into the outcome's error. A 403 names the permission to grant, read from
 * the Status message ("cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"prod\"").
 */
export function describeApiError(err: unknown, doing: string): RollbackError {
  if (client && err instanceof client.ApiException) {
    const body = statusBody(err.body);
    const message = body?.message ?? `HTTP ${err.code}`;
    if (err.code === 403) {
      const m = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(message);
      const missingPermission = m ? `${m[1]} ${m[2]}${m[3] ? `.${m[3]}` : ''}${m[4] ? ` in namespace ${m[4]}` : ''}` : undefined;
      return { message: `${doing}: forbidden${missingPermission ? ` — missing RBAC permission: ${missingPermission}` : ''} (${message})`, httpStatus: 403, missingPermission };
    }
    if (err.code === 401) return { message: `${doing}: unauthorized (HTTP 401): the credentials were rejected`, httpStatus: 401 };
    return { message: `${doing}: ${message}`, httpStatus: err.code };
  }
  const e = err as { name?: string; message?: string; code?: string };
  if (e?.name === 'AbortError') return { message: `${doing}: cut at the rollback deadline` };
  return { message: `${doing}: ${e?.message ?? String(err)}${e?.code && !e.message?.includes(e.code) ? ` (${e.code})` : ''}` };
}
