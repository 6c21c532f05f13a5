import type { RouteGroup } from './index.js';

/** GET /healthz: the process answers and its store does too (a Kubernetes probe). */
export const healthRoutes: RouteGroup = (app, ctx) => {
  app.get('/healthz', async (_req, reply) => {
    try {
      await ctx.store.awaiting();
      return { status: 'ok', store: ctx.store.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: ctx.store.kind });
    }
  });
};
