import type Database from 'better-sqlite3';
import type { Db, Param, Row } from './db.js';

/**
 * better-sqlite3 behind the async Db interface. WAL mode lets `serve` read while a run writes
 * the same file (`run --store sqlite:…`); busy_timeout waits for the other writer instead of failing.
 */
export async function openSqlite(path: string): Promise<Db> {
  // An optional dependency: it compiles from source where no prebuilt binary can be fetched, so an
  // install may leave it out (--omit=optional). Say what to do instead of a module-not-found trace.
  const { default: BetterSqlite } = await import('better-sqlite3').catch((err: unknown) => {
    throw new Error(
      `the SQLite store needs the optional package better-sqlite3, which could not be loaded (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): run \`npm install better-sqlite3\`, or use --store postgres://…`,
    );
  });
  const db: Database.Database = new BetterSqlite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const adapter: Db = {
    dialect: 'sqlite',
    async all(sql, params: readonly Param[] = []) {
      return prepare(sql).all(...params) as Row[];
    },
    async run(sql, params: readonly Param[] = []) {
      const s = prepare(sql);
      return s.reader ? s.all(...params).length : s.run(...params).changes;
    },
    async transaction(work) {
      // better-sqlite3 transactions are synchronous; the async work only awaits sync calls here.
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await work(adapter);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    async close() {
      db.close();
    },
  };
  return adapter;
}
