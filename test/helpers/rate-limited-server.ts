import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How the limited server advertises its limit. */
export type HeaderStyle = 'ietf-structured' | 'ietf-dictionary' | 'ietf-separate' | 'x-ratelimit' | 'none';

export interface RateLimitedServerOptions {
  /** Bucket size: requests allowed in a burst before the first 429. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  headerStyle?: HeaderStyle;
  /** Send Retry-After on 429 (default true). */
  retryAfter?: boolean;
  /** Never limit (the unlimited server). */
  unlimited?: boolean;
  /** Answer 503 to every n-th request (a limiter that breaks under load). */
  failEvery?: number;
  /** Delay each answer by this many ms (makes concurrency observable). */
  delayMs?: number;
}

export interface RateLimitedServer {
  port: number;
  url: string;
  /** Requests received. */
  received(): number;
  close(): Promise<void>;
}

/**
 * A token-bucket rate-limited HTTP server on 127.0.0.1: 200 while tokens last, then 429 with
 * Retry-After (seconds until the next token) and the rate-limit headers of the chosen style.
 */
export async function startRateLimitedServer(options: RateLimitedServerOptions): Promise<RateLimitedServer> {
  const style = options.headerStyle ?? 'ietf-structured';
  let tokens = options.capacity;
  let last = Date.now();
  let count = 0;
  const window = Math.max(1, Math.round(options.capacity / options.refillPerSecond));

  const headersFor = (remaining: number, reset: number): Record<string, string> => {
    const limit = options.capacity;
    switch (style) {
      case 'ietf-structured':
        return { 'RateLimit-Policy': `"default";q=${limit};w=${window}`, RateLimit: `"default";r=${remaining};t=${reset}` };
      case 'ietf-dictionary':
        return { 'RateLimit-Policy': `${limit};w=${window}`, RateLimit: `limit=${limit}, remaining=${remaining}, reset=${reset}` };
      case 'ietf-separate':
        return { 'RateLimit-Limit': `${limit}, ${limit};w=${window}`, 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': String(reset) };
      case 'x-ratelimit':
        return { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + reset) };
      case 'none':
        return {};
    }
  };

  const answer = (res: ServerResponse) => {
    count++;
    if (options.failEvery && count % options.failEvery === 0) {
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end('{"error":"upstream overloaded"}');
    }
    const now = Date.now();
    tokens = Math.min(options.capacity, tokens + ((now - last) / 1000) * options.refillPerSecond);
    last = now;
    if (options.unlimited || tokens >= 1) {
      if (!options.unlimited) tokens -= 1;
      const reset = Math.ceil((options.capacity - tokens) / options.refillPerSecond);
      res.writeHead(200, { 'content-type': 'application/json', ...(options.unlimited ? {} : headersFor(Math.floor(tokens), reset)) });
      return res.end('{"ok":true}');
    }
    const retryAfter = Math.max(1, Math.ceil((1 - tokens) / options.refillPerSecond));
    const headers = { 'content-type': 'application/json', ...headersFor(0, retryAfter), ...(options.retryAfter === false ? {} : { 'Retry-After': String(retryAfter) }) };
    res.writeHead(429, headers);
    res.end('{"error":"too many requests"}');
  };

  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => (options.delayMs ? setTimeout(() => answer(res), options.delayMs) : answer(res)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
