import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import type { Series } from './api.js';
import { formatValue, holds, reduceSamples, type Threshold } from './threshold.js';

/** What to do when the query returns no data: the metric does not exist, or no series matched. */
export type AbsentPolicy = 'fail' | 'pass' | 'warn';

/** Series named in a reason; the rest are counted. */
const NAMED_IN_REASON = 5;
/** Series kept in assertions and details: enough to act on, bounded for the report. */
const KEPT_SERIES = 20;

/** `http_error_ratio{pod="web-2"}`: the series as PromQL writes it, `{}` for a scalar or an aggregate. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

interface Judged {
  name: string;
  value: number;
  passed: boolean;
}

/**
 * Judges every series on its own: the check fails when any series breaks the threshold, and
 * names those series by their labels. NaN samples (a ratio with no traffic: 0/0) are no data.
 */
export function judgeSeries(series: Series[], threshold: Threshold, absent: AbsentPolicy, query: string): CheckOutcome {
  const judged: Judged[] = [];
  for (const s of series) {
    const values = s.values.filter((v) => !Number.isNaN(v));
    if (values.length === 0) continue;
    const value = reduceSamples(values, threshold);
    judged.push({ name: seriesName(s.labels), value, passed: holds(value, threshold) });
  }
  const details: Record<string, unknown> = { query, series: judged.length };
  if (judged.length === 0) {
    const what = series.length ? `${series.length} series, all NaN (no samples to judge)` : 'no data (an empty result)';
    details.absent = absent;
    if (absent === 'pass') return { status: 'passed', details };
    const reason = `the query returned ${what}`;
    // `warn`: could not measure, which is a warning (status error), never a critical failure.
    if (absent === 'warn') return { status: 'error', reason: `${reason} (absent: warn)`, details };
    return { status: 'failed', reason: `${reason}; set absent: pass or warn if that can be normal`, details };
  }
  const failing = judged.filter((j) => !j.passed);
  const show = (j: Judged) => `${j.name} = ${formatValue(j.value, threshold.unit)}`;
  const kept = [...failing, ...judged.filter((j) => j.passed)].slice(0, KEPT_SERIES);
  const assertions: AssertionResult[] = kept.map((j) => ({ name: `value ${j.name}`, expected: threshold.text, actual: formatValue(j.value, threshold.unit), passed: j.passed }));
  details.values = kept.map((j) => ({ series: j.name, value: j.value }));
  details.failing = failing.length;
  if (!failing.length) return { status: 'passed', assertions, details };
  const named = failing.slice(0, NAMED_IN_REASON).map(show).join(', ');
  const more = failing.length > NAMED_IN_REASON ? ` and ${failing.length - NAMED_IN_REASON} more` : '';
  const of = judged.length > 1 ? ` (${failing.length} of ${judged.length} series)` : '';
  return { status: 'failed', reason: `expected ${threshold.text}: ${named}${more}${of}`, assertions, details };
}
