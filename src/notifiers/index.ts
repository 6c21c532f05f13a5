import type { SmokeConfig } from '../config/schema.js';
import { deliver } from './deliver.js';
import { DEFAULT_EVENTS, listensTo, PHASE_EVENTS, primaryEvent, runEvents } from './events.js';
import { runIdentity } from './identity.js';
import { buildRunMessage } from './message.js';
import type { ChannelConfig } from './schema.js';
import { notifierType } from './registry.js';
import type { NotificationOutcome, NotifyEvent, NotifyInput } from './types.js';

export type { NotificationOutcome, NotificationPhase, NotifyEvent, NotifyInput } from './types.js';
export { NOTIFICATION_PHASES, NOTIFY_EVENTS } from './types.js';
export { notificationSecrets, registerNotificationSecrets, registerSecret, TOKEN_SEGMENT_LENGTH } from './secrets.js';
import { registerNotificationSecrets } from './secrets.js';

const ROLLBACK_EVENTS: readonly NotifyEvent[] = ['rollback_started', 'rollback_succeeded', 'rollback_failed'];

function channelsOf(config: SmokeConfig): Record<string, ChannelConfig> {
  return (config.notifications?.channels ?? {}) as Record<string, ChannelConfig>;
}

/** Names in `rollback_strategy.notify_channels` that no channel defines (for a warning at load time). */
export function undefinedChannels(config: SmokeConfig): string[] {
  const defined = channelsOf(config);
  return (config.rollback_strategy?.notify_channels ?? []).filter((name) => !defined[name]);
}

/**
 * Sends the run to every channel that listens to one of its events, in parallel, each with its
 * own timeout and retries, all within `deadline`. Never throws and never changes the verdict:
 * every channel's outcome — sent, failed, skipped, or referred to but not defined — is returned
 * for the report.
 */
export async function notify(input: NotifyInput): Promise<NotificationOutcome[]> {
  const { result, config, redactor } = input;
  registerNotificationSecrets(config, redactor);
  const phase = input.phase ?? 'outcome';
  const events = phase === 'outcome' ? runEvents(result) : [...PHASE_EVENTS[phase]];
  const identity = runIdentity(result, config, input.env);
  const referred = new Set(config.rollback_strategy?.notify_channels ?? []);
  const channels = channelsOf(config);

  const outcomes: Array<Promise<NotificationOutcome>> = [];
  for (const [name, channel] of Object.entries(channels)) {
    const type = notifierType(channel.type);
    if (!type) continue; // unreachable: the schema admits only registered types
    let wanted: readonly NotifyEvent[] = listensTo(channel.events ?? type.defaultEvents ?? DEFAULT_EVENTS);
    // notify_channels is the seed's "alert on-call if rollback triggered": those channels get rollback events whatever else they listen to.
    if (referred.has(name) && !channel.events) wanted = [...new Set([...wanted, ...ROLLBACK_EVENTS])];
    const route = routeFor(phase, events, wanted, (input.earlier ?? []).filter((o) => o.channel === name && o.status === 'sent'));
    const skip = (error: string): NotificationOutcome => ({ channel: name, type: channel.type, event: 'none', status: 'skipped', attempts: 0, durationMs: 0, phase, error });
    if (!route.event) {
      outcomes.push(Promise.resolve(skip(route.told ? `already told (${route.told}); nothing new for ${wanted.join(', ')}` : `listens to ${wanted.join(', ')}; this run was ${events.join(', ')}`)));
      continue;
    }
    const event = route.event;
    const message = buildRunMessage(result, identity, event, events, input.reportUrl, { ...(input.pending ? { pending: input.pending } : {}), followUp: Boolean(route.replyTo || route.told) });
    outcomes.push(
      deliver(async (signal, deadline) => (await type.load()).send(channel, message, { signal, deadline, http: input.http, redactor, channel: name, ...(route.replyTo ? { replyTo: route.replyTo } : {}) }), {
        timeoutMs: channel.timeout_seconds * 1000,
        retries: channel.retries,
        deadline: input.deadline,
      }).then((d): NotificationOutcome => ({
        channel: name,
        type: channel.type,
        event,
        status: d.ok ? 'sent' : 'failed',
        attempts: d.attempts,
        durationMs: d.durationMs,
        phase,
        ...(d.ok ? { sentAt: new Date().toISOString() } : {}),
        ...(d.error ? { error: redactor.text(d.error) } : {}),
        ...(d.dedupKey ? { dedupKey: d.dedupKey } : {}),
        ...(d.action ? { action: d.action } : {}),
        ...(d.value?.threadId ? { threadId: d.value.threadId } : {}),
        ...(route.replyTo ? { inReplyTo: route.replyTo } : {}),
      })),
    );
  }
  // An undefined name would have fired on the seed's default events: say so (once, in the outcome), do not fail the run.
  const wouldFire = phase === 'outcome' && events.some((e) => DEFAULT_EVENTS.includes(e));
  for (const name of referred) {
    if (channels[name] || !wouldFire) continue;
    outcomes.push(Promise.resolve({ channel: name, type: 'unknown', event: primaryEvent(events, DEFAULT_EVENTS) ?? 'none', status: 'undefined_channel', attempts: 0, durationMs: 0, phase, error: `channel ${name} is not defined under notifications.channels; nothing sent` }));
  }
  return Promise.all(outcomes);
}

/**
 * What one channel gets in this phase. The outcome does not repeat what an earlier alert told
 * it, and threads under that alert; a channel that was asked to confirm always hears the answer
 * (succeeded, failed, denied, timed out), whatever its event filter.
 */
function routeFor(phase: NotificationOutcome['phase'], events: NotifyEvent[], wanted: readonly NotifyEvent[], earlier: NotificationOutcome[]): { event?: NotifyEvent; replyTo?: string; told?: string } {
  if (phase !== 'outcome' || !earlier.length) return { event: primaryEvent(events, wanted) };
  const told = new Set(earlier.flatMap((o) => (o.phase === 'awaiting_confirmation' || o.phase === 'before_rollback' ? PHASE_EVENTS[o.phase] : [])));
  const remaining = events.filter((e) => !told.has(e));
  const asked = earlier.some((o) => o.phase === 'awaiting_confirmation');
  const event = asked ? primaryEvent(remaining, [...wanted, ...ROLLBACK_EVENTS]) ?? 'rollback_awaiting_confirmation' : primaryEvent(remaining, wanted);
  const replyTo = earlier.find((o) => o.threadId)?.threadId;
  return { ...(event ? { event } : {}), ...(replyTo ? { replyTo } : {}), told: [...told].join(', ') };
}

/** One console line per outcome, e.g. "Notification sent to slack-ops (slack)". */
export function formatNotificationOutcome(o: NotificationOutcome): string {
  switch (o.status) {
    case 'sent':
      return `Notification sent to ${o.channel} (${o.type}${o.action ? ` ${o.action}` : ''}, ${o.event})`;
    case 'failed':
      return `Notification to ${o.channel} (${o.type}) FAILED after ${o.attempts} attempt${o.attempts === 1 ? '' : 's'}: ${o.error ?? 'unknown error'}`;
    case 'undefined_channel':
      return `⚠ ${o.error ?? `channel ${o.channel} is not defined`}`;
    case 'skipped':
      return `Notification to ${o.channel} skipped (${o.error ?? 'no matching event'})`;
  }
}
