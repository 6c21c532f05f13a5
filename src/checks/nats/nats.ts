import { z } from 'zod';
import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError, errorMessage } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';
import { connectionUrl, describeEndpoint, formatMs, noSettingsReason } from '../endpoint.js';
import { readGreeting } from './nats-greeting.js';

const ENV = 'NATS_URL';
const PORT = 4222;

const options = {
  url: z.string().optional().describe('nats://[user:password@]host:4222 (or tls://); default NATS_URL'),
  host: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  token: z.string().optional(),
  request: z
    .strictObject({
      subject: z.string().min(1),
      payload: z.string().optional().describe('default: empty'),
      expect_reply: z.string().optional().describe('the exact reply; without it any reply passes'),
    })
    .optional()
    .describe('a request/reply round trip: some service must answer on the subject'),
  jetstream_stream: z.string().min(1).optional().describe('a JetStream stream that must exist'),
};

type Failure = { code?: string; reason: string };

function describeNatsError(err: unknown, target: string, who: string, budget: number, step: string): Failure {
  const code = (err as { code?: unknown }).code;
  const message = errorMessage(err);
  if (code === 'AUTHORIZATION_VIOLATION' || /Authorization Violation/i.test(message)) return { code: 'EAUTH', reason: `authentication failed for ${who} at ${target}` };
  if (code === 'CONNECTION_REFUSED') return { code: 'ECONNREFUSED', reason: `connection refused at ${target}` };
  if (code === 'CONNECTION_TIMEOUT' || code === 'TIMEOUT') return { code: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} ${step} at ${target}` };
  return describeError(err, target);
}

export const nats = defineCheck({
  type: 'nats',
  description: 'NATS: connect, optionally a request/reply round trip and a JetStream stream that must exist',
  options,
  async run(opts, ctx): Promise<CheckOutcome> {
    const url = connectionUrl(opts, ctx.env, ENV);
    if (!url && !opts.host) return { status: 'failed', reason: noSettingsReason(ENV) };
    ctx.redactor.addUrlCredentials(url);
    ctx.redactor.addSecret(opts.password);
    ctx.redactor.addSecret(opts.token);
    const target = describeEndpoint(url, opts, PORT);
    // nats.js ignores credentials written in the server URL, so they are taken out here.
    const fromUrl = url ? credentialsOf(url) : undefined;
    const server = fromUrl?.server ?? url ?? `${opts.host}:${opts.port ?? PORT}`;
    const user = opts.user ?? (fromUrl?.password ? fromUrl.user : undefined);
    const password = opts.password ?? fromUrl?.password;
    // By NATS convention a URL with a user and no password carries a token: nats://TOKEN@host.
    const token = opts.token ?? (fromUrl && !fromUrl.password ? ctx.redactor.addSecret(fromUrl.user) ?? undefined : undefined);
    const who = token ? 'the token' : `user '${user ?? '(none)'}'`;
    const budget = remainingMs(ctx.deadline);
    try {
      const greeting = await readGreeting(server, ctx.signal);
      if (!greeting.startsWith('INFO ')) return { status: 'failed', target, errorCode: 'EPROTO', reason: `${target} does not speak NATS: it greeted with ${JSON.stringify(greeting.slice(0, 60))}` };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    }
    const { connect, StringCodec } = await import('nats');
    const codec = StringCodec();
    let step = 'connecting';
    // No reconnects: one attempt, retries are the runner's job. The driver's own timeout is
    // the deadline; abortable() cuts our wait at the same moment in any case.
    const connecting = connect({ servers: server, user, pass: password, token, timeout: budget, reconnect: false, maxReconnectAttempts: 0, name: 'smokeguard', ignoreClusterUpdates: true });
    let connection: Awaited<typeof connecting> | undefined;
    const destroy = () => void connection?.close().catch(() => {});
    try {
      connection = await abortable(ctx.signal, connecting, destroy);
      const details: Record<string, unknown> = { serverVersion: connection.info?.version, serverId: connection.info?.server_name };
      const assertions: AssertionResult[] = [];
      if (opts.request) {
        step = `to a request on '${opts.request.subject}'`;
        const { subject, payload, expect_reply } = opts.request;
        const started = performance.now();
        let replyText: string;
        try {
          const reply = await abortable(ctx.signal, connection.request(subject, codec.encode(payload ?? ''), { timeout: remainingMs(ctx.deadline) }), destroy);
          replyText = codec.decode(reply.data);
        } catch (err) {
          if ((err as { code?: unknown }).code === '503') return { status: 'failed', target, errorCode: 'NO_RESPONDERS', reason: `no responders on subject '${subject}' at ${target}` };
          throw err;
        }
        details.requestMs = Math.round(performance.now() - started);
        if (expect_reply !== undefined) {
          assertions.push({ name: `reply on ${subject}`, expected: expect_reply, actual: replyText, passed: replyText === expect_reply });
          if (replyText !== expect_reply) return { status: 'failed', target, details, assertions, reason: `reply on '${subject}' was ${JSON.stringify(replyText.slice(0, 200))}, expected ${JSON.stringify(expect_reply)}` };
        }
      }
      if (opts.jetstream_stream) {
        step = `from JetStream about stream '${opts.jetstream_stream}'`;
        const manager = await abortable(ctx.signal, connection.jetstreamManager({ timeout: remainingMs(ctx.deadline) }), destroy);
        const stream = await abortable(ctx.signal, manager.streams.info(opts.jetstream_stream), destroy);
        Object.assign(details, { stream: opts.jetstream_stream, messages: stream.state.messages, consumers: stream.state.consumer_count });
      }
      return { status: 'passed', target, details, assertions: assertions.length ? assertions : undefined };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const message = errorMessage(err);
      if (opts.jetstream_stream && /stream not found/i.test(message)) return { status: 'failed', target, errorCode: 'NOT_FOUND', reason: `JetStream stream '${opts.jetstream_stream}' not found at ${target}` };
      if (opts.jetstream_stream && /jetstream not enabled|JetStream.*not.*available|503/i.test(message + String((err as { code?: unknown }).code))) return { status: 'failed', target, errorCode: 'JETSTREAM_DISABLED', reason: `JetStream is not enabled at ${target}` };
      const { code, reason } = describeNatsError(err, target, who, budget, step === 'connecting' ? 'after connect' : step);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      if (connection) {
        const open = connection;
        await closeGracefully(open.drain(), () => void open.close().catch(() => {}));
      } else connecting.catch(() => {}); // never connected: its rejection is reported above
    }
  },
});

/** Splits `nats://user:pass@host:port` into the server and its credentials; undefined when none. */
function credentialsOf(url: string): { server: string; user?: string; password?: string } | undefined {
  try {
    const parsed = new URL(url.includes('://') ? url : `nats://${url}`);
    if (!parsed.username && !parsed.password) return undefined;
    const user = decodeURIComponent(parsed.username) || undefined;
    const password = decodeURIComponent(parsed.password) || undefined;
    parsed.username = '';
    parsed.password = '';
    return { server: parsed.toString().replace(/\/$/, ''), user, password };
  } catch {
    return undefined;
  }
}
