import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { httpUrl } from '../options.js';
import { buildPagerDutyEvent } from './event.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
/** PagerDuty integration (routing) keys are 32 characters. */
export const PAGERDUTY_ROUTING_KEY_LENGTH = 32;

export const pagerduty = defineNotifier({
  type: 'pagerduty',
  description: 'PagerDuty Events API v2: trigger on failure (dedup key per deployment and revision), resolve when a later run passes',
  defaultEvents: ['critical', 'rollback_failed', 'success'],
  options: {
    routing_key: z.string().length(PAGERDUTY_ROUTING_KEY_LENGTH, `a ${PAGERDUTY_ROUTING_KEY_LENGTH}-character integration key (use \${PAGERDUTY_ROUTING_KEY})`),
    url: httpUrl.default(PAGERDUTY_EVENTS_URL).describe('the Events API endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue)'),
    source: z.string().optional().describe('payload.source; default: the deployment name'),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
  },
  secrets: (o) => [o.routing_key],
  async send(o, message, ctx) {
    const event = ctx.redactor.value(buildPagerDutyEvent(message, '', o));
    // The routing key is the one secret PagerDuty must receive: put it back after redaction.
    const body = JSON.stringify({ ...event, routing_key: o.routing_key });
    const res = await ctx.http.request({ method: 'POST', url: o.url, headers: { 'content-type': 'application/json' }, body, signal: ctx.signal });
    const result = httpResult(res.status, ctx.redactor.text(res.body), res.headers['retry-after'] as string | undefined);
    if (!result.ok) return result;
    let dedupKey = event.dedup_key;
    try {
      const answer = JSON.parse(res.body) as { dedup_key?: unknown };
      if (typeof answer.dedup_key === 'string') dedupKey = answer.dedup_key;
    } catch {
      /* 202 without a JSON body: keep the key we sent */
    }
    return { ok: true, dedupKey, action: event.event_action, threadId: dedupKey };
  },
});
