import type { CheckResult } from '../core/types.js';
import { recordAttempt } from './attempts.js';
import { fillCommand, runCommand } from './command.js';
import { apiStatus, describeApiError, type KubeClients } from './kube.js';
import { writeLocalLedger } from './local-state.js';
import { ledgerPatch, patchDeployment, previousImagePatch, readPlan, rolloutUndoPatch, type PlanState } from './plan.js';
import type { OutcomeRecorder } from './recorder.js';
import { followRollout, RolloutError } from './rollout.js';
import { SIGNAL_ROLLOUT_GRACE_MS } from './defaults.js';
import type { RollbackStrategyConfig } from './schema.js';
import type { RollbackInput, RollbackOutcome, RollbackTarget, RollbackVerification } from './types.js';

/** One rollback in progress: its inputs and the clients it may use. */
export interface RollbackRun {
  input: RollbackInput;
  rec: OutcomeRecorder;
  strategy: RollbackStrategyConfig;
  target: RollbackTarget;
  runId: string;
  stateDir: string;
  rollbackMs: number;
  pollMs: number;
  /** Absent for a command strategy that needs nothing from the cluster. */
  cluster?: KubeClients;
  /** Set once the patch (or command) is on its way: from then on a stop signal only shortens the watch. */
  patched?: boolean;
}

type Fail = (message: string, extra?: Partial<RollbackOutcome>) => RollbackOutcome;

/** Patch (or run the command), follow the rollout, verify. `rollback_timeout_seconds` bounds the first two. */
export async function applyRollback(run: RollbackRun, state: PlanState, failed: Fail): Promise<RollbackOutcome> {
  const { rec, target } = run;
  const watch = watchSignal(run);
  try {
    return await apply(run, state, failed, watch);
  } finally {
    watch.dispose();
  }
}

/**
 * The rollback's own deadline (rollback_timeout_seconds), shortened by a stop signal: a patch
 * already sent is still watched for SIGNAL_ROLLOUT_GRACE_MS, never longer, so the run can report it.
 */
function watchSignal(run: RollbackRun) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), run.rollbackMs);
  let grace: NodeJS.Timeout | undefined;
  const state = { signal: controller.signal, stoppedAt: undefined as string | undefined, cutByStop: false, dispose };
  const onStop = () => {
    state.stoppedAt = new Date().toISOString();
    const ms = run.input.signalGraceMs ?? SIGNAL_ROLLOUT_GRACE_MS;
    run.rec.emit(`Stop requested: the rollback patch is already sent; watching the rollout for at most ${Math.round(ms / 1000)}s more`);
    grace = setTimeout(() => {
      state.cutByStop = true;
      controller.abort();
    }, ms);
  };
  const stop = run.input.signal;
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  function dispose() {
    clearTimeout(timer);
    clearTimeout(grace);
    stop?.removeEventListener('abort', onStop);
  }
  return state;
}

