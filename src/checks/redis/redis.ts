import { readCaFile } from '../ca-file.js';
import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable } from '../../util/abort.js';
import { describeError, errorCode, errorMessage } from '../../util/net-errors.js';
import { defineCheck, serverSummary } from '../check-type.js';
import { resolveEndpoint } from '../endpoint.js';
import { describeInfoMismatch, infoAssertions, parseInfo } from './redis-info.js';
import { openResp, ReplyError, type Reply } from './resp.js';
import { redisOptions } from '../options.js';
import { URL_SPEC } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

const PORT = 6379;

type Failure = { code?: string; reason: string };

/** The server's error replies, in words a person can act on. */
function describeRedisError(err: unknown, target: string, user: string): Failure {
  const message = errorMessage(err);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(message)) return { code: 'EAUTH', reason: `authentication failed for user '${user}' at ${target}` };
  if (/NOAUTH/i.test(message)) return { code: 'EAUTH', reason: `authentication required at ${target}: set password (and username) on the check` };
  if (/NOPERM/i.test(message)) return { code: 'ENOPERM', reason: `user '${user}' lacks permission at ${target}: ${message}` };
  return describeError(err, target);
}

/** Where to connect and as whom: the check's fields win over what its URL says. */
function connectionOf(opts: { url?: string; host?: string; port?: number; username?: string; password?: string; db?: number }, url: string | undefined) {
  const u = url ? new URL(url) : undefined;
  const decoded = (s: string | undefined) => (s ? decodeURIComponent(s) : undefined);
  const dbInPath = u && /^\/\d+$/.test(u.pathname) ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: (u ? u.hostname.replace(/^\[|\]$/g, '') : opts.host) || 'localhost',
    port: u ? Number(u.port || PORT) : (opts.port ?? PORT),
    username: opts.username ?? decoded(u?.username),
    password: opts.password ?? decoded(u?.password),
    db: opts.db ?? dbInPath,
  };
}

export const redis = defineCheck({
  ...redisOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const endpoint = resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in endpoint) return endpoint.failure;
    const { url, target } = endpoint;
    const conn = connectionOf(opts, url);
    const user = conn.username ?? 'default';
    const useTls = opts.tls ?? url?.toLowerCase().startsWith('rediss://') ?? false;
    let ca: Buffer | undefined;
    if (opts.ca_file) {
      const file = await readCaFile(opts.ca_file);
      if ('reason' in file) return { status: 'error', target, ...(file.code ? { errorCode: file.code } : {}), reason: file.reason };
      ca = file.pem;
    }
    const [command, ...args] = opts.command.trim().split(/\s+/);
    const expected = opts.expect_reply ?? (command!.toUpperCase() === 'PING' && args.length === 0 ? 'PONG' : undefined);
    // Everything in one write, one round trip: AUTH and SELECT first, when needed.
    const setup: string[][] = [];
    if (conn.password !== undefined) setup.push(conn.username ? ['AUTH', conn.username, conn.password] : ['AUTH', conn.password]);
    if (conn.db) setup.push(['SELECT', String(conn.db)]);
    const commands = [...setup, [command!, ...args], ...(opts.expect_info ? [['INFO']] : [])];
    const client = openResp({ host: conn.host, port: conn.port, tls: useTls ? { ca, rejectUnauthorized: !opts.insecure_tls } : undefined });
    const destroy = () => client.destroy();
    try {
      await abortable(ctx.signal, client.ready, destroy, () => ({ phase: client.connecting() ? 'connect' : 'tls', where: target }));
      const started = monotonicMs();
      const replies = await abortable(ctx.signal, client.send(commands), destroy, { phase: 'query', where: target });
      const refused = replies.find((r) => r instanceof ReplyError);
      if (refused) throw refused;
      const replyText = asText(replies[setup.length]!);
      const details: Record<string, unknown> = { commandMs: Math.round(monotonicMs() - started), tls: useTls };
      const assertions: AssertionResult[] = [];
      if (expected !== undefined) assertions.push({ name: 'reply', expected, actual: replyText, passed: replyText === expected });
      if (opts.expect_info) {
        const info = parseInfo(asText(replies[setup.length + 1]!));
        details.role = info.role;
        details.serverVersion = info.redis_version;
        assertions.push(...infoAssertions(info, opts.expect_info));
      }
      if (assertions[0]?.name === 'reply' && !assertions[0].passed) {
        return { status: 'failed', target, details, assertions, reason: `${command} replied ${JSON.stringify(replyText.slice(0, 200))}, expected ${JSON.stringify(expected)}` };
      }
      if (assertions.some((a) => !a.passed)) return { status: 'failed', target, details, assertions, reason: `${describeInfoMismatch(assertions)} at ${target}` };
      return { status: 'passed', target, details, summary: serverSummary('Redis', details.serverVersion), assertions: assertions.length ? assertions : undefined };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeRedisError(err, target, user);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      client.close();
    }
  },
});

function asText(reply: Reply): string {
  return typeof reply === 'string' ? reply : JSON.stringify(reply);
}
