import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K8sSimulator, type SimulatorOptions } from './server.js';

export { K8sSimulator } from './server.js';
export { Cluster, REVISION, templateHash, type K8sObject, type RolloutBehaviour, type SeedDeployment } from './cluster.js';

export interface RunningSimulator {
  sim: K8sSimulator;
  /** A kubeconfig file whose current context (`sim`) points at the simulator. */
  kubeconfig: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1:0 and writes a kubeconfig for it into a fresh temp dir. */
export async function startK8sSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await new K8sSimulator(options).start();
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-k8s-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml(sim.url));
  return {
    sim,
    kubeconfig,
    dir,
    async stop() {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function kubeconfigYaml(server: string, context = 'sim'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${server}`,
    // @kubernetes/client-node refuses plain http unless TLS verification is (pointlessly) off.
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: smokeguard',
    '  user:',
    '    token: simulator-token-not-secret',
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${context}`,
    '    user: smokeguard',
    '    namespace: default',
    `current-context: ${context}`,
    '',
  ].join('\n');
}
