import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError, errorMessage } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';
import { resolveEndpoint, formatMs } from '../endpoint.js';
import { mqttOptions } from '../options.js';
import { URL_SPEC } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

/** Kept before the deadline to report a round trip that never came back as such. */
const ROUND_TRIP_MARGIN_MS = 200;
const PORT = 1883;

type Failure = { code?: string; reason: string };

/** CONNACK codes 4/5 (MQTT 3.1.1) and 134/135 (MQTT 5) are credential problems. */
function describeMqttError(err: unknown, target: string, user: string, budget: number): Failure {
  const code = (err as { code?: unknown }).code;
  if (code === 4 || code === 134 || code === 5 || code === 135) return { code: 'EAUTH', reason: `authentication failed for user '${user}' at ${target} (${errorMessage(err).replace(/^Connection refused: /, '')})` };
  if (typeof code === 'number') return { code: `MQTT_${code}`, reason: `${errorMessage(err)} (${target})` };
  if (err instanceof NoConnack) return { code: 'ETIMEDOUT', reason: `no answer within ${formatMs(budget)} after connect at ${target}` };
  return describeError(err, target);
}

class NoConnack extends Error {}

export const mqtt = defineCheck({
  ...mqttOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const endpoint = resolveEndpoint(opts, ctx, URL_SPEC, PORT);
    if ('failure' in endpoint) return endpoint.failure;
    const { url, target } = endpoint;
    const user = opts.username ?? (url ? userOf(url) : undefined) ?? '(anonymous)';
    const budget = remainingMs(ctx.deadline);
    const { connect } = (await import('mqtt')).default;
    const settings = {
      clientId: `smokeguard-${randomUUID().slice(0, 8)}`,
      connectTimeout: budget,
      reconnectPeriod: 0, // one attempt: retries are the runner's job
      clean: true,
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
    };
    const client = url ? connect(url, settings) : connect({ ...settings, host: opts.host, port: opts.port ?? PORT, protocol: 'mqtt' });
    client.on('error', () => {}); // reported through connected(); a later one must not crash the process
    const destroy = () => void client.end(true);
    try {
      const started = monotonicMs();
      await abortable(ctx.signal, connected(client), destroy, { phase: 'handshake', where: target });
      const details: Record<string, unknown> = { connectMs: Math.round(monotonicMs() - started) };
      if (!opts.round_trip_topic) return { status: 'passed', target, details };
      const topic = opts.round_trip_topic;
      const roundTrip = monotonicMs();
      // A broker may accept the subscription yet never deliver (an ACL that hides the topic):
      // stop waiting a little before the deadline, to say so instead of just "timed out".
      const waitMs = Math.max(1, Math.floor(remainingMs(ctx.deadline) - Math.min(ROUND_TRIP_MARGIN_MS, budget / 10)));
      await abortable(ctx.signal, roundTripOn(client, topic, waitMs), destroy, { phase: 'query', where: target });
      details.roundTripMs = Math.round(monotonicMs() - roundTrip);
      return { status: 'passed', target: `${target} topic '${topic}'`, details };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if (err instanceof RoundTripError) return { status: 'failed', target, errorCode: err.code, reason: `${err.message} at ${target}` };
      const { code, reason } = describeMqttError(err, target, user, budget);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(client.connected ? client.endAsync(false) : Promise.resolve(), destroy);
    }
  },
});

class RoundTripError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Resolves on CONNACK; rejects on an error or a close before it (connectTimeout closes silently). */
function connected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      client.off('connect', ok);
      client.off('close', closed);
      reject(err);
    };
    const closed = () => fail(new NoConnack('closed before CONNACK'));
    const ok = () => {
      client.off('error', fail);
      client.off('close', closed);
      resolve();
    };
    client.once('connect', ok);
    client.once('error', fail);
    client.once('close', closed);
  });
}

/** Subscribes, publishes a unique payload at QoS 1, and waits up to `waitMs` until it comes back. */
async function roundTripOn(client: MqttClient, topic: string, waitMs: number): Promise<void> {
  const nonce = `smokeguard ${randomUUID()}`;
  let timer: NodeJS.Timeout | undefined;
  let onMessage: ((t: string, payload: Buffer) => void) | undefined;
  const received = new Promise<void>((resolve, reject) => {
    onMessage = (t: string, payload: Buffer) => {
      if (t === topic && payload.toString() === nonce) resolve();
    };
    client.on('message', onMessage);
    timer = setTimeout(() => reject(new RoundTripError(`published to '${topic}' but the message did not come back within ${formatMs(waitMs)} (is the topic readable by this user?)`, 'MQTT_NO_DELIVERY')), waitMs);
  });
  try {
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    const qos = granted[0]?.qos;
    if (qos === undefined || qos >= 128) throw new RoundTripError(`subscription to '${topic}' refused by the broker`, 'MQTT_SUBSCRIBE_REFUSED');
    await client.publishAsync(topic, nonce, { qos: 1, retain: false });
    await received;
    await client.unsubscribeAsync(topic);
  } finally {
    clearTimeout(timer);
    if (onMessage) client.off('message', onMessage);
    received.catch(() => {}); // settled by the timer after an earlier failure: already reported
  }
}

function userOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username) || undefined;
  } catch {
    return undefined;
  }
}
