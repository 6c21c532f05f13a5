import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, GOOD, liveImage, seedDjango } from '../rollback/harness.js';
import { spawn } from 'node:child_process';
import { CLI, expectNoNodeWarning, PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';
import { readReportJson } from '../helpers/report-json.js';

/**
 * The whole story through the built CLI: the seed config (verbatim) finds a critical failure,
 * rolls the Kubernetes deployment back through the simulator with the real client, verifies the
 * service is healthy again, and exits 1 — or exits 3 when the rollback fails.
 */
const SEED_DIR = resolve(import.meta.dirname, '../fixtures/seed');
let service: DemoService;
let k8s: RunningSimulator;
let heal: NodeJS.Timeout | undefined;

beforeEach(async () => {
  service = await startDemoService({ faults: { readiness: 'database-down' } });
  k8s = await startK8sSimulator({ tickMs: 30 });
  seedDjango(k8s);
});
afterEach(async () => {
  clearInterval(heal);
  await service.close();
  await k8s.stop();
});

/** The demo service stands for the pods: once the previous image is live again, it is healthy. */
function healWhenRolledBack(): void {
  heal = setInterval(() => {
    if (liveImage(k8s) === GOOD) service.faults.readiness = 'ok';
  }, 20);
}

async function smoke(extra: string[], env: Record<string, string> = {}) {
  const reports = await mkdtemp(join(tmpdir(), 'smokeguard-rollback-'));
  const run = await runCli(['run', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', reports, '--report-dir', reports, ...extra], {
    cwd: SEED_DIR,
    env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, ...env },
  });
  const report = await readReportJson(join(reports, 'report.json'));
  return { run, report };
}

describe('rollback through the CLI, against the Kubernetes simulator', () => {
  it('a critical run with --yes rolls back to the previous image, shows pods progressing, verifies health, exits 1', async () => {
    healWhenRolledBack();
    const { run, report } = await smoke(['--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Current: ${BAD}`);
    expect(run.stdout).toContain(`Rollback to: ${GOOD}`);
    expect(run.stdout).toMatch(/Rolling back \d\/3 pods/);
    expect(liveImage(k8s)).toBe(GOOD); // the simulator's state proves the patch
    expect(report.rollback).toMatchObject({ status: 'succeeded', currentImage: BAD, targetImage: GOOD, deployment: 'django', namespace: 'prod' });
    expect(report.rollback?.verification?.healthy).toBe(true);
    expect(report.rollback?.confirmation).toMatchObject({ approved: true, method: 'flag' });
    expect(report.timeline.some((e: { kind: string }) => e.kind === 'rollback')).toBe(true);
  });

  it('a forbidden patch is a failed rollback: exit 3, the missing permission and the manual command printed', async () => {
    k8s.sim.forbidden.add('patch deployments');
    const { run, report } = await smoke(['--yes']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('✗ ROLLBACK FAILED — alert ops');
    expect(run.stdout).toMatch(/patch deployments/);
    expect(run.stdout).toContain(`kubectl set image deployment/django django=${GOOD} -n prod`);
    expect(report.rollback).toMatchObject({ status: 'failed', alertOps: true });
    expect(liveImage(k8s)).toBe(BAD);
  });

  it('a paused Deployment is refused before any write: exit 3, the pause named, undo and resume printed', async () => {
    k8s.sim.cluster.setPaused('prod', 'django', true);
    const writesBefore = k8s.sim.cluster.writes.length;
    const { run, report } = await smoke(['--yes']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('deployment/django is paused (spec.paused: true): not rolling back');
    expect(run.stdout).toMatch(/Manual rollback: kubectl set image deployment\/django django=django:v1\.21\.8-stable -n prod .*&& kubectl rollout resume deployment\/django -n prod/);
    expect(report.rollback).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'paused' } });
    expect(k8s.sim.cluster.writes.length).toBe(writesBefore); // not even the Lease
  });

  it('no earlier revision: "cannot roll back", exit 3, no manual command', async () => {
    k8s.sim.cluster.delete('deployments', 'prod', 'django');
    for (const rs of k8s.sim.cluster.list('replicasets', 'prod')) k8s.sim.cluster.delete('replicasets', 'prod', rs.metadata.name);
    k8s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: BAD }] });
    const { run, report } = await smoke(['--yes']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('cannot roll back: deployment/django has no earlier revision');
    // The README quotes this line: word for word.
    const quoted = /earlier revision says "([^"]+)"/.exec(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s*\n\s*/g, ' '))?.[1];
    expect(quoted).toBeDefined();
    expect(run.stdout).toContain(quoted);
    expect(run.stdout).not.toContain('Manual rollback:');
    expect(report.rollback).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'no_previous_revision' } });
    expect(report.rollback?.manualCommand).toBeUndefined();
  });

  it('--dry-run decides everything and patches nothing', async () => {
    const { run, report } = await smoke(['--yes', '--dry-run']);
    expect(run.code).toBe(1);
    expect(report.rollback?.status).toBe('dry_run');
    expect(k8s.sim.writesTo('deployments', 'django')).toHaveLength(0);
    expect(liveImage(k8s)).toBe(BAD);
  });

  it('without --yes and without a terminal, the confirmation times out: no rollback, ops alerted, exit 1', async () => {
    const seed = JSON.parse(await readFile(join(SEED_DIR, '.coditect/config/smoke-test-hook.json'), 'utf8'));
    seed.auto_rollback.confirmation_timeout_seconds = 2;
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-confirm-'));
    await writeFile(join(dir, 'smokeguard.json'), JSON.stringify(seed));
    const { run, report } = await smoke(['--config', join(dir, 'smokeguard.json')]);
    expect(run.code).toBe(1);
    expect(report.rollback).toMatchObject({ status: 'confirmation_timeout', alertOps: true });
    expect(run.stdout).toMatch(/smokeguard approve [\w-]+/); // how to answer was printed while it waited
    expect(liveImage(k8s)).toBe(BAD);
  });

  it('smokeguard approve RUN_ID from another terminal lets the waiting run roll back', async () => {
    healWhenRolledBack();
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-approve-'));
    const runId = 'approve-e2e-1';
    const waiting = runCli(['run', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', state, '--report-dir', state], {
      cwd: SEED_DIR,
      env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, SMOKEGUARD_RUN_ID: runId },
    });
    // Answer once the run is waiting (its lease exists), as ops would.
    for (let i = 0; i < 100 && !k8s.sim.cluster.get('leases', 'prod', 'smokeguard-rollback-django'); i++) await new Promise((r) => setTimeout(r, 100));
    const approve = await runCli(['approve', runId, '--state-dir', state, '--by', 'alice']);
    expect(approve.code).toBe(0);
    const run = await waiting;
    expect(run.code).toBe(1);
    const report = await readReportJson(join(state, 'report.json'));
    expect(report.rollback).toMatchObject({ status: 'succeeded', confirmation: { approved: true, by: 'alice', method: 'approve_command' } });
    expect(liveImage(k8s)).toBe(GOOD);
  });

  it('SIGTERM while waiting for ops: no rollback starts, the Lease is released, the report says aborted', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-sigterm-'));
    const child = spawn(process.execPath, [CLI, 'run', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', state, '--report-dir', state], {
      cwd: SEED_DIR,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, SMOKEGUARD_RUN_ID: 'sigterm-e2e-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    for (let i = 0; i < 300 && !out.includes('Waiting for ops confirmation'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('smokeguard approve sigterm-e2e-1 --deployment django --namespace prod');
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expectNoNodeWarning(err);
    const report = await readReportJson(join(state, 'report.json'));
    expect(report.rollback).toMatchObject({ status: 'aborted', alertOps: true, interrupted: { during: 'confirmation' } });
    expect(k8s.sim.writesTo('deployments', 'django')).toHaveLength(0);
    expect((k8s.sim.cluster.get('leases', 'prod', 'smokeguard-rollback-django')?.spec as { holderIdentity?: string }).holderIdentity).toBeUndefined();
    expect(liveImage(k8s)).toBe(BAD);
  });
});

