import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRateLimitedServer, type RateLimitedServer } from '../../test/helpers/rate-limited-server.js';
import { ConfigError } from '../config/config-error.js';
import { validateConfig } from '../config/load.js';
import { run } from '../run/pipeline.js';

/** `rate_limit` as a step of a critical path, against a real token-bucket server. */
let limited: RateLimitedServer;
let unlimited: RateLimitedServer;
beforeAll(async () => {
  limited = await startRateLimitedServer({ capacity: 5, refillPerSecond: 1 });
  unlimited = await startRateLimitedServer({ capacity: 5, refillPerSecond: 1, unlimited: true });
});
afterAll(async () => {
  await limited.close();
  await unlimited.close();
});

async function pathAgainst(base: string) {
  const { config } = validateConfig({
    base_url: base,
    critical_paths: [{
      name: 'rate-limiting',
      steps: [
        { endpoint: '/' },
        { name: 'limiter engages', rate_limit: { mode: 'burst', endpoint: '/', requests: 20, concurrency: 2, expect_limited_after: 10 } },
      ],
    }],
  }, { env: {} });
  return (await run(config, { env: {} })).checks[0]!;
}

describe('rate_limit as a path step', () => {
  it('passes when the limiter engages within the burst', async () => {
    const check = await pathAgainst(limited.url);
    expect(check.status).toBe('passed');
    expect(check.steps!.map((s) => [s.name, s.status])).toEqual([['GET /', 'passed'], ['limiter engages', 'passed']]);
  });

  it('fails the path when no 429 comes, naming the step', async () => {
    const check = await pathAgainst(unlimited.url);
    expect(check.status).toBe('failed');
    expect(check.reason).toMatch(/^step 2 \(limiter engages\): .*no 429/);
  });

  it('a bad rate_limit step is a config error with its path', () => {
    let err: unknown;
    try {
      validateConfig({ base_url: limited.url, critical_paths: [{ name: 'p', steps: [{ rate_limit: { mode: 'flood', endpoint: '/' } }] }] }, { env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toContain('critical_paths[0].steps[0].rate_limit.mode');
  });

  it('an auth check without a token source is a config error, not a run-time surprise', () => {
    let err: unknown;
    try {
      validateConfig({ dependency_checks: [{ name: 'auth', type: 'auth', introspection: { url: 'http://127.0.0.1:1/introspect' } }] }, { env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.some((p) => p.path.startsWith('dependency_checks[0]') && /exactly one of client_credentials, login, token/.test(p.message))).toBe(true);
  });
});
