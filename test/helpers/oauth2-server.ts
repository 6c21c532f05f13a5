import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A small OAuth2 authorization server on 127.0.0.1 for the auth check's tests:
 * - POST /oauth/token      client credentials grant (client_secret_basic or _post), opaque tokens;
 * - POST /oauth/introspect RFC 7662, client authentication required, active true/false;
 * - GET  /api/me           a resource that accepts a valid Bearer token (RFC 6750 errors otherwise);
 * - POST /login            JSON {email, password} → {data: {token}}.
 * Tokens can be minted directly (expired ones too) with `issueToken`.
 */
export interface OAuth2ServerOptions {
  clients?: Record<string, string>;
  users?: Record<string, string>;
  /** Lifetime of tokens from /oauth/token and /login, in seconds (negative: born expired). */
  tokenTtlSeconds?: number;
}

interface TokenRecord {
  clientId: string;
  sub: string;
  scope: string;
  exp: number;
  revoked?: boolean;
}

export interface OAuth2Server {
  url: string;
  /** `jwt: true` mints an (unsigned) JWT-shaped token whose payload carries exp, as many servers do. */
  issueToken(options?: { ttlSeconds?: number; scope?: string; clientId?: string; jwt?: boolean }): string;
  revoke(token: string): void;
  /** Requests seen by path, for asserting what was sent. */
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export async function startOAuth2Server(options: OAuth2ServerOptions = {}): Promise<OAuth2Server> {
  const clients = options.clients ?? { 'smoke-client': 'smoke-secret-1' };
  const users = options.users ?? { 'test@example.com': 'test-password-1' };
  const tokens = new Map<string, TokenRecord>();
  const requests: OAuth2Server['requests'] = [];
  const now = () => Math.floor(Date.now() / 1000);

  const issueToken: OAuth2Server['issueToken'] = (o = {}) => {
    const exp = now() + (o.ttlSeconds ?? options.tokenTtlSeconds ?? 3600);
    const sub = o.clientId ?? 'smoke-client';
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = o.jwt ? `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp })}.${randomBytes(16).toString('base64url')}` : `tok_${randomBytes(12).toString('hex')}`;
    tokens.set(token, { clientId: sub, sub, scope: o.scope ?? 'read', exp });
    return token;
  };
  const valid = (token: string | undefined): 'valid' | 'expired' | 'invalid' => {
    const rec = token ? tokens.get(token) : undefined;
    if (!rec || rec.revoked) return 'invalid';
    return rec.exp <= now() ? 'expired' : 'valid';
  };
  /** The authenticated client id, from Basic auth or the form; undefined when absent or wrong. */
  const clientOf = (req: IncomingMessage, form: URLSearchParams): string | undefined => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let id = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    if (basic) {
      const [i = '', s = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      id = decodeURIComponent(i.replace(/\+/g, ' '));
      secret = decodeURIComponent(s.replace(/\+/g, ' '));
    }
    return id && clients[id] !== undefined && clients[id] === secret ? id : undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0];
    const form = new URLSearchParams(body);
    if (req.method === 'POST' && path === '/oauth/token') {
      const client = clientOf(req, form);
      if (!client) return json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }, { 'www-authenticate': 'Basic realm="oauth"' });
      if (form.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
      const token = issueToken({ clientId: client, scope: form.get('scope') ?? 'read' });
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: options.tokenTtlSeconds ?? 3600, scope: tokens.get(token)!.scope });
    }
    if (req.method === 'POST' && path === '/oauth/introspect') {
      if (!clientOf(req, form)) return json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="oauth"' });
      const token = form.get('token') ?? undefined;
      if (valid(token) !== 'valid') return json(res, 200, { active: false });
      const rec = tokens.get(token!)!;
      return json(res, 200, { active: true, scope: rec.scope, client_id: rec.clientId, sub: rec.sub, exp: rec.exp, token_type: 'Bearer' });
    }
    if (path === '/api/me') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const state = valid(token);
      if (state === 'valid') return json(res, 200, { sub: tokens.get(token!)!.sub });
      const description = state === 'expired' ? 'The access token expired' : 'The access token is invalid';
      return json(res, 401, { message: 'unauthorized' }, { 'www-authenticate': `Bearer realm="api", error="invalid_token", error_description="${description}"` });
    }
    if (req.method === 'POST' && path === '/login') {
      let creds: { email?: string; password?: string } = {};
      try {
        creds = JSON.parse(body) as typeof creds;
      } catch {
        return json(res, 400, { error: 'invalid_request', message: 'JSON body expected' });
      }
      if (!creds.email || users[creds.email] !== creds.password) return json(res, 401, { error: 'invalid_credentials', message: 'wrong email or password' });
      return json(res, 200, { data: { token: issueToken({ clientId: creds.email }) } });
    }
    json(res, 404, { error: 'not_found' });
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ path: req.url ?? '/', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    issueToken,
    revoke: (token) => {
      const rec = tokens.get(token);
      if (rec) rec.revoked = true;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
