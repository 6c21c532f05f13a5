import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import { apiStatus, callOptions } from './kube.js';

/**
 * At most one rollback per deployment at a time: a coordination.k8s.io/v1 Lease named after the
 * deployment. Taking it is a create (409 if another run created it first) or, when the holder's
 * lease has expired or been released, an update guarded by resourceVersion (409 if another run
 * updated it first). Whoever loses a race sees the winner as the holder.
 */

export type LeaseResult =
  | { acquired: true; release: () => Promise<void> }
  | { acquired: false; holder: string; since?: string };

export function leaseName(deployment: string): string {
  return `smokeguard-rollback-${deployment}`.slice(0, 253).replace(/[-.]+$/, '');
}

function expired(lease: V1Lease, now: number): boolean {
  const spec = lease.spec;
  if (!spec?.holderIdentity) return true;
  const renewed = spec.renewTime ?? spec.acquireTime;
  if (!renewed) return true;
  return new Date(renewed).getTime() + (spec.leaseDurationSeconds ?? 0) * 1000 < now;
}

export async function acquireLease(
  api: CoordinationV1Api,
  namespace: string,
  deployment: string,
  holder: string,
  durationSeconds: number,
  signal: AbortSignal,
): Promise<LeaseResult> {
  const name = leaseName(deployment);
  const now = new Date();
  const spec = { holderIdentity: holder, leaseDurationSeconds: Math.ceil(durationSeconds), acquireTime: now, renewTime: now };
  const lost = async (): Promise<LeaseResult> => {
    const current = await api.readNamespacedLease({ name, namespace }, callOptions(signal));
    return { acquired: false, holder: current.spec?.holderIdentity ?? 'another run', since: dateText(current.spec?.acquireTime) };
  };
  let existing: V1Lease | undefined;
  try {
    existing = await api.readNamespacedLease({ name, namespace }, callOptions(signal));
  } catch (err) {
    if (apiStatus(err) !== 404) throw err;
  }
  let held: V1Lease;
  try {
    if (!existing) {
      held = await api.createNamespacedLease(
        { namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'smokeguard' } }, spec } },
        callOptions(signal),
      );
    } else if (existing.spec?.holderIdentity === holder || expired(existing, now.getTime())) {
      held = await api.replaceNamespacedLease({ name, namespace, body: { ...existing, spec: { ...existing.spec, ...spec } } }, callOptions(signal));
    } else {
      return { acquired: false, holder: existing.spec?.holderIdentity ?? 'another run', since: dateText(existing.spec?.acquireTime) };
    }
  } catch (err) {
    if (apiStatus(err) === 409) return lost();
    throw err;
  }
  return {
    acquired: true,
    // Released by clearing the holder (update, not delete: the Role needs no delete verb).
    release: async () => {
      const current = await api.readNamespacedLease({ name, namespace }, callOptions(AbortSignal.timeout(10_000)));
      if (current.spec?.holderIdentity !== holder) return;
      await api.replaceNamespacedLease(
        { name, namespace, body: { ...current, metadata: { ...current.metadata, resourceVersion: current.metadata?.resourceVersion ?? held.metadata?.resourceVersion }, spec: { ...current.spec, holderIdentity: undefined, leaseDurationSeconds: current.spec?.leaseDurationSeconds } } },
        callOptions(AbortSignal.timeout(10_000)),
      );
    },
  };
}

function dateText(d: Date | string | undefined): string | undefined {
  if (!d) return undefined;
  return d instanceof Date ? d.toISOString() : d;
}
