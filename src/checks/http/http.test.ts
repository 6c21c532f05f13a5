import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOptions } from '../../../test/helpers/check-options.js';
import { testContext } from '../../../test/helpers/check-context.js';
import { startHttpTarget, type HttpTarget } from '../../../test/helpers/http-target.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { testPki } from '../../../test/helpers/tls-certs.js';
import type { CheckOutcome } from '../../core/types.js';
import { gzipSync } from 'node:zlib';
import { http } from './http.js';

const ietfFailing = {
  status: 'fail',
  checks: {
    'postgres:connections': [{ componentType: 'datastore', status: 'fail', output: 'connect ECONNREFUSED 10.0.0.5:5432' }],
    'redis:responseTime': [{ status: 'pass', observedValue: 3 }],
  },
};
const actuatorFailing = {
  status: 'DOWN',
  components: {
    db: { status: 'DOWN', details: { error: 'org.postgresql.util.PSQLException: Connection refused' } },
    diskSpace: { status: 'UP', details: { free: 1000 } },
    groups: { components: { kafka: { status: 'OUT_OF_SERVICE' } } },
  },
};

let target: HttpTarget;
beforeAll(async () => {
  target = await startHttpTarget({
    '/health': { body: { status: 'ok', version: '1.4.2', uptime: 42 }, headers: { 'x-service': 'api', 'cache-control': 'no-store' } },
    '/created': { status: 201, body: { id: 7 } },
    '/down': { status: 503, body: { status: 'down' } },
    '/ietf': { status: 503, headers: { 'content-type': 'application/health+json' }, body: ietfFailing },
    '/actuator': { status: 503, headers: { 'content-type': 'application/vnd.spring-boot.actuator.v3+json' }, body: actuatorFailing },
    '/text': { body: 'all systems nominal' },
    '/ietf-200-fail': { headers: { 'content-type': 'application/health+json' }, body: ietfFailing },
    '/ietf-200-warn': { headers: { 'content-type': 'application/health+json' }, body: { status: 'warn', checks: { 'disk:utilization': [{ status: 'warn', output: '91% used' }] } } },
    '/plain-fail': { body: { status: 'fail' } },
    '/gzip': { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ status: 'ok' })) },
    '/gzip-corrupt': { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('{"status":"ok"} not gzip at all') },
    '/big': { body: { status: 'ok', padding: 'x'.repeat(2 * 1024 * 1024) } },
    '/accept-encoding': (req) => ({ body: { got: req.headers['accept-encoding'] ?? null } }),
    '/list': { body: { checks: [{ name: 'db', status: 'up' }, { name: 'cache', status: 'down' }] } },
    'POST /echo': (req, body) => ({ status: 200, body: { got: JSON.parse(body), auth: req.headers.authorization ?? null } }),
  });
});
afterAll(() => target.close());

interface Scenario {
  name: string;
  entry: Record<string, unknown>;
  status: CheckOutcome['status'];
  reason?: RegExp;
  components?: string[];
  failedAssertions?: string[];
}

