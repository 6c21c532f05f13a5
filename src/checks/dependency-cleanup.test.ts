import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../test/helpers/run-check.js';
import type { CheckType } from './check-type.js';
import { amqp } from './amqp/amqp.js';
import { mqtt } from './mqtt/mqtt.js';
import { mysql } from './mysql/mysql.js';
import { nats } from './nats/nats.js';
import { redis } from './redis/redis.js';
import { tcp } from './tcp/tcp.js';
import { startCountingProxy } from '../../test/helpers/counting-proxy.js';

/**
 * A check cut at its deadline must not leave its socket behind: a smoke run with many hung
 * dependencies would otherwise keep the process (and the server's connection slots) busy
 * after its verdict. A silent server that tracks open sockets shows what each driver leaves.
 */
let server: Server;
let port: number;
const open = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    open.add(socket);
    // Read and drop what the client sends: unread data would hide its FIN from us.
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise((r) => server.close(r));
});

const cases: Array<{ name: string; type: CheckType; options: () => Record<string, unknown> }> = [
  { name: 'mysql', type: mysql, options: () => ({ host: '127.0.0.1', port, user: 'app' }) },
  { name: 'redis', type: redis, options: () => ({ host: '127.0.0.1', port }) },
  { name: 'redis over TLS', type: redis, options: () => ({ url: `rediss://127.0.0.1:${port}` }) },
  { name: 'amqp', type: amqp, options: () => ({ url: `amqp://127.0.0.1:${port}` }) },
  { name: 'nats', type: nats, options: () => ({ url: `nats://127.0.0.1:${port}` }) },
  { name: 'mqtt', type: mqtt, options: () => ({ url: `mqtt://127.0.0.1:${port}` }) },
  { name: 'tcp with a banner expected', type: tcp, options: () => ({ host: '127.0.0.1', port, expect_banner: 'x' }) },
];

describe('a check cut at its deadline closes its connection', () => {
  it.each(cases)('$name', async ({ type, options }) => {
    for (const s of open) s.destroy();
    const run = await runCheck(type, options(), { timeoutMs: 600 });
    expect(run.elapsedMs).toBeLessThan(1600);
    // The server sees the close within a moment of the check returning.
    const until = Date.now() + 500;
    while (open.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(open.size).toBe(0);
  });
});


const passing: Array<{ name: string; type: CheckType; servicePort: number; options: (port: number) => Record<string, unknown>; status?: 'failed' }> = [
  { name: 'mysql', type: mysql, servicePort: 3306, options: (port) => ({ host: '127.0.0.1', port, user: 'root' }) },
  { name: 'redis with INFO', type: redis, servicePort: 6379, options: (port) => ({ host: '127.0.0.1', port, expect_info: { role: 'master' } }) },
  { name: 'amqp', type: amqp, servicePort: 5672, options: (port) => ({ url: `amqp://guest:guest@127.0.0.1:${port}` }) },
  { name: 'nats with a JetStream lookup', type: nats, servicePort: 4222, options: (port) => ({ url: `nats://127.0.0.1:${port}`, jetstream_stream: 'NO_SUCH_STREAM_FOR_CLEANUP' }), status: 'failed' },
  { name: 'mqtt with a round trip', type: mqtt, servicePort: 1883, options: (port) => ({ url: `mqtt://127.0.0.1:${port}`, round_trip_topic: 'smokeguard/cleanup' }) },
  { name: 'tcp', type: tcp, servicePort: 5432, options: (port) => ({ host: '127.0.0.1', port }) },
];

describe('a check against a real service closes its connection afterwards, passed or failed', () => {
  it.each(passing)('$name', async ({ type, servicePort, options, status }) => {
    const proxy = await startCountingProxy(servicePort);
    try {
      const run = await runCheck(type, options(proxy.port));
      expect(run.outcome?.status, run.outcome?.reason).toBe(status ?? 'passed');
      const until = Date.now() + 500;
      while (proxy.open() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(proxy.open()).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
