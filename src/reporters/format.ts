import { findingsOf } from '../analysis/analyze.js';
import { readRollback, type RollbackEvidence } from '../analysis/evidence.js';
import type { Finding } from '../analysis/types.js';
import type { CheckKind, CheckResult, CheckStatus, RunResult, Verdict } from '../core/types.js';

/**
 * What the file reporters (junit, markdown, html) share: wording of statuses and verdicts,
 * escaping, and the lines they print for the later stages' records (rollback, notifications,
 * incident).
 */

export const KINDS: readonly CheckKind[] = ['health', 'dependency', 'path'];

export const KIND_TITLE: Record<CheckKind, string> = { health: 'Health checks', dependency: 'Dependencies', path: 'Critical paths' };

export const STATUS_LABEL: Record<CheckStatus, string> = {
  passed: 'passed', failed: 'failed', timed_out: 'timed out', error: 'error', blocked: 'blocked', skipped: 'skipped',
};

export const VERDICT_LINE: Record<Verdict, string> = {
  passed: 'Smoke tests passed',
  warning: 'WARNING: Non-critical test failed (deployment continues)',
  critical: 'CRITICAL: Smoke tests failed',
  aborted: 'ABORTED: Smoke run stopped before a verdict',
  deployment_failed: 'DEPLOYMENT DID NOT COMPLETE: smoke tests not run',
};

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** UTC wall-clock time of an ISO timestamp: 14:32:15. */
export function clockUtc(iso: string): string {
  return iso.length >= 19 ? iso.slice(11, 19) : iso;
}

/**
 * XML 1.0 forbids most control characters even when escaped, and response excerpts may carry
 * them: they are replaced, so one odd byte never makes junit.xml unparseable.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML and HTML content and attribute values alike. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function findingsOfRun(result: RunResult): Finding[] {
  return findingsOf(result);
}

export function findingsFor(check: CheckResult, findings: Finding[]): Finding[] {
  return findings.filter((f) => f.checks.includes(check.name));
}

export function rollbackOf(result: RunResult): (RollbackEvidence & { message: string }) | undefined {
  const rb = readRollback(result.rollback);
  return rb && result.rollback ? { ...rb, message: result.rollback.message } : undefined;
}

export interface NotificationLine {
  channel: string;
  status: string;
  detail?: string;
}

/** `result.notifications`: each channel, its status, and the error or the event it was about. */
export function notificationsOf(result: RunResult): NotificationLine[] {
  return (result.notifications ?? []).map((n) => ({ channel: n.channel, status: n.status, detail: n.error || n.event }));
}

export interface IncidentLine {
  provider: string;
  id?: string;
  url?: string;
  created: boolean;
  error?: string;
}

/** `result.incident`: the ticket the run opened or reused. */
export function incidentOf(result: RunResult): IncidentLine | undefined {
  const i = result.incident;
  return i && { provider: i.provider, id: i.id || undefined, url: i.url, created: i.created, error: i.error };
}

/** "1 critical, 2 warnings — 7 checks: 4 passed, 1 failed, …" */
export function summaryLine(result: RunResult): string {
  const s = result.summary;
  const parts = [
    `${s.passed} passed`, s.failed && `${s.failed} failed`, s.timedOut && `${s.timedOut} timed out`, s.errors && `${s.errors} errors`,
    s.blocked && `${s.blocked} blocked`, s.skipped && `${s.skipped} skipped`,
  ].filter(Boolean);
  return `${s.total} check${s.total === 1 ? '' : 's'}: ${parts.join(', ')} — ${s.critical} critical, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
}

const COMMAND = /^(kubectl|npx|curl|dig|nslookup|openssl|pg_isready|psql|mysqladmin|redis-cli|nc|helm|make) /;

/**
 * Splits a remediation step "Probe it: pg_isready -h db -p 5432" into its words and its
 * command, so reports can show the command as code to copy. Steps without one stay text.
 */
export function splitCommand(step: string): { text: string; command?: string } {
  for (let i = step.indexOf(': '); i >= 0; i = step.indexOf(': ', i + 1)) {
    const rest = step.slice(i + 2);
    if (COMMAND.test(rest)) return { text: step.slice(0, i + 1), command: rest };
  }
  return COMMAND.test(step) ? { text: '', command: step } : { text: step };
}
