import { describe, expect, it } from 'vitest';
import { writeConfig } from '../../test/helpers/cli.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { loadConfig, validateConfig } from './load.js';

const BASE = { base_url: 'http://127.0.0.1:8080', health_checks: [{ name: 'health', endpoint: '/health' }] };

function problemsOf(config: unknown, options: Parameters<typeof validateConfig>[1] = {}): ConfigProblem[] {
  try {
    validateConfig(config, { env: {}, ...options });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
const lines = (config: unknown, options: Parameters<typeof validateConfig>[1] = {}): string[] => problemsOf(config, options).map((p) => `${p.path}: ${p.message}`);

describe('config errors never quote a secret', () => {
  it.each([
    ['a long token from ${VAR}', 'SERVICE_TOKEN', 'sk_live_0123456789abcdef'],
    ['a short value from ${VAR}, whatever its length', 'HTTP_VERB', 'gt'],
  ])('%s', (_name, variable, value) => {
    const found = lines({ ...BASE, health_checks: [{ name: 'a', endpoint: '/', method: `\${${variable}}` }] }, { env: { [variable]: value } });
    expect(found).toEqual([`health_checks[0].method: expected one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", got a string of ${value.length} characters from \${${variable}}`]);
  });

  it('a password written as a number is not quoted either', () => {
    const found = lines({ ...BASE, dependency_checks: [{ name: 'db', type: 'postgres', host: '127.0.0.1', password: 12345678 }] });
    expect(found).toEqual(['dependency_checks[0].password: expected string, got a number']);
  });

  it('a notification channel\'s webhook URL (its token) is not quoted in an error about it', () => {
    const url = 'ftp://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx';
    const found = lines({ ...BASE, notifications: { channels: { ops: { type: 'slack', webhook_url: url } } } }).join('\n');
    expect(found).toContain('notifications.channels.ops.webhook_url');
    expect(found).not.toContain('abcdefghijklmnopqrstuvwx');
  });

  it('registers notification secrets at load time', () => {
    const url = 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx';
    const { secrets } = validateConfig({ ...BASE, notifications: { channels: { ops: { type: 'slack', webhook_url: url } } } }, { env: {} });
    expect(secrets).toEqual(expect.arrayContaining([url, 'abcdefghijklmnopqrstuvwx']));
  });
});

describe('a secret too short to redact is refused at load, saying where it came from', () => {
  it.each([
    ['a URL password', { dependency_checks: [{ name: 'db', type: 'postgres', url: 'postgres://app:ab@127.0.0.1:5432/x' }] }, {}, /^dependency_checks\[0\]\.url: this secret has only 2 characters/],
    ['a password from ${VAR}', { dependency_checks: [{ name: 'db', type: 'postgres', host: '127.0.0.1', password: '${DB_PASSWORD}' }] }, { DB_PASSWORD: 'xyz' }, /^dependency_checks\[0\]\.password: this secret from \$\{DB_PASSWORD\} has only 3 characters/],
  ])('%s', (_name, config, env, pattern) => {
    const found = lines({ ...BASE, ...config }, { env });
    expect(found.some((p) => pattern.test(p)), found.join('\n')).toBe(true);
  });

  it('a number or a switch from a secret-sounding name is no secret', () => {
    expect(lines({ ...BASE, health_checks: [{ name: 'a', endpoint: '/', timeout_seconds: 30, headers: { 'x-session-timeout': '${SESSION_TIMEOUT}' } }] }, { env: { SESSION_TIMEOUT: '30' } })).toEqual([]);
  });
});

describe('every problem at once, named by field and by check', () => {
  it('schema errors, duplicate names and unknown depends_on targets come together', () => {
    const found = lines({ ...BASE, timeout_seconds: 'soon', health_checks: [{ name: 'a', endpoint: '/' }, { name: 'a', endpoint: '/x', depends_on: ['nope'] }] });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^timeout_seconds: expected number/),
      expect.stringMatching(/^health_checks\[1\]\.name: duplicate check name "a"/),
      expect.stringMatching(/^health_checks\[1\]\.depends_on\[0\]: no check named "nope"/),
    ]));
  });

  it.each([
    ['a misspelt top-level key', { ...BASE, helth_checks: [] }, 'helth_checks: unknown field "helth_checks", did you mean "health_checks"?'],
    ['a misspelt check field', { ...BASE, health_checks: [{ name: 'a', endpoint: '/', expected_stauts: 200 }] }, 'health_checks[0].expected_stauts: unknown field "expected_stauts", did you mean "expected_status"?'],
    ['a misspelt field inside an object', { ...BASE, health_checks: [{ name: 'a', endpoint: '/', retries: { attempt: 3 } }] }, 'health_checks[0].retries.attempt: unknown field "attempt", did you mean "attempts"?'],
    ['a misspelt check type', { ...BASE, dependency_checks: [{ name: 'c', type: 'redis-cluster' }] }, expect.stringMatching(/^dependency_checks\[0\]\.type: unsupported type "redis-cluster", did you mean "redis"\? \(supported: http, postgres/)],
    ['a misspelt method', { ...BASE, health_checks: [{ name: 'a', endpoint: '/', method: 'GTE' }] }, expect.stringMatching(/method: expected one of .*, got string "GTE", did you mean "GET"\?$/)],
  ])('"did you mean" for %s', (_name, config, expected) => {
    expect(lines(config)).toContainEqual(expected);
  });

  it('a misspelt required field is one problem, not also "required field missing"', () => {
    expect(lines({ ...BASE, health_checks: [{ name: 'a', endpoint: '/', retries: { attempt: 3 } }] })).toEqual(['health_checks[0].retries.attempt: unknown field "attempt", did you mean "attempts"?']);
  });

  it('a problem inside a check names the check by its name', () => {
    const err = new ConfigError('smoke.json', problemsOf({ ...BASE, health_checks: [{ name: 'basic', endpoint: '/' }, { name: 'readiness', endpoint: '/ready', expected_status: 'ok' }] }));
    expect(err.format()).toContain('smoke.json: health_checks[1].expected_status: expected a status like 200, "2xx" or "20x", got string "ok" (check "readiness")');
  });
});

