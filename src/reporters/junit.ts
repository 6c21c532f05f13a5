import type { Finding } from '../analysis/types.js';
import type { CheckKind, CheckResult, RunResult } from '../core/types.js';
import { KINDS, escapeXml, findingsFor, findingsOfRun, rollbackOf } from './format.js';

/**
 * junit.xml for Jenkins (junit plugin) and GitLab (artifacts:reports:junit). Pure.
 *
 * One <testsuite> per kind (smokeguard.health, smokeguard.dependency, smokeguard.path), one
 * <testcase> per check. How statuses map, so that "the assertion failed" stays apart from
 * "we could not measure" and a warning never hides:
 * - failed, required         → <failure type="failure">
 * - failed, optional         → <failure type="warning" message="WARNING (optional): …">
 * - timed_out                → <failure type="timeout" message="Timed out after 5.0 s …">
 * - error (machinery)        → <error type="error">
 * - blocked / skipped        → <skipped message="blocked: …" / "skipped: …">
 * The failure body carries the reason, target, assertions, failing components, steps, body
 * excerpt and the findings (Issue, Impact, probable cause, remediation). Run-level facts
 * (verdict, decision, rollback) are <properties> of every suite, since the Jenkins schema
 * allows no properties on <testsuites>.
 */

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);
/** Ant's timestamp: ISO 8601 without zone or fraction (the time is UTC). */
const antTimestamp = (iso: string): string => iso.replace(/(\.\d+)?Z$/, '');

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
}

function failureDetails(c: CheckResult, findings: Finding[]): string {
  const lines: string[] = [];
  if (c.reason) lines.push(c.reason);
  if (c.target) lines.push(`Target: ${c.target}`);
  if (c.httpStatus !== undefined) lines.push(`HTTP status: ${c.httpStatus}`);
  if (c.errorCode) lines.push(`Error code: ${c.errorCode}`);
  lines.push(`Required: ${c.required ? 'yes' : 'no'} — severity ${c.severity}; attempts ${c.attempts}; ${seconds(c.durationMs)} s of ${seconds(c.timeoutMs)} s`);
  for (const a of (c.assertions ?? []).filter((x) => !x.passed)) {
    lines.push(`Assertion ${a.name}: expected ${JSON.stringify(a.expected)}, got ${JSON.stringify(a.actual)}`);
  }
  for (const comp of c.components ?? []) lines.push(`Component ${comp.name}: ${comp.status}${comp.output ? ` — ${comp.output}` : ''}`);
  for (const s of c.steps ?? []) {
    lines.push(`Step ${s.index + 1} ${s.name}: ${s.status}${s.httpStatus ? ` (${s.httpStatus})` : ''}${s.reason ? ` — ${s.reason}` : ''}`);
  }
  if (c.bodyExcerpt) lines.push('Response excerpt:', c.bodyExcerpt);
  for (const f of findings) {
    lines.push('', `Finding [${f.rule}] ${f.title}`, `Issue: ${f.issue}`, `Impact: ${f.impact}`, `Probable cause: ${f.probableCause}`, 'Remediation:');
    f.remediation.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  }
  return lines.join('\n');
}

function outcomeElement(c: CheckResult, findings: Finding[]): string {
  const body = () => escapeXml(failureDetails(c, findings));
  const reason = c.reason ?? c.status;
  switch (c.status) {
    case 'passed':
      // What a passing check measured (its summary) goes to the case's own output.
      return c.summary ? `<system-out>${escapeXml(c.summary)}</system-out>` : '';
    case 'skipped':
    case 'blocked':
      return `<skipped${attrs({ message: `${c.status}: ${reason}` })}/>`;
    case 'error':
      return `<error${attrs({ type: 'error', message: `Test execution error (counted as a warning): ${reason}` })}>${body()}</error>`;
    case 'timed_out': {
      const tag = c.severity === 'critical' ? 'CRITICAL' : 'WARNING (optional)';
      return `<failure${attrs({ type: 'timeout', message: `${tag}: timed out after ${(c.timeoutMs / 1000).toFixed(1)} s${c.reason ? ` — ${c.reason}` : ''}` })}>${body()}</failure>`;
    }
    case 'failed': {
      const warning = c.severity !== 'critical';
      const type = warning ? 'warning' : 'failure';
      const message = `${warning ? 'WARNING (optional)' : 'CRITICAL'}: ${reason}`;
      return `<failure${attrs({ type, message })}>${body()}</failure>`;
    }
  }
}

