import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardContext } from './context.js';

/** Compares in constant time: both sides hashed first, so neither length nor prefix leaks. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const TOKEN_COOKIE = 'smokeguard_token';

/** The token a request carries: `Authorization: Bearer …`, else the dashboard cookie, else a form field. */
export function presentedToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  if (cookie) return decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1));
  const body = req.body as { token?: unknown } | undefined;
  return typeof body?.token === 'string' ? body.token : undefined;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1');
}

/** Writes need the write token; with none configured, only a loopback client may write. */
export function writeAllowed(ctx: DashboardContext, req: FastifyRequest): boolean {
  return ctx.writeToken ? tokenMatches(presentedToken(req), ctx.writeToken) : isLoopback(req.socket.remoteAddress);
}

/** preHandler for API writes: 401 with a JSON error when not allowed. */
export function requireWrite(ctx: DashboardContext) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (writeAllowed(ctx, req)) return;
    await reply.code(401).header('www-authenticate', 'Bearer realm="smokeguard"').send({ error: 'a valid write token is required (SMOKEGUARD_DASHBOARD_TOKEN)' });
  };
}

/** The webhook endpoints (routes/webhooks.ts), with or without a query string. */
export const WEBHOOK_PATHS = ['/api/v1/flagger', '/api/v1/analysis'] as const;
function isWebhookUrl(url: string): boolean {
  const path = url.split('?', 1)[0];
  return (WEBHOOK_PATHS as readonly string[]).includes(path!);
}

/** onRequest for reads when a read token is configured; the write token is accepted too. */
export function requireRead(ctx: DashboardContext) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // Webhooks check their own token (`?token=`, routes/webhooks.ts): Flagger sends no headers.
    if (!ctx.readToken || req.url === '/healthz' || req.url.startsWith('/login') || isWebhookUrl(req.url)) return;
    const token = presentedToken(req);
    if (tokenMatches(token, ctx.readToken) || (ctx.writeToken && tokenMatches(token, ctx.writeToken))) return;
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
    await reply.code(401).header('www-authenticate', 'Bearer realm="smokeguard"').send({ error: 'a valid read token is required' });
  };
}
