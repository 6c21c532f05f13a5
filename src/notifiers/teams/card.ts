import { clip } from '../options.js';
import { failureText, findingsFor, type RunMessage } from '../message.js';

/** Teams rejects messages over ~28 KB; keep each text block short and the list bounded. */
export const TEAMS_TEXT_MAX = 2000;
export const TEAMS_MAX_FAILURES = 15;

/**
 * An Adaptive Card wrapped as Teams' Workflows ("When a Teams webhook request is received")
 * expect it; the retired Office 365 connectors accepted the same envelope. Pure.
 */
export function buildTeamsMessage(m: RunMessage): Record<string, unknown> {
  const colour = m.verdict === 'passed' && m.event !== 'rollback_failed' ? 'Good' : m.verdict === 'warning' ? 'Warning' : 'Attention';
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', text: clip(m.title, 200), weight: 'Bolder', size: 'Medium', color: colour, wrap: true },
    { type: 'TextBlock', text: clip(m.headline, TEAMS_TEXT_MAX), wrap: true },
  ];
  for (const [i, f] of m.failures.slice(0, TEAMS_MAX_FAILURES).entries()) {
    const lines = [`**${i + 1}. ${failureText(f)}**`];
    for (const x of findingsFor(m, f.name)) lines.push(`Issue: ${x.issue}`, `Impact: ${x.impact}`, ...x.remediation.map((r) => `- \`${r}\``));
    body.push({ type: 'TextBlock', text: clip(lines.join('\n\n'), TEAMS_TEXT_MAX), wrap: true, separator: i === 0 });
  }
  const facts = [
    { title: 'Rollback', value: m.rollback ? `${m.rollback.status}${m.rollback.to ? ` → ${m.rollback.to}` : ''}` : 'none' },
    { title: 'Checks', value: `${m.summary.passed}/${m.summary.total} passed` },
    { title: 'Run', value: m.runId },
  ];
  body.push({ type: 'FactSet', facts });
  const card: Record<string, unknown> = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body };
  if (m.reportUrl) card.actions = [{ type: 'Action.OpenUrl', title: 'Open the full report', url: m.reportUrl }];
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
