import type { CheckResult, RunResult, TimelineEvent } from '../core/types.js';
import type { Style } from './style.js';

/**
 * What `--verbose` adds to the console: under each check its attempts, assertions and (for a
 * path) every step with its time; after the run, the time each phase took. Pure.
 */

/** As the failure reasons show them (describeFailedAssertions): strings as they are, the rest as JSON. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function renderCheckDetails(check: CheckResult, style: Style): string[] {
  const lines: string[] = [];
  if (check.attempts > 0) lines.push(style.dim(`      attempts: ${check.attempts}, ${check.durationMs} ms of ${check.timeoutMs} ms allowed`));
  for (const a of check.assertions ?? []) {
    lines.push(`      ${a.passed ? style.ok('✓') : style.bad('✗')} ${a.name}: expected ${shown(a.expected)}, got ${shown(a.actual)}`);
  }
  for (const s of check.steps ?? []) {
    const mark = s.status === 'passed' ? style.ok('✓') : s.status === 'not_run' ? style.dim('-') : style.bad('✗');
    const status = s.httpStatus ? ` → ${s.httpStatus}` : '';
    lines.push(`      ${mark} step ${s.index + 1}${s.cleanup ? ' (cleanup)' : ''} ${s.name}${status}${s.status === 'not_run' ? '' : style.dim(`  ${s.durationMs} ms`)}${s.reason && s.status !== 'passed' ? `: ${s.reason}` : ''}`);
    for (const a of s.assertions ?? []) if (!a.passed) lines.push(`          ${style.bad('✗')} ${a.name}: expected ${shown(a.expected)}, got ${shown(a.actual)}`);
  }
  return lines;
}

const PHASES: Array<[string, (e: TimelineEvent) => boolean]> = [
  ['checks', (e) => e.kind === 'check_started' || e.kind === 'check_finished'],
  ['rollback', (e) => e.kind === 'rollback'],
  ['notifications', (e) => e.kind === 'notification'],
  ['incident', (e) => e.kind === 'incident'],
];

/** `Timings: checks 212 ms · rollback 12.4 s · notifications 180 ms · total 12.9 s` */
export function renderPhaseTimings(result: RunResult): string {
  const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);
  const parts: string[] = [];
  for (const [name, member] of PHASES) {
    const times = result.timeline.filter(member).map((e) => Date.parse(e.at));
    if (times.length) parts.push(`${name} ${ms(Math.max(...times) - Math.min(...times))}`);
  }
  parts.push(`total ${ms(result.durationMs)}`);
  return `Timings: ${parts.join(' · ')}`;
}