/**
 * The README's "A critical run (exit 1)" block is what smokeguard prints: the same story (readiness
 * 503 naming the database, login 500, immediate rollback, healthy again) run through the built CLI.
 * Every line of the example must appear in the output, in the same order, once times, addresses,
 * URLs and durations are masked; an ellipsis stands for text left out (a line of its own, for lines
 * left out). Notification and incident lines need sinks this run does not configure;
 * test/e2e/notify-cli.test.ts prints them.
 */
describe("the README's critical example", () => {
  const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const mask = (line: string) =>
    line
      .replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS')
      .replace(/https?:\/\/\S+/g, 'URL')
      .replace(/\b\d{1,3}(\.\d{1,3}){3}:\d+/g, 'HOST:PORT')
      .replace(/\b\d+(\.\d+)?s\b/g, 'Ns')
      .trimEnd();

  it('matches the output line by line, in order', async () => {
    service.faults.login = 'error';
    heal = setInterval(() => {
      if (liveImage(k8s) === GOOD) Object.assign(service.faults, { readiness: 'ok', login: 'ok' });
    }, 20);
    const { run } = await smoke([]);
    expect(run.code).toBe(1);
    const block = README.split('A critical run (exit 1):')[1]?.split('```')[1];
    const example = (block ?? '').split('\n').map(mask).filter((l) => l.trim() && l.trim() !== '…' && !/^(Notification sent|Incident ticket)/.test(l));
    expect(example.length).toBeGreaterThan(25);
    const printed = run.stdout.split('\n').map(mask);
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const matches = (line: string) => {
      const pattern = new RegExp(`^${line.split('…').map(escape).join('.*')}$`);
      return (printedLine: string) => pattern.test(printedLine);
    };
    let at = 0;
    for (const line of example) {
      const found = printed.findIndex((p, i) => i >= at && matches(line)(p));
      expect(found, `README line not printed (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  }, 60_000);
});
