import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { deployImage } from '../deployment/rollout-helpers.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';
import { GOOD, liveImage, seedDjango } from '../rollback/harness.js';

/**
 * `smokeguard run --wait-for-rollout` through the built CLI: the seed config, the demo service
 * standing for the pods, the simulator's controller rolling out, progressing, failing or stalling.
 */
const SEED_DIR = resolve(import.meta.dirname, '../fixtures/seed');
const NEXT = 'django:v1.23.0';
const SHA = '3f9c2a1b7d4e5f60718293a4b5c6d7e8f9012345';
let service: DemoService;
let k8s: RunningSimulator;
let heal: NodeJS.Timeout | undefined;

beforeEach(async () => {
  service = await startDemoService();
  k8s = await startK8sSimulator({ tickMs: 40 });
  seedDjango(k8s);
});
afterEach(async () => {
  clearInterval(heal);
  await service.close();
  await k8s.stop();
});

async function smoke(extra: string[] = []) {
  const reports = await mkdtemp(join(tmpdir(), 'smokeguard-wait-'));
  const run = await runCli(['run', '--wait-for-rollout', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', reports, '--report-dir', reports, ...extra], {
    cwd: SEED_DIR,
    env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, GITHUB_SHA: SHA },
  });
  const report = JSON.parse(await readFile(join(reports, 'report.json'), 'utf8'));
  return { run, report, reportDir: reports };
}

type Event = { kind: string; at: string; message: string };

