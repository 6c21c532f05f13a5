import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseJson, startSimServer } from './http-server.js';

/**
 * A receiver that does what the docs tell users to do: recompute HMAC-SHA256 over the raw body
 * with the shared secret and compare with X-Smokeguard-Signature in constant time (written
 * here independently of src/, so a signing bug cannot verify itself). 401 on a bad signature.
 * As an incident endpoint it answers {id}, deduplicating on dedup_key when `dedup` is on.
 */
export async function startWebhookReceiver(options: { secret?: string; dedup?: boolean; idPrefix?: string } = {}) {
  const verified: Array<Record<string, unknown>> = [];
  const tickets = new Map<string, string>();
  const sim = await startSimServer((req) => {
    if (options.secret) {
      const expected = Buffer.from(`sha256=${createHmac('sha256', options.secret).update(req.body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-smokeguard-signature'] ?? ''));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 401, body: { error: 'signature mismatch' } };
    }
    const parsed = parseJson(req.body);
    if (!parsed.ok) return { status: 400, body: { error: 'not JSON' } };
    const body = parsed.value as Record<string, unknown>;
    verified.push(body);
    if (typeof body.dedup_key === 'string') {
      const known = tickets.get(body.dedup_key);
      if (known && options.dedup) return { status: 200, body: { id: known, deduplicated: true } };
      const id = `${options.idPrefix ?? 'INC-2026-'}${String(542 + tickets.size).padStart(4, '0')}`;
      tickets.set(body.dedup_key, id);
      return { status: 201, body: { id, url: `${sim.url}/tickets/${id}` } };
    }
    return { status: 204 };
  });
  return { ...sim, verified, tickets };
}
