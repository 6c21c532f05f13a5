import { quantile } from '../../util/quantile.js';

/**
 * A threshold on a PromQL result, as a person writes it: `< 0.01`, `p99 < 0.5 s`, `>= 99.9 %`,
 * `max <= 250 ms`. The number is converted to Prometheus' base units (seconds, ratios), so
 * `< 250 ms` and `< 0.25 s` are the same threshold against a latency in seconds.
 *
 * The aggregate says how a series' samples over a range (`range_minutes`) are reduced to one
 * value; without one, every sample of the range must hold (the worst one is judged). On an
 * instant query each series has one value, so an aggregate only names what the query computes.
 */

export type Comparator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type Aggregate = 'min' | 'max' | 'avg' | 'last' | { quantile: number };

export interface Threshold {
  /** As written, for messages. */
  text: string;
  aggregate?: Aggregate;
  op: Comparator;
  /** In base units. */
  value: number;
  unit?: 'ms' | 's' | 'm' | '%';
}

const GRAMMAR = /^\s*(?:(min|max|avg|mean|last|p(\d{1,2}(?:\.\d+)?))\s*)?(<=|>=|==|!=|=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(ms|s|m|%)?\s*$/i;

const UNIT_FACTOR = { ms: 0.001, s: 1, m: 60, '%': 0.01 } as const;
/** Rounded to 15 significant digits, so "99.9 %" is 0.999 and not 0.9990000000000001. */
const decimal = (n: number) => Number(n.toPrecision(15));
const toBase = (n: number, unit?: Threshold['unit']) => decimal(unit ? n * UNIT_FACTOR[unit] : n);

/** What the grammar accepts, for config errors. */
export const THRESHOLD_EXAMPLE = 'a comparison like "< 0.01", "p99 < 0.5 s", ">= 99.9 %" or "max <= 250 ms"';

/** Parses a threshold; undefined when it does not follow the grammar. */
export function parseThreshold(text: string): Threshold | undefined {
  const m = GRAMMAR.exec(text);
  if (!m) return undefined;
  const [, agg, pct, rawOp, num, rawUnit] = m;
  const unit = rawUnit?.toLowerCase() as Threshold['unit'];
  const value = toBase(Number(num), unit);
  if (!Number.isFinite(value)) return undefined;
  let aggregate: Aggregate | undefined;
  if (pct !== undefined) {
    const q = decimal(Number(pct) / 100);
    if (q <= 0 || q >= 1) return undefined;
    aggregate = { quantile: q };
  } else if (agg) aggregate = agg.toLowerCase() === 'mean' ? 'avg' : (agg.toLowerCase() as Aggregate);
  const op = (rawOp === '=' ? '==' : rawOp) as Comparator;
  return { text: text.trim(), aggregate, op, value, unit };
}

export function holds(actual: number, t: Pick<Threshold, 'op' | 'value'>): boolean {
  switch (t.op) {
    case '<': return actual < t.value;
    case '<=': return actual <= t.value;
    case '>': return actual > t.value;
    case '>=': return actual >= t.value;
    case '==': return actual === t.value;
    case '!=': return actual !== t.value;
  }
}

/**
 * The one value judged for a series: its aggregate over the samples, or without an aggregate
 * the sample that is worst for the comparison (so every sample must hold).
 */
export function reduceSamples(values: readonly number[], t: Pick<Threshold, 'aggregate' | 'op' | 'value'>): number {
  if (values.length === 0) return Number.NaN;
  const agg = t.aggregate;
  if (agg === undefined) {
    if (values.length === 1) return values[0]!;
    if (t.op === '<' || t.op === '<=') return Math.max(...values);
    if (t.op === '>' || t.op === '>=') return Math.min(...values);
    return values.find((v) => !holds(v, t)) ?? values[values.length - 1]!;
  }
  if (agg === 'min') return Math.min(...values);
  if (agg === 'max') return Math.max(...values);
  if (agg === 'last') return values[values.length - 1]!;
  if (agg === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  return quantile([...values].sort((a, b) => a - b), agg.quantile);
}

/** A value in the threshold's own unit, for messages: `0.73 s`, `412 ms`, `3.2 %`. */
export function formatValue(value: number, unit?: Threshold['unit']): string {
  if (!Number.isFinite(value)) return String(value);
  const scaled = unit ? value / UNIT_FACTOR[unit] : value;
  const text = Math.abs(scaled) >= 100 || Number.isInteger(scaled) ? String(Math.round(scaled * 100) / 100) : String(Number(scaled.toPrecision(3)));
  return unit ? `${text}${unit === '%' ? ' %' : ` ${unit}`}` : text;
}
