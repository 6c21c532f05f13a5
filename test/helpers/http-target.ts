import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { listenTracked } from './listen.js';

/** A canned answer: status, headers and a body (objects are sent as JSON). */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Route = CannedResponse | ((req: IncomingMessage, body: string) => CannedResponse | Promise<CannedResponse>);

export interface HttpTarget {
  port: number;
  /** `http://127.0.0.1:PORT` (or https://localhost:PORT with TLS). */
  url: string;
  /** Requests seen, in order: method, path, headers, body. */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

function send(res: ServerResponse, answer: CannedResponse): void {
  const headers = { ...answer.headers };
  let body: string | Buffer = '';
  if (typeof answer.body === 'string' || Buffer.isBuffer(answer.body)) body = answer.body;
  else if (answer.body !== undefined) {
    body = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(answer.status ?? 200, headers);
  res.end(body);
}

/**
 * A local HTTP(S) target with a table of routes keyed by "METHOD /path" or "/path" (any method);
 * unknown paths answer 404. Listens on 127.0.0.1, port 0.
 */
export async function startHttpTarget(routes: Record<string, Route>, tls?: { cert: Buffer; key: Buffer }): Promise<HttpTarget> {
  const requests: HttpTarget['requests'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const route = routes[`${req.method} ${path}`] ?? routes[path];
      if (!route) return send(res, { status: 404, body: { error: 'not found' } });
      Promise.resolve(typeof route === 'function' ? route(req, body) : route).then(
        (answer) => send(res, answer),
        (err: unknown) => send(res, { status: 500, body: String(err) }),
      );
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createHttpServer(handler);
  // TLS handshake failures (the client rejecting our certificate) are expected in tests.
  server.on('tlsClientError', () => {});
  const { port, close } = await listenTracked(server);
  return { port, url: tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`, requests, close };
}
