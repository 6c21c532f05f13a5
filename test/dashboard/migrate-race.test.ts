import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/dashboard/store/migrations.js';
import { openPostgres } from '../../src/dashboard/store/postgres-db.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';

/**
 * Replicas of `serve` starting together on an empty PostgreSQL database all migrate at once.
 * PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent one (a unique
 * violation on pg_type), so every statement, the bookkeeping table included, must run under the lock.
 */
describe('migrations raced by replicas on one empty PostgreSQL database', () => {
  let temp: TempStore | undefined;
  afterEach(async () => {
    await temp?.drop();
    temp = undefined;
  });

  it('eight connections migrating at once: each version applied exactly once, none fails', async () => {
    for (let round = 0; round < 5; round++) {
      temp = await tempStore('postgres');
      const dbs = await Promise.all(Array.from({ length: 8 }, () => openPostgres(temp!.url)));
      try {
        const applied = await Promise.all(dbs.map((db) => migrate(db)));
        expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await schemaVersion(dbs[0]!)).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
      }
      await temp.drop();
      temp = undefined;
    }
  });
});
