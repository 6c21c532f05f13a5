import type { Arrival } from './arrivals.js';
import { parseJson, startSimServer } from './http-server.js';

/**
 * PagerDuty Events API v2 (developer.pagerduty.com, "Send an Alert Event"): POST /v2/enqueue,
 * 202 {status: "success", message: "Event processed", dedup_key}, 400 {status: "invalid event",
 * message: "Event object is invalid", errors: [...]} for what the real API refuses. Keeps
 * incidents by dedup key: triggers on the same key become alerts of one incident.
 */
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

export function pagerDutyProblems(e: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) errors.push("'routing_key' is invalid");
  if (typeof e.event_action !== 'string' || !ACTIONS.has(e.event_action)) errors.push("'event_action' is invalid");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255)) errors.push("'dedup_key' is invalid");
  if (e.event_action !== 'trigger' && typeof e.dedup_key !== 'string') errors.push("'dedup_key' is missing");
  if (e.event_action === 'trigger') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== 'object') errors.push("'payload' is missing or blank");
    else {
      if (typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing or blank");
      else if (p.summary.length > 1024) errors.push("'payload.summary' is too long");
      if (typeof p.source !== 'string' || !p.source) errors.push("'payload.source' is missing or blank");
      if (typeof p.severity !== 'string' || !SEVERITIES.has(p.severity)) errors.push("'payload.severity' is invalid (must be one of critical, error, warning, info)");
    }
  }
  return errors;
}

export interface SimIncident {
  dedupKey: string;
  status: 'triggered' | 'resolved';
  alerts: number;
  summary?: string;
  severity?: string;
}

export async function startPagerDutySimulator() {
  const incidents = new Map<string, SimIncident>();
  const events: Array<Record<string, unknown>> = [];
  /** When each accepted event arrived, index for index with `events`. */
  const arrivals: Arrival[] = [];
  let generated = 0;
  const sim = await startSimServer((req) => {
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') return { status: 404, body: { status: 'not found' } };
    const parsed = parseJson(req.body);
    if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid JSON'] } };
    const e = parsed.value as Record<string, unknown>;
    const errors = pagerDutyProblems(e);
    if (errors.length) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
    events.push(e);
    arrivals.push(req.arrived);
    const key = typeof e.dedup_key === 'string' ? e.dedup_key : `generated-${++generated}`;
    const existing = incidents.get(key);
    const payload = e.payload as { summary?: string; severity?: string } | undefined;
    if (e.event_action === 'trigger') {
      if (existing && existing.status === 'triggered') existing.alerts++;
      else incidents.set(key, { dedupKey: key, status: 'triggered', alerts: 1, summary: payload?.summary, severity: payload?.severity });
    } else if (e.event_action === 'resolve' && existing) existing.status = 'resolved';
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: key } };
  });
  return { ...sim, incidents, events, arrivals, enqueueUrl: `${sim.url}/v2/enqueue` };
}
