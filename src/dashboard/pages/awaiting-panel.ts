import type { RunSummary } from '../store/types.js';
import { e, runLink, utc } from './format.js';

/**
 * A run waiting for ops: what failed, what the rollback would do, until when, and Approve /
 * Deny buttons that answer it the way `smokeguard approve` does (a form POST: works without script).
 */
export function awaitingPanel(r: RunSummary, o: { needsToken: boolean; now: number }): string {
  const a = r.awaiting ?? {};
  const images = a.currentImage || a.targetImage ? `<p>Roll back <code>${e(a.currentImage ?? '?')}</code> → <code>${e(a.targetImage ?? '?')}</code></p>` : '';
  const left = a.deadline ? Math.round((Date.parse(a.deadline) - o.now) / 1000) : undefined;
  const deadline = a.deadline ? `<p>Answer by ${e(utc(Date.parse(a.deadline)))}${left !== undefined && left > 0 ? ` (${e(left)} s left)` : ' (the window has closed)'}</p>` : '';
  const failing = a.failedChecks?.length ? `<p>Failing: ${a.failedChecks.map((c) => `<strong>${e(c)}</strong>`).join(', ')}</p>` : '';
  const commands = a.approveCommand ? `<p class="dim">Or from a terminal: <code>${e(a.approveCommand)}</code>${a.denyCommand ? ` / <code>${e(a.denyCommand)}</code>` : ''}</p>` : '';
  const answered = r.answer
    ? `<p><strong>${r.answer.decision === 'approve' ? 'Approved' : 'Denied'} by ${e(r.answer.by)}</strong> at ${e(r.answer.at)}; the run is acting on it.</p>`
    : `<form method="post" action="/runs/${encodeURIComponent(r.runId)}/approve">
<input name="by" placeholder="your name" aria-label="your name" maxlength="200" required>
${o.needsToken ? '<input name="token" type="password" placeholder="write token" aria-label="write token" required>' : ''}
<button class="approve" type="submit">Approve rollback</button>
<button class="deny" type="submit" formaction="/runs/${encodeURIComponent(r.runId)}/deny">Deny</button>
</form>`;
  return `<section class="card awaiting" id="awaiting-${e(r.runId)}">
<h2>${e(r.deployment)}: rollback awaiting ops confirmation</h2>
<p>Run ${runLink(r.runId)}${r.revision ? ` · revision <code>${e(r.revision)}</code>` : ''}${r.environment ? ` · ${e(r.environment)}` : ''}</p>
${failing}${images}${deadline}${answered}${commands}
</section>`;
}
