import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, expectNoNodeWarning, PG_URL, REDIS_URL } from '../helpers/cli.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { KUBECTL } from '../rollback/harness.js';
import { at, find, KUSTOMIZE_ROOT, render, run } from './manifests.js';

/**
 * The `smoke-tests` sidecar's own script (overlays/sidecar, as `kubectl kustomize` renders it),
 * run by sh as the container runs it: the overlay is applied with kubectl to the API simulator,
 * whose controller rolls the Deployment out; the demo service stands for the pod's app container
 * on 127.0.0.1:8000. It runs once when the rollout completed, says how it ended, and then idles:
 * the container never exits, so neither a pass nor a failed deploy fails or restarts the pod.
 */
interface Container { name: string; image: string; args?: string[]; command?: string[]; env?: { name: string }[] }

let s: RunningSimulator;
let service: DemoService;
let dir: string;
let child: ChildProcess | undefined;
beforeEach(async () => {
  s = await startK8sSimulator({ tickMs: 40 });
  service = await startDemoService();
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-sidecar-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await service.close();
  await s.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Applies the overlay to the simulator and starts the sidecar's script with what its pod gives it. */
async function startSidecar(): Promise<{ proc: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  await run(KUBECTL, ['--kubeconfig', s.kubeconfig, 'apply', '-k', join(KUSTOMIZE_ROOT, 'overlays/sidecar')], { timeout: 30_000 });
  const m = await render('overlays/sidecar');
  const deploy = find(m, 'Deployment', 'django');
  const sidecar = at<Container[]>(deploy, 'spec.template.spec.containers').find((c) => c.name === 'smoke-tests')!;
  // What the pod provides: the ConfigMap mounted at /etc/smokeguard, the env from the downward API and the Secret.
  expect(sidecar.env?.map((e) => e.name)).toEqual(['SMOKEGUARD_DEPLOYMENT', 'SMOKEGUARD_NAMESPACE', 'SMOKEGUARD_RUN_ID']);
  const config = join(dir, 'etc/smokeguard/smokeguard.yaml');
  await mkdir(join(dir, 'etc/smokeguard'), { recursive: true });
  await writeFile(config, (find(m, 'ConfigMap').data as Record<string, string>)['smokeguard.yaml']!);
  const script = sidecar.args![0]!.replaceAll('/etc/smokeguard/smokeguard.yaml', config).replaceAll('http://127.0.0.1:8000', service.url);
  // The image's `smokeguard` on PATH: the built CLI.
  const bin = join(dir, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'smokeguard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'smokeguard'), 0o755);
  // `tini -g --` only forwards signals: the rest of the container's command is `sh -c SCRIPT`.
  expect(sidecar.command).toEqual(['tini', '-g', '--', 'sh', '-c']);
  const proc = spawn('sh', ['-c', script], {
    cwd: dir,
    env: {
      PATH: `${bin}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1', KUBECONFIG: s.kubeconfig,
      SMOKEGUARD_DEPLOYMENT: 'django', SMOKEGUARD_NAMESPACE: 'prod', SMOKEGUARD_RUN_ID: 'django-7d9f8b6c5d-x2x4q',
      DATABASE_URL: PG_URL, REDIS_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  // Whatever a test reads of the output is free of Node warnings (as runCli's).
  return { proc, output: () => (expectNoNodeWarning(out), out), exited };
}

/** Resolves once the run's end line is printed (or the script exited, which the test then rejects). */
async function ranOnce(sidecar: Awaited<ReturnType<typeof startSidecar>>): Promise<string> {
  const line = /^smokeguard exited with (\d+) - idle until the next rollout replaces this pod$/m;
  const exitedEarly = sidecar.exited.then((code) => `script exited (${code})`);
  for (let i = 0; i < 600 && !line.test(sidecar.output()); i++) {
    const early = await Promise.race([exitedEarly, new Promise<undefined>((r) => setTimeout(r, 50))]);
    if (early) throw new Error(`${early}:\n${sidecar.output()}`);
  }
  return line.exec(sidecar.output())?.[1] ?? `no end line:\n${sidecar.output()}`;
}

/** The script has become the idle `sleep` (exec): the container's main process stays up. */
async function idles(proc: ChildProcess): Promise<string> {
  let cmdline = '';
  for (let i = 0; i < 100; i++) {
    cmdline = (await readFile(`/proc/${proc.pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
    if (cmdline.startsWith('sleep')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return proc.exitCode === null ? cmdline : `exited ${proc.exitCode}`;
}

describe('the smoke-tests sidecar, as its container runs it', () => {
  it('waits for the applied Deployment\'s rollout, tests its pod once, prints exit 0, then idles without exiting', async () => {
    const sidecar = await startSidecar();
    expect(await ranOnce(sidecar)).toBe('0');
    expect(sidecar.output()).toMatch(/Waiting for deployment\/django in prod to complete its rollout/);
    // The version under test is the app's image, not the sidecar's own: the overlay's default-container annotation says which.
    expect(sidecar.output()).toMatch(/Deployment completed: deployment\/django \(revision 1, django:v1\.22\.0-context-api\)$/m);
    expect(sidecar.output()).toContain('✓ Smoke tests passed');
    expect(await idles(sidecar.proc)).toBe('sleep 2147483647');
  }, 60_000);

  it('a rollout that fails (ProgressDeadlineExceeded) is reported, nothing is tested, and the container still idles', async () => {
    s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'fail', afterPods: 1 });
    const sidecar = await startSidecar();
    expect(await ranOnce(sidecar)).toBe('5');
    expect(sidecar.output()).toContain('deployment "django" exceeded its progress deadline');
    expect(sidecar.output()).not.toContain('Smoke tests passed');
    expect(s.sim.writesTo('deployments', 'django').filter((w) => w.verb === 'patch')).toEqual([]);
    expect(await idles(sidecar.proc)).toBe('sleep 2147483647');
  }, 60_000);
});
