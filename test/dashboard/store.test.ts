import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/types.js';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/dashboard/store/migrations.js';
import { openStore, parseStoreUrl } from '../../src/dashboard/store/open.js';
import type { Db, Param } from '../../src/dashboard/store/db.js';
import type { RunStore } from '../../src/dashboard/store/types.js';
import { STORE_KINDS, tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { criticalRun, passedRun } from '../helpers/report-fixtures.js';
import { watchProgress } from '../helpers/watch-progress.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-29T12:00:00Z');
const NOW_ISO = new Date(NOW).toISOString();

/** A passed (or given) run of `deployment` that started `agoMs` before NOW. */
function runOf(id: string, deployment: string, agoMs: number, base: () => RunResult = passedRun, durations: Record<string, number> = {}): RunResult {
  const r = base();
  const shift = NOW - agoMs - Date.parse(r.startedAt);
  const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  return {
    ...r,
    runId: id,
    target: { ...r.target, deployment, environment: 'prod', version: `v-${id}` },
    startedAt: move(r.startedAt),
    finishedAt: move(r.finishedAt),
    checks: r.checks.map((c) => ({ ...c, durationMs: durations[c.name] ?? c.durationMs })),
    timeline: r.timeline.map((e) => ({ ...e, at: move(e.at) })),
  };
}

