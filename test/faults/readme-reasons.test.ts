import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { GOOD, liveImage, seedDjango } from '../rollback/harness.js';
import { runFault } from './harness.js';

/**
 * The README's console examples are what smokeguard prints: the same runs against real local
 * servers, compared line by line once addresses, times and durations are masked (and, in the
 * critical example, with the README's `…` standing for the text it leaves out).
 */
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const mask = (line: string) => line
  .replace(/\b\d{1,3}(\.\d{1,3}){3}:\d+/g, 'HOST:PORT')
  .replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS')
  .replace(/\b\d+(\.\d+)? ?(s|ms)\b/g, 'N s');

/** The lines of the README's code block that follows `heading`. */
function exampleAfter(heading: string): string[] {
  const start = README.indexOf(heading);
  expect(start, heading).toBeGreaterThan(-1);
  const block = /```\n([\s\S]*?)\n```/.exec(README.slice(start))![1]!;
  return block.split('\n');
}

/** `line` with `…` as "any text": a regex over the masked output line. */
const pattern = (line: string) => new RegExp(`^${mask(line).split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
let service: HttpTarget;
let k8s: RunningSimulator;
beforeAll(async () => {
  [silent, refused, k8s] = await Promise.all([startSilentServer(), closedPort(), startK8sSimulator({ tickMs: 30 })]);
  seedDjango(k8s);
  // The seed's failing release: its readiness reports the database down (IETF health format) and
  // its login answers 500, until the rollback puts the previous image back.
  const rolledBack = () => liveImage(k8s) === GOOD;
  service = await startHttpTarget({
    '/health/ready': () => (rolledBack()
      ? { body: { status: 'ok' } }
      : { status: 503, headers: { 'content-type': 'application/health+json' }, body: { status: 'fail', checks: { 'database:connections': [{ status: 'fail', output: 'connect ECONNREFUSED 10.0.3.12:5432' }] } } }),
    '/api/auth/login': () => (rolledBack() ? { body: { token: 't' } } : { status: 500, body: { error: 'internal' } }),
    '/api/user/profile': { body: { id: 1 } },
  });
});
afterAll(() => Promise.all([silent.close(), service.close(), k8s.stop()]));

it('the README\'s "Optional failures only warn" lines match the output', async () => {
  const run = await runFault({
    base_url: silent.url('http'),
    health_checks: [{ name: 'liveness', endpoint: '/health/live', timeout_seconds: 1, required: false }],
    dependency_checks: [{ name: 'redis-cache', type: 'redis', url: `redis://127.0.0.1:${refused}`, timeout_seconds: 1, required: false }],
  });
  expect(run.code).toBe(0);
  const example = README.split('\n').filter((l) => /^- (liveness|redis-cache): /.test(l)).map(mask);
  const printed = run.stdout.split('\n').filter((l) => /^- (liveness|redis-cache): /.test(l)).map(mask);
  expect(example).toHaveLength(2);
  expect(printed).toEqual(example);
});

it('the README\'s critical example: its failures, impacts, the database finding, the rollback decision and its outcome are printed as shown', async () => {
  const run = await runFault({
    base_url: service.url,
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, critical_failure_threshold: 2, requires_ops_confirmation: true },
    health_checks: [{ name: 'readiness', endpoint: '/health/ready', expected_status: 200, required: true }],
    critical_paths: [{ name: 'user-login', required: true, steps: [{ method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com' } }, { method: 'GET', endpoint: '/api/user/profile' }] }],
  }, { args: ['--state-dir', await mkdtemp(join(tmpdir(), 'smokeguard-state-'))] });
  expect(run.code, run.stderr).toBe(1);
  // The lines up to the rollback's verification (notifications and the ticket need channels and a tracker).
  const shown = exampleAfter('A critical run (exit 1):');
  const upTo = shown.findIndex((l) => l.startsWith('Verification:'));
  expect(upTo).toBeGreaterThan(0);
  const lines = shown.slice(0, upTo + 1).filter((l) => l.trim() && l.trim() !== '…');
  expect(lines.length).toBeGreaterThan(10);
  // Each shown line is printed, in the README's order.
  const printed = run.stdout.split('\n').map(mask);
  let from = 0;
  for (const line of lines) {
    const at = printed.findIndex((p, i) => i >= from && pattern(line).test(p));
    expect(at, `README line not printed (after output line ${from}):\n${line}\n\noutput:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}, 30_000);
