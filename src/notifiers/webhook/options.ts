import * as z from 'zod';
import { extraHeaders, httpUrl } from '../options.js';
import { defineNotifierOptions } from '../notifier.js';

/** Short HMAC keys are guessable; 16 chars is GitHub's floor for webhook secrets in practice. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** The webhook options: what config validates (the implementation is ./webhook.ts, loaded when used). */
export const webhookOptions = defineNotifierOptions({
  type: 'webhook',
  description: 'Generic webhook: the run result as JSON, signed with HMAC-SHA256 (X-Smokeguard-Signature: sha256=<hex>)',
  options: () => ({
    url: httpUrl(),
    secret: z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `a signing secret of at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
      .describe('HMAC-SHA256 key (use ${WEBHOOK_SECRET})'),
    headers: extraHeaders(),
  }),
  secrets: (o) => [o.secret, o.url, ...Object.values(o.headers ?? {})],
});
