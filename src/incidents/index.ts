import { deliver } from '../notifiers/deliver.js';
import { primaryEvent, runEvents } from '../notifiers/events.js';
import { runIdentity } from '../notifiers/identity.js';
import { registerNotificationSecrets } from '../notifiers/index.js';
import { buildRunMessage } from '../notifiers/message.js';
import type { ChannelConfig, IncidentConfig } from '../notifiers/schema.js';
import type { NotifyEvent, NotifyInput } from '../notifiers/types.js';
import { describeError } from '../util/net-errors.js';
import type { TicketFound } from './provider.js';
import { incidentProvider } from './registry.js';
import { buildTicket } from './ticket.js';
import type { IncidentOutcome } from './types.js';

export type { IncidentOutcome } from './types.js';

/** The seed opens a ticket when the run fails critically; a failed rollback always deserves one. */
export const DEFAULT_INCIDENT_EVENTS: readonly NotifyEvent[] = ['critical', 'rollback_failed'];

/**
 * Opens (or finds again) the incident ticket of a failing run. Returns undefined when no
 * incident is configured or the run produced none of the events that open one. Never throws:
 * a provider that fails or hangs yields an outcome with `error`, within `deadline`.
 * Pass `result.notifications` filled by notify() first, so a PagerDuty incident reuses the
 * trigger that was already sent.
 */
export async function openIncident(input: NotifyInput): Promise<IncidentOutcome | undefined> {
  const config = input.config.notifications?.incident as IncidentConfig | undefined;
  if (!config) return undefined;
  const provider = incidentProvider(config.provider);
  if (!provider) return undefined; // unreachable: the schema admits only registered providers
  const events = runEvents(input.result);
  const event = primaryEvent(events, config.on ?? DEFAULT_INCIDENT_EVENTS);
  if (!event) return undefined;

  registerNotificationSecrets(input.config, input.redactor);
  const identity = runIdentity(input.result, input.config, input.env);
  const message = buildRunMessage(input.result, identity, event, events, input.reportUrl);
  const ticket = buildTicket(message);
  const channels = (input.config.notifications?.channels ?? {}) as Record<string, ChannelConfig>;
  const notifications = input.result.notifications ?? [];

  const d = await deliver<TicketFound>(
    async (signal, deadline) => {
      try {
        return await (await provider.load()).open(config, ticket, { signal, deadline, http: input.http, redactor: input.redactor, channel: config.provider, message, notifications, channels });
      } catch (err) {
        // The local state file is not network: its errors are not worth a retry.
        if (signal.aborted || (err as { code?: string }).code) throw err;
        return { ok: false, retryable: false, error: describeError(err).reason };
      }
    },
    { timeoutMs: config.timeout_seconds * 1000, retries: config.retries, deadline: input.deadline },
  );
  const base = { provider: config.provider, attempts: d.attempts, durationMs: d.durationMs, dedupKey: identity.key };
  if (!d.ok || !d.value) return { ...base, id: '', created: false, deduplicated: false, error: input.redactor.text(d.error ?? 'no ticket') };
  const found = d.value;
  return { ...base, id: found.id, ...(found.url ? { url: found.url } : {}), created: found.created, deduplicated: !found.created, ...(found.warning ? { warning: input.redactor.text(found.warning) } : {}) };
}

/** The seed's line: "Incident ticket created: INC-2026-0542". */
export function formatIncidentOutcome(o: IncidentOutcome): string {
  if (o.error) return `Incident ticket NOT created (${o.provider}): ${o.error}`;
  const link = o.url ? ` (${o.url})` : '';
  return o.created ? `Incident ticket created: ${o.id}${link}` : `Incident ticket already open: ${o.id}${link} (same deployment and revision; not duplicated)`;
}
