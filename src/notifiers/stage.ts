import type { TimelineEvent } from '../core/types.js';
import { formatIncidentOutcome, openIncident } from '../incidents/index.js';
import type { IncidentOutcome } from '../incidents/types.js';
import { formatNotificationOutcome, notify } from './index.js';
import type { NotificationOutcome, NotifyInput } from './types.js';

export interface NotificationStage {
  notifications: NotificationOutcome[];
  incident?: IncidentOutcome;
  /** `notification` and `incident` events for the run's timeline, one per outcome (skipped channels left out). */
  timeline: TimelineEvent[];
}

/**
 * The pipeline's notification stage in one call: notify every channel, then open (or find again)
 * the incident ticket. In this order so that a PagerDuty incident reuses the trigger the channel
 * just sent instead of sending a second event. Never throws; all within `input.deadline`.
 */
export async function notifyAndOpenIncident(input: NotifyInput): Promise<NotificationStage> {
  const sent = await notify(input);
  const notifiedAt = new Date().toISOString();
  // The run's whole record: the alerts sent before the rollback, then this outcome.
  const notifications = [...(input.earlier ?? []), ...sent];
  const incident = await openIncident({ ...input, result: { ...input.result, notifications } });
  const timeline: TimelineEvent[] = sent
    .filter((o) => o.status !== 'skipped')
    .map((o) => ({ at: notifiedAt, kind: 'notification', message: formatNotificationOutcome(o) }));
  if (incident) timeline.push({ at: new Date().toISOString(), kind: 'incident', message: formatIncidentOutcome(incident) });
  return incident ? { notifications, incident, timeline } : { notifications, timeline };
}
