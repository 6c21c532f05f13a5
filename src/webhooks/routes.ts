import { createArgoWebHandler } from './argo-web.js';
import { createFlaggerHandler } from './flagger.js';
import type { HookAnswer, SmokeRunner } from './types.js';

/**
 * The webhook routes for `smokeguard serve`: `POST /api/v1/flagger` (Flagger webhooks) and
 * `POST /api/v1/analysis` (the Argo Rollouts web provider). Typed by the little they use of the
 * server — `post(path, handler)` and `reply.code().send()` — so Fastify mounts them as a route
 * group and a test mounts them on node:http.
 */
export interface HookRequest {
  body: unknown;
}
export interface HookReply {
  code(status: number): { send(body: unknown): unknown };
}
export interface HookApp {
  post(path: string, handler: (req: HookRequest, reply: HookReply) => Promise<unknown>): unknown;
}

export const FLAGGER_PATH = '/api/v1/flagger';
export const ANALYSIS_PATH = '/api/v1/analysis';

export function webhookRoutes(options: { run: SmokeRunner; dedupeMs?: number }): (app: HookApp) => void {
  const flagger = createFlaggerHandler(options);
  const analysis = createArgoWebHandler(options);
  const mount = (handle: (body: unknown) => Promise<HookAnswer>) => async (req: HookRequest, reply: HookReply) => {
    const answer = await handle(req.body);
    return reply.code(answer.status).send(answer.body);
  };
  return (app) => {
    app.post(FLAGGER_PATH, mount(flagger));
    app.post(ANALYSIS_PATH, mount(analysis));
  };
}
