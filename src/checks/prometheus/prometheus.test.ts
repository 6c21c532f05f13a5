import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../../../test/helpers/http-target.js';
import { startPrometheus, startScrapeTarget, type Prometheus, type ScrapeTarget } from '../../../test/helpers/prometheus-server.js';
import { runCheck } from '../../../test/helpers/run-check.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { prometheus } from './prometheus.js';

/**
 * Against Debian's real Prometheus, scraping every second a local service whose error rate the
 * test sets per pod: web-1 and web-2 serve no errors, api-2 serves 5 % (api-1 none).
 */

/** bcrypt (cost 4) of PASSWORD, for Prometheus' --web.config.file. */
const PASSWORD = 'pushgateway-secret';
const PASSWORD_HASH = '$2b$04$bzm6/mMxbCD0TIue7VJAYelqduRvovo.yc/sRENa9M9Lz2.ptV2NC';

/**
 * Windows of 15 s (fifteen scrapes) and last_over_time: a scrape that times out on a loaded machine
 * leaves a staleness marker, which must not empty the answer of a test about something else.
 */
const ERROR_RATIO = (pods: string) =>
  `sum by (pod) (rate(http_requests_total{code="500",pod=~"${pods}"}[15s])) / sum by (pod) (rate(http_requests_total{pod=~"${pods}"}[15s]))`;
const P99 = 'last_over_time(request_duration_p99_seconds[1m])';

let app: ScrapeTarget;
let server: Prometheus;
let secured: Prometheus;

