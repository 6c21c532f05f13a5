import type { WatchInterval, WatchReport } from '../core/types.js';
import type { Style } from '../reporters/style.js';
import type { WindowState } from './judge.js';

/** The watch's console lines. Pure: each returns text; the CLI writes it. */

const MARK = { passed: '✓', warning: '⚠', failed: '✗', error: '⚠' } as const;

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);

/** `[12/30] ✓ 7/7 · p95 41 ms`, with what went wrong and the window's count when it did. */
export function renderIntervalLine(interval: WatchInterval, planned: number, state: WindowState, style: Style): string {
  const paint = interval.outcome === 'passed' ? style.ok : interval.outcome === 'failed' ? style.bad : style.warn;
  const head = `[${interval.index}/${planned}] ${paint(MARK[interval.outcome])} ${interval.passed}/${interval.total} · p95 ${ms(interval.p95Ms)}`;
  const problems = (interval.problems ?? []).map((p) => `${p.name}: ${p.reason ?? p.status.replace('_', ' ')}`);
  const tail: string[] = [];
  if (problems.length) tail.push(problems.slice(0, 2).join('; ') + (problems.length > 2 ? ` (+${problems.length - 2})` : ''));
  if (interval.outcome === 'failed') tail.push(`${state.failed} failed, ${state.consecutiveFailed} in a row`);
  if (state.status !== 'running') tail.push(paint(state.status === 'failed' ? `window failed: ${state.reason}` : `inconclusive: ${state.reason}`));
  return tail.length ? `${head} · ${tail.join(' · ')}` : head;
}

/** The line before the first interval. */
export function renderWatchStart(report: Pick<WatchReport, 'plannedIntervals' | 'intervalMs' | 'checks' | 'limits'>): string {
  const { failureLimit, consecutiveFailures } = report.limits;
  return `Watching ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} every ${ms(report.intervalMs)} for ${report.plannedIntervals} intervals (critical at ${failureLimit} failed or ${consecutiveFailures} in a row)`;
}
