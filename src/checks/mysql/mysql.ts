import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck, serverSummary } from '../check-type.js';
import { resolveEndpoint, formatMs } from '../endpoint.js';
import { mysqlOptions } from '../options.js';
import { URL_SPEC } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

const PORT = 3306;

/** Driver error codes with a reason a person can act on; the rest go through describeError. */
function describeMysqlError(err: unknown, target: string, user: string | undefined, budget: number): { code?: string; reason: string } {
  const e = err as { code?: string; message?: string; sqlMessage?: string };
  switch (e.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return { code: e.code, reason: `authentication failed for user '${user ?? '?'}' at ${target}` };
    case 'ER_BAD_DB_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_NO_SUCH_TABLE':
    case 'ER_PARSE_ERROR':
    case 'ER_TABLEACCESS_DENIED_ERROR':
      return { code: e.code, reason: `${e.sqlMessage ?? e.message} (${target})` };
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return { code: e.code, reason: `${target} does not offer TLS, but the check requires it (ssl)` };
    case 'PROTOCOL_SEQUENCE_TIMEOUT':
      return { code: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} at ${target}` };
    default:
      return e.code === 'ETIMEDOUT' ? { code: e.code, reason: `no answer within ${formatMs(budget)} after connect at ${target}` } : describeError(err, target);
  }
}

export const mysql = defineCheck({
  ...mysqlOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const resolved = resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in resolved) return resolved.failure;
    const url = resolved.url;
    const database = opts.database ?? (url ? databaseOf(url) : undefined);
    const target = resolved.target + (database ? `/${database}` : '');
    const user = opts.user ?? (url ? safeUser(url) : undefined);
    const budget = remainingMs(ctx.deadline);
    const driver = (await import('mysql2')).default;
    const settings = Object.fromEntries(
      Object.entries({ uri: url, host: opts.host, port: opts.port, user: opts.user, password: opts.password, database: opts.database }).filter(([, v]) => v !== undefined),
    );
    // The callback API hands back the connection at once, so the deadline can destroy its socket mid-handshake.
    const connection = driver.createConnection({
      ...settings,
      connectTimeout: budget,
      ssl: opts.ssl === undefined || opts.ssl === false ? undefined : { rejectUnauthorized: opts.ssl === true },
    });
    connection.on('error', () => {}); // reported through connect() / query() instead
    const destroy = () => connection.destroy();
    try {
      await abortable(ctx.signal, new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve()))), destroy, () => ({ phase: (connection as unknown as { stream?: { connecting?: boolean } }).stream?.connecting ? 'connect' : 'query', where: target }));
      const started = monotonicMs();
      const [rows] = await abortable(ctx.signal, connection.promise().query({ sql: opts.query, timeout: remainingMs(ctx.deadline) }), destroy, { phase: 'query', where: target });
      const serverVersion = (connection as unknown as { serverVersion?: string }).serverVersion;
      return {
        status: 'passed',
        target,
        summary: serverSummary('MySQL', serverVersion),
        details: { rows: Array.isArray(rows) ? rows.length : undefined, queryMs: Math.round(monotonicMs() - started), serverVersion },
      };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeMysqlError(err, target, user, budget);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(connection.promise().end(), destroy);
    }
  },
});

function safeUser(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username) || undefined;
  } catch {
    return undefined;
  }
}

function databaseOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
}
