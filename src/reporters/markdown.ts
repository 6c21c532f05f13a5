import type { Finding } from '../analysis/types.js';
import type { CheckResult, RunResult, Verdict } from '../core/types.js';
import {
  KINDS, KIND_TITLE, STATUS_LABEL, VERDICT_LINE, clockUtc, duration, findingsOfRun, incidentOf, notificationsOf, rollbackOf,
  splitCommand, summaryLine,
} from './format.js';

/**
 * report.md: GitHub-flavoured markdown, also appended to $GITHUB_STEP_SUMMARY. Pure.
 * Everything from the run is escaped: text through `md()` (no HTML, no stray emphasis or
 * table breaks), commands as code spans, response excerpts in fences longer than any
 * backtick run inside them.
 */

const ICON: Record<Verdict, string> = { passed: '✅', warning: '⚠️', critical: '❌', aborted: '⏹️', deployment_failed: '🚫' };
const STATUS_ICON: Record<CheckResult['status'], string> = {
  passed: '✅', failed: '❌', timed_out: '⏱️', error: '⚠️', blocked: '⛔', skipped: '➖',
};

/** Escapes text for markdown (and table cells): HTML, emphasis, links, pipes, newlines. */
export function md(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** A code span that survives any backticks inside. Not for table cells (a pipe would split them). */
function code(value: string): string {
  const text = value.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text}${fence}`;
}

function fenced(value: string, lang = ''): string[] {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD'), fence];
}

function header(result: RunResult): string[] {
  const t = result.target;
  const where = [t.environment && `**${md(t.environment)}**`, t.deployment && `deployment ${code(`${t.namespace ? `${t.namespace}/` : ''}${t.deployment}`)}`, t.baseUrl && md(t.baseUrl)]
    .filter(Boolean).join(' · ');
  return [
    `## ${ICON[result.verdict]} ${md(VERDICT_LINE[result.verdict])}${result.dryRun ? ' (dry run)' : ''}`,
    '',
    `${where ? `${where} · ` : ''}run ${code(result.runId)} · ${duration(result.durationMs)} · ${md(result.tool.name)} ${md(result.tool.version)}`,
    '',
    md(summaryLine(result)),
    ...(result.abortReason ? ['', `> ⏹️ Aborted: ${md(result.abortReason)}. No verdict on the deployment.`] : []),
    ...(result.deadlineReached ? ['', `> ⏱️ The run deadline of ${Math.round(result.deadlineMs / 1000)} s was reached: results are incomplete.`] : []),
  ];
}

function finding(f: Finding, index: number): string[] {
  return [
    `### ${index + 1}. ${f.severity === 'critical' ? '🔴' : '🟡'} ${md(f.title)}`,
    '',
    `- **Issue:** ${md(f.issue)}`,
    `- **Impact:** ${md(f.impact)}`,
    `- **Probable cause:** ${md(f.probableCause)}`,
    ...(f.checks.length ? [`- **Checks:** ${f.checks.map((c) => md(c)).join(', ')}`] : []),
    `- **Rule:** ${code(f.rule)}`,
    '',
    '**Remediation**',
    '',
    ...f.remediation.map((step, i) => {
      const { text, command } = splitCommand(step);
      return `${i + 1}. ${md(text)}${command ? `${text ? ' ' : ''}${code(command)}` : ''}`;
    }),
    '',
  ];
}

