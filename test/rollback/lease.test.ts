import type { CoordinationV1Api } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/rollback/kube.js';
import { acquireLease, leaseName } from '../../src/rollback/lease.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';

describe('rollback lock: a coordination.k8s.io Lease (real client, simulator)', () => {
  let s: RunningSimulator;
  let api: CoordinationV1Api;
  const signal = () => AbortSignal.timeout(5000);
  beforeEach(async () => {
    s = await startK8sSimulator();
    api = (await connect({ deployment: 'django', namespace: 'prod', containers: [], kubeconfig: s.kubeconfig }, {})).coordination;
  });
  afterEach(async () => s.stop());

  it('one holder at a time; released by clearing the holder; then free again', async () => {
    const a = await acquireLease(api, 'prod', 'django', 'run-a', 60, signal());
    expect(a.acquired).toBe(true);
    expect(await acquireLease(api, 'prod', 'django', 'run-b', 60, signal())).toMatchObject({ acquired: false, holder: 'run-a' });
    if (a.acquired) await a.release();
    expect(s.sim.cluster.get('leases', 'prod', leaseName('django'))?.spec).not.toHaveProperty('holderIdentity');
    expect((await acquireLease(api, 'prod', 'django', 'run-b', 60, signal())).acquired).toBe(true);
  });

  it('an expired lease is taken over', async () => {
    await acquireLease(api, 'prod', 'django', 'crashed-run', 1, signal());
    const lease = s.sim.cluster.get('leases', 'prod', leaseName('django'));
    (lease!.spec as Record<string, unknown>).renewTime = new Date(Date.now() - 10_000).toISOString();
    s.sim.cluster.put('leases', lease!);
    expect((await acquireLease(api, 'prod', 'django', 'run-b', 60, signal())).acquired).toBe(true);
  });

  it('racing runs: exactly one wins (create 409 / update 409)', async () => {
    const results = await Promise.all(['r1', 'r2', 'r3', 'r4'].map((id) => acquireLease(api, 'prod', 'django', id, 60, signal())));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const winner = s.sim.cluster.get('leases', 'prod', leaseName('django'))?.spec as { holderIdentity: string };
    for (const r of results) if (!r.acquired) expect(r.holder).toBe(winner.holderIdentity);
  });

  it('the simulator rejects an update with a stale resourceVersion (409 Conflict)', async () => {
    await acquireLease(api, 'prod', 'django', 'run-a', 60, signal());
    const stale = await api.readNamespacedLease({ name: leaseName('django'), namespace: 'prod' });
    await api.replaceNamespacedLease({ name: leaseName('django'), namespace: 'prod', body: { ...stale, spec: { ...stale.spec, holderIdentity: 'x' } } });
    const err = await api.replaceNamespacedLease({ name: leaseName('django'), namespace: 'prod', body: { ...stale, spec: { ...stale.spec, holderIdentity: 'y' } } }).catch((e: { code: number }) => e);
    expect((err as { code: number }).code).toBe(409);
  });
});
