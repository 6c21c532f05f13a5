import { resolve } from 'node:path';
import type { RollbackRun } from './apply.js';
import { shellQuote } from './manual.js';
import type { AwaitingConfirmation, PendingRollback } from './types.js';

/**
 * What ops are told before anything happens: the approve/deny commands of a waiting run, and the
 * PendingRollback handed to `onAwaitingConfirmation` / `onRollbackStarting`. Pure.
 */

/**
 * `smokeguard approve RUN_ID …` exactly as the approver types it. Through the cluster (the Lease
 * the run holds) when it has one — the approver's own kubeconfig is used, so none is named —
 * else through the run's state dir, named absolutely so it works from any directory.
 */
export function answerCommands(run: Pick<RollbackRun, 'runId' | 'target' | 'stateDir' | 'cluster' | 'strategy'>): { approve: string; deny: string } {
  const { target } = run;
  const where = run.cluster && run.strategy.lock
    ? ['--deployment', target.deployment, '--namespace', target.namespace, ...(target.context ? ['--context', target.context] : [])]
    : ['--state-dir', resolve(run.stateDir)];
  const line = (verb: string) => ['smokeguard', verb, run.runId, ...where].map(shellQuote).join(' ');
  return { approve: line('approve'), deny: line('deny') };
}

export function awaitingConfirmation(run: RollbackRun, deadline: number, waitMs: number): AwaitingConfirmation {
  const { approve, deny } = answerCommands(run);
  return {
    deadline: new Date(deadline).toISOString(),
    waitMs,
    onTimeout: run.input.config.auto_rollback.on_confirmation_timeout,
    approveCommand: approve,
    denyCommand: deny,
  };
}

export function pendingRollback(run: RollbackRun, kind: PendingRollback['kind'], confirmation?: AwaitingConfirmation): PendingRollback {
  const f = run.rec.fields;
  return {
    kind,
    runId: run.runId,
    deployment: run.target.deployment,
    namespace: run.target.namespace,
    strategy: run.strategy.type,
    ...(f.containers ? { containers: f.containers } : {}),
    ...(f.currentImage ? { currentImage: f.currentImage } : {}),
    ...(f.targetImage ? { targetImage: f.targetImage } : {}),
    at: new Date().toISOString(),
    ...(confirmation ? { confirmation } : {}),
  };
}
