import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { buildWebhookBody } from './body.js';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './sign.js';
import { webhookOptions } from '../all-options.js';
export { MIN_WEBHOOK_SECRET_LENGTH } from './options.js';

export const webhook = defineNotifier({
  ...webhookOptions,
  async send(o, message, ctx) {
    const timestamp = Math.floor(Date.now() / 1000);
    // Redact first, then sign: the receiver verifies exactly the bytes it gets.
    const raw = JSON.stringify(ctx.redactor.value(buildWebhookBody(message, timestamp)));
    const res = await ctx.http.request({
      method: 'POST',
      url: o.url,
      headers: {
        ...o.headers,
        'content-type': 'application/json',
        'user-agent': 'smokeguard',
        [SIGNATURE_HEADER]: signBody(o.secret, raw),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_HEADER]: message.event,
      },
      body: raw,
      signal: ctx.signal,
    });
    return httpResult(res.status, res.body, res.headers['retry-after'] as string | undefined);
  },
});
