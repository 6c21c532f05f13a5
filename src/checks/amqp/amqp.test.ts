import amqplib from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { amqp } from './amqp.js';

// The machine's RabbitMQ (guest/guest on 5672). The test declares its own queue, with one
// consumer on a second connection, and removes both afterwards.
const BROKER = 'amqp://guest:guest@127.0.0.1:5672';
const QUEUE = `smokeguard-test-${process.pid}`;

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
let consumer: amqplib.ChannelModel;

beforeAll(async () => {
  silent = await startSilentServer();
  refused = await closedPort();
  consumer = await amqplib.connect(BROKER);
  const channel = await consumer.createChannel();
  await channel.assertQueue(QUEUE, { autoDelete: false, durable: false });
  await channel.consume(QUEUE, () => {});
});
afterAll(async () => {
  const channel = await consumer.createChannel();
  await channel.deleteQueue(QUEUE);
  await consumer.close();
  await silent.close();
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; env?: () => Record<string, string>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: connect and open a channel', options: () => ({ url: BROKER }), expect: { status: 'passed', details: { vhost: '/' } } },
  { name: 'healthy: fields', options: () => ({ host: '127.0.0.1', username: 'guest', password: 'guest' }), expect: { status: 'passed' } },
  { name: 'healthy: AMQP_URL by default', options: () => ({}), env: () => ({ AMQP_URL: BROKER }), expect: { status: 'passed' } },
  { name: 'no connection settings at all', options: () => ({}), expect: { status: 'error', reason: /set url \(or host\) on the check, or AMQP_URL/ } },
  { name: 'queue exists, consumers enough', options: () => ({ url: BROKER, queue: QUEUE, min_consumers: 1 }), expect: { status: 'passed', details: { consumers: 1, messages: 0 } } },
  { name: 'queue has too few consumers', options: () => ({ url: BROKER, queue: QUEUE, min_consumers: 2 }), expect: { status: 'failed', reason: new RegExp(`^queue '${QUEUE}' has 1 consumer, expected at least 2$`) } },
  { name: 'min_consumers without a queue', options: () => ({ url: BROKER, min_consumers: 1 }), expect: { status: 'failed', reason: /^min_consumers needs a queue whose consumers to count: set queue on the check$/ } },
  { name: 'queue missing', options: () => ({ url: BROKER, queue: 'orders-missing' }), expect: { status: 'failed', reason: /^queue 'orders-missing' not found in vhost '\/' at 127\.0\.0\.1:5672$/, errorCode: 'NOT_FOUND' } },
  { name: 'wrong password', options: () => ({ url: 'amqp://guest:wrong-password@127.0.0.1:5672' }), expect: { status: 'failed', reason: /^authentication failed for user 'guest' at 127\.0\.0\.1:5672$/, errorCode: 'EAUTH' } },
  { name: 'unknown user', options: () => ({ host: '127.0.0.1', username: 'app', password: 'whatever' }), expect: { status: 'failed', reason: /^authentication failed for user 'app'/ } },
  { name: 'vhost missing', options: () => ({ url: BROKER, vhost: 'no-such-vhost' }), expect: { status: 'failed', reason: /^vhost 'no-such-vhost' not found or not allowed for user 'guest'/, errorCode: 'NOT_ALLOWED' } },
  { name: 'nothing listening', options: () => ({ url: `amqp://guest:guest@127.0.0.1:${refused}` }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'accepts then silent: cut at the timeout', options: () => ({ url: silent.url('amqp') }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
];

describe('amqp check (real RabbitMQ on 127.0.0.1:5672)', () => {
  it.each(scenarios)('$name', async ({ options, env, timeoutMs, expect: expected }) => {
    const run = await runCheck(amqp, options(), { timeoutMs, env: env?.() });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('registers the password so no output shows it', async () => {
    const run = await runCheck(amqp, { host: '127.0.0.1', port: refused, password: 'broker-secret' });
    expect(run.redact('password broker-secret')).toBe('password ***');
  });
});
