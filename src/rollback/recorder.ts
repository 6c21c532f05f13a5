import type { Redactor } from '../util/redact.js';
import type { RollbackEvent, RollbackOutcome, RollbackStatus } from './types.js';

/**
 * Collects the outcome while the rollback runs and emits its steps (live console + timeline).
 * Everything that leaves goes through the run's redactor.
 */
export class OutcomeRecorder {
  private readonly started = Date.now();
  private readonly startedAt = new Date(this.started).toISOString();
  fields: Partial<RollbackOutcome> = {};

  constructor(
    private readonly onEvent: ((e: RollbackEvent) => void) | undefined,
    private readonly redactor: Redactor | undefined,
  ) {}

  emit(message: string): void {
    this.onEvent?.({ kind: 'rollback', message: this.redactor ? this.redactor.text(message) : message, at: new Date().toISOString() });
  }

  set(fields: Partial<RollbackOutcome>): void {
    Object.assign(this.fields, fields);
  }

  finish(status: RollbackStatus, message: string, extra: Partial<RollbackOutcome> = {}): RollbackOutcome {
    const finished = Date.now();
    const outcome: RollbackOutcome = {
      ...this.fields,
      ...extra,
      status,
      message,
      startedAt: this.startedAt,
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - this.started,
      alertOps: extra.alertOps ?? this.fields.alertOps ?? ALERT_BY_DEFAULT[status],
    };
    // Nothing happened for these: the summary says it once, the live lines do not repeat it.
    if (status !== 'not_needed' && status !== 'not_configured') this.emit(message);
    return this.redactor ? this.redactor.value(outcome) : outcome;
  }
}

/** Whether people must act now, per status (a succeeded rollback whose health did not return overrides it). */
const ALERT_BY_DEFAULT: Record<RollbackStatus, boolean> = {
  not_needed: false,
  not_configured: false, // nothing was attempted: the critical alert itself carries what to do
  dry_run: false,
  denied: false,
  confirmation_timeout: true,
  skipped_limit: true,
  locked_by_other_run: false,
  aborted: true, // a rollback was needed and not done: someone must decide by hand
  succeeded: false,
  failed: true,
};
