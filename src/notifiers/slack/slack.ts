import * as z from 'zod';
import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { buildSlackPayload } from './blocks.js';
import { slackOptions } from '../all-options.js';
export { SLACK_POST_MESSAGE_URL } from './options.js';

export const slack = defineNotifier({
  ...slackOptions,
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
