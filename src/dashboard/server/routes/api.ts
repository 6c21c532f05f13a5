import { deploymentLive, deploymentView } from '../../history/deployment-view.js';
import { deploymentParams, pageQuery, runIdParams } from '../params.js';
import type { RouteGroup } from './index.js';

export const DEFAULT_PAGE_SIZE = 50;

/** The JSON API: everything the pages show, for scripts and other dashboards. */
export const apiRoutes: RouteGroup = (app, ctx) => {
  app.get('/api/v1/deployments', async () => ({ deployments: await ctx.store.listDeployments(ctx.now()) }));

  app.get('/api/v1/deployments/:name/runs', { schema: { params: deploymentParams, querystring: pageQuery } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    const q = req.query as { before?: number; before_id?: string; limit?: number };
    const view = await deploymentView(ctx.store, name, { limit: q.limit ?? DEFAULT_PAGE_SIZE, before: q.before, beforeId: q.before_id }, ctx.historyRuns, ctx.now());
    if (!view) return reply.code(404).send({ error: `no runs of deployment "${name}"` });
    const { latest: _latest, ...rest } = view;
    return { ...rest, dailyAggregates: await ctx.store.dailyAggregates(name) };
  });

  /** The durations of each check in the last good runs: what a run compares itself with. */
  app.get('/api/v1/deployments/:name/baseline', { schema: { params: deploymentParams, querystring: { type: 'object', properties: { runs: { type: 'integer', minimum: 1, maximum: 100 } } } } }, async (req) => {
    const { name } = req.params as { name: string };
    const { runs } = req.query as { runs?: number };
    return { deployment: name, checks: await ctx.store.goodDurations(name, runs ?? 10) };
  });

  app.get('/api/v1/runs/:id', { schema: { params: runIdParams } }, async (req, reply) => {
    const run = await ctx.store.getRun((req.params as { id: string }).id);
    return run ?? reply.code(404).send({ error: 'no such run' });
  });

  app.get('/api/v1/awaiting', async () => ({ runs: await ctx.store.awaiting() }));

  /** What /deployments/NAME follows live: its runs waiting for ops (`runs`) and its watches in progress (`watching`). */
  app.get('/api/v1/deployments/:name/live', { schema: { params: deploymentParams } }, async (req) => deploymentLive(ctx.store, (req.params as { name: string }).name));
};
