import { describe, expect, it } from 'vitest';
import { writeConfig } from '../../test/helpers/cli.js';
import { ConfigError } from './config-error.js';
import { loadConfig, validateConfig } from './load.js';

const BASE = { base_url: 'http://127.0.0.1:8080' };
/** One check: a config with none is refused (it would pass a deployment nobody looked at). */
const ONE = { health_checks: [{ name: 'health', endpoint: '/health' }] };

function problems(config: unknown, options: Parameters<typeof validateConfig>[1] = {}): string[] {
  try {
    validateConfig(config, { env: {}, ...options });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('config errors: every kind, all at once, with the field path', () => {
  const table: { name: string; config: unknown; env?: Record<string, string>; expected: RegExp[] }[] = [
    { name: 'wrong type', config: { ...BASE, timeout_seconds: 'soon' }, expected: [/^timeout_seconds: expected number, got string "soon"$/] },
    { name: 'unknown field (a typo)', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', timout_seconds: 3 }] }, expected: [/^health_checks\[0\]\.timout_seconds: unknown field "timout_seconds", did you mean "timeout_seconds"\?$/] },
    { name: 'missing required field', config: { ...BASE, health_checks: [{ endpoint: '/' }] }, expected: [/^health_checks\[0\]\.name: required field missing/] },
    { name: 'bad status expectation', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', expected_status: 'ok' }] }, expected: [/expected_status: expected a status like 200, "2xx" or "20x"/] },
    { name: 'unsupported dependency type lists the supported ones', config: { ...BASE, dependency_checks: [{ name: 'm', type: 'mongo' }] }, expected: [/^dependency_checks\[0\]\.type: unsupported type "mongo"; supported: .*postgres.*redis/] },
    { name: 'bad method', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', method: 'FETCH' }] }, expected: [/method: expected one of "GET", .*got string "FETCH"/] },
    { name: 'negative timeout', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', timeout_seconds: -1 }] }, expected: [/timeout_seconds: expected > 0, got number -1/] },
    { name: 'duplicate names', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/' }, { name: 'a', endpoint: '/x' }] }, expected: [/^health_checks\[1\]\.name: duplicate check name "a" \(also at health_checks\[0\]\)/] },
    { name: 'depends_on an unknown check', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', depends_on: ['nope'] }] }, expected: [/^health_checks\[0\]\.depends_on\[0\]: no check named "nope"/] },
    { name: 'dependency cycle', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', depends_on: ['b'] }, { name: 'b', endpoint: '/', depends_on: ['a'] }] }, expected: [/dependency cycle: a → b → a/] },
    { name: 'relative endpoint without a base URL', config: { health_checks: [{ name: 'a', endpoint: '/health' }] }, expected: [/^health_checks\[0\]\.endpoint: relative endpoint "\/health" needs a base URL/] },
    { name: 'base_url that is not http(s)', config: { base_url: 'ftp://x', health_checks: [] }, expected: [/^base_url: expected an http\(s\) URL, got "ftp:\/\/x"$/] },
    { name: 'environment variable not set', config: { ...BASE, headers: { authorization: 'Bearer ${API_TOKEN}' } }, expected: [/^headers\.authorization: \$\{API_TOKEN\} is not set/] },
    { name: 'a step uses a variable no earlier step captures', config: { ...BASE, critical_paths: [{ name: 'p', steps: [{ endpoint: '/a/${id}' }, { endpoint: '/b', capture: { id: '$.id' } }] }] }, expected: [/critical_paths\[0\]\.steps\[0\]: \$\{id\} is used before any earlier step captures it/] },
    { name: 'invalid regular expression', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', expect: { body_matches: '(' } }] }, expected: [/expect\.body_matches: not a valid regular expression/] },
    { name: 'two bodies at once', config: { ...BASE, health_checks: [{ name: 'a', endpoint: '/', payload: {}, body: 'x' }] }, expected: [/give one of payload, body or form/] },
    { name: 'top level not an object', config: [1, 2], expected: [/^: expected an object at the top level, got an array$/] },
    { name: 'unknown environment', config: { ...BASE, environments: { staging: { base_url: 'http://s' } } }, expected: [/^environments: no environment "prod" in the config \(defined: staging\)$/] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const found = problems(row.config, { env: row.env ?? {}, environment: row.name === 'unknown environment' ? 'prod' : undefined });
      for (const pattern of row.expected) expect(found.some((p) => pattern.test(p)), `${pattern} in\n${found.join('\n')}`).toBe(true);
    });
  }

  it('reports several problems at once', () => {
    const found = problems({ ...BASE, timeout_seconds: 'x', concurrency: 0, health_checks: [{ name: 'a', endpoint: '/', bogus: 1 }], dependency_checks: [{ name: 'p', type: 'postgres', port: 'x' }] });
    expect(found).toHaveLength(4);
  });

  it('a problem in a YAML file carries its line and column', async () => {
    const { file } = await writeConfig('base_url: http://127.0.0.1\nhealth_checks:\n  - name: a\n    endpoint: /\n    expected_status: nope\n', 'smokeguard.yaml');
    const err = await loadConfig({ path: file, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems[0]).toMatchObject({ path: 'health_checks[0].expected_status', line: 5 });
    expect((err as ConfigError).format()).toContain(`${file}:5:`);
  });

  it('a problem in a JSON file carries its line too; malformed JSON names line and column', async () => {
    const { file } = await writeConfig('{\n  "base_url": "http://x",\n  "timeout_seconds": "later"\n}\n');
    const err = (await loadConfig({ path: file, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(err.problems[0]).toMatchObject({ path: 'timeout_seconds', line: 3 });
    const broken = await writeConfig('{\n  "base_url": "http://x",\n  "timeout_seconds": 5,\n}\n');
    const syntax = (await loadConfig({ path: broken.file, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(syntax.problems[0]!.message).toMatch(/^malformed JSON/);
    expect(syntax.problems[0]!.line).toBe(4);
  });
});

describe('${VAR} interpolation', () => {
  const env = { API_TOKEN: 'tok-123456', HOST: 'svc.internal', EXPECTED_VERSION: '1.22.0' };
  const load = (config: Record<string, unknown>) => validateConfig({ base_url: 'http://${HOST}:8080', ...ONE, ...config }, { env });

  it('expands from the environment, with defaults and $$ for a literal $', () => {
    const { config } = load({ headers: { authorization: 'Bearer ${API_TOKEN}', 'x-region': '${REGION:-eu-west-1}', 'x-price': '$$5' } });
    expect(config.base_url).toBe('http://svc.internal:8080');
    expect(config.headers).toEqual({ authorization: 'Bearer tok-123456', 'x-region': 'eu-west-1', 'x-price': '$5' });
  });

  it('config variables win over the environment and may come from it', () => {
    const { config } = load({ variables: { version: '${EXPECTED_VERSION}', HOST: 'ignored-for-base' }, health_checks: [{ name: 'v', endpoint: '/health', expect: { json: { '$.version': '${version}' } } }] });
    expect(config.health_checks[0]!.expect!.json!['$.version']).toBe('1.22.0');
  });

  it('leaves captured names for the flow runner, keeping $$ escapes for its pass', () => {
    const { config } = load({ critical_paths: [{ name: 'p', steps: [{ method: 'POST', endpoint: '/login', capture: { token: '$.token' } }, { endpoint: '/me', headers: { authorization: 'Bearer ${token}', 'x-cost': '$$1' } }] }] });
    expect((config.critical_paths[0]!.steps[1] as { headers?: unknown }).headers).toEqual({ authorization: 'Bearer ${token}', 'x-cost': '$$1' });
  });

  it('registers secrets that came from secret-looking variables', () => {
    const { secrets } = load({ headers: { authorization: 'Bearer ${API_TOKEN}' } });
    expect(secrets).toContain('tok-123456');
    expect(secrets).toContain('Bearer tok-123456');
  });

  it('--environment overlays base_url, headers and variables', () => {
    const { config } = validateConfig(
      { ...ONE, base_url: 'http://staging', headers: { a: '1' }, environments: { prod: { base_url: 'https://prod', headers: { b: '2' } } } },
      { env: {}, environment: 'prod' },
    );
    expect(config.base_url).toBe('https://prod');
    expect(config.headers).toEqual({ a: '1', b: '2' });
  });

  it('--base-url wins over the file, and SMOKEGUARD_BASE_URL is the fallback', () => {
    expect(validateConfig({ ...ONE, base_url: 'http://file' }, { env: {}, baseUrl: 'http://flag' }).config.base_url).toBe('http://flag');
    expect(validateConfig(ONE, { env: { SMOKEGUARD_BASE_URL: 'http://env' } }).config.base_url).toBe('http://env');
  });
});

describe('rollback command templates', () => {
  it('leaves ${deployment} and friends for the rollback, expands the rest', () => {
    const { config } = validateConfig(
      { ...ONE, base_url: 'http://x', rollback_strategy: { type: 'command', command: ['helm', 'rollback', '${deployment}', '-n', '${namespace}', '--kube-context', '${KUBE_CONTEXT}'] } },
      { env: { KUBE_CONTEXT: 'prod-eu' } },
    );
    expect((config.rollback_strategy as { command?: string[] }).command).toEqual(['helm', 'rollback', '${deployment}', '-n', '${namespace}', '--kube-context', 'prod-eu']);
  });
});
