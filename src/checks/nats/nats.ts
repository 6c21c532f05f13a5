import type { NatsConnection } from 'nats';
import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError, errorMessage } from '../../util/net-errors.js';
import { defineCheck, serverSummary, type CheckContext } from '../check-type.js';
import { connectionUrl, describeEndpoint, formatMs } from '../endpoint.js';
import { readGreeting } from './nats-greeting.js';
import { natsSettings } from './nats-settings.js';
import { natsOptions } from '../options.js';
import { URL_SPEC, type NatsRequest } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

const PORT = 4222;


/** What one step found: a failure to report, or measurements to add. */
type StepResult = { failed: CheckOutcome } | { details: Record<string, unknown>; assertions?: AssertionResult[] };

export const nats = defineCheck({
  ...natsOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const found = connectionUrl(opts, ctx.env, URL_SPEC);
    if ('reason' in found) return { status: 'error', reason: found.reason }; // the smoke test's set-up, as in resolveEndpoint
    const url = found.url;
    const settings = natsSettings(url, opts, PORT, ctx.redactor);
    const target = describeEndpoint(url, opts, PORT);
    const budget = remainingMs(ctx.deadline);
    const notNats = await checkGreeting(settings.server, target, ctx);
    if (notNats) return notNats;
    const { connect } = await import('nats');
    // No reconnects: one attempt, retries are the runner's job. The driver's own timeout is
    // the deadline; abortable() cuts our wait at the same moment in any case.
    const connecting = connect({ servers: settings.server, user: settings.user, pass: settings.password, token: settings.token, timeout: budget, reconnect: false, maxReconnectAttempts: 0, name: 'smokeguard', ignoreClusterUpdates: true });
    let connection: NatsConnection | undefined;
    const destroy = () => void connection?.close().catch(() => {});
    try {
      connection = await abortable(ctx.signal, connecting, destroy, { phase: 'handshake', where: target });
      const details: Record<string, unknown> = { serverVersion: connection.info?.version, serverId: connection.info?.server_name };
      const assertions: AssertionResult[] = [];
      const steps = [
        opts.request ? () => requestReply(connection!, opts.request!, target, ctx, destroy) : undefined,
        opts.jetstream_stream ? () => streamExists(connection!, opts.jetstream_stream!, target, ctx, destroy) : undefined,
      ];
      for (const step of steps) {
        if (!step) continue;
        const result = await step();
        if ('failed' in result) return { ...result.failed, details: { ...details, ...result.failed.details } };
        Object.assign(details, result.details);
        assertions.push(...(result.assertions ?? []));
      }
      return { status: 'passed', target, details, summary: serverSummary('NATS', details.serverVersion), assertions: assertions.length ? assertions : undefined };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const code = (err as { code?: unknown }).code;
      if (code === 'AUTHORIZATION_VIOLATION' || /Authorization Violation/i.test(errorMessage(err))) return { status: 'failed', target, errorCode: 'EAUTH', reason: `authentication failed for ${settings.who} at ${target}` };
      if (code === 'CONNECTION_TIMEOUT' || code === 'TIMEOUT') return { status: 'failed', target, errorCode: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} after connect at ${target}` };
      if (code === 'CONNECTION_REFUSED') return { status: 'failed', target, errorCode: 'ECONNREFUSED', reason: `connection refused at ${target}` };
      const described = describeError(err, target);
      return { status: 'failed', target, errorCode: described.code, reason: described.reason };
    } finally {
      if (connection) {
        const open = connection;
        await closeGracefully(open.drain(), () => void open.close().catch(() => {}));
      } else connecting.catch(() => {}); // never connected: its rejection is reported above
    }
  },
});

/** Reads the INFO greeting on a socket of our own first (see nats-greeting.ts); a failure to report, or undefined. */
async function checkGreeting(server: string, target: string, ctx: CheckContext): Promise<CheckOutcome | undefined> {
  try {
    const greeting = await readGreeting(server, ctx.signal);
    if (greeting.startsWith('INFO ')) return undefined;
    return { status: 'failed', target, errorCode: 'EPROTO', reason: `${target} does not speak NATS: it greeted with ${JSON.stringify(greeting.slice(0, 60))}` };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const { code, reason } = describeError(err, target);
    return { status: 'failed', target, errorCode: code, reason };
  }
}

async function requestReply(connection: NatsConnection, request: NatsRequest, target: string, ctx: CheckContext, destroy: () => void): Promise<StepResult> {
  const { subject, payload, expect_reply } = request;
  const encoder = new TextEncoder();
  const started = monotonicMs();
  let replyText: string;
  try {
    const reply = await abortable(ctx.signal, connection.request(subject, encoder.encode(payload ?? ''), { timeout: remainingMs(ctx.deadline) }), destroy, { phase: 'query', where: target });
    replyText = new TextDecoder().decode(reply.data);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === '503') return { failed: { status: 'failed', target, errorCode: 'NO_RESPONDERS', reason: `no responders on subject '${subject}' at ${target}` } };
    if (code === 'TIMEOUT') return { failed: { status: 'failed', target, errorCode: 'ETIMEDOUT', reason: `no reply on subject '${subject}' before the deadline at ${target}` } };
    throw err;
  }
  const details = { requestMs: Math.round(monotonicMs() - started) };
  if (expect_reply === undefined) return { details };
  const assertion: AssertionResult = { name: `reply on ${subject}`, expected: expect_reply, actual: replyText, passed: replyText === expect_reply };
  if (assertion.passed) return { details, assertions: [assertion] };
  return { failed: { status: 'failed', target, details, assertions: [assertion], reason: `reply on '${subject}' was ${JSON.stringify(replyText.slice(0, 200))}, expected ${JSON.stringify(expect_reply)}` } };
}

async function streamExists(connection: NatsConnection, stream: string, target: string, ctx: CheckContext, destroy: () => void): Promise<StepResult> {
  try {
    const manager = await abortable(ctx.signal, connection.jetstreamManager({ timeout: remainingMs(ctx.deadline) }), destroy, { phase: 'query', where: target });
    const info = await abortable(ctx.signal, manager.streams.info(stream), destroy, { phase: 'query', where: target });
    return { details: { stream, messages: info.state.messages, consumers: info.state.consumer_count } };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const message = errorMessage(err);
    if (/stream not found/i.test(message)) return { failed: { status: 'failed', target, errorCode: 'NOT_FOUND', reason: `JetStream stream '${stream}' not found at ${target}` } };
    if ((err as { code?: unknown }).code === '503' || /jetstream not enabled/i.test(message)) return { failed: { status: 'failed', target, errorCode: 'JETSTREAM_DISABLED', reason: `JetStream is not enabled at ${target}` } };
    throw err;
  }
}
