import { findingsOf } from '../analysis/analyze.js';
import { readRollback, type RollbackEvidence } from '../analysis/evidence.js';
import type { Finding } from '../analysis/types.js';
import type { CheckKind, CheckResult, CheckStatus, RunResult, Verdict } from '../core/types.js';

/**
 * What the file reporters (junit, markdown, html) share: wording of statuses and verdicts,
 * escaping, and defensive readers of the result's later-stage fields (rollback, notifications,
 * incident), whose shapes belong to other stages and are typed `unknown` in the result model.
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

export function rollbackOf(result: RunResult): (RollbackEvidence & { message?: string }) | undefined {
  const rb = readRollback(result.rollback);
  if (!rb) return undefined;
  const raw = result.rollback as Record<string, unknown>;
  return { ...rb, message: typeof raw.message === 'string' ? raw.message : undefined };
}

export interface NotificationLine {
  channel: string;
  status: string;
  detail?: string;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length ? v : undefined;
}

/** `result.notifications`: each entry's channel and status, whatever else it carries. */
export function notificationsOf(result: RunResult): NotificationLine[] {
  const out: NotificationLine[] = [];
  for (const n of result.notifications ?? []) {
    if (!n || typeof n !== 'object') continue;
    const r = n as Record<string, unknown>;
    const channel = text(r.channel) ?? text(r.name) ?? text(r.type);
    if (!channel) continue;
    out.push({ channel, status: text(r.status) ?? (r.ok === true ? 'sent' : 'unknown'), detail: text(r.error) ?? text(r.event) });
  }
  return out;
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
  const r = result.incident;
  if (!r || typeof r !== 'object') return undefined;
  const i = r as Record<string, unknown>;
  const provider = text(i.provider);
  if (!provider) return undefined;
  return { provider, id: text(i.id), url: text(i.url), created: i.created === true, error: text(i.error) };
}

/** "1 critical, 2 warnings — 7 checks: 4 passed, 1 failed, …" */
export function summaryLine(result: RunResult): string {
  const s = result.summary;
  const parts = [
    `${s.passed} passed`, s.failed && `${s.failed} failed`, s.timedOut && `${s.timedOut} timed out`, s.errors && `${s.errors} errors`,
    s.blocked && `${s.blocked} blocked`, s.skipped && `${s.skipped} skipped`,
  ].filter(Boolean);
  return `${s.total} checks: ${parts.join(', ')} — ${s.critical} critical, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
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
