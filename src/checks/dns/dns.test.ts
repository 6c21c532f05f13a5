import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOptionProblems } from '../../../test/helpers/check-options.js';
import { startDnsServer } from '../../../test/helpers/dns-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { dns } from './dns.js';

// The system resolver for localhost (/etc/hosts) and a .invalid name; a DNS server the test
// runs on 127.0.0.1 for record types; one that never answers; a UDP port nobody reads.
let local: Awaited<ReturnType<typeof startDnsServer>>;
let silent: Awaited<ReturnType<typeof startDnsServer>>;
let deadPort: number;

beforeAll(async () => {
  local = await startDnsServer({
    'api.smokeguard.test': { A: ['10.1.2.3', '10.1.2.4'], AAAA: ['fd00::1'] },
    'v4only.smokeguard.test': { A: ['10.1.2.5'] },
    'www.smokeguard.test': { CNAME: 'api.smokeguard.test' },
  });
  silent = await startDnsServer({}, { silent: true });
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  deadPort = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  await Promise.all([local.close(), silent.close()]);
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'system lookup: localhost resolves', options: () => ({ host: 'localhost' }), expect: { status: 'passed' } },
  { name: 'system lookup: localhost to the expected address', options: () => ({ host: 'localhost', expect_addresses: ['127.0.0.1'] }), expect: { status: 'passed' } },
  { name: 'system lookup: address mismatch', options: () => ({ host: 'localhost', expect_addresses: ['10.9.9.9'] }), expect: { status: 'failed', reason: /^'localhost' resolved to 127\.0\.0\.1(, [\d.:a-f]+)*, expected it to include 10\.9\.9\.9$/ } },
  { name: 'system lookup: .invalid name does not resolve', options: () => ({ host: 'no-such-service.invalid' }), expect: { status: 'failed', reason: /^'no-such-service\.invalid' does not resolve \(no such name\)$/, errorCode: 'ENOTFOUND' } },
  { name: 'A records from a given server', options: () => ({ host: 'api.smokeguard.test', record_type: 'A', servers: [local.server], expect_addresses: ['10.1.2.4'] }), expect: { status: 'passed', details: { answers: ['10.1.2.3', '10.1.2.4'] } } },
  { name: 'servers alone imply an A query', options: () => ({ host: 'api.smokeguard.test', servers: [local.server] }), expect: { status: 'passed', details: { answers: ['10.1.2.3', '10.1.2.4'] } } },
  { name: 'AAAA, expected address written long-hand', options: () => ({ host: 'api.smokeguard.test', record_type: 'AAAA', servers: [local.server], expect_addresses: ['fd00:0:0:0:0:0:0:1'] }), expect: { status: 'passed', details: { answers: ['fd00::1'] } } },
  { name: 'CNAME target, case and trailing dot ignored', options: () => ({ host: 'www.smokeguard.test', record_type: 'CNAME', servers: [local.server], expect_addresses: ['API.smokeguard.test.'] }), expect: { status: 'passed' } },
  { name: 'A records differ from the expected', options: () => ({ host: 'api.smokeguard.test', record_type: 'A', servers: [local.server], expect_addresses: ['10.1.2.3', '10.7.7.7'] }), expect: { status: 'failed', reason: /^'api\.smokeguard\.test' resolved to 10\.1\.2\.3, 10\.1\.2\.4, expected it to include 10\.7\.7\.7$/ } },
  { name: 'name unknown to the server (NXDOMAIN)', options: () => ({ host: 'nothing.invalid', record_type: 'A', servers: [local.server] }), expect: { status: 'failed', reason: /^'nothing\.invalid' does not resolve \(no such name\)$/, errorCode: 'ENOTFOUND' } },
  { name: 'name without that record type (NODATA)', options: () => ({ host: 'v4only.smokeguard.test', record_type: 'AAAA', servers: [local.server] }), expect: { status: 'failed', reason: /^'v4only\.smokeguard\.test' has no AAAA records$/, errorCode: 'ENODATA' } },
  { name: 'DNS server that never answers: cut at the timeout', options: () => ({ host: 'api.smokeguard.test', record_type: 'A', servers: [silent.server] }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
  { name: 'nothing reading on the DNS port', options: () => ({ host: 'api.smokeguard.test', record_type: 'A', servers: [`127.0.0.1:${deadPort}`] }), timeoutMs: 1000, expect: { status: 'failed', reason: /^connection refused by the DNS server at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
];

describe('dns check (system resolver and a DNS server on 127.0.0.1)', () => {
  it.each(scenarios)('$name', async ({ options, timeoutMs, expect: expected }) => {
    const run = await runCheck(dns, options(), { timeoutMs });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('asks the silent server, then stops waiting at the deadline', async () => {
    const before = silent.queries();
    const run = await runCheck(dns, { host: 'x.smokeguard.test', record_type: 'A', servers: [silent.server] }, { timeoutMs: 500 });
    expect(silent.queries()).toBeGreaterThan(before);
    expect(run.elapsedMs).toBeLessThan(1500);
  });

  it.each([
    { server: '10.0.0.2', ok: true },
    { server: '10.0.0.2:5353', ok: true },
    { server: '[fd00::2]:53', ok: true },
    { server: 'fd00::2', ok: true },
    { server: 'dns.example.com', ok: false },
    { server: '10.0.0.2:99999', ok: false },
  ])('servers entry $server accepted: $ok', ({ server, ok }) => {
    expect(checkOptionProblems(dns, { host: 'localhost', servers: [server] })).toHaveLength(ok ? 0 : 1);
  });

  it('rejects an unknown record type in the config', async () => {
    await expect(runCheck(dns, { host: 'localhost', record_type: 'BOGUS' })).rejects.toThrow(/record_type/);
  });
});
