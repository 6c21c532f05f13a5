import { clearWaiting, markWaiting, readApproval, stateDirFrom } from './approval-store.js';
import { readClusterApproval } from './cluster-approval.js';
import { checkLimit, type AttemptLedger } from './attempts.js';
import { fillCommand, needsCluster } from './command.js';
import { awaitingConfirmation, pendingRollback } from './announce.js';
import { confirm, withGrace, type ApprovalSource } from './confirm.js';
import { ALERT_GRACE_MS, DEFAULT_POLL_MS, LEASE_MARGIN_SECONDS, UNVERSIONED_WINDOW_MS } from './defaults.js';
import { connect, describeApiError } from './kube.js';
import { acquireLease, leaseName } from './lease.js';
import { acquireLocalLock, readLocalLedger } from './local-state.js';
import { manualCommand } from './manual.js';
import { PlanError, readPlan, type ClusterPlan, type PlanState } from './plan.js';
import { OutcomeRecorder } from './recorder.js';
import { applyRollback, type RollbackRun } from './apply.js';
import { rollbackStrategySchema } from './schema.js';
import { resolveTarget } from './target.js';
import type { RollbackStrategyConfig } from './schema.js';
import type { ContainerRollback, RollbackInput, RollbackOutcome, RollbackTarget } from './types.js';

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
  if (resolved.kind === 'missing') return rec.finish('not_configured', `rollback needed — not configured: ${resolved.hint}`, { hint: resolved.hint });
  if (resolved.kind === 'invalid') {
    return rec.finish('failed', `✗ ROLLBACK FAILED — invalid target: ${resolved.problems.join('; ')}`, { error: { message: resolved.problems.join('; ') } });
  }
  const target = resolved.target;
  rec.set({ deployment: target.deployment, namespace: target.namespace });
  const run = buildRun(input, rec, strategy, target);
  const failed = (message: string, extra: Partial<RollbackOutcome> = {}) => rec.finish('failed', `✗ ROLLBACK FAILED — ${message}`, { ...manualFields(run), ...extra });
  if (input.signal?.aborted) return aborted(run, 'before_start');
  if (needsCluster(strategy)) {
    try {
      run.cluster = await connect(target, input.env);
    } catch (err) {
      return failed(`no Kubernetes credentials: ${err instanceof Error ? err.message : String(err)}`, { error: { message: String(err) } });
    }
  }

  let state: PlanState;
  try {
    state = await plan(run);
  } catch (err) {
    return planFailed(run, err, failed);
  }
  const limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, (id) => describeVersion(state, id), state.countSince);
  rec.set({ attempts: limit.attempts });
  if (!limit.allowed) return skipped(run, limit.reason);

  if (input.dryRun) {
    return rec.finish('dry_run', `dry run: would roll back deployment/${target.deployment} in ${target.namespace}${describeImages(rec)} (nothing patched)`, {
      ...manualFields(run),
      confirmation: { required: decision.mode === 'awaiting_confirmation' },
    });
  }

  const drift = versionDrift(state, input.result.target.version);
  if (drift) return failed(drift, { error: { message: drift } });
  if (input.signal?.aborted) return aborted(run, 'before_start');

  // The confirmation window is fixed now, at the decision: taking the lock and alerting ops come out of it.
  const waitMs = decision.mode === 'awaiting_confirmation' ? confirmationWindowMs(input) : 0;
  const windowEnd = Date.now() + waitMs;
  const lock = strategy.lock ? await takeLock(run, waitMs) : { acquired: true as const, release: async () => {} };
  if (!lock.acquired) {
    return rec.finish('locked_by_other_run', `another smokeguard run (${lock.holder}${lock.since ? `, since ${lock.since}` : ''}) holds the rollback lock for deployment/${target.deployment}: not rolling back twice`);
  }
  try {
    return await underLock(run, windowEnd, waitMs, failed).catch((err: unknown) => {
      if (input.signal?.aborted && !run.patched) return aborted(run, 'confirmation');
      return planFailed(run, err, failed);
    });
  } finally {
    // Released even after a stop signal: the next run must not wait out the Lease.
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
  windowEnd: number,
  waitMs: number,
  failed: (message: string, extra?: Partial<RollbackOutcome>) => RollbackOutcome,
): Promise<RollbackOutcome> {
  const { rec, strategy, input } = run;
  const mode = input.result.decision.mode;
  // Re-read inside the lock: a run that held it before us may have rolled back already.
  let state = await plan(run);
  let limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, (id) => describeVersion(state, id), state.countSince);
  if (!limit.allowed) return skipped(run, limit.reason, { attempts: limit.attempts });

  let announced = false;
  const awaiting = awaitingConfirmation(run, windowEnd, waitMs);
  let markedWaiting = false;
  const confirmation = await confirm({
    mode, assumeYes: input.assumeYes, env: input.env, interactive: input.interactive, input: input.input, output: input.output,
    runId: run.runId, approvals: approvalSources(run), commands: { approve: awaiting.approveCommand, deny: awaiting.denyCommand }, deadline: windowEnd, pollMs: run.pollMs,
    criticalFailures: input.result.decision.criticalFailures,
    question: `Roll back deployment/${run.target.deployment} in ${run.target.namespace}${describeImages(rec)}?`,
    notify: (m) => rec.emit(m),
    signal: input.signal,
    graceMs: ALERT_GRACE_MS,
    // The single place where a run starts waiting for ops: notifications and dashboards hook in here.
    beforeWait: async () => {
      announced = true;
      rec.set({ confirmation: { required: true, awaiting: { ...awaiting, since: new Date().toISOString() } } });
      // Before ops are told: the approve command in the alert must find this run waiting. A run
      // that holds the Lease (answered there: its alert says --deployment) records it only in a
      // state dir it was given — never in ./.smokeguard, which in a Job is a read-only root.
      const stateDirGiven = input.stateDir !== undefined || input.env.SMOKEGUARD_STATE_DIR !== undefined;
      if (approvalSources(run).length === 1 || stateDirGiven) markedWaiting = await markWaiting(run.stateDir, { runId: run.runId, until: new Date(windowEnd).toISOString(), target: `deployment/${run.target.deployment} in ${run.target.namespace}` }).then(
        () => true,
        (err: unknown) => {
          rec.emit(`warning: cannot record the wait in ${run.stateDir}: ${err instanceof Error ? err.message : String(err)} (smokeguard approve without --deployment will not find this run)`);
          return false;
        },
      );
      await input.onAwaitingConfirmation?.(pendingRollback(run, 'awaiting_confirmation', awaiting));
    },
  }).finally(() => (markedWaiting ? clearWaiting(run.stateDir, run.runId).catch(() => undefined) : undefined));
  const asked = rec.fields.confirmation?.awaiting;
  rec.set({ confirmation: { ...confirmation, ...(asked ? { awaiting: asked } : {}) } });
  if (confirmation.approved === false) return rec.finish('denied', `rollback denied by ${confirmation.by} (${confirmation.method}); the deployment is left as it is`, manualFields(run));
  if (confirmation.approved === undefined) {
    if (input.config.auto_rollback.on_confirmation_timeout !== 'rollback') {
      return rec.finish('confirmation_timeout', `no ops confirmation within ${Math.round(waitMs / 1000)}s: no rollback — alert ops`, manualFields(run));
    }
    rec.set({ confirmation: { ...rec.fields.confirmation, required: true, method: 'timeout_default', approved: true, by: 'on_confirmation_timeout: rollback', at: new Date().toISOString() } });
  }
  rec.emit(`Rollback confirmed by ${rec.fields.confirmation?.by} (${rec.fields.confirmation?.method})`);

  if (confirmation.waitedMs) {
    const again = await plan(run);
    if (again.fromId !== state.fromId || again.toId !== state.toId) return failed(`deployment/${run.target.deployment} changed while waiting for confirmation; not rolling back blind`);
    state = again;
    limit = checkLimit(state.ledger, state.fromId, state.toId, strategy.max_rollback_attempts, undefined, state.countSince);
    if (!limit.allowed) return skipped(run, limit.reason);
  }
  // Nobody was asked: ops hear "critical, rollback started" now, before the rollback begins.
  if (!announced && input.onRollbackStarting) await withGrace(() => input.onRollbackStarting?.(pendingRollback(run, 'starting')), ALERT_GRACE_MS, input.signal);
  // Never start a rollback after a stop signal.
  if (input.signal?.aborted) return aborted(run, announced ? 'confirmation' : 'before_start');
  return applyRollback(run, state, failed);
}

