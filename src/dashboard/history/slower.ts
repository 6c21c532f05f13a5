import type { Finding } from '../../analysis/types.js';
import type { CheckResult } from '../../core/types.js';
import { quantile } from '../../util/quantile.js';

const median = (values: readonly number[]): number => quantile([...values].sort((a, b) => a - b), 0.5);

/**
 * "Slower than the last good run": each check that passed is compared with the median of its
 * durations in the deployment's recent passing runs. It is a finding only past both a factor and
 * an absolute floor, so a 2 ms check going to 7 ms is not news, and a slow check getting a
 * little slower neither.
 */
export interface SlowerOptions {
  /** Slower than this many times the median… (default 3) */
  factor: number;
  /** …and by at least this many ms (default 200). */
  minIncreaseMs: number;
  /** Good runs that make the baseline (default 10); fewer than `minRuns` make none. */
  baselineRuns: number;
  minRuns: number;
  severity: 'warning' | 'critical';
}

export const DEFAULT_SLOWER: SlowerOptions = { factor: 3, minIncreaseMs: 200, baselineRuns: 10, minRuns: 3, severity: 'warning' };

export const SLOWER_RULE = 'slower-than-last-good-runs';

const ms = (n: number) => `${Math.round(n)} ms`;
const times = (n: number) => `${n >= 10 ? Math.round(n) : n.toFixed(1)}×`;

/** `baseline`: check name → its durations in the last good runs (newest first). Pure. */
export function slowerFindings(checks: readonly CheckResult[], baseline: Readonly<Record<string, readonly number[]>>, o: SlowerOptions = DEFAULT_SLOWER): Finding[] {
  const findings: Finding[] = [];
  for (const c of checks) {
    if (c.status !== 'passed') continue;
    const history = (baseline[c.name] ?? []).slice(0, o.baselineRuns);
    if (history.length < o.minRuns) continue;
    const base = median(history);
    if (c.durationMs < base * o.factor || c.durationMs - base < o.minIncreaseMs) continue;
    const ratio = base > 0 ? c.durationMs / base : Infinity;
    const title = `${c.name} ${Number.isFinite(ratio) ? times(ratio) : 'much'} slower than the last ${history.length} good runs (${ms(base)} → ${ms(c.durationMs)})`;
    findings.push({
      rule: SLOWER_RULE,
      severity: o.severity,
      title,
      checks: [c.name],
      issue: `${c.name} passed but took ${ms(c.durationMs)}; its median over the last ${history.length} passing runs is ${ms(base)}.`,
      impact: 'Users wait longer on this path; a slowdown this size often comes before timeouts and failures.',
      probableCause: 'A change in this deployment (a slower query, a missing index or cache, a new downstream call) or a saturated dependency.',
      remediation: [
        `Compare this run with the last good run on the dashboard's deployment page`,
        `Look at what changed between the two revisions on the path ${c.target ?? c.name} takes`,
      ],
    });
  }
  return findings;
}
