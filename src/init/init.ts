import { displayUrl } from '../checks/http/request.js';
import { access, writeFile } from 'node:fs/promises';
import type { LoadedConfig } from '../config/load.js';
import type { RunResult } from '../core/types.js';
import { createHttpClient, type HttpClient } from '../util/http.js';
import type { EndpointConvention } from './conventions.js';
import { probeAnyPath, probeEndpoints } from './probe-http.js';
import type { ClusterAccess, DeploymentFacts } from './probe-kubernetes.js';
import { renderStarterYaml } from './render-yaml.js';
import { planStarter, type Starter, type StarterInput } from './starter.js';

export interface InitOptions {
  baseUrl: string;
  /** Where to write the config. */
  file: string;
  /** Overwrite an existing file. */
  force?: boolean;
  /** Read this Deployment's probes from the cluster (and name it as the rollback target). */
  deployment?: { name: string; namespace: string } & ClusterAccess;
  env: Readonly<Record<string, string | undefined>>;
  http?: HttpClient;
  probeTimeoutMs?: number;
  now?: () => Date;
}

export interface InitResult {
  file: string;
  starter: Starter;
  loaded: LoadedConfig;
  dryRun: RunResult;
}

/** Why init stopped before writing (file exists, nothing answered): a usage problem, exit 2. */
export class InitError extends Error {}

function probeConvention(p: DeploymentFacts['probes'][number], facts: DeploymentFacts): EndpointConvention {
  const name = facts.containers.length > 1 ? `${p.container}-${p.kind}` : `${p.kind}-probe`;
  return { endpoint: p.path, name, role: p.kind, origin: `the Deployment's ${p.kind}Probe (container ${p.container}${p.port ? `, port ${p.port}` : ''})` };
}

/**
 * `smokeguard init`: discovers the service (health endpoints, connection variables, the
 * Deployment's probes), writes a commented starter config, validates it and runs it once as a
 * dry run. Never overwrites a file unless `force`.
 */
export async function init(options: InitOptions): Promise<InitResult> {
  // Said before any probe: a refusal should not wait on a slow service or a cluster. The write
  // below still refuses on its own ('wx'), for a file created meanwhile.
  if (!options.force && (await fileExists(options.file))) throw new InitError(existsMessage(options.file));
  const http = options.http ?? createHttpClient();
  try {
    let deployment: DeploymentFacts | undefined;
    let deploymentError: StarterInput['deploymentError'];
    if (options.deployment) {
      const { name, namespace, ...access } = options.deployment;
      try {
        deployment = await (await import('./probe-kubernetes.js')).readDeployment(name, namespace, access, options.env);
      } catch (err) {
        deploymentError = { name, namespace, message: (err as Error).message };
      }
    }
    const extra = deployment?.probes.map((p) => probeConvention(p, deployment)) ?? [];
    const [probes, anyPath] = await Promise.all([
      probeEndpoints(http, options.baseUrl, { timeoutMs: options.probeTimeoutMs, extra }),
      probeAnyPath(http, options.baseUrl, { timeoutMs: options.probeTimeoutMs }),
    ]);
    if (probes.every((p) => p.status === undefined)) {
      throw new InitError(`nothing answered at ${options.baseUrl} (${probes[0]?.error ?? 'no answer'}): is the service running, and is the URL right?`);
    }
    // The file is meant to be committed: a password in the base URL is never written into it.
    const written = withoutCredentials(options.baseUrl);
    const starter = planStarter({ baseUrl: written, probes, env: options.env, deployment, deploymentError, ...(anyPath ? { anyPath } : {}) });
    if (written !== options.baseUrl) {
      starter.undecided.unshift('the base URL\'s credentials are not written into the file: give the URL with them at run time in SMOKEGUARD_BASE_URL (or --base-url)');
    }
    if (!starter.health.length && !starter.dependencies.length) {
      // A file with no checks would be refused by validate: say what was tried instead of writing it.
      const tried = probes.map((p) => `${p.convention.endpoint}${p.status !== undefined ? ` (${p.status})` : ''}`).join(', ');
      throw new InitError(`found nothing to check at ${written}: no health endpoint answered 2xx (${tried}) and no connection variable is set here; write the checks by hand (docs/configuration.md#health-checks-http) or set DATABASE_URL, REDIS_URL… and run init again`);
    }
    const text = renderStarterYaml(starter, (options.now ?? (() => new Date()))());
    try {
      // 'wx' fails if the file exists: no window between a check and the write.
      await writeFile(options.file, text, { flag: options.force ? 'w' : 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InitError(existsMessage(options.file));
      throw new InitError(`cannot write ${options.file}: ${(err as Error).message}`);
    }
    const { loadConfig } = await import('../config/load.js');
    // Validated and dry-run with the URL as given (credentials included), as a run would get it.
    const loaded = await loadConfig({ path: options.file, env: options.env, ...(written !== options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
    const { run } = await import('../run/pipeline.js');
    // The dry run plans a rollback on the cluster the probes were read from (--kubeconfig and
    // --context are not written into the file: they belong to this machine, not to the service).
    const cluster = options.deployment ? { context: options.deployment.context, kubeconfig: options.deployment.kubeconfig } : undefined;
    const dryRun = await run(loaded.config, { env: options.env, dryRun: true, secrets: loaded.secrets, configPath: loaded.file, http, ...(cluster ? { rollbackTarget: cluster } : {}) });
    return { file: options.file, starter, loaded, dryRun };
  } finally {
    if (!options.http) await http.close();
  }
}

export function existsMessage(file: string): string {
  return `${file} exists; not overwritten (--force replaces it)`;
}

async function fileExists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** The URL without user and password (`https://u:p@host/x` → `https://host/x`), stripped by displayUrl; as given when it has none. */
function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  if (!u.username && !u.password) return url;
  return displayUrl(url).replace(/\/$/, url.endsWith('/') ? '/' : '');
}
