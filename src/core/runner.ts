import type { CheckContext, StepProgress } from './check-context.js';
import { ABORT_GRACE_MS } from './defaults.js';
import type { RetryPolicy } from './retry.js';
import { onAbort } from '../util/abort.js';
import { errorMessage } from '../util/net-errors.js';
import { phaseOf, timeoutReason } from '../util/phase.js';
import { sleepOn, systemClock, type Clock } from './clock.js';
import { backoffOf } from './retry.js';
import type { CheckKind, CheckOutcome, CheckResult, CheckStatus } from './types.js';
import { severityOf } from './verdict.js';

/** One check ready to run: what the plan builder makes of a config entry. */
export interface PlannedCheck {
  name: string;
  kind: CheckKind;
  type: string;
  required: boolean;
  timeoutMs: number;
  dependsOn: string[];
  retries?: RetryPolicy;
  /** Shown before the result is known, e.g. `GET /health`. */
  target?: string;
  execute(ctx: CheckContext): Promise<CheckOutcome>;
}

export type RunnerEvent =
  | { kind: 'check_started'; check: PlannedCheck; at: number }
  | { kind: 'check_progress'; name: string; step: StepProgress; at: number }
  | { kind: 'check_finished'; result: CheckResult; at: number }
  | { kind: 'deadline_reached'; at: number };

export interface RunnerOptions {
  concurrency: number;
  /** Epoch ms: the run's hard deadline. */
  deadline: number;
  /** Names to run (`--only`); the rest are reported `skipped`. */
  only?: string[];
  /** Builds the context of one attempt around its signal and deadline. */
  context(signal: AbortSignal, deadline: number): CheckContext;
  onEvent?(event: RunnerEvent): void;
  random?: () => number;
  /** Aborted from outside (SIGTERM/SIGINT): running checks are cut and recorded `skipped`, none is started. */
  signal?: AbortSignal;
  /** Time and timers (default: the system's); tests pass a clock they advance themselves. */
  clock?: Clock;
}

/** Why an outside abort stopped the run, from the signal's reason. */
function abortedWords(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' ? reason : 'the run was aborted';
}

/** The reason of a check `only` left out. */
export const NOT_SELECTED = 'not selected (--only)';

const KIND_ORDER: Record<CheckKind, number> = { health: 0, dependency: 1, path: 2 };

/** Critical (required) checks first, then health before dependencies before paths, then config order. */
function byPriority(a: PlannedCheck, b: PlannedCheck): number {
  return Number(b.required) - Number(a.required) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/** The steps a cut critical path carries on its deadline error (see flows/run-flow.ts). */
function stepsOf(err: unknown): CheckResult['steps'] {
  const steps = (err as { steps?: unknown } | undefined)?.steps;
  return Array.isArray(steps) ? (steps as CheckResult['steps']) : undefined;
}

/**
 * Resolves `ABORT_GRACE_MS` after `signal` aborts: a driver ignoring its signal cannot hold us.
 * Call `cancel` when the attempt is over, so no subscription outlives it.
 */
function afterAbort(signal: AbortSignal, clock: Clock): { aborted: Promise<'aborted'>; cancel(): void } {
  let cancelTimer = () => {};
  let unsubscribe = () => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    unsubscribe = onAbort(signal, () => (cancelTimer = clock.setTimer(() => resolve('aborted'), ABORT_GRACE_MS)));
  });
  return { aborted, cancel: () => { unsubscribe(); cancelTimer(); } };
}

/**
 * Runs the planned checks within a concurrency limit and a hard deadline. Never throws: every
 * check ends as a CheckResult. When the deadline arrives, running checks are aborted and
 * recorded as timed out, and checks not yet started are recorded as timed out too.
 */
export async function runChecks(plan: PlannedCheck[], options: RunnerOptions): Promise<{ results: CheckResult[]; deadlineReached: boolean }> {
  const clock = options.clock ?? systemClock;
  const runController = new AbortController();
  const results = new Map<string, CheckResult>();
  const emit = options.onEvent ?? (() => {});
  let deadlineReached = false;
  // Once, whichever comes first: this timer, or a check cut at the run's deadline by its own
  // timer firing in the same instant.
  const reachDeadline = () => {
    if (deadlineReached) return;
    deadlineReached = true;
    emit({ kind: 'deadline_reached', at: clock.now() });
    runController.abort();
  };
  const cancelDeadline = clock.setTimer(reachDeadline, options.deadline - clock.now());
  const outside = options.signal;
  const stopOutside = outside ? onAbort(outside, () => runController.abort()) : () => {};

  const selected = options.only?.length ? new Set(options.only) : undefined;
  const pending = [...plan].sort(byPriority);
  const finish = (result: CheckResult) => {
    results.set(result.name, result);
    emit({ kind: 'check_finished', result, at: clock.now() });
  };
  for (const check of plan) {
    if (selected && !selected.has(check.name)) {
      finish(baseResult(check, 'skipped', NOT_SELECTED));
      pending.splice(pending.indexOf(check), 1);
    }
  }

  await new Promise<void>((resolveAll) => {
    let running = 0;
    const pump = () => {
      if (runController.signal.aborted) {
        for (const check of pending.splice(0)) {
          finish(outside?.aborted ? baseResult(check, 'skipped', `not started: ${abortedWords(outside)}`) : baseResult(check, 'timed_out', 'not started: the run deadline was reached'));
        }
      }
      for (let i = 0; i < pending.length && running < options.concurrency; ) {
        const check = pending[i]!;
        const deps = check.dependsOn.map((d) => results.get(d));
        const failedDeps = deps.filter((d): d is CheckResult => !!d && d.status !== 'passed' && d.status !== 'skipped');
        if (failedDeps.length) {
          pending.splice(i, 1);
          const blockedByCritical = failedDeps.some((d) => d.severity === 'critical' || (d.status === 'blocked' && d.severity === 'none'));
          const result = baseResult(check, 'blocked', `blocked: depends on ${failedDeps.map((d) => `${d.name} (${d.status.replace('_', ' ')})`).join(', ')}`);
          result.severity = severityOf('blocked', check.required, blockedByCritical);
          finish(result);
          i = 0; // a newly blocked check may block others
          continue;
        }
        if (deps.some((d) => !d)) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        running++;
        emit({ kind: 'check_started', check, at: clock.now() });
        void runOne(check, options, clock, runController.signal, reachDeadline).then((result) => {
          running--;
          finish(result);
          pump();
        });
      }
      if (running === 0 && pending.length === 0) resolveAll();
      else if (running === 0 && pending.length) {
        // Only checks waiting on dependencies that will never run: impossible after validation, but never hang.
        for (const check of pending.splice(0)) finish(baseResult(check, 'error', 'internal error: dependencies never finished'));
        resolveAll();
      }
    };
    onAbort(runController.signal, pump);
    pump();
  });
  cancelDeadline();
  stopOutside();
  return { results: plan.map((c) => results.get(c.name)!), deadlineReached };
}

