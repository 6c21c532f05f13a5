import { afterAll, beforeAll, describe, it } from 'vitest';
import { PG_URL } from '../helpers/cli.js';
import { startDnsServer } from '../helpers/dns-server.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { testPki } from '../helpers/tls-certs.js';
import { startTlsServer } from '../helpers/tls-server.js';
import { expectRun, PROCESS_MARGIN_MS, runFault } from './harness.js';
import { startBlackhole } from './servers.js';

/**
 * Each dependency silent (a server that accepts and never speaks), blackholed (a connect never
 * accepted) or slow to answer its query, and wrong passwords against the real services: the
 * timeout names the driver's phase and host:port, a rejected login says so.
 */
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let hole: Awaited<ReturnType<typeof startBlackhole>>;
let expiring: Awaited<ReturnType<typeof startTlsServer>>;
const pki = testPki();
beforeAll(async () => {
  [silent, dns, hole, expiring] = await Promise.all([startSilentServer(), startDnsServer({}, { silent: true }), startBlackhole(), startTlsServer(pki.expiresIn5Days)]);
});
afterAll(async () => {
  await Promise.all([silent.close(), dns.close(), hole.close(), expiring.close()]);
});

const hp = () => `127\\.0\\.0\\.1:${silent.port}`;

const silentScenarios: Array<{ name: string; check: () => Record<string, unknown>; reason: () => RegExp }> = [
  { name: 'postgres', check: () => ({ type: 'postgres', url: `postgres://app@127.0.0.1:${silent.port}/app` }), reason: () => new RegExp(`^timeout: no answer within 1 s after connect at ${hp()}/app$`) },
  { name: 'mysql', check: () => ({ type: 'mysql', url: `mysql://app@127.0.0.1:${silent.port}/app` }), reason: () => new RegExp(`^timeout: no answer within 1 s after connect at ${hp()}/app$`) },
  { name: 'redis', check: () => ({ type: 'redis', url: `redis://127.0.0.1:${silent.port}` }), reason: () => new RegExp(`^timeout: no answer within 1 s after connect at ${hp()}$`) },
  { name: 'amqp', check: () => ({ type: 'amqp', url: `amqp://guest:guest@127.0.0.1:${silent.port}` }), reason: () => new RegExp(`^timeout: no handshake within 1 s at ${hp()} \\(connect, TLS or login unanswered\\)$`) },
  { name: 'nats', check: () => ({ type: 'nats', url: `nats://127.0.0.1:${silent.port}` }), reason: () => new RegExp(`^timeout: no handshake within 1 s at ${hp()} \\(connect, TLS or login unanswered\\)$`) },
  { name: 'mqtt', check: () => ({ type: 'mqtt', url: `mqtt://127.0.0.1:${silent.port}` }), reason: () => new RegExp(`^timeout: no handshake within 1 s at ${hp()} \\(connect, TLS or login unanswered\\)$`) },
  { name: 'tcp with a banner', check: () => ({ type: 'tcp', host: '127.0.0.1', port: silent.port, expect_banner: 'SSH-' }), reason: () => new RegExp(`^timeout: no banner within 1 s after connect at ${hp()}$`) },
  { name: 'tls', check: () => ({ type: 'tls', host: '127.0.0.1', port: silent.port }), reason: () => new RegExp(`^timeout: TLS handshake unfinished within 1 s at ${hp()}$`) },
  { name: 'dns', check: () => ({ type: 'dns', host: 'api.internal', servers: [dns.server] }), reason: () => /^timeout: no DNS answer within 1 s for api\.internal/ },
  { name: 'grpc', check: () => ({ type: 'grpc', address: `127.0.0.1:${silent.port}` }), reason: () => new RegExp(`^timeout: no response headers within 1 s after connect at ${hp()}$`) },
  { name: 'grpc over TLS', check: () => ({ type: 'grpc', address: `127.0.0.1:${silent.port}`, tls: true }), reason: () => new RegExp(`^timeout: TLS handshake unfinished within 1 s at ${hp()}$`) },
  { name: 'http', check: () => ({ type: 'http', url: `http://127.0.0.1:${silent.port}/health` }), reason: () => new RegExp(`^timeout: no response headers within 1 s after connect at ${hp()}$`) },
  { name: 'rate_limit', check: () => ({ type: 'rate_limit', url: `http://127.0.0.1:${silent.port}/api` }), reason: () => new RegExp(`^timeout: no response headers within 1 s after connect at ${hp()}$`) },
  { name: 'auth (client credentials)', check: () => ({ type: 'auth', client_credentials: { token_url: `http://127.0.0.1:${silent.port}/token`, client_id: 'smoke', client_secret: 'smoke-secret' }, introspection: { url: `http://127.0.0.1:${silent.port}/introspect` } }), reason: () => new RegExp(`^timeout: no response headers within 1 s after connect at ${hp()}$`) },
];

describe('each dependency silent', () => {
  it.each(silentScenarios)('$name', async (s) => {
    const run = await runFault({ dependency_checks: [{ name: 'dep', timeout_seconds: 1, required: true, ...s.check() }] });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { dep: { status: 'timed_out', reason: s.reason() } },
      finding: /does not answer in time|timeout/i,
      maxMs: 1_000 + PROCESS_MARGIN_MS,
    });
  });
});

