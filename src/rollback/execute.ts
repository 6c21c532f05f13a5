import { readApproval, stateDirFrom } from './approval-store.js';
import { readClusterApproval } from './cluster-approval.js';
import { checkLimit, type AttemptLedger } from './attempts.js';
import { fillCommand, usedVariables } from './command.js';
import { confirm, type ApprovalSource } from './confirm.js';
import { DEFAULT_POLL_MS, LEASE_MARGIN_SECONDS, UNVERSIONED_WINDOW_MS } from './defaults.js';
import { connect, describeApiError } from './kube.js';
import { acquireLease, leaseName } from './lease.js';
import { acquireLocalLock, readLocalLedger } from './local-state.js';
import { manualCommand } from './manual.js';
import { PlanError, readPlan, type ClusterPlan } from './plan.js';
import { OutcomeRecorder } from './recorder.js';
import { applyRollback, type RollbackRun } from './apply.js';
import { rollbackStrategySchema } from './schema.js';
import { resolveTarget } from './target.js';
import type { RollbackStrategyConfig } from './schema.js';
import type { RollbackInput, RollbackOutcome, RollbackTarget } from './types.js';

/**
 * Executes the run's rollback decision: resolve the target, read the plan, check the attempt
 * ledger, (dry run stops here), take the lock, ask for confirmation, patch, follow the rollout,
 * verify. Never throws: every failure becomes an outcome with a reason and the manual command.
 */
export async function executeRollback(input: RollbackInput): Promise<RollbackOutcome> {
  const rec = new OutcomeRecorder(input.onEvent, input.redactor);
  try {
    return await execute(input, rec);
  } catch (err) {
    const error = describeApiError(err, 'rollback');
    return rec.finish('failed', `✗ ROLLBACK FAILED — ${error.message}`, { error });
  }
}

async function execute(input: RollbackInput, rec: OutcomeRecorder): Promise<RollbackOutcome> {
  const { decision } = input.result;
  if (decision.action !== 'rollback') return rec.finish('not_needed', `no rollback: ${decision.reason}`);
  const strategy = input.config.rollback_strategy ?? rollbackStrategySchema.parse({});
  rec.set({ strategy: strategy.type, maxAttempts: strategy.max_rollback_attempts });
  const resolved = resolveTarget(input.config, input.overrides, input.env);
  if (resolved.kind === 'missing') {
    return rec.finish('not_configured', `rollback needed (${decision.reason}) but no deployment is configured: ${resolved.hint}`, { hint: resolved.hint });
  }
  if (resolved.kind === 'invalid') {
    return rec.finish('failed', `✗ ROLLBACK FAILED — invalid target: ${resolved.problems.join('; ')}`, { error: { message: resolved.problems.join('; ') } });
  }
  const target = resolved.target;
  rec.set({ deployment: target.deployment, namespace: target.namespace });
  const run = buildRun(input, rec, strategy, target);
  const manual = () => manualFor(run);
  const failed = (message: string, extra: Partial<RollbackOutcome> = {}) => rec.finish('failed', `✗ ROLLBACK FAILED — ${message}`, { manualCommand: manual(), ...extra });
  if (needsCluster(strategy)) {
    try {
      run.cluster = connect(target, input.env);
    } catch (err) {
      return failed(`no Kubernetes credentials: ${err instanceof Error ? err.message : String(err)}`, { error: { message: String(err) } });
    }
  }

  let state: PlanState;
  try {
    state = await plan(run);
  } catch (err) {
    const error = planError(err);
    return failed(error.message, { error });
  }
  const limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, (id) => describeVersion(state, id), state.countSince);
  rec.set({ attempts: limit.attempts });
  if (!limit.allowed) return rec.finish('skipped_limit', `rollback skipped: ${limit.reason}`, { manualCommand: manual() });

  if (input.dryRun) {
    return rec.finish('dry_run', `dry run: would roll back deployment/${target.deployment} in ${target.namespace}${describeImages(rec)} (nothing patched)`, {
      manualCommand: manual(),
      confirmation: { required: decision.mode === 'awaiting_confirmation' },
    });
  }

  const drift = versionDrift(state, input.result.target.version);
  if (drift) return failed(drift, { error: { message: drift } });

  const waitMs = decision.mode === 'awaiting_confirmation' ? confirmationWindowMs(input) : 0;
  const lock = strategy.lock ? await takeLock(run, waitMs) : { acquired: true as const, release: async () => {} };
  if (!lock.acquired) {
    return rec.finish('locked_by_other_run', `another smokeguard run (${lock.holder}${lock.since ? `, since ${lock.since}` : ''}) holds the rollback lock for deployment/${target.deployment}: not rolling back twice`);
  }
  try {
    return await underLock(run, decision.mode, waitMs, manual, failed).catch((err: unknown) => {
      const error = planError(err);
      return failed(error.message, { error });
    });
  } finally {
    await lock.release().catch((err: unknown) => rec.emit(`warning: could not release the rollback lock: ${describeApiError(err, 'release').message}`));
  }
}

