import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { isSecretKey, MIN_SECRET_LENGTH, Redactor } from '../util/redact.js';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { BASE_URL_ENV, CONFIG_SEARCH_PATHS } from './defaults.js';
import { expandTemplate, SECRET_ENV_NAME } from './interpolate.js';
import { depthMessage, tooDeepAt } from './depth.js';
import { parseConfigText, type ParsedFile } from './parse.js';
import { configSchema, SUPPORTED_DEPENDENCY_TYPES, type SmokeConfig } from './schema.js';
import { semanticProblems } from './semantics.js';
import { COMMAND_VARIABLES } from '../rollback/validate.js';
import { QUERY_VARIABLES } from '../checks/prometheus/prometheus.js';

export interface LoadOptions {
  /** --config; when absent the search paths are tried in `cwd`. */
  path?: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** --environment: overlay `environments.NAME`. */
  environment?: string;
  /** --base-url: wins over the config's base_url and SMOKEGUARD_BASE_URL. */
  baseUrl?: string;
}

export interface LoadedConfig {
  config: SmokeConfig;
  /** The file it came from (or `<inline>`). */
  file: string;
  /** Values that must be redacted everywhere: secrets from the environment and secret-named fields. */
  secrets: string[];
}

/** Finds the config file: --config, else the first search path that exists. */
export function locateConfig(options: Pick<LoadOptions, 'path' | 'cwd'>): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.path) {
    const file = resolve(cwd, options.path);
    if (!existsSync(file)) throw new ConfigError(options.path, [{ path: '', message: 'file not found' }]);
    return file;
  }
  for (const candidate of CONFIG_SEARCH_PATHS) {
    const file = resolve(cwd, candidate);
    if (existsSync(file)) return file;
  }
  throw new ConfigError('(no config file)', [
    { path: '', message: `no config found; tried ${CONFIG_SEARCH_PATHS.map((p) => resolve(cwd, p)).join(', ')}. Pass --config PATH.` },
  ]);
}

export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const file = locateConfig(options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  const parsed = await parseConfigText(text, file);
  try {
    return validateConfig(parsed.data, { ...options, file, locate: parsed.locate });
  } catch (err) {
    if (!(err instanceof ConfigError) || !parsed.prepareLocate) throw err;
    // Positions for a JSON file need the YAML parser: load it only now that there is something to show.
    await parsed.prepareLocate();
    return validateConfig(parsed.data, { ...options, file, locate: parsed.locate });
  }
}