describe('flags and environment variables are named as such', () => {
  it.each([
    ['flag', '--base-url'], ['env', 'SMOKEGUARD_BASE_URL'],
  ] as const)('a bad base URL from the %s', async (source, origin) => {
    const { file } = await writeConfig({ health_checks: [{ name: 'a', endpoint: '/health' }] });
    const err = (await loadConfig({ path: file, env: {}, baseUrl: 'notaurl', baseUrlSource: source }).catch((e: unknown) => e)) as ConfigError;
    expect(err.problems).toEqual([{ path: 'base_url', origin, message: 'expected an http(s) URL, got "notaurl"' }]);
    expect(err.format()).toBe(`Invalid config (1 problem):\n  ${origin}: expected an http(s) URL, got "notaurl"`);
  });

  it.each([
    ['ftp://user:secretpw@host', '"ftp://***@host"'],
    ['user:secretpw@host.example', '"***@host.example"'],
    ['http://user:secretpw@host.example:99999', '"http://***@host.example:99999"'],
  ])('a bad base URL is quoted without its credentials: %s', (value, quoted) => {
    expect(problemsOf({ health_checks: [{ name: 'health', endpoint: '/health' }] }, { env: { SMOKEGUARD_BASE_URL: value } })).toEqual([{ path: 'base_url', origin: 'SMOKEGUARD_BASE_URL', message: `expected an http(s) URL, got ${quoted}` }]);
  });

  it('SMOKEGUARD_BASE_URL from the environment, when the file has none', () => {
    expect(problemsOf({ health_checks: [{ name: 'health', endpoint: '/health' }] }, { env: { SMOKEGUARD_BASE_URL: 'nope' } })).toEqual([{ path: 'base_url', origin: 'SMOKEGUARD_BASE_URL', message: 'expected an http(s) URL, got "nope"' }]);
  });
});

