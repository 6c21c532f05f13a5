import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrpcHealthServer, type GrpcHealthServer } from '../../test/helpers/grpc-health-server.js';
import { runCheck } from '../../test/helpers/run-check.js';
import { testPki } from '../../test/helpers/tls-certs.js';
import { startTlsServer } from '../../test/helpers/tls-server.js';
import type { CheckType } from './check-type.js';
import { grpc } from './grpc/grpc.js';
import { tls } from './tls/tls.js';
import { startCountingProxy } from '../../test/helpers/counting-proxy.js';

/**
 * The socket-level checks (grpc, tls) leave no connection behind: neither when the deadline cuts
 * them against a silent server, nor after a passing check. (The HTTP-based types share the run's
 * pooled client, which the runner closes at the end of the run.)
 */
const open = new Set<Socket>();
let silent: Server;
let silentPort: number;
beforeAll(async () => {
  silent = createServer((socket) => {
    open.add(socket);
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise((r) => silent.close(r));
});

async function waitUntil(done: () => boolean, ms = 1_000): Promise<void> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

describe('a check cut at its deadline closes its connection', () => {
  const cases: Array<{ name: string; type: CheckType; options: () => Record<string, unknown> }> = [
    { name: 'tls', type: tls, options: () => ({ host: '127.0.0.1', port: silentPort }) },
    { name: 'grpc plaintext', type: grpc, options: () => ({ address: `127.0.0.1:${silentPort}` }) },
    { name: 'grpc over TLS', type: grpc, options: () => ({ address: `127.0.0.1:${silentPort}`, tls: true }) },
  ];
  it.each(cases)('$name', async ({ type, options }) => {
    for (const s of open) s.destroy();
    const run = await runCheck(type, options(), { timeoutMs: 600 });
    expect((run.error as Error | undefined)?.name, run.outcome?.reason).toBe('AbortError');
    expect(run.elapsedMs).toBeLessThan(1_600);
    await waitUntil(() => open.size === 0);
    expect(open.size).toBe(0);
  });
});


describe('a passing check hangs up afterwards', () => {
  const pki = testPki();
  let grpcServer: GrpcHealthServer;
  let tlsServer: { port: number; close(): Promise<void> };
  beforeAll(async () => {
    grpcServer = await startGrpcHealthServer();
    tlsServer = await startTlsServer(pki.valid);
  });
  afterAll(async () => {
    await grpcServer.close();
    await tlsServer.close();
  });

  const cases: Array<{ name: string; type: CheckType; upstream: () => number; options: (port: number) => Record<string, unknown> }> = [
    { name: 'grpc', type: grpc, upstream: () => grpcServer.port, options: (port) => ({ address: `127.0.0.1:${port}` }) },
    { name: 'tls', type: tls, upstream: () => tlsServer.port, options: (port) => ({ host: 'localhost', port, ca_file: pki.caFile }) },
  ];
  it.each(cases)('$name', async ({ type, upstream, options }) => {
    const proxy = await startCountingProxy(upstream());
    try {
      const run = await runCheck(type, options(proxy.port));
      expect(run.outcome?.status, run.outcome?.reason).toBe('passed');
      await waitUntil(() => proxy.open() === 0);
      expect(proxy.open()).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
