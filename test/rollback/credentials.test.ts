import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRollback } from '../../src/rollback/index.js';
import { connect } from '../../src/rollback/kube.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { GOOD, harness, liveImage, seedDjango } from './harness.js';

/** Credentials as a Job and an operator have them: a verified TLS kubeconfig, and in-cluster service-account files. */
describe('credentials (HTTPS simulator with its own CA)', () => {
  let s: RunningSimulator;
  beforeAll(async () => {
    s = await startK8sSimulator({ https: true, tickMs: 20 });
    seedDjango(s);
  });
  afterAll(async () => s.stop());

  it('a kubeconfig with certificate-authority-data: TLS verified, rollback done', async () => {
    expect(s.sim.url).toMatch(/^https:/);
    const outcome = await executeRollback(harness(s).input);
    expect(outcome.status).toBe('succeeded');
    expect(liveImage(s)).toBe(GOOD);
  });

  it('in a pod: service-account token and CA from the mounted files (loadFromCluster)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'smokeguard-sa-'));
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    await mkdir(sa, { recursive: true });
    await writeFile(join(sa, 'ca.crt'), s.ca as Buffer);
    await writeFile(join(sa, 'token'), 'in-cluster-token-0123456789');
    await writeFile(join(sa, 'namespace'), 'prod');
    const port = new URL(s.sim.url).port;
    // loadFromCluster reads the service host and port from process.env, as in a pod.
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = port;
    try {
      const kube = await connect({ deployment: 'django', namespace: 'prod', containers: [] }, { KUBERNETES_SERVICE_HOST: '127.0.0.1' }, { serviceAccountRoot: root });
      const d = await kube.apps.readNamespacedDeployment({ name: 'django', namespace: 'prod' });
      expect(d.metadata?.name).toBe('django');
      expect(s.sim.requests.at(-1)?.auth).toBe('Bearer (27 chars)');
    } finally {
      process.env.KUBERNETES_SERVICE_HOST = saved.host;
      process.env.KUBERNETES_SERVICE_PORT = saved.port;
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
      await rm(root, { recursive: true, force: true });
    }
  });

  it('an unknown kube context is a clear failure', async () => {
    const outcome = await executeRollback(harness(s, { config: { deployment: { name: 'django', namespace: 'prod', kubeconfig: s.kubeconfig, context: 'prod-eu' } } }).input);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toContain('kube context "prod-eu" not found (known: sim)');
  });
});

describe('no credentials at all', () => {
  it('no kubeconfig anywhere and not in a pod: a clear failure, no request to the client\'s made-up http://localhost:8080', async () => {
    const home = await mkdtemp(join(tmpdir(), 'smokeguard-home-'));
    // loadFromDefault reads KUBECONFIG and ~/.kube/config from the process itself.
    const saved = { home: process.env.HOME, kubeconfig: process.env.KUBECONFIG };
    process.env.HOME = home;
    delete process.env.KUBECONFIG;
    try {
      await expect(connect({ deployment: 'django', namespace: 'prod', containers: [] }, { HOME: home })).rejects.toThrow(
        'no kubeconfig found (deployment.kubeconfig, --kubeconfig, KUBECONFIG, ~/.kube/config) and not running in a cluster',
      );
    } finally {
      process.env.HOME = saved.home;
      if (saved.kubeconfig !== undefined) process.env.KUBECONFIG = saved.kubeconfig;
      await rm(home, { recursive: true, force: true });
    }
  });
});
