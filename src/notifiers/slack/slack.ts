import { z } from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { httpUrl } from '../options.js';
import { buildSlackPayload } from './blocks.js';

export const slack = defineNotifier({
  type: 'slack',
  description: 'Slack incoming webhook: a Block Kit message with the verdict, failures with findings, rollback status and the report link',
  options: {
    webhook_url: httpUrl.describe('the incoming webhook URL (a secret: use ${SLACK_WEBHOOK_URL})'),
    channel: z.string().optional().describe('override the webhook\'s channel (legacy webhooks only)'),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    mention: z.string().optional().describe('prefix of the first line, e.g. "<!subteam^S0123>" or "<!here>"'),
  },
  secrets: (o) => [o.webhook_url],
  async send(o, message, ctx) {
    const body = JSON.stringify(ctx.redactor.value(buildSlackPayload(message, o)));
    const res = await ctx.http.request({ method: 'POST', url: o.webhook_url, headers: { 'content-type': 'application/json' }, body, signal: ctx.signal });
    // Slack answers 200 "ok", or 4xx with a one-word reason such as invalid_blocks or no_service.
    return httpResult(res.status, res.body, res.headers['retry-after'] as string | undefined);
  },
});
