import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { arrival, type Arrival } from './arrivals.js';

/** One request as the simulator received it: what tests search for leaked secrets. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When it arrived (headers received), in the order of every simulator of the test process. */
  arrived: Arrival;
}

export interface SimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A local HTTP server (127.0.0.1, random port) that records every request and answers with
 * `handle`. `failNext(n, status)` makes the next n requests fail first (500-then-200 retry tests).
 */
export async function startSimServer(handle: (req: CapturedRequest) => SimReply | Promise<SimReply>) {
  const requests: CapturedRequest[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = arrival();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const captured: CapturedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), arrived };
    requests.push(captured);
    let reply: SimReply;
    if (failures.left > 0) {
      failures.left--;
      reply = { status: failures.status, body: 'simulated outage' };
    } else {
      reply = await handle(captured);
    }
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const type = typeof reply.body === 'string' || reply.body === undefined ? 'text/plain' : 'application/json';
    res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count: number, status = 500) {
      failures = { left: count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type SimServer = Awaited<ReturnType<typeof startSimServer>>;

export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}