describe('validate: the base URL may come at run time', () => {
  const seedLike = { health_checks: [{ name: 'basic-health', endpoint: '/health' }, { name: 'readiness', endpoint: '/health/ready' }] };

  it('a note at validate time', () => {
    const { notes } = validateConfig(seedLike, { env: {}, requireBaseUrl: false });
    expect(notes).toEqual(['no base URL yet: 2 relative endpoints (/health, /health/ready) will need one at run time: --base-url, SMOKEGUARD_BASE_URL or base_url']);
  });

  it('an error for a run', () => {
    expect(lines(seedLike)).toEqual([
      'health_checks[0].endpoint: relative endpoint "/health" needs a base URL: set base_url, --base-url or SMOKEGUARD_BASE_URL',
      'health_checks[1].endpoint: relative endpoint "/health/ready" needs a base URL: set base_url, --base-url or SMOKEGUARD_BASE_URL',
    ]);
  });
});

describe('a config must check something', () => {
  it('no health check, dependency or critical path: refused, with what to add (it would pass a deployment nobody looked at)', () => {
    expect(problemsOf({ base_url: 'http://127.0.0.1:8080', health_checks: [] }, { env: {} })).toEqual([
      { path: '', message: 'no checks: define at least one of health_checks, dependency_checks or critical_paths (or set enabled: false to skip the smoke tests)' },
    ]);
  });

  it('enabled: false skips on purpose: no checks needed', () => {
    expect(problemsOf({ enabled: false }, { env: {} })).toEqual([]);
  });
});

describe('one mistake, one problem; every problem at once', () => {
  it('an unset ${VAR} is one problem, not also the placeholder judged as the value', () => {
    const found = lines({ ...BASE, dependency_checks: [{ name: 'db', type: 'postgres', url: '${DATABASE_URL}' }] });
    expect(found).toEqual(['dependency_checks[0].url: ${DATABASE_URL} is not set: define it under variables or in the environment (or use ${DATABASE_URL:-default})']);
  });

  it('a bad base_url and a check without endpoint are listed beside the schema\'s problems', () => {
    const found = lines({
      base_url: 'not a url',
      timeout_seconds: -5,
      health_checks: [{ name: 'a', endpoint: '/health', expected_status: 'two hundred' }, { name: 'b', method: 'GET' }],
      critical_paths: [{ name: 'p', steps: [{ method: 'GET', required_status: 200 }] }],
    });
    expect(found).toEqual(expect.arrayContaining([
      'timeout_seconds: expected > 0, got number -5',
      'base_url: expected an http(s) URL, got "not a url"',
      'health_checks[1].endpoint: required field missing (expected a path like "/health" or an absolute URL)',
      'critical_paths[0].steps[0].endpoint: required field missing (expected a path like "/health" or an absolute URL)',
    ]));
    expect(found.some((p) => p.startsWith('health_checks[0].expected_status:')), found.join('\n')).toBe(true);
  });

  it('a field of the wrong type the rules read (endpoint: 123) does not hide the rest of their problems', () => {
    const found = lines({
      base_url: 'not a url',
      health_checks: [{ name: 'a', endpoint: 123 }, { name: 'b' }],
      critical_paths: [{ name: 'p', steps: [{ method: 'GET', endpoint: '/x', capture: { t: { regex: '(' } } }, 'just a string'] }],
    });
    expect(found).toEqual(expect.arrayContaining([
      'health_checks[0].endpoint: expected string, got number 123',
      'base_url: expected an http(s) URL, got "not a url"',
      'health_checks[1].endpoint: required field missing (expected a path like "/health" or an absolute URL)',
      expect.stringMatching(/^critical_paths\[0\]\.steps\[0\]\.capture\.t\.regex: not a valid regular expression/),
    ]));
    expect(found.filter((p) => p.startsWith('health_checks[0].endpoint'))).toHaveLength(1);
  });
});

