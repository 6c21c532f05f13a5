import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRollback } from '../../src/rollback/index.js';
import { kubeconfigYaml, startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { GOOD, harness, KUBECTL, liveImage, seedDjango } from './harness.js';

/**
 * A kubeconfig whose server is plain http:// — what `kubectl proxy` users write — is accepted as
 * kubectl accepts it. The real `kubectl proxy` stands between smokeguard and the simulator: it
 * serves plain HTTP on 127.0.0.1 and holds the credentials itself, so the kubeconfig has none.
 */
describe('plain-http kubeconfig (through kubectl proxy)', () => {
  let s: RunningSimulator;
  let proxy: ChildProcess | undefined;
  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
    seedDjango(s);
  });
  afterEach(async () => {
    proxy?.kill();
    await s.stop();
  });

  async function startProxy(): Promise<string> {
    proxy = spawn(KUBECTL, ['proxy', '--port=0', '--address=127.0.0.1', '--kubeconfig', s.kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    const child = proxy;
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`kubectl proxy did not start: ${out}`)), 15_000);
      child.stdout?.on('data', (d) => {
        out += d;
        const m = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      child.on('error', reject);
    });
  }

  it('rolls back through kubectl proxy with a kubeconfig naming only http://127.0.0.1:PORT', async () => {
    const url = await startProxy();
    const kubeconfig = join(s.dir, 'proxy.kubeconfig');
    // No insecure-skip-tls-verify, no CA, no token: exactly what a kubectl proxy user writes.
    await writeFile(kubeconfig, kubeconfigYaml(url, 'proxy').replace(/    token: .*\n/, '    {}\n').replace('  user:\n    {}\n', '  user: {}\n'));
    const h = harness(s, { config: { deployment: { name: 'django', namespace: 'prod', kubeconfig } } });
    const outcome = await executeRollback(h.input);
    expect(outcome).toMatchObject({ status: 'succeeded', targetImage: GOOD });
    expect(liveImage(s)).toBe(GOOD);
    // The patch reached the API server through the proxy (smokeguard only knew the proxy's address).
    expect(s.sim.requests.filter((r) => r.method === 'PATCH')).toEqual([expect.objectContaining({ path: '/apis/apps/v1/namespaces/prod/deployments/django', contentType: 'application/strategic-merge-patch+json' })]);
  }, 30_000);
});
