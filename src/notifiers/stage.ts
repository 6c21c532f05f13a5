import { openIncident } from '../incidents/index.js';
import type { IncidentOutcome } from '../incidents/types.js';
import { notify } from './index.js';
import type { NotificationOutcome, NotifyInput } from './types.js';

/**
 * The pipeline's notification stage in one call: notify every channel, then open (or find again)
 * the incident ticket. In this order so that a PagerDuty incident reuses the trigger the channel
 * just sent instead of sending a second event. Never throws; all within `input.deadline`.
 */
export async function notifyAndOpenIncident(input: NotifyInput): Promise<{ notifications: NotificationOutcome[]; incident?: IncidentOutcome }> {
  const notifications = await notify(input);
  const incident = await openIncident({ ...input, result: { ...input.result, notifications } });
  return incident ? { notifications, incident } : { notifications };
}
