import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, expectNoNodeWarning, PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { BAD, GOOD, liveImage, seedDjango } from '../rollback/harness.js';
import { at, find, render } from './manifests.js';

/**
 * The post-deploy Job of deploy/kubernetes/base, as its container runs it: the rendered
 * container's args and env, the generated ConfigMap's config at its mount path, the Secret's
 * variables, and only the verbs the base's Role grants (everything else is forbidden in the
 * simulator). The demo service stands for the Deployment's pods. Nothing is written outside the
 * Job's volumes, as its read-only root filesystem requires.
 */
interface EnvVar { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }
interface Container { args: string[]; env: EnvVar[]; volumeMounts: { name: string; mountPath: string }[] }
/** The Job's pod name, which the downward API gives the run as its id. */
const POD = 'smokeguard-x7k2p';

let s: RunningSimulator;
let service: DemoService;
let dir: string;
let child: ChildProcess | undefined;
beforeEach(async () => {
  s = await startK8sSimulator({ tickMs: 40 });
  seedDjango(s);
  service = await startDemoService();
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-job-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await service.close();
  await s.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The base's Role, as verb + resource pairs, is all the run may do. */
async function onlyTheRole(): Promise<void> {
  const role = find(await render('base'), 'Role', 'smokeguard');
  const granted = new Set(at<{ resources: string[]; verbs: string[] }[]>(role, 'rules').flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}`))));
  for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) {
    for (const resource of ['deployments', 'replicasets', 'leases', 'jobs', 'configmaps', 'secrets', 'pods', 'events', 'namespaces']) {
      if (!granted.has(`${verb} ${resource}`)) s.sim.forbidden.add(`${verb} ${resource}`);
    }
  }
}

/** Starts the Job's container command with what its pod provides; resolves with its output and exit code. */
async function startJob(): Promise<{ output: () => string; exited: Promise<number | null>; reports: string }> {
  const m = await render('base');
  const job = find(m, 'Job', 'smokeguard');
  const [c] = at<Container[]>(job, 'spec.template.spec.containers');
  const mounts = Object.fromEntries(c.volumeMounts.map((v) => [v.mountPath, join(dir, v.mountPath)]));
  await mkdir(mounts['/etc/smokeguard']!, { recursive: true });
  await mkdir(mounts['/reports']!, { recursive: true });
  await writeFile(join(mounts['/etc/smokeguard']!, 'smokeguard.yaml'), (find(m, 'ConfigMap').data as Record<string, string>)['smokeguard.yaml']!);
  const args = c.args.map((a) => Object.entries(mounts).reduce((arg, [path, local]) => arg.replace(path, local), a));
  // The downward API's fields: the pod's namespace and name.
  const fields: Record<string, string> = { 'metadata.namespace': 'prod', 'metadata.name': POD };
  const env = Object.fromEntries(c.env.map((e) => [e.name, e.value ?? fields[e.valueFrom!.fieldRef!.fieldPath]!]));
  expect(env).toEqual({ SMOKEGUARD_DEPLOYMENT: 'django', SMOKEGUARD_NAMESPACE: 'prod', SMOKEGUARD_RUN_ID: POD });
  const proc = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', KUBECONFIG: s.kubeconfig, ...env,
      // From the Secret smokeguard-secrets (envFrom); the service's address stands for the in-cluster one.
      DATABASE_URL: PG_URL, REDIS_URL, SMOKEGUARD_BASE_URL: service.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  // Whatever a test reads of the output is free of Node warnings (as runCli's).
  const output = () => (expectNoNodeWarning(out), out);
  return { output, exited: new Promise((done) => proc.on('exit', (code) => done(code))), reports: mounts['/reports']! };
}

/** What the run wrote outside its volumes: the pod's root filesystem is read-only (readOnlyRootFilesystem). */
async function writtenOutsideVolumes(): Promise<string[]> {
  const all = await readdir(dir, { recursive: true });
  return all.filter((f) => !/^(etc|reports)(\/|$)/.test(f));
}

describe('the post-deploy Job, as its container runs it with the shipped Role', () => {
  it('a healthy deploy: waits for the rollout, passes (exit 0), writes its report to the reports volume', async () => {
    await onlyTheRole();
    const job = await startJob();
    expect(await job.exited, job.output()).toBe(0);
    expect(job.output()).toContain(`Deployment completed: deployment/django (revision 2, ${BAD})`);
    const report = JSON.parse(await readFile(join(job.reports, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ runId: POD, verdict: 'passed', target: { version: BAD, deployment: 'django', namespace: 'prod' } });
    expect(await writtenOutsideVolumes()).toEqual([]);
  }, 60_000);

  it('a critical failure: the run waits for ops, `smokeguard approve POD_NAME --deployment django` answers it, the rollback restores the previous image', async () => {
    await onlyTheRole();
    service.faults.readiness = 'database-down';
    const heal = setInterval(() => {
      if (liveImage(s) === GOOD) service.faults.readiness = 'ok';
    }, 20);
    try {
      const job = await startJob();
      const prompt = `smokeguard approve ${POD} --deployment django --namespace prod`;
      for (let i = 0; i < 600 && !job.output().includes(prompt); i++) await new Promise((r) => setTimeout(r, 50));
      expect(job.output()).toContain(prompt);
      expect(liveImage(s)).toBe(BAD);
      // Ops answer from their own machine, through the cluster (the run's Lease), by the pod's name.
      const approve = await runCli(['approve', POD, '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', s.kubeconfig, '--by', 'ops'], { env: {} });
      expect(approve.code, approve.stdout + approve.stderr).toBe(0);
      expect(await job.exited, job.output()).toBe(1);
      expect(liveImage(s)).toBe(GOOD);
      const report = JSON.parse(await readFile(join(job.reports, 'report.json'), 'utf8'));
      expect(report.rollback).toMatchObject({ status: 'succeeded', targetImage: GOOD, confirmation: { approved: true, by: 'ops' } });
      // The attempt ledger and the lock live in the cluster, not on the (read-only) filesystem.
      expect(await writtenOutsideVolumes()).toEqual([]);
    } finally {
      clearInterval(heal);
    }
  }, 90_000);

});
