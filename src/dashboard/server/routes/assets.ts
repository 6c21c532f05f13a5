import { LIVE_JS } from '../../pages/live-script.js';
import type { RouteGroup } from './index.js';

/** The one script the pages use (the CSP allows scripts from 'self' only). */
export const assetRoutes: RouteGroup = (app) => {
  app.get('/assets/live.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(LIVE_JS));
};
