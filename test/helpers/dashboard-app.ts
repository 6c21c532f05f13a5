import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildDashboard } from '../../src/dashboard/server/app.js';
import { createApprover } from '../../src/dashboard/server/approver.js';
import { DEFAULT_MAX_REPORT_BYTES, type DashboardContext } from '../../src/dashboard/server/context.js';
import { openStore } from '../../src/dashboard/store/open.js';
import type { RunStore } from '../../src/dashboard/store/types.js';
import { tempStore, type TempStore } from './dashboard-stores.js';

export interface TestDashboard {
  app: FastifyInstance;
  store: RunStore;
  stateDir: string;
  close(): Promise<void>;
}

/** A dashboard app on a fresh store (not listening: requests go through app.inject), answers into a temp state dir. */
export async function testDashboard(overrides: Partial<DashboardContext> = {}, kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<TestDashboard> {
  const temp: TempStore = await tempStore(kind);
  const store = await openStore(temp.url);
  const stateDir = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
  const app = await buildDashboard({
    store,
    answer: createApprover({ stateDir, env: {} }),
    maxReportBytes: DEFAULT_MAX_REPORT_BYTES,
    historyRuns: 30,
    now: Date.now,
    ...overrides,
  });
  return {
    app,
    store,
    stateDir,
    async close() {
      await app.close();
      await store.close();
      await temp.drop();
    },
  };
}
