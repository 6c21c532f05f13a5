import * as z from 'zod';
import { extraHeaders, httpUrl } from '../../notifiers/options.js';
import { defineIncidentOptions } from '../provider.js';

/** The webhook options: what config validates (the implementation is ./webhook.ts, loaded when used). */
export const webhookOptions = defineIncidentOptions({
  provider: 'webhook',
  description: 'Any ticket system behind a URL: POST the ticket (with dedup_key), read the id from the JSON answer',
  options: () => ({
    url: httpUrl(),
    secret: z.string().min(16).optional().describe('HMAC-SHA256 key; the body is signed as the webhook notifier does'),
    headers: extraHeaders(),
    id_field: z.string().min(1).default('id').describe('where the id is in the answer, dotted (e.g. "result.number")'),
    url_field: z.string().min(1).optional().describe('where the ticket\'s link is in the answer'),
    state_file: z.string().min(1).optional().describe('local fallback for dedup when the receiver does not deduplicate on dedup_key'),
  }),
  secrets: (o) => [o.secret, o.url, ...Object.values(o.headers ?? {})],
});
