import type { RunMessage } from '../message.js';
import { renderPlainText } from '../message.js';

/** The webhook's JSON body: the event, a readable summary, and the whole run result. Pure. */
export function buildWebhookBody(m: RunMessage, timestamp: number): Record<string, unknown> {
  return {
    source: 'smokeguard',
    timestamp,
    event: m.event,
    events: m.events,
    verdict: m.verdict,
    title: m.title,
    headline: m.headline,
    text: renderPlainText(m),
    deployment: m.identity,
    reportUrl: m.reportUrl,
    rollback: m.rollback,
    ...(m.pending ? { pending: m.pending } : {}),
    followUp: m.followUp,
    findings: m.findings,
    result: m.result,
  };
}
