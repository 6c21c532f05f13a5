// @ts-check
import { command } from './github.mjs';

/** GitHub shows at most 10 error and 10 warning annotations per step; we send at most 10 in all, critical first. */
export const MAX_ANNOTATIONS = 10;

/**
 * @typedef {{ name: string; kind: string; status: string; severity: string; reason?: string; target?: string }} CheckLine
 * @typedef {{ verdict: string; checks: CheckLine[]; rollout?: { status: string; message: string } }} ResultLike
 */

/**
 * The annotations of a run: one per failed check (::error for critical, ::warning for warning),
 * a deployment that never completed as one ::error, and a note when some were left out.
 * @param {ResultLike} result
 * @returns {string[]}
 */
export function annotations(result) {
  if (result.rollout && result.rollout.status !== 'complete') {
    return [command('error', result.rollout.message, { title: 'smokeguard: the deployment did not complete its rollout' })];
  }
  const failed = result.checks.filter((c) => c.severity === 'critical' || c.severity === 'warning');
  failed.sort((a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'));
  // Over the limit, the last slot says how many were left out.
  const shown = failed.length > MAX_ANNOTATIONS ? MAX_ANNOTATIONS - 1 : failed.length;
  const lines = failed.slice(0, shown).map((c) =>
    command(c.severity === 'critical' ? 'error' : 'warning', `${c.reason ?? c.status.replace('_', ' ')}${c.target ? ` (${c.target})` : ''}`, {
      title: `smokeguard: ${c.name} ${c.status.replace('_', ' ')}${c.severity === 'critical' ? '' : ' (optional)'}`,
    }));
  if (shown < failed.length) lines.push(command('warning', `${failed.length - shown} more failed checks: see the job summary and report.json`, { title: 'smokeguard' }));
  return lines;
}
