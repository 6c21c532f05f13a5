import type { RollbackOutcome, RollbackStatus, RunResult } from '../core/types.js';
import type { NotifyEvent } from './types.js';

/** The seed's behaviour: notify on critical failure and on every rollback event, ops' question included. */
export const DEFAULT_EVENTS: readonly NotifyEvent[] = ['critical', 'rollback_awaiting_confirmation', 'rollback_started', 'rollback_succeeded', 'rollback_failed'];

/** Most urgent first: the message a channel gets is about the first of these it listens to. */
const URGENCY: readonly NotifyEvent[] = ['rollback_failed', 'rollback_awaiting_confirmation', 'critical', 'rollback_succeeded', 'rollback_started', 'warning', 'success'];

/** The awaiting-confirmation question is routed like `critical`: whoever is paged for a critical run is asked. */
export function listensTo(wanted: readonly NotifyEvent[]): readonly NotifyEvent[] {
  return wanted.includes('critical') && !wanted.includes('rollback_awaiting_confirmation') ? [...wanted, 'rollback_awaiting_confirmation'] : wanted;
}

/** The events the first two phases announce; the outcome does not repeat them to a channel that got them. */
export const PHASE_EVENTS: Record<'awaiting_confirmation' | 'before_rollback', readonly NotifyEvent[]> = {
  awaiting_confirmation: ['critical', 'rollback_awaiting_confirmation'],
  before_rollback: ['critical', 'rollback_started'],
};

/** A rollback as far as notifications care. */
export interface RollbackView {
  /** The record's status, or before it exists: `awaiting_confirmation` (ops asked) / `started` (rollback beginning). */
  status: RollbackStatus | 'awaiting_confirmation' | 'started';
  /** The rollback record's one line (what happened and what to do). */
  detail?: string;
  from?: string;
  to?: string;
  /** The command to roll back by hand (failed, denied, timed out, dry run). */
  manualCommand?: string;
  /** The rollback says ops must be paged now (failed, confirmation timed out, health did not return). */
  alertOps: boolean;
}

export function rollbackView(rb: RollbackOutcome | undefined): RollbackView | undefined {
  if (!rb) return undefined;
  return {
    status: rb.status,
    // A failure's record reads "✗ ROLLBACK FAILED — why": the message says "ROLLBACK FAILED" itself, so only the why.
    detail: (rb.status === 'failed' ? rb.error?.message : undefined) || rb.message.replace(/^✗ ROLLBACK FAILED — /, '') || rb.error?.message,
    from: rb.currentImage,
    to: rb.targetImage,
    manualCommand: rb.manualCommand,
    alertOps: rb.alertOps || rb.status === 'failed',
  };
}

/** Rollback statuses under which nothing was rolled back. */
const NOT_A_ROLLBACK = new Set<RollbackView['status']>(['not_needed', 'not_configured', 'dry_run', 'denied', 'skipped_limit', 'locked_by_other_run', 'aborted']);

/** Every event the run produced. */
export function runEvents(result: RunResult): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  if (result.verdict === 'critical') events.push('critical');
  else if (result.verdict === 'warning') events.push('warning');
  else if (result.verdict === 'passed') events.push('success');
  // aborted, deployment_failed: no smoke verdict to announce (the deploy tool reports its own
  // failure, the run's exit code 5 fails the pipeline); only what a rollback left for ops (below).
  const rb = rollbackView(result.rollback);
  if (rb && !NOT_A_ROLLBACK.has(rb.status)) {
    events.push('rollback_started');
    if (rb.status === 'succeeded') events.push('rollback_succeeded');
  }
  // "Rollback fails → alert ops team immediately": also a confirmation that timed out, or health that did not return.
  if (rb?.alertOps) events.push('rollback_failed');
  return events;
}

/** The most urgent of `events` that `wanted` listens to, or undefined when none. */
export function primaryEvent(events: readonly NotifyEvent[], wanted: readonly NotifyEvent[]): NotifyEvent | undefined {
  return URGENCY.find((e) => events.includes(e) && wanted.includes(e));
}
