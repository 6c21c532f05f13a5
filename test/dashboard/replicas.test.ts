import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApproval } from '../../src/rollback/approval-store.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { passedRun } from '../helpers/report-fixtures.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const TOKEN = 'replica-token';
const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });

/** Two `smokeguard serve` processes behind one Service, on one real PostgreSQL database. */
describe('two serve replicas on one PostgreSQL', () => {
  let temp: TempStore;
  let a: ServeProcess;
  let b: ServeProcess;
  let stateDir: string;

  beforeAll(async () => {
    temp = await tempStore('postgres');
    stateDir = await mkdtemp(join(tmpdir(), 'smokeguard-replicas-'));
    const args = ['--store', temp.url, '--state-dir', stateDir];
    // Started together: both apply the migrations, each version once.
    [a, b] = await Promise.all([startServe(args, { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN }), startServe(args, { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN })]);
  }, 60_000);

  afterAll(async () => {
    expect(await a?.stop()).toBe(0);
    expect(await b?.stop()).toBe(0);
    await temp?.drop();
  });

  it('the store URL is shown without its password', () => {
    expect(a.output()).toContain('store postgres://postgres@127.0.0.1:5432/');
  });

  it('a run published to one is on the other; a wait shown by one is answered by the other', async () => {
    expect((await (await fetch(`${b.url}/healthz`)).json())).toEqual({ status: 'ok', store: 'postgres' });
    const report = { ...passedRun(), runId: 'replica-run-1' };
    expect((await post(a.url, '/api/v1/runs', report)).status).toBe(201);
    expect((await post(b.url, '/api/v1/runs', report)).status).toBe(200); // the same run, whichever replica gets it
    const runs = await (await fetch(`${b.url}/api/v1/deployments/django/runs`)).json();
    expect(runs.page.runs.map((r: { runId: string }) => r.runId)).toEqual(['replica-run-1']);

    const run = { runId: 'replica-wait-1', deployment: 'django', startedAt: new Date().toISOString() };
    expect((await post(a.url, '/api/v1/runs/replica-wait-1/events', { kind: 'awaiting_confirmation', run, awaiting: { failedChecks: ['readiness'] } })).status).toBe(202);
    const page = await (await fetch(`${b.url}/deployments/django`)).text();
    expect(page).toContain('id="awaiting-replica-wait-1"');
    expect((await post(b.url, '/api/v1/runs/replica-wait-1/deny', { by: 'bob' })).status).toBe(200);
    expect((await post(a.url, '/api/v1/runs/replica-wait-1/approve', { by: 'carol' })).status).toBe(409);
    expect(await readApproval(stateDir, 'replica-wait-1')).toMatchObject({ decision: 'deny', by: 'bob (dashboard)' });
  });
});
