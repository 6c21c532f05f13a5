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

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`;
}

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

/** One line per finished check, printed live as it finishes. */
export function renderCheckLine(check: CheckResult, style: Style): string {
  const what = check.status === 'passed' ? `${passedSummary(check)}${check.reason ? `: ${check.reason}` : ''}` : check.reason ?? check.status;
  const tag = check.severity === 'critical' ? style.bad(' [critical]') : check.severity === 'warning' ? style.warn(' [warning]') : '';
  const retries = check.attempts > 1 ? style.dim(` (${check.attempts} attempts)`) : '';
  const time = check.status === 'skipped' || check.status === 'blocked' ? '' : style.dim(`  ${ms(check.durationMs)}`);
  return `  ${mark(check, style)} ${check.name.padEnd(18)} ${what}${tag}${retries}${time}`;
}

function okLine(label: string, checks: CheckResult[]): string {
  if (!checks.length) return `- ${label}: none configured`;
  const names = checks.filter((c) => c.status !== 'skipped').map((c) => c.name);
  return `- ${label}: OK${names.length ? ` (${names.join(', ')})` : ''}`;
}

function findingFor(check: CheckResult, findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.checks.includes(check.name));
}

function warningLine(check: CheckResult): string {
  const what = check.status === 'timed_out' ? `Timeout (${check.reason ?? 'no result in time'})`
    : check.status === 'error' ? `Test execution error: ${check.reason ?? 'unknown'}`
    : check.status === 'passed' ? `Passed with a warning: ${check.reason ?? 'warn'}`
    : check.kind === 'dependency' ? `Unavailable: ${check.reason ?? 'failed'}`
    : `Failed: ${check.reason ?? 'failed'}`;
  const why = check.status === 'passed' ? 'reported by the service itself' : check.status === 'error' ? 'logged, not counted against the deployment' : check.kind === 'dependency' ? 'optional dependency' : 'non-critical';
  return `- ${check.name}: ${what} (${why})`;
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
};

function rollbackHeadline(result: RunResult): string {
  if (result.decision.action !== 'rollback') return 'No automatic rollback';
  const status = (result.rollback as RollbackOutcome | undefined)?.status;
  return (status && ROLLBACK_HEADLINE[status]) ?? 'Triggering rollback';
}

export function renderSummary(result: RunResult, style: Style): string {
  const findings = result.findings ?? [];
  const lines: string[] = [''];
  const by = (kind: CheckKind) => result.checks.filter((c) => c.kind === kind);
  const warnings = result.checks.filter((c) => c.severity === 'warning');
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;

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
    lines.push(style.ok(`✓ Smoke tests passed (all health checks OK)`));
    lines.push(okLine('Health check', by('health')), okLine('Dependencies', by('dependency')), okLine('Critical paths', by('path')));
    lines.push(`Deployment stable. ${result.summary.passed}/${result.summary.total} checks passed in ${seconds}.`);
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
    lines.push(style.dim(`${result.summary.passed}/${result.summary.total} checks passed in ${seconds}.`));
  } else {
    lines.push(style.bad(`✗ CRITICAL: Smoke tests failed - ${rollbackHeadline(result)}`));
    lines.push('', style.bold('CRITICAL FAILURES:'));
    result.checks.filter((c) => c.severity === 'critical').forEach((c, i) => {
      const finding = findingFor(c, findings);
      lines.push(`${i + 1}. ${SECTION[c.kind]}: ${c.name} - ${c.reason ?? c.status}`);
      lines.push(`   Issue: ${finding?.issue ?? c.reason ?? c.status}`);
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
