import { renderPlainText, type RunMessage } from '../notifiers/message.js';

/** What every ticket provider files: a title with a dedup marker, a body, labels. Pure. */
export interface TicketContent {
  title: string;
  body: string;
  labels: string[];
  /** The run identity's label (`smokeguard-<hash>`): the marker searched for before creating. */
  marker: string;
  /** The identity key, for providers with a dedup field of their own. */
  dedupKey: string;
  severity: 'critical' | 'warning';
}

export function buildTicket(m: RunMessage, extraLabels: readonly string[] = []): TicketContent {
  const what = m.event === 'rollback_failed' ? 'rollback failed' : 'smoke tests failed';
  return {
    title: `[smokeguard] ${m.identity.deployment}@${m.identity.revision}: ${what} (${m.identity.label})`.slice(0, 250),
    body: `${renderPlainText(m)}\n\nDeployment key: ${m.identity.key}\nThis ticket is found again by the label ${m.identity.label}: re-runs for the same deployment and revision do not open another.`,
    labels: ['smokeguard', m.identity.label, ...extraLabels],
    marker: m.identity.label,
    dedupKey: m.identity.key,
    severity: m.verdict === 'warning' && m.event !== 'rollback_failed' ? 'warning' : 'critical',
  };
}
