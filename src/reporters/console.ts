import { isServerError, isUnreachable } from '../analysis/evidence.js';
import type { Finding } from '../analysis/types.js';
import type { CheckKind, CheckResult, RollbackOutcome, RunResult, TimelineEvent } from '../core/types.js';
import { renderRollbackConsole } from '../rollback/render.js';
import type { Style } from './style.js';

/**
 * The console output, modelled on the seed's three forms ("✓ Smoke tests passed",
 * "⚠ WARNING: …", "✗ CRITICAL: …"). Pure: each function returns text; the CLI writes it.
 */

const SECTION: Record<CheckKind, string> = { health: 'Health Check', dependency: 'Dependency', path: 'Critical Path' };
const IMPACT: Record<CheckKind, string> = {
  health: 'CRITICAL - Service cannot handle requests',
  dependency: 'CRITICAL - A required dependency is unavailable',
  path: 'CRITICAL - Core functionality broken',
};

/** `9 ms`, `1.2 s`; never `0.0 s` for a run that took milliseconds. */
export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/**
 * `1000` → `1,000`, as `toLocaleString('en-US')` writes a whole number. By hand because the first
 * toLocaleString of a process initialises ICU: ~15 ms of every run, measured, for one comma.
 * Anything but a safe integer (never a count) still goes through toLocaleString.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `1 check`, `7 checks`, `1,000 checks`. */
