import * as z from 'zod';
import { httpResult } from '../../notifiers/deliver.js';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from '../../notifiers/webhook/sign.js';
import { parseJsonBody } from '../../util/http.js';
import { defineIncidentProvider } from '../provider.js';
import { readTicketState, recordTicket } from '../state-file.js';
import { webhookIncidentOptions as webhookOptions } from '../../notifiers/all-options.js';

/** Reads `a.b.c` out of a JSON answer. */
function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

export const webhook = defineIncidentProvider({
  ...webhookOptions,
  async open(o, ticket, ctx) {
    if (o.state_file) {
      const known = (await readTicketState(o.state_file))[ticket.dedupKey];
      if (known?.id) return { ok: true, id: known.id, url: known.url, created: false };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const raw = JSON.stringify(ctx.redactor.value({ source: 'smokeguard', timestamp, dedup_key: ticket.dedupKey, marker: ticket.marker, title: ticket.title, body: ticket.body, labels: ticket.labels, severity: ticket.severity }));
    const headers: Record<string, string> = { ...o.headers, 'content-type': 'application/json', 'user-agent': 'smokeguard', [TIMESTAMP_HEADER]: String(timestamp), [EVENT_HEADER]: 'incident' };
    if (o.secret) headers[SIGNATURE_HEADER] = signBody(o.secret, raw);
    const res = await ctx.http.request({ method: 'POST', url: o.url, headers, body: raw, signal: ctx.signal });
    const answered = httpResult(res.status, res.body);
    if (!answered.ok) return answered;
    const json = parseJsonBody(res);
    const id = pick(json, o.id_field);
    if (typeof id !== 'string' && typeof id !== 'number') return { ok: false, retryable: false, error: `the answer (HTTP ${res.status}) has no id at "${o.id_field}"` };
    const link = o.url_field ? pick(json, o.url_field) : undefined;
    const found = { id: String(id), url: typeof link === 'string' ? link : undefined };
    // A receiver that deduplicates says so: 200 (not 201) or "deduplicated": true.
    const created = !(res.status === 200 || pick(json, 'deduplicated') === true);
    if (o.state_file) {
      // The ticket exists now: failing to remember it must not turn into a retry that opens another.
      try {
        await recordTicket(o.state_file, ticket.dedupKey, found);
      } catch (err) {
        return { ok: true, ...found, created, warning: `ticket not recorded in ${o.state_file}: ${(err as Error).message}` };
      }
    }
    return { ok: true, ...found, created };
  },
});