/** The run was stopped before anything was patched: nothing rolled back, ops told what to run. */
function aborted(run: RollbackRun, during: NonNullable<RollbackOutcome['interrupted']>['during']): RollbackOutcome {
  return run.rec.finish('aborted', `rollback not started: the run was stopped (${String(run.input.signal?.reason instanceof Error ? run.input.signal.reason.message : run.input.signal?.reason ?? 'signal')}) — alert ops`, {
    ...manualFields(run),
    interrupted: { at: new Date().toISOString(), during },
    alertOps: true,
  });
}

/** A plan that cannot be carried out: paused, no history, unknown container, or an API failure. */
function planFailed(run: RollbackRun, err: unknown, failed: (message: string, extra?: Partial<RollbackOutcome>) => RollbackOutcome): RollbackOutcome {
  if (!(err instanceof PlanError)) {
    const error = describeApiError(err, 'reading the deployment');
    return failed(error.message, { error });
  }
  if (err.knownGood) run.rec.set({ lastKnownGood: err.knownGood });
  const error = { message: err.message, ...(err.kind ? { kind: err.kind } : {}) };
  if (err.kind === 'no_previous_revision') {
    return failed(err.message, { error, manualCommand: undefined, nothingToRollBackTo: err.message });
  }
  if (err.kind === 'paused') {
    const fields = manualFields(run);
    const resume = manualCommand({ type: 'rollout-undo' }, run.target, undefined).replace(' rollout undo ', ' rollout resume ');
    return failed(err.message, { error, ...fields, ...(fields.manualCommand ? { manualCommand: `${fields.manualCommand} && ${resume}` } : {}) });
  }
  return failed(err.message, { error });
}