/** A check recorded as not run, with why (e.g. the deployment never completed its rollout). */
export function skippedResult(check: PlannedCheck, reason: string): CheckResult {
  return baseResult(check, 'skipped', reason);
}

function baseResult(check: PlannedCheck, status: CheckStatus, reason?: string): CheckResult {
  return {
    name: check.name,
    kind: check.kind,
    type: check.type,
    required: check.required,
    status,
    severity: severityOf(status, check.required),
    reason,
    target: check.target,
    attempts: 0,
    durationMs: 0,
    timeoutMs: check.timeoutMs,
    dependsOn: check.dependsOn.length ? check.dependsOn : undefined,
  };
}

/**
 * What cut a check. The run's deadline wins whenever it was the check's limit (it came no later
 * than the check's own timeout) or it fired first: the check's timer and the run's may fire in
 * the same instant, and which callback runs first must not change what the report says.
 */
function cutBy(check: PlannedCheck, options: RunnerOptions, started: number, runAborted: boolean): 'run' | 'check' {
  return runAborted || options.deadline <= started + check.timeoutMs ? 'run' : 'check';
}

/** One check with its retries, inside min(its timeout, the run deadline). */
async function runOne(check: PlannedCheck, options: RunnerOptions, clock: Clock, runSignal: AbortSignal, reachDeadline: () => void): Promise<CheckResult> {
  const started = clock.now();
  const deadline = Math.min(started + check.timeoutMs, options.deadline);
  const controller = new AbortController();
  const cancelTimer = clock.setTimer(() => controller.abort(), deadline - started);
  const unsubscribe = onAbort(runSignal, () => controller.abort());
  const backoff = backoffOf(check.retries);
  let attempts = 0;
  let outcome: CheckOutcome | undefined;
  let status: CheckStatus = 'error';
  let reason: string | undefined;
  let cutSteps: CheckResult['steps'];
  try {
    for (;;) {
      attempts++;
      const grace = afterAbort(controller.signal, clock);
      try {
        const ctx = { ...options.context(controller.signal, deadline), progress: (step: StepProgress) => options.onEvent?.({ kind: 'check_progress', name: check.name, step, at: clock.now() }) };
        const raced = await Promise.race([check.execute(ctx), grace.aborted]);
        if (raced === 'aborted') throw new Error('aborted');
        outcome = raced;
        status = outcome.status;
        reason = outcome.reason;
      } catch (err) {
        if (options.signal?.aborted) {
          status = 'skipped';
          reason = `not finished: ${abortedWords(options.signal)}`;
        } else if (controller.signal.aborted) {
          status = 'timed_out';
          const last = outcome?.reason ? ` (after ${attempts} attempts; last: ${outcome.reason})` : '';
          const cut = cutBy(check, options, started, runSignal.aborted);
          if (cut === 'run') reachDeadline();
          reason = `${timeoutReason(phaseOf(err, controller.signal), { timeoutMs: check.timeoutMs, elapsedMs: clock.now() - started, byRunDeadline: cut === 'run', target: outcome?.target ?? check.target })}${last}`;
          // A path cut mid-way keeps the steps it finished and marks the one that hung.
          cutSteps = stepsOf(err);
        } else {
          status = 'error';
          reason = `internal error in the ${check.type} check: ${errorMessage(err)}`;
        }
        break;
      } finally {
        grace.cancel();
      }
      if (status !== 'failed' || attempts > backoff.retries) break;
      const delay = backoff.delayMs(attempts, options.random);
      if (clock.now() + delay >= deadline) break; // a retry that cannot finish in time only hides the failure
      try {
        await sleepOn(clock, delay, controller.signal);
      } catch {
        break;
      }
    }
  } finally {
    cancelTimer();
    unsubscribe();
  }
  const finished = clock.now();
  const { status: _s, reason: _r, warning, ...measured } = outcome ?? { status, reason };
  return {
    ...baseResult(check, status, reason),
    ...(status === 'timed_out' || status === 'skipped' ? { target: outcome?.target ?? check.target, ...(cutSteps ? { steps: cutSteps } : {}) } : measured),
    status,
    // A pass with a concern the target reported itself (IETF `warn`) is a warning, whatever `required` says.
    severity: status === 'passed' && warning ? 'warning' : severityOf(status, check.required),
    reason: status === 'passed' ? warning : reason,
    attempts,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
  };
}
