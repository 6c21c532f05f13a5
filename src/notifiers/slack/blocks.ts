import { clip } from '../options.js';
import { answerLines, failureText, findingsFor, renderPlainText, type RunMessage } from '../message.js';

/** Slack's published limits for incoming-webhook messages. */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_SECTION_TEXT_MAX = 3000;
export const SLACK_HEADER_TEXT_MAX = 150;
/** Slack truncates `text` past 40 000 chars; a fallback longer than a screen helps nobody. */
export const SLACK_FALLBACK_TEXT_MAX = 3000;
/** Failures rendered as their own section; the rest are counted in one line (keeps us under 50 blocks). */
export const SLACK_MAX_FAILURE_SECTIONS = 20;

export type SlackBlock = Record<string, unknown> & { type: string };
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  channel?: string;
  username?: string;
  icon_emoji?: string;
}

/** Slack's mrkdwn control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SLACK_SECTION_TEXT_MAX) } };
}

function failureSection(m: RunMessage, f: RunMessage['failures'][number], index: number): SlackBlock {
  const lines = [`*${index}. ${escapeMrkdwn(failureText(f))}*`];
  for (const finding of findingsFor(m, f.name)) {
    lines.push(`Issue: ${escapeMrkdwn(finding.issue)}`, `Impact: ${escapeMrkdwn(finding.impact)}`, `Probable cause: ${escapeMrkdwn(finding.probableCause)}`);
    if (finding.remediation.length) lines.push('```' + escapeMrkdwn(finding.remediation.join('\n')) + '```');
  }
  return section(lines.join('\n'));
}

/** Block Kit message of a run: pure, within Slack's block count and text limits. */
export function buildSlackPayload(m: RunMessage, opts: { channel?: string; username?: string; icon_emoji?: string; mention?: string } = {}): SlackPayload {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.title, SLACK_HEADER_TEXT_MAX), emoji: true } },
    section(`${opts.mention ? `${opts.mention} ` : ''}${escapeMrkdwn(m.headline)}`),
  ];
  // The answer commands, right under the question, in a code block to copy as they are.
  const answer = answerLines(m);
  if (answer.length) blocks.push(section(`*To answer* (before ${escapeMrkdwn(m.pending?.confirmation?.deadline ?? '')}):\n\`\`\`${escapeMrkdwn(answer.join('\n'))}\`\`\``));
  const shown = m.failures.slice(0, SLACK_MAX_FAILURE_SECTIONS);
  if (shown.length) blocks.push({ type: 'divider' });
  shown.forEach((f, i) => blocks.push(failureSection(m, f, i + 1)));
  if (m.failures.length > shown.length) blocks.push(section(`…and ${m.failures.length - shown.length} more failures: see the full report.`));
  // Findings not tied to a listed failure (e.g. about the rollback itself).
  const listed = new Set(shown.map((f) => f.name));
  for (const f of m.findings.filter((x) => !x.checks.some((c) => listed.has(c))).slice(0, 5)) {
    blocks.push(section(`*${escapeMrkdwn(f.title)}*\nIssue: ${escapeMrkdwn(f.issue)}\nImpact: ${escapeMrkdwn(f.impact)}${f.remediation.length ? '\n```' + escapeMrkdwn(f.remediation.join('\n')) + '```' : ''}`));
  }
  const context = [`*Rollback:* ${escapeMrkdwn(m.rollback ? `${m.rollback.status}${m.rollback.to ? ` → ${m.rollback.to}` : ''}` : m.decision.action === 'rollback' ? 'decided, not executed' : 'none')}`,
    `*Checks:* ${m.summary.passed}/${m.summary.total} passed`, `*Run:* ${escapeMrkdwn(m.runId)}`];
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  if (m.reportUrl) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the full report' }, url: m.reportUrl }] });
  }
  const payload: SlackPayload = { text: clip(renderPlainText(m), SLACK_FALLBACK_TEXT_MAX), blocks: blocks.slice(0, SLACK_MAX_BLOCKS) };
  if (opts.channel) payload.channel = opts.channel;
  if (opts.username) payload.username = opts.username;
  if (opts.icon_emoji) payload.icon_emoji = opts.icon_emoji;
  return payload;
}
