import type { Pool, PoolClient } from 'pg';
import type { Db, Param, Row } from './db.js';

/** `?` → `$1, $2, …` (our SQL never has a literal question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function bind(client: Pool | PoolClient, onTransaction: Db['transaction']): Db {
  return {
    dialect: 'postgres',
    async all(sql, params: readonly Param[] = []) {
      return (await client.query(numbered(sql), params as Param[])).rows as Row[];
    },
    async run(sql, params: readonly Param[] = []) {
      return (await client.query(numbered(sql), params as Param[])).rowCount ?? 0;
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
  const { default: pg } = await import('pg');
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5_000, types: types as never });
  // An idle client that loses its server must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  const transaction: Db['transaction'] = async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(bind(client, () => Promise.reject(new Error('nested transaction'))));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  const db = bind(pool, transaction);
  return { ...db, close: () => pool.end() };
}
