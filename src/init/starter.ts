import { componentKind, databaseTypeOf, isRequiredRole, KIND_VARIABLES, TIMEOUT_SECONDS, VARIABLE_CONVENTIONS, type EndpointRole, type VariableConvention } from './conventions.js';
import { exists, type EndpointProbe } from './probe-http.js';
import type { DeploymentFacts } from './probe-kubernetes.js';

/**
 * From what was discovered to the starter config's content, and the two lists `init` prints:
 * what it found and what it could not decide. Pure.
 */
export interface StarterHealthCheck {
  name: string;
  endpoint: string;
  expectedStatus: number;
  timeoutSeconds: number;
  required: boolean;
  /** Why it is there and why (not) required: comment lines in the config. */
  why: string[];
}

export interface StarterDependency {
  name: string;
  type: VariableConvention['type'];
  variable: string;
  fields: Record<string, string>;
  required: boolean;
  timeoutSeconds: number;
  why: string;
}

export interface Starter {
  baseUrl: string;
  health: StarterHealthCheck[];
  dependencies: StarterDependency[];
  deployment?: { name: string; namespace: string; container?: string };
  found: string[];
  absent: string[];
  undecided: string[];
}

export interface StarterInput {
  baseUrl: string;
  probes: EndpointProbe[];
  env: Readonly<Record<string, string | undefined>>;
  /** The Deployment, when one was named and could be read. */
  deployment?: DeploymentFacts;
  /** A path no service serves that answered 2xx anyway (the service answers any path), when so. */
  anyPath?: { endpoint: string; status: number };
  /** The Deployment named with --deployment, and why it could not be read, when so. */
  deploymentError?: { name: string; namespace: string; message: string };
}

const ROLE_WORDS: Record<EndpointRole, string> = {
  basic: 'required: the service must answer at all',
  readiness: 'required: readiness means the service can take traffic',
  liveness: 'optional: liveness decides restarts, not rollbacks',
  startup: 'optional: startup only gates the other probes',
  group: 'optional: a custom health group; make it required if the service needs it',
};

function healthChecks(input: StarterInput, out: Pick<Starter, 'found' | 'absent' | 'undecided'>): StarterHealthCheck[] {
  const checks: StarterHealthCheck[] = [];
  for (const probe of input.probes) {
    const { convention } = probe;
    if (!exists(probe)) {
      if (convention.role !== 'group') out.absent.push(`${convention.endpoint} (${probe.status ?? probe.error})`);
      continue;
    }
    const status = probe.status!;
    const components = probe.components.map((c) => c.name);
    const answer = `answered ${status}${probe.healthJson ? ' (application/health+json)' : ''}${components.length ? `, naming ${components.join(', ')}` : ''}`;
    checks.push({
      name: convention.name,
      endpoint: convention.endpoint,
      expectedStatus: status >= 200 && status < 300 ? status : 200,
      timeoutSeconds: TIMEOUT_SECONDS[convention.role],
      required: isRequiredRole(convention.role),
      why: [`${convention.endpoint}: ${convention.origin}; ${answer}`, ROLE_WORDS[convention.role]],
    });
    out.found.push(`${convention.endpoint} → ${status}${components.length ? ` (${components.join(', ')})` : ''}: ${convention.name}, ${isRequiredRole(convention.role) ? 'required' : 'optional'}`);
    if (status === 401 || status === 403) out.undecided.push(`${convention.endpoint} answered ${status}: it needs credentials; add them under \`headers\` (docs/configuration.md)`);
    else if (status < 200 || status >= 300) out.undecided.push(`${convention.endpoint} answered ${status} now: kept as ${convention.name} expecting 200, so the dry run fails until it is healthy`);
  }
  return checks;
}

