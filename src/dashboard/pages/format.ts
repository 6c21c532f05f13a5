import { escapeXml as e } from '../../reporters/format.js';
import type { RunSummary } from '../store/types.js';

export { e };

/** "3 min ago", "2 h ago", "5 d ago". */
export function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The run's state as a coloured label: its verdict once finished. */
export function stateBadge(r: RunSummary): string {
  if (r.state === 'awaiting') return '<span class="v v-awaiting">awaiting confirmation</span>';
  if (r.state === 'running' && r.watch) return `<span class="v v-running">${e(r.watch.status === 'running' ? `watching ${watchKey(r)}` : 'running')}</span>`;
  if (r.state === 'running') return '<span class="v v-running">running</span>';
  const v = r.verdict ?? 'none';
  return `<span class="v v-${e(v)}">${e(v)}${r.dryRun ? ' (dry run)' : ''}</span>`;
}

export const runLink = (runId: string, text: string = runId): string => `<a href="/runs/${encodeURIComponent(runId)}">${e(text)}</a>`;
export const deploymentLink = (name: string): string => `<a href="/deployments/${encodeURIComponent(name)}">${e(name)}</a>`;

/** A watch's place: "12/30" (the last interval measured of those planned), and how it stands. Same formula in live.js. */
export function watchKey(r: Pick<RunSummary, 'watch'>): string {
  const w = r.watch;
  if (!w) return '';
  return `${w.intervals[w.intervals.length - 1]?.index ?? 0}/${w.plannedIntervals}${w.status === 'running' ? '' : ` ${w.status}`}`;
}

/**
 * What live.js compares: the waiting runs and whether each was answered; with `watching`, also
 * where each watch in progress stands. Same formula in live.js.
 */
export function awaitingState(runs: readonly RunSummary[], watching?: readonly RunSummary[]): string {
  const waiting = runs.map((r) => `${r.runId}:${r.answer?.decision ?? ''}`).sort().join(',');
  return watching ? `${waiting}|${watching.map((r) => `${r.runId}:${watchKey(r)}`).sort().join(',')}` : waiting;
}

/** What live.js compares on a run's page: its state, its answer, where its watch stands. Same formula in live.js. */
export function runState(r: RunSummary): string {
  return `${r.state}:${r.answer?.decision ?? ''}:${watchKey(r)}`;
}
