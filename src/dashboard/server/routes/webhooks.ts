import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HookReply, HookRequest } from '../../../webhooks/routes.js';
import { tokenMatches, WEBHOOK_PATHS } from '../auth.js';
import type { DashboardContext, WebhookSettings } from '../context.js';

type Handler = (req: HookRequest, reply: HookReply) => Promise<unknown>;

/**
 * POST /api/v1/flagger and /api/v1/analysis (src/webhooks/): the smoke config of `serve --config`
 * run for Flagger and the Argo Rollouts web provider. The run machinery (config loader, pipeline,
 * check drivers) loads on the first call, so serve starts as fast without it. Flagger sends no
 * custom headers: the token, when SMOKEGUARD_WEBHOOK_TOKEN is set, comes as `?token=`.
 */
export async function webhookRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const settings = ctx.webhooks;
  if (!settings) {
    for (const path of WEBHOOK_PATHS) {
      app.post(path, async (_req, reply) =>
        reply.code(501).send({ error: 'smokeguard serve was started without --config: the Flagger and Argo Rollouts webhooks have no smoke tests to run' }),
      );
    }
    return;
  }
  const handlers = lazyHandlers(settings);
  for (const path of WEBHOOK_PATHS) {
    app.post(path, async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) => {
      if (settings.token && !tokenMatches(typeof req.query.token === 'string' ? req.query.token : undefined, settings.token)) {
        return reply.code(401).send({ error: 'a valid webhook token is required: add ?token=… (SMOKEGUARD_WEBHOOK_TOKEN) to the webhook URL' });
      }
      const handler = (await handlers()).get(path)!;
      return handler({ body: req.body }, reply);
    });
  }
}

/** The handlers, built once on first use (one Dedupe for Flagger's retries across calls). */
function lazyHandlers(s: WebhookSettings): () => Promise<Map<string, Handler>> {
  let loading: Promise<Map<string, Handler>> | undefined;
  return () =>
    (loading ??= (async () => {
      const [{ webhookRoutes: routes }, { createSmokeRunner }] = await Promise.all([import('../../../webhooks/routes.js'), import('../../../webhooks/runner.js')]);
      const runner = createSmokeRunner({ configPath: s.configPath, env: s.env });
      const handlers = new Map<string, Handler>();
      routes({
        run: (request) =>
          runner({
            ...request,
            ...(request.baseUrl ?? s.baseUrl ? { baseUrl: request.baseUrl ?? s.baseUrl } : {}),
            ...(request.environment ?? s.environment ? { environment: request.environment ?? s.environment } : {}),
          }),
      })({ post: (path, handler) => handlers.set(path, handler) });
      return handlers;
    })());
}
