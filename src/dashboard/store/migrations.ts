import type { Db } from './db.js';

/**
 * Versioned migrations, applied in order at start, each in its own transaction and recorded in
 * schema_migrations. Append only: a released migration is never edited, a change is a new one.
 * The SQL is the subset SQLite and PostgreSQL share (BIGINT epoch ms, TEXT JSON, 0/1 booleans).
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, check results, daily aggregates',
    statements: [
      `CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        deployment TEXT NOT NULL,
        environment TEXT,
        namespace TEXT,
        revision TEXT,
        base_url TEXT,
        state TEXT NOT NULL,
        verdict TEXT,
        started_at BIGINT NOT NULL,
        finished_at BIGINT,
        deployed_at BIGINT,
        duration_ms BIGINT,
        total_checks INTEGER,
        failed_checks TEXT,
        rollback_status TEXT,
        confirmed_by TEXT,
        dry_run INTEGER NOT NULL DEFAULT 0,
        awaiting TEXT,
        answer TEXT,
        report TEXT,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX runs_by_deployment ON runs (deployment, started_at)',
      'CREATE INDEX runs_by_state ON runs (state)',
      `CREATE TABLE check_results (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        deployment TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        duration_ms BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        run_verdict TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      )`,
      'CREATE INDEX check_results_by_deployment ON check_results (deployment, name, started_at)',
      `CREATE TABLE daily_aggregates (
        deployment TEXT NOT NULL,
        day TEXT NOT NULL,
        check_name TEXT NOT NULL,
        runs INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        critical INTEGER NOT NULL,
        duration_sum BIGINT NOT NULL,
        duration_max BIGINT NOT NULL,
        PRIMARY KEY (deployment, day, check_name)
      )`,
    ],
  },
  {
    version: 2,
    name: 'a watch in progress: its series so far',
    // Set while a watch runs (the event "watching"), cleared when its report arrives (which holds the series).
    statements: ['ALTER TABLE runs ADD COLUMN watch TEXT'],
  },
  {
    version: 3,
    name: 'per-deployment counts kept on write; indexes for the overview',
    // Reads no longer scan a deployment's whole history: the page's run count and the overview's
    // list, counts and newest deploy come from `deployments` (kept in the writes' transactions);
    // the 24 h rollbacks and 7 d failures are index ranges. check_results_by_deployment served
    // no query (checks are read by run id) and cost an index entry per check on every ingest.
    statements: [
      `CREATE TABLE deployments (
        deployment TEXT PRIMARY KEY,
        runs BIGINT NOT NULL,
        last_deployed_at BIGINT
      )`,
      'INSERT INTO deployments (deployment, runs, last_deployed_at) SELECT deployment, COUNT(*), MAX(deployed_at) FROM runs GROUP BY deployment',
      'CREATE INDEX runs_by_verdict ON runs (deployment, verdict, started_at)',
      'CREATE INDEX runs_by_rollback ON runs (deployment, rollback_status, started_at)',
      'DROP INDEX check_results_by_deployment',
    ],
  },
];

/** Applies the migrations this database lacks; returns the versions applied now. Safe to race (two replicas starting). */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): Promise<number[]> {
  // Two `serve` replicas starting at once: the second waits on the lock, then sees the version
  // applied. The bookkeeping table is created under the lock too: PostgreSQL's CREATE TABLE IF NOT
  // EXISTS is not safe against a concurrent one (it fails on pg_type's unique index).
  const lock = (tx: Db) => (tx.dialect === 'postgres' ? tx.all('SELECT pg_advisory_xact_lock(727274)') : Promise.resolve());
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      if ((await tx.all('SELECT version FROM schema_migrations WHERE version = ?', [m.version])).length) return false;
      for (const sql of m.statements) await tx.run(sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

export async function schemaVersion(db: Db): Promise<number> {
  const rows = await db.all('SELECT MAX(version) AS v FROM schema_migrations');
  return Number(rows[0]?.v ?? 0);
}
