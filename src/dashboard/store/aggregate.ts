import type { Row } from './db.js';
import type { DailyAggregate } from './types.js';

/** The UTC day of an epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Runs (and their checks) folded into per-day rows: one per deployment and day for the run as a
 * whole (check_name ''), one per check. Pure; the store adds them to what is already there.
 */
export function foldIntoDays(runs: readonly Row[], checks: readonly Row[]): DailyAggregate[] {
  const out = new Map<string, DailyAggregate>();
  const runInfo = new Map<string, { deployment: string; day: string }>();
  const add = (deployment: string, day: string, checkName: string, ok: boolean, severity: string, duration: number) => {
    const key = `${deployment}\u0000${day}\u0000${checkName}`;
    const a = out.get(key) ?? { deployment, day, checkName, runs: 0, passed: 0, warning: 0, critical: 0, durationSum: 0, durationMax: 0 };
    a.runs++;
    if (ok) a.passed++;
    if (severity === 'warning') a.warning++;
    if (severity === 'critical') a.critical++;
    a.durationSum += duration;
    a.durationMax = Math.max(a.durationMax, duration);
    out.set(key, a);
  };
  for (const r of runs) {
    const info = { deployment: String(r.deployment), day: dayOf(Number(r.started_at)) };
    runInfo.set(String(r.run_id), info);
    const verdict = String(r.verdict);
    add(info.deployment, info.day, '', verdict === 'passed', verdict, Number(r.duration_ms ?? 0));
  }
  for (const c of checks) {
    const info = runInfo.get(String(c.run_id));
    if (info) add(info.deployment, info.day, String(c.name), c.status === 'passed', String(c.severity), Number(c.duration_ms));
  }
  return [...out.values()];
}