/** Names a critical path captures at run time: their templates are left for the flow runner. */
function captureNames(raw: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const paths = Array.isArray(raw.critical_paths) ? raw.critical_paths : [];
  for (const path of paths) {
    const steps = [...(Array.isArray(path?.steps) ? path.steps : []), ...(Array.isArray(path?.cleanup) ? path.cleanup : [])];
    for (const step of steps) {
      if (step && typeof step.capture === 'object' && step.capture) for (const name of Object.keys(step.capture)) names.add(name);
    }
  }
  return names;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies `environments.NAME` over the top level. */
function overlayEnvironment(raw: Record<string, unknown>, name: string, problems: ConfigProblem[]): Record<string, unknown> {
  const envs = isRecord(raw.environments) ? raw.environments : {};
  const overlay = envs[name];
  if (!isRecord(overlay)) {
    const known = Object.keys(envs);
    problems.push({ path: 'environments', message: `no environment "${name}" (${known.length ? `defined: ${known.join(', ')}` : 'none defined'})` });
    return raw;
  }
  const merged: Record<string, unknown> = { ...raw };
  if (overlay.base_url !== undefined) merged.base_url = overlay.base_url;
  for (const key of ['headers', 'variables', 'deployment'] as const) {
    if (isRecord(overlay[key])) merged[key] = { ...(isRecord(raw[key]) ? raw[key] : {}), ...overlay[key] };
  }
  return merged;
}

/**
 * Validates a parsed config: environment overlay, ${VAR} expansion, schema, then the rules a
 * schema cannot say (unique names, depends_on, URLs). Every problem is collected before failing.
 */
export function validateConfig(
  data: unknown,
  options: LoadOptions & { file?: string; locate?: ParsedFile['locate'] } = {},
): LoadedConfig {
  const file = options.file ?? '<inline>';
  const env = options.env ?? process.env;
  const problems: ConfigProblem[] = [];
  const fail = (): never => {
    throw new ConfigError(file, problems.map((p) => ({ ...p, ...(p.line ? {} : positionOf(p.path, options.locate, p)) })));
  };
  if (!isRecord(data)) {
    problems.push({ path: '', message: `expected an object at the top level, got ${Array.isArray(data) ? 'an array' : typeof data}` });
    fail();
  }
  const deep = tooDeepAt(data);
  if (deep) {
    problems.push({ path: formatPath(deep), message: depthMessage });
    fail();
  }
  let raw = data as Record<string, unknown>;
  if (options.environment) raw = overlayEnvironment(raw, options.environment, problems);

  const secrets = new Set<string>();
  const runtimeNames = captureNames(raw);
  const lookupEnv = (name: string) => {
    const value = env[name];
    if (value !== undefined && SECRET_ENV_NAME.test(name)) secrets.add(value);
    return value;
  };
  // Variables first: their values may themselves come from the environment.
  const variables: Record<string, string> = {};
  if (isRecord(raw.variables)) {
    for (const [name, value] of Object.entries(raw.variables)) {
      if (typeof value !== 'string') continue; // the schema reports it
      variables[name] = expandTemplate(value, (n) => {
        const v = lookupEnv(n);
        return v === undefined ? { kind: 'missing' } : { kind: 'value', value: v };
      }, { onMissing: (n) => problems.push({ path: `variables.${name}`, message: `\${${n}} is not set in the environment (use \${${n}:-default} for a default)` }) });
    }
  }
  const expanded = expandTree(raw, [], (text, path) => {
    const inPaths = path[0] === 'critical_paths';
    // A rollback command's ${deployment}, ${previous_image}… are filled in at rollback time.
    const inRollbackCommand = path[0] === 'rollback_strategy' && path[1] === 'command';
    // A prometheus query's ${deployment}, ${namespace}, ${revision} are filled in from the run.
    const inPrometheusQuery = isPrometheusQuery(raw, path);
    return expandTemplate(
      text,
      (name) => {
        if (name in variables) return { kind: 'value', value: variables[name]! };
        const v = lookupEnv(name);
        if (v !== undefined) {
          const key = path[path.length - 1];
          if (typeof key === 'string' && isSecretKey(key)) secrets.add(v);
          return { kind: 'value', value: v };
        }
        if (inRollbackCommand && (COMMAND_VARIABLES as readonly string[]).includes(name)) return { kind: 'keep' };
        if (inPrometheusQuery && (QUERY_VARIABLES as readonly string[]).includes(name)) return { kind: 'keep' };
        return inPaths && runtimeNames.has(name) ? { kind: 'keep' } : { kind: 'missing' };
      },
      {
        keepEscapes: inPaths,
        onMissing: (name) => problems.push({ path: formatPath(path), message: `\${${name}} is not set: define it under variables or in the environment (or use \${${name}:-default})` }),
      },
    );
  }) as Record<string, unknown>;
  expanded.variables = isRecord(raw.variables) ? { ...raw.variables, ...variables } : raw.variables;
  delete expanded.environments;
  if (raw.environments !== undefined) expanded.environments = raw.environments;

  const result = configSchema.safeParse(expanded);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...describeIssue(issue, expanded));
    fail();
  }
  const config = result.data!;
  config.base_url = options.baseUrl ?? config.base_url ?? env[BASE_URL_ENV];
  problems.push(...semanticProblems(config, { baseUrlSource: options.baseUrl ? '--base-url' : 'base_url' }));
  if (problems.length) fail();

  collectConfigSecrets(config, secrets);
  return { config, file, secrets: [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH) };
}

function positionOf(path: string, locate: ParsedFile['locate'] | undefined, problem: ConfigProblem & { segments?: PropertyKey[] }) {
  if (!locate) return {};
  const segments = problem.segments ?? pathSegments(path);
  return locate(segments) ?? {};
}