/** Waits (bounded) until Prometheus has two scrapes of every pod, so rate() has data. */
async function untilScraped(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count(rate(http_requests_total[15s]) >= 0)')}`).catch(() => undefined);
    const body = (await res?.json().catch(() => undefined)) as { data?: { result?: Array<{ value: [number, string] }> } } | undefined;
    if (body?.data?.result?.[0]?.value[1] === '8') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Prometheus at ${url} did not scrape the target twice within 30 s`);
}

beforeAll(async () => {
  app = await startScrapeTarget({ 'web-1': 0, 'web-2': 0, 'api-1': 0, 'api-2': 5 });
  app.gauges.push('# TYPE request_duration_p99_seconds gauge', 'request_duration_p99_seconds{pod="web-1"} 0.12', 'request_duration_p99_seconds{pod="web-2"} 0.31');
  [server, secured] = await Promise.all([
    startPrometheus([`127.0.0.1:${app.port}`]),
    startPrometheus([`127.0.0.1:${app.port}`], { basicAuth: { ci: PASSWORD_HASH } }),
  ]);
  await untilScraped(server.url);
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.stop(), secured?.stop(), app?.close()]);
});

describe('prometheus check against a real Prometheus', () => {
  it('passes when every series holds the threshold', async () => {
    const run = await runCheck(prometheus, { url: server.url, query: ERROR_RATIO('web-.*'), threshold: '< 0.01' });
    expect(run.outcome?.status, run.outcome?.reason).toBe('passed');
    expect(run.outcome?.details).toMatchObject({ series: 2, failing: 0, resultType: 'vector' });
  });

  it('fails naming the failing series by its labels and value', async () => {
    const run = await runCheck(prometheus, { url: server.url, query: ERROR_RATIO('api-.*'), threshold: '< 1 %' });
    expect(run.outcome?.status).toBe('failed');
    expect(run.outcome?.reason).toBe('expected < 1 %: {pod="api-2"} = 5 % (1 of 2 series)');
    expect(run.outcome?.assertions?.find((a) => !a.passed)).toMatchObject({ name: 'value {pod="api-2"}', expected: '< 1 %', actual: '5 %' });
  });

  it('fills ${deployment} from the run, so one query watches the deployment under test', async () => {
    const query = ERROR_RATIO('${deployment}-.*');
    const bad = await runCheck(prometheus, { url: server.url, query, threshold: '< 0.01' }, { runVariables: { deployment: 'api' } });
    expect(bad.outcome?.reason).toMatch(/\{pod="api-2"\} = 0\.05/);
    const good = await runCheck(prometheus, { url: server.url, query, threshold: '< 0.01' }, { runVariables: { deployment: 'web' } });
    expect(good.outcome?.status).toBe('passed');
    const unknown = await runCheck(prometheus, { url: server.url, query, threshold: '< 0.01' }, { runVariables: {} });
    expect(unknown.outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/\$\{deployment\}.*--deployment/) });
  });

  it('takes PROMETHEUS_URL when the check has no url', async () => {
    const run = await runCheck(prometheus, { query: ERROR_RATIO('web-.*'), threshold: '< 0.01' }, { env: { PROMETHEUS_URL: server.url } });
    expect(run.outcome?.status, run.outcome?.reason).toBe('passed');
    const none = await runCheck(prometheus, { query: 'up', threshold: '== 1' }, { env: {} });
    expect(none.outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/PROMETHEUS_URL/) });
  });

  it('judges latency thresholds in the unit written: "p99 < 0.5 s" and "p99 < 200 ms"', async () => {
    const ok = await runCheck(prometheus, { url: server.url, query: P99, threshold: 'p99 < 0.5 s' });
    expect(ok.outcome?.status, ok.outcome?.reason).toBe('passed');
    const slow = await runCheck(prometheus, { url: server.url, query: P99, threshold: 'p99 < 200 ms' });
    expect(slow.outcome?.reason).toBe(`expected p99 < 200 ms: request_duration_p99_seconds{instance="127.0.0.1:${app.port}", job="app", pod="web-2"} = 310 ms (1 of 2 series)`);
  });

  it('judges a range over the last minutes: every sample, or an aggregate of them', async () => {
    const every = await runCheck(prometheus, { url: server.url, query: ERROR_RATIO('api-2'), threshold: '< 0.01', range_minutes: 0.1, step_seconds: 1 });
    expect(every.outcome).toMatchObject({ status: 'failed', details: { resultType: 'matrix', rangeMinutes: 0.1 } });
    const min = await runCheck(prometheus, { url: server.url, query: ERROR_RATIO('api-2'), threshold: 'min > 0.04', range_minutes: 0.1, step_seconds: 1 });
    expect(min.outcome?.status, min.outcome?.reason).toBe('passed');
  });

  it('an empty vector follows absent: fail (default), pass, or warn (a warning, not critical)', async () => {
    const query = 'http_requests_total{pod="gone"}';
    const fail = await runCheck(prometheus, { url: server.url, query, threshold: '< 1' });
    expect(fail.outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^the query returned no data/) });
    const pass = await runCheck(prometheus, { url: server.url, query, threshold: '< 1', absent: 'pass' });
    expect(pass.outcome?.status).toBe('passed');
    const warn = await runCheck(prometheus, { url: server.url, query, threshold: '< 1', absent: 'warn' });
    expect(warn.outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/absent: warn/) });
  });

  it('a query Prometheus rejects is a measuring error naming its error', async () => {
    const run = await runCheck(prometheus, { url: server.url, query: 'sum(rate(', threshold: '< 1' });
    expect(run.outcome).toMatchObject({ status: 'error', errorCode: 'bad_data', reason: expect.stringMatching(/^Prometheus answered HTTP 400 bad_data: .*parse error/) });
  });

  it('basic auth: the right password passes, a wrong one is refused, neither is ever shown', async () => {
    const ok = await runCheck(prometheus, { url: secured.url, query: 'up', threshold: '== 1', basic_auth: { username: 'ci', password: PASSWORD } });
    expect(ok.outcome?.status, ok.outcome?.reason).toBe('passed');
    const wrong = await runCheck(prometheus, { url: secured.url, query: 'up', threshold: '== 1', basic_auth: { username: 'ci', password: 'wrong-password' } });
    expect(wrong.outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/refused the request \(HTTP 401\)/) });
    expect(ok.redact(`x ${PASSWORD} y`)).toBe('x *** y');
    expect(JSON.stringify(ok.outcome)).not.toContain(PASSWORD);
  });
});

describe('prometheus check when Prometheus misbehaves', () => {
  let stub: HttpTarget;
  const authorizations: Array<string | undefined> = [];
  beforeAll(async () => {
    stub = await startHttpTarget({
      'POST /bearer/api/v1/query': (req) =>
        req.headers.authorization === 'Bearer prom-token-123'
          ? { body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { pod: 'a' }, value: [1, '0.001'] }] } } }
          : { status: 401, body: 'Unauthorized' },
      'POST /proxy/api/v1/query': { status: 503, body: 'upstream unavailable' },
      'POST /echo/api/v1/query': (req) => {
        authorizations.push(req.headers.authorization);
        return { body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { pod: 'a' }, value: [1, '0.001'] }] } } };
      },
      'POST /nan/api/v1/query': { body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { pod: 'idle' }, value: [1, 'NaN'] }] } } },
    });
  });
  afterAll(() => stub.close());

  it('bearer token is sent as Authorization: Bearer and redacted', async () => {
    const ok = await runCheck(prometheus, { url: `${stub.url}/bearer`, query: 'x', threshold: '< 0.01', bearer_token: 'prom-token-123' });
    expect(ok.outcome?.status, ok.outcome?.reason).toBe('passed');
    expect(ok.redact('Bearer prom-token-123')).toBe('Bearer ***');
  });

  it('config-wide headers (Authorization) reach Prometheus only on the base URL\'s origin, never another host', async () => {
    const headers = { Authorization: 'Bearer config-wide-token' };
    authorizations.length = 0;
    const elsewhere = await runCheck(prometheus, { url: `${stub.url}/echo`, query: 'x', threshold: '< 0.01' }, { baseUrl: 'http://127.0.0.1:1', headers });
    expect(elsewhere.outcome?.status, elsewhere.outcome?.reason).toBe('passed');
    const onBase = await runCheck(prometheus, { url: `${stub.url}/echo`, query: 'x', threshold: '< 0.01' }, { baseUrl: stub.url, headers });
    expect(onBase.outcome?.status, onBase.outcome?.reason).toBe('passed');
    expect(authorizations).toEqual([undefined, 'Bearer config-wide-token']);
  });

  it('down: nothing listening is a measuring error (warning), not a failure of the deployment', async () => {
    const run = await runCheck(prometheus, { url: `http://127.0.0.1:${await closedPort()}`, query: 'up', threshold: '== 1' });
    expect(run.outcome).toMatchObject({ status: 'error', errorCode: 'ECONNREFUSED', reason: expect.stringMatching(/^Prometheus unreachable: connection refused/) });
  });

  it('slow: cut just before the check deadline and reported as not answering', async () => {
    const silent = await startSilentServer();
    try {
      const run = await runCheck(prometheus, { url: silent.url('http'), query: 'up', threshold: '== 1' }, { timeoutMs: 1_000 });
      // Reported by the check itself (a warning), before the runner's deadline would make it a timeout.
      expect(run.outcome).toMatchObject({ status: 'error', reason: `Prometheus at 127.0.0.1:${silent.port} did not answer within ${/\d+ ms/.exec(run.outcome!.reason!)![0]}: cut waiting for response headers from 127.0.0.1:${silent.port}` });
    } finally {
      await silent.close();
    }
  });

  it('an error page that is not the API (a proxy 503) is a measuring error', async () => {
    const run = await runCheck(prometheus, { url: `${stub.url}/proxy`, query: 'up', threshold: '== 1' });
    expect(run.outcome).toMatchObject({ status: 'error', reason: 'HTTP 503 and no Prometheus API answer' });
  });

  it('NaN (a ratio with no traffic) is no data, judged by absent', async () => {
    const run = await runCheck(prometheus, { url: `${stub.url}/nan`, query: 'x', threshold: '< 0.01' });
    expect(run.outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/1 series, all NaN/) });
  });
});
