import type { FastifyReply } from 'fastify';
import { deploymentView } from '../../history/deployment-view.js';
import { deploymentPage } from '../../pages/deployment.js';
import { loginPage } from '../../pages/login.js';
import { overviewPage } from '../../pages/overview.js';
import { runPage } from '../../pages/run.js';
import { TOKEN_COOKIE, tokenMatches } from '../auth.js';
import { deploymentParams, pageQuery, runIdParams } from '../params.js';
import { DEFAULT_PAGE_SIZE } from './api.js';
import type { RouteGroup } from './index.js';

const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/** Only a path on this server: `//evil.example` or `https://…` would be an open redirect. */
const localPath = (next: unknown): string => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

/** The HTML pages: `/`, `/deployments/NAME`, `/runs/ID`, and `/login` when a read token is set. */
export const pageRoutes: RouteGroup = (app, ctx) => {
  const needsToken = Boolean(ctx.writeToken);

  app.get('/', { schema: { querystring: { type: 'object', properties: { filter: { enum: ['unstable'] } } } } }, async (req, reply) => {
    const [all, awaiting] = await Promise.all([ctx.store.listDeployments(ctx.now()), ctx.store.awaiting()]);
    const unstableOnly = (req.query as { filter?: string }).filter === 'unstable';
    return html(reply, 200, overviewPage(all, awaiting, { unstableOnly, needsToken, now: ctx.now() }));
  });

  app.get('/deployments/:name', { schema: { params: deploymentParams, querystring: pageQuery } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    const q = req.query as { before?: number; before_id?: string; limit?: number };
    const view = await deploymentView(ctx.store, name, { limit: q.limit ?? DEFAULT_PAGE_SIZE, before: q.before, beforeId: q.before_id }, ctx.historyRuns, ctx.now());
    if (!view) return reply.code(404).type('text/plain; charset=utf-8').send(`No runs of deployment "${name}" yet.\n`);
    return html(reply, 200, deploymentPage(view, { needsToken, now: ctx.now() }));
  });

  app.get('/runs/:id', { schema: { params: runIdParams, querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 500 }, error: { type: 'string', maxLength: 500 } } } } }, async (req, reply) => {
    const run = await ctx.store.getRun((req.params as { id: string }).id);
    if (!run) return reply.code(404).type('text/plain; charset=utf-8').send('No such run.\n');
    return html(reply, 200, runPage(run, { needsToken, now: ctx.now(), flash: req.query as { done?: string; error?: string } }));
  });

  app.get('/login', async (req, reply) => html(reply, 200, loginPage(localPath((req.query as { next?: string }).next), false)));
  app.post('/login', { schema: { body: { type: 'object', properties: { token: { type: 'string', maxLength: 1024 }, next: { type: 'string', maxLength: 2048 } } } } }, async (req, reply) => {
    const { token, next } = req.body as { token?: string; next?: string };
    const valid = [ctx.readToken, ctx.writeToken].some((t) => t !== undefined && tokenMatches(token, t));
    if (!valid) return html(reply, 401, loginPage(localPath(next), true));
    reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token!)}; HttpOnly; SameSite=Strict; Path=/`);
    return reply.redirect(localPath(next), 303);
  });
};
