import { timeoutSignal } from '../util/abort.js';

/** One HTTP probe the Deployment declares for a container. */
export interface DeploymentProbe {
  container: string;
  kind: 'readiness' | 'liveness' | 'startup';
  path: string;
  /** The container port it targets (a number or a named port), for the note when it differs from the service's. */
  port?: string;
}

export interface DeploymentFacts {
  name: string;
  namespace: string;
  containers: string[];
  probes: DeploymentProbe[];
  /** Probes that are not httpGet (exec, tcpSocket, grpc): named, not translated. */
  untranslated: string[];
}

export interface ClusterAccess {
  kubeconfig?: string;
  context?: string;
}

interface ProbeSpec {
  httpGet?: { path?: string; port?: number | string };
  exec?: unknown;
  tcpSocket?: unknown;
  grpc?: unknown;
}

const KINDS = [
  ['readiness', 'readinessProbe'],
  ['liveness', 'livenessProbe'],
  ['startup', 'startupProbe'],
] as const;

/** Reads a Deployment's pod template probes (pure: the object as the API returns it). */
export function probesOf(containers: Array<{ name: string } & Partial<Record<'readinessProbe' | 'livenessProbe' | 'startupProbe', ProbeSpec | undefined>>>): Pick<DeploymentFacts, 'probes' | 'untranslated'> {
  const probes: DeploymentProbe[] = [];
  const untranslated: string[] = [];
  for (const container of containers) {
    for (const [kind, field] of KINDS) {
      const spec = container[field];
      if (!spec) continue;
      if (spec.httpGet) probes.push({ container: container.name, kind, path: spec.httpGet.path || '/', ...(spec.httpGet.port !== undefined ? { port: String(spec.httpGet.port) } : {}) });
      else untranslated.push(`${container.name}: ${field} is ${spec.exec ? 'exec' : spec.tcpSocket ? 'tcpSocket' : spec.grpc ? 'grpc' : 'not httpGet'}`);
    }
  }
  return { probes, untranslated };
}

/**
 * Reads the Deployment from the cluster with the official client, loaded only here (it costs
 * ~0.5 s), with the same credentials a rollback would use. Throws an Error whose message says
 * what went wrong (not found, forbidden, no kubeconfig).
 */
export async function readDeployment(name: string, namespace: string, access: ClusterAccess, env: Readonly<Record<string, string | undefined>>, timeoutMs = 10_000): Promise<DeploymentFacts> {
  const { connect, callOptions, describeApiError } = await import('../rollback/kube.js');
  const { apps } = await connect({ deployment: name, namespace, containers: [], ...access }, env);
  const { signal, dispose } = timeoutSignal(timeoutMs);
  try {
    const deploy = await apps.readNamespacedDeployment({ name, namespace }, callOptions(signal));
    const containers = (deploy.spec?.template?.spec?.containers ?? []) as Parameters<typeof probesOf>[0];
    return { name, namespace, containers: containers.map((c) => c.name), ...probesOf(containers) };
  } catch (err) {
    throw new Error(signal.aborted ? `reading deployment ${namespace}/${name}: no answer within ${timeoutMs / 1000} s` : describeApiError(err, `reading deployment ${namespace}/${name}`).message);
  } finally {
    dispose();
  }
}