export function count(n: number, noun: string): string {
  return `${groupThousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A reason on one line: a driver's multi-line message (psycopg2's "Connection refused\n\tIs the
 * server running…") would break the one-line-per-check list. Reports keep the full text.
 */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' · ').replace(/[ \t]+/g, ' ').trim();
}

/** The column check names are padded to: fits the longest name, within reason. */
export const NAME_WIDTH = 18;
const MAX_NAME_WIDTH = 40;

export function clock(iso: string): string {
  const d = new Date(iso);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function mark(check: CheckResult, style: Style): string {
  if (check.status === 'passed') return check.severity === 'warning' ? style.warn('⚠') : style.ok('✓');
  if (check.status === 'skipped') return style.dim('-');
  if (check.status === 'blocked') return check.severity === 'none' ? style.dim('⊘') : style.warn('⊘');
  return check.severity === 'critical' ? style.bad('✗') : style.warn('⚠');
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol.startsWith('http') ? `${u.pathname}${u.search}` : url;
  } catch {
    return url;
  }
}

/** What a passed check did, briefly: `/health → 200`, `2 steps: POST /api/auth/login → GET /api/user/profile`, `db:5432/app`. */
function passedSummary(check: CheckResult): string {
  if (check.steps?.length) {
    const run = check.steps.filter((s) => !s.cleanup && s.status === 'passed');
    return `${run.length} step${run.length === 1 ? '' : 's'}: ${run.map((s) => `${s.method ?? ''} ${pathOf(s.target) ?? s.name}`.trim()).join(' → ')}`;
  }
  if (check.httpStatus) return `${pathOf(check.target)} → ${check.httpStatus}`;
  return check.target ?? check.type;
}

/** For a health check, the endpoint it asked (the check's name alone does not say). */
function endpointOf(check: CheckResult): string | undefined {
  return check.kind === 'health' ? pathOf(check.target) : undefined;
}

/** "readiness (/health/ready) returned 503 …": the check and, for a health check, its endpoint. */
function failureWords(check: CheckResult): string {
  const reason = oneLine(check.reason ?? check.status);
  const endpoint = endpointOf(check);
  if (!endpoint) return `${check.name} - ${reason}`;
  return reason.startsWith('returned ') ? `${check.name} (${endpoint}) ${reason}` : `${check.name} (${endpoint}) - ${reason}`;
}

/**
 * One line per finished check, printed live as it finishes. `width` is the run's name column
 * (see nameWidth), so names longer than the default stay aligned.
 */
export function renderCheckLine(check: CheckResult, style: Style, width = NAME_WIDTH): string {
  const endpoint = endpointOf(check);
  const reason = check.reason === undefined ? undefined : oneLine(check.reason);
  const failed = endpoint && !(reason ?? '').includes(endpoint) ? `${endpoint} ${reason ?? check.status}` : reason ?? check.status;
  // A pass says what it measured (its summary) and, with a warning, the target's concern.
  const measured = [check.summary === undefined ? undefined : oneLine(check.summary), reason].filter(Boolean).join('; ');
  const what = check.status === 'passed' ? `${passedSummary(check)}${measured ? `: ${measured}` : ''}` : failed;
  const tag = check.severity === 'critical' ? style.bad(' [critical]') : check.severity === 'warning' ? style.warn(' [warning]') : '';
  const retries = check.attempts > 1 ? style.dim(` (${check.attempts} attempts)`) : '';
  const time = check.status === 'skipped' || check.status === 'blocked' ? '' : style.dim(`  ${ms(check.durationMs)}`);
  return `  ${mark(check, style)} ${check.name.padEnd(width)} ${what}${tag}${retries}${time}`;
}

/** The name column for a run's checks: the longest name, at least NAME_WIDTH, at most 40. */
export function nameWidth(names: readonly string[]): number {
  return Math.min(MAX_NAME_WIDTH, Math.max(NAME_WIDTH, ...names.map((n) => n.length)));
}

/** Past this many names, a list says how many instead ("OK (1,000 checks)"). */
const MAX_LISTED_NAMES = 6;

function okLine(label: string, checks: CheckResult[]): string {
  if (!checks.length) return `- ${label}: none configured`;
  const ran = checks.filter((c) => c.status !== 'skipped');
  if (!ran.length) return `- ${label}: not run (${count(checks.length, 'check')} not selected)`;
  const names = ran.map((c) => c.name);
  return `- ${label}: OK (${names.length <= MAX_LISTED_NAMES ? names.join(', ') : count(names.length, 'check')})`;
}

function findingFor(check: CheckResult, findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.checks.includes(check.name));
}

function warningLine(check: CheckResult): string {
  const what = check.status === 'timed_out' ? `Timeout (${check.reason ?? 'no result in time'})`
    : check.status === 'error' ? `Test execution error: ${check.reason ?? 'unknown'}`
    : check.status === 'passed' ? `Passed with a warning: ${check.reason ?? 'warn'}`
    // "Unavailable" is what the evidence says only for an unreachable dependency or one answering
    // 5xx: a limiter that never engaged or a refused client is there, and failed a check.
    : check.kind === 'dependency' && (isUnreachable(check) || isServerError(check.httpStatus)) ? `Unavailable: ${check.reason ?? 'failed'}`
    : `Failed: ${check.reason ?? 'failed'}`;
  const why = check.status === 'passed' ? 'reported by the service itself' : check.status === 'error' ? 'logged, not counted against the deployment' : check.kind === 'dependency' ? 'optional dependency' : 'non-critical';
  return `- ${check.name}: ${oneLine(what)} (${why})`;
}

/** The condensed timeline of the seed: start, first checks, failures, decision, rollback, end. */
function condensedTimeline(timeline: TimelineEvent[]): TimelineEvent[] {
  const firstStart = timeline.find((e) => e.kind === 'check_started');
  return timeline.filter((e) => e.kind !== 'check_started' && e.kind !== 'check_finished' || e === firstStart)
    .map((e) => (e === firstStart ? { ...e, message: 'Checks started' } : e));
}

/** Failure analysis: one block per root cause, with the probable cause and the next steps. */
function renderFindings(findings: Finding[], style: Style): string[] {
  if (!findings.length) return [];
  const lines = [style.bold('ANALYSIS:')];
  for (const f of findings) {
    lines.push(`• ${f.title}${f.checks.length > 1 ? style.dim(` (explains ${f.checks.join(', ')})`) : ''}`);
    lines.push(`  Probable cause: ${f.probableCause}`);
    if (f.remediation.length) {
      lines.push('  Next steps:');
      f.remediation.forEach((step, i) => lines.push(`    ${i + 1}. ${step}`));
    }
  }
  lines.push('');
  return lines;
}

/** What the headline says about the rollback: true to what happened, not only to what was decided. */
const ROLLBACK_HEADLINE: Partial<Record<RollbackOutcome['status'], string>> = {
  not_configured: 'rollback needed — not configured',
  dry_run: 'rollback decided (dry run: not executed)',
  denied: 'rollback denied by ops',
  confirmation_timeout: 'rollback not confirmed in time',
  skipped_limit: 'rollback skipped',
  locked_by_other_run: 'another run is rolling back',
  aborted: 'rollback not started (run stopped)',
  failed: 'rollback failed — alert ops',
};

function rollbackHeadline(result: RunResult): string {
  if (result.decision.action !== 'rollback') return 'No automatic rollback';
  const rollback = result.rollback as RollbackOutcome | undefined;
  if (rollback?.status === 'succeeded' && rollback.verification?.healthy === false) return 'rolled back, still unhealthy — alert ops';
  return (rollback && ROLLBACK_HEADLINE[rollback.status]) ?? 'Triggering rollback';
}

export function renderSummary(result: RunResult, style: Style): string {
  const findings = result.findings ?? [];
  const lines: string[] = [''];
  const by = (kind: CheckKind) => result.checks.filter((c) => c.kind === kind);
  const warnings = result.checks.filter((c) => c.severity === 'warning');
  const seconds = ms(result.durationMs);
  const ran = result.summary.total - result.summary.skipped;
  const notSelected = result.summary.skipped ? ` (${count(result.summary.skipped, 'check')} not selected)` : '';
  const passedLine = `${groupThousands(result.summary.passed)}/${count(ran, 'check')} passed in ${seconds}${notSelected}.`;

  if (result.verdict === 'aborted') {
    const finished = result.checks.filter((c) => c.status !== 'skipped').length;
    const rollback = result.rollback as RollbackOutcome | undefined;
    const what = rollback
      ? `${result.summary.critical} critical failure(s); rollback ${rollback.status}${rollback.message ? `: ${rollback.message}` : ''}`
      : `no verdict on the deployment (${finished}/${result.summary.total} checks finished)`;
    lines.push(style.bad(`■ ABORTED: ${result.abortReason ?? 'the run was stopped'} — ${what}`));
    return lines.join('\n');
  }
  if (result.verdict === 'passed') {
    // Say what ran: "all health checks OK" only when health checks ran (not after --only database).
    const ranHealth = by('health').some((c) => c.status !== 'skipped');
    lines.push(style.ok(`✓ Smoke tests passed (${ranHealth ? 'all health checks OK' : `${count(ran, 'check')} run, no health check`})`));
    lines.push(okLine('Health check', by('health')), okLine('Dependencies', by('dependency')), okLine('Critical paths', by('path')));
    lines.push(`Deployment stable. ${passedLine}`);
  } else if (result.verdict === 'warning') {
    lines.push(style.warn('⚠ WARNING: Non-critical test failed (deployment continues)'));
    for (const c of warnings) lines.push(warningLine(c));
    lines.push('');
    const finding = warnings.map((c) => findingFor(c, findings)).find(Boolean);
    lines.push(`Impact: ${finding?.impact ?? 'Minor feature degradation'}`);
    lines.push('Monitoring: Alert if pattern persists');
    lines.push(`Action: Check ${warnings.map((c) => c.name).join(', ')} status in next 30min`);
    const next = findings.filter((f) => f.severity === 'warning' && f.remediation.length);
    if (next.length) lines.push(...next.map((f) => style.dim(`  ${f.title}: ${f.remediation[0]}`)));
    lines.push(style.dim(passedLine));
  } else {
    lines.push(style.bad(`✗ CRITICAL: Smoke tests failed - ${rollbackHeadline(result)}`));
    lines.push('', style.bold('CRITICAL FAILURES:'));
    result.checks.filter((c) => c.severity === 'critical').forEach((c, i) => {
      const finding = findingFor(c, findings);
      lines.push(`${i + 1}. ${SECTION[c.kind]}: ${failureWords(c)}`);
      lines.push(`   Issue: ${oneLine(finding?.issue ?? c.reason ?? c.status)}`);
      lines.push(`   Impact: ${finding?.impact ?? IMPACT[c.kind]}`);
      lines.push('');
    });
    if (warnings.length) {
      lines.push(style.bold('WARNINGS:'));
      for (const c of warnings) lines.push(warningLine(c));
      lines.push('');
    }
    const blocked = result.checks.filter((c) => c.status === 'blocked');
    if (blocked.length) lines.push(style.dim(`Not run (blocked by a failure above): ${blocked.map((c) => c.name).join(', ')}`), '');
    lines.push(...renderFindings(findings.filter((f) => f.severity === 'critical'), style));
    lines.push(`Rollback decision: ${result.decision.reason}`);
    const rollback = result.rollback;
    if (rollback) {
      if (rollback.status === 'failed') lines.push(style.bad('✗ ROLLBACK FAILED — alert ops'));
      lines.push(...renderRollbackConsole(rollback));
    }
  }
  // The seed's closing lines: "Notification sent to …", "Incident ticket created: …".
  const sent = result.timeline.filter((e) => e.kind === 'notification' || e.kind === 'incident');
  if (sent.length) lines.push('', ...sent.map((e) => e.message));
  if (result.verdict !== 'passed') {
    lines.push('', 'Timeline:');
    for (const e of condensedTimeline(result.timeline)) lines.push(`${clock(e.at)} - ${e.message}`);
  }
  return lines.join('\n');
}
