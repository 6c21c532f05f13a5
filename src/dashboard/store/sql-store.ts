import type { RunResult, Verdict, WatchProgress } from '../../core/types.js';
import type { Db, Param, Row } from './db.js';
import { deploymentOf, failedChecksOf, rollbackFacts, startOf } from './summarize.js';
import type {
  Answer, AwaitingInfo, CheckSample, DailyAggregate, DeploymentOverview, RunPage, RunStart, RunState, RunStore, RunSummary, StoredRun,
} from './types.js';
import { foldIntoDays } from './aggregate.js';

const DAY_MS = 86_400_000;
const SUMMARY_COLUMNS = `run_id, deployment, environment, namespace, revision, base_url, state, verdict, started_at, finished_at, deployed_at,
  duration_ms, total_checks, failed_checks, rollback_status, confirmed_by, dry_run, awaiting, answer, watch`;

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));
const json = <T>(v: unknown): T | undefined => (typeof v === 'string' && v ? (JSON.parse(v) as T) : undefined);

function toSummary(r: Row): RunSummary {
  return {
    runId: String(r.run_id),
    deployment: String(r.deployment),
    environment: opt(r.environment),
    namespace: opt(r.namespace),
    revision: opt(r.revision),
    baseUrl: opt(r.base_url),
    state: r.state as RunState,
    verdict: opt<Verdict>(r.verdict),
    startedAt: Number(r.started_at),
    finishedAt: opt<number>(r.finished_at),
    deployedAt: opt<number>(r.deployed_at),
    durationMs: opt<number>(r.duration_ms),
    totalChecks: opt<number>(r.total_checks),
    failedChecks: json<string[]>(r.failed_checks) ?? [],
    rollbackStatus: opt(r.rollback_status),
    confirmedBy: opt(r.confirmed_by),
    dryRun: Number(r.dry_run) === 1,
    awaiting: json<AwaitingInfo>(r.awaiting),
    answer: json<Answer>(r.answer),
    watch: json<WatchProgress>(r.watch),
  };
}

function startParams(s: RunStart): Param[] {
  return [s.runId, s.deployment, s.environment ?? null, s.namespace ?? null, s.revision ?? null, s.baseUrl ?? null, s.startedAt, s.deployedAt ?? null];
}

/** One RunStore for both databases: the SQL is the subset they share (see db.ts). */
export class SqlRunStore implements RunStore {
  readonly kind: 'sqlite' | 'postgres';

  constructor(private readonly db: Db) {
    this.kind = db.dialect;
  }

