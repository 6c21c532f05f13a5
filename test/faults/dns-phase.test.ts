import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/util/http.js';
import { DeadlineError } from '../../src/util/abort.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';

/**
 * An HTTP check whose host name never resolves says so: "no DNS answer within … for host:port",
 * not "connect not accepted" or "no response headers". The system resolver cannot be pointed at a
 * test server, so the client gets a real node:dns Resolver (UDP queries over 127.0.0.1) whose
 * server is ours: one that receives every query and never answers, and one that answers.
 */
let silentDns: Socket;
let answeringDns: Socket;
let target: HttpTarget;
const queries: Buffer[] = [];

/** A DNS answer to `query`: one A record, 127.0.0.1 (RFC 1035 §4.1, name by compression pointer). */
function answerWithLoopback(query: Buffer): Buffer {
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); // response, recursion desired + available, no error
  header.writeUInt16BE(1, 6); // one answer
  header.writeUInt16BE(0, 8);
  header.writeUInt16BE(0, 10);
  let end = 12;
  while (query[end] !== 0) end += query[end]! + 1;
  const question = query.subarray(12, end + 5);
  const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
  return Buffer.concat([header, question, answer]);
}

function lookupVia(server: Socket): LookupFunction {
  const resolver = new Resolver({ timeout: 60_000, tries: 1 });
  resolver.setServers([`127.0.0.1:${server.address().port}`]);
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver.resolve4(hostname, (err, addresses) => {
      if (err) return callback(err);
      if (options.all) return callback(null, addresses.map((address) => ({ address, family: 4 })));
      callback(null, addresses[0], 4);
    });
  }) as LookupFunction;
}

async function udpServer(onQuery: (msg: Buffer, reply: (b: Buffer) => void) => void): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => onQuery(msg, (b) => socket.send(b, rinfo.port, rinfo.address)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

beforeAll(async () => {
  silentDns = await udpServer((msg) => queries.push(msg));
  answeringDns = await udpServer((msg, reply) => reply(answerWithLoopback(msg)));
  target = await startHttpTarget({ '/health': { body: { status: 'ok' } } });
});
afterAll(async () => {
  silentDns.close();
  answeringDns.close();
  await target.close();
});

describe('an HTTP request whose DNS lookup hangs', () => {
  it('is cut at its deadline and named as the DNS phase with host:port', async () => {
    const client = createHttpClient({ lookup: lookupVia(silentDns) });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const error = await client.request({ method: 'GET', url: 'http://orders.smokeguard.test:8080/health', signal: controller.signal }).catch((e: unknown) => e);
    clearTimeout(timer);
    await client.close();
    expect(queries.length).toBeGreaterThan(0); // the query really reached the silent server
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).at).toEqual({ phase: 'dns', where: 'orders.smokeguard.test:8080' });
  });

  it('moves on to connect once the name resolves (the same resolver, a server that answers)', async () => {
    const client = createHttpClient({ lookup: lookupVia(answeringDns) });
    const controller = new AbortController();
    const port = new URL(target.url).port;
    const res = await client.request({ method: 'GET', url: `http://orders.smokeguard.test:${port}/health`, signal: controller.signal });
    await client.close();
    expect(res.status).toBe(200);
  });
});
