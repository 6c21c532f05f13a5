import { createServer, type Server } from 'node:net';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../../test/helpers/child-server.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { nats } from './nats.js';

// The machine's NATS (4222, JetStream on, no auth) with a responder and a stream the test
// creates; plus nats-servers the test starts with a user and password, and with a token.
const LOCAL = 'nats://127.0.0.1:4222';
const SUBJECT = `smokeguard.test.${process.pid}.ping`;
const STREAM = `SMOKEGUARD_TEST_${process.pid}`;
const PASSWORD = 'nats-secret-pass';
const codec = StringCodec();

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
let authed: ChildServer;
let tokenAuthed: ChildServer;
const TOKEN = 'nats-token-4711';
let peer: NatsConnection;
let smtp: Server;

beforeAll(async () => {
  silent = await startSilentServer();
  smtp = createServer((s) => s.end('220 mail.example ESMTP\r\n'));
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  refused = await closedPort();
  const port = await closedPort();
  authed = await startChildServer('nats-server', ['-a', '127.0.0.1', '-p', String(port), '--user', 'app', '--pass', PASSWORD], port);
  const tokenPort = await closedPort();
  tokenAuthed = await startChildServer('nats-server', ['-a', '127.0.0.1', '-p', String(tokenPort), '--auth', TOKEN], tokenPort);
  peer = await connect({ servers: LOCAL });
  peer.subscribe(SUBJECT, { callback: (_err, msg) => msg.respond(codec.encode(`pong:${codec.decode(msg.data)}`)) });
  const jsm = await peer.jetstreamManager();
  await jsm.streams.add({ name: STREAM, subjects: [`smokeguard.stream.${process.pid}.>`] });
  await peer.flush();
});
afterAll(async () => {
  const jsm = await peer.jetstreamManager();
  await jsm.streams.delete(STREAM);
  await peer.close();
  await new Promise((r) => smtp.close(r));
  await Promise.all([authed?.stop(), tokenAuthed?.stop(), silent?.close()]);
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; env?: () => Record<string, string>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: connect', options: () => ({ url: LOCAL }), expect: { status: 'passed' } },
  { name: 'healthy: NATS_URL by default', options: () => ({}), env: () => ({ NATS_URL: LOCAL }), expect: { status: 'passed' } },
  { name: 'no connection settings at all', options: () => ({}), expect: { status: 'error', reason: /set url \(or host\) on the check, or NATS_URL/ } },
  { name: 'request/reply answered as expected', options: () => ({ url: LOCAL, request: { subject: SUBJECT, payload: 'hi', expect_reply: 'pong:hi' } }), expect: { status: 'passed' } },
  { name: 'request/reply: any reply is enough without expect_reply', options: () => ({ host: '127.0.0.1', request: { subject: SUBJECT } }), expect: { status: 'passed' } },
  { name: 'request/reply: reply mismatch', options: () => ({ url: LOCAL, request: { subject: SUBJECT, payload: 'hi', expect_reply: 'pong:bye' } }), expect: { status: 'failed', reason: /^reply on 'smokeguard\.test\.\d+\.ping' was "pong:hi", expected "pong:bye"$/ } },
  { name: 'request/reply: nobody listening on the subject', options: () => ({ url: LOCAL, request: { subject: 'smokeguard.nobody.home' } }), expect: { status: 'failed', reason: /^no responders on subject 'smokeguard\.nobody\.home' at 127\.0\.0\.1:4222$/, errorCode: 'NO_RESPONDERS' } },
  { name: 'JetStream stream exists', options: () => ({ url: LOCAL, jetstream_stream: STREAM }), expect: { status: 'passed', details: { messages: 0 } } },
  { name: 'JetStream stream missing', options: () => ({ url: LOCAL, jetstream_stream: 'ORDERS_MISSING' }), expect: { status: 'failed', reason: /^JetStream stream 'ORDERS_MISSING' not found at 127\.0\.0\.1:4222$/, errorCode: 'NOT_FOUND' } },
  { name: 'auth: user and password right', options: () => ({ host: '127.0.0.1', port: authed.port, user: 'app', password: PASSWORD }), expect: { status: 'passed' } },
  { name: 'auth: credentials in the url', options: () => ({ url: `nats://app:${PASSWORD}@127.0.0.1:${authed.port}` }), expect: { status: 'passed' } },
  { name: 'auth: password wrong', options: () => ({ url: `nats://app:wrong-password@127.0.0.1:${authed.port}` }), expect: { status: 'failed', reason: /^authentication failed for user 'app' at 127\.0\.0\.1:\d+$/, errorCode: 'EAUTH' } },
  { name: 'auth: token right', options: () => ({ host: '127.0.0.1', port: tokenAuthed.port, token: TOKEN }), expect: { status: 'passed' } },
  { name: 'auth: token in the url (nats://TOKEN@host)', options: () => ({ url: `nats://${TOKEN}@127.0.0.1:${tokenAuthed.port}` }), expect: { status: 'passed' } },
  { name: 'auth: token wrong', options: () => ({ host: '127.0.0.1', port: tokenAuthed.port, token: 'not-the-token' }), expect: { status: 'failed', reason: /^authentication failed for the token at/, errorCode: 'EAUTH' } },
  { name: 'auth: none given, server requires it', options: () => ({ host: '127.0.0.1', port: authed.port }), expect: { status: 'failed', reason: /^authentication failed for user '\(none\)'/, errorCode: 'EAUTH' } },
  { name: 'JetStream not enabled on the server', options: () => ({ host: '127.0.0.1', port: authed.port, user: 'app', password: PASSWORD, jetstream_stream: STREAM }), expect: { status: 'failed', reason: /^JetStream is not enabled at 127\.0\.0\.1:\d+$/ } },
  { name: 'nothing listening', options: () => ({ url: `nats://127.0.0.1:${refused}` }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'something else listening', options: () => ({ url: `nats://127.0.0.1:${(smtp.address() as { port: number }).port}` }), expect: { status: 'failed', reason: /^127\.0\.0\.1:\d+ does not speak NATS: it greeted with "220 mail\.example ESMTP"$/, errorCode: 'EPROTO' } },
  { name: 'accepts then silent: cut at the timeout', options: () => ({ url: silent.url('nats') }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
];

describe('nats check (real NATS on 4222 with JetStream, plus servers started with user/password and token auth)', () => {
  it.each(scenarios)('$name', async ({ options, env, timeoutMs, expect: expected }) => {
    const run = await runCheck(nats, options(), { timeoutMs, env: env?.() });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('registers the password and the token so no output shows them', async () => {
    const run = await runCheck(nats, { url: `nats://app:${PASSWORD}@127.0.0.1:${refused}`, token: 'a-token-value' });
    expect(run.redact(`${PASSWORD} a-token-value`)).toBe('*** ***');
  });
});
