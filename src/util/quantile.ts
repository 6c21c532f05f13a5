/**
 * The q-quantile of ascending `sorted` values by linear interpolation between closest ranks
 * (R-7, numpy's default): p95 of latencies, pNN thresholds. NaN for no values.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
