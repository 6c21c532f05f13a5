import { connectionNotes } from './connection-notes.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { notificationSecrets } from '../notifiers/secrets.js';
import { isSecretKey } from '../util/redact.js';
import { checkNameAt, checkNameProblems } from './check-names.js';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { describeIssue } from './issues.js';
import { ConfigSecrets } from './secrets.js';
import { didYouMean } from './suggest.js';
import { BASE_URL_ENV, CONFIG_SEARCH_PATHS } from './defaults.js';
import { expandTemplate, SECRET_ENV_NAME } from './interpolate.js';
import { depthMessage, tooDeepAt } from './depth.js';
import { parseConfigText, type ParsedFile } from './parse.js';
import { configSchemaFor, SUPPORTED_DEPENDENCY_TYPES, type SmokeConfig } from './lazy-schema.js';
import { semanticProblems } from './semantics.js';
import { COMMAND_VARIABLES } from '../rollback/validate.js';
import { QUERY_VARIABLES } from '../checks/prometheus/options.js';

export interface LoadOptions {
  /** --config; when absent the search paths are tried in `cwd`. */
  path?: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** --environment: overlay `environments.NAME`. */
  environment?: string;
  /** --base-url: wins over the config's base_url and SMOKEGUARD_BASE_URL. */
  baseUrl?: string;
  /** Where `baseUrl` came from, for errors: the flag (default) or the environment variable. */
  baseUrlSource?: 'flag' | 'env';
  /**
   * Whether relative endpoints need a base URL now (`run`, the default) or may get it at run
   * time (`validate`: then its absence is a note, not an error).
   */
  requireBaseUrl?: boolean;
}

export interface LoadedConfig {
  config: SmokeConfig;
  /** The file it came from (or `<inline>`). */
  file: string;
  /** Values that must be redacted everywhere: secrets from the environment, secret-named fields, notification channels. */
  secrets: string[];
  /** Worth knowing, not wrong (e.g. no base URL yet at validate time). */
  notes: string[];
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
    { path: '', message: `no config found; tried ${CONFIG_SEARCH_PATHS.map((p) => resolve(cwd, p)).join(', ')}. Pass --config PATH, or write one from the service with \`smokeguard init --base-url URL\`.` },
  ]);
}

