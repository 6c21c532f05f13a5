import type { CheckResult, RunResult, TimelineEvent, TimelineEventKind } from '../core/types.js';
import { STATUS_LABEL, clockUtc, duration, escapeXml as e } from './format.js';

/**
 * The run's timeline as an inline SVG chart: one bar per check from its start to its end, and
 * a vertical marker for each moment that matters (failures detected, decision, rollback,
 * deadline, incident). x positions are percentages, so the chart stretches to any width while
 * its text keeps a readable pixel size: the same SVG works on a phone and on a desktop.
 */

const MARKED: Partial<Record<TimelineEventKind, string>> = {
  failures_detected: 'failures',
  decision: 'decision',
  deadline_reached: 'deadline',
  rollback: 'rollback',
  incident: 'incident',
};

const ROW = 34;
const LABEL_LINE = 16;
const AXIS = 26;

function span(result: RunResult): { start: number; total: number } {
  const start = Date.parse(result.startedAt);
  const times = [
    Date.parse(result.finishedAt),
    ...result.checks.flatMap((c) => [c.finishedAt, c.startedAt]).filter((t): t is string => Boolean(t)).map(Date.parse),
    ...result.timeline.map((ev) => Date.parse(ev.at)),
  ].filter((t) => Number.isFinite(t));
  return { start, total: Math.max(1, ...times.map((t) => t - start)) };
}

/** A percentage with two decimals, clamped to the chart. */
const pct = (n: number): string => `${Math.min(100, Math.max(0, n)).toFixed(2)}%`;

function bar(c: CheckResult, y: number, x: (iso: string) => number): string {
  const label = `${c.name} · ${STATUS_LABEL[c.status]}${c.status === 'blocked' || c.status === 'skipped' ? '' : ` · ${duration(c.durationMs)}`}`;
  const text = `<text class="bar-label" x="0" y="${y + 12}">${e(label)}</text>`;
  if (!c.startedAt || !c.finishedAt) return text;
  const from = x(c.startedAt);
  const width = Math.max(0.6, x(c.finishedAt) - from);
  const cls = c.severity === 'critical' ? 'bad' : c.severity === 'warning' ? 'warn' : c.status === 'passed' ? 'ok' : 'none';
  const tip = `${c.name}: ${STATUS_LABEL[c.status]}, ${clockUtc(c.startedAt)}–${clockUtc(c.finishedAt)} UTC${c.reason ? ` — ${c.reason}` : ''}`;
  return `${text}<rect class="bar ${cls}" x="${pct(from)}" y="${y + 17}" width="${pct(width)}" height="11" rx="2"><title>${e(tip)}</title></rect>`;
}

function marker(ev: TimelineEvent, index: number, height: number, x: number): string {
  const anchor = x > 55 ? 'end' : 'start';
  const dx = anchor === 'end' ? -4 : 4;
  const y = (index + 1) * LABEL_LINE - 4;
  const kind = MARKED[ev.kind] ?? 'event';
  return `<g class="marker ${kind}"><title>${e(`${clockUtc(ev.at)} ${ev.message}`)}</title><line x1="${pct(x)}" x2="${pct(x)}" y1="${y - 10}" y2="${height - AXIS + 4}"/>`
    + `<text x="${pct(x)}" dx="${dx}" y="${y}" text-anchor="${anchor}">${e(`${clockUtc(ev.at)} ${shortLabel(ev.message)}`)}</text></g>`;
}

/** A marker's label must fit beside its line: the first clause, cut at a word; the whole message is its tooltip. */
export const MARKER_LABEL_CHARS = 48;
function shortLabel(message: string): string {
  const clause = message.split(/: |; | \(/)[0] ?? message;
  if (clause.length <= MARKER_LABEL_CHARS) return clause;
  return `${clause.slice(0, clause.lastIndexOf(' ', MARKER_LABEL_CHARS)).trimEnd()}…`;
}

function axis(y: number, total: number): string {
  return [0, 25, 50, 75, 100].map((p) => {
    const anchor = p === 0 ? 'start' : p === 100 ? 'end' : 'middle';
    return `<line class="tick" x1="${p}%" x2="${p}%" y1="${y}" y2="${y + 4}"/><text class="axis" x="${p}%" y="${y + 16}" text-anchor="${anchor}">${e(duration((total * p) / 100))}</text>`;
  }).join('');
}

export function renderTimelineChart(result: RunResult): string {
  const { start, total } = span(result);
  const x = (iso: string): number => ((Date.parse(iso) - start) / total) * 100;
  const events = result.timeline.filter((ev) => MARKED[ev.kind]);
  const top = events.length * LABEL_LINE + 6;
  const height = top + result.checks.length * ROW + AXIS;
  const rows = result.checks.map((c, i) => bar(c, top + i * ROW, x)).join('');
  const baseline = height - AXIS;
  const markers = events.map((ev, i) => marker(ev, i, height, x(ev.at))).join('');
  const summary = `Timeline of run ${result.runId}: ${result.checks.length} checks over ${duration(total)}${events.length ? `; ${events.map((ev) => `${clockUtc(ev.at)} ${ev.message}`).join('; ')}` : ''}`;
  return `<svg id="timeline-chart" class="chart" role="img" aria-label="${e(summary)}" width="100%" height="${height}">`
    + `<title>${e(summary)}</title>`
    + `<line class="baseline" x1="0" x2="100%" y1="${baseline}" y2="${baseline}"/>`
    + markers + rows + axis(baseline, total)
    + '</svg>';
}