/**
 * How long to wait for ops: the configured window, shortened so that the wait and the rollback
 * after it still end inside the run's budget (`budgetEnd`, the end of timeout_seconds). A
 * rollback is never cut for the budget's sake; only the waiting is.
 */
export function confirmationWindowMs(input: Pick<RollbackInput, 'config' | 'budgetEnd'>, now = Date.now()): number {
  const configured = input.config.auto_rollback.confirmation_timeout_seconds * 1000;
  if (input.budgetEnd === undefined) return configured;
  const left = input.budgetEnd - now - input.config.auto_rollback.rollback_timeout_seconds * 1000;
  return Math.max(0, Math.min(configured, left));
}

async function underLock(
  run: RollbackRun,
  mode: RollbackInput['result']['decision']['mode'],
  waitMs: number,
  manual: () => string,
  failed: (message: string, extra?: Partial<RollbackOutcome>) => RollbackOutcome,
): Promise<RollbackOutcome> {
  const { rec, strategy, input } = run;
  // Re-read inside the lock: a run that held it before us may have rolled back already.
  let state = await plan(run);
  let limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, (id) => describeVersion(state, id), state.countSince);
  if (!limit.allowed) return rec.finish('skipped_limit', `rollback skipped: ${limit.reason}`, { attempts: limit.attempts, manualCommand: manual() });

  const confirmation = await confirm({
    mode, assumeYes: input.assumeYes, env: input.env, interactive: input.interactive, input: input.input, output: input.output,
    runId: run.runId, approvals: approvalSources(run), approveHint: approveHint(run), timeoutMs: waitMs, pollMs: run.pollMs,
    question: `Roll back deployment/${run.target.deployment} in ${run.target.namespace}${describeImages(rec)}?`,
    notify: (m) => rec.emit(m),
  });
  rec.set({ confirmation });
  if (confirmation.approved === false) return rec.finish('denied', `rollback denied by ${confirmation.by} (${confirmation.method}); the deployment is left as it is`, { manualCommand: manual() });
  if (confirmation.approved === undefined) {
    if (input.config.auto_rollback.on_confirmation_timeout !== 'rollback') {
      return rec.finish('confirmation_timeout', `no ops confirmation within ${Math.round(waitMs / 1000)}s: no rollback — alert ops`, { manualCommand: manual() });
    }
    rec.set({ confirmation: { ...confirmation, method: 'timeout_default', approved: true, by: 'on_confirmation_timeout: rollback' } });
  } else rec.emit(`Rollback confirmed by ${confirmation.by} (${confirmation.method})`);

  if (confirmation.waitedMs) {
    const again = await plan(run);
    if (again.fromId !== state.fromId || again.toId !== state.toId) return failed(`deployment/${run.target.deployment} changed while waiting for confirmation; not rolling back blind`);
    state = again;
    limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, undefined, state.countSince);
    if (!limit.allowed) return rec.finish('skipped_limit', `rollback skipped: ${limit.reason}`, { manualCommand: manual() });
  }
  return applyRollback(run, state, failed);
}

function buildRun(input: RollbackInput, rec: OutcomeRecorder, strategy: RollbackStrategyConfig, target: RollbackTarget): RollbackRun {
  return {
    input,
    rec,
    strategy,
    target,
    runId: input.result.runId,
    stateDir: stateDirFrom(input.stateDir, input.env),
    rollbackMs: input.config.auto_rollback.rollback_timeout_seconds * 1000,
    pollMs: input.pollMs ?? DEFAULT_POLL_MS,
  };
}

function approvalSources(run: RollbackRun): ApprovalSource[] {
  const sources: ApprovalSource[] = [{ name: `${run.stateDir}/approvals`, read: () => readApproval(run.stateDir, run.runId) }];
  const cluster = run.cluster;
  if (cluster && run.strategy.lock) {
    const { namespace, deployment } = run.target;
    sources.push({ name: `lease ${namespace}/${leaseName(deployment)}`, read: (signal) => readClusterApproval(cluster.coordination, namespace, deployment, run.runId, signal) });
  }
  return sources;
}

