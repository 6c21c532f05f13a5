import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError, errorCode, errorMessage } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';
import { resolveEndpoint, formatMs, type UrlSpec, connectionShape } from '../endpoint.js';
import { describeInfoMismatch, infoAssertions, parseInfo } from './redis-info.js';

export const DEFAULT_REDIS_COMMAND = 'PING';
const URL_SPEC: UrlSpec = { schemes: ['redis', 'rediss'], example: 'redis://[user:password@]host:6379[/db]', env: 'REDIS_URL' };
const PORT = 6379;

const options = {
  ...connectionShape(URL_SPEC),
  username: z.string().optional().describe('ACL user (Redis 6+); AUTH with the password alone when absent'),
  password: z.string().optional(),
  db: z.number().int().min(0).optional(),
  tls: z.boolean().optional().describe('TLS when connecting by host/port (a rediss:// url implies it)'),
  ca_file: z.string().optional().describe('PEM file of extra certificate authorities to trust for TLS'),
  insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
  command: z.string().min(1).default(DEFAULT_REDIS_COMMAND).describe('a command and its arguments, e.g. "PING" or "GET feature:flags"'),
  expect_reply: z.string().optional().describe('the reply the command must give (PING defaults to PONG)'),
  expect_info: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('INFO fields and the values they must have, e.g. { role: master }'),
};

type Failure = { code?: string; reason: string };

/** ioredis reports "Connection is closed" for the command; the socket error before it says why. */
function describeRedisError(err: unknown, socketError: unknown, target: string, user: string, budget: number): Failure {
  const closed = /Connection is closed|Stream isn't writeable/i.test(errorMessage(err));
  const cause = closed && socketError ? socketError : err;
  const message = errorMessage(cause);
  if (/Command timed out/i.test(message)) return { code: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} at ${target}` };
  if (/WRONGPASS|invalid password|invalid username-password/i.test(message)) return { code: 'EAUTH', reason: `authentication failed for user '${user}' at ${target}` };
  if (/NOAUTH/i.test(message)) return { code: 'EAUTH', reason: `authentication required at ${target}: set password (and username) on the check` };
  if (/NOPERM/i.test(message)) return { code: 'ENOPERM', reason: `user '${user}' lacks permission at ${target}: ${message}` };
  return describeError(cause, target);
}

export const redis = defineCheck({
  type: 'redis',
  description: 'Redis: connect (TLS and ACL auth supported), run a command (default PING, expecting PONG), optionally assert INFO fields',
  options,
  async run(opts, ctx): Promise<CheckOutcome> {
    const endpoint = resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in endpoint) return endpoint.failure;
    const { url, target } = endpoint;
    const user = opts.username ?? (url ? userOf(url) : undefined) ?? 'default';
    const useTls = opts.tls ?? url?.toLowerCase().startsWith('rediss://') ?? false;
    const budget = remainingMs(ctx.deadline);
    let ca: Buffer | undefined;
    try {
      ca = opts.ca_file ? await readFile(opts.ca_file) : undefined;
    } catch (err) {
      return { status: 'failed', target, errorCode: errorCode(err), reason: `cannot read ca_file ${opts.ca_file}: ${errorMessage(err)}` };
    }
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
      tls: useTls ? { ca, rejectUnauthorized: !opts.insecure_tls } : undefined,
    };
    const client = url ? new Redis(url, settings) : new Redis({ ...settings, host: opts.host, port: opts.port ?? PORT });
    let socketError: unknown;
    client.on('error', (err) => (socketError = err)); // reported through the command's rejection
    const destroy = () => client.disconnect(false);
    const [command, ...args] = opts.command.trim().split(/\s+/);
    const expected = opts.expect_reply ?? (command!.toUpperCase() === 'PING' && args.length === 0 ? 'PONG' : undefined);
    try {
      await abortable(ctx.signal, client.connect(), destroy, () => ({ phase: (client as unknown as { stream?: { connecting?: boolean } }).stream?.connecting ? 'connect' : 'query', where: target }));
      const started = performance.now();
      const reply = await abortable(ctx.signal, client.call(command!, ...args), destroy, { phase: 'query', where: target });
      const replyText = asText(reply);
      const details: Record<string, unknown> = { commandMs: Math.round(performance.now() - started), tls: useTls };
      const assertions: AssertionResult[] = [];
      if (expected !== undefined) assertions.push({ name: 'reply', expected, actual: replyText, passed: replyText === expected });
      if (opts.expect_info) {
        const info = parseInfo(asText(await abortable(ctx.signal, client.call('INFO'), destroy, { phase: 'query', where: target })));
        details.role = info.role;
        details.serverVersion = info.redis_version;
        assertions.push(...infoAssertions(info, opts.expect_info));
      }
      if (assertions[0]?.name === 'reply' && !assertions[0].passed) {
        return { status: 'failed', target, details, assertions, reason: `${command} replied ${JSON.stringify(replyText.slice(0, 200))}, expected ${JSON.stringify(expected)}` };
      }
      if (assertions.some((a) => !a.passed)) return { status: 'failed', target, details, assertions, reason: `${describeInfoMismatch(assertions)} at ${target}` };
      return { status: 'passed', target, details, assertions: assertions.length ? assertions : undefined };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeRedisError(err, socketError, target, user, budget);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(client.quit(), destroy);
    }
  },
});

function asText(reply: unknown): string {
  return Buffer.isBuffer(reply) ? reply.toString() : typeof reply === 'string' ? reply : JSON.stringify(reply);
}

function userOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username) || undefined;
  } catch {
    return undefined;
  }
}
