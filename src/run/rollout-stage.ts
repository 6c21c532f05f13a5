import type { SmokeConfig } from '../config/schema.js';
import type { RolloutOutcome, TimelineEvent } from '../core/types.js';
import { DEFAULT_ROLLOUT_WAIT_SECONDS, MIN_CHECK_WINDOW_MS } from '../deployment/defaults.js';
import { imageUnderTest } from '../deployment/live-version.js';
import { resolveTarget } from '../rollback/target.js';
import type { RollbackTargetOverrides } from '../rollback/types.js';

/**
 * The stage before the checks when a run waits for the rollout (`--wait-for-rollout`,
 * deployment.wait): it ends inside the run's budget, leaving the checks at least
 * MIN_CHECK_WINDOW_MS, and loads the Kubernetes client only when it runs.
 */

export interface RolloutStageInput {
  config: SmokeConfig;
  env: Readonly<Record<string, string | undefined>>;
  overrides?: RollbackTargetOverrides;
  /** The run's hard deadline (epoch ms). */
  runDeadline: number;
  note(kind: TimelineEvent['kind'], message: string, at?: number): void;
}

export function rolloutWaitDeadline(config: SmokeConfig, runDeadline: number, now = Date.now()): number {
  const own = now + (config.deployment?.wait_timeout_seconds ?? DEFAULT_ROLLOUT_WAIT_SECONDS) * 1000;
  // Never eat the checks' time: the wait ends MIN_CHECK_WINDOW_MS before the run's deadline (but gets 1 s at least).
  return Math.max(now + 1_000, Math.min(own, runDeadline - MIN_CHECK_WINDOW_MS));
}

export async function rolloutStage(input: RolloutStageInput): Promise<RolloutOutcome> {
  const resolution = resolveTarget(input.config, input.overrides, input.env);
  const now = Date.now();
  if (resolution.kind !== 'target') {
    const message = resolution.kind === 'missing' ? `cannot wait for the rollout: no deployment named (${resolution.hint})` : `cannot wait for the rollout: ${resolution.problems.join('; ')}`;
    input.note('rollout', message);
    return { status: 'error', message, deployment: '', namespace: '', waitedMs: 0 };
  }
  const { target } = resolution;
  const deadline = rolloutWaitDeadline(input.config, input.runDeadline, now);
  input.note('rollout', `Waiting for deployment/${target.deployment} in ${target.namespace} to complete its rollout (up to ${Math.round((deadline - now) / 1000)} s)`);
  const { waitForRollout } = await import('../deployment/wait.js');
  const outcome = await waitForRollout({ target, env: input.env, deadline, startedAt: now, onProgress: (message) => input.note('rollout', message) });
  if (outcome.status === 'complete') {
    // The app's image when it is known (a named container, the pod's default container), else every container's.
    const known = target.containers.length > 0 || outcome.defaultContainer ? imageUnderTest(outcome.images, target.containers, outcome.defaultContainer) : undefined;
    const images = known ?? Object.values(outcome.images ?? {}).join(', ');
    const what = [outcome.revision && `revision ${outcome.revision}`, images].filter(Boolean).join(', ');
    const at = outcome.completedAt ? Date.parse(outcome.completedAt) : Date.now();
    input.note('deployment_completed', `Deployment completed: deployment/${target.deployment}${what ? ` (${what})` : ''}`, at);
  } else {
    input.note('rollout', `✗ Deployment did not complete (${outcome.status.replace('_', ' ')}): ${outcome.message} — smoke tests not run`);
  }
  return outcome;
}