describe('Prometheus silent: a measuring dependency', () => {
  it('cut just before the check\'s timeout: a warning naming where it hung, never a verdict on the deployment', async () => {
    const run = await runFault({ dependency_checks: [{ name: 'error-rate', type: 'prometheus', url: `http://127.0.0.1:${silent.port}`, query: 'up', threshold: '== 1', timeout_seconds: 1, required: true }] });
    expectRun(run, {
      code: 0,
      verdict: 'warning',
      checks: { 'error-rate': { status: 'error', reason: new RegExp(`^Prometheus at ${hp()} did not answer within \\d+ ms: cut waiting for response headers from ${hp()}$`) } },
      maxMs: 1_000 + PROCESS_MARGIN_MS,
    });
  });
});

const holeAt = () => `127\\.0\\.0\\.1:${hole.port}`;
const blackholed: Array<{ name: string; check: () => Record<string, unknown>; reason: () => RegExp }> = [
  { name: 'postgres', check: () => ({ type: 'postgres', url: `postgres://app@127.0.0.1:${hole.port}/app` }), reason: () => new RegExp(`^timeout: connect not accepted within 1 s at ${holeAt()}/app$`) },
  { name: 'mysql', check: () => ({ type: 'mysql', url: `mysql://app@127.0.0.1:${hole.port}/app` }), reason: () => new RegExp(`^timeout: connect not accepted within 1 s at ${holeAt()}/app$`) },
  { name: 'redis', check: () => ({ type: 'redis', url: `redis://127.0.0.1:${hole.port}` }), reason: () => new RegExp(`^timeout: connect not accepted within 1 s at ${holeAt()}$`) },
  { name: 'grpc', check: () => ({ type: 'grpc', address: `127.0.0.1:${hole.port}` }), reason: () => new RegExp(`^timeout: connect not accepted within 1 s at ${holeAt()}$`) },
];

describe('each driver\'s connect blackholed (a firewall dropping packets)', () => {
  it.each(blackholed)('$name', async (s) => {
    const run = await runFault({ dependency_checks: [{ name: 'dep', timeout_seconds: 1, required: true, ...s.check() }] });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { dep: { status: 'timed_out', reason: s.reason() } },
      finding: /does not answer in time/,
      maxMs: 1_000 + PROCESS_MARGIN_MS,
    });
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const slowQueries: Array<{ name: string; check: Record<string, unknown>; reason: RegExp }> = [
  { name: 'postgres: SELECT pg_sleep(10)', check: { type: 'postgres', url: PG_URL, query: 'SELECT pg_sleep(10)' }, reason: new RegExp(`^timeout: no answer within 1 s after connect at ${escape(new URL(PG_URL).host + new URL(PG_URL).pathname)}$`) },
  { name: 'mysql: SELECT SLEEP(10)', check: { type: 'mysql', url: 'mysql://root@127.0.0.1:3306/mysql', query: 'SELECT SLEEP(10)' }, reason: /^timeout: no answer within 1 s after connect at 127\.0\.0\.1:3306\/mysql$/ },
];

describe('a query the real server never answers in time', () => {
  it.each(slowQueries)('$name', async (s) => {
    const run = await runFault({ dependency_checks: [{ name: 'dep', timeout_seconds: 1, required: true, ...s.check }] });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { dep: { status: 'timed_out', reason: s.reason } },
      finding: /does not answer in time/,
      maxMs: 1_000 + PROCESS_MARGIN_MS,
    });
  });
});

describe('a certificate close to expiry (tls check)', () => {
  it('expires in 5 days, min_days_valid 14: fails naming the days, the date and the rule', async () => {
    const run = await runFault({ dependency_checks: [{ name: 'cert', type: 'tls', host: 'localhost', port: expiring.port, ca_file: pki.caFile, min_days_valid: 14, timeout_seconds: 2, required: true }] });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { cert: { status: 'failed', errorCode: 'CERT_EXPIRES_SOON', reason: /^certificate expires in 5 days \(\d{4}-\d\d-\d\dT[\d:.]+Z\), less than min_days_valid 14$/ } },
      finding: /expir/i,
      noFinding: /cannot be verified|self-signed/,
      maxMs: 2_000 + PROCESS_MARGIN_MS,
    });
  });
});

const wrongPasswords: Array<{ name: string; check: Record<string, unknown>; reason: RegExp; errorCode: string }> = [
  { name: 'mysql', check: { type: 'mysql', url: 'mysql://root:wrong-password@127.0.0.1:3306/mysql' }, reason: /^authentication failed for user 'root' at 127\.0\.0\.1:3306\/mysql$/, errorCode: 'ER_ACCESS_DENIED_ERROR' },
  { name: 'amqp', check: { type: 'amqp', url: 'amqp://guest:wrong-password@127.0.0.1:5672' }, reason: /^authentication failed for user 'guest' at 127\.0\.0\.1:5672$/, errorCode: 'EAUTH' },
];

describe('wrong passwords against the real services', () => {
  it.each(wrongPasswords)('$name', async (s) => {
    const run = await runFault({ dependency_checks: [{ name: 'dep', timeout_seconds: 5, required: true, ...s.check }] });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { dep: { status: 'failed', reason: s.reason, errorCode: s.errorCode } },
      finding: /rejects the credentials/,
      maxMs: 5_000 + PROCESS_MARGIN_MS,
    });
    // The password never reaches the reports or the console.
    for (const text of [run.stdout, run.stderr, JSON.stringify(run.report)]) if (text.includes('wrong-password')) throw new Error('password leaked');
  });
});
