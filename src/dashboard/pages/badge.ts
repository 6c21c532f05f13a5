import type { RunSummary } from '../store/types.js';
import { e } from './format.js';

const COLOURS: Record<string, string> = { passed: '#1a7f37', warning: '#9a6700', critical: '#cf222e', deployment_failed: '#cf222e', unknown: '#8c959f' };

/** A shields-style SVG badge: "smoke | passed". Widths estimated from the text (no font metrics here). */
export function badgeSvg(run: RunSummary | undefined): string {
  const label = 'smoke';
  const value = run?.verdict ?? 'unknown';
  const lw = 6 * label.length + 12;
  const vw = 7 * value.length + 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${e(`${label}: ${value}`)}">
<title>${e(`${label}: ${value}`)}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${COLOURS[value] ?? COLOURS.unknown}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${e(label)}</text><text x="${lw + vw / 2}" y="14">${e(value)}</text></g></svg>
`;
}
