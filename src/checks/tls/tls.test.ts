import { afterAll, describe, expect, it } from 'vitest';
import { checkOptionProblems, checkOptions } from '../../../test/helpers/check-options.js';
import { testContext } from '../../../test/helpers/check-context.js';
import { startHttpTarget } from '../../../test/helpers/http-target.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { testPki, type TestCert } from '../../../test/helpers/tls-certs.js';
import { startTlsServer } from '../../../test/helpers/tls-server.js';
import type { CheckOutcome } from '../../core/types.js';
import { formatDays } from './certificate.js';
import { tls } from './tls.js';

const pki = testPki();
const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

interface Scenario {
  name: string;
  cert: TestCert;
  entry: Record<string, unknown>;
  status: CheckOutcome['status'];
  reason: RegExp;
  errorCode?: string;
  daysLeft?: number;
}

const scenarios: Scenario[] = [
  { name: 'valid chain for localhost', cert: pki.valid, entry: { host: 'localhost', ca_file: pki.caFile, min_days_valid: 30 }, status: 'passed', reason: /^certificate valid for 365 days \(localhost, until .+\)$/, daysLeft: 365 },
  { name: 'valid for the IP address in its SAN', cert: pki.valid, entry: { host: '127.0.0.1', ca_file: pki.caFile }, status: 'passed', reason: /valid for \d+ days \(127\.0\.0\.1,/ },
  { name: 'servername overrides the name checked', cert: pki.wrongHost, entry: { host: '127.0.0.1', servername: 'wrong.example', ca_file: pki.caFile }, status: 'passed', reason: /valid for \d+ days \(wrong\.example,/ },
  { name: 'expiring in 5 days with min_days_valid 14', cert: pki.expiresIn5Days, entry: { host: 'localhost', ca_file: pki.caFile, min_days_valid: 14 }, status: 'failed', reason: /^certificate expires in 5 days \(.*\), less than min_days_valid 14$/, errorCode: 'CERT_EXPIRES_SOON', daysLeft: 5 },
  { name: 'expiring in 5 days passes min_days_valid 3', cert: pki.expiresIn5Days, entry: { host: 'localhost', ca_file: pki.caFile, min_days_valid: 3 }, status: 'passed', reason: /^certificate valid for 5 days \(/, daysLeft: 5 },
  { name: 'expired', cert: pki.expired, entry: { host: 'localhost', ca_file: pki.caFile }, status: 'failed', reason: /^certificate expired \d+ days ago \(2020-02-01T00:00:00\.000Z\)$/, errorCode: 'CERT_HAS_EXPIRED' },
  { name: 'wrong host name', cert: pki.wrongHost, entry: { host: 'localhost', ca_file: pki.caFile }, status: 'failed', reason: /^certificate is not valid for localhost: it names DNS:wrong\.example$/, errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
  { name: 'unknown CA (no ca_file)', cert: pki.valid, entry: { host: 'localhost' }, status: 'failed', reason: /cannot be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\).*issuer smokeguard test CA/, errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
  { name: 'not valid yet', cert: pki.notYetValid, entry: { host: 'localhost', ca_file: pki.caFile }, status: 'failed', reason: /^TLS certificate is not valid yet \(CERT_NOT_YET_VALID\) at localhost:\d+; issuer smokeguard test CA$/, errorCode: 'CERT_NOT_YET_VALID' },
  { name: 'self-signed', cert: pki.selfSigned, entry: { host: 'localhost', ca_file: pki.caFile }, status: 'failed', reason: /self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/, errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
];

describe('tls check', () => {
  it.each(scenarios)('$name', async (s) => {
    const server = await startTlsServer(s.cert);
    servers.push(server);
    const ctx = testContext();
    try {
      const out = await tls.run(checkOptions(tls, { port: server.port, ...s.entry }), ctx);
      expect(out.status, out.reason).toBe(s.status);
      // A pass says what it measured in `summary`; a failure says why in `reason`.
      expect(out.status === 'passed' ? out.summary : out.reason).toMatch(s.reason);
      if (s.status === 'passed') expect(out.reason).toBeUndefined();
      expect(out.target).toBe(`${String(s.entry.host)}:${server.port}`);
      if (s.errorCode) expect(out.errorCode).toBe(s.errorCode);
      if (s.daysLeft !== undefined) expect(out.details?.daysLeft).toBe(s.daysLeft);
      expect(out.details?.validTo).toBeTypeOf('string');
    } finally {
      await ctx.dispose();
    }
  });

  it('nothing listening: connection refused', async () => {
    const port = await closedPort();
    const ctx = testContext();
    try {
      const out = await tls.run(checkOptions(tls, { host: '127.0.0.1', port }), ctx);
      expect(out).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED', reason: `connection refused at 127.0.0.1:${port}` });
    } finally {
      await ctx.dispose();
    }
  });

  it('a plaintext server: the handshake fails, said plainly', async () => {
    const target = await startHttpTarget({ '/': { body: 'hello' } });
    const ctx = testContext();
    try {
      const out = await tls.run(checkOptions(tls, { host: '127.0.0.1', port: target.port }), ctx);
      expect(out).toMatchObject({ status: 'failed', errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER' });
      expect(out.reason).toBe(`TLS handshake failed at 127.0.0.1:${target.port}: wrong version number (the server does not speak TLS on this port?)`);
    } finally {
      await ctx.dispose();
      await target.close();
    }
  });

  it('accepts and stays silent: cut at the timeout', async () => {
    const silent = await startSilentServer();
    const ctx = testContext({ timeoutMs: 700 });
    const started = Date.now();
    try {
      await expect(tls.run(checkOptions(tls, { host: '127.0.0.1', port: silent.port }), ctx)).rejects.toThrow(/deadline/);
      expect(Date.now() - started).toBeLessThan(700 + 1000);
      expect(silent.connections()).toBe(1);
    } finally {
      await ctx.dispose();
      await silent.close();
    }
  });

  it('an unreadable ca_file is an error of the check, not of the target', async () => {
    const ctx = testContext();
    try {
      const out = await tls.run(checkOptions(tls, { host: 'localhost', port: 1, ca_file: '/nonexistent/ca.pem' }), ctx);
      expect(out.status).toBe('error');
      expect(out.reason).toMatch(/cannot read ca_file \/nonexistent\/ca\.pem/);
    } finally {
      await ctx.dispose();
    }
  });

  it('config: host is required, port defaults to 443, bad values named', () => {
    expect(checkOptions(tls, { host: 'example.com' })).toMatchObject({ port: 443 });
    expect(checkOptionProblems(tls, {})).toEqual([expect.stringMatching(/^host: /)]);
    expect(checkOptionProblems(tls, { host: 'https://api.example.com' })).toEqual(['host: a host name or IP address, not a URL (e.g. api.example.com)']);
    expect(checkOptionProblems(tls, { host: '::1' })).toEqual([]);
    expect(checkOptionProblems(tls, { host: 'x', port: 70000, min_days_valid: -1 }).map((p) => p.split(':')[0])).toEqual(['port', 'min_days_valid']);
  });
});

describe('formatDays', () => {
  it.each([
    [4.9999, undefined, '5 days'],
    [1.2, undefined, '1 day'],
    [-2490.4, undefined, '2490 days'],
    [13.6, 14, '13.6 days'],
    [13.4, 14, '13 days'],
  ])('%s days (min %s) reads "%s"', (exact, min, text) => {
    expect(formatDays(exact, min)).toBe(text);
  });
});
