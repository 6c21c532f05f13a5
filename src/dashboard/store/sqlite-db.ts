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
  // Statements inside a transaction's work: straight to the connection.
  const inTransaction: Db = {
    dialect: 'sqlite',
    async all(sql, params: readonly Param[] = []) {
      return prepare(sql).all(...params) as Row[];
    },
    async run(sql, params: readonly Param[] = []) {
      const s = prepare(sql);
      return s.reader ? s.all(...params).length : s.run(...params).changes;
    },
    transaction: (work) => work(inTransaction),
    async close() {},
  };
  // One synchronous connection behind an async interface: a transaction's work awaits between its
  // statements, and two callers at once (Promise.all, two requests) must not interleave there —
  // a second BEGIN fails, and another caller's write would join (and roll back with) this
  // transaction. So every statement and transaction waits its turn.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job);
    tail = result.catch(() => {});
    return result;
  };
  const adapter: Db = {
    dialect: 'sqlite',
    all: (sql, params) => exclusive(() => inTransaction.all(sql, params)),
    run: (sql, params) => exclusive(() => inTransaction.run(sql, params)),
    transaction: (work) => exclusive(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await work(inTransaction);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    }),
    close: () => exclusive(async () => {
      db.close();
    }),
  };
  return adapter;
}
