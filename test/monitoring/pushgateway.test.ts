import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configSchema, type SmokeConfig } from '../../src/config/schema.js';
import { feedMonitoring, type MonitoringOutcome } from '../../src/monitoring/index.js';
import { createHttpClient, type HttpClient } from '../../src/util/http.js';
import { Redactor } from '../../src/util/redact.js';
import { criticalRun, passedRun } from '../helpers/report-fixtures.js';
import { health, run } from '../helpers/result-builder.js';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { parseExposition, sampleWith, samplesOf, type ParsedFamily } from './exposition-parser.js';
import { startPushgateway, type Pushgateway } from './pushgateway-server.js';

/** bcrypt (cost 4, fast on purpose) of PASSWORD, for the Pushgateway's --web.config.file. */
const PASSWORD = 'pushgateway-secret';
const PASSWORD_HASH = '$2b$04$bzm6/mMxbCD0TIue7VJAYelqduRvovo.yc/sRENa9M9Lz2.ptV2NC';

let http: HttpClient;
let gateway: Pushgateway;
let securedGateway: Pushgateway;

beforeAll(async () => {
  http = createHttpClient();
  [gateway, securedGateway] = await Promise.all([startPushgateway(), startPushgateway({ basicAuth: { ci: PASSWORD_HASH } })]);
});

afterAll(async () => {
  await http?.close();
  await Promise.all([gateway?.stop(), securedGateway?.stop()]);
});

const config = (monitoring: unknown): SmokeConfig => configSchema.parse({ monitoring });
const soon = (ms = 10_000): number => Date.now() + ms;

/** What the Pushgateway now serves to Prometheus, read through the strict parser. */
async function scrape(gw: Pushgateway, auth?: string): Promise<Map<string, ParsedFamily>> {
  const res = await http.request({ method: 'GET', url: `${gw.url}/metrics`, signal: AbortSignal.timeout(5_000), headers: auth ? { authorization: auth } : {} });
  expect(res.status).toBe(200);
  return parseExposition(res.body);
}

function only(outcomes: MonitoringOutcome[]): MonitoringOutcome {
  expect(outcomes).toHaveLength(1);
  return outcomes[0];
}

describe('pushgateway sink, against a real Prometheus Pushgateway', () => {
  test('a critical run lands under its grouping key, every series with the grouping labels', async () => {
    const result = criticalRun();
    const outcome = only(await feedMonitoring({ result, http, deadline: soon(), config: config({ pushgateway: { url: gateway.url, grouping: { environment: 'prod', service: 'team/api' } } }) }));
    expect(outcome).toMatchObject({ sink: 'pushgateway', status: 'sent', target: `${gateway.url}/metrics/job/smokeguard/environment/prod/service@base64/dGVhbS9hcGk` });
    expect(outcome.error).toBeUndefined();

    const f = await scrape(gateway);
    const group = { job: 'smokeguard', environment: 'prod', service: 'team/api' };
    expect(sampleWith(f, 'smokeguard_run_success', group).value).toBe(0);
    expect(sampleWith(f, 'smokeguard_run_verdict', { ...group, verdict: 'critical' }).value).toBe(1);
    expect(sampleWith(f, 'smokeguard_check_success', { ...group, check: 'database', type: 'postgres' }).value).toBe(0);
    expect(sampleWith(f, 'smokeguard_check_status', { ...group, check: 'auth', status: 'timed_out' }).value).toBe(1);
    expect(sampleWith(f, 'smokeguard_rollback_decision', { ...group, action: 'rollback', mode: 'immediate' }).value).toBe(1);
    expect(sampleWith(f, 'smokeguard_rollback_status', { ...group, status: 'succeeded' }).value).toBe(1);
    // The Pushgateway's own bookkeeping confirms the push was accepted whole.
    expect(sampleWith(f, 'push_failure_time_seconds', group).value).toBe(0);
    for (const s of samplesOf(f, 'smokeguard_check_success')) expect(s.labels).toMatchObject({ deployment: 'django', namespace: 'prod', target: 'http://127.0.0.1:8080' });
  });

  test('the next run replaces its group whole (removed checks disappear); other groups stay', async () => {
    const cfg = (environment: string) => config({ pushgateway: { url: gateway.url, job: 'replace-test', grouping: { environment } } });
    const first = run([health('api'), health('legacy').fails(500)]);
    expect(only(await feedMonitoring({ result: first, http, deadline: soon(), config: cfg('prod') })).status).toBe('sent');
    expect(only(await feedMonitoring({ result: first, http, deadline: soon(), config: cfg('staging') })).status).toBe('sent');
    const second = run([health('api')]);
    expect(only(await feedMonitoring({ result: second, http, deadline: soon(), config: cfg('prod') })).status).toBe('sent');

    const f = await scrape(gateway);
    const checks = (environment: string) =>
      samplesOf(f, 'smokeguard_check_success').filter((s) => s.labels.job === 'replace-test' && s.labels.environment === environment).map((s) => s.labels.check).sort();
    expect(checks('prod')).toEqual(['api']);
    expect(checks('staging')).toEqual(['api', 'legacy']);
    expect(sampleWith(f, 'smokeguard_run_success', { job: 'replace-test', environment: 'prod' }).value).toBe(1);
  });

  test('a secret registered on the run redactor never reaches the Pushgateway', async () => {
    const redactor = new Redactor();
    redactor.addSecret('tok-9f8e7d6c');
    const result = run([health('api?key=tok-9f8e7d6c')]);
    expect(only(await feedMonitoring({ result, http, redactor, deadline: soon(), config: config({ pushgateway: { url: gateway.url, job: 'redaction-test' } }) })).status).toBe('sent');
    const res = await http.request({ method: 'GET', url: `${gateway.url}/metrics`, signal: AbortSignal.timeout(5_000) });
    expect(res.body).not.toContain('tok-9f8e7d6c');
    expect(sampleWith(parseExposition(res.body), 'smokeguard_check_success', { job: 'redaction-test' }).labels.check).toBe('api?key=***');
  });

  test('a push the Pushgateway rejects is reported with its reason', async () => {
    // A fresh gateway where another group already serves the family as a counter: it refuses a push that contradicts it.
    const fresh = await startPushgateway();
    try {
      const body = '# HELP smokeguard_run_success something else\n# TYPE smokeguard_run_success counter\nsmokeguard_run_success 1\n';
      const seeded = await http.request({ method: 'PUT', url: `${fresh.url}/metrics/job/foreign`, body, signal: AbortSignal.timeout(5_000) });
      expect(seeded.status).toBe(200);
      const outcome = only(await feedMonitoring({ result: passedRun(), http, deadline: soon(), config: config({ pushgateway: { url: fresh.url } }) }));
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/^HTTP 400: .*smokeguard_run_success/);
    } finally {
      await fresh.stop();
    }
  });
});