function runProperties(result: RunResult): string {
  const rb = rollbackOf(result);
  const props: Record<string, string | undefined> = {
    'smokeguard.run_id': result.runId,
    'smokeguard.verdict': result.verdict,
    'smokeguard.abort_reason': result.abortReason,
    'smokeguard.version': result.tool.version,
    'smokeguard.base_url': result.target.baseUrl,
    'smokeguard.environment': result.target.environment,
    'smokeguard.deployment': result.target.deployment,
    'smokeguard.namespace': result.target.namespace,
    'smokeguard.decision': `${result.decision.action}${result.decision.mode ? ` (${result.decision.mode})` : ''}: ${result.decision.reason}`,
    'smokeguard.rollback': rb ? `${rb.status}${rb.reason ? `: ${rb.reason}` : ''}` : undefined,
    'smokeguard.deadline_reached': result.deadlineReached ? 'true' : undefined,
    'smokeguard.warnings': result.checks.filter((c) => c.severity === 'warning').map((c) => c.name).join(', ') || undefined,
    'smokeguard.dry_run': result.dryRun ? 'true' : undefined,
  };
  const lines = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => `      <property${attrs({ name, value })}/>`);
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

interface Counts { tests: number; failures: number; errors: number; skipped: number; timeMs: number }

function count(checks: CheckResult[]): Counts {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.status === 'failed' || c.status === 'timed_out').length,
    errors: checks.filter((c) => c.status === 'error').length,
    skipped: checks.filter((c) => c.status === 'skipped' || c.status === 'blocked').length,
    timeMs: wallMs(checks),
  };
}

/**
 * The suite's time is the wall time its checks spanned, from the first start to the last end:
 * they run concurrently, so the sum of their durations would exceed the run itself.
 */
function wallMs(checks: CheckResult[]): number {
  const starts = checks.flatMap((c) => (c.startedAt ? [Date.parse(c.startedAt)] : []));
  const ends = checks.flatMap((c) => (c.finishedAt ? [Date.parse(c.finishedAt)] : []));
  return starts.length && ends.length ? Math.max(0, Math.max(...ends) - Math.min(...starts)) : 0;
}

function suite(kind: CheckKind, checks: CheckResult[], result: RunResult, findings: Finding[]): string {
  const n = count(checks);
  const head = `  <testsuite${attrs({
    name: `smokeguard.${kind}`, tests: n.tests, failures: n.failures, errors: n.errors, skipped: n.skipped,
    time: seconds(n.timeMs), timestamp: antTimestamp(checks.find((c) => c.startedAt)?.startedAt ?? result.startedAt),
    id: `${result.runId}.${kind}`, package: 'smokeguard',
  })}>`;
  const cases = checks.map((c) => {
    const inner = outcomeElement(c, findingsFor(c, findings));
    const open = `    <testcase${attrs({ name: c.name, classname: `smokeguard.${kind}.${c.type}`, time: seconds(c.durationMs) })}`;
    return inner ? `${open}>\n      ${inner}\n    </testcase>` : `${open}/>`;
  });
  return [head, runProperties(result), ...cases, '  </testsuite>'].join('\n');
}

export function render(result: RunResult): string {
  const findings = findingsOfRun(result);
  const kinds = KINDS.filter((k) => result.checks.some((c) => c.kind === k));
  const total = count(result.checks);
  const suites = kinds.map((k) => suite(k, result.checks.filter((c) => c.kind === k), result, findings));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `smokeguard ${result.target.environment ?? ''}`.trim(), tests: total.tests, failures: total.failures, errors: total.errors, time: seconds(result.durationMs) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export { render as renderJunit };
