import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { init } from '../../src/init/init.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import type { Json } from '../helpers/k8s-simulator/patch.js';
import { listenTracked } from '../helpers/listen.js';
import { runCli } from '../helpers/cli.js';

/** init --deployment: the Deployment's own probes, read from the Kubernetes API simulator with the real client. */
let sim: RunningSimulator;
let service: { url: string; close(): Promise<void> };

/** A Deployment `name` in prod with these containers (their probes are what init reads). */
function putDeployment(name: string, replicas: number, containers: Json[]): void {
  const labels = { app: name };
  sim.sim.cluster.put('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'prod', labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  });
}

/** A local service answering 200 "ok" on `paths` and 404 on anything else. */
function answering(paths: string[]): ReturnType<typeof listenTracked> {
  return listenTracked(createServer((req, res) => {
    if (paths.includes(req.url ?? '')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    res.writeHead(404).end();
  }));
}

beforeEach(async () => {
  sim = await startK8sSimulator();
  putDeployment('orders', 2, [{
    name: 'api',
    image: 'orders:1.4.0',
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
    startupProbe: { exec: { command: ['cat', '/tmp/started'] } },
  }]);
  // The service answers /ready (its readinessProbe, no convention) and /health/live; nothing else.
  const listening = await answering(['/ready', '/health/live']);
  service = { url: `http://127.0.0.1:${listening.port}`, close: listening.close };
});
afterEach(async () => {
  await service.close();
  await sim.stop();
});

describe('init --deployment', () => {
  it('adds the readinessProbe as a required check, marks the livenessProbe, names the target, says what it could not translate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const result = await init({ baseUrl: service.url, file: join(dir, 'smokeguard.yaml'), env: {}, deployment: { name: 'orders', namespace: 'prod', kubeconfig: sim.kubeconfig } });
    const checks = Object.fromEntries(result.loaded.config.health_checks.map((h) => [h.name, h]));
    expect(checks['readiness-probe']).toMatchObject({ endpoint: '/ready', required: true, timeout_seconds: 10 });
    expect(checks.liveness).toMatchObject({ endpoint: '/health/live', required: false });
    expect(result.loaded.config.deployment).toMatchObject({ name: 'orders', namespace: 'prod', container: 'api' });
    expect(result.loaded.config.auto_rollback.enabled).toBe(true);
    const yaml = await readFile(join(dir, 'smokeguard.yaml'), 'utf8');
    expect(yaml).toContain("# /ready: the Deployment's readinessProbe (container api, port 8080); answered 200");
    expect(yaml).toContain("# also the Deployment's livenessProbe (container api, port http)");
    expect(result.starter.found).toContain('deployment prod/orders: readinessProbe GET /ready, livenessProbe GET /health/live');
    expect(result.starter.undecided).toContain('api: startupProbe is exec: not an HTTP probe, not translated');
    expect(result.dryRun.verdict).toBe('passed');
    // Read only: init wrote nothing to the cluster.
    expect(sim.sim.cluster.writes).toEqual([]);
    expect(sim.sim.requests.some((r) => r.method === 'GET' && r.path === '/apis/apps/v1/namespaces/prod/deployments/orders')).toBe(true);
  });

  it('a failing service with a Deployment named: the dry run plans the rollback on the cluster init was given (--kubeconfig), and patches nothing', async () => {
    sim.sim.cluster.seedDeployment({ namespace: 'prod', name: 'billing', revisions: [{ billing: 'billing:1.0' }, { billing: 'billing:1.1' }] });
    const failing = createServer((req, res) => {
      if (req.url === '/health/ready') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('database down');
      res.writeHead(404).end();
    });
    const listening = await listenTracked(failing);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
      // No KUBECONFIG, no ~/.kube: only --kubeconfig says where the cluster is.
      const run = await runCli(['init', '--base-url', `http://127.0.0.1:${listening.port}`, '--deployment', 'billing', '--namespace', 'prod', '--kubeconfig', sim.kubeconfig], { cwd: dir, env: { HOME: dir, KUBECONFIG: '' } });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain('✗ CRITICAL');
      expect(run.stdout).toContain('dry run: would roll back deployment/billing in prod');
      expect(run.stdout).not.toContain('ROLLBACK FAILED');
      expect(sim.sim.cluster.writes).toEqual([]);
      expect(await readFile(join(dir, 'smokeguard.yaml'), 'utf8')).toMatch(/^auto_rollback:[^\n]*\n {2}enabled: true/m);
    } finally {
      await listening.close();
    }
  });

  it('probes at their own paths, two containers: each kind its role (liveness and startup optional), named by container; a probe that does not answer here is said, not added', async () => {
    putDeployment('payments', 1, [
      { name: 'api', image: 'payments:2.0', readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, livenessProbe: { httpGet: { path: '/alive', port: 8080 } }, startupProbe: { httpGet: { path: '/started', port: 8080 } } },
      { name: 'proxy', image: 'envoy:1.30', readinessProbe: { httpGet: { path: '/proxy-ready', port: 9901 } }, livenessProbe: { tcpSocket: { port: 9901 } } },
    ]);
    const listening = await answering(['/ready', '/alive', '/started']);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
      const result = await init({ baseUrl: `http://127.0.0.1:${listening.port}`, file: join(dir, 'smokeguard.yaml'), env: {}, deployment: { name: 'payments', namespace: 'prod', kubeconfig: sim.kubeconfig } });
      const checks = result.loaded.config.health_checks.map((h) => [h.name, h.endpoint, h.required]);
      expect(checks).toEqual([
        ['api-readiness', '/ready', true],
        ['api-liveness', '/alive', false],
        ['api-startup', '/started', false],
      ]);
      // Two containers: a rollback acts on all of them, so none is named.
      expect(result.loaded.config.deployment).toEqual(expect.objectContaining({ name: 'payments', namespace: 'prod' }));
      expect(result.loaded.config.deployment?.container).toBeUndefined();
      expect(result.starter.undecided).toContain(`the Deployment's readinessProbe GET /proxy-ready (port 9901) did not answer at http://127.0.0.1:${listening.port}: it may be served on another port; not added`);
      expect(result.starter.undecided).toContain('proxy: livenessProbe is tcpSocket: not an HTTP probe, not translated');
      expect(result.dryRun.verdict).toBe('passed');
    } finally {
      await listening.close();
    }
  });

  it('a Deployment that does not exist: said, the starter still written, rollback left off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const result = await init({ baseUrl: service.url, file: join(dir, 'smokeguard.yaml'), env: {}, deployment: { name: 'nope', namespace: 'prod', kubeconfig: sim.kubeconfig } });
    expect(result.starter.undecided.join('\n')).toMatch(/could not read deployment prod\/nope: .*not ?found.*; automatic rollback is off/i);
    expect(result.loaded.config.deployment).toBeUndefined();
    expect(result.loaded.config.auto_rollback.enabled).toBe(false);
  });

  it('through the built CLI: --deployment and --namespace reach the cluster; the file names the target and turns rollback on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const run = await runCli(['init', '--base-url', service.url, '--deployment', 'orders', '--namespace', 'prod', '--kubeconfig', sim.kubeconfig], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`probing ${service.url} and deployment prod/orders`);
    expect(run.stdout).toContain('deployment prod/orders: readinessProbe GET /ready, livenessProbe GET /health/live');
    expect(run.stdout).toMatch(/✓ readiness-probe\s+\/ready → 200/);
    const yaml = await readFile(join(dir, 'smokeguard.yaml'), 'utf8');
    expect(yaml).toMatch(/^deployment:[^\n]*\n {2}name: orders\n {2}namespace: prod\n {2}container: api\n/m);
    expect(yaml).toMatch(/^auto_rollback:[^\n]*\n {2}enabled: true/m);
    expect(sim.sim.cluster.writes).toEqual([]);
  });

  it('--namespace without --deployment: a usage error, exit 2, no file, the cluster not asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const run = await runCli(['init', '--base-url', service.url, '--namespace', 'prod'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('smokeguard: --namespace needs --deployment NAME');
    expect(run.stdout).toBe('');
    expect(sim.sim.requests).toEqual([]);
    await expect(readFile(join(dir, 'smokeguard.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
