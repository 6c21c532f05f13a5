import { stateDirFrom, writeApproval } from '../../rollback/approval-store.js';
import type { Answer, RunSummary } from '../store/types.js';

/**
 * How the dashboard answers a waiting run: exactly as `smokeguard approve` does. A run that holds
 * its rollback Lease (it said so when it started waiting) is answered on that Lease, with the
 * dashboard's own cluster credentials (in-cluster, --kubeconfig, KUBECONFIG); otherwise through
 * an approval file in the state dir the run polls (a shared volume, or the same machine).
 */
export interface ApproverOptions {
  /** --state-dir / SMOKEGUARD_STATE_DIR / ./.smokeguard, as for `smokeguard approve`. */
  stateDir?: string;
  kubeconfig?: string;
  context?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export const CLUSTER_ANSWER_TIMEOUT_MS = 15_000;

export function createApprover(o: ApproverOptions): (run: RunSummary, answer: Answer) => Promise<string> {
  return async (run, answer) => {
    const a = run.awaiting ?? {};
    if (a.lease && a.deployment) {
      const namespace = a.namespace ?? run.namespace ?? 'default';
      // The Kubernetes client loads only when a run on a Lease is answered.
      const [{ connect }, { writeClusterApproval }] = await Promise.all([import('../../rollback/kube.js'), import('../../rollback/cluster-approval.js')]);
      const kube = await connect({ deployment: a.deployment, namespace, containers: [], ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.context ? { context: o.context } : {}) }, o.env);
      return await writeClusterApproval(kube.coordination, namespace, a.deployment, run.runId, answer, AbortSignal.timeout(CLUSTER_ANSWER_TIMEOUT_MS));
    }
    return await writeApproval(stateDirFrom(o.stateDir, o.env), run.runId, answer);
  };
}
