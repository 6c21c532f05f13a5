import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { httpUrl } from '../options.js';
import { buildSlackPayload } from './blocks.js';

export const SLACK_POST_MESSAGE_URL = 'https://slack.com/api/chat.postMessage';

export const slack = defineNotifier({
  type: 'slack',
  description: 'Slack: an incoming webhook, or a bot token (chat.postMessage, which threads the follow-up under the first alert); a Block Kit message with the verdict, failures with findings, rollback status and the report link',
  options: {
    webhook_url: httpUrl.optional().describe('the incoming webhook URL (a secret: use ${SLACK_WEBHOOK_URL}); or token + channel'),
    token: z.string().regex(/^xox[a-z]-/, 'a Slack bot token (xoxb-…; use ${SLACK_BOT_TOKEN})').optional()
      .describe('bot token for chat.postMessage: follow-ups are threaded (thread_ts) under the first message; needs channel'),
    api_url: httpUrl.default(SLACK_POST_MESSAGE_URL).describe('with token: the chat.postMessage endpoint'),
    channel: z.string().optional().describe('with token: the channel ID or name to post to; with a webhook: override its channel (legacy webhooks only)'),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    mention: z.string().optional().describe('prefix of the first line, e.g. "<!subteam^S0123>" or "<!here>"'),
  },
  refine(o, ctx) {
    if (!o.webhook_url && !o.token) ctx.addIssue({ code: 'custom', path: ['webhook_url'], message: 'required: an http(s) URL (or token and channel, for chat.postMessage)' });
    if (o.webhook_url && o.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'either webhook_url or token, not both' });
    if (o.token && !o.channel) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'required with token: the channel to post to (e.g. C0123456789 or #ops)' });
  },
  secrets: (o) => [o.webhook_url, o.token],
  async send(o, message, ctx) {
    const payload = ctx.redactor.value(buildSlackPayload(message, o));
    if (!o.token) {
      const res = await ctx.http.request({ method: 'POST', url: o.webhook_url as string, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: ctx.signal });
      // Slack answers 200 "ok", or 4xx with a one-word reason such as invalid_blocks or no_service.
      return httpResult(res.status, res.body, res.headers['retry-after'] as string | undefined);
    }
    // chat.postMessage: a follow-up goes into the first message's thread, and a failure is also broadcast to the channel.
    const body = { ...payload, channel: o.channel, ...(ctx.replyTo ? { thread_ts: ctx.replyTo, ...(message.event === 'rollback_failed' ? { reply_broadcast: true } : {}) } : {}) };
    const res = await ctx.http.request({
      method: 'POST',
      url: o.api_url,
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${o.token}` },
      body: JSON.stringify(body),
      signal: ctx.signal,
    });
    const result = httpResult(res.status, ctx.redactor.text(res.body), res.headers['retry-after'] as string | undefined);
    if (!result.ok) return result;
    // The Web API answers 200 with {ok: false, error} for what it refuses.
    let answer: { ok?: unknown; ts?: unknown; error?: unknown };
    try {
      answer = JSON.parse(res.body) as typeof answer;
    } catch {
      return { ok: false, retryable: true, error: `chat.postMessage answered ${res.status} without JSON` };
    }
    if (answer.ok !== true) {
      const error = typeof answer.error === 'string' ? answer.error : 'unknown_error';
      return { ok: false, retryable: error === 'ratelimited' || error === 'internal_error' || error === 'service_unavailable', error: `chat.postMessage: ${error}` };
    }
    return { ok: true, ...(typeof answer.ts === 'string' ? { threadId: answer.ts } : {}) };
  },
});
