import { z } from 'zod';
import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';

export const DEFAULT_POSTGRES_QUERY = 'SELECT 1';

const options = {
  url: z.string().optional().describe('postgres://user:password@host:5432/db; default DATABASE_URL'),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
  ssl: z.union([z.boolean(), z.enum(['require', 'verify-full', 'no-verify'])]).optional(),
  query: z.string().min(1).default(DEFAULT_POSTGRES_QUERY),
};

/** `host:port/database`, never the password. */
function describeTarget(url: string | undefined, host?: string, port?: number, database?: string): string {
  if (url) {
    try {
      const u = new URL(url);
      return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
    } catch {
      return 'postgres (unparsable url)';
    }
  }
  return `${host ?? process.env.PGHOST ?? 'localhost'}:${port ?? 5432}${database ? `/${database}` : ''}`;
}

/** The first column of the first row, when it is a scalar: handy in reports (`SELECT count(*)`). */
function firstValue(rows: Record<string, unknown>[]): unknown {
  const value = rows[0] ? Object.values(rows[0])[0] : undefined;
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value : undefined;
}

export const postgres = defineCheck({
  type: 'postgres',
  description: 'PostgreSQL: connect and run a query (default SELECT 1)',
  options,
  async run(opts, ctx): Promise<CheckOutcome> {
    const url = opts.url ?? (opts.host ? undefined : ctx.env.DATABASE_URL);
    if (!url && !opts.host && !ctx.env.PGHOST) {
      return { status: 'failed', reason: 'no connection settings: set url (or host) on the check, or DATABASE_URL' };
    }
    ctx.redactor.addUrlCredentials(url);
    ctx.redactor.addSecret(opts.password);
    const target = describeTarget(url, opts.host, opts.port, opts.database);
    const budget = remainingMs(ctx.deadline);
    const { Client } = (await import('pg')).default;
    const client = new Client({
      connectionString: url,
      host: opts.host,
      port: opts.port,
      user: opts.user,
      password: opts.password,
      database: opts.database,
      ssl: opts.ssl === undefined ? undefined : opts.ssl === true || opts.ssl === 'require' || opts.ssl === 'no-verify' ? { rejectUnauthorized: opts.ssl === true } : { rejectUnauthorized: true },
      connectionTimeoutMillis: budget,
      // The server cancels a slow query itself, so nothing keeps running after our deadline.
      statement_timeout: budget,
      query_timeout: budget,
      application_name: 'smokeguard',
    });
    client.on('error', () => {}); // a late socket error after abort must not crash the process
    const destroy = () => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    };
    try {
      await abortable(ctx.signal, client.connect(), destroy);
      const started = performance.now();
      const res = await abortable(ctx.signal, client.query(opts.query), destroy);
      return {
        status: 'passed',
        target,
        details: { rows: res.rowCount ?? res.rows.length, firstValue: firstValue(res.rows), queryMs: Math.round(performance.now() - started), serverVersion: (client as unknown as { serverVersion?: string }).serverVersion },
      };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const e = err as { code?: string; message?: string };
      if (e.code === '57014') return { status: 'failed', target, errorCode: e.code, reason: `query cancelled by the server after ${budget} ms (statement_timeout)` };
      const { code, reason } = describeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(client.end(), destroy);
    }
  },
});