function pathSegments(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`));
    else out.push(m[1]!);
  }
  return out;
}

function isPrometheusQuery(raw: Record<string, unknown>, path: PropertyKey[]): boolean {
  if (path[0] !== 'dependency_checks' || path[2] !== 'query' || path.length !== 3) return false;
  const checks = raw.dependency_checks;
  const entry = Array.isArray(checks) ? (checks[path[1] as number] as { type?: unknown } | undefined) : undefined;
  return entry?.type === 'prometheus';
}

/**
 * Expands every string of the tree, copying it. Iterative (an explicit stack, no recursion), so
 * its depth is bounded by memory, not by the call stack. `variables` and `environments` at the top
 * level are copied as they are (expanded on their own terms).
 */
function expandTree(root: unknown, rootPath: PropertyKey[], expand: (text: string, path: PropertyKey[]) => string): unknown {
  const copy = (node: unknown, path: PropertyKey[]): unknown =>
    typeof node === 'string' ? expand(node, path) : Array.isArray(node) ? new Array(node.length) : isRecord(node) ? {} : node;
  const top = copy(root, rootPath);
  const stack: Array<{ from: unknown; to: unknown; path: PropertyKey[] }> = [{ from: root, to: top, path: rootPath }];
  while (stack.length) {
    const { from, to, path } = stack.pop()!;
    if (typeof from !== 'object' || from === null) continue;
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(from) ? from.map((v, i) => [i, v]) : Object.entries(from);
    for (const [key, value] of entries) {
      const verbatim = path.length === 0 && (key === 'variables' || key === 'environments');
      const child = verbatim ? value : copy(value, [...path, key]);
      (to as Record<PropertyKey, unknown>)[key] = child;
      if (!verbatim && child !== value) stack.push({ from: value, to: child, path: [...path, key] });
    }
  }
  return top;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const part of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[part];
  return node;
}

/** What was found, for "expected X, got Y": a config error may quote a value, never a password in it. */
const quoting = new Redactor();
function received(value: unknown, path: ReadonlyArray<PropertyKey> = []): string {
  if (value === undefined) return 'nothing';
  const key = path[path.length - 1];
  if (typeof key === 'string' && isSecretKey(key) && typeof value === 'string') return `a string of ${value.length} characters`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quoting.text(JSON.stringify(value))}`;
}

/** Turns one zod issue into problems with plain words: what was expected, what was found. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): ConfigProblem[] {
  const path = formatPath(issue.path);
  const actual = valueAt(root, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` }));
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        const type = valueAt(root, issue.path);
        return [{ path, message: `unsupported type ${JSON.stringify(type)}; supported: ${SUPPORTED_DEPENDENCY_TYPES.join(', ')}` }];
      }
      // Several shapes were possible: report the branch that got furthest, or a summary.
      const branches = (issue.errors ?? []) as z.core.$ZodIssue[][];
      const best = branches.filter((b) => b.length).sort((a, b) => Math.max(...b.map((i) => i.path.length)) - Math.max(...a.map((i) => i.path.length)))[0];
      if (best && best.some((i) => i.path.length > 0 && i.code !== 'invalid_type')) return best.flatMap((i) => describeIssue({ ...i, path: [...issue.path, ...i.path] }, root));
      return [{ path, message: `${issue.message === 'Invalid input' ? 'not a valid value' : issue.message}, got ${received(actual, issue.path)}` }];
    }
    case 'invalid_type':
      return [{ path, message: actual === undefined ? `required field missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${received(actual, issue.path)}` }];
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${received(actual, issue.path)}` }];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      return [{ path, message: `expected ${bound} ${String(limit)}${what ? ` ${what}` : ''}, got ${received(actual, issue.path)}` }];
    }
    case 'invalid_format':
      return [{ path, message: `expected ${issue.message.replace(/^Invalid string: /, '')}, got ${received(actual, issue.path)}` }];
    default:
      return [{ path, message: `${issue.message}, got ${received(actual, issue.path)}` }];
  }
}

/** Secrets written directly in the config (not via ${VAR}) are still secrets. */
function collectConfigSecrets(node: unknown, secrets: Set<string>, key?: string): void {
  if (typeof node === 'string') {
    if (key && isSecretKey(key)) secrets.add(node);
    for (const m of node.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s/@]+)@/gi)) secrets.add(decodeURIComponent(m[1]!));
    return;
  }
  if (Array.isArray(node)) node.forEach((item) => collectConfigSecrets(item, secrets, key));
  else if (isRecord(node)) for (const [k, v] of Object.entries(node)) collectConfigSecrets(v, secrets, k);
}
