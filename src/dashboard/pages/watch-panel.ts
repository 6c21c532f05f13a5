import type { WatchProgress, WatchReport } from '../../core/types.js';
import { duration } from '../../reporters/format.js';
import type { RunSummary } from '../store/types.js';
import { ago, e, runLink, utc } from './format.js';
import { trendChart } from './trend-chart.js';

/**
 * A watch in progress, as it goes: where it stands ("watching 12/30 · 1 failed interval"), one
 * mark per interval (✓ passed, ⚠ warning or could not measure, ✗ failed) with its p95, and the
 * p95 over the intervals. Followed live by the page (live.js); the report replaces it at the end.
 */

/**
 * The panel's styles, self-contained (scoped to .watching): in the pages' layout, and beside a
 * finished watch's report, whose page has the report renderer's own stylesheet.
 */
export const WATCH_PANEL_CSS = `
.watching{background:#fff;border:2px solid #0969da;border-radius:8px;padding:10px 14px;margin:0 0 12px}
.watching h2{font-size:1.15rem;margin:4px 0}.watching .dim{color:#59636e}.watching .name{font-weight:600;overflow-wrap:anywhere}
.watching .bad,.watching .headline.bad{color:#cf222e;font-weight:600}.watching .warn,.watching .headline.warn{color:#9a6700;font-weight:600}
.watching ol.strip{display:flex;flex-wrap:wrap;gap:3px;list-style:none;padding:0;margin:8px 0}
.watching .iv{display:flex;flex-direction:column;align-items:center;min-width:30px;padding:1px 2px;border-radius:4px;background:#eff1f3;font-size:.75rem;line-height:1.3}
.watching .iv .mark{font-size:1rem;font-weight:700}.watching .iv.ok{background:#dafbe1;color:#1a7f37}.watching .iv.bad{background:#ffebe9;color:#cf222e}
.watching .iv.warn{background:#fff8c5;color:#9a6700}.watching .iv.todo{color:#8c959f;background:#f6f8fa}
.watching svg.trend{display:block;width:100%;height:48px}.watching svg.trend polyline{fill:none;stroke:#0969da;stroke-width:1.5}.watching svg.trend circle.bad{fill:#cf222e}
`;

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

/** A finished long watch's report holds every interval: the strip shows the newest of them. */
const STRIP_MAX = 500;

function strip(w: WatchProgress): string {
  const shown = w.intervals.slice(-STRIP_MAX);
  const cells = shown.map((i) => {
    const what = `interval ${i.index}: ${i.outcome === 'error' ? 'could not measure' : i.outcome}, ${i.passed}/${i.total} passed, p95 ${duration(i.p95Ms)}${i.problems?.length ? ` — ${i.problems.map((p) => `${p.name}: ${p.reason ?? p.status}`).join('; ')}` : ''}`;
    return `<li class="iv ${CLASS[i.outcome]}" title="${e(what)}"><span class="mark" aria-label="${e(what)}">${MARK[i.outcome]}</span><span class="p95">${e(i.p95Ms)}</span></li>`;
  });
  const left = w.status === 'running' ? Math.max(0, w.plannedIntervals - lastIndex(w)) : 0;
  // The intervals still to come, as empty cells (at most a screenful: a long watch shows its count).
  const todo = Array.from({ length: Math.min(left, 60) }, () => '<li class="iv todo" aria-hidden="true"><span class="mark">·</span><span class="p95">&nbsp;</span></li>');
  const more = left > 60 ? `<li class="iv todo dim">+${e(left - 60)}</li>` : '';
  const skipped = shown[0] && shown[0].index > 1 ? `<li class="iv todo dim">1–${e(shown[0].index - 1)}</li>` : '';
  return `<ol class="strip" aria-label="intervals, p95 in ms">${skipped}${cells.join('')}${todo.join('')}${more}</ol>`;
}

function problems(w: WatchProgress): string {
  const last = [...w.intervals].reverse().find((i) => i.problems?.length);
  if (!last) return '';
  return `<p>Last problem, interval ${e(last.index)}: ${last.problems!.map((p) => `<span class="name">${e(p.name)}</span>: ${e(p.reason ?? p.status.replace('_', ' '))}`).join('; ')}</p>`;
}

export function watchPanel(r: Pick<RunSummary, 'runId' | 'revision'> & { watch: WatchProgress | WatchReport }, now: number): string {
  const w = r.watch;
  const last = w.intervals[w.intervals.length - 1];
  const tone = w.status === 'failed' ? ' bad' : w.failedIntervals || w.errorIntervals || w.status === 'inconclusive' ? ' warn' : '';
  const p95 = w.intervals.length > 1
    ? `<p class="dim">p95 per interval (red: failed)</p><div class="chart-box">${trendChart({ name: 'p95', points: w.intervals.slice(-STRIP_MAX).map((i) => ({ runId: String(i.index), durationMs: i.p95Ms, status: i.outcome === 'failed' ? 'failed' : 'passed' })) })}</div>`
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
