import type { FastifyInstance } from 'fastify';
import { buildDashboard } from '../server/app.js';
import { createApprover } from '../server/approver.js';
import { DEFAULT_MAX_REPORT_BYTES, type WebhookSettings } from '../server/context.js';
import { displayStore, openStore } from '../store/open.js';
import type { RunStore } from '../store/types.js';

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_RETAIN_DAYS = 90;
/** Runs of history behind trends, flakiness and the page's charts. */
export const DEFAULT_HISTORY_RUNS = 30;
const PRUNE_EVERY_MS = 3_600_000;

export interface ServeOptions {
  store: string;
  port: number;
  host: string;
  retainDays: number;
  writeToken?: string;
  readToken?: string;
  stateDir?: string;
  kubeconfig?: string;
  context?: string;
  maxReportBytes?: number;
  /** `serve --config`: the smoke tests the webhooks run. */
  webhooks?: WebhookSettings;
  env: Readonly<Record<string, string | undefined>>;
}

export interface RunningDashboard {
  app: FastifyInstance;
  store: RunStore;
  url: string;
  close(): Promise<void>;
}

export class ServeError extends Error {}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;


/** Opens the store (migrating it), prunes old runs and refreshes the planner's statistics now and hourly, and listens. */
export async function startDashboard(o: ServeOptions): Promise<RunningDashboard> {
  if (!o.writeToken && !LOOPBACK.test(o.host)) {
    throw new ServeError(`--host ${o.host} makes the dashboard reachable from other machines: set SMOKEGUARD_DASHBOARD_TOKEN (the write token) first`);
  }
  let store: RunStore;
  try {
    store = await openStore(o.store);
  } catch (err) {
    throw new ServeError(`cannot open the store ${displayStore(o.store)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const maintain = async () => {
    await store.prune(o.retainDays);
    await store.refreshStatistics();
  };
  await maintain();
  const app = await buildDashboard({
    store,
    writeToken: o.writeToken,
    readToken: o.readToken,
    answer: createApprover({ stateDir: o.stateDir, kubeconfig: o.kubeconfig, context: o.context, env: o.env }),
    maxReportBytes: o.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES,
    historyRuns: DEFAULT_HISTORY_RUNS,
    now: Date.now,
    ...(o.webhooks ? { webhooks: o.webhooks } : {}),
  });
  const timer = setInterval(() => void maintain().catch(() => {}), PRUNE_EVERY_MS);
  timer.unref();
  try {
    await app.listen({ port: o.port, host: o.host });
  } catch (err) {
    clearInterval(timer);
    await store.close();
    throw new ServeError(`cannot listen on ${o.host}:${o.port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    async close() {
      clearInterval(timer);
      await app.close();
      await store.close();
    },
  };
}
