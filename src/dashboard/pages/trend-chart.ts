import type { CheckTrend } from '../history/check-history.js';
import { e } from './format.js';

/**
 * A check's durations over its last runs as an inline SVG sparkline, with the median of its
 * good runs as a dashed line and failed runs as red dots. Pure.
 */
export function trendChart(t: CheckTrend): string {
  const w = 300;
  const h = 48;
  const pts = t.points;
  if (!pts.length) return '';
  const max = Math.max(1, ...pts.map((p) => p.durationMs), t.goodMedianMs ?? 0);
  const x = (i: number) => (pts.length === 1 ? w / 2 : (i / (pts.length - 1)) * (w - 8) + 4);
  const y = (ms: number) => h - 4 - (ms / max) * (h - 8);
  const line = pts.map((p, i) => `${x(i).toFixed(1)},${y(p.durationMs).toFixed(1)}`).join(' ');
  const good = t.goodMedianMs !== undefined ? `<line class="good" x1="0" x2="${w}" y1="${y(t.goodMedianMs).toFixed(1)}" y2="${y(t.goodMedianMs).toFixed(1)}"/>` : '';
  const bad = pts.map((p, i) => (p.status === 'passed' ? '' : `<circle class="bad" cx="${x(i).toFixed(1)}" cy="${y(p.durationMs).toFixed(1)}" r="3"/>`)).join('');
  return `<svg class="trend" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" role="img" aria-label="${e(`${t.name}: duration over the last ${pts.length} runs`)}">${good}<polyline points="${line}"/>${bad}</svg>`;
}
