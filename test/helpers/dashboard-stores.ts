import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The real PostgreSQL on this machine (trust auth). */
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TempStore {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of each kind: a SQLite file in a temp dir, a new PostgreSQL database. */
export async function tempStore(kind: 'sqlite' | 'postgres'): Promise<TempStore> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-store-'));
    return { kind, url: `sqlite:${join(dir, 'smokeguard.db')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `smokeguard_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(PG_ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    kind,
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client(PG_ADMIN);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