function outcomeSection(result: RunResult): string[] {
  const d = result.decision;
  const lines = [`- **Decision:** ${md(d.action)}${d.mode ? ` (${md(d.mode.replace(/_/g, ' '))})` : ''} — ${md(d.reason)}`];
  const rb = rollbackOf(result);
  if (rb) {
    const images = rb.currentImage || rb.previousImage ? ` (${code(rb.currentImage ?? '?')} → ${code(rb.previousImage ?? '?')})` : '';
    lines.push(`- **Rollback:** ${md(rb.status.replace(/_/g, ' '))}${images}${rb.message ?? rb.reason ? ` — ${md(rb.message ?? rb.reason)}` : ''}`);
    if (rb.alertOps) lines.push(`- **🚨 Ops must act now.**${rb.manualCommand ? ` Manual rollback: ${code(rb.manualCommand)}` : ''}`);
  }
  const notes = notificationsOf(result);
  if (notes.length) lines.push(`- **Notifications:** ${notes.map((n) => `${md(n.channel)} ${md(n.status)}${n.detail ? ` (${md(n.detail)})` : ''}`).join('; ')}`);
  const inc = incidentOf(result);
  if (inc) lines.push(`- **Incident:** ${inc.id ? `${md(inc.id)} (${md(inc.provider)}${inc.created ? ', created' : ', existing'})` : `${md(inc.provider)} failed: ${md(inc.error)}`}${inc.url ? ` — ${md(inc.url)}` : ''}`);
  return lines;
}

function checkTable(checks: CheckResult[]): string[] {
  const rows = checks.map((c) => {
    const status = `${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]}${c.severity !== 'none' ? ` (${c.severity})` : ''}`;
    const detail = c.status === 'passed' ? [c.httpStatus ? String(c.httpStatus) : '', c.summary ?? ''].filter(Boolean).join(' — ') : c.reason ?? '';
    const time = c.status === 'blocked' || c.status === 'skipped' ? '' : duration(c.durationMs);
    return `| ${md(c.name)} | ${status} | ${c.required ? 'yes' : 'no'} | ${md(c.target ?? c.type)} | ${time} | ${md(detail)} |`;
  });
  return ['| Check | Status | Required | Target | Time | Details |', '| --- | --- | --- | --- | --- | --- |', ...rows];
}

/** Per failing check: assertions, components, steps and the response excerpt, folded. */
function details(c: CheckResult): string[] {
  const lines: string[] = [];
  for (const a of (c.assertions ?? []).filter((x) => !x.passed)) lines.push(`- assertion ${md(a.name)}: expected ${code(JSON.stringify(a.expected) ?? '')}, got ${code(JSON.stringify(a.actual) ?? '')}`);
  for (const comp of c.components ?? []) lines.push(`- component **${md(comp.name)}**: ${md(comp.status)}${comp.output ? ` — ${md(comp.output)}` : ''}`);
  for (const s of c.steps ?? []) lines.push(`- step ${s.index + 1} ${md(s.name)}${s.method ? ` ${code(`${s.method} ${s.target ?? ''}`.trim())}` : ''}: ${md(s.status)}${s.httpStatus ? ` (${s.httpStatus})` : ''}${s.reason ? ` — ${md(s.reason)}` : ''}`);
  if (c.bodyExcerpt) lines.push('', 'Response excerpt:', '', ...fenced(c.bodyExcerpt));
  if (!lines.length) return [];
  return ['<details>', `<summary>${md(c.name)}: ${md(c.reason ?? STATUS_LABEL[c.status])}</summary>`, '', ...lines, '', '</details>', ''];
}

function timeline(result: RunResult): string[] {
  const shown = result.timeline.filter((e) => e.kind !== 'check_started' && e.kind !== 'check_finished');
  if (!shown.length) return [];
  return ['### Timeline (UTC)', '', ...shown.map((e) => `- ${clockUtc(e.at)} — ${md(e.message)}`), ''];
}

export function render(result: RunResult): string {
  const findings = findingsOfRun(result);
  const out: string[] = [...header(result), ''];
  if (findings.length) {
    const critical = findings.filter((f) => f.severity === 'critical').length;
    out.push(`### Findings (${critical} critical, ${findings.length - critical} warning${findings.length - critical === 1 ? '' : 's'})`, '');
    findings.forEach((f, i) => out.push(...finding(f, i)));
  }
  out.push('### Outcome', '', ...outcomeSection(result), '');
  for (const kind of KINDS) {
    const checks = result.checks.filter((c) => c.kind === kind);
    if (!checks.length) continue;
    out.push(`### ${KIND_TITLE[kind]}`, '', ...checkTable(checks), '');
    for (const c of checks.filter((x) => x.severity !== 'none' || x.status === 'blocked')) out.push(...details(c));
  }
  out.push(...timeline(result));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export { render as renderMarkdown };
