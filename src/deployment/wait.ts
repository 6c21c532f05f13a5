import type { V1Deployment } from '@kubernetes/client-node';
import type { RolloutOutcome } from '../core/types.js';
import { callOptions, connect, describeApiError, type KubeClients } from '../rollback/kube.js';
import type { RollbackTarget } from '../rollback/types.js';
import { timeoutSignal } from '../util/abort.js';
import { REWATCH_DELAY_MS } from './defaults.js';
import { completedAt, rolloutState, type DeploymentLike, type RolloutState } from './rollout-status.js';
import { liveVersion } from './live-version.js';

/**
 * Waits for a Deployment's rollout as `kubectl rollout status` does: one read, then a watch on
 * that one object (field selector) until the rollout completes, fails (ProgressDeadlineExceeded),
 * or the deadline cuts the wait. Every request carries the deadline's signal. Loaded only when a
 * run waits: it pulls in the Kubernetes client.
 */

export interface WaitOptions {
  target: RollbackTarget;
  env: Readonly<Record<string, string | undefined>>;
  /** Epoch ms: the wait ends here at the latest (inside the run's budget). */
  deadline: number;
  signal?: AbortSignal;
  /** Each new "Waiting for…" line, as kubectl prints them. */
  onProgress?(message: string): void;
  /** Already connected clients (tests, a run that also rolls back). */
  clients?: KubeClients;
  /** When the wait began (epoch ms), if before this call (loading the client counts against the wait). */
  startedAt?: number;
}

export async function waitForRollout(options: WaitOptions): Promise<RolloutOutcome> {
  const { target } = options;
  const started = options.startedAt ?? Date.now();
  const base = { deployment: target.deployment, namespace: target.namespace };
  const cut = timeoutSignal(options.deadline - Date.now(), options.signal);
  const outcome = (status: RolloutOutcome['status'], message: string, extra: Partial<RolloutOutcome> = {}): RolloutOutcome =>
    ({ status, message, ...base, ...extra, waitedMs: Date.now() - started });
  try {
    const kube = options.clients ?? (await connect(target, options.env));
    let last = '';
    const judge = (d: DeploymentLike): RolloutState => {
      const state = rolloutState(d);
      if (state.state === 'waiting' && state.message !== last) options.onProgress?.(state.message);
      last = state.message;
      return state;
    };
    let deploy = await kube.apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace }, callOptions(cut.signal));
    let state = judge(deploy as DeploymentLike);
    while (state.state === 'waiting') {
      if (cut.signal.aborted) break;
      const watchSeconds = Math.max(1, Math.ceil((options.deadline - Date.now()) / 1000));
      const next = await watchOnce(kube, target, { resourceVersion: deploy.metadata?.resourceVersion, timeoutSeconds: watchSeconds }, cut.signal, (d) => judge(d).state !== 'waiting');
      if (next) deploy = next;
      state = rolloutState(deploy as DeploymentLike);
      if (state.state === 'waiting' && !cut.signal.aborted) {
        // The watch ended without an answer (server timeout, expired resourceVersion): read again, then re-watch.
        await new Promise((r) => setTimeout(r, REWATCH_DELAY_MS));
        if (cut.signal.aborted) break;
        deploy = await kube.apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace }, callOptions(cut.signal));
        state = judge(deploy as DeploymentLike);
      }
    }
    if (state.state === 'failed') return outcome('failed', state.message, liveVersion(deploy, undefined));
    if (state.state === 'waiting') {
      const seconds = Math.round((options.deadline - started) / 1000);
      return outcome('timed_out', `deployment "${target.deployment}" did not complete its rollout within ${seconds} s: ${state.message}`, liveVersion(deploy, undefined));
    }
    const replicaSets = await kube.apps.listNamespacedReplicaSet({ namespace: target.namespace, labelSelector: selectorOf(deploy) }, callOptions(cut.signal));
    const at = completedAt(deploy as DeploymentLike);
    return outcome('complete', state.message, { ...liveVersion(deploy, replicaSets.items), ...(at ? { completedAt: at.toISOString() } : {}) });
  } catch (err) {
    if (cut.signal.aborted && !options.signal?.aborted) {
      return outcome('timed_out', `deployment "${target.deployment}" did not complete its rollout within ${Math.round((options.deadline - started) / 1000)} s: the API server gave no answer in time`);
    }
    return outcome('error', describeApiError(err, `waiting for deployment/${target.deployment} in ${target.namespace}`).message);
  } finally {
    cut.dispose();
  }
}

/** One watch on the Deployment; resolves with the first object `done` accepts, or the last seen when the watch ends. */
function watchOnce(
  kube: KubeClients,
  target: RollbackTarget,
  at: { resourceVersion: string | undefined; timeoutSeconds: number },
  signal: AbortSignal,
  done: (d: DeploymentLike) => boolean,
): Promise<V1Deployment | undefined> {
  return new Promise((resolve) => {
    let latest: V1Deployment | undefined;
    let controller: AbortController | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', finish);
      controller?.abort();
      resolve(latest);
    };
    signal.addEventListener('abort', finish, { once: true });
    new kube.Watch(kube.kubeConfig)
      .watch(
        `/apis/apps/v1/namespaces/${encodeURIComponent(target.namespace)}/deployments`,
        { fieldSelector: `metadata.name=${target.deployment}`, ...(at.resourceVersion ? { resourceVersion: at.resourceVersion } : {}), timeoutSeconds: at.timeoutSeconds },
        (type, obj: V1Deployment) => {
          if (type !== 'ADDED' && type !== 'MODIFIED') return;
          latest = obj;
          if (done(obj as DeploymentLike)) finish();
        },
        () => finish(),
      )
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      }, () => finish());
  });
}

function selectorOf(d: V1Deployment): string {
  return Object.entries(d.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}