describe.each(STORE_KINDS)('run store on %s', (kind) => {
  let temp: TempStore;
  let store: RunStore;
  beforeAll(async () => {
    temp = await tempStore(kind);
    store = await openStore(temp.url);
  });
  afterAll(async () => {
    await store?.close();
    await temp?.drop();
  });

  it('applies the versioned migrations once, and again is a no-op', async () => {
    const reopened = await openStore(temp.url);
    await reopened.close();
    const { openSqlite } = await import('../../src/dashboard/store/sqlite-db.js');
    const { openPostgres } = await import('../../src/dashboard/store/postgres-db.js');
    const parsed = parseStoreUrl(temp.url);
    const db = parsed.kind === 'sqlite' ? await openSqlite(parsed.path) : await openPostgres(parsed.url);
    expect(await migrate(db)).toEqual([]);
    expect(await schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    await db.close();
  });

  it('keeps a run through start, awaiting confirmation and end; re-publishing is idempotent', async () => {
    const report = runOf('run-a', 'django', 60_000, criticalRun);
    const start = { runId: 'run-a', deployment: 'django', environment: 'prod', startedAt: Date.parse(report.startedAt) };
    await store.recordStart(start);
    expect((await store.getRun('run-a'))?.state).toBe('running');
    await store.recordAwaiting(start, { deadline: '2026-11-29T12:02:00Z', failedChecks: ['readiness'], approveCommand: 'smokeguard approve run-a' });
    const awaiting = await store.awaiting();
    expect(awaiting.map((r) => r.runId)).toContain('run-a');
    expect(await store.recordAnswer('run-a', { decision: 'approve', by: 'alice', at: '2026-11-29T12:01:00Z' })).toBe(true);
    // A second answer to the same wait is refused: the first one stands.
    expect(await store.recordAnswer('run-a', { decision: 'deny', by: 'bob', at: '2026-11-29T12:01:01Z' })).toBe(false);
    expect((await store.getRun('run-a'))?.answer).toMatchObject({ decision: 'approve', by: 'alice' });

    await store.recordFinished(report);
    await store.recordFinished(report);
    // A late start event never takes a finished run back.
    await store.recordStart(start);
    await store.recordAwaiting(start, {});
    const stored = await store.getRun('run-a');
    expect(stored).toMatchObject({ state: 'finished', verdict: 'critical', deployment: 'django', revision: 'v-run-a' });
    expect(stored?.failedChecks).toEqual(report.checks.filter((c) => c.severity !== 'none').map((c) => c.name));
    expect(stored?.report?.checks.length).toBe(report.checks.length);
    expect((await store.listRuns('django', { limit: 50 })).total).toBe(1);
    expect((await store.checkHistory('django', 10)).length).toBe(report.checks.length);
    expect(await store.recordAnswer('unknown-run', { decision: 'approve', by: 'x', at: '' })).toBe(false);
  });

  it('a watch in progress: the latest series wins, the state is the run\'s own, the report clears it', async () => {
    const report = runOf('run-w', 'watched', 30_000, criticalRun);
    const start = { runId: 'run-w', deployment: 'watched', startedAt: Date.parse(report.startedAt) };
    // Progress may arrive before the start event: the run is then running.
    await store.recordWatch(start, watchProgress(['passed']));
    await store.recordStart(start);
    await store.recordWatch(start, watchProgress(['passed', 'failed', 'failed'], 30, { status: 'failed' }));
    expect(await store.getRun('run-w')).toMatchObject({ state: 'running', watch: { status: 'failed', failedIntervals: 2 } });
    expect((await store.getRun('run-w'))?.watch?.intervals.map((i) => i.outcome)).toEqual(['passed', 'failed', 'failed']);
    await store.recordAwaiting(start, { failedChecks: ['readiness'] });
    // A late progress event never takes a waiting run back to running.
    await store.recordWatch(start, watchProgress(['passed', 'failed', 'failed'], 30, { status: 'failed' }));
    expect((await store.getRun('run-w'))?.state).toBe('awaiting');
    expect((await store.watching()).filter((r) => r.deployment === 'watched').map((r) => r.runId)).toEqual(['run-w']);
    expect((await store.listRuns('watched', { limit: 5 })).runs[0]?.watch?.intervals).toHaveLength(3);

    await store.recordFinished(report);
    await store.recordWatch(start, watchProgress(['passed']));
    const finished = await store.getRun('run-w');
    expect(finished?.state).toBe('finished');
    expect(finished?.watch).toBeUndefined();
    expect((await store.watching()).map((r) => r.runId)).not.toContain('run-w');
  });

  it('publishes at the same moment are each stored whole (their transactions do not interleave)', async () => {
    const reports = ['tx-1', 'tx-2', 'tx-3', 'tx-4'].map((id, i) => runOf(id, 'together', 50_000 + i));
    expect(await Promise.all(reports.map((r) => store.recordFinished(r)))).toEqual(['created', 'created', 'created', 'created']);
    expect(await Promise.all(reports.map((r) => store.recordFinished(r)))).toEqual(['replaced', 'replaced', 'replaced', 'replaced']);
    expect((await store.listRuns('together', { limit: 10 })).total).toBe(4);
    expect((await store.checkHistory('together', 10)).length).toBe(4 * reports[0]!.checks.length);
  });

  it('pages the history newest first', async () => {
    for (let i = 0; i < 7; i++) await store.recordFinished(runOf(`page-${i}`, 'paged', (10 - i) * 60_000));
    const first = await store.listRuns('paged', { limit: 3 });
    expect(first.runs.map((r) => r.runId)).toEqual(['page-6', 'page-5', 'page-4']);
    expect(first.total).toBe(7);
    const second = await store.listRuns('paged', { limit: 3, before: first.nextBefore });
    expect(second.runs.map((r) => r.runId)).toEqual(['page-3', 'page-2', 'page-1']);
    const last = await store.listRuns('paged', { limit: 3, before: second.nextBefore });
    expect(last.runs.map((r) => r.runId)).toEqual(['page-0']);
    expect(last.nextBefore).toBeUndefined();
  });

  it('pages runs that started in the same millisecond without skipping or repeating one', async () => {
    for (const id of ['tie-a', 'tie-b', 'tie-c', 'tie-d', 'tie-e']) await store.recordFinished(runOf(id, 'ties', 5 * 60_000));
    await store.recordFinished(runOf('tie-older', 'ties', 6 * 60_000));
    const seen: string[] = [];
    let page = await store.listRuns('ties', { limit: 2 });
    for (let i = 0; i < 10; i++) {
      seen.push(...page.runs.map((r) => r.runId));
      if (page.nextBefore === undefined) break;
      page = await store.listRuns('ties', { limit: 2, before: page.nextBefore, beforeId: page.nextBeforeId });
    }
    expect(seen).toEqual(['tie-e', 'tie-d', 'tie-c', 'tie-b', 'tie-a', 'tie-older']);
  });

  it('overview: latest verdict, rollbacks in 24 h, recent failures, a deploy with no smoke run since', async () => {
    await store.recordFinished(runOf('ov-1', 'api', 3 * 3_600_000, () => ({ ...criticalRun(), rollback: { status: 'succeeded', message: 'rolled back', startedAt: NOW_ISO, finishedAt: NOW_ISO, durationMs: 1, alertOps: false, confirmation: { required: true, by: 'alice' } } })), NOW);
    await store.recordFinished(runOf('ov-2', 'api', 3_600_000), NOW);
    await store.recordStart({ runId: 'ov-3', deployment: 'api', startedAt: NOW - 60_000, deployedAt: NOW - 70_000 }, NOW);
    const api = (await store.listDeployments(NOW)).find((d) => d.deployment === 'api')!;
    expect(api.latest.runId).toBe('ov-3');
    expect(api.lastFinished?.runId).toBe('ov-2');
    expect(api.lastFinished?.verdict).toBe('passed');
    expect(api.rollbacks24h).toBe(1);
    expect(api.recentFailures).toBe(1);
    expect(api.unsmokedDeployAt).toBe(NOW - 70_000);
    expect((await store.getRun('ov-1'))?.confirmedBy).toBe('alice');
  });

  it('overview: a run that waited for the rollout smoked the deploy it reports, though it completed after the run started', async () => {
    const waited = runOf('wr-1', 'waited', 10 * 60_000);
    const completedAt = new Date(Date.parse(waited.startedAt) + 90_000).toISOString();
    await store.recordFinished({ ...waited, timeline: [...waited.timeline, { at: completedAt, kind: 'deployment_completed', message: 'Deployment completed' }] }, NOW);
    const d = (await store.listDeployments(NOW)).find((x) => x.deployment === 'waited')!;
    expect(d.lastFinished?.deployedAt).toBe(Date.parse(completedAt));
    expect(d.unsmokedDeployAt).toBeUndefined();
    // A later deploy that no finished run has reported or followed is still flagged.
    await store.recordStart({ runId: 'wr-2', deployment: 'waited', startedAt: NOW - 60_000, deployedAt: NOW - 2 * 60_000 }, NOW);
    expect((await store.listDeployments(NOW)).find((x) => x.deployment === 'waited')!.unsmokedDeployAt).toBe(NOW - 2 * 60_000);
  });

  it('baseline: durations of the last good runs only', async () => {
    await store.recordFinished(runOf('b-1', 'base', 5_000_000, passedRun, { readiness: 10 }));
    await store.recordFinished(runOf('b-2', 'base', 4_000_000, passedRun, { readiness: 12 }));
    await store.recordFinished(runOf('b-3', 'base', 3_000_000, criticalRun, { readiness: 900 }));
    await store.recordFinished(runOf('b-4', 'base', 2_000_000, passedRun, { readiness: 14 }));
    const good = await store.goodDurations('base', 2);
    expect(good.readiness).toEqual([14, 12]);
  });

  it('retention folds old runs into per-day aggregates and deletes them', async () => {
    await store.recordFinished(runOf('old-1', 'ret', 100 * DAY, passedRun));
    await store.recordFinished(runOf('old-2', 'ret', 100 * DAY - 60_000, criticalRun));
    await store.recordFinished(runOf('new-1', 'ret', DAY, passedRun));
    expect(await store.prune(90, NOW)).toBe(2);
    expect(await store.getRun('old-1')).toBeUndefined();
    expect((await store.listRuns('ret', { limit: 10 })).runs.map((r) => r.runId)).toEqual(['new-1']);
    const days = await store.dailyAggregates('ret');
    const whole = days.filter((d) => d.checkName === '');
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ runs: 2, passed: 1, critical: 1 });
    expect(days.find((d) => d.checkName === 'readiness')).toMatchObject({ runs: 2, passed: 1, critical: 1 });
    // Pruning again adds nothing twice.
    expect(await store.prune(90, NOW)).toBe(0);
    expect((await store.dailyAggregates('ret')).filter((d) => d.checkName === '')[0]?.runs).toBe(2);
  });

  it('run counts are kept on write: each run once however it arrives, off when pruned', async () => {
    const count = async (deployment: string) => (await store.listRuns(deployment, { limit: 1 })).total;
    const listed = async (deployment: string) => (await store.listDeployments(NOW)).find((d) => d.deployment === deployment)?.runs;
    const t = (id: string) => ({ runId: id, deployment: 'counted', startedAt: NOW - 60_000 });
    await store.recordStart(t('c-1'), NOW);
    await store.recordStart(t('c-1'), NOW);
    await store.recordFinished(runOf('c-1', 'counted', 60_000), NOW);
    await store.recordAwaiting(t('c-2'), {}, NOW);
    await store.recordStart(t('c-2'), NOW);
    await store.recordWatch(t('c-3'), watchProgress(['passed']), NOW);
    await store.recordAwaiting(t('c-3'), {}, NOW);
    // Four replicas (or retries) publishing the same new run at once: one run.
    await Promise.all(Array.from({ length: 4 }, () => store.recordFinished(runOf('c-4', 'counted', 30_000), NOW)));
    expect(await count('counted')).toBe(4);
    expect(await listed('counted')).toBe(4);
    // A run first announced under another name moves with its report.
    await store.recordStart({ ...t('c-5'), deployment: 'renamed' }, NOW);
    expect(await listed('renamed')).toBe(1);
    await store.recordFinished(runOf('c-5', 'counted', 20_000), NOW);
    expect(await count('counted')).toBe(5);
    expect(await listed('renamed')).toBeUndefined();
    // Retention takes pruned runs, finished or not, off the count; a deployment left with none is not listed.
    await store.recordFinished(runOf('gone-1', 'gone', 100 * DAY), NOW);
    await store.recordStart({ runId: 'gone-2', deployment: 'gone', startedAt: NOW - 100 * DAY }, NOW);
    await store.recordFinished(runOf('c-old', 'counted', 100 * DAY), NOW);
    expect(await listed('gone')).toBe(2);
    await store.prune(90, NOW);
    expect(await listed('gone')).toBeUndefined();
    expect(await count('gone')).toBe(0);
    expect(await count('counted')).toBe(5);
  });

  it('migration 3 counts an existing history', async () => {
    const fresh = await tempStore(kind);
    const { openSqlite } = await import('../../src/dashboard/store/sqlite-db.js');
    const { openPostgres } = await import('../../src/dashboard/store/postgres-db.js');
    const parsed = parseStoreUrl(fresh.url);
    const db = parsed.kind === 'sqlite' ? await openSqlite(parsed.path) : await openPostgres(parsed.url);
    try {
      await migrate(db, MIGRATIONS.filter((m) => m.version < 3));
      const insert = (id: string, deployment: string, deployedAt: number | null) =>
        db.run("INSERT INTO runs (run_id, deployment, state, started_at, deployed_at, updated_at) VALUES (?, ?, 'finished', ?, ?, ?)", [id, deployment, NOW, deployedAt, NOW]);
      await insert('m-1', 'api', NOW - 5_000);
      await insert('m-2', 'api', NOW - 9_000);
      await insert('m-3', 'web', null);
      expect(await migrate(db)).toContain(3);
      expect(await db.all('SELECT deployment, runs, last_deployed_at FROM deployments ORDER BY deployment')).toEqual([
        { deployment: 'api', runs: 2, last_deployed_at: NOW - 5_000 },
        { deployment: 'web', runs: 1, last_deployed_at: null },
      ]);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });

  it('a report of 250 checks is stored whole, in statements of up to 100 rows, and again on re-publishing', async () => {
    const base = runOf('wide-1', 'wide', 10_000);
    const check = base.checks[0]!;
    const wide = { ...base, checks: Array.from({ length: 250 }, (_, i) => ({ ...check, name: `check-${i}`, durationMs: i })) };
    await store.recordFinished(wide);
    await store.recordFinished(wide);
    const samples = await store.checkHistory('wide', 1);
    expect(samples).toHaveLength(250);
    expect(samples.map((c) => c.durationMs).sort((a, b) => a - b)).toEqual(wide.checks.map((c) => c.durationMs));
  });

  // PostgreSQL only: registered for that store alone, so the SQLite pass does not report them skipped.
  if (kind === 'postgres') {
    it('PostgreSQL statements are prepared once per connection (named), not parsed on every call', async () => {
      const { openPostgres } = await import('../../src/dashboard/store/postgres-db.js');
      const db = await openPostgres(temp.url);
      try {
        const prepared = await db.transaction(async (tx) => {
          for (const deployment of ['x', 'y']) await tx.all('SELECT COUNT(*) AS n FROM runs WHERE deployment = ?', [deployment]);
          return (await tx.all('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement);
        });
        expect(prepared.filter((sql) => sql === 'SELECT COUNT(*) AS n FROM runs WHERE deployment = $1')).toHaveLength(1);
      } finally {
        await db.close();
      }
    });

    it('refreshStatistics gives PostgreSQL planner statistics for the history tables', async () => {
      const { openPostgres } = await import('../../src/dashboard/store/postgres-db.js');
      const db = await openPostgres(temp.url);
      const tablesWithStats = async () => (await db.all("SELECT DISTINCT tablename FROM pg_stats WHERE tablename IN ('runs', 'check_results') ORDER BY tablename")).map((r) => r.tablename);
      try {
        // Without autovacuum (as on this machine) nothing else analyzes the tables.
        if ((await db.all('SHOW autovacuum'))[0]?.autovacuum === 'off') expect(await tablesWithStats()).toEqual([]);
        await store.refreshStatistics();
        expect(await tablesWithStats()).toEqual(['check_results', 'runs']);
      } finally {
        await db.close();
      }
    });
  }

  it('latest report per deployment, for /metrics', async () => {
    const reports = await store.latestReports();
    expect(reports.find((r) => r.target.deployment === 'paged')?.runId).toBe('page-6');
  });
});

describe('reads on SQLite follow the indexes (EXPLAIN QUERY PLAN)', () => {
  it('the overview, the history page and /metrics scan neither runs nor check_results', async () => {
    const temp = await tempStore('sqlite');
    const { openSqlite } = await import('../../src/dashboard/store/sqlite-db.js');
    const { SqlRunStore } = await import('../../src/dashboard/store/sql-store.js');
    const parsed = parseStoreUrl(temp.url);
    if (parsed.kind !== 'sqlite') throw new Error('expected a SQLite store');
    const db = await openSqlite(parsed.path);
    try {
      await migrate(db);
      const seen: { sql: string; params: readonly Param[] }[] = [];
      const recording: Db = { ...db, all: (sql, params = []) => (seen.push({ sql, params }), db.all(sql, params)) };
      const store = new SqlRunStore(recording);
      for (let i = 0; i < 30; i++) await store.recordFinished(runOf(`plan-${i}`, i % 2 ? 'api' : 'web', (40 - i) * 60_000, i % 5 ? passedRun : criticalRun), NOW);
      seen.length = 0;
      await store.listDeployments(NOW);
      await store.listRuns('api', { limit: 10 });
      await store.listRuns('api', { limit: 10, before: NOW - 20 * 60_000 });
      await store.listRuns('api', { limit: 10, before: NOW - 20 * 60_000, beforeId: 'plan-9' });
      await store.checkHistory('api', 5);
      await store.goodDurations('api', 5);
      await store.latestReports();
      const plans = await Promise.all(seen.map(async ({ sql, params }) => ({
        sql: sql.replace(/\s+/g, ' ').slice(0, 90),
        plan: (await db.all(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => String(r.detail)),
      })));
      expect(plans.length).toBeGreaterThan(6);
      const scans = plans.filter((p) => p.plan.some((d) => /^SCAN (runs|check_results|c)\b/.test(d)));
      expect(scans).toEqual([]);
    } finally {
      await db.close();
      await temp.drop();
    }
  });
});

describe('store URLs', () => {
  it.each([
    ['sqlite:./smokeguard.db', { kind: 'sqlite', path: './smokeguard.db' }],
    ['sqlite:///var/lib/smokeguard.db', { kind: 'sqlite', path: '/var/lib/smokeguard.db' }],
    ['history.sqlite', { kind: 'sqlite', path: 'history.sqlite' }],
    ['postgres://u@db/smoke', { kind: 'postgres', url: 'postgres://u@db/smoke' }],
    ['postgresql://u@db/smoke', { kind: 'postgres', url: 'postgresql://u@db/smoke' }],
  ])('%s', (url, expected) => expect(parseStoreUrl(url)).toEqual(expected));

  it('an unknown scheme is a clear error that hides credentials', () => {
    expect(() => parseStoreUrl('mysql://root:hunter22@db/x')).toThrow(/unknown store "mysql:\/\/\*\*\*@db\/x": expected sqlite:PATH or postgres/);
  });
});
