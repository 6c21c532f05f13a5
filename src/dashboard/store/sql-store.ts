import type { RunResult, Verdict, WatchProgress } from '../../core/types.js';
import type { Db, Param, Row } from './db.js';
import { deploymentOf, failedChecksOf, rollbackFacts, startOf } from './summarize.js';
import type {
  Answer, AwaitingInfo, CheckSample, DailyAggregate, DeploymentOverview, RunPage, RunPageQuery, RunStart, RunState, RunStore, RunSummary, StoredRun,
} from './types.js';
import { foldIntoDays } from './aggregate.js';

const DAY_MS = 86_400_000;
/** 9 parameters a row: 100 rows stay under SQLite's oldest limit of 999 parameters a statement. */
const CHECK_ROWS_PER_INSERT = 100;
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
    await this.db.transaction(async (tx) => {
      if (await this.insertNew(tx, start, 'running', {}, now)) await this.countRuns(tx, start.deployment, 1, start.deployedAt);
    });
  }

  async recordAwaiting(start: RunStart, awaiting: AwaitingInfo, now = Date.now()): Promise<void> {
    const value = JSON.stringify(awaiting);
    await this.db.transaction(async (tx) => {
      if (await this.insertNew(tx, start, 'awaiting', { awaiting: value }, now)) return this.countRuns(tx, start.deployment, 1, start.deployedAt);
      await tx.run("UPDATE runs SET state = 'awaiting', awaiting = ?, updated_at = ? WHERE run_id = ? AND state <> 'finished'", [value, now, start.runId]);
    });
  }

  async recordWatch(start: RunStart, watch: WatchProgress, now = Date.now()): Promise<void> {
    const value = JSON.stringify(watch);
    await this.db.transaction(async (tx) => {
      if (await this.insertNew(tx, start, 'running', { watch: value }, now)) return this.countRuns(tx, start.deployment, 1, start.deployedAt);
      await tx.run("UPDATE runs SET watch = ?, updated_at = ? WHERE run_id = ? AND state <> 'finished'", [value, now, start.runId]);
    });
  }

  async recordFinished(report: RunResult, now = Date.now()): Promise<'created' | 'replaced'> {
    const s = startOf(report);
    const rb = rollbackFacts(report);
    const finishedAt = Date.parse(report.finishedAt);
    const fields = {
      verdict: report.verdict, finished_at: Number.isFinite(finishedAt) ? finishedAt : null, duration_ms: report.durationMs,
      total_checks: report.checks.length, failed_checks: JSON.stringify(failedChecksOf(report)), rollback_status: rb.status ?? null,
      confirmed_by: rb.confirmedBy ?? null, dry_run: report.dryRun ? 1 : 0, report: JSON.stringify(report),
    };
    return this.db.transaction(async (tx) => {
      let outcome: 'created' | 'replaced' = 'created';
      const counts = new Map<string, number>([[s.deployment, 1]]);
      if (!(await this.insertNew(tx, s, 'finished', fields, now))) {
        // Known already (its start, a wait, or the same report again): the report overwrites the row.
        const [before] = await tx.all('SELECT state, deployment FROM runs WHERE run_id = ?', [report.runId]);
        await tx.run(
          `UPDATE runs SET deployment = ?, environment = ?, namespace = ?, revision = ?, base_url = ?, started_at = ?, deployed_at = ?,
             state = 'finished', verdict = ?, finished_at = ?, duration_ms = ?, total_checks = ?, failed_checks = ?, rollback_status = ?,
             confirmed_by = ?, dry_run = ?, report = ?, watch = NULL, updated_at = ? WHERE run_id = ?`,
          [...startParams(s).slice(1), ...Object.values(fields), now, report.runId],
        );
        // Counted when first recorded, unless it moves to another deployment.
        const previous = before ? String(before.deployment) : s.deployment;
        counts.set(s.deployment, previous === s.deployment ? 0 : 1);
        if (previous !== s.deployment) counts.set(previous, -1);
        // Re-publishing replaces the run's checks rather than adding to them.
        await tx.run('DELETE FROM check_results WHERE run_id = ?', [report.runId]);
        if (before?.state === 'finished') outcome = 'replaced';
      }
      // A statement per chunk of checks, not per check: on PostgreSQL each statement is a round trip.
      for (let at = 0; at < report.checks.length; at += CHECK_ROWS_PER_INSERT) {
        const chunk = report.checks.slice(at, at + CHECK_ROWS_PER_INSERT);
        await tx.run(
          `INSERT INTO check_results (run_id, name, deployment, started_at, status, severity, duration_ms, attempts, run_verdict)
           VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((c) => [report.runId, c.name, s.deployment, s.startedAt, c.status, c.severity, Math.round(c.durationMs), c.attempts, report.verdict]),
        );
      }
      // Last, just before the commit: every publish of a deployment updates its one counter row,
      // and PostgreSQL holds that row lock until the commit. In name order, as prune takes them.
      for (const [deployment, delta] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const deployedAt = deployment === s.deployment ? s.deployedAt : undefined;
        if (delta !== 0 || deployedAt !== undefined) await this.countRuns(tx, deployment, delta, deployedAt);
      }
      return outcome;
    });
  }

  /**
   * Inserts the run unless its id is known; true when this call inserted it. Only that insert
   * counts the run for its deployment, however many replicas publish the same run at once.
   */
  private async insertNew(tx: Db, start: RunStart, state: RunState, fields: Record<string, Param>, now: number): Promise<boolean> {
    const names = Object.keys(fields);
    const inserted = await tx.run(
      `INSERT INTO runs (run_id, deployment, environment, namespace, revision, base_url, started_at, deployed_at, state, updated_at${names.map((n) => `, ${n}`).join('')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?${', ?'.repeat(names.length)}) ON CONFLICT (run_id) DO NOTHING`,
      [...startParams(start), state, now, ...Object.values(fields)],
    );
    return inserted > 0;
  }

  /** Takes deleted runs off their deployments' counts (in name order: two replicas lock rows in the same order). */
  private async uncount(tx: Db, deleted: readonly Row[]): Promise<void> {
    const per = new Map<string, number>();
    for (const r of deleted) per.set(String(r.deployment), (per.get(String(r.deployment)) ?? 0) + 1);
    for (const [deployment, n] of [...per].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await this.countRuns(tx, deployment, -n);
  }

  /** Adds `delta` to the deployment's run count and keeps its newest reported deploy. */
  private async countRuns(tx: Db, deployment: string, delta: number, deployedAt?: number): Promise<void> {
    await tx.run(
      `INSERT INTO deployments (deployment, runs, last_deployed_at) VALUES (?, ?, ?)
       ON CONFLICT (deployment) DO UPDATE SET runs = deployments.runs + excluded.runs,
         last_deployed_at = CASE WHEN deployments.last_deployed_at IS NULL OR excluded.last_deployed_at > deployments.last_deployed_at
           THEN excluded.last_deployed_at ELSE deployments.last_deployed_at END`,
      [deployment, delta, deployedAt ?? null],
    );
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
    // The list and counts are kept on write; the rest is a few index look-ups per deployment, so
    // the overview costs the same with 100 or 100,000 stored runs.
    const deployments = await this.db.all('SELECT deployment, runs, last_deployed_at FROM deployments WHERE runs > 0 ORDER BY deployment');
    return Promise.all(deployments.map(async (d): Promise<DeploymentOverview> => {
      const deployment = String(d.deployment);
      const [[newest], [finished], [recent]] = await Promise.all([
        this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? ORDER BY started_at DESC LIMIT 1`, [deployment]),
        this.db.all(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? AND state = 'finished' ORDER BY started_at DESC LIMIT 1`, [deployment]),
        this.db.all(
          `SELECT (SELECT COUNT(*) FROM runs WHERE deployment = ? AND rollback_status = 'succeeded' AND started_at >= ?) AS rollbacks,
             (SELECT COUNT(*) FROM runs WHERE deployment = ? AND verdict IN ('critical', 'warning') AND started_at >= ?) AS failures`,
          [deployment, now - DAY_MS, deployment, now - 7 * DAY_MS],
        ),
      ]);
      const lastFinished = finished ? toSummary(finished) : undefined;
      const lastDeployed = opt<number>(d.last_deployed_at);
      // The last finished run smoked what was deployed before it started, and the deploy it
      // reported itself (a run that waited for the rollout reports a deploy after its start).
      const smokedSince = Math.max(lastFinished?.startedAt ?? -Infinity, lastFinished?.deployedAt ?? -Infinity);
      return {
        deployment,
        latest: toSummary(newest!),
        lastFinished,
        runs: Number(d.runs),
        rollbacks24h: Number(recent?.rollbacks ?? 0),
        recentFailures: Number(recent?.failures ?? 0),
        unsmokedDeployAt: lastDeployed !== undefined && lastDeployed > smokedSince ? lastDeployed : undefined,
      };
    }));
  }

  async listRuns(deployment: string, page: RunPageQuery): Promise<RunPage> {
    const before = page.before ?? Number.MAX_SAFE_INTEGER;
    // The cursor is (started_at, run_id): two runs may start in the same millisecond, and a page
    // boundary between them must not skip one. started_at <= ? keeps it an index range.
    const rows = page.beforeId === undefined
      ? await this.db.all(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? AND started_at < ? ORDER BY started_at DESC, run_id DESC LIMIT ?`,
        [deployment, before, page.limit + 1],
      )
      : await this.db.all(
        `SELECT ${SUMMARY_COLUMNS} FROM runs WHERE deployment = ? AND started_at <= ? AND (started_at < ? OR run_id < ?)
         ORDER BY started_at DESC, run_id DESC LIMIT ?`,
        [deployment, before, before, page.beforeId, page.limit + 1],
      );
    // Kept on write: counting the deployment's rows here read its whole history on every page view.
    const total = Number((await this.db.all('SELECT runs FROM deployments WHERE deployment = ?', [deployment]))[0]?.runs ?? 0);
    const runs = rows.slice(0, page.limit).map(toSummary);
    const last = rows.length > page.limit ? runs[runs.length - 1] : undefined;
    return { runs, total, ...(last ? { nextBefore: last.startedAt, nextBeforeId: last.runId } : {}) };
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
    const deployments = await this.db.all('SELECT deployment FROM deployments WHERE runs > 0');
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
        const candidates = await tx.all(
          'SELECT run_id FROM runs WHERE started_at < ? AND state = ? ORDER BY started_at LIMIT 1000',
          [cutoff, 'finished'],
        );
        if (!candidates.length) return 0;
        const ids = candidates.map((r) => String(r.run_id));
        const marks = ids.map(() => '?').join(', ');
        const checks = await tx.all(`SELECT run_id, name, status, severity, duration_ms FROM check_results WHERE run_id IN (${marks})`, ids);
        await tx.run(`DELETE FROM check_results WHERE run_id IN (${marks})`, ids);
        // What this transaction deleted, not what it selected: a replica pruning at the same time
        // deletes (and so folds and uncounts) each run once.
        const runs = await tx.all(`DELETE FROM runs WHERE run_id IN (${marks}) RETURNING run_id, deployment, started_at, verdict, duration_ms`, ids);
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
        await this.uncount(tx, runs);
        return runs.length;
      });
      pruned += n;
      if (n === 0) break;
    }
    // A run that started but never finished (its process died) is dropped after the same period.
    pruned += await this.db.transaction(async (tx) => {
      const gone = await tx.all("DELETE FROM runs WHERE started_at < ? AND state <> 'finished' RETURNING deployment", [cutoff]);
      await this.uncount(tx, gone);
      return gone.length;
    });
    return pruned;
  }

  async dailyAggregates(deployment: string): Promise<DailyAggregate[]> {
    const rows = await this.db.all('SELECT deployment, day, check_name, runs, passed, warning, critical, duration_sum, duration_max FROM daily_aggregates WHERE deployment = ? ORDER BY day, check_name', [deployment]);
    return rows.map((r) => ({
      deployment: String(r.deployment), day: String(r.day), checkName: String(r.check_name), runs: Number(r.runs), passed: Number(r.passed),
      warning: Number(r.warning), critical: Number(r.critical), durationSum: Number(r.duration_sum), durationMax: Number(r.duration_max),
    }));
  }

  async refreshStatistics(): Promise<void> {
    await this.db.run(this.db.dialect === 'postgres' ? 'ANALYZE runs, check_results, deployments' : 'PRAGMA optimize');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