describe('pushgateway basic auth', () => {
  const auth = `Basic ${Buffer.from(`ci:${PASSWORD}`).toString('base64')}`;
  test.each([
    ['credentials in the URL', (url: string) => ({ url: url.replace('http://', `http://ci:${PASSWORD}@`) }), 'sent'],
    ['username and password fields', (url: string) => ({ url, username: 'ci', password: PASSWORD }), 'sent'],
    ['a wrong password', (url: string) => ({ url, username: 'ci', password: 'not-the-password' }), 'failed'],
    ['no credentials', (url: string) => ({ url }), 'failed'],
  ] as const)('%s', async (name, pushgateway, status) => {
    const job = `auth-${name.replace(/\W+/g, '-')}`;
    const redactor = new Redactor();
    const outcome = only(await feedMonitoring({ result: passedRun(), http, redactor, deadline: soon(), config: config({ pushgateway: { ...pushgateway(securedGateway.url), job } }) }));
    expect(outcome).toMatchObject({ status, target: `${securedGateway.url}/metrics/job/${job}` });
    if (status === 'failed') expect(outcome.error).toMatch(/^HTTP 401/);
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(JSON.stringify(outcome)).not.toContain('not-the-password');
    expect(redactor.text(`x ${PASSWORD} y`)).toBe(status === 'sent' ? 'x *** y' : `x ${PASSWORD} y`);
    const f = await scrape(securedGateway, auth);
    expect(f.get('smokeguard_run_success')?.samples.some((s) => s.labels.job === job) ?? false).toBe(status === 'sent');
  });
});

describe('pushgateway that does not answer', () => {
  test.each([
    ['cut at its timeout', 0.3, 5_000, /^no answer within 300 ms$/],
    ['cut at the run deadline when that comes first', 5, 300, /^no answer within (?:300|[12]?\d\d) ms \(run deadline\)$/],
  ])('%s', async (_name, timeout_seconds, deadlineMs, error) => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const outcome = only(await feedMonitoring({ result: passedRun(), http, deadline: soon(deadlineMs), config: config({ pushgateway: { url: silent.url('http'), timeout_seconds } }) }));
      const elapsed = Date.now() - started;
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(error);
      expect(silent.connections()).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_500);
    } finally {
      await silent.close();
    }
  });

  test('nothing listening: connection refused, at once', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const outcome = only(await feedMonitoring({ result: passedRun(), http, deadline: soon(), config: config({ pushgateway: { url } }) }));
    expect(outcome).toMatchObject({ status: 'failed', error: `connection refused at ${url}/metrics/job/smokeguard` });
    expect(outcome.durationMs).toBeLessThan(1_000);
  });

  test('no time left before the deadline: not attempted', async () => {
    const outcome = only(await feedMonitoring({ result: passedRun(), http, deadline: Date.now() + 5, config: config({ pushgateway: { url: gateway.url } }) }));
    expect(outcome).toMatchObject({ status: 'failed', error: 'not sent: no time left before the run deadline' });
  });
});

test('no monitoring block: nothing to feed', async () => {
  expect(await feedMonitoring({ result: passedRun(), http, deadline: soon(), config: configSchema.parse({}) })).toEqual([]);
});
