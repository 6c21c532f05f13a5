import * as z from 'zod';
import { defineIncidentOptions } from '../provider.js';

/** The pagerduty options: what config validates (the implementation is ./pagerduty.ts, loaded when used). */
export const pagerdutyOptions = defineIncidentOptions({
  provider: 'pagerduty',
  description: 'PagerDuty incident: the trigger of a pagerduty channel (dedup key per deployment and revision)',
  options: () => ({
    channel: z.string().min(1).describe('the name of a pagerduty channel under notifications.channels'),
  }),
  secrets: () => [],
});