async function apply(run: RollbackRun, state: PlanState, failed: Fail, watch: ReturnType<typeof watchSignal>): Promise<RollbackOutcome> {
  const { rec, target } = run;
  const signal = watch.signal;
  const at = new Date().toISOString();
  const ledger = recordAttempt(state.ledger, state.fromId, state.toId, {
    runId: run.runId, at, revision: state.cluster && String(state.cluster.from.revision), toRevision: state.cluster && String(state.cluster.to.revision), images: state.cluster?.from.images,
  });
  rec.set({ attempts: ledger.failed[state.fromId].attempts });
  rec.emit(`Rollback started: deployment/${target.deployment} in ${target.namespace}${rec.fields.toRevision ? ` to revision ${rec.fields.toRevision}` : ''} (${run.strategy.type}, attempt ${rec.fields.attempts}/${run.strategy.max_rollback_attempts})`);
  run.patched = true;
  try {
    if (run.strategy.type === 'command') await applyCommand(run, state, ledger, signal);
    else await applyPatch(run, state, ledger, signal);
    if (run.cluster) {
      const pods = await followRollout(run.cluster.apps, target.namespace, target.deployment, signal, run.pollMs, (p) => {
        rec.set({ pods: p });
        rec.emit(`Rolling back ${p.ready}/${p.desired} pods...`);
      });
      rec.set({ pods });
    }
  } catch (err) {
    if (watch.cutByStop) {
      const message = `interrupted: the run was stopped while the rollback rolled out${rec.fields.pods ? ` (${rec.fields.pods.ready}/${rec.fields.pods.desired} pods ready)` : ''}; the patch stays applied and the rollout goes on without us — watch it by hand`;
      return failed(message, { error: { message, kind: 'interrupted' }, interrupted: { at: watch.stoppedAt ?? new Date().toISOString(), during: 'rollout' }, ...(err instanceof RolloutError ? { pods: err.progress } : {}) });
    }
    if (err instanceof RolloutError) return failed(err.message, { pods: err.progress, error: { message: err.message } });
    if (err instanceof CommandFailure) return failed(err.message, { error: { message: err.message } });
    const error = signal.aborted ? { message: `cut at the rollback timeout (${run.rollbackMs / 1000}s)` } : describeApiError(err, 'patching the deployment');
    return failed(error.message, { error });
  }
  rec.emit(`Rollback complete: deployment/${target.deployment}${rec.fields.pods ? ` ${rec.fields.pods.ready}/${rec.fields.pods.desired} pods ready` : ''}`);
  // After a stop signal the rollback is reported as it stands: no verification is started.
  const stopped = run.input.signal?.aborted;
  if (stopped) rec.emit('Verification skipped: the run was stopped');
  const verification = run.strategy.verify && run.input.verify && !stopped ? await verify(run.input.verify) : undefined;
  if (verification) rec.emit(verification.healthy ? 'Verification: required health checks pass again' : `Verification: still unhealthy after the rollback — ${verification.error ?? verification.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason ?? c.status}`).join('; ')}`);
  const healthy = verification?.healthy ?? true;
  return rec.finish('succeeded', `rolled back deployment/${target.deployment}${rec.fields.targetImage ? ` to ${rec.fields.targetImage}` : ''}${verification ? (healthy ? '; healthy again' : '; still unhealthy — alert ops') : ''}`, {
    ...(verification ? { verification } : {}),
    ...(stopped ? { interrupted: { at: watch.stoppedAt ?? new Date().toISOString(), during: 'verification' as const } } : {}),
    alertOps: !healthy,
  });
}

class CommandFailure extends Error {}

/** At most three tries: a 409 means the Deployment moved (its controller writes status); re-read and re-check. */
async function applyPatch(run: RollbackRun, state: PlanState, ledger: ReturnType<typeof recordAttempt>, signal: AbortSignal): Promise<void> {
  let plan = state.cluster;
  for (let attempt = 1; ; attempt++) {
    if (!plan || !run.cluster) throw new Error('no cluster plan');
    const patch = run.strategy.type === 'rollout-undo' ? rolloutUndoPatch(plan, ledger) : previousImagePatch(plan, ledger);
    try {
      await patchDeployment(run.cluster.apps, run.target, patch, signal);
      return;
    } catch (err) {
      const code = apiStatus(err);
      if ((code !== 409 && code !== 422) || attempt >= 3) throw err;
      const fresh = await readPlan(run.cluster.apps, run.target, run.strategy.type === 'rollout-undo' ? run.strategy.to_revision : undefined, signal);
      if (fresh.from.hash !== plan.from.hash || fresh.to.hash !== plan.to.hash) throw new CommandFailure(`deployment/${run.target.deployment} changed during the rollback; not patching blind`);
      plan = fresh;
    }
  }
}

async function applyCommand(run: RollbackRun, state: PlanState, ledger: ReturnType<typeof recordAttempt>, signal: AbortSignal): Promise<void> {
  const { target, rec } = run;
  const saveLedger = async () => {
    if (run.cluster) await patchDeployment(run.cluster.apps, target, ledgerPatch(ledger), signal);
    else await writeLocalLedger(run.stateDir, target.namespace, target.deployment, ledger);
  };
  // Counted before the command runs, so a crash mid-way still counts as an attempt.
  await saveLedger();
  const first = state.cluster?.containers[0];
  const container = target.containers[0] ?? first?.name;
  const argv = fillCommand(run.strategy.command ?? [], {
    deployment: target.deployment, namespace: target.namespace, run_id: run.runId,
    ...(container ? { container } : {}),
    ...(first?.currentImage ? { current_image: first.currentImage } : {}),
    ...(first?.targetImage ? { previous_image: first.targetImage } : {}),
  });
  const result = await runCommand(argv, { signal, env: run.input.env, redactor: run.input.redactor });
  if (result.output) rec.emit(`${argv[0]}: ${result.output.split('\n').slice(-5).join(' | ')}`);
  if (result.error) throw new CommandFailure(result.error);
  // `kubectl rollout undo` replaces the Deployment's annotations: write the ledger again.
  if (run.cluster) await saveLedger();
}

async function verify(fn: () => Promise<CheckResult[]>): Promise<RollbackVerification> {
  try {
    const results = await fn();
    const checks = results.map((r) => ({ name: r.name, status: r.status, ...(r.reason ? { reason: r.reason } : {}) }));
    return { healthy: results.every((r) => r.status === 'passed' || r.status === 'skipped' || r.severity !== 'critical'), checks };
  } catch (err) {
    return { healthy: false, checks: [], error: `verification could not run: ${err instanceof Error ? err.message : String(err)}` };
  }
}