function dependencies(input: StarterInput, out: Pick<Starter, 'found' | 'undecided'>): StarterDependency[] {
  const deps: StarterDependency[] = [];
  for (const convention of VARIABLE_CONVENTIONS) {
    const value = input.env[convention.variable];
    if (!value) continue;
    let type = convention.type;
    if (convention.variable === 'DATABASE_URL') {
      const engine = databaseTypeOf(value);
      if (!engine) {
        out.undecided.push('DATABASE_URL is set, but its scheme is neither postgres nor mysql: add its check by hand (docs/check-types.md)');
        continue;
      }
      type = engine;
    }
    deps.push({ name: convention.name, type, variable: convention.variable, fields: convention.fields, required: convention.required, timeoutSeconds: convention.timeoutSeconds, why: `${convention.variable} is set: ${convention.why}` });
    out.found.push(`${convention.variable} set: ${convention.name} (${type}, ${convention.required ? 'required' : 'optional'}; the file says \${${convention.variable}}, never its value)`);
  }
  // A dependency the service reports in its health body, with no variable to reach it by.
  const reported = new Map<string, { endpoint: string; kind: 'database' | 'cache' | 'queue' }>();
  for (const probe of input.probes.filter(exists)) {
    for (const c of probe.components) {
      const kind = componentKind(c.name);
      if (kind && !reported.has(c.name)) reported.set(c.name, { endpoint: probe.convention.endpoint, kind });
    }
  }
  for (const [name, { endpoint, kind }] of reported) {
    const variables = KIND_VARIABLES[kind];
    if (variables.some((v) => input.env[v])) continue;
    out.undecided.push(`${endpoint} reports "${name}" (a ${kind}), but no ${variables.join(' / ')} is set here: set it and run init again, or add its check (docs/check-types.md); ${endpoint} covers it meanwhile`);
  }
  return deps;
}

export function planStarter(input: StarterInput): Starter {
  const out = { found: [] as string[], absent: [] as string[], undecided: [] as string[] };
  const health = healthChecks(input, out);
  const deps = dependencies(input, out);
  if (!health.length) out.undecided.push(`no conventional health endpoint answered at ${input.baseUrl}: add a health check by hand (docs/configuration.md#health-checks-http)`);
  const answered2xx = input.probes.filter((p) => p.status !== undefined && p.status >= 200 && p.status < 300).map((p) => p.convention.endpoint);
  if (input.anyPath && answered2xx.length) {
    out.undecided.push(`${input.anyPath.endpoint}, a path no service has, answered ${input.anyPath.status} too: this service answers any path, so a 2xx from ${answered2xx.join(', ')} may not mean healthy; keep the real health endpoints and give them an \`expect\` on the body (docs/configuration.md#health-checks-http)`);
  }
  out.undecided.push('no login path found: add a critical path (login → profile, create → read); the file has a commented example, see docs/configuration.md#critical-paths');

  let deployment: Starter['deployment'];
  if (input.deployment) {
    const d = input.deployment;
    deployment = { name: d.name, namespace: d.namespace, ...(d.containers.length === 1 ? { container: d.containers[0] } : {}) };
    out.found.push(`deployment ${d.namespace}/${d.name}: ${d.probes.map((p) => `${p.kind}Probe GET ${p.path}`).join(', ') || 'no HTTP probes'}`);
    for (const p of d.probes) {
      const check = health.find((h) => h.endpoint === p.path);
      if (check) {
        check.why.splice(1, 0, `also the Deployment's ${p.kind}Probe (container ${p.container}${p.port ? `, port ${p.port}` : ''})`);
        if (p.kind === 'readiness') check.required = true;
      } else out.undecided.push(`the Deployment's ${p.kind}Probe GET ${p.path}${p.port ? ` (port ${p.port})` : ''} did not answer at ${input.baseUrl}: it may be served on another port; not added`);
    }
    for (const u of d.untranslated) out.undecided.push(`${u}: not an HTTP probe, not translated`);
  } else if (input.deploymentError) {
    out.undecided.push(`could not read deployment ${input.deploymentError.namespace}/${input.deploymentError.name}: ${input.deploymentError.message}; automatic rollback is off`);
  } else {
    out.undecided.push('no deployment named: automatic rollback is off; run init with --deployment NAME --namespace NS, or see docs/rollback.md');
  }
  return { baseUrl: input.baseUrl, health, dependencies: deps, ...(deployment ? { deployment } : {}), ...out };
}
