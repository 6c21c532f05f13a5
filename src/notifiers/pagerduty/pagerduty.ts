import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { buildPagerDutyEvent } from './event.js';
import { pagerdutyOptions } from '../all-options.js';
export { PAGERDUTY_EVENTS_URL, PAGERDUTY_ROUTING_KEY_LENGTH } from './options.js';

export const pagerduty = defineNotifier({
  ...pagerdutyOptions,
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
