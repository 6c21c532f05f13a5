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

export async function startSlackSimulator(token = 'T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX') {
  const accepted: unknown[] = [];
  const sim = await startSimServer((req) => {
    if (req.method !== 'POST') return { status: 405, body: 'invalid_method' };
    if (req.url !== `/services/${token}`) return { status: 404, body: 'no_service' };
    const parsed = parseJson(req.body);
    if (!parsed.ok) return { status: 400, body: 'invalid_payload' };
    const problem = slackProblem(parsed.value);
    if (problem) return { status: 400, body: problem };
    accepted.push(parsed.value);
    return { status: 200, body: 'ok' };
  });
  return { ...sim, accepted, webhookUrl: `${sim.url}/services/${token}` };
}
