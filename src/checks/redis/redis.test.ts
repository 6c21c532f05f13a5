import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../../test/helpers/child-server.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { redis } from './redis.js';

// The machine's Redis (6379) runs without auth; the test starts its own with a password and an
// ACL user, and one that speaks only TLS with a certificate made here by openssl.
const PASSWORD = 'requirepass-secret';
const APP_PASSWORD = 'app-user-secret';
const REDIS_ARGS = ['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--bind', '127.0.0.1'];

let dir: string;
let certFile: string;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
let authed: ChildServer;
let tls: ChildServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smokeguard-redis-'));
  certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  silent = await startSilentServer();
  refused = await closedPort();
  const authPort = await closedPort();
  authed = await startChildServer('redis-server', ['--port', String(authPort), ...REDIS_ARGS, '--requirepass', PASSWORD, '--user', 'app', 'on', `>${APP_PASSWORD}`, '~*', '+@all'], authPort);
  const tlsPort = await closedPort();
  tls = await startChildServer('redis-server', ['--port', '0', '--tls-port', String(tlsPort), '--tls-cert-file', certFile, '--tls-key-file', keyFile, '--tls-auth-clients', 'no', ...REDIS_ARGS], tlsPort);
});
afterAll(async () => {
  await Promise.all([authed?.stop(), tls?.stop(), silent?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; env?: () => Record<string, string>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: PING answers PONG', options: () => ({ url: 'redis://127.0.0.1:6379' }), expect: { status: 'passed', details: { tls: false } } },
  { name: 'healthy: REDIS_URL by default', options: () => ({}), env: () => ({ REDIS_URL: 'redis://localhost:6379/0' }), expect: { status: 'passed' } },
  { name: 'no connection settings at all', options: () => ({}), expect: { status: 'error', reason: /set url \(or host\) on the check, or REDIS_URL/ } },
  { name: 'reply differs from expect_reply', options: () => ({ host: '127.0.0.1', command: 'ECHO hello', expect_reply: 'bye' }), expect: { status: 'failed', reason: /^ECHO replied "hello", expected "bye"$/ } },
  { name: 'INFO: role is master as expected', options: () => ({ host: '127.0.0.1', expect_info: { role: 'master' } }), expect: { status: 'passed', details: { role: 'master' } } },
  { name: 'INFO: role mismatch', options: () => ({ host: '127.0.0.1', expect_info: { role: 'slave' } }), expect: { status: 'failed', reason: /^INFO role is 'master', expected 'slave' at 127\.0\.0\.1:6379$/ } },
  { name: 'INFO: field missing', options: () => ({ host: '127.0.0.1', expect_info: { no_such_field: 1 } }), expect: { status: 'failed', reason: /INFO has no field 'no_such_field'/ } },
  { name: 'AUTH: password right', options: () => ({ host: '127.0.0.1', port: authed.port, password: PASSWORD }), expect: { status: 'passed' } },
  { name: 'AUTH: password wrong', options: () => ({ url: `redis://:wrong-password@127.0.0.1:${authed.port}` }), expect: { status: 'failed', reason: /^authentication failed for user 'default' at 127\.0\.0\.1:\d+$/, errorCode: 'EAUTH' } },
  { name: 'AUTH: none given, server requires it', options: () => ({ host: '127.0.0.1', port: authed.port }), expect: { status: 'failed', reason: /^authentication required at 127\.0\.0\.1:\d+/, errorCode: 'EAUTH' } },
  { name: 'ACL user and password right', options: () => ({ url: `redis://app:${APP_PASSWORD}@127.0.0.1:${authed.port}`, expect_info: { role: 'master' } }), expect: { status: 'passed' } },
  { name: 'ACL user, password wrong', options: () => ({ host: '127.0.0.1', port: authed.port, username: 'app', password: 'wrong-password' }), expect: { status: 'failed', reason: /^authentication failed for user 'app' at 127\.0\.0\.1:\d+$/ } },
  { name: 'TLS: rediss:// trusted through ca_file', options: () => ({ url: `rediss://localhost:${tls.port}`, ca_file: certFile }), expect: { status: 'passed', details: { tls: true } } },
  { name: 'TLS: tls by fields, insecure_tls', options: () => ({ host: '127.0.0.1', port: tls.port, tls: true, insecure_tls: true }), expect: { status: 'passed', details: { tls: true } } },
  { name: 'TLS: self-signed certificate not trusted', options: () => ({ url: `rediss://localhost:${tls.port}` }), expect: { status: 'failed', reason: /^TLS certificate is self-signed at localhost:\d+$/, errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
  { name: 'TLS: ca_file unreadable', options: () => ({ url: `rediss://localhost:${tls.port}`, ca_file: '/nonexistent/ca.pem' }), expect: { status: 'error', reason: /^cannot read ca_file \/nonexistent\/ca\.pem/ } },
  { name: 'nothing listening', options: () => ({ host: '127.0.0.1', port: refused }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'accepts then silent: cut at the timeout', options: () => ({ url: silent.url('redis') }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
  { name: 'TLS handshake never answered: cut at the timeout', options: () => ({ url: silent.url('rediss') }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
];

describe('redis check (real Redis on 6379, plus servers the test starts)', () => {
  it.each(scenarios)('$name', async ({ options, env, timeoutMs, expect: expected }) => {
    const run = await runCheck(redis, options(), { timeoutMs, env: env?.() });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('registers passwords so no output shows them', async () => {
    const run = await runCheck(redis, { url: `redis://app:${APP_PASSWORD}@127.0.0.1:${refused}`, password: PASSWORD });
    expect(run.redact(`${APP_PASSWORD} ${PASSWORD}`)).toBe('*** ***');
  });
});