const scenarios: Scenario[] = [
  { name: 'healthy endpoint, default 2xx', entry: { endpoint: '/health' }, status: 'passed' },
  { name: 'exact expected status', entry: { endpoint: '/created', expected_status: 201 }, status: 'passed' },
  { name: 'status class "2xx" accepts 201', entry: { endpoint: '/created', expected_status: '2xx' }, status: 'passed' },
  { name: 'status pattern "20x" accepts 201', entry: { endpoint: '/created', expected_status: '20x' }, status: 'passed' },
  { name: 'status list accepts the 503 it names', entry: { endpoint: '/down', expected_status: [200, 503] }, status: 'passed' },
  { name: "seed's required_status", entry: { endpoint: '/health', required_status: 200 }, status: 'passed' },
  { name: 'wrong status', entry: { endpoint: '/created', expected_status: 200 }, status: 'failed', reason: /returned 201 \(expected 200\)/, failedAssertions: ['status'] },
  { name: 'status list that does not match', entry: { endpoint: '/down', expected_status: ['2xx', 404] }, status: 'failed', reason: /returned 503 \(expected 2xx or 404\)/ },
  { name: 'unknown path is 404', entry: { endpoint: '/nope' }, status: 'failed', reason: /returned 404 \(expected 2xx\)/ },
  { name: 'JSON assertions hold', entry: { endpoint: '/health', expect: { json: { '$.status': 'ok', '$.version': { matches: '^1\\.4\\.' }, '$.uptime': { gt: 10 } } } }, status: 'passed' },
  { name: 'JSON value differs', entry: { endpoint: '/health', expect: { json: { '$.version': '2.0.0' } } }, status: 'failed', reason: /json \$\.version: expected "2\.0\.0", got 1\.4\.2/, failedAssertions: ['json $.version'] },
  { name: 'JSON path absent', entry: { endpoint: '/health', expect: { json: { '$.build.sha': { exists: true } } } }, status: 'failed', reason: /json \$\.build\.sha: expected present, got \(absent\)/ },
  { name: 'JSONPath filter expression', entry: { endpoint: '/list', expect: { json: { "$.checks[?(@.name=='db')].status": 'up' } } }, status: 'passed' },
  { name: 'JSONPath filter finds a failing entry', entry: { endpoint: '/list', expect: { json: { "$.checks[?(@.name=='cache')].status": 'up' } } }, status: 'failed', reason: /expected "up", got down/ },
  { name: 'JSON assertion on a text body', entry: { endpoint: '/text', expect: { json: { '$.status': 'ok' } } }, status: 'failed', reason: /\(body is not JSON\)/ },
  { name: 'header assertions hold', entry: { endpoint: '/health', expect: { headers: { 'X-Service': 'api', 'content-type': { contains: 'json' } } } }, status: 'passed' },
  { name: 'header missing', entry: { endpoint: '/health', expect: { headers: { 'x-version': { exists: true } } } }, status: 'failed', reason: /header x-version: expected present, got \(absent\)/ },
  { name: 'body contains / not contains', entry: { endpoint: '/text', expect: { body_contains: 'nominal', body_not_contains: 'error' } }, status: 'passed' },
  { name: 'body lacks a word', entry: { endpoint: '/text', expect: { body_contains: ['nominal', 'ready'] } }, status: 'failed', reason: /body contains: expected ready/ },
  { name: 'POST with a JSON payload and headers', entry: { endpoint: '/echo', method: 'POST', payload: { a: 1 }, headers: { Authorization: 'Bearer abcdefgh' }, expect: { json: { '$.got.a': 1, '$.auth': 'Bearer abcdefgh' } } }, status: 'passed' },
  { name: 'IETF health+json names the failing component', entry: { endpoint: '/ietf' }, status: 'failed', reason: /returned 503.*postgres:connections: connect ECONNREFUSED 10\.0\.0\.5:5432/, components: ['postgres:connections'] },
  { name: 'a 200 whose application/health+json body says fail fails, naming components', entry: { endpoint: '/ietf-200-fail' }, status: 'failed', reason: /^body status "fail" contradicts 200 \(application\/health\+json\): postgres:connections: connect ECONNREFUSED/, components: ['postgres:connections'] },
  { name: 'body_status: ignore reads the status only', entry: { endpoint: '/ietf-200-fail', body_status: 'ignore' }, status: 'passed' },
  { name: 'a plain JSON body with status "fail" is the API\'s business', entry: { endpoint: '/plain-fail' }, status: 'passed' },
  { name: 'accept-encoding is sent by default', entry: { endpoint: '/accept-encoding', expect: { json: { '$.got': 'gzip, deflate, br' } } }, status: 'passed' },
  { name: 'a gzip JSON body is decoded', entry: { endpoint: '/gzip', expect: { json: { '$.status': 'ok' } } }, status: 'passed' },
  { name: 'a corrupt gzip body is named as such', entry: { endpoint: '/gzip-corrupt', expect: { json: { '$.status': 'ok' } } }, status: 'failed', reason: /json \$\.status: expected "ok", got \(body is not valid gzip \(content-encoding: gzip\): incorrect header check\)/ },
  { name: 'a corrupt gzip body does not fail a status-only check', entry: { endpoint: '/gzip-corrupt' }, status: 'passed' },
  { name: 'a body over 1 MiB: the status stands', entry: { endpoint: '/big' }, status: 'passed' },
  { name: 'a body over 1 MiB is not parsed', entry: { endpoint: '/big', expect: { json: { '$.status': 'ok' } } }, status: 'failed', reason: /got \(body larger than 1 MiB, not parsed\)/ },
  { name: 'Spring Actuator names failing components, nested too', entry: { endpoint: '/actuator' }, status: 'failed', reason: /db: org\.postgresql.*Connection refused/, components: ['db', 'groups.kafka'] },
];