export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const file = locateConfig(options);
  let text: string;
  try {
    // Read at once: a config is one small file, read before anything else can run, and an
    // asynchronous read waits on libuv's thread pool for open, stat, read and close in turn
    // (~1.5 ms of a run, measured on Node 20); nor does it load node:fs/promises.
    text = readFileSync(file, 'utf8');
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
    problems.push({ path: 'environments', origin: '--environment', message: `no environment "${name}" in the config (${known.length ? `defined: ${known.join(', ')}` : 'none defined'})${didYouMean(name, known)}` });
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
  const notes: string[] = [];
  /** The `environments.NAME` applied with --environment, once it is. */
  let applied: { name: string; overlay: Record<string, unknown> } | undefined;
  const fail = (): never => {
    throw new ConfigError(file, inFileOrder(withoutRepeats(problems.map((p) => (applied ? fromOverlay(p, applied) : p))).map((p) => ({
      ...p,
      ...(p.line || p.origin ? {} : positionOf(p.path, options.locate, p)),
      ...(p.check || p.origin ? {} : { check: checkNameAt(data, p.path) }),
    }))));
  };
  if (!isRecord(data)) {
    const got = data === null || data === undefined ? 'nothing (the document is empty or null)' : Array.isArray(data) ? 'an array' : typeof data;
    problems.push({ path: '', message: `expected an object at the top level, got ${got}` });
    fail();
  }
  const deep = tooDeepAt(data);
  if (deep) {
    problems.push({ path: formatPath(deep), message: depthMessage });
    fail();
  }
  let raw = data as Record<string, unknown>;
  if (options.environment) {
    raw = overlayEnvironment(raw, options.environment, problems);
    const overlay = isRecord(raw.environments) ? raw.environments[options.environment] : undefined;
    if (isRecord(overlay)) applied = { name: options.environment, overlay };
  }

  const secrets = new ConfigSecrets();
  const runtimeNames = captureNames(raw);
  /** Field paths whose value came from ${VAR} expansion, and the names used: never quoted in an error. */
  const expandedFrom = new Map<string, string[]>();
  /** Field paths holding an unset ${VAR}: that is their problem; the placeholder is not judged as a value too. */
  const unsetAt = new Set<string>();
  /** The names of those ${VAR}s: their placeholders stay in the text, and must not read as captures used too early. */
  const unsetNames = new Set<string>();
  const notAnEcho = (p: ConfigProblem) => {
    const used = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\} is used before any earlier step captures it$/.exec(p.message);
    return !(used && unsetNames.has(used[1]!));
  };
  const lookupEnv = (name: string, path: PropertyKey[], atSecretKey: boolean) => {
    const value = env[name];
    if (value !== undefined && (atSecretKey || SECRET_ENV_NAME.test(name))) secrets.add(value, { path: formatPath(path), variable: name, byNameOnly: !atSecretKey });
    return value;
  };
  // Variables first: their values may themselves come from the environment.
  const variables: Record<string, string> = {};
  if (isRecord(raw.variables)) {
    for (const [name, value] of Object.entries(raw.variables)) {
      if (typeof value !== 'string') continue; // the schema reports it
      variables[name] = expandTemplate(value, (n) => {
        const v = lookupEnv(n, ['variables', name], isSecretKey(name));
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
    const key = path[path.length - 1];
    const atSecretKey = typeof key === 'string' && isSecretKey(key);
    const used = (name: string) => expandedFrom.set(formatPath(path), [...(expandedFrom.get(formatPath(path)) ?? []), name]);
    return expandTemplate(
      text,
      (name) => {
        if (name in variables) {
          used(name);
          if (atSecretKey) secrets.add(variables[name]!, { path: formatPath(path), variable: name });
          return { kind: 'value', value: variables[name]! };
        }
        const v = lookupEnv(name, path, atSecretKey);
        if (v !== undefined) {
          used(name);
          return { kind: 'value', value: v };
        }
        if (inRollbackCommand && (COMMAND_VARIABLES as readonly string[]).includes(name)) return { kind: 'keep' };
        if (inPrometheusQuery && (QUERY_VARIABLES as readonly string[]).includes(name)) return { kind: 'keep' };
        return inPaths && runtimeNames.has(name) ? { kind: 'keep' } : { kind: 'missing' };
      },
      {
        keepEscapes: inPaths,
        onMissing: (name) => {
          unsetAt.add(formatPath(path));
          unsetNames.add(name);
          problems.push({ path: formatPath(path), message: `\${${name}} is not set: define it under variables or in the environment (or use \${${name}:-default})` });
        },
      },
    );
  }) as Record<string, unknown>;
  expanded.variables = isRecord(raw.variables) ? { ...raw.variables, ...variables } : raw.variables;
  delete expanded.environments;
  if (raw.environments !== undefined) expanded.environments = raw.environments;

  // Every secret is known before any problem is described, so none can be quoted.
  secrets.collect(expanded);
  for (const secret of notificationSecrets(expanded)) secrets.add(secret, { path: 'notifications' });
  problems.push(...secrets.tooShort());
  // Names and depends_on whatever the schema says: every problem at once.
  problems.push(...checkNameProblems(expanded));

  const schema = configSchemaFor(expanded);
  const result = schema.safeParse(expanded);
  const fileBaseUrl = typeof expanded.base_url === 'string' && expanded.base_url ? expanded.base_url : undefined;
  const baseUrlOrigin = options.baseUrl !== undefined ? (options.baseUrlSource === 'env' ? BASE_URL_ENV : '--base-url') : fileBaseUrl ? undefined : BASE_URL_ENV;
  const baseUrl = options.baseUrl ?? fileBaseUrl ?? env[BASE_URL_ENV];
  const later = options.requireBaseUrl === false && !baseUrl;
  const relative: string[] = [];
  if (!result.success) {
    const context = { root: expanded, schema, redactor: secrets.redactor(), expanded: expandedFrom, dependencyTypes: SUPPORTED_DEPENDENCY_TYPES };
    const schemaProblems = withoutEchoes(result.error.issues.flatMap((issue) => describeIssue(issue, context))).filter((p) => !unsetAt.has(p.path));
    problems.push(...schemaProblems);
    // Every problem at once: the rules the schema cannot express (a bad base_url, a check
    // without endpoint…) are judged too, where the schema has not already spoken.
    const said = schemaProblems.map((p) => p.path);
    const overlaps = (path: string) => said.some((s) => s === path || path.startsWith(`${s}.`) || path.startsWith(`${s}[`) || s.startsWith(`${path}.`) || s.startsWith(`${path}[`));
    problems.push(...salvagedSemanticProblems(expanded, baseUrl, { baseUrlOrigin, baseUrlLater: later ? [] : undefined }).filter((p) => p.path && !overlaps(p.path) && !unsetAt.has(p.path) && notAnEcho(p)));
    fail();
  }
  const config = result.data!;
  config.base_url = baseUrl;
  problems.push(...semanticProblems(config, { baseUrlOrigin, baseUrlLater: later ? relative : undefined }).filter(notAnEcho));
  if (later && relative.length) {
    notes.push(`no base URL yet: ${relative.length === 1 ? 'the relative endpoint' : `${relative.length} relative endpoints`} (${summariseNames(relative)}) will need one at run time: --base-url, ${BASE_URL_ENV} or base_url`);
  }
  if (problems.length) fail();
  if (options.requireBaseUrl === false) notes.push(...connectionNotes((config.dependency_checks ?? []) as Array<{ name: string; type: string; url?: string; host?: string }>, env));
  return { config, file, secrets: secrets.values(), notes };
}

/**
 * A problem in a value the environment overlay put in place (`base_url`, `headers.x-a`…) is
 * where that value is written: `environments.prod.base_url`, not line 1 of the top level.
 */
function fromOverlay(problem: ConfigProblem, applied: { name: string; overlay: Record<string, unknown> }): ConfigProblem {
  if (problem.origin || !problem.path) return problem;
  const [key, sub] = pathSegments(problem.path);
  const value = applied.overlay[key as string];
  const fromIt = key === 'base_url' ? value !== undefined : isRecord(value) && typeof sub === 'string' && sub in value;
  return fromIt ? { ...problem, path: formatPath(['environments', applied.name, ...pathSegments(problem.path)]) } : problem;
}

/** The same problem found twice (in the overlay, and again where the overlay put it) is said once. */
function withoutRepeats(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.origin ?? ''}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Problems are found rule by rule (names, then the schema, then the rules it cannot express);
 * they are read top to bottom against the file. A flag's or a variable's problem comes first,
 * one without a position last; otherwise the order found is kept.
 */
function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const rank = (p: ConfigProblem) => (p.origin ? [-1, 0] : p.line ? [p.line, p.column ?? 0] : [Infinity, 0]);
  return [...problems].sort((a, b) => {
    const [la, ca] = rank(a);
    const [lb, cb] = rank(b);
    return la! - lb! || ca! - cb!;
  });
}

