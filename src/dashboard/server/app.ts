import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { requireRead } from './auth.js';
import type { DashboardContext } from './context.js';
import { ROUTE_GROUPS } from './routes/index.js';
import { addSecurityHeaders } from './security-headers.js';

/**
 * The dashboard as a Fastify app, not yet listening (tests inject requests or listen on port 0).
 * Route groups are one file each under routes/, registered from one list.
 */
export async function buildDashboard(ctx: DashboardContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.maxReportBytes,
    // Stack traces and internal messages stay on the server.
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  addSecurityHeaders(app);
  app.addHook('onRequest', requireRead(ctx));
  app.setErrorHandler(async (err: { statusCode?: number; validation?: unknown; message: string; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (err.validation) return reply.code(400).send({ error: `invalid request: ${err.message}` });
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: `body larger than ${ctx.maxReportBytes} bytes` });
    return reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });
  app.setNotFoundHandler(async (_req, reply) => reply.code(404).type('application/json').send({ error: 'not found' }));
  for (const group of ROUTE_GROUPS) await group(app, ctx);
  return app;
}
