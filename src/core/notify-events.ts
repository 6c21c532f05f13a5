/**
 * The notification vocabulary, without zod: the config's channel schema needs the names, and
 * importing them from outcome-model.ts built every report schema there on each run's start.
 */

/**
 * When a channel fires. One run may produce several (critical + rollback_failed); each channel
 * still gets one message per run, about the most urgent event it listens to.
 */
export const NOTIFY_EVENTS = ['critical', 'rollback_awaiting_confirmation', 'rollback_started', 'rollback_succeeded', 'rollback_failed', 'warning', 'success'] as const;

/**
 * When a message goes out. A run that rolls back alerts first — `awaiting_confirmation` the
 * moment ops are asked, `before_rollback` (critical + rollback_started) just before a rollback
 * nobody is asked about — and follows up with the `outcome`, threaded under the first message.
 * A run without a rollback sends only the `outcome`.
 */
export const NOTIFICATION_PHASES = ['awaiting_confirmation', 'before_rollback', 'outcome'] as const;
