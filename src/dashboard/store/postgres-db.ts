import type { Pool, PoolClient } from 'pg';
import { loadPg } from '../../util/load-pg.js';
import type { Db, Param, Row } from './db.js';

/** `?` → `$1, $2, …` (our SQL never has a literal question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Statement texts given a name: past this many, SQL built with a varying number of placeholders runs unnamed. */
const MAX_NAMED_STATEMENTS = 200;

/**
 * Each SQL text as a named (server-side prepared) statement: a connection parses it once instead
 * of on every call. The cache is per pool; pg prepares a name on each connection at first use.
 */
function statementCache(): (sql: string) => { text: string; name?: string } {
  const cache = new Map<string, { text: string; name?: string }>();
  return (sql) => {
    let q = cache.get(sql);
    if (!q) {
      q = { text: numbered(sql), ...(cache.size < MAX_NAMED_STATEMENTS ? { name: `smokeguard_${cache.size}` } : {}) };
      cache.set(sql, q);
    }
    return q;
  };
}

function bind(client: Pool | PoolClient, statement: ReturnType<typeof statementCache>, onTransaction: Db['transaction']): Db {
  return {
    dialect: 'postgres',
    async all(sql, params: readonly Param[] = []) {
      return (await client.query({ ...statement(sql), values: params as Param[] })).rows as Row[];
    },
    async run(sql, params: readonly Param[] = []) {
      return (await client.query({ ...statement(sql), values: params as Param[] })).rowCount ?? 0;
    },
    transaction: onTransaction,
    async close() {},
  };
}

/**
 * PostgreSQL for several `serve` replicas behind one Service. BIGINT (epoch ms) comes back as a
 * JS number: times stay far below 2^53.
 */
export async function openPostgres(url: string): Promise<Db> {
  const pg = loadPg();
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5_000, types: types as never });
  // An idle client that loses its server must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  const statement = statementCache();
  const transaction: Db['transaction'] = async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(bind(client, statement, () => Promise.reject(new Error('nested transaction'))));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  const db = bind(pool, statement, transaction);
  return { ...db, close: () => pool.end() };
}
