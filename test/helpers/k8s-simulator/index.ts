import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K8sSimulator, type SimulatorOptions } from './server.js';
import { makePki } from './tls.js';

export { K8sSimulator } from './server.js';
export { Cluster, REVISION, templateHash, type K8sObject, type RolloutBehaviour, type SeedDeployment } from './cluster.js';

export interface RunningSimulator {
  sim: K8sSimulator;
  /** A kubeconfig file whose current context (`sim`) points at the simulator. */
  kubeconfig: string;
  dir: string;
  /** The CA that signed the simulator's certificate (https only). */
  ca?: Buffer;
  stop(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1:0 and writes a kubeconfig for it into a fresh temp dir. */
export async function startK8sSimulator(options: Omit<SimulatorOptions, 'tls'> & { https?: boolean } = {}): Promise<RunningSimulator> {
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-k8s-'));
  const pki = options.https ? makePki(dir) : undefined;
  const sim = await new K8sSimulator({ ...options, ...(pki ? { tls: pki } : {}) }).start();
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml(sim.url, 'sim', pki?.ca));
  return {
    sim,
    kubeconfig,
    dir,
    ...(pki ? { ca: pki.ca } : {}),
    async stop() {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function kubeconfigYaml(server: string, context = 'sim', ca?: Buffer): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${server}`,
    // Plain http is written as kubectl users write it (no insecure-skip-tls-verify): smokeguard accepts it as kubectl does.
    ...(ca ? [`    certificate-authority-data: ${ca.toString('base64')}`] : []),
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
