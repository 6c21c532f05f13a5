import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';
import { startGrpcHealthServer, type GrpcHealthServer } from '../helpers/grpc-health-server.js';
import { startOAuth2Server, type OAuth2Server } from '../helpers/oauth2-server.js';
import { startRateLimitedServer, type RateLimitedServer } from '../helpers/rate-limited-server.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { testPki } from '../helpers/tls-certs.js';
import { startTlsServer } from '../helpers/tls-server.js';

/**
 * grpc, tls, auth and rate_limit through the built CLI (dist/): the config schema accepts them,
 * the runner runs them side by side, secrets stay out of the output, and a silent peer is
 * recorded as timed out at its own timeout.
 */
const pki = testPki();
let grpc: GrpcHealthServer;
let tls: { port: number; close(): Promise<void> };
let expiring: { port: number; close(): Promise<void> };
let idp: OAuth2Server;
let limited: RateLimitedServer;
let silent: Awaited<ReturnType<typeof startSilentServer>>;

beforeAll(async () => {
  grpc = await startGrpcHealthServer();
  tls = await startTlsServer(pki.valid);
  expiring = await startTlsServer(pki.expiresIn5Days);
  idp = await startOAuth2Server();
  limited = await startRateLimitedServer({ capacity: 10, refillPerSecond: 1 });
  silent = await startSilentServer();
});
afterAll(async () => {
  await Promise.all([grpc.close(), tls.close(), expiring.close(), idp.close(), limited.close(), silent.close()]);
});

function config() {
  return {
    timeout_seconds: 30,
    dependency_checks: [
      { name: 'orders-grpc', type: 'grpc', address: `127.0.0.1:${grpc.port}` },
      { name: 'api-cert', type: 'tls', host: 'localhost', port: tls.port, ca_file: pki.caFile, min_days_valid: 14 },
      { name: 'expiring-cert', type: 'tls', host: 'localhost', port: expiring.port, ca_file: pki.caFile, min_days_valid: 14, required: false },
      { name: 'auth-service', type: 'auth', client_credentials: { token_url: `${idp.url}/oauth/token`, client_id: 'smoke-client', client_secret: '${SMOKE_CLIENT_SECRET}' }, introspection: { url: `${idp.url}/oauth/introspect` } },
      { name: 'rate-limit', type: 'rate_limit', url: `${limited.url}/api`, mode: 'burst', requests: 40, concurrency: 1, expect_limited_after: 20 },
      { name: 'hung-grpc', type: 'grpc', address: `127.0.0.1:${silent.port}`, timeout_seconds: 1, required: false },
    ],
  };
}

describe('network checks through the built CLI', () => {
  it('runs grpc, tls, auth and rate_limit; warns on the expiring certificate and the hung server', async () => {
    const { dir } = await writeConfig(config());
    const run = await runCli(['run', '--json'], { cwd: dir, env: { SMOKE_CLIENT_SECRET: 'smoke-secret-1' } });
    expect(run.code, run.stderr).toBe(0);
    // --json: the result on stdout, the console on stderr; neither shows the client secret.
    expect(run.stdout + run.stderr).not.toContain('smoke-secret-1');
    expect(run.stderr).toMatch(/⚠ expiring-cert +certificate expires in 5 days/);
    const result = JSON.parse(run.stdout) as { verdict: string; checks: Array<{ name: string; status: string; reason?: string; details?: Record<string, unknown>; durationMs: number }> };
    const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
    expect(result.verdict).toBe('warning');
    expect(byName['orders-grpc']).toMatchObject({ status: 'passed', details: { servingStatus: 'SERVING' } });
    expect(byName['api-cert']).toMatchObject({ status: 'passed', details: { daysLeft: 365 } });
    expect(byName['expiring-cert']).toMatchObject({ status: 'failed' });
    expect(byName['expiring-cert']!.reason).toMatch(/^certificate expires in 5 days .*less than min_days_valid 14$/);
    expect(byName['auth-service']).toMatchObject({ status: 'passed', details: { active: true, tokenSource: 'client_credentials' } });
    expect(byName['rate-limit']).toMatchObject({ status: 'passed', details: { limitedAtRequest: 11 } });
    expect(byName['hung-grpc']).toMatchObject({ status: 'timed_out' });
    expect(byName['hung-grpc']!.durationMs).toBeLessThan(2_000);
  });

  it('a certificate close to expiry is analysed as such, not as a chain that cannot be verified', async () => {
    const { dir } = await writeConfig({ dependency_checks: [{ name: 'expiring-cert', type: 'tls', host: 'localhost', port: expiring.port, ca_file: pki.caFile, min_days_valid: 14 }] });
    const run = await runCli(['run', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const [finding] = (JSON.parse(run.stdout) as { findings: Array<{ title: string; probableCause: string; impact: string }> }).findings;
    expect(finding!.title).toContain('CERT_EXPIRES_SOON');
    expect(finding!.probableCause).not.toMatch(/cannot be verified|self-signed/);
    expect(finding!.probableCause).toMatch(/expires in 5 days/);
    expect(finding!.impact).not.toMatch(/refuse the connection: the service is unreachable/); // not yet: clients still connect
  });

  it('a ca_file that cannot be read is a measuring error (warning) on http checks too, as on tls and grpc ones', async () => {
    const missing = '/nonexistent/smokeguard-ca.pem';
    const { dir } = await writeConfig({
      health_checks: [{ name: 'readiness', url: `https://localhost:${tls.port}/health/ready`, ca_file: missing }],
      dependency_checks: [{ name: 'api-cert', type: 'tls', host: 'localhost', port: tls.port, ca_file: missing }],
    });
    const run = await runCli(['run', '--json'], { cwd: dir });
    const byName = Object.fromEntries((JSON.parse(run.stdout) as { checks: Array<{ name: string; status: string; reason?: string }> }).checks.map((c) => [c.name, c]));
    expect(byName['api-cert']).toMatchObject({ status: 'error', reason: expect.stringMatching(/^cannot read ca_file \/nonexistent\/smokeguard-ca\.pem: /) });
    expect(byName['readiness']).toMatchObject({ status: 'error', reason: expect.stringMatching(/^cannot read ca_file \/nonexistent\/smokeguard-ca\.pem: /) });
    expect(run.code).toBe(0); // smokeguard's own setting, not the deployment: no rollback
  });

  it('an invalid entry is a config error naming the field', async () => {
    const bad = config();
    bad.dependency_checks = [{ name: 'g', type: 'grpc', address: 'grpc://nope' } as never, { name: 'r', type: 'rate_limit', url: `${limited.url}/api`, mode: 'flood' } as never];
    const { dir } = await writeConfig(bad);
    const run = await runCli(['validate'], { cwd: dir });
    expect(run.code).toBe(2);
    const text = run.stdout + run.stderr;
    expect(text).toMatch(/dependency_checks\[0\]\.address: .*host:port/);
    expect(text).toMatch(/dependency_checks\[1\]\.mode/);
  });
});