describe('a size bound says what it counted', () => {
  it('an empty steps list is "an empty list", not merely "a list"', () => {
    expect(lines({ ...BASE, critical_paths: [{ name: 'p', steps: [] }] })).toEqual(['critical_paths[0].steps: expected ≥ 1 items, got an empty list']);
  });

  it('a list where an object belongs says how many items it holds', () => {
    expect(lines({ ...BASE, auto_rollback: [1, 2] })).toEqual(['auto_rollback: expected object, got a list of 2 items']);
  });
});

describe('problems are listed in the order of the file', () => {
  it('a duplicate name, schema problems and a bad base_url come top to bottom, as the reader meets them', async () => {
    const { file } = await writeConfig([
      'timeout_seconds: -5',
      'base_url: "not a url"',
      'health_checks:',
      '  - name: a',
      '    endpoint: /health',
      '    expected_status: "two hundred"',
      '  - name: a',
      '    endpoint: /health/ready',
      'auto_rollback: { enabled: "yes" }',
    ].join('\n'), 'smokeguard.yaml');
    const err = (await loadConfig({ path: file, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems.map((p) => [p.line, p.path])).toEqual([
      [1, 'timeout_seconds'],
      [2, 'base_url'],
      [6, 'health_checks[0].expected_status'],
      [7, 'health_checks[1].name'],
      [9, 'auto_rollback.enabled'],
    ]);
  });
});

describe('a problem in a value --environment put in place is reported where that value is written', () => {
  it('environments.prod.base_url and .headers, once each, not also at the top level', () => {
    const found = lines({
      base_url: 'http://127.0.0.1:8080',
      health_checks: [{ name: 'a', endpoint: '/health' }],
      headers: { 'x-top': '1' },
      environments: { prod: { base_url: 'nope', headers: { 'x-a': 1 } } },
    }, { environment: 'prod' });
    expect(found.sort()).toEqual([
      'environments.prod.base_url: expected an http(s) URL, got "nope"',
      'environments.prod.headers.x-a: expected string, got number 1',
    ]);
  });

  it('a top-level problem the overlay did not touch stays at the top level', () => {
    const found = lines({
      base_url: 'http://127.0.0.1:8080',
      health_checks: [{ name: 'a', endpoint: '/health' }],
      headers: { 'x-top': 2 },
      environments: { prod: { headers: { 'x-a': 'ok' } } },
    }, { environment: 'prod' });
    expect(found).toEqual(['headers.x-top: expected string, got number 2']);
  });
});

describe('every environment\'s base_url is judged, whichever --environment a run picks', () => {
  it('validate without --environment names the environment whose base_url is not a URL', () => {
    const found = lines({ ...BASE, environments: { prod: { base_url: 'nope' }, staging: { base_url: 'https://staging.internal' }, dev: { base_url: '${DEV_URL}' } } });
    expect(found).toEqual(['environments.prod.base_url: expected an http(s) URL, got "nope"']);
  });

  it('with --environment prod, the same problem once', () => {
    expect(lines({ ...BASE, environments: { prod: { base_url: 'nope' } } }, { environment: 'prod' })).toEqual(['environments.prod.base_url: expected an http(s) URL, got "nope"']);
  });
});

describe('an unset ${VAR} in a critical path is one problem', () => {
  it('not also "used before any earlier step captures it"', () => {
    const found = lines({ ...BASE, critical_paths: [{ name: 'login', steps: [{ method: 'POST', endpoint: '/login', payload: { password: '${SMOKE_PASSWORD}' } }] }] });
    expect(found).toEqual(['critical_paths[0].steps[0].payload.password: ${SMOKE_PASSWORD} is not set: define it under variables or in the environment (or use ${SMOKE_PASSWORD:-default})']);
  });

  it('a name no step captures and nothing defines is still reported as used before capture when it is a capture name elsewhere', () => {
    const found = lines({ ...BASE, critical_paths: [{ name: 'p', steps: [
      { method: 'GET', endpoint: '/a', headers: { authorization: 'Bearer ${token}' } },
      { method: 'GET', endpoint: '/b', capture: { token: '$.token' } },
    ] }] });
    expect(found).toEqual(['critical_paths[0].steps[0]: ${token} is used before any earlier step captures it']);
  });
});
