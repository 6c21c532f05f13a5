import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { tcp } from './tcp.js';

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let greeter: Server;
let greeterPort: number;
let refused: number;

beforeAll(async () => {
  silent = await startSilentServer();
  refused = await closedPort();
  // A server that greets like SMTP and hangs up.
  greeter = createServer((s) => s.end('220 mail.example ESMTP ready\r\n'));
  await new Promise<void>((r) => greeter.listen(0, '127.0.0.1', r));
  greeterPort = (greeter.address() as { port: number }).port;
});
afterAll(async () => {
  await silent.close();
  await new Promise((r) => greeter.close(r));
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: PostgreSQL port accepts', options: () => ({ host: '127.0.0.1', port: 5432 }), expect: { status: 'passed' } },
  { name: 'healthy: localhost resolves and accepts', options: () => ({ host: 'localhost', port: 6379 }), expect: { status: 'passed' } },
  { name: 'nothing listening', options: () => ({ host: '127.0.0.1', port: refused }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'host not found', options: () => ({ host: 'no-such-host.invalid', port: 80 }), expect: { status: 'failed', reason: /host not found \(DNS\) at no-such-host\.invalid:80|DNS lookup failed/ } },
  { name: 'accepts then silent, no banner expected: a connect is enough', options: () => ({ host: '127.0.0.1', port: silent.port }), expect: { status: 'passed' } },
  { name: 'accepts then silent, banner expected: cut at the timeout', options: () => ({ host: '127.0.0.1', port: silent.port, expect_banner: 'SSH-2.0' }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
  { name: 'banner as expected', options: () => ({ host: '127.0.0.1', port: greeterPort, expect_banner: '220 ' }), expect: { status: 'passed' } },
  { name: 'banner differs', options: () => ({ host: '127.0.0.1', port: greeterPort, expect_banner: 'SSH-2.0' }), expect: { status: 'failed', reason: /sending "220 mail\.example ESMTP ready\\r\\n", expected a banner containing "SSH-2\.0"/ } },
];

describe('tcp check', () => {
  it.each(scenarios)('$name', async ({ options, timeoutMs, expect: expected }) => {
    const run = await runCheck(tcp, options(), { timeoutMs });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('closes its connection afterwards, whatever the outcome', async () => {
    let closed = 0;
    let allClosed = () => {};
    const bothClosed = new Promise<void>((r) => (allClosed = r));
    const server = createServer((s) => s.on('close', () => ++closed === 2 && allClosed()).on('error', () => {}));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await runCheck(tcp, { host: '127.0.0.1', port });
    await runCheck(tcp, { host: '127.0.0.1', port, expect_banner: 'x' }, { timeoutMs: 300 });
    await bothClosed; // a connection left open would hang here until the test's timeout fails it
    await new Promise((r) => server.close(r));
    expect(closed).toBe(2);
  });
});
