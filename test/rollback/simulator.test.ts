import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { KUBECTL } from './harness.js';

const run = promisify(execFile);

/** The simulator is only worth something if the real kubectl accepts it: these drive the real binary. */
describe('k8s simulator with the real kubectl', () => {
  let s: RunningSimulator;
  const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', s.kubeconfig, ...args], { timeout: 20_000 });
  const image = () => {
    const d = s.sim.cluster.get('deployments', 'prod', 'django');
    return (d?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
  };

  beforeEach(async () => {
    s = await startK8sSimulator({ tickMs: 20 });
    s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', replicas: 3, revisions: [{ django: 'django:v1.21.8-stable' }, { django: 'django:v1.22.0-context-api' }] });
  });
  afterEach(async () => s.stop());

  it('lists deployments and replicasets', async () => {
    const { stdout } = await kubectl('get', 'deploy,rs', '-n', 'prod', '-o', 'name');
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(expect.arrayContaining(['deployment.apps/django']));
    expect(stdout.match(/replicaset.apps\/django-/g)).toHaveLength(2);
  });

  it('kubectl set image patches the template and rolls out a new revision', async () => {
    await kubectl('set', 'image', 'deployment/django', 'django=django:v1.23.0', '-n', 'prod');
    expect(image()).toBe('django:v1.23.0');
    expect(s.sim.writesTo('deployments', 'django').at(-1)?.contentType).toBe('application/strategic-merge-patch+json');
    const { stdout } = await kubectl('rollout', 'status', 'deployment/django', '-n', 'prod', '--timeout=10s');
    expect(stdout).toContain('successfully rolled out');
    expect(s.sim.cluster.get('deployments', 'prod', 'django')?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3' });
  });

  it('kubectl rollout undo restores the previous revision with a JSON patch', async () => {
    const { stdout } = await kubectl('rollout', 'undo', 'deployment/django', '-n', 'prod');
    expect(stdout).toContain('rolled back');
    expect(image()).toBe('django:v1.21.8-stable');
    expect(s.sim.writesTo('deployments', 'django').at(-1)?.contentType).toBe('application/json-patch+json');
    // Revision 1's ReplicaSet is reused and renumbered 3, as the real controller does.
    expect(s.sim.cluster.ownedReplicaSets('prod', 'django')).toHaveLength(2);
  });

  it('answers a forbidden verb with a 403 Status naming it', async () => {
    s.sim.forbidden.add('patch deployments');
    const err = await kubectl('set', 'image', 'deployment/django', 'django=x:1', '-n', 'prod').catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toContain('cannot patch resource "deployments" in API group "apps"');
    expect(image()).toBe('django:v1.22.0-context-api');
  });
});

describe('k8s simulator over HTTPS with the real kubectl', () => {
  it('kubectl verifies the simulator certificate against the kubeconfig CA', async () => {
    const s = await startK8sSimulator({ https: true });
    try {
      s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: 'django:v1' }, { django: 'django:v2' }] });
      const { stdout } = await run(KUBECTL, ['--kubeconfig', s.kubeconfig, 'rollout', 'history', 'deployment/django', '-n', 'prod'], { timeout: 20_000 });
      expect(stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    } finally {
      await s.stop();
    }
  });
});