describe('http check', () => {
  it.each(scenarios)('$name', async (s) => {
    const ctx = testContext({ baseUrl: target.url });
    try {
      const out = await http.run(checkOptions(http, s.entry), ctx);
      expect(out.status, out.reason).toBe(s.status);
      expect(out.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      if (s.status === 'passed') expect(out.reason).toBeUndefined();
      if (s.status === 'passed') expect(out.warning).toBeUndefined();
      if (s.reason) expect(out.reason).toMatch(s.reason);
      if (s.components) expect(out.components?.map((c) => c.name)).toEqual(s.components);
      if (s.failedAssertions) expect(out.assertions?.filter((a) => !a.passed).map((a) => a.name)).toEqual(s.failedAssertions);
      if (out.status === 'failed') expect(out.bodyExcerpt).toBeDefined();
    } finally {
      await ctx.dispose();
    }
  });

  it('a 200 whose application/health+json body says warn passes with a warning naming the component', async () => {
    const ctx = testContext({ baseUrl: target.url });
    try {
      const out = await http.run(checkOptions(http, { endpoint: '/ietf-200-warn' }), ctx);
      expect(out.status).toBe('passed');
      expect(out.warning).toBe('body status "warn" (application/health+json): disk:utilization: 91% used');
    } finally {
      await ctx.dispose();
    }
  });

  it('connection refused is a failure naming the target', async () => {
    const port = await closedPort();
    const ctx = testContext();
    try {
      const out = await http.run(checkOptions(http, { url: `http://127.0.0.1:${port}/health` }), ctx);
      expect(out).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED' });
      expect(out.reason).toBe(`connection refused at http://127.0.0.1:${port}/health`);
    } finally {
      await ctx.dispose();
    }
  });

  it('a server that accepts and stays silent is cut at the timeout', async () => {
    const silent = await startSilentServer();
    const ctx = testContext({ timeoutMs: 800 });
    const started = Date.now();
    try {
      await expect(http.run(checkOptions(http, { url: `${silent.url('http')}/health` }), ctx)).rejects.toThrow();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(750);
      expect(elapsed).toBeLessThan(800 + 1000);
      expect(silent.connections()).toBe(1);
    } finally {
      await ctx.dispose();
      await silent.close();
    }
  });

  it('the URL printed in target and reason carries no credentials', async () => {
    const ctx = testContext();
    try {
      const out = await http.run(checkOptions(http, { url: `http://app:s3cret-pw@127.0.0.1:${target.port}/nope` }), ctx);
      expect(out.status).toBe('failed');
      expect(JSON.stringify(out)).not.toContain('s3cret-pw');
    } finally {
      await ctx.dispose();
    }
  });
});

describe('http check over TLS', () => {
  const pki = testPki();
  const servers: HttpTarget[] = [];
  const serve = async (cert: { cert: Buffer; key: Buffer }) => {
    const s = await startHttpTarget({ '/health': { body: { status: 'ok' } } }, cert);
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  const tlsScenarios = [
    { name: 'trusted through ca_file', cert: pki.valid, entry: { ca_file: pki.caFile }, status: 'passed' as const },
    { name: 'unknown CA without ca_file', cert: pki.valid, entry: {}, status: 'failed' as const, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', reason: /TLS certificate cannot be verified/ },
    { name: 'self-signed accepted with insecure_tls', cert: pki.selfSigned, entry: { insecure_tls: true }, status: 'passed' as const },
    { name: 'self-signed refused', cert: pki.selfSigned, entry: { ca_file: pki.caFile }, status: 'failed' as const, code: 'DEPTH_ZERO_SELF_SIGNED_CERT', reason: /self-signed/ },
    { name: 'expired certificate', cert: pki.expired, entry: { ca_file: pki.caFile }, status: 'failed' as const, code: 'CERT_HAS_EXPIRED', reason: /TLS certificate has expired at https:\/\/localhost/ },
    { name: 'wrong host name', cert: pki.wrongHost, entry: { ca_file: pki.caFile }, status: 'failed' as const, code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: /does not match the host name/ },
  ];

  it.each(tlsScenarios)('$name', async (s) => {
    const server = await serve(s.cert);
    const ctx = testContext();
    try {
      const out = await http.run(checkOptions(http, { url: `${server.url}/health`, ...s.entry }), ctx);
      expect(out.status, out.reason).toBe(s.status);
      if (s.code) expect(out.errorCode).toBe(s.code);
      if (s.reason) expect(out.reason).toMatch(s.reason);
    } finally {
      await ctx.dispose();
    }
  });
});
