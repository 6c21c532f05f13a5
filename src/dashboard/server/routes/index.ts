import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../context.js';
import { apiRoutes } from './api.js';
import { approvalRoutes } from './approvals.js';
import { assetRoutes } from './assets.js';
import { badgeRoutes } from './badge.js';
import { healthRoutes } from './health.js';
import { ingestRoutes } from './ingest.js';
import { metricsRoutes } from './metrics.js';
import { pageRoutes } from './pages.js';
import { webhookRoutes } from './webhooks.js';

/** A group of routes: one file, one function. Adding one (e.g. a Flagger webhook) is one line here. */
export type RouteGroup = (app: FastifyInstance, ctx: DashboardContext) => void | Promise<void>;

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  healthRoutes,
  ingestRoutes,
  apiRoutes,
  approvalRoutes,
  pageRoutes,
  assetRoutes,
  badgeRoutes,
  metricsRoutes,
  webhookRoutes,
];
