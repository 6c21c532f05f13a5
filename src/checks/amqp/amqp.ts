import type { Options } from 'amqplib';
import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError, errorMessage } from '../../util/net-errors.js';
import { defineCheck, serverSummary } from '../check-type.js';
import { resolveEndpoint, formatMs } from '../endpoint.js';
import { amqpOptions } from '../options.js';
import { URL_SPEC } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

const PORT = 5672;

type Failure = { code?: string; reason: string };

/** The broker's close codes (AMQP 0-9-1 reply codes) in words. */
function describeAmqpError(err: unknown, target: string, user: string, vhost: string, queue: string | undefined, budget: number): Failure {
  const message = errorMessage(err);
  const code = (err as { code?: unknown }).code;
  if (/ACCESS[-_]REFUSED/.test(message) && /Login was refused/i.test(message)) return { code: 'EAUTH', reason: `authentication failed for user '${user}' at ${target}` };
  if (/ACCESS[-_]REFUSED/.test(message)) return { code: 'ACCESS_REFUSED', reason: `user '${user}' may not access ${queue ? `queue '${queue}'` : `vhost '${vhost}'`} at ${target}` };
  // The broker refuses a vhost by closing right after Connection.Open; amqplib drops its reply text.
  if ((/NOT[-_]ALLOWED/.test(message) && /vhost/i.test(message)) || /Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) return { code: 'NOT_ALLOWED', reason: `vhost '${vhost}' not found or not allowed for user '${user}' at ${target}` };
  if (code === 404 || /NOT[-_]FOUND/.test(message)) return { code: 'NOT_FOUND', reason: `queue '${queue}' not found in vhost '${vhost}' at ${target}` };
  if (/Socket closed abruptly during opening handshake/i.test(message)) return { code: 'ECONNRESET', reason: `connection closed during the AMQP handshake at ${target} (not an AMQP server, or it refused us)` };
  if ((err as { code?: unknown }).code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return { code: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} after connect at ${target}` };
  return describeError(err, target);
}

export const amqp = defineCheck({
  ...amqpOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    // A check type gives the schema fields, not rules between them; this one is checked here.
    if (opts.min_consumers !== undefined && !opts.queue) return { status: 'failed', reason: 'min_consumers needs a queue whose consumers to count: set queue on the check' };
    const resolved = resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in resolved) return resolved.failure;
    const { url, target } = resolved;
    const { endpoint, user, vhost } = amqpEndpoint(url, opts);
    const budget = remainingMs(ctx.deadline);
    const amqplib = (await import('amqplib')).default;
    // `signal` reaches net.connect, so the deadline destroys the socket even mid-handshake;
    // `timeout` is amqplib's own idle limit until the connection is open.
    const opening = amqplib.connect(endpoint, { timeout: budget, signal: ctx.signal, clientProperties: { connection_name: 'smokeguard' } });
    let connection: Awaited<typeof opening> | undefined;
    const destroy = () => (connection?.connection as unknown as { stream?: { destroy(): void } } | undefined)?.stream?.destroy();
    try {
      connection = await abortable(ctx.signal, opening, destroy, { phase: 'handshake', where: target });
      connection.on('error', () => {}); // a broker-side close is reported through the call that caused it
      const started = monotonicMs();
      const channel = await abortable(ctx.signal, connection.createChannel(), destroy, { phase: 'handshake', where: target });
      channel.on('error', () => {}); // a failed passive declare closes the channel: reported through checkQueue
      const details: Record<string, unknown> = { vhost, serverVersion: (connection.connection as unknown as { serverProperties?: { version?: string } }).serverProperties?.version };
      const summary = serverSummary('RabbitMQ', details.serverVersion);
      if (!opts.queue) return { status: 'passed', target, summary, details: { ...details, channelMs: Math.round(monotonicMs() - started) } };
      const queueTarget = `${target} queue '${opts.queue}'`;
      const queue = await abortable(ctx.signal, channel.checkQueue(opts.queue), destroy, { phase: 'query', where: target });
      Object.assign(details, { queue: opts.queue, messages: queue.messageCount, consumers: queue.consumerCount });
      if (opts.min_consumers === undefined) return { status: 'passed', target: queueTarget, summary, details };
      const assertion: AssertionResult = { name: 'consumers', expected: `>= ${opts.min_consumers}`, actual: queue.consumerCount, passed: queue.consumerCount >= opts.min_consumers };
      if (assertion.passed) return { status: 'passed', target: queueTarget, summary, details, assertions: [assertion] };
      return { status: 'failed', target: queueTarget, details, assertions: [assertion], reason: `queue '${opts.queue}' has ${queue.consumerCount} consumer${queue.consumerCount === 1 ? '' : 's'}, expected at least ${opts.min_consumers}` };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeAmqpError(err, target, user, vhost, opts.queue, budget);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      if (connection) await closeGracefully(connection.close(), destroy);
      else opening.catch(() => {}); // never opened: its socket is already gone, its rejection is reported above
    }
  },
});

/**
 * The URL as written when it says everything; otherwise amqplib's object form, so that
 * `username`, `password` and `vhost` fields can complete or override the URL.
 */
function amqpEndpoint(url: string | undefined, opts: { host?: string; port?: number; username?: string; password?: string; vhost?: string }): { endpoint: string | Options.Connect; user: string; vhost: string } {
  const parsed = url ? safeUrl(url) : undefined;
  const user = opts.username ?? (parsed?.username ? decodeURIComponent(parsed.username) : 'guest');
  const vhost = opts.vhost ?? (parsed && parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : '/');
  if (url && opts.username === undefined && opts.password === undefined && opts.vhost === undefined) return { endpoint: url, user, vhost };
  const endpoint: Options.Connect = {
    protocol: parsed?.protocol.replace(':', '') ?? 'amqp',
    hostname: opts.host ?? parsed?.hostname ?? 'localhost',
    port: opts.port ?? (parsed?.port ? Number(parsed.port) : undefined),
    username: user,
    password: opts.password ?? (parsed?.password ? decodeURIComponent(parsed.password) : 'guest'),
    vhost,
  };
  return { endpoint, user, vhost };
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
