import * as z from 'zod';
import { pagerduty as pagerdutyNotifier } from '../../notifiers/pagerduty/pagerduty.js';
import type { NotificationOutcome } from '../../notifiers/types.js';
import { defineIncidentProvider } from '../provider.js';
import { pagerdutyIncidentOptions as pagerdutyOptions } from '../../notifiers/all-options.js';

function sentTrigger(notifications: readonly NotificationOutcome[], channel: string): NotificationOutcome | undefined {
  return notifications.find((o) => o.channel === channel && o.status === 'sent' && o.action === 'trigger' && o.dedupKey);
}

/**
 * The incident is the one PagerDuty opened for the channel's trigger: its id is the dedup key,
 * which PagerDuty itself deduplicates on, so a re-run never opens a second incident. When the
 * channel already triggered this run nothing more is sent.
 */
export const pagerduty = defineIncidentProvider({
  ...pagerdutyOptions,
  async open(o, ticket, ctx) {
    const sent = sentTrigger(ctx.notifications, o.channel);
    if (sent?.dedupKey) return { ok: true, id: sent.dedupKey, created: true };
    const channel = ctx.channels[o.channel];
    // The schema guarantees a pagerduty channel by that name; checked again because the type is erased.
    if (channel?.type !== 'pagerduty') return { ok: false, retryable: false, error: `channel ${o.channel} is not a pagerduty channel` };
    const trigger = ctx.message.event === 'success' ? { ...ctx.message, event: 'critical' as const } : ctx.message;
    const r = await pagerdutyNotifier.send(channel, trigger, ctx);
    if (!r.ok) return r;
    return { ok: true, id: r.dedupKey ?? ticket.dedupKey, created: true };
  },
});
