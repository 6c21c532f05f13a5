import type { Finding } from '../analysis/types.js';
import type { CheckResult, RunResult, Verdict } from '../core/types.js';
import type { PendingRollback } from '../rollback/types.js';
import { rollbackView, type RollbackView } from './events.js';
import type { RunIdentity } from './identity.js';
import type { NotifyEvent } from './types.js';

/** One failing check with the findings that explain it. */
export interface FailureLine {
  name: string;
  kind: CheckResult['kind'];
  status: CheckResult['status'];
  severity: CheckResult['severity'];
  reason?: string;
  target?: string;
  httpStatus?: number;
}

/**
 * What every provider renders: a pure function of the run. Providers only choose the layout
 * (Block Kit, MessageCard, HTML…), so a message reads the same wherever it lands.
 */
export interface RunMessage {
  event: NotifyEvent;
  events: NotifyEvent[];
  verdict: Verdict;
  /** "✗ CRITICAL: Smoke tests failed on django@v1.22.0 (prod)" */
  title: string;
  /** One line under the title: the decision or the rollback outcome. */
  headline: string;
  identity: RunIdentity;
  runId: string;
  startedAt: string;
  durationMs: number;
  summary: RunResult['summary'];
  failures: FailureLine[];
  findings: Finding[];
  rollback?: RollbackView;
  decision: RunResult['decision'];
  reportUrl?: string;
  /** The run result itself (already redacted), for the signed webhook. */
  result: RunResult;
  /** Before the rollback: what it is about to do; when ops are asked, the deadline and the commands to answer. */
  pending?: PendingRollback;
  /** A follow-up to a message this channel already got for the run (threaded where the channel allows). */
  followUp: boolean;
}

/** The run's findings, written by failure analysis. */
export function findingsOf(result: RunResult): Finding[] {
  return result.findings ?? [];
}

const VERDICT_WORDS: Record<Verdict, string> = {
  critical: '✗ CRITICAL: Smoke tests failed',
  warning: '⚠ WARNING: Non-critical test failed',
  passed: '✓ Smoke tests passed',
  aborted: '■ ABORTED: Smoke run stopped before a verdict',
  deployment_failed: '✗ DEPLOYMENT DID NOT COMPLETE: smoke tests not run',
};

/** The title of a `rollback_failed` message when the rollback did not simply fail. */
const ROLLBACK_FAILED_WORDS: Partial<Record<string, string>> = {
  aborted: '✗ ROLLBACK NOT STARTED',
  succeeded: '✗ STILL UNHEALTHY AFTER ROLLBACK',
};

/** "answer within 118 s, else: no rollback". */
export function answerWithin(pending: PendingRollback, now: number): string {
  const c = pending.confirmation;
  if (!c) return '';
  const seconds = Math.max(0, Math.round((Date.parse(c.deadline) - now) / 1000));
  return `answer within ${seconds} s, else: ${c.onTimeout === 'rollback' ? 'rollback anyway' : 'no rollback'}`;
}

function headline(event: NotifyEvent, result: RunResult, rb: RollbackView | undefined, pending: PendingRollback | undefined, now: number): string {
  const target = rb?.to ? ` to ${rb.to}` : '';
  switch (event) {
    case 'rollback_awaiting_confirmation':
      // The question (the first message), or the answer to it when nothing else happened (denied, skipped).
      return pending
        ? `Rollback awaiting ops confirmation${target}: ${answerWithin(pending, now)}.`
        : `Answer to the confirmation request: ${rb?.detail ?? rb?.status ?? 'no rollback'}.`;
    case 'rollback_failed':
      // A run stopped (SIGTERM) between the decision and the patch: nothing was rolled back.
      if (rb?.status === 'aborted') return `ROLLBACK NOT STARTED${rb.detail ? `: ${rb.detail}` : ''}. The faulty version is still serving: act now.${rb.manualCommand ? ` Manual rollback: ${rb.manualCommand}` : ''}`;
      // Rolled back, health did not return: the previous version serves, a further rollback would not help.
      if (rb?.status === 'succeeded') return `STILL UNHEALTHY after the rollback${rb.detail ? `: ${rb.detail}` : ''}. ${rb.to ?? 'The previous version'} is live again: the cause is not (only) the release — act now.`;
      return `ROLLBACK FAILED${rb?.detail ? `: ${rb.detail}` : ''}. The faulty version may still be serving: act now.${rb?.manualCommand ? ` Manual rollback: ${rb.manualCommand}` : ''}`;
    case 'rollback_succeeded':
      return `Automatic rollback complete${target}.`;
    case 'rollback_started':
      return `Automatic rollback initiated${target} (${rb?.status ?? 'started'}).`;
    case 'critical':
      if (pending?.kind === 'starting') return `Rollback decided: ${result.decision.reason}. Automatic rollback starting now${target}.`;
      // True to what happened: no deployment named, so nothing was (or will be) rolled back.
      if (rb?.status === 'not_configured') {
        const n = result.decision.criticalFailures;
        return `Rollback needed (${n} critical failure${n === 1 ? '' : 's'}, threshold ${result.decision.threshold}) — not configured: nothing was rolled back.`;
      }
      return result.decision.action === 'rollback' ? `Rollback decided: ${result.decision.reason}` : `No rollback: ${result.decision.reason}`;
    case 'warning':
      return 'Deployment continues; minor feature degradation.';
    case 'success':
      return 'Deployment stable.';
  }
}

