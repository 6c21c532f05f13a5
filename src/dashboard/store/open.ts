import { migrate } from './migrations.js';
import { SqlRunStore } from './sql-store.js';
import type { RunStore } from './types.js';

/** The store when none is named: a SQLite file in the working directory (zero set-up). */
export const DEFAULT_STORE = 'sqlite:./smokeguard.db';

export class StoreUrlError extends Error {}

/** The store URL as it may be shown: no password. */
export function displayStore(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** `sqlite:PATH` (or a path ending in .db / .sqlite) or `postgres://…` / `postgresql://…`. */
export function parseStoreUrl(url: string): { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new StoreUrlError('sqlite: needs a file path, e.g. sqlite:./smokeguard.db');
    return { kind: 'sqlite', path };
  }
  if (/\.(db|sqlite3?)$/i.test(url)) return { kind: 'sqlite', path: url };
  throw new StoreUrlError(`unknown store "${url.replace(/\/\/[^@/]*@/, '//***@')}": expected sqlite:PATH or postgres://user@host/db`);
}

/** Opens the store and applies any migration it lacks. The drivers load here, never before. */
export async function openStore(url: string): Promise<RunStore> {
  const parsed = parseStoreUrl(url);
  const db = parsed.kind === 'sqlite'
    ? await (await import('./sqlite-db.js')).openSqlite(parsed.path)
    : await (await import('./postgres-db.js')).openPostgres(parsed.url);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return new SqlRunStore(db);
}