  async recordStart(start: RunStart, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO runs (run_id, deployment, environment, namespace, revision, base_url, started_at, deployed_at, state, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?) ON CONFLICT (run_id) DO NOTHING`,
      [...startParams(start), now],
    );
  }

  async recordAwaiting(start: RunStart, awaiting: AwaitingInfo, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO runs (run_id, deployment, environment, namespace, revision, base_url, started_at, deployed_at, state, awaiting, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'awaiting', ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET state = 'awaiting', awaiting = excluded.awaiting, updated_at = excluded.updated_at
       WHERE runs.state <> 'finished'`,
      [...startParams(start), JSON.stringify(awaiting), now],
    );
  }

  async recordWatch(start: RunStart, watch: WatchProgress, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO runs (run_id, deployment, environment, namespace, revision, base_url, started_at, deployed_at, state, watch, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET watch = excluded.watch, updated_at = excluded.updated_at
       WHERE runs.state <> 'finished'`,
      [...startParams(start), JSON.stringify(watch), now],
    );
  }

  async recordFinished(report: RunResult, now = Date.now()): Promise<'created' | 'replaced'> {
    const s = startOf(report);
    const rb = rollbackFacts(report);
    const finishedAt = Date.parse(report.finishedAt);
    return this.db.transaction(async (tx) => {
      const [before] = await tx.all('SELECT state FROM runs WHERE run_id = ?', [report.runId]);
      await tx.run(
        `INSERT INTO runs (run_id, deployment, environment, namespace, revision, base_url, started_at, deployed_at, state, verdict, finished_at,
           duration_ms, total_checks, failed_checks, rollback_status, confirmed_by, dry_run, report, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET deployment = excluded.deployment, environment = excluded.environment, namespace = excluded.namespace,
           revision = excluded.revision, base_url = excluded.base_url, started_at = excluded.started_at, deployed_at = excluded.deployed_at,
           state = 'finished', verdict = excluded.verdict, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms,
           total_checks = excluded.total_checks, failed_checks = excluded.failed_checks, rollback_status = excluded.rollback_status,
           confirmed_by = excluded.confirmed_by, dry_run = excluded.dry_run, report = excluded.report, watch = NULL, updated_at = excluded.updated_at`,
        [
          ...startParams(s), report.verdict, Number.isFinite(finishedAt) ? finishedAt : null, report.durationMs, report.checks.length,
          JSON.stringify(failedChecksOf(report)), rb.status ?? null, rb.confirmedBy ?? null, report.dryRun ? 1 : 0, JSON.stringify(report), now,
        ],
      );
      // Re-publishing replaces the run's checks rather than adding to them.
      await tx.run('DELETE FROM check_results WHERE run_id = ?', [report.runId]);
      for (const c of report.checks) {
        await tx.run(
          `INSERT INTO check_results (run_id, name, deployment, started_at, status, severity, duration_ms, attempts, run_verdict)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [report.runId, c.name, s.deployment, s.startedAt, c.status, c.severity, Math.round(c.durationMs), c.attempts, report.verdict],
        );
      }
      return before?.state === 'finished' ? 'replaced' : 'created';
    });
  }

  async recordAnswer(runId: string, answer: Answer): Promise<boolean> {
    const changed = await this.db.run(
      "UPDATE runs SET answer = ?, updated_at = ? WHERE run_id = ? AND state = 'awaiting' AND answer IS NULL",
      [JSON.stringify(answer), Date.now(), runId],
    );
    return changed > 0;
  }

  async withdrawAnswer(runId: string): Promise<void> {
    await this.db.run("UPDATE runs SET answer = NULL, updated_at = ? WHERE run_id = ? AND state = 'awaiting'", [Date.now(), runId]);
  }

  async getRun(runId: string): Promise<StoredRun | undefined> {
    const rows = await this.db.all(`SELECT ${SUMMARY_COLUMNS}, report FROM runs WHERE run_id = ?`, [runId]);
    if (!rows[0]) return undefined;
    return { ...toSummary(rows[0]), report: json<RunResult>(rows[0].report) };
  }

  async listDeployments(now = Date.now()): Promise<DeploymentOverview[]> {
    const stats = await this.db.all(
      `SELECT deployment, COUNT(*) AS runs, MAX(started_at) AS last_started,
         MAX(CASE WHEN state = 'finished' THEN started_at END) AS last_finished_started,
         MAX(deployed_at) AS last_deployed,
         SUM(CASE WHEN rollback_status = 'succeeded' AND started_at >= ? THEN 1 ELSE 0 END) AS rollbacks,
         SUM(CASE WHEN verdict IN ('critical', 'warning') AND started_at >= ? THEN 1 ELSE 0 END) AS failures
       FROM runs GROUP BY deployment ORDER BY deployment`,
      [now - DAY_MS, now - 7 * DAY_MS],
    );
    // Two indexed look-ups per deployment: far cheaper than a correlated subquery per stored run.
    const latest = await Promise.all(stats.map(async (s) => {
      const [newest] = await this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? ORDER BY started_at DESC LIMIT 1`, [String(s.deployment)]);
      const [finished] = await this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? AND state = 'finished' ORDER BY started_at DESC LIMIT 1`, [String(s.deployment)]);
      return { newest: toSummary(newest!), finished: finished ? toSummary(finished) : undefined };
    }));
    return stats.map((s, i) => {
      const { newest, finished } = latest[i]!;
      const lastDeployed = opt<number>(s.last_deployed);
      const smokedSince = opt<number>(s.last_finished_started) ?? -Infinity;
      return {
        deployment: String(s.deployment),
        latest: newest,
        lastFinished: finished,
        runs: Number(s.runs),
        rollbacks24h: Number(s.rollbacks ?? 0),
        recentFailures: Number(s.failures ?? 0),
        unsmokedDeployAt: lastDeployed !== undefined && lastDeployed > smokedSince ? lastDeployed : undefined,
      };
    });
  }

  async listRuns(deployment: string, page: { limit: number; before?: number }): Promise<RunPage> {
    const before = page.before ?? Number.MAX_SAFE_INTEGER;
    const rows = await this.db.all(
      `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? AND started_at < ? ORDER BY started_at DESC LIMIT ?`,
      [deployment, before, page.limit + 1],
    );
    const total = Number((await this.db.all('SELECT COUNT(*) AS n FROM runs WHERE deployment = ?', [deployment]))[0]?.n ?? 0);
    const runs = rows.slice(0, page.limit).map(toSummary);
    return { runs, total, nextBefore: rows.length > page.limit ? runs[runs.length - 1]?.startedAt : undefined };
  }

  async checkHistory(deployment: string, runs: number): Promise<CheckSample[]> {
    const rows = await this.db.all(
      `SELECT c.run_id, c.name, c.started_at, c.status, c.severity, c.duration_ms, c.attempts, c.run_verdict FROM check_results c
       WHERE c.run_id IN (SELECT run_id FROM runs WHERE deployment = ? AND state = 'finished' ORDER BY started_at DESC LIMIT ?)
       ORDER BY c.started_at DESC, c.name`,
      [deployment, runs],
    );
    return rows.map((r) => ({
      runId: String(r.run_id), name: String(r.name), startedAt: Number(r.started_at), status: String(r.status), severity: String(r.severity),
      durationMs: Number(r.duration_ms), attempts: Number(r.attempts), runVerdict: String(r.run_verdict),
    }));
  }

  async goodDurations(deployment: string, runs: number): Promise<Record<string, number[]>> {
    const rows = await this.db.all(
      `SELECT c.name, c.duration_ms FROM check_results c
       WHERE c.status = 'passed' AND c.run_id IN (
         SELECT run_id FROM runs WHERE deployment = ? AND state = 'finished' AND verdict = 'passed' AND dry_run = 0 ORDER BY started_at DESC LIMIT ?)
       ORDER BY c.started_at DESC`,
      [deployment, runs],
    );
    const out: Record<string, number[]> = {};
    for (const r of rows) (out[String(r.name)] ??= []).push(Number(r.duration_ms));
    return out;
  }

  async awaiting(): Promise<RunSummary[]> {
    return (await this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE state = 'awaiting' ORDER BY started_at DESC`)).map(toSummary);
  }

  async watching(): Promise<RunSummary[]> {
    return (await this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE state IN ('running', 'awaiting') AND watch IS NOT NULL ORDER BY started_at DESC`)).map(toSummary);
  }

  async latestReports(): Promise<RunResult[]> {
    const deployments = await this.db.all('SELECT DISTINCT deployment FROM runs');
    const rows = (await Promise.all(deployments.map((d) =>
      this.db.all("SELECT deployment, report FROM runs WHERE deployment = ? AND state = 'finished' ORDER BY started_at DESC LIMIT 1", [String(d.deployment)])))).flat();
    // Two runs of a deployment may start in the same millisecond: keep one, the later finished.
    const latest = new Map<string, RunResult>();
    for (const report of rows.map((r) => json<RunResult>(r.report))) {
      if (!report) continue;
      const key = deploymentOf(report);
      const seen = latest.get(key);
      if (!seen || report.finishedAt > seen.finishedAt) latest.set(key, report);
    }
    return [...latest.values()];
  }

  async prune(retainDays: number, now = Date.now()): Promise<number> {
    const cutoff = now - retainDays * DAY_MS;
    let pruned = 0;
    // Bounded batches: a first prune of a large history never holds one huge transaction.
    for (let batch = 0; batch < 1_000; batch++) {
      const n = await this.db.transaction(async (tx) => {
        const runs = await tx.all(
          'SELECT run_id, deployment, started_at, verdict, duration_ms FROM runs WHERE started_at < ? AND state = ? ORDER BY started_at LIMIT 1000',
          [cutoff, 'finished'],
        );
        if (!runs.length) return 0;
        const ids = runs.map((r) => String(r.run_id));
        const marks = ids.map(() => '?').join(', ');
        const checks = await tx.all(`SELECT run_id, name, status, severity, duration_ms FROM check_results WHERE run_id IN (${marks})`, ids);
        for (const a of foldIntoDays(runs, checks)) {
          await tx.run(
            `INSERT INTO daily_aggregates (deployment, day, check_name, runs, passed, warning, critical, duration_sum, duration_max)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (deployment, day, check_name) DO UPDATE SET runs = daily_aggregates.runs + excluded.runs,
               passed = daily_aggregates.passed + excluded.passed, warning = daily_aggregates.warning + excluded.warning,
               critical = daily_aggregates.critical + excluded.critical, duration_sum = daily_aggregates.duration_sum + excluded.duration_sum,
               duration_max = CASE WHEN excluded.duration_max > daily_aggregates.duration_max THEN excluded.duration_max ELSE daily_aggregates.duration_max END`,
            [a.deployment, a.day, a.checkName, a.runs, a.passed, a.warning, a.critical, a.durationSum, a.durationMax],
          );
        }
        await tx.run(`DELETE FROM check_results WHERE run_id IN (${marks})`, ids);
        await tx.run(`DELETE FROM runs WHERE run_id IN (${marks})`, ids);
        return runs.length;
      });
      pruned += n;
      if (n === 0) break;
    }
    // A run that started but never finished (its process died) is dropped after the same period.
    pruned += await this.db.run("DELETE FROM runs WHERE started_at < ? AND state <> 'finished'", [cutoff]);
    return pruned;
  }

  async dailyAggregates(deployment: string): Promise<DailyAggregate[]> {
    const rows = await this.db.all('SELECT * FROM daily_aggregates WHERE deployment = ? ORDER BY day, check_name', [deployment]);
    return rows.map((r) => ({
      deployment: String(r.deployment), day: String(r.day), checkName: String(r.check_name), runs: Number(r.runs), passed: Number(r.passed),
      warning: Number(r.warning), critical: Number(r.critical), durationSum: Number(r.duration_sum), durationMax: Number(r.duration_max),
    }));
  }

  async refreshStatistics(): Promise<void> {
    await this.db.run(this.db.dialect === 'postgres' ? 'ANALYZE runs, check_results' : 'PRAGMA optimize');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