export function buildRunMessage(
  result: RunResult,
  identity: RunIdentity,
  event: NotifyEvent,
  events: NotifyEvent[],
  reportUrl?: string,
  extra: { pending?: PendingRollback; followUp?: boolean; now?: number } = {},
): RunMessage {
  const pending = extra.pending;
  const rollback = pending ? pendingView(pending) : rollbackView(result.rollback);
  const where = `${identity.deployment}@${identity.revision}${identity.environment ? ` (${identity.environment})` : ''}`;
  const failures = result.checks
    .filter((c) => c.severity !== 'none')
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1))
    .map((c) => ({ name: c.name, kind: c.kind, status: c.status, severity: c.severity, reason: c.reason, target: c.target, httpStatus: c.httpStatus }));
  return {
    event,
    events,
    verdict: result.verdict,
    title: `${event === 'rollback_failed' ? ROLLBACK_FAILED_WORDS[rollback?.status ?? ''] ?? '✗ ROLLBACK FAILED' : VERDICT_WORDS[result.verdict]} on ${where}`,
    headline: headline(event, result, rollback, pending, extra.now ?? Date.now()),
    identity,
    runId: result.runId,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    summary: result.summary,
    failures,
    findings: findingsOf(result),
    rollback,
    decision: result.decision,
    reportUrl,
    result,
    ...(pending ? { pending } : {}),
    followUp: extra.followUp ?? false,
  };
}

/** A rollback not yet done, as notifications show it. */
function pendingView(p: PendingRollback): RollbackView {
  return { status: p.kind === 'awaiting_confirmation' ? 'awaiting_confirmation' : 'started', from: p.currentImage, to: p.targetImage, alertOps: false };
}

/** The answer commands and deadline, as lines: every renderer shows them as they must be typed. */
export function answerLines(m: RunMessage): string[] {
  const c = m.pending?.confirmation;
  if (!c) return [];
  return [c.approveCommand, c.denyCommand];
}

/** "1. readiness (health): /health/ready returned 503" — shared by the text renderers. */
export function failureText(f: FailureLine): string {
  const status = f.status === 'timed_out' ? 'timed out' : f.status;
  return `${f.name} (${f.kind}, ${f.severity}): ${f.reason ?? status}`;
}

/** The findings that explain a check, for rendering under it. */
export function findingsFor(message: RunMessage, check: string): Finding[] {
  return message.findings.filter((f) => f.checks.includes(check));
}

/** Plain text of the whole message: email's text part, webhook's `text`, Slack's fallback. */
export function renderPlainText(m: RunMessage): string {
  const lines = [m.title, m.headline, ''];
  // Ops must act on these first: right under the headline.
  const answer = answerLines(m);
  if (answer.length) lines.push(`To answer (deadline ${m.pending?.confirmation?.deadline}):`, ...answer.map((c) => `  ${c}`), '');
  if (m.failures.length) {
    lines.push('FAILURES:');
    m.failures.forEach((f, i) => lines.push(`${i + 1}. ${failureText(f)}`));
    lines.push('');
  }
  if (m.findings.length) {
    lines.push('FINDINGS:');
    for (const f of m.findings) {
      lines.push(`- ${f.title}`, `  Issue: ${f.issue}`, `  Impact: ${f.impact}`, `  Probable cause: ${f.probableCause}`);
      if (f.remediation.length) lines.push('  Remediation:', ...f.remediation.map((r) => `    ${r}`));
    }
    lines.push('');
  }
  if (m.rollback) {
    lines.push(`Rollback: ${m.rollback.status}${m.rollback.from && m.rollback.to ? ` (${m.rollback.from} → ${m.rollback.to})` : ''}${m.rollback.detail ? ` — ${m.rollback.detail}` : ''}`);
    if (m.rollback.manualCommand && m.event !== 'rollback_failed') lines.push(`Manual rollback: ${m.rollback.manualCommand}`);
  }
  const s = m.summary;
  lines.push(`Checks: ${s.passed}/${s.total} passed, ${s.critical} critical, ${s.warnings} warnings; run ${m.runId} took ${(m.durationMs / 1000).toFixed(1)} s`);
  if (m.reportUrl) lines.push(`Full report: ${m.reportUrl}`);
  return lines.join('\n');
}
