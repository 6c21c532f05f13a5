import { parseJson, startSimServer } from './http-server.js';

/**
 * A Teams Workflows webhook ("When a Teams webhook request is received" → post card): 202 for a
 * `message` whose attachment is an Adaptive Card (type, version, body of known elements),
 * 400 otherwise, as the flow's "Post card" step fails on a malformed card.
 */
const ELEMENTS = new Set(['TextBlock', 'FactSet', 'ColumnSet', 'Container', 'Image', 'RichTextBlock', 'ActionSet']);

export function teamsProblem(payload: unknown): string | undefined {
  const p = payload as { type?: unknown; attachments?: Array<{ contentType?: unknown; content?: Record<string, unknown> }> } | null;
  if (!p || p.type !== 'message' || !Array.isArray(p.attachments) || p.attachments.length === 0) return 'message with attachments expected';
  const a = p.attachments[0]!;
  if (a.contentType !== 'application/vnd.microsoft.card.adaptive') return 'adaptive card content type expected';
  const c = a.content;
  if (!c || c.type !== 'AdaptiveCard' || typeof c.version !== 'string' || !Array.isArray(c.body)) return 'AdaptiveCard with version and body expected';
  for (const el of c.body as Array<{ type?: unknown }>) if (typeof el.type !== 'string' || !ELEMENTS.has(el.type)) return `unknown element ${String(el.type)}`;
  if (Buffer.byteLength(JSON.stringify(payload)) > 28 * 1024) return 'message too large';
  return undefined;
}

export async function startTeamsSimulator() {
  const accepted: unknown[] = [];
  const sim = await startSimServer((req) => {
    const parsed = parseJson(req.body);
    const problem = parsed.ok ? teamsProblem(parsed.value) : 'invalid JSON';
    if (problem) return { status: 400, body: { error: { code: 'InvalidRequestContent', message: problem } } };
    accepted.push(parsed.ok ? parsed.value : undefined);
    return { status: 202 };
  });
  return { ...sim, accepted, webhookUrl: `${sim.url}/workflows/abc/triggers/manual/paths/invoke?sig=teamsSigPlanted123` };
}
