import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A small service with the seed's endpoints, to try smokeguard on without a deployment:
 * health, readiness (IETF health+json), liveness, login with a session cookie, a profile that
 * requires it, and a resources API. Faults can be switched on to show a critical run.
 */
export interface DemoFaults {
  /** `database-down`: readiness answers 503 naming the failing database component. */
  readiness?: 'ok' | 'database-down';
  /** `error`: login answers 500 (auth service timeout). */
  login?: 'ok' | 'error';
  /** `hang`: liveness accepts the request and never answers. */
  liveness?: 'ok' | 'hang';
  /** Readiness answers 503 this many times first, as a pod still warming up does. */
  readinessWarmup?: number;
  /** Version reported by /health. */
  version?: string;
}

export interface DemoService {
  url: string;
  port: number;
  faults: DemoFaults;
  /** Method and path of every request, in order (for tests). */
  requests: string[];
  /** Every session id and token handed out (for redaction tests). */
  issued: string[];
  close(): Promise<void>;
}

const USER = { email: 'test@example.com', password: 'test', name: 'Test User' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export async function startDemoService(options: { port?: number; host?: string; faults?: DemoFaults } = {}): Promise<DemoService> {
  const faults: DemoFaults = { readiness: 'ok', login: 'ok', liveness: 'ok', version: '1.22.0', ...options.faults };
  const sessions = new Map<string, string>();
  const tokens = new Map<string, string>();
  const resources = new Map<string, { id: string; name: string }>([['1', { id: '1', name: 'first' }]]);
  let nextId = 2;
  const requests: string[] = [];
  const issued: string[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const route = `${req.method} ${url.pathname}`;
    requests.push(route);
    const userOf = () => {
      const sid = cookie(req, 'session');
      if (sid && sessions.has(sid)) return sessions.get(sid);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return bearer ? tokens.get(bearer) : undefined;
    };
    switch (route) {
      case 'GET /health':
        return send(res, 200, { status: 'pass', version: faults.version });
      case 'GET /health/ready':
        if (faults.readinessWarmup && faults.readinessWarmup > 0) {
          faults.readinessWarmup--;
          return send(res, 503, { status: 'fail', checks: { 'startup:warmup': [{ status: 'fail', output: 'warming up' }] } }, { 'content-type': 'application/health+json' });
        }
        if (faults.readiness === 'database-down') {
          return send(res, 503, {
            status: 'fail',
            checks: {
              'database:connections': [{ componentType: 'datastore', status: 'fail', output: 'connect ECONNREFUSED 127.0.0.1:5432' }],
              'cache:ping': [{ componentType: 'datastore', status: 'pass' }],
            },
          }, { 'content-type': 'application/health+json' });
        }
        return send(res, 200, { status: 'pass', checks: { 'database:connections': [{ status: 'pass' }], 'cache:ping': [{ status: 'pass' }] } }, { 'content-type': 'application/health+json' });
      case 'GET /auth/health':
        // The demo's stand-in for its auth service.
        return faults.login === 'error' ? send(res, 504, { status: 'fail', output: 'upstream identity provider timed out' }) : send(res, 200, { status: 'pass' });
      case 'GET /health/live':
        if (faults.liveness === 'hang') {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        return send(res, 200, { status: 'pass' });
      case 'POST /api/auth/login': {
        const body = await readJson(req);
        if (faults.login === 'error') return send(res, 500, { error: 'auth service timeout during authentication' });
        if (body.email !== USER.email || body.password !== USER.password) return send(res, 401, { error: 'invalid credentials' });
        const sid = randomBytes(16).toString('hex');
        const token = randomBytes(24).toString('base64url');
        issued.push(sid, token);
        sessions.set(sid, USER.email);
        tokens.set(token, USER.email);
        return send(res, 200, { token, user: { email: USER.email } }, { 'set-cookie': `session=${sid}; Path=/; HttpOnly; SameSite=Lax` });
      }
      case 'POST /api/auth/logout': {
        const sid = cookie(req, 'session');
        if (sid) sessions.delete(sid);
        return send(res, 200, { ok: true }, { 'set-cookie': 'session=; Path=/; Max-Age=0' });
      }
      case 'GET /api/user/profile': {
        const email = userOf();
        return email ? send(res, 200, { email, name: USER.name }) : send(res, 401, { error: 'not signed in' });
      }
      case 'POST /api/echo': {
        // Echoes what it was sent, as a misbehaving debug endpoint would: secrets included.
        const body = await readJson(req);
        return send(res, 418, { headers: req.headers, body });
      }
      case 'GET /api/resources':
        return send(res, 200, { items: [...resources.values()] });
      case 'POST /api/resources': {
        if (!userOf()) return send(res, 401, { error: 'not signed in' });
        const body = await readJson(req);
        const item = { id: String(nextId++), name: String(body.name ?? 'unnamed') };
        resources.set(item.id, item);
        return send(res, 201, item, { location: `/api/resources/${item.id}` });
      }
    }
    const item = /^\/api\/resources\/([^/]+)$/.exec(url.pathname);
    if (item) {
      const id = decodeURIComponent(item[1]!);
      if (req.method === 'GET') return resources.has(id) ? send(res, 200, resources.get(id)) : send(res, 404, { error: 'not found' });
      if (req.method === 'DELETE') {
        if (!userOf()) return send(res, 401, { error: 'not signed in' });
        resources.delete(id);
        res.writeHead(204).end();
        return;
      }
    }
    send(res, 404, { error: `no route ${route}` });
  });
  server.keepAliveTimeout = 5_000;
  // A port already taken rejects (serve.js says so in one line) instead of an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    requests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