/** Refused by the attempt ledger: the images shown are the last known good, never the failed target. */
function skipped(run: RollbackRun, reason: string, extra: Partial<RollbackOutcome> = {}): RollbackOutcome {
  const good = run.rec.fields.lastKnownGood;
  const containers = run.rec.fields.containers?.map((c): ContainerRollback => ({ name: c.name, currentImage: c.currentImage, ...(good?.images[c.name] ? { targetImage: good.images[c.name] } : {}) }));
  run.rec.set({ ...(containers ? { containers } : {}), targetImage: containers?.[0]?.targetImage });
  return run.rec.finish('skipped_limit', `rollback skipped: ${reason}`, { ...manualFields(run), ...extra });
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

/**
 * The command to run by hand, with everything known so far filled in. It targets the last known
 * good version (never one recorded as failed); undefined when the cluster says there is none.
 */
function manualFor(run: RollbackRun): string | undefined {
  const { strategy, target, rec } = run;
  const good = rec.fields.lastKnownGood;
  if (rec.fields.nothingToRollBackTo) return undefined;
  const current = rec.fields.containers;
  const containers = good
    ? Object.entries(good.images)
      .filter(([name]) => (target.containers.length ? target.containers.includes(name) : !current || current.some((c) => c.name === name)))
      .map(([name, image]): ContainerRollback => ({ name, currentImage: current?.find((c) => c.name === name)?.currentImage, targetImage: image }))
    : current;
  const c = containers?.[0];
  const argv = strategy.command && fillCommand(strategy.command, {
    deployment: target.deployment, namespace: target.namespace, run_id: run.runId,
    ...(c ? { container: c.name } : {}), ...(c?.currentImage ? { current_image: c.currentImage } : {}), ...(c?.targetImage ? { previous_image: c.targetImage } : {}),
  });
  const toRevision = good?.revision ? Number(good.revision) : strategy.to_revision;
  return manualCommand({ type: strategy.type, ...(toRevision ? { to_revision: toRevision } : {}) }, target, containers, argv);
}

/** The manual command and why there is none, for an outcome. */
function manualFields(run: RollbackRun): Pick<RollbackOutcome, 'manualCommand' | 'nothingToRollBackTo'> {
  const command = manualFor(run);
  return { manualCommand: command, ...(run.rec.fields.nothingToRollBackTo ? { nothingToRollBackTo: run.rec.fields.nothingToRollBackTo } : {}) };
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
    lastKnownGood: p.knownGood,
    nothingToRollBackTo: p.knownGood ? undefined : `deployment/${target.deployment} already runs the last known good version (revision ${p.from.revision}), or every earlier revision failed smoke tests: nothing to roll back to`,
  });
  return { cluster: p, ledger: p.ledger, fromId: p.from.hash, toId: p.to.hash };
}

async function takeLock(run: RollbackRun, waitMs: number) {
  const seconds = (waitMs + run.rollbackMs) / 1000 + LEASE_MARGIN_SECONDS;
  if (run.cluster) return acquireLease(run.cluster.coordination, run.target.namespace, run.target.deployment, run.runId, seconds, AbortSignal.timeout(run.rollbackMs));
  return acquireLocalLock(run.stateDir, run.target.namespace, run.target.deployment, run.runId, seconds);
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
