import type { RunningSimulator } from '../helpers/k8s-simulator/index.js';

/** A new image for the django container, as `kubectl set image` would write it: the controller starts rolling it out. */
export function deployImage(s: RunningSimulator, image: string, name = 'django', namespace = 'prod'): void {
  const d = s.sim.cluster.get('deployments', namespace, name);
  if (!d) throw new Error(`no deployment ${namespace}/${name}`);
  const spec = d.spec as { template: { spec: { containers: { name: string; image: string }[] } } };
  spec.template.spec.containers = spec.template.spec.containers.map((c) => ({ ...c, image }));
  s.sim.cluster.put('deployments', d);
}
