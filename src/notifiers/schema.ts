import * as z from 'zod';
import { once } from '../util/once.js';
import { INCIDENT_PROVIDERS } from '../incidents/registry.js';
import type { IncidentProviderOptions } from '../incidents/provider.js';
import type { NotifierOptions } from './notifier.js';
import { NOTIFIER_TYPES } from './registry.js';
import { NOTIFY_EVENTS } from './types.js';

/** A send that has not answered after this long is cut (per attempt). */
export const DEFAULT_NOTIFY_TIMEOUT_SECONDS = 10;
/** Extra attempts after the first, with backoff, inside the run's deadline. */
export const DEFAULT_NOTIFY_RETRIES = 2;

const events = once(() => z.array(z.enum(NOTIFY_EVENTS)).min(1));

const deliveryShape = once(() => ({
  timeout_seconds: z.number().positive().max(120).default(DEFAULT_NOTIFY_TIMEOUT_SECONDS).describe('per attempt'),
  retries: z.number().int().min(0).max(5).default(DEFAULT_NOTIFY_RETRIES).describe('extra attempts after the first, with backoff'),
}));

function channelVariant(t: NotifierOptions) {
  const shape = {
    type: z.literal(t.type),
    events: events().optional().describe(`when this channel fires; default ${t.defaultEvents ? JSON.stringify(t.defaultEvents) : 'critical and every rollback event'}`),
    ...deliveryShape(),
    ...t.options,
  };
  const object = z.strictObject(shape).describe(t.description);
  const refine = t.refine;
  return refine ? object.superRefine((value, ctx) => refine(value as Parameters<typeof refine>[0], ctx)) : object;
}

export const channelSchema = once(() => z.discriminatedUnion(
  'type',
  NOTIFIER_TYPES.map(channelVariant) as unknown as [ReturnType<typeof channelVariant>, ...ReturnType<typeof channelVariant>[]],
));
/** One channel as validated (type-specific fields are checked by its variant). */
export type ChannelConfig = z.infer<ReturnType<typeof channelSchema>> & { type: string; events?: Array<(typeof NOTIFY_EVENTS)[number]>; timeout_seconds: number; retries: number; [key: string]: unknown };

function incidentVariant(p: IncidentProviderOptions) {
  return z.strictObject({
    provider: z.literal(p.provider),
    on: events().optional().describe('which events open a ticket; default critical and rollback_failed'),
    ...deliveryShape(),
    ...p.options,
  }).describe(p.description);
}

export const incidentSchema = once(() => z.discriminatedUnion(
  'provider',
  INCIDENT_PROVIDERS.map(incidentVariant) as unknown as [ReturnType<typeof incidentVariant>, ...ReturnType<typeof incidentVariant>[]],
));
export type IncidentConfig = z.infer<ReturnType<typeof incidentSchema>> & { provider: string; on?: Array<(typeof NOTIFY_EVENTS)[number]>; timeout_seconds: number; retries: number; [key: string]: unknown };

export const CHANNEL_NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Notification channels, named so that `rollback_strategy.notify_channels` can refer to them,
 * and the incident ticket. A channel that is defined must be complete (a config error
 * otherwise); a name referred to but not defined is only reported at run time, so the seed's
 * config ("slack-ops", "email-on-call") validates and runs as written.
 */
export const notificationsSchema = once(() => z.strictObject({
  channels: z.record(z.string().regex(CHANNEL_NAME, 'a channel name (letters, digits, . _ -)'), channelSchema()).default({}),
  incident: incidentSchema().optional().describe('open an incident ticket on critical runs; re-runs for the same deployment and revision reuse it'),
  revision: z.string().min(1).optional().describe('the revision deployed (part of the dedup key); default: the target version, then SMOKEGUARD_REVISION, GITHUB_SHA, CI_COMMIT_SHA'),
}).superRefine((value, ctx) => {
  const incident = value.incident;
  if (incident?.provider === 'pagerduty') {
    const name = String((incident as Record<string, unknown>).channel);
    const channel = value.channels[name];
    if (!channel) ctx.addIssue({ code: 'custom', path: ['incident', 'channel'], message: `no channel "${name}" under notifications.channels` });
    else if (channel.type !== 'pagerduty') ctx.addIssue({ code: 'custom', path: ['incident', 'channel'], message: `channel "${name}" is a ${channel.type} channel, not pagerduty` });
  }
}));
export type NotificationsConfig = z.infer<ReturnType<typeof notificationsSchema>>;
