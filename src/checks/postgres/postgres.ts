import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { loadPg } from '../../util/load-pg.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck, serverSummary } from '../check-type.js';
import { resolveEndpoint } from '../endpoint.js';
import { postgresOptions } from '../options.js';
import { URL_SPEC } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

const PORT = 5432;

/** libpq's sslmode words mapped onto the driver's TLS options. */
function tlsOptions(ssl: boolean | 'require' | 'verify-full' | 'no-verify' | undefined): false | { rejectUnauthorized: boolean } | undefined {
  if (ssl === undefined) return undefined;
  if (ssl === false) return false;
  return { rejectUnauthorized: ssl === true || ssl === 'verify-full' };
}

/** The first column of the first row, when it is a scalar: handy in reports (`SELECT count(*)`). */
function firstValue(rows: Record<string, unknown>[]): unknown {
  const value = rows[0] ? Object.values(rows[0])[0] : undefined;
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value : undefined;
}

export const postgres = defineCheck({
  ...postgresOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    // With nothing set but libpq's own PGHOST, the driver reads PG* variables itself.
    const libpqOnly = !opts.url && !opts.host && !ctx.env.DATABASE_URL && ctx.env.PGHOST;
    const resolved = libpqOnly ? { url: undefined, target: `${ctx.env.PGHOST}:${ctx.env.PGPORT ?? PORT}` } : resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in resolved) return resolved.failure;
    const url = resolved.url;
    const database = opts.database ?? (url && URL.canParse(url) ? decodeURIComponent(new URL(url).pathname.slice(1)) || undefined : undefined);
    const target = resolved.target + (database ? `/${database}` : '');
    const budget = remainingMs(ctx.deadline);
    const { Client } = loadPg();
    const client = new Client({
      connectionString: url,
      host: opts.host,
      port: opts.port,
      user: opts.user,
      password: opts.password,
      database: opts.database,
      ssl: tlsOptions(opts.ssl),
      connectionTimeoutMillis: budget,
      // The server cancels a slow query itself, so nothing keeps running after our deadline.
      statement_timeout: budget,
      query_timeout: budget,
      application_name: 'smokeguard',
    });
    client.on('error', () => {}); // a late socket error after abort must not crash the process
    // The server announces its version at startup (ParameterStatus server_version); pg keeps no copy.
    let serverVersion: string | undefined;
    (client as unknown as { connection: { on(event: 'parameterStatus', fn: (m: { parameterName: string; parameterValue: string }) => void): void } }).connection
      .on('parameterStatus', (m) => { if (m.parameterName === 'server_version') serverVersion = m.parameterValue; });
    const destroy = () => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    };
    try {
      // TCP connect still pending, or connected and the startup/login exchange unanswered ("no answer after connect").
      const stream = () => (client as unknown as { connection?: { stream?: { connecting?: boolean } } }).connection?.stream;
      await abortable(ctx.signal, client.connect(), destroy, () => ({ phase: stream()?.connecting ? 'connect' : 'query', where: target }));
      const started = monotonicMs();
      const res = await abortable(ctx.signal, client.query(opts.query), destroy, { phase: 'query', where: target });
      return {
        status: 'passed',
        target,
        summary: serverSummary('PostgreSQL', serverVersion),
        details: { rows: res.rowCount ?? res.rows.length, firstValue: firstValue(res.rows), queryMs: Math.round(monotonicMs() - started), serverVersion },
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
