import * as z from 'zod';
import { httpUrl } from '../options.js';
import { defineNotifierOptions } from '../notifier.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
/** PagerDuty integration (routing) keys are 32 characters. */
export const PAGERDUTY_ROUTING_KEY_LENGTH = 32;

/** The pagerduty options: what config validates (the implementation is ./pagerduty.ts, loaded when used). */
export const pagerdutyOptions = defineNotifierOptions({
  type: 'pagerduty',
  description: 'PagerDuty Events API v2: trigger on failure (dedup key per deployment and revision), resolve when a later run passes',
  defaultEvents: ['critical', 'rollback_failed', 'success'],
  options: () => ({
    routing_key: z.string().length(PAGERDUTY_ROUTING_KEY_LENGTH, `a ${PAGERDUTY_ROUTING_KEY_LENGTH}-character integration key (use \${PAGERDUTY_ROUTING_KEY})`),
    url: httpUrl().default(PAGERDUTY_EVENTS_URL).describe('the Events API endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue)'),
    source: z.string().optional().describe('payload.source; default: the deployment name'),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
  }),
  secrets: (o) => [o.routing_key],
});
