import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import type { ApprovalRecord } from './approval-store.js';
import { apiStatus, callOptions } from './kube.js';
import { leaseName } from './lease.js';

/**
 * Out-of-band confirmation through the cluster, for runs that are Jobs (no shared disk with the
 * approver): `smokeguard approve RUN_ID --deployment NAME --namespace NS` writes an annotation on
 * the rollback Lease the waiting run holds, and the run polls that Lease. The approver needs
 * get/update on leases — the same verbs the run itself uses.
 */

export const APPROVAL_ANNOTATION = 'smokeguard.io/approval';

interface StoredApproval extends ApprovalRecord {
  runId: string;
}

export async function readClusterApproval(api: CoordinationV1Api, namespace: string, deployment: string, runId: string, signal: AbortSignal): Promise<ApprovalRecord | undefined> {
  const lease = await api.readNamespacedLease({ name: leaseName(deployment), namespace }, callOptions(signal));
  const text = lease.metadata?.annotations?.[APPROVAL_ANNOTATION];
  if (!text) return undefined;
  const stored = JSON.parse(text) as Partial<StoredApproval>;
  if (stored.runId !== runId || (stored.decision !== 'approve' && stored.decision !== 'deny')) return undefined;
  return { decision: stored.decision, by: stored.by ?? 'unknown', at: stored.at ?? '' };
}

/** Records the answer on the Lease held by `runId`; refuses when no such run is waiting. */
export async function writeClusterApproval(api: CoordinationV1Api, namespace: string, deployment: string, runId: string, record: ApprovalRecord, signal: AbortSignal): Promise<string> {
  const name = leaseName(deployment);
  for (let attempt = 1; ; attempt++) {
    let lease: V1Lease;
    try {
      lease = await api.readNamespacedLease({ name, namespace }, callOptions(signal));
    } catch (err) {
      if (apiStatus(err) === 404) throw new Error(`no smokeguard run is waiting to roll back deployment/${deployment} in ${namespace} (no Lease ${name})`);
      throw err;
    }
    const holder = lease.spec?.holderIdentity;
    if (holder !== runId) throw new Error(`run ${runId} is not waiting on deployment/${deployment} in ${namespace} (the rollback lock is ${holder ? `held by run ${holder}` : 'free'})`);
    const annotations = { ...lease.metadata?.annotations, [APPROVAL_ANNOTATION]: JSON.stringify({ ...record, runId } satisfies StoredApproval) };
    try {
      await api.replaceNamespacedLease({ name, namespace, body: { ...lease, metadata: { ...lease.metadata, annotations } } }, callOptions(signal));
      return `lease ${namespace}/${name}`;
    } catch (err) {
      if (apiStatus(err) !== 409 || attempt >= 3) throw err;
    }
  }
}
