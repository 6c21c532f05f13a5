import type { WatchProgress } from '../../core/types.js';
import { duration } from '../../reporters/format.js';
import type { RunSummary } from '../store/types.js';
import { ago, e, runLink, utc } from './format.js';
import { trendChart } from './trend-chart.js';

/**
 * A watch in progress, as it goes: where it stands ("watching 12/30 · 1 failed interval"), one
 * mark per interval (✓ passed, ⚠ warning or could not measure, ✗ failed) with its p95, and the
 * p95 over the intervals. Followed live by the page (live.js); the report replaces it at the end.
 */

const MARK = { passed: '✓', warning: '⚠', failed: '✗', error: '⚠' } as const;
const CLASS = { passed: 'ok', warning: 'warn', failed: 'bad', error: 'warn' } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The last interval measured (0 before the first). */
export const lastIndex = (w: WatchProgress): number => w.intervals[w.intervals.length - 1]?.index ?? 0;

/** "watching 12/30 · 1 failed interval", "watch failed at 5/30", "watch passed 30/30". */
export function watchHeadline(w: WatchProgress): string {
  const at = `${lastIndex(w)}/${w.plannedIntervals}`;
  const counts = [w.failedIntervals ? plural(w.failedIntervals, 'failed interval') : '', w.errorIntervals ? `${w.errorIntervals} could not measure` : ''].filter(Boolean);
  const head = w.status === 'running' ? `watching ${at}` : w.status === 'passed' ? `watch passed ${at}` : `watch ${w.status} at ${at}`;
  return [head, ...counts].join(' · ');
}

function strip(w: WatchProgress): string {
  const cells = w.intervals.map((i) => {
    const what = `interval ${i.index}: ${i.outcome === 'error' ? 'could not measure' : i.outcome}, ${i.passed}/${i.total} passed, p95 ${duration(i.p95Ms)}${i.problems?.length ? ` — ${i.problems.map((p) => `${p.name}: ${p.reason ?? p.status}`).join('; ')}` : ''}`;
    return `<li class="iv ${CLASS[i.outcome]}" title="${e(what)}"><span class="mark" aria-label="${e(what)}">${MARK[i.outcome]}</span><span class="p95">${e(i.p95Ms)}</span></li>`;
  });
  const left = w.status === 'running' ? Math.max(0, w.plannedIntervals - lastIndex(w)) : 0;
  // The intervals still to come, as empty cells (at most a screenful: a long watch shows its count).
  const todo = Array.from({ length: Math.min(left, 60) }, () => '<li class="iv todo" aria-hidden="true"><span class="mark">·</span><span class="p95">&nbsp;</span></li>');
  const more = left > 60 ? `<li class="iv todo dim">+${e(left - 60)}</li>` : '';
  const skipped = w.intervals[0] && w.intervals[0].index > 1 ? `<li class="iv todo dim">1–${e(w.intervals[0].index - 1)}</li>` : '';
  return `<ol class="strip" aria-label="intervals, p95 in ms">${skipped}${cells.join('')}${todo.join('')}${more}</ol>`;
}

function problems(w: WatchProgress): string {
  const last = [...w.intervals].reverse().find((i) => i.problems?.length);
  if (!last) return '';
  return `<p>Last problem, interval ${e(last.index)}: ${last.problems!.map((p) => `<span class="name">${e(p.name)}</span>: ${e(p.reason ?? p.status.replace('_', ' '))}`).join('; ')}</p>`;
}

export function watchPanel(r: RunSummary & { watch: WatchProgress }, now: number): string {
  const w = r.watch;
  const last = w.intervals[w.intervals.length - 1];
  const tone = w.status === 'failed' ? ' bad' : w.failedIntervals || w.errorIntervals || w.status === 'inconclusive' ? ' warn' : '';
  const p95 = w.intervals.length > 1
    ? `<p class="dim">p95 per interval (red: failed)</p><div class="chart-box">${trendChart({ name: 'p95', points: w.intervals.map((i) => ({ runId: String(i.index), durationMs: i.p95Ms, status: i.outcome === 'failed' ? 'failed' : 'passed' })) })}</div>`
    : '';
  const limits = `every ${duration(w.intervalMs)} · critical at ${w.limits.failureLimit} failed or ${w.limits.consecutiveFailures} in a row`;
  return `<section class="card watching" id="watch-${e(r.runId)}">
<h2><span class="headline${tone}">${e(watchHeadline(w))}</span></h2>
<p>Run ${runLink(r.runId)}${r.revision ? ` · revision <code>${e(r.revision)}</code>` : ''} · <span class="dim">${e(limits)}</span></p>
${w.reason ? `<p class="${w.status === 'failed' ? 'bad' : 'warn'}">${e(w.reason)}</p>` : ''}
${strip(w)}
${last ? `<p class="dim">Last interval ${e(last.index)}: p95 ${e(duration(last.p95Ms))}, started ${e(utc(Date.parse(last.startedAt)))} (${e(ago(Date.parse(last.startedAt), now))})</p>` : '<p class="dim">No interval measured yet.</p>'}
${problems(w)}${p95}
</section>`;
}
