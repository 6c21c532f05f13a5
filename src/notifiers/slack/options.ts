import * as z from 'zod';
import { httpUrl } from '../options.js';
import { defineNotifierOptions } from '../notifier.js';

export const SLACK_POST_MESSAGE_URL = 'https://slack.com/api/chat.postMessage';

/** The slack options: what config validates (the implementation is ./slack.ts, loaded when used). */
export const slackOptions = defineNotifierOptions({
  type: 'slack',
  description: 'Slack: an incoming webhook, or a bot token (chat.postMessage, which threads the follow-up under the first alert); a Block Kit message with the verdict, failures with findings, rollback status and the report link',
  options: () => ({
    webhook_url: httpUrl().optional().describe('the incoming webhook URL (a secret: use ${SLACK_WEBHOOK_URL}); or token + channel'),
    token: z.string().regex(/^xox[a-z]-/, 'a Slack bot token (xoxb-…; use ${SLACK_BOT_TOKEN})').optional()
      .describe('bot token for chat.postMessage: follow-ups are threaded (thread_ts) under the first message; needs channel'),
    api_url: httpUrl().default(SLACK_POST_MESSAGE_URL).describe('with token: the chat.postMessage endpoint'),
    channel: z.string().optional().describe('with token: the channel ID or name to post to; with a webhook: override its channel (legacy webhooks only)'),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    mention: z.string().optional().describe('prefix of the first line, e.g. "<!subteam^S0123>" or "<!here>"'),
  }),
  refine(o, ctx) {
    if (!o.webhook_url && !o.token) ctx.addIssue({ code: 'custom', path: ['webhook_url'], message: 'required: an http(s) URL (or token and channel, for chat.postMessage)' });
    if (o.webhook_url && o.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'either webhook_url or token, not both' });
    if (o.token && !o.channel) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'required with token: the channel to post to (e.g. C0123456789 or #ops)' });
  },
  secrets: (o) => [o.webhook_url, o.token],
});
