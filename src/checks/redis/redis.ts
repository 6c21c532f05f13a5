import { z } from 'zod';
import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';

export const DEFAULT_REDIS_COMMAND = 'PING';

const options = {
  url: z.string().optional().describe('redis://[user:password@]host:6379[/db] or rediss:// for TLS; default REDIS_URL'),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  db: z.number().int().min(0).optional(),
  command: z.string().min(1).default(DEFAULT_REDIS_COMMAND).describe('a command and its arguments, e.g. "PING" or "GET feature:flags"'),
  expect_reply: z.string().optional().describe('the reply the command must give (PING defaults to PONG)'),
};

function describeTarget(url: string | undefined, host?: string, port?: number): string {
  if (url) {
    try {
      const u = new URL(url);
      return `${u.hostname || 'localhost'}:${u.port || 6379}`;
    } catch {
      return 'redis (unparsable url)';
    }
  }
  return `${host ?? 'localhost'}:${port ?? 6379}`;
}

export const redis = defineCheck({
  type: 'redis',
  description: 'Redis: connect and run a command (default PING, expecting PONG)',
  options,
  async run(opts, ctx): Promise<CheckOutcome> {
    const url = opts.url ?? (opts.host ? undefined : ctx.env.REDIS_URL);
    if (!url && !opts.host) return { status: 'failed', reason: 'no connection settings: set url (or host) on the check, or REDIS_URL' };
    ctx.redactor.addUrlCredentials(url);
    ctx.redactor.addSecret(opts.password);
    const target = describeTarget(url, opts.host, opts.port);
    const budget = remainingMs(ctx.deadline);
    const { Redis } = await import('ioredis');
    const settings = {
      lazyConnect: true,
      connectTimeout: budget,
      commandTimeout: budget,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null, // one attempt: retries are the runner's job, within the deadline
      enableOfflineQueue: true,
      enableReadyCheck: false,
      username: opts.username,
      password: opts.password,
      db: opts.db,
      connectionName: 'smokeguard',
    };
    const client = url ? new Redis(url, settings) : new Redis({ ...settings, host: opts.host, port: opts.port ?? 6379 });
    client.on('error', () => {}); // reported through the command's rejection instead
    const destroy = () => client.disconnect(false);
    const [command, ...args] = opts.command.trim().split(/\s+/);
    const expected = opts.expect_reply ?? (command!.toUpperCase() === 'PING' && args.length === 0 ? 'PONG' : undefined);
    try {
      await abortable(ctx.signal, client.connect(), destroy);
      const started = performance.now();
      const reply = await abortable(ctx.signal, client.call(command!, ...args), destroy);
      const replyText = Buffer.isBuffer(reply) ? reply.toString() : typeof reply === 'string' ? reply : JSON.stringify(reply);
      const details = { commandMs: Math.round(performance.now() - started) };
      if (expected !== undefined && replyText !== expected) {
        return { status: 'failed', target, details, reason: `${command} replied ${JSON.stringify(replyText?.slice(0, 200))}, expected ${JSON.stringify(expected)}`, assertions: [{ name: 'reply', expected, actual: replyText, passed: false }] };
      }
      return { status: 'passed', target, details };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const message = (err as Error).message ?? '';
      if (/Command timed out/i.test(message)) return { status: 'failed', target, errorCode: 'ETIMEDOUT', reason: `no answer within ${budget} ms at ${target}` };
      if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) return { status: 'failed', target, errorCode: 'EAUTH', reason: `authentication failed at ${target}: ${message}` };
      const { code, reason } = describeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(client.quit(), destroy);
    }
  },
});