/** The flags `smokeguard approve` needs to reach this run through the cluster. */
function approveHint(run: RollbackRun): string {
  return run.cluster && run.strategy.lock ? ` --deployment ${run.target.deployment} --namespace ${run.target.namespace}` : '';
}

/** A command that uses neither image variable needs nothing from the cluster. */
function needsCluster(strategy: RollbackStrategyConfig): boolean {
  if (strategy.type !== 'command') return true;
  const used = usedVariables(strategy.command ?? []);
  return used.has('current_image') || used.has('previous_image');
}

/** The command to run by hand, with everything known so far filled in. */
function manualFor(run: RollbackRun): string {
  const { strategy, target, rec } = run;
  const c = rec.fields.containers?.[0];
  const argv = strategy.command && fillCommand(strategy.command, {
    deployment: target.deployment, namespace: target.namespace, run_id: run.runId,
    ...(c ? { container: c.name } : {}), ...(c?.currentImage ? { current_image: c.currentImage } : {}), ...(c?.targetImage ? { previous_image: c.targetImage } : {}),
  });
  return manualCommand(strategy, target, rec.fields.containers, argv);
}

/**
 * When the run knows the version it tested, the Deployment must still run it: if someone rolled
 * back or redeployed meanwhile, "the previous revision" may be the failed one.
 */
function versionDrift(state: PlanState, version: string | undefined): string | undefined {
  const images = state.cluster?.containers.map((c) => c.currentImage ?? '') ?? [];
  if (!version || !images.length) return undefined;
  const runs = images.some((image) => image === version || image.endsWith(`:${version}`) || image.endsWith(`@${version}`));
  return runs ? undefined : `deployment/${state.cluster?.deploy.metadata?.name} no longer runs the version under test (${version}; now ${images.join(', ')}): it changed since the smoke run, not rolling back blind`;
}

/** The plan plus the ledger and version identities; without cluster access, from the state dir. */
export interface PlanState {
  cluster?: ClusterPlan;
  ledger: AttemptLedger;
  fromId: string;
  toId?: string;
  /** Without a known version, only recent attempts count (see UNVERSIONED_WINDOW_MS). */
  countSince?: string;
}

async function plan(run: RollbackRun): Promise<PlanState> {
  const { rec, target } = run;
  if (!run.cluster) {
    const ledger = await readLocalLedger(run.stateDir, target.namespace, target.deployment);
    const version = run.input.result.target.version;
    if (version) return { ledger, fromId: `version:${version}` };
    // No version to key on: a re-run soon after counts, a new deploy hours later does not stay blocked.
    return { ledger, fromId: 'unversioned', countSince: new Date(Date.now() - UNVERSIONED_WINDOW_MS).toISOString() };
  }
  const p = await readPlan(run.cluster.apps, target, run.strategy.type === 'rollout-undo' ? run.strategy.to_revision : undefined, AbortSignal.timeout(run.rollbackMs));
  rec.set({
    containers: p.containers,
    currentImage: p.containers[0]?.currentImage,
    targetImage: p.containers[0]?.targetImage,
    fromRevision: String(p.from.revision),
    toRevision: String(p.to.revision),
  });
  return { cluster: p, ledger: p.ledger, fromId: p.from.hash, toId: p.to.hash };
}

async function takeLock(run: RollbackRun, waitMs: number) {
  const seconds = (waitMs + run.rollbackMs) / 1000 + LEASE_MARGIN_SECONDS;
  if (run.cluster) return acquireLease(run.cluster.coordination, run.target.namespace, run.target.deployment, run.runId, seconds, AbortSignal.timeout(run.rollbackMs));
  return acquireLocalLock(run.stateDir, run.target.namespace, run.target.deployment, run.runId, seconds);
}

function planError(err: unknown) {
  return err instanceof PlanError ? { message: err.message } : describeApiError(err, 'reading the deployment');
}

function describeVersion(state: PlanState, id: string): string {
  const p = state.cluster;
  if (p && id === p.from.hash) return `revision ${p.from.revision} (${Object.values(p.from.images).join(', ')})`;
  if (p && id === p.to.hash) return `revision ${p.to.revision} (${Object.values(p.to.images).join(', ')})`;
  return `version ${id}`;
}

function describeImages(rec: OutcomeRecorder): string {
  const f = rec.fields;
  return f.currentImage && f.targetImage ? ` from ${f.currentImage} to ${f.targetImage}` : '';
}
