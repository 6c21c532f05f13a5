import type { RunResult } from '../core/types.js';
import type { NotifyEvent } from './types.js';

/** The seed's behaviour: notify on critical failure and on every rollback event. */
export const DEFAULT_EVENTS: readonly NotifyEvent[] = ['critical', 'rollback_started', 'rollback_succeeded', 'rollback_failed'];

/** Most urgent first: the message a channel gets is about the first of these it listens to. */
const URGENCY: readonly NotifyEvent[] = ['rollback_failed', 'critical', 'rollback_succeeded', 'rollback_started', 'warning', 'success'];

/** A rollback as far as notifications care. `result.rollback` belongs to the rollback engineer: read defensively. */
export interface RollbackView {
  status: string;
  /** Free text from the rollback record (message, reason, error), when there is one. */
  detail?: string;
  from?: string;
  to?: string;
  /** The command to roll back by hand (failed, denied, timed out, dry run). */
  manualCommand?: string;
  /** The rollback says ops must be paged now (failed, confirmation timed out, health did not return). */
  alertOps: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function rollbackView(rollback: unknown): RollbackView | undefined {
  if (!rollback || typeof rollback !== 'object') return undefined;
  const r = rollback as Record<string, unknown>;
  const status = str(r.status);
  if (!status) return undefined;
  return {
    status,
    detail: str(r.message) ?? str(r.reason) ?? str(r.error),
    from: str(r.currentImage) ?? str(r.fromImage) ?? str(r.from),
    to: str(r.targetImage) ?? str(r.toImage) ?? str(r.to),
    manualCommand: str(r.manualCommand),
    alertOps: r.alertOps === true || status === 'failed',
  };
}

/** Rollback statuses (src/rollback/types.ts) under which nothing was rolled back. Unknown statuses count as begun. */
const NOT_A_ROLLBACK = new Set(['not_needed', 'not_configured', 'dry_run', 'denied', 'skipped_limit', 'locked_by_other_run', 'none', 'skipped']);

/** Every event the run produced. */
export function runEvents(result: RunResult): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  if (result.verdict === 'critical') events.push('critical');
  else if (result.verdict === 'warning') events.push('warning');
  else events.push('success');
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
