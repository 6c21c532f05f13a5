import { formatPath, type ConfigProblem } from './config-error.js';
import type { SmokeConfig } from './schema.js';
import type { HttpRequestOptions } from './http-schema.js';
import { withoutUserinfo } from '../util/redact.js';
import { authOptionProblems } from '../checks/auth/options.js';
import { prometheusOptionProblems } from '../checks/prometheus/options.js';
import { HTTP_ONLY_STEP_FIELDS, isRateLimitStep } from '../flows/schema.js';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

function checkRegex(pattern: string | undefined, path: string, problems: ConfigProblem[]): void {
  if (pattern === undefined) return;
  try {
    new RegExp(pattern);
  } catch (err) {
    problems.push({ path, message: `not a valid regular expression: ${(err as Error).message}` });
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Quoted without its credentials: whatever stands before an "@" may be a password or a token. */
const notHttpUrl = (value: string) => `expected an http(s) URL, got ${JSON.stringify(withoutUserinfo(value))}`;

/** Where relative endpoints are collected when the base URL may arrive at run time (validate); undefined when it is needed now. */
type Later = string[] | undefined;

function checkRequest(req: HttpRequestOptions, path: string, hasBaseUrl: boolean, problems: ConfigProblem[], later?: Later): void {
  if (req.endpoint && req.url) problems.push({ path: `${path}.url`, message: 'give endpoint or url, not both' });
  const target = req.url ?? req.endpoint;
  if (!target) problems.push({ path: `${path}.endpoint`, message: 'required field missing (expected a path like "/health" or an absolute URL)' });
  else if (req.url && !ABSOLUTE.test(req.url) && !req.url.startsWith('${')) problems.push({ path: `${path}.url`, message: `expected an absolute URL, got ${JSON.stringify(req.url)}` });
  else if (!ABSOLUTE.test(target) && !target.startsWith('${') && !hasBaseUrl) {
    if (later) later.push(target);
    else problems.push({ path: `${path}.endpoint`, message: `relative endpoint ${JSON.stringify(target)} needs a base URL: set base_url, --base-url or SMOKEGUARD_BASE_URL` });
  }
  const bodies = [req.payload !== undefined && 'payload', req.body !== undefined && 'body', req.form !== undefined && 'form'].filter(Boolean);
  if (bodies.length > 1) problems.push({ path: `${path}.${bodies[1]}`, message: `give one of payload, body or form (found ${bodies.join(' and ')})` });
  if (req.expected_status !== undefined && req.required_status !== undefined) problems.push({ path: `${path}.required_status`, message: 'give expected_status or required_status, not both' });
  checkRegex(req.expect?.body_matches, `${path}.expect.body_matches`, problems);
  for (const [key, m] of Object.entries(req.expect?.json ?? {})) if (m && typeof m === 'object' && 'matches' in m) checkRegex(m.matches, `${path}.expect.json["${key}"].matches`, problems);
  for (const [key, m] of Object.entries(req.expect?.headers ?? {})) if (m && typeof m === 'object' && 'matches' in m) checkRegex(m.matches, `${path}.expect.headers["${key}"].matches`, problems);
}

/** Rules the schema cannot express. Runs after the schema passed, on the expanded config. */
export function semanticProblems(config: SmokeConfig, context: { baseUrlOrigin?: string; baseUrlLater?: string[] }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const hasBaseUrl = Boolean(config.base_url);
  const later = context.baseUrlLater;
  // A flag or an environment variable is named as such, not as a line of the file.
  if (config.base_url && !isHttpUrl(config.base_url)) problems.push({ path: 'base_url', ...(context.baseUrlOrigin ? { origin: context.baseUrlOrigin } : {}), message: notHttpUrl(config.base_url) });
  // Every environment's base_url, whichever --environment this run picks: validate judges them all.
  for (const [name, env] of Object.entries(config.environments ?? {})) {
    const url = env?.base_url;
    if (typeof url === 'string' && url && !url.includes('${') && !isHttpUrl(url)) problems.push({ path: formatPath(['environments', name, 'base_url']), message: notHttpUrl(url) });
  }

  // A run with nothing to check would say "passed" about a deployment nobody looked at.
  // (`enabled: false` is the way to skip the smoke tests on purpose.)
  if (config.enabled !== false && !config.health_checks.length && !config.dependency_checks.length && !config.critical_paths.length) {
    problems.push({ path: '', message: 'no checks: define at least one of health_checks, dependency_checks or critical_paths (or set enabled: false to skip the smoke tests)' });
  }
  config.health_checks.forEach((c, i) => checkRequest(c, `health_checks[${i}]`, hasBaseUrl, problems, later));
  config.dependency_checks.forEach((c, i) => {
    const at = `dependency_checks[${i}]`;
    if (c.type === 'http' || c.type === 'rate_limit') checkRequest({ method: 'GET', ...c } as HttpRequestOptions, at, hasBaseUrl, problems, later);
    // "Exactly one of" rules the auth type's schema cannot express.
    if (c.type === 'auth') for (const p of authOptionProblems(c as Parameters<typeof authOptionProblems>[0])) problems.push({ path: p.path ? `${at}.${p.path}` : at, message: p.message });
    if (c.type === 'prometheus') for (const p of prometheusOptionProblems(c as Parameters<typeof prometheusOptionProblems>[0])) problems.push({ path: `${at}.${p.path}`, message: p.message });
  });
  // watch.checks names checks of this config.
  const names = [...config.health_checks, ...config.dependency_checks, ...config.critical_paths].map((c) => c.name);
  config.watch?.checks?.forEach((name, i) => {
    if (!names.includes(name)) problems.push({ path: `watch.checks[${i}]`, message: `no check named "${name}" (known: ${names.join(', ')})` });
  });
  config.critical_paths.forEach((p, i) => {
    const captured = new Set<string>();
    const steps = [...p.steps.map((s, j) => ({ s, at: `critical_paths[${i}].steps[${j}]` })), ...(p.cleanup ?? []).map((s, j) => ({ s, at: `critical_paths[${i}].cleanup[${j}]` }))];
    for (const { s: step, at } of steps) {
      if (isRateLimitStep(step)) {
        checkRequest(step.rate_limit, `${at}.rate_limit`, hasBaseUrl, problems, later);
        for (const field of HTTP_ONLY_STEP_FIELDS) {
          if (step[field] !== undefined) problems.push({ path: `${at}.${field}`, message: 'a rate_limit step takes its request inside rate_limit; move this field there or into a step of its own' });
        }
        continue;
      }
      const s = step;
      checkRequest(s, at, hasBaseUrl, problems, later);
      const used = JSON.stringify([s.endpoint, s.url, s.headers, s.payload, s.body, s.form]).matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g);
      for (const m of used) {
        if (!captured.has(m[1]!)) problems.push({ path: at, message: `\${${m[1]}} is used before any earlier step captures it` });
      }
      for (const [name, spec] of Object.entries(s.capture ?? {})) {
        captured.add(name);
        if (typeof spec === 'object' && 'regex' in spec) checkRegex(spec.regex, `${at}.capture.${name}.regex`, problems);
      }
    }
  });
  return problems;
}