describe('smokeguard run --wait-for-rollout', () => {
  it('waits for a progressing rollout, then tests what is live: "Deployment completed" first, the live image as the version, the CI commit beside it', async () => {
    deployImage(k8s, NEXT);
    const { run, report } = await smoke();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Waiting for deployment\/django in prod to complete its rollout \(up to \d+ s\)/);
    expect(run.stdout).toContain(`Deployment completed: deployment/django (revision 3, ${NEXT})`);
    expect(report.target).toMatchObject({ version: NEXT, revision: '3', commit: SHA });
    expect(report.target.podTemplateHash).toMatch(/^[0-9a-f]{10}$/);
    expect(report.rollout).toMatchObject({ status: 'complete', deployment: 'django', namespace: 'prod' });
    const completed = (report.timeline as Event[]).find((e) => e.kind === 'deployment_completed')!;
    const firstCheck = (report.timeline as Event[]).find((e) => e.kind === 'check_started')!;
    expect(Date.parse(completed.at)).toBeLessThanOrEqual(Date.parse(firstCheck.at));
    // Timed by the cluster: the Deployment's Progressing condition, as the controller wrote it.
    const live = k8s.sim.cluster.get('deployments', 'prod', 'django')!;
    const progressing = (live.status as { conditions: { type: string; lastUpdateTime: string }[] }).conditions.find((c) => c.type === 'Progressing')!;
    expect(completed.at).toBe(new Date(progressing.lastUpdateTime).toISOString());
    expect(report.rollout.completedAt).toBe(completed.at);
    expect(report.checks.every((c: { status: string }) => c.status === 'passed')).toBe(true);
  });

  it('an image tag the pipeline gives (SMOKEGUARD_REVISION) names the version under test; what is live is still recorded', async () => {
    deployImage(k8s, NEXT);
    const reports = await mkdtemp(join(tmpdir(), 'smokeguard-wait-'));
    const run = await runCli(['run', '--wait-for-rollout', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', reports, '--report-dir', reports], {
      cwd: SEED_DIR,
      env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, CI_COMMIT_SHA: SHA, SMOKEGUARD_REVISION: 'v1.23.0' },
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(reports, 'report.json'), 'utf8'));
    expect(report.target).toMatchObject({ version: 'v1.23.0', commit: SHA, revision: '3' });
    expect(report.rollout.images).toEqual({ django: NEXT });
  });

  it('a rollout that fails (ProgressDeadlineExceeded) is a failed deploy: exit 5, nothing tested, nothing rolled back', async () => {
    k8s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'fail', afterPods: 1 });
    deployImage(k8s, NEXT);
    const { run, report, reportDir } = await smoke(['--yes']);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('✗ DEPLOYMENT DID NOT COMPLETE — smoke tests not run');
    expect(run.stdout).toContain('deployment "django" exceeded its progress deadline');
    expect(run.stdout).not.toContain('CRITICAL');
    expect(report.rollout.status).toBe('failed');
    // Reported as a failed deploy everywhere, never as a passed (or failed) smoke run.
    expect(report.verdict).toBe('deployment_failed');
    const markdown = await readFile(join(reportDir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^## 🚫 DEPLOYMENT DID NOT COMPLETE: smoke tests not run$/m);
    expect(markdown).not.toContain('Smoke tests passed');
    expect(report.checks.every((c: { status: string; reason: string }) => c.status === 'skipped' && c.reason === 'not run: the deployment did not complete its rollout')).toBe(true);
    expect(report.decision.action).toBe('none');
    expect(k8s.sim.writesTo('deployments', 'django')).toHaveLength(0);
  });

  it('a stalled rollout is cut by deployment.wait_timeout_seconds inside the run budget: exit 5', async () => {
    k8s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    deployImage(k8s, NEXT);
    const { writeConfig } = await import('../helpers/cli.js');
    const seed = JSON.parse(await readFile(join(SEED_DIR, '.coditect/config/smoke-test-hook.json'), 'utf8'));
    const { file } = await writeConfig({ ...seed, deployment: { name: 'django', namespace: 'prod', wait: true, wait_timeout_seconds: 1 } });
    const reports = await mkdtemp(join(tmpdir(), 'smokeguard-wait-'));
    const run = await runCli(['run', '--config', file, '--kubeconfig', k8s.kubeconfig, '--report-dir', reports], {
      env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL },
    });
    expect(run.code).toBe(5);
    // Where it stood, or (when loading the client took the whole second) that the API never answered in time.
    expect(run.stdout).toMatch(/deployment "django" did not complete its rollout within 1 s: (Waiting for deployment "django" rollout to finish|the API server gave no answer in time)/);
    const report = JSON.parse(await readFile(join(reports, 'report.json'), 'utf8'));
    expect(report.rollout.status).toBe('timed_out');
    expect(report.verdict).toBe('deployment_failed');
  });

  it('with only the shipped Role\'s verbs, a critical run waits, then rolls back without being told the version', async () => {
    // Everything the Role in deploy/kubernetes/base/role.yaml does not grant is forbidden.
    const granted = new Set(['get deployments', 'list deployments', 'watch deployments', 'patch deployments', 'get replicasets', 'list replicasets', 'watch replicasets', 'get leases', 'create leases', 'update leases']);
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) {
      for (const resource of ['deployments', 'replicasets', 'leases', 'jobs', 'configmaps', 'secrets', 'pods', 'namespaces']) {
        if (!granted.has(`${verb} ${resource}`)) k8s.sim.forbidden.add(`${verb} ${resource}`);
      }
    }
    service.faults.readiness = 'database-down';
    heal = setInterval(() => {
      if (liveImage(k8s) === GOOD) service.faults.readiness = 'ok';
    }, 20);
    // The run tests the image the wait found live (BAD): the drift guard sees it still live and lets the rollback through.
    const { run, report } = await smoke(['--yes']);
    expect(run.code).toBe(1);
    expect(report.target.version).toBe('django:v1.22.0-context-api');
    expect(report.rollback).toMatchObject({ status: 'succeeded', targetImage: GOOD });
    expect(liveImage(k8s)).toBe(GOOD);
    expect(k8s.sim.requests.some((r) => r.path.includes('watch=true') || r.path.includes('/deployments/django'))).toBe(true);
  });
});
