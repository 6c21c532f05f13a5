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
    from: str(r.fromImage) ?? str(r.from) ?? str(r.currentImage),
    to: str(r.toImage) ?? str(r.to) ?? str(r.previousImage),
  };
}

/** Rollback statuses meaning "begun, outcome not known yet". Unknown statuses count as begun too. */
const NOT_A_ROLLBACK = new Set(['not_configured', 'not_needed', 'none', 'dry_run', 'skipped', 'disabled', 'declined']);

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
    if (rb.status === 'failed') events.push('rollback_failed');
  }
  return events;
}

/** The most urgent of `events` that `wanted` listens to, or undefined when none. */
export function primaryEvent(events: readonly NotifyEvent[], wanted: readonly NotifyEvent[]): NotifyEvent | undefined {
  return URGENCY.find((e) => events.includes(e) && wanted.includes(e));
}