/**
 * The semantic rules, judged on a config the schema refused: lists and their entries that are
 * not lists and objects are left out (the schema reports them), and a rule that trips over a
 * value of the wrong type says nothing (the schema reports that value).
 */
function salvagedSemanticProblems(expanded: Record<string, unknown>, baseUrl: string | undefined, context: Parameters<typeof semanticProblems>[1]): ConfigProblem[] {
  const records = (v: unknown) => (Array.isArray(v) ? v.map((e) => (isRecord(e) ? e : {})) : []);
  // The fields the rules read, kept only with the type they expect: `endpoint: 123` is the
  // schema's to report, and must not stop the rules from judging the rest of the file.
  const request = (e: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...e };
    for (const key of ['endpoint', 'url'] as const) if (typeof out[key] !== 'string') delete out[key];
    for (const key of ['expect', 'capture', 'headers'] as const) if (out[key] !== undefined && !isRecord(out[key])) delete out[key];
    if (out.rate_limit !== undefined) out.rate_limit = isRecord(out.rate_limit) ? request(out.rate_limit) : {};
    return out;
  };
  const requests = (v: unknown) => records(v).map(request);
  const salvaged = {
    ...expanded,
    base_url: baseUrl,
    health_checks: requests(expanded.health_checks),
    dependency_checks: requests(expanded.dependency_checks),
    critical_paths: records(expanded.critical_paths).map((p) => ({ ...p, steps: requests(p.steps), cleanup: requests(p.cleanup) })),
    watch: isRecord(expanded.watch) && Array.isArray(expanded.watch.checks) ? { checks: expanded.watch.checks.filter((c) => typeof c === 'string') } : undefined,
  };
  // The no-checks rule would misread lists the schema refused as empty.
  if (!salvaged.health_checks.length && !salvaged.dependency_checks.length && !salvaged.critical_paths.length) return [];
  try {
    return semanticProblems(salvaged as unknown as SmokeConfig, context);
  } catch {
    return [];
  }
}

/**
 * `retries.attempt: unknown field, did you mean "attempts"?` already says what
 * `retries.attempts: required field missing` would: one mistake, one problem.
 */
function withoutEchoes(problems: ConfigProblem[]): ConfigProblem[] {
  const meant = new Set<string>();
  for (const p of problems) {
    const m = /did you mean "([^"]+)"\?$/.exec(p.message);
    if (m && p.message.startsWith('unknown field')) meant.add(`${p.path.replace(/\.?[^.[\]]+$/, '')}${p.path.includes('.') ? '.' : ''}${m[1]}`);
  }
  return problems.filter((p) => !(p.message.startsWith('required field missing') && meant.has(p.path)));
}

/** "a, b, c" or "a, b, c and 7 more". */
function summariseNames(names: string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
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
