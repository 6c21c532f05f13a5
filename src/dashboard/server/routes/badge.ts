import { badgeSvg } from '../../pages/badge.js';
import { deploymentParams } from '../params.js';
import type { RouteGroup } from './index.js';

/** /deployments/NAME/badge.svg: the latest finished verdict, for READMEs and wikis. */
export const badgeRoutes: RouteGroup = (app, ctx) => {
  app.get('/deployments/:name/badge.svg', { schema: { params: deploymentParams } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    const { runs } = await ctx.store.listRuns(name, { limit: 20 });
    return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(badgeSvg(runs.find((r) => r.state === 'finished')));
  });
};
