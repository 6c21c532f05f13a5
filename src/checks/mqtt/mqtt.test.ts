import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../../test/helpers/child-server.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { mqtt } from './mqtt.js';

// The machine's Mosquitto (1883, anonymous) and a second mosquitto the test starts with a
// password file (mosquitto_passwd) and an ACL that forbids one topic.
const LOCAL = 'mqtt://127.0.0.1:1883';
const PASSWORD = 'mqtt-secret-pass';

let dir: string;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
let authed: ChildServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smokeguard-mqtt-'));
  const passwords = join(dir, 'passwd');
  execFileSync('mosquitto_passwd', ['-c', '-b', passwords, 'app', PASSWORD]);
  const acl = join(dir, 'acl');
  writeFileSync(acl, 'user app\ntopic readwrite smokeguard/#\n');
  // Started as root, mosquitto drops to its own user, which must be able to read these files.
  chmodSync(dir, 0o755);
  chmodSync(passwords, 0o644);
  const port = await closedPort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous false\npassword_file ${passwords}\nacl_file ${acl}\npersistence false\nlog_dest stderr\n`);
  authed = await startChildServer('mosquitto', ['-c', conf], port);
  silent = await startSilentServer();
  refused = await closedPort();
});
afterAll(async () => {
  await Promise.all([authed?.stop(), silent?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; env?: () => Record<string, string>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: connect', options: () => ({ url: LOCAL }), expect: { status: 'passed' } },
  { name: 'healthy: MQTT_URL by default', options: () => ({}), env: () => ({ MQTT_URL: LOCAL }), expect: { status: 'passed' } },
  { name: 'no connection settings at all', options: () => ({}), expect: { status: 'error', reason: /set url \(or host\) on the check, or MQTT_URL/ } },
  { name: 'round trip on a test topic', options: () => ({ host: '127.0.0.1', round_trip_topic: 'smokeguard/probe' }), expect: { status: 'passed' } },
  { name: 'auth: user and password right, round trip', options: () => ({ host: '127.0.0.1', port: authed.port, username: 'app', password: PASSWORD, round_trip_topic: 'smokeguard/probe' }), expect: { status: 'passed' } },
  { name: 'auth: credentials in the url', options: () => ({ url: `mqtt://app:${PASSWORD}@127.0.0.1:${authed.port}` }), expect: { status: 'passed' } },
  { name: 'auth: password wrong', options: () => ({ url: `mqtt://app:wrong-password@127.0.0.1:${authed.port}` }), expect: { status: 'failed', reason: /^authentication failed for user 'app' at 127\.0\.0\.1:\d+ \(Not authorized\)$/, errorCode: 'EAUTH' } },
  { name: 'auth: anonymous refused', options: () => ({ host: '127.0.0.1', port: authed.port }), expect: { status: 'failed', reason: /^authentication failed for user '\(anonymous\)'/, errorCode: 'EAUTH' } },
  { name: 'round trip: topic forbidden by the ACL', options: () => ({ host: '127.0.0.1', port: authed.port, username: 'app', password: PASSWORD, round_trip_topic: 'other/probe' }), timeoutMs: 1500, expect: { status: 'failed', reason: /^published to 'other\/probe' but the message did not come back within 1\.\d s \(is the topic readable by this user\?\) at 127\.0\.0\.1:\d+$/, errorCode: 'MQTT_NO_DELIVERY' } },
  { name: 'nothing listening', options: () => ({ url: `mqtt://127.0.0.1:${refused}` }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'accepts then silent: cut at the timeout', options: () => ({ url: silent.url('mqtt') }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
];

describe('mqtt check (real Mosquitto on 1883, plus one started with a password file)', () => {
  it.each(scenarios)('$name', async ({ options, env, timeoutMs, expect: expected }) => {
    const run = await runCheck(mqtt, options(), { timeoutMs, env: env?.() });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('rejects a wildcard round-trip topic in the config', async () => {
    await expect(runCheck(mqtt, { url: LOCAL, round_trip_topic: 'smokeguard/#' })).rejects.toThrow(/without \+ or # wildcards/);
  });

  it('registers the password so no output shows it', async () => {
    const run = await runCheck(mqtt, { url: `mqtt://app:${PASSWORD}@127.0.0.1:${refused}` });
    expect(run.redact(PASSWORD)).toBe('***');
  });
});
