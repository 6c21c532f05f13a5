import type { Arrival } from './arrivals.js';
import { parseJson, startSimServer } from './http-server.js';

/**
 * Slack's incoming webhook as documented (api.slack.com/messaging/webhooks, Block Kit
 * reference): 200 "ok", or 4xx with a one-word error. It rejects what Slack rejects: more
 * than 50 blocks, unknown block types, header text over 150 or section text over 3000
 * characters, a message with neither text nor blocks, a wrong webhook path.
 */
const BLOCK_TYPES = new Set(['section', 'header', 'divider', 'context', 'actions', 'image', 'rich_text', 'input', 'file', 'video', 'markdown']);

export function slackProblem(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return 'invalid_payload';
  const p = payload as { text?: unknown; blocks?: unknown };
  if (p.blocks === undefined) return typeof p.text === 'string' && p.text ? undefined : 'no_text';
  if (!Array.isArray(p.blocks) || p.blocks.length > 50) return 'invalid_blocks';
  for (const b of p.blocks as Array<Record<string, unknown>>) {
    if (!b || typeof b.type !== 'string' || !BLOCK_TYPES.has(b.type)) return 'invalid_blocks';
    const text = b.text as { type?: string; text?: unknown } | undefined;
    if (b.type === 'header' && (text?.type !== 'plain_text' || typeof text.text !== 'string' || text.text.length > 150 || !text.text)) return 'invalid_blocks';
    if (b.type === 'section' && text && (typeof text.text !== 'string' || text.text.length > 3000 || !text.text)) return 'invalid_blocks';
    if (b.type === 'context' && (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)) return 'invalid_blocks';
    if (b.type === 'actions' && (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)) return 'invalid_blocks';
  }
  return undefined;
}

/** A message the Web API accepted (chat.postMessage), with where and when it landed. */
export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  replyBroadcast: boolean;
  payload: Record<string, unknown>;
  arrived: Arrival;
}

/**
 * The incoming webhook at /services/TOKEN, and the Web API's chat.postMessage
 * (api.slack.com/methods/chat.postMessage): `Authorization: Bearer xoxb-…`, a `channel` the bot is
 * in, answered 200 `{ok: true, channel, ts}` or 200 `{ok: false, error}` (invalid_auth,
 * channel_not_found, thread_not_found, invalid_blocks) as Slack does. A `thread_ts` must be the
 * ts of a message in that channel.
 */
export async function startSlackSimulator(token = 'T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX', bot: { token: string; channels: string[] } = { token: 'xoxb-000-000-simulatorbottoken', channels: ['C0OPS'] }) {
  const accepted: unknown[] = [];
  const posted: PostedMessage[] = [];
  let clock = 1_700_000_000;
  const sim = await startSimServer((req) => {
    if (req.method !== 'POST') return { status: 405, body: 'invalid_method' };
    if (req.url === '/api/chat.postMessage') {
      if (req.headers.authorization !== `Bearer ${bot.token}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      const parsed = parseJson(req.body);
      if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return { status: 200, body: { ok: false, error: 'invalid_json' } };
      const p = parsed.value as Record<string, unknown>;
      if (typeof p.channel !== 'string' || !bot.channels.includes(p.channel)) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
      const problem = slackProblem(p);
      if (problem) return { status: 200, body: { ok: false, error: problem === 'no_text' ? 'no_text' : 'invalid_blocks' } };
      const threadTs = typeof p.thread_ts === 'string' ? p.thread_ts : undefined;
      if (threadTs && !posted.some((m) => m.channel === p.channel && m.ts === threadTs)) return { status: 200, body: { ok: false, error: 'thread_not_found' } };
      const ts = `${++clock}.000100`;
      posted.push({ channel: p.channel, ts, ...(threadTs ? { threadTs } : {}), replyBroadcast: p.reply_broadcast === true, payload: p, arrived: req.arrived });
      return { status: 200, body: { ok: true, channel: p.channel, ts, message: { text: p.text, ts } } };
    }
    if (req.url !== `/services/${token}`) return { status: 404, body: 'no_service' };
    const parsed = parseJson(req.body);
    if (!parsed.ok) return { status: 400, body: 'invalid_payload' };
    const problem = slackProblem(parsed.value);
    if (problem) return { status: 400, body: problem };
    accepted.push(parsed.value);
    return { status: 200, body: 'ok' };
  });
  return { ...sim, accepted, posted, bot, webhookUrl: `${sim.url}/services/${token}`, apiUrl: `${sim.url}/api/chat.postMessage` };
}
