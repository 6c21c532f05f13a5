import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { extraHeaders, httpUrl } from '../options.js';
import { buildWebhookBody } from './body.js';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './sign.js';

/** Short HMAC keys are guessable; 16 chars is GitHub's floor for webhook secrets in practice. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export const webhook = defineNotifier({
  type: 'webhook',
  description: 'Generic webhook: the run result as JSON, signed with HMAC-SHA256 (X-Smokeguard-Signature: sha256=<hex>)',
  options: {
    url: httpUrl,
    secret: z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `a signing secret of at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
      .describe('HMAC-SHA256 key (use ${WEBHOOK_SECRET})'),
    headers: extraHeaders,
  },
  secrets: (o) => [o.secret, o.url, ...Object.values(o.headers ?? {})],
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
