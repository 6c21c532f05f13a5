import { answerLines, findingsFor, renderPlainText, failureText, type RunMessage } from '../message.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLOURS = { critical: '#b00020', warning: '#b26a00', passed: '#1b7f3b', aborted: '#57606a', deployment_failed: '#b00020' } as const;

/** Subject, plain-text and HTML parts of a run's email. Pure; every value is escaped. */
export function renderEmail(m: RunMessage, subjectPrefix = '[smokeguard]'): EmailContent {
  const colour = m.event === 'rollback_failed' ? COLOURS.critical : COLOURS[m.verdict];
  const failures = m.failures.map((f) => {
    const findings = findingsFor(m, f.name).map((x) => `<p style="margin:4px 0 0 16px"><b>Issue:</b> ${escapeHtml(x.issue)}<br><b>Impact:</b> ${escapeHtml(x.impact)}<br><b>Probable cause:</b> ${escapeHtml(x.probableCause)}</p>${x.remediation.length ? `<pre style="margin:4px 0 0 16px;background:#f4f4f4;padding:6px;white-space:pre-wrap">${escapeHtml(x.remediation.join('\n'))}</pre>` : ''}`);
    return `<li>${escapeHtml(failureText(f))}${findings.join('')}</li>`;
  });
  const rollback = m.rollback ? `<p><b>Rollback:</b> ${escapeHtml(m.rollback.status)}${m.rollback.to ? ` → ${escapeHtml(m.rollback.to)}` : ''}${m.rollback.detail ? ` — ${escapeHtml(m.rollback.detail)}` : ''}</p>` : '';
  const answer = answerLines(m);
  const commands = answer.length ? `<p><b>To answer</b> (before ${escapeHtml(m.pending?.confirmation?.deadline ?? '')}):</p><pre style="background:#f4f4f4;padding:6px;white-space:pre-wrap">${escapeHtml(answer.join('\n'))}</pre>` : '';
  const link = m.reportUrl ? `<p><a href="${escapeHtml(m.reportUrl)}">Open the full report</a></p>` : '';
  const html = `<!doctype html><html><body style="font-family:sans-serif;max-width:720px">
<h2 style="color:${colour}">${escapeHtml(m.title)}</h2>
<p>${escapeHtml(m.headline)}</p>
${commands}
${failures.length ? `<h3>Failures</h3><ol>${failures.join('\n')}</ol>` : ''}
${rollback}
<p style="color:#555">Checks: ${m.summary.passed}/${m.summary.total} passed · run ${escapeHtml(m.runId)} · ${(m.durationMs / 1000).toFixed(1)} s</p>
${link}
</body></html>`;
  // A follow-up answers the first mail of the run (threaded by In-Reply-To), under its subject.
  const subject = `${subjectPrefix} ${m.title}`.trim();
  return { subject: m.followUp ? `Re: ${subject}` : subject, text: renderPlainText(m), html };
}
